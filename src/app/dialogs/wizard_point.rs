//! Wizard page: choose the AWS Backup recovery point; next, the plan for a
//! restore or a repair in place, or the new table's name.

use crossterm::event::KeyEvent;

use super::field::pick;
use super::wizard_name;
use crate::app::ops;
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
    let points = state.inventory.recovery.points_of(table.as_str());
    match (pick(state, points, &mut cursor, key, confirm), kind) {
        (Some(p), OpKind::AwsBackupInPlace) => {
            let op = Operation::AwsBackupInPlace {
                table: table.clone(),
                recovery_point_arn: p.arn.as_str().into(),
                cold: ops::is_cold(state, table.as_str(), &p.arn),
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        (Some(p), OpKind::Drill) => {
            let source = crate::workflow::DrillSource::RecoveryPoint {
                arn: p.arn.as_str().into(),
                cold: ops::is_cold(state, table.as_str(), &p.arn),
            };
            let op = crate::app::drill::operation(&table, source);
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        (Some(p), OpKind::Repair) => {
            let op = Operation::RepairInPlace {
                table: table.clone(),
                source: RepairSource::RecoveryPoint {
                    arn: p.arn.as_str().into(),
                    cold: ops::is_cold(state, table.as_str(), &p.arn),
                },
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        (Some(p), OpKind::CopyToRegion) => {
            let recovery = &state.inventory.recovery;
            let op = Operation::CopyToRegion {
                table: table.clone(),
                point: p.arn.as_str().into(),
                source_vault: recovery.vault.clone().unwrap_or_default(),
                destination: recovery.dr_vault.clone().unwrap_or_default(),
                lifecycle: crate::domain::LifecycleDays::NEVER,
            };
            Wizard::plan(crate::workflow::plan(&op, state.now))
        }
        (Some(p), _) => wizard_name::page(state, kind, table, NewFrom::Copy(p.arn.clone())),
        (None, _) => Wizard::PickPoint {
            kind,
            table,
            cursor,
        },
    }
}
