//! Why a step failed, as a type: each way a step can fail is a variant, and
//! its `Display` is the sentence the operator reads on the checklist, in the
//! failure question and in the outcome. The journal records that sentence
//! (`Record::Failed { error }`), so its format does not depend on this type.

use std::path::PathBuf;
use std::time::Duration;

use crate::backend::BackendError;
use crate::domain::time::{full_count, human_duration};
use crate::domain::{JobStatus, KeyDisplay, TableName};
use crate::verify::{VerifyError, VerifyReport};

#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// An AWS call of the step failed.
    #[error("{api}: {error}")]
    Aws {
        api: &'static str,
        error: BackendError,
    },
    /// The step's intent could not be journaled, so it made no call.
    #[error("not started: cannot write the journal {}: {error}", .path.display())]
    JournalUnwritable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A backup the step needs is not in the ledger.
    #[error("backup {name} was not taken in this run")]
    BackupNotTaken { name: String },
    /// Safety rule: the original is deleted only with an AVAILABLE backup
    /// of it taken in this run.
    #[error("refusing to delete {table}: no AVAILABLE backup of it was taken in this run")]
    NoFallback { table: TableName },
    /// Safety rule: the cleanup deletes only what this run created.
    #[error("{name} was not created by this run: not deleting it")]
    NotCreatedByThisRun { name: String },
    /// A setting's call was accepted but the table does not show it.
    #[error("{api} was accepted but {table} does not show the change yet: {now}")]
    SettingNotShown {
        api: &'static str,
        table: TableName,
        /// The table's settings as read after the call.
        now: String,
    },
    /// The step's timeout passed while it waited.
    #[error(
        "timed out after {} waiting for {waiting_for} (last seen: {last_seen})",
        human_duration(chrono::Duration::from_std(*.after).unwrap_or(chrono::Duration::MAX))
    )]
    TimedOut {
        after: Duration,
        waiting_for: String,
        last_seen: String,
    },
    /// A call made while waiting failed.
    #[error("while waiting for {waiting_for}: {error}")]
    WhileWaiting {
        waiting_for: String,
        error: BackendError,
    },
    /// A backup the step waited for was deleted.
    #[error("backup {name} was deleted")]
    BackupDeleted { name: String },
    /// The AWS Backup restore job failed or was aborted.
    #[error("restore job {id} ended {status:?}: {message}")]
    JobEnded {
        id: String,
        status: JobStatus,
        message: String,
    },
    /// The tables could not be compared.
    #[error("verification: {0}")]
    Unverifiable(VerifyError),
    /// The tables of a comparison could not be compared.
    #[error("cannot compare: {0}")]
    Uncomparable(VerifyError),
    /// A repair's file could not be written or read.
    #[error("{what} {}: {error}", .path.display())]
    RepairFile {
        what: &'static str,
        path: PathBuf,
        error: std::io::Error,
    },
    /// A repair step ran before the diff it needs (a journal of another
    /// version, or a plan out of order).
    #[error("no diff of {table} was made in this run: nothing to write")]
    NoRepairDiff { table: TableName },
    /// Keys the repair wrote that do not read back as written (and are not
    /// listed conflicts).
    #[error(
        "{} written item(s) of {table} do not equal the copy now: {}{}",
        full_count(*.count),
        .keys.join("; "),
        if *.count > .keys.len() as u64 { " …" } else { "" }
    )]
    RepairNotVerified {
        table: TableName,
        count: u64,
        /// The first few keys, shown.
        keys: Vec<String>,
    },
    /// The restored table differs from the duplicate.
    #[error("{}", difference_report(.0))]
    Differs(Box<VerifyReport>),
    /// The plan has no step at this number (1-based).
    #[error("there is no step {number}")]
    NoSuchStep { number: usize },
    /// The vault's access policy is no longer the one the plan was built
    /// from: putting the planned one would drop what changed.
    #[error(
        "the access policy of vault {vault} changed since the plan was made: not overwriting \
         it; open the Protection view again for a new plan"
    )]
    VaultPolicyChanged { vault: String },
    /// A bug stopped the run mid-step.
    #[error("internal error, the run stopped: {what}")]
    Panicked { what: String },
    /// The AWS Backup backup job failed, expired or was aborted.
    #[error("backup job {id} ended {}: {message}", .status.word())]
    BackupJobEnded {
        id: String,
        status: JobStatus,
        message: String,
    },
    #[error("copy job {id} ended {}: {message}", .status.word())]
    CopyJobEnded {
        id: String,
        status: JobStatus,
        message: String,
    },
    #[error("the destination vault {typed:?} is not a vault ARN: {why}")]
    BadDestination { typed: String, why: String },
    #[error(
        "copy job {job} COMPLETED but its copy {copy} is not listed in vault {vault} ({region})"
    )]
    CopyNotListed {
        job: String,
        copy: String,
        vault: String,
        region: String,
    },
    /// A drill step ran before the drill read its source.
    #[error("the drill of {table} did not start in this run")]
    DrillNotStarted { table: TableName },
    /// The drill history or a report could not be written.
    #[error("{what} {}: {error}", .path.display())]
    DrillFile {
        what: &'static str,
        path: PathBuf,
        error: std::io::Error,
    },
    /// An export to S3 or an import from S3 failed or was cancelled.
    #[error("{what} ended {status}: {message}")]
    S3JobEnded {
        what: String,
        status: &'static str,
        message: String,
    },
}

/// What the operator reads when the tables differ.
fn difference_report(r: &VerifyReport) -> String {
    let keys: Vec<String> = r
        .differing_keys
        .iter()
        .take(5)
        .map(|d| format!("{:?} {}", d.kind, KeyDisplay(&d.key)))
        .collect();
    let file = r
        .all_diffs_written_to
        .as_ref()
        .map(|p| format!("; every key in {}", p.display()))
        .unwrap_or_default();
    format!(
        "{} differs from the duplicate {}: {} vs {} items, {} key(s) differ ({}){file}. The duplicate and the backups are kept",
        r.target,
        r.source,
        full_count(r.target_count),
        full_count(r.source_count),
        full_count(r.total_differences),
        keys.join(", ")
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The sentences the operator read before the error was a type, each
    /// built here the way the step built it then.
    #[test]
    fn each_error_reads_as_the_sentence_the_step_wrote_before() {
        let error = BackendError::not_found("table orders");
        let table = TableName::parse("orders").unwrap();
        let cases = [
            (
                StepError::Aws {
                    api: "DeleteTable",
                    error: error.clone(),
                },
                format!("DeleteTable: {error}"),
            ),
            (
                StepError::NoFallback {
                    table: table.clone(),
                },
                "refusing to delete orders: no AVAILABLE backup of it was taken in this run"
                    .to_owned(),
            ),
            (
                StepError::TimedOut {
                    after: Duration::from_secs(200),
                    waiting_for: "table orders to become ACTIVE".to_owned(),
                    last_seen: "CREATING".to_owned(),
                },
                "timed out after 3m 20s waiting for table orders to become ACTIVE (last seen: CREATING)"
                    .to_owned(),
            ),
            (
                StepError::WhileWaiting {
                    waiting_for: "table orders to be deleted".to_owned(),
                    error: error.clone(),
                },
                format!("while waiting for table orders to be deleted: {error}"),
            ),
            (
                StepError::JobEnded {
                    id: "job-1".to_owned(),
                    status: JobStatus::Failed,
                    message: "no role".to_owned(),
                },
                "restore job job-1 ended Failed: no role".to_owned(),
            ),
            (
                StepError::JournalUnwritable {
                    path: PathBuf::from("/j/run.jsonl"),
                    error: std::io::Error::other("disk full"),
                },
                "not started: cannot write the journal /j/run.jsonl: disk full".to_owned(),
            ),
            (
                StepError::NoSuchStep { number: 4 },
                "there is no step 4".to_owned(),
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }
}
