//! Recovery at start: the journals of runs that never ended (a crash, a
//! killed terminal, a power cut), each checked against the account so the
//! operator sees what really happened and where the table's data is now.

mod account;
mod finished;
mod scan;
mod undo;
mod whereabouts;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::workflow::journal::StepState;
use crate::workflow::{JobId, Plan};

pub use finished::{FINISHED_SHOWN, FinishedRun, reopened_review};
pub use scan::{JournalScan, UnreadableJournal, dismiss, scan};
pub use undo::{preimage_of, undo_repair_plan};

/// Who may act on an interrupted run from this console.
#[derive(Debug, Clone, PartialEq)]
pub enum Availability {
    /// It ran against this console's backend, account and region, and no
    /// console holds its journal: this one may resume or dismiss it.
    Here,
    /// A live run in another console holds its journal.
    OtherConsole,
    /// It ran against another account, region, endpoint or sandbox
    /// (`Scope`'s words): only a console pointed there may act on it.
    Elsewhere(String),
    /// An older version wrote it without saying where it ran.
    Unrecorded,
}

impl Availability {
    /// Why this console may not resume or dismiss the run, if it may not.
    pub fn refusal(&self) -> Option<String> {
        match self {
            Self::Here => None,
            Self::OtherConsole => {
                Some("it is running in another console: act on it there".to_owned())
            }
            Self::Elsewhere(scope) => Some(format!(
                "it ran elsewhere (switch there to resume it): {scope}"
            )),
            Self::Unrecorded => Some(
                "its journal does not say which account it ran against: it cannot be resumed"
                    .to_owned(),
            ),
        }
    }
}

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
    /// Whether this console may resume or dismiss it.
    pub availability: Availability,
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
#[cfg(test)]
mod tests_finished;
