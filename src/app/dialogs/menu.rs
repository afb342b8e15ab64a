//! The operations menu: a digit (`0` the tenth), the repair's key (the
//! eleventh) or the cursor picks an operation; one the
//! refusal rules disable (or that lacks what it needs) stays on the menu,
//! the cursor on it and its reason under the rows; nothing goes to the
//! status line.

use crossterm::event::{KeyCode, KeyEvent};

use super::field::list_move;
use crate::app::ops;
use crate::app::refusal::menu_refusal;
use crate::app::state::State;
use crate::app::{DialogAction, Wizard};
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
        // `1` is the first operation, `0` the tenth.
        KeyCode::Char(c @ '0'..='9') => Some((c as usize - '0' as usize + 9) % 10),
        // The eleventh has no digit: its own key.
        _ if state.keymap.means(key, DialogAction::MenuRepair) => {
            OpKind::ALL.iter().position(|k| *k == OpKind::Repair)
        }
        // The twelfth too.
        _ if state.keymap.means(key, DialogAction::MenuAwsBackup) => {
            OpKind::ALL.iter().position(|k| *k == OpKind::AwsBackup)
        }
        // And operations 13 and 14.
        _ if state.keymap.means(key, DialogAction::MenuExport) => {
            OpKind::ALL.iter().position(|k| *k == OpKind::ExportToS3)
        }
        _ if state.keymap.means(key, DialogAction::MenuImport) => {
            OpKind::ALL.iter().position(|k| *k == OpKind::ImportFromS3)
        }
        _ if confirm => Some(cursor),
        _ => {
            list_move(state, &mut cursor, OpKind::ALL.len(), key);
            None
        }
    };
    let Some((index, kind)) = chosen.and_then(|i| Some((i, *OpKind::ALL.get(i)?))) else {
        return Wizard::Menu { table, cursor };
    };
    // A disabled operation stays on the menu with the cursor on it, so its
    // reason is the one shown under the rows.
    let stay = |table| Wizard::Menu {
        table,
        cursor: index,
    };
    if menu_refusal(state, table.as_str(), kind).is_some() {
        return stay(table);
    }
    let now = state.now;
    match ops::start(state, kind, &table, now) {
        Ok(next) => next,
        Err(_) => stay(table),
    }
}
