//! Executing one step's action. Each module keeps one family of steps; every
//! step can be retried: it resumes from what the ledger says was started.

mod backup;
mod cleanup;
mod restore;
mod settings;
mod table;
mod verify;

use super::action::StepAction;
use super::runner::{Runner, StepCtx, StepResult};

impl Runner {
    pub(in crate::workflow) async fn execute(
        &mut self,
        step: &StepCtx,
        action: &StepAction,
    ) -> StepResult {
        match action {
            StepAction::Duplicate { source, target, at } => {
                self.duplicate(step, source, target, *at).await
            }
            StepAction::BackUp {
                table,
                backup_name,
                of,
                wait,
            } => self.back_up(step, table, backup_name, *of, *wait).await,
            StepAction::WaitBackups { backup_names } => self.wait_backups(step, backup_names).await,
            StepAction::RemoveDeletionProtection { table } => {
                self.remove_deletion_protection(table).await
            }
            StepAction::DeleteTable { table } => self.delete_original(step, table).await,
            StepAction::RestoreFromRunBackup {
                target,
                backup_name,
            } => {
                self.restore_from_run_backup(step, target, backup_name)
                    .await
            }
            StepAction::RestoreFromBackup { target, backup_arn } => {
                self.restore_from_backup(step, target, backup_arn).await
            }
            StepAction::RestoreFromRecoveryPoint {
                target,
                recovery_point_arn,
            } => {
                self.restore_from_recovery_point(step, target, recovery_point_arn)
                    .await
            }
            StepAction::EnablePitr {
                table,
                recovery_period_days,
            } => self.enable_pitr(table, *recovery_period_days).await,
            StepAction::EnableDeletionProtection { table } => {
                self.enable_deletion_protection(table).await
            }
            StepAction::CaptureSettings { table } => self.capture_settings(table).await,
            StepAction::ReapplySettings { table } => self.reapply_settings(step, table).await,
            StepAction::ApplySetting { table, change } => {
                self.apply_setting(step, table, change).await
            }
            StepAction::Verify {
                restored,
                duplicate,
            } => self.verify_restore(step, restored, duplicate).await,
            StepAction::CleanupReview => self.cleanup_review().await,
            StepAction::DeleteTemporaryTable { table } => {
                self.delete_temporary_table(step, table).await
            }
            StepAction::DeleteTemporaryBackup {
                backup_arn,
                backup_name,
            } => {
                self.delete_temporary_backup(step, backup_arn, backup_name)
                    .await
            }
        }
    }
}
