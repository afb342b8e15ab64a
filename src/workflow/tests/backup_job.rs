//! Operation 12 on the sandbox: a backup job of AWS Backup started, followed
//! with its percent until COMPLETED, its recovery point (with the lifecycle
//! asked) in the vault; and the runs refused before anything is started.

use std::sync::Arc;

use super::harness::{Operator, context, drive, sandbox_at};
use crate::backend::Backend;
use crate::domain::{JobKind, JobStatus, LifecycleDays, TableName};
use crate::sandbox::{Sandbox, seed};
use crate::workflow::{Operation, Outcome, StepStatus};

fn backup_of(table: &str, lifecycle: LifecycleDays) -> Operation {
    Operation::BackupWithAwsBackup {
        table: TableName::parse(table).unwrap(),
        lifecycle,
        vault: seed::VAULT.to_owned(),
    }
}

async fn backup_jobs_of(sb: &Sandbox, arn: &str) -> Vec<crate::domain::Job> {
    sb.list_jobs()
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == JobKind::Backup && j.resource_arn.as_deref() == Some(arn))
        .collect()
}

#[tokio::test]
async fn a_backup_job_is_followed_to_its_recovery_point_with_the_lifecycle_asked() {
    // Slow enough that the job is seen running.
    let sb: Arc<Sandbox> = sandbox_at(1e3);
    let arn = sb.describe_table("orders").await.unwrap().arn;
    let points_before = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .len();
    let jobs_before = backup_jobs_of(&sb, &arn).await.len();
    let lifecycle = LifecycleDays {
        cold_after_days: Some(30),
        delete_after_days: Some(365),
    };
    let report = drive(&sb, backup_of("orders", lifecycle), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    // The checklist followed the job's percent.
    let percents: Vec<f64> = report.running.iter().filter_map(|(_, p, _)| *p).collect();
    assert!(
        percents.iter().any(|p| *p > 0.0 && *p < 100.0),
        "{:?}",
        report.running
    );
    let jobs = backup_jobs_of(&sb, &arn).await;
    assert_eq!(jobs.len(), jobs_before + 1, "one job started");
    let job = jobs.iter().max_by_key(|j| j.created_at).unwrap();
    assert_eq!(job.status, JobStatus::Completed);
    let point_arn = job.recovery_point_arn.clone().unwrap();
    // The step ends with the recovery point.
    let StepStatus::Done { detail, .. } = report.status_of(0) else {
        panic!("{:?}", report.status_of(0))
    };
    assert!(
        detail.as_deref().unwrap_or_default().contains(&point_arn),
        "{detail:?}"
    );
    let points = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap();
    assert_eq!(points.len(), points_before + 1);
    let point = points.iter().find(|p| p.arn == point_arn).unwrap();
    assert_eq!(point.lifecycle.move_to_cold_after_days, Some(30));
    assert_eq!(point.lifecycle.delete_after_days, Some(365));
    assert_eq!(
        point.lifecycle.delete_at,
        Some(point.created_at + chrono::Duration::days(365))
    );
}

#[tokio::test]
async fn a_point_kept_forever_has_no_lifecycle() {
    let sb = sandbox_at(1e6);
    let arn = sb.describe_table("orders").await.unwrap().arn;
    let report = drive(
        &sb,
        backup_of("orders", LifecycleDays::NEVER),
        Operator::default(),
    )
    .await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let job = backup_jobs_of(&sb, &arn)
        .await
        .into_iter()
        .max_by_key(|j| j.created_at)
        .unwrap();
    let point = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .into_iter()
        .find(|p| Some(&p.arn) == job.recovery_point_arn.as_ref())
        .unwrap();
    assert_eq!(point.lifecycle.delete_at, None);
    assert_eq!(point.lifecycle.move_to_cold_at, None);
}

/// Runs `op` with `operator` and returns its refusal; no job was started.
async fn refused(op: Operation, operator: Operator) -> String {
    let sb = sandbox_at(1e6);
    let jobs = sb.list_jobs().await.unwrap().len();
    let report = drive(&sb, op, operator).await;
    let Outcome::Refused { reason } = report.outcome else {
        panic!("not refused: {:?}", report.outcome)
    };
    assert!(report.running.is_empty(), "{:?}", report.running);
    assert_eq!(sb.list_jobs().await.unwrap().len(), jobs);
    reason
}

#[tokio::test]
async fn a_backup_job_without_a_role_is_refused() {
    let mut ctx = context();
    ctx.backup_role_arn = String::new();
    let reason = refused(
        backup_of("orders", LifecycleDays::NEVER),
        Operator {
            context: ctx,
            ..Operator::default()
        },
    )
    .await;
    assert!(
        reason.contains("no backup role ARN is configured"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_lifecycle_aws_would_refuse_is_refused_before_the_job() {
    let lifecycle = LifecycleDays {
        cold_after_days: Some(30),
        delete_after_days: Some(100),
    };
    let reason = refused(backup_of("orders", lifecycle), Operator::default()).await;
    assert!(reason.contains("delete after 120 days or more"), "{reason}");
}

#[tokio::test]
async fn a_backup_job_without_a_vault_is_refused() {
    let op = Operation::BackupWithAwsBackup {
        table: TableName::parse("orders").unwrap(),
        lifecycle: LifecycleDays::NEVER,
        vault: String::new(),
    };
    let reason = refused(op, Operator::default()).await;
    assert!(reason.contains("no AWS Backup vault"), "{reason}");
}

#[tokio::test]
async fn a_failed_backup_job_fails_the_step_with_aws_message() {
    // The sandbox refuses a vault that does not exist, as AWS does.
    let sb = sandbox_at(1e6);
    let op = Operation::BackupWithAwsBackup {
        table: TableName::parse("orders").unwrap(),
        lifecycle: LifecycleDays::NEVER,
        vault: "no-such-vault".to_owned(),
    };
    let report = drive(&sb, op, Operator::default()).await;
    let StepStatus::Failed { error, .. } = report.status_of(0) else {
        panic!("{:?}", report.status_of(0))
    };
    assert!(error.contains("no-such-vault"), "{error}");
}
