use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::{focused, pane_block, theme};
use crate::app::{Pane, State, recovery_table_of_arn};
use crate::domain::time::human_duration;
use crate::domain::{Job, JobKind, JobStatus};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let running = state
        .jobs
        .iter()
        .filter(|j| !j.status.is_finished())
        .count();
    let title = format!(
        " Jobs · {running} running · {} finished ",
        state.jobs.len() - running
    );
    let height = area.height.saturating_sub(3) as usize;
    let cursor = state.jobs_cursor.min(state.jobs.len().saturating_sub(1));
    let offset = cursor.saturating_sub(height.saturating_sub(1));
    let rows: Vec<Row> = state
        .jobs
        .iter()
        .skip(offset)
        .take(height)
        .map(|j| row(j, state))
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Min(12),
            Constraint::Length(18),
            Constraint::Length(12),
            Constraint::Length(8),
        ],
    )
    .header(
        Row::new(["Kind", "Status", "Table", "Progress", "Started", "Took", "Detail"])
            .style(theme::header_row()),
    )
    .row_highlight_style(theme::selected())
    .block(pane_block(title, focused(state, Pane::Jobs)));
    let mut ts = TableState::default();
    if !empty && focused(state, Pane::Jobs) {
        ts.select(Some(cursor - offset));
    }
    frame.render_stateful_widget(table, area, &mut ts);
    if empty {
        let r = Rect::new(area.x + 2, area.y + 2, area.width.saturating_sub(4), 1);
        let msg = if state.loading {
            "loading jobs…"
        } else {
            "no backup or restore jobs"
        };
        frame.render_widget(Span::styled(msg, theme::dim()), r);
    }
}

fn row<'a>(j: &'a Job, state: &State) -> Row<'a> {
    let kind = match j.kind {
        JobKind::Backup => "backup",
        JobKind::Restore => "restore",
    };
    let status = match &j.status {
        JobStatus::Completed => Span::styled("✔ done", theme::ok()),
        JobStatus::Failed | JobStatus::Aborted => {
            Span::styled(format!("✘ {:?}", j.status).to_lowercase(), theme::bad())
        }
        JobStatus::Unknown(s) => Span::raw(s.clone()),
        _ => Span::styled(
            format!("{} running", theme::spinner(state.spinner)),
            theme::warn(),
        ),
    };
    let table = j
        .resource_arn
        .as_deref()
        .and_then(recovery_table_of_arn)
        .unwrap_or("-");
    let progress = match j.percent_done {
        Some(p) => gauge(p, 10),
        None => String::new(),
    };
    let took = match j.completed_at {
        Some(done) => human_duration(done - j.created_at),
        None => human_duration(state.now - j.created_at),
    };
    Row::new(vec![
        Cell::from(kind),
        Cell::from(status),
        Cell::from(table),
        Cell::from(progress),
        Cell::from(format!("{} ago", human_duration(state.now - j.created_at))),
        Cell::from(took),
        Cell::from(j.status_message.clone().unwrap_or_default()),
    ])
}

/// `█████░░░░░░░  42%`: a text gauge that fits in a table cell.
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
