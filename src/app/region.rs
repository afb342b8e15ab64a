//! Operation 16 "Restore in another region" in the wizard: what it
//! restores from (the table's latest restorable time, a time in its PITR
//! window, or one of its copies in the DR vault), then the new table's name
//! in the DR region (the table's own by default: it is another region),
//! refused where typed when the DR region already has a table of that name,
//! then the shared new-table page. The DR region is the DR vault's
//! (`[copies] vault_arn`).

use tui_input::Input;

use super::bad_input::BadInput;
use super::refusal::Refusal;
use super::state::State;
use super::wizard::{NewFrom, Wizard};
use crate::domain::{PitrTarget, RecoveryPoint, TableName};
use crate::workflow::{NewTableSettings, OpKind, Operation, RegionSource};

/// A row of the source page, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSourceRow {
    Latest,
    Pitr,
    /// The table's n-th copy in the DR vault (newest first).
    Copy(usize),
    /// Shown when the DR vault holds no copy of the table.
    NoCopy,
}

/// One row as shown, and why it cannot be chosen when it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionChoice {
    pub row: RegionSourceRow,
    pub text: String,
    pub unavailable: Option<Refusal>,
}

/// `copy 1a2b… · 2026-12-01 10:30 · 1.2 GB · COMPLETED`.
pub fn copy_text(p: &RecoveryPoint) -> String {
    let id = p.arn.rsplit([':', '/']).next().unwrap_or(&p.arn);
    let size = p
        .size_bytes
        .map(|b| format!(" · {}", crate::domain::time::human_bytes(b)))
        .unwrap_or_default();
    let status = format!("{:?}", p.status).to_uppercase();
    format!(
        "copy {id} · {}{size} · {status}",
        p.created_at.format("%Y-%m-%d %H:%M"),
    )
}

/// The source page's rows for `table`.
pub fn source_choices(state: &State, table: &str) -> Vec<RegionChoice> {
    let recovery = &state.inventory.recovery;
    let pitr_off = super::refusal::missing(state, table, OpKind::PitrToNew);
    let mut rows = vec![
        RegionChoice {
            row: RegionSourceRow::Latest,
            text: format!("{table} at its latest restorable time (PITR)"),
            unavailable: pitr_off.clone(),
        },
        RegionChoice {
            row: RegionSourceRow::Pitr,
            text: "a time in its PITR window".to_owned(),
            unavailable: pitr_off,
        },
    ];
    let copies = recovery.dr_copies_of(table);
    if copies.is_empty() {
        let vault = dr_vault_words(recovery);
        rows.push(RegionChoice {
            row: RegionSourceRow::NoCopy,
            text: match (&recovery.dr.error, recovery.dr.loaded) {
                _ if recovery.dr_vault_arn().is_none() => {
                    "a copy in a DR vault (none is set: [copies] vault_arn)".to_owned()
                }
                (Some(e), _) => format!("a copy in the DR vault (cannot be listed: {e})"),
                (None, false) => "a copy in the DR vault (listing…)".to_owned(),
                (None, true) => "a copy in the DR vault (none)".to_owned(),
            },
            unavailable: Some(Refusal::NoDrCopy {
                table: table.to_owned(),
                vault,
            }),
        });
    }
    rows.extend(copies.iter().enumerate().map(|(i, p)| RegionChoice {
        row: RegionSourceRow::Copy(i),
        text: copy_text(p),
        unavailable: (p.status != crate::domain::RecoveryPointStatus::Completed).then(|| {
            Refusal::DrCopyNotCompleted {
                status: format!("{:?}", p.status).to_uppercase(),
            }
        }),
    }));
    rows
}

/// The DR vault as the refusals name it: `NAME in REGION`, or that none
/// is set.
pub fn dr_vault_words(recovery: &super::recovery::RecoveryIndex) -> String {
    recovery.dr_vault_arn().map_or_else(
        || "none is set".to_owned(),
        |v| format!("{} in {}", v.name, v.region),
    )
}

/// The operation's first page, the cursor on the first row that can be
/// chosen.
pub fn source_page(state: &State, table: TableName) -> Wizard {
    let cursor = source_choices(state, table.as_str())
        .iter()
        .position(|c| c.unavailable.is_none())
        .unwrap_or(0);
    Wizard::RegionSource { table, cursor }
}

/// Where a row leads: the name page (the latest time, a copy), or the
/// shared time page of kind `RestoreInRegion`.
pub fn source_next(state: &State, table: TableName, row: RegionSourceRow) -> Wizard {
    match row {
        RegionSourceRow::Latest => name_page(table, NewFrom::Time(PitrTarget::Latest)),
        RegionSourceRow::Pitr => Wizard::EnterTime {
            kind: OpKind::RestoreInRegion,
            table,
            input: Input::default(),
            error: None,
        },
        RegionSourceRow::Copy(i) => {
            match state.inventory.recovery.dr_copies_of(table.as_str()).get(i) {
                Some(p) => name_page(table, NewFrom::Copy(p.arn.clone())),
                None => source_page(state, table),
            }
        }
        RegionSourceRow::NoCopy => source_page(state, table),
    }
}

/// The new table's name page, proposing the table's own name.
pub fn name_page(table: TableName, source: NewFrom) -> Wizard {
    Wizard::EnterName {
        kind: OpKind::RestoreInRegion,
        input: Input::new(table.to_string()),
        table,
        source,
        error: None,
    }
}

/// A name for the new table in the DR region: DynamoDB's rules, and no
/// table of that name there (as last listed; the plan's preflight asks
/// again).
pub fn target_name(state: &State, raw: &str) -> Result<TableName, BadInput> {
    let name = TableName::parse(raw.trim()).map_err(|e| BadInput::TableName(e.to_string()))?;
    let recovery = &state.inventory.recovery;
    if recovery.exists_in_dr(name.as_str()) {
        return Err(BadInput::TableExistsThere {
            name: name.to_string(),
            region: recovery.dr_region().unwrap_or_default(),
        });
    }
    Ok(name)
}

/// The operation, PITR and protection off (the next page turns them on).
pub fn operation(
    state: &State,
    table: &TableName,
    source: NewFrom,
    target: TableName,
) -> Option<Operation> {
    let recovery = &state.inventory.recovery;
    let region = recovery.dr_region()?;
    let table_arn = state
        .inventory
        .tables
        .row(table.as_str())
        .and_then(|r| r.table.as_ref())
        .map(|t| t.arn.clone())
        .unwrap_or_default();
    Some(Operation::RestoreInRegion {
        table: table.clone(),
        table_arn,
        region,
        source: match source {
            NewFrom::Time(at) => RegionSource::Pitr(at),
            // A copy is listed from the DR vault only.
            NewFrom::Copy(arn) => RegionSource::Copy {
                point: arn.into(),
                vault: recovery.dr_vault_arn()?.name,
            },
        },
        target,
        new_table: NewTableSettings::default(),
    })
}
