//! The Backups view: every backup and recovery point of the account over
//! the panes, newest first, with its table (marked gone), kind, name or id,
//! creation time, size, vault, and whether a run of ours left it. Draws
//! only the rows the view's cursor says are visible.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Row, Table, TableState};

use super::fit::{column_widths, fitted_row, note};
use super::theme;
use crate::app::backups::{self, BackupsView, Copy, CopyRow};
use crate::app::{DialogAction, State};
use crate::domain::plural::count;
use crate::domain::time::human_bytes;
use crate::domain::{StorageClass, TempKind};

const COLUMNS: [Constraint; 7] = [
    Constraint::Fill(3),
    Constraint::Length(11),
    Constraint::Fill(3),
    Constraint::Length(16),
    Constraint::Length(8),
    Constraint::Fill(1),
    Constraint::Length(8),
];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &BackupsView) {
    let [_, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let rows = backups::rows(state);
    let gone = rows.iter().filter(|r| r.gone).count();
    let leftovers = rows.iter().filter(|r| r.leftover.is_some()).count();
    let title = format!(
        " Backups · {} {} · {} of a table that is gone · {} ",
        crate::domain::time::full_count(rows.len() as u64),
        if rows.len() == 1 { "copy" } else { "copies" },
        gone,
        count(leftovers, "leftover")
    );
    let k = |a| state.keymap.dialog_key(a);
    let hints = format!(
        " {}{} move · {} details · {} restore · {} delete · {} back ",
        k(DialogAction::Up),
        k(DialogAction::Down),
        k(DialogAction::Details),
        k(DialogAction::Restore),
        k(DialogAction::DeleteCopy),
        k(DialogAction::Cancel),
    );
    let block = Block::bordered()
        .border_style(theme::focused_border())
        .title(Span::styled(title, theme::title()))
        .title_bottom(Span::styled(hints, theme::dim()));
    frame.render_widget(Clear, body);
    // The main view's key hints do not apply here: the footer keeps only
    // what the console says (a run started, a refusal).
    frame.render_widget(Clear, footer);
    if let Some(msg) = &state.view.flash {
        let line = Line::from(Span::styled(format!(" {msg} "), theme::warn()));
        frame.render_widget(super::fit::fit_line(line, footer.width), footer);
    }
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let height = backups::list_height(state.view.size);
    let shown = view.cursor.visible(rows.len(), height);
    let widths = column_widths(inner, &COLUMNS);
    let vault = state.inventory.recovery.vault.as_deref().unwrap_or("");
    let lines: Vec<Row> = rows
        .get(shown.clone())
        .unwrap_or(&[])
        .iter()
        .map(|r| fitted_row(cells(r, vault), &widths))
        .collect();
    let table = Table::new(lines, COLUMNS)
        .header(
            Row::new([
                "Table",
                "Kind",
                "Name or id",
                "Created UTC",
                "Size",
                "Vault",
                "Ours",
            ])
            .style(theme::header_row()),
        )
        .row_highlight_style(theme::selected());
    let mut ts = TableState::default();
    ts.select(view.cursor.highlight(&shown));
    frame.render_stateful_widget(table, inner, &mut ts);
    if rows.is_empty() {
        let msg = if state.inventory.recovery.settled() {
            "no backups and no recovery points in this account"
        } else {
            "loading backups…"
        };
        let r = Rect::new(inner.x, inner.y + 1, inner.width, 1);
        note(frame, r, msg);
    }
}

fn cells<'a>(r: &CopyRow<'a>, vault: &'a str) -> Vec<Line<'a>> {
    let table = if r.gone {
        Line::from(vec![
            Span::raw(r.copy.table()),
            Span::styled(" (gone)", theme::bad()),
        ])
    } else {
        Line::from(r.copy.table())
    };
    let (kind, vault) = match r.copy {
        Copy::Backup(_) => (Span::raw("backup"), ""),
        Copy::Point(p) => match p.storage {
            StorageClass::Warm => (Span::styled("point warm", theme::ok()), vault),
            StorageClass::Cold => (Span::styled("point cold", theme::key()), vault),
            StorageClass::Deleted => (Span::styled("point gone", theme::dim()), vault),
        },
    };
    let ours = match r.leftover {
        Some(TempKind::Orig) => Span::styled("--orig", theme::warn()),
        Some(TempKind::Dupe) => Span::styled("--dupe", theme::warn()),
        Some(TempKind::PreRepair) => Span::styled("--prerepair", theme::warn()),
        Some(TempKind::Repair) => Span::styled("--repair", theme::warn()),
        Some(TempKind::Drill) => Span::styled("--drill", theme::warn()),
        None => Span::raw(""),
    };
    vec![
        table,
        Line::from(kind),
        Line::from(r.copy.name()),
        Line::from(r.copy.created_at().format("%Y-%m-%d %H:%M").to_string()),
        Line::from(r.copy.size_bytes().map(human_bytes).unwrap_or_default()),
        Line::from(vault),
        Line::from(ours),
    ]
}
