//! Operation 15 on the sandbox: a recovery point of `orders` copied into
//! the DR vault in us-west-2, followed with its percent until COMPLETED and
//! then found listed there; the runs refused before anything is started.

use super::harness::{Operator, context, drive, sandbox_at};
use crate::backend::Backend;
use crate::domain::{JobKind, LifecycleDays, RecoveryPointStatus, TableName};
use crate::sandbox::{Sandbox, seed};
use crate::workflow::{Operation, Outcome, StepStatus};

fn dr_vault() -> String {
    format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        seed::DR_REGION,
        seed::ACCOUNT,
        seed::DR_VAULT
    )
}

async fn orders_point(sb: &Sandbox) -> String {
    sb.list_recovery_points(seed::VAULT, None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| {
            p.resource_arn.ends_with("table/orders") && p.status == RecoveryPointStatus::Completed
        })
        .unwrap()
        .arn
}

fn copy_of(point: &str, destination: &str) -> Operation {
    Operation::CopyToRegion {
        table: TableName::parse("orders").unwrap(),
        point: point.into(),
        source_vault: seed::VAULT.to_owned(),
        destination: destination.to_owned(),
        lifecycle: LifecycleDays::NEVER,
    }
}

#[tokio::test]
async fn a_copy_is_followed_to_completion_and_found_in_the_dr_vault() {
    let sb = sandbox_at(1e3);
    let point = orders_point(&sb).await;
    let report = drive(&sb, copy_of(&point, &dr_vault()), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    let percents: Vec<f64> = report.running.iter().filter_map(|(_, p, _)| *p).collect();
    assert!(
        percents.iter().any(|p| *p > 0.0 && *p < 100.0),
        "{:?}",
        report.running
    );
    let job = sb
        .list_jobs()
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.kind == JobKind::Copy && j.recovery_point_arn.as_deref() == Some(&point))
        .unwrap();
    let copy = job.created_resource_arn.unwrap();
    let StepStatus::Done { detail, .. } = report.status_of(0) else {
        panic!("{:?}", report.status_of(0))
    };
    let detail = detail.clone().unwrap_or_default();
    assert!(detail.contains(&copy), "{detail}");
    assert!(
        detail.contains("listed in sandbox-backup-vault-dr (us-west-2)"),
        "{detail}"
    );
    let there = sb.in_region(seed::DR_REGION).await.unwrap();
    let listed = there
        .list_recovery_points(seed::DR_VAULT, None)
        .await
        .unwrap();
    assert!(listed.iter().any(|p| p.arn == copy));
}

/// Runs `op` with `operator` and returns its refusal; no job was started.
async fn refused(sb: &std::sync::Arc<Sandbox>, op: Operation, operator: Operator) -> String {
    let jobs = sb.list_jobs().await.unwrap().len();
    let report = drive(sb, op, operator).await;
    let Outcome::Refused { reason } = report.outcome else {
        panic!("not refused: {:?}", report.outcome)
    };
    assert!(report.running.is_empty(), "{:?}", report.running);
    assert_eq!(sb.list_jobs().await.unwrap().len(), jobs);
    reason
}

#[tokio::test]
async fn bad_copies_are_refused_before_the_job_with_the_reason() {
    let sb = sandbox_at(1e6);
    let point = orders_point(&sb).await;
    let malformed = refused(&sb, copy_of(&point, "dr"), Operator::default()).await;
    assert!(
        malformed.contains("is not a backup vault ARN"),
        "{malformed}"
    );
    let own = format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        seed::REGION,
        seed::ACCOUNT,
        seed::VAULT
    );
    let same = refused(&sb, copy_of(&point, &own), Operator::default()).await;
    assert!(same.contains("the vault it is in"), "{same}");
    let mut ctx = context();
    ctx.backup_role_arn = String::new();
    let no_role = refused(
        &sb,
        copy_of(&point, &dr_vault()),
        Operator {
            context: ctx,
            ..Operator::default()
        },
    )
    .await;
    assert!(
        no_role.contains("no backup role ARN is configured"),
        "{no_role}"
    );
    sb.set_recovery_point_status(&point, RecoveryPointStatus::Partial);
    let partial = refused(&sb, copy_of(&point, &dr_vault()), Operator::default()).await;
    assert!(partial.contains("is PARTIAL, not COMPLETED"), "{partial}");
}
