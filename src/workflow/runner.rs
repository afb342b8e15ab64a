//! The state of one run and how it talks to the UI and the journal: step
//! statuses and questions go out on the event channel, answers come back on
//! oneshots, records go to the journal.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc::UnboundedSender, oneshot};

use super::event::{JobId, Outcome, RunContext, StepStatus, WorkflowEvent};
use super::journal::{Journal, Record};
use super::ledger::Ledger;
use super::question::{Answer, Question};
use super::step_error::StepError;
use super::step_plans::StepPlan;
use crate::backend::{Backend, BackendError};

/// Why a step did not finish.
#[derive(Debug)]
pub enum Halt {
    Failed(StepError),
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

impl From<StepError> for Halt {
    fn from(error: StepError) -> Self {
        Self::Failed(error)
    }
}

/// A failed AWS call, as the step reports it.
pub fn failed(api: &'static str) -> impl Fn(BackendError) -> Halt {
    move |error| Halt::Failed(StepError::Aws { api, error })
}

/// The step being run, for progress events.
#[derive(Debug, Clone, Copy)]
pub struct StepCtx {
    pub index: usize,
    pub started: DateTime<Utc>,
    pub clock: Instant,
}

/// One run as it goes: its steps, what it created so far (the ledger), and
/// what it sends out (`Outbox`). Built only by `Runner::new` and ended only
/// by `Runner::finish` (both called from `lifecycle.rs`); a step sees it
/// only through the narrower `StepEnv` (`step_env.rs`).
pub(super) struct Runner {
    pub(super) backend: Arc<dyn Backend>,
    pub(super) ctx: RunContext,
    pub(super) steps: Vec<StepPlan>,
    pub(super) ledger: Ledger,
    pub(super) out: Outbox,
}

/// What a run sends out: events to the UI, records to the journal, and the
/// questions whose answers come back on oneshots.
pub(super) struct Outbox {
    job: JobId,
    events: UnboundedSender<WorkflowEvent>,
    /// Where intents and results go before and after each step; `None`
    /// until the journal is open (and for runs without one, in tests).
    journal: Option<Journal>,
    /// The step running now, for the answers and calls it journals.
    pub(super) current_step: Option<usize>,
}

impl Runner {
    /// The one way a run is set up: `steps` and `ledger` from a fresh plan
    /// or from the journal of a run being resumed; no journal yet.
    pub(super) fn new(
        backend: Arc<dyn Backend>,
        ctx: RunContext,
        events: UnboundedSender<WorkflowEvent>,
        steps: Vec<StepPlan>,
        ledger: Ledger,
    ) -> Self {
        let out = Outbox {
            job: ctx.job,
            events,
            journal: None,
            current_step: None,
        };
        Self {
            backend,
            ctx,
            steps,
            ledger,
            out,
        }
    }

    /// From now on every record goes to `journal`.
    pub(super) fn attach(&mut self, journal: Option<Journal>) {
        self.out.journal = journal;
    }

    /// The one way a run ends: its outcome journaled (a run refused before
    /// it had a journal writes nothing), then `Finished` to the UI.
    pub(super) fn finish(self, outcome: Outcome) -> Outcome {
        self.note(Record::Outcome {
            outcome: outcome.clone(),
        });
        self.out.emit(WorkflowEvent::Finished {
            job: self.job(),
            outcome: outcome.clone(),
        });
        outcome
    }

    pub(super) fn job(&self) -> JobId {
        self.ctx.job
    }

    pub(super) fn status(&self, index: usize, status: StepStatus) {
        self.out.status(index, status);
    }

    pub(super) fn progress(&self, step: &StepCtx, progress: Option<f64>, detail: Option<String>) {
        self.out.progress(step, progress, detail);
    }

    pub(super) async fn ask(&self, question: Question) -> Answer {
        self.out.ask(question).await
    }

    /// Adds a step at the end of the plan and tells the UI.
    pub(super) fn add_step(&mut self, step: StepPlan) -> usize {
        self.out.insert_step(&mut self.steps, usize::MAX, step)
    }

    pub(super) fn note(&self, record: Record) {
        self.out.note(record);
    }

    /// Journals a step's intent; no call is made unless it is on disk.
    pub(super) fn note_intent(&self, index: usize) -> Result<(), Halt> {
        let (Some(journal), Some(step)) = (&self.out.journal, self.steps.get(index)) else {
            return Ok(());
        };
        journal
            .append(Record::Intent {
                step: index,
                title: step.title.clone(),
                action: step.action.clone(),
                creates: step.creates.clone(),
                deletes: step.deletes.clone(),
            })
            .map_err(|error| {
                Halt::Failed(StepError::JournalUnwritable {
                    path: journal.path().to_owned(),
                    error,
                })
            })
    }
}

impl Outbox {
    /// A closed channel only means nobody watches; the run goes on.
    pub(super) fn emit(&self, event: WorkflowEvent) {
        let _ = self.events.send(event);
    }

    pub(super) fn status(&self, index: usize, status: StepStatus) {
        self.emit(WorkflowEvent::Step {
            job: self.job,
            index,
            status,
        });
    }

    pub(super) fn progress(&self, step: &StepCtx, progress: Option<f64>, detail: Option<String>) {
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
    pub(super) async fn ask(&self, question: Question) -> Answer {
        let (reply, answer) = oneshot::channel();
        let question_copy = question.clone();
        self.emit(WorkflowEvent::Ask {
            job: self.job,
            question,
            reply,
        });
        let answer = answer.await.unwrap_or(Answer::Cancel);
        self.note(Record::Answer {
            step: self.current_step,
            question: question_copy,
            answer: answer.clone(),
        });
        answer
    }

    /// Adds `step` to `steps` at `index` (steps from there on move down
    /// one; past the end: last) and tells the UI. Only ever after the
    /// running step, so nothing journaled about an earlier step changes its
    /// index.
    pub(super) fn insert_step(
        &self,
        steps: &mut Vec<StepPlan>,
        index: usize,
        step: StepPlan,
    ) -> usize {
        let index = index.min(steps.len());
        self.emit(WorkflowEvent::StepAdded {
            job: self.job,
            index,
            step: Box::new(step.clone()),
        });
        self.note(Record::StepAdded {
            step: index,
            plan: step.clone(),
        });
        self.status(index, StepStatus::Pending);
        steps.insert(index, step);
        index
    }

    /// Journals a record. One that cannot be written is logged here, and
    /// the journal refuses every later record: the next step's intent fails,
    /// so no further call is sent with a journal that misses one.
    pub(super) fn note(&self, record: Record) {
        if let Some(journal) = &self.journal
            && let Err(e) = journal.append(record)
        {
            tracing::error!(path = %journal.path().display(), "cannot write the journal: {e}");
        }
    }

    /// A file next to the journal, named like it with `extension`.
    pub(super) fn beside_journal(&self, extension: &str) -> Option<std::path::PathBuf> {
        self.journal
            .as_ref()
            .map(|j| j.path().with_extension(extension))
    }

    /// Journals that AWS accepted a mutating call of the running step, with
    /// the ledger as it is now.
    pub(super) fn note_accepted(&self, api: &str, resource: &str, ledger: &Ledger) {
        if let Some(step) = self.current_step {
            self.note(Record::Accepted {
                step,
                api: api.to_owned(),
                resource: resource.to_owned(),
                ledger: ledger.clone(),
            });
        }
    }
}
