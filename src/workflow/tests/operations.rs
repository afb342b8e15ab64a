//! Every operation end to end on the sandbox: the final account and every
//! step's final status.

use chrono::Duration;

use super::harness::{
    Cleanup, Operator, Report, drive, resource_of, resources, sandbox, sandbox_at,
};
use crate::backend::{Backend, BackendError};
use crate::domain::{BackupStatus, PitrTarget, StorageClass, TableName, TableStatus};
use crate::sandbox::{Sandbox, seed};
use crate::workflow::{CleanupKind, Operation, Outcome, Question, StepStatus};

async fn newest_point(sb: &Sandbox, table: &str, storage: StorageClass) -> String {
    let arn = sb.describe_table(table).await.unwrap().arn;
    let mut points = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap();
    points.sort_by_key(|p| std::cmp::Reverse(p.created_at));
    points
        .into_iter()
        .find(|p| p.storage == storage)
        .unwrap()
        .arn
}

#[tokio::test]
async fn pitr_in_place_brings_back_the_orders_from_before_the_corruption() {
    let sb = sandbox();
    let corrupted = sb.describe_table("orders").await.unwrap().item_count;
    let before = resources(&sb).await;
    let at = PitrTarget::At(sb.now() - Duration::hours(3));
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at,
    };

    let report = drive(&sb, op, Operator::default()).await;

    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    // 13 planned steps, one re-apply step per setting the restore dropped
    // (tags, TTL, stream), then one deletion per temporary resource.
    assert_eq!(report.plan.steps.len(), 13);
    assert_eq!(report.steps.len(), 19);
    report.assert_all_done();
    let orders = sb.describe_table("orders").await.unwrap();
    assert_eq!(orders.status, TableStatus::Active);
    assert!(
        orders.item_count > corrupted * 2,
        "{} vs {corrupted}",
        orders.item_count
    );
    assert!(orders.deletion_protection);
    let pitr = sb.describe_continuous_backups("orders").await.unwrap();
    assert!(pitr.enabled);
    assert_eq!(pitr.recovery_period_days, Some(35));
    // The duplicate and both backups were reviewed, then deleted.
    let review = &report.reviews[0];
    let kinds: Vec<_> = review.items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            CleanupKind::DuplicateTable,
            CleanupKind::OriginalBackup,
            CleanupKind::DuplicateBackup
        ]
    );
    assert!(review.items.iter().all(|i| i.deletable));
    assert_eq!(resources(&sb).await, before);
    assert_eq!(
        report.asked(|q| matches!(q, Question::RemoveDeletionProtection { .. })),
        1
    );
    assert_eq!(
        report.asked(|q| matches!(q, Question::TypeTableName { .. })),
        1
    );
}

#[tokio::test]
async fn pitr_in_place_can_keep_every_temporary_resource() {
    let sb = sandbox();
    let op = Operation::PitrInPlace {
        table: TableName::parse("ParksAr").unwrap(),
        at: PitrTarget::Latest,
    };
    let report = drive(
        &sb,
        op,
        Operator {
            cleanup: Cleanup::Nothing,
            ..Operator::default()
        },
    )
    .await;

    let Outcome::Completed { remaining } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(remaining.len(), 3, "{remaining:?}");
    assert!(remaining.iter().all(|n| n.starts_with("ParksAr--")));
    // ParksAr had no deletion protection: nothing to ask, the step is skipped.
    assert!(matches!(report.status_of(5), StepStatus::Skipped { .. }));
    assert_eq!(
        report.asked(|q| matches!(q, Question::RemoveDeletionProtection { .. })),
        0
    );
    // …and the restore turns it on anyway: a table restored in place always
    // ends with PITR and deletion protection on.
    assert!(
        sb.describe_table("ParksAr")
            .await
            .unwrap()
            .deletion_protection
    );
    let pitr = sb.describe_continuous_backups("ParksAr").await.unwrap();
    assert_eq!(pitr.recovery_period_days, Some(7));
    // What is kept is really there: the duplicate table and both backups.
    let now = resources(&sb).await;
    let kept: Vec<String> = report.reviews[0].items.iter().map(resource_of).collect();
    assert_eq!(kept.len(), 3);
    assert!(kept.iter().all(|k| now.contains(k)), "{kept:?}");
    let backups = sb.list_backups(None).await.unwrap();
    for name in remaining.iter().filter(|n| n.contains("--orig-")) {
        let b = backups.iter().find(|b| &b.name == name).unwrap();
        assert_eq!(b.status, BackupStatus::Available);
    }
}

#[tokio::test]
async fn aws_backup_in_place_restores_the_recovery_point_and_settings() {
    let sb = sandbox_at(20_000.0);
    let point = newest_point(&sb, "orders", StorageClass::Warm).await;
    let before = resources(&sb).await;
    let op = Operation::AwsBackupInPlace {
        table: TableName::parse("orders").unwrap(),
        recovery_point_arn: point.into(),
        cold: false,
    };

    let report = drive(&sb, op, Operator::default()).await;

    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(report.plan.steps.len(), 9);
    report.assert_all_done();
    // The recovery point is three days old, from before the corruption (the
    // seeded 1.25 M orders at the test scale of 1 %).
    let orders = sb.describe_table("orders").await.unwrap();
    assert!(orders.item_count > 10_000, "{}", orders.item_count);
    assert!(orders.deletion_protection);
    assert_eq!(
        sb.describe_continuous_backups("orders")
            .await
            .unwrap()
            .recovery_period_days,
        Some(35)
    );
    // The restore step reported the job's percent as it went.
    let percents: Vec<f64> = report
        .running
        .iter()
        .filter(|r| r.0 == 4)
        .filter_map(|r| r.1)
        .collect();
    assert!(!percents.is_empty(), "{:?}", report.running);
    assert!(percents.windows(2).all(|w| w[0] <= w[1]), "{percents:?}");
    assert_eq!(report.reviews[0].items.len(), 1);
    assert_eq!(resources(&sb).await, before);
    assert_eq!(
        report.asked(|q| matches!(q, Question::ColdRestore { .. })),
        0
    );
}

/// A cold point the operator chose is said on the plan (the step's label,
/// its ~3h, a warning under the steps), so Enter on the plan accepted it;
/// one that was warm when chosen and is cold by the run needs an explicit yes.
#[tokio::test]
async fn a_cold_recovery_point_is_warned_of_on_the_plan_or_asked() {
    let sb = sandbox();
    let point = newest_point(&sb, "ParksAr", StorageClass::Cold).await;
    let op = |point: &str, cold| Operation::AwsBackupInPlace {
        table: TableName::parse("ParksAr").unwrap(),
        recovery_point_arn: point.into(),
        cold,
    };
    let shown = crate::workflow::plan(&op(&point, true), sb.now());
    assert!(
        shown.steps[4].title.contains("cold storage, ~3h"),
        "{shown:?}"
    );
    assert!(shown.steps[4].estimate.as_secs() >= 3 * 3600);
    assert!(shown.warnings()[0].contains("cold storage"), "{shown:?}");
    assert!(shown.total() >= shown.steps[4].estimate);
    let report = drive(&sb, op(&point, true), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(
        report.asked(|q| matches!(q, Question::ColdRestore { .. })),
        0
    );

    let sb = sandbox();
    let point = newest_point(&sb, "ParksAr", StorageClass::Cold).await;
    let report = drive(&sb, op(&point, false), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let Question::ColdRestore { estimate } = &report.questions[0] else {
        panic!("{:?}", report.questions)
    };
    assert!(estimate.as_secs() >= 3 * 3600);
    let unwarned = crate::workflow::plan(&op(&point, false), sb.now());
    assert!(unwarned.warnings().is_empty());
}

#[tokio::test]
async fn create_backup_names_it_orig_and_waits_until_available() {
    let sb = sandbox();
    let op = Operation::CreateBackup {
        table: TableName::parse("ParksAr").unwrap(),
    };
    let report = drive(&sb, op, Operator::default()).await;
    let Outcome::Completed { remaining } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    report.assert_all_done();
    let name = report.plan.steps[0].creates[0].clone();
    assert!(name.starts_with("ParksAr--orig-"));
    assert_eq!(remaining, std::slice::from_ref(&name));
    let backups = sb.list_backups(Some("ParksAr")).await.unwrap();
    let b = backups.iter().find(|b| b.name == name).unwrap();
    assert_eq!(b.status, BackupStatus::Available);
    assert!(report.reviews.is_empty());
}

#[tokio::test]
async fn restore_from_backup_creates_the_new_table() {
    let sb = sandbox();
    let backup = sb.list_backups(Some("orders")).await.unwrap().remove(0);
    let op = Operation::RestoreFromBackup {
        new_table: Default::default(),
        backup_arn: backup.arn.clone().into(),
        target: TableName::parse("orders-restored").unwrap(),
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    let t = sb.describe_table("orders-restored").await.unwrap();
    assert_eq!(t.status, TableStatus::Active);
    assert_eq!(Some(t.size_bytes), backup.size_bytes);
    assert!(sb.describe_table("orders").await.is_ok());
}

#[tokio::test]
async fn restore_from_recovery_point_creates_the_new_table() {
    let sb = sandbox();
    let point = newest_point(&sb, "inventory", StorageClass::Warm).await;
    let op = Operation::RestoreFromRecoveryPoint {
        new_table: Default::default(),
        recovery_point_arn: point.into(),
        target: TableName::parse("inventory-copy").unwrap(),
        cold: false,
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    let t = sb.describe_table("inventory-copy").await.unwrap();
    assert_eq!(t.status, TableStatus::Active);
    // The seeded 86.4 k items at the test scale of 1 %.
    assert!(t.item_count > 800);
}

#[tokio::test]
async fn delete_table_with_a_fallback_keeps_the_only_copy() {
    let sb = sandbox();
    let before = sb.describe_table("orders").await.unwrap();
    let op = Operation::DeleteTable {
        table: TableName::parse("orders").unwrap(),
        fallback_backup: true,
    };
    let report = drive(&sb, op, Operator::default()).await;
    let Outcome::Completed { remaining } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    report.assert_all_done();
    assert_eq!(report.steps.len(), 3);
    assert!(matches!(
        sb.describe_table("orders").await,
        Err(BackendError::NotFound { .. })
    ));
    assert_eq!(remaining.len(), 1);
    let backups = sb.list_backups(Some("orders")).await.unwrap();
    let kept = backups.iter().find(|b| b.name == remaining[0]).unwrap();
    assert_eq!(kept.status, BackupStatus::Available);
    assert_eq!(kept.size_bytes, Some(before.size_bytes));
}

#[tokio::test]
async fn delete_table_without_a_fallback_still_asks_both_questions() {
    let sb = sandbox();
    let backups_before = sb.list_backups(None).await.unwrap().len();
    let op = Operation::DeleteTable {
        table: TableName::parse("inventory").unwrap(),
        fallback_backup: false,
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    assert_eq!(report.questions.len(), 2);
    assert!(sb.describe_table("inventory").await.is_err());
    assert_eq!(sb.list_backups(None).await.unwrap().len(), backups_before);
}

/// The protection question says what the run really leaves: a fallback
/// and a restore, a fallback and no restore, or neither.
#[tokio::test]
async fn the_protection_question_is_built_from_the_run() {
    let protection = |report: &Report| {
        report
            .questions
            .iter()
            .find_map(|q| match q {
                Question::RemoveDeletionProtection {
                    fallback,
                    restored_after,
                    ..
                } => Some((fallback.clone(), *restored_after)),
                _ => None,
            })
            .unwrap()
    };
    let sb = sandbox();
    let declined = drive(
        &sb,
        Operation::DeleteTable {
            table: TableName::parse("inventory").unwrap(),
            fallback_backup: false,
        },
        Operator::default(),
    )
    .await;
    assert_eq!(protection(&declined), (None, false));

    let kept = drive(
        &sb,
        Operation::DeleteTable {
            table: TableName::parse("orders").unwrap(),
            fallback_backup: true,
        },
        Operator::default(),
    )
    .await;
    let (fallback, restored_after) = protection(&kept);
    assert!(fallback.unwrap().starts_with("orders--orig-"));
    assert!(!restored_after);

    let sb = sandbox();
    let restored = drive(
        &sb,
        Operation::PitrInPlace {
            table: TableName::parse("orders").unwrap(),
            at: PitrTarget::Latest,
        },
        Operator::default(),
    )
    .await;
    let (fallback, restored_after) = protection(&restored);
    assert!(fallback.unwrap().starts_with("orders--orig-"));
    assert!(restored_after);
}

#[tokio::test]
async fn enable_pitr_sets_the_recovery_period() {
    let sb = sandbox();
    let op = Operation::EnablePitr {
        table: TableName::parse("sessions").unwrap(),
        recovery_period_days: 10,
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    let pitr = sb.describe_continuous_backups("sessions").await.unwrap();
    assert!(pitr.enabled);
    assert_eq!(pitr.recovery_period_days, Some(10));
}

#[tokio::test]
async fn enable_deletion_protection_turns_it_on() {
    let sb = sandbox();
    assert!(
        !sb.describe_table("sessions")
            .await
            .unwrap()
            .deletion_protection
    );
    let op = Operation::EnableDeletionProtection {
        table: TableName::parse("sessions").unwrap(),
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    assert!(
        sb.describe_table("sessions")
            .await
            .unwrap()
            .deletion_protection
    );
}

#[tokio::test]
async fn waiting_steps_report_what_aws_says_as_they_go() {
    // Slow enough (a 3-minute restore takes 180 ms) to be seen waiting.
    let sb = sandbox_at(1_000.0);
    let op = Operation::PitrInPlace {
        table: TableName::parse("ParksAr").unwrap(),
        at: PitrTarget::Latest,
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let details = |step: usize| -> Vec<String> {
        report
            .running
            .iter()
            .filter(|r| r.0 == step)
            .filter_map(|r| r.2.clone())
            .collect()
    };
    assert!(
        details(0).contains(&"CREATING".to_owned()),
        "{:?}",
        details(0)
    );
    assert!(
        details(3).iter().any(|d| d.contains("CREATING")),
        "{:?}",
        details(3)
    );
    assert!(
        details(7).contains(&"CREATING".to_owned()),
        "{:?}",
        details(7)
    );
    // Each distinct state is reported once, not at every poll.
    let d0 = details(0);
    assert!(d0.windows(2).all(|w| w[0] != w[1]), "{d0:?}");
    let StepStatus::Done { took, detail } = report.status_of(0) else {
        panic!("{:?}", report.status_of(0))
    };
    assert!(took.as_millis() >= 150, "{took:?}");
    assert!(detail.as_deref().is_some_and(|d| d.ends_with("items")));
}
