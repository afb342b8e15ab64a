//! Every step kind has a crash probe: the scan can say what the account
//! shows of it, and the resume learns what it started. Adding a kind fails
//! to compile here until it is listed, and then these tests say whether
//! its probe answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use chrono::Utc;

use super::probe::{Interrupted, Seen};
use crate::backend::Backend;
use crate::domain::{
    Backup, BackupStatus, BackupType, Job, JobKind, JobStatus, PitrTarget, SettingChange, TableName,
};
use crate::workflow::action::{BackupOf, StepAction};
use crate::workflow::journal::{Entry, JournalFile, Record};
use crate::workflow::ledger::Ledger;
use crate::workflow::question::{Answer, Question};
use crate::workflow::tests::harness::sandbox;

/// How many kinds of step `action.rs` declares.
fn declared_kinds() -> usize {
    let source = include_str!("../action.rs");
    let body = source
        .split("pub enum StepAction {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .unwrap();
    body.lines()
        .filter(|l| {
            l.strip_prefix("    ")
                .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_uppercase()))
        })
        .count()
}

/// Its place in `every_kind`. No catch-all arm: a new kind must be added.
fn kind(action: &StepAction) -> usize {
    match action {
        StepAction::Duplicate { .. } => 0,
        StepAction::BackUp { .. } => 1,
        StepAction::WaitBackups { .. } => 2,
        StepAction::RemoveDeletionProtection { .. } => 3,
        StepAction::DeleteTable { .. } => 4,
        StepAction::RestoreFromRunBackup { .. } => 5,
        StepAction::RestoreFromBackup { .. } => 6,
        StepAction::RestoreFromRecoveryPoint { .. } => 7,
        StepAction::EnablePitr { .. } => 8,
        StepAction::EnableDeletionProtection { .. } => 9,
        StepAction::CaptureSettings { .. } => 10,
        StepAction::ReapplySettings { .. } => 11,
        StepAction::ApplySetting { .. } => 12,
        StepAction::Verify { .. } => 13,
        StepAction::CleanupReview => 14,
        StepAction::DeleteTemporaryTable { .. } => 15,
        StepAction::DeleteTemporaryBackup { .. } => 16,
        StepAction::RestoreToPointInTime { .. } => 17,
        StepAction::CompareTables { .. } => 18,
        StepAction::DeleteChosenBackup { .. } => 19,
        StepAction::RestoreScratch { .. } => 20,
        StepAction::RepairDiff { .. } => 21,
        StepAction::RepairWrite { .. } => 22,
        StepAction::RepairVerify { .. } => 23,
        StepAction::UndoRepair { .. } => 24,
        StepAction::StartBackupJob { .. } => 25,
        StepAction::PutVaultPolicy { .. } => 26,
        StepAction::CreateBackupPlan { .. } => 27,
        StepAction::CreateBackupSelection { .. } => 28,
        StepAction::DeleteBackupSelection { .. } => 29,
        StepAction::DrillStart { .. } => 30,
        StepAction::DrillProve { .. } => 31,
        StepAction::DrillDeleteScratch { .. } => 32,
        StepAction::DrillRecord { .. } => 33,
        StepAction::ExportToS3 { .. } => 34,
        StepAction::ImportFromS3 { .. } => 35,
        StepAction::StartCopyJob { .. } => 36,
        StepAction::InRegion { .. } => 37,
    }
}

/// One step of every kind, on table `tab`, target `new`, deleted table
/// `gone` and backup `b`.
fn every_kind() -> Vec<StepAction> {
    let t = || TableName::parse("tab").unwrap();
    let n = || TableName::parse("new").unwrap();
    let g = || TableName::parse("gone").unwrap();
    vec![
        StepAction::Duplicate {
            source: t(),
            target: n(),
            at: PitrTarget::Latest,
        },
        StepAction::BackUp {
            table: t(),
            backup_name: "b".into(),
            of: BackupOf::Original,
            wait: true,
        },
        StepAction::WaitBackups {
            backup_names: vec!["b".into()],
        },
        StepAction::RemoveDeletionProtection { table: t() },
        StepAction::DeleteTable { table: g() },
        StepAction::RestoreFromRunBackup {
            target: n(),
            backup_name: "b".into(),
        },
        StepAction::RestoreFromBackup {
            target: n(),
            backup_arn: "arn:b".into(),
        },
        StepAction::RestoreFromRecoveryPoint {
            target: n(),
            recovery_point_arn: "arn:rp".into(),
        },
        StepAction::EnablePitr {
            table: t(),
            recovery_period_days: None,
        },
        StepAction::EnableDeletionProtection { table: t() },
        StepAction::CaptureSettings { table: t() },
        StepAction::ReapplySettings { table: t() },
        StepAction::ApplySetting {
            table: t(),
            change: SettingChange::TableClass("STANDARD".into()),
        },
        StepAction::Verify {
            restored: t(),
            duplicate: n(),
        },
        StepAction::CleanupReview,
        StepAction::DeleteTemporaryTable { table: g() },
        StepAction::DeleteTemporaryBackup {
            backup_arn: "arn:b".into(),
            backup_name: "b".into(),
        },
        StepAction::RestoreToPointInTime {
            source: t(),
            target: n(),
            at: PitrTarget::Latest,
            source_arn: None,
        },
        StepAction::CompareTables {
            table: t(),
            other: n(),
        },
        StepAction::DeleteChosenBackup {
            backup_arn: "arn:b".into(),
            backup_name: "b".into(),
        },
        StepAction::RestoreScratch {
            table: t(),
            scratch: n(),
            from: crate::workflow::action::ScratchFrom::Backup(
                "arn:aws:dynamodb:r:1:table/tab/backup/1".into(),
            ),
        },
        StepAction::RepairDiff {
            table: t(),
            source: n(),
        },
        StepAction::RepairWrite { table: t() },
        StepAction::RepairVerify { table: t() },
        StepAction::UndoRepair {
            table: t(),
            preimage: PathBuf::from("p.preimage.json"),
        },
        StepAction::StartBackupJob {
            table: t(),
            vault: "v".into(),
            lifecycle: crate::domain::LifecycleDays::NEVER,
            token: "tok".into(),
        },
        StepAction::PutVaultPolicy {
            vault: "v".into(),
            policy: "{}".into(),
            base: None,
        },
        StepAction::CreateBackupPlan {
            name: "plan".into(),
            rules: crate::domain::template_rules("vault", None),
        },
        StepAction::CreateBackupSelection {
            plan_name: "plan".into(),
            plan_id: None,
            selection: Box::new(crate::domain::Selection {
                name: "sel".into(),
                ..crate::domain::Selection::default()
            }),
        },
        StepAction::DeleteBackupSelection {
            plan_name: "plan".into(),
            plan_id: "plan-id".into(),
            selection_id: "sel-id".into(),
            selection_name: "sel".into(),
        },
        StepAction::DrillStart {
            table: t(),
            scratch: n(),
        },
        StepAction::DrillProve {
            table: t(),
            scratch: n(),
            against: None,
        },
        StepAction::DrillDeleteScratch {
            table: t(),
            scratch: g(),
        },
        StepAction::DrillRecord {
            table: t(),
            scratch: n(),
            source: "latest".into(),
        },
        StepAction::ExportToS3 {
            table: t(),
            request: crate::domain::ExportRequest {
                table_arn: String::new(),
                bucket: "b".into(),
                prefix: String::new(),
                bucket_owner: None,
                kms_key: None,
                kind: crate::domain::ExportKind::Full {
                    at: chrono::DateTime::UNIX_EPOCH,
                },
                client_token: "tok".into(),
            },
        },
        StepAction::ImportFromS3 {
            source: t(),
            location: crate::domain::S3Location {
                bucket: "b".into(),
                prefix: String::new(),
            },
            target: n(),
            compression: None,
            token: "tok".into(),
        },
        StepAction::StartCopyJob {
            point: "arn:rp-copied".into(),
            source_vault: "v".into(),
            destination: "arn:aws:backup:us-west-2:111122223333:backup-vault:dr".into(),
            lifecycle: crate::domain::LifecycleDays::NEVER,
            token: "tok".into(),
        },
        StepAction::InRegion {
            region: "us-west-2".into(),
            step: Box::new(StepAction::RestoreFromRecoveryPoint {
                target: n(),
                recovery_point_arn: "arn:rp".into(),
            }),
        },
    ]
}

#[test]
fn every_kind_is_listed_once() {
    let kinds: Vec<usize> = every_kind().iter().map(kind).collect();
    assert_eq!(kinds, (0..declared_kinds()).collect::<Vec<_>>());
}

#[test]
fn the_scan_reads_every_kinds_probe() {
    let seen = Seen::default();
    for action in every_kind() {
        let probe = action.probe();
        let t = &probe.touches;
        let names: Vec<&str> = t
            .tables
            .iter()
            .chain(&t.backups)
            .chain(&t.plans)
            .copied()
            .collect();
        let lines = probe.report(&seen);
        if action == StepAction::CleanupReview {
            assert!(names.is_empty() && lines.is_empty(), "{action:?}");
            continue;
        }
        // No table or backup: its line names the vault, re-read on resume.
        if let StepAction::PutVaultPolicy { vault, .. } = &action {
            assert!(names.is_empty(), "{action:?}");
            assert!(
                lines.len() == 1 && lines[0].starts_with(&format!("backup vault {vault}: ")),
                "{lines:?}"
            );
            continue;
        }
        // No table or backup: its line names the copy job, or the point.
        if let StepAction::StartCopyJob { point, .. } = &action {
            assert!(names.is_empty(), "{action:?}");
            assert!(
                lines.len() == 1 && lines[0].starts_with(&format!("copy job of {point}: ")),
                "{lines:?}"
            );
            continue;
        }
        assert!(!names.is_empty(), "{action:?} touches nothing");
        assert!(!lines.is_empty(), "{action:?} reports nothing");
        for line in &lines {
            assert!(
                names.iter().any(|n| line.starts_with(&format!("{n}: "))),
                "{action:?}: {line} names nothing it touches"
            );
        }
    }
}

/// A journal whose step 0 the operator answered Yes to removing protection.
fn journal_said_yes() -> JournalFile {
    JournalFile {
        path: PathBuf::from("j.jsonl"),
        entries: vec![Entry {
            at: Utc::now(),
            record: Record::Answer {
                step: Some(0),
                question: Question::RemoveDeletionProtection {
                    table: "tab".into(),
                    fallback: None,
                    restored_after: false,
                },
                answer: Answer::Yes,
            },
        }],
        cut_tail: false,
    }
}

/// What the account shows after every call of `every_kind` landed: `tab`
/// and `new` exist, unprotected; `gone` is gone; backup `b` is listed; a restore job
/// of `arn:rp` runs, and a backup job of `tab`.
async fn landed() -> Seen {
    let sb = sandbox();
    let name = sb.list_tables().await.unwrap().into_iter().next().unwrap();
    let mut table = sb.describe_table(&name).await.unwrap();
    table.deletion_protection = false;
    let mut seen = Seen::default();
    seen.tables.insert("tab".into(), Ok(Some(table.clone())));
    seen.tables.insert("new".into(), Ok(Some(table)));
    seen.tables.insert("gone".into(), Ok(None));
    seen.backups.insert(
        "b".into(),
        Backup {
            arn: "arn:b".into(),
            name: "b".into(),
            table_name: "tab".into(),
            status: BackupStatus::Creating,
            kind: BackupType::User,
            created_at: Utc::now(),
            size_bytes: None,
        },
    );
    seen.jobs.push(Job {
        id: "job-1".into(),
        kind: JobKind::Restore,
        status: JobStatus::Running,
        percent_done: None,
        resource_arn: None,
        recovery_point_arn: Some("arn:rp".into()),
        created_resource_arn: None,
        created_at: Utc::now(),
        completed_at: None,
        status_message: None,
        copy: None,
    });
    seen.jobs.push(Job {
        id: "backup-job-1".into(),
        kind: JobKind::Backup,
        status: JobStatus::Running,
        percent_done: Some(40.0),
        resource_arn: Some("arn:aws:dynamodb:r:1:table/tab".into()),
        recovery_point_arn: None,
        created_resource_arn: None,
        created_at: Utc::now(),
        completed_at: None,
        status_message: None,
        copy: None,
    });
    seen.jobs.push(Job {
        id: "copy-job-1".into(),
        kind: JobKind::Copy,
        status: JobStatus::Running,
        percent_done: Some(40.0),
        resource_arn: Some("arn:aws:dynamodb:r:1:table/tab".into()),
        recovery_point_arn: Some("arn:rp-copied".into()),
        created_resource_arn: None,
        created_at: Utc::now(),
        completed_at: None,
        status_message: None,
        copy: None,
    });
    seen.plans = Some(Ok(vec![crate::domain::BackupPlan {
        id: "plan-id".into(),
        arn: "arn:plan".into(),
        name: "plan".into(),
        version_id: "v1".into(),
        rules: Vec::new(),
        selections: Vec::new(),
        selections_unread: None,
        created_at: None,
    }]));
    // The DR region's answer: the same names there.
    let there = Seen {
        regions: Default::default(),
        ..seen.clone()
    };
    seen.regions.insert("us-west-2".into(), there);
    seen
}

#[tokio::test]
async fn the_resume_learns_what_every_kind_started() {
    let seen = landed().await;
    let file = journal_said_yes();
    let at = Interrupted {
        file: &file,
        step: 0,
    };
    for action in every_kind() {
        let mut ledger = Ledger::default();
        action.probe().reconcile(&seen, &at, &mut ledger);
        // What the resume must learn, so no call is sent twice; the steps
        // that learn nothing check the account themselves when run again.
        let learned = match &action {
            StepAction::Duplicate { .. } => {
                ledger.duplicate_table.as_ref().is_some_and(|t| t == "new")
                    && ledger.duplicate_source.as_ref().is_some_and(|t| t == "tab")
            }
            StepAction::BackUp { .. } => ledger.backup_named("b").is_some(),
            StepAction::RemoveDeletionProtection { .. } => ledger.protection_removed == ["tab"],
            StepAction::DeleteTable { .. }
            | StepAction::DeleteTemporaryTable { .. }
            | StepAction::DrillDeleteScratch { .. } => ledger.deleting == ["gone"],
            StepAction::RestoreFromRunBackup { .. }
            | StepAction::RestoreFromBackup { .. }
            | StepAction::RestoreToPointInTime { .. } => ledger.restores_started == ["new"],
            StepAction::RestoreScratch { .. } => {
                ledger.restores_started == ["new"]
                    && ledger.duplicate_table.as_ref().is_some_and(|t| t == "new")
                    && ledger.duplicate_source.as_ref().is_some_and(|t| t == "tab")
            }
            StepAction::RestoreFromRecoveryPoint { .. } | StepAction::InRegion { .. } => {
                ledger.restore_job.as_deref() == Some("job-1") && ledger.restores_started == ["new"]
            }
            StepAction::StartBackupJob { .. } => {
                ledger.backup_job.as_deref() == Some("backup-job-1")
            }
            StepAction::StartCopyJob { .. } => ledger.copy_job.as_deref() == Some("copy-job-1"),
            StepAction::CreateBackupPlan { .. } => ledger.plan_id.as_deref() == Some("plan-id"),
            StepAction::WaitBackups { .. }
            | StepAction::EnablePitr { .. }
            | StepAction::EnableDeletionProtection { .. }
            | StepAction::CaptureSettings { .. }
            | StepAction::ReapplySettings { .. }
            | StepAction::ApplySetting { .. }
            | StepAction::Verify { .. }
            | StepAction::CompareTables { .. }
            | StepAction::CleanupReview
            | StepAction::DeleteTemporaryBackup { .. }
            | StepAction::DeleteChosenBackup { .. }
            | StepAction::RepairDiff { .. }
            | StepAction::RepairWrite { .. }
            | StepAction::RepairVerify { .. }
            | StepAction::UndoRepair { .. }
            | StepAction::PutVaultPolicy { .. }
            | StepAction::CreateBackupSelection { .. }
            | StepAction::DeleteBackupSelection { .. }
            | StepAction::DrillStart { .. }
            | StepAction::DrillProve { .. }
            | StepAction::DrillRecord { .. }
            // Resent with the run's client token, DynamoDB answers what
            // was started: nothing to learn.
            | StepAction::ExportToS3 { .. } => ledger == Ledger::default(),
            // The same, but the table it made is this run's (a drill may
            // prove and delete it).
            StepAction::ImportFromS3 { .. } => {
                ledger
                    == Ledger {
                        restores_started: vec![TableName::parse("new").unwrap()],
                        ..Ledger::default()
                    }
            }
        };
        assert!(learned, "{action:?}: {ledger:?}");
    }
}

#[tokio::test]
async fn a_step_in_another_region_reads_that_regions_answer_only() {
    let mut seen = landed().await;
    let file = journal_said_yes();
    let at = Interrupted {
        file: &file,
        step: 0,
    };
    let action = StepAction::InRegion {
        region: "us-west-2".into(),
        step: Box::new(StepAction::RestoreFromRecoveryPoint {
            target: TableName::parse("new").unwrap(),
            recovery_point_arn: "arn:rp".into(),
        }),
    };
    let probe = action.probe();
    assert_eq!(probe.touches.region, Some("us-west-2"));
    // This region's restore job is not the step's.
    let there = seen.regions.remove("us-west-2").unwrap();
    let mut ledger = Ledger::default();
    probe.reconcile(&seen, &at, &mut ledger);
    assert_eq!(ledger.restore_job, None);
    // There, it is; and the scan's lines say where they were read.
    seen.regions.insert("us-west-2".into(), there);
    probe.reconcile(&seen, &at, &mut ledger);
    assert_eq!(ledger.restore_job.as_deref(), Some("job-1"));
    let lines = probe.report(&seen);
    assert!(
        lines.iter().all(|l| l.ends_with("(in us-west-2)")),
        "{lines:?}"
    );
}
