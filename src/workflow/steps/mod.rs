//! Each kind of step, in the file of its family: what it plans (its
//! `*_plan` builder: title, APIs, creates, deletes, estimate), how it runs,
//! and how it tells after a crash whether its call landed (its probe, with
//! the names it touches). Every step can be retried: it resumes from what
//! the ledger says was started. A step runs on a `StepEnv`, never on the
//! whole `Runner`, so its signature shows what it depends on. The two
//! matches below are the one
//! registration of a kind; neither has a catch-all arm, so a kind without a
//! probe does not compile.

mod backup;
mod backup_job;
mod cleanup;
mod compare;
mod copy_job;
mod delete_copy;
mod drill;
mod plans;
pub(super) mod probe;
mod repair;
mod restore;
mod review;
mod s3_jobs;
mod settings;
mod table;
mod vault_policy;
mod verify;

use super::action::StepAction;
use super::runner::{StepCtx, StepResult};
use super::step_env::StepEnv;
use probe::Probe;

pub(super) use backup::{back_up_plan, wait_backups_plan};
pub(super) use backup_job::{backup_job_token, start_backup_job_plan};
pub(super) use compare::compare_plan;
pub(super) use copy_job::{copy_job_token, start_copy_job_plan};
pub(super) use delete_copy::delete_chosen_backup_plan;
pub(super) use drill::{
    drill_delete_plan, drill_lines, drill_prove_plan, drill_record_plan, drill_start_plan,
};
pub(super) use plans::{
    create_backup_plan_plan, create_selection_plan, delete_selection_plan, plan_lines,
};
pub(super) use repair::{
    repair_diff_plan, repair_verify_plan, repair_write_plan, restore_scratch_plan, undo_repair_plan,
};
pub(super) use restore::{
    in_region_plan, pitr_restore_elsewhere_plan, pitr_restore_plan, restore_from_backup_plan,
    restore_from_run_backup_plan, restore_job_plan,
};
pub(super) use review::cleanup_review_plan;
pub(super) use s3_jobs::{export_to_s3_plan, import_from_s3_plan, s3_token};
pub(super) use settings::{
    capture_settings_plan, enable_pitr_plan, enable_protection_plan, reapply_settings_plan,
};
pub(super) use table::{delete_plan, duplicate_plan, remove_protection_plan};
pub(super) use vault_policy::put_vault_policy_plan;
pub(super) use verify::verify_plan;

impl StepAction {
    /// How this step tells, after a crash, whether its call landed: read by
    /// the resume and by the start-up scan alike.
    pub fn probe(&self) -> Probe<'_> {
        match self {
            StepAction::DrillStart { table, scratch }
            | StepAction::DrillProve { table, scratch, .. }
            | StepAction::DrillRecord { table, scratch, .. } => drill::drill_probe(table, scratch),
            StepAction::DrillDeleteScratch { scratch, .. } => table::delete_table_probe(scratch),
            StepAction::Duplicate { source, target, .. } => table::duplicate_probe(source, target),
            StepAction::BackUp {
                table,
                backup_name,
                of,
                ..
            } => backup::back_up_probe(table, backup_name, *of),
            StepAction::WaitBackups { backup_names } => backup::wait_backups_probe(backup_names),
            StepAction::RemoveDeletionProtection { table } => {
                table::remove_deletion_protection_probe(table)
            }
            StepAction::DeleteTable { table } | StepAction::DeleteTemporaryTable { table } => {
                table::delete_table_probe(table)
            }
            StepAction::RestoreFromRunBackup { target, .. }
            | StepAction::RestoreFromBackup { target, .. }
            | StepAction::RestoreToPointInTime { target, .. } => {
                restore::restore_from_backup_probe(target)
            }
            StepAction::RestoreFromRecoveryPoint {
                target,
                recovery_point_arn,
            } => restore::restore_from_recovery_point_probe(target, recovery_point_arn),
            StepAction::EnablePitr { table, .. }
            | StepAction::EnableDeletionProtection { table }
            | StepAction::CaptureSettings { table }
            | StepAction::ReapplySettings { table }
            | StepAction::ApplySetting { table, .. } => settings::settings_probe(table),
            StepAction::Verify {
                restored,
                duplicate,
            } => verify::verify_probe(restored, duplicate),
            StepAction::CompareTables { table, other } => compare::compare_probe(table, other),
            StepAction::CleanupReview => review::cleanup_review_probe(),
            StepAction::RestoreScratch {
                table,
                scratch,
                from,
            } => repair::restore_scratch_probe(table, scratch, from),
            StepAction::RepairDiff { table, .. }
            | StepAction::RepairWrite { table }
            | StepAction::RepairVerify { table }
            | StepAction::UndoRepair { table, .. } => repair::repair_probe(table),
            StepAction::DeleteTemporaryBackup { backup_name, .. }
            | StepAction::DeleteChosenBackup { backup_name, .. } => {
                cleanup::delete_temporary_backup_probe(backup_name)
            }
            StepAction::StartBackupJob { table, .. } => backup_job::start_backup_job_probe(table),
            StepAction::StartCopyJob { point, .. } => copy_job::start_copy_job_probe(point),
            StepAction::InRegion { region, step } => step.probe().in_region(region),
            StepAction::ExportToS3 { table, .. } => s3_jobs::export_to_s3_probe(table),
            StepAction::ImportFromS3 { target, .. } => s3_jobs::import_from_s3_probe(target),
            StepAction::PutVaultPolicy { vault, .. } => vault_policy::put_vault_policy_probe(vault),
            StepAction::CreateBackupPlan { name, .. } => plans::create_backup_plan_probe(name),
            StepAction::CreateBackupSelection {
                plan_name,
                selection,
                ..
            } => plans::selection_probe(plan_name, &selection.name),
            StepAction::DeleteBackupSelection {
                plan_name,
                selection_name,
                ..
            } => plans::selection_probe(plan_name, selection_name),
        }
    }
}

impl StepEnv<'_> {
    pub(in crate::workflow) async fn execute(
        &mut self,
        step: &StepCtx,
        action: &StepAction,
    ) -> StepResult {
        match action {
            StepAction::DrillStart { table, scratch } => self.drill_start(table, scratch).await,
            StepAction::DrillProve {
                table,
                scratch,
                against,
            } => {
                self.drill_prove(step, table, scratch, against.as_ref())
                    .await
            }
            StepAction::DrillDeleteScratch { table, scratch } => {
                self.drill_delete_scratch(step, table, scratch).await
            }
            StepAction::DrillRecord {
                table,
                scratch,
                source,
            } => self.drill_record(table, scratch, source).await,
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
            StepAction::RestoreToPointInTime {
                source,
                target,
                at,
                source_arn,
            } => {
                let source = source_arn.as_deref().unwrap_or(source.as_str());
                self.restore_to_point_in_time(step, source, target, *at)
                    .await
            }
            StepAction::InRegion {
                region,
                step: inner,
            } => self.in_region(step, region, inner).await,
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
            StepAction::CompareTables { table, other } => {
                self.compare_tables(step, table, other).await
            }
            StepAction::CleanupReview => self.cleanup_review().await,
            StepAction::RestoreScratch {
                table,
                scratch,
                from,
            } => self.restore_scratch(step, table, scratch, from).await,
            StepAction::RepairDiff { table, source } => self.repair_diff(step, table, source).await,
            StepAction::RepairWrite { table } => self.repair_write(step, table).await,
            StepAction::RepairVerify { table } => self.repair_verify(step, table).await,
            StepAction::UndoRepair { table, preimage } => {
                self.undo_repair(step, table, preimage).await
            }
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
            StepAction::DeleteChosenBackup {
                backup_arn,
                backup_name,
            } => {
                self.delete_chosen_backup(step, backup_arn, backup_name)
                    .await
            }
            StepAction::StartBackupJob {
                table,
                vault,
                lifecycle,
                token,
            } => {
                self.start_backup_job(step, table, vault, *lifecycle, token)
                    .await
            }
            StepAction::StartCopyJob {
                point,
                source_vault,
                destination,
                lifecycle,
                token,
            } => {
                self.start_copy_job(step, point, source_vault, destination, *lifecycle, token)
                    .await
            }
            StepAction::ExportToS3 { table, request } => {
                self.export_to_s3(step, table, request).await
            }
            StepAction::ImportFromS3 {
                source,
                location,
                target,
                compression,
                token,
            } => {
                self.import_from_s3(step, source, location, target, *compression, token)
                    .await
            }
            StepAction::PutVaultPolicy {
                vault,
                policy,
                base,
            } => self.put_vault_policy(vault, policy, base.as_deref()).await,
            StepAction::CreateBackupPlan { name, rules } => {
                self.create_backup_plan(name, rules).await
            }
            StepAction::CreateBackupSelection {
                plan_name,
                plan_id,
                selection,
            } => {
                self.create_backup_selection(plan_name, plan_id.as_deref(), selection)
                    .await
            }
            StepAction::DeleteBackupSelection {
                plan_name,
                plan_id,
                selection_id,
                selection_name,
            } => {
                self.delete_backup_selection(plan_name, plan_id, selection_id, selection_name)
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests;
