//! The operations menu: the operations on the selected table; a
//! disabled one dimmed with its reason in a few words on its row, and the
//! whole sentence under the rows for the one under the cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, paragraph, read_only_line, wrapped_height};
use crate::app::DialogAction::{Cancel, Confirm, Down, Up};
use crate::app::{OpKind, State, menu_action, menu_refusal, table_size};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, table: &str, cursor: usize) {
    let reason = OpKind::ALL
        .get(cursor)
        .and_then(|k| menu_refusal(state, table, *k))
        .map(|r| format!("disabled: {r}"));
    let read_only = read_only_line(state);
    // The box grows to the width and height the refusal needs, up
    // to the whole screen, so a long reason is read, not cut.
    let longest = [&reason, &read_only.as_ref().map(|l| l.to_string())]
        .into_iter()
        .flatten()
        .map(|t| t.chars().count() as u16 + 2)
        .max()
        .unwrap_or(0);
    let w = longest.clamp(86, area.width.max(86));
    let text_width = w.min(area.width).saturating_sub(2);
    let extra = |t: &str| wrapped_height(t, text_width);
    // At least the room of one read-only line and a one-line
    // reason, so the box does not jump as the cursor moves.
    let h = 2
        + OpKind::ALL.len() as u16
        + read_only.as_ref().map_or(0, |l| extra(&l.to_string()))
        + reason.as_deref().map_or(0, |r| 1 + extra(r));
    let h = h.max(13);
    let inner = frame_box(
        frame,
        area,
        w,
        h,
        &format!("Operations · {table}"),
        &format!(
            "{} or {}{} {} choose · {} close",
            digits_hint(state),
            key(state, Up),
            key(state, Down),
            key(state, Confirm),
            key(state, Cancel)
        ),
        false,
    );
    let mut lines: Vec<Line> = read_only.into_iter().collect();
    for (i, kind) in OpKind::ALL.iter().enumerate() {
        let disabled = menu_refusal(state, table, *kind);
        let style = match (i == cursor, disabled.is_some()) {
            (true, _) => theme::selected(),
            (false, true) => theme::dim(),
            (false, false) => Style::new(),
        };
        // A disabled row says why in a few words where its estimate was.
        let last = match &disabled {
            Some(r) => Span::styled(format!(" ✘ {}", r.brief()), theme::warn()),
            None => Span::styled(
                format!(
                    " {}",
                    crate::workflow::estimate_with(
                        *kind,
                        table_size(state, table),
                        &state.inventory.forecast
                    )
                ),
                theme::dim(),
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2} ", i + 1), theme::key()),
            Span::styled(format!("{:<54}", kind.label()), style),
            last,
        ]));
    }
    if let Some(reason) = reason {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(reason, theme::warn())));
    }
    paragraph(frame, inner, lines);
}

/// The keys that pick an operation: `1-9`, `0` for a tenth, then each
/// later operation's own key in the menu's order.
fn digits_hint(state: &State) -> String {
    let n = OpKind::ALL.len();
    let digits = match n {
        1..=9 => format!("1-{n}"),
        _ => "1-9, 0".to_owned(),
    };
    let keys: Vec<String> = OpKind::ALL
        .iter()
        .skip(10)
        .filter_map(|k| menu_action(*k).map(|a| key(state, a)))
        .collect();
    match keys.len() {
        0 => digits,
        1 => format!("{digits}, {} (11)", keys[0]),
        k => format!("{digits}, {} (11-{})", keys.join(" "), 10 + k),
    }
}
