//! Copies to another region or account (issue 14): StartCopyJob of a
//! recovery point into a vault elsewhere, DescribeCopyJob to follow it,
//! and the same credentials and endpoint acting in the DR region.

use std::sync::Arc;

use super::AwsBackend;
use crate::backend::{Backend, BackendError, BackendResult};
use crate::domain::{Job, LifecycleDays};

/// StartCopyJob; the idempotency token makes a resent call answer the same
/// job.
pub(super) async fn start_copy_job(
    b: &AwsBackend,
    recovery_point_arn: &str,
    source_vault: &str,
    destination_vault_arn: &str,
    role_arn: &str,
    lifecycle: LifecycleDays,
    idempotency_token: &str,
) -> BackendResult<String> {
    let call = b.call(
        "backup:StartCopyJob",
        format!("recovery point {recovery_point_arn}"),
    );
    let out = b
        .backup
        .start_copy_job()
        .recovery_point_arn(recovery_point_arn)
        .source_backup_vault_name(source_vault)
        .destination_backup_vault_arn(destination_vault_arn)
        .iam_role_arn(role_arn)
        .idempotency_token(idempotency_token)
        .set_lifecycle(super::plans::sdk_lifecycle(lifecycle))
        .send()
        .await
        .map_err(|e| super::errors::pass_role(role_arn)(call.map(e)))?;
    out.copy_job_id()
        .map(str::to_owned)
        .ok_or_else(|| BackendError::empty_response("StartCopyJob answered without a job id"))
}

pub(super) async fn describe_copy_job(b: &AwsBackend, job_id: &str) -> BackendResult<Job> {
    let call = b.call("backup:DescribeCopyJob", format!("copy job {job_id}"));
    let out = b
        .backup
        .describe_copy_job()
        .copy_job_id(job_id)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let job = out
        .copy_job()
        .ok_or_else(|| BackendError::empty_response("DescribeCopyJob answered without the job"))?;
    let mut job = super::convert_backup::copy_job(job);
    if job.id.is_empty() {
        job_id.clone_into(&mut job.id);
    }
    Ok(job)
}

/// The same clients (credentials, endpoint, retries, timeouts) for
/// `region`.
pub(super) fn in_region(b: &AwsBackend, region: &str) -> BackendResult<Arc<dyn Backend>> {
    super::validate::region(region, b.info.endpoint.is_some())?;
    let r = aws_config::Region::new(region.to_owned());
    macro_rules! moved {
        ($client:expr, $sdk:ident) => {
            $sdk::Client::from_conf($client.config().to_builder().region(r.clone()).build())
        };
    }
    let mut info = b.info.clone();
    region.clone_into(&mut info.region);
    Ok(Arc::new(AwsBackend::from_clients(
        moved!(b.dynamodb, aws_sdk_dynamodb),
        moved!(b.backup, aws_sdk_backup),
        moved!(b.sts, aws_sdk_sts),
        moved!(b.iam, aws_sdk_iam),
        info,
    )))
}
