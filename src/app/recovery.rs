//! What can bring each table back: its DynamoDB backups and its AWS Backup
//! recovery points, newest first, indexed by table name when they arrive.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::{Backup, RecoveryPoint};

#[derive(Debug, Clone, Default)]
pub struct RecoveryIndex {
    pub backups: HashMap<String, Vec<Backup>>,
    pub points: HashMap<String, Vec<RecoveryPoint>>,
    pub backups_loaded: bool,
    pub points_loaded: bool,
    pub backups_error: Option<String>,
    pub points_error: Option<String>,
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

    pub fn set_points(&mut self, all: Vec<RecoveryPoint>) {
        self.points.clear();
        for p in all {
            let table = table_of_arn(&p.resource_arn)
                .unwrap_or(&p.resource_name)
                .to_owned();
            self.points.entry(table).or_default().push(p);
        }
        for list in self.points.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.created_at));
        }
        self.points_loaded = true;
        self.points_error = None;
    }

    pub fn backups_of(&self, table: &str) -> &[Backup] {
        self.backups.get(table).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn points_of(&self, table: &str) -> &[RecoveryPoint] {
        self.points.get(table).map(Vec::as_slice).unwrap_or(&[])
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

    pub fn newest(&self, table: &str) -> Option<DateTime<Utc>> {
        let b = self.backups_of(table).first().map(|b| b.created_at);
        let p = self.points_of(table).first().map(|p| p.created_at);
        b.max(p)
    }
}

/// `arn:aws:dynamodb:r:a:table/NAME[/backup/…]` → `NAME`.
pub fn table_of_arn(arn: &str) -> Option<&str> {
    let rest = arn.split_once(":table/")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}
