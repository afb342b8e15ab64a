//! A list pane's selection and scroll position, one type for every pane.
//! The reducer moves it with the pane's row count and the height
//! `layout::list_heights` gives; the view draws the rows of `visible` and
//! highlights `selected`. The selection is always on a row that exists (or
//! 0 when there are none), and the rows drawn always include it and fill
//! the pane when there are enough.

use std::ops::Range;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The selected row.
    selected: usize,
    /// The first row drawn.
    offset: usize,
}

impl Cursor {
    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Back to the first row, scrolled to the top.
    pub fn top(&mut self) {
        *self = Self::default();
    }

    /// Selects row `pos` of `len`, clamped; scrolling follows at the next
    /// `fit` or move.
    pub fn select(&mut self, pos: usize, len: usize) {
        self.selected = pos;
        self.clamp(len);
    }

    /// Moves the selection by `delta` rows within `len` rows (a page is a
    /// `delta` of the pane's height; a huge one goes to an end), then
    /// scrolls so it shows among `height` rows.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        self.selected = self.selected.saturating_add_signed(delta);
        self.fit(len, height);
    }

    /// Keeps the selection on one of `len` rows: on the last when the list
    /// shrank below it, on 0 when it is empty.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// Scrolls the least that brings the selection into `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// After the rows or the height changed: the selection clamped to
    /// `len` rows, no empty space below the last row while rows above are
    /// hidden, and the selection in view.
    pub fn fit(&mut self, len: usize, height: usize) {
        self.clamp(len);
        self.offset = self.offset.min(len.saturating_sub(height.max(1)));
        self.scroll_into_view(height);
    }

    /// The rows to draw out of `len` in a pane of `height` rows.
    pub fn visible(&self, len: usize, height: usize) -> Range<usize> {
        let start = self.offset.min(len);
        start..start.saturating_add(height).min(len)
    }

    /// Where the selection is among the rows `shown`, for the highlight;
    /// `None` when it is not among them.
    pub fn highlight(&self, shown: &Range<usize>) -> Option<usize> {
        shown
            .contains(&self.selected)
            .then(|| self.selected - shown.start)
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    fn at(selected: usize, offset: usize) -> Cursor {
        Cursor { selected, offset }
    }

    /// Moves from the top of `len` rows in a pane of `height`, each
    /// `(delta, selected, offset)` the cursor expected after that move.
    fn moves(len: usize, height: usize, steps: &[(isize, usize, usize)]) {
        let mut c = Cursor::default();
        for (i, &(delta, selected, offset)) in steps.iter().enumerate() {
            c.move_by(delta, len, height);
            assert_eq!(c, at(selected, offset), "move {i} by {delta}");
        }
    }

    #[test]
    fn moves_one_row_and_stops_at_both_ends() {
        let mut steps = vec![(-1, 0, 0), (1, 1, 0)];
        steps.extend([(1, 2, 0), (1, 3, 1), (1, 4, 2), (1, 4, 2), (1, 4, 2)]);
        moves(5, 3, &steps);
    }

    /// Up inside the view, the view stays; past its top, it follows.
    #[test]
    fn scrolls_only_when_the_selection_leaves_the_view() {
        moves(20, 4, &[(5, 5, 2), (-2, 3, 2), (-2, 1, 1)]);
    }

    #[test]
    fn pages_by_the_height_and_ends_by_a_huge_delta() {
        let (top, bottom) = (isize::MIN / 2, isize::MAX / 2);
        moves(
            100,
            10,
            &[(10, 10, 1), (-10, 0, 0), (bottom, 99, 90), (top, 0, 0)],
        );
    }

    #[test]
    fn an_empty_list_keeps_row_zero_and_shows_nothing() {
        let mut c = Cursor::default();
        c.move_by(3, 0, 5);
        assert_eq!(c, at(0, 0));
        assert_eq!(c.visible(0, 5), 0..0);
        assert_eq!(c.highlight(&c.visible(0, 5)), None);
    }

    /// `((len, height), (selected, offset))`: rows and pane, then the
    /// cursor expected after fitting to them.
    type Fit = ((usize, usize), (usize, usize));

    /// Fits `start` to each step's rows and pane in turn.
    fn fits(start: Cursor, steps: &[Fit]) -> Cursor {
        let mut c = start;
        for &((len, height), (selected, offset)) in steps {
            c.fit(len, height);
            assert_eq!(c, at(selected, offset), "{len} rows in {height}");
        }
        c
    }

    /// Shorter than the pane, the list shows whole from the top.
    #[test]
    fn a_shrinking_list_pulls_the_selection_and_the_view_back() {
        let c = fits(at(50, 45), &[((30, 10), (29, 20)), ((4, 10), (3, 0))]);
        assert_eq!(fits(c, &[((0, 10), (0, 0))]), Cursor::default());
    }

    #[test]
    fn a_shorter_pane_keeps_the_selection_visible() {
        let c = fits(at(9, 0), &[((20, 10), (9, 0)), ((20, 4), (9, 6))]);
        assert_eq!(c.highlight(&c.visible(20, 4)), Some(3));
    }

    #[test]
    fn visible_is_the_pane_from_the_offset_cut_at_the_end() {
        let c = at(8, 6);
        assert_eq!(c.visible(10, 3), 6..9);
        assert_eq!(c.visible(7, 3), 6..7);
        assert_eq!(c.visible(3, 3), 3..3);
        assert_eq!(c.highlight(&(6..9)), Some(2));
        assert_eq!(c.highlight(&(0..3)), None);
    }

    #[test]
    fn select_and_top() {
        let mut c = Cursor::default();
        c.select(7, 5);
        assert_eq!(c.selected(), 4);
        c.fit(5, 2);
        assert_eq!((c.selected(), c.offset()), (4, 3));
        c.top();
        assert_eq!(c, at(0, 0));
    }
}
