//! Questions a run asks a human, and their answers. The engine sends a
//! `WorkflowEvent::Ask` with a oneshot sender and waits; a dropped sender
//! counts as `Answer::Cancel`, and an answer that does not fit the question
//! too: the run stops safely.

use std::time::Duration;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Question {
    /// Yes removes protection and continues; No or Cancel stops the run.
    RemoveDeletionProtection {
        table: String,
        /// This run's AVAILABLE backup of the table (`None`: declined or
        /// not taken).
        #[serde(default)]
        fallback: Option<String>,
        /// The run restores the table and turns protection back on.
        #[serde(default)]
        restored_after: bool,
    },
    /// Answer `Typed(text)`. Wrong text is refused and asked again (with
    /// `mistyped` set) up to three times in all, then the run stops.
    TypeTableName {
        table: String,
        mistyped: Option<String>,
    },
    /// The recovery point is in cold storage: Yes means "yes, expect hours".
    ColdRestore { estimate: Duration },
    /// Retry, CleanupReview or LeaveAsIs (Cancel: LeaveAsIs).
    StepFailed {
        step: usize,
        title: String,
        error: String,
    },
    /// Answer `Delete(ids)` with the ids of the items to delete; anything
    /// else deletes nothing.
    CleanupReview { items: Vec<CleanupItem> },
    /// What a repair's diff found, to browse; answer `Repair(choices)`
    /// with the classes to write back. Anything else writes nothing (the
    /// run goes on to its cleanup review).
    RepairChoice(Box<RepairQuestion>),
}

/// A repair's diff, as the operator decides on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairQuestion {
    pub table: String,
    /// Where the copy was read from: `orders--repair-… (orders at …)`.
    pub source: String,
    pub counts: crate::repair::RepairCounts,
    /// The first `repair::ROWS_SHOWN` differing keys, to browse.
    pub rows: Vec<crate::repair::RepairRow>,
    /// The repair set file: every differing key with both images.
    pub file: String,
    /// The write budget, in write units per second.
    pub write_rate: u32,
}

/// What removing protection leaves behind, from the run's own facts: the
/// sentence under the protection question.
pub fn protection_consequence(fallback: Option<&str>, restored_after: bool) -> String {
    match (fallback, restored_after) {
        (Some(backup), true) => format!(
            "Fallback backup {backup} is AVAILABLE; protection is turned back on after the \
             restore."
        ),
        (Some(backup), false) => format!(
            "Fallback backup {backup} is AVAILABLE. Nothing is restored: protection stays off."
        ),
        (None, true) => {
            "No fallback backup was taken; protection is turned back on after the restore."
                .to_owned()
        }
        (None, false) => {
            "No fallback backup (declined): once deleted, the data is gone for good.".to_owned()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Yes,
    No,
    Cancel,
    Typed(String),
    Retry,
    CleanupReview,
    LeaveAsIs,
    Delete(Vec<String>),
    /// The classes of a repair's differences to write back.
    Repair(crate::repair::RepairChoices),
}

/// One temporary resource of this run in the cleanup review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanupItem {
    /// What to put in `Answer::Delete`: the backup ARN or the table name.
    pub id: String,
    pub name: String,
    pub kind: CleanupKind,
    /// What it is: "fallback backup of orders taken before it was deleted".
    pub what: String,
    /// Why it may be deleted, or why it is kept.
    pub why: String,
    /// False: the engine never deletes it (the only copy of a table).
    pub deletable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CleanupKind {
    DuplicateTable,
    OriginalBackup,
    DuplicateBackup,
}
