//! AWS Backup: vaults, recovery points, restore jobs, job lists.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::AwsBackend;
use super::convert::to_sdk_time;
use super::convert_backup;
use crate::backend::{BackendError, BackendResult};
use crate::domain::{Job, RecoveryPoint, VaultInfo};

/// How far back `list_jobs` looks.
const JOB_HISTORY_DAYS: i64 = 7;

pub(super) async fn describe_vault(b: &AwsBackend, vault: &str) -> BackendResult<VaultInfo> {
    let call = b.call(
        "backup:DescribeBackupVault",
        format!("backup vault {vault}"),
    );
    let out = b
        .backup
        .describe_backup_vault()
        .backup_vault_name(vault)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(VaultInfo {
        name: out.backup_vault_name().unwrap_or(vault).to_owned(),
        arn: out.backup_vault_arn().unwrap_or_default().to_owned(),
        recovery_points: u64::try_from(out.number_of_recovery_points()).unwrap_or(0),
        lock: out
            .locked()
            .unwrap_or(false)
            .then(|| crate::domain::VaultLock {
                min_retention_days: out.min_retention_days(),
                max_retention_days: out.max_retention_days(),
                lock_date: out.lock_date().and_then(super::convert::to_utc),
            }),
    })
}

pub(super) async fn recovery_points(
    b: &AwsBackend,
    vault: &str,
    resource_arn: Option<&str>,
) -> BackendResult<Vec<RecoveryPoint>> {
    let call = b.call(
        "backup:ListRecoveryPointsByBackupVault",
        format!("backup vault {vault}"),
    );
    let points: Vec<_> = b
        .backup
        .list_recovery_points_by_backup_vault()
        .backup_vault_name(vault)
        .set_by_resource_arn(resource_arn.map(str::to_owned))
        .by_resource_type("DynamoDB")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))?;
    let now = Utc::now();
    Ok(points
        .iter()
        .map(|p| convert_backup::recovery_point(p, now))
        .collect())
}

/// StartRestoreJob of a DynamoDB recovery point into `target_table`, as the
/// given role (which must carry AWSBackupServiceRolePolicyForRestores).
pub(super) async fn start_restore_job(
    b: &AwsBackend,
    recovery_point_arn: &str,
    role_arn: &str,
    target_table: &str,
) -> BackendResult<String> {
    let call = b.call(
        "backup:StartRestoreJob",
        format!("recovery point {recovery_point_arn}"),
    );
    let metadata = HashMap::from([("targetTableName".to_owned(), target_table.to_owned())]);
    let out = b
        .backup
        .start_restore_job()
        .recovery_point_arn(recovery_point_arn)
        .iam_role_arn(role_arn)
        .resource_type("DynamoDB")
        .set_metadata(Some(metadata))
        .send()
        .await
        .map_err(|e| super::errors::pass_role(role_arn)(call.map(e)))?;
    out.restore_job_id()
        .map(str::to_owned)
        .ok_or_else(|| BackendError::empty_response("StartRestoreJob answered without a job id"))
}

pub(super) async fn describe_restore_job(b: &AwsBackend, job_id: &str) -> BackendResult<Job> {
    let call = b.call("backup:DescribeRestoreJob", format!("restore job {job_id}"));
    let out = b
        .backup
        .describe_restore_job()
        .restore_job_id(job_id)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(convert_backup::described_restore_job(&out, job_id))
}

/// DynamoDB backup, copy and restore jobs of the last week.
pub(super) async fn list_jobs(b: &AwsBackend) -> BackendResult<Vec<Job>> {
    list_jobs_since(b, Utc::now() - Duration::days(JOB_HISTORY_DAYS)).await
}

/// DynamoDB backup, copy and restore jobs created at or after `since`, all
/// pages of the three lists, newest first.
pub(super) async fn list_jobs_since(
    b: &AwsBackend,
    since: DateTime<Utc>,
) -> BackendResult<Vec<Job>> {
    let since = to_sdk_time(since);
    let call = b.call("backup:ListBackupJobs", "the backup job list");
    let backups: Vec<_> = b
        .backup
        .list_backup_jobs()
        .by_resource_type("DynamoDB")
        .by_created_after(since)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))?;
    let call = b.call("backup:ListCopyJobs", "the copy job list");
    let copies: Vec<_> = b
        .backup
        .list_copy_jobs()
        .by_resource_type("DynamoDB")
        .by_created_after(since)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))?;
    let call = b.call("backup:ListRestoreJobs", "the restore job list");
    let restores: Vec<_> = b
        .backup
        .list_restore_jobs()
        .by_resource_type("DynamoDB")
        .by_created_after(since)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))?;
    let mut jobs: Vec<Job> = backups.iter().map(convert_backup::backup_job).collect();
    jobs.extend(copies.iter().map(convert_backup::copy_job));
    jobs.extend(restores.iter().map(convert_backup::restore_job));
    jobs.sort_by_key(|j| std::cmp::Reverse(j.created_at));
    Ok(jobs)
}
