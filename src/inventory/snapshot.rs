//! The inventory as one value, for `inventory --json`.

use serde::Serialize;

use super::InventoryEvent;
use crate::backend::{BackendInfo, BackendKind};
use std::collections::HashMap;

use crate::domain::{Backup, Job, NewestCopy, PitrStatus, RecoveryPoint, Table, newest_copy};

#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    pub backend: &'static str,
    pub region: String,
    pub tables: Vec<TableEntry>,
    pub backups: Vec<Backup>,
    pub recovery_points: Vec<RecoveryPoint>,
    pub jobs: Vec<Job>,
    /// Failures that are not one table's: listing tables, backups, points, jobs.
    pub errors: Vec<String>,
    /// Listings the endpoint does not implement (moto, LocalStack): said, but
    /// not failures, since nothing there could have been listed.
    pub unavailable: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableEntry {
    pub name: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub table: Option<Table>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pitr: Option<PitrStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The newest copy a restore could start from (set by `finish`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newest_copy: Option<NewestCopy>,
}

impl Inventory {
    pub fn new(info: &BackendInfo) -> Self {
        Self {
            backend: match info.kind {
                BackendKind::Sandbox => "sandbox",
                BackendKind::Aws => "aws",
            },
            region: info.region.clone(),
            tables: Vec::new(),
            backups: Vec::new(),
            recovery_points: Vec::new(),
            jobs: Vec::new(),
            errors: Vec::new(),
            unavailable: Vec::new(),
        }
    }

    pub fn apply(&mut self, ev: InventoryEvent) {
        match ev {
            InventoryEvent::TableNames(names) => {
                self.tables = names
                    .into_iter()
                    .map(|name| TableEntry {
                        name,
                        table: None,
                        pitr: None,
                        error: None,
                        newest_copy: None,
                    })
                    .collect();
            }
            InventoryEvent::TableLoaded { name, table, pitr } => {
                if let Some(e) = self.tables.iter_mut().find(|e| e.name == name) {
                    e.table = Some(table);
                    e.pitr = Some(pitr);
                }
            }
            InventoryEvent::TableGone { name } => self.tables.retain(|e| e.name != name),
            InventoryEvent::TableFailed { name, error } => {
                if let Some(e) = self.tables.iter_mut().find(|e| e.name == name) {
                    e.error = Some(error.to_string());
                }
            }
            InventoryEvent::Backups(r) => self.take(r, |s, v| s.backups = v, "list backups"),
            InventoryEvent::RecoveryPoints(r) => {
                self.take(r, |s, v| s.recovery_points = v, "list recovery points")
            }
            InventoryEvent::Jobs(r) => self.take(r, |s, v| s.jobs = v, "list jobs"),
            InventoryEvent::ListFailed(e) => self.errors.push(format!("list tables: {e}")),
            InventoryEvent::Finished => {}
        }
    }

    fn take<T>(
        &mut self,
        r: Result<T, crate::backend::BackendError>,
        set: impl FnOnce(&mut Self, T),
        what: &str,
    ) {
        match r {
            Ok(v) => set(self, v),
            Err(e @ crate::backend::BackendError::Unsupported(_)) => {
                self.unavailable.push(format!("{what}: {e}"))
            }
            Err(e) => self.errors.push(format!("{what}: {e}")),
        }
    }

    /// Once everything has arrived: the tables in the console's order (by
    /// name, case aside), each with its newest restorable copy.
    pub fn finish(&mut self) {
        self.tables
            .sort_by_cached_key(|t| (t.name.to_lowercase(), t.name.clone()));
        let mut backups: HashMap<&str, Vec<&Backup>> = HashMap::new();
        for b in &self.backups {
            backups.entry(b.table_name.as_str()).or_default().push(b);
        }
        let mut points: HashMap<&str, Vec<&RecoveryPoint>> = HashMap::new();
        for p in &self.recovery_points {
            points.entry(p.table_name()).or_default().push(p);
        }
        for t in &mut self.tables {
            let name = t.name.as_str();
            t.newest_copy = newest_copy(
                t.pitr.as_ref(),
                backups.get(name).into_iter().flatten().copied(),
                points.get(name).into_iter().flatten().copied(),
            );
        }
    }

    /// Whether every part loaded.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
            && self
                .tables
                .iter()
                .all(|t| t.error.is_none() && t.table.is_some())
    }
}
