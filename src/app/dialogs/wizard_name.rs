//! Wizard page: the new table's name for a restore to a new table, checked
//! against DynamoDB's naming rules and the tables that exist; next, what
//! to turn on on it (`wizard_new_table`).

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{Typed, typed};
use crate::app::ops;
use crate::app::state::State;
use crate::app::{NewFrom, NewTablePage, Wizard};
use crate::domain::TableName;
use crate::workflow::{NewTableSettings, OpKind, Operation};

/// The page for a restore of `table` from `source`, proposing a name no
/// table has yet (`ops::proposed_name`).
pub(super) fn page(state: &State, kind: OpKind, table: TableName, source: NewFrom) -> Wizard {
    Wizard::EnterName {
        kind,
        input: Input::new(ops::proposed_name(state, &table)),
        table,
        source,
        error: None,
    }
}

pub(super) fn on_key(
    state: &State,
    kind: OpKind,
    table: TableName,
    source: NewFrom,
    input: Input,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    let in_region = kind == OpKind::RestoreInRegion;
    match typed(input, None, key, confirm, |raw| {
        if in_region {
            crate::app::region::target_name(state, raw)
        } else {
            ops::new_table_name(state, raw)
        }
    }) {
        Typed::Valid(target) if in_region => {
            match crate::app::region::operation(state, &table, source.clone(), target) {
                Some(op) => Wizard::NewTable(NewTablePage::new(
                    op,
                    ops::source_period(state, table.as_str()),
                )),
                None => Wizard::EnterName {
                    kind,
                    input: Input::new(table.to_string()),
                    table,
                    source,
                    error: Some(crate::app::Refusal::NoDrRegion.to_string()),
                },
            }
        }
        Typed::Valid(target) => {
            // Both off here; the next page says what to turn on.
            let new_table = NewTableSettings::default();
            let op = match (kind, source) {
                (_, NewFrom::Time(at)) => Operation::PitrToNew {
                    table: table.clone(),
                    at,
                    target,
                    new_table,
                },
                (OpKind::RestoreFromBackup, NewFrom::Copy(arn)) => Operation::RestoreFromBackup {
                    backup_arn: arn.into(),
                    target,
                    new_table,
                },
                (_, NewFrom::Copy(arn)) => Operation::RestoreFromRecoveryPoint {
                    cold: ops::is_cold(state, table.as_str(), &arn),
                    recovery_point_arn: arn.into(),
                    target,
                    new_table,
                },
            };
            Wizard::NewTable(NewTablePage::new(
                op,
                ops::source_period(state, table.as_str()),
            ))
        }
        Typed::Stay(input, error) => Wizard::EnterName {
            kind,
            table,
            source,
            input,
            error,
        },
    }
}
