//! The Tables pane's model: rows in name order, the filter, the selection.
//! Filtering is done when the filter or the rows change, never per frame.
//! The selection follows its table's name across a reload or a new filter.

use std::collections::HashMap;

use super::cursor::Cursor;
use crate::domain::{NewestCopy, PitrStatus, Table};

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub name: String,
    pub table: Option<Table>,
    pub pitr: Option<PitrStatus>,
    pub error: Option<String>,
    /// The newest copy this table can be restored from now: PITR's latest
    /// restorable time, an AVAILABLE backup or a COMPLETED recovery point.
    pub newest: Option<NewestCopy>,
}

#[derive(Debug, Clone, Default)]
pub struct TableList {
    rows: Vec<TableRow>,
    by_name: HashMap<String, usize>,
    filter: String,
    /// Indices into `rows` that match the filter, in order.
    visible: Vec<usize>,
    /// Selection and scroll over `visible`.
    cursor: Cursor,
    pub loaded: usize,
}

impl TableList {
    pub fn set_names(&mut self, mut names: Vec<String>) {
        let keep = self.selected_name().map(str::to_owned);
        names.sort_by_cached_key(|n| (n.to_lowercase(), n.clone()));
        names.dedup();
        let old: HashMap<String, TableRow> =
            self.rows.drain(..).map(|r| (r.name.clone(), r)).collect();
        self.rows = names
            .into_iter()
            .map(|name| {
                old.get(&name).cloned().unwrap_or(TableRow {
                    name,
                    table: None,
                    pitr: None,
                    error: None,
                    newest: None,
                })
            })
            .collect();
        self.by_name = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.name.clone(), i))
            .collect();
        self.loaded = 0;
        self.refilter();
        if let Some(name) = keep {
            self.select_name(&name);
        }
    }

    /// Adds an empty row for `name` in its place (a table a run created).
    pub fn insert(&mut self, name: &str) {
        if self.contains(name) {
            return;
        }
        let loaded = self.loaded;
        let mut names: Vec<String> = self.rows.iter().map(|r| r.name.clone()).collect();
        names.push(name.to_owned());
        self.set_names(names);
        self.loaded = loaded;
    }

    /// Removes `name`'s row (a table a run deleted); the selection stays
    /// on the same table, or the row that took its place.
    pub fn remove(&mut self, name: &str) {
        if !self.contains(name) {
            return;
        }
        let pos = self.selected_pos();
        let was_loaded = self
            .row_mut(name)
            .is_some_and(|r| r.table.is_some() || r.error.is_some());
        let loaded = self.loaded.saturating_sub(usize::from(was_loaded));
        let gone_selected = self.selected_name() == Some(name);
        let names: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.name != name)
            .map(|r| r.name.clone())
            .collect();
        self.set_names(names);
        self.loaded = loaded;
        if gone_selected {
            let last = self.visible_len().saturating_sub(1);
            self.cursor.select(pos.min(last), self.visible_len());
        }
    }

    pub fn row_mut(&mut self, name: &str) -> Option<&mut TableRow> {
        self.by_name
            .get(name)
            .copied()
            .and_then(|i| self.rows.get_mut(i))
    }

    /// The row of the table `name`, filtered out or not.
    pub fn row(&self, name: &str) -> Option<&TableRow> {
        self.by_name.get(name).and_then(|i| self.rows.get(*i))
    }

    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut TableRow> {
        self.rows.iter_mut()
    }

    /// Every row, filtered out or not, in the list's order.
    pub fn rows(&self) -> impl Iterator<Item = &TableRow> {
        self.rows.iter()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn set_filter(&mut self, filter: &str) {
        let keep = self.selected_name().map(str::to_owned);
        self.filter = filter.to_owned();
        self.refilter();
        match keep {
            Some(name) if self.select_name(&name) => {}
            _ => self.cursor.top(),
        }
    }

    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| needle.is_empty() || r.name.to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect();
        self.cursor.clamp(self.visible.len());
    }

    fn select_name(&mut self, name: &str) -> bool {
        let Some(&row) = self.by_name.get(name) else {
            return false;
        };
        match self.visible.iter().position(|&i| i == row) {
            Some(pos) => {
                self.cursor.select(pos, self.visible.len());
                true
            }
            None => false,
        }
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    /// The rows at visible positions `from..from + n`.
    pub fn visible_rows(&self, from: usize, n: usize) -> impl Iterator<Item = &TableRow> {
        self.visible
            .iter()
            .skip(from)
            .take(n)
            .filter_map(|&i| self.rows.get(i))
    }

    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    pub fn selected_pos(&self) -> usize {
        self.cursor.selected()
    }

    pub fn offset(&self) -> usize {
        self.cursor.offset()
    }

    pub fn selected(&self) -> Option<&TableRow> {
        self.visible
            .get(self.cursor.selected())
            .and_then(|&i| self.rows.get(i))
    }

    pub fn selected_name(&self) -> Option<&str> {
        self.selected().map(|r| r.name.as_str())
    }

    /// Moves the selection by `delta`, clamped, keeping it in a viewport of
    /// `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.cursor.move_by(delta, self.visible.len(), height);
    }

    /// Fits the selection and scroll to the rows shown and `height`.
    pub fn fit(&mut self, height: usize) {
        self.cursor.fit(self.visible.len(), height);
    }
}
