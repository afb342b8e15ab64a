//! The Backups view's rows: every DynamoDB backup and AWS Backup recovery
//! point the inventory loaded, gone tables' included, newest first. Each
//! row says whether its table still exists, whether a run of ours made it
//! (a `--orig`/`--dupe` name) and whether it is the only copy of its table
//! (so deleting it asks twice). The reducer moves the view's cursor over
//! these rows and the view draws the ones it shows.

use super::state::State;
use crate::domain::{TempKind, temp_origin};

/// One copy: the Recovery pane's row type.
pub use super::recovery::RecoveryRow as Copy;

/// A row of the Backups view.
#[derive(Debug, Clone, Copy)]
pub struct CopyRow<'a> {
    pub copy: Copy<'a>,
    /// The table no longer exists (known once the table list arrived).
    pub gone: bool,
    /// Made by a run of ours: which temporary it was.
    pub leftover: Option<TempKind>,
    /// No other copy of its table remains, and the table is gone or has no
    /// PITR: deleting it asks a second time.
    pub only_copy: bool,
}

pub use super::backups_view::{BackupsView, DeleteConfirm};

/// Whether `table`'s absence from the table list means it is gone: only
/// once the list arrived (and did not fail).
pub fn is_gone(state: &State, table: &str) -> bool {
    let listed = state.inventory.tables.total() > 0 || !state.inventory.loading;
    let failed = state
        .inventory
        .load_errors
        .iter()
        .any(|e| e.starts_with("list tables"));
    listed && !failed && !state.inventory.tables.contains(table)
}

/// Every copy, newest first (the order the index keeps).
pub fn rows(state: &State) -> Vec<CopyRow<'_>> {
    state
        .inventory
        .recovery
        .newest_first()
        .map(|copy| row(state, copy))
        .collect()
}

pub fn row_count(state: &State) -> usize {
    let rec = &state.inventory.recovery;
    rec.backups.values().map(Vec::len).sum::<usize>() + rec.point_count()
}

pub(super) fn row<'a>(state: &'a State, copy: Copy<'a>) -> CopyRow<'a> {
    let table = copy.table();
    let gone = is_gone(state, table);
    let rec = &state.inventory.recovery;
    let others = rec.row_count(table).saturating_sub(1);
    let pitr_on = state
        .inventory
        .tables
        .row(table)
        .and_then(|r| r.pitr.as_ref())
        .is_some_and(|p| p.enabled);
    let leftover = match copy {
        Copy::Backup(b) => temp_origin(&b.name).map(|(_, k)| k),
        Copy::Point(_) => None,
    };
    CopyRow {
        copy,
        gone,
        leftover,
        only_copy: others == 0 && (gone || !pitr_on),
    }
}

/// The row under the view's cursor.
pub fn selected<'a>(state: &'a State, view: &BackupsView) -> Option<CopyRow<'a>> {
    let copy = state
        .inventory
        .recovery
        .newest_first()
        .nth(view.cursor.selected())?;
    Some(row(state, copy))
}

/// Rows the view shows on a screen of `size`: inside its border, under the
/// column header, between the header and the footer.
pub fn list_height((_, height): (u16, u16)) -> usize {
    usize::from(height.saturating_sub(2 + 1 + 2 + 1))
}

/// The whole text of a row, for the details view.
pub fn details(row: &CopyRow<'_>, vault: Option<&str>) -> (String, Vec<String>) {
    let c = &row.copy;
    let mut lines = vec![
        format!(
            "Table: {}{}",
            c.table(),
            if row.gone { " (gone)" } else { "" }
        ),
        format!("ARN: {}", c.arn()),
        format!(
            "Created: {} UTC",
            c.created_at().format("%Y-%m-%d %H:%M:%S")
        ),
        format!(
            "Size: {}",
            c.size_bytes()
                .map_or("unknown".to_owned(), crate::domain::time::human_bytes)
        ),
    ];
    let title = match c {
        Copy::Backup(b) => {
            lines.insert(1, format!("Name: {}", b.name));
            lines.push(format!("Status: {}", b.status.label()));
            format!(" Backup {} ", b.name)
        }
        Copy::Point(p) => {
            lines.push(format!("Vault: {}", vault.unwrap_or("(not configured)")));
            lines.push(format!("Storage: {}", p.storage.label()));
            lines.push(format!("Status: {:?}", p.status));
            if let Some(at) = p.lifecycle.move_to_cold_at {
                lines.push(format!(
                    "Moves to cold: {} UTC",
                    at.format("%Y-%m-%d %H:%M")
                ));
            }
            if let Some(at) = p.lifecycle.delete_at {
                lines.push(format!("Expires: {} UTC", at.format("%Y-%m-%d %H:%M")));
            }
            format!(" Recovery point {} ", c.name())
        }
    };
    if let Some(kind) = row.leftover {
        let what = match kind {
            TempKind::Orig => "the --orig fallback backup of a run of dynamo-dr",
            TempKind::Dupe => "the --dupe backup of a run of dynamo-dr",
            TempKind::PreRepair => {
                "the --prerepair backup of a repair in place: its undo of last resort"
            }
            TempKind::Repair => "a backup of a repair's scratch table",
            TempKind::Drill => "a backup of a DR drill's scratch table",
        };
        lines.push(format!("Leftover: {what}"));
    }
    if row.only_copy {
        lines.push(format!("The only copy of {}.", c.table()));
    }
    (title, lines)
}
