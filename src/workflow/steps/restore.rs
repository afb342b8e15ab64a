//! Restores: from a backup of this run, from an existing backup, from an
//! AWS Backup recovery point (following the job's percent).

use crate::domain::JobKind;
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, Halt, Runner, StepCtx, StepResult, failed};
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::{Probe, Touches};

/// Restores `table` from this run's backup `backup_name`.
pub(in crate::workflow) fn restore_from_run_backup_plan(
    table: &str,
    backup_name: &str,
) -> StepPlan {
    StepPlan::new(
        format!("Restore {table} from the duplicate's backup {backup_name}"),
        &["RestoreTableFromBackup", "DescribeTable"],
        minutes(5),
        StepAction::RestoreFromRunBackup {
            target: table.to_owned(),
            backup_name: backup_name.to_owned(),
        },
    )
    .creating(table)
}

/// Restores an existing backup as `target`.
pub(in crate::workflow) fn restore_from_backup_plan(target: &str, backup_arn: &str) -> StepPlan {
    StepPlan::new(
        format!("Restore the backup as {target}"),
        &["RestoreTableFromBackup", "DescribeTable"],
        minutes(5),
        StepAction::RestoreFromBackup {
            target: target.to_owned(),
            backup_arn: backup_arn.to_owned(),
        },
    )
    .creating(target)
}

pub(in crate::workflow) fn restore_job_plan(target: &str, point: &str, cold: bool) -> StepPlan {
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

/// RestoreTableFromBackup (from this run's backup or an existing one): the
/// target exists (or cannot be told not to).
pub(super) fn restore_from_backup_probe(target: &str) -> Probe<'_> {
    Probe::tables([target]).landed(move |seen, _, ledger| {
        if seen.may_exist(target) && !ledger.restores_started.iter().any(|t| t == target) {
            ledger.restores_started.push(target.to_owned());
        }
    })
}

/// StartRestoreJob: a restore job of that recovery point, created after
/// the step's intent (give or take five minutes of clock skew).
pub(super) fn restore_from_recovery_point_probe<'a>(
    target: &'a str,
    recovery_point_arn: &'a str,
) -> Probe<'a> {
    Probe::touching(Touches {
        tables: vec![target],
        restore_job: true,
        ..Touches::default()
    })
    .landed(move |seen, at, ledger| {
        let since = at.intent_at();
        if ledger.restore_job.is_none()
            && let Some(job) = seen.jobs.iter().find(|j| {
                j.kind == JobKind::Restore
                    && j.recovery_point_arn.as_deref() == Some(recovery_point_arn)
                    && since.is_none_or(|t| j.created_at >= t - chrono::Duration::minutes(5))
            })
        {
            ledger.restore_job = Some(job.id.clone());
            ledger.restores_started.push(target.to_owned());
        }
    })
    .shows(move |seen| {
        seen.job_line()
            .into_iter()
            .chain([seen.table_line(target)])
            .collect()
    })
}
