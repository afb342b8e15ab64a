//! The Jobs pane: our operations as live checklists (newest first), then
//! AWS Backup's own backup, copy and restore jobs, filtered by state with
//! the `jobs_filter` key (the filter in the title).

use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Row, Table, TableState};

use super::fit::{column_widths, fitted_row, note};
use super::{focused, interrupted, pane_block, theme};
use crate::app::jobs::{self, JobsRow};
use crate::app::jobs_filter::JobsFilter;
use crate::app::{Action, Pane, RunView, State};
use crate::domain::plural::count;
use crate::domain::time::human_duration;
use crate::domain::{Job, JobKind, JobStatus};
use crate::workflow::{Outcome, StepStatus};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let active = state.runs.ours.iter().filter(|r| r.is_active()).count();
    let running = state
        .inventory
        .jobs
        .iter()
        .filter(|j| !j.status.is_finished())
        .count();
    let running = format!(
        "{} running · {} running ",
        count(active, "operation"),
        count(running, "AWS job")
    );
    let here = state
        .runs
        .interrupted
        .iter()
        .filter(|r| r.availability.refusal().is_none())
        .count();
    let elsewhere = state.runs.interrupted.len() - here;
    let mut title = " Jobs · ".to_owned();
    if here > 0 {
        title.push_str(&format!("{here} INTERRUPTED · "));
    }
    if elsewhere > 0 {
        title.push_str(&format!("{elsewhere} not resumable here · "));
    }
    title.push_str(&running);
    let filter = state.view.jobs_filter;
    if filter != JobsFilter::All {
        title.push_str(&format!(
            "· AWS jobs: {} only ({}) ",
            filter.label(),
            state.keymap.key(Action::JobsFilter)
        ));
    }
    let height = area.height.saturating_sub(3) as usize;
    let cursor = state.view.jobs_cursor;
    let shown = cursor.visible(jobs::row_count(state), height);
    let widths = column_widths(area.inner(Margin::new(1, 1)), &COLUMNS);
    let rows: Vec<Row> = jobs::rows(state)
        .skip(shown.start)
        .take(shown.len())
        .map(|row| fitted_row(draw_row(row, state), &widths))
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(rows, COLUMNS)
        .header(Row::new(["Status", "What", "Progress", "Time"]).style(theme::header_row()))
        .row_highlight_style(theme::selected())
        .block(pane_block(title, focused(state, Pane::Jobs)));
    let mut ts = TableState::default();
    if focused(state, Pane::Jobs) {
        ts.select(cursor.highlight(&shown));
    }
    frame.render_stateful_widget(table, area, &mut ts);
    if empty {
        let r = Rect::new(area.x + 2, area.y + 2, area.width.saturating_sub(4), 1);
        let msg = if state.inventory.loading {
            "loading jobs…".to_owned()
        } else if filter != JobsFilter::All {
            format!(
                "no operations and no {} AWS Backup jobs · {}: the next filter",
                filter.label(),
                state.keymap.key(Action::JobsFilter)
            )
        } else {
            format!(
                "no operations and no AWS Backup jobs · {}: operations on the selected table",
                state.keymap.key(Action::Operations)
            )
        };
        note(frame, r, &msg);
    }
}

const COLUMNS: [Constraint; 4] = [
    Constraint::Length(12),
    Constraint::Min(20),
    Constraint::Length(17),
    Constraint::Length(12),
];

fn draw_row(row: JobsRow, state: &State) -> Vec<Line<'static>> {
    match row {
        JobsRow::Interrupted { run, line, .. } => interrupted::row(run, line, state),
        JobsRow::Unreadable(journal) => interrupted::unreadable(journal),
        JobsRow::RunHeader(run) => run_header(run, state),
        JobsRow::RunStep {
            index,
            run,
            step: (plan, status),
        } => step_row(index, &plan.title, status, run, state),
        JobsRow::Aws(job) => job_row(job, state),
        JobsRow::Finished(run) => finished_row(run),
    }
}

/// A run of an earlier session that ended, from its journal.
fn finished_row(run: &crate::recovery::FinishedRun) -> Vec<Line<'static>> {
    let (mark, style) = if run.outcome == "completed" {
        ("✔ finished", theme::ok())
    } else {
        ("■ finished", theme::dim())
    };
    let ended = run
        .ended
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    vec![
        Line::from(Span::styled(mark, style)),
        Line::from(format!(
            "job {} · {} · {} · {}",
            run.job, run.label, run.table, run.outcome
        )),
        Line::from(ended),
        Line::from(""),
    ]
}

fn run_header(run: &RunView, state: &State) -> Vec<Line<'static>> {
    let (mark, style) = match &run.outcome {
        None if run.asking => ("? asking".to_owned(), theme::key()),
        None => (
            format!("{} job {}", theme::spinner(state.view.spinner), run.job),
            theme::warn(),
        ),
        Some(Outcome::Completed { .. }) => ("✔ completed".to_owned(), theme::ok()),
        Some(Outcome::Refused { .. } | Outcome::Cancelled { .. }) => {
            ("■ stopped".to_owned(), theme::warn())
        }
        Some(Outcome::Failed { .. }) => ("✘ failed".to_owned(), theme::bad()),
    };
    let mut what = format!("{} · {} · {}", run.label, run.table, run.summary());
    if let Some(left) = run.remaining(state.now) {
        what.push_str(&format!(" · {} left", crate::workflow::rough(left)));
    }
    vec![
        Line::from(Span::styled(mark, style)),
        Line::from(Span::styled(what, theme::title())),
        Line::from(""),
        Line::from(human_duration(run.elapsed(state.now))),
    ]
}

/// A step's time runs on the run's clock, which stops at the run's end; a
/// step still running when its run ended shows as stopped, not spinning.
fn step_row(
    index: usize,
    title: &str,
    status: &StepStatus,
    run: &RunView,
    state: &State,
) -> Vec<Line<'static>> {
    let now = run.clock(state.now);
    let what = format!("  {}. {title}", run.step_number(index));
    let (mark, style, extra, progress, time) = match status {
        StepStatus::Pending => (
            "  · pending".to_owned(),
            theme::dim(),
            None,
            None,
            String::new(),
        ),
        StepStatus::Running {
            started,
            progress,
            detail,
        } => (
            if run.is_active() {
                format!("  {} running", theme::spinner(state.view.spinner))
            } else {
                "  ■ stopped".to_owned()
            },
            theme::warn(),
            detail.clone(),
            *progress,
            human_duration(now - *started),
        ),
        StepStatus::Done { took, detail } => (
            "  ✔ done".to_owned(),
            theme::ok(),
            detail.clone(),
            None,
            human_duration(chrono::Duration::from_std(*took).unwrap_or_default()),
        ),
        StepStatus::Failed { error } => (
            "  ✘ failed".to_owned(),
            theme::bad(),
            Some(error.clone()),
            None,
            String::new(),
        ),
        StepStatus::Skipped { why } => (
            "  – skipped".to_owned(),
            theme::dim(),
            Some(why.clone()),
            None,
            String::new(),
        ),
    };
    let what = match extra {
        Some(d) => format!("{what} · {d}"),
        None => what,
    };
    vec![
        Line::from(Span::styled(mark, style)),
        Line::from(what),
        Line::from(progress.map(|p| gauge(p, 10)).unwrap_or_default()),
        Line::from(time),
    ]
}

fn job_row(j: &Job, state: &State) -> Vec<Line<'static>> {
    let kind = match j.kind {
        JobKind::Backup => "AWS backup",
        JobKind::Copy => "AWS copy",
        JobKind::Restore => "AWS restore",
    };
    let status = match &j.status {
        JobStatus::Completed => Span::styled("✔ done", theme::ok()),
        JobStatus::Failed | JobStatus::Aborted | JobStatus::Expired => {
            Span::styled(format!("✘ {:?}", j.status).to_lowercase(), theme::bad())
        }
        JobStatus::Unknown(s) => Span::raw(s.clone()),
        _ => Span::styled(
            format!("{} running", theme::spinner(state.view.spinner)),
            theme::warn(),
        ),
    };
    // A backup job is named by its table; a restore job by the table it
    // makes, then where from.
    let (target, source) = (
        j.created_resource_arn
            .as_deref()
            .and_then(crate::domain::table_of_arn),
        j.resource_arn
            .as_deref()
            .and_then(crate::domain::table_of_arn),
    );
    let table = match (j.kind, target, source) {
        (JobKind::Restore, Some(target), Some(source)) => format!("{target} from {source}"),
        (JobKind::Restore, Some(target), None) => target.to_owned(),
        (_, _, source) => source.unwrap_or("-").to_owned(),
    };
    // A copy job also says where to (the region when it is another).
    let table = match &j.copy {
        Some(route) => match &route.destination_region {
            Some(region) => format!("{table} → {} ({region})", route.destination_vault),
            None => format!("{table} → {}", route.destination_vault),
        },
        None => table,
    };
    let mut what = format!(
        "{kind} job · {table} · started {} ago",
        human_duration(state.now - j.created_at)
    );
    if let Some(msg) = &j.status_message {
        what.push_str(&format!(" · {msg}"));
    }
    let took = match j.completed_at {
        Some(done) => human_duration(done - j.created_at),
        None => human_duration(state.now - j.created_at),
    };
    vec![
        Line::from(status),
        Line::from(what),
        Line::from(j.percent_done.map(|p| gauge(p, 10)).unwrap_or_default()),
        Line::from(took),
    ]
}

/// `█████░░░░░  42%`: a text gauge that fits in a table cell.
pub fn gauge(percent: f64, width: usize) -> String {
    let p = percent.clamp(0.0, 100.0);
    let filled = ((p / 100.0) * width as f64).round() as usize;
    format!(
        "{}{} {:>3.0}%",
        "█".repeat(filled),
        "░".repeat(width - filled),
        p
    )
}
