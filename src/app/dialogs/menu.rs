//! The operations menu: a digit or the cursor picks an operation; one the
//! refusal rules disable stays on the menu with the reason.

use crossterm::event::{KeyCode, KeyEvent};

use super::field::list_move;
use crate::app::Wizard;
use crate::app::ops;
use crate::app::refusal::refusal;
use crate::app::state::State;
use crate::domain::TableName;
use crate::workflow::OpKind;

pub(super) fn on_key(
    state: &mut State,
    table: TableName,
    mut cursor: usize,
    key: &KeyEvent,
    confirm: bool,
) -> Wizard {
    let chosen = match key.code {
        KeyCode::Char(c @ '1'..='8') => Some(c as usize - '1' as usize),
        _ if confirm => Some(cursor),
        _ => {
            list_move(state, &mut cursor, OpKind::ALL.len(), key);
            None
        }
    };
    match chosen.and_then(|i| OpKind::ALL.get(i).copied()) {
        None => Wizard::Menu { table, cursor },
        Some(kind) => {
            if let Some(reason) = refusal(state, table.as_str(), kind) {
                state.view.flash = Some(format!("{}: refused, {reason}", kind.label()));
                Wizard::Menu { table, cursor }
            } else {
                let now = state.now;
                match ops::start(state, kind, &table, now) {
                    Ok(next) => next,
                    Err(why) => {
                        state.view.flash = Some(why.to_string());
                        Wizard::Menu { table, cursor }
                    }
                }
            }
        }
    }
}
