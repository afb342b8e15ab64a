//! The AWS backend against `aws-smithy-mocks`, for what moto lacks (AWS
//! Backup recovery points, restore and backup jobs) and for AWS's error
//! answers: the exact requests sent and how the answers are read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use aws_sdk_backup::operation::describe_restore_job::DescribeRestoreJobOutput;
use aws_sdk_backup::operation::list_backup_jobs::ListBackupJobsOutput;
use aws_sdk_backup::operation::list_copy_jobs::ListCopyJobsOutput;
use aws_sdk_backup::operation::list_recovery_points_by_backup_vault::{
    ListRecoveryPointsByBackupVaultInput, ListRecoveryPointsByBackupVaultOutput,
};
use aws_sdk_backup::operation::list_restore_jobs::ListRestoreJobsOutput;
use aws_sdk_backup::operation::start_restore_job::{
    StartRestoreJobError, StartRestoreJobInput, StartRestoreJobOutput,
};
use aws_sdk_backup::types::{
    BackupJob, BackupJobState, CalculatedLifecycle, CopyJob, CopyJobState,
    Lifecycle as SdkLifecycle, RecoveryPointByBackupVault, RecoveryPointStatus as SdkPointStatus,
    RestoreJobStatus, RestoreJobsListMember,
};
use aws_sdk_dynamodb::operation::delete_table::DeleteTableError;
use aws_sdk_dynamodb::operation::describe_continuous_backups::DescribeContinuousBackupsOutput;
use aws_sdk_dynamodb::operation::describe_table::DescribeTableError;
use aws_sdk_dynamodb::operation::restore_table_to_point_in_time::RestoreTableToPointInTimeError;
use aws_sdk_dynamodb::types::{
    ContinuousBackupsDescription, ContinuousBackupsStatus, PointInTimeRecoveryDescription,
    PointInTimeRecoveryStatus,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_runtime_api::http::{Response as HttpResponse, StatusCode};
use aws_smithy_types::DateTime as SdkTime;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;
use chrono::{DateTime, Duration, TimeZone, Utc};
use dynamo_dr::aws::AwsBackend;
use dynamo_dr::backend::{Backend, BackendError, BackendInfo, BackendKind};
use dynamo_dr::domain::{JobKind, JobStatus, PitrTarget, RecoveryPointStatus, StorageClass};

const ROLE: &str = "arn:aws:iam::111122223333:role/dr-backup-role";
const RP: &str = "arn:aws:backup:eu-west-1:111122223333:recovery-point:aaaa-1111";
const TABLE_ARN: &str = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";

fn info() -> BackendInfo {
    BackendInfo {
        kind: BackendKind::Aws,
        region: "eu-west-1".to_owned(),
        endpoint: None,
        profile: None,
    }
}

fn iam() -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::from_conf(
        aws_sdk_iam::Config::builder()
            .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
            .region(aws_sdk_iam::config::Region::new("us-east-1"))
            .build(),
    )
}

fn idle_sts() -> aws_sdk_sts::Client {
    let none: [&aws_smithy_mocks::Rule; 0] = [];
    mock_client!(aws_sdk_sts, none)
}

fn idle_dynamodb() -> aws_sdk_dynamodb::Client {
    let none: [&aws_smithy_mocks::Rule; 0] = [];
    mock_client!(aws_sdk_dynamodb, none)
}

fn idle_backup() -> aws_sdk_backup::Client {
    let none: [&aws_smithy_mocks::Rule; 0] = [];
    mock_client!(aws_sdk_backup, none)
}

fn with_backup(backup: aws_sdk_backup::Client) -> AwsBackend {
    AwsBackend::from_clients(idle_dynamodb(), backup, idle_sts(), iam(), info())
}

fn with_dynamodb(dynamodb: aws_sdk_dynamodb::Client) -> AwsBackend {
    AwsBackend::from_clients(dynamodb, idle_backup(), idle_sts(), iam(), info())
}

fn sdk_time(t: DateTime<Utc>) -> SdkTime {
    SdkTime::from_secs(t.timestamp())
}

fn error_meta(code: &str, message: &str) -> ErrorMetadata {
    ErrorMetadata::builder()
        .code(code)
        .message(message)
        .custom("aws_request_id", "REQ-MOCK-1")
        .build()
}

#[tokio::test]
async fn start_restore_job_sends_the_role_the_type_and_the_target_name() {
    let seen: Arc<Mutex<Option<StartRestoreJobInput>>> = Arc::default();
    let sink = seen.clone();
    let rule = mock!(aws_sdk_backup::Client::start_restore_job).then_compute_output(move |req| {
        *sink.lock().unwrap() = Some(req.clone());
        StartRestoreJobOutput::builder()
            .restore_job_id("restore-job-42")
            .build()
    });
    let b = with_backup(mock_client!(aws_sdk_backup, [&rule]));

    let id = b.start_restore_job(RP, ROLE, "orders").await.unwrap();

    assert_eq!(id, "restore-job-42");
    assert_eq!(rule.num_calls(), 1);
    let req = seen
        .lock()
        .unwrap()
        .clone()
        .expect("a StartRestoreJob request");
    assert_eq!(req.recovery_point_arn(), Some(RP));
    assert_eq!(req.iam_role_arn(), Some(ROLE));
    assert_eq!(req.resource_type(), Some("DynamoDB"));
    let metadata = req.metadata().expect("restore metadata");
    assert_eq!(
        metadata.len(),
        1,
        "only the target table name: {metadata:?}"
    );
    assert_eq!(
        metadata.get("targetTableName").map(String::as_str),
        Some("orders")
    );
}

fn point(arn: &str, status: SdkPointStatus, cold_at: DateTime<Utc>) -> RecoveryPointByBackupVault {
    RecoveryPointByBackupVault::builder()
        .recovery_point_arn(arn)
        .backup_vault_name("dr-vault")
        .resource_arn(TABLE_ARN)
        .resource_type("DynamoDB")
        .creation_date(sdk_time(Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()))
        .status(status)
        .backup_size_in_bytes(2_048)
        .lifecycle(
            SdkLifecycle::builder()
                .move_to_cold_storage_after_days(8)
                .delete_after_days(365)
                .build(),
        )
        .calculated_lifecycle(
            CalculatedLifecycle::builder()
                .move_to_cold_storage_at(sdk_time(cold_at))
                .delete_at(sdk_time(cold_at + Duration::days(357)))
                .build(),
        )
        .build()
}

#[tokio::test]
async fn recovery_points_are_read_across_pages_with_their_storage_and_lifecycle() {
    let now = Utc::now();
    let future_cold = now + Duration::days(5);
    let past_cold = now - Duration::days(30);
    let requests: Arc<Mutex<Vec<ListRecoveryPointsByBackupVaultInput>>> = Arc::default();
    let (first_sink, second_sink) = (requests.clone(), requests.clone());
    let first = mock!(aws_sdk_backup::Client::list_recovery_points_by_backup_vault)
        .match_requests(|r| r.next_token().is_none())
        .then_compute_output(move |r| {
            first_sink.lock().unwrap().push(r.clone());
            ListRecoveryPointsByBackupVaultOutput::builder()
                .recovery_points(point("rp-warm", SdkPointStatus::Completed, future_cold))
                .recovery_points(point("rp-cold", SdkPointStatus::Completed, past_cold))
                .next_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_backup::Client::list_recovery_points_by_backup_vault)
        .match_requests(|r| r.next_token() == Some("page-2"))
        .then_compute_output(move |r| {
            second_sink.lock().unwrap().push(r.clone());
            ListRecoveryPointsByBackupVaultOutput::builder()
                .recovery_points(point("rp-expired", SdkPointStatus::Expired, past_cold))
                .build()
        });
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&first, &second]
    ));

    let points = b
        .list_recovery_points("dr-vault", Some(TABLE_ARN))
        .await
        .unwrap();

    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    for req in requests.lock().unwrap().iter() {
        assert_eq!(req.backup_vault_name(), Some("dr-vault"));
        assert_eq!(req.by_resource_arn(), Some(TABLE_ARN));
    }
    let arns: Vec<&str> = points.iter().map(|p| p.arn.as_str()).collect();
    assert_eq!(arns, ["rp-warm", "rp-cold", "rp-expired"]);
    let storage: Vec<StorageClass> = points.iter().map(|p| p.storage).collect();
    assert_eq!(
        storage,
        [
            StorageClass::Warm,
            StorageClass::Cold,
            StorageClass::Deleted
        ]
    );
    let warm = &points[0];
    assert_eq!(warm.resource_arn, TABLE_ARN);
    assert_eq!(warm.table_name(), "orders");
    assert_eq!(warm.status, RecoveryPointStatus::Completed);
    assert_eq!(warm.size_bytes, Some(2_048));
    assert_eq!(
        warm.created_at,
        Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()
    );
    assert_eq!(warm.lifecycle.move_to_cold_after_days, Some(8));
    assert_eq!(warm.lifecycle.delete_after_days, Some(365));
    assert_eq!(
        warm.lifecycle.move_to_cold_at.map(|t| t.timestamp()),
        Some(future_cold.timestamp())
    );
    assert_eq!(
        warm.lifecycle.delete_at.map(|t| t.timestamp()),
        Some((future_cold + Duration::days(357)).timestamp())
    );
    assert_eq!(points[2].status, RecoveryPointStatus::Expired);
    assert_eq!(warm.estimated_restore(), Duration::minutes(20));
    assert_eq!(points[1].estimated_restore(), Duration::hours(3));
}

#[tokio::test]
async fn a_restore_job_reports_status_and_percent() {
    let rule = mock!(aws_sdk_backup::Client::describe_restore_job)
        .match_requests(|r| r.restore_job_id() == Some("restore-job-42"))
        .then_output(|| {
            DescribeRestoreJobOutput::builder()
                .restore_job_id("restore-job-42")
                .recovery_point_arn(RP)
                .status(RestoreJobStatus::Running)
                .percent_done("45.00")
                .created_resource_arn(TABLE_ARN)
                .creation_date(SdkTime::from_secs(1_735_787_045))
                .build()
        });
    let b = with_backup(mock_client!(aws_sdk_backup, [&rule]));

    let job = b.describe_restore_job("restore-job-42").await.unwrap();

    assert_eq!(job.id, "restore-job-42");
    assert_eq!(job.kind, JobKind::Restore);
    assert_eq!(job.status, JobStatus::Running);
    assert!(!job.status.is_finished());
    assert_eq!(job.percent_done, Some(45.0));
    assert_eq!(job.recovery_point_arn.as_deref(), Some(RP));
    assert_eq!(job.created_resource_arn.as_deref(), Some(TABLE_ARN));
    assert_eq!(job.created_at.timestamp(), 1_735_787_045);
}

#[tokio::test]
async fn jobs_are_listed_across_pages_of_backup_and_restore_jobs() {
    let backup_page_1 = mock!(aws_sdk_backup::Client::list_backup_jobs)
        .match_requests(|r| {
            r.next_token().is_none()
                && r.by_resource_type() == Some("DynamoDB")
                && r.by_created_after().is_some()
        })
        .then_output(|| {
            ListBackupJobsOutput::builder()
                .backup_jobs(
                    BackupJob::builder()
                        .backup_job_id("backup-job-1")
                        .state(BackupJobState::Completed)
                        .percent_done("100.0")
                        .resource_arn(TABLE_ARN)
                        .creation_date(SdkTime::from_secs(1_000))
                        .build(),
                )
                .next_token("bj-2")
                .build()
        });
    let backup_page_2 = mock!(aws_sdk_backup::Client::list_backup_jobs)
        .match_requests(|r| r.next_token() == Some("bj-2"))
        .then_output(|| {
            ListBackupJobsOutput::builder()
                .backup_jobs(
                    BackupJob::builder()
                        .backup_job_id("backup-job-2")
                        .state(BackupJobState::Failed)
                        .status_message("Access denied to the KMS key")
                        .creation_date(SdkTime::from_secs(2_000))
                        .build(),
                )
                .build()
        });
    let restores = mock!(aws_sdk_backup::Client::list_restore_jobs)
        .match_requests(|r| {
            r.by_resource_type() == Some("DynamoDB") && r.by_created_after().is_some()
        })
        .then_output(|| {
            ListRestoreJobsOutput::builder()
                .restore_jobs(
                    RestoreJobsListMember::builder()
                        .restore_job_id("restore-job-3")
                        .status(RestoreJobStatus::Pending)
                        .percent_done("0.00")
                        .creation_date(SdkTime::from_secs(3_000))
                        .build(),
                )
                .build()
        });
    let no_copies = mock!(aws_sdk_backup::Client::list_copy_jobs)
        .then_output(|| ListCopyJobsOutput::builder().build());
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&backup_page_1, &backup_page_2, &restores, &no_copies]
    ));

    let jobs = b.list_jobs().await.unwrap();

    assert_eq!(
        (
            backup_page_1.num_calls(),
            backup_page_2.num_calls(),
            restores.num_calls()
        ),
        (1, 1, 1)
    );
    let ids: Vec<&str> = jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(
        ids,
        ["restore-job-3", "backup-job-2", "backup-job-1"],
        "newest first"
    );
    assert_eq!(jobs[0].kind, JobKind::Restore);
    assert_eq!(jobs[0].status, JobStatus::Pending);
    assert_eq!(jobs[0].percent_done, Some(0.0));
    assert_eq!(jobs[1].kind, JobKind::Backup);
    assert_eq!(jobs[1].status, JobStatus::Failed);
    assert_eq!(
        jobs[1].status_message.as_deref(),
        Some("Access denied to the KMS key")
    );
    assert_eq!(jobs[2].status, JobStatus::Completed);
    assert_eq!(jobs[2].percent_done, Some(100.0));
    assert_eq!(jobs[2].resource_arn.as_deref(), Some(TABLE_ARN));
}

#[tokio::test]
async fn deleting_a_protected_table_is_refused_in_the_operators_words() {
    let rule = mock!(aws_sdk_dynamodb::Client::delete_table)
        .match_requests(|r| r.table_name() == Some("orders"))
        .then_error(|| {
            DeleteTableError::generic(error_meta(
                "ValidationException",
                "Resource cannot be deleted as it is currently protected against deletion. \
                 Disable deletion protection first.",
            ))
        });
    let b = with_dynamodb(mock_client!(aws_sdk_dynamodb, [&rule]));

    let err = b.delete_table("orders").await.unwrap_err();

    assert_eq!(
        err,
        BackendError::DeletionProtected {
            table: "orders".to_owned()
        }
    );
    assert!(err.to_string().contains("turn it off before deleting"));
}

#[tokio::test]
async fn other_validation_errors_are_not_taken_for_deletion_protection() {
    let rule = mock!(aws_sdk_dynamodb::Client::delete_table).then_error(|| {
        DeleteTableError::generic(error_meta(
            "ValidationException",
            "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint",
        ))
    });
    let b = with_dynamodb(mock_client!(aws_sdk_dynamodb, [&rule]));

    assert!(matches!(
        b.delete_table("x").await,
        Err(BackendError::Invalid(m)) if m.contains("failed to satisfy constraint")
    ));
}

#[tokio::test]
async fn access_denied_names_the_missing_permission() {
    let rule = mock!(aws_sdk_dynamodb::Client::describe_table).then_error(|| {
        DescribeTableError::generic(error_meta(
            "AccessDeniedException",
            "User: arn:aws:sts::111122223333:assumed-role/oncall/me is not authorized to \
             perform: dynamodb:DescribeTable on resource: orders",
        ))
    });
    let b = with_dynamodb(mock_client!(aws_sdk_dynamodb, [&rule]));

    let err = b.describe_table("orders").await.unwrap_err();

    match &err {
        BackendError::AccessDenied {
            permission,
            message,
        } => {
            assert_eq!(permission, "dynamodb:DescribeTable");
            assert!(message.contains("not authorized"));
        }
        other => panic!("expected AccessDenied, got {other:?}"),
    }
    assert!(
        err.to_string()
            .contains("missing permission: dynamodb:DescribeTable")
    );
}

#[tokio::test]
async fn a_restore_job_without_pass_role_says_so() {
    let rule = mock!(aws_sdk_backup::Client::start_restore_job).then_error(|| {
        StartRestoreJobError::generic(error_meta(
            "AccessDeniedException",
            "User is not authorized to perform: iam:PassRole on resource: dr-backup-role",
        ))
    });
    let b = with_backup(mock_client!(aws_sdk_backup, [&rule]));

    match b.start_restore_job(RP, ROLE, "orders").await {
        Err(BackendError::AccessDenied { permission, .. }) => {
            assert_eq!(permission, format!("iam:PassRole on {ROLE}"))
        }
        other => panic!("expected AccessDenied, got {other:?}"),
    }
}

#[tokio::test]
async fn too_many_restores_is_a_limit_with_the_numbers() {
    let rule = mock!(aws_sdk_backup::Client::start_restore_job).then_error(|| {
        StartRestoreJobError::generic(error_meta(
            "LimitExceededException",
            "Too many concurrent restores",
        ))
    });
    let b = with_backup(mock_client!(aws_sdk_backup, [&rule]));

    match b.start_restore_job(RP, ROLE, "orders").await {
        Err(BackendError::LimitExceeded(m)) => {
            assert!(m.contains("Too many concurrent restores"));
            assert!(m.contains("50 concurrent restores"));
            assert!(m.contains("500"));
        }
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
}

/// Throttling is retried by the SDK; once the attempts are spent the code,
/// message and request id reach the operator.
#[tokio::test]
async fn throttling_surfaces_with_code_and_request_id_after_retries() {
    let rule = mock!(aws_sdk_dynamodb::Client::describe_table).then_http_response(|| {
        let mut response = HttpResponse::new(
            StatusCode::try_from(400).unwrap(),
            SdkBody::from(
                r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}"#,
            ),
        );
        response
            .headers_mut()
            .insert("content-type", "application/x-amz-json-1.0");
        response
            .headers_mut()
            .insert("x-amzn-requestid", "REQ-THROTTLE-7");
        response
    });
    let dynamodb = mock_client!(aws_sdk_dynamodb, RuleMode::MatchAny, [&rule], |c| {
        c.retry_config(
            aws_sdk_dynamodb::config::retry::RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(StdDuration::from_millis(1)),
        )
    });
    let b = with_dynamodb(dynamodb);

    let err = b.describe_table("orders").await.unwrap_err();

    assert_eq!(rule.num_calls(), 3, "retried before giving up");
    assert_eq!(
        err,
        BackendError::Aws {
            code: "ThrottlingException".to_owned(),
            message: "Rate of requests exceeds the allowed throughput.".to_owned(),
            request_id: Some("REQ-THROTTLE-7".to_owned()),
        }
    );
    assert!(err.to_string().contains("(request id REQ-THROTTLE-7)"));
}

fn pitr_window(earliest: DateTime<Utc>, latest: DateTime<Utc>) -> DescribeContinuousBackupsOutput {
    DescribeContinuousBackupsOutput::builder()
        .continuous_backups_description(
            ContinuousBackupsDescription::builder()
                .continuous_backups_status(ContinuousBackupsStatus::Enabled)
                .point_in_time_recovery_description(
                    PointInTimeRecoveryDescription::builder()
                        .point_in_time_recovery_status(PointInTimeRecoveryStatus::Enabled)
                        .recovery_period_in_days(7)
                        .earliest_restorable_date_time(sdk_time(earliest))
                        .latest_restorable_date_time(sdk_time(latest))
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .build()
}

#[tokio::test]
async fn a_time_outside_the_window_names_the_window() {
    let earliest = Utc.with_ymd_and_hms(2025, 1, 21, 0, 0, 0).unwrap();
    let latest = Utc.with_ymd_and_hms(2025, 1, 28, 9, 0, 0).unwrap();
    let requested = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let restore = mock!(aws_sdk_dynamodb::Client::restore_table_to_point_in_time)
        .match_requests(move |r| {
            r.source_table_name() == Some("orders")
                && r.target_table_name() == Some("orders--dupe-Jan-28-2025-08-29-20")
                && r.restore_date_time() == Some(&SdkTime::from_secs(requested.timestamp()))
                && r.use_latest_restorable_time().is_none()
        })
        .then_error(|| {
            RestoreTableToPointInTimeError::generic(error_meta(
                "InvalidRestoreTimeException",
                "RestoreDateTime must be between EarliestRestorableDateTime and \
                 LatestRestorableDateTime",
            ))
        });
    let window = mock!(aws_sdk_dynamodb::Client::describe_continuous_backups)
        .match_requests(|r| r.table_name() == Some("orders"))
        .then_output(move || pitr_window(earliest, latest));
    let b = with_dynamodb(mock_client!(
        aws_sdk_dynamodb,
        RuleMode::MatchAny,
        [&restore, &window]
    ));

    let err = b
        .restore_table_to_point_in_time(
            "orders",
            "orders--dupe-Jan-28-2025-08-29-20",
            PitrTarget::At(requested),
        )
        .await
        .unwrap_err();

    assert_eq!(restore.num_calls(), 1, "the request carried the exact time");
    assert_eq!(
        err,
        BackendError::OutsidePitrWindow {
            requested: "Jan 01 2025 - 00:00:00".to_owned(),
            earliest,
            latest,
        }
    );
}

#[tokio::test]
async fn a_source_without_pitr_is_named() {
    let restore = mock!(aws_sdk_dynamodb::Client::restore_table_to_point_in_time)
        .match_requests(|r| r.use_latest_restorable_time() == Some(true))
        .then_error(|| {
            RestoreTableToPointInTimeError::generic(error_meta(
                "PointInTimeRecoveryUnavailableException",
                "Point in time recovery is not enabled for table 'orders'",
            ))
        });
    let b = with_dynamodb(mock_client!(aws_sdk_dynamodb, [&restore]));

    assert_eq!(
        b.restore_table_to_point_in_time("orders", "orders-copy", PitrTarget::Latest)
            .await,
        Err(BackendError::PitrDisabled {
            table: "orders".to_owned()
        })
    );
}

#[tokio::test]
async fn pitr_status_carries_the_period_and_window() {
    let earliest = Utc.with_ymd_and_hms(2025, 1, 21, 0, 0, 0).unwrap();
    let latest = Utc.with_ymd_and_hms(2025, 1, 28, 9, 0, 0).unwrap();
    let rule = mock!(aws_sdk_dynamodb::Client::describe_continuous_backups)
        .then_output(move || pitr_window(earliest, latest));
    let b = with_dynamodb(mock_client!(aws_sdk_dynamodb, [&rule]));

    let status = b.describe_continuous_backups("orders").await.unwrap();

    assert!(status.enabled);
    assert_eq!(status.recovery_period_days, Some(7));
    let window = status.window.unwrap();
    assert_eq!((window.earliest, window.latest), (earliest, latest));
}

#[tokio::test]
async fn missing_credentials_say_how_to_log_in() {
    let provider = aws_credential_types::credential_fn::provide_credentials_fn(|| async {
        Err(
            aws_credential_types::provider::error::CredentialsError::not_loaded(
                "the SSO session has expired",
            ),
        )
    });
    // A real client: the mocks answer before credentials are resolved.
    let dynamodb = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("eu-west-1"))
            .endpoint_url("http://127.0.0.1:9")
            .credentials_provider(provider)
            .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
            .build(),
    );
    let b = with_dynamodb(dynamodb);

    match b.list_tables().await {
        Err(BackendError::Credentials(m)) => {
            assert!(m.contains("aws sso login"), "{m}");
            assert!(m.contains("--profile"), "{m}");
        }
        other => panic!("expected Credentials, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_endpoint_is_named() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let endpoint = format!("http://127.0.0.1:{port}");
    let dynamodb = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("eu-west-1"))
            .endpoint_url(&endpoint)
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::for_tests())
            .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
            .build(),
    );
    let info = BackendInfo {
        endpoint: Some(endpoint.clone()),
        ..info()
    };
    let b = AwsBackend::from_clients(dynamodb, idle_backup(), idle_sts(), iam(), info);

    match b.list_tables().await {
        Err(BackendError::Unreachable(m)) => {
            assert!(m.contains(&endpoint), "{m}");
            assert!(m.contains("eu-west-1"), "{m}");
            assert!(m.contains("dynamodb:ListTables"), "{m}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
}

#[tokio::test]
async fn connecting_needs_no_credentials() {
    let b = dynamo_dr::aws::connect(dynamo_dr::aws::AwsOptions {
        profile: Some("dynamo-dr-no-such-profile".to_owned()),
        region: Some("eu-west-1".to_owned()),
        endpoint_url: Some("http://127.0.0.1:9".to_owned()),
        ..Default::default()
    })
    .await
    .expect("connecting never fails for want of credentials");
    let info = b.info();
    assert_eq!(info.kind, BackendKind::Aws);
    assert_eq!(info.region, "eu-west-1");
    assert_eq!(info.profile.as_deref(), Some("dynamo-dr-no-such-profile"));
    assert_eq!(info.endpoint.as_deref(), Some("http://127.0.0.1:9"));
}

/// ListBackups has no SDK paginator: the backend follows
/// LastEvaluatedBackupArn itself, and asks for USER backups only.
#[tokio::test]
async fn dynamodb_backups_are_listed_across_pages_user_backups_only() {
    use aws_sdk_dynamodb::operation::list_backups::ListBackupsOutput;
    use aws_sdk_dynamodb::types::{BackupStatus as SdkStatus, BackupSummary, BackupTypeFilter};

    let summary = |arn: &str, name: &str| {
        BackupSummary::builder()
            .backup_arn(arn)
            .backup_name(name)
            .table_name("orders")
            .backup_status(SdkStatus::Available)
            .backup_type(aws_sdk_dynamodb::types::BackupType::User)
            .backup_creation_date_time(SdkTime::from_secs(1_735_787_045))
            .backup_size_bytes(1_000)
            .build()
    };
    let first = mock!(aws_sdk_dynamodb::Client::list_backups)
        .match_requests(|r| {
            r.exclusive_start_backup_arn().is_none()
                && r.backup_type() == Some(&BackupTypeFilter::User)
                && r.table_name() == Some("orders")
        })
        .then_output(move || {
            ListBackupsOutput::builder()
                .backup_summaries(summary("arn:b1", "orders--orig-Jan-01-2025-00-00-00"))
                .last_evaluated_backup_arn("arn:b1")
                .build()
        });
    let second = mock!(aws_sdk_dynamodb::Client::list_backups)
        .match_requests(|r| {
            r.exclusive_start_backup_arn() == Some("arn:b1")
                && r.backup_type() == Some(&BackupTypeFilter::User)
                && r.table_name() == Some("orders")
        })
        .then_output(move || {
            ListBackupsOutput::builder()
                .backup_summaries(summary("arn:b2", "orders--dupe-Jan-01-2025-00-00-00"))
                .build()
        });
    let b = with_dynamodb(mock_client!(
        aws_sdk_dynamodb,
        RuleMode::MatchAny,
        [&first, &second]
    ));

    let backups = b.list_backups(Some("orders")).await.unwrap();

    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    let arns: Vec<&str> = backups.iter().map(|b| b.arn.as_str()).collect();
    assert_eq!(arns, ["arn:b1", "arn:b2"]);
    assert_eq!(backups[0].name, "orders--orig-Jan-01-2025-00-00-00");
    assert_eq!(backups[0].table_name, "orders");
    assert_eq!(backups[0].size_bytes, Some(1_000));
    assert_eq!(backups[0].created_at.timestamp(), 1_735_787_045);
}

/// `dynamo-dr jobs --since`: the window is sent as each list's
/// ByCreatedAfter; copy jobs are read across pages with their vaults and
/// the destination's region; EXPIRED and FAILED stay apart.
#[tokio::test]
async fn jobs_since_a_time_list_copy_jobs_across_pages_and_keep_expired_apart() {
    let since = Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap();
    let sent = sdk_time(since);
    let backups = mock!(aws_sdk_backup::Client::list_backup_jobs)
        .match_requests(move |r| {
            r.by_resource_type() == Some("DynamoDB") && r.by_created_after() == Some(&sent)
        })
        .then_output(|| {
            ListBackupJobsOutput::builder()
                .backup_jobs(
                    BackupJob::builder()
                        .backup_job_id("backup-job-9")
                        .state(BackupJobState::Expired)
                        .status_message("Backup job expired before it could start")
                        .resource_arn(TABLE_ARN)
                        .creation_date(SdkTime::from_secs(1_764_500_000))
                        .build(),
                )
                .build()
        });
    let copies_1 = mock!(aws_sdk_backup::Client::list_copy_jobs)
        .match_requests(move |r| {
            r.next_token().is_none()
                && r.by_resource_type() == Some("DynamoDB")
                && r.by_created_after() == Some(&sent)
        })
        .then_output(|| {
            ListCopyJobsOutput::builder()
                .copy_jobs(
                    CopyJob::builder()
                        .copy_job_id("copy-job-1")
                        .state(CopyJobState::Completed)
                        .resource_arn(TABLE_ARN)
                        .source_recovery_point_arn(RP)
                        .source_backup_vault_arn(
                            "arn:aws:backup:eu-west-1:111122223333:backup-vault:prod",
                        )
                        .destination_backup_vault_arn(
                            "arn:aws:backup:us-west-2:111122223333:backup-vault:prod-dr",
                        )
                        .destination_recovery_point_arn(
                            "arn:aws:backup:us-west-2:111122223333:recovery-point:bbbb",
                        )
                        .creation_date(SdkTime::from_secs(1_764_510_000))
                        .completion_date(SdkTime::from_secs(1_764_510_600))
                        .build(),
                )
                .next_token("cj-2")
                .build()
        });
    let copies_2 = mock!(aws_sdk_backup::Client::list_copy_jobs)
        .match_requests(|r| r.next_token() == Some("cj-2"))
        .then_output(|| {
            ListCopyJobsOutput::builder()
                .copy_jobs(
                    CopyJob::builder()
                        .copy_job_id("copy-job-2")
                        .state(CopyJobState::Failed)
                        .status_message("Access denied to the destination vault")
                        .resource_arn(TABLE_ARN)
                        .source_backup_vault_arn(
                            "arn:aws:backup:eu-west-1:111122223333:backup-vault:prod",
                        )
                        .destination_backup_vault_arn(
                            "arn:aws:backup:us-west-2:111122223333:backup-vault:prod-dr",
                        )
                        .creation_date(SdkTime::from_secs(1_764_520_000))
                        .build(),
                )
                .build()
        });
    let restores = mock!(aws_sdk_backup::Client::list_restore_jobs)
        .match_requests(move |r| r.by_created_after() == Some(&sent))
        .then_output(|| ListRestoreJobsOutput::builder().build());
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&backups, &copies_1, &copies_2, &restores]
    ));

    let jobs = b.list_jobs_since(since).await.unwrap();

    assert_eq!(
        (
            backups.num_calls(),
            copies_1.num_calls(),
            copies_2.num_calls(),
            restores.num_calls()
        ),
        (1, 1, 1, 1)
    );
    let ids: Vec<&str> = jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(
        ids,
        ["copy-job-2", "copy-job-1", "backup-job-9"],
        "newest first"
    );
    let failed = &jobs[0];
    assert_eq!(
        (failed.kind, &failed.status),
        (JobKind::Copy, &JobStatus::Failed)
    );
    assert_eq!(
        failed.status_message.as_deref(),
        Some("Access denied to the destination vault")
    );
    let done = &jobs[1];
    assert_eq!(done.status, JobStatus::Completed);
    let route = done.copy.as_ref().unwrap();
    assert_eq!(
        (
            route.source_vault.as_str(),
            route.destination_vault.as_str(),
            route.destination_region.as_deref()
        ),
        ("prod", "prod-dr", Some("us-west-2"))
    );
    assert_eq!(done.recovery_point_arn.as_deref(), Some(RP));
    assert!(done.completed_at.is_some());
    let expired = &jobs[2];
    assert_eq!(expired.kind, JobKind::Backup);
    assert_eq!(expired.status, JobStatus::Expired);
    assert!(expired.status.is_problem());
    assert_eq!(expired.copy, None);
}
