//! Wizard page of a repair in place (11): which copy the repair reads
//! from. A row the table lacks (PITR off, no backups, no recovery points)
//! stays on the page, its reason under the rows; the others lead to the
//! time, backup, point or table page of that kind.

use crossterm::event::KeyEvent;

use super::field::list_move;
use crate::app::Wizard;
use crate::app::repair::{source_choices, source_next};
use crate::app::state::State;
use crate::domain::TableName;

pub(super) fn on_key(
    state: &State,
    table: TableName,
    mut cursor: usize,
    key: &KeyEvent,
    confirm: bool,
) -> Wizard {
    let choices = source_choices(state, table.as_str());
    if !confirm {
        list_move(state, &mut cursor, choices.len(), key);
        return Wizard::RepairSource { table, cursor };
    }
    match choices.get(cursor) {
        Some(choice) if choice.unavailable.is_none() => source_next(state, table, choice.row),
        _ => Wizard::RepairSource { table, cursor },
    }
}
