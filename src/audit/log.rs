//! The audit file and its records.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::backend::BackendKind;
use crate::safe_fs;
use crate::workflow::journal::append_whole;

fn aws() -> BackendKind {
    BackendKind::Aws
}

/// Before the call is sent, or after AWS answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Intent,
    #[default]
    Result,
}

/// One mutating call, before or after. Every record names the backend,
/// account, region and endpoint it went to, so a reader can tell a
/// sandbox rehearsal or another account's calls apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub time: DateTime<Utc>,
    /// Older records have none: they are results.
    #[serde(default)]
    pub phase: Phase,
    #[serde(default = "aws")]
    pub backend: BackendKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The caller's ARN (STS GetCallerIdentity), `unknown` if STS failed.
    pub caller_arn: String,
    pub account: String,
    pub region: String,
    /// The AWS API: `DeleteTable`, `CreateBackup`, …
    pub operation: String,
    /// The table, backup or recovery point it acted on.
    pub resource: String,
    pub parameters: serde_json::Value,
    /// `intent`, `ok` or `error`.
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
            safe_fs::private_dir(dir)?;
        }
        let file = safe_fs::open_append_private(&self.path)?;
        append_whole(&file, &line)
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
