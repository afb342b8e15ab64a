//! Interrupted runs in the reducer: shown first in the Jobs pane, each
//! resumed or dismissed by the operator.

use super::state::{Pane, State};
use super::{Action, Command, RunView};
use crate::recovery::{Availability, InterruptedRun, JournalScan};

pub fn found(state: &mut State, scan: JournalScan) {
    let runs = scan.runs;
    let here = runs
        .iter()
        .filter(|r| r.availability == Availability::Here)
        .count();
    if here > 0 {
        let were = if here == 1 {
            "1 operation was"
        } else {
            "operations were"
        };
        let count = if here == 1 {
            String::new()
        } else {
            format!("{here} ")
        };
        state.view.flash = Some(format!(
            "{count}{were} interrupted: see Jobs for where the data is now ({} resumes, {} dismisses)",
            state.keymap.key(Action::Resume),
            state.keymap.key(Action::Dismiss)
        ));
    } else if !runs.is_empty() {
        state.view.flash = Some(
            "unfinished operations of other consoles or accounts: see Jobs (not resumable here)"
                .to_owned(),
        );
    }
    if !runs.is_empty() {
        state.view.focus = Pane::Jobs;
        state.view.jobs_cursor.top();
    }
    if let Some(first) = scan.unreadable.first() {
        let more = scan.unreadable.len() - 1;
        let more = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        state.view.flash = Some(format!(
            "unreadable journal {}: {}{more}",
            first.path.display(),
            first.why
        ));
    }
    state.runs.interrupted = runs;
    state.runs.finished = scan.finished;
    state.runs.unreadable_journals = scan.unreadable;
}

/// The interrupted run under the Jobs cursor, taken out of the list when
/// `allowed` holds for it; otherwise the footer says why not.
fn take_under_cursor(
    state: &mut State,
    action: Action,
    allowed: impl Fn(&Availability) -> bool,
) -> Option<InterruptedRun> {
    // `c (resume)`: the key in force, then what it does.
    let verb = format!("{} ({})", state.keymap.key(action), action.name());
    if state.view.focus != Pane::Jobs {
        state.view.flash = Some(format!(
            "{verb} works on an interrupted operation in the Jobs pane"
        ));
        return None;
    }
    let Some(index) = super::jobs::interrupted_under_cursor(state) else {
        state.view.flash = Some("no interrupted operation under the cursor".into());
        return None;
    };
    let availability = &state.runs.interrupted.get(index)?.availability;
    if !allowed(availability) {
        let why = availability
            .refusal()
            .unwrap_or_else(|| "not allowed here".to_owned());
        state.view.flash = Some(format!("{verb} refused: {why}"));
        return None;
    }
    Some(state.runs.interrupted.remove(index))
}

/// Dismisses the interrupted run under the Jobs cursor.
pub fn dismiss(state: &mut State) -> Vec<Command> {
    let Some(run) = take_under_cursor(state, Action::Dismiss, |a| {
        matches!(a, Availability::Here | Availability::Unrecorded)
    }) else {
        return Vec::new();
    };
    state.view.flash = Some(format!(
        "dismissed: {} on {} (journal {})",
        run.label,
        run.table,
        run.journal.display()
    ));
    vec![Command::DismissInterrupted {
        journal: run.journal,
    }]
}

/// Resumes the interrupted run under the Jobs cursor as a new job.
pub fn resume(state: &mut State) -> Vec<Command> {
    if let Some(reason) = state.header.read_only_reason() {
        state.view.flash = Some(format!("read-only: {reason}"));
        return Vec::new();
    }
    let Some(run) = take_under_cursor(state, Action::Resume, |a| *a == Availability::Here) else {
        return Vec::new();
    };
    let job = state.runs.next_job;
    state.runs.next_job += 1;
    state
        .runs
        .ours
        .insert(0, RunView::new(job, &run.plan, state.now));
    state.view.jobs_cursor.top();
    state.view.flash = Some(format!(
        "resuming {} on {} as job {job}",
        run.label, run.table
    ));
    vec![Command::ResumeRun {
        job,
        journal: run.journal,
    }]
}
