//! A copy of an AWS Backup recovery point into a vault in another region
//! or account (operation 15): StartCopyJob unless the ledger already holds
//! the job, the job followed (its percent is the step's progress) until
//! COMPLETED, then the copy looked for in the destination vault from its
//! region. A resent StartCopyJob carries the run's idempotency token, and
//! the probe finds a copy job of the point started before a crash, so a
//! resumed run never starts a second one.

use crate::domain::{JobKind, LifecycleDays, RecoveryPointArn, VaultArn};
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::{Probe, Seen, Touches};

/// Copies `point` from `source_vault` into `destination` (a vault ARN);
/// `token` is the run's idempotency token.
pub(in crate::workflow) fn start_copy_job_plan(
    point: &RecoveryPointArn,
    source_vault: &str,
    destination: &str,
    lifecycle: LifecycleDays,
    token: String,
) -> StepPlan {
    let there = VaultArn::parse(destination).map_or_else(
        |_| destination.to_owned(),
        |v| format!("{} in {}", v.name, v.region),
    );
    StepPlan::new(
        format!(
            "AWS Backup copy job: the recovery point into vault {there} ({})",
            lifecycle.words()
        ),
        &[
            "StartCopyJob",
            "DescribeCopyJob",
            "ListRecoveryPointsByBackupVault (destination region)",
        ],
        minutes(15),
        StepAction::StartCopyJob {
            point: point.clone(),
            source_vault: source_vault.to_owned(),
            destination: destination.to_owned(),
            lifecycle,
            token,
        },
    )
    .creating(format!("a copy of {point} in vault {there}"))
}

/// The run's idempotency token: the point's ARN's tail and the plan's
/// stamp, the same on every retry and resume of this run.
pub(in crate::workflow) fn copy_job_token(
    point: &RecoveryPointArn,
    stamp: chrono::DateTime<chrono::Utc>,
) -> String {
    let tail: String = point
        .as_str()
        .rsplit(['/', ':'])
        .next()
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    format!("dynamo-dr-copy-{}-{tail}", stamp.timestamp_millis())
}

impl StepEnv<'_> {
    pub(super) async fn start_copy_job(
        &mut self,
        step: &StepCtx,
        point: &RecoveryPointArn,
        source_vault: &str,
        destination: &str,
        lifecycle: LifecycleDays,
        token: &str,
    ) -> StepResult {
        let to = VaultArn::parse(destination).map_err(|e| StepError::BadDestination {
            typed: destination.to_owned(),
            why: e.to_string(),
        })?;
        let job = match &self.ledger.copy_job {
            Some(id) => id.clone(),
            None => {
                let id = self
                    .backend
                    .start_copy_job(
                        point.as_str(),
                        source_vault,
                        destination,
                        &self.ctx.backup_role_arn,
                        lifecycle,
                        token,
                    )
                    .await
                    .map_err(failed("StartCopyJob"))?;
                self.ledger.copy_job = Some(id.clone());
                self.note_accepted("StartCopyJob", point.as_str());
                id
            }
        };
        let copy = self.wait(step, WaitFor::CopyJob(&job)).await?;
        let Some(copy) = copy else {
            return Ok(Finish::Done(Some(format!(
                "job {job} COMPLETED (AWS named no copy)"
            ))));
        };
        let there = self
            .backend
            .in_region(&to.region)
            .await
            .map_err(failed("ListRecoveryPointsByBackupVault"))?;
        let listed = there
            .list_recovery_points(&to.name, None)
            .await
            .map_err(failed("ListRecoveryPointsByBackupVault"))?;
        if !listed.iter().any(|p| p.arn == copy) {
            return Err(StepError::CopyNotListed {
                job,
                copy,
                vault: to.name,
                region: to.region,
            }
            .into());
        }
        Ok(Finish::Done(Some(format!(
            "job {job} COMPLETED; copy {copy} listed in {} ({})",
            to.name, to.region
        ))))
    }
}

/// StartCopyJob: a copy job of that point created after the step's intent
/// (give or take five minutes of clock skew) goes into the ledger.
pub(super) fn start_copy_job_probe(point: &RecoveryPointArn) -> Probe<'_> {
    Probe::touching(Touches {
        copy_job: true,
        ..Touches::default()
    })
    .landed(move |seen, at, ledger| {
        if ledger.copy_job.is_some() {
            return;
        }
        let since = at.intent_at();
        if let Some(job) = seen.jobs.iter().find(|j| {
            j.kind == JobKind::Copy
                && j.recovery_point_arn.as_deref() == Some(point.as_str())
                && since.is_none_or(|t| j.created_at >= t - chrono::Duration::minutes(5))
        }) {
            ledger.copy_job = Some(job.id.clone());
        }
    })
    .shows(move |seen| {
        vec![copy_job_line(seen).unwrap_or_else(|| format!("copy job of {point}: none seen"))]
    })
}

/// `copy job X: RUNNING 40%`, when the ledger names the job.
fn copy_job_line(seen: &Seen) -> Option<String> {
    let (id, job) = seen.copy_job.as_ref()?;
    Some(match job {
        Ok(j) => {
            let percent = j
                .percent_done
                .map(|p| format!(" {p:.0}%"))
                .unwrap_or_default();
            format!("copy job {id}: {}{percent}", j.status.word())
        }
        Err(e) => format!("copy job {id}: cannot tell ({e})"),
    })
}
