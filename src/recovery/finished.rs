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
        Operation::PitrInPlace { at, .. } => Some(match at {
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
        | Operation::EnableDeletionProtection { .. } => None,
    }
}

/// Keeps the newest `FINISHED_SHOWN`, newest first.
pub fn newest(mut runs: Vec<FinishedRun>) -> Vec<FinishedRun> {
    runs.sort_by_key(|r| std::cmp::Reverse(r.ended.unwrap_or(r.started)));
    runs.truncate(FINISHED_SHOWN);
    runs
}
