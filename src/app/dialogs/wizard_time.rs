//! Wizard page: the time a PITR restore goes back to (in place, or into a
//! new table), checked against the table's restorable window. Its error
//! stays shown while the field is empty.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{Typed, typed};
use super::wizard_name;
use crate::app::ops;
use crate::app::state::State;
use crate::app::{NewFrom, Wizard};
use crate::domain::TableName;
use crate::workflow::{OpKind, Operation};

pub(super) fn on_key(
    state: &State,
    kind: OpKind,
    table: TableName,
    input: Input,
    error: Option<String>,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    match typed(input, error, key, confirm, |raw| {
        ops::pitr_target(state, table.as_str(), raw)
    }) {
        Typed::Valid(at) if kind == OpKind::PitrToNew => {
            wizard_name::page(state, kind, table, NewFrom::Time(at))
        }
        Typed::Valid(at) if kind == OpKind::RestoreInRegion => {
            crate::app::region::name_page(table, NewFrom::Time(at))
        }
        Typed::Valid(at) if kind == OpKind::Drill => Wizard::plan(crate::workflow::plan(
            &crate::app::drill::operation(&table, crate::workflow::DrillSource::Pitr(at)),
            state.now,
        )),
        Typed::Valid(at) if kind == OpKind::Repair => Wizard::plan(crate::workflow::plan(
            &Operation::RepairInPlace {
                table,
                source: crate::workflow::RepairSource::Pitr(at),
            },
            state.now,
        )),
        Typed::Valid(at) => Wizard::plan(crate::workflow::plan(
            &Operation::PitrInPlace { table, at },
            state.now,
        )),
        Typed::Stay(input, error) => Wizard::EnterTime {
            kind,
            table,
            input,
            error,
        },
    }
}
