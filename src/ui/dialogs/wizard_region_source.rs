//! Wizard page of a restore in another region (16): the table's point in
//! time or one of its copies in the DR vault. A row that cannot be chosen
//! is dimmed with its reason in a few words; the whole sentence is under
//! the rows for the one under the cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{choose_hint, frame_box, paragraph, read_only_line, source_rows};
use crate::app::region::source_choices;
use crate::app::{OpKind, State};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, table: &str, cursor: usize) {
    let choices = source_choices(state, table);
    let region = state.inventory.recovery.dr_region().unwrap_or_default();
    let title = format!(
        "{} · {table} · into {region} · restore from",
        OpKind::RestoreInRegion.label()
    );
    let height = u16::try_from(choices.len().min(12)).unwrap_or(12) + 10;
    let inner = frame_box(frame, area, 96, height, &title, &choose_hint(state), false);
    let mut lines: Vec<Line> = read_only_line(state).into_iter().collect();
    lines.push(Line::from(format!(
        "Restore {table} as a new table in {region}, the DR region: for the day this region is down."
    )));
    lines.push(Line::from(Span::styled(
        format!("{table} itself is only read; the copies listed are in the DR vault, in {region}."),
        theme::dim(),
    )));
    lines.push(Line::from(""));
    let first = cursor.saturating_sub(11);
    let rows: Vec<_> = choices
        .iter()
        .map(|c| (c.text.as_str(), c.unavailable.as_ref()))
        .collect();
    lines.extend(source_rows(
        &rows,
        cursor,
        70,
        first..first + 12,
        format!("Next: the new table's name in {region}, what to turn on, then the plan."),
    ));
    paragraph(frame, inner, lines);
}
