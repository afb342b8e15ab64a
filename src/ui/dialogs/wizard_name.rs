//! Wizard page: the new table's name for a restore to a new table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::parts::{frame_box, input_line, next_hint, paragraph};
use crate::app::{OpKind, State};
use tui_input::Input;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    kind: OpKind,
    table: &str,
    input: &Input,
    error: &Option<String>,
) {
    let inner = frame_box(
        frame,
        area,
        90,
        9,
        &format!("{} · from {table}", kind.label()),
        &next_hint(state),
        false,
    );
    let mut lines = vec![Line::from(
        "The new table's name: 3–255 of A-Z a-z 0-9 _ . - and no table of that name may exist.",
    )];
    lines.extend(input_line("new table:", input.value(), error));
    paragraph(frame, inner, lines);
}
