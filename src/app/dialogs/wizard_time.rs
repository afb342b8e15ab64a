//! Wizard page: the time a PITR restore in place goes back to, checked
//! against the table's restorable window. Its error stays shown while the
//! field is empty.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{Typed, typed};
use crate::app::Wizard;
use crate::app::ops;
use crate::app::state::State;
use crate::domain::TableName;
use crate::workflow::Operation;

pub(super) fn on_key(
    state: &State,
    table: TableName,
    input: Input,
    error: Option<String>,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    match typed(input, error, key, confirm, |raw| {
        ops::pitr_target(state, table.as_str(), raw)
    }) {
        Typed::Valid(at) => Wizard::plan(crate::workflow::plan(
            &Operation::PitrInPlace { table, at },
            state.now,
        )),
        Typed::Stay(input, error) => Wizard::EnterTime {
            table,
            input,
            error,
        },
    }
}
