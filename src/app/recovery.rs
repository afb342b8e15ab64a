//! What can bring each table back: its DynamoDB backups and its AWS Backup
//! recovery points, newest first, indexed by table name when they arrive.

use std::collections::HashMap;
use std::ops::Range;

use crate::domain::{Backup, NewestCopy, PitrStatus, RecoveryPoint, newest_copy};

#[derive(Debug, Clone, Default)]
pub struct RecoveryIndex {
    pub backups: HashMap<String, Vec<Backup>>,
    /// Every recovery point, sorted by table then newest first, kept in the
    /// vector the loader sent (no copy: 100,000 points are most of the
    /// console's memory); `point_ranges` says where each table's are.
    points: Vec<RecoveryPoint>,
    point_ranges: HashMap<String, Range<usize>>,
    pub backups_loaded: bool,
    pub points_loaded: bool,
    pub backups_error: Option<String>,
    pub points_error: Option<String>,
    /// The AWS Backup vault the points are listed from, if one is set.
    pub vault: Option<String>,
}

/// One row of the Recovery pane.
#[derive(Debug, Clone, Copy)]
pub enum RecoveryRow<'a> {
    Backup(&'a Backup),
    Point(&'a RecoveryPoint),
}

impl RecoveryIndex {
    pub fn set_backups(&mut self, all: Vec<Backup>) {
        self.backups.clear();
        for b in all {
            self.backups
                .entry(b.table_name.clone())
                .or_default()
                .push(b);
        }
        for list in self.backups.values_mut() {
            list.sort_by_key(|b| std::cmp::Reverse(b.created_at));
        }
        self.backups_loaded = true;
        self.backups_error = None;
    }

    pub fn set_points(&mut self, mut all: Vec<RecoveryPoint>) {
        fn table(p: &RecoveryPoint) -> &str {
            p.table_name()
        }
        all.sort_unstable_by(|a, b| table(a).cmp(table(b)).then(b.created_at.cmp(&a.created_at)));
        self.point_ranges.clear();
        let mut start = 0;
        for i in 1..=all.len() {
            let boundary = i == all.len() || all.get(i).map(table) != all.get(start).map(table);
            if boundary {
                if let Some(p) = all.get(start) {
                    self.point_ranges.insert(table(p).to_owned(), start..i);
                }
                start = i;
            }
        }
        all.shrink_to_fit();
        self.points = all;
        self.points_loaded = true;
        self.points_error = None;
    }

    pub fn backups_of(&self, table: &str) -> &[Backup] {
        self.backups.get(table).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn points_of(&self, table: &str) -> &[RecoveryPoint] {
        self.point_ranges
            .get(table)
            .and_then(|r| self.points.get(r.clone()))
            .unwrap_or(&[])
    }

    /// Every recovery point, gone tables' included.
    pub fn all_points(&self) -> &[RecoveryPoint] {
        &self.points
    }

    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    /// Backups first, then recovery points: the Recovery pane's rows.
    pub fn rows_of<'a>(&'a self, table: &str) -> impl Iterator<Item = RecoveryRow<'a>> {
        self.backups_of(table)
            .iter()
            .map(RecoveryRow::Backup)
            .chain(self.points_of(table).iter().map(RecoveryRow::Point))
    }

    pub fn row_count(&self, table: &str) -> usize {
        self.backups_of(table).len() + self.points_of(table).len()
    }

    /// The newest copy `table` can be restored from, PITR included.
    pub fn newest(&self, table: &str, pitr: Option<&PitrStatus>) -> Option<NewestCopy> {
        newest_copy(pitr, self.backups_of(table), self.points_of(table))
    }

    /// Whether both lists arrived (or failed): a table with no copy in
    /// them then truly has none, unless one of them failed.
    pub fn settled(&self) -> bool {
        (self.backups_loaded || self.backups_error.is_some())
            && (self.points_loaded || self.points_error.is_some())
    }

    pub fn failed(&self) -> bool {
        self.backups_error.is_some() || self.points_error.is_some()
    }
}
