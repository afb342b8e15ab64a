use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An AWS Backup backup or restore job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub status: JobStatus,
    pub percent_done: Option<f64>,
    pub resource_arn: Option<String>,
    pub recovery_point_arn: Option<String>,
    pub created_resource_arn: Option<String>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub status_message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobKind {
    Backup,
    Restore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    Created,
    Pending,
    Running,
    Completed,
    Aborted,
    Failed,
    Unknown(String),
}

impl JobStatus {
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Completed | Self::Aborted | Self::Failed)
    }
}
