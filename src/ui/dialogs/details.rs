//! The details view: the whole text of a Jobs row (or the start-up
//! checks), wrapped to the box and scrolled with the main view's keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::parts::{frame_box, scrolled};
use crate::app::{Action, DetailsModal, State, layout};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, d: &DetailsModal) {
    let (rows, _) = d.rows((area.width, area.height));
    let (h, _) = layout::dialog_height(area.height, rows.len());
    let key = |a| state.keymap.shown(a);
    let hints = format!(
        "{}{} scroll · {} close",
        key(Action::Up),
        key(Action::Down),
        key(Action::Close)
    );
    let inner = frame_box(
        frame,
        area,
        DetailsModal::width(area.width),
        h,
        &d.title,
        &hints,
        false,
    );
    scrolled(
        frame,
        inner,
        rows.into_iter().map(Line::from).collect(),
        d.scroll,
    );
}
