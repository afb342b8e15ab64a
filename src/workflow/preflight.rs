//! Preconditions, checked before the first step so a run never starts
//! doomed. A refusal is an `Unmet` whose `Display` is what is wrong in the
//! operator's words.

use super::event::RunContext;
use super::ledger::Facts;
use super::operation::{NewTableSettings, Operation, RegionSource, RepairSource};
use super::plan::{Plan, temporary_name};
use crate::backend::{Backend, BackendError};
use crate::domain::{
    BackupArn, BackupStatus, PitrTarget, RecoveryPoint, RecoveryPointArn, RecoveryPointStatus,
    StorageClass, TableName, TableStatus, TempKind,
};

/// A precondition of the run that does not hold, so it does not start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Unmet {
    /// What the check needed could not be read; `what` completes "cannot …".
    #[error("cannot {what}: {error}")]
    Unreadable { what: String, error: BackendError },
    #[error("table {table} does not exist")]
    NoTable { table: TableName },
    #[error("table {table} is still being created (CREATING): try again once it is ACTIVE")]
    Creating { table: TableName },
    #[error("table {table} is being deleted (DELETING)")]
    Deleting { table: TableName },
    #[error("table {table} is {status}: only an ACTIVE table can be worked on")]
    NotActive { table: TableName, status: String },
    #[error(
        "point-in-time recovery is not enabled on {table}: there is no earlier time to restore"
    )]
    PitrOff { table: TableName },
    /// The chosen time left the window while the operator read the plan.
    #[error("{0}")]
    OutsideWindow(BackendError),
    #[error(
        "recovery point {arn} is a backup of {of}, not of {table}: restore it into a new table (operation 5) instead"
    )]
    OtherTablesPoint {
        arn: RecoveryPointArn,
        of: String,
        table: TableName,
    },
    /// An export's time or window that DynamoDB would refuse.
    #[error("{0}")]
    BadExport(String),
    #[error("the recovery period must be 1 to 35 days (got {0})")]
    RecoveryPeriod(u8),
    #[error("backup {backup_arn} does not exist")]
    NoBackup { backup_arn: BackupArn },
    #[error("backup {name} is {status}: it can be restored once it is AVAILABLE")]
    BackupNotAvailable { name: String, status: &'static str },
    #[error("a table named {target} already exists: restore into a name that does not exist")]
    TargetExists { target: TableName },
    #[error("recovery point {arn} is not in vault {vault}")]
    PointNotInVault {
        arn: RecoveryPointArn,
        vault: String,
    },
    #[error("recovery point {arn} cannot be restored (status {status})")]
    PointNotRestorable {
        arn: RecoveryPointArn,
        status: String,
    },
    #[error("no backup role ARN is configured: AWS Backup restores need one")]
    NoBackupRole,
    #[error("{table} compared with itself is always equal: name another table")]
    SameTable { table: TableName },
    /// A backup chosen in the prune review is no longer AVAILABLE.
    #[error("backup {name} is {status}: only an AVAILABLE backup is pruned (nothing deleted)")]
    PruneNotAvailable { name: String, status: &'static str },
    /// The prune would leave the table no AVAILABLE backup.
    #[error(
        "deleting these would leave {table} no AVAILABLE backup: keep at least one (nothing deleted)"
    )]
    PruneLeavesNone { table: TableName },
    #[error("no backup role ARN is configured: an AWS Backup backup job runs as one")]
    NoRoleForBackupJob,
    #[error(
        "no AWS Backup vault is configured: a backup job needs one to put its recovery point in"
    )]
    NoVault,
    #[error("the lifecycle cannot be used: {0}")]
    BadLifecycle(crate::domain::LifecycleError),
    #[error("the copy's destination cannot be used: {0}")]
    BadCopyDestination(String),
    #[error("recovery point {arn} is not in vault {vault}: nothing to copy")]
    NoPointInVault {
        arn: RecoveryPointArn,
        vault: String,
    },
    #[error(
        "{region} is this console's own region: a restore in another region needs the DR region ([copies] vault_arn's)"
    )]
    SameRegion { region: String },
    #[error("cannot reach {region}: {error}")]
    RegionUnreachable { region: String, error: BackendError },
    #[error(
        "a table named {target} already exists in {region}: restore into a name that does not exist there"
    )]
    TargetExistsThere { target: TableName, region: String },
    #[error("recovery point {arn} is {status}, not COMPLETED: only a completed point is copied")]
    PointNotCompleted {
        arn: RecoveryPointArn,
        status: String,
    },
}

/// The point to copy is in the vault and COMPLETED.
async fn completed_point(
    backend: &dyn Backend,
    vault: &str,
    arn: &RecoveryPointArn,
) -> Result<(), Unmet> {
    let points = backend
        .list_recovery_points(vault, None)
        .await
        .map_err(unreadable(format!(
            "list the recovery points of vault {vault}"
        )))?;
    let point = points
        .iter()
        .find(|p| p.arn == arn.as_str())
        .ok_or_else(|| Unmet::NoPointInVault {
            arn: arn.clone(),
            vault: vault.to_owned(),
        })?;
    if point.status != crate::domain::RecoveryPointStatus::Completed {
        return Err(Unmet::PointNotCompleted {
            arn: arn.clone(),
            status: format!("{:?}", point.status).to_uppercase(),
        });
    }
    Ok(())
}

fn unreadable(what: String) -> impl FnOnce(BackendError) -> Unmet {
    move |error| Unmet::Unreadable { what, error }
}

/// `NotFound` is `missing`; any other error is that `what` could not be read.
fn missing_or_unreadable(missing: Unmet, what: String) -> impl FnOnce(BackendError) -> Unmet {
    move |error| match error {
        BackendError::NotFound { .. } => missing,
        error => Unmet::Unreadable { what, error },
    }
}

/// The backup to restore exists and is AVAILABLE.
async fn available_backup(backend: &dyn Backend, backup_arn: &BackupArn) -> Result<(), Unmet> {
    let backup =
        backend
            .describe_backup(backup_arn.as_str())
            .await
            .map_err(missing_or_unreadable(
                Unmet::NoBackup {
                    backup_arn: backup_arn.clone(),
                },
                format!("read backup {backup_arn}"),
            ))?;
    if backup.status != BackupStatus::Available {
        return Err(Unmet::BackupNotAvailable {
            name: backup.name,
            status: backup.status.label(),
        });
    }
    Ok(())
}

/// Whether `plan` may start now; `Err` says why not, in the operator's
/// words. `run` checks again itself; the UI may call this to refuse early.
pub async fn check(backend: &dyn Backend, plan: &Plan, ctx: &RunContext) -> Result<(), Unmet> {
    preflight(backend, plan, ctx).await.map(|_| ())
}

/// What the run needs to know before it starts, or why it must not start.
pub(crate) async fn preflight(
    backend: &dyn Backend,
    plan: &Plan,
    ctx: &RunContext,
) -> Result<Facts, Unmet> {
    let mut facts = Facts::default();
    match &plan.operation {
        Operation::PitrInPlace { table, at } => {
            active_table(backend, table).await?;
            facts.recovery_period_days = restorable_time(backend, table, *at).await?;
            absent_target(backend, &temporary_name(table, TempKind::Dupe, plan.stamp)).await?;
        }
        Operation::PitrToNew {
            table,
            at,
            target,
            new_table,
        } => {
            new_table_period(*new_table)?;
            active_table(backend, table).await?;
            facts.recovery_period_days = restorable_time(backend, table, *at).await?;
            absent_target(backend, target).await?;
        }
        Operation::AwsBackupInPlace {
            table,
            recovery_point_arn,
            cold,
        } => {
            active_table(backend, table).await?;
            facts.recovery_period_days = backend
                .describe_continuous_backups(table.as_str())
                .await
                .map_err(unreadable(format!("read PITR of {table}")))?
                .recovery_period_days;
            let point = restorable_point(backend, ctx, recovery_point_arn).await?;
            // Replacing a table with another table's data would be a second
            // disaster, not a recovery.
            if point.table_name() != table.as_str() {
                return Err(Unmet::OtherTablesPoint {
                    arn: recovery_point_arn.clone(),
                    of: point.table_name().to_owned(),
                    table: table.clone(),
                });
            }
            facts.cold = *cold || point.storage == StorageClass::Cold;
            require_role(ctx)?;
        }
        Operation::CreateBackup { table }
        | Operation::DeleteTable { table, .. }
        | Operation::EnableDeletionProtection { table } => {
            active_table(backend, table).await?;
        }
        Operation::EnablePitr {
            table,
            recovery_period_days,
        } => {
            if !(1..=35).contains(recovery_period_days) {
                return Err(Unmet::RecoveryPeriod(*recovery_period_days));
            }
            active_table(backend, table).await?;
        }
        Operation::RestoreFromBackup {
            backup_arn,
            target,
            new_table,
        } => {
            new_table_period(*new_table)?;
            absent_target(backend, target).await?;
            available_backup(backend, backup_arn).await?;
        }
        Operation::CompareTables { table, other, .. } => {
            if table == other {
                return Err(Unmet::SameTable {
                    table: table.clone(),
                });
            }
            active_table(backend, table).await?;
            active_table(backend, other).await?;
        }
        // The review checks each item against the account itself.
        Operation::ReviewLeftovers { .. } => {}
        // The vault must be there; its policy is compared by the step.
        Operation::ProtectVault { vault, .. } => {
            backend
                .describe_backup_vault(vault)
                .await
                .map_err(unreadable(format!("read backup vault {vault}")))?;
        }
        // The steps list the plans themselves; AWS Backup checks the rest.
        Operation::CreatePlan { .. }
        | Operation::AddToPlan { .. }
        | Operation::RemoveFromPlan { .. } => {}
        Operation::RepairInPlace { table, source } => {
            active_table(backend, table).await?;
            match source {
                RepairSource::Pitr(at) => {
                    facts.recovery_period_days = restorable_time(backend, table, *at).await?;
                }
                RepairSource::Backup(backup_arn) => {
                    available_backup(backend, backup_arn).await?;
                }
                RepairSource::RecoveryPoint { arn, cold } => {
                    let point = restorable_point(backend, ctx, arn).await?;
                    if point.table_name() != table.as_str() {
                        return Err(Unmet::OtherTablesPoint {
                            arn: arn.clone(),
                            of: point.table_name().to_owned(),
                            table: table.clone(),
                        });
                    }
                    facts.cold = *cold || point.storage == StorageClass::Cold;
                    require_role(ctx)?;
                }
                RepairSource::Table(other) => {
                    if table == other {
                        return Err(Unmet::SameTable {
                            table: table.clone(),
                        });
                    }
                    active_table(backend, other).await?;
                }
            }
            if !matches!(source, RepairSource::Table(_)) {
                absent_target(
                    backend,
                    &temporary_name(table, TempKind::Repair, plan.stamp),
                )
                .await?;
            }
        }
        Operation::UndoRepair { table, .. } => {
            active_table(backend, table).await?;
        }
        Operation::Drill { table, source } => {
            active_table(backend, table).await?;
            match source {
                crate::workflow::DrillSource::Pitr(at) => {
                    facts.recovery_period_days = restorable_time(backend, table, *at).await?;
                }
                crate::workflow::DrillSource::Backup(backup_arn) => {
                    available_backup(backend, backup_arn).await?;
                }
                crate::workflow::DrillSource::RecoveryPoint { arn, cold } => {
                    let point = restorable_point(backend, ctx, arn).await?;
                    facts.cold = *cold || point.storage == StorageClass::Cold;
                    require_role(ctx)?;
                }
                // The export is still there, whole, to import and to
                // verify against.
                crate::workflow::DrillSource::Export(location) => {
                    crate::exports::find_export(backend, location)
                        .await
                        .map_err(|e| Unmet::BadExport(e.to_string()))?;
                }
                crate::workflow::DrillSource::PitrAtExport { at, export } => {
                    facts.recovery_period_days =
                        restorable_time(backend, table, crate::domain::PitrTarget::At(*at)).await?;
                    crate::exports::find_export(backend, export)
                        .await
                        .map_err(|e| Unmet::BadExport(e.to_string()))?;
                }
            }
            // The scratch table is the plan's, never one that exists.
            if let Some(scratch) = crate::workflow::plan::drill_scratch(&plan.steps) {
                absent_target(backend, scratch).await?;
            }
        }
        Operation::DeleteBackup { backup_arn, .. } => {
            backend
                .describe_backup(backup_arn.as_str())
                .await
                .map_err(missing_or_unreadable(
                    Unmet::NoBackup {
                        backup_arn: backup_arn.clone(),
                    },
                    format!("read backup {backup_arn}"),
                ))?;
        }
        Operation::PruneBackups { table, delete } => prunable(backend, table, delete).await?,
        Operation::RestoreFromRecoveryPoint {
            recovery_point_arn,
            target,
            new_table,
            ..
        } => {
            new_table_period(*new_table)?;
            absent_target(backend, target).await?;
            let point = restorable_point(backend, ctx, recovery_point_arn).await?;
            facts.cold = point.storage == StorageClass::Cold;
            require_role(ctx)?;
        }
        Operation::BackupWithAwsBackup {
            table,
            lifecycle,
            vault,
        } => {
            lifecycle.check().map_err(Unmet::BadLifecycle)?;
            if vault.trim().is_empty() {
                return Err(Unmet::NoVault);
            }
            if ctx.backup_role_arn.trim().is_empty() {
                return Err(Unmet::NoRoleForBackupJob);
            }
            active_table(backend, table).await?;
        }
        Operation::CopyToRegion {
            point,
            source_vault,
            destination,
            lifecycle,
            ..
        } => {
            lifecycle.check().map_err(Unmet::BadLifecycle)?;
            let to = crate::domain::VaultArn::parse(destination)
                .map_err(|e| Unmet::BadCopyDestination(e.to_string()))?;
            to.elsewhere_than(source_vault, &backend.info().region, None)
                .map_err(|e| Unmet::BadCopyDestination(e.to_string()))?;
            if ctx.backup_role_arn.trim().is_empty() {
                return Err(Unmet::NoRoleForBackupJob);
            }
            completed_point(backend, source_vault, point).await?;
        }
        Operation::RestoreInRegion {
            table,
            region,
            source,
            target,
            new_table,
            ..
        } => {
            new_table_period(*new_table)?;
            if *region == backend.info().region {
                return Err(Unmet::SameRegion {
                    region: region.clone(),
                });
            }
            let there =
                backend
                    .in_region(region)
                    .await
                    .map_err(|error| Unmet::RegionUnreachable {
                        region: region.clone(),
                        error,
                    })?;
            match source {
                RegionSource::Pitr(at) => {
                    facts.recovery_period_days = restorable_time(backend, table, *at).await?;
                }
                RegionSource::Copy { point, vault } => {
                    require_role(ctx)?;
                    completed_point(there.as_ref(), vault, point).await?;
                }
            }
            absent_target(there.as_ref(), target)
                .await
                .map_err(|e| match e {
                    Unmet::TargetExists { target } => Unmet::TargetExistsThere {
                        target,
                        region: region.clone(),
                    },
                    other => other,
                })?;
        }
        Operation::ExportToS3 { table, kind, .. } => {
            active_table(backend, table).await?;
            let at = match kind {
                crate::domain::ExportKind::Full { at } => *at,
                crate::domain::ExportKind::Incremental { from, to } => {
                    crate::domain::check_incremental(*from, *to).map_err(Unmet::BadExport)?;
                    *from
                }
            };
            // The window's start is what can have passed since the plan;
            // its end is now, as DynamoDB takes an export's time.
            let pitr = backend
                .describe_continuous_backups(table.as_str())
                .await
                .map_err(|error| Unmet::Unreadable {
                    what: format!("read the PITR window of {table}"),
                    error,
                })?;
            match pitr.window {
                Some(w) if at >= w.earliest => {}
                Some(w) => {
                    return Err(Unmet::BadExport(format!(
                        "{} is before the PITR window's start {}",
                        crate::domain::time::format_reference(at),
                        crate::domain::time::format_reference(w.earliest)
                    )));
                }
                None => {
                    return Err(Unmet::PitrOff {
                        table: table.clone(),
                    });
                }
            }
        }
        Operation::ImportFromS3 {
            target, new_table, ..
        } => {
            new_table_period(*new_table)?;
            absent_target(backend, target).await?;
        }
    }
    Ok(facts)
}

/// The recovery period chosen for a new table is one AWS takes.
fn new_table_period(new_table: NewTableSettings) -> Result<(), Unmet> {
    match new_table.pitr_days {
        Some(days) if !(1..=35).contains(&days) => Err(Unmet::RecoveryPeriod(days)),
        _ => Ok(()),
    }
}

/// Each chosen backup is still there and AVAILABLE, and at least one
/// AVAILABLE backup of `table` is not among them (never the only copy).
async fn prunable(
    backend: &dyn Backend,
    table: &TableName,
    delete: &[super::ChosenBackup],
) -> Result<(), Unmet> {
    let listed = backend
        .list_backups(Some(table.as_str()))
        .await
        .map_err(unreadable(format!("list the backups of {table}")))?;
    for chosen in delete {
        let Some(b) = listed.iter().find(|b| chosen.arn == *b.arn) else {
            return Err(Unmet::NoBackup {
                backup_arn: chosen.arn.clone(),
            });
        };
        if b.status != BackupStatus::Available {
            return Err(Unmet::PruneNotAvailable {
                name: b.name.clone(),
                status: b.status.label(),
            });
        }
    }
    let stays = listed.iter().any(|b| {
        b.table_name == table.as_str()
            && b.status == BackupStatus::Available
            && !delete.iter().any(|c| c.arn == *b.arn)
    });
    if stays {
        Ok(())
    } else {
        Err(Unmet::PruneLeavesNone {
            table: table.clone(),
        })
    }
}

/// PITR is on for `table` and `at` is inside its window; its recovery
/// period.
async fn restorable_time(
    backend: &dyn Backend,
    table: &TableName,
    at: PitrTarget,
) -> Result<Option<u8>, Unmet> {
    let pitr = backend
        .describe_continuous_backups(table.as_str())
        .await
        .map_err(unreadable(format!("read PITR of {table}")))?;
    let window = match (pitr.enabled, pitr.window) {
        (true, Some(w)) => w,
        _ => {
            return Err(Unmet::PitrOff {
                table: table.clone(),
            });
        }
    };
    if let PitrTarget::At(t) = at
        && !window.contains(t)
    {
        return Err(Unmet::OutsideWindow(BackendError::OutsidePitrWindow {
            requested: crate::domain::time::format_reference(t),
            earliest: window.earliest,
            latest: window.latest,
        }));
    }
    Ok(pitr.recovery_period_days)
}

/// The table exists and is ACTIVE.
async fn active_table(backend: &dyn Backend, table: &TableName) -> Result<(), Unmet> {
    let t = backend
        .describe_table(table.as_str())
        .await
        .map_err(missing_or_unreadable(
            Unmet::NoTable {
                table: table.clone(),
            },
            format!("read table {table}"),
        ))?;
    let table = table.clone();
    match t.status {
        TableStatus::Active => Ok(()),
        TableStatus::Creating => Err(Unmet::Creating { table }),
        TableStatus::Deleting => Err(Unmet::Deleting { table }),
        other => Err(Unmet::NotActive {
            table,
            status: other.label().to_owned(),
        }),
    }
}

/// No table has the name (a `TableName` is valid by its type).
async fn absent_target(backend: &dyn Backend, target: &TableName) -> Result<(), Unmet> {
    match backend.describe_table(target.as_str()).await {
        Ok(_) => Err(Unmet::TargetExists {
            target: target.clone(),
        }),
        Err(BackendError::NotFound { .. }) => Ok(()),
        Err(e) => Err(unreadable(format!("check whether {target} exists"))(e)),
    }
}

async fn restorable_point(
    backend: &dyn Backend,
    ctx: &RunContext,
    arn: &RecoveryPointArn,
) -> Result<RecoveryPoint, Unmet> {
    let points = backend
        .list_recovery_points(&ctx.vault, None)
        .await
        .map_err(unreadable(format!(
            "list the recovery points of vault {}",
            ctx.vault
        )))?;
    let point =
        points
            .into_iter()
            .find(|p| *arn == *p.arn)
            .ok_or_else(|| Unmet::PointNotInVault {
                arn: arn.clone(),
                vault: ctx.vault.clone(),
            })?;
    if point.status != RecoveryPointStatus::Completed {
        return Err(Unmet::PointNotRestorable {
            arn: arn.clone(),
            status: format!("{:?}", point.status),
        });
    }
    Ok(point)
}

fn require_role(ctx: &RunContext) -> Result<(), Unmet> {
    if ctx.backup_role_arn.trim().is_empty() {
        return Err(Unmet::NoBackupRole);
    }
    Ok(())
}
