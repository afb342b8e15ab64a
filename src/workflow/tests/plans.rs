//! Plans as data: the steps, their order, names and APIs, before anything
//! runs.

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::{PitrTarget, TableName};
use crate::workflow::{DataSize, Operation, Plan, StepAction, plan, table_of};
use std::time::Duration;

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 28, 10, 0, 0)
        .single()
        .unwrap()
}

fn actions(p: &Plan) -> Vec<&'static str> {
    p.steps
        .iter()
        .map(|s| match s.action {
            StepAction::Duplicate { .. } => "duplicate",
            StepAction::BackUp { wait: false, .. } => "back up",
            StepAction::BackUp { wait: true, .. } => "back up and wait",
            StepAction::WaitBackups { .. } => "wait backups",
            StepAction::RemoveDeletionProtection { .. } => "deletion protection?",
            StepAction::DeleteTable { .. } => "delete",
            StepAction::RestoreFromRunBackup { .. } | StepAction::RestoreFromBackup { .. } => {
                "restore backup"
            }
            StepAction::RestoreFromRecoveryPoint { .. } => "restore job",
            StepAction::RestoreToPointInTime { .. } => "restore point in time",
            StepAction::EnablePitr { .. } => "pitr on",
            StepAction::EnableDeletionProtection { .. } => "protection on",
            StepAction::CaptureSettings { .. } => "capture settings",
            StepAction::ReapplySettings { .. } => "reapply settings",
            StepAction::ApplySetting { .. } => "apply setting",
            StepAction::Verify { .. } => "verify",
            StepAction::CompareTables { .. } => "compare",
            StepAction::CleanupReview => "review",
            StepAction::DeleteTemporaryTable { .. } | StepAction::DeleteTemporaryBackup { .. } => {
                "cleanup"
            }
            StepAction::DeleteChosenBackup { .. } => "delete a chosen backup",
            StepAction::DrillStart { .. } => "drill start",
            StepAction::DrillProve { .. } => "drill prove",
            StepAction::DrillDeleteScratch { .. } => "drill delete scratch",
            StepAction::DrillRecord { .. } => "drill record",
            StepAction::RestoreScratch { .. } => "restore scratch",
            StepAction::RepairDiff { .. } => "repair diff",
            StepAction::RepairWrite { .. } => "repair write",
            StepAction::RepairVerify { .. } => "repair verify",
            StepAction::UndoRepair { .. } => "undo repair",
            StepAction::StartBackupJob { .. } => "backup job",
            StepAction::StartCopyJob { .. } => "copy job",
            StepAction::PutVaultPolicy { .. } => "put vault policy",
            StepAction::CreateBackupPlan { .. } => "create plan",
            StepAction::ExportToS3 { .. } => "export to s3",
            StepAction::ImportFromS3 { .. } => "import from s3",
            StepAction::CreateBackupSelection { .. } => "create selection",
            StepAction::DeleteBackupSelection { .. } => "delete selection",
            StepAction::InRegion { .. } => "in another region",
        })
        .collect()
}

#[test]
fn pitr_in_place_follows_the_reference_and_stamps_one_name_per_run() {
    let at = Utc
        .with_ymd_and_hms(2025, 1, 28, 9, 39, 28)
        .single()
        .unwrap();
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(at),
    };
    let p = plan(&op, stamp());
    assert_eq!(
        actions(&p),
        [
            "duplicate",
            "back up",
            "back up",
            "wait backups",
            "capture settings",
            "deletion protection?",
            "delete",
            "restore backup",
            "reapply settings",
            "pitr on",
            "protection on",
            "verify",
            "review"
        ]
    );
    let dupe = "orders--dupe-Jan-28-2025-10-00-00";
    let orig = "orders--orig-Jan-28-2025-10-00-00";
    assert_eq!(
        p.steps[0].title,
        format!("Duplicate orders at Jan 28 2025 - 09:39:28 as {dupe}")
    );
    assert_eq!(
        p.steps[0].api,
        ["RestoreTableToPointInTime", "DescribeTable"]
    );
    assert_eq!(p.steps[0].creates, [dupe]);
    assert_eq!(p.steps[1].creates, [orig]);
    assert_eq!(p.steps[2].creates, [dupe]);
    assert_eq!(p.steps[6].deletes, ["orders"]);
    assert_eq!(p.steps[7].creates, ["orders"]);
    assert!(p.steps[7].title.contains(dupe));
    assert_eq!(
        p.steps[11].action,
        StepAction::Verify {
            restored: TableName::parse("orders").unwrap(),
            duplicate: TableName::parse(dupe).unwrap()
        }
    );
    assert_eq!(p.stamp, stamp());
    assert!(
        p.steps
            .iter()
            .all(|s| !s.api.is_empty() && !s.estimate.is_zero())
    );
}

#[test]
fn aws_backup_in_place_backs_up_first_and_estimates_by_storage() {
    let op = |cold| Operation::AwsBackupInPlace {
        table: TableName::parse("orders").unwrap(),
        recovery_point_arn: "arn:rp".into(),
        cold,
    };
    let warm = plan(&op(false), stamp());
    assert_eq!(
        actions(&warm),
        [
            "capture settings",
            "back up and wait",
            "deletion protection?",
            "delete",
            "restore job",
            "reapply settings",
            "pitr on",
            "protection on",
            "review"
        ]
    );
    assert_eq!(warm.steps[4].api[0], "StartRestoreJob");
    assert_eq!(warm.steps[4].estimate.as_secs(), 20 * 60);
    assert_eq!(
        plan(&op(true), stamp()).steps[4].estimate.as_secs(),
        3 * 3600
    );
}

#[test]
fn the_table_management_operations_are_short_plans() {
    let t = || TableName::parse("ParksAr").unwrap();
    let cases = [
        (
            Operation::CreateBackup { table: t() },
            vec!["back up and wait"],
        ),
        (
            Operation::RestoreFromBackup {
                new_table: Default::default(),
                backup_arn: "arn:b".into(),
                target: t(),
            },
            vec!["restore backup"],
        ),
        (
            Operation::RestoreFromRecoveryPoint {
                new_table: Default::default(),
                recovery_point_arn: "arn:rp".into(),
                target: t(),
                cold: false,
            },
            vec!["restore job"],
        ),
        (
            Operation::RestoreFromBackup {
                new_table: crate::workflow::NewTableSettings::both_on(7),
                backup_arn: "arn:b".into(),
                target: t(),
            },
            vec!["restore backup", "pitr on", "protection on"],
        ),
        (
            Operation::RestoreFromRecoveryPoint {
                new_table: crate::workflow::NewTableSettings::both_on(7),
                recovery_point_arn: "arn:rp".into(),
                target: t(),
                cold: false,
            },
            vec!["restore job", "pitr on", "protection on"],
        ),
        (
            Operation::PitrToNew {
                table: TableName::parse("ParksAr-live").unwrap(),
                at: crate::domain::PitrTarget::Latest,
                target: t(),
                new_table: crate::workflow::NewTableSettings::both_on(7),
            },
            vec![
                "capture settings",
                "restore point in time",
                "reapply settings",
                "pitr on",
                "protection on",
            ],
        ),
        (
            Operation::DeleteTable {
                table: t(),
                fallback_backup: true,
            },
            vec!["back up and wait", "deletion protection?", "delete"],
        ),
        (
            Operation::DeleteTable {
                table: t(),
                fallback_backup: false,
            },
            vec!["deletion protection?", "delete"],
        ),
        (
            Operation::EnablePitr {
                table: t(),
                recovery_period_days: 7,
            },
            vec!["pitr on"],
        ),
        (
            Operation::EnableDeletionProtection { table: t() },
            vec!["protection on"],
        ),
    ];
    for (op, expected) in cases {
        assert_eq!(actions(&plan(&op, stamp())), expected, "{op:?}");
        assert_eq!(table_of(&op), "ParksAr");
        assert!(!op.label().is_empty());
    }
}

#[test]
fn operations_and_plans_survive_a_round_trip_through_json() {
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::Latest,
    };
    let p = plan(&op, stamp());
    let json = serde_json::to_string(&p).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    assert!(p.steps[0].title.contains("the latest restorable time"));
}

#[test]
fn a_journal_of_an_earlier_version_with_its_compare_step_still_reads() {
    let old = r#"{"Compare":{"restored":"orders","duplicate":"orders--dupe"}}"#;
    let action: StepAction = serde_json::from_str(old).unwrap();
    assert_eq!(
        action,
        StepAction::Verify {
            restored: TableName::parse("orders").unwrap(),
            duplicate: TableName::parse("orders--dupe").unwrap()
        }
    );
}

/// The README's table of operations is the one description: number, label,
/// what the wizard asks for and the estimate summed from the plan.
#[test]
fn the_readme_table_matches_each_operations_description() {
    let readme = include_str!("../../../README.md");
    let missing: Vec<String> = crate::workflow::OpKind::ALL
        .into_iter()
        .map(|kind| {
            format!(
                "| {} | {} | {} | {} |",
                kind.number(),
                kind.label(),
                kind.inputs(),
                crate::workflow::estimate(kind)
            )
        })
        .filter(|row| !readme.contains(row))
        .collect();
    assert!(
        missing.is_empty(),
        "README lacks the rows\n{}",
        missing.join("\n")
    );
}

/// Each kind numbers itself as the menu does, and an operation knows its
/// kind, so the plan's title and the menu's row name it alike.
#[test]
fn each_operation_kind_has_one_number_and_label() {
    for (i, kind) in crate::workflow::OpKind::ALL.into_iter().enumerate() {
        assert_eq!(kind.number(), i + 1);
        let op = kind.example(TableName::parse("orders").unwrap());
        assert_eq!(op.kind(), kind);
        assert_eq!(op.label(), kind.label());
    }
}

// Estimates for the table's size (`workflow/estimate.rs`).

fn audit_log_plan() -> Plan {
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
    let small = audit_log_plan().sized(DataSize {
        bytes: 155_000,
        items: 1_000,
    });
    let big = audit_log_plan().sized(DataSize {
        bytes: 24_600_000_000,
        items: 41_000_000,
    });
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
        step_named(&audit_log_plan(), "Duplicate")
    );
    assert!(big.total() > small.total() + Duration::from_secs(3600));
    // Steps that do not move data keep their figure.
    assert_eq!(
        step_named(&big, "Capture"),
        step_named(&audit_log_plan(), "Capture")
    );
}

#[test]
fn a_size_of_nothing_still_gives_a_verify_time() {
    let empty = audit_log_plan().sized(DataSize::default());
    assert_eq!(
        step_named(&empty, "Verify"),
        std::time::Duration::from_secs(30)
    );
}

#[test]
fn an_export_is_one_step_and_an_import_puts_back_what_it_does_not_carry() {
    let t = TableName::parse("orders").unwrap();
    let location = crate::domain::S3Location::parse("s3://dr-exports/nightly").unwrap();
    let export = plan(
        &Operation::ExportToS3 {
            table: t.clone(),
            location: location.clone(),
            kind: crate::domain::ExportKind::Full { at: stamp() },
            bucket_owner: None,
            kms_key: None,
        },
        stamp(),
    );
    assert_eq!(actions(&export), ["export to s3"]);
    let StepAction::ExportToS3 { request, .. } = &export.steps[0].action else {
        panic!("{export:?}");
    };
    // The run's token: the same on every resume of this run.
    assert_eq!(request.client_token, "dr-export-1738058400000-orders");
    assert_eq!(request.bucket, "dr-exports");
    assert_eq!(request.prefix, "nightly");

    let import = plan(
        &Operation::ImportFromS3 {
            table: t,
            location,
            target: TableName::parse("orders-imported").unwrap(),
            compression: None,
            new_table: crate::workflow::NewTableSettings::both_on(35),
        },
        stamp(),
    );
    assert_eq!(
        actions(&import),
        [
            "capture settings",
            "import from s3",
            "reapply settings",
            "pitr on",
            "protection on"
        ]
    );
}

#[test]
fn a_restore_in_another_region_runs_every_step_there() {
    let orders = TableName::parse("orders").unwrap();
    let op = |source| Operation::RestoreInRegion {
        table: orders.clone(),
        table_arn: "arn:aws:dynamodb:eu-west-1:1:table/orders".into(),
        region: "us-west-2".into(),
        source,
        target: orders.clone(),
        new_table: crate::workflow::NewTableSettings::both_on(7),
    };
    let p = plan(
        &op(crate::workflow::RegionSource::Pitr(PitrTarget::Latest)),
        stamp(),
    );
    assert_eq!(actions(&p), ["in another region"; 3]);
    let first = &p.steps[0];
    assert_eq!(
        first.title,
        "Restore orders from orders at its latest restorable time in us-west-2"
    );
    assert_eq!(
        first.api,
        [
            "RestoreTableToPointInTime (us-west-2)",
            "DescribeTable (us-west-2)"
        ]
    );
    assert_eq!(first.creates, ["orders in us-west-2"]);
    let StepAction::InRegion { region, step } = &first.action else {
        panic!()
    };
    assert_eq!(region, "us-west-2");
    assert!(matches!(
        &**step,
        StepAction::RestoreToPointInTime { source_arn: Some(a), .. } if a.ends_with("table/orders")
    ));
    let inner: Vec<&str> = p.steps[1..]
        .iter()
        .map(|s| match &s.action {
            StepAction::InRegion { step, .. } => match &**step {
                StepAction::EnablePitr { .. } => "pitr on",
                StepAction::EnableDeletionProtection { .. } => "protection on",
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(inner, ["pitr on", "protection on"]);
    assert!(
        p.warnings()
            .iter()
            .any(|w| w.contains("is made in us-west-2"))
    );
    let p = plan(
        &op(crate::workflow::RegionSource::Copy {
            point: "arn:aws:backup:us-west-2:1:recovery-point:c1".into(),
            vault: "dr".into(),
        }),
        stamp(),
    );
    assert_eq!(p.steps[0].api[0], "StartRestoreJob (us-west-2)");
}
