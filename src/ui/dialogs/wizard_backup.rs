//! Wizard page: choose the DynamoDB backup to restore, or to repair from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{choose_hint, cursor_style, frame_box, paragraph};
use crate::app::{OpKind, State};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    kind: OpKind,
    table: &str,
    cursor: usize,
) {
    let title = match kind {
        OpKind::Repair => format!("{} · {table} · choose the backup", kind.label()),
        _ => format!("Restore a DynamoDB backup of {table} · choose the backup"),
    };
    let inner = frame_box(frame, area, 96, 18, &title, &choose_hint(state), false);
    let lines = state
        .inventory
        .recovery
        .backups_of(table)
        .iter()
        .enumerate()
        .map(|(i, b)| {
            Line::from(Span::styled(
                format!(
                    " {}  {:<60} {}",
                    b.created_at.format("%Y-%m-%d %H:%M:%S"),
                    b.name,
                    b.status.label()
                ),
                cursor_style(i == cursor),
            ))
        })
        .collect();
    paragraph(frame, inner, lines);
}
