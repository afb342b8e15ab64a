//! Wizard page of a restore in another region (16): what to restore from.
//! A row that cannot be chosen stays on the page, its reason under the
//! rows; the latest time and a copy lead to the name page, "a time" to the
//! time page of kind `RestoreInRegion`.

use crossterm::event::KeyEvent;

use super::field::list_move;
use crate::app::Wizard;
use crate::app::region::{source_choices, source_next};
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
        return Wizard::RegionSource { table, cursor };
    }
    match choices.get(cursor) {
        Some(choice) if choice.unavailable.is_none() => source_next(state, table, choice.row),
        _ => Wizard::RegionSource { table, cursor },
    }
}
