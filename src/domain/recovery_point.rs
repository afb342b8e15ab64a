use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// An AWS Backup recovery point of a DynamoDB table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryPoint {
    pub arn: String,
    /// The table's ARN.
    pub resource_arn: String,
    pub created_at: DateTime<Utc>,
    pub status: RecoveryPointStatus,
    pub storage: StorageClass,
    pub lifecycle: Lifecycle,
    pub size_bytes: Option<u64>,
    /// The plan and rule that made it (`CreatedBy`); `None` for a point
    /// made by an on-demand backup job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_by: Option<MadeBy>,
}

/// The backup plan and rule behind a recovery point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeBy {
    pub plan_id: String,
    pub rule_id: String,
}

impl RecoveryPoint {
    /// The table's name, from its ARN (`…:table/NAME`). The vault and the
    /// name are not stored per point: the caller knows the vault, the ARN
    /// holds the name, and 100,000 points are most of the console's memory.
    pub fn table_name(&self) -> &str {
        let arn = self.resource_arn.as_str();
        super::table_of_arn(arn).unwrap_or_else(|| arn.split('/').next().unwrap_or(arn))
    }

    /// The rule of thumb an operator plans by: ~20 minutes from warm
    /// storage, ~3 hours from cold.
    pub fn estimated_restore(&self) -> Duration {
        match self.storage {
            StorageClass::Warm => Duration::minutes(20),
            StorageClass::Cold => Duration::hours(3),
            StorageClass::Deleted => Duration::zero(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StorageClass {
    Warm,
    Cold,
    Deleted,
}

impl StorageClass {
    pub fn label(self) -> &'static str {
        match self {
            Self::Warm => "🔥 warm",
            Self::Cold => "⛄ cold",
            Self::Deleted => "deleted",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecoveryPointStatus {
    Completed,
    Partial,
    Deleting,
    Expired,
}

/// The plan's lifecycle as AWS Backup computed it for this point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Lifecycle {
    pub move_to_cold_after_days: Option<i64>,
    pub delete_after_days: Option<i64>,
    /// `CalculatedLifecycle.MoveToColdStorageAt`.
    pub move_to_cold_at: Option<DateTime<Utc>>,
    /// `CalculatedLifecycle.DeleteAt`.
    pub delete_at: Option<DateTime<Utc>>,
}
