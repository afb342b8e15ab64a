//! The workflow engine: each operation as a plan of steps (data the UI shows
//! before anything happens), run over the `Backend` trait with step events,
//! questions for a human, and a cleanup review.
//!
//! How the UI drives it:
//! 1. `plan(&op, now)` → show `Plan::steps` ("read before continuing");
//! 2. spawn `run(backend, plan, ctx, tx)`; fold `WorkflowEvent::Step` and
//!    `StepAdded` into the checklist; answer each `Ask` through its oneshot
//!    (drop it for Cancel); `Finished` carries the `Outcome`.
//! 3. `table_of(&op)` names the table a run works on, so the app can refuse
//!    a second run on the same table.

mod action;
mod cleanup;
mod engine;
mod event;
mod ledger;
mod operation;
mod plan;
mod preflight;
mod question;
mod run;
mod step_plans;
mod steps;
mod wait;

pub use action::{BackupOf, StepAction};
pub use event::{JobId, Outcome, RunContext, StepStatus, WorkflowEvent};
pub use operation::{Operation, table_of};
pub use plan::{Plan, StepPlan, plan, temporary_name};
pub use preflight::check;
pub use question::{Answer, CleanupItem, CleanupKind, Question};
pub use run::run;

#[cfg(test)]
mod tests;
