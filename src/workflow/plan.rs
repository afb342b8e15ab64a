//! The plan of an operation, computed before anything runs: the UI shows it
//! ("read before continuing") and the engine executes it step by step.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::action::ScratchFrom;
use super::action::{BackupOf, StepAction};
use super::estimate::{DataSize, step_estimate};
use super::operation::{
    DrillSource, NewTableSettings, OpKind, Operation, RegionSource, RepairSource,
};
use super::step_plans::StepPlan;
use super::steps::{
    back_up_plan, capture_settings_plan, cleanup_review_plan, compare_plan,
    create_backup_plan_plan, create_selection_plan, delete_chosen_backup_plan, delete_plan,
    delete_selection_plan, duplicate_plan, enable_pitr_plan, enable_protection_plan,
    pitr_restore_plan, put_vault_policy_plan, reapply_settings_plan, remove_protection_plan,
    repair_diff_plan, repair_verify_plan, repair_write_plan, restore_from_backup_plan,
    restore_from_run_backup_plan, restore_job_plan, restore_scratch_plan, undo_repair_plan,
    verify_plan, wait_backups_plan,
};
use super::steps::{backup_job_token, start_backup_job_plan};
use super::steps::{copy_job_token, start_copy_job_plan};
use super::steps::{drill_delete_plan, drill_prove_plan, drill_record_plan, drill_start_plan};
use super::steps::{export_to_s3_plan, import_from_s3_plan, s3_token};
use super::steps::{in_region_plan, pitr_restore_elsewhere_plan};
use crate::domain::{PitrTarget, RecoveryPointArn, TableName, TempKind, temp_name};
use crate::forecast::History;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub operation: Operation,
    pub steps: Vec<StepPlan>,
    /// The one timestamp of every temporary name of this run.
    pub stamp: DateTime<Utc>,
    /// The size of the data it moves, when it was known: journaled, so a
    /// finished run's restore teaches the forecast (`crate::forecast`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<DataSize>,
    /// What its restore steps' estimates are based on, one line each kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forecast: Vec<String>,
}

impl Plan {
    /// The sum of its steps' estimates (steps the run adds come on top).
    pub fn total(&self) -> std::time::Duration {
        self.steps.iter().map(|s| s.estimate).sum()
    }

    /// The plan with each step's estimate for a table of `size` (the
    /// figures are `estimate::step_estimate`'s, the reference's).
    pub fn sized(self, size: DataSize) -> Self {
        self.forecast(Some(size), &History::default())
    }

    /// The plan with each step's estimate for the data it moves (`size`,
    /// when known): a restore step's from the account's `history`
    /// (`crate::forecast`), the others' from the reference's rates; what
    /// each restore's forecast is based on goes to `forecast`.
    pub fn forecast(mut self, size: Option<DataSize>, history: &History) -> Self {
        let cold = self.operation.is_cold();
        self.size = size;
        self.forecast.clear();
        for step in &mut self.steps {
            match crate::forecast::kind_of(&step.action, cold) {
                Some(kind) => {
                    let f = history.forecast(kind, step.estimate, size.map(|s| s.bytes));
                    step.estimate = f.time;
                    let line = format!("Restore forecast {}: {}", rough(f.time), f.basis);
                    if !self.forecast.contains(&line) {
                        self.forecast.push(line);
                    }
                }
                None => {
                    if let Some(size) = size {
                        step.estimate = step_estimate(&step.action, step.estimate, size);
                    }
                }
            }
        }
        self
    }

    /// What the operator must know before Enter runs it, shown under its
    /// steps: a cold source's hours.
    pub fn warnings(&self) -> Vec<String> {
        // The cold warning first: it changes the estimate by hours.
        let mut warnings = Vec::new();
        if self.operation.is_cold() {
            warnings.push(
                "⛄ The recovery point is in cold storage: its restore takes hours (~3h), not \
                 minutes. Enter accepts that."
                    .to_owned(),
            );
        }
        warnings.extend(self.forecast.iter().cloned());
        warnings.extend(super::steps::plan_lines(&self.operation));
        if let Operation::RepairInPlace { table, source } = &self.operation {
            let restore = match source {
                RepairSource::Table(other) => format!("no restore ({other} is the copy)"),
                _ => "one restore (the scratch table)".to_owned(),
            };
            warnings.extend([
                format!("Costs: {restore} and one scan of each table; then one conditional"),
                "write per item you choose (a write unit per KB), paced by [repair].".to_owned(),
                format!("Spares: no downtime, {table} stays in use; writes since the copy are"),
                "kept, and an item changed after the diff is never overwritten.".to_owned(),
                "Before any write: pre-images and a --prerepair backup, to undo it.".to_owned(),
            ]);
        }
        if let Operation::Drill { table, source } = &self.operation
            && let Some(scratch) = drill_scratch(&self.steps)
        {
            warnings.extend(super::steps::drill_lines(table, scratch, source));
        }
        if let Operation::RestoreInRegion { region, target, .. } = &self.operation {
            warnings.extend([
                format!("{target} is made in {region}, not in this console's region: the panes"),
                format!("do not list it; open the console with --region {region} to work on it."),
            ]);
        }
        if let Operation::ProtectVault { policy, base, .. } = &self.operation {
            warnings.push(match base {
                Some(_) => {
                    "The policy it puts (every current statement kept, one added):".to_owned()
                }
                None => "The policy it puts (the vault has none now):".to_owned(),
            });
            warnings.extend(policy.lines().map(|l| format!("  {l}")));
        }
        warnings
    }
}

/// The name of a temporary resource of `table` for this run.
pub fn temporary_name(table: &TableName, kind: TempKind, stamp: DateTime<Utc>) -> TableName {
    temp_name(table, kind, stamp)
}

/// The steps of `op`, with temporary names stamped `now`.
pub fn plan(op: &Operation, now: DateTime<Utc>) -> Plan {
    let steps = match op {
        Operation::PitrInPlace { table, at } => pitr_in_place(table, *at, now),
        Operation::AwsBackupInPlace {
            table,
            recovery_point_arn,
            cold,
        } => aws_backup_in_place(table, recovery_point_arn, *cold, now),
        Operation::CreateBackup { table } => {
            let name = temporary_name(table, TempKind::Orig, now);
            vec![back_up_plan(table, &name, BackupOf::Original, true)]
        }
        Operation::RestoreFromBackup {
            backup_arn,
            target,
            new_table,
        } => {
            let mut steps = vec![restore_from_backup_plan(target, backup_arn)];
            steps.extend(turn_on(target, *new_table));
            steps
        }
        Operation::RestoreFromRecoveryPoint {
            recovery_point_arn,
            target,
            cold,
            new_table,
        } => {
            let mut steps = vec![restore_job_plan(target, recovery_point_arn, *cold)];
            steps.extend(turn_on(target, *new_table));
            steps
        }
        Operation::PitrToNew {
            table,
            at,
            target,
            new_table,
        } => pitr_to_new(table, *at, target, *new_table),
        Operation::DeleteTable {
            table,
            fallback_backup,
        } => {
            let mut steps = Vec::new();
            if *fallback_backup {
                let name = temporary_name(table, TempKind::Orig, now);
                steps.push(back_up_plan(table, &name, BackupOf::Original, true));
            }
            steps.push(remove_protection_plan(table));
            steps.push(delete_plan(table));
            steps
        }
        Operation::EnablePitr {
            table,
            recovery_period_days,
        } => vec![enable_pitr_plan(table, Some(*recovery_period_days))],
        Operation::EnableDeletionProtection { table } => vec![enable_protection_plan(table)],
        Operation::CompareTables {
            table,
            other,
            items,
        } => vec![compare_plan(table, other, *items)],
        Operation::DeleteBackup {
            backup_arn,
            backup_name,
            ..
        } => vec![delete_chosen_backup_plan(backup_arn, backup_name)],
        Operation::ReviewLeftovers { .. } => vec![cleanup_review_plan()],
        Operation::RepairInPlace { table, source } => repair_in_place(table, source, now),
        Operation::Drill { table, source } => drill(table, source, now),
        Operation::UndoRepair {
            table, preimage, ..
        } => vec![undo_repair_plan(table, preimage)],
        Operation::PruneBackups { delete, .. } => delete
            .iter()
            .map(|b| delete_chosen_backup_plan(&b.arn, &b.name))
            .collect(),
        Operation::BackupWithAwsBackup {
            table,
            lifecycle,
            vault,
        } => vec![start_backup_job_plan(
            table,
            vault,
            *lifecycle,
            backup_job_token(table, now),
        )],
        Operation::CopyToRegion {
            point,
            source_vault,
            destination,
            lifecycle,
            ..
        } => vec![start_copy_job_plan(
            point,
            source_vault,
            destination,
            *lifecycle,
            copy_job_token(point, now),
        )],
        Operation::RestoreInRegion {
            table,
            table_arn,
            region,
            source,
            target,
            new_table,
        } => {
            let mut steps = vec![match source {
                RegionSource::Pitr(at) => {
                    pitr_restore_elsewhere_plan(table, table_arn, target, *at, region)
                }
                RegionSource::Copy { point, .. } => {
                    in_region_plan(region, restore_job_plan(target, point, false))
                }
            }];
            steps.extend(
                turn_on(target, *new_table)
                    .into_iter()
                    .map(|s| in_region_plan(region, s)),
            );
            steps
        }
        Operation::ProtectVault {
            vault,
            policy,
            base,
            ..
        } => vec![put_vault_policy_plan(vault, policy, base.as_deref())],
        Operation::CreatePlan {
            name,
            rules,
            selection,
            ..
        } => {
            let mut steps = vec![create_backup_plan_plan(name, rules)];
            steps.extend(
                selection
                    .iter()
                    .map(|s| create_selection_plan(name, None, s)),
            );
            steps
        }
        Operation::AddToPlan {
            plan_id,
            plan_name,
            selection,
            ..
        } => vec![create_selection_plan(plan_name, Some(plan_id), selection)],
        Operation::RemoveFromPlan {
            plan_id,
            plan_name,
            old,
            replacement,
            ..
        } => {
            // The copy first, so the other tables are never uncovered.
            let mut steps: Vec<StepPlan> = replacement
                .iter()
                .map(|s| create_selection_plan(plan_name, Some(plan_id), s))
                .collect();
            steps.push(delete_selection_plan(plan_name, plan_id, old));
            steps
        }
        Operation::ExportToS3 {
            table,
            location,
            kind,
            bucket_owner,
            kms_key,
        } => vec![export_to_s3_plan(
            table,
            crate::domain::ExportRequest {
                // The ARN is read when the step runs; the plan names it.
                table_arn: String::new(),
                bucket: location.bucket.clone(),
                prefix: location.prefix.clone(),
                bucket_owner: bucket_owner.clone(),
                kms_key: kms_key.clone(),
                kind: *kind,
                client_token: s3_token("export", table, now),
            },
        )],
        Operation::ImportFromS3 {
            table,
            location,
            target,
            compression,
            new_table,
        } => import_from_s3(table, location, target, *compression, *new_table, now),
    };
    Plan {
        operation: op.clone(),
        steps,
        stamp: now,
        size: None,
        forecast: Vec::new(),
    }
}

/// How long an operation of `kind` takes, summed from the plan of an
/// example of it: `~25m`, or `warm ~24m, cold ~3h` when its source may be in
/// cold storage. The README's table shows it: the figure for an ordinary
/// table.
pub fn estimate(kind: OpKind) -> String {
    estimate_for(kind, None)
}

/// `estimate`, for a table of `size` when it is known: the menu's.
pub fn estimate_for(kind: OpKind, size: Option<DataSize>) -> String {
    estimate_with(kind, size, &History::default())
}

/// `estimate_for`, each restore's time forecast from the account's
/// `history` (the menu's, once the history is read).
pub fn estimate_with(kind: OpKind, size: Option<DataSize>, history: &History) -> String {
    // "table" is a valid name; the estimate does not depend on it.
    let steps = TableName::parse("table")
        .map(|table| plan(&kind.example(table), DateTime::UNIX_EPOCH).steps)
        .unwrap_or_default();
    // From cold storage, the restore-job step takes its cold estimate.
    let total = |cold| {
        steps
            .iter()
            .map(|s| {
                let base = match &s.action {
                    StepAction::RestoreFromRecoveryPoint {
                        target,
                        recovery_point_arn,
                    } => restore_job_plan(target, recovery_point_arn, cold).estimate,
                    _ => s.estimate,
                };
                match (crate::forecast::kind_of(&s.action, cold), size) {
                    (Some(k), _) => history.forecast(k, base, size.map(|s| s.bytes)).time,
                    (None, Some(size)) => step_estimate(&s.action, base, size),
                    (None, None) => base,
                }
            })
            .sum::<std::time::Duration>()
    };
    if kind.may_be_cold() {
        format!("warm {}, cold {}", rough(total(false)), rough(total(true)))
    } else {
        rough(total(false))
    }
}

/// A duration as an estimate: whole seconds under a minute, then minutes
/// under an hour, then hours, each rounded to the nearest.
pub fn rough(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("~{s}s"),
        60..3570 => format!("~{}m", (s + 30) / 60),
        _ => format!("~{}h", (s + 1800) / 3600),
    }
}

fn pitr_in_place(table: &TableName, at: PitrTarget, now: DateTime<Utc>) -> Vec<StepPlan> {
    let dupe = temporary_name(table, TempKind::Dupe, now);
    let orig = temporary_name(table, TempKind::Orig, now);
    vec![
        duplicate_plan(table, &dupe, at),
        back_up_plan(table, &orig, BackupOf::Original, false),
        back_up_plan(&dupe, &dupe, BackupOf::Duplicate, false),
        wait_backups_plan(&orig, &dupe),
        capture_settings_plan(table),
        remove_protection_plan(table),
        delete_plan(table),
        restore_from_run_backup_plan(table, &dupe),
        reapply_settings_plan(table),
        enable_pitr_plan(table, None),
        enable_protection_plan(table),
        verify_plan(table, &dupe),
        cleanup_review_plan(),
    ]
}

/// Operation 11: the copy into a scratch table (unless it is a table), the
/// diff and the choice, a backup, the writes, the read-back, the review.
fn repair_in_place(table: &TableName, source: &RepairSource, now: DateTime<Utc>) -> Vec<StepPlan> {
    let scratch = temporary_name(table, TempKind::Repair, now);
    let mut steps = Vec::new();
    let copy = match source {
        RepairSource::Table(other) => other.clone(),
        RepairSource::Pitr(at) => {
            steps.push(duplicate_plan(table, &scratch, *at));
            scratch
        }
        RepairSource::Backup(arn) => {
            let from = ScratchFrom::Backup(arn.clone());
            steps.push(restore_scratch_plan(table, &scratch, from, false));
            scratch
        }
        RepairSource::RecoveryPoint { arn, cold } => {
            let from = ScratchFrom::RecoveryPoint(arn.clone());
            steps.push(restore_scratch_plan(table, &scratch, from, *cold));
            scratch
        }
    };
    let prerepair = temporary_name(table, TempKind::PreRepair, now);
    steps.extend([
        repair_diff_plan(table, &copy),
        back_up_plan(table, &prerepair, BackupOf::PreRepair, true),
        repair_write_plan(table),
        repair_verify_plan(table),
        cleanup_review_plan(),
    ]);
    steps
}

/// A DR drill: read the source, restore its copy as the scratch table
/// (the ordinary restore steps), prove it, delete it, record the drill.
fn drill(table: &TableName, source: &DrillSource, now: DateTime<Utc>) -> Vec<StepPlan> {
    let scratch = temporary_name(table, TempKind::Drill, now);
    let restore = match source {
        DrillSource::Pitr(at) => pitr_restore_plan(table, &scratch, *at),
        DrillSource::Backup(arn) => restore_from_backup_plan(&scratch, arn),
        DrillSource::RecoveryPoint { arn, cold } => restore_job_plan(&scratch, arn, *cold),
        DrillSource::PitrAtExport { at, .. } => {
            pitr_restore_plan(table, &scratch, PitrTarget::At(*at))
        }
        DrillSource::Export(location) => import_from_s3_plan(
            table,
            location,
            &scratch,
            None,
            s3_token("drill", &scratch, now),
        ),
    };
    vec![
        drill_start_plan(table, &scratch),
        restore,
        drill_prove_plan(table, &scratch, source.exact_against()),
        drill_delete_plan(table, &scratch),
        drill_record_plan(table, &scratch, source.describe(table)),
    ]
}

/// A drill plan's scratch table (its delete step's).
pub fn drill_scratch(steps: &[StepPlan]) -> Option<&TableName> {
    steps.iter().find_map(|s| match &s.action {
        StepAction::DrillDeleteScratch { scratch, .. } => Some(scratch),
        _ => None,
    })
}

/// A point in time of `table` as `target`, with the settings a restore does
/// not carry re-applied from `table`'s; nothing is deleted.
fn pitr_to_new(
    table: &TableName,
    at: PitrTarget,
    target: &TableName,
    new_table: NewTableSettings,
) -> Vec<StepPlan> {
    let mut steps = vec![
        capture_settings_plan(table),
        pitr_restore_plan(table, target, at),
        reapply_settings_plan(target),
    ];
    steps.extend(turn_on(target, new_table));
    steps
}

/// Operation 14: the import, then the settings an import does not carry
/// (tags, TTL, stream) from the table the operation was started on, then
/// what the wizard chose (PITR, protection).
fn import_from_s3(
    table: &TableName,
    location: &crate::domain::S3Location,
    target: &TableName,
    compression: Option<crate::domain::Compression>,
    new_table: NewTableSettings,
    now: DateTime<Utc>,
) -> Vec<StepPlan> {
    let mut steps = vec![
        capture_settings_plan(table),
        import_from_s3_plan(
            table,
            location,
            target,
            compression,
            s3_token("import", target, now),
        ),
        reapply_settings_plan(target),
    ];
    steps.extend(turn_on(target, new_table));
    steps
}

/// What a restore into a new table turns on once it is ACTIVE, as chosen in
/// the wizard (operations 4, 5 and 9).
fn turn_on(target: &TableName, new_table: NewTableSettings) -> Vec<StepPlan> {
    let mut steps = Vec::new();
    if let Some(days) = new_table.pitr_days {
        steps.push(enable_pitr_plan(target, Some(days)));
    }
    if new_table.protection {
        steps.push(enable_protection_plan(target));
    }
    steps
}

fn aws_backup_in_place(
    table: &TableName,
    point: &RecoveryPointArn,
    cold: bool,
    now: DateTime<Utc>,
) -> Vec<StepPlan> {
    let orig = temporary_name(table, TempKind::Orig, now);
    vec![
        capture_settings_plan(table),
        back_up_plan(table, &orig, BackupOf::Original, true),
        remove_protection_plan(table),
        delete_plan(table),
        restore_job_plan(table, point, cold),
        reapply_settings_plan(table),
        enable_pitr_plan(table, None),
        enable_protection_plan(table),
        cleanup_review_plan(),
    ]
}
