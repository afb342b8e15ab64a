//! The wizard page of operations 13 (export to S3) and 14 (import from
//! S3): two typed fields. Export: where (`s3://BUCKET/PREFIX`) and when
//! (blank: now; a time in the PITR window, relative times accepted; or
//! `FROM..TO`, an incremental export of 15 minutes to 24 hours). Import:
//! the export's location and the new table's name (DynamoDB's rules, no
//! table of that name). Confirm checks both where they were typed; the
//! keys are `dialogs/wizard_s3.rs`, the drawing `ui/dialogs/wizard_s3.rs`.

use tui_input::Input;

use super::ops::new_table_name;
use super::state::State;
use crate::domain::time::{format_reference, parse_time_at};
use crate::domain::{ExportKind, S3Location, TableName, check_incremental};
use crate::sandbox::s3::EXPORT_BUCKET;
use crate::workflow::{OpKind, Operation};

#[derive(Debug, Clone)]
pub struct S3Page {
    /// `OpKind::ExportToS3` or `OpKind::ImportFromS3`.
    pub kind: OpKind,
    pub table: TableName,
    pub location: Input,
    /// Export: when. Import: the new table's name.
    pub second: Input,
    /// `LOCATION_ROW` or `SECOND_ROW`.
    pub row: usize,
    pub error: Option<String>,
}

impl S3Page {
    pub const LOCATION_ROW: usize = 0;
    pub const SECOND_ROW: usize = 1;

    /// The location proposed: `[exports]`'s bucket and prefix when set,
    /// else the sandbox's seeded bucket on the sandbox, else blank; the
    /// import's name proposed is `<table>-imported`.
    pub fn new(state: &State, kind: OpKind, table: TableName) -> Self {
        let location = match state.exports.location_for(table.as_str()) {
            Some(configured) => configured,
            None if state.header.backend.kind == crate::backend::BackendKind::Sandbox => {
                format!("s3://{EXPORT_BUCKET}/{table}")
            }
            None => String::new(),
        };
        let second = match kind {
            OpKind::ImportFromS3 => proposed_import_name(state, &table),
            _ => String::new(),
        };
        Self {
            kind,
            table,
            location: Input::new(location),
            second: Input::new(second),
            row: Self::LOCATION_ROW,
            error: None,
        }
    }

    /// The operation typed, or why it is refused and the field to fix.
    pub fn operation(&self, state: &State) -> Result<Operation, (String, usize)> {
        let location = S3Location::parse(self.location.value())
            .map_err(|e| (e.to_string(), Self::LOCATION_ROW))?;
        let second = |e: String| (e, Self::SECOND_ROW);
        match self.kind {
            OpKind::ImportFromS3 => {
                let target = new_table_name(state, self.second.value()).map_err(|e| {
                    second(match e {
                        super::bad_input::BadInput::TableExists(name) => {
                            format!("table {name} already exists: an import creates a new table")
                        }
                        other => other.to_string(),
                    })
                })?;
                Ok(Operation::ImportFromS3 {
                    table: self.table.clone(),
                    location,
                    target,
                    compression: None,
                    new_table: Default::default(),
                })
            }
            _ => Ok(Operation::ExportToS3 {
                table: self.table.clone(),
                location,
                kind: export_kind(state, self.table.as_str(), self.second.value())
                    .map_err(second)?,
                bucket_owner: None,
                kms_key: None,
            }),
        }
    }
}

fn proposed_import_name(state: &State, table: &TableName) -> String {
    (1..1_000)
        .map(|n| match n {
            1 => format!("{table}-imported"),
            n => format!("{table}-imported-{n}"),
        })
        .find(|name| !state.inventory.tables.contains(name))
        .unwrap_or_else(|| format!("{table}-imported"))
}

/// Blank is now; `FROM..TO` is incremental; else a time. Each inside the
/// table's PITR window (up to now, as DynamoDB takes an export's time).
pub fn export_kind(state: &State, table: &str, raw: &str) -> Result<ExportKind, String> {
    let window = state
        .inventory
        .tables
        .selected()
        .filter(|r| r.name == table)
        .and_then(|r| r.pitr.as_ref())
        .and_then(|p| p.window)
        .ok_or_else(|| format!("{table} has no PITR window: an export needs PITR on"))?;
    let now = state.now;
    let inside = |raw: &str| {
        let at = parse_time_at(raw.trim(), now)?;
        if at < window.earliest || at > now {
            return Err(format!(
                "{} is outside the PITR window {} to now",
                format_reference(at),
                format_reference(window.earliest)
            ));
        }
        Ok(at)
    };
    let raw = raw.trim();
    if raw.is_empty() || raw.eq_ignore_ascii_case("now") {
        return Ok(ExportKind::Full { at: now });
    }
    if let Some((from, to)) = raw.split_once("..") {
        let (from, to) = (inside(from)?, inside(to)?);
        check_incremental(from, to)?;
        return Ok(ExportKind::Incremental { from, to });
    }
    Ok(ExportKind::Full { at: inside(raw)? })
}
