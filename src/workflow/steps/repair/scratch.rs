//! The repair's scratch table: the copy, restored from a DynamoDB backup
//! or an AWS Backup recovery point under a temporary name the cleanup
//! review offers (a point in time is the `Duplicate` step of `table.rs`).

use crate::domain::TableName;
use crate::workflow::action::{ScratchFrom, StepAction};
use crate::workflow::runner::{StepCtx, StepResult};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_plans::{StepPlan, minutes};

use super::super::probe::Probe;

/// Restores the copy of `table` into the scratch table.
pub(in crate::workflow) fn restore_scratch_plan(
    table: &TableName,
    scratch: &TableName,
    from: ScratchFrom,
    cold: bool,
) -> StepPlan {
    let (what, apis, estimate): (String, &[&str], _) = match &from {
        ScratchFrom::Backup(arn) => (
            format!("backup {}", last_part(arn.as_str())),
            &["RestoreTableFromBackup", "DescribeTable"],
            crate::workflow::BACKUP_RESTORE,
        ),
        ScratchFrom::RecoveryPoint(arn) => (
            format!(
                "AWS Backup point {} ({})",
                last_part(arn.as_str()),
                if cold { "cold storage, ~3h" } else { "warm" }
            ),
            &["StartRestoreJob", "DescribeRestoreJob", "DescribeTable"],
            if cold { minutes(180) } else { minutes(20) },
        ),
    };
    StepPlan::new(
        format!("Restore {what} of {table} as the scratch table {scratch}"),
        apis,
        estimate,
        StepAction::RestoreScratch {
            table: table.clone(),
            scratch: scratch.clone(),
            from,
        },
    )
    .creating(scratch)
}

fn last_part(arn: &str) -> &str {
    arn.rsplit([':', '/'])
        .next()
        .filter(|id| !id.is_empty())
        .unwrap_or(arn)
}

impl StepEnv<'_> {
    pub(in crate::workflow::steps) async fn restore_scratch(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        scratch: &TableName,
        from: &ScratchFrom,
    ) -> StepResult {
        // Named before the call: the review offers it only if it exists.
        self.ledger.duplicate_table = Some(scratch.clone());
        self.ledger.duplicate_source = Some(table.clone());
        match from {
            ScratchFrom::Backup(arn) => self.restore_from_backup(step, scratch, arn).await,
            ScratchFrom::RecoveryPoint(arn) => {
                self.restore_from_recovery_point(step, scratch, arn).await
            }
        }
    }
}

/// The scratch restore: the table exists once its restore started (as a
/// restore into a new table), and it is the run's temporary.
pub(in crate::workflow::steps) fn restore_scratch_probe<'a>(
    table: &'a TableName,
    scratch: &'a TableName,
    from: &'a ScratchFrom,
) -> Probe<'a> {
    let temporary = move |ledger: &mut crate::workflow::ledger::Ledger| {
        ledger.duplicate_table = Some(scratch.clone());
        ledger.duplicate_source = Some(table.clone());
    };
    match from {
        ScratchFrom::Backup(_) => super::super::restore::restore_from_backup_probe(scratch),
        ScratchFrom::RecoveryPoint(arn) => {
            super::super::restore::restore_from_recovery_point_probe(scratch, arn)
        }
    }
    .also(temporary)
}
