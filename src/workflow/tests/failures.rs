//! A failure at each step of operations 1 and 2: the plan stops there, the
//! original data still exists (as the table or its `--orig` backup), and the
//! cleanup review lists exactly what the run created.

use std::sync::Arc;

use chrono::Duration;

use super::harness::{
    Cleanup, Operator, Report, drive, resource_of, resources, sandbox, sandbox_at,
};
use crate::backend::Backend;
use crate::domain::{BackupStatus, PitrTarget, StorageClass, TableName, TableStatus};
use crate::sandbox::{Sandbox, TableData, seed};
use crate::workflow::{Answer, CleanupKind, Operation, Outcome, StepAction, StepStatus};

/// Indices as the run has them: the settings diff (step 8) adds a step for
/// each of the three settings the restore dropped (tags, TTL, stream).
const PITR_CASES: &[(usize, &str)] = &[
    (0, "restore_table_to_point_in_time"),
    (0, "describe_table"),
    (1, "create_backup"),
    (2, "create_backup"),
    (3, "describe_backup"),
    (4, "describe_settings"),
    (5, "describe_table"),
    (5, "set_deletion_protection"),
    (6, "describe_backup"),
    (6, "delete_table"),
    (6, "describe_table"),
    (7, "restore_table_from_backup"),
    (7, "describe_table"),
    (8, "describe_settings"),
    (9, "apply_setting"),
    (11, "describe_settings"),
    (12, "update_continuous_backups"),
    (13, "set_deletion_protection"),
    (14, "describe_key_schema"),
    (14, "scan_segment"),
];

const AWS_BACKUP_CASES: &[(usize, &str)] = &[
    (0, "describe_settings"),
    (1, "create_backup"),
    (1, "describe_backup"),
    (2, "describe_table"),
    (2, "set_deletion_protection"),
    (3, "describe_backup"),
    (3, "delete_table"),
    (3, "describe_table"),
    (4, "start_restore_job"),
    (4, "describe_restore_job"),
    (4, "describe_table"),
    (5, "describe_settings"),
    (6, "apply_setting"),
    (9, "update_continuous_backups"),
    (10, "set_deletion_protection"),
];

fn pitr_op(sb: &Sandbox) -> Operation {
    Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
    }
}

async fn aws_backup_op(sb: &Sandbox) -> Operation {
    let arn = sb.describe_table("orders").await.unwrap().arn;
    let point = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.storage == StorageClass::Warm)
        .unwrap();
    Operation::AwsBackupInPlace {
        table: TableName::parse("orders").unwrap(),
        recovery_point_arn: point.arn.into(),
        cold: false,
    }
}

/// Runs `op` with a fault at `(step, method)` and checks what must hold.
async fn fail_at(sb: &Arc<Sandbox>, op: Operation, step: usize, method: &'static str) {
    let case = format!("step {step}, {method}");
    let before: TableData = sb.table_data("orders").unwrap();
    let report = drive(sb, op, Operator::failing(step, method)).await;

    // The plan stopped at the failed step, and nothing after it ran.
    let Outcome::Failed {
        step: failed,
        error,
        ..
    } = &report.outcome
    else {
        panic!("{case}: {:?}", report.outcome)
    };
    assert_eq!(*failed, step, "{case}: {error}");
    assert!(
        error.contains("injected failure") || error.contains("refusing to delete"),
        "{case}: {error}"
    );
    assert!(
        matches!(report.status_of(step), StepStatus::Failed { .. }),
        "{case}"
    );
    let review_at = report
        .steps
        .iter()
        .position(|s| s.action == StepAction::CleanupReview)
        .unwrap();
    for i in 0..step {
        let s = report.status_of(i);
        assert!(
            matches!(s, StepStatus::Done { .. } | StepStatus::Skipped { .. }),
            "{case}: step {i} {s:?}"
        );
    }
    for i in step + 1..review_at {
        assert!(
            matches!(report.status_of(i), StepStatus::Skipped { .. }),
            "{case}: step {i}"
        );
    }

    check_review(sb, &report, &case).await;
    check_nothing_lost(sb, &report, before, &case).await;
}

/// The review listed exactly the temporary resources that appeared.
async fn check_review(sb: &Sandbox, report: &Report, case: &str) {
    match report.reviews.as_slice() {
        [] => {
            let review = report.statuses.last();
            assert!(
                matches!(review, Some(StepStatus::Skipped { .. })),
                "{case}: {review:?}"
            );
            let now = resources(sb).await;
            let appeared: Vec<&String> = now.difference(&report.before).collect();
            assert!(appeared.is_empty(), "{case}: unreviewed {appeared:?}");
        }
        [review] => {
            let mut listed: Vec<String> = review.items.iter().map(resource_of).collect();
            listed.sort();
            let expected: Vec<String> = review
                .appeared
                .iter()
                .filter(|n| *n != "table:orders")
                .cloned()
                .collect();
            assert_eq!(listed, expected, "{case}");
            assert!(!listed.is_empty(), "{case}");
        }
        more => panic!("{case}: {} reviews", more.len()),
    }
}

/// The table as it was before the run, or its `--orig` backup, still exists
/// — unless the operator deleted that backup once the table was back.
async fn check_nothing_lost(sb: &Sandbox, report: &Report, before: TableData, case: &str) {
    let items = report
        .reviews
        .first()
        .map(|r| r.items.clone())
        .unwrap_or_default();
    let backups = sb.list_backups(Some("orders")).await.unwrap();
    for item in items.iter().filter(|i| !i.deletable) {
        // Operation 1 offers nothing until the restored table verified equal.
        if item.why.contains("has not verified equal") {
            continue;
        }
        assert_eq!(item.kind, CleanupKind::OriginalBackup, "{case}");
        assert!(item.why.contains("only copy"), "{case}: {}", item.why);
        assert!(
            backups
                .iter()
                .any(|b| b.name == item.name && b.status == BackupStatus::Available),
            "{case}: the only copy {} was deleted",
            item.name
        );
    }
    let table_intact = sb.table_data("orders") == Some(before);
    let orig_kept = backups
        .iter()
        .any(|b| b.name.starts_with("orders--orig-") && b.size_bytes == Some(before.size_bytes));
    let orig_deleted_on_purpose = items
        .iter()
        .any(|i| i.kind == CleanupKind::OriginalBackup && i.deletable);
    let table_back =
        matches!(sb.describe_table("orders").await, Ok(t) if t.status == TableStatus::Active);
    assert!(
        table_intact || orig_kept || (orig_deleted_on_purpose && table_back),
        "{case}: the original data is gone"
    );
}

#[tokio::test]
async fn pitr_in_place_stops_safely_at_a_failure_in_every_step() {
    for &(step, method) in PITR_CASES {
        let sb = sandbox();
        let op = pitr_op(&sb);
        fail_at(&sb, op, step, method).await;
    }
}

#[tokio::test]
async fn aws_backup_in_place_stops_safely_at_a_failure_in_every_step() {
    for &(step, method) in AWS_BACKUP_CASES {
        let sb = sandbox();
        let op = aws_backup_op(&sb).await;
        fail_at(&sb, op, step, method).await;
    }
}

#[tokio::test]
async fn once_the_original_is_deleted_its_backup_cannot_be_cleaned_up() {
    let sb = sandbox();
    let op = pitr_op(&sb);
    let report = drive(&sb, op, Operator::failing(7, "restore_table_from_backup")).await;
    let items = &report.reviews[0].items;
    assert_eq!(items.len(), 3);
    let orig = items
        .iter()
        .find(|i| i.kind == CleanupKind::OriginalBackup)
        .unwrap();
    assert!(!orig.deletable);
    assert!(orig.why.contains("only copy"), "{}", orig.why);
    // The duplicate and its backup hold the recovered data and orders was
    // never restored, let alone verified: they stay too.
    for other in items
        .iter()
        .filter(|i| i.kind != CleanupKind::OriginalBackup)
    {
        assert!(!other.deletable);
        assert!(
            other.why.contains("has not verified equal"),
            "{}",
            other.why
        );
    }
    // Everything was selected; nothing went.
    let Outcome::Failed { remaining, .. } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(remaining.len(), 3);
    assert!(sb.describe_table("orders").await.is_err());
}

#[tokio::test]
async fn a_retried_step_resumes_and_the_run_completes() {
    let sb = sandbox();
    let op = pitr_op(&sb);
    let operator = Operator {
        on_failure: vec![Answer::Retry],
        ..Operator::failing(6, "describe_table")
    };
    let report = drive(&sb, op, operator).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    // The name was typed once: the retry only waited for the delete.
    assert_eq!(
        report.asked(|q| matches!(q, crate::workflow::Question::TypeTableName { .. })),
        1
    );
    // The seeded 1.25 M orders at the test scale of 1 %.
    assert!(sb.describe_table("orders").await.unwrap().item_count > 10_000);
}

#[tokio::test]
async fn a_retried_restore_job_is_followed_not_started_again() {
    let sb = sandbox();
    let op = aws_backup_op(&sb).await;
    let jobs_before = sb.list_jobs().await.unwrap().len();
    let operator = Operator {
        on_failure: vec![Answer::Retry],
        ..Operator::failing(4, "describe_restore_job")
    };
    let report = drive(&sb, op, operator).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(sb.list_jobs().await.unwrap().len(), jobs_before + 1);
}

#[tokio::test]
async fn leave_as_is_deletes_nothing_and_reports_what_remains() {
    let sb = sandbox();
    let op = pitr_op(&sb);
    let operator = Operator {
        on_failure: vec![Answer::LeaveAsIs],
        ..Operator::failing(5, "describe_table")
    };
    let report = drive(&sb, op, operator).await;
    let Outcome::Failed { remaining, .. } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(remaining.len(), 3, "{remaining:?}");
    assert!(report.reviews.is_empty());
    assert!(matches!(report.status_of(11), StepStatus::Skipped { .. }));
    assert!(sb.describe_table("orders").await.is_ok());
}

#[tokio::test]
async fn a_step_that_waits_too_long_fails_with_the_timeout() {
    let sb = sandbox_at(1.0);
    let mut operator = Operator {
        on_failure: vec![Answer::LeaveAsIs],
        cleanup: Cleanup::Nothing,
        ..Operator::default()
    };
    operator.context.step_timeout = Some(std::time::Duration::from_millis(30));
    let op = Operation::PitrInPlace {
        table: TableName::parse("ParksAr").unwrap(),
        at: PitrTarget::Latest,
    };
    let report = drive(&sb, op, operator).await;
    let Outcome::Failed {
        step: 0,
        error,
        remaining,
    } = &report.outcome
    else {
        panic!("{:?}", report.outcome)
    };
    assert!(error.contains("timed out after"), "{error}");
    assert!(error.contains("CREATING"), "{error}");
    assert_eq!(remaining.len(), 1);
}

#[tokio::test]
async fn a_step_timeout_past_the_end_of_the_clock_waits_without_overflowing() {
    // `step_timeout = 9223372036854775807` in the config: adding it to now
    // overflowed and panicked the running step.
    for timeout in [
        std::time::Duration::from_secs(i64::MAX as u64),
        std::time::Duration::MAX,
    ] {
        let sb = sandbox();
        let op = pitr_op(&sb);
        let mut operator = Operator::default();
        operator.context.step_timeout = Some(timeout);
        let report = drive(&sb, op, operator).await;
        assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    }
}

#[tokio::test]
async fn a_restored_table_that_differs_from_the_duplicate_fails_the_verification() {
    let sb = sandbox();
    let op = pitr_op(&sb);
    let operator = Operator {
        on_start: Some(Box::new(|sb, _, step| {
            if let StepAction::Verify { duplicate, .. } = &step.action {
                let odd = TableData {
                    items: 1,
                    size_bytes: 1,
                    version: 1,
                };
                sb.write_data(duplicate.as_str(), odd).unwrap();
            }
        })),
        on_failure: vec![Answer::LeaveAsIs],
        ..Operator::default()
    };
    let report = drive(&sb, op, operator).await;
    let Outcome::Failed { step, error, .. } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert!(matches!(
        report.steps[*step].action,
        StepAction::Verify { .. }
    ));
    assert!(error.contains("vs 1 items"), "{error}");
    assert!(error.contains("key(s) differ"), "{error}");
}

#[tokio::test]
async fn a_failed_cleanup_deletion_is_reported_and_the_others_still_run() {
    let sb = sandbox();
    let op = pitr_op(&sb);
    let mut armed = true;
    let operator = Operator {
        on_start: Some(Box::new(move |sb, _, step| {
            if armed && step.title.starts_with("Delete the backup") {
                armed = false;
                sb.fail_next("delete_backup", super::harness::injected());
            }
        })),
        ..Operator::default()
    };
    let report = drive(&sb, op, operator).await;
    let Outcome::Completed { remaining } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    let failed: Vec<usize> = (0..report.steps.len())
        .filter(|&i| matches!(report.status_of(i), StepStatus::Failed { .. }))
        .collect();
    assert_eq!(failed.len(), 1);
    let step = &report.steps[failed[0]];
    assert_eq!(remaining, &step.deletes);
    let last = report.steps.len() - 1;
    assert!(failed[0] < last);
    assert!(matches!(report.status_of(last), StepStatus::Done { .. }));
}

#[tokio::test]
async fn a_duplicate_that_holds_the_only_point_in_time_copy_is_kept() {
    let sb = sandbox();
    let op = pitr_op(&sb);
    // The restore fails after the original is deleted, and meanwhile someone
    // deleted the duplicate's backup: the duplicate table is now the only
    // copy of the recovered data, the `--orig` backup the only copy of the
    // original. Everything is selected; both must stay.
    let operator = Operator {
        delete_backups_on_failure: Some("orders--dupe-"),
        ..Operator::failing(7, "restore_table_from_backup")
    };
    let report = drive(&sb, op, operator).await;
    let items = &report.reviews[0].items;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(|i| !i.deletable), "{items:?}");
    let dupe = items
        .iter()
        .find(|i| i.kind == CleanupKind::DuplicateTable)
        .unwrap();
    assert!(dupe.why.contains("no backup holds"), "{}", dupe.why);
    let Outcome::Failed { remaining, .. } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(remaining.len(), 2);
    assert!(sb.describe_table(&dupe.name).await.is_ok());
}

#[tokio::test]
async fn a_duplicate_whose_source_is_back_may_go_even_without_its_backup() {
    let sb = sandbox();
    let op = pitr_op(&sb);
    let report = drive(&sb, op, Operator::failing(2, "create_backup")).await;
    let items = &report.reviews[0].items;
    let dupe = items
        .iter()
        .find(|i| i.kind == CleanupKind::DuplicateTable)
        .unwrap();
    assert!(dupe.deletable);
    assert!(dupe.why.contains("orders is ACTIVE"), "{}", dupe.why);
    assert!(sb.describe_table(&dupe.name).await.is_err());
}
