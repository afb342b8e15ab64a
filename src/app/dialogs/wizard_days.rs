//! Wizard page: the recovery period (1–35 days) when enabling PITR.

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
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    match typed(input, None, key, confirm, ops::recovery_days) {
        Typed::Valid(days) => Wizard::plan(crate::workflow::plan(
            &Operation::EnablePitr {
                table,
                recovery_period_days: days,
            },
            state.now,
        )),
        Typed::Stay(input, error) => Wizard::EnterDays {
            table,
            input,
            error,
        },
    }
}
