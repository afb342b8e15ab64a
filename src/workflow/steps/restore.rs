//! Restores: from a backup of this run, from an existing backup, from an
//! AWS Backup recovery point (following the job's percent), from a table at
//! a point in time into a new table.

use crate::domain::time::format_reference;
use crate::domain::{BackupArn, JobKind, PitrTarget, RecoveryPointArn, TableName};
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::{Probe, Touches};

/// Restores `table` from this run's backup `backup_name`.
pub(in crate::workflow) fn restore_from_run_backup_plan(
    table: &TableName,
    backup_name: &TableName,
) -> StepPlan {
    StepPlan::new(
        format!("Restore {table} from the duplicate's backup {backup_name}"),
        &["RestoreTableFromBackup", "DescribeTable"],
        minutes(5),
        StepAction::RestoreFromRunBackup {
            target: table.clone(),
            backup_name: backup_name.to_string(),
        },
    )
    .creating(table)
}

/// Restores an existing backup as `target`.
pub(in crate::workflow) fn restore_from_backup_plan(
    target: &TableName,
    backup_arn: &BackupArn,
) -> StepPlan {
    StepPlan::new(
        format!(
            "Restore {target} from backup {}",
            source_of(backup_arn.as_str())
        ),
        &["RestoreTableFromBackup", "DescribeTable"],
        crate::workflow::BACKUP_RESTORE,
        StepAction::RestoreFromBackup {
            target: target.clone(),
            backup_arn: backup_arn.clone(),
        },
    )
    .creating(target)
}

pub(in crate::workflow) fn restore_job_plan(
    target: &TableName,
    point: &RecoveryPointArn,
    cold: bool,
) -> StepPlan {
    let (estimate, storage) = if cold {
        (minutes(180), "cold storage, ~3h")
    } else {
        (minutes(20), "warm storage")
    };
    StepPlan::new(
        format!(
            "Restore {target} from AWS Backup point {} ({storage})",
            source_of(point.as_str())
        ),
        &["StartRestoreJob", "DescribeRestoreJob", "DescribeTable"],
        estimate,
        StepAction::RestoreFromRecoveryPoint {
            target: target.clone(),
            recovery_point_arn: point.clone(),
        },
    )
    .creating(target)
}

/// `table` as it was at `at`, restored as the new table `target`: the call
/// of the duplicate, but its table is the run's result, not temporary.
pub(in crate::workflow) fn pitr_restore_plan(
    table: &TableName,
    target: &TableName,
    at: PitrTarget,
) -> StepPlan {
    let when = match at {
        PitrTarget::Latest => "its latest restorable time".to_owned(),
        PitrTarget::At(t) => format!("{} (UTC)", format_reference(t)),
    };
    StepPlan::new(
        format!("Restore {target} from {table} at {when}"),
        &["RestoreTableToPointInTime", "DescribeTable"],
        minutes(7),
        StepAction::RestoreToPointInTime {
            source: table.clone(),
            target: target.clone(),
            at,
            source_arn: None,
        },
    )
    .creating(target)
}

/// `table` (whose ARN is `table_arn`) as it was at `at`, restored as
/// `target` in `region`: RestoreTableToPointInTime sent to that region's
/// endpoint with SourceTableArn (the source is not there by name).
pub(in crate::workflow) fn pitr_restore_elsewhere_plan(
    table: &TableName,
    table_arn: &str,
    target: &TableName,
    at: PitrTarget,
    region: &str,
) -> StepPlan {
    let mut plan = pitr_restore_plan(table, target, at);
    plan.action = StepAction::RestoreToPointInTime {
        source: table.clone(),
        target: target.clone(),
        at,
        source_arn: Some(table_arn.to_owned()),
    };
    plan.estimate = minutes(20);
    in_region_plan(region, plan)
}

/// `step` run in `region`: its title and APIs say where, its action is
/// wrapped (`StepAction::InRegion`), so its calls, waits and crash probe
/// go to that region.
pub(in crate::workflow) fn in_region_plan(region: &str, mut step: StepPlan) -> StepPlan {
    step.title = format!("{} in {region}", step.title);
    for api in &mut step.api {
        *api = format!("{api} ({region})");
    }
    for created in &mut step.creates {
        *created = format!("{created} in {region}");
    }
    step.action = StepAction::InRegion {
        region: region.to_owned(),
        step: Box::new(step.action),
    };
    step
}

/// Which copy an ARN names, in a few words the plan can show:
/// `01738052960000-000001 of orders` for a DynamoDB-style ARN
/// (`…:table/orders/backup/ID`, DynamoDB's backups and most AWS Backup
/// points of tables), else the ARN's last part.
fn source_of(arn: &str) -> String {
    match (
        crate::domain::table_of_arn(arn),
        arn.rsplit_once("/backup/"),
    ) {
        (Some(table), Some((_, id))) => format!("{id} of {table}"),
        _ => arn
            .rsplit([':', '/'])
            .next()
            .filter(|id| !id.is_empty())
            .unwrap_or(arn)
            .to_owned(),
    }
}

impl StepEnv<'_> {
    /// Runs `inner` against `region`'s backend (the same account and
    /// credentials), with this run's context and ledger.
    pub(super) async fn in_region(
        &mut self,
        step: &StepCtx,
        region: &str,
        inner: &StepAction,
    ) -> StepResult {
        let there = self
            .backend
            .in_region(region)
            .await
            .map_err(failed("in_region"))?;
        let mut env = self.with_backend(there.as_ref());
        Box::pin(env.execute(step, inner)).await
    }

    pub(super) async fn restore_from_run_backup(
        &mut self,
        step: &StepCtx,
        target: &TableName,
        backup_name: &str,
    ) -> StepResult {
        let arn = self
            .ledger
            .backup_named(backup_name)
            .map(|b| b.arn.clone())
            .ok_or_else(|| {
                Halt::Failed(StepError::BackupNotTaken {
                    name: backup_name.to_owned(),
                })
            })?;
        self.restore_from_backup(step, target, &arn).await
    }

    pub(super) async fn restore_from_backup(
        &mut self,
        step: &StepCtx,
        target: &TableName,
        backup_arn: &BackupArn,
    ) -> StepResult {
        if !self.ledger.restores_started.contains(target) {
            self.backend
                .restore_table_from_backup(target.as_str(), backup_arn.as_str())
                .await
                .map_err(failed("RestoreTableFromBackup"))?;
            self.ledger.restores_started.push(target.clone());
            self.note_accepted("RestoreTableFromBackup", target.as_str());
        }
        let detail = self
            .wait(step, WaitFor::TableActive(target.as_str()))
            .await?;
        Ok(Finish::Done(detail))
    }

    /// `source` is the table's name, or its ARN (SourceTableArn) when it is
    /// in another region.
    pub(super) async fn restore_to_point_in_time(
        &mut self,
        step: &StepCtx,
        source: &str,
        target: &TableName,
        at: PitrTarget,
    ) -> StepResult {
        if !self.ledger.restores_started.contains(target) {
            self.backend
                .restore_table_to_point_in_time(source, target.as_str(), at)
                .await
                .map_err(failed("RestoreTableToPointInTime"))?;
            self.ledger.restores_started.push(target.clone());
            self.note_accepted("RestoreTableToPointInTime", target.as_str());
        }
        let detail = self
            .wait(step, WaitFor::TableActive(target.as_str()))
            .await?;
        Ok(Finish::Done(detail))
    }

    pub(super) async fn restore_from_recovery_point(
        &mut self,
        step: &StepCtx,
        target: &TableName,
        recovery_point_arn: &RecoveryPointArn,
    ) -> StepResult {
        let job = match &self.ledger.restore_job {
            Some(id) => id.clone(),
            None => {
                let id = self
                    .backend
                    .start_restore_job(
                        recovery_point_arn.as_str(),
                        &self.ctx.backup_role_arn,
                        target.as_str(),
                    )
                    .await
                    .map_err(failed("StartRestoreJob"))?;
                self.ledger.restore_job = Some(id.clone());
                self.ledger.restores_started.push(target.clone());
                self.note_accepted("StartRestoreJob", target.as_str());
                id
            }
        };
        self.wait(step, WaitFor::RestoreJob(&job)).await?;
        let detail = self
            .wait(step, WaitFor::TableActive(target.as_str()))
            .await?;
        Ok(Finish::Done(Some(format!(
            "job {job}; {}",
            detail.unwrap_or_default()
        ))))
    }
}

/// RestoreTableFromBackup (from this run's backup or an existing one) or
/// RestoreTableToPointInTime into a new table: the target exists (or
/// cannot be told not to).
pub(super) fn restore_from_backup_probe(target: &TableName) -> Probe<'_> {
    Probe::tables([target.as_str()]).landed(move |seen, _, ledger| {
        if seen.may_exist(target.as_str()) && !ledger.restores_started.contains(target) {
            ledger.restores_started.push(target.clone());
        }
    })
}

/// StartRestoreJob: a restore job of that recovery point, created after
/// the step's intent (give or take five minutes of clock skew).
pub(super) fn restore_from_recovery_point_probe<'a>(
    target: &'a TableName,
    recovery_point_arn: &'a RecoveryPointArn,
) -> Probe<'a> {
    Probe::touching(Touches {
        tables: vec![target.as_str()],
        restore_job: true,
        ..Touches::default()
    })
    .landed(move |seen, at, ledger| {
        let since = at.intent_at();
        if ledger.restore_job.is_none()
            && let Some(job) = seen.jobs.iter().find(|j| {
                j.kind == JobKind::Restore
                    && j.recovery_point_arn.as_deref() == Some(recovery_point_arn.as_str())
                    && since.is_none_or(|t| j.created_at >= t - chrono::Duration::minutes(5))
            })
        {
            ledger.restore_job = Some(job.id.clone());
            ledger.restores_started.push(target.clone());
        }
    })
    .shows(move |seen| {
        seen.job_line()
            .into_iter()
            .chain([seen.table_line(target.as_str())])
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_source_is_named_by_its_id_and_table() {
        assert_eq!(
            super::source_of(
                "arn:aws:dynamodb:us-east-1:1:table/orders/backup/01738052960000-000001"
            ),
            "01738052960000-000001 of orders"
        );
        assert_eq!(
            super::source_of("arn:aws:backup:us-east-1:1:recovery-point:1a2b3c4d"),
            "1a2b3c4d"
        );
        let target = crate::domain::TableName::parse("orders-copy").unwrap();
        let arn = "arn:aws:dynamodb:us-east-1:1:table/orders/backup/01738052960000-000001";
        assert_eq!(
            super::restore_from_backup_plan(&target, &arn.into()).title,
            "Restore orders-copy from backup 01738052960000-000001 of orders"
        );
        assert_eq!(
            super::restore_job_plan(&target, &arn.into(), true).title,
            "Restore orders-copy from AWS Backup point 01738052960000-000001 of orders \
             (cold storage, ~3h)"
        );
    }
}
