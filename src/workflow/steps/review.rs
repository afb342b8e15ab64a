//! The cleanup review: every temporary resource this run created, shown with
//! what it is and why it may go; only what the operator selects is deleted,
//! as added steps. A fallback `--orig` backup whose table is not ACTIVE is
//! the only copy of that table and is never deleted.

use super::cleanup::{delete_backup_plan, delete_duplicate_plan};
use super::probe::{Probe, Touches};
use crate::backend::BackendError;
use crate::domain::{BackupStatus, TableStatus};
use crate::workflow::action::{BackupOf, StepAction};
use crate::workflow::ledger::RunBackup;
use crate::workflow::question::{Answer, CleanupItem, CleanupKind, Question};
use crate::workflow::runner::{Finish, StepResult};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_plans::{SECONDS_5, StepPlan};

pub(in crate::workflow) fn cleanup_review_plan() -> StepPlan {
    StepPlan::new(
        "Review the temporary resources of this run (nothing is deleted unless you select it)",
        &["DescribeTable", "DescribeBackup"],
        SECONDS_5,
        StepAction::CleanupReview,
    )
}

impl StepEnv<'_> {
    /// The review step: asks, then adds one deletion step per selected item.
    pub(in crate::workflow) async fn cleanup_review(&mut self) -> StepResult {
        let items = self.cleanup_items().await;
        if items.is_empty() {
            return Ok(Finish::Skipped(
                "this run left no temporary resources".to_owned(),
            ));
        }
        let chosen = match self
            .ask(Question::CleanupReview {
                items: items.clone(),
            })
            .await
        {
            Answer::Delete(ids) => ids,
            _ => Vec::new(),
        };
        let mut deleting = 0;
        let mut kept = Vec::new();
        for item in items {
            let deletion = if item.deletable && chosen.contains(&item.id) {
                self.deletion_of(&item)
            } else {
                None
            };
            match deletion {
                Some(step) => {
                    self.add_step(step);
                    deleting += 1;
                }
                None => kept.push(item.name),
            }
        }
        let kept = if kept.is_empty() {
            String::new()
        } else {
            format!("; kept {}", kept.join(", "))
        };
        Ok(Finish::Done(Some(format!("deleting {deleting}{kept}"))))
    }

    /// The step that deletes an item the review offered, built from what the
    /// ledger holds of it (the item's id is its name or ARN).
    fn deletion_of(&self, item: &CleanupItem) -> Option<StepPlan> {
        match item.kind {
            CleanupKind::DuplicateTable => self
                .ledger
                .duplicate_table
                .as_ref()
                .filter(|t| **t == *item.id)
                .map(delete_duplicate_plan),
            CleanupKind::OriginalBackup | CleanupKind::DuplicateBackup => self
                .ledger
                .backups
                .iter()
                .find(|b| b.arn == *item.id)
                .map(delete_backup_plan),
        }
    }

    /// What this run created that still exists. Once the run has deleted
    /// the table it restores, nothing is offered before the restored table
    /// verified equal to the duplicate (operation 1).
    pub(in crate::workflow) async fn cleanup_items(&self) -> Vec<CleanupItem> {
        let mut items = self.created_items().await;
        if let Some(why) = self.verification_gate() {
            // Items already kept keep their own, more pressing reason.
            for item in items.iter_mut().filter(|i| i.deletable) {
                item.deletable = false;
                item.why.clone_from(&why);
            }
        }
        items
    }

    /// Why the review may not offer anything yet, if so.
    fn verification_gate(&self) -> Option<String> {
        if self.ledger.verified_equal {
            return None;
        }
        let (at, restored) =
            self.steps()
                .iter()
                .enumerate()
                .find_map(|(i, s)| match &s.action {
                    StepAction::Verify { restored, .. } => Some((i, restored)),
                    _ => None,
                })?;
        // The original was never deleted: the duplicate is only a leftover.
        if !self.ledger.deleting.contains(restored) {
            return None;
        }
        Some(format!(
            "kept: {restored} has not verified equal to the duplicate (step {})",
            at + 1
        ))
    }

    async fn created_items(&self) -> Vec<CleanupItem> {
        let mut items = Vec::new();
        if let Some(table) = &self.ledger.duplicate_table
            && self.table_exists(table.as_str()).await
        {
            let (deletable, why) = self.duplicate_verdict().await;
            let what = if self.ledger.repair.is_some() {
                "scratch table: the copy this repair read what was lost from"
            } else {
                "point-in-time duplicate table created by this run"
            };
            items.push(CleanupItem {
                id: table.to_string(),
                name: table.to_string(),
                kind: CleanupKind::DuplicateTable,
                what: what.to_owned(),
                why,
                deletable,
            });
        }
        for b in &self.ledger.backups {
            if self.backup_exists(b.arn.as_str()).await {
                items.push(self.backup_item(b).await);
            }
        }
        items
    }

    async fn backup_item(&self, b: &RunBackup) -> CleanupItem {
        let (kind, what, why, deletable) = match b.of {
            BackupOf::Duplicate => (
                CleanupKind::DuplicateBackup,
                format!(
                    "backup of the duplicate table, taken to restore {}",
                    b.table
                ),
                "only needed to restore the table again from the same point in time".to_owned(),
                true,
            ),
            BackupOf::PreRepair => (
                CleanupKind::OriginalBackup,
                format!("backup of {} taken before the repair wrote to it", b.table),
                "kept: with the pre-images, it is how this repair is undone; delete it from \
                 the Backups view once the repair is proven"
                    .to_owned(),
                false,
            ),
            BackupOf::Original if self.table_is_active(b.table.as_str()).await => (
                CleanupKind::OriginalBackup,
                format!(
                    "fallback backup of {} taken before this run changed it",
                    b.table
                ),
                format!(
                    "{} exists and is ACTIVE; delete once you have checked it",
                    b.table
                ),
                true,
            ),
            BackupOf::Original => (
                CleanupKind::OriginalBackup,
                format!(
                    "fallback backup of {} taken before this run changed it",
                    b.table
                ),
                format!(
                    "kept: {} no longer exists, so this backup is its only copy",
                    b.table
                ),
                false,
            ),
        };
        CleanupItem {
            id: b.arn.to_string(),
            name: b.name.clone(),
            kind,
            what,
            why,
            deletable,
        }
    }

    /// Whether the duplicate table may go: its source is there to make it
    /// again, or an AVAILABLE backup of this run holds its contents.
    pub(in crate::workflow) async fn duplicate_verdict(&self) -> (bool, String) {
        if let Some(source) = &self.ledger.duplicate_source
            && self.table_is_active(source.as_str()).await
        {
            let why = if self.ledger.verified_equal {
                format!("{source} is ACTIVE and verified equal to it, item by item")
            } else if let Some(r) = &self.ledger.repair {
                if r.verified {
                    format!(
                        "only needed for the diff; what {source} needed is written and read back"
                    )
                } else {
                    format!("only needed for the diff; {source} is ACTIVE")
                }
            } else {
                format!("only needed to build the restore; {source} is ACTIVE")
            };
            return (true, why);
        }
        let dupe_backups = self
            .ledger
            .backups
            .iter()
            .filter(|b| b.of == BackupOf::Duplicate);
        for b in dupe_backups {
            if self.backup_is_available(b.arn.as_str()).await {
                return (true, format!("its contents are also in backup {}", b.name));
            }
        }
        let why = "kept: the original table is gone and no backup holds this point-in-time copy";
        (false, why.to_owned())
    }

    /// Names of the temporary resources of this run that still exist.
    pub(in crate::workflow) async fn remaining(&self) -> Vec<String> {
        self.cleanup_items()
            .await
            .into_iter()
            .map(|i| i.name)
            .collect()
    }

    pub(in crate::workflow) async fn backup_is_available(&self, arn: &str) -> bool {
        matches!(self.backend.describe_backup(arn).await, Ok(b) if b.status == BackupStatus::Available)
    }

    pub(in crate::workflow) async fn table_exists(&self, table: &str) -> bool {
        !matches!(
            self.backend.describe_table(table).await,
            Err(BackendError::NotFound { .. })
        )
    }

    pub(in crate::workflow) async fn table_is_active(&self, table: &str) -> bool {
        matches!(self.backend.describe_table(table).await, Ok(t) if t.status == TableStatus::Active)
    }

    pub(in crate::workflow) async fn backup_exists(&self, arn: &str) -> bool {
        match self.backend.describe_backup(arn).await {
            Ok(b) => b.status != BackupStatus::Deleted,
            Err(BackendError::NotFound { .. }) => false,
            Err(_) => true,
        }
    }
}

/// The cleanup review asks again when resumed; it touches nothing itself.
pub(super) fn cleanup_review_probe<'a>() -> Probe<'a> {
    Probe::touching(Touches::default())
}
