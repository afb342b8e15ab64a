//! What a step does, as data: the engine executes it, the UI only shows the
//! step's title. Every action that starts slow work also waits for it, so a
//! step in the checklist is done when its effect is real.

use serde::{Deserialize, Serialize};

use crate::domain::{BackupArn, PitrTarget, RecoveryPointArn, SettingChange, TableName};

/// Whose copy a backup of this run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackupOf {
    /// The `--orig` fallback of the table being replaced or deleted.
    Original,
    /// The `--dupe` backup of the point-in-time duplicate.
    Duplicate,
    /// The `--prerepair` backup of a table about to be repaired in place:
    /// kept, with the pre-images, as the repair's undo.
    PreRepair,
}

/// What a repair's scratch table is restored from (a point in time is the
/// `Duplicate` step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScratchFrom {
    Backup(BackupArn),
    RecoveryPoint(RecoveryPointArn),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StepAction {
    // DR drill (operation 17): see `steps/drill.rs`.
    /// Reads the source's key schema, settings and item count; starts the
    /// RTO's clock. Reads only.
    DrillStart {
        table: TableName,
        scratch: TableName,
    },
    /// Checks the scratch table against the source (reads both).
    DrillProve {
        table: TableName,
        scratch: TableName,
        /// The export the scratch table was imported from: verified
        /// against it item by item.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        against: Option<crate::domain::S3Location>,
    },
    /// Deletes the scratch table this run's restore created, and only it.
    DrillDeleteScratch {
        table: TableName,
        scratch: TableName,
    },
    /// Appends the drill to the history and writes its reports.
    DrillRecord {
        table: TableName,
        scratch: TableName,
        source: String,
    },
    /// RestoreTableToPointInTime into `target`, then wait until ACTIVE.
    Duplicate {
        source: TableName,
        target: TableName,
        at: PitrTarget,
    },
    /// CreateBackup; with `wait`, also until the backup is AVAILABLE.
    BackUp {
        table: TableName,
        backup_name: String,
        of: BackupOf,
        wait: bool,
    },
    /// DescribeBackup until every named backup of this run is AVAILABLE.
    WaitBackups { backup_names: Vec<String> },
    /// DescribeTable; when protection is on, ask, then turn it off.
    RemoveDeletionProtection { table: TableName },
    /// Ask for the table's name, check the fallback, DeleteTable, wait gone.
    DeleteTable { table: TableName },
    /// RestoreTableFromBackup from a backup this run took, wait until ACTIVE.
    RestoreFromRunBackup {
        target: TableName,
        backup_name: String,
    },
    /// RestoreTableFromBackup from an existing backup, wait until ACTIVE.
    RestoreFromBackup {
        target: TableName,
        backup_arn: BackupArn,
    },
    /// RestoreTableToPointInTime from `source` into the new table `target`
    /// (the result of the run, not a temporary duplicate), wait until ACTIVE.
    RestoreToPointInTime {
        source: TableName,
        target: TableName,
        at: PitrTarget,
        /// The source's ARN, sent as SourceTableArn instead of its name: a
        /// restore into another region (the source is not there by name).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_arn: Option<String>,
    },
    /// StartRestoreJob, follow the job, wait until the table is ACTIVE.
    RestoreFromRecoveryPoint {
        target: TableName,
        recovery_point_arn: RecoveryPointArn,
    },
    /// UpdateContinuousBackups; `None`: the period the table had before.
    EnablePitr {
        table: TableName,
        recovery_period_days: Option<u8>,
    },
    /// UpdateTable with deletion protection on.
    EnableDeletionProtection { table: TableName },
    /// Reads the table's settings into the ledger (and so the journal)
    /// before the run changes or deletes anything.
    CaptureSettings { table: TableName },
    /// Diffs the restored table's settings against those captured and adds
    /// one `ApplySetting` step per difference, right after this one.
    ReapplySettings { table: TableName },
    /// One change back to a captured setting; skipped when already there.
    ApplySetting {
        table: TableName,
        change: SettingChange,
    },
    /// Scans both tables and compares every item; a difference fails the
    /// step, and the duplicate and backups stay out of the cleanup review.
    /// (`Compare`: its name in journals of earlier versions.)
    #[serde(alias = "Compare")]
    Verify {
        restored: TableName,
        duplicate: TableName,
    },
    /// Ask which temporary resources of this run to delete, then delete them
    /// as added steps.
    CleanupReview,
    /// DeleteTable on a temporary table of this run, wait gone.
    DeleteTemporaryTable { table: TableName },
    /// DeleteBackup on a temporary backup of this run.
    DeleteTemporaryBackup {
        backup_arn: BackupArn,
        backup_name: String,
    },
    /// Scans both tables and compares every item (operation "Compare with a
    /// table"); the differences are its result, not a failure. Writes
    /// nothing to AWS.
    CompareTables { table: TableName, other: TableName },
    /// Restores a repair's copy into the scratch table `scratch` (a
    /// temporary the cleanup review offers), wait until ACTIVE.
    RestoreScratch {
        table: TableName,
        scratch: TableName,
        from: ScratchFrom,
    },
    /// Reads `table` and `source` once each and classes every differing
    /// key (deleted, changed, created since), asks which classes to write
    /// back, and saves the pre-images of what will change. Writes nothing
    /// to AWS.
    RepairDiff { table: TableName, source: TableName },
    /// Writes the chosen items back, each under a condition, in journaled
    /// batches at the configured write rate.
    RepairWrite { table: TableName },
    /// Reads every key written back: each equals the copy, or is a listed
    /// conflict.
    RepairVerify { table: TableName },
    /// Puts back the pre-images of an earlier repair where the items are
    /// still as it left them.
    UndoRepair {
        table: TableName,
        preimage: std::path::PathBuf,
    },
    /// DeleteBackup on a backup the operator chose in the Backups view
    /// (any backup, not only this run's), once it is AVAILABLE.
    DeleteChosenBackup {
        backup_arn: BackupArn,
        backup_name: String,
    },
    /// StartBackupJob of `table` into `vault` (unless the ledger holds the
    /// job), then DescribeBackupJob until COMPLETED: its percent is the
    /// step's progress, its recovery point the step's detail. `token` is
    /// the run's idempotency token, so a resent call starts no second job.
    StartBackupJob {
        table: TableName,
        vault: String,
        #[serde(default)]
        lifecycle: crate::domain::LifecycleDays,
        #[serde(default)]
        token: String,
    },
    /// StartCopyJob of `point` from `source_vault` into `destination` (a
    /// vault ARN in another region or account) unless the ledger holds the
    /// job, then DescribeCopyJob until COMPLETED and the copy looked for in
    /// the destination vault. `token` is the run's idempotency token.
    StartCopyJob {
        point: RecoveryPointArn,
        source_vault: String,
        destination: String,
        #[serde(default)]
        lifecycle: crate::domain::LifecycleDays,
        #[serde(default)]
        token: String,
    },
    /// PutBackupVaultAccessPolicy of `policy` on `vault` (the Protection
    /// view's deny statement added to `base`, the policy it was built from;
    /// a policy changed since is not overwritten).
    PutVaultPolicy {
        vault: String,
        policy: String,
        #[serde(default)]
        base: Option<String>,
    },
    /// CreateBackupPlan; skipped when a plan of that name exists (a run
    /// interrupted after AWS took it). Its id goes into the ledger.
    CreateBackupPlan {
        name: String,
        rules: Vec<crate::domain::PlanRule>,
    },
    /// CreateBackupSelection in plan `plan_id` (`None`: the plan this run
    /// created, from the ledger); skipped when the plan has a selection of
    /// that name.
    CreateBackupSelection {
        plan_name: String,
        #[serde(default)]
        plan_id: Option<String>,
        selection: Box<crate::domain::Selection>,
    },
    /// DeleteBackupSelection; skipped when it is gone.
    DeleteBackupSelection {
        plan_name: String,
        plan_id: String,
        selection_id: String,
        selection_name: String,
    },
    /// ExportTableToPointInTime of `table` with the run's client token
    /// (a resent call answers the export it started), then DescribeExport
    /// until COMPLETED (operation 13).
    ExportToS3 {
        table: TableName,
        request: crate::domain::ExportRequest,
    },
    /// ImportTable of the newest export under `location` into `target`
    /// with the run's client token, then DescribeImport until COMPLETED and
    /// the table ACTIVE (operation 14). The key is the exported table's,
    /// else `source`'s (the table the operation was started on).
    ImportFromS3 {
        source: TableName,
        location: crate::domain::S3Location,
        target: TableName,
        #[serde(default)]
        compression: Option<crate::domain::Compression>,
        token: String,
    },
    /// `step` run in `region` (the DR region): every call it makes, its
    /// waits and its crash probe go to that region's endpoint, the same
    /// account and credentials (`Backend::in_region`).
    InRegion {
        region: String,
        step: Box<StepAction>,
    },
}
