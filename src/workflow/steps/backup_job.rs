//! An AWS Backup backup job started from the console (operation 12):
//! StartBackupJob of the table into the vault, unless the ledger already
//! holds the job, then the job followed (its percent is the step's
//! progress) until COMPLETED, the recovery point it made the step's
//! detail. A resent StartBackupJob carries the run's idempotency token, and
//! the probe finds a job started before a crash, so a resumed run never
//! starts a second one.

use crate::domain::{JobKind, LifecycleDays, TableName};
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::{Probe, Seen, Touches};

/// Backs `table` up into `vault` with AWS Backup; `token` is the run's
/// idempotency token.
pub(in crate::workflow) fn start_backup_job_plan(
    table: &TableName,
    vault: &str,
    lifecycle: LifecycleDays,
    token: String,
) -> StepPlan {
    StepPlan::new(
        format!(
            "AWS Backup job: {table} into vault {vault} ({})",
            lifecycle.words()
        ),
        &["DescribeTable", "StartBackupJob", "DescribeBackupJob"],
        minutes(10),
        StepAction::StartBackupJob {
            table: table.clone(),
            vault: vault.to_owned(),
            lifecycle,
            token,
        },
    )
    .creating(format!("a recovery point of {table} in {vault}"))
}

/// The run's idempotency token: the table and the plan's stamp, the same
/// on every retry and resume of this run, different for any other run.
pub(in crate::workflow) fn backup_job_token(
    table: &TableName,
    stamp: chrono::DateTime<chrono::Utc>,
) -> String {
    format!("dynamo-dr-{}-{table}", stamp.timestamp_millis())
}

impl StepEnv<'_> {
    pub(super) async fn start_backup_job(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        vault: &str,
        lifecycle: LifecycleDays,
        token: &str,
    ) -> StepResult {
        let job = match &self.ledger.backup_job {
            Some(id) => id.clone(),
            None => {
                let id = self
                    .backend
                    .start_backup_job(
                        table.as_str(),
                        vault,
                        &self.ctx.backup_role_arn,
                        lifecycle,
                        token,
                    )
                    .await
                    .map_err(failed("StartBackupJob"))?;
                self.ledger.backup_job = Some(id.clone());
                self.note_accepted("StartBackupJob", table.as_str());
                id
            }
        };
        let point = self.wait(step, WaitFor::BackupJob(&job)).await?;
        Ok(Finish::Done(Some(match point {
            Some(arn) => format!("job {job} COMPLETED; recovery point {arn}"),
            None => format!("job {job} COMPLETED"),
        })))
    }
}

/// StartBackupJob: a backup job of that table, created after the step's
/// intent (give or take five minutes of clock skew), goes into the ledger.
pub(super) fn start_backup_job_probe(table: &TableName) -> Probe<'_> {
    Probe::touching(Touches {
        tables: vec![table.as_str()],
        backup_job: true,
        ..Touches::default()
    })
    .landed(move |seen, at, ledger| {
        if ledger.backup_job.is_some() {
            return;
        }
        let since = at.intent_at();
        let arn = seen.table_exists(table.as_str()).map(|t| t.arn.as_str());
        if let Some(job) = seen.jobs.iter().find(|j| {
            j.kind == JobKind::Backup
                && j.resource_arn.as_deref().is_some_and(|r| {
                    Some(r) == arn || crate::domain::table_of_arn(r) == Some(table.as_str())
                })
                && since.is_none_or(|t| j.created_at >= t - chrono::Duration::minutes(5))
        }) {
            ledger.backup_job = Some(job.id.clone());
        }
    })
    .shows(move |seen| {
        backup_job_line(seen)
            .into_iter()
            .chain([seen.table_line(table.as_str())])
            .collect()
    })
}

/// `backup job X: RUNNING 40%`, when the ledger names the job.
fn backup_job_line(seen: &Seen) -> Option<String> {
    let (id, job) = seen.backup_job.as_ref()?;
    Some(match job {
        Ok(j) => {
            let percent = j
                .percent_done
                .map(|p| format!(" {p:.0}%"))
                .unwrap_or_default();
            format!("backup job {id}: {}{percent}", j.status.word())
        }
        Err(e) => format!("backup job {id}: cannot tell ({e})"),
    })
}
