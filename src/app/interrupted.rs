//! Interrupted runs in the reducer: shown first in the Jobs pane, each
//! resumed or dismissed by the operator.

use super::state::{Modal, Pane, State};
use super::{Action, Command, RunView};
use crate::recovery::{Availability, InterruptedRun, JournalScan};
use crate::workflow::journal::StepState;

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

/// The interrupted run under the Jobs cursor, by its index, when `allowed`
/// holds for it; otherwise the footer says why not.
fn under_cursor(
    state: &mut State,
    action: Action,
    allowed: impl Fn(&Availability) -> bool,
) -> Option<usize> {
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
    Some(index)
}

/// Dismisses the interrupted run under the Jobs cursor.
pub fn dismiss(state: &mut State) -> Vec<Command> {
    let Some(index) = under_cursor(state, Action::Dismiss, |a| {
        matches!(a, Availability::Here | Availability::Unrecorded)
    }) else {
        return Vec::new();
    };
    let run = state.runs.interrupted.remove(index);
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

/// Shows what resuming the interrupted run under the Jobs cursor will do;
/// confirming there resumes it (`resume_confirmed`).
pub fn resume(state: &mut State) -> Vec<Command> {
    if let Some(reason) = state.header.read_only_reason() {
        state.view.flash = Some(format!("read-only: {reason}"));
        return Vec::new();
    }
    let Some(index) = under_cursor(state, Action::Resume, |a| *a == Availability::Here) else {
        return Vec::new();
    };
    if let Some(run) = state.runs.interrupted.get(index) {
        state.view.modal = Some(Modal::ConfirmResume {
            journal: run.journal.clone(),
            scroll: super::Scroll::default(),
        });
    }
    Vec::new()
}

/// What resuming `run` does, one row each: where the data is now, then
/// every step with what resume does with it. The dialog draws these rows
/// and scrolls by their count.
pub fn resume_rows(run: &InterruptedRun) -> Vec<(ResumeMark, String)> {
    let mut rows = vec![(ResumeMark::Note, run.data_now.clone())];
    for (i, step) in run.steps.iter().enumerate() {
        let mark = match &step.state {
            StepState::Done { .. } | StepState::Skipped { .. } => ResumeMark::Kept,
            StepState::Started | StepState::Accepted { .. } => ResumeMark::Checked,
            _ => ResumeMark::Runs,
        };
        rows.push((mark, format!("{:>2}. {}", i + 1, step.title)));
    }
    rows
}

/// What resume does with a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeMark {
    /// A line about the run, not a step.
    Note,
    /// Done before the crash: not run again.
    Kept,
    /// Begun when it stopped: AWS is asked first; finished there, it is
    /// kept, else it runs again (a deletion is confirmed again by name).
    Checked,
    /// Not begun: runs, with its questions.
    Runs,
}

/// Resumes the interrupted run whose journal is `journal`, as a new job.
pub fn resume_confirmed(state: &mut State, journal: &std::path::Path) -> Vec<Command> {
    let Some(index) = state
        .runs
        .interrupted
        .iter()
        .position(|r| r.journal == journal)
    else {
        return Vec::new();
    };
    let run = state.runs.interrupted.remove(index);
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
