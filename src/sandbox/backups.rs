//! DynamoDB on-demand backups: taking, listing, deleting (not while still
//! being created), and restoring one (only once AVAILABLE) as a new table.

use super::world::{DroppedSettings, Phase, SimBackup, SimTable};
use super::{Sandbox, rules, table_mut};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{Backup, BackupStatus, BackupType, Table, TableName};

pub(super) fn create(sb: &Sandbox, table: &str, backup_name: &str) -> BackendResult<Backup> {
    TableName::parse(backup_name).map_err(|e| BackendError::Invalid(e.to_string()))?;
    let now = sb.now();
    let mut world = sb.begin()?;
    let t = table_mut(&mut world, table)?;
    rules::require_active(t)?;
    let (data, table_arn, billing, gsis, kept) = (
        t.data(),
        t.arn.clone(),
        t.billing.clone(),
        t.gsis.clone(),
        t.kept.clone(),
    );
    let id = world.fresh_id();
    let arn = format!("{table_arn}/backup/{:013}-{id:06x}", now.timestamp_millis());
    let backup = Backup {
        arn: arn.clone(),
        name: backup_name.to_owned(),
        table_name: table.to_owned(),
        status: BackupStatus::Creating,
        kind: BackupType::User,
        created_at: now,
        size_bytes: Some(data.size_bytes),
    };
    world.backups.insert(
        arn,
        SimBackup {
            backup: backup.clone(),
            table_arn,
            billing,
            gsis,
            kept,
            data,
            ready_at: now + sb.scaled(rules::backup_time(data.size_bytes)),
        },
    );
    world.commit()?;
    Ok(backup)
}

pub(super) fn describe(sb: &Sandbox, backup_arn: &str) -> BackendResult<Backup> {
    sb.settled()
        .backups
        .get(backup_arn)
        .map(|b| b.backup.clone())
        .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))
}

pub(super) fn list(sb: &Sandbox, table: Option<&str>) -> BackendResult<Vec<Backup>> {
    Ok(sb
        .settled()
        .backups
        .values()
        .filter(|b| table.is_none_or(|t| b.backup.table_name == t))
        .map(|b| b.backup.clone())
        .collect())
}

pub(super) fn delete(sb: &Sandbox, backup_arn: &str) -> BackendResult<Backup> {
    let mut world = sb.begin()?;
    let b = world
        .backups
        .get(backup_arn)
        .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))?;
    if b.backup.status == BackupStatus::Creating {
        return Err(BackendError::InUse {
            resource: format!("backup {}", b.backup.name),
            detail: "still being created".to_owned(),
        });
    }
    let mut gone = world
        .backups
        .remove(backup_arn)
        .map(|b| b.backup)
        .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))?;
    gone.status = BackupStatus::Deleted;
    world.commit()?;
    Ok(gone)
}

pub(super) fn restore(sb: &Sandbox, target: &str, backup_arn: &str) -> BackendResult<Table> {
    let now = sb.now();
    let mut world = sb.begin()?;
    rules::require_new_table(&world, target)?;
    let b = world
        .backups
        .get(backup_arn)
        .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))?;
    if b.backup.status != BackupStatus::Available {
        return Err(BackendError::InUse {
            resource: format!("backup {}", b.backup.name),
            detail: "not AVAILABLE yet".to_owned(),
        });
    }
    let restored = SimTable {
        name: target.to_owned(),
        arn: world.table_arn(target),
        billing: b.billing.clone(),
        deletion_protection: false,
        gsis: b.gsis.clone(),
        created_at: now,
        phase: Phase::Creating {
            ready_at: now + sb.scaled(rules::restore_time(b.data.size_bytes)),
        },
        pitr: None,
        kept: b.kept.clone(),
        dropped: DroppedSettings::default(),
        history: vec![(now, b.data)],
    };
    let out = restored.to_domain();
    world.tables.insert(target.to_owned(), restored);
    world.commit()?;
    Ok(out)
}
