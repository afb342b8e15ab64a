//! One line of a journal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::backend::Scope;
use crate::workflow::action::StepAction;
use crate::workflow::event::{JobId, Outcome};
use crate::workflow::ledger::{Facts, Ledger};
use crate::workflow::plan::Plan;
use crate::workflow::question::{Answer, Question};
use crate::workflow::step_plans::StepPlan;

/// A record with the moment it was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    /// The first line: the operation, its whole plan, and what it acts on
    /// (absent in journals of older versions: such a run is never resumed).
    Started {
        job: JobId,
        plan: Plan,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scope: Option<Scope>,
    },
    /// The preconditions held; what the run read before its first step
    /// (the PITR recovery period to restore, a cold recovery point).
    Checked {
        facts: Facts,
    },
    /// Written before a step makes any call: what it will do.
    Intent {
        step: usize,
        title: String,
        action: StepAction,
        creates: Vec<String>,
        deletes: Vec<String>,
    },
    /// AWS accepted a mutating call of the step (the names and ARNs it
    /// returned are in `ledger`); the step may still be waiting on it.
    Accepted {
        step: usize,
        api: String,
        resource: String,
        ledger: Ledger,
    },
    /// The operator's answer to a question (`step: None` before any step).
    Answer {
        step: Option<usize>,
        question: Question,
        answer: Answer,
    },
    Done {
        step: usize,
        detail: Option<String>,
        ledger: Ledger,
    },
    Skipped {
        step: usize,
        why: String,
    },
    /// The operator said no or cancelled at this step: the run stopped.
    Cancelled {
        step: usize,
        why: String,
    },
    Failed {
        step: usize,
        error: String,
        ledger: Ledger,
    },
    /// A step added while running (a cleanup deletion, protection again).
    StepAdded {
        step: usize,
        plan: StepPlan,
    },
    /// The last line of a run that ended.
    Outcome {
        outcome: Outcome,
    },
    /// An interrupted run goes on from `step`, as job `job` of this session.
    Resumed {
        job: JobId,
        step: usize,
    },
    /// The operator dismissed an interrupted run: the journal is finished.
    Dismissed {
        why: String,
    },
}

impl Record {
    /// The step the record is about, if any.
    pub fn step(&self) -> Option<usize> {
        match self {
            Self::Intent { step, .. }
            | Self::Accepted { step, .. }
            | Self::Done { step, .. }
            | Self::Skipped { step, .. }
            | Self::Cancelled { step, .. }
            | Self::Failed { step, .. }
            | Self::StepAdded { step, .. } => Some(*step),
            Self::Answer { step, .. } => *step,
            Self::Started { .. }
            | Self::Checked { .. }
            | Self::Resumed { .. }
            | Self::Outcome { .. }
            | Self::Dismissed { .. } => None,
        }
    }

    /// Ends the journal: the run is not interrupted.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Outcome { .. } | Self::Dismissed { .. })
    }
}
