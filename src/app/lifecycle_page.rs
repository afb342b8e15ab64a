//! The wizard page of operation 12 (back up with AWS Backup): the recovery
//! point's lifecycle, two typed fields, days until it moves to cold storage
//! and days until it is deleted, each blank for never. Confirm checks both
//! against AWS Backup's rules (`LifecycleDays::check`) and shows the
//! refusal under the fields; the keys are `dialogs/wizard_lifecycle.rs`.

use tui_input::Input;

use crate::domain::{LifecycleDays, MAX_DAYS, TableName};

#[derive(Debug, Clone)]
pub struct LifecyclePage {
    pub table: TableName,
    /// The vault the job puts its point in (the configured one).
    pub vault: String,
    pub cold: Input,
    pub delete: Input,
    /// The field under the cursor: `COLD_ROW` or `DELETE_ROW`.
    pub row: usize,
    /// Why the days typed are refused, under the fields.
    pub error: Option<String>,
}

impl LifecyclePage {
    pub const COLD_ROW: usize = 0;
    pub const DELETE_ROW: usize = 1;

    /// Both blank: kept forever, warm (AWS's default without a lifecycle).
    pub fn new(table: TableName, vault: String) -> Self {
        Self {
            table,
            vault,
            cold: Input::default(),
            delete: Input::default(),
            row: Self::COLD_ROW,
            error: None,
        }
    }

    /// The lifecycle typed, or why it is refused and the field to fix.
    pub fn lifecycle(&self) -> Result<LifecycleDays, (String, usize)> {
        let cold = days(self.cold.value()).map_err(|e| (e, Self::COLD_ROW))?;
        let delete = days(self.delete.value()).map_err(|e| (e, Self::DELETE_ROW))?;
        let lifecycle = LifecycleDays {
            cold_after_days: cold,
            delete_after_days: delete,
        };
        lifecycle.check().map_err(|e| {
            let row = match (cold, delete) {
                (Some(c), _) if !(1..=MAX_DAYS).contains(&c) => Self::COLD_ROW,
                _ => Self::DELETE_ROW,
            };
            (e.to_string(), row)
        })?;
        Ok(lifecycle)
    }
}

/// Blank is never; else a whole number of days.
fn days(typed: &str) -> Result<Option<u32>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    typed.parse::<u32>().map(Some).map_err(|_| {
        format!("type a whole number of days (1–{MAX_DAYS}), or leave it blank for never")
    })
}
