//! Wizard page: the recovery period (1–35 days) when enabling PITR.

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
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    if !confirm {
        type_into(&mut input, key);
        return Wizard::EnterDays {
            table,
            input,
            error: None,
        };
    }
    match ops::recovery_days(input.value()) {
        Ok(days) => Wizard::Plan {
            plan: crate::workflow::plan(
                &Operation::EnablePitr {
                    table,
                    recovery_period_days: days,
                },
                state.now,
            ),
        },
        Err(e) => Wizard::EnterDays {
            table,
            input,
            error: Some(e.to_string()),
        },
    }
}
