//! Runs that ended, read back from their journals at start-up, so the Jobs
//! pane still lists them after a restart: what ran on which table, from
//! which source and point, what verification counted, what was kept where
//! and where the journal is. Only this console's scope's, newest first, and
//! at most `FINISHED_SHOWN` of them, so a long history does not flood the
//! pane.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::domain::PitrTarget;
use crate::workflow::journal::{JournalFile, Record, StepState};
use crate::workflow::{JobId, Operation, Outcome, StepAction, table_of};

/// How many finished runs the Jobs pane lists (the newest).
pub const FINISHED_SHOWN: usize = 20;

/// A run whose journal ends in an outcome (or a dismissal).
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedRun {
    pub journal: PathBuf,
    pub job: JobId,
    pub label: &'static str,
    pub table: String,
    /// Where the data came from and which point: "backup …", "PITR at …".
    pub source: Option<String>,
    pub started: DateTime<Utc>,
    /// When its last record was written.
    pub ended: Option<DateTime<Utc>>,
    /// How it ended, in a few words.
    pub outcome: String,
    /// What the verification step said (its item counts), if it ran.
    pub verified: Option<String>,
    /// The temporary resources the run left in place.
    pub kept: Vec<String>,
}

/// The summary of a finished journal; `None` without a plan or an end.
pub fn summary(file: &JournalFile) -> Option<FinishedRun> {
    let (job, plan) = file.entries.iter().find_map(|e| match &e.record {
        Record::Started { job, plan, .. } => Some((*job, plan)),
        _ => None,
    })?;
    let (outcome, kept) = file.entries.iter().rev().find_map(|e| match &e.record {
        Record::Outcome { outcome } => Some(ended(outcome)),
        Record::Dismissed { why } => Some((format!("dismissed: {why}"), Vec::new())),
        _ => None,
    })?;
    let verified = file
        .steps()
        .into_iter()
        .find_map(|(plan, state)| match (&plan.action, state) {
            (StepAction::Verify { .. }, StepState::Done { detail }) => detail,
            _ => None,
        });
    Some(FinishedRun {
        journal: file.path.clone(),
        job,
        label: plan.operation.label(),
        table: table_of(&plan.operation).to_string(),
        source: source(&plan.operation),
        started: plan.stamp,
        ended: file.entries.last().map(|e| e.at),
        outcome,
        verified,
        kept,
    })
}

fn ended(outcome: &Outcome) -> (String, Vec<String>) {
    match outcome {
        Outcome::Completed { remaining } => ("completed".to_owned(), remaining.clone()),
        Outcome::Refused { reason } => (format!("refused: {reason}"), Vec::new()),
        Outcome::Cancelled {
            reason, remaining, ..
        } => (format!("cancelled: {reason}"), remaining.clone()),
        Outcome::Failed {
            error, remaining, ..
        } => (format!("failed: {error}"), remaining.clone()),
    }
}

/// The copy the operation read, and its point.
fn source(op: &Operation) -> Option<String> {
    match op {
        Operation::PitrInPlace { at, .. } | Operation::PitrToNew { at, .. } => Some(match at {
            PitrTarget::Latest => "PITR, latest restorable time".to_owned(),
            PitrTarget::At(t) => format!("PITR at {} UTC", t.format("%Y-%m-%d %H:%M:%S")),
        }),
        Operation::AwsBackupInPlace {
            recovery_point_arn, ..
        }
        | Operation::RestoreFromRecoveryPoint {
            recovery_point_arn, ..
        } => Some(format!("recovery point {recovery_point_arn}")),
        Operation::RestoreFromBackup { backup_arn, .. }
        | Operation::DeleteBackup { backup_arn, .. } => Some(format!("backup {backup_arn}")),
        Operation::CreateBackup { .. }
        | Operation::DeleteTable { .. }
        | Operation::EnablePitr { .. }
        | Operation::EnableDeletionProtection { .. }
        | Operation::ReviewLeftovers { .. } => None,
        Operation::PruneBackups { delete, .. } => Some(format!(
            "pruned {}",
            crate::domain::plural::count(delete.len(), "backup")
        )),
        Operation::BackupWithAwsBackup { vault, .. } => Some(format!("into vault {vault}")),
        Operation::CopyToRegion {
            point, destination, ..
        } => Some(format!("recovery point {point}, copied to {destination}")),
        Operation::RestoreInRegion {
            table,
            region,
            source,
            target,
            ..
        } => Some(format!(
            "{} restored as {target} in {region}",
            source.describe(table)
        )),
        Operation::ExportToS3 { location, .. } => Some(format!("exported to {location}")),
        Operation::ImportFromS3 { location, .. } => Some(format!("imported from {location}")),
        Operation::CompareTables { other, .. } => Some(format!("compared with {other}")),
        Operation::RepairInPlace { table, source } => {
            Some(format!("repaired from {}", source.describe(table)))
        }
        Operation::Drill { table, source } => Some(format!("drilled {}", source.describe(table))),
        Operation::UndoRepair { of_job, .. } => Some(format!("undo of repair run #{of_job}")),
        Operation::ProtectVault { vault, .. } => Some(format!("backup vault {vault}")),
        Operation::CreatePlan { name, .. } => Some(format!("backup plan {name}")),
        Operation::AddToPlan { plan_name, .. } | Operation::RemoveFromPlan { plan_name, .. } => {
            Some(format!("backup plan {plan_name}"))
        }
    }
}

/// Keeps the newest `FINISHED_SHOWN`, newest first.
pub fn newest(mut runs: Vec<FinishedRun>) -> Vec<FinishedRun> {
    runs.sort_by_key(|r| std::cmp::Reverse(r.ended.unwrap_or(r.started)));
    runs.truncate(FINISHED_SHOWN);
    runs
}

/// The plan of a finished run's cleanup review, reopened over what its
/// journal says it created; or why it cannot be reopened.
pub fn reopened_review(
    file: &JournalFile,
    now: DateTime<Utc>,
) -> Result<crate::workflow::Plan, String> {
    let plan = file
        .plan()
        .ok_or_else(|| "its journal has no plan".to_owned())?;
    if !file.finished() {
        return Err("the run has not finished".to_owned());
    }
    let ledger = file.ledger();
    // The first review's gate: once the run deleted the table it restored,
    // nothing is offered before the restored table verified equal.
    let unverified = plan.steps.iter().any(|s| {
        matches!(&s.action, StepAction::Verify { restored, .. }
            if ledger.deleting.contains(restored))
    }) && !ledger.verified_equal;
    if unverified {
        return Err(
            "the restored table never verified equal to the duplicate: its leftovers stay (see the journal)"
                .to_owned(),
        );
    }
    if ledger.duplicate_table.is_none() && ledger.backups.is_empty() {
        return Err("the run created nothing to review".to_owned());
    }
    let of_job = file
        .entries
        .iter()
        .find_map(|e| match &e.record {
            Record::Started { job, .. } => Some(*job),
            _ => None,
        })
        .unwrap_or_default();
    let op = Operation::ReviewLeftovers {
        table: table_of(&plan.operation).clone(),
        of_job,
        duplicate_table: ledger.duplicate_table,
        duplicate_source: ledger.duplicate_source,
        backups: ledger.backups,
        verified_equal: ledger.verified_equal,
    };
    Ok(crate::workflow::plan(&op, now))
}
