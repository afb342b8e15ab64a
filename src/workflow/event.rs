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

#[derive(Debug)]
pub enum WorkflowEvent {
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
        step: StepPlan,
    },
    /// The run waits until `reply` is answered; a dropped sender is Cancel.
    Ask {
        job: JobId,
        question: Question,
        reply: oneshot::Sender<Answer>,
    },
    Finished {
        job: JobId,
        outcome: Outcome,
    },
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
