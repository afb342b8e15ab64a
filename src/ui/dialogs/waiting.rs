//! After an answer, until the run takes it: keys wait.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::parts::{frame_box, paragraph};
use crate::app::{Action, State};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, job: crate::workflow::JobId) {
    let inner = frame_box(
        frame,
        area,
        60,
        4,
        &format!("job {job}"),
        &format!(
            "keys wait for the run · {} quit",
            state.keymap.key(Action::Quit)
        ),
        false,
    );
    paragraph(
        frame,
        inner,
        vec![Line::from("Waiting for the run to take the answer…")],
    );
}
