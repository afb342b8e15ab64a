//! The copy the operator points at: the Recovery pane's cursor on a backup
//! or recovery point of the selected table. The wizard's pickers start on
//! it, the menu opens on its restore, the repair's source page on its kind.

use crate::domain::TableName;

use super::state::State;

/// The copy under the Recovery pane's cursor when the operator works from
/// that pane: its index in the picker's list (the pane lists the table's
/// backups, then its points, in the pickers' order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenCopy {
    Backup(usize),
    Point(usize),
}

pub fn chosen_copy(state: &State, table: &TableName) -> Option<ChosenCopy> {
    if state.view.focus != super::Pane::Recovery
        || state.inventory.tables.selected_name() != Some(table.as_str())
    {
        return None;
    }
    let row = state.view.recovery_cursor.selected();
    let recovery = &state.inventory.recovery;
    let backups = recovery.backups_of(table.as_str()).len();
    let points = recovery.points_of(table.as_str()).len();
    if row < backups {
        Some(ChosenCopy::Backup(row))
    } else if row - backups < points {
        Some(ChosenCopy::Point(row - backups))
    } else {
        None
    }
}

/// Whether the Recovery pane's cursor is on a copy of the selected table.
pub fn chosen_copy_of_selection(state: &State) -> bool {
    state
        .inventory
        .tables
        .selected_name()
        .and_then(|t| TableName::parse(t).ok())
        .is_some_and(|t| chosen_copy(state, &t).is_some())
}
