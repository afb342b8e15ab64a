//! Operation 12 (back up with AWS Backup) over the real `AwsBackend`, with
//! `aws-smithy-mocks` answering: moto 5.2.5 does not serve StartBackupJob or
//! DescribeBackupJob (404). The exact StartBackupJob request (the table's
//! ARN from DescribeTable, vault, role, lifecycle, idempotency token), the
//! DescribeBackupJob answer read into a `Job`, PassRole named, and a whole
//! run following the job's percent to its recovery point.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod mocked;
mod play;

use std::sync::{Arc, Mutex};

use aws_sdk_backup::operation::describe_backup_job::DescribeBackupJobOutput;
use aws_sdk_backup::operation::start_backup_job::{
    StartBackupJobError, StartBackupJobInput, StartBackupJobOutput,
};
use aws_sdk_backup::types::BackupJobState;
use aws_sdk_dynamodb::operation::describe_table::DescribeTableOutput;
use aws_sdk_dynamodb::types::{TableDescription, TableStatus as SdkTableStatus};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime as SdkTime;
use aws_smithy_types::error::ErrorMetadata;
use dynamo_dr::aws::AwsBackend;
use dynamo_dr::backend::{Backend, BackendError};
use dynamo_dr::domain::{JobKind, JobStatus, LifecycleDays, TableName};
use dynamo_dr::workflow::{Operation, Outcome, StepStatus};
use mocked::Clients;

const ROLE: &str = "arn:aws:iam::111122223333:role/dr-backup-role";
const VAULT: &str = "dr-vault";
const TABLE_ARN: &str = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
const POINT: &str = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0173-aaaa";
const JOB: &str = "backup-job-7";

/// DescribeTable of `orders`: ACTIVE, with its ARN.
fn orders_active() -> aws_sdk_dynamodb::Client {
    let rule = mock!(aws_sdk_dynamodb::Client::describe_table)
        .match_requests(|r| r.table_name() == Some("orders"))
        .then_output(|| {
            DescribeTableOutput::builder()
                .table(
                    TableDescription::builder()
                        .table_name("orders")
                        .table_arn(TABLE_ARN)
                        .table_status(SdkTableStatus::Active)
                        .item_count(10)
                        .table_size_bytes(1_000)
                        .build(),
                )
                .build()
        });
    mock_client!(aws_sdk_dynamodb, RuleMode::MatchAny, [&rule])
}

fn backend(dynamodb: aws_sdk_dynamodb::Client, backup: aws_sdk_backup::Client) -> AwsBackend {
    Clients {
        dynamodb,
        backup,
        ..Clients::default()
    }
    .backend()
}

#[tokio::test]
async fn start_backup_job_sends_the_tables_arn_vault_role_lifecycle_and_token() {
    let sent: Arc<Mutex<Vec<StartBackupJobInput>>> = Arc::default();
    let log = sent.clone();
    let rule = mock!(aws_sdk_backup::Client::start_backup_job).then_compute_output(move |req| {
        log.lock().unwrap().push(req.clone());
        StartBackupJobOutput::builder().backup_job_id(JOB).build()
    });
    let b = backend(
        orders_active(),
        mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]),
    );
    let days = LifecycleDays {
        cold_after_days: Some(30),
        delete_after_days: Some(365),
    };
    let id = b
        .start_backup_job("orders", VAULT, ROLE, days, "dynamo-dr-1-orders")
        .await
        .unwrap();
    assert_eq!(id, JOB);
    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 1);
    let req = &sent[0];
    assert_eq!(req.resource_arn(), Some(TABLE_ARN));
    assert_eq!(req.backup_vault_name(), Some(VAULT));
    assert_eq!(req.iam_role_arn(), Some(ROLE));
    assert_eq!(req.idempotency_token(), Some("dynamo-dr-1-orders"));
    let lifecycle = req.lifecycle().unwrap();
    assert_eq!(lifecycle.move_to_cold_storage_after_days(), Some(30));
    assert_eq!(lifecycle.delete_after_days(), Some(365));
}

#[tokio::test]
async fn a_point_kept_forever_is_sent_without_a_lifecycle() {
    let sent: Arc<Mutex<Vec<StartBackupJobInput>>> = Arc::default();
    let log = sent.clone();
    let rule = mock!(aws_sdk_backup::Client::start_backup_job).then_compute_output(move |req| {
        log.lock().unwrap().push(req.clone());
        StartBackupJobOutput::builder().backup_job_id(JOB).build()
    });
    let b = backend(
        orders_active(),
        mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]),
    );
    b.start_backup_job("orders", VAULT, ROLE, LifecycleDays::NEVER, "t")
        .await
        .unwrap();
    assert!(sent.lock().unwrap()[0].lifecycle().is_none());
}

#[tokio::test]
async fn a_backup_job_is_read_with_its_state_percent_and_point() {
    let rule = mock!(aws_sdk_backup::Client::describe_backup_job)
        .match_requests(|r| r.backup_job_id() == Some(JOB))
        .then_output(|| {
            DescribeBackupJobOutput::builder()
                .backup_job_id(JOB)
                .state(BackupJobState::Completed)
                .percent_done("100.0")
                .resource_arn(TABLE_ARN)
                .recovery_point_arn(POINT)
                .creation_date(SdkTime::from_secs(1_764_000_000))
                .completion_date(SdkTime::from_secs(1_764_000_600))
                .build()
        });
    let b = Clients {
        backup: mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]),
        ..Clients::default()
    }
    .backend();
    let job = b.describe_backup_job(JOB).await.unwrap();
    assert_eq!(job.kind, JobKind::Backup);
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!(job.percent_done, Some(100.0));
    assert_eq!(job.resource_arn.as_deref(), Some(TABLE_ARN));
    assert_eq!(job.recovery_point_arn.as_deref(), Some(POINT));
    assert_eq!(job.created_at.timestamp(), 1_764_000_000);
    assert_eq!(job.completed_at.unwrap().timestamp(), 1_764_000_600);
}

#[tokio::test]
async fn a_backup_job_without_pass_role_names_it() {
    let rule = mock!(aws_sdk_backup::Client::start_backup_job).then_error(|| {
        StartBackupJobError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("User is not authorized to perform: iam:PassRole on resource")
                .build(),
        )
    });
    let b = backend(
        orders_active(),
        mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]),
    );
    match b
        .start_backup_job("orders", VAULT, ROLE, LifecycleDays::NEVER, "t")
        .await
    {
        Err(BackendError::AccessDenied { permission, .. }) => {
            assert_eq!(permission, format!("iam:PassRole on {ROLE}"));
        }
        other => panic!("{other:?}"),
    }
}

/// The whole operation: the job RUNNING at 40 %, then COMPLETED with its
/// point; the checklist shows the percent, the step ends with the point.
#[tokio::test]
async fn operation_12_follows_the_job_to_its_recovery_point() {
    let started = mock!(aws_sdk_backup::Client::start_backup_job)
        .match_requests(|r| {
            r.resource_arn() == Some(TABLE_ARN)
                && r.backup_vault_name() == Some(VAULT)
                && r.iam_role_arn() == Some(ROLE)
        })
        .then_output(|| StartBackupJobOutput::builder().backup_job_id(JOB).build());
    let job = |state: BackupJobState, percent: &str, point: Option<&str>| {
        DescribeBackupJobOutput::builder()
            .backup_job_id(JOB)
            .state(state)
            .percent_done(percent)
            .resource_arn(TABLE_ARN)
            .set_recovery_point_arn(point.map(str::to_owned))
            .creation_date(SdkTime::from_secs(1_764_000_000))
            .build()
    };
    let followed = mock!(aws_sdk_backup::Client::describe_backup_job)
        .sequence()
        .output(move || job(BackupJobState::Running, "40.0", None))
        .output(move || job(BackupJobState::Completed, "100.0", Some(POINT)))
        .build();
    let b: Arc<dyn Backend> = Arc::new(backend(
        orders_active(),
        mock_client!(aws_sdk_backup, RuleMode::Sequential, [&started, &followed]),
    ));
    let op = Operation::BackupWithAwsBackup {
        table: TableName::parse("orders").unwrap(),
        lifecycle: LifecycleDays {
            cold_after_days: None,
            delete_after_days: Some(35),
        },
        vault: VAULT.to_owned(),
    };
    let played = play::play(b, op, play::context(VAULT, ROLE), play::Cleanup::KeepAll).await;
    assert_eq!(played.outcome, Outcome::Completed { remaining: vec![] });
    played.assert_all_done();
    assert!(
        played.running.iter().any(|(_, p, _)| *p == Some(40.0)),
        "{:?}",
        played.running
    );
    let StepStatus::Done { detail, .. } = &played.statuses[0] else {
        panic!()
    };
    assert!(detail.as_deref().unwrap().contains(POINT), "{detail:?}");
}
