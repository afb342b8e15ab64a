//! AWS Backup backup jobs started from the console (operation 12): the
//! job is CREATED a moment, RUNNING with a percent for as long as the
//! table's size takes, then COMPLETED, and `World::settle` leaves its
//! recovery point, with the lifecycle asked, in the vault.

use chrono::Duration;

use super::world::SimJob;
use super::{Sandbox, rules};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{Job, JobKind, JobStatus, LifecycleDays};

/// How long AWS Backup takes to start a job it accepted (before speed-up).
const START_DELAY: i64 = 20;

pub(super) fn start_backup_job(
    sb: &Sandbox,
    table: &str,
    vault: &str,
    role_arn: &str,
    lifecycle: LifecycleDays,
    idempotency_token: &str,
) -> BackendResult<String> {
    let now = sb.now();
    let mut world = sb.begin()?;
    // The same token answers the job it started, as AWS does.
    if let Some(job) = world.jobs.values().find(|j| {
        !idempotency_token.is_empty() && j.idempotency_token.as_deref() == Some(idempotency_token)
    }) {
        return Ok(job.job.id.clone());
    }
    rules::require_vault(&world, vault)?;
    rules::require_backup_role(&world, role_arn)?;
    rules::require_lifecycle(lifecycle)?;
    let t = world
        .tables
        .get(table)
        .ok_or_else(|| BackendError::not_found(format!("table {table}")))?
        .clone();
    rules::require_active(&t)?;
    let started = now + sb.scaled(Duration::seconds(START_DELAY));
    // Minutes even for a small table, as AWS Backup takes them.
    let done =
        started + sb.scaled(Duration::minutes(5) + rules::backup_time(t.data().size_bytes) * 4);
    let id = format!("backup-job-{:04}", world.fresh_id());
    let job = Job {
        id: id.clone(),
        kind: JobKind::Backup,
        status: JobStatus::Created,
        percent_done: None,
        resource_arn: Some(t.arn.clone()),
        recovery_point_arn: Some(format!(
            "{}/backup/{:013}-{id}",
            t.arn,
            started.timestamp_millis()
        )),
        created_resource_arn: None,
        created_at: now,
        completed_at: None,
        status_message: None,
        copy: None,
    };
    world.jobs.insert(
        id.clone(),
        SimJob {
            job,
            started_at: started,
            done_at: done,
            vault: Some(vault.to_owned()),
            lifecycle: Some(lifecycle),
            idempotency_token: Some(idempotency_token.to_owned()),
        },
    );
    world.commit()?;
    Ok(id)
}

pub(super) fn describe_backup_job(sb: &Sandbox, job_id: &str) -> BackendResult<Job> {
    let now = sb.now();
    sb.settled()
        .jobs
        .get(job_id)
        .filter(|j| j.job.kind == JobKind::Backup)
        .map(|j| j.to_domain(now))
        .ok_or_else(|| BackendError::not_found(format!("backup job {job_id}")))
}
