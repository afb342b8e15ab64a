//! Preconditions: a run that would start doomed is refused before its first
//! step, says why, and changes nothing.

use std::sync::Arc;

use chrono::{Duration, Utc};

use super::harness::{Operator, drive, resources, sandbox};
use crate::backend::Backend;
use crate::domain::time::format_reference;
use crate::domain::{PitrTarget, TableName};
use crate::sandbox::{ManualClock, Sandbox, SandboxOptions, seed};
use crate::workflow::{Operation, Outcome, StepStatus};

/// Runs `op` and returns the refusal, checking nothing was done.
async fn refused(sb: &Arc<Sandbox>, op: Operation) -> String {
    let report = drive(sb, op, Operator::default()).await;
    let Outcome::Refused { reason } = report.outcome else {
        panic!("not refused: {:?}", report.outcome)
    };
    assert!(report.questions.is_empty(), "{:?}", report.questions);
    assert!(report.running.is_empty(), "{:?}", report.running);
    for s in &report.statuses {
        assert!(
            matches!(s, StepStatus::Skipped { why } if why.contains(&reason)),
            "{s:?}"
        );
    }
    assert_eq!(resources(sb).await, report.before);
    reason
}

/// A sandbox whose clock only moves when told, so work stays in progress.
fn frozen() -> Arc<Sandbox> {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    Arc::new(
        Sandbox::open(SandboxOptions {
            clock,
            ..SandboxOptions::default()
        })
        .unwrap(),
    )
}

#[tokio::test]
async fn a_time_outside_the_pitr_window_is_refused_with_the_window() {
    let sb = sandbox();
    let window = sb
        .describe_continuous_backups("orders")
        .await
        .unwrap()
        .window
        .unwrap();
    let at = PitrTarget::At(sb.now() - Duration::days(40));
    let reason = refused(
        &sb,
        Operation::PitrInPlace {
            table: TableName::parse("orders").unwrap(),
            at,
        },
    )
    .await;
    assert!(reason.contains("outside the restorable window"), "{reason}");
    assert!(
        reason.contains(&format_reference(window.earliest)),
        "{reason}"
    );
    let future = PitrTarget::At(sb.now() + Duration::hours(1));
    let reason = refused(
        &sb,
        Operation::PitrInPlace {
            table: TableName::parse("orders").unwrap(),
            at: future,
        },
    )
    .await;
    assert!(reason.contains("outside the restorable window"), "{reason}");
}

#[tokio::test]
async fn pitr_in_place_needs_pitr_and_an_existing_table() {
    let sb = sandbox();
    let at = PitrTarget::Latest;
    let reason = refused(
        &sb,
        Operation::PitrInPlace {
            table: TableName::parse("sessions").unwrap(),
            at,
        },
    )
    .await;
    assert!(reason.contains("not enabled on sessions"), "{reason}");
    let reason = refused(
        &sb,
        Operation::PitrInPlace {
            table: TableName::parse("nope-table").unwrap(),
            at,
        },
    )
    .await;
    assert!(reason.contains("nope-table does not exist"), "{reason}");
}

#[tokio::test]
async fn a_table_being_created_or_deleted_is_refused() {
    let sb = frozen();
    let backup = sb.list_backups(Some("orders")).await.unwrap().remove(0);
    sb.restore_table_from_backup("orders-new", &backup.arn)
        .await
        .unwrap();
    let reason = refused(
        &sb,
        Operation::CreateBackup {
            table: TableName::parse("orders-new").unwrap(),
        },
    )
    .await;
    assert!(
        reason.contains("still being created (CREATING)"),
        "{reason}"
    );
    sb.delete_table("ParksAr").await.unwrap();
    let op = Operation::DeleteTable {
        table: TableName::parse("ParksAr").unwrap(),
        fallback_backup: true,
    };
    let reason = refused(&sb, op).await;
    assert!(reason.contains("being deleted (DELETING)"), "{reason}");
}

#[tokio::test]
async fn a_restore_into_an_existing_or_invalid_name_is_refused() {
    let sb = sandbox();
    let backup = sb.list_backups(Some("orders")).await.unwrap().remove(0);
    let arn = sb.describe_table("orders").await.unwrap().arn;
    let point = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .remove(0);
    for (target, says) in [("customers", "already exists")] {
        let op = Operation::RestoreFromBackup {
            new_table: Default::default(),
            backup_arn: backup.arn.clone().into(),
            target: TableName::parse(target).unwrap(),
        };
        let reason = refused(&sb, op).await;
        assert!(reason.contains(says), "{target}: {reason}");
        let op = Operation::RestoreFromRecoveryPoint {
            new_table: Default::default(),
            recovery_point_arn: point.arn.clone().into(),
            target: TableName::parse(target).unwrap(),
            cold: false,
        };
        let reason = refused(&sb, op).await;
        assert!(reason.contains(says), "{target}: {reason}");
    }
    // An invalid name never becomes a target: an operation holds a
    // `TableName`, refused where the operator types it.
    for target in ["has space", "ab"] {
        assert!(TableName::parse(target).is_err(), "{target}");
    }
}

#[tokio::test]
async fn a_backup_or_recovery_point_that_cannot_be_restored_is_refused() {
    let sb = frozen();
    let creating = sb.create_backup("ParksAr", "ParksAr-snap").await.unwrap();
    let op = Operation::RestoreFromBackup {
        new_table: Default::default(),
        backup_arn: creating.arn.into(),
        target: TableName::parse("ParksAr-copy").unwrap(),
    };
    let reason = refused(&sb, op).await;
    assert!(reason.contains("is CREATING"), "{reason}");
    let op = Operation::RestoreFromBackup {
        new_table: Default::default(),
        backup_arn: "arn:nope".into(),
        target: TableName::parse("ParksAr-copy").unwrap(),
    };
    assert!(refused(&sb, op).await.contains("does not exist"));
    let op = Operation::RestoreFromRecoveryPoint {
        new_table: Default::default(),
        recovery_point_arn: "arn:nope".into(),
        target: TableName::parse("ParksAr-copy").unwrap(),
        cold: false,
    };
    let reason = refused(&sb, op).await;
    assert!(reason.contains("is not in vault"), "{reason}");
}

#[tokio::test]
async fn aws_backup_in_place_needs_a_backup_role() {
    let sb = sandbox();
    let arn = sb.describe_table("ParksAr").await.unwrap().arn;
    let point = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .remove(0);
    let op = Operation::AwsBackupInPlace {
        table: TableName::parse("ParksAr").unwrap(),
        recovery_point_arn: point.arn.into(),
        cold: false,
    };
    let mut operator = Operator::default();
    operator.context.backup_role_arn = String::new();
    let report = drive(&sb, op, operator).await;
    let Outcome::Refused { reason } = report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert!(reason.contains("no backup role ARN"), "{reason}");
    assert!(sb.describe_table("ParksAr").await.is_ok());
}

#[tokio::test]
async fn a_recovery_period_outside_1_to_35_days_is_refused() {
    let sb = sandbox();
    for days in [0, 36] {
        let op = Operation::EnablePitr {
            table: TableName::parse("sessions").unwrap(),
            recovery_period_days: days,
        };
        let reason = refused(&sb, op).await;
        assert!(reason.contains("1 to 35 days"), "{reason}");
    }
}

#[tokio::test]
async fn the_ui_can_check_a_plan_before_starting_it() {
    let sb = sandbox();
    let backend: &dyn Backend = sb.as_ref();
    let ctx = super::harness::context();
    let ok = crate::workflow::plan(
        &Operation::CreateBackup {
            table: TableName::parse("orders").unwrap(),
        },
        Utc::now(),
    );
    assert_eq!(crate::workflow::check(backend, &ok, &ctx).await, Ok(()));
    let op = Operation::CreateBackup {
        table: TableName::parse("missing-table").unwrap(),
    };
    let doomed = crate::workflow::plan(&op, Utc::now());
    let reason = crate::workflow::check(backend, &doomed, &ctx)
        .await
        .unwrap_err()
        .to_string();
    assert!(reason.contains("does not exist"), "{reason}");
}

#[tokio::test]
async fn another_tables_recovery_point_cannot_replace_a_table() {
    let sb = sandbox();
    let customers = sb.describe_table("customers").await.unwrap().arn;
    let point = sb
        .list_recovery_points(seed::VAULT, Some(&customers))
        .await
        .unwrap()
        .remove(0);
    let reason = refused(
        &sb,
        Operation::AwsBackupInPlace {
            table: TableName::parse("orders").unwrap(),
            recovery_point_arn: point.arn.into(),
            cold: false,
        },
    )
    .await;
    assert!(
        reason.contains("a backup of customers, not of orders"),
        "{reason}"
    );
    assert!(sb.describe_table("orders").await.is_ok());
}
