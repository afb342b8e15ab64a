//! The eight operations an operator can run, as the UI hands them to the
//! engine.

use serde::{Deserialize, Serialize};

use crate::domain::PitrTarget;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operation {
    /// 1. Replace a table with its own contents at an earlier time.
    PitrInPlace { table: String, at: PitrTarget },
    /// 2. Replace a table with an AWS Backup recovery point.
    AwsBackupInPlace {
        table: String,
        recovery_point_arn: String,
        /// The point is in cold storage (hours, not minutes).
        cold: bool,
    },
    /// 3. Take a DynamoDB backup (`--orig` naming).
    CreateBackup { table: String },
    /// 4. Restore a DynamoDB backup into a new table.
    RestoreFromBackup { backup_arn: String, target: String },
    /// 5. Restore an AWS Backup recovery point into a new table.
    RestoreFromRecoveryPoint {
        recovery_point_arn: String,
        target: String,
    },
    /// 6. Delete a table, optionally after a `--orig` fallback backup.
    DeleteTable {
        table: String,
        fallback_backup: bool,
    },
    /// 7. Turn point-in-time recovery on.
    EnablePitr {
        table: String,
        recovery_period_days: u8,
    },
    /// 8. Turn deletion protection on.
    EnableDeletionProtection { table: String },
}

impl Operation {
    /// The operation's name in the menu.
    pub fn label(&self) -> &'static str {
        match self {
            Self::PitrInPlace { .. } => "PITR restore in place",
            Self::AwsBackupInPlace { .. } => "AWS Backup restore in place",
            Self::CreateBackup { .. } => "Create a backup",
            Self::RestoreFromBackup { .. } => "Restore from a DynamoDB backup",
            Self::RestoreFromRecoveryPoint { .. } => "Restore from an AWS Backup recovery point",
            Self::DeleteTable { .. } => "Delete a table",
            Self::EnablePitr { .. } => "Enable PITR",
            Self::EnableDeletionProtection { .. } => "Enable deletion protection",
        }
    }
}

/// The table an operation works on (or creates): the app refuses a second
/// operation on a table while one runs.
pub fn table_of(op: &Operation) -> &str {
    match op {
        Operation::PitrInPlace { table, .. }
        | Operation::AwsBackupInPlace { table, .. }
        | Operation::CreateBackup { table }
        | Operation::DeleteTable { table, .. }
        | Operation::EnablePitr { table, .. }
        | Operation::EnableDeletionProtection { table } => table,
        Operation::RestoreFromBackup { target, .. }
        | Operation::RestoreFromRecoveryPoint { target, .. } => target,
    }
}
