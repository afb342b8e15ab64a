//! Text cut to fit ends in `…`, so a cut is never mistaken for the whole
//! text. Widths are terminal columns: a wide character counts two, and
//! is never split. Every pane and dialog that cuts text cuts it here.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use unicode_width::UnicodeWidthStr;

use super::theme;

const ELLIPSIS: char = '…';

/// `text`, or as much of it as fits in `width` columns followed by `…`.
pub fn fit(text: &str, width: u16) -> Cow<'_, str> {
    let width = usize::from(width);
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        // One column stays free for the ellipsis.
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push(ELLIPSIS);
    }
    Cow::Owned(out)
}

/// A line of styled spans cut to `width` columns, ending in `…` when cut
/// (in the style of the span it cuts).
pub fn fit_line(line: Line<'_>, width: u16) -> Line<'static> {
    let total: usize = line.spans.iter().map(|s| s.content.width()).sum();
    let style = line.style;
    let alignment = line.alignment;
    let owned = |s: Span<'_>| Span::styled(s.content.into_owned(), s.style);
    if total <= usize::from(width) {
        let spans: Vec<Span<'static>> = line.spans.into_iter().map(owned).collect();
        return Line::from(spans).style(style);
    }
    let mut left = usize::from(width);
    let mut spans = Vec::new();
    for s in line.spans {
        let w = s.content.width();
        if w < left {
            left -= w;
            spans.push(owned(s));
            continue;
        }
        let cut = fit(&s.content, u16::try_from(left).unwrap_or(u16::MAX)).into_owned();
        spans.push(Span::styled(cut, s.style));
        break;
    }
    let mut out = Line::from(spans).style(style);
    if let Some(a) = alignment {
        out = out.alignment(a);
    }
    out
}

/// A pane's one-line note in `area` (loading…, nothing to show), dimmed
/// and fitted.
pub fn note(frame: &mut Frame, area: Rect, text: &str) {
    frame.render_widget(Span::styled(fit(text, area.width), theme::dim()), area);
}

/// The widths a `Table` gives its columns inside `area` (borders already
/// removed): the same layout the table makes, one column between cells.
pub fn column_widths(area: Rect, columns: &[Constraint]) -> Vec<u16> {
    Layout::horizontal(columns.iter().copied())
        .flex(Flex::Start)
        .spacing(1)
        .split(area)
        .iter()
        .map(|r| r.width)
        .collect()
}

/// A table row from its cells' lines, each fitted to its column.
pub fn fitted_row(cells: Vec<Line<'_>>, widths: &[u16]) -> Row<'static> {
    Row::new(
        cells
            .into_iter()
            .zip(widths.iter().chain(std::iter::repeat(&u16::MAX)))
            .map(|(line, w)| Cell::from(fit_line(line, *w))),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_cut_ends_in_an_ellipsis_and_whole_text_does_not() {
        assert_eq!(fit("restore-job-001101", 18), "restore-job-001101");
        assert_eq!(fit("restore-job-001101", 17), "restore-job-0011…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn a_wide_character_is_never_split() {
        // ⛄ takes two columns: it either fits whole or goes.
        assert_eq!(fit("ab⛄cd", 4), "ab…");
        assert_eq!(fit("ab⛄cd", 5), "ab⛄…");
    }

    #[test]
    fn a_line_is_cut_in_the_span_that_overflows() {
        let line = Line::from(vec![Span::raw("deleting 2"), Span::raw("; kept orders")]);
        let cut = fit_line(line, 16);
        assert_eq!(cut.to_string(), "deleting 2; kep…");
        let whole = fit_line(Line::from("short"), 16);
        assert_eq!(whole.to_string(), "short");
    }
}
