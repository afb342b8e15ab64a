//! Undoing a finished repair (operation 11): its pre-image file, beside
//! its journal, is what the undo puts back. Read here, on the engine's
//! side, because it is a file; the Jobs pane's key (`app/undo.rs`) asks
//! for it and shows the plan this answers.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::TableName;
use crate::workflow::{JobId, Operation, Plan};

/// The pre-image file of the repair run journaled at `journal`:
/// `X.jsonl` → `X.preimage.json` (the run's repair files are named from
/// its journal's path, `RepairLedger::file`).
pub fn preimage_of(journal: &Path) -> PathBuf {
    crate::workflow::RepairLedger {
        base: journal.with_extension("run"),
        ..Default::default()
    }
    .file("preimage")
}

/// The plan of undoing repair run `of_job` on `table`, journaled at
/// `journal`; or why there is nothing to undo.
pub fn undo_repair_plan(
    journal: &Path,
    table: TableName,
    of_job: JobId,
    now: DateTime<Utc>,
) -> Result<Plan, String> {
    let preimage = preimage_of(journal);
    match std::fs::symlink_metadata(&preimage) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(format!("{} is not a regular file", preimage.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "repair run #{of_job} wrote nothing to undo (no pre-image file {})",
                preimage.display()
            ));
        }
        Err(e) => return Err(format!("cannot read {}: {e}", preimage.display())),
    }
    let op = Operation::UndoRepair {
        table,
        of_job,
        preimage,
    };
    Ok(crate::workflow::plan(&op, now))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::workflow::RepairLedger;

    #[test]
    fn the_pre_image_file_is_the_one_the_repair_writes() {
        let journal = Path::new("/state/journals/2026-12-01T10-00-00Z-orders-3.jsonl");
        let ledger = RepairLedger {
            base: journal.with_extension("run"),
            ..RepairLedger::default()
        };
        assert_eq!(preimage_of(journal), ledger.file("preimage"));
        assert_eq!(
            preimage_of(journal),
            Path::new("/state/journals/2026-12-01T10-00-00Z-orders-3.preimage.json")
        );
    }

    #[test]
    fn no_pre_image_file_is_refused_and_one_gives_the_undo_plan() {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("run-orders-3.jsonl");
        let table = TableName::parse("orders").unwrap();
        let why = undo_repair_plan(&journal, table.clone(), 3, Utc::now()).unwrap_err();
        assert!(why.contains("wrote nothing to undo"), "{why}");
        std::fs::write(preimage_of(&journal), "").unwrap();
        let plan = undo_repair_plan(&journal, table, 3, Utc::now()).unwrap();
        match plan.operation {
            Operation::UndoRepair {
                table,
                of_job,
                preimage,
            } => {
                assert_eq!(table, "orders");
                assert_eq!(of_job, 3);
                assert_eq!(preimage, dir.path().join("run-orders-3.preimage.json"));
            }
            other => panic!("{other:?}"),
        }
    }
}
