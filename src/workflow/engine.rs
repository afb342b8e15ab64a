//! The state of one run and how it talks to the UI: step statuses and
//! questions go out on the event channel, answers come back on oneshots.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc::UnboundedSender, oneshot};

use super::event::{JobId, RunContext, StepStatus, WorkflowEvent};
use super::ledger::Ledger;
use super::plan::StepPlan;
use super::question::{Answer, Question};
use crate::backend::{Backend, BackendError};

/// Why a step did not finish.
#[derive(Debug, Clone, PartialEq)]
pub enum Halt {
    Failed(String),
    /// The operator said no or cancelled; nothing of this step was done.
    Cancelled(String),
}

/// How a step finished.
#[derive(Debug, Clone, PartialEq)]
pub enum Finish {
    Done(Option<String>),
    Skipped(String),
}

pub type StepResult = Result<Finish, Halt>;

/// A failed AWS call, as the step reports it.
pub fn failed(api: &str) -> impl Fn(BackendError) -> Halt + '_ {
    move |e| Halt::Failed(format!("{api}: {e}"))
}

/// The step being run, for progress events.
#[derive(Debug, Clone, Copy)]
pub struct StepCtx {
    pub index: usize,
    pub started: DateTime<Utc>,
    pub clock: Instant,
}

pub struct Engine {
    pub backend: Arc<dyn Backend>,
    pub ctx: RunContext,
    pub events: UnboundedSender<WorkflowEvent>,
    pub steps: Vec<StepPlan>,
    pub ledger: Ledger,
}

impl Engine {
    pub fn job(&self) -> JobId {
        self.ctx.job
    }

    /// A closed channel only means nobody watches; the run goes on.
    pub fn emit(&self, event: WorkflowEvent) {
        let _ = self.events.send(event);
    }

    pub fn status(&self, index: usize, status: StepStatus) {
        self.emit(WorkflowEvent::Step {
            job: self.job(),
            index,
            status,
        });
    }

    pub fn progress(&self, step: &StepCtx, progress: Option<f64>, detail: Option<String>) {
        self.status(
            step.index,
            StepStatus::Running {
                started: step.started,
                progress,
                detail,
            },
        );
    }

    /// Asks and waits; a dropped sender is `Cancel`.
    pub async fn ask(&self, question: Question) -> Answer {
        let (reply, answer) = oneshot::channel();
        self.emit(WorkflowEvent::Ask {
            job: self.job(),
            question,
            reply,
        });
        answer.await.unwrap_or(Answer::Cancel)
    }

    /// Adds a step at the end of the plan and tells the UI.
    pub fn add_step(&mut self, step: StepPlan) -> usize {
        let index = self.steps.len();
        self.emit(WorkflowEvent::StepAdded {
            job: self.job(),
            index,
            step: step.clone(),
        });
        self.status(index, StepStatus::Pending);
        self.steps.push(step);
        index
    }
}
