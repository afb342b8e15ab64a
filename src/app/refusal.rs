//! Why an operation may not start: one rule set, asked by the menu (which
//! shows the row disabled, with the reason) and again by `Enter` on the plan
//! (the state may have changed while the operator read it). Each refusal is
//! a variant whose `Display` is the sentence the operator reads.

use crate::workflow::OpKind;

use super::Action;
use super::state::State;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("read-only: {0}")]
    ReadOnly(String),
    /// A run on the table stopped midway: its journal must be resumed or
    /// dismissed first, or two runs would own the same temporary names.
    #[error(
        "{label} on {table} was interrupted: resume ({resume}) or dismiss ({dismiss}) it in Jobs first"
    )]
    Interrupted {
        label: &'static str,
        table: String,
        /// The keys in force for resume and dismiss.
        resume: String,
        dismiss: String,
    },
    #[error("{label} is running on {table} (job {job}): wait for it to finish")]
    Running {
        label: &'static str,
        table: String,
        job: crate::workflow::JobId,
    },
    #[error("{table} is {status}: wait until it is ACTIVE")]
    NotActive { table: String, status: String },
    #[error("{table} is not loaded yet")]
    NotLoaded { table: String },
    #[error(
        "PITR is off on {table}: it cannot be restored to a point in time (operation 7 turns it on)"
    )]
    PitrOff { table: String },
    #[error("{table} has no AWS Backup recovery points in the vault")]
    NoRecoveryPoints { table: String },
    #[error("{table} has no DynamoDB backups")]
    NoBackups { table: String },
    #[error(
        "{table} has nothing to restore from: PITR is off and it has no backup or recovery point"
    )]
    NothingToDrill { table: String },
    #[error("{table} has no completed full export to S3 in the inventory: export it first (x)")]
    NoExport { table: String },
    #[error("{table}'s newest export is of {at} UTC, before its PITR window")]
    ExportBeforeWindow { table: String, at: String },
    #[error("{how}")]
    NotInMenu { how: String },
    #[error("deletion protection is already on for {table}: there is nothing to do")]
    AlreadyProtected { table: String },
    #[error("no AWS Backup vault is configured (aws.backup_vault): a backup job needs one")]
    NoVault,
    #[error(
        "no DR vault is configured ([copies] vault_arn = \"arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME\"): a copy needs a destination"
    )]
    NoDrVault,
    #[error(
        "no DR region is configured ([copies] region = \"us-west-2\", --dr-region, or the region of [copies] vault_arn): a restore in another region needs one"
    )]
    NoDrRegion,
    #[error(
        "{table} has neither PITR nor a copy in the DR vault ({vault}): copy a recovery point there first (operation 15)"
    )]
    NothingInDrRegion { table: String, vault: String },
    #[error(
        "the DR vault ({vault}) holds no copy of {table}: copy a recovery point there first (operation 15)"
    )]
    NoDrCopy { table: String, vault: String },
    #[error("this copy is {status}: only a COMPLETED copy can be restored")]
    DrCopyNotCompleted { status: String },
}

impl Refusal {
    /// A few words for the menu's row; the sentence (`Display`) is shown
    /// under the menu for the row under the cursor.
    pub fn brief(&self) -> String {
        match self {
            Self::ReadOnly(_) => "read-only".to_owned(),
            Self::Interrupted { .. } => "a run was interrupted".to_owned(),
            Self::Running { job, .. } => format!("job {job} running"),
            Self::NotActive { status, .. } => format!("table {status}"),
            Self::NotLoaded { .. } => "not loaded yet".to_owned(),
            Self::PitrOff { .. } => "PITR is off".to_owned(),
            Self::NoRecoveryPoints { .. } => "no recovery points".to_owned(),
            Self::NoBackups { .. } => "no backups".to_owned(),
            Self::NothingToDrill { .. } => "no copy".to_owned(),
            Self::NoExport { .. } => "no export".to_owned(),
            Self::ExportBeforeWindow { .. } => "before the window".to_owned(),
            Self::AlreadyProtected { .. } => "already protected".to_owned(),
            Self::NotInMenu { .. } => "not from the menu".to_owned(),
            Self::NoVault => "no vault configured".to_owned(),
            Self::NoDrVault => "no DR vault configured".to_owned(),
            Self::NoDrRegion => "no DR region configured".to_owned(),
            Self::NothingInDrRegion { .. } => "no PITR, no copy there".to_owned(),
            Self::NoDrCopy { .. } => "no copy there".to_owned(),
            Self::DrCopyNotCompleted { status } => status.to_lowercase(),
        }
    }
}

/// Why the menu disables `kind` on `table`: a reason it may not start
/// (`refusal`), or a source it needs that the table lacks, or nothing to
/// do (`missing`). Read-only is not one: a read-only console still shows
/// every plan, as a preview, and only `Enter` on the plan is refused.
pub fn menu_refusal(state: &State, table: &str, kind: OpKind) -> Option<Refusal> {
    blocking(state, table, kind).or_else(|| missing(state, table, kind))
}

/// What `kind` needs of `table` that the inventory says it lacks: PITR
/// for a point-in-time restore, a recovery point or a backup to restore
/// from; or deletion protection already on, for operation 8.
pub fn missing(state: &State, table: &str, kind: OpKind) -> Option<Refusal> {
    let row = state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table);
    let table_name = || table.to_owned();
    match kind {
        OpKind::PitrInPlace | OpKind::PitrToNew | OpKind::ExportToS3 => {
            match row.and_then(|r| r.pitr.as_ref()) {
                Some(p) if p.enabled => None,
                _ => Some(Refusal::PitrOff {
                    table: table_name(),
                }),
            }
        }
        OpKind::AwsBackupInPlace | OpKind::RestoreFromPoint => {
            let none = state.inventory.recovery.points_of(table).is_empty();
            none.then(|| Refusal::NoRecoveryPoints {
                table: table_name(),
            })
        }
        OpKind::RestoreFromBackup => {
            let none = state.inventory.recovery.backups_of(table).is_empty();
            none.then(|| Refusal::NoBackups {
                table: table_name(),
            })
        }
        OpKind::EnableProtection => {
            let on = row
                .and_then(|r| r.table.as_ref())
                .is_some_and(|t| t.deletion_protection);
            on.then(|| Refusal::AlreadyProtected {
                table: table_name(),
            })
        }
        OpKind::CreateBackup
        | OpKind::DeleteTable
        | OpKind::EnablePitr
        | OpKind::Compare
        | OpKind::DeleteBackup
        | OpKind::Repair
        | OpKind::UndoRepair
        | OpKind::ReviewLeftovers
        | OpKind::ProtectVault
        | OpKind::PruneBackups
        | OpKind::CreatePlan
        | OpKind::AddToPlan
        | OpKind::RemoveFromPlan
        | OpKind::ImportFromS3 => None,
        OpKind::Drill => super::drill::latest_source(state, table).err(),

        OpKind::AwsBackup => state
            .inventory
            .recovery
            .vault
            .is_none()
            .then_some(Refusal::NoVault),
        OpKind::RestoreInRegion => {
            let recovery = &state.inventory.recovery;
            let pitr_on = row.and_then(|r| r.pitr.as_ref()).is_some_and(|p| p.enabled);
            match recovery.dr_region() {
                None => Some(Refusal::NoDrRegion),
                Some(_) if !pitr_on && recovery.dr_copies_of(table).is_empty() => {
                    Some(Refusal::NothingInDrRegion {
                        table: table_name(),
                        vault: super::region::dr_vault_words(recovery),
                    })
                }
                Some(_) => None,
            }
        }
        OpKind::CopyToRegion => {
            let recovery = &state.inventory.recovery;
            if recovery.vault.is_none() {
                Some(Refusal::NoVault)
            } else if recovery.dr_vault.is_none() {
                Some(Refusal::NoDrVault)
            } else if recovery.points_of(table).is_empty() {
                Some(Refusal::NoRecoveryPoints {
                    table: table_name(),
                })
            } else {
                None
            }
        }
    }
}

/// Why nothing of `kind` may start on `table` now, if so: the console is
/// read-only, a run of ours on the table was interrupted or is running, or
/// (for an operation that changes the table in place) the table is not
/// loaded or not ACTIVE. For a restore into a new table, the menu asks
/// about the source table and the plan about the new one. An operation
/// that only reads (a comparison) runs in a read-only console.
pub fn refusal(state: &State, table: &str, kind: OpKind) -> Option<Refusal> {
    match state.header.read_only_reason() {
        Some(reason) if !kind.read_only() => Some(Refusal::ReadOnly(reason)),
        _ => blocking(state, table, kind),
    }
}

/// `refusal` but for read-only: what the table or our runs forbid.
fn blocking(state: &State, table: &str, kind: OpKind) -> Option<Refusal> {
    if let Some(r) = state.runs.interrupted.iter().find(|r| r.table == table) {
        return Some(Refusal::Interrupted {
            label: r.label,
            table: table.to_owned(),
            resume: state.keymap.key(Action::Resume),
            dismiss: state.keymap.key(Action::Dismiss),
        });
    }
    if let Some(run) = state
        .runs
        .ours
        .iter()
        .find(|r| r.is_active() && r.table == table)
    {
        return Some(Refusal::Running {
            label: run.label,
            table: table.to_owned(),
            job: run.job,
        });
    }
    if !kind.in_place() {
        return None;
    }
    let row = state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table);
    match row.and_then(|r| r.table.as_ref()) {
        Some(t) if t.status != crate::domain::TableStatus::Active => Some(Refusal::NotActive {
            table: table.to_owned(),
            status: t.status.label().to_owned(),
        }),
        Some(_) => None,
        None => Some(Refusal::NotLoaded {
            table: table.to_owned(),
        }),
    }
}
