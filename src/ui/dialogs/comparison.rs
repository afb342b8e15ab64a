//! The result view of a comparison: the counts and the differences file
//! (wrapped, always shown), a rule, then the differing keys one a row,
//! scrolled with the main view's keys (`▲ N more` / `▼ N more`), a key too
//! wide for the box cut with `…`. The rows are `ComparisonModal::rows`, the
//! same the reducer scrolls by.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, scrolled};
use crate::app::{Action, ComparisonModal, State, layout};
use crate::ui::fit::fit_line;
use crate::ui::theme;
use crate::verify::DiffKind;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, m: &ComparisonModal) {
    let Some(c) = state
        .runs
        .ours
        .iter()
        .find(|r| r.job == m.job)
        .and_then(|r| r.comparison.as_ref())
    else {
        return;
    };
    let rows = ComparisonModal::rows(c, (area.width, area.height));
    let gap = usize::from(!rows.keys.is_empty());
    let (h, _) = layout::dialog_height(
        area.height,
        rows.head.len() + gap + rows.keys.len().min(rows.shown),
    );
    let key = |a| state.keymap.shown(a);
    let hints = format!(
        "{}{} scroll · {} close",
        key(Action::Up),
        key(Action::Down),
        key(Action::Close)
    );
    let title = format!("{} · job {}", ComparisonModal::title(c), m.job);
    let inner = frame_box(
        frame,
        area,
        ComparisonModal::width(area.width),
        h,
        &title,
        &hints,
        false,
    );
    let head_style = if c.equal { theme::ok() } else { theme::warn() };
    let head: Vec<Line> = rows
        .head
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 0 { head_style } else { theme::dim() };
            fit_line(Line::from(Span::styled(l.clone(), style)), inner.width)
        })
        .collect();
    let head_h = u16::try_from(head.len())
        .unwrap_or(u16::MAX)
        .min(inner.height);
    frame.render_widget(
        ratatui::widgets::Paragraph::new(head),
        Rect::new(inner.x, inner.y, inner.width, head_h),
    );
    if rows.keys.is_empty() {
        return;
    }
    // The rule under the counts is the top border of the scrolled list, so
    // `▲ N more` has a row of its own.
    let rule_y = inner.y + head_h;
    if rule_y >= inner.bottom() {
        return;
    }
    let rule = "─".repeat(usize::from(inner.width));
    frame.render_widget(
        Span::styled(rule, theme::border()),
        Rect::new(inner.x, rule_y, inner.width, 1),
    );
    let list = Rect::new(
        inner.x,
        rule_y + 1,
        inner.width,
        inner.bottom().saturating_sub(rule_y + 1),
    );
    let lines = rows
        .keys
        .into_iter()
        .map(|(kind, text)| {
            let style = match kind {
                Some(DiffKind::Missing) => theme::bad(),
                Some(DiffKind::Extra) => theme::warn(),
                Some(DiffKind::Changed) => theme::title(),
                None => theme::dim(),
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    scrolled(frame, list, lines, m.scroll);
}
