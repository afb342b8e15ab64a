//! Wizard page: the table to compare the selected one with, proposed when
//! it can be told (`compare::proposed_other`), checked where it is typed:
//! a valid name, not the selected table, a table the inventory lists.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{Typed, typed};
use crate::app::Wizard;
use crate::app::compare;
use crate::app::state::State;
use crate::domain::TableName;
use crate::workflow::Operation;

pub(super) fn on_key(
    state: &State,
    table: TableName,
    input: Input,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    match typed(input, None, key, confirm, |raw| {
        compare::other_table(state, table.as_str(), raw)
    }) {
        Typed::Valid(other) => {
            let items = compare::items_of(state, [table.as_str(), other.as_str()]);
            let op = Operation::CompareTables {
                table,
                other,
                items,
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        Typed::Stay(input, error) => Wizard::EnterOther {
            table,
            input,
            error,
        },
    }
}
