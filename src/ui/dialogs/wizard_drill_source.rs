//! Wizard page of a DR drill (17): which copy to restore and prove. A
//! source the table lacks is dimmed with its reason in a few words; the
//! whole sentence is under the rows for the one under the cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{choose_hint, frame_box, paragraph, read_only_line, source_rows};
use crate::app::{OpKind, State, drill_source_choices};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, table: &str, cursor: usize) {
    let choices = drill_source_choices(state, table);
    let title = format!("{} · {table} · restore from", OpKind::Drill.label());
    let inner = frame_box(frame, area, 96, 15, &title, &choose_hint(state), false);
    let mut lines: Vec<Line> = read_only_line(state).into_iter().collect();
    lines.push(Line::from(format!(
        "Prove {table} can be restored: its copy goes into a scratch table, is checked, then deleted."
    )));
    lines.push(Line::from(Span::styled(
        format!("{table} itself is only read; the result goes to the drill history."),
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
        70,
        0..rows.len(),
        "Next: the copy (or the plan, for the latest or an export), then Enter runs it.".to_owned(),
    ));
    paragraph(frame, inner, lines);
}
