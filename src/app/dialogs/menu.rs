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

/// The menu's own key of an operation past the tenth (digits pick the
/// first ten).
pub fn menu_action(kind: OpKind) -> Option<DialogAction> {
    match kind {
        OpKind::Repair => Some(DialogAction::MenuRepair),
        OpKind::AwsBackup => Some(DialogAction::MenuAwsBackup),
        OpKind::ExportToS3 => Some(DialogAction::MenuExport),
        OpKind::ImportFromS3 => Some(DialogAction::MenuImport),
        OpKind::CopyToRegion => Some(DialogAction::MenuCopy),
        OpKind::RestoreInRegion => Some(DialogAction::MenuRegion),
        OpKind::Drill => Some(DialogAction::MenuDrill),
        _ => None,
    }
}

pub(super) fn on_key(
    state: &mut State,
    table: TableName,
    mut cursor: usize,
    key: &KeyEvent,
    confirm: bool,
) -> Wizard {
    // Past the tenth, each operation has its own key.
    let own_key = OpKind::ALL
        .iter()
        .position(|k| menu_action(*k).is_some_and(|a| state.keymap.means(key, a)));
    let chosen = match key.code {
        // `1` is the first operation, `0` the tenth.
        KeyCode::Char(c @ '0'..='9') => Some((c as usize - '0' as usize + 9) % 10),
        _ if own_key.is_some() => own_key,
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
