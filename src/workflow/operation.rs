//! The operations an operator can run: `Operation` is one of them with
//! its inputs, as the UI hands it to the engine and the journal records it;
//! `OpKind` is the one description of each (number, label, what it asks
//! for, whether it works on the table in place). The menu, the plan, the run
//! rows and the README table all read it; each kind's estimate is summed
//! from its plan (`plan::estimate`).

use serde::{Deserialize, Serialize};

use crate::domain::{
    BackupArn, LifecycleDays, PitrTarget, PlanRule, RecoveryPointArn, Selection, TableName,
};

/// Journals hold this with serde: variant and field names are their format,
/// so a field added later needs `#[serde(default)]`. Names and ARNs are
/// written as the plain strings they always were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operation {
    /// 1. Replace a table with its own contents at an earlier time.
    PitrInPlace { table: TableName, at: PitrTarget },
    /// 2. Replace a table with an AWS Backup recovery point.
    AwsBackupInPlace {
        table: TableName,
        recovery_point_arn: RecoveryPointArn,
        /// The point is in cold storage (hours, not minutes).
        cold: bool,
    },
    /// 3. Take a DynamoDB backup (`--orig` naming).
    CreateBackup { table: TableName },
    /// 4. Restore a DynamoDB backup into a new table.
    RestoreFromBackup {
        backup_arn: BackupArn,
        target: TableName,
        /// PITR and protection on the new table. Journals of earlier
        /// versions lack it (both off then, so a resumed run adds no step).
        #[serde(default, skip_serializing_if = "NewTableSettings::is_off")]
        new_table: NewTableSettings,
    },
    /// 5. Restore an AWS Backup recovery point into a new table.
    RestoreFromRecoveryPoint {
        recovery_point_arn: RecoveryPointArn,
        target: TableName,
        /// The point is in cold storage. Journals of earlier versions lack
        /// it (warm then); written only when true, so theirs read the same.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        cold: bool,
        /// PITR and protection on the new table (as operation 4's).
        #[serde(default, skip_serializing_if = "NewTableSettings::is_off")]
        new_table: NewTableSettings,
    },
    /// 6. Delete a table, optionally after a `--orig` fallback backup.
    DeleteTable {
        table: TableName,
        fallback_backup: bool,
    },
    /// 7. Turn point-in-time recovery on.
    EnablePitr {
        table: TableName,
        recovery_period_days: u8,
    },
    /// 8. Turn deletion protection on.
    EnableDeletionProtection { table: TableName },
    /// 9. Restore a table as it was at a point in time into a new table
    ///    (the table itself is left alone).
    PitrToNew {
        table: TableName,
        at: PitrTarget,
        target: TableName,
        #[serde(default)]
        new_table: NewTableSettings,
    },
    /// Compare `table` with `other`, item by item; writes nothing to AWS.
    /// Missing and extra are seen from `other`: missing keys are in `other`
    /// and not in `table`. (Not `Compare`: old journals' verify step.)
    CompareTables {
        table: TableName,
        other: TableName,
        /// Both tables' items together as the inventory last counted them
        /// (DynamoDB's ~6-hourly figure), for the estimate; 0: unknown.
        #[serde(default)]
        items: u64,
    },
    /// 11. Put back what was lost from a copy of the table, without
    ///     deleting it: the copy (restored into a scratch table unless it is
    ///     a table already) is diffed with the live table, the operator
    ///     chooses what to write back, and only those items are written,
    ///     each under a condition, after a pre-image and a backup.
    RepairInPlace {
        table: TableName,
        source: RepairSource,
    },
    /// Not in the menu: undo repair run `of_job` from its pre-images, under
    /// the same conditions (an item is put back only where it is still as
    /// the repair left it).
    UndoRepair {
        table: TableName,
        of_job: crate::workflow::JobId,
        /// The repair's `preimage.json`.
        preimage: std::path::PathBuf,
    },
    /// Not in the menu: delete one DynamoDB backup chosen in the Backups
    /// view (after its name was typed, and a second yes for the only copy
    /// of a table). `table` is the backup's table, which may be gone.
    DeleteBackup {
        table: TableName,
        backup_arn: BackupArn,
        backup_name: String,
    },
    /// Not in the menu: the cleanup review of finished run `of_job`,
    /// reopened from the Jobs pane over what its journal says it created
    /// (those that still exist are offered, under the same rules).
    ReviewLeftovers {
        table: TableName,
        of_job: crate::workflow::JobId,
        #[serde(default)]
        duplicate_table: Option<TableName>,
        #[serde(default)]
        duplicate_source: Option<TableName>,
        #[serde(default)]
        backups: Vec<crate::workflow::ledger::RunBackup>,
        #[serde(default)]
        verified_equal: bool,
    },
    /// Not in the menu: create an AWS Backup plan with `rules` (the
    /// template's, as edited) and, when given, a selection of tables in it.
    /// `table` is the table the wizard was opened from.
    CreatePlan {
        table: TableName,
        name: String,
        rules: Vec<PlanRule>,
        #[serde(default)]
        selection: Option<Box<Selection>>,
    },
    /// Not in the menu: add `table` to plan `plan_name` by a selection
    /// naming its ARN.
    AddToPlan {
        table: TableName,
        plan_id: String,
        plan_name: String,
        selection: Box<Selection>,
    },
    /// Not in the menu: take `table` out of plan `plan_name`. AWS cannot
    /// edit a selection, so when `old` names other tables too, `replacement`
    /// (a copy without `table`) is created first, then `old` deleted: the
    /// others are never uncovered.
    RemoveFromPlan {
        table: TableName,
        plan_id: String,
        plan_name: String,
        old: Box<Selection>,
        #[serde(default)]
        replacement: Option<Box<Selection>>,
    },
    /// Not in the menu: put an access policy on the backup vault that
    /// denies deleting recovery points to everyone (the Protection view's
    /// offer). `policy` is the whole document put, `base` the policy it was
    /// built from; `table` names the vault for the run rows and journal.
    ProtectVault {
        table: TableName,
        vault: String,
        policy: String,
        #[serde(default)]
        base: Option<String>,
    },
    /// 12. Start an AWS Backup backup job of the table into the configured
    ///     vault, as the configured role, and follow it until its recovery
    ///     point is made.
    BackupWithAwsBackup {
        table: TableName,
        /// The recovery point's lifecycle; never cold, never deleted when
        /// not said.
        #[serde(default)]
        lifecycle: LifecycleDays,
        /// The vault the wizard showed (the configured one).
        #[serde(default)]
        vault: String,
    },
    /// 15. Copy one of the table's AWS Backup recovery points from the
    ///     configured vault into the DR vault (another region or account)
    ///     and follow the copy job until the copy is listed there.
    CopyToRegion {
        table: TableName,
        point: RecoveryPointArn,
        /// The vault the point is in (the configured one).
        source_vault: String,
        /// The destination vault's ARN (`[copies] vault_arn`).
        destination: String,
        #[serde(default)]
        lifecycle: LifecycleDays,
    },
    /// Not in the menu: the prune review's choice (`K` on a table): delete
    /// these DynamoDB backups of `table`, one step each, newest first as the
    /// review listed them. Preflight keeps at least one AVAILABLE backup of
    /// the table.
    PruneBackups {
        table: TableName,
        delete: Vec<ChosenBackup>,
    },
    /// 13. Export the table to S3 (DynamoDB JSON): whole at a time in its
    ///     PITR window, or the changes between two.
    ExportToS3 {
        table: TableName,
        location: crate::domain::S3Location,
        kind: crate::domain::ExportKind,
        #[serde(default)]
        bucket_owner: Option<String>,
        #[serde(default)]
        kms_key: Option<String>,
    },
    /// 14. Import the newest export under `location` into a new table
    ///     `target`, then turn on what the wizard chose; `table` is the
    ///     table the operation was started on (its key, when the export
    ///     has no manifest).
    ImportFromS3 {
        table: TableName,
        location: crate::domain::S3Location,
        target: TableName,
        #[serde(default)]
        compression: Option<crate::domain::Compression>,
        #[serde(default)]
        new_table: NewTableSettings,
    },
    /// 16. Restore the table in the DR region (another region of the same
    ///     account): from its point in time (RestoreTableToPointInTime sent
    ///     there with SourceTableArn) or from a copy in the DR vault
    ///     (StartRestoreJob there), into `target` in `region`, then turn on
    ///     what the wizard chose on the new table there.
    RestoreInRegion {
        table: TableName,
        /// The table's ARN: a point-in-time restore names its source by it.
        table_arn: String,
        /// The DR region (`[copies] vault_arn`'s).
        region: String,
        source: RegionSource,
        target: TableName,
        #[serde(default)]
        new_table: NewTableSettings,
    },
    /// 17. A DR drill: restore `table`'s copy into a scratch table, measure
    ///     the restore, prove it, delete the scratch table, and append the
    ///     result to the drill history. `table` itself is only read.
    Drill {
        table: TableName,
        source: DrillSource,
    },
}

/// What a restore in the DR region restores from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegionSource {
    /// The table at a time in its PITR window (or its latest), read from
    /// the console's region by the DR region's DynamoDB.
    Pitr(PitrTarget),
    /// A recovery point in the DR vault (a copy made there).
    Copy {
        point: RecoveryPointArn,
        /// The DR vault's name.
        vault: String,
    },
}

impl RegionSource {
    /// For the plan and the run row.
    pub fn describe(&self, table: &TableName) -> String {
        match self {
            Self::Pitr(at) => RepairSource::Pitr(*at).describe(table),
            Self::Copy { point, vault } => {
                format!("copy {} in vault {vault}", short_arn(point.as_str()))
            }
        }
    }
}

/// The copy a drill restores from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DrillSource {
    /// The table itself at a time in its PITR window (or its latest).
    Pitr(PitrTarget),
    /// A DynamoDB backup.
    Backup(BackupArn),
    /// An AWS Backup recovery point.
    RecoveryPoint {
        arn: RecoveryPointArn,
        #[serde(default)]
        cold: bool,
    },
    /// One export in S3 (its folder, `…/AWSDynamoDB/<id>`), imported into
    /// the scratch table and then verified against it item by item.
    Export(crate::domain::S3Location),
    /// The table by PITR at the instant of one of its full exports, then
    /// verified against that export item by item: two copies of the same
    /// instant, made by different means, proven equal.
    PitrAtExport {
        at: chrono::DateTime<chrono::Utc>,
        export: crate::domain::S3Location,
    },
}

impl DrillSource {
    /// As `RepairSource::describe`: for the plan, the run row and the report.
    pub fn describe(&self, table: &TableName) -> String {
        match self {
            Self::Pitr(at) => RepairSource::Pitr(*at).describe(table),
            Self::Backup(arn) => format!("backup {} of {table}", short_arn(arn.as_str())),
            Self::RecoveryPoint { arn, cold } => RepairSource::RecoveryPoint {
                arn: arn.clone(),
                cold: *cold,
            }
            .describe(table),
            Self::Export(location) => format!("the export of {table} at {location}"),
            Self::PitrAtExport { at, export } => format!(
                "{table} at {} UTC by PITR, the instant of its export {export}",
                crate::domain::time::format_reference(*at)
            ),
        }
    }

    /// The export the drill's copy is verified against item by item.
    pub fn exact_against(&self) -> Option<&crate::domain::S3Location> {
        match self {
            Self::Export(location)
            | Self::PitrAtExport {
                export: location, ..
            } => Some(location),
            _ => None,
        }
    }
}

/// A backup the operator chose to delete: its ARN and the name the plan
/// and the run's steps show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenBackup {
    pub arn: BackupArn,
    pub name: String,
}

/// The copy a repair reads what was lost from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepairSource {
    /// The table itself at a time in its PITR window.
    Pitr(PitrTarget),
    /// A DynamoDB backup.
    Backup(BackupArn),
    /// An AWS Backup recovery point.
    RecoveryPoint {
        arn: RecoveryPointArn,
        #[serde(default)]
        cold: bool,
    },
    /// A table that already holds the copy (a restore made earlier): no
    /// scratch table.
    Table(TableName),
}

impl RepairSource {
    /// `orders at 2026-12-01 10:30:00 UTC`, `backup 0173… of orders`: for
    /// the plan and the run's row.
    pub fn describe(&self, table: &TableName) -> String {
        match self {
            Self::Pitr(PitrTarget::Latest) => format!("{table} at its latest restorable time"),
            Self::Pitr(PitrTarget::At(t)) => format!(
                "{table} at {} (UTC)",
                crate::domain::time::format_reference(*t)
            ),
            Self::Backup(arn) => format!("backup {}", short_arn(arn.as_str())),
            Self::RecoveryPoint { arn, cold } => format!(
                "recovery point {}{}",
                short_arn(arn.as_str()),
                if *cold { " (cold)" } else { "" }
            ),
            Self::Table(other) => format!("table {other}"),
        }
    }
}

/// An ARN's last part (its id).
fn short_arn(arn: &str) -> &str {
    arn.rsplit([':', '/'])
        .next()
        .filter(|id| !id.is_empty())
        .unwrap_or(arn)
}

/// What a restore into a new table turns on once the table is ACTIVE: a
/// restore brings it up with PITR and deletion protection off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTableSettings {
    /// PITR on, with this recovery period in days; `None`: left off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitr_days: Option<u8>,
    /// Deletion protection on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub protection: bool,
}

impl NewTableSettings {
    /// Neither is turned on (and so the journal need not say so).
    pub fn is_off(&self) -> bool {
        *self == Self::default()
    }

    /// What an experienced operator wants of a new table: both on, PITR
    /// with `days` (the source's period).
    pub fn both_on(days: u8) -> Self {
        Self {
            pitr_days: Some(days),
            protection: true,
        }
    }
}

/// Which of the operations, before its inputs are known: the menu's
/// rows, in the order and with the numbers the operator types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    PitrInPlace,
    AwsBackupInPlace,
    CreateBackup,
    RestoreFromBackup,
    RestoreFromPoint,
    DeleteTable,
    EnablePitr,
    EnableProtection,
    PitrToNew,
    Compare,
    Repair,
    /// Not in `ALL`: a repair undone from the Jobs pane.
    UndoRepair,
    /// Not in `ALL` (the numbered menu): started from the Backups view.
    DeleteBackup,
    /// Not in `ALL`: a finished run's cleanup review, reopened from Jobs.
    ReviewLeftovers,
    /// Not in `ALL`: the prune review of a table's backups (`K`).
    PruneBackups,
    /// 12: a backup job of AWS Backup, started now.
    AwsBackup,
    /// Not in `ALL`: the vault policy offered by the Protection view.
    ProtectVault,
    /// Not in `ALL`: started from the Tables pane's plan chooser.
    CreatePlan,
    /// Not in `ALL`: started from the Tables pane's plan chooser.
    AddToPlan,
    /// Not in `ALL`: started from the Tables pane's plan chooser.
    RemoveFromPlan,
    /// 13: an export to S3.
    ExportToS3,
    /// 14: an import from S3 into a new table.
    ImportFromS3,
    /// 17: a DR drill into a scratch table.
    Drill,
    /// 15: a recovery point copied to the DR region's vault.
    CopyToRegion,
    /// 16: a restore in the DR region, from PITR or a copy there.
    RestoreInRegion,
}

impl OpKind {
    /// In menu order: `ALL[n - 1]` is operation `n`.
    pub const ALL: [OpKind; 17] = [
        OpKind::PitrInPlace,
        OpKind::AwsBackupInPlace,
        OpKind::CreateBackup,
        OpKind::RestoreFromBackup,
        OpKind::RestoreFromPoint,
        OpKind::DeleteTable,
        OpKind::EnablePitr,
        OpKind::EnableProtection,
        OpKind::PitrToNew,
        OpKind::Compare,
        OpKind::Repair,
        OpKind::AwsBackup,
        OpKind::ExportToS3,
        OpKind::ImportFromS3,
        OpKind::CopyToRegion,
        OpKind::RestoreInRegion,
        OpKind::Drill,
    ];

    /// The number the operator types in the menu (`0` for the tenth); 0
    /// for an operation the menu does not list.
    pub fn number(self) -> usize {
        Self::ALL
            .iter()
            .position(|k| *k == self)
            .map_or(0, |i| i + 1)
    }

    /// The operation's name: menu, plan title, run rows, README.
    pub fn label(self) -> &'static str {
        match self {
            Self::PitrInPlace => "PITR restore in place",
            Self::AwsBackupInPlace => "AWS Backup restore in place",
            Self::CreateBackup => "Create a backup",
            Self::RestoreFromBackup => "Restore a DynamoDB backup",
            Self::RestoreFromPoint => "Restore an AWS Backup recovery point",
            Self::DeleteTable => "Delete a table",
            Self::EnablePitr => "Enable PITR",
            Self::EnableProtection => "Enable deletion protection",
            Self::PitrToNew => "PITR restore into a new table",
            Self::Compare => "Compare with a table",
            Self::Repair => "Repair in place (keep the table)",
            Self::UndoRepair => "Undo a repair",
            Self::DeleteBackup => "Delete a backup",
            Self::ReviewLeftovers => "Cleanup review, reopened",
            Self::PruneBackups => "Prune backups",
            Self::AwsBackup => "Back up with AWS Backup",
            Self::ProtectVault => "Deny deleting recovery points",
            Self::CreatePlan => "Create a backup plan",
            Self::AddToPlan => "Add a table to a backup plan",
            Self::RemoveFromPlan => "Remove a table from a backup plan",
            Self::ExportToS3 => "Export to S3",
            Self::ImportFromS3 => "Import from S3",
            Self::Drill => "DR drill",
            Self::CopyToRegion => "Copy a recovery point to another region",
            Self::RestoreInRegion => "Restore in another region",
        }
    }

    /// What the wizard asks for before the plan.
    pub fn inputs(self) -> &'static str {
        match self {
            Self::PitrInPlace => "a time inside the table's PITR window, or `latest`",
            Self::AwsBackupInPlace => "one of the table's recovery points",
            Self::CreateBackup | Self::EnableProtection => "nothing",
            Self::RestoreFromBackup => {
                "one of the table's backups, a new table name, PITR and protection on it"
            }
            Self::RestoreFromPoint => {
                "one of the table's recovery points, a new table name, PITR and protection on it"
            }
            Self::PitrToNew => {
                "a time inside the table's PITR window or `latest`, a new table name, PITR and \
                 protection on it"
            }
            Self::DeleteTable => "whether to take a `--orig` backup first",
            Self::EnablePitr => "a recovery period of 1–35 days",
            Self::Compare => "the other table (proposed: the one this was restored from)",
            Self::Repair => {
                "a copy of the table (a time in its PITR window, a backup, a recovery point or \
                 a table); after the diff, which differences to write back"
            }
            Self::UndoRepair => "a finished repair in the Jobs pane",
            Self::DeleteBackup => "a backup chosen in the Backups view, its name typed",
            Self::ReviewLeftovers => "a finished run in the Jobs pane",
            Self::PruneBackups => {
                "how many scheduled backups to keep, then the ticked list of the table's backups"
            }
            Self::AwsBackup => {
                "the recovery point's lifecycle: days until cold storage, days until deleted \
                 (blank: never)"
            }
            Self::ProtectVault => "nothing: the Protection view shows the policy it puts",
            Self::CreatePlan => {
                "a plan name, the template's rules as edited (schedule, cold after, delete \
                 after), a copy vault in another region or none, the table or a tag"
            }
            Self::AddToPlan => "a plan that does not cover the table (the configured role)",
            Self::RemoveFromPlan => "a plan whose selection names the table's ARN",
            Self::ExportToS3 => {
                "s3://BUCKET/PREFIX, a time in the PITR window (blank: now) or FROM..TO for an \
                 incremental export"
            }
            Self::ImportFromS3 => {
                "s3://BUCKET/PREFIX of an export, a new table name, PITR and protection on it"
            }
            Self::Drill => {
                "the copy to restore from (its latest restorable time, a time in its PITR \
                 window, a backup, a recovery point, its newest export imported, or PITR at \
                 that export's instant; from an export, verified against it item by item)"
            }
            Self::CopyToRegion => {
                "one of the table's recovery points (COMPLETED); the destination is the \
                 configured DR vault ([copies] vault_arn)"
            }
            Self::RestoreInRegion => {
                "a time in the table's PITR window or `latest`, or a copy in the DR vault; the \
                 new table's name there (default: the same), PITR and protection on it"
            }
        }
    }

    /// Whether the operation changes the selected table itself, so the
    /// table must be loaded and ACTIVE; the three restores into a new
    /// table only read from it. A comparison reads the table, so it too
    /// needs it loaded and ACTIVE.
    pub fn in_place(self) -> bool {
        !matches!(
            self,
            Self::RestoreFromBackup
                | Self::RestoreFromPoint
                | Self::PitrToNew
                | Self::DeleteBackup
                | Self::ReviewLeftovers
                | Self::UndoRepair
                | Self::PruneBackups
                | Self::ProtectVault
                | Self::CreatePlan
                | Self::AddToPlan
                | Self::RemoveFromPlan
                | Self::Drill
                | Self::ImportFromS3
                | Self::CopyToRegion
                | Self::RestoreInRegion
        )
    }

    /// Whether it only reads: nothing is written to AWS, so a read-only
    /// console runs it.
    pub fn read_only(self) -> bool {
        matches!(self, Self::Compare)
    }

    /// Whether its source may be an AWS Backup recovery point in cold
    /// storage (hours, not minutes), so its estimate has two values.
    pub fn may_be_cold(self) -> bool {
        matches!(self, Self::AwsBackupInPlace | Self::RestoreFromPoint)
    }

    /// An operation of this kind on `table` with typical inputs (the
    /// wizard's defaults, a warm recovery point), for the estimate.
    pub fn example(self, table: TableName) -> Operation {
        // A name too long for the suffix restores into the table's own name:
        // the estimate does not depend on it.
        let new = TableName::parse(&format!("{table}-restored")).unwrap_or_else(|_| table.clone());
        match self {
            Self::PitrInPlace => Operation::PitrInPlace {
                table,
                at: PitrTarget::Latest,
            },
            Self::AwsBackupInPlace => Operation::AwsBackupInPlace {
                table,
                recovery_point_arn: RecoveryPointArn::from(""),
                cold: false,
            },
            Self::CreateBackup => Operation::CreateBackup { table },
            Self::RestoreFromBackup => Operation::RestoreFromBackup {
                backup_arn: BackupArn::from(""),
                target: new,
                new_table: NewTableSettings::both_on(35),
            },
            Self::RestoreFromPoint => Operation::RestoreFromRecoveryPoint {
                recovery_point_arn: RecoveryPointArn::from(""),
                target: new,
                cold: false,
                new_table: NewTableSettings::both_on(35),
            },
            Self::DeleteTable => Operation::DeleteTable {
                table,
                fallback_backup: true,
            },
            Self::EnablePitr => Operation::EnablePitr {
                table,
                recovery_period_days: 35,
            },
            Self::EnableProtection => Operation::EnableDeletionProtection { table },
            Self::PitrToNew => Operation::PitrToNew {
                table,
                at: PitrTarget::Latest,
                target: new.clone(),
                new_table: NewTableSettings::both_on(35),
            },
            Self::Compare => Operation::CompareTables {
                table,
                other: new,
                items: 0,
            },
            Self::DeleteBackup => Operation::DeleteBackup {
                table,
                backup_arn: BackupArn::from(""),
                backup_name: String::new(),
            },
            Self::Repair => Operation::RepairInPlace {
                table,
                source: RepairSource::Pitr(PitrTarget::Latest),
            },
            Self::UndoRepair => Operation::UndoRepair {
                table,
                of_job: 0,
                preimage: std::path::PathBuf::new(),
            },
            Self::ReviewLeftovers => Operation::ReviewLeftovers {
                table,
                of_job: 0,
                duplicate_table: None,
                duplicate_source: None,
                backups: Vec::new(),
                verified_equal: false,
            },
            Self::PruneBackups => Operation::PruneBackups {
                table,
                delete: vec![ChosenBackup {
                    arn: BackupArn::from(""),
                    name: String::new(),
                }],
            },
            Self::AwsBackup => Operation::BackupWithAwsBackup {
                table,
                lifecycle: LifecycleDays::NEVER,
                vault: String::new(),
            },
            Self::ProtectVault => Operation::ProtectVault {
                table,
                vault: String::new(),
                policy: String::new(),
                base: None,
            },
            Self::CreatePlan => Operation::CreatePlan {
                table,
                name: String::new(),
                rules: crate::domain::template_rules("vault", None),
                selection: Some(Box::default()),
            },
            Self::AddToPlan => Operation::AddToPlan {
                table,
                plan_id: String::new(),
                plan_name: String::new(),
                selection: Box::default(),
            },
            Self::RemoveFromPlan => Operation::RemoveFromPlan {
                table,
                plan_id: String::new(),
                plan_name: String::new(),
                old: Box::default(),
                replacement: None,
            },
            Self::ExportToS3 => Operation::ExportToS3 {
                table,
                location: example_location(),
                kind: crate::domain::ExportKind::Full {
                    at: chrono::DateTime::UNIX_EPOCH,
                },
                bucket_owner: None,
                kms_key: None,
            },
            Self::ImportFromS3 => Operation::ImportFromS3 {
                table,
                location: example_location(),
                target: new,
                compression: None,
                new_table: NewTableSettings::both_on(35),
            },
            Self::Drill => Operation::Drill {
                table,
                source: DrillSource::Pitr(PitrTarget::Latest),
            },
            Self::CopyToRegion => Operation::CopyToRegion {
                table,
                point: RecoveryPointArn::from(""),
                source_vault: String::new(),
                destination: String::new(),
                lifecycle: LifecycleDays::NEVER,
            },
            Self::RestoreInRegion => Operation::RestoreInRegion {
                target: table.clone(),
                table,
                table_arn: String::new(),
                region: "us-west-2".to_owned(),
                source: RegionSource::Pitr(PitrTarget::Latest),
                new_table: NewTableSettings::both_on(35),
            },
        }
    }
}

/// An example location for the estimate.
fn example_location() -> crate::domain::S3Location {
    crate::domain::S3Location {
        bucket: "bucket".to_owned(),
        prefix: String::new(),
    }
}

impl Operation {
    /// Which operation this is.
    pub fn kind(&self) -> OpKind {
        match self {
            Self::PitrInPlace { .. } => OpKind::PitrInPlace,
            Self::AwsBackupInPlace { .. } => OpKind::AwsBackupInPlace,
            Self::CreateBackup { .. } => OpKind::CreateBackup,
            Self::RestoreFromBackup { .. } => OpKind::RestoreFromBackup,
            Self::RestoreFromRecoveryPoint { .. } => OpKind::RestoreFromPoint,
            Self::DeleteTable { .. } => OpKind::DeleteTable,
            Self::EnablePitr { .. } => OpKind::EnablePitr,
            Self::EnableDeletionProtection { .. } => OpKind::EnableProtection,
            Self::PitrToNew { .. } => OpKind::PitrToNew,
            Self::CompareTables { .. } => OpKind::Compare,
            Self::RepairInPlace { .. } => OpKind::Repair,
            Self::UndoRepair { .. } => OpKind::UndoRepair,
            Self::DeleteBackup { .. } => OpKind::DeleteBackup,
            Self::ReviewLeftovers { .. } => OpKind::ReviewLeftovers,
            Self::PruneBackups { .. } => OpKind::PruneBackups,
            Self::BackupWithAwsBackup { .. } => OpKind::AwsBackup,
            Self::ProtectVault { .. } => OpKind::ProtectVault,
            Self::CreatePlan { .. } => OpKind::CreatePlan,
            Self::AddToPlan { .. } => OpKind::AddToPlan,
            Self::RemoveFromPlan { .. } => OpKind::RemoveFromPlan,
            Self::ExportToS3 { .. } => OpKind::ExportToS3,
            Self::ImportFromS3 { .. } => OpKind::ImportFromS3,
            Self::Drill { .. } => OpKind::Drill,
            Self::CopyToRegion { .. } => OpKind::CopyToRegion,
            Self::RestoreInRegion { .. } => OpKind::RestoreInRegion,
        }
    }

    /// A restore into a new table: the table it creates and the table its
    /// backup was taken of, when the ARN names it (`…:table/NAME/…`). The
    /// comparison proposes the source for the restored table.
    pub fn restored_from(&self) -> Option<(&TableName, &str)> {
        let (target, arn) = match self {
            // A point in time of the table itself.
            Self::PitrToNew { table, target, .. } => return Some((target, table.as_str())),
            Self::RestoreFromBackup {
                backup_arn, target, ..
            } => (target, backup_arn.as_str()),
            Self::RestoreFromRecoveryPoint {
                recovery_point_arn,
                target,
                ..
            } => (target, recovery_point_arn.as_str()),
            _ => return None,
        };
        crate::domain::table_of_arn(arn).map(|source| (target, source))
    }

    /// Its source is a recovery point the wizard saw in cold storage: the
    /// plan says so, and the restore takes hours.
    pub fn is_cold(&self) -> bool {
        matches!(
            self,
            Self::AwsBackupInPlace { cold: true, .. }
                | Self::RestoreFromRecoveryPoint { cold: true, .. }
                | Self::RepairInPlace {
                    source: RepairSource::RecoveryPoint { cold: true, .. },
                    ..
                }
                | Self::Drill {
                    source: DrillSource::RecoveryPoint { cold: true, .. },
                    ..
                }
        )
    }

    /// A restore into a new table with `settings` for its new table; any
    /// other operation as it is.
    pub fn with_new_table(mut self, settings: NewTableSettings) -> Self {
        match &mut self {
            Self::RestoreFromBackup { new_table, .. }
            | Self::RestoreFromRecoveryPoint { new_table, .. }
            | Self::PitrToNew { new_table, .. }
            | Self::ImportFromS3 { new_table, .. }
            | Self::RestoreInRegion { new_table, .. } => *new_table = settings,
            _ => {}
        }
        self
    }

    /// The operation's name (its kind's).
    pub fn label(&self) -> &'static str {
        self.kind().label()
    }
}

/// The table an operation works on (or creates): the app refuses a second
/// operation on a table while one runs.
pub fn table_of(op: &Operation) -> &TableName {
    match op {
        Operation::PitrInPlace { table, .. }
        | Operation::AwsBackupInPlace { table, .. }
        | Operation::CreateBackup { table }
        | Operation::DeleteTable { table, .. }
        | Operation::EnablePitr { table, .. }
        | Operation::EnableDeletionProtection { table }
        | Operation::CompareTables { table, .. }
        | Operation::RepairInPlace { table, .. }
        | Operation::UndoRepair { table, .. } => table,
        Operation::DeleteBackup { table, .. } | Operation::ReviewLeftovers { table, .. } => table,
        Operation::PruneBackups { table, .. } => table,
        Operation::BackupWithAwsBackup { table, .. } => table,
        Operation::ExportToS3 { table, .. } => table,
        Operation::ImportFromS3 { target, .. } => target,
        Operation::Drill { table, .. } => table,
        Operation::CopyToRegion { table, .. } => table,
        Operation::RestoreInRegion { table, .. } => table,
        Operation::ProtectVault { table, .. } => table,
        Operation::CreatePlan { table, .. }
        | Operation::AddToPlan { table, .. }
        | Operation::RemoveFromPlan { table, .. } => table,
        Operation::RestoreFromBackup { target, .. }
        | Operation::RestoreFromRecoveryPoint { target, .. }
        | Operation::PitrToNew { target, .. } => target,
    }
}
