//! Wizard page of a DR drill (17): which copy to restore into the scratch
//! table. A row the table lacks stays on the page, its reason under the
//! rows; the latest copy leads to the plan, the others to the time, backup
//! or point page of kind `Drill`.

use crossterm::event::KeyEvent;

use super::field::list_move;
use crate::app::Wizard;
use crate::app::drill::{source_choices, source_next};
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
        return Wizard::DrillSource { table, cursor };
    }
    match choices.get(cursor) {
        Some(choice) if choice.unavailable.is_none() => source_next(state, table, choice.row),
        _ => Wizard::DrillSource { table, cursor },
    }
}
