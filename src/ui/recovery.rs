use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::fit::{column_widths, fit_line, fitted_row, note};
use super::{focused, pane_block, theme};
use crate::app::layout::RECOVERY_PREAMBLE;
use crate::app::{Pane, RecoveryRow, State};
use crate::domain::plural::count;
use crate::domain::time::format_reference;
use crate::domain::{BackupStatus, StorageClass, temp_origin};
use crate::workflow::{BACKUP_RESTORE, restore_time, rough};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(row) = state.inventory.tables.selected() else {
        frame.render_widget(
            pane_block(" Recovery ".into(), focused(state, Pane::Recovery)),
            area,
        );
        return;
    };
    let name = row.name.as_str();
    let (nb, np) = (
        state.inventory.recovery.backups_of(name).len(),
        state.inventory.recovery.points_of(name).len(),
    );
    let title = format!(
        " Recovery · {name} · {} · {} ",
        count(nb, "backup"),
        count(np, "recovery point")
    );
    let block = pane_block(title, focused(state, Pane::Recovery));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [pitr_area, list_area] = Layout::vertical([
        Constraint::Length(RECOVERY_PREAMBLE - 1),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(
            pitr_lines(state, name, pitr_area.width)
                .into_iter()
                .map(|l| fit_line(l, pitr_area.width))
                .collect::<Vec<_>>(),
        ),
        pitr_area,
    );

    let height = list_area.height.saturating_sub(1) as usize;
    let total = state.inventory.recovery.row_count(name);
    let cursor = state.view.recovery_cursor;
    let shown = cursor.visible(total, height);
    let widths = column_widths(list_area, &COLUMNS);
    let rows: Vec<Row> = state
        .inventory
        .recovery
        .rows_of(name)
        .skip(shown.start)
        .take(shown.len())
        .map(|r| fitted_row(recovery_row(r, state), &widths))
        .collect();
    let table = Table::new(rows, COLUMNS)
        .header(
            Row::new(["Kind", "Created UTC", "State", "Est.", "Name"]).style(theme::header_row()),
        )
        .row_highlight_style(theme::selected());
    let mut ts = TableState::default();
    if focused(state, Pane::Recovery) {
        ts.select(cursor.highlight(&shown));
    }
    frame.render_stateful_widget(table, list_area, &mut ts);
    if total == 0 {
        let msg = if !state.inventory.recovery.backups_loaded
            || !state.inventory.recovery.points_loaded
        {
            "loading backups…"
        } else {
            "no backups and no recovery points: this table cannot be restored from a snapshot"
        };
        let r = Rect::new(list_area.x, list_area.y + 1, list_area.width, 1);
        note(frame, r, msg);
    }
}

const COLUMNS: [Constraint; 5] = [
    Constraint::Length(10),
    Constraint::Length(16),
    Constraint::Length(9),
    Constraint::Length(5),
    Constraint::Min(10),
];

fn pitr_lines(state: &State, table: &str, width: u16) -> Vec<Line<'static>> {
    let fmt = |t| {
        if width >= 64 {
            format_reference(t)
        } else {
            t.format("%b %d %H:%M").to_string()
        }
    };
    let row = state.inventory.tables.selected();
    let pitr = row.and_then(|r| r.pitr.as_ref());
    let mut lines = Vec::new();
    match pitr {
        None => lines.push(Line::from(Span::styled("PITR: loading…", theme::dim()))),
        Some(p) if p.enabled => {
            let days = p.recovery_period_days.unwrap_or(35);
            let mut line = vec![Span::styled(format!("PITR {days}d"), theme::ok())];
            if let Some(w) = p.window {
                line.extend([
                    Span::raw(" · "),
                    Span::styled(fmt(w.earliest), theme::key()),
                    Span::raw(" → "),
                    Span::styled(fmt(w.latest), theme::key()),
                    Span::raw(" UTC"),
                ]);
            }
            lines.push(Line::from(line));
        }
        Some(_) => {
            lines.push(Line::from(vec![
                Span::styled("PITR off", theme::bad()),
                Span::styled(
                    format!(" · {table} cannot be restored to a point in time"),
                    theme::dim(),
                ),
            ]));
        }
    }
    lines
}

fn recovery_row<'a>(r: RecoveryRow<'a>, state: &State) -> Vec<Line<'a>> {
    match r {
        RecoveryRow::Backup(b) => {
            let status = match b.status {
                BackupStatus::Available => Span::styled("available", theme::ok()),
                s => Span::styled(s.label().to_lowercase(), theme::warn()),
            };
            let name = match temp_origin(&b.name) {
                Some(_) => Span::styled(format!("{} (leftover)", b.name), theme::warn()),
                None => Span::raw(b.name.as_str()),
            };
            vec![
                Line::from("DynamoDB"),
                Line::from(b.created_at.format("%Y-%m-%d %H:%M").to_string()),
                Line::from(status),
                Line::from(rough(restore_time(BACKUP_RESTORE, b.size_bytes))),
                Line::from(name),
            ]
        }
        RecoveryRow::Point(p) => {
            let storage = match p.storage {
                StorageClass::Warm => Span::styled(p.storage.label(), theme::ok()),
                StorageClass::Cold => Span::styled(p.storage.label(), theme::key()),
                StorageClass::Deleted => Span::styled(p.storage.label(), theme::dim()),
            };
            let est = match (p.storage, p.estimated_restore().to_std()) {
                (StorageClass::Deleted, _) | (_, Err(_)) => "-".to_owned(),
                (_, Ok(base)) => rough(restore_time(base, p.size_bytes)),
            };
            // A point has no name of its own: the plan and rule that made
            // it (or "on demand") name it, the pane's title names the table.
            // When a warm point turns cold comes first: it changes how
            // long a restore from it takes.
            let mut name = String::new();
            if let (StorageClass::Warm, Some(cold)) = (p.storage, p.lifecycle.move_to_cold_at) {
                name.push_str(&format!(
                    "cold in {} · ",
                    crate::domain::time::human_duration(cold - state.now)
                ));
            }
            name.push_str(&crate::app::plans::made_by(state, p));
            vec![
                Line::from("AWS Backup"),
                Line::from(p.created_at.format("%Y-%m-%d %H:%M").to_string()),
                Line::from(storage),
                Line::from(est),
                Line::from(name),
            ]
        }
    }
}
