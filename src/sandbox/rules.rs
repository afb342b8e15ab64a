//! AWS's rules, as the sandbox enforces them, and how long work takes there
//! (before the sandbox's speed-up).

use chrono::{DateTime, Duration, Utc};

use super::seed::RESTORE_POLICY;
use super::world::{SimTable, World};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{
    AttrValue, Item, KeySchema, PitrTarget, TableName, TableStatus, time::format_reference,
};

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

/// DynamoDB's largest item: 400 KB, attribute names included.
pub const MAX_ITEM_BYTES: u64 = 400 * 1024;

/// A key given to GetItem, BatchGetItem or DeleteItem: exactly the table's
/// key attributes, each a non-empty string, number or binary.
pub fn require_key(key: &Item, schema: &KeySchema) -> BackendResult<()> {
    require_key_attributes(key, schema)?;
    if key.len() != key_names(schema).count() {
        return Err(BackendError::Invalid(
            "The provided key element does not match the schema: a key holds the key \
             attributes only"
                .to_owned(),
        ));
    }
    Ok(())
}

/// A PutItem's item: the table's key attributes (non-empty scalars) and
/// at most 400 KB in all.
pub fn require_putable(item: &Item, schema: &KeySchema) -> BackendResult<()> {
    require_key_attributes(item, schema)?;
    let size = item_size(item);
    if size > MAX_ITEM_BYTES {
        return Err(BackendError::Invalid(format!(
            "Item size has exceeded the maximum allowed size: a put of {size} bytes, \
             DynamoDB allows {MAX_ITEM_BYTES} (400 KB)"
        )));
    }
    Ok(())
}

fn require_key_attributes(item: &Item, schema: &KeySchema) -> BackendResult<()> {
    for name in key_names(schema) {
        let ok = match item.get(name) {
            Some(AttrValue::S(s)) => !s.is_empty(),
            Some(AttrValue::B(b)) => !b.is_empty(),
            Some(AttrValue::N(_)) => true,
            _ => false,
        };
        if !ok {
            return Err(BackendError::Invalid(format!(
                "One or more parameter values were invalid: the key attribute {name} is \
                 missing or not a non-empty string, number or binary"
            )));
        }
    }
    Ok(())
}

fn key_names(schema: &KeySchema) -> impl Iterator<Item = &String> {
    std::iter::once(&schema.partition_key).chain(schema.sort_key.as_ref())
}

/// An item's size as DynamoDB counts it: names and values in bytes, a
/// number about one byte per two digits, lists and maps 3 bytes plus one
/// per element.
pub fn item_size(item: &Item) -> u64 {
    item.iter()
        .map(|(name, value)| name.len() as u64 + value_size(value))
        .sum()
}

fn value_size(value: &AttrValue) -> u64 {
    match value {
        AttrValue::S(s) => s.len() as u64,
        AttrValue::N(n) => number_size(n),
        AttrValue::B(b) => b.len() as u64,
        AttrValue::Bool(_) | AttrValue::Null => 1,
        AttrValue::L(l) => 3 + l.iter().map(|v| 1 + value_size(v)).sum::<u64>(),
        AttrValue::M(m) => 3 + m.len() as u64 + item_size(m),
        AttrValue::Ss(s) => s.iter().map(|s| s.len() as u64).sum(),
        AttrValue::Ns(n) => n.iter().map(|n| number_size(n)).sum(),
        AttrValue::Bs(b) => b.iter().map(|b| b.len() as u64).sum(),
    }
}

fn number_size(n: &str) -> u64 {
    let digits = n.chars().filter(char::is_ascii_digit).count() as u64;
    digits.div_ceil(2) + 1
}

/// StartBackupJob's vault must exist.
pub fn require_vault(world: &World, vault: &str) -> BackendResult<()> {
    if world.vaults.contains_key(vault) {
        Ok(())
    } else {
        Err(BackendError::not_found(format!("backup vault {vault}")))
    }
}

/// StartBackupJob's role must be given, exist and carry the backup policy.
pub fn require_backup_role(world: &World, role_arn: &str) -> BackendResult<()> {
    if role_arn.trim().is_empty() {
        return Err(BackendError::Invalid(
            "StartBackupJob needs IamRoleArn: no backup role was given".to_owned(),
        ));
    }
    let name = role_arn.rsplit('/').next().unwrap_or(role_arn);
    let policies = world
        .roles
        .get(name)
        .ok_or_else(|| BackendError::not_found(format!("IAM role {role_arn}")))?;
    if policies.iter().any(|p| p == super::seed::BACKUP_POLICY) {
        Ok(())
    } else {
        Err(BackendError::AccessDenied {
            permission: "AWSBackupServiceRolePolicyForBackup".to_owned(),
            message: format!("role {name} cannot back up"),
        })
    }
}

/// A backup job's lifecycle as AWS Backup takes it: each 1–36,500 days,
/// and DeleteAfterDays at least 90 days after MoveToColdStorageAfterDays.
pub fn require_lifecycle(days: crate::domain::LifecycleDays) -> BackendResult<()> {
    days.check()
        .map_err(|e| BackendError::Invalid(format!("Invalid lifecycle: {e}")))
}
