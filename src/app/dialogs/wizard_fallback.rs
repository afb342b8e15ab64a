//! Wizard page: whether to back a table up before deleting it.

use crossterm::event::KeyEvent;

use crate::app::state::State;
use crate::app::{DialogAction, Wizard};
use crate::domain::TableName;
use crate::workflow::Operation;

pub(super) fn on_key(
    state: &State,
    table: TableName,
    yes: bool,
    key: &KeyEvent,
    confirm: bool,
) -> Wizard {
    let keymap = &state.keymap;
    if keymap.means(key, DialogAction::Yes) {
        Wizard::Fallback { table, yes: true }
    } else if keymap.means(key, DialogAction::No) {
        Wizard::Fallback { table, yes: false }
    } else if keymap.means(key, DialogAction::Switch) {
        Wizard::Fallback { table, yes: !yes }
    } else if confirm {
        Wizard::plan(crate::workflow::plan(
            &Operation::DeleteTable {
                table,
                fallback_backup: yes,
            },
            state.now,
        ))
    } else {
        Wizard::Fallback { table, yes }
    }
}
