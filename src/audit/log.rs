//! The audit file and its records.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One mutating call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub time: DateTime<Utc>,
    /// The caller's ARN (STS GetCallerIdentity), `unknown` if STS failed.
    pub caller_arn: String,
    pub account: String,
    pub region: String,
    /// The AWS API: `DeleteTable`, `CreateBackup`, …
    pub operation: String,
    /// The table, backup or recovery point it acted on.
    pub resource: String,
    pub parameters: serde_json::Value,
    /// `ok` or `error`.
    pub result: String,
    pub error: Option<String>,
}

/// Appends records to one file; each is synced before the call returns.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    lock: Mutex<()>,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn append(&self, record: &AuditRecord) -> io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(&line)?;
        file.sync_all()
    }

    /// Every whole record in the file (a cut last line is left out).
    pub fn read(path: &Path) -> io::Result<Vec<AuditRecord>> {
        let text = std::fs::read_to_string(path)?;
        Ok(text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect())
    }
}
