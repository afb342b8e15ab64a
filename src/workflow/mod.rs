//! The workflow engine: each operation as a plan of steps (data the UI shows
//! before anything happens), run over the `Backend` trait with step events,
//! questions for a human, and a cleanup review.
//!
//! How the UI drives it:
//! 1. `plan(&op, now)` → show `Plan::steps` ("read before continuing");
//!    `check(backend, &plan, &ctx)` refuses a doomed run early (optional:
//!    `run` checks again and ends `Outcome::Refused` without a step).
//! 2. spawn `run(backend, plan, ctx, tx)`; fold `WorkflowEvent::Step` and
//!    `StepAdded` into the checklist; answer each `Ask` through its oneshot
//!    (drop it for Cancel); `Finished` carries the `Outcome`.
//! 3. `table_of(&op)` names the table a run works on, so the app can refuse
//!    a second run on the same table.
//!
//! Questions and the answers the engine acts on (anything else, or a
//! dropped sender, is Cancel):
//! - `RemoveDeletionProtection`: `Yes` continues; otherwise the run stops.
//! - `TypeTableName`: `Typed(text)`; wrong text is asked again (with
//!   `mistyped`) up to three times, then the run stops.
//! - `ColdRestore` (before any step, when the plan did not already warn of
//!   a cold source): `Yes` starts; otherwise nothing runs.
//! - `StepFailed`: `Retry` runs the step again (it resumes: nothing started
//!   is started twice); `CleanupReview` stops and reviews; `LeaveAsIs` stops
//!   and deletes nothing.
//! - `CleanupReview`: `Delete(ids)`; each chosen deletable item becomes an
//!   added step. Items marked not deletable are never deleted.
//!
//! A stopped run (a "no", a cancel, a failure) skips the steps after it,
//! turns back on any deletion protection it removed from a table it did not
//! delete, and (unless "leave as is") reviews what it created.

mod action;
mod comparison;
mod estimate;
mod event;
pub mod journal;
mod ledger;
mod lifecycle;
mod operation;
mod plan;
mod preflight;
mod question;
mod resume;
mod run;
mod runner;
mod step_env;
mod step_error;
mod step_plans;
mod steps;
mod wait;

pub use action::{BackupOf, ScratchFrom, StepAction};
pub use comparison::{ComparedKey, Comparison, KEYS_LISTED, kind_word};
pub use estimate::{BACKUP_RESTORE, DataSize, restore_time, step_estimate};
pub use event::{JobId, Outcome, RunContext, RunEvent, RunUpdate, StepStatus, WorkflowEvent};
pub use ledger::{RepairLedger, RunBackup};
pub use lifecycle::{resume, run};
pub use operation::{
    ChosenBackup, DrillSource, NewTableSettings, OpKind, Operation, RegionSource, RepairSource,
    table_of,
};
pub use plan::{
    Plan, drill_scratch, estimate, estimate_for, estimate_with, plan, rough, temporary_name,
};
pub use preflight::{Unmet, check};
pub use question::{
    Answer, CleanupItem, CleanupKind, Question, RepairQuestion, protection_consequence,
};
pub use step_plans::StepPlan;
pub use steps::probe::{Probe, Seen, Touches, look, upper};

#[cfg(test)]
pub(crate) mod tests;
