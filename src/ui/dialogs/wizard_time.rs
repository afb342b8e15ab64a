//! Wizard page: the time a PITR restore in place goes back to.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, input_line, next_hint, paragraph};
use crate::app::State;
use crate::domain::time::format_reference;
use crate::ui::theme;
use tui_input::Input;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    table: &str,
    input: &Input,
    error: &Option<String>,
) {
    let inner = frame_box(
        frame,
        area,
        90,
        10,
        &format!("PITR restore in place · {table} · restore to when?"),
        &next_hint(state),
        false,
    );
    let mut lines = Vec::new();
    if let Some(window) = state
        .inventory
        .tables
        .selected()
        .and_then(|r| r.pitr.as_ref())
        .and_then(|p| p.window)
    {
        lines.push(Line::from(format!(
            "Earliest restorable  {} UTC",
            format_reference(window.earliest)
        )));
        lines.push(Line::from(format!(
            "Latest restorable    {} UTC",
            format_reference(window.latest)
        )));
    }
    lines.push(Line::from(Span::styled(
        "Type 'Jan 28 2025 - 09:39:28', '2025-01-28T09:39:28Z' (UTC) or 'latest'.",
        theme::dim(),
    )));
    lines.extend(input_line("restore to:", input.value(), error));
    paragraph(frame, inner, lines);
}
