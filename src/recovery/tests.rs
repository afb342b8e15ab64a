#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{Duration, Utc};
use tokio::sync::mpsc;

use super::{dismiss, scan};
use crate::backend::Backend;
use crate::domain::{PitrTarget, TableName};
use crate::workflow::journal::StepState;
use crate::workflow::tests::harness::{context, sandbox, sandbox_scope};
use crate::workflow::{Answer, Operation, Question, StepStatus, WorkflowEvent, plan, run};

/// The interrupted runs in `dir`, as a console on the in-memory sandbox
/// sees them.
async fn scan_here(
    sb: &Arc<crate::sandbox::Sandbox>,
    dir: &std::path::Path,
) -> Vec<super::InterruptedRun> {
    scan(sb.as_ref(), &[dir.to_owned()], Some(&sandbox_scope()))
        .await
        .runs
}

/// Runs a PITR restore in place and kills it when step `stop_at` starts,
/// as a crash would. Returns the journal dir.
async fn crash_at(sb: &Arc<crate::sandbox::Sandbox>, stop_at: usize) -> tempfile::TempDir {
    crash_at_nth(sb, stop_at, 1).await
}

/// Kills the run at the `nth` Running report of step `stop_at` (2: while it
/// waits on AWS after its call), or when a later step starts.
async fn crash_at_nth(
    sb: &Arc<crate::sandbox::Sandbox>,
    stop_at: usize,
    nth: usize,
) -> tempfile::TempDir {
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
    };
    crash_op_at_nth(sb, op, stop_at, nth).await
}

/// `crash_at_nth` for any operation.
async fn crash_op_at_nth(
    sb: &Arc<crate::sandbox::Sandbox>,
    op: Operation,
    stop_at: usize,
    nth: usize,
) -> tempfile::TempDir {
    crash_journaled_as(sb, op, stop_at, nth, sandbox_scope()).await
}

/// `crash_op_at_nth`, with `scope` written in the journal as where it ran.
async fn crash_journaled_as(
    sb: &Arc<crate::sandbox::Sandbox>,
    op: Operation,
    stop_at: usize,
    nth: usize,
    scope: crate::backend::Scope,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context();
    ctx.journal_dir = Some(dir.path().to_owned());
    ctx.scope = Some(scope);
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan(&op, Utc::now()), ctx, tx));
    let mut seen = 0;
    while let Some(event) = rx.recv().await {
        match event {
            WorkflowEvent::Step {
                index,
                status: StepStatus::Running { .. },
                ..
            } if index >= stop_at => {
                seen += 1;
                if seen >= nth || index > stop_at {
                    task.abort();
                    break;
                }
            }
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                let answer = match question {
                    Question::TypeTableName { table, .. } => Answer::Typed(table),
                    Question::CleanupReview { items } => {
                        Answer::Delete(items.into_iter().map(|i| i.id).collect())
                    }
                    _ => Answer::Yes,
                };
                let _ = reply.send(answer);
            }
            _ => {}
        }
    }
    let _ = task.await;
    dir
}

#[tokio::test]
async fn a_run_killed_after_the_delete_shows_the_table_gone_and_where_its_data_is() {
    let sb = sandbox();
    let dir = crash_at(&sb, 7).await;

    let runs = scan_here(&sb, dir.path()).await;
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run.table, "orders");
    assert_eq!(run.label, "PITR restore in place");
    assert!(!run.cut_tail);
    for step in &run.steps[..7] {
        assert!(
            matches!(
                step.state,
                StepState::Done { .. } | StepState::Skipped { .. }
            ),
            "{step:?}"
        );
    }
    assert!(
        matches!(
            run.steps[7].state,
            StepState::Started | StepState::NotStarted
        ),
        "{:?}",
        run.steps[7]
    );
    let line = &run.data_now;
    assert!(line.contains("orders does not exist"), "{line}");
    assert!(line.contains("fallback backup orders--orig-"), "{line}");
    assert!(line.contains("AVAILABLE"), "{line}");
    // Most important first: the table, then its fallback.
    assert!(line.find("orders does not exist") < line.find("fallback backup"));
    assert!(line.find("fallback backup") < line.find("duplicate orders--dupe-"));
    assert!(line.contains("duplicate orders--dupe-"), "{line}");
    assert!(!line.contains("NO COPY"), "{line}");

    dismiss(&run.journal, Some(&sandbox_scope())).unwrap();
    assert!(scan_here(&sb, dir.path()).await.is_empty());
}

/// An account that cannot be read is not an empty account: the line says
/// it cannot tell, and why, instead of "does not exist · NO COPY FOUND".
#[tokio::test]
async fn an_account_that_cannot_be_read_says_it_cannot_tell_where_the_data_is() {
    let sb = sandbox();
    let dir = crash_at(&sb, 7).await;
    let no_login = || {
        crate::backend::BackendError::Credentials("no credentials found; run aws sso login".into())
    };
    for _ in 0..10 {
        sb.fail_next("describe_table", no_login());
        sb.fail_next("list_backups", no_login());
    }
    let runs = scan_here(&sb, dir.path()).await;
    let line = &runs[0].data_now;
    assert!(
        line.starts_with("Data now: cannot tell where the data is: no usable AWS credentials"),
        "{line}"
    );
    assert!(!line.contains("does not exist"), "{line}");
    assert!(!line.contains("NO COPY FOUND"), "{line}");

    // Only the table unreadable: the fallback found is the answer, and the
    // table is not said to be gone.
    let sb = sandbox();
    let dir = crash_at(&sb, 7).await;
    sb.fail_next("describe_table", no_login());
    let runs = scan_here(&sb, dir.path()).await;
    let line = &runs[0].data_now;
    assert!(line.contains("cannot tell whether orders exists"), "{line}");
    assert!(line.contains("fallback backup orders--orig-"), "{line}");
    assert!(
        !line.contains("does not exist") && !line.contains("NO COPY"),
        "{line}"
    );
}

#[tokio::test]
async fn a_step_cut_between_its_intent_and_its_result_is_checked_against_the_account() {
    let sb = sandbox();
    // Killed as the duplicate's backup starts: the duplicate exists.
    let dir = crash_at(&sb, 2).await;
    let runs = scan_here(&sb, dir.path()).await;
    let run = &runs[0];
    assert!(matches!(run.steps[0].state, StepState::Done { .. }));
    let line = &run.data_now;
    assert!(line.contains("in orders itself (ACTIVE)"), "{line}");

    // Cut the journal inside its last record, as a power cut would.
    let path = &run.journal;
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, &text[..text.len() - 10]).unwrap();
    let runs = scan_here(&sb, dir.path()).await;
    assert!(runs[0].cut_tail);
    // A dismissal after a cut line still ends the journal.
    dismiss(&runs[0].journal, Some(&sandbox_scope())).unwrap();
    assert!(scan_here(&sb, dir.path()).await.is_empty());
}

#[tokio::test]
async fn a_finished_run_is_not_interrupted_and_a_missing_dir_is_empty() {
    let sb = sandbox();
    let missing = tempfile::tempdir().unwrap().path().join("nothing-here");
    assert!(scan_here(&sb, &missing).await.is_empty());
}

/// Answers as an operator who goes on: yes, the right name, delete all.
async fn resume_and_answer(
    sb: &Arc<crate::sandbox::Sandbox>,
    journal: &std::path::Path,
) -> crate::workflow::Outcome {
    resume_as(sb, journal, context()).await
}

/// `resume_and_answer` with a console's own context.
async fn resume_as(
    sb: &Arc<crate::sandbox::Sandbox>,
    journal: &std::path::Path,
    mut ctx: crate::workflow::RunContext,
) -> crate::workflow::Outcome {
    let file = crate::workflow::journal::read(journal).unwrap();
    ctx.job = 8;
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(crate::workflow::resume(backend, file, ctx, tx));
    while let Some(event) = rx.recv().await {
        if let WorkflowEvent::Ask {
            question, reply, ..
        } = event
        {
            let answer = match question {
                Question::TypeTableName { table, .. } => Answer::Typed(table),
                Question::RemoveDeletionProtection { .. } => Answer::Yes,
                Question::CleanupReview { items } => {
                    Answer::Delete(items.into_iter().map(|i| i.id).collect())
                }
                other => panic!("unexpected question on resume: {other:?}"),
            };
            let _ = reply.send(answer);
        }
    }
    task.await.unwrap()
}

/// Drops the records that say AWS accepted the interrupted step's call, as
/// if the crash came between the call and its record.
fn forget_the_last_call(journal: &std::path::Path) {
    let text = std::fs::read_to_string(journal).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    while lines
        .last()
        .is_some_and(|l| l.contains(r#""record":"accepted""#))
    {
        lines.pop();
    }
    std::fs::write(journal, lines.join("\n") + "\n").unwrap();
}

#[tokio::test]
async fn a_pitr_restore_killed_at_any_step_resumes_to_the_right_end_without_doing_anything_twice() {
    // 13 planned steps and the three the settings diff adds (tags, TTL and
    // stream, which the restore drops), as the run numbers them.
    for step in 0..16 {
        for (nth, forget) in [(1, false), (2, false), (2, true)] {
            let sb = sandbox();
            let before = crate::workflow::tests::harness::resources(&sb).await;
            let settings = sb.describe_settings("orders").await.unwrap();
            let corrupted = sb.describe_table("orders").await.unwrap().item_count;
            let dir = crash_at_nth(&sb, step, nth).await;
            let journal = super::super::workflow::journal::list(dir.path()).unwrap()[0].clone();
            if forget {
                forget_the_last_call(&journal);
            }
            let outcome = resume_and_answer(&sb, &journal).await;
            let case = format!("killed at step {step} (report {nth}, forget {forget})");
            assert_eq!(
                outcome,
                crate::workflow::Outcome::Completed { remaining: vec![] },
                "{case}"
            );
            let orders = sb.describe_table("orders").await.unwrap();
            assert!(orders.item_count > corrupted * 2, "{case}");
            assert!(orders.deletion_protection, "{case}");
            let pitr = sb.describe_continuous_backups("orders").await.unwrap();
            assert_eq!(pitr.recovery_period_days, Some(35), "{case}");
            // Every setting back: tags, TTL, stream, PITR, protection…
            assert_eq!(
                sb.describe_settings("orders").await.unwrap(),
                settings,
                "{case}"
            );
            // Nothing left over, nothing created twice (a second backup or
            // duplicate would be left behind by the cleanup).
            assert_eq!(
                crate::workflow::tests::harness::resources(&sb).await,
                before,
                "{case}"
            );
            assert!(scan_here(&sb, dir.path()).await.is_empty(), "{case}");
        }
    }
}

#[tokio::test]
async fn an_aws_backup_restore_killed_at_any_step_resumes_without_a_second_restore_job() {
    use crate::domain::{JobKind, StorageClass};
    let steps = {
        let sb = sandbox();
        let op = warm_restore_of_parks(&sb).await;
        plan(&op, Utc::now()).steps.len()
    };
    assert!(steps >= 9, "{steps}");
    // …and the three steps the settings diff adds (tags, TTL, stream).
    for step in 0..steps + 3 {
        for (nth, forget) in [(1, false), (2, false), (2, true)] {
            let sb = sandbox();
            let before = crate::workflow::tests::harness::resources(&sb).await;
            let settings = sb.describe_settings("ParksAr").await.unwrap();
            let restores_before = restore_jobs(&sb).await;
            let op = warm_restore_of_parks(&sb).await;
            let dir = crash_op_at_nth(&sb, op, step, nth).await;
            let journal = super::super::workflow::journal::list(dir.path()).unwrap()[0].clone();
            if forget {
                forget_the_last_call(&journal);
            }
            let outcome = resume_and_answer(&sb, &journal).await;
            let case = format!("op 2 killed at step {step} (report {nth}, forget {forget})");
            assert_eq!(
                outcome,
                crate::workflow::Outcome::Completed { remaining: vec![] },
                "{case}"
            );
            let parks = sb.describe_table("ParksAr").await.unwrap();
            assert!(parks.deletion_protection, "{case}");
            let pitr = sb.describe_continuous_backups("ParksAr").await.unwrap();
            assert_eq!(pitr.recovery_period_days, Some(7), "{case}");
            let now = sb.describe_settings("ParksAr").await.unwrap();
            assert_eq!(
                (&now.tags, &now.ttl_attribute, &now.stream),
                (&settings.tags, &settings.ttl_attribute, &settings.stream),
                "{case}"
            );
            assert_eq!(
                crate::workflow::tests::harness::resources(&sb).await,
                before,
                "{case}"
            );
            assert_eq!(
                restore_jobs(&sb).await,
                restores_before + 1,
                "{case}: one restore job, never two"
            );
            assert!(scan_here(&sb, dir.path()).await.is_empty(), "{case}");
        }
    }

    async fn warm_restore_of_parks(sb: &Arc<crate::sandbox::Sandbox>) -> Operation {
        let arn = sb.describe_table("ParksAr").await.unwrap().arn;
        let point = sb
            .list_recovery_points(crate::sandbox::seed::VAULT, Some(&arn))
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.storage == StorageClass::Warm)
            .unwrap();
        Operation::AwsBackupInPlace {
            table: TableName::parse("ParksAr").unwrap(),
            recovery_point_arn: point.arn.into(),
            cold: false,
        }
    }

    async fn restore_jobs(sb: &Arc<crate::sandbox::Sandbox>) -> usize {
        sb.list_jobs()
            .await
            .unwrap()
            .iter()
            .filter(|j| j.kind == JobKind::Restore)
            .count()
    }
}

/// Operations 3 to 8, each killed when each of its steps starts (and while
/// it waits, and with the last call's record lost), then resumed: each ends
/// as a run that was never interrupted, having made what it makes once.
#[tokio::test]
async fn the_other_operations_killed_at_any_step_end_as_if_never_interrupted() {
    use crate::domain::{BackupStatus, JobKind, StorageClass, TableStatus};
    use crate::workflow::tests::harness::{resources, sandbox_at};
    // Slow enough that a step waits (and reports again) after its call, so
    // "killed after the call, before its record" really happens.
    let sandbox = || sandbox_at(2_000.0);

    /// What the operation leaves: names that appear, names that go.
    struct Case {
        op: Operation,
        appears: &'static [&'static str],
        goes: &'static [&'static str],
    }
    let cases = |sb: Arc<crate::sandbox::Sandbox>| async move {
        let orders_backup = sb.list_backups(Some("orders")).await.unwrap().remove(0).arn;
        let inventory = sb.describe_table("inventory").await.unwrap().arn;
        let point = sb
            .list_recovery_points(crate::sandbox::seed::VAULT, Some(&inventory))
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.storage == StorageClass::Warm)
            .unwrap()
            .arn;
        vec![
            Case {
                op: Operation::CreateBackup {
                    table: TableName::parse("ParksAr").unwrap(),
                },
                appears: &["backup:ParksAr--orig-"],
                goes: &[],
            },
            Case {
                op: Operation::RestoreFromBackup {
                    new_table: Default::default(),
                    backup_arn: orders_backup.into(),
                    target: TableName::parse("orders-copy").unwrap(),
                },
                appears: &["table:orders-copy"],
                goes: &[],
            },
            Case {
                op: Operation::RestoreFromRecoveryPoint {
                    new_table: Default::default(),
                    recovery_point_arn: point.into(),
                    target: TableName::parse("inventory-copy").unwrap(),
                    cold: false,
                },
                appears: &["table:inventory-copy"],
                goes: &[],
            },
            Case {
                op: Operation::DeleteTable {
                    table: TableName::parse("ParksAr").unwrap(),
                    fallback_backup: true,
                },
                appears: &["backup:ParksAr--orig-"],
                goes: &["table:ParksAr"],
            },
            Case {
                op: Operation::EnablePitr {
                    table: TableName::parse("legacy_reports").unwrap(),
                    recovery_period_days: 7,
                },
                appears: &[],
                goes: &[],
            },
            Case {
                op: Operation::EnableDeletionProtection {
                    table: TableName::parse("ParksAr").unwrap(),
                },
                appears: &[],
                goes: &[],
            },
        ]
    };
    let count = cases(sandbox()).await.len();
    for which in 0..count {
        let steps = {
            let sb = sandbox();
            let op = cases(sb).await.remove(which).op;
            plan(&op, Utc::now()).steps.len()
        };
        for step in 0..steps {
            for (nth, forget) in [(1, false), (2, false), (2, true)] {
                let sb = sandbox();
                let case = cases(sb.clone()).await.remove(which);
                let name = format!(
                    "{} killed at step {step} (report {nth}, forget {forget})",
                    case.op.label()
                );
                let before = resources(&sb).await;
                let restores = |jobs: Vec<crate::domain::Job>| {
                    jobs.iter().filter(|j| j.kind == JobKind::Restore).count()
                };
                let restores_before = restores(sb.list_jobs().await.unwrap());
                let dir = crash_op_at_nth(&sb, case.op.clone(), step, nth).await;
                // Killed as the step starts, the run is always interrupted;
                // killed at a second report, a one-step run may have ended.
                let interrupted = !scan_here(&sb, dir.path()).await.is_empty();
                assert!(interrupted || nth > 1, "{name}: not interrupted");
                if interrupted {
                    let journal =
                        super::super::workflow::journal::list(dir.path()).unwrap()[0].clone();
                    if forget {
                        forget_the_last_call(&journal);
                    }
                    let outcome = resume_and_answer(&sb, &journal).await;
                    assert!(
                        matches!(outcome, crate::workflow::Outcome::Completed { .. }),
                        "{name}: {outcome:?}"
                    );
                    assert!(scan_here(&sb, dir.path()).await.is_empty(), "{name}");
                }
                // Exactly what the operation makes, once; nothing else.
                let after = resources(&sb).await;
                let appeared: Vec<&String> = after.difference(&before).collect();
                let gone: Vec<&String> = before.difference(&after).collect();
                assert_eq!(appeared.len(), case.appears.len(), "{name}: {appeared:?}");
                for prefix in case.appears {
                    assert!(
                        appeared.iter().any(|a| a.starts_with(prefix)),
                        "{name}: {appeared:?}"
                    );
                }
                assert_eq!(gone, case.goes.to_vec(), "{name}");
                // `resources` names backups; two of one name would look like one.
                let backups = sb.list_backups(None).await.unwrap();
                for made in appeared.iter().filter_map(|a| a.strip_prefix("backup:")) {
                    let same: Vec<_> = backups.iter().filter(|b| b.name == made).collect();
                    assert_eq!(same.len(), 1, "{name}: {same:?}");
                    assert_eq!(same[0].status, BackupStatus::Available, "{name}");
                }
                for table in case.appears.iter().filter_map(|a| a.strip_prefix("table:")) {
                    let t = sb.describe_table(table).await.unwrap();
                    assert_eq!(t.status, TableStatus::Active, "{name}");
                }
                // One restore job for operation 5, never two; none otherwise.
                let started = restores(sb.list_jobs().await.unwrap()) - restores_before;
                let expected = usize::from(matches!(
                    case.op,
                    Operation::RestoreFromRecoveryPoint { .. }
                ));
                assert_eq!(started, expected, "{name}");
                match &case.op {
                    Operation::EnablePitr { table, .. } => {
                        let pitr = sb
                            .describe_continuous_backups(table.as_str())
                            .await
                            .unwrap();
                        assert_eq!(pitr.recovery_period_days, Some(7), "{name}");
                    }
                    Operation::EnableDeletionProtection { table } => {
                        assert!(
                            sb.describe_table(table.as_str())
                                .await
                                .unwrap()
                                .deletion_protection
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}

fn another_account() -> crate::backend::Scope {
    crate::backend::Scope {
        account: "999988887777".into(),
        ..sandbox_scope()
    }
}

fn pitr_on_orders(sb: &crate::sandbox::Sandbox) -> Operation {
    Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
    }
}

#[tokio::test]
async fn a_run_of_another_account_is_listed_unprobed_and_never_resumed_or_dismissed_here() {
    let sb = sandbox();
    // Killed after it deleted orders, in "another account".
    let dir = crash_journaled_as(&sb, pitr_on_orders(&sb), 7, 1, another_account()).await;
    let before = crate::workflow::tests::harness::resources(&sb).await;
    let runs = scan_here(&sb, dir.path()).await;
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    match &run.availability {
        super::Availability::Elsewhere(scope) => {
            assert!(scope.contains("999988887777"), "{scope}");
        }
        other => panic!("{other:?}"),
    }
    // Not checked against this account: its tables are not the run's.
    assert!(run.data_now.contains("switch there"), "{}", run.data_now);
    assert!(!run.data_now.contains("orders itself"), "{}", run.data_now);
    assert!(run.steps.iter().all(|s| s.aws_now.is_none()));

    let outcome = resume_and_answer(&sb, &run.journal).await;
    match outcome {
        crate::workflow::Outcome::Refused { reason } => {
            assert!(reason.contains("999988887777"), "{reason}");
            assert!(reason.contains("switch there"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        crate::workflow::tests::harness::resources(&sb).await,
        before
    );
    assert!(dismiss(&run.journal, Some(&sandbox_scope())).is_err());
    let text = std::fs::read_to_string(&run.journal).unwrap();
    assert!(
        !text.contains("resumed") && !text.contains("dismissed"),
        "{text}"
    );
    // Where it ran, it is resumable.
    let there = scan(
        sb.as_ref(),
        &[dir.path().to_owned()],
        Some(&another_account()),
    )
    .await;
    assert_eq!(there.runs[0].availability, super::Availability::Here);
}

#[tokio::test]
async fn a_console_with_another_scope_cannot_resume_even_when_the_account_matches() {
    let sb = sandbox();
    let dir = crash_at(&sb, 3).await;
    let journal = crate::workflow::journal::list(dir.path())
        .unwrap()
        .remove(0);
    // A console on another region of the same account.
    let mut ctx = context();
    ctx.scope = Some(crate::backend::Scope {
        region: "eu-west-1".into(),
        ..sandbox_scope()
    });
    let outcome = resume_as(&sb, &journal, ctx).await;
    assert!(
        matches!(&outcome, crate::workflow::Outcome::Refused { reason } if reason.contains("switch there")),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_journal_held_by_a_live_run_is_shown_running_and_cannot_be_taken() {
    let sb = sandbox();
    let dir = crash_at(&sb, 3).await;
    let path = crate::workflow::journal::list(dir.path())
        .unwrap()
        .remove(0);
    // Another console's live run holds it.
    let held = crate::workflow::journal::Journal::open(&path).unwrap();
    let runs = scan_here(&sb, dir.path()).await;
    assert_eq!(runs[0].availability, super::Availability::OtherConsole);
    assert!(runs[0].steps.iter().all(|s| s.aws_now.is_none()));
    let outcome = resume_and_answer(&sb, &path).await;
    assert!(
        matches!(&outcome, crate::workflow::Outcome::Refused { reason } if reason.contains("another console")),
        "{outcome:?}"
    );
    assert!(dismiss(&path, Some(&sandbox_scope())).is_err());
    drop(held);
    // Once that console is gone, it is this one's to resume.
    assert_eq!(
        scan_here(&sb, dir.path()).await[0].availability,
        super::Availability::Here
    );
    assert_eq!(
        resume_and_answer(&sb, &path).await,
        crate::workflow::Outcome::Completed { remaining: vec![] }
    );
}

#[tokio::test]
async fn two_resumes_of_one_run_at_once_send_its_calls_once() {
    let sb = sandbox();
    let dir = crash_at(&sb, 5).await;
    let path = crate::workflow::journal::list(dir.path())
        .unwrap()
        .remove(0);
    let (a, b) = tokio::join!(resume_and_answer(&sb, &path), resume_and_answer(&sb, &path));
    let refused = [&a, &b]
        .iter()
        .filter(|o| matches!(o, crate::workflow::Outcome::Refused { .. }))
        .count();
    assert_eq!(refused, 1, "{a:?} / {b:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(r#""record":"resumed""#).count(), 1);
    assert_eq!(text.matches(r#""record":"outcome""#).count(), 1);
}

#[tokio::test]
async fn journals_of_older_versions_and_unreadable_ones_are_listed_never_resumed() {
    let sb = sandbox();
    let dir = crash_at(&sb, 3).await;
    let path = crate::workflow::journal::list(dir.path())
        .unwrap()
        .remove(0);
    // As an older version wrote it: no scope in its first record.
    let text = std::fs::read_to_string(&path).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    let mut started: serde_json::Value = serde_json::from_str(first).unwrap();
    started.as_object_mut().unwrap().remove("scope");
    std::fs::write(&path, format!("{started}\n{rest}")).unwrap();
    std::fs::write(
        dir.path().join("20260101T000000Z-x-job1.jsonl"),
        "garbage\n",
    )
    .unwrap();

    let found = scan(
        sb.as_ref(),
        &[dir.path().to_owned()],
        Some(&sandbox_scope()),
    )
    .await;
    assert_eq!(found.runs.len(), 1);
    assert_eq!(found.runs[0].availability, super::Availability::Unrecorded);
    assert_eq!(found.unreadable.len(), 1, "{found:?}");
    assert!(found.unreadable[0].why.contains("first record"));
    assert!(matches!(
        resume_and_answer(&sb, &path).await,
        crate::workflow::Outcome::Refused { .. }
    ));
    // It can be dismissed, since nothing says where it belongs.
    dismiss(&path, Some(&sandbox_scope())).unwrap();
    assert!(scan_here(&sb, dir.path()).await.is_empty());
}

#[tokio::test]
async fn a_backup_job_killed_while_followed_resumes_without_a_second_job() {
    use crate::domain::{JobKind, JobStatus, LifecycleDays};
    for (nth, forget) in [(1, false), (2, false), (2, true), (4, true)] {
        // Slow enough that the job is still running when the run is killed.
        let sb = crate::workflow::tests::harness::sandbox_at(1e3);
        let arn = sb.describe_table("orders").await.unwrap().arn;
        let jobs_of = |jobs: Vec<crate::domain::Job>| {
            jobs.into_iter()
                .filter(|j| j.kind == JobKind::Backup && j.resource_arn.as_deref() == Some(&arn))
                .collect::<Vec<_>>()
        };
        let before = jobs_of(sb.list_jobs().await.unwrap()).len();
        let op = Operation::BackupWithAwsBackup {
            table: TableName::parse("orders").unwrap(),
            lifecycle: LifecycleDays {
                cold_after_days: None,
                delete_after_days: Some(35),
            },
            vault: crate::sandbox::seed::VAULT.to_owned(),
        };
        let dir = crash_op_at_nth(&sb, op, 0, nth).await;
        let journal = super::super::workflow::journal::list(dir.path()).unwrap()[0].clone();
        if forget {
            forget_the_last_call(&journal);
        }
        let case = format!("killed at report {nth}, forget {forget}");
        // The start-up scan shows it interrupted, with the table.
        let runs = scan_here(&sb, dir.path()).await;
        assert_eq!(runs.len(), 1, "{case}");
        let outcome = resume_and_answer(&sb, &journal).await;
        assert_eq!(
            outcome,
            crate::workflow::Outcome::Completed { remaining: vec![] },
            "{case}"
        );
        let jobs = jobs_of(sb.list_jobs().await.unwrap());
        assert_eq!(jobs.len(), before + 1, "{case}: one backup job, never two");
        let job = jobs.iter().max_by_key(|j| j.created_at).unwrap();
        assert_eq!(job.status, JobStatus::Completed, "{case}");
        let point = job.recovery_point_arn.clone().unwrap();
        let points = sb
            .list_recovery_points(crate::sandbox::seed::VAULT, Some(&arn))
            .await
            .unwrap();
        let point = points.iter().find(|p| p.arn == point).unwrap();
        assert_eq!(point.lifecycle.delete_after_days, Some(35), "{case}");
        assert!(scan_here(&sb, dir.path()).await.is_empty(), "{case}");
    }
}

#[tokio::test]
async fn a_copy_job_killed_while_followed_resumes_without_a_second_job() {
    use crate::domain::{JobKind, JobStatus, LifecycleDays, RecoveryPointStatus};
    use crate::sandbox::seed;
    for (nth, forget) in [(1, false), (2, false), (2, true), (4, true)] {
        // Slow enough that the job is still running when the run is killed.
        let sb = crate::workflow::tests::harness::sandbox_at(1e3);
        let point = sb
            .list_recovery_points(seed::VAULT, None)
            .await
            .unwrap()
            .into_iter()
            .find(|p| {
                p.resource_arn.ends_with("table/orders")
                    && p.status == RecoveryPointStatus::Completed
            })
            .unwrap()
            .arn;
        let copies_of = |jobs: Vec<crate::domain::Job>| {
            jobs.into_iter()
                .filter(|j| {
                    j.kind == JobKind::Copy && j.recovery_point_arn.as_deref() == Some(&point)
                })
                .collect::<Vec<_>>()
        };
        let op = Operation::CopyToRegion {
            table: TableName::parse("orders").unwrap(),
            point: point.as_str().into(),
            source_vault: seed::VAULT.to_owned(),
            destination: format!(
                "arn:aws:backup:{}:{}:backup-vault:{}",
                seed::DR_REGION,
                seed::ACCOUNT,
                seed::DR_VAULT
            ),
            lifecycle: LifecycleDays::NEVER,
        };
        let dir = crash_op_at_nth(&sb, op, 0, nth).await;
        let journal = super::super::workflow::journal::list(dir.path()).unwrap()[0].clone();
        if forget {
            forget_the_last_call(&journal);
        }
        let case = format!("killed at report {nth}, forget {forget}");
        let runs = scan_here(&sb, dir.path()).await;
        assert_eq!(runs.len(), 1, "{case}");
        let outcome = resume_and_answer(&sb, &journal).await;
        assert_eq!(
            outcome,
            crate::workflow::Outcome::Completed { remaining: vec![] },
            "{case}"
        );
        let jobs = copies_of(sb.list_jobs().await.unwrap());
        assert_eq!(jobs.len(), 1, "{case}: one copy job, never two");
        assert_eq!(jobs[0].status, JobStatus::Completed, "{case}");
        let copy = jobs[0].created_resource_arn.clone().unwrap();
        let there = sb.in_region(seed::DR_REGION).await.unwrap();
        let listed = there
            .list_recovery_points(seed::DR_VAULT, None)
            .await
            .unwrap();
        assert!(listed.iter().any(|p| p.arn == copy), "{case}");
        assert!(scan_here(&sb, dir.path()).await.is_empty(), "{case}");
    }
}
