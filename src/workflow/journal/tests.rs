#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Duration;

use super::{Record, StepState, parse, read};
use crate::domain::{PitrTarget, TableName};
use crate::workflow::tests::harness::{Operator, context, drive, resources, sandbox};
use crate::workflow::{Answer, Operation, Outcome, Question};

fn journaled(dir: &std::path::Path) -> Operator {
    let mut ctx = context();
    ctx.journal_dir = Some(dir.to_owned());
    Operator {
        context: ctx,
        ..Operator::default()
    }
}

async fn pitr_run(dir: &std::path::Path) -> std::path::PathBuf {
    let sb = sandbox();
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
    };
    let report = drive(&sb, op, journaled(dir)).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let files = super::list(dir).unwrap();
    assert_eq!(files.len(), 1, "one journal per run: {files:?}");
    files[0].clone()
}

/// Position of the first record matching `pred`.
fn position(records: &[Record], pred: impl Fn(&Record) -> bool) -> Option<usize> {
    records.iter().position(pred)
}

#[tokio::test]
async fn a_run_journals_each_intent_before_its_calls_and_each_result_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = pitr_run(dir.path()).await;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with("-orders-job7.jsonl"), "{name}");

    let journal = read(&path).unwrap();
    assert!(!journal.cut_tail);
    assert!(journal.finished());
    let records: Vec<Record> = journal.entries.iter().map(|e| e.record.clone()).collect();
    assert!(matches!(
        records.first(),
        Some(Record::Started { job: 7, .. })
    ));
    assert!(matches!(
        records.last(),
        Some(Record::Outcome {
            outcome: Outcome::Completed { .. }
        })
    ));
    let steps = journal.steps();
    // 13 planned steps, three settings re-applied, three cleanup deletions.
    assert_eq!(steps.len(), 19);
    for (index, (plan, state)) in steps.iter().enumerate() {
        let intent = position(
            &records,
            |r| matches!(r, Record::Intent { step, .. } if *step == index),
        )
        .unwrap_or_else(|| panic!("no intent for step {index} {}", plan.title));
        let done = position(&records, |r| {
            matches!(r, Record::Done { step, .. } | Record::Skipped { step, .. } if *step == index)
        })
        .unwrap_or_else(|| panic!("no result for step {index}"));
        assert!(intent < done, "step {index}: intent after its result");
        if let Some(accepted) = position(
            &records,
            |r| matches!(r, Record::Accepted { step, .. } if *step == index),
        ) {
            assert!(intent < accepted && accepted < done, "step {index}");
        }
        // No step starts before the previous one ended.
        if index > 0 {
            let previous_end = position(&records, |r| {
                matches!(r, Record::Done { step, .. } | Record::Skipped { step, .. } if *step == index - 1)
            })
            .unwrap();
            assert!(previous_end < intent, "step {index} started early");
        }
        assert!(
            matches!(state, StepState::Done { .. } | StepState::Skipped { .. }),
            "step {index}: {state:?}"
        );
    }
    // The names AWS returned are kept: the ARNs of both backups.
    let ledger = journal.ledger();
    assert_eq!(ledger.backups.len(), 2);
    assert!(
        ledger
            .backups
            .iter()
            .all(|b| b.arn.as_str().starts_with("arn:aws:dynamodb"))
    );
    // The operator's answers are journaled with their step.
    let answers: Vec<(Option<usize>, Question, Answer)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Answer {
                step,
                question,
                answer,
            } => Some((*step, question.clone(), answer.clone())),
            _ => None,
        })
        .collect();
    assert!(answers.iter().any(|(step, q, a)| *step == Some(5)
        && matches!(q, Question::RemoveDeletionProtection { .. })
        && *a == Answer::Yes));
    assert!(answers.iter().any(|(step, q, a)| *step == Some(6)
        && matches!(q, Question::TypeTableName { .. })
        && *a == Answer::Typed("orders".into())));
}

#[tokio::test]
async fn a_journal_cut_anywhere_reads_up_to_its_last_whole_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = pitr_run(dir.path()).await;
    let bytes = std::fs::read(&path).unwrap();
    let whole = read(&path).unwrap().entries;
    let mut previous = 0;
    // Every line's end and the bytes around it, and a byte in every 17.
    let cuts = (0..bytes.len()).filter(|&i| {
        i % 17 == 0 || (i.saturating_sub(2)..(i + 3).min(bytes.len())).any(|j| bytes[j] == b'\n')
    });
    for cut in cuts {
        let (entries, cut_tail) = parse(&String::from_utf8_lossy(&bytes[..cut]));
        // Only the newline missing: the record is whole.
        let whole_record = cut == 0 || bytes[cut - 1] == b'\n' || bytes[cut] == b'\n';
        assert_eq!(cut_tail, !whole_record, "cut at byte {cut}");
        assert!(entries.len() >= previous);
        assert_eq!(entries[..], whole[..entries.len()]);
        previous = entries.len();
    }
}

#[test]
fn a_truncated_journal_file_reports_the_cut_and_keeps_the_records_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.jsonl");
    let text = concat!(
        r#"{"at":"2026-11-22T03:00:00Z","record":"skipped","step":0,"why":"a"}"#,
        "\n",
        r#"{"at":"2026-11-22T03:00:01Z","record":"skipped","step":1,"why":"b"}"#,
        "\n",
        r#"{"at":"2026-11-22T03:00:02Z","record":"intent","step":2,"tit"#
    );
    std::fs::write(&path, text).unwrap();
    let journal = read(&path).unwrap();
    assert!(journal.cut_tail);
    assert_eq!(journal.entries.len(), 2);
    assert!(!journal.finished());

    std::fs::write(&path, &text[..text.rfind('\n').unwrap() + 1]).unwrap();
    let journal = read(&path).unwrap();
    assert!(!journal.cut_tail);
    assert_eq!(journal.entries.len(), 2);
}

#[tokio::test]
async fn a_run_whose_journal_cannot_be_written_is_refused_before_any_call() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the journal directory should be.
    let blocked = dir.path().join("journal");
    std::fs::write(&blocked, "not a directory").unwrap();
    let sb = sandbox();
    let before = resources(&sb).await;
    let op = Operation::CreateBackup {
        table: TableName::parse("orders").unwrap(),
    };
    let report = drive(&sb, op, journaled(&blocked)).await;
    match report.outcome {
        Outcome::Refused { reason } => assert!(reason.contains("journal"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(resources(&sb).await, before);
}

/// The records of a whole PITR restore in place, in order.
async fn pitr_records(dir: &std::path::Path) -> Vec<Record> {
    let path = pitr_run(dir).await;
    read(&path)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.record)
        .collect()
}

#[tokio::test]
async fn a_record_lost_to_a_full_disk_is_cut_back_and_the_run_sends_nothing_more() {
    // Where the first Accepted record (the duplicate's ARN) falls.
    let first = tempfile::tempdir().unwrap();
    let records = pitr_records(first.path()).await;
    let accepted = records
        .iter()
        .position(|r| matches!(r, Record::Accepted { step: 0, .. }))
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox();
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
    };
    // The disk fills up in the middle of that record.
    super::writer::faults::fail_after(accepted);
    let report = drive(&sb, op, journaled(dir.path())).await;
    assert!(
        matches!(report.outcome, Outcome::Failed { .. }),
        "{:?}",
        report.outcome
    );
    let path = super::list(dir.path()).unwrap().remove(0);
    let journal = read(&path).unwrap();
    // The half line was cut off: the file ends on its last whole record,
    // and nothing was written after the lost one.
    assert!(!journal.cut_tail, "a half record was left in the journal");
    assert_eq!(journal.entries.len(), accepted);
    assert!(!journal.finished(), "left for the next launch to reconcile");
    assert_eq!(journal.steps()[0].1, StepState::Started);
    // The duplicate was made (its call had been sent); nothing after it.
    let now = resources(&sb).await;
    assert!(now.iter().any(|r| r.contains("orders--dupe-")), "{now:?}");
    assert!(
        !now.iter().any(|r| r.contains("orders--orig-")),
        "a backup was started after the journal lost a record: {now:?}"
    );
}

#[test]
fn a_journal_is_owned_by_one_run_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = Record::Dismissed { why: "x".into() };
    let journal = super::Journal::create(dir.path(), "a.jsonl", first).unwrap();
    let path = journal.path().to_owned();
    assert!(super::is_held(&path));
    assert!(matches!(
        super::Journal::open(&path),
        Err(super::OpenError::Busy)
    ));
    drop(journal);
    assert!(!super::is_held(&path));
    let again = super::Journal::open(&path).unwrap();
    again.append(Record::Dismissed { why: "y".into() }).unwrap();
    assert_eq!(read(&path).unwrap().entries.len(), 2);
    // A second run can never create the same journal.
    assert!(
        super::Journal::create(dir.path(), "a.jsonl", Record::Dismissed { why: "z".into() })
            .is_err()
    );
}

#[tokio::test]
async fn a_journal_names_the_backend_account_region_and_endpoint_it_ran_against() {
    let dir = tempfile::tempdir().unwrap();
    let path = pitr_run(dir.path()).await;
    let journal = read(&path).unwrap();
    let scope = journal.scope().unwrap();
    assert_eq!(*scope, crate::workflow::tests::harness::sandbox_scope());
    // Private: account ids, ARNs and item keys.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // No hidden partial file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[tokio::test]
async fn a_run_that_cannot_tell_its_account_is_not_journaled_nor_started() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox();
    let before = resources(&sb).await;
    let mut operator = journaled(dir.path());
    operator.context.scope = None;
    let op = Operation::CreateBackup {
        table: TableName::parse("orders").unwrap(),
    };
    let report = drive(&sb, op, operator).await;
    assert!(
        matches!(&report.outcome, Outcome::Refused { reason } if reason.contains("account")),
        "{:?}",
        report.outcome
    );
    assert_eq!(resources(&sb).await, before);
}

#[tokio::test]
async fn a_bug_that_panics_mid_step_fails_that_step_in_the_journal_and_ends_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox();
    sb.panic_next("create_backup");
    let op = Operation::CreateBackup {
        table: TableName::parse("orders").unwrap(),
    };
    let report = drive(&sb, op, journaled(dir.path())).await;
    let Outcome::Failed { step, error, .. } = &report.outcome else {
        panic!("{:?}", report.outcome);
    };
    assert!(error.contains("internal error"), "{error}");
    assert!(error.contains("injected panic in create_backup"), "{error}");
    assert!(
        report
            .statuses
            .get(*step)
            .is_some_and(|s| matches!(s, crate::workflow::StepStatus::Failed { .. })),
        "{:?}",
        report.statuses
    );
    let journal = read(&super::list(dir.path()).unwrap()[0]).unwrap();
    assert!(journal.finished(), "the journal holds the run's end");
    assert!(matches!(
        &journal.steps()[*step].1,
        StepState::Failed { error } if error.contains("internal error")
    ));
    // The lock went with the run.
    assert!(!super::is_held(&journal.path));
}

/// Six records as the version before typed names and ARNs wrote them
/// (serialized then, copied here verbatim): two restores' plans, three
/// intents and a ledger.
const OLD_RECORDS: &str = r#"{"at":"2025-01-28T08:29:20Z","record":"started","job":3,"plan":{"operation":{"RestoreFromBackup":{"backup_arn":"arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01738052960000-000001","target":"orders-restored"}},"steps":[{"title":"Restore the backup as orders-restored","api":["RestoreTableFromBackup","DescribeTable"],"creates":["orders-restored"],"deletes":[],"estimate":{"secs":300,"nanos":0},"action":{"RestoreFromBackup":{"target":"orders-restored","backup_arn":"arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01738052960000-000001"}}}],"stamp":"2025-01-28T08:29:20Z"}}
{"at":"2025-01-28T08:29:20Z","record":"started","job":3,"plan":{"operation":{"RestoreFromRecoveryPoint":{"recovery_point_arn":"arn:aws:backup:us-east-1:123456789012:recovery-point:1a2b3c4d","target":"orders-copy"}},"steps":[{"title":"Restore orders-copy from the AWS Backup recovery point (~20m from warm storage)","api":["StartRestoreJob","DescribeRestoreJob","DescribeTable"],"creates":["orders-copy"],"deletes":[],"estimate":{"secs":1200,"nanos":0},"action":{"RestoreFromRecoveryPoint":{"target":"orders-copy","recovery_point_arn":"arn:aws:backup:us-east-1:123456789012:recovery-point:1a2b3c4d"}}}],"stamp":"2025-01-28T08:29:20Z"}}
{"at":"2025-01-28T08:29:20Z","record":"intent","step":0,"title":"t","action":{"Duplicate":{"source":"orders","target":"orders--dupe-Jan-28-2025-08-29-20","at":"Latest"}},"creates":[],"deletes":[]}
{"at":"2025-01-28T08:29:20Z","record":"intent","step":0,"title":"t","action":{"DeleteTemporaryBackup":{"backup_arn":"arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01738052960000-000001","backup_name":"orders--orig-Jan-28-2025-08-29-20"}},"creates":[],"deletes":[]}
{"at":"2025-01-28T08:29:20Z","record":"intent","step":0,"title":"t","action":{"Verify":{"restored":"orders","duplicate":"orders--dupe-Jan-28-2025-08-29-20"}},"creates":[],"deletes":[]}
{"at":"2025-01-28T08:29:20Z","record":"done","step":0,"detail":null,"ledger":{"facts":{"recovery_period_days":null,"cold":false},"duplicate_table":"orders--dupe-Jan-28-2025-08-29-20","duplicate_source":"orders","backups":[{"arn":"arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01738052960000-000001","name":"orders--orig-Jan-28-2025-08-29-20","table":"orders","of":"Original"}],"restores_started":["orders"],"restore_job":"job-1","protection_removed":["orders"],"deleting":["orders"],"fallback_declined":false,"settings":null,"verified_equal":false}}"#;

#[test]
fn a_journal_written_before_names_and_arns_were_typed_reads_into_the_types() {
    use crate::domain::{BackupArn, RecoveryPointArn};
    use crate::workflow::StepAction;
    let (entries, cut) = parse(OLD_RECORDS);
    assert!(!cut);
    assert_eq!(entries.len(), 6);
    let name = |s: &str| TableName::parse(s).unwrap();
    let backup = BackupArn::from(
        "arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01738052960000-000001",
    );
    let dupe = name("orders--dupe-Jan-28-2025-08-29-20");
    let Record::Started { plan, .. } = &entries[0].record else {
        panic!("{:?}", entries[0])
    };
    assert_eq!(
        plan.operation,
        Operation::RestoreFromBackup {
            new_table: Default::default(),
            backup_arn: backup.clone(),
            target: name("orders-restored"),
        }
    );
    let Record::Started { plan, .. } = &entries[1].record else {
        panic!("{:?}", entries[1])
    };
    assert_eq!(
        plan.operation,
        Operation::RestoreFromRecoveryPoint {
            new_table: Default::default(),
            recovery_point_arn: RecoveryPointArn::from(
                "arn:aws:backup:us-east-1:123456789012:recovery-point:1a2b3c4d"
            ),
            target: name("orders-copy"),
            cold: false,
        }
    );
    let actions: Vec<&StepAction> = entries[2..5]
        .iter()
        .filter_map(|e| match &e.record {
            Record::Intent { action, .. } => Some(action),
            _ => None,
        })
        .collect();
    assert_eq!(
        actions,
        [
            &StepAction::Duplicate {
                source: name("orders"),
                target: dupe.clone(),
                at: PitrTarget::Latest,
            },
            &StepAction::DeleteTemporaryBackup {
                backup_arn: backup.clone(),
                backup_name: "orders--orig-Jan-28-2025-08-29-20".into(),
            },
            &StepAction::Verify {
                restored: name("orders"),
                duplicate: dupe.clone(),
            },
        ]
    );
    let Record::Done { ledger, .. } = &entries[5].record else {
        panic!("{:?}", entries[5])
    };
    assert_eq!(ledger.duplicate_table, Some(dupe));
    assert_eq!(ledger.duplicate_source, Some(name("orders")));
    assert_eq!(ledger.backups[0].arn, backup);
    assert_eq!(ledger.backups[0].table, name("orders"));
    assert_eq!(ledger.restores_started, [name("orders")]);
    assert_eq!(ledger.protection_removed, [name("orders")]);
    assert_eq!(ledger.deleting, [name("orders")]);
    // Written again, each record is the line it was read from.
    for (entry, line) in entries.iter().zip(OLD_RECORDS.lines()) {
        assert_eq!(serde_json::to_string(entry).unwrap(), line);
    }
}
