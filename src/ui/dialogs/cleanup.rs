//! The cleanup review: what a run created, ticked for deletion or kept.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, paragraph};
use crate::app::DialogAction::{Cancel, Delete, Down, Tick, Up};
use crate::app::{QuestionModal, State};
use crate::ui::theme;
use crate::workflow::CleanupItem;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    q: &QuestionModal,
    items: &[CleanupItem],
) {
    let h = (items.len() as u16 * 3 + 7).min(area.height);
    let inner = frame_box(
        frame,
        area,
        110,
        h,
        "🪣 Cleanup review",
        &format!(
            "{}{} move · {} tick · {} delete ticked · {} keep everything",
            key(state, Up),
            key(state, Down),
            key(state, Tick),
            key(state, Delete),
            key(state, Cancel)
        ),
        false,
    );
    let mut lines = vec![Line::from(format!(
        "Temporary resources this run created. Nothing is deleted until you press {}.",
        key(state, Delete)
    ))];
    for (i, item) in items.iter().enumerate() {
        let ticked = q.checked.get(i).copied().unwrap_or(false);
        let mark = match (item.deletable, ticked) {
            (false, _) => "[kept]",
            (true, true) => "[x]",
            (true, false) => "[ ]",
        };
        let style = if i == q.cursor {
            theme::selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(
            format!("{mark} {} — {}", item.name, item.what),
            style,
        )));
        let why_style = if item.deletable {
            theme::dim()
        } else {
            theme::warn()
        };
        lines.push(Line::from(Span::styled(
            format!("      {}", item.why),
            why_style,
        )));
    }
    if let Some(error) = &q.error {
        lines.push(Line::from(Span::styled(error.clone(), theme::warn())));
    }
    paragraph(frame, inner, lines);
}
