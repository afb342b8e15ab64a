//! Wizard page: choose the DynamoDB backup to restore (next, the new
//! table's name) or to repair the table from (next, the plan).

use crossterm::event::KeyEvent;

use super::field::pick;
use super::wizard_name;
use crate::app::state::State;
use crate::app::{NewFrom, Wizard};
use crate::domain::TableName;
use crate::workflow::{OpKind, Operation, RepairSource};

pub(super) fn on_key(
    state: &State,
    kind: OpKind,
    table: TableName,
    mut cursor: usize,
    key: &KeyEvent,
    confirm: bool,
) -> Wizard {
    let backups = state.inventory.recovery.backups_of(table.as_str());
    match pick(state, backups, &mut cursor, key, confirm) {
        Some(b) if kind == OpKind::Drill => {
            let source = crate::workflow::DrillSource::Backup(b.arn.as_str().into());
            let op = crate::app::drill::operation(&table, source);
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        Some(b) if kind == OpKind::Repair => {
            let op = Operation::RepairInPlace {
                table,
                source: RepairSource::Backup(b.arn.as_str().into()),
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        Some(b) => wizard_name::page(
            state,
            OpKind::RestoreFromBackup,
            table,
            NewFrom::Copy(b.arn.clone()),
        ),
        None => Wizard::PickBackup {
            kind,
            table,
            cursor,
        },
    }
}
