//! Interrupted runs in the reducer: shown first in the Jobs pane, each
//! dismissed by the operator once dealt with.

use super::Command;
use super::state::{Pane, State};
use crate::recovery::InterruptedRun;

/// Rows an interrupted run takes in the Jobs pane: its header, where the
/// data is now, then its steps.
pub fn rows_of(run: &InterruptedRun) -> usize {
    2 + run.steps.len()
}

pub fn found(state: &mut State, runs: Vec<InterruptedRun>) {
    if !runs.is_empty() {
        state.flash = Some(format!(
            "{} operation(s) were interrupted: see Jobs for where the data is now (x dismisses)",
            runs.len()
        ));
        state.focus = Pane::Jobs;
        state.jobs_cursor = 0;
    }
    state.interrupted = runs;
}

/// Dismisses the interrupted run under the Jobs cursor.
pub fn dismiss(state: &mut State) -> Vec<Command> {
    if state.focus != Pane::Jobs {
        state.flash = Some("x dismisses an interrupted operation in the Jobs pane".into());
        return Vec::new();
    }
    let mut first = 0;
    let index = state.interrupted.iter().position(|run| {
        let rows = rows_of(run);
        let here = (first..first + rows).contains(&state.jobs_cursor);
        first += rows;
        here
    });
    let Some(index) = index else {
        state.flash = Some("no interrupted operation under the cursor".into());
        return Vec::new();
    };
    let run = state.interrupted.remove(index);
    state.jobs_cursor = state
        .jobs_cursor
        .min(crate::ui::jobs_row_count(state).saturating_sub(1));
    state.flash = Some(format!(
        "dismissed: {} on {} (journal {})",
        run.label,
        run.table,
        run.journal.display()
    ));
    vec![Command::DismissInterrupted {
        journal: run.journal,
    }]
}
