use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A DynamoDB on-demand backup (ListBackups / DescribeBackup).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub arn: String,
    pub name: String,
    pub table_name: String,
    pub status: BackupStatus,
    pub kind: BackupType,
    pub created_at: DateTime<Utc>,
    pub size_bytes: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BackupStatus {
    Creating,
    Available,
    Deleted,
}

impl BackupStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Creating => "CREATING",
            Self::Available => "AVAILABLE",
            Self::Deleted => "DELETED",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BackupType {
    User,
    System,
    AwsBackup,
}
