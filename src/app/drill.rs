//! Operation 17 "DR drill" in the wizard: which copy it restores from.
//! "The latest restorable copy" is the table's PITR latest time when PITR
//! is on, else its newest AVAILABLE backup, else its newest recovery point
//! (`latest_source`); the other rows lead to the shared time, backup and
//! point pages with `kind: OpKind::Drill`.

use super::refusal::Refusal;
use super::state::State;
use crate::domain::{BackupStatus, PitrTarget, RecoveryPointStatus, StorageClass, TableName};
use crate::workflow::DrillSource;

/// The newest copy of `table` a restore could start from, by the
/// inventory held.
pub fn latest_source(state: &State, table: &str) -> Result<DrillSource, Refusal> {
    let pitr_on = state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table)
        .and_then(|r| r.pitr.as_ref())
        .is_some_and(|p| p.enabled);
    if pitr_on {
        return Ok(DrillSource::Pitr(PitrTarget::Latest));
    }
    let recovery = &state.inventory.recovery;
    let backup = recovery
        .backups_of(table)
        .iter()
        .filter(|b| b.status == BackupStatus::Available)
        .max_by_key(|b| b.created_at);
    let point = recovery
        .points_of(table)
        .iter()
        .filter(|p| p.status == RecoveryPointStatus::Completed)
        .max_by_key(|p| p.created_at);
    match (backup, point) {
        (Some(b), Some(p)) if p.created_at > b.created_at => Ok(point_source(p)),
        (Some(b), _) => Ok(DrillSource::Backup(b.arn.as_str().into())),
        (None, Some(p)) => Ok(point_source(p)),
        (None, None) => Err(Refusal::NothingToDrill {
            table: table.to_owned(),
        }),
    }
}

fn point_source(p: &crate::domain::RecoveryPoint) -> DrillSource {
    DrillSource::RecoveryPoint {
        arn: p.arn.as_str().into(),
        cold: p.storage == StorageClass::Cold,
    }
}

/// The table's newest completed full export (an incremental one is not a
/// whole table), as the folder that names it alone.
pub fn latest_export(state: &State, table: &str) -> Option<crate::domain::S3Location> {
    newest_full_export(state, table)
        .and_then(|e| crate::domain::S3Location::parse(&e.location()).ok())
}

fn newest_full_export<'s>(state: &'s State, table: &str) -> Option<&'s crate::domain::Export> {
    state
        .inventory
        .recovery
        .exports_of(table)
        .iter()
        .filter(|e| {
            e.status == crate::domain::ExportStatus::Completed
                && matches!(e.kind, Some(crate::domain::ExportKind::Full { .. }))
        })
        .max_by_key(|e| e.ended_at.or(e.started_at))
}

/// The drill's operation from a chosen source.
pub fn operation(table: &TableName, source: DrillSource) -> crate::workflow::Operation {
    crate::workflow::Operation::Drill {
        table: table.clone(),
        source,
    }
}

/// A row of the drill's source page, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrillSourceRow {
    Latest,
    Pitr,
    Backup,
    Point,
    /// The newest full export: imported, then verified item by item.
    Export,
    /// The table by PITR at the newest full export's instant, then
    /// verified against that export item by item.
    PitrAtExport,
}

impl DrillSourceRow {
    pub const ALL: [Self; 6] = [
        Self::Latest,
        Self::Pitr,
        Self::Backup,
        Self::Point,
        Self::Export,
        Self::PitrAtExport,
    ];
}

/// The drill by PITR at the instant of `table`'s newest full export, or
/// why there is none: no export, PITR off, or the instant out of its
/// window.
pub fn pitr_at_export(state: &State, table: &str) -> Result<DrillSource, Refusal> {
    let export = newest_full_export(state, table).ok_or_else(|| Refusal::NoExport {
        table: table.to_owned(),
    })?;
    let (Some(crate::domain::ExportKind::Full { at }), Some(folder)) =
        (export.kind, latest_export(state, table))
    else {
        return Err(Refusal::NoExport {
            table: table.to_owned(),
        });
    };
    let pitr = state
        .inventory
        .tables
        .row(table)
        .and_then(|r| r.pitr.as_ref())
        .filter(|p| p.enabled)
        .ok_or_else(|| Refusal::PitrOff {
            table: table.to_owned(),
        })?;
    // Only the window's start is checked here: its end moves on with the
    // clock (the inventory's is as loaded), and the preflight asks afresh.
    if pitr.window.as_ref().is_some_and(|w| at < w.earliest) {
        return Err(Refusal::ExportBeforeWindow {
            table: table.to_owned(),
            at: crate::domain::time::format_reference(at),
        });
    }
    Ok(DrillSource::PitrAtExport { at, export: folder })
}

/// One row as shown: its text and, when the table lacks that kind of
/// copy, why it cannot be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillChoice {
    pub row: DrillSourceRow,
    pub text: String,
    pub unavailable: Option<Refusal>,
}

/// The source page's rows for `table`, from the inventory held.
pub fn source_choices(state: &State, table: &str) -> Vec<DrillChoice> {
    let latest = latest_source(state, table);
    let repair = super::repair::source_choices(state, table);
    let lacks = |row: super::repair::RepairSourceRow| {
        repair
            .iter()
            .find(|c| c.row == row)
            .and_then(|c| c.unavailable.clone())
    };
    let table_name = TableName::parse(table).ok();
    DrillSourceRow::ALL
        .into_iter()
        .map(|row| {
            let (text, unavailable) = match row {
                DrillSourceRow::Latest => match (&latest, &table_name) {
                    (Ok(source), Some(t)) => (
                        format!("the latest restorable copy: {}", source.describe(t)),
                        None,
                    ),
                    (Err(why), _) => ("the latest restorable copy".to_owned(), Some(why.clone())),
                    (Ok(_), None) => ("the latest restorable copy".to_owned(), None),
                },
                DrillSourceRow::Pitr => (
                    "a time in its PITR window".to_owned(),
                    lacks(super::repair::RepairSourceRow::Pitr),
                ),
                DrillSourceRow::Backup => (
                    format!(
                        "one of its DynamoDB backups ({})",
                        state.inventory.recovery.backups_of(table).len()
                    ),
                    lacks(super::repair::RepairSourceRow::Backup),
                ),
                DrillSourceRow::Point => (
                    format!(
                        "one of its AWS Backup recovery points ({})",
                        state.inventory.recovery.points_of(table).len()
                    ),
                    lacks(super::repair::RepairSourceRow::Point),
                ),
                DrillSourceRow::Export => match newest_full_export(state, table) {
                    Some(e) => (
                        format!(
                            "its newest export ({}), then an exact verify",
                            match e.kind {
                                Some(crate::domain::ExportKind::Full { at }) => {
                                    format!("as at {} UTC", at.format("%Y-%m-%d %H:%M"))
                                }
                                _ => e.id().to_owned(),
                            }
                        ),
                        None,
                    ),
                    None => (
                        "its newest export to S3, then an exact verify".to_owned(),
                        Some(Refusal::NoExport {
                            table: table.to_owned(),
                        }),
                    ),
                },
                DrillSourceRow::PitrAtExport => (
                    "PITR at its newest export's instant, then an exact verify".to_owned(),
                    pitr_at_export(state, table).err(),
                ),
            };
            DrillChoice {
                row,
                text,
                unavailable,
            }
        })
        .collect()
}

/// The drill's first page, the cursor on the first row the table has.
pub fn source_page(state: &State, table: TableName) -> super::wizard::Wizard {
    let cursor = source_choices(state, table.as_str())
        .iter()
        .position(|c| c.unavailable.is_none())
        .unwrap_or(0);
    super::wizard::Wizard::DrillSource { table, cursor }
}

/// Where a row leads: the plan at once for the latest copy, else the
/// shared time, backup or point page of kind `Drill`.
pub fn source_next(state: &State, table: TableName, row: DrillSourceRow) -> super::wizard::Wizard {
    use super::wizard::Wizard;
    match row {
        DrillSourceRow::Latest => match latest_source(state, table.as_str()) {
            Ok(source) => {
                Wizard::plan(crate::workflow::plan(&operation(&table, source), state.now))
            }
            Err(_) => Wizard::DrillSource { table, cursor: 0 },
        },
        DrillSourceRow::Pitr => Wizard::EnterTime {
            kind: crate::workflow::OpKind::Drill,
            table,
            input: tui_input::Input::default(),
            error: None,
        },
        DrillSourceRow::Backup => Wizard::PickBackup {
            kind: crate::workflow::OpKind::Drill,
            table,
            cursor: 0,
        },
        DrillSourceRow::Point => Wizard::PickPoint {
            kind: crate::workflow::OpKind::Drill,
            table,
            cursor: 0,
        },
        DrillSourceRow::PitrAtExport => match pitr_at_export(state, table.as_str()) {
            Ok(source) => {
                Wizard::plan(crate::workflow::plan(&operation(&table, source), state.now))
            }
            Err(_) => Wizard::DrillSource { table, cursor: 0 },
        },
        DrillSourceRow::Export => match latest_export(state, table.as_str()) {
            Some(at) => Wizard::plan(crate::workflow::plan(
                &operation(&table, DrillSource::Export(at)),
                state.now,
            )),
            None => Wizard::DrillSource { table, cursor: 0 },
        },
    }
}
