//! Wizard page: the recovery period when enabling PITR.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::parts::{frame_box, input_line, next_hint, paragraph};
use crate::app::State;
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
        80,
        8,
        &format!("Enable PITR · {table}"),
        &next_hint(state),
        false,
    );
    let mut lines = vec![Line::from(
        "Recovery period in days (1–35): how far back a restore can go.",
    )];
    lines.extend(input_line("days:", input.value(), error));
    paragraph(frame, inner, lines);
}
