//! What a run tells the UI: step progress, questions, the end.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use super::question::{Answer, Question};
use super::step_plans::StepPlan;

/// The app's id of one run, so several can run at once.
pub type JobId = u64;

/// How one run is configured.
#[derive(Debug, Clone)]
pub struct RunContext {
    pub job: JobId,
    /// StartRestoreJob's IAM role (AWSBackupServiceRolePolicyForRestores).
    pub backup_role_arn: String,
    /// The AWS Backup vault of the recovery points.
    pub vault: String,
    /// How long a step may wait for AWS before it fails; `None`: forever.
    pub step_timeout: Option<Duration>,
    /// How often a waiting step asks AWS again.
    pub poll_interval: Duration,
    /// Where the run's journal goes (`<state dir>/journal`); `None`: no
    /// journal (tests of the engine alone).
    pub journal_dir: Option<PathBuf>,
    /// How the verification step reads the tables (segments, read rate).
    pub verify: crate::verify::VerifyOptions,
    /// How a repair writes (its write budget).
    pub repair: crate::repair::RepairOptions,
    /// The backend, account and region the run acts on, written into its
    /// journal; a journaled run needs it.
    pub scope: Option<crate::backend::Scope>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StepStatus {
    Pending,
    Running {
        started: DateTime<Utc>,
        /// 0–100 when known (a restore job's percent).
        progress: Option<f64>,
        /// What AWS says now (`CREATING`, `job RUNNING`, …).
        detail: Option<String>,
    },
    Done {
        took: Duration,
        detail: Option<String>,
    },
    Failed {
        error: String,
    },
    Skipped {
        why: String,
    },
}

/// What a run reports as it goes, one definition for both sides. The run
/// sends a `WorkflowEvent`, whose question carries the oneshot the run waits
/// on; the engine keeps that and hands the UI a `RunEvent` (`reply: ()`),
/// plain cloneable data.
#[derive(Debug, Clone)]
pub enum RunUpdate<Reply> {
    Step {
        job: JobId,
        index: usize,
        status: StepStatus,
    },
    /// A step added while running (the deletions chosen in a cleanup
    /// review); its index is the plan's length at that moment.
    StepAdded {
        job: JobId,
        index: usize,
        /// Boxed: a step is most of the event's size.
        step: Box<StepPlan>,
    },
    /// The run waits until `reply` is answered; a dropped sender is Cancel.
    Ask {
        job: JobId,
        question: Question,
        reply: Reply,
    },
    /// What a comparison found (operation "Compare with a table"), sent
    /// before its step is done.
    Compared {
        job: JobId,
        comparison: Box<super::comparison::Comparison>,
    },
    Finished {
        job: JobId,
        outcome: Outcome,
    },
}

/// What the run sends.
pub type WorkflowEvent = RunUpdate<oneshot::Sender<Answer>>;
/// What the UI receives.
pub type RunEvent = RunUpdate<()>;

impl<Reply> RunUpdate<Reply> {
    /// The run this event is about.
    pub fn job(&self) -> JobId {
        match self {
            Self::Step { job, .. }
            | Self::StepAdded { job, .. }
            | Self::Ask { job, .. }
            | Self::Compared { job, .. }
            | Self::Finished { job, .. } => *job,
        }
    }

    /// The event as the UI receives it, and the reply if it carried one.
    pub fn split(self) -> (RunEvent, Option<Reply>) {
        match self {
            Self::Step { job, index, status } => (RunEvent::Step { job, index, status }, None),
            Self::StepAdded { job, index, step } => {
                (RunEvent::StepAdded { job, index, step }, None)
            }
            Self::Ask {
                job,
                question,
                reply,
            } => (
                RunEvent::Ask {
                    job,
                    question,
                    reply: (),
                },
                Some(reply),
            ),
            Self::Compared { job, comparison } => (RunEvent::Compared { job, comparison }, None),
            Self::Finished { job, outcome } => (RunEvent::Finished { job, outcome }, None),
        }
    }
}

/// How a run ended. `remaining` names the temporary resources this run
/// created that still exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    Completed {
        remaining: Vec<String>,
    },
    /// A precondition failed; nothing was done.
    Refused {
        reason: String,
    },
    /// The operator said no or cancelled at a question.
    Cancelled {
        step: Option<usize>,
        reason: String,
        remaining: Vec<String>,
    },
    Failed {
        step: usize,
        error: String,
        remaining: Vec<String>,
    },
}
