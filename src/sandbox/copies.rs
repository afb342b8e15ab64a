//! Copies to another region (issue 14). The sandbox's other regions are
//! sandboxes of their own (`Sandbox::in_region`), sharing the account and
//! the clock, empty but for the DR vault the seeded plan
//! `prod-daily-monthly` copies to in us-west-2. A copy job runs for
//! minutes (scaled); its point arrives in the destination region's vault
//! when it completes (`World::arriving`, settled there).

use std::sync::Arc;

use chrono::Duration;

use super::world::{SimJob, World};
use super::{Sandbox, lock, rules, seed};
use crate::backend::{Backend, BackendError, BackendResult};
use crate::domain::{
    CopyRoute, Job, JobKind, JobStatus, LifecycleDays, RecoveryPointStatus, VaultArn,
};

/// How long AWS Backup takes to start a copy (before speed-up).
const START_DELAY: i64 = 30;

pub(super) fn start_copy_job(
    sb: &Sandbox,
    recovery_point_arn: &str,
    source_vault: &str,
    destination_vault_arn: &str,
    role_arn: &str,
    lifecycle: LifecycleDays,
    idempotency_token: &str,
) -> BackendResult<String> {
    let now = sb.now();
    let destination = VaultArn::parse(destination_vault_arn)
        .map_err(|e| BackendError::Invalid(format!("Invalid DestinationBackupVaultArn: {e}")))?;
    // Before `begin`: the other region is made from this one's world.
    let there = sb.region_sandbox(&destination.region);
    let mut world = sb.begin()?;
    if let Some(job) = world.jobs.values().find(|j| {
        j.job.kind == JobKind::Copy
            && !idempotency_token.is_empty()
            && j.idempotency_token.as_deref() == Some(idempotency_token)
    }) {
        return Ok(job.job.id.clone());
    }
    rules::require_vault(&world, source_vault)?;
    rules::require_backup_role(&world, role_arn)?;
    rules::require_lifecycle(lifecycle)?;
    destination
        .elsewhere_than(source_vault, &world.region, Some(&world.account))
        .map_err(|e| BackendError::Invalid(e.to_string()))?;
    let point = world
        .recovery_points
        .get(recovery_point_arn)
        .filter(|p| p.vault == source_vault)
        .ok_or_else(|| {
            BackendError::not_found(format!(
                "recovery point {recovery_point_arn} in vault {source_vault}"
            ))
        })?
        .clone();
    let status = point.to_domain(now).status;
    if status != RecoveryPointStatus::Completed {
        return Err(BackendError::Invalid(format!(
            "recovery point {recovery_point_arn} is {status:?}, not COMPLETED: only a completed point can be copied"
        )));
    }
    let there = there?;
    {
        let dr = lock(&there.world);
        rules::require_vault(&dr, &destination.name)?;
    }
    let id = format!("copy-job-{:04}", world.fresh_id());
    let started = now + sb.scaled(Duration::seconds(START_DELAY));
    let done =
        started + sb.scaled(Duration::minutes(4) + rules::backup_time(point.data.size_bytes));
    let copy_arn = format!(
        "arn:aws:backup:{}:{}:recovery-point:{id}",
        destination.region, destination.account
    );
    let source_arn = world
        .vaults
        .get(source_vault)
        .map_or_else(|| source_vault.to_owned(), |v| v.arn.clone());
    let job = Job {
        id: id.clone(),
        kind: JobKind::Copy,
        status: JobStatus::Created,
        percent_done: None,
        resource_arn: Some(point.point.resource_arn.clone()),
        recovery_point_arn: Some(recovery_point_arn.to_owned()),
        created_resource_arn: Some(copy_arn.clone()),
        created_at: now,
        completed_at: None,
        status_message: None,
        copy: Some(CopyRoute::from_arns(&source_arn, destination_vault_arn)),
    };
    world.jobs.insert(
        id.clone(),
        SimJob {
            job,
            started_at: started,
            done_at: done,
            vault: None,
            lifecycle: Some(lifecycle),
            idempotency_token: Some(idempotency_token.to_owned()),
        },
    );
    world.commit()?;
    // The copy, as the source point was, arrives there when the job ends.
    let mut copy = point;
    copy.vault = destination.name.clone();
    copy.point.arn = copy_arn;
    copy.point.status = RecoveryPointStatus::Completed;
    copy.point.lifecycle = super::world::lifecycle_of_days(done, lifecycle);
    copy.point.made_by = None;
    lock(&there.world).arriving.push((done, copy));
    Ok(id)
}

pub(super) fn describe_copy_job(sb: &Sandbox, job_id: &str) -> BackendResult<Job> {
    let now = sb.now();
    sb.settled()
        .jobs
        .get(job_id)
        .filter(|j| j.job.kind == JobKind::Copy)
        .map(|j| j.to_domain(now))
        .ok_or_else(|| BackendError::not_found(format!("copy job {job_id}")))
}

pub(super) fn in_region(sb: &Sandbox, region: &str) -> BackendResult<Arc<dyn Backend>> {
    Ok(sb.region_sandbox(region)?)
}

/// The world of another region of the same account: no tables, the DR
/// vault in the seed's DR region, the roles (IAM is global).
pub(super) fn other_region(home: &World, region: &str) -> World {
    let mut world = home.clone();
    region.clone_into(&mut world.region);
    world.tables.clear();
    world.backups.clear();
    world.recovery_points.clear();
    world.jobs.clear();
    world.plans.clear();
    world.arriving.clear();
    world.vaults.clear();
    if region == seed::DR_REGION {
        world.vaults.insert(
            seed::DR_VAULT.to_owned(),
            super::world::SimVault {
                name: seed::DR_VAULT.to_owned(),
                arn: format!(
                    "arn:aws:backup:{region}:{}:backup-vault:{}",
                    home.account,
                    seed::DR_VAULT
                ),
                policy: None,
                lock: None,
            },
        );
    }
    // The copies already made into this region (the seeded copy job's).
    for j in home.jobs.values() {
        let route = j.job.copy.as_ref();
        if j.job.kind != JobKind::Copy
            || route.and_then(|r| r.destination_region.as_deref()) != Some(region)
        {
            continue;
        }
        let (Some(from), Some(to), Some(route)) = (
            j.job.recovery_point_arn.as_ref(),
            j.job.created_resource_arn.as_ref(),
            route,
        ) else {
            continue;
        };
        if let Some(source) = home.recovery_points.get(from) {
            let mut copy = source.clone();
            copy.vault = route.destination_vault.clone();
            copy.point.arn = to.clone();
            copy.point.made_by = None;
            world.arriving.push((j.done_at, copy));
        }
    }
    world
}
