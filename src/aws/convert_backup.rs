//! AWS Backup SDK output (recovery points, jobs) → domain types.

use aws_sdk_backup::types as bk;
use chrono::{DateTime, Utc};

use super::convert::to_utc;
use crate::domain::{
    CopyRoute, Job, JobKind, JobStatus, Lifecycle, MadeBy, RecoveryPoint, RecoveryPointStatus,
    StorageClass,
};

/// A ListRecoveryPointsByBackupVault entry. The listing does not carry the
/// storage class, so it is read from the status and the calculated lifecycle:
/// a point past `MoveToColdStorageAt` is cold, one past `DeleteAt` (or
/// expired) is deleted, any other is warm.
pub(crate) fn recovery_point(
    p: &bk::RecoveryPointByBackupVault,
    now: DateTime<Utc>,
) -> RecoveryPoint {
    let calculated = p.calculated_lifecycle();
    let plan = p.lifecycle();
    let lifecycle = Lifecycle {
        move_to_cold_after_days: plan.and_then(|l| l.move_to_cold_storage_after_days()),
        delete_after_days: plan.and_then(|l| l.delete_after_days()),
        move_to_cold_at: calculated
            .and_then(|c| c.move_to_cold_storage_at())
            .and_then(to_utc),
        delete_at: calculated.and_then(|c| c.delete_at()).and_then(to_utc),
    };
    let status = recovery_point_status(p.status());
    RecoveryPoint {
        arn: p.recovery_point_arn().unwrap_or_default().to_owned(),
        resource_arn: p.resource_arn().unwrap_or_default().to_owned(),
        created_at: p.creation_date().and_then(to_utc).unwrap_or_default(),
        status,
        storage: storage_class(status, &lifecycle, now),
        lifecycle,
        size_bytes: p.backup_size_in_bytes().and_then(|b| u64::try_from(b).ok()),
        made_by: p.created_by().and_then(|c| {
            Some(MadeBy {
                plan_id: c.backup_plan_id()?.to_owned(),
                rule_id: c.backup_rule_id()?.to_owned(),
            })
        }),
    }
}

fn recovery_point_status(s: Option<&bk::RecoveryPointStatus>) -> RecoveryPointStatus {
    match s {
        Some(bk::RecoveryPointStatus::Completed | bk::RecoveryPointStatus::Available) => {
            RecoveryPointStatus::Completed
        }
        Some(bk::RecoveryPointStatus::Deleting) => RecoveryPointStatus::Deleting,
        Some(bk::RecoveryPointStatus::Expired) => RecoveryPointStatus::Expired,
        _ => RecoveryPointStatus::Partial,
    }
}

pub(crate) fn storage_class(
    status: RecoveryPointStatus,
    lifecycle: &Lifecycle,
    now: DateTime<Utc>,
) -> StorageClass {
    let passed = |at: Option<DateTime<Utc>>| at.is_some_and(|at| at <= now);
    if matches!(
        status,
        RecoveryPointStatus::Expired | RecoveryPointStatus::Deleting
    ) || passed(lifecycle.delete_at)
    {
        StorageClass::Deleted
    } else if passed(lifecycle.move_to_cold_at) {
        StorageClass::Cold
    } else {
        StorageClass::Warm
    }
}

/// `"45.00"` → 45.0. AWS sends the percentage as a string.
pub(crate) fn percent(raw: Option<&str>) -> Option<f64> {
    raw.and_then(|r| r.trim().trim_end_matches('%').parse::<f64>().ok())
        .filter(|p| p.is_finite())
}

pub(crate) fn job_status(raw: &str) -> JobStatus {
    match raw {
        "CREATED" => JobStatus::Created,
        "PENDING" => JobStatus::Pending,
        "RUNNING" => JobStatus::Running,
        "COMPLETED" => JobStatus::Completed,
        "ABORTED" => JobStatus::Aborted,
        "FAILED" => JobStatus::Failed,
        "EXPIRED" => JobStatus::Expired,
        other => JobStatus::Unknown(other.to_owned()),
    }
}

pub(crate) fn backup_job(j: &bk::BackupJob) -> Job {
    Job {
        id: j.backup_job_id().unwrap_or_default().to_owned(),
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

/// A copy job, its vaults read from their ARNs.
pub(crate) fn copy_job(j: &bk::CopyJob) -> Job {
    let route = match (
        j.source_backup_vault_arn(),
        j.destination_backup_vault_arn(),
    ) {
        (Some(from), Some(to)) => Some(CopyRoute::from_arns(from, to)),
        _ => None,
    };
    Job {
        id: j.copy_job_id().unwrap_or_default().to_owned(),
        kind: JobKind::Copy,
        status: job_status(j.state().map(|s| s.as_str()).unwrap_or("UNKNOWN")),
        percent_done: None,
        resource_arn: j.resource_arn().map(str::to_owned),
        recovery_point_arn: j.source_recovery_point_arn().map(str::to_owned),
        created_resource_arn: j.destination_recovery_point_arn().map(str::to_owned),
        created_at: j.creation_date().and_then(to_utc).unwrap_or_default(),
        completed_at: j.completion_date().and_then(to_utc),
        status_message: j.status_message().map(str::to_owned),
        copy: route,
    }
}

pub(crate) fn restore_job(j: &bk::RestoreJobsListMember) -> Job {
    Job {
        id: j.restore_job_id().unwrap_or_default().to_owned(),
        kind: JobKind::Restore,
        status: job_status(j.status().map(|s| s.as_str()).unwrap_or("UNKNOWN")),
        percent_done: percent(j.percent_done()),
        resource_arn: j.source_resource_arn().map(str::to_owned),
        recovery_point_arn: j.recovery_point_arn().map(str::to_owned),
        created_resource_arn: j.created_resource_arn().map(str::to_owned),
        created_at: j.creation_date().and_then(to_utc).unwrap_or_default(),
        completed_at: j.completion_date().and_then(to_utc),
        status_message: j.status_message().map(str::to_owned),
        copy: None,
    }
}

pub(crate) fn described_restore_job(
    j: &aws_sdk_backup::operation::describe_restore_job::DescribeRestoreJobOutput,
    fallback_id: &str,
) -> Job {
    Job {
        id: j.restore_job_id().unwrap_or(fallback_id).to_owned(),
        kind: JobKind::Restore,
        status: job_status(j.status().map(|s| s.as_str()).unwrap_or("UNKNOWN")),
        percent_done: percent(j.percent_done()),
        resource_arn: j.source_resource_arn().map(str::to_owned),
        recovery_point_arn: j.recovery_point_arn().map(str::to_owned),
        created_resource_arn: j.created_resource_arn().map(str::to_owned),
        created_at: j.creation_date().and_then(to_utc).unwrap_or_default(),
        completed_at: j.completion_date().and_then(to_utc),
        status_message: j.status_message().map(str::to_owned),
        copy: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn percent_strings_become_numbers() {
        assert_eq!(percent(Some("45.00")), Some(45.0));
        assert_eq!(percent(Some("100%")), Some(100.0));
        assert_eq!(percent(Some("n/a")), None);
        assert_eq!(percent(None), None);
    }

    #[test]
    fn storage_follows_the_calculated_lifecycle() {
        let now = Utc::now();
        let mut l = Lifecycle {
            move_to_cold_at: Some(now + Duration::days(1)),
            delete_at: Some(now + Duration::days(300)),
            ..Lifecycle::default()
        };
        assert_eq!(
            storage_class(RecoveryPointStatus::Completed, &l, now),
            StorageClass::Warm
        );
        l.move_to_cold_at = Some(now - Duration::days(1));
        assert_eq!(
            storage_class(RecoveryPointStatus::Completed, &l, now),
            StorageClass::Cold
        );
        assert_eq!(
            storage_class(RecoveryPointStatus::Expired, &l, now),
            StorageClass::Deleted
        );
        assert_eq!(job_status("RUNNING"), JobStatus::Running);
        assert_eq!(
            job_status("ABORTING"),
            JobStatus::Unknown("ABORTING".to_owned())
        );
    }
}
