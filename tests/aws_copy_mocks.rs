//! Copies to another region over the real `AwsBackend`, with
//! `aws-smithy-mocks` answering: moto 5.2.5 serves neither copy jobs nor
//! cross-region calls. The exact StartCopyJob request (point, source vault,
//! destination vault ARN, role, lifecycle, idempotency token), the
//! DescribeCopyJob answer read into a `Job` with its route, and the
//! backend for the DR region sending its calls to that region's endpoint.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod mocked;

use std::sync::{Arc, Mutex};

use aws_sdk_backup::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_backup::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_backup::operation::describe_copy_job::DescribeCopyJobOutput;
use aws_sdk_backup::operation::list_recovery_points_by_backup_vault::ListRecoveryPointsByBackupVaultOutput;
use aws_sdk_backup::operation::start_copy_job::{StartCopyJobInput, StartCopyJobOutput};
use aws_sdk_backup::types::{CopyJob, CopyJobState};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{JobKind, JobStatus, LifecycleDays};
use mocked::Clients;

const ROLE: &str = "arn:aws:iam::111122223333:role/dr-backup-role";
const POINT: &str = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0173-aaaa";
const SOURCE: &str = "arn:aws:backup:eu-west-1:111122223333:backup-vault:main";
const DR: &str = "arn:aws:backup:us-west-2:111122223333:backup-vault:prod-vault-dr";
const COPY: &str = "arn:aws:backup:us-west-2:111122223333:recovery-point:copy-1";

/// Records the host every request is sent to.
#[derive(Debug, Clone, Default)]
struct Hosts(Arc<Mutex<Vec<String>>>);

impl Intercept for Hosts {
    fn name(&self) -> &'static str {
        "Hosts"
    }
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), aws_sdk_backup::error::BoxError> {
        self.0
            .lock()
            .unwrap()
            .push(context.request().uri().to_owned());
        Ok(())
    }
}

#[tokio::test]
async fn start_copy_job_sends_the_point_both_vaults_role_lifecycle_and_token() {
    let sent: Arc<Mutex<Vec<StartCopyJobInput>>> = Arc::default();
    let log = sent.clone();
    let rule = mock!(aws_sdk_backup::Client::start_copy_job).then_compute_output(move |req| {
        log.lock().unwrap().push(req.clone());
        StartCopyJobOutput::builder().copy_job_id("copy-7").build()
    });
    let b = Clients {
        backup: mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]),
        ..Clients::default()
    }
    .backend();
    let days = LifecycleDays {
        cold_after_days: None,
        delete_after_days: Some(35),
    };
    let id = b
        .start_copy_job(POINT, "main", DR, ROLE, days, "dynamo-dr-copy-1-aaaa")
        .await
        .unwrap();
    assert_eq!(id, "copy-7");
    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 1);
    let req = &sent[0];
    assert_eq!(req.recovery_point_arn(), Some(POINT));
    assert_eq!(req.source_backup_vault_name(), Some("main"));
    assert_eq!(req.destination_backup_vault_arn(), Some(DR));
    assert_eq!(req.iam_role_arn(), Some(ROLE));
    assert_eq!(req.idempotency_token(), Some("dynamo-dr-copy-1-aaaa"));
    let lifecycle = req.lifecycle().unwrap();
    assert_eq!(lifecycle.delete_after_days(), Some(35));
    assert_eq!(lifecycle.move_to_cold_storage_after_days(), None);
}

#[tokio::test]
async fn describe_copy_job_reads_state_route_and_the_copys_arn() {
    let rule = mock!(aws_sdk_backup::Client::describe_copy_job)
        .match_requests(|r| r.copy_job_id() == Some("copy-7"))
        .then_output(|| {
            DescribeCopyJobOutput::builder()
                .copy_job(
                    CopyJob::builder()
                        .copy_job_id("copy-7")
                        .state(CopyJobState::Completed)
                        .source_recovery_point_arn(POINT)
                        .destination_recovery_point_arn(COPY)
                        .source_backup_vault_arn(SOURCE)
                        .destination_backup_vault_arn(DR)
                        .creation_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
                        .build(),
                )
                .build()
        });
    let b = Clients {
        backup: mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]),
        ..Clients::default()
    }
    .backend();
    let job = b.describe_copy_job("copy-7").await.unwrap();
    assert_eq!(job.kind, JobKind::Copy);
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!(job.recovery_point_arn.as_deref(), Some(POINT));
    assert_eq!(job.created_resource_arn.as_deref(), Some(COPY));
    let route = job.copy.unwrap();
    assert_eq!(route.source_vault, "main");
    assert_eq!(route.destination_vault, "prod-vault-dr");
    assert_eq!(route.destination_region.as_deref(), Some("us-west-2"));
}

#[tokio::test]
async fn the_dr_regions_backend_sends_its_calls_to_that_region() {
    let rule = mock!(aws_sdk_backup::Client::list_recovery_points_by_backup_vault)
        .match_requests(|r| r.backup_vault_name() == Some("prod-vault-dr"))
        .then_output(|| ListRecoveryPointsByBackupVaultOutput::builder().build());
    let hosts = Hosts::default();
    let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]);
    let client = aws_sdk_backup::Client::from_conf(
        client
            .config()
            .to_builder()
            .interceptor(hosts.clone())
            .build(),
    );
    let b = Clients {
        backup: client,
        ..Clients::default()
    }
    .backend();
    let there = b.in_region("us-west-2").await.unwrap();
    assert_eq!(there.info().region, "us-west-2");
    assert_eq!(
        b.info().region,
        mocked::REGION,
        "the home backend is unchanged"
    );
    let points = there
        .list_recovery_points("prod-vault-dr", None)
        .await
        .unwrap();
    assert!(points.is_empty());
    let hosts = hosts.0.lock().unwrap().clone();
    assert_eq!(hosts.len(), 1, "{hosts:?}");
    assert!(
        hosts[0].contains("backup.us-west-2.amazonaws.com"),
        "{hosts:?}"
    );
    // A region that is not one is refused before any call.
    assert!(b.in_region("not a region").await.is_err());
}
