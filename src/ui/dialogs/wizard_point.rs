//! Wizard page: choose the AWS Backup recovery point to restore.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{choose_hint, cursor_style, frame_box, paragraph};
use crate::app::{OpKind, State};
use crate::domain::StorageClass;
use crate::ui::theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    kind: OpKind,
    table: &str,
    cursor: usize,
) {
    let title = format!("{} · {table} · choose the recovery point", kind.label());
    let inner = frame_box(frame, area, 96, 20, &title, &choose_hint(state), false);
    let mut lines: Vec<Line> = state
        .inventory
        .recovery
        .points_of(table)
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let est = p
                .estimated_restore()
                .to_std()
                .map(|base| {
                    crate::workflow::rough(crate::workflow::restore_time(base, p.size_bytes))
                })
                .unwrap_or_default();
            Line::from(Span::styled(
                format!(
                    " {}  {}  restore {est}",
                    p.created_at.format("%Y-%m-%d %H:%M"),
                    p.storage.label()
                ),
                cursor_style(i == cursor),
            ))
        })
        .collect();
    if state
        .inventory
        .recovery
        .points_of(table)
        .iter()
        .any(|p| p.storage == StorageClass::Cold)
    {
        lines.push(Line::from(Span::styled(
            "⛄ cold storage takes SIGNIFICANTLY longer to restore (~3 h)",
            theme::warn(),
        )));
    }
    paragraph(frame, inner, lines);
}
