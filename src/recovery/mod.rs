//! Recovery at start: the journals of runs that never ended (a crash, a
//! killed terminal, a power cut), each checked against the account so the
//! operator sees what really happened and where the table's data is now.

mod account;
mod scan;
mod whereabouts;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::workflow::journal::StepState;
use crate::workflow::{JobId, Plan};

pub use scan::{dismiss, scan};

/// A run whose journal has no outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct InterruptedRun {
    pub journal: PathBuf,
    pub job: JobId,
    pub label: &'static str,
    pub table: String,
    /// When the run was planned (its temporary names' stamp).
    pub started: DateTime<Utc>,
    /// When its last record was written: about when it stopped.
    pub stopped: Option<DateTime<Utc>>,
    pub steps: Vec<InterruptedStep>,
    /// The plan with the steps added while it ran, to resume it.
    pub plan: Plan,
    /// Where the table's data is now, in one line.
    pub data_now: String,
    /// The journal's last record was cut (the crash hit while writing it).
    pub cut_tail: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterruptedStep {
    pub title: String,
    /// What the journal says.
    pub state: StepState,
    /// What the account says now, for a step the journal cannot vouch for
    /// (started, or accepted but not finished).
    pub aws_now: Option<String>,
}

#[cfg(test)]
mod tests;
