//! What can bring each table back: its DynamoDB backups and its AWS Backup
//! recovery points, newest first, indexed by table name when they arrive.

use chrono::{DateTime, Utc};

use std::collections::HashMap;
use std::ops::Range;

use crate::domain::{Backup, Export, NewestCopy, PitrStatus, RecoveryPoint, newest_copy};

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
    /// The DR vault copies go to (`[copies] vault_arn`), if one is set.
    pub dr_vault: Option<String>,
    /// The DR region when it is named (`--dr-region`, `[copies] region`);
    /// else the DR vault's.
    pub dr_region_named: Option<String>,
    /// Every copy, newest first (the Backups view's order): sorted when a
    /// list arrives, not on every frame the view draws.
    newest_first: Vec<CopyAt>,
    /// What the DR region holds: its vault's copies and its tables
    /// (`Command::LoadRecoverySources`, once per inventory load).
    pub dr: DrSources,
    /// The tables' exports to S3 (same command).
    pub exports: ExportsIndex,
}

/// The DR region's side, as last read.
#[derive(Debug, Clone, Default)]
pub struct DrSources {
    /// Read (or failed) since the last inventory load.
    pub loaded: bool,
    /// The copies in the DR vault, by table name, newest first.
    pub copies: HashMap<String, Vec<RecoveryPoint>>,
    /// The table names in the DR region (`None`: not read), sorted.
    pub tables: Option<Vec<String>>,
    /// Why they could not be read.
    pub error: Option<String>,
}

/// What the DR region's read answered (`Event::RecoverySources`).
#[derive(Debug, Clone, PartialEq)]
pub struct DrRead {
    pub copies: Result<Vec<RecoveryPoint>, String>,
    pub tables: Result<Vec<String>, String>,
}

/// The exports, by table name, newest first.
#[derive(Debug, Clone, Default)]
pub struct ExportsIndex {
    pub loaded: bool,
    pub by_table: HashMap<String, Vec<Export>>,
    /// Why the list is partial (ListExports not served, or failed): only
    /// the exports this console's runs started are shown then.
    pub partial: Option<String>,
}

/// A row of the Recovery pane: a copy in the console's region (the rows
/// the Backups view and the pickers share), an export to S3, or a copy in
/// the DR vault.
#[derive(Debug, Clone, Copy)]
pub enum PaneRow<'a> {
    Copy(RecoveryRow<'a>),
    Export(&'a Export),
    DrCopy(&'a RecoveryPoint),
}

/// Where a copy is in the index.
#[derive(Debug, Clone)]
enum CopyAt {
    /// The table's backups, at this index.
    Backup(String, usize),
    Point(usize),
}

/// One copy: a DynamoDB backup or an AWS Backup recovery point (a row of
/// the Recovery pane, and of the Backups view).
#[derive(Debug, Clone, Copy)]
pub enum RecoveryRow<'a> {
    Backup(&'a Backup),
    Point(&'a RecoveryPoint),
}

impl<'a> RecoveryRow<'a> {
    pub fn table(&self) -> &'a str {
        match self {
            Self::Backup(b) => &b.table_name,
            Self::Point(p) => p.table_name(),
        }
    }

    pub fn created_at(&self) -> DateTime<Utc> {
        match self {
            Self::Backup(b) => b.created_at,
            Self::Point(p) => p.created_at,
        }
    }

    pub fn arn(&self) -> &'a str {
        match self {
            Self::Backup(b) => &b.arn,
            Self::Point(p) => &p.arn,
        }
    }

    /// The backup's name; a point has none, so its id (the ARN's last part).
    pub fn name(&self) -> &'a str {
        match self {
            Self::Backup(b) => &b.name,
            Self::Point(p) => p.arn.rsplit([':', '/']).next().unwrap_or(&p.arn),
        }
    }

    pub fn size_bytes(&self) -> Option<u64> {
        match self {
            Self::Backup(b) => b.size_bytes,
            Self::Point(p) => p.size_bytes,
        }
    }
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
        self.reorder();
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
        self.reorder();
    }

    /// Sorts every copy newest first (ties by ARN, so the order is stable).
    fn reorder(&mut self) {
        let mut all: Vec<(RecoveryRow<'_>, CopyAt)> = self
            .backups
            .iter()
            .flat_map(|(table, list)| {
                list.iter()
                    .enumerate()
                    .map(move |(i, b)| (RecoveryRow::Backup(b), CopyAt::Backup(table.clone(), i)))
            })
            .chain(
                self.points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (RecoveryRow::Point(p), CopyAt::Point(i))),
            )
            .collect();
        all.sort_by(|(a, _), (b, _)| {
            b.created_at()
                .cmp(&a.created_at())
                .then_with(|| a.arn().cmp(b.arn()))
        });
        let order = all.into_iter().map(|(_, at)| at).collect();
        self.newest_first = order;
    }

    /// Every copy, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = RecoveryRow<'_>> {
        self.newest_first.iter().filter_map(|at| match at {
            CopyAt::Backup(table, i) => self
                .backups
                .get(table)
                .and_then(|list| list.get(*i))
                .map(RecoveryRow::Backup),
            CopyAt::Point(i) => self.points.get(*i).map(RecoveryRow::Point),
        })
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

    /// The Recovery pane's rows: backups, recovery points, then exports,
    /// then the copies in the DR vault.
    pub fn pane_rows<'a>(&'a self, table: &str) -> impl Iterator<Item = PaneRow<'a>> {
        self.rows_of(table)
            .map(PaneRow::Copy)
            .chain(self.exports_of(table).iter().map(PaneRow::Export))
            .chain(self.dr_copies_of(table).iter().map(PaneRow::DrCopy))
    }

    pub fn pane_row_count(&self, table: &str) -> usize {
        self.row_count(table) + self.exports_of(table).len() + self.dr_copies_of(table).len()
    }

    pub fn exports_of(&self, table: &str) -> &[Export] {
        self.exports
            .by_table
            .get(table)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The table's copies in the DR vault, newest first.
    pub fn dr_copies_of(&self, table: &str) -> &[RecoveryPoint] {
        self.dr.copies.get(table).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The DR vault's ARN and region (`[copies] vault_arn`'s), when set.
    pub fn dr_vault_arn(&self) -> Option<crate::domain::VaultArn> {
        crate::domain::VaultArn::parse(self.dr_vault.as_deref()?).ok()
    }

    /// The DR region: as named, else the DR vault's.
    pub fn dr_region(&self) -> Option<String> {
        self.dr_region_named
            .clone()
            .or_else(|| self.dr_vault_arn().map(|v| v.region))
    }

    /// What the DR region's read answered.
    pub fn set_dr(&mut self, read: DrRead) {
        let mut error = Vec::new();
        self.dr.copies.clear();
        match read.copies {
            Ok(points) => {
                for p in points {
                    self.dr
                        .copies
                        .entry(p.table_name().to_owned())
                        .or_default()
                        .push(p);
                }
                for list in self.dr.copies.values_mut() {
                    list.sort_by_key(|p| std::cmp::Reverse(p.created_at));
                }
            }
            Err(e) => error.push(e),
        }
        self.dr.tables = match read.tables {
            Ok(mut names) => {
                names.sort_unstable();
                Some(names)
            }
            Err(e) => {
                error.push(e);
                None
            }
        };
        self.dr.error = (!error.is_empty()).then(|| error.join("; "));
        self.dr.loaded = true;
    }

    /// Whether a table named `name` is known to exist in the DR region.
    pub fn exists_in_dr(&self, name: &str) -> bool {
        self.dr
            .tables
            .as_ref()
            .is_some_and(|t| t.binary_search_by(|n| n.as_str().cmp(name)).is_ok())
    }

    /// The exports read (`partial`: why only some are known).
    pub fn set_exports(&mut self, all: Vec<Export>, partial: Option<String>) {
        self.exports.by_table.clear();
        for x in all {
            let Some(table) = crate::domain::table_of_arn(&x.table_arn) else {
                continue;
            };
            self.exports
                .by_table
                .entry(table.to_owned())
                .or_default()
                .push(x);
        }
        for list in self.exports.by_table.values_mut() {
            list.sort_by_key(|x| std::cmp::Reverse(x.started_at));
        }
        self.exports.partial = partial;
        self.exports.loaded = true;
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
