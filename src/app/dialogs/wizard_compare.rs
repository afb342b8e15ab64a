//! Wizard page: the table to compare the selected one with, proposed when
//! it can be told (`compare::proposed_other`), checked where it is typed:
//! a valid name, not the selected table, a table the inventory lists. The
//! same page asks a repair in place (11) for the table holding its copy
//! (proposed by `repair::proposed_copy`), then shows the repair's plan.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{Typed, typed};
use crate::app::Wizard;
use crate::app::state::State;
use crate::app::{compare, repair};
use crate::domain::TableName;
use crate::workflow::{OpKind, Operation, RepairSource};

pub(super) fn on_key(
    state: &State,
    kind: OpKind,
    table: TableName,
    input: Input,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    match typed(input, None, key, confirm, |raw| {
        if kind == OpKind::Repair {
            repair::copy_table(state, table.as_str(), raw)
        } else {
            compare::other_table(state, table.as_str(), raw)
        }
    }) {
        Typed::Valid(copy) if kind == OpKind::Repair => {
            let op = Operation::RepairInPlace {
                table,
                source: RepairSource::Table(copy),
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        Typed::Valid(other) => {
            let items = compare::items_of(state, [table.as_str(), other.as_str()]);
            let op = Operation::CompareTables {
                table,
                other,
                items,
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        Typed::Stay(input, error) => Wizard::EnterOther {
            kind,
            table,
            input,
            error,
        },
    }
}
