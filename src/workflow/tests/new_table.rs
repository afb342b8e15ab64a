//! Restores into a new table (operations 4, 5 and 9) on the sandbox: the
//! new table comes up with the source's settings and, as chosen in the
//! wizard, PITR and deletion protection on; nothing is deleted and the
//! source is untouched.

use chrono::Duration;

use super::harness::{Operator, drive, resources, sandbox};
use crate::backend::Backend;
use crate::domain::{PitrTarget, Setting, StorageClass, TableName, TableStatus, setting_diffs};
use crate::sandbox::seed;
use crate::workflow::{NewTableSettings, Operation, Outcome, StepAction, plan};

fn name(s: &str) -> TableName {
    TableName::parse(s).unwrap()
}

#[tokio::test]
async fn pitr_to_new_restores_the_orders_of_three_hours_ago_beside_the_table() {
    let sb = sandbox();
    let orders = sb.describe_table("orders").await.unwrap();
    let orders_settings = sb.describe_settings("orders").await.unwrap();
    let before = resources(&sb).await;
    let op = Operation::PitrToNew {
        table: name("orders"),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
        target: name("orders-1130"),
        new_table: NewTableSettings::both_on(10),
    };

    let report = drive(&sb, op, Operator::default()).await;

    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    // Capture, restore, diff, then PITR and protection: 5 planned; the
    // diff added one step per setting the restore dropped.
    assert_eq!(report.plan.steps.len(), 5);
    assert!(
        report.plan.steps[1]
            .title
            .starts_with("Restore orders-1130 from orders at ")
    );
    assert!(report.plan.steps[1].title.ends_with(" (UTC)"));
    assert!(report.steps.len() > 5, "{:#?}", report.steps);
    assert!(report.questions.is_empty(), "{:?}", report.questions);
    // The new table holds the orders from before the corruption…
    let copy = sb.describe_table("orders-1130").await.unwrap();
    assert_eq!(copy.status, TableStatus::Active);
    assert!(copy.item_count > orders.item_count * 2);
    assert!(copy.deletion_protection);
    let pitr = sb.describe_continuous_backups("orders-1130").await.unwrap();
    assert!(pitr.enabled);
    assert_eq!(pitr.recovery_period_days, Some(10));
    // …with the source's settings but the period chosen for it…
    let copy_settings = sb.describe_settings("orders-1130").await.unwrap();
    let differs: Vec<Setting> = setting_diffs(&orders_settings, &copy_settings)
        .into_iter()
        .map(|d| d.setting)
        .collect();
    assert_eq!(differs, [Setting::Pitr]);
    // …and the table itself is as it was; nothing was deleted.
    let after = sb.describe_table("orders").await.unwrap();
    assert_eq!(after.item_count, orders.item_count);
    let now = resources(&sb).await;
    assert!(now.is_superset(&before));
    assert_eq!(now.difference(&before).count(), 1, "{now:?}");
}

#[tokio::test]
async fn pitr_to_new_with_both_declined_leaves_pitr_and_protection_off() {
    let sb = sandbox();
    let op = Operation::PitrToNew {
        table: name("orders"),
        at: PitrTarget::Latest,
        target: name("orders-latest"),
        new_table: NewTableSettings::default(),
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(report.plan.steps.len(), 3);
    assert!(
        report.plan.steps[1]
            .title
            .ends_with("at its latest restorable time")
    );
    let copy = sb.describe_table("orders-latest").await.unwrap();
    assert!(!copy.deletion_protection);
    let pitr = sb
        .describe_continuous_backups("orders-latest")
        .await
        .unwrap();
    assert!(!pitr.enabled);
}

#[tokio::test]
async fn pitr_to_new_outside_the_window_is_refused_before_anything_runs() {
    let sb = sandbox();
    let before = resources(&sb).await;
    let op = Operation::PitrToNew {
        table: name("orders"),
        at: PitrTarget::At(sb.now() - Duration::days(400)),
        target: name("orders-old"),
        new_table: NewTableSettings::both_on(35),
    };
    let report = drive(&sb, op, Operator::default()).await;
    let Outcome::Refused { reason: why } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert!(why.contains("outside"), "{why}");
    assert_eq!(resources(&sb).await, before);
}

#[tokio::test]
async fn a_restored_backup_comes_up_with_pitr_and_protection_when_chosen() {
    let sb = sandbox();
    let backup = sb.list_backups(Some("orders")).await.unwrap().remove(0);
    let op = Operation::RestoreFromBackup {
        backup_arn: backup.arn.clone().into(),
        target: name("orders-restored"),
        new_table: NewTableSettings::both_on(14),
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    assert!(matches!(
        report.plan.steps[1].action,
        StepAction::EnablePitr {
            recovery_period_days: Some(14),
            ..
        }
    ));
    assert!(matches!(
        report.plan.steps[2].action,
        StepAction::EnableDeletionProtection { .. }
    ));
    assert!(
        sb.describe_table("orders-restored")
            .await
            .unwrap()
            .deletion_protection
    );
    let pitr = sb
        .describe_continuous_backups("orders-restored")
        .await
        .unwrap();
    assert_eq!((pitr.enabled, pitr.recovery_period_days), (true, Some(14)));
}

#[tokio::test]
async fn a_restored_recovery_point_comes_up_with_pitr_and_protection_when_chosen() {
    let sb = sandbox();
    let arn = sb.describe_table("inventory").await.unwrap().arn;
    let point = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.storage == StorageClass::Warm)
        .unwrap();
    let op = Operation::RestoreFromRecoveryPoint {
        recovery_point_arn: point.arn.into(),
        target: name("inventory-copy"),
        cold: false,
        new_table: NewTableSettings {
            pitr_days: None,
            protection: true,
        },
    };
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    assert_eq!(report.plan.steps.len(), 2);
    assert!(
        sb.describe_table("inventory-copy")
            .await
            .unwrap()
            .deletion_protection
    );
    assert!(
        !sb.describe_continuous_backups("inventory-copy")
            .await
            .unwrap()
            .enabled
    );
}

/// Journals of earlier versions have no `new_table`: they read as both off,
/// so their plan (and a resumed run) has no step they did not have.
#[test]
fn an_old_journal_of_a_restore_into_a_new_table_reads_with_nothing_turned_on() {
    let old = r#"{"RestoreFromBackup":{"backup_arn":"arn:aws:dynamodb:us-east-1:1:table/orders/backup/01","target":"orders-restored"}}"#;
    let op: Operation = serde_json::from_str(old).unwrap();
    let Operation::RestoreFromBackup { new_table, .. } = &op else {
        panic!("{op:?}")
    };
    assert!(new_table.is_off());
    assert_eq!(plan(&op, chrono::Utc::now()).steps.len(), 1);
    // Written back, it is the same text: both off are not written.
    assert_eq!(serde_json::to_string(&op).unwrap(), old);

    let old = r#"{"RestoreFromRecoveryPoint":{"recovery_point_arn":"arn:aws:backup:us-east-1:1:recovery-point:1","target":"inventory-copy"}}"#;
    let op: Operation = serde_json::from_str(old).unwrap();
    assert_eq!(plan(&op, chrono::Utc::now()).steps.len(), 1);
}

#[test]
fn operation_9_round_trips_through_the_journal_format() {
    let op = Operation::PitrToNew {
        table: name("orders"),
        at: PitrTarget::Latest,
        target: name("orders-restored"),
        new_table: NewTableSettings::both_on(7),
    };
    let text = serde_json::to_string(&op).unwrap();
    assert!(text.starts_with(r#"{"PitrToNew":"#), "{text}");
    assert_eq!(serde_json::from_str::<Operation>(&text).unwrap(), op);
}
