//! Wizard page: the new table's name for a restore to a new table, checked
//! against DynamoDB's naming rules and the tables that exist.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{Typed, typed};
use crate::app::Wizard;
use crate::app::ops;
use crate::app::state::State;
use crate::domain::TableName;
use crate::workflow::{OpKind, Operation};

/// The page for a restore of `table` from `source_arn`, proposing a name
/// no table has yet (`ops::proposed_name`).
pub(super) fn page(state: &State, kind: OpKind, table: TableName, source_arn: String) -> Wizard {
    Wizard::EnterName {
        kind,
        input: Input::new(ops::proposed_name(state, &table)),
        table,
        source_arn,
        error: None,
    }
}

pub(super) fn on_key(
    state: &State,
    kind: OpKind,
    table: TableName,
    source_arn: String,
    input: Input,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    match typed(input, None, key, confirm, |raw| {
        ops::new_table_name(state, raw)
    }) {
        Typed::Valid(target) => {
            let op = match kind {
                OpKind::RestoreFromBackup => Operation::RestoreFromBackup {
                    backup_arn: source_arn.into(),
                    target,
                },
                _ => Operation::RestoreFromRecoveryPoint {
                    cold: ops::is_cold(state, table.as_str(), &source_arn),
                    recovery_point_arn: source_arn.into(),
                    target,
                },
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        Typed::Stay(input, error) => Wizard::EnterName {
            kind,
            table,
            source_arn,
            input,
            error,
        },
    }
}
