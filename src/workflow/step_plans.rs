//! A step of a plan as data (`StepPlan`: what the operator reads, what it
//! calls, creates and deletes, and the action it runs), and the builders the
//! plans share: one function per kind of step, so a step reads the same in
//! every operation.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::action::{BackupOf, StepAction};
use super::question::{CleanupItem, CleanupKind};
use crate::domain::SettingChange;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepPlan {
    /// In the operator's words: "Duplicate orders at … as orders--dupe-…".
    pub title: String,
    /// The AWS APIs the step calls, in order.
    pub api: Vec<String>,
    /// Names of the tables and backups the step creates.
    pub creates: Vec<String>,
    /// Names of the tables and backups the step deletes.
    pub deletes: Vec<String>,
    /// Rough AWS time (before any question is answered).
    pub estimate: Duration,
    pub action: StepAction,
}

impl StepPlan {
    pub fn new(
        title: impl Into<String>,
        api: &[&str],
        estimate: Duration,
        action: StepAction,
    ) -> Self {
        Self {
            title: title.into(),
            api: api.iter().map(|a| (*a).to_owned()).collect(),
            creates: Vec::new(),
            deletes: Vec::new(),
            estimate,
            action,
        }
    }

    pub(crate) fn creating(mut self, name: &str) -> Self {
        self.creates.push(name.to_owned());
        self
    }

    pub(crate) fn deleting(mut self, name: &str) -> Self {
        self.deletes.push(name.to_owned());
        self
    }
}

pub const fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

pub const SECONDS_5: Duration = Duration::from_secs(5);

pub fn back_up(table: &str, name: &str, of: BackupOf, wait: bool) -> StepPlan {
    let whose = match of {
        BackupOf::Original => table.to_owned(),
        BackupOf::Duplicate => "the duplicate".to_owned(),
    };
    let (api, estimate): (&[&str], _) = if wait {
        (&["CreateBackup", "DescribeBackup"], minutes(2))
    } else {
        (&["CreateBackup"], SECONDS_5)
    };
    let until = if wait {
        " and wait until AVAILABLE"
    } else {
        ""
    };
    StepPlan::new(
        format!("Back up {whose} as {name}{until}"),
        api,
        estimate,
        StepAction::BackUp {
            table: table.to_owned(),
            backup_name: name.to_owned(),
            of,
            wait,
        },
    )
    .creating(name)
}

pub fn remove_protection(table: &str) -> StepPlan {
    StepPlan::new(
        format!("Check deletion protection on {table} (asks before removing it)"),
        &["DescribeTable", "UpdateTable"],
        SECONDS_5,
        StepAction::RemoveDeletionProtection {
            table: table.to_owned(),
        },
    )
}

pub fn delete(table: &str) -> StepPlan {
    StepPlan::new(
        format!("Delete {table} (asks you to type its name) and wait until it is gone"),
        &["DeleteTable", "DescribeTable"],
        minutes(1),
        StepAction::DeleteTable {
            table: table.to_owned(),
        },
    )
    .deleting(table)
}

pub fn restore_job(target: &str, point: &str, cold: bool) -> StepPlan {
    let (estimate, storage) = if cold {
        (minutes(180), "cold storage, ~3h")
    } else {
        (minutes(20), "~20m from warm storage")
    };
    StepPlan::new(
        format!("Restore {target} from the AWS Backup recovery point ({storage})"),
        &["StartRestoreJob", "DescribeRestoreJob", "DescribeTable"],
        estimate,
        StepAction::RestoreFromRecoveryPoint {
            target: target.to_owned(),
            recovery_point_arn: point.to_owned(),
        },
    )
    .creating(target)
}

pub fn enable_pitr(table: &str, days: Option<u8>) -> StepPlan {
    let period = match days {
        Some(d) => format!("{d} days"),
        None => "the recovery period it had".to_owned(),
    };
    StepPlan::new(
        format!("Turn PITR on for {table} ({period})"),
        &["UpdateContinuousBackups"],
        SECONDS_5,
        StepAction::EnablePitr {
            table: table.to_owned(),
            recovery_period_days: days,
        },
    )
}

pub fn enable_protection(table: &str) -> StepPlan {
    StepPlan::new(
        format!("Turn deletion protection on for {table}"),
        &["UpdateTable"],
        SECONDS_5,
        StepAction::EnableDeletionProtection {
            table: table.to_owned(),
        },
    )
}

pub fn cleanup_review() -> StepPlan {
    StepPlan::new(
        "Review the temporary resources of this run (nothing is deleted unless you select it)",
        &["DescribeTable", "DescribeBackup"],
        SECONDS_5,
        StepAction::CleanupReview,
    )
}

/// One deletion chosen in the cleanup review.
pub fn delete_temporary(item: &CleanupItem) -> StepPlan {
    let (title, api, action) = match item.kind {
        CleanupKind::DuplicateTable => (
            format!("Delete the duplicate table {}", item.name),
            &["DeleteTable", "DescribeTable"][..],
            StepAction::DeleteTemporaryTable {
                table: item.id.clone(),
            },
        ),
        CleanupKind::OriginalBackup | CleanupKind::DuplicateBackup => (
            format!("Delete the backup {}", item.name),
            &["DeleteBackup"][..],
            StepAction::DeleteTemporaryBackup {
                backup_arn: item.id.clone(),
                backup_name: item.name.clone(),
            },
        ),
    };
    StepPlan::new(title, api, minutes(1), action).deleting(&item.name)
}

pub fn capture_settings(table: &str) -> StepPlan {
    StepPlan::new(
        format!("Capture the settings of {table} (tags, TTL, stream, PITR, capacity, encryption…)"),
        &[
            "DescribeTable",
            "ListTagsOfResource",
            "DescribeTimeToLive",
            "DescribeContinuousBackups",
        ],
        SECONDS_5,
        StepAction::CaptureSettings {
            table: table.to_owned(),
        },
    )
}

pub fn reapply_settings(table: &str) -> StepPlan {
    StepPlan::new(
        format!(
            "Diff the settings of the restored {table} with those captured (a step per re-apply)"
        ),
        &[
            "DescribeTable",
            "ListTagsOfResource",
            "DescribeTimeToLive",
            "DescribeContinuousBackups",
        ],
        SECONDS_5,
        StepAction::ReapplySettings {
            table: table.to_owned(),
        },
    )
}

pub fn apply_setting(table: &str, change: SettingChange) -> StepPlan {
    let estimate = match change {
        SettingChange::Tags { .. } | SettingChange::Ttl { .. } => SECONDS_5,
        _ => minutes(1),
    };
    StepPlan::new(
        change.title(table),
        change.api(),
        estimate,
        StepAction::ApplySetting {
            table: table.to_owned(),
            change,
        },
    )
}

pub fn verify(restored: &str, duplicate: &str) -> StepPlan {
    StepPlan::new(
        format!("Verify {restored} against the duplicate, item by item, before any cleanup"),
        &["DescribeTable", "Scan"],
        minutes(10),
        StepAction::Verify {
            restored: restored.to_owned(),
            duplicate: duplicate.to_owned(),
        },
    )
}
