//! The wizard's rules: an operation's first screen (or why its source is
//! missing), and every input validated where it is typed, against the
//! inventory the console already holds. Whether it may start at all is
//! `refusal.rs`; the screens themselves are data (`wizard.rs`).

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::domain::time::{format_reference, parse_time};
use crate::domain::{PitrTarget, StorageClass, TableName};
use crate::workflow::{OpKind, Operation};

use super::Action;
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
        OpKind::PitrInPlace => Wizard::EnterTime {
            table: table.clone(),
            input: Input::default(),
            error: None,
        },
        OpKind::AwsBackupInPlace | OpKind::RestoreFromPoint => Wizard::PickPoint {
            kind,
            table: table.clone(),
            cursor: 0,
        },
        OpKind::RestoreFromBackup => Wizard::PickBackup {
            table: table.clone(),
            cursor: 0,
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
        // Not in the menu: a backup is chosen in the Backups view.
        OpKind::DeleteBackup => {
            return Err(Refusal::NotInMenu {
                how: format!(
                    "a backup is deleted from the Backups view ({})",
                    state.keymap.key(super::Action::Backups)
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
    })
}

fn plan_of(op: Operation, now: DateTime<Utc>) -> Wizard {
    Wizard::plan(crate::workflow::plan(&op, now))
}

/// Why what the operator typed into a wizard field is not accepted; shown
/// under the field, which keeps its text for correction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadInput {
    /// `refresh` is the key in force for a refresh.
    #[error("no restorable window is known for {table}: refresh ({refresh})")]
    NoWindow { table: String, refresh: String },
    #[error("type a time, or 'latest'")]
    NoTime,
    #[error("{0}")]
    Time(String),
    #[error("{at} is outside the restorable window {earliest} → {latest} (UTC)")]
    OutsideWindow {
        at: String,
        earliest: String,
        latest: String,
    },
    #[error("{0}")]
    TableName(String),
    #[error("table {0} already exists: a restore needs a new name")]
    TableExists(String),
    #[error("the recovery period is 1 to 35 days (got '{0}')")]
    RecoveryDays(String),
    #[error("not its name: type {0}")]
    NotTheName(String),
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
    let at = parse_time(raw).map_err(BadInput::Time)?;
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
