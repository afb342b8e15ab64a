//! How long a step takes for the data it moves. A step's plan carries the
//! reference's figure for an ordinary table (a warm restore ~20 min, a
//! verify ~10 min); here that figure grows with the bytes a restore writes
//! and the items and bytes a verify reads, so a 24.6 GB table is not
//! promised the minutes of a 155 KB one. The rates are priors, stated in
//! docs/performance.md; an account's own history should replace them.

use std::time::Duration;

use super::action::StepAction;
use super::plan::Plan;

/// What a step's time grows with: the source's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataSize {
    pub bytes: u64,
    pub items: u64,
}

/// A restore's time beyond its base, per byte past the first GiB: about a
/// minute per GiB (DynamoDB restores scale with size and partitions; AWS
/// quotes no rate, and observed restores run 15–30 MB/s).
const RESTORE_BYTES_PER_SEC: u64 = 18 * 1024 * 1024;
/// What a restore's base figure already covers.
const RESTORE_BASE_BYTES: u64 = 1024 * 1024 * 1024;
/// A verify reads both tables in parallel segments: bytes and items in all,
/// whichever takes longer (a table's on-demand read throughput, and the
/// digesting, measured at ~350k items/s a core, bound it).
const VERIFY_BYTES_PER_SEC: u64 = 50 * 1024 * 1024;
const VERIFY_ITEMS_PER_SEC: u64 = 40_000;
/// The least a verify is given: describing both tables and the first pages.
const VERIFY_FLOOR: Duration = Duration::from_secs(30);

/// `plan` with each step's estimate for `size`.
pub fn sized(mut plan: Plan, size: DataSize) -> Plan {
    for step in &mut plan.steps {
        step.estimate = step_estimate(&step.action, step.estimate, size);
    }
    plan
}

/// A restore of `bytes` from its figure `base` for an ordinary table (the
/// Recovery pane's Est. column, the plan's restore steps).
pub fn restore_time(base: Duration, bytes: Option<u64>) -> Duration {
    let extra = bytes.unwrap_or(0).saturating_sub(RESTORE_BASE_BYTES) / RESTORE_BYTES_PER_SEC;
    base + Duration::from_secs(extra)
}

/// What a restore from a DynamoDB backup takes for an ordinary table.
pub const BACKUP_RESTORE: Duration = Duration::from_secs(5 * 60);

/// One step's time for `size`, from its plan's figure `base`.
pub fn step_estimate(action: &StepAction, base: Duration, size: DataSize) -> Duration {
    match action {
        StepAction::Duplicate { .. }
        | StepAction::RestoreToPointInTime { .. }
        | StepAction::RestoreFromRunBackup { .. }
        | StepAction::RestoreFromBackup { .. }
        | StepAction::RestoreFromRecoveryPoint { .. } => restore_time(base, Some(size.bytes)),
        StepAction::Verify { .. } => {
            // Both tables, each about the source's size.
            let by_bytes = size.bytes.saturating_mul(2) / VERIFY_BYTES_PER_SEC;
            let by_items = size.items.saturating_mul(2) / VERIFY_ITEMS_PER_SEC;
            Duration::from_secs(by_bytes.max(by_items)).max(VERIFY_FLOOR)
        }
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::domain::{PitrTarget, TableName};
    use crate::workflow::{Operation, plan};

    fn pitr_plan() -> Plan {
        let table = TableName::parse("audit-log").unwrap();
        plan(
            &Operation::PitrInPlace {
                table,
                at: PitrTarget::Latest,
            },
            DateTime::UNIX_EPOCH,
        )
    }

    fn step_named(plan: &Plan, what: &str) -> Duration {
        plan.steps
            .iter()
            .find(|s| s.title.starts_with(what))
            .map(|s| s.estimate)
            .unwrap()
    }

    #[test]
    fn a_big_table_takes_longer_to_restore_and_verify_than_a_small_one() {
        let small = sized(
            pitr_plan(),
            DataSize {
                bytes: 155_000,
                items: 1_000,
            },
        );
        let big = sized(
            pitr_plan(),
            DataSize {
                bytes: 24_600_000_000,
                items: 41_000_000,
            },
        );
        // The small table's verify is under a minute, not the plan's 10.
        assert!(step_named(&small, "Verify") < Duration::from_secs(60));
        // 82 M items read at 40k/s: about 34 minutes.
        let verify = step_named(&big, "Verify").as_secs();
        assert!((1900..2200).contains(&verify), "{verify}");
        // The duplicate of 24.6 GB: ~21 minutes more than its 7.
        let dupe = step_named(&big, "Duplicate").as_secs();
        assert!((1600..1800).contains(&dupe), "{dupe}");
        assert_eq!(
            step_named(&small, "Duplicate"),
            step_named(&pitr_plan(), "Duplicate")
        );
        assert!(big.total() > small.total() + Duration::from_secs(3600));
        // Steps that do not move data keep their figure.
        assert_eq!(
            step_named(&big, "Capture"),
            step_named(&pitr_plan(), "Capture")
        );
    }

    #[test]
    fn a_size_of_nothing_still_gives_a_verify_time() {
        let empty = sized(pitr_plan(), DataSize::default());
        assert_eq!(step_named(&empty, "Verify"), VERIFY_FLOOR);
    }
}
