//! Wizard page of a restore in another region (16): the table's point in
//! time or one of its copies in the DR vault. A row that cannot be chosen
//! is dimmed with its reason in a few words; the whole sentence is under
//! the rows for the one under the cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{choose_hint, frame_box, paragraph, read_only_line};
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
    for (i, choice) in choices.iter().enumerate().skip(first).take(12) {
        let style = match (i == cursor, choice.unavailable.is_some()) {
            (true, _) => theme::selected(),
            (false, true) => theme::dim(),
            (false, false) => ratatui::style::Style::new(),
        };
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(format!("{:<70}", choice.text), style),
        ];
        if let Some(why) = &choice.unavailable {
            spans.push(Span::styled(format!(" ✘ {}", why.brief()), theme::warn()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    match choices.get(cursor).and_then(|c| c.unavailable.as_ref()) {
        Some(why) => lines.push(Line::from(Span::styled(
            format!("unavailable: {why}"),
            theme::warn(),
        ))),
        None => lines.push(Line::from(Span::styled(
            format!("Next: the new table's name in {region}, what to turn on, then the plan."),
            theme::dim(),
        ))),
    }
    paragraph(frame, inner, lines);
}
