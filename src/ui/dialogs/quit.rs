//! Quitting while operations run.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::parts::{frame_box, key, paragraph};
use crate::app::DialogAction::Yes;
use crate::app::State;
use crate::domain::plural::count;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let active = state.runs.ours.iter().filter(|r| r.is_active()).count();
    let inner = frame_box(
        frame,
        area,
        76,
        7,
        "Quit?",
        &format!("{} quit · any other key stay", key(state, Yes)),
        true,
    );
    paragraph(
        frame,
        inner,
        vec![
            Line::from(format!(
                "{} still running. Quitting stops {} where {} {}.",
                count(active, "operation"),
                if active == 1 { "it" } else { "them" },
                if active == 1 { "it" } else { "they" },
                if active == 1 { "is" } else { "are" },
            )),
            Line::from("The Jobs pane shows which steps are done."),
        ],
    );
}
