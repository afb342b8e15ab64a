//! AWS's rules, as the sandbox enforces them, and how long work takes there
//! (before the sandbox's speed-up).

use chrono::{DateTime, Duration, Utc};

use super::seed::RESTORE_POLICY;
use super::world::{SimTable, World};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{PitrTarget, TableName, TableStatus, time::format_reference};

/// Only an ACTIVE table may be changed, backed up or deleted.
pub fn require_active(t: &SimTable) -> BackendResult<()> {
    match t.status() {
        TableStatus::Active => Ok(()),
        other => Err(BackendError::InUse {
            resource: format!("table {}", t.name),
            detail: format!("status is {}", other.label()),
        }),
    }
}

/// A restore creates its target: the name follows DynamoDB's rules and no
/// table has it yet.
pub fn require_new_table(world: &World, name: &str) -> BackendResult<()> {
    TableName::parse(name).map_err(|e| BackendError::Invalid(e.to_string()))?;
    if world.tables.contains_key(name) {
        return Err(BackendError::already_exists(format!("table {name}")));
    }
    Ok(())
}

/// The instant a point-in-time restore goes back to, refused outside the window.
pub fn pitr_instant(
    src: &SimTable,
    at: PitrTarget,
    now: DateTime<Utc>,
) -> BackendResult<DateTime<Utc>> {
    let window = src
        .pitr_status(now)
        .window
        .ok_or_else(|| BackendError::PitrDisabled {
            table: src.name.clone(),
        })?;
    match at {
        PitrTarget::Latest => Ok(window.latest),
        PitrTarget::At(t) if window.contains(t) => Ok(t),
        PitrTarget::At(t) => Err(BackendError::OutsidePitrWindow {
            requested: format_reference(t),
            earliest: window.earliest,
            latest: window.latest,
        }),
    }
}

/// PITR keeps 1 to 35 days; 35 when not said.
pub fn recovery_period(days: Option<u8>) -> BackendResult<u8> {
    match days.unwrap_or(35) {
        d @ 1..=35 => Ok(d),
        d => Err(BackendError::Invalid(format!(
            "the recovery period must be 1 to 35 days (got {d})"
        ))),
    }
}

/// StartRestoreJob's role must exist and carry the restore policy.
pub fn require_restore_role(world: &World, role_arn: &str) -> BackendResult<()> {
    let name = role_arn.rsplit('/').next().unwrap_or(role_arn);
    let policies = world
        .roles
        .get(name)
        .ok_or_else(|| BackendError::not_found(format!("IAM role {role_arn}")))?;
    if policies.iter().any(|p| p == RESTORE_POLICY) {
        Ok(())
    } else {
        Err(BackendError::AccessDenied {
            permission: "AWSBackupServiceRolePolicyForRestores".to_owned(),
            message: format!("role {name} cannot restore"),
        })
    }
}

const GB: u64 = 1_000_000_000;

pub fn delete_time() -> Duration {
    Duration::seconds(60)
}

pub fn backup_time(size_bytes: u64) -> Duration {
    Duration::seconds(30 + (size_bytes / GB) as i64 * 30)
}

pub fn restore_time(size_bytes: u64) -> Duration {
    Duration::seconds(180 + (size_bytes / GB) as i64 * 60)
}
