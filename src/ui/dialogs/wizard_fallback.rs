//! Wizard page: whether to back a table up before deleting it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, next_hint, paragraph};
use crate::app::DialogAction::{No, Switch, Yes};
use crate::app::State;
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, table: &str, yes: bool) {
    let inner = frame_box(
        frame,
        area,
        84,
        9,
        &format!("Delete {table} · fallback backup"),
        &format!(
            "{}/{} or {} · {}",
            key(state, Yes),
            key(state, No),
            key(state, Switch),
            next_hint(state)
        ),
        true,
    );
    let choice = |on: bool, label: &str| {
        Span::styled(
            format!(" {label} "),
            if on { theme::selected() } else { theme::dim() },
        )
    };
    paragraph(
        frame,
        inner,
        vec![
            Line::from(format!(
                "Take a DynamoDB backup of {table} (--orig) before deleting it?"
            )),
            Line::from("Without one, the table's data is gone unless another backup exists."),
            Line::from(""),
            Line::from(vec![
                choice(yes, "yes, back it up first"),
                Span::raw("  "),
                choice(!yes, "no backup"),
            ]),
        ],
    );
}
