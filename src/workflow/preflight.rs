//! Preconditions, checked before the first step so a run never starts
//! doomed. A refusal says what is wrong in the operator's words.

use super::event::RunContext;
use super::ledger::Facts;
use super::operation::Operation;
use super::plan::{Plan, temporary_name};
use crate::backend::{Backend, BackendError};
use crate::domain::{
    BackupStatus, PitrTarget, RecoveryPoint, RecoveryPointStatus, StorageClass, TableName,
    TableStatus, TempKind,
};

/// Whether `plan` may start now; `Err` says why not, in the operator's
/// words. `run` checks again itself; the UI may call this to refuse early.
pub async fn check(backend: &dyn Backend, plan: &Plan, ctx: &RunContext) -> Result<(), String> {
    preflight(backend, plan, ctx).await.map(|_| ())
}

/// What the run needs to know before it starts, or why it must not start.
pub(crate) async fn preflight(
    backend: &dyn Backend,
    plan: &Plan,
    ctx: &RunContext,
) -> Result<Facts, String> {
    let mut facts = Facts::default();
    match &plan.operation {
        Operation::PitrInPlace { table, at } => {
            active_table(backend, table).await?;
            let pitr = backend
                .describe_continuous_backups(table)
                .await
                .map_err(|e| format!("cannot read PITR of {table}: {e}"))?;
            let window = match (pitr.enabled, pitr.window) {
                (true, Some(w)) => w,
                _ => {
                    return Err(format!(
                        "point-in-time recovery is not enabled on {table}: there is no earlier time to restore"
                    ));
                }
            };
            if let PitrTarget::At(t) = at
                && !window.contains(*t)
            {
                return Err(BackendError::OutsidePitrWindow {
                    requested: crate::domain::time::format_reference(*t),
                    earliest: window.earliest,
                    latest: window.latest,
                }
                .to_string());
            }
            facts.recovery_period_days = pitr.recovery_period_days;
            absent_target(backend, &temporary_name(table, TempKind::Dupe, plan.stamp)).await?;
        }
        Operation::AwsBackupInPlace {
            table,
            recovery_point_arn,
            cold,
        } => {
            active_table(backend, table).await?;
            facts.recovery_period_days = backend
                .describe_continuous_backups(table)
                .await
                .map_err(|e| format!("cannot read PITR of {table}: {e}"))?
                .recovery_period_days;
            let point = restorable_point(backend, ctx, recovery_point_arn).await?;
            // Replacing a table with another table's data would be a second
            // disaster, not a recovery.
            if point.table_name() != table {
                return Err(format!(
                    "recovery point {recovery_point_arn} is a backup of {}, not of {table}: restore it into a new table (operation 5) instead",
                    point.table_name()
                ));
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
                return Err(format!(
                    "the recovery period must be 1 to 35 days (got {recovery_period_days})"
                ));
            }
            active_table(backend, table).await?;
        }
        Operation::RestoreFromBackup { backup_arn, target } => {
            absent_target(backend, target).await?;
            let backup = backend
                .describe_backup(backup_arn)
                .await
                .map_err(|e| match e {
                    BackendError::NotFound { .. } => format!("backup {backup_arn} does not exist"),
                    e => format!("cannot read backup {backup_arn}: {e}"),
                })?;
            if backup.status != BackupStatus::Available {
                return Err(format!(
                    "backup {} is {}: it can be restored once it is AVAILABLE",
                    backup.name,
                    backup.status.label()
                ));
            }
        }
        Operation::RestoreFromRecoveryPoint {
            recovery_point_arn,
            target,
        } => {
            absent_target(backend, target).await?;
            let point = restorable_point(backend, ctx, recovery_point_arn).await?;
            facts.cold = point.storage == StorageClass::Cold;
            require_role(ctx)?;
        }
    }
    Ok(facts)
}

/// The table exists and is ACTIVE.
async fn active_table(backend: &dyn Backend, table: &str) -> Result<(), String> {
    let t = backend.describe_table(table).await.map_err(|e| match e {
        BackendError::NotFound { .. } => format!("table {table} does not exist"),
        e => format!("cannot read table {table}: {e}"),
    })?;
    match t.status {
        TableStatus::Active => Ok(()),
        TableStatus::Creating => Err(format!(
            "table {table} is still being created (CREATING): try again once it is ACTIVE"
        )),
        TableStatus::Deleting => Err(format!("table {table} is being deleted (DELETING)")),
        other => Err(format!(
            "table {table} is {}: only an ACTIVE table can be worked on",
            other.label()
        )),
    }
}

/// The name is a valid table name and no table has it.
async fn absent_target(backend: &dyn Backend, target: &str) -> Result<(), String> {
    TableName::parse(target).map_err(|e| format!("{target} is not a valid table name: {e}"))?;
    match backend.describe_table(target).await {
        Ok(_) => Err(format!(
            "a table named {target} already exists: restore into a name that does not exist"
        )),
        Err(BackendError::NotFound { .. }) => Ok(()),
        Err(e) => Err(format!("cannot check whether {target} exists: {e}")),
    }
}

async fn restorable_point(
    backend: &dyn Backend,
    ctx: &RunContext,
    arn: &str,
) -> Result<RecoveryPoint, String> {
    let points = backend
        .list_recovery_points(&ctx.vault, None)
        .await
        .map_err(|e| {
            format!(
                "cannot list the recovery points of vault {}: {e}",
                ctx.vault
            )
        })?;
    let point = points
        .into_iter()
        .find(|p| p.arn == arn)
        .ok_or_else(|| format!("recovery point {arn} is not in vault {}", ctx.vault))?;
    if point.status != RecoveryPointStatus::Completed {
        return Err(format!(
            "recovery point {arn} cannot be restored (status {:?})",
            point.status
        ));
    }
    Ok(point)
}

fn require_role(ctx: &RunContext) -> Result<(), String> {
    if ctx.backup_role_arn.trim().is_empty() {
        return Err("no backup role ARN is configured: AWS Backup restores need one".to_owned());
    }
    Ok(())
}
