//! A step of a plan as data (`StepPlan`: what the operator reads, what it
//! calls, creates and deletes, and the action it runs). Each kind's builder
//! lives with its run code in `steps/`, so a step reads the same in every
//! operation.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::action::StepAction;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepPlan {
    /// In the operator's words: "Duplicate orders at … as orders--dupe-…".
    pub title: String,
    /// The AWS APIs the step calls, in order.
    pub api: Vec<String>,
    /// Names of the tables and backups the step creates (backup names are
    /// not table names, so these stay strings).
    pub creates: Vec<String>,
    /// Names of the tables and backups the step deletes.
    pub deletes: Vec<String>,
    /// Rough AWS time (before any question is answered).
    pub estimate: Duration,
    pub action: StepAction,
}

impl StepPlan {
    pub fn new(
        title: impl Into<String>,
        api: &[&str],
        estimate: Duration,
        action: StepAction,
    ) -> Self {
        Self {
            title: title.into(),
            api: api.iter().map(|a| (*a).to_owned()).collect(),
            creates: Vec::new(),
            deletes: Vec::new(),
            estimate,
            action,
        }
    }

    /// `name`: a table's or a backup's.
    pub(crate) fn creating(mut self, name: impl std::fmt::Display) -> Self {
        self.creates.push(name.to_string());
        self
    }

    /// `name`: a table's or a backup's.
    pub(crate) fn deleting(mut self, name: impl std::fmt::Display) -> Self {
        self.deletes.push(name.to_string());
        self
    }
}

pub const fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

pub const SECONDS_5: Duration = Duration::from_secs(5);
