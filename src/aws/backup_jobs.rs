//! AWS Backup backup jobs (operation 12): StartBackupJob of a table into
//! the configured vault as the configured role, and DescribeBackupJob to
//! follow it.

use aws_sdk_backup::operation::describe_backup_job::DescribeBackupJobOutput;

use super::AwsBackend;
use super::convert::to_utc;
use super::convert_backup::{job_status, percent};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{Job, JobKind, LifecycleDays};

/// StartBackupJob of `table` (its ARN read with DescribeTable) into
/// `vault`; the idempotency token makes a resent call answer the same job.
pub(super) async fn start_backup_job(
    b: &AwsBackend,
    table: &str,
    vault: &str,
    role_arn: &str,
    lifecycle: LifecycleDays,
    idempotency_token: &str,
) -> BackendResult<String> {
    let resource_arn = super::tables::describe(b, table).await?.arn;
    let call = b.call("backup:StartBackupJob", format!("table {table}"));
    let out = b
        .backup
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource_arn)
        .iam_role_arn(role_arn)
        .idempotency_token(idempotency_token)
        .set_lifecycle(super::plans::sdk_lifecycle(lifecycle))
        .send()
        .await
        .map_err(|e| super::errors::pass_role(role_arn)(call.map(e)))?;
    out.backup_job_id()
        .map(str::to_owned)
        .ok_or_else(|| BackendError::empty_response("StartBackupJob answered without a job id"))
}

pub(super) async fn describe_backup_job(b: &AwsBackend, job_id: &str) -> BackendResult<Job> {
    let call = b.call("backup:DescribeBackupJob", format!("backup job {job_id}"));
    let out = b
        .backup
        .describe_backup_job()
        .backup_job_id(job_id)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(described_backup_job(&out, job_id))
}

fn described_backup_job(j: &DescribeBackupJobOutput, fallback_id: &str) -> Job {
    Job {
        id: j.backup_job_id().unwrap_or(fallback_id).to_owned(),
        kind: JobKind::Backup,
        status: job_status(j.state().map(|s| s.as_str()).unwrap_or("UNKNOWN")),
        percent_done: percent(j.percent_done()),
        resource_arn: j.resource_arn().map(str::to_owned),
        recovery_point_arn: j.recovery_point_arn().map(str::to_owned),
        created_resource_arn: None,
        created_at: j.creation_date().and_then(to_utc).unwrap_or_default(),
        completed_at: j.completion_date().and_then(to_utc),
        status_message: j.status_message().map(str::to_owned),
        copy: None,
    }
}
