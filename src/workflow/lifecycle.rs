//! How every run begins and ends, whether it starts from a plan or resumes
//! from a journal: one set-up (the `Runner`, then its journal: created for a
//! new run, taken over for a resumed one; a journal that cannot be had
//! refuses the run before any step), one guard (a panic fails the step it
//! was in and ends the run), one ending (the outcome journaled, `Finished`
//! sent).

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;

use super::event::{Outcome, RunContext, StepStatus, WorkflowEvent};
use super::journal::{Journal, JournalFile, OpenError, Record, file_name};
use super::ledger::Ledger;
use super::operation::table_of;
use super::plan::Plan;
use super::runner::{Halt, Runner};
use super::step_error::StepError;
use crate::backend::{Backend, Scope};

/// Runs `plan` to its end and reports `Finished` with the outcome.
pub async fn run(
    backend: Arc<dyn Backend>,
    plan: Plan,
    ctx: RunContext,
    events: UnboundedSender<WorkflowEvent>,
) -> Outcome {
    let journal = open_journal(&plan, &ctx);
    let runner = Runner::new(
        backend,
        ctx,
        events,
        plan.steps.clone(),
        first_ledger(&plan),
    );
    drive(runner, journal, "not started", Start::Plan(&plan)).await
}

/// Goes on with the run `file` journals, as job `ctx.job`; reports the
/// steps' statuses (finished ones first), then runs the rest.
pub async fn resume(
    backend: Arc<dyn Backend>,
    file: JournalFile,
    ctx: RunContext,
    events: UnboundedSender<WorkflowEvent>,
) -> Outcome {
    let journal = reopen(&file, backend.as_ref(), &ctx).await.map(Some);
    let steps = file.steps().into_iter().map(|(plan, _)| plan).collect();
    let runner = Runner::new(backend, ctx, events, steps, file.ledger());
    drive(runner, journal, "not resumed", Start::Resume(&file)).await
}

/// Why a run cannot have its journal, so it does not start or resume; the
/// `Display` is the reason the operator reads in `Outcome::Refused`.
#[derive(Debug, thiserror::Error)]
pub(super) enum JournalRefusal {
    #[error(
        "cannot tell which account and region this run would act on, so it cannot be journaled"
    )]
    NoScope,
    #[error("cannot write the journal in {}: {error}", .dir.display())]
    NotCreated {
        dir: std::path::PathBuf,
        error: OpenError,
    },
    #[error("the journal has no plan")]
    NoPlan,
    #[error("the run already ended")]
    Ended,
    #[error("the journal does not say which account it ran against (an older version wrote it)")]
    NoScopeJournaled,
    /// `Scope::of`'s reason: the account this console is on cannot be told.
    #[error("{0}")]
    NoAccountHere(String),
    #[error("it ran against {started}, and this console is on {here}: switch there to resume it")]
    OtherScope {
        started: Box<Scope>,
        here: Box<Scope>,
    },
    #[error("another console is running it")]
    Busy,
    #[error("cannot write the journal: {0}")]
    NotReopened(std::io::Error),
}

/// Where a run's steps begin.
enum Start<'a> {
    Plan(&'a Plan),
    Resume(&'a JournalFile),
}

/// Attaches the journal (or refuses the run, every step skipped with
/// `refused: reason`), runs, catches a panic, and ends the run.
async fn drive(
    mut runner: Runner,
    journal: Result<Option<Journal>, JournalRefusal>,
    refused: &str,
    start: Start<'_>,
) -> Outcome {
    let outcome = match journal {
        Ok(journal) => {
            runner.attach(journal);
            let body = async {
                match start {
                    Start::Plan(plan) => runner.run(plan).await,
                    Start::Resume(file) => runner.resume(file).await,
                }
            };
            let ran = AssertUnwindSafe(body).catch_unwind().await;
            ran.unwrap_or_else(|panic| runner.after_panic(panic.as_ref()))
        }
        Err(reason) => {
            let reason = reason.to_string();
            runner.skip_from(0, &format!("{refused}: {reason}"));
            Outcome::Refused { reason }
        }
    };
    runner.finish(outcome)
}

/// Creates the run's journal and writes its plan; a journal that cannot be
/// written refuses the run (nothing may happen that is not journaled).
fn open_journal(plan: &Plan, ctx: &RunContext) -> Result<Option<Journal>, JournalRefusal> {
    let Some(dir) = &ctx.journal_dir else {
        return Ok(None);
    };
    let Some(scope) = &ctx.scope else {
        return Err(JournalRefusal::NoScope);
    };
    let name = file_name(plan.stamp, table_of(&plan.operation).as_str(), ctx.job);
    let started = Record::Started {
        job: ctx.job,
        plan: plan.clone(),
        scope: Some(scope.clone()),
    };
    Journal::create(dir, &name, started)
        .map(Some)
        .map_err(|error| JournalRefusal::NotCreated {
            dir: dir.clone(),
            error,
        })
}

/// Takes the journal over, after checking again, against the account as it
/// answers now, that the run started here: same backend, account, region
/// and endpoint. A journal another console holds is refused.
async fn reopen(
    file: &JournalFile,
    backend: &dyn Backend,
    ctx: &RunContext,
) -> Result<Journal, JournalRefusal> {
    if file.plan().is_none() {
        return Err(JournalRefusal::NoPlan);
    }
    if file.finished() {
        return Err(JournalRefusal::Ended);
    }
    let Some(started) = file.scope() else {
        return Err(JournalRefusal::NoScopeJournaled);
    };
    let here = Scope::of(backend)
        .await
        .map_err(JournalRefusal::NoAccountHere)?;
    if *started != here || ctx.scope.as_ref().is_some_and(|s| s != started) {
        return Err(JournalRefusal::OtherScope {
            started: Box::new(started.clone()),
            here: Box::new(here),
        });
    }
    Journal::open(&file.path).map_err(|e| match e {
        OpenError::Busy => JournalRefusal::Busy,
        OpenError::Io(e) => JournalRefusal::NotReopened(e),
    })
}

impl Runner {
    /// A bug stopped the run mid-step: the step is failed, in the journal
    /// and on screen, and the run ends with that failure (the operator
    /// reviews the account; nothing more is sent).
    fn after_panic(&mut self, panic: &(dyn std::any::Any + Send)) -> Outcome {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        let error = StepError::Panicked { what };
        tracing::error!(job = self.job(), "{error}");
        let error_text = error.to_string();
        let step = self.out.current_step.take().unwrap_or(0);
        let result = Err(Halt::Failed(error));
        self.note_result(step, &result);
        self.status(
            step,
            StepStatus::Failed {
                error: error_text.clone(),
            },
        );
        self.skip_from(step + 1, "not run: the run stopped on an internal error");
        Outcome::Failed {
            step,
            error: error_text,
            remaining: self.ledger.created_names(),
        }
    }
}

/// What a new run knows before its first step: nothing, except a reopened
/// cleanup review, which starts from what its finished run created.
fn first_ledger(plan: &Plan) -> Ledger {
    match &plan.operation {
        crate::workflow::Operation::ReviewLeftovers {
            duplicate_table,
            duplicate_source,
            backups,
            verified_equal,
            ..
        } => Ledger {
            duplicate_table: duplicate_table.clone(),
            duplicate_source: duplicate_source.clone(),
            backups: backups.clone(),
            verified_equal: *verified_equal,
            ..Ledger::default()
        },
        _ => Ledger::default(),
    }
}
