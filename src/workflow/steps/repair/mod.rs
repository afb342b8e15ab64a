//! Operation 11, repair in place, and its undo: the copy restored into a
//! scratch table (`scratch.rs`: `RestoreScratch`; a point in time is the
//! `Duplicate` step), the diff and the operator's choice (`diff.rs`:
//! `RepairDiff`), the writes under conditions in journaled batches
//! (`write.rs`: `RepairWrite`, and `UndoRepair` the other way), and the
//! read-back (`verify.rs`: `RepairVerify`). The data and files are
//! `crate::repair`'s; this is where they meet the account.
//!
//! Resuming: the diff runs again from the start until its choice is in the
//! ledger; the writes skip the batches the ledger says are done and run the
//! one in flight again, where a failed condition on an item already as the
//! repair leaves it counts as written, so every item is written once.

mod diff;
mod scratch;
mod verify;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::{Item, KeySchema, TableName};
use crate::repair::key_bytes;
use crate::workflow::runner::Halt;
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;

use super::probe::{Probe, Touches};

pub(in crate::workflow) use diff::repair_diff_plan;
pub(in crate::workflow) use scratch::restore_scratch_plan;
pub(super) use scratch::restore_scratch_probe;
pub(in crate::workflow) use verify::repair_verify_plan;
pub(in crate::workflow) use write::{repair_write_plan, undo_repair_plan};

/// Keys a BatchGetItem reads at once (its limit).
const KEYS_PER_READ: usize = 100;

impl StepEnv<'_> {
    /// Where this run's repair files go: beside the journal, or (a run
    /// without one, in tests) in a private temporary directory kept for
    /// the run.
    pub(super) fn repair_base(&self) -> Result<PathBuf, Halt> {
        if let Some(base) = self.beside_journal("run") {
            return Ok(base);
        }
        let dir = tempfile::Builder::new()
            .prefix("dynamo-dr-repair-")
            .tempdir()
            .map_err(|error| {
                Halt::Failed(StepError::RepairFile {
                    what: "cannot create a directory for the repair's files",
                    path: std::env::temp_dir(),
                    error,
                })
            })?;
        Ok(dir.keep().join("run"))
    }
}

pub(super) fn percent(done: u64, of: u64) -> f64 {
    if of == 0 {
        100.0
    } else {
        (done as f64 / of as f64 * 100.0).min(100.0)
    }
}

/// Items by their key's canonical bytes.
pub(super) fn by_key(schema: &KeySchema, items: Vec<Item>) -> HashMap<Vec<u8>, Item> {
    items
        .into_iter()
        .map(|item| (key_bytes(&schema.key_of(&item)), item))
        .collect()
}

pub(super) fn file_error<'a>(
    what: &'static str,
    path: &'a Path,
) -> impl Fn(std::io::Error) -> Halt + 'a {
    move |error| {
        Halt::Failed(StepError::RepairFile {
            what,
            path: path.to_owned(),
            error,
        })
    }
}

/// The diff and the read-back only read; the writes are journaled a batch
/// at a time: all three show the table and resume from the ledger.
pub(super) fn repair_probe(table: &TableName) -> Probe<'_> {
    Probe::touching(Touches {
        tables: vec![table.as_str()],
        ..Touches::default()
    })
}
