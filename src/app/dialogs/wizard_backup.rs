//! Wizard page: choose the DynamoDB backup to restore; next, the new
//! table's name.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::list_move;
use crate::app::Wizard;
use crate::app::state::State;
use crate::domain::TableName;
use crate::workflow::OpKind;

pub(super) fn on_key(
    state: &State,
    table: TableName,
    mut cursor: usize,
    key: &KeyEvent,
    confirm: bool,
) -> Wizard {
    let backups = state.inventory.recovery.backups_of(table.as_str());
    if confirm {
        match backups.get(cursor) {
            Some(b) => Wizard::EnterName {
                kind: OpKind::RestoreFromBackup,
                source_arn: b.arn.clone(),
                input: Input::new(format!("{table}-restored")),
                table,
                error: None,
            },
            None => Wizard::PickBackup { table, cursor },
        }
    } else {
        let len = backups.len();
        list_move(state, &mut cursor, len, key);
        Wizard::PickBackup { table, cursor }
    }
}
