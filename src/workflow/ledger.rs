//! What a run has learned and created so far: the cleanup review lists from
//! it, retries resume from it, and deletes are refused without its backups.
//! Table names and ARNs are journaled as plain strings.

use serde::{Deserialize, Serialize};

use super::action::BackupOf;
use crate::domain::{BackupArn, TableName, TableSettings};

/// Read before the first step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// The table's PITR recovery period before the run (`None`: PITR off).
    pub recovery_period_days: Option<u8>,
    /// The recovery point to restore is in cold storage.
    pub cold: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunBackup {
    pub arn: BackupArn,
    pub name: String,
    pub table: TableName,
    pub of: BackupOf,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub facts: Facts,
    /// The point-in-time duplicate, once RestoreTableToPointInTime accepted it.
    pub duplicate_table: Option<TableName>,
    /// The table the duplicate was made from.
    pub duplicate_source: Option<TableName>,
    pub backups: Vec<RunBackup>,
    /// Tables whose restore this run started (retries only wait).
    pub restores_started: Vec<TableName>,
    /// StartRestoreJob's id, once started.
    pub restore_job: Option<String>,
    /// Tables whose deletion protection this run turned off.
    pub protection_removed: Vec<TableName>,
    /// Tables this run asked DynamoDB to delete.
    pub deleting: Vec<TableName>,
    /// The fallback backup was declined (operation 6 without it).
    pub fallback_declined: bool,
    /// The table's settings, captured before the run changed anything.
    #[serde(default)]
    pub settings: Option<TableSettings>,
    /// The restored table verified equal to the duplicate, item by item.
    #[serde(default)]
    pub verified_equal: bool,
    /// A repair in place (or its undo) so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair: Option<RepairLedger>,
    /// StartBackupJob's id, once started (operation 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_job: Option<String>,
    /// StartCopyJob's id, once started (operation 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_job: Option<String>,
    /// The AWS Backup plan this run created (its id), once AWS took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    /// A DR drill so far (operation 17).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drill: Option<DrillLedger>,
    /// The export to S3 this run started (its ARN), once DynamoDB took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_arn: Option<String>,
    /// The import from S3 this run started (its ARN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_arn: Option<String>,
}

/// What a drill has read, measured and checked: journaled after each of
/// its steps, so a resumed drill keeps its clock and its checks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrillLedger {
    /// The source's DescribeTable item count when the drill started.
    pub source_items: u64,
    /// Its DescribeTable size in bytes (the forecast's measure).
    #[serde(default)]
    pub source_bytes: u64,
    pub source_keys: Option<crate::domain::KeySchema>,
    pub source_settings: Option<TableSettings>,
    /// When the restore was about to be asked for (the RTO's start).
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the scratch table was first seen ACTIVE after it.
    pub restored_at: Option<chrono::DateTime<chrono::Utc>>,
    pub checks: Vec<crate::drill::DrillCheck>,
    pub scratch_deleted: bool,
    /// The Markdown report, once written.
    pub report: Option<std::path::PathBuf>,
    /// Whether the drill passed, once recorded.
    pub passed: Option<bool>,
}

/// How far a repair (operation 11) or its undo has got: journaled after
/// the diff, after the choice and after every batch of writes, so a resumed
/// run skips the batches done and writes each item once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RepairLedger {
    /// The table the live one was compared with (the scratch table, or the
    /// table chosen as the source).
    pub source: Option<TableName>,
    /// Where the repair's files are: `<base>.repair.json`,
    /// `<base>.preimage.json`, `<base>.conflicts.json` (the journal's
    /// path, so they sit beside it).
    pub base: std::path::PathBuf,
    pub counts: crate::repair::RepairCounts,
    /// `None` until the operator chose.
    pub choices: Option<crate::repair::RepairChoices>,
    /// Items to write (the chosen classes' keys; the pre-image file's
    /// lines).
    pub to_write: u64,
    /// Write units they cost.
    pub units: u64,
    /// Batches written, in the pre-image file's order.
    pub batches_done: u64,
    /// Items written (including those a resumed batch found already so).
    pub written: u64,
    /// Writes not made: the item changed after the diff saw it.
    pub conflicts: u64,
    /// Every written key read back equal to what was written.
    pub verified: bool,
}

impl RepairLedger {
    /// One of the repair's files: `repair`, `preimage` or `conflicts`.
    pub fn file(&self, name: &str) -> std::path::PathBuf {
        self.base.with_extension(format!("{name}.json"))
    }
}

impl Ledger {
    pub fn backup_named(&self, name: &str) -> Option<&RunBackup> {
        self.backups.iter().find(|b| b.name == name)
    }

    /// Tables left unprotected by a run that stopped before deleting them.
    pub fn left_unprotected(&self) -> Vec<TableName> {
        self.protection_removed
            .iter()
            .filter(|t| !self.deleting.contains(t))
            .cloned()
            .collect()
    }

    /// The names of everything this run created, for the outcome.
    pub fn created_names(&self) -> Vec<String> {
        self.duplicate_table
            .iter()
            .map(TableName::to_string)
            .chain(self.backups.iter().map(|b| b.name.clone()))
            .collect()
    }
}
