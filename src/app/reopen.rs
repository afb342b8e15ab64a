//! Reopening a finished run's cleanup review: on a finished run in Jobs
//! (this session's, or one found in its journal at start-up) the reducer
//! asks the engine to read the run's journal; the engine answers with the
//! plan of the review (`Event::ReviewReady`) or says why not, and the
//! review then runs as its own job, journaled and audited like the first.

use super::jobs::JobsRow;
use super::refusal::refusal;
use super::runs::RunView;
use super::state::{Pane, State};
use super::{Command, ReviewOf};
use crate::workflow::Plan;

/// The key on the Jobs pane: the finished run under the cursor, if any.
pub fn request(state: &mut State) -> Vec<Command> {
    let row = if state.view.focus == Pane::Jobs {
        super::jobs::rows(state).nth(state.view.jobs_cursor.selected())
    } else {
        None
    };
    let of = match row {
        Some(JobsRow::Finished(run)) => ReviewOf::Journal(run.journal.clone()),
        Some(JobsRow::RunHeader(run) | JobsRow::RunStep { run, .. }) if run.outcome.is_some() => {
            ReviewOf::Run {
                stamp: run.stamp,
                table: run.table.clone(),
                job: run.job,
            }
        }
        Some(JobsRow::RunHeader(_) | JobsRow::RunStep { .. }) => {
            state.view.flash =
                Some("this run has not finished: its review comes at its end".into());
            return Vec::new();
        }
        _ => {
            state.view.flash = Some("select a finished run in the Jobs pane".into());
            return Vec::new();
        }
    };
    state.view.flash = Some("reading the run's journal…".into());
    vec![Command::ReopenReview { of }]
}

/// The engine read the journal: the review runs as a new job, unless the
/// refusal rules say no now.
pub fn ready(state: &mut State, plan: Plan) -> Vec<Command> {
    let table = crate::workflow::table_of(&plan.operation).clone();
    if let Some(why) = refusal(state, table.as_str(), plan.operation.kind()) {
        state.view.flash = Some(format!("refused: {why}"));
        return Vec::new();
    }
    let job = state.runs.next_job;
    state.runs.next_job += 1;
    state
        .runs
        .ours
        .insert(0, RunView::new(job, &plan, state.now));
    state.view.focus = Pane::Jobs;
    state.view.jobs_cursor.top();
    state.view.flash = None;
    vec![Command::StartRun { job, plan }]
}
