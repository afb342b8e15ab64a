//! Wizard page: the new table's name for a restore to a new table, checked
//! against DynamoDB's naming rules and the tables that exist.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::type_into;
use crate::app::Wizard;
use crate::app::ops;
use crate::app::state::State;
use crate::domain::TableName;
use crate::workflow::{OpKind, Operation};

pub(super) fn on_key(
    state: &State,
    kind: OpKind,
    table: TableName,
    source_arn: String,
    mut input: Input,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    if !confirm {
        type_into(&mut input, key);
        return Wizard::EnterName {
            kind,
            table,
            source_arn,
            input,
            error: None,
        };
    }
    match ops::new_table_name(state, input.value()) {
        Ok(target) => {
            let op = match kind {
                OpKind::RestoreFromBackup => Operation::RestoreFromBackup {
                    backup_arn: source_arn.into(),
                    target,
                },
                _ => Operation::RestoreFromRecoveryPoint {
                    recovery_point_arn: source_arn.into(),
                    target,
                },
            };
            Wizard::Plan {
                plan: crate::workflow::plan(&op, state.now),
            }
        }
        Err(e) => Wizard::EnterName {
            kind,
            table,
            source_arn,
            input,
            error: Some(e.to_string()),
        },
    }
}
