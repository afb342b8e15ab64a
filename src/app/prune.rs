//! The prune review of one table's DynamoDB backups (`K`): how many
//! scheduled backups to keep, then every backup of the table, newest first,
//! the scheduled ones beyond the N newest ticked (the rule of
//! `dynamo-dr backup --keep N`, `domain::split_scheduled`). The operator may
//! tick or untick any other, except a backup that is not AVAILABLE and the
//! last AVAILABLE one left unticked. Nothing is deleted here: confirm shows
//! the plan of `Operation::PruneBackups`, which runs only from there.

use tui_input::Input;

use super::bad_input::BadInput;
use super::state::State;
pub use super::view_models::{PrunePage, PruneReview, PruneRow, RowKind};
use crate::domain::{
    Backup, BackupStatus, BackupType, TableName, TempKind, split_scheduled, temp_origin,
};
use crate::workflow::{ChosenBackup, Operation};

/// How many scheduled backups are kept when the operator does not say.
pub const DEFAULT_KEEP: usize = 7;
/// The most the field takes.
pub const MAX_KEEP: usize = 1000;

/// Why a row cannot be ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Untickable {
    #[error("{0}: only an AVAILABLE backup is deleted")]
    NotAvailable(&'static str),
    #[error("the table's last AVAILABLE backup: never deleted")]
    LastAvailable,
}

/// The review of `table`, opened at the "keep how many" field.
pub fn open(table: TableName) -> PruneReview {
    PruneReview {
        table,
        page: PrunePage::Keep {
            input: Input::new(DEFAULT_KEEP.to_string()),
            error: None,
        },
    }
}

/// The number typed: 1 to `MAX_KEEP`; 0 would delete the newest too.
pub fn parse_keep(raw: &str) -> Result<usize, BadInput> {
    let raw = raw.trim();
    match raw.parse::<usize>() {
        Ok(0) => Err(BadInput::KeepNone),
        Ok(n) if n <= MAX_KEEP => Ok(n),
        _ => Err(BadInput::KeepCount(raw.to_owned())),
    }
}

/// Every backup of `table` the inventory holds, newest first, ticked by
/// the `--keep` rule; if that would leave no AVAILABLE backup unticked, the
/// newest ticked one is left unticked.
pub fn rows(state: &State, table: &TableName, keep: usize) -> Vec<PruneRow> {
    let backups = state.inventory.recovery.backups_of(table.as_str());
    let (kept, beyond) = split_scheduled(backups, table, keep);
    let mut all: Vec<&Backup> = backups.iter().collect();
    all.sort_by(|a, b| (b.created_at, &b.name).cmp(&(a.created_at, &a.name)));
    let mut rows: Vec<PruneRow> = all
        .into_iter()
        .map(|b| {
            let kind = if let Some(i) = kept.iter().position(|k| k.arn == b.arn) {
                RowKind::Kept { rank: i + 1 }
            } else if beyond.iter().any(|k| k.arn == b.arn) {
                RowKind::Beyond
            } else {
                RowKind::Other(other_kind(b))
            };
            PruneRow {
                backup: b.clone(),
                kind,
                ticked: kind == RowKind::Beyond && b.status == BackupStatus::Available,
            }
        })
        .collect();
    if !rows.iter().any(stays_available)
        && let Some(newest) = rows.iter_mut().find(|r| r.ticked)
    {
        newest.ticked = false;
    }
    rows
}

fn other_kind(b: &Backup) -> &'static str {
    match (b.kind, temp_origin(&b.name)) {
        (BackupType::AwsBackup, _) => "AWS Backup",
        (BackupType::System, _) => "system",
        (_, Some((_, TempKind::Orig))) => "--orig (a run's fallback)",
        (_, Some((_, TempKind::Dupe))) => "--dupe (a run's temporary)",
        (_, Some((_, TempKind::PreRepair))) => "--prerepair (a repair's)",
        _ => "manual",
    }
}

fn stays_available(r: &PruneRow) -> bool {
    !r.ticked && r.backup.status == BackupStatus::Available
}

/// Why row `i` cannot be ticked now, if so. A ticked row can always be
/// unticked.
pub fn untickable(rows: &[PruneRow], i: usize) -> Option<Untickable> {
    let row = rows.get(i)?;
    if row.ticked {
        return None;
    }
    if row.backup.status != BackupStatus::Available {
        return Some(Untickable::NotAvailable(row.backup.status.label()));
    }
    let others = rows
        .iter()
        .enumerate()
        .any(|(j, r)| j != i && stays_available(r));
    (!others).then_some(Untickable::LastAvailable)
}

/// Ticks or unticks row `i`; `Err` says why it cannot be ticked.
pub fn toggle(rows: &mut [PruneRow], i: usize) -> Result<(), Untickable> {
    if let Some(why) = untickable(rows, i) {
        return Err(why);
    }
    if let Some(r) = rows.get_mut(i) {
        r.ticked = !r.ticked;
    }
    Ok(())
}

/// (to delete, to stay).
pub fn counts(rows: &[PruneRow]) -> (usize, usize) {
    let ticked = rows.iter().filter(|r| r.ticked).count();
    (ticked, rows.len() - ticked)
}

/// The operation the ticked rows make, newest first.
pub fn operation(table: &TableName, rows: &[PruneRow]) -> Operation {
    Operation::PruneBackups {
        table: table.clone(),
        delete: rows
            .iter()
            .filter(|r| r.ticked)
            .map(|r| ChosenBackup {
                arn: r.backup.arn.clone().into(),
                name: r.backup.name.clone(),
            })
            .collect(),
    }
}
