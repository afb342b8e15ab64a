//! The inventory as one value, for `inventory --json`.

use serde::Serialize;

use super::InventoryEvent;
use crate::backend::{BackendInfo, BackendKind};
use crate::domain::{Backup, Job, PitrStatus, RecoveryPoint, Table};

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
                    })
                    .collect();
            }
            InventoryEvent::TableLoaded { name, table, pitr } => {
                if let Some(e) = self.tables.iter_mut().find(|e| e.name == name) {
                    e.table = Some(table);
                    e.pitr = Some(pitr);
                }
            }
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

    /// Whether every part loaded.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
            && self
                .tables
                .iter()
                .all(|t| t.error.is_none() && t.table.is_some())
    }
}
