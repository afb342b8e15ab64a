use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::fit::{column_widths, fit_line, fitted_row, note};
use super::{focused, pane_block, theme};
use crate::app::layout::RECOVERY_PREAMBLE;
use crate::app::{Pane, PaneRow, RecoveryRow, State};
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
    let recovery = &state.inventory.recovery;
    let (nx, nc) = (
        recovery.exports_of(name).len(),
        recovery.dr_copies_of(name).len(),
    );
    let mut title = format!(
        " Recovery · {name} · {} · {}",
        count(nb, "backup"),
        count(np, "recovery point")
    );
    // Exports and copies elsewhere only when there are some: the title
    // stays short for the tables that have none.
    if nx > 0 {
        title.push_str(&format!(" · {}", count(nx, "export")));
    }
    if nc > 0 {
        let copies = if nc == 1 {
            "1 DR copy".to_owned()
        } else {
            format!("{nc} DR copies")
        };
        title.push_str(&format!(" · {copies}"));
    }
    title.push(' ');
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
    let total = state.inventory.recovery.pane_row_count(name);
    let cursor = state.view.recovery_cursor;
    let shown = cursor.visible(total, height);
    let widths = column_widths(list_area, &COLUMNS);
    let rows: Vec<Row> = state
        .inventory
        .recovery
        .pane_rows(name)
        .skip(shown.start)
        .take(shown.len())
        .map(|r| fitted_row(pane_row(r, state), &widths))
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

fn pane_row<'a>(r: PaneRow<'a>, state: &State) -> Vec<Line<'a>> {
    match r {
        PaneRow::Copy(c) => recovery_row(c, state),
        PaneRow::Export(x) => export_row(x, state),
        PaneRow::DrCopy(p) => dr_copy_row(p, state),
    }
}

/// An export to S3: when, full or incremental, size, items, status, where
/// (an export is not restored by the console: imported, operation 14).
fn export_row<'a>(x: &'a crate::domain::Export, state: &State) -> Vec<Line<'a>> {
    use crate::domain::ExportStatus;
    let status = match x.status {
        ExportStatus::Completed => Span::styled("completed", theme::ok()),
        ExportStatus::InProgress => Span::styled("exporting", theme::key()),
        ExportStatus::Failed => Span::styled("failed", theme::bad()),
    };
    let when = x.started_at.or(x.kind.map(|k| k.as_of())).map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    );
    // Where first: it is what an import (operation 14) is given.
    let mut name = vec![
        x.kind.map_or("?", |k| k.label()).to_owned(),
        crate::app::sources::export_where(x),
    ];
    if let Some(b) = x.bytes {
        name.push(crate::domain::time::human_bytes(b));
    }
    if let Some(n) = x.items {
        name.push(count(usize::try_from(n).unwrap_or(usize::MAX), "item"));
    }
    if state.inventory.recovery.exports.partial.is_some() {
        name.push("(list partial)".to_owned());
    }
    vec![
        Line::from("export"),
        Line::from(when),
        Line::from(status),
        Line::from("-"),
        Line::from(name.join(" · ")),
    ]
}

/// A copy in the DR vault: its region first, as it is restored there
/// (operation 16).
fn dr_copy_row<'a>(p: &'a crate::domain::RecoveryPoint, state: &State) -> Vec<Line<'a>> {
    let recovery = &state.inventory.recovery;
    let status = match p.status {
        crate::domain::RecoveryPointStatus::Completed => Span::styled("completed", theme::ok()),
        s => Span::styled(format!("{s:?}").to_lowercase(), theme::warn()),
    };
    let est = match p.estimated_restore().to_std() {
        Ok(base) => rough(restore_time(base, p.size_bytes)),
        Err(_) => "-".to_owned(),
    };
    let mut name = vec![recovery.dr_region().unwrap_or_default()];
    if let Some(v) = recovery.dr_vault_arn() {
        name.push(format!("vault {}", v.name));
    }
    if let Some(b) = p.size_bytes {
        name.push(crate::domain::time::human_bytes(b));
    }
    vec![
        Line::from("copy"),
        Line::from(p.created_at.format("%Y-%m-%d %H:%M").to_string()),
        Line::from(status),
        Line::from(est),
        Line::from(name.join(" · ")),
    ]
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
