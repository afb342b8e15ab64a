//! The rows of the Jobs pane, in order: each interrupted run (its header,
//! where the data is now, its steps), the journals that could not be read,
//! each of our runs (its header, its steps), the finished runs of earlier
//! sessions (one line each), then AWS's own jobs (backup, copy and restore;
//! only those `state.view.jobs_filter` admits). The view
//! draws these rows and the reducer moves `state.view.jobs_cursor` over them
//! and finds what is under it, so both count the same rows.

use super::runs::RunView;
use super::state::State;
use crate::domain::Job;
use crate::recovery::{InterruptedRun, InterruptedStep, UnreadableJournal};
use crate::workflow::{StepPlan, StepStatus};

/// One line of the Jobs pane.
#[derive(Debug, Clone, Copy)]
pub enum JobsRow<'a> {
    /// A line of `state.runs.interrupted[index]`.
    Interrupted {
        index: usize,
        run: &'a InterruptedRun,
        line: InterruptedLine<'a>,
    },
    Unreadable(&'a UnreadableJournal),
    RunHeader(&'a RunView),
    /// A run of an earlier session that ended (from its journal).
    Finished(&'a crate::recovery::FinishedRun),
    RunStep {
        run: &'a RunView,
        index: usize,
        step: &'a (StepPlan, StepStatus),
    },
    Aws(&'a Job),
}

/// The lines of an interrupted run.
#[derive(Debug, Clone, Copy)]
pub enum InterruptedLine<'a> {
    Header,
    DataNow,
    Step {
        index: usize,
        step: &'a InterruptedStep,
    },
}

fn interrupted_lines(run: &InterruptedRun) -> impl Iterator<Item = InterruptedLine<'_>> {
    [InterruptedLine::Header, InterruptedLine::DataNow]
        .into_iter()
        .chain(
            run.steps
                .iter()
                .enumerate()
                .map(|(index, step)| InterruptedLine::Step { index, step }),
        )
}

/// Every row of the pane, top to bottom. Lazy: the view takes only the
/// rows it shows.
pub fn rows(state: &State) -> impl Iterator<Item = JobsRow<'_>> {
    let interrupted = state
        .runs
        .interrupted
        .iter()
        .enumerate()
        .flat_map(|(index, run)| {
            interrupted_lines(run).map(move |line| JobsRow::Interrupted { index, run, line })
        });
    let runs = state.runs.ours.iter().flat_map(|run| {
        std::iter::once(JobsRow::RunHeader(run)).chain(
            run.steps
                .iter()
                .enumerate()
                .map(move |(index, step)| JobsRow::RunStep { run, index, step }),
        )
    });
    interrupted
        .chain(
            state
                .runs
                .unreadable_journals
                .iter()
                .map(JobsRow::Unreadable),
        )
        .chain(runs)
        .chain(state.runs.finished.iter().map(JobsRow::Finished))
        .chain(
            state
                .inventory
                .jobs
                .iter()
                .filter(|j| state.view.jobs_filter.admits(j))
                .map(JobsRow::Aws),
        )
}

/// How many rows the pane has.
pub fn row_count(state: &State) -> usize {
    rows(state).count()
}

/// The interrupted run the Jobs cursor is on, by its index in
/// `state.runs.interrupted`.
pub fn interrupted_under_cursor(state: &State) -> Option<usize> {
    match rows(state).nth(state.view.jobs_cursor.selected()) {
        Some(JobsRow::Interrupted { index, .. }) => Some(index),
        _ => None,
    }
}
