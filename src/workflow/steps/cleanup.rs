//! The deletions a cleanup review chose. Each re-checks right before it
//! deletes: only resources of this run, never the only copy of a table.

use crate::workflow::action::{BackupOf, StepAction};
use crate::workflow::question::{CleanupItem, CleanupKind};
use crate::workflow::runner::{Finish, Halt, Runner, StepCtx, StepResult, failed};
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::{Probe, Touches};

/// One deletion chosen in the cleanup review.
pub(super) fn delete_temporary_plan(item: &CleanupItem) -> StepPlan {
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

impl Runner {
    pub(super) async fn delete_temporary_table(
        &mut self,
        step: &StepCtx,
        table: &str,
    ) -> StepResult {
        if self.ledger.duplicate_table.as_deref() != Some(table) {
            return Err(Halt::Failed(format!(
                "{table} was not created by this run: not deleting it"
            )));
        }
        if !self.ledger.deleting.iter().any(|t| t == table) {
            if !self.table_exists(table).await {
                return Ok(Finish::Skipped(format!("{table} is already gone")));
            }
            if let (false, why) = self.duplicate_verdict().await {
                return Ok(Finish::Skipped(why));
            }
            self.wait(step, WaitFor::TableActive(table)).await?;
            self.backend
                .delete_table(table)
                .await
                .map_err(failed("DeleteTable"))?;
            self.ledger.deleting.push(table.to_owned());
            self.note_accepted("DeleteTable", table);
        }
        let detail = self.wait(step, WaitFor::TableGone(table)).await?;
        Ok(Finish::Done(detail))
    }

    pub(super) async fn delete_temporary_backup(
        &self,
        step: &StepCtx,
        arn: &str,
        name: &str,
    ) -> StepResult {
        let Some(b) = self.ledger.backups.iter().find(|b| b.arn == arn) else {
            return Err(Halt::Failed(format!(
                "{name} was not created by this run: not deleting it"
            )));
        };
        // Checked again just before the delete: a fallback backup whose table
        // is not ACTIVE is that table's only copy and is never deleted.
        if b.of == BackupOf::Original && !self.table_is_active(&b.table).await {
            return Ok(Finish::Skipped(format!(
                "kept: {} is not ACTIVE, so {name} is its only copy",
                b.table
            )));
        }
        if !self.backup_exists(arn).await {
            return Ok(Finish::Skipped(format!("{name} is already gone")));
        }
        self.wait(step, WaitFor::BackupsAvailable(vec![(arn, name)]))
            .await?;
        self.backend
            .delete_backup(arn)
            .await
            .map_err(failed("DeleteBackup"))?;
        self.note_accepted("DeleteBackup", name);
        Ok(Finish::Done(Some("deleted".to_owned())))
    }
}

/// DeleteTemporaryBackup: a retry re-checks the backup before deleting, so
/// the resume need not learn anything; the scan shows the backup.
pub(super) fn delete_temporary_backup_probe(backup_name: &str) -> Probe<'_> {
    Probe::touching(Touches {
        backups: vec![backup_name],
        ..Touches::default()
    })
    .shows(move |seen| vec![seen.backup_line(backup_name)])
}
