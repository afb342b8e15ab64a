//! How long a step takes for the data it moves. A step's plan carries the
//! reference's figure for an ordinary table (a warm restore ~20 min, a
//! verify ~10 min); here that figure grows with the bytes a restore writes
//! and the items and bytes a verify reads, so a 24.6 GB table is not
//! promised the minutes of a 155 KB one. The rates are priors, stated in
//! docs/performance.md; `crate::forecast` replaces a restore's with the
//! account's own history once there is one.

use std::time::Duration;

use super::action::StepAction;

/// What a step's time grows with: the source's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct DataSize {
    pub bytes: u64,
    pub items: u64,
}

/// A restore's time beyond its base, per byte past the first GiB: about a
/// minute per GiB (DynamoDB restores scale with size and partitions; AWS
/// quotes no rate, and observed restores run 15–30 MB/s).
const RESTORE_BYTES_PER_SEC: u64 = crate::forecast::PRIOR_BYTES_PER_SEC;
/// What a restore's base figure already covers.
const RESTORE_BASE_BYTES: u64 = crate::forecast::BASE_BYTES;
/// A verify reads both tables in parallel segments: bytes and items in all,
/// whichever takes longer (a table's on-demand read throughput, and the
/// digesting, measured at ~350k items/s a core, bound it).
const VERIFY_BYTES_PER_SEC: u64 = 50 * 1024 * 1024;
const VERIFY_ITEMS_PER_SEC: u64 = 40_000;
/// The least a verify is given: describing both tables and the first pages.
const VERIFY_FLOOR: Duration = Duration::from_secs(30);

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
        StepAction::InRegion { step, .. } => step_estimate(step, base, size),
        StepAction::Duplicate { .. }
        | StepAction::RestoreToPointInTime { .. }
        | StepAction::RestoreFromRunBackup { .. }
        | StepAction::RestoreFromBackup { .. }
        | StepAction::RestoreFromRecoveryPoint { .. }
        | StepAction::RestoreScratch { .. } => restore_time(base, Some(size.bytes)),
        // A repair's diff reads both tables once, as a verify does.
        StepAction::Verify { .. } | StepAction::RepairDiff { .. } => {
            // Both tables, each about the source's size.
            let by_bytes = size.bytes.saturating_mul(2) / VERIFY_BYTES_PER_SEC;
            let by_items = size.items.saturating_mul(2) / VERIFY_ITEMS_PER_SEC;
            Duration::from_secs(by_bytes.max(by_items)).max(VERIFY_FLOOR)
        }
        _ => base,
    }
}
