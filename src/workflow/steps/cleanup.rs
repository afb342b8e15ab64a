//! The deletions a cleanup review chose. Each re-checks right before it
//! deletes: only resources of this run, never the only copy of a table.

use crate::domain::{BackupArn, TableName};
use crate::workflow::action::{BackupOf, StepAction};
use crate::workflow::ledger::RunBackup;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::{Probe, Touches};

/// The deletion of this run's duplicate table, chosen in the cleanup review.
pub(super) fn delete_duplicate_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Delete the duplicate table {table}"),
        &["DeleteTable", "DescribeTable"],
        minutes(1),
        StepAction::DeleteTemporaryTable {
            table: table.clone(),
        },
    )
    .deleting(table)
}

/// The deletion of one of this run's backups, chosen in the cleanup review.
pub(super) fn delete_backup_plan(backup: &RunBackup) -> StepPlan {
    StepPlan::new(
        format!("Delete the backup {}", backup.name),
        &["DeleteBackup"],
        minutes(1),
        StepAction::DeleteTemporaryBackup {
            backup_arn: backup.arn.clone(),
            backup_name: backup.name.clone(),
        },
    )
    .deleting(&backup.name)
}

impl StepEnv<'_> {
    pub(super) async fn delete_temporary_table(
        &mut self,
        step: &StepCtx,
        table: &TableName,
    ) -> StepResult {
        if self.ledger.duplicate_table.as_ref() != Some(table) {
            return Err(Halt::Failed(StepError::NotCreatedByThisRun {
                name: table.to_string(),
            }));
        }
        if !self.ledger.deleting.contains(table) {
            if !self.table_exists(table.as_str()).await {
                return Ok(Finish::Skipped(format!("{table} is already gone")));
            }
            if let (false, why) = self.duplicate_verdict().await {
                return Ok(Finish::Skipped(why));
            }
            self.wait(step, WaitFor::TableActive(table.as_str()))
                .await?;
            self.backend
                .delete_table(table.as_str())
                .await
                .map_err(failed("DeleteTable"))?;
            self.ledger.deleting.push(table.clone());
            self.note_accepted("DeleteTable", table.as_str());
        }
        let detail = self.wait(step, WaitFor::TableGone(table.as_str())).await?;
        Ok(Finish::Done(detail))
    }

    pub(super) async fn delete_temporary_backup(
        &self,
        step: &StepCtx,
        arn: &BackupArn,
        name: &str,
    ) -> StepResult {
        let Some(b) = self.ledger.backups.iter().find(|b| b.arn == *arn) else {
            return Err(Halt::Failed(StepError::NotCreatedByThisRun {
                name: name.to_owned(),
            }));
        };
        // Checked again just before the delete: a fallback backup whose table
        // is not ACTIVE is that table's only copy and is never deleted.
        if b.of == BackupOf::Original && !self.table_is_active(b.table.as_str()).await {
            return Ok(Finish::Skipped(format!(
                "kept: {} is not ACTIVE, so {name} is its only copy",
                b.table
            )));
        }
        // Then as any chosen backup: gone already, or AVAILABLE, then deleted.
        self.delete_chosen_backup(step, arn, name).await
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
