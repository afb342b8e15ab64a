use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A DynamoDB table's lifecycle status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TableStatus {
    Creating,
    Updating,
    Deleting,
    Active,
    InaccessibleEncryptionCredentials,
    Archiving,
    Archived,
    Unknown(String),
}

impl TableStatus {
    pub fn label(&self) -> &str {
        match self {
            Self::Creating => "CREATING",
            Self::Updating => "UPDATING",
            Self::Deleting => "DELETING",
            Self::Active => "ACTIVE",
            Self::InaccessibleEncryptionCredentials => "INACCESSIBLE",
            Self::Archiving => "ARCHIVING",
            Self::Archived => "ARCHIVED",
            Self::Unknown(s) => s,
        }
    }

    /// Whether an operation may start on a table in this status.
    pub fn is_settled(&self) -> bool {
        matches!(self, Self::Active)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillingMode {
    PayPerRequest,
    Provisioned { read: i64, write: i64 },
}

impl BillingMode {
    pub fn label(&self) -> String {
        match self {
            Self::PayPerRequest => "on-demand".to_owned(),
            Self::Provisioned { read, write } => format!("prov {read}/{write}"),
        }
    }
}

/// What DescribeTable tells about a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub arn: String,
    pub status: TableStatus,
    pub item_count: u64,
    pub size_bytes: u64,
    pub billing: BillingMode,
    pub deletion_protection: bool,
    pub global_secondary_indexes: Vec<String>,
    pub created_at: Option<DateTime<Utc>>,
}
