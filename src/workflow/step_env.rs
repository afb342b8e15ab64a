//! What a step may use, and nothing more: the backend, the run's context,
//! the ledger, and through methods only, the questions, progress and
//! journal notes of the run and the steps it adds. A step cannot reach the
//! event channel or rewrite the plan except through these.

use super::event::RunContext;
use super::ledger::Ledger;
use super::question::{Answer, Question};
use super::runner::{Outbox, Runner, StepCtx};
use super::step_plans::StepPlan;
use crate::backend::Backend;

/// A step's environment, borrowed from the `Runner` for one step.
pub(super) struct StepEnv<'a> {
    pub(super) backend: &'a dyn Backend,
    pub(super) ctx: &'a RunContext,
    pub(super) ledger: &'a mut Ledger,
    out: &'a Outbox,
    steps: &'a mut Vec<StepPlan>,
}

impl Runner {
    /// The environment of the step about to run.
    pub(super) fn env(&mut self) -> StepEnv<'_> {
        StepEnv {
            backend: self.backend.as_ref(),
            ctx: &self.ctx,
            ledger: &mut self.ledger,
            out: &self.out,
            steps: &mut self.steps,
        }
    }
}

impl StepEnv<'_> {
    /// The same environment acting through `backend` (another region's).
    pub(super) fn with_backend<'b>(&'b mut self, backend: &'b dyn Backend) -> StepEnv<'b> {
        StepEnv {
            backend,
            ctx: self.ctx,
            ledger: self.ledger,
            out: self.out,
            steps: self.steps,
        }
    }

    /// The plan's steps as they are now, to read.
    pub(super) fn steps(&self) -> &[StepPlan] {
        self.steps
    }

    /// Asks and waits; a dropped sender is `Cancel`.
    pub(super) async fn ask(&self, question: Question) -> Answer {
        self.out.ask(question).await
    }

    pub(super) fn progress(&self, step: &StepCtx, progress: Option<f64>, detail: Option<String>) {
        self.out.progress(step, progress, detail);
    }

    /// Journals that AWS accepted a mutating call of the running step.
    pub(super) fn note_accepted(&self, api: &str, resource: &str) {
        self.out.note_accepted(api, resource, self.ledger);
    }

    /// A file next to the journal, named like it with `extension`.
    pub(super) fn beside_journal(&self, extension: &str) -> Option<std::path::PathBuf> {
        self.out.beside_journal(extension)
    }

    /// Tells the UI what a comparison found (its run row and result view).
    pub(super) fn compared(&self, comparison: super::comparison::Comparison) {
        self.out.emit(super::event::WorkflowEvent::Compared {
            job: self.ctx.job,
            comparison: Box::new(comparison),
        });
    }

    /// Adds a step at the end of the plan and tells the UI.
    pub(super) fn add_step(&mut self, step: StepPlan) -> usize {
        self.out.insert_step(self.steps, usize::MAX, step)
    }

    /// Adds a step at `index`, right after the running one or later.
    pub(super) fn insert_step(&mut self, index: usize, step: StepPlan) -> usize {
        self.out.insert_step(self.steps, index, step)
    }
}
