//! What every dialog is drawn with: a centred box with its title and key
//! hints, hints named from the keymap, text fields and the wizard pages
//! that ask for one, wrapped paragraphs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::DialogAction::{self, Cancel, Confirm, Down, Up};
use crate::app::{Scroll, State};
use crate::ui::fit::fit_line;
use crate::ui::theme;
use tui_input::Input;

/// A centred box of at most `w`×`h`, cleared, with a title and key hints.
pub(super) fn frame_box(
    frame: &mut Frame,
    area: Rect,
    w: u16,
    h: u16,
    title: &str,
    hints: &str,
    danger: bool,
) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let style = if danger {
        theme::bad()
    } else {
        theme::focused_border()
    };
    let block = Block::bordered()
        .border_style(style)
        .title(Span::styled(format!(" {title} "), theme::title()))
        .title_bottom(Span::styled(format!(" {hints} "), theme::dim()));
    frame.render_widget(Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// The key a hint names for a dialog action, from the keymap in force.
pub(super) fn key(state: &State, action: DialogAction) -> String {
    state.keymap.dialog_key(action)
}

/// `↑↓ choose · Enter next · Esc close`
pub(super) fn choose_hint(state: &State) -> String {
    format!(
        "{}{} choose · {}",
        key(state, Up),
        key(state, Down),
        next_hint(state)
    )
}

/// `Enter next · Esc close`
pub(super) fn next_hint(state: &State) -> String {
    format!(
        "{} next · {} close",
        key(state, Confirm),
        key(state, Cancel)
    )
}

/// `lines`, one row each, from the row `scroll` puts first, in `inner`
/// (the inside of a `frame_box`). Rows hidden above and below are counted
/// on the box's top and bottom borders: `▲ 3 more`, `▼ 5 more`. A row
/// wider than the box ends in `…`.
pub(in crate::ui) fn scrolled(
    frame: &mut Frame,
    inner: Rect,
    lines: Vec<Line<'static>>,
    scroll: Scroll,
) {
    let shown = usize::from(inner.height);
    let (above, below) = scroll.hidden(lines.len(), shown);
    let rows: Vec<Line> = lines
        .into_iter()
        .skip(above)
        .take(shown)
        .map(|l| fit_line(l, inner.width))
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
    for (hidden, mark, y) in [
        (above, "▲", inner.y.saturating_sub(1)),
        (below, "▼", inner.bottom()),
    ] {
        if hidden == 0 {
            continue;
        }
        let text = format!(" {mark} {hidden} more ");
        let w = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
        let x = inner
            .right()
            .saturating_sub(w.saturating_add(1))
            .max(inner.x);
        let area = Rect::new(x, y, w.min(inner.width), 1);
        frame.render_widget(Span::styled(text, theme::key()), area);
    }
}

pub(super) fn paragraph(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// How many rows `text` takes when word-wrapped to `width` columns (as
/// `Paragraph` wraps it: whole words, a longer word broken).
pub(super) fn wrapped_height(text: &str, width: u16) -> u16 {
    u16::try_from(crate::app::wrap(text, width).len()).unwrap_or(u16::MAX)
}

pub(super) fn input_line(label: &str, value: &str, error: &Option<String>) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{label} "), theme::key()),
        Span::raw(format!("{value}▏")),
    ])];
    if let Some(e) = error {
        out.push(Line::from(Span::styled(format!("✘ {e}"), theme::bad())));
    }
    out
}

/// A wizard page that asks for one typed value: a box with `title` and the
/// next/close hints, the `about` lines, then the field named `label`.
pub(super) struct FieldPage {
    title: String,
    /// The box's width and height at most.
    size: (u16, u16),
    about: Vec<Line<'static>>,
    label: &'static str,
}

impl FieldPage {
    pub(super) fn new(
        title: String,
        size: (u16, u16),
        about: Vec<Line<'static>>,
        label: &'static str,
    ) -> Self {
        Self {
            title,
            size,
            about,
            label,
        }
    }

    /// The page with the field's value and the error under it.
    pub(super) fn draw(
        self,
        frame: &mut Frame,
        area: Rect,
        state: &State,
        input: &Input,
        error: &Option<String>,
    ) {
        let (w, h) = self.size;
        let inner = frame_box(frame, area, w, h, &self.title, &next_hint(state), false);
        let mut lines = self.about;
        lines.extend(input_line(self.label, input.value(), error));
        paragraph(frame, inner, lines);
    }
}

pub(super) fn read_only_line(state: &State) -> Option<Line<'static>> {
    state.header.read_only_reason().map(|r| {
        Line::from(Span::styled(
            format!(
                "READ-ONLY: {r}. Operations are shown but will not run, except a comparison (it only reads)."
            ),
            theme::bad(),
        ))
    })
}

pub(super) fn cursor_style(selected: bool) -> Style {
    if selected {
        theme::selected()
    } else {
        Style::new()
    }
}

/// The rows of a "restore from" page (repair, drill, restore in another
/// region) and the line under them: a row that cannot be chosen is dimmed
/// with its reason in a few words, and the whole sentence is said under
/// the rows for the one under the cursor; otherwise `next`. Only the rows
/// in `shown` are drawn (a page that scrolls).
pub(super) fn source_rows(
    rows: &[(&str, Option<&crate::app::Refusal>)],
    cursor: usize,
    width: usize,
    shown: std::ops::Range<usize>,
    next: String,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, (text, unavailable)) in rows.iter().enumerate() {
        if !shown.contains(&i) {
            continue;
        }
        let style = match (i == cursor, unavailable.is_some()) {
            (true, _) => theme::selected(),
            (false, true) => theme::dim(),
            (false, false) => Style::new(),
        };
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(format!("{text:<width$}"), style),
        ];
        if let Some(why) = unavailable {
            spans.push(Span::styled(format!(" ✘ {}", why.brief()), theme::warn()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(match rows.get(cursor).and_then(|(_, why)| *why) {
        Some(why) => Line::from(Span::styled(format!("unavailable: {why}"), theme::warn())),
        None => Line::from(Span::styled(next, theme::dim())),
    });
    lines
}
