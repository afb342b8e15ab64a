//! DR drills as data: what one drill restored from, when, how long the
//! restore took (its RTO), which checks ran and what they found
//! (`DrillRecord`); the history of every drill, appended to
//! `<state dir>/{sandbox,aws}/drills.jsonl` (`history.rs`); each drill's
//! reports for an auditor, `drills/ID.md` and `drills/ID.json`
//! (`report.rs`). The drill itself runs as operation "DR drill"
//! (`workflow/steps/drill.rs`); posture reads the history
//! (`posture::drill_rules`). See `docs/drills.md`.

mod history;
mod report;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use history::{DrillHistory, LastDrills, append, load, seed_sandbox};
pub use report::{markdown, write_reports};

/// One check of a drill's proof, named for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    /// The scratch table came up ACTIVE.
    Active,
    /// Key schema, indexes, billing mode and table class as the source's.
    Settings,
    /// Every item of the scratch table was read by a full scan.
    ItemsReadable,
    /// The scratch's item count against the source's.
    ItemCount,
    /// A sample of keys read from the source and compared.
    SampleKeys,
    /// Item by item against a copy of the same instant (an export or a
    /// table copy); runs only for such a source.
    ExactVerify,
}

impl CheckName {
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "scratch table ACTIVE",
            Self::Settings => "key schema, indexes and settings as the source's",
            Self::ItemsReadable => "every item readable",
            Self::ItemCount => "item count against the source's",
            Self::SampleKeys => "sample of keys compared with the source",
            Self::ExactVerify => "exact item-by-item verify",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckVerdict {
    Pass,
    Fail,
    /// Not run, and why is in the detail (the report says so).
    NotRun,
}

impl CheckVerdict {
    pub fn word(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "FAIL",
            Self::NotRun => "not run",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillCheck {
    pub check: CheckName,
    pub verdict: CheckVerdict,
    /// What was found, in a sentence.
    pub detail: String,
}

impl DrillCheck {
    pub fn new(check: CheckName, verdict: CheckVerdict, detail: impl Into<String>) -> Self {
        Self {
            check,
            verdict,
            detail: detail.into(),
        }
    }

    pub fn judged(check: CheckName, ok: bool, detail: impl Into<String>) -> Self {
        let verdict = if ok {
            CheckVerdict::Pass
        } else {
            CheckVerdict::Fail
        };
        Self::new(check, verdict, detail)
    }
}

/// One drill, as the history and the reports hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillRecord {
    /// The scratch table's name: unique per table and second, and the
    /// reports' file name.
    pub id: String,
    /// The table drilled (never written to).
    pub table: String,
    /// What was restored from, in words (`orders at its latest restorable
    /// time`, `backup 0173…`).
    pub source: String,
    pub scratch: String,
    /// Where: `sandbox`/`aws`, account and region.
    #[serde(default)]
    pub scope: String,
    /// When the restore was asked for.
    pub started_at: DateTime<Utc>,
    /// When the scratch table was seen ACTIVE.
    pub restored_at: Option<DateTime<Utc>>,
    /// When the record was written (after the scratch table was deleted).
    pub finished_at: DateTime<Utc>,
    /// The measured RTO: `restored_at - started_at`, in seconds.
    pub rto_secs: Option<u64>,
    /// What kind of copy the restore read (older records: absent), for
    /// the restore-time forecast (`crate::forecast`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_kind: Option<crate::forecast::SourceKind>,
    /// The drilled table's size in bytes when the drill started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_bytes: Option<u64>,
    pub checks: Vec<DrillCheck>,
    /// The scratch table was deleted by the drill.
    pub scratch_deleted: bool,
    /// Every check that ran passed (and at least one ran).
    pub passed: bool,
}

impl DrillRecord {
    /// Whether every check that ran passed, with at least one run.
    pub fn checks_pass(checks: &[DrillCheck]) -> bool {
        checks.iter().any(|c| c.verdict == CheckVerdict::Pass)
            && checks.iter().all(|c| c.verdict != CheckVerdict::Fail)
    }

    /// `12m 30s`-style RTO, or `—`.
    pub fn rto_text(&self) -> String {
        self.rto_secs.map_or_else(
            || "—".to_owned(),
            |s| {
                crate::domain::time::human_duration(chrono::Duration::seconds(
                    i64::try_from(s).unwrap_or(i64::MAX),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests;
