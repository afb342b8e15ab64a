//! Interrupted runs at the top of the Jobs pane: what the journal says of
//! each step, what the account says now, and where the data is, in bold.
//! Each row is its cells' lines; the pane fits them to its columns.

use ratatui::text::{Line, Span};

use super::theme;
use crate::app::jobs::InterruptedLine;
use crate::app::{Action, State};
use crate::domain::time::human_duration;
use crate::recovery::{Availability, InterruptedRun, InterruptedStep, UnreadableJournal};
use crate::workflow::journal::StepState;

/// A line of an interrupted run.
pub fn row(run: &InterruptedRun, line: InterruptedLine, state: &State) -> Vec<Line<'static>> {
    match line {
        InterruptedLine::Header => header(run, state),
        InterruptedLine::DataNow => data_now(run),
        InterruptedLine::Step { index, step } => {
            step_row(index, step, run.availability == Availability::OtherConsole)
        }
    }
}

pub fn unreadable(journal: &UnreadableJournal) -> Vec<Line<'static>> {
    vec![
        Line::from(Span::styled("⚠ unreadable", theme::bad())),
        Line::from(format!(
            "journal {}: {} · not resumable; read it, then move it away",
            journal.path.display(),
            journal.why
        )),
    ]
}

fn header(run: &InterruptedRun, state: &State) -> Vec<Line<'static>> {
    // A live run elsewhere has not stopped: its journal was written then.
    let verb = match run.availability {
        Availability::OtherConsole => "last record",
        _ => "stopped",
    };
    let stopped = run
        .stopped
        .map(|at| format!(" · {verb} {} ago", human_duration(state.now - at)))
        .unwrap_or_default();
    let cut = if run.cut_tail {
        " · journal cut mid-record"
    } else {
        ""
    };
    // A stopped run's time is how long it ran: it ends at its last record.
    // A run live in another console goes on.
    let ran_until = match (&run.availability, run.stopped) {
        (Availability::OtherConsole, _) | (_, None) => state.now,
        (_, Some(at)) => at,
    };
    // What the operator may do comes first, so a narrow pane keeps it.
    let key = |action: Action| format!("{}: {} · ", state.keymap.key(action), action.name());
    let (mark, keys, whose) = match &run.availability {
        Availability::Here => (
            "⚠ crashed",
            key(Action::Resume) + &key(Action::Dismiss),
            "INTERRUPTED",
        ),
        Availability::OtherConsole => ("▶ running", String::new(), "RUNNING IN ANOTHER CONSOLE"),
        Availability::Elsewhere(_) => ("⚠ elsewhere", String::new(), "INTERRUPTED ELSEWHERE"),
        Availability::Unrecorded => (
            "⚠ crashed",
            key(Action::Dismiss),
            "INTERRUPTED (older version)",
        ),
    };
    let what = format!(
        "{keys}{whose} · {} · {} · job {}{stopped}{cut}",
        run.label, run.table, run.job
    );
    vec![
        Line::from(Span::styled(mark, theme::bad())),
        Line::from(Span::styled(what, theme::title())),
        Line::from(""),
        Line::from(human_duration(ran_until - run.started)),
    ]
}

fn data_now(run: &InterruptedRun) -> Vec<Line<'static>> {
    vec![
        Line::from(""),
        Line::from(Span::styled(run.data_now.clone(), theme::warn())),
    ]
}

/// `live`: the run goes on in another console, so a step with no result
/// yet is running there, not in doubt.
fn step_row(index: usize, step: &InterruptedStep, live: bool) -> Vec<Line<'static>> {
    let (mark, style, note) = match &step.state {
        StepState::NotStarted if live => ("  · pending", theme::dim(), None),
        StepState::NotStarted => ("  · not run", theme::dim(), None),
        StepState::Started | StepState::Accepted { .. } if live => (
            "  ▶ running",
            theme::warn(),
            Some("in the other console".to_owned()),
        ),
        StepState::Started => (
            "  ? unsure",
            theme::warn(),
            Some("no result recorded".to_owned()),
        ),
        StepState::Accepted { api, .. } => (
            "  ? unsure",
            theme::warn(),
            Some(format!("{api} accepted, not finished")),
        ),
        StepState::Done { detail } => ("  ✔ done", theme::ok(), detail.clone()),
        StepState::Skipped { why } => ("  – skipped", theme::dim(), Some(why.clone())),
        StepState::Cancelled { why } => ("  ■ stopped", theme::warn(), Some(why.clone())),
        StepState::Failed { error } => ("  ✘ failed", theme::bad(), Some(error.clone())),
    };
    let mut what = format!("  {}. {}", index + 1, step.title);
    if let Some(note) = note {
        what.push_str(&format!(" · {note}"));
    }
    if let Some(aws) = &step.aws_now {
        what.push_str(&format!(" · AWS now: {aws}"));
    }
    vec![Line::from(Span::styled(mark, style)), Line::from(what)]
}
