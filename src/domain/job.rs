//! AWS Backup jobs: backups, copies and restores, as the Jobs pane and
//! `dynamo-dr jobs` show them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An AWS Backup backup, copy or restore job.
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
    /// A copy job's vaults (and the destination's region when its ARN
    /// names one); `None` for backup and restore jobs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<CopyRoute>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobKind {
    Backup,
    Copy,
    Restore,
}

impl JobKind {
    /// The word the Jobs pane and `dynamo-dr jobs` use.
    pub fn word(self) -> &'static str {
        match self {
            Self::Backup => "backup",
            Self::Copy => "copy",
            Self::Restore => "restore",
        }
    }
}

/// Where a copy job copies a recovery point from and to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyRoute {
    pub source_vault: String,
    pub destination_vault: String,
    /// The destination vault's region, read from its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_region: Option<String>,
}

impl CopyRoute {
    /// The route from two vault ARNs (a plain name is kept as it is).
    pub fn from_arns(source: &str, destination: &str) -> Self {
        Self {
            source_vault: vault_name(source).to_owned(),
            destination_vault: vault_name(destination).to_owned(),
            destination_region: vault_region(destination).map(str::to_owned),
        }
    }
}

/// `arn:aws:backup:us-west-2:123:backup-vault:dr` → `dr`.
fn vault_name(arn: &str) -> &str {
    arn.rsplit_once(":backup-vault:").map_or(arn, |(_, n)| n)
}

/// `arn:aws:backup:us-west-2:123:backup-vault:dr` → `us-west-2`.
fn vault_region(arn: &str) -> Option<&str> {
    if !arn.starts_with("arn:") {
        return None;
    }
    arn.split(':').nth(3).filter(|r| !r.is_empty())
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
    /// A backup job AWS Backup could not start or finish in its rule's
    /// window.
    Expired,
    Unknown(String),
}

impl JobStatus {
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Aborted | Self::Failed | Self::Expired
        )
    }

    /// Failed, expired or aborted: what `dynamo-dr jobs` exits 1 for.
    pub fn is_problem(&self) -> bool {
        matches!(self, Self::Failed | Self::Expired | Self::Aborted)
    }

    /// AWS's word for it.
    pub fn word(&self) -> &str {
        match self {
            Self::Created => "CREATED",
            Self::Pending => "PENDING",
            Self::Running => "RUNNING",
            Self::Completed => "COMPLETED",
            Self::Aborted => "ABORTED",
            Self::Failed => "FAILED",
            Self::Expired => "EXPIRED",
            Self::Unknown(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_route_names_the_vaults_and_the_destination_region() {
        let r = CopyRoute::from_arns(
            "arn:aws:backup:eu-west-1:123456789012:backup-vault:Default",
            "arn:aws:backup:us-west-2:123456789012:backup-vault:prod-vault-dr",
        );
        assert_eq!(r.source_vault, "Default");
        assert_eq!(r.destination_vault, "prod-vault-dr");
        assert_eq!(r.destination_region.as_deref(), Some("us-west-2"));
        let plain = CopyRoute::from_arns("a", "b");
        assert_eq!(plain.destination_vault, "b");
        assert_eq!(plain.destination_region, None);
    }

    #[test]
    fn failed_expired_and_aborted_are_problems_and_nothing_else_is() {
        for s in [JobStatus::Failed, JobStatus::Expired, JobStatus::Aborted] {
            assert!(s.is_problem() && s.is_finished(), "{s:?}");
        }
        for s in [
            JobStatus::Completed,
            JobStatus::Running,
            JobStatus::Created,
            JobStatus::Unknown("PARTIAL".to_owned()),
        ] {
            assert!(!s.is_problem(), "{s:?}");
        }
    }
}
