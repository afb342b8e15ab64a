//! Restores: from a backup of this run, from an existing backup, from an
//! AWS Backup recovery point (following the job's percent).

use crate::workflow::runner::{Finish, Halt, Runner, StepCtx, StepResult, failed};
use crate::workflow::wait::WaitFor;

impl Runner {
    pub(super) async fn restore_from_run_backup(
        &mut self,
        step: &StepCtx,
        target: &str,
        backup_name: &str,
    ) -> StepResult {
        let arn = self
            .ledger
            .backup_named(backup_name)
            .map(|b| b.arn.clone())
            .ok_or_else(|| {
                Halt::Failed(format!("backup {backup_name} was not taken in this run"))
            })?;
        self.restore_from_backup(step, target, &arn).await
    }

    pub(super) async fn restore_from_backup(
        &mut self,
        step: &StepCtx,
        target: &str,
        backup_arn: &str,
    ) -> StepResult {
        if !self.ledger.restores_started.iter().any(|t| t == target) {
            self.backend
                .restore_table_from_backup(target, backup_arn)
                .await
                .map_err(failed("RestoreTableFromBackup"))?;
            self.ledger.restores_started.push(target.to_owned());
            self.note_accepted("RestoreTableFromBackup", target);
        }
        let detail = self.wait(step, WaitFor::TableActive(target)).await?;
        Ok(Finish::Done(detail))
    }

    pub(super) async fn restore_from_recovery_point(
        &mut self,
        step: &StepCtx,
        target: &str,
        recovery_point_arn: &str,
    ) -> StepResult {
        let job = match &self.ledger.restore_job {
            Some(id) => id.clone(),
            None => {
                let id = self
                    .backend
                    .start_restore_job(recovery_point_arn, &self.ctx.backup_role_arn, target)
                    .await
                    .map_err(failed("StartRestoreJob"))?;
                self.ledger.restore_job = Some(id.clone());
                self.ledger.restores_started.push(target.to_owned());
                self.note_accepted("StartRestoreJob", target);
                id
            }
        };
        self.wait(step, WaitFor::RestoreJob(&job)).await?;
        let detail = self.wait(step, WaitFor::TableActive(target)).await?;
        Ok(Finish::Done(Some(format!(
            "job {job}; {}",
            detail.unwrap_or_default()
        ))))
    }
}
