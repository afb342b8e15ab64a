//! The wizard's rules: an operation's first screen (or why its source is
//! missing), and every input validated where it is typed, against the
//! inventory the console already holds. Whether it may start at all is
//! `refusal.rs`; the screens themselves are data (`wizard.rs`).

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::domain::time::{format_reference, parse_time_at};
use crate::domain::{PitrTarget, StorageClass, TableName};
use crate::workflow::{DataSize, OpKind, Operation, Plan, RepairSource};

use super::Action;
pub use super::bad_input::BadInput;
pub use super::chosen::{ChosenCopy, chosen_copy, chosen_copy_of_selection};
use super::refusal::{Refusal, missing};
use super::state::State;
use super::wizard::Wizard;

/// The first screen after choosing `kind` on `table`, or the plan at once.
pub fn start(
    state: &State,
    kind: OpKind,
    table: &TableName,
    now: DateTime<Utc>,
) -> Result<Wizard, Refusal> {
    if let Some(why) = missing(state, table.as_str(), kind) {
        return Err(why);
    }
    Ok(match kind {
        OpKind::Repair => super::repair::source_page(state, table.clone()),
        OpKind::Drill => super::drill::source_page(state, table.clone()),
        OpKind::RestoreInRegion => super::region::source_page(state, table.clone()),
        OpKind::PitrInPlace | OpKind::PitrToNew => Wizard::EnterTime {
            kind,
            table: table.clone(),
            input: Input::default(),
            error: None,
        },
        OpKind::AwsBackupInPlace | OpKind::RestoreFromPoint | OpKind::CopyToRegion => {
            Wizard::PickPoint {
                kind,
                table: table.clone(),
                cursor: match chosen_copy(state, table) {
                    Some(ChosenCopy::Point(i)) => i,
                    _ => 0,
                },
            }
        }
        OpKind::RestoreFromBackup => Wizard::PickBackup {
            kind,
            table: table.clone(),
            cursor: match chosen_copy(state, table) {
                Some(ChosenCopy::Backup(i)) => i,
                _ => 0,
            },
        },
        OpKind::DeleteTable => Wizard::Fallback {
            table: table.clone(),
            yes: true,
        },
        OpKind::EnablePitr => Wizard::EnterDays {
            table: table.clone(),
            input: Input::new("35".into()),
            error: None,
        },
        OpKind::Compare => super::compare::page(state, table.clone()),
        OpKind::CreateBackup => plan_of(
            Operation::CreateBackup {
                table: table.clone(),
            },
            now,
        ),
        OpKind::EnableProtection => plan_of(
            Operation::EnableDeletionProtection {
                table: table.clone(),
            },
            now,
        ),
        OpKind::ExportToS3 | OpKind::ImportFromS3 => {
            Wizard::S3(super::s3_page::S3Page::new(state, kind, table.clone()))
        }
        OpKind::AwsBackup => Wizard::Lifecycle(super::lifecycle_page::LifecyclePage::new(
            table.clone(),
            state.inventory.recovery.vault.clone().unwrap_or_default(),
        )),
        // Not in the menu: a backup is chosen in the Backups view.
        OpKind::DeleteBackup => {
            return Err(Refusal::NotInMenu {
                how: format!(
                    "a backup is deleted from the Backups view ({})",
                    state.keymap.key(super::Action::Backups)
                ),
            });
        }
        OpKind::UndoRepair => {
            return Err(Refusal::NotInMenu {
                how: format!(
                    "a repair is undone from its finished run in the Jobs pane ({})",
                    state.keymap.key(super::Action::UndoRepair)
                ),
            });
        }
        OpKind::ProtectVault => {
            return Err(Refusal::NotInMenu {
                how: format!(
                    "a vault policy is offered by the Protection view ({})",
                    state.keymap.key(super::Action::Protection)
                ),
            });
        }
        OpKind::ReviewLeftovers => {
            return Err(Refusal::NotInMenu {
                how: format!(
                    "a cleanup review is reopened on a finished run in Jobs ({})",
                    state.keymap.key(super::Action::ReviewLeftovers)
                ),
            });
        }
        OpKind::PruneBackups => {
            return Err(Refusal::NotInMenu {
                how: format!(
                    "a table's backups are pruned from the Tables pane or the Backups view ({})",
                    state.keymap.key(super::Action::Prune)
                ),
            });
        }
        OpKind::CreatePlan | OpKind::AddToPlan | OpKind::RemoveFromPlan => {
            return Err(Refusal::NotInMenu {
                how: format!(
                    "backup plans are chosen from the Tables pane ({})",
                    state.keymap.key(super::Action::AddToPlan)
                ),
            });
        }
    })
}

/// Where the menu opens: on the operation that restores the chosen copy
/// into a new table (the safe one; the in-place restore is a row above),
/// else on the first.
pub fn menu_cursor(state: &State, table: &TableName) -> usize {
    let kind = match chosen_copy(state, table) {
        Some(ChosenCopy::Backup(_)) => OpKind::RestoreFromBackup,
        Some(ChosenCopy::Point(_)) => OpKind::RestoreFromPoint,
        None => return 0,
    };
    kind.number() - 1
}

/// The size of `table` (the one the wizard was opened on), when loaded:
/// what its operations' restores write and its verifies read.
pub fn table_size(state: &State, table: &str) -> Option<DataSize> {
    let row = state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table)?;
    let t = row.table.as_ref()?;
    Some(DataSize {
        bytes: t.size_bytes,
        items: t.item_count,
    })
}

/// A plan just built by the wizard, with estimates for the data it moves
/// (a restore's forecast from the account's history, `crate::forecast`):
/// the table's size, or the chosen copy's where AWS reports it (the copy
/// is what a restore writes; a table gone since has no size of its own).
pub fn sized_plan(state: &State, table: &str, plan: Plan) -> Plan {
    let copy_bytes = match &plan.operation {
        Operation::RestoreFromBackup { backup_arn, .. }
        | Operation::RepairInPlace {
            source: RepairSource::Backup(backup_arn),
            ..
        } => state
            .inventory
            .recovery
            .backups_of(table)
            .iter()
            .find(|b| b.arn == backup_arn.as_str())
            .and_then(|b| b.size_bytes),
        Operation::RestoreFromRecoveryPoint {
            recovery_point_arn, ..
        }
        | Operation::AwsBackupInPlace {
            recovery_point_arn, ..
        }
        | Operation::RepairInPlace {
            source:
                RepairSource::RecoveryPoint {
                    arn: recovery_point_arn,
                    ..
                },
            ..
        } => state
            .inventory
            .recovery
            .points_of(table)
            .iter()
            .find(|p| p.arn == recovery_point_arn.as_str())
            .and_then(|p| p.size_bytes),
        _ => None,
    };
    let size = match (table_size(state, table), copy_bytes) {
        (Some(size), Some(bytes)) => Some(DataSize { bytes, ..size }),
        (Some(size), None) => Some(size),
        (None, Some(bytes)) => Some(DataSize { bytes, items: 0 }),
        (None, None) => None,
    };
    plan.forecast(size, &state.inventory.forecast)
}

fn plan_of(op: Operation, now: DateTime<Utc>) -> Wizard {
    Wizard::plan(crate::workflow::plan(&op, now))
}

/// The point-in-time the operator typed, checked against the window.
pub fn pitr_target(state: &State, table: &str, raw: &str) -> Result<PitrTarget, BadInput> {
    let window = state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table)
        .and_then(|r| r.pitr.as_ref())
        .and_then(|p| p.window)
        .ok_or_else(|| BadInput::NoWindow {
            table: table.to_owned(),
            refresh: state.keymap.key(Action::Refresh),
        })?;
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(BadInput::NoTime);
    }
    if raw.eq_ignore_ascii_case("latest") {
        return Ok(PitrTarget::Latest);
    }
    let at = parse_time_at(raw, state.now).map_err(BadInput::Time)?;
    if !window.contains(at) {
        return Err(BadInput::OutsideWindow {
            at: format_reference(at),
            earliest: format_reference(window.earliest),
            latest: format_reference(window.latest),
        });
    }
    Ok(PitrTarget::At(at))
}

/// A new table's name: DynamoDB's rules, and no table of that name.
pub fn new_table_name(state: &State, raw: &str) -> Result<TableName, BadInput> {
    let name = TableName::parse(raw.trim()).map_err(|e| BadInput::TableName(e.to_string()))?;
    if state.inventory.tables.contains(name.as_str()) {
        return Err(BadInput::TableExists(name.to_string()));
    }
    Ok(name)
}

/// The name proposed for a restore of `table` into a new table:
/// `<table>-restored`, or `<table>-restored-2`, `-3`… when an earlier
/// restore took it, cut to DynamoDB's 255 characters. The operator may
/// type another; `new_table_name` checks it.
pub fn proposed_name(state: &State, table: &TableName) -> String {
    (1..1_000)
        .map(|n| {
            let suffix = match n {
                1 => "-restored".to_owned(),
                n => format!("-restored-{n}"),
            };
            let base: String = table.as_str().chars().take(255 - suffix.len()).collect();
            format!("{base}{suffix}")
        })
        .find(|name| !state.inventory.tables.contains(name))
        .unwrap_or_else(|| format!("{table}-restored"))
}

/// The recovery period a new table restored from `table` is offered: the
/// table's own when PITR is on, else DynamoDB's longest, 35 days.
pub fn source_period(state: &State, table: &str) -> u8 {
    state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table)
        .and_then(|r| r.pitr.as_ref())
        .filter(|p| p.enabled)
        .and_then(|p| p.recovery_period_days)
        .unwrap_or(35)
}

pub fn recovery_days(raw: &str) -> Result<u8, BadInput> {
    match raw.trim().parse::<u8>() {
        Ok(d @ 1..=35) => Ok(d),
        _ => Err(BadInput::RecoveryDays(raw.trim().to_owned())),
    }
}

/// Whether the recovery point is cold, for the plan and the question.
pub fn is_cold(state: &State, table: &str, arn: &str) -> bool {
    state
        .inventory
        .recovery
        .points_of(table)
        .iter()
        .any(|p| p.arn == arn && p.storage == StorageClass::Cold)
}
