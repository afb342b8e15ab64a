//! AWS Backup: the vault, its recovery points (expired ones are gone), and
//! restore jobs, which need the restore role and a free target name.

use super::world::{DroppedSettings, Phase, SimTable, World};
use super::{Sandbox, lock, rules};
use crate::backend::{BackendError, BackendResult};
use chrono::{DateTime, Utc};

use crate::domain::{Job, RecoveryPoint, RecoveryPointStatus, VaultInfo};

pub(super) fn describe_vault(sb: &Sandbox, vault: &str) -> BackendResult<VaultInfo> {
    let world = lock(&sb.world);
    let v = world
        .vaults
        .get(vault)
        .ok_or_else(|| BackendError::not_found(format!("backup vault {vault}")))?;
    let count = world
        .recovery_points
        .values()
        .filter(|p| p.vault == vault)
        .count();
    Ok(VaultInfo {
        name: v.name.clone(),
        arn: v.arn.clone(),
        recovery_points: count as u64,
        lock: v.lock.clone(),
    })
}

pub(super) fn recovery_points(
    sb: &Sandbox,
    vault: &str,
    resource_arn: Option<&str>,
) -> BackendResult<Vec<RecoveryPoint>> {
    let now = sb.now();
    let world = sb.settled();
    if !world.vaults.contains_key(vault) {
        return Err(BackendError::not_found(format!("backup vault {vault}")));
    }
    Ok(world
        .recovery_points
        .values()
        .filter(|p| p.vault == vault)
        .filter(|p| resource_arn.is_none_or(|r| p.point.resource_arn == r))
        .map(|p| p.to_domain(now))
        .filter(|p| p.status != RecoveryPointStatus::Expired)
        .collect())
}

pub(super) fn start_restore_job(
    sb: &Sandbox,
    recovery_point_arn: &str,
    role_arn: &str,
    target_table: &str,
) -> BackendResult<String> {
    let now = sb.now();
    let mut world = sb.begin()?;
    rules::require_new_table(&world, target_table)?;
    rules::require_restore_role(&world, role_arn)?;
    let rp = world
        .recovery_points
        .get(recovery_point_arn)
        .ok_or_else(|| BackendError::not_found(format!("recovery point {recovery_point_arn}")))?
        .clone();
    let point = rp.to_domain(now);
    if point.status != RecoveryPointStatus::Completed {
        return Err(BackendError::Invalid(format!(
            "recovery point {recovery_point_arn} is not restorable ({:?})",
            point.status
        )));
    }
    let done_at = now + sb.scaled(point.estimated_restore());
    let id = format!("restore-job-{:06}", world.fresh_id());
    let target_arn = world.table_arn(target_table);
    world.tables.insert(
        target_table.to_owned(),
        SimTable {
            name: target_table.to_owned(),
            arn: target_arn.clone(),
            billing: rp.billing.clone(),
            deletion_protection: false,
            gsis: rp.gsis.clone(),
            created_at: now,
            phase: Phase::Creating { ready_at: done_at },
            pitr: None,
            kept: rp.kept.clone(),
            dropped: DroppedSettings::default(),
            history: vec![(now, rp.data)],
        },
    );
    world.jobs.insert(
        id.clone(),
        World::restore_job(id.clone(), &point, target_arn, now, done_at),
    );
    world.commit()?;
    Ok(id)
}

pub(super) fn describe_restore_job(sb: &Sandbox, job_id: &str) -> BackendResult<Job> {
    let now = sb.now();
    sb.settled()
        .jobs
        .get(job_id)
        .map(|j| j.to_domain(now))
        .ok_or_else(|| BackendError::not_found(format!("restore job {job_id}")))
}

pub(super) fn list_jobs(sb: &Sandbox) -> BackendResult<Vec<Job>> {
    let now = sb.now();
    Ok(sb
        .settled()
        .jobs
        .values()
        .map(|j| j.to_domain(now))
        .collect())
}

/// Every job created at or after `since`, newest first, as AWS lists them.
pub(super) fn list_jobs_since(sb: &Sandbox, since: DateTime<Utc>) -> BackendResult<Vec<Job>> {
    let mut jobs: Vec<Job> = list_jobs(sb)?
        .into_iter()
        .filter(|j| j.created_at >= since)
        .collect();
    jobs.sort_by_key(|j| std::cmp::Reverse(j.created_at));
    Ok(jobs)
}
