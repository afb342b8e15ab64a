//! The details view as data: a title and the whole text of what a pane had
//! to cut, wrapped to the dialog's width (`rows`) by the reducer when it
//! scrolls and by the view when it draws, so both count the same rows. What
//! it says of each row is built in `details.rs`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::layout;
use super::scroll::Scroll;

/// The details view's widest box.
const WIDTH: u16 = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct DetailsModal {
    pub title: String,
    /// Paragraphs, each wrapped to the box's width when shown.
    pub lines: Vec<String>,
    pub scroll: Scroll,
}

impl DetailsModal {
    pub(super) fn new(title: String, lines: Vec<String>) -> Self {
        Self {
            title,
            lines,
            scroll: Scroll::default(),
        }
    }

    /// The text as the box shows it on a screen of `size`: one string per
    /// row, and how many rows the box shows.
    pub fn rows(&self, size: (u16, u16)) -> (Vec<String>, usize) {
        let inner = WIDTH.min(size.0).saturating_sub(2);
        let rows: Vec<String> = self.lines.iter().flat_map(|l| wrap(l, inner)).collect();
        let (_, shown) = layout::dialog_height(size.1, rows.len());
        (rows, shown)
    }

    /// The box's width on a screen `screen_width` wide.
    pub fn width(screen_width: u16) -> u16 {
        WIDTH.min(screen_width)
    }

    pub fn scroll_by(&mut self, delta: isize, size: (u16, u16)) {
        let (rows, shown) = self.rows(size);
        self.scroll.by(delta, rows.len(), shown);
    }
}

/// `text` in rows of at most `width` columns, broken between words (a
/// word wider than a row is broken inside), as `Paragraph` wraps it; the
/// details view and the menu's height count rows by it. An empty text is
/// one empty row.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut rows = vec![String::new()];
    // Leading and repeated spaces are kept (an indented line wraps as
    // `Paragraph` draws it), so an empty word still takes its space.
    let mut first = true;
    for word in text.split(' ') {
        let used = rows.last().map_or(0, |r| r.width());
        let w = word.width();
        if !first && used + 1 + w <= width {
            if let Some(r) = rows.last_mut() {
                r.push(' ');
                r.push_str(word);
            }
            continue;
        }
        if !first {
            rows.push(String::new());
        }
        first = false;
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if rows.last().map_or(0, |r| r.width()) + cw > width {
                rows.push(String::new());
            }
            if let Some(r) = rows.last_mut() {
                r.push(c);
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_between_words_and_inside_a_long_one() {
        assert_eq!(
            wrap("deleting 2; kept orders", 12),
            ["deleting 2;", "kept orders"]
        );
        assert_eq!(
            wrap("restore-job-001101", 8),
            ["restore-", "job-0011", "01"]
        );
        assert_eq!(wrap("", 8), [""]);
        // An indented line keeps its indent, as the paragraph draws it.
        assert_eq!(wrap("    ab cd", 7), ["    ab", "cd"]);
        assert_eq!(wrap("    ab", 6), ["    ab"]);
    }
}
