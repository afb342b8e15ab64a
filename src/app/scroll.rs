//! Text taller than its dialog, scrolled by whole rows. The reducer moves
//! it knowing how many rows there are and how many the dialog shows (the
//! same numbers the view draws with), so the last page is always full and
//! a key past either end does nothing.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    top: usize,
}

impl Scroll {
    /// The first row shown, for `total` rows of which `shown` fit.
    pub fn top(self, total: usize, shown: usize) -> usize {
        self.top.min(total.saturating_sub(shown))
    }

    /// Moves by `delta` rows, never past the first row or the last page.
    pub fn by(&mut self, delta: isize, total: usize, shown: usize) {
        let top = self.top(total, shown).saturating_add_signed(delta);
        self.top = top.min(total.saturating_sub(shown));
    }

    /// Rows hidden above and below what is shown.
    pub fn hidden(self, total: usize, shown: usize) -> (usize, usize) {
        let top = self.top(total, shown);
        (top, total.saturating_sub(top + shown))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_first_row_and_the_last_page() {
        let mut s = Scroll::default();
        s.by(-1, 30, 10);
        assert_eq!(s.hidden(30, 10), (0, 20));
        for _ in 0..50 {
            s.by(1, 30, 10);
        }
        assert_eq!(s.hidden(30, 10), (20, 0));
        // One key back up shows one row more at once, not after 30 presses.
        s.by(-1, 30, 10);
        assert_eq!(s.hidden(30, 10), (19, 1));
        // Text that fits hides nothing.
        assert_eq!(Scroll::default().hidden(5, 10), (0, 0));
    }
}
