//! Wizard page: the time a PITR restore in place goes back to, checked
//! against the table's restorable window.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::type_into;
use crate::app::Wizard;
use crate::app::ops;
use crate::app::state::State;
use crate::domain::TableName;
use crate::workflow::Operation;

pub(super) fn on_key(
    state: &State,
    table: TableName,
    mut input: Input,
    error: Option<String>,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    if confirm {
        match ops::pitr_target(state, table.as_str(), input.value()) {
            Ok(at) => Wizard::Plan {
                plan: crate::workflow::plan(&Operation::PitrInPlace { table, at }, state.now),
            },
            Err(e) => Wizard::EnterTime {
                table,
                input,
                error: Some(e.to_string()),
            },
        }
    } else {
        type_into(&mut input, key);
        let error = if input.value().is_empty() {
            error
        } else {
            None
        };
        Wizard::EnterTime {
            table,
            input,
            error,
        }
    }
}
