//! The plan of an operation, computed before anything runs: the UI shows it
//! ("read before continuing") and the engine executes it step by step.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::action::{BackupOf, StepAction};
use super::operation::{OpKind, Operation};
use super::step_plans::{
    StepPlan, back_up, capture_settings, cleanup_review, delete, enable_pitr, enable_protection,
    minutes, reapply_settings, remove_protection, restore_job, verify,
};
use crate::domain::time::format_reference;
use crate::domain::{PitrTarget, TableName, TempKind, temp_name};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub operation: Operation,
    pub steps: Vec<StepPlan>,
    /// The one timestamp of every temporary name of this run.
    pub stamp: DateTime<Utc>,
}

/// The name of a temporary resource of `table` for this run.
pub fn temporary_name(table: &str, kind: TempKind, stamp: DateTime<Utc>) -> String {
    match TableName::parse(table) {
        Ok(name) => temp_name(&name, kind, stamp).to_string(),
        // Only for names DynamoDB would refuse anyway; the preflight stops
        // such a run before it uses the name.
        Err(_) => {
            let tag = match kind {
                TempKind::Orig => "orig",
                TempKind::Dupe => "dupe",
            };
            format!("{table}--{tag}-{}", stamp.format("%b-%d-%Y-%H-%M-%S"))
        }
    }
}

fn moment(at: PitrTarget) -> String {
    match at {
        PitrTarget::Latest => "the latest restorable time".to_owned(),
        PitrTarget::At(t) => format_reference(t),
    }
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
            vec![back_up(table, &name, BackupOf::Original, true)]
        }
        Operation::RestoreFromBackup { backup_arn, target } => vec![
            StepPlan::new(
                format!("Restore the backup as {target}"),
                &["RestoreTableFromBackup", "DescribeTable"],
                minutes(5),
                StepAction::RestoreFromBackup {
                    target: target.clone(),
                    backup_arn: backup_arn.clone(),
                },
            )
            .creating(target),
        ],
        Operation::RestoreFromRecoveryPoint {
            recovery_point_arn,
            target,
        } => vec![restore_job(target, recovery_point_arn, false)],
        Operation::DeleteTable {
            table,
            fallback_backup,
        } => {
            let mut steps = Vec::new();
            if *fallback_backup {
                let name = temporary_name(table, TempKind::Orig, now);
                steps.push(back_up(table, &name, BackupOf::Original, true));
            }
            steps.push(remove_protection(table));
            steps.push(delete(table));
            steps
        }
        Operation::EnablePitr {
            table,
            recovery_period_days,
        } => vec![enable_pitr(table, Some(*recovery_period_days))],
        Operation::EnableDeletionProtection { table } => vec![enable_protection(table)],
    };
    Plan {
        operation: op.clone(),
        steps,
        stamp: now,
    }
}

/// How long an operation of `kind` takes, summed from the plan of an
/// example of it: `~25m`, or `warm ~24m, cold ~3h` when its source may be in
/// cold storage. The menu shows it; the README's table repeats it.
pub fn estimate(kind: OpKind) -> String {
    let steps = plan(&kind.example("table"), DateTime::UNIX_EPOCH).steps;
    // From cold storage, the restore-job step takes its cold estimate.
    let total = |cold| {
        steps
            .iter()
            .map(|s| match &s.action {
                StepAction::RestoreFromRecoveryPoint {
                    target,
                    recovery_point_arn,
                } => restore_job(target, recovery_point_arn, cold).estimate,
                _ => s.estimate,
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
fn rough(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("~{s}s"),
        60..3570 => format!("~{}m", (s + 30) / 60),
        _ => format!("~{}h", (s + 1800) / 3600),
    }
}

fn pitr_in_place(table: &str, at: PitrTarget, now: DateTime<Utc>) -> Vec<StepPlan> {
    let dupe = temporary_name(table, TempKind::Dupe, now);
    let orig = temporary_name(table, TempKind::Orig, now);
    vec![
        StepPlan::new(
            format!("Duplicate {table} at {} as {dupe}", moment(at)),
            &["RestoreTableToPointInTime", "DescribeTable"],
            minutes(7),
            StepAction::Duplicate {
                source: table.to_owned(),
                target: dupe.clone(),
                at,
            },
        )
        .creating(&dupe),
        back_up(table, &orig, BackupOf::Original, false),
        back_up(&dupe, &dupe, BackupOf::Duplicate, false),
        StepPlan::new(
            format!("Wait until both backups are AVAILABLE ({orig}, {dupe})"),
            &["DescribeBackup"],
            minutes(2),
            StepAction::WaitBackups {
                backup_names: vec![orig.clone(), dupe.clone()],
            },
        ),
        capture_settings(table),
        remove_protection(table),
        delete(table),
        StepPlan::new(
            format!("Restore {table} from the duplicate's backup {dupe}"),
            &["RestoreTableFromBackup", "DescribeTable"],
            minutes(5),
            StepAction::RestoreFromRunBackup {
                target: table.to_owned(),
                backup_name: dupe.clone(),
            },
        )
        .creating(table),
        reapply_settings(table),
        enable_pitr(table, None),
        enable_protection(table),
        verify(table, &dupe),
        cleanup_review(),
    ]
}

fn aws_backup_in_place(table: &str, point: &str, cold: bool, now: DateTime<Utc>) -> Vec<StepPlan> {
    let orig = temporary_name(table, TempKind::Orig, now);
    vec![
        capture_settings(table),
        back_up(table, &orig, BackupOf::Original, true),
        remove_protection(table),
        delete(table),
        restore_job(table, point, cold),
        reapply_settings(table),
        enable_pitr(table, None),
        enable_protection(table),
        cleanup_review(),
    ]
}
