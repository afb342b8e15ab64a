//! Operation 11 "Repair in place" in the wizard: the copy it reads from
//! (a time in the PITR window, a DynamoDB backup, an AWS Backup recovery
//! point, or a table that holds a copy), which of those the table has, and
//! the table proposed as the copy. The pages themselves are
//! `dialogs/wizard_repair_source.rs` and the shared time, backup, point
//! and table-name pages.

use tui_input::Input;

use super::bad_input::BadInput;
use super::chosen::{ChosenCopy, chosen_copy};
use super::refusal::Refusal;
use super::state::State;
use super::wizard::Wizard;
use crate::domain::TableName;
use crate::workflow::OpKind;

/// A row of the source page, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairSourceRow {
    Pitr,
    Backup,
    Point,
    Table,
}

impl RepairSourceRow {
    pub const ALL: [Self; 4] = [Self::Pitr, Self::Backup, Self::Point, Self::Table];
}

/// One row of the source page as shown: its text and, when the table
/// lacks that kind of copy, why it cannot be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceChoice {
    pub row: RepairSourceRow,
    pub text: String,
    pub unavailable: Option<Refusal>,
}

/// The source page's rows for `table`, from the inventory held.
pub fn source_choices(state: &State, table: &str) -> Vec<SourceChoice> {
    let recovery = &state.inventory.recovery;
    let backups = recovery.backups_of(table).len();
    let points = recovery.points_of(table).len();
    let pitr_on = state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table)
        .and_then(|r| r.pitr.as_ref())
        .is_some_and(|p| p.enabled);
    let owned = || table.to_owned();
    RepairSourceRow::ALL
        .into_iter()
        .map(|row| {
            let (text, unavailable) = match row {
                RepairSourceRow::Pitr => (
                    "a time in its PITR window".to_owned(),
                    (!pitr_on).then(|| Refusal::PitrOff { table: owned() }),
                ),
                RepairSourceRow::Backup => (
                    format!("one of its DynamoDB backups ({backups})"),
                    (backups == 0).then(|| Refusal::NoBackups { table: owned() }),
                ),
                RepairSourceRow::Point => (
                    format!("one of its AWS Backup recovery points ({points})"),
                    (points == 0).then(|| Refusal::NoRecoveryPoints { table: owned() }),
                ),
                RepairSourceRow::Table => (
                    "a table that holds a copy (a restore made earlier)".to_owned(),
                    None,
                ),
            };
            SourceChoice {
                row,
                text,
                unavailable,
            }
        })
        .collect()
}

/// The source page of a repair of `table`: the cursor on the copy chosen
/// in the Recovery pane, else on the first source the table has.
pub fn source_page(state: &State, table: TableName) -> Wizard {
    let choices = source_choices(state, table.as_str());
    let wanted = match chosen_copy(state, &table) {
        Some(ChosenCopy::Backup(_)) => Some(RepairSourceRow::Backup),
        Some(ChosenCopy::Point(_)) => Some(RepairSourceRow::Point),
        None => None,
    };
    let cursor = wanted
        .and_then(|w| choices.iter().position(|c| c.row == w))
        .or_else(|| choices.iter().position(|c| c.unavailable.is_none()))
        .unwrap_or(0);
    Wizard::RepairSource { table, cursor }
}

/// The page a source row leads to, with the Recovery pane's copy chosen
/// in its picker when there is one.
pub fn source_next(state: &State, table: TableName, row: RepairSourceRow) -> Wizard {
    let chosen = chosen_copy(state, &table);
    match row {
        RepairSourceRow::Pitr => Wizard::EnterTime {
            kind: OpKind::Repair,
            table,
            input: Input::default(),
            error: None,
        },
        RepairSourceRow::Backup => Wizard::PickBackup {
            kind: OpKind::Repair,
            table,
            cursor: match chosen {
                Some(ChosenCopy::Backup(i)) => i,
                _ => 0,
            },
        },
        RepairSourceRow::Point => Wizard::PickPoint {
            kind: OpKind::Repair,
            table,
            cursor: match chosen {
                Some(ChosenCopy::Point(i)) => i,
                _ => 0,
            },
        },
        RepairSourceRow::Table => {
            let proposed = proposed_copy(state, table.as_str()).unwrap_or_default();
            Wizard::EnterOther {
                kind: OpKind::Repair,
                table,
                input: Input::new(proposed),
                error: None,
            }
        }
    }
}

/// The table proposed as the copy of `table`: the one it was restored
/// from (as a comparison proposes), else the newest restore made from it
/// (this session's or a finished journal's) that still exists, else an
/// existing `<table>-restored`.
pub fn proposed_copy(state: &State, table: &str) -> Option<String> {
    if let Some(source) = super::compare::proposed_other(state, table) {
        return Some(source);
    }
    let exists = |name: &str| name != table && state.inventory.tables.contains(name);
    let ours = state
        .runs
        .ours
        .iter()
        .filter(|r| r.restored_from.as_deref() == Some(table))
        .map(|r| r.table.as_str());
    let journaled = state
        .runs
        .restored
        .iter()
        .rev()
        .filter(|(_, source)| source == table)
        .map(|(target, _)| target.as_str());
    ours.chain(journaled)
        .find(|t| exists(t))
        .map(str::to_owned)
        .or_else(|| {
            let named = format!("{table}-restored");
            exists(&named).then_some(named)
        })
}

/// The table holding the copy, as typed: DynamoDB's rules, not `table`
/// itself, and a table the inventory lists.
pub fn copy_table(state: &State, table: &str, raw: &str) -> Result<TableName, BadInput> {
    super::compare::other_table(state, table, raw).map_err(|e| match e {
        BadInput::NoOtherTable => BadInput::NoCopyTable,
        BadInput::SameTable(name) => BadInput::RepairFromItself(name),
        other => other,
    })
}
