//! Wizard page of a repair in place (11): which copy to read what was lost
//! from. A source the table lacks is dimmed with its reason in a few
//! words; the whole sentence is under the rows for the one under the
//! cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{choose_hint, frame_box, paragraph, read_only_line, source_rows};
use crate::app::{OpKind, State, source_choices};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, table: &str, cursor: usize) {
    let choices = source_choices(state, table);
    let title = format!("{} · {table} · repair from", OpKind::Repair.label());
    let inner = frame_box(frame, area, 96, 15, &title, &choose_hint(state), false);
    let mut lines: Vec<Line> = read_only_line(state).into_iter().collect();
    lines.push(Line::from(format!(
        "Read what was lost from a copy of {table}; the table stays in place and in use."
    )));
    lines.push(Line::from(Span::styled(
        "The copy is restored into a scratch table (unless it is a table already) and compared.",
        theme::dim(),
    )));
    lines.push(Line::from(""));
    let rows: Vec<_> = choices
        .iter()
        .map(|c| (c.text.as_str(), c.unavailable.as_ref()))
        .collect();
    lines.extend(source_rows(
        &rows,
        cursor,
        54,
        0..rows.len(),
        "Next: the copy, then the plan (nothing is written before you choose what).".to_owned(),
    ));
    paragraph(frame, inner, lines);
}
