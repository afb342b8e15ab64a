#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::domain::{BackupArn, RecoveryPointArn, TableName};
use crate::workflow::journal::{Entry, JournalFile, Record};
use crate::workflow::{DataSize, NewTableSettings, OpKind, Operation, Outcome, plan};

const GIB: u64 = 1024 * 1024 * 1024;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap()
}

fn obs(kind: SourceKind, bytes: u64, secs: u64, i: i64) -> Observation {
    Observation {
        kind,
        bytes,
        secs,
        at: t0() + chrono::Duration::hours(i),
        target: format!("t{i}"),
    }
}

fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

#[test]
fn without_history_the_reference_figure_is_the_forecast_and_says_so() {
    let h = History::default();
    for bytes in [None, Some(0), Some(GIB / 2), Some(25 * GIB)] {
        let f = h.forecast(SourceKind::Backup, minutes(5), bytes);
        assert_eq!(
            f.time,
            crate::workflow::restore_time(minutes(5), bytes),
            "{bytes:?}"
        );
        assert_eq!(
            f.basis,
            "reference figure: no history of restores of DynamoDB backups yet"
        );
    }
}

#[test]
fn the_accounts_restores_move_the_forecast() {
    // Four 11 GiB restores in 5m 10s: 2 minutes of overhead... this account
    // restores far faster than the reference's 18 MiB/s.
    let fast: Vec<Observation> = (0..4)
        .map(|i| obs(SourceKind::Backup, 11 * GIB, 310, i))
        .collect();
    let h = History::new(fast);
    let prior = History::default().forecast(SourceKind::Backup, minutes(5), Some(11 * GIB));
    let f = h.forecast(SourceKind::Backup, minutes(5), Some(11 * GIB));
    assert!(f.time < prior.time / 2, "{:?} vs {:?}", f.time, prior.time);
    assert!(
        f.basis
            .starts_with("from 4 of your restores of DynamoDB backups (median "),
        "{}",
        f.basis
    );
    assert!(f.basis.contains("MB/s"), "{}", f.basis);
    // A slow account's forecast grows instead.
    let slow: Vec<Observation> = (0..4)
        .map(|i| obs(SourceKind::Backup, 11 * GIB, 4 * 3600, i))
        .collect();
    let s = History::new(slow).forecast(SourceKind::Backup, minutes(5), Some(11 * GIB));
    assert!(s.time > prior.time * 2, "{:?} vs {:?}", s.time, prior.time);
}

#[test]
fn small_restores_teach_the_overhead_blended_with_the_prior() {
    // Three small PITR restores of 25 minutes each, against the prior's 7.
    let h = History::new(
        (0..3)
            .map(|i| obs(SourceKind::Pitr, 1_000_000, 25 * 60, i))
            .collect(),
    );
    let f = h.forecast(SourceKind::Pitr, minutes(7), Some(1_000_000));
    // (2 × 7 + 3 × 25) / 5 = 17.8 minutes.
    assert_eq!(f.time.as_secs(), (2 * 7 * 60 + 3 * 25 * 60) / 5);
    assert!(f.basis.contains("small ones in ~25m"), "{}", f.basis);
}

#[test]
fn one_odd_restore_moves_the_median_of_many_little() {
    let mut all: Vec<Observation> = (0..9)
        .map(|i| obs(SourceKind::Backup, 500_000, 6 * 60, i))
        .collect();
    all.push(obs(SourceKind::Backup, 500_000, 20 * 3600, 10));
    let f = History::new(all).forecast(SourceKind::Backup, minutes(5), None);
    assert!(f.time < minutes(7), "{:?}", f.time);
}

#[test]
fn cold_and_warm_recovery_points_are_separate() {
    let warm: Vec<Observation> = (0..5)
        .map(|i| obs(SourceKind::PointWarm, 2 * GIB, 3 * 3600, i))
        .collect();
    let h = History::new(warm);
    let cold = h.forecast(SourceKind::PointCold, minutes(180), Some(2 * GIB));
    let cold_prior =
        History::default().forecast(SourceKind::PointCold, minutes(180), Some(2 * GIB));
    assert_eq!(cold, cold_prior);
    assert!(cold.basis.contains("no history of restores of cold"));
    let warm = h.forecast(SourceKind::PointWarm, minutes(20), Some(2 * GIB));
    let warm_prior = History::default().forecast(SourceKind::PointWarm, minutes(20), Some(2 * GIB));
    assert!(warm.time > warm_prior.time * 2, "{:?}", warm.time);
    // And the plan's kind follows the operation's storage.
    let point = RecoveryPointArn::from("arn:aws:backup:eu-west-1:1:recovery-point:x");
    let op = |cold| Operation::RestoreFromRecoveryPoint {
        recovery_point_arn: point.clone(),
        target: TableName::parse("tbl").unwrap(),
        cold,
        new_table: NewTableSettings::default(),
    };
    let size = Some(DataSize {
        bytes: 2 * GIB,
        items: 1,
    });
    let warm_plan = plan(&op(false), t0()).forecast(size, &h);
    let cold_plan = plan(&op(true), t0()).forecast(size, &h);
    assert!(warm_plan.forecast[0].contains("from 5 of your restores of warm"));
    assert!(cold_plan.forecast[0].contains("reference figure"));
    assert_eq!(cold_plan.steps[0].estimate, cold_prior.time);
}

#[test]
fn only_the_newest_restores_count() {
    let mut all: Vec<Observation> = (0..LAST_N as i64)
        .map(|i| obs(SourceKind::Backup, 100, 3 * 3600, i))
        .collect();
    // Newer, and quick: the old slow ones fall out of the window.
    all.extend((0..LAST_N as i64).map(|i| obs(SourceKind::Backup, 100, 120, 100 + i)));
    let f = History::new(all).forecast(SourceKind::Backup, minutes(5), None);
    assert!(f.time < minutes(3), "{:?}", f.time);
    assert!(f.basis.starts_with(&format!("from {LAST_N} of your")));
}

fn entry(secs: i64, record: Record) -> Entry {
    Entry {
        at: t0() + chrono::Duration::seconds(secs),
        record,
    }
}

fn journal(size: Option<DataSize>, resumed: bool) -> JournalFile {
    let op = Operation::RestoreFromBackup {
        backup_arn: BackupArn::from("arn:aws:dynamodb:eu-west-1:1:table/t/backup/01"),
        target: TableName::parse("t-restored").unwrap(),
        new_table: NewTableSettings::default(),
    };
    let mut p = plan(&op, t0());
    p.size = size;
    let step = p.steps[0].clone();
    let mut entries = vec![
        entry(
            0,
            Record::Started {
                job: 1,
                plan: p,
                scope: None,
            },
        ),
        entry(
            1,
            Record::Intent {
                step: 0,
                title: step.title.clone(),
                action: step.action.clone(),
                creates: Vec::new(),
                deletes: Vec::new(),
            },
        ),
    ];
    if resumed {
        entries.push(entry(200, Record::Resumed { job: 2, step: 0 }));
    }
    entries.extend([
        entry(
            421,
            Record::Done {
                step: 0,
                detail: None,
                ledger: Default::default(),
            },
        ),
        entry(
            422,
            Record::Outcome {
                outcome: Outcome::Completed {
                    remaining: Vec::new(),
                },
            },
        ),
    ]);
    JournalFile {
        path: PathBuf::from("j.jsonl"),
        entries,
        cut_tail: false,
    }
}

#[test]
fn a_finished_runs_restore_step_is_measured_from_its_journal() {
    let size = DataSize {
        bytes: 3 * GIB,
        items: 10,
    };
    let got = from_journal(&journal(Some(size), false));
    assert_eq!(
        got,
        vec![Observation {
            kind: SourceKind::Backup,
            bytes: 3 * GIB,
            secs: 420,
            at: t0() + chrono::Duration::seconds(1),
            target: "t-restored".to_owned(),
        }]
    );
    // No size journaled (an older version): nothing learned.
    assert!(from_journal(&journal(None, false)).is_empty());
    // Resumed across the restore: its time is not the restore's.
    assert!(from_journal(&journal(Some(size), true)).is_empty());
}

#[test]
fn a_drill_in_both_the_journal_and_the_history_counts_once() {
    let j = vec![obs(SourceKind::Pitr, 100, 600, 0)];
    let mut twin = obs(SourceKind::Pitr, 100, 610, 0);
    twin.target = j[0].target.clone();
    let other = obs(SourceKind::Pitr, 100, 900, 1);
    let h = merged(j, vec![twin, other]);
    assert_eq!(h.observations().len(), 2);
}

#[test]
fn the_menu_estimate_follows_the_history() {
    let size = Some(DataSize {
        bytes: 11 * GIB,
        items: 1,
    });
    let slow = History::new(
        (0..4)
            .map(|i| obs(SourceKind::Backup, 11 * GIB, 5 * 3600, i))
            .collect(),
    );
    let prior = crate::workflow::estimate_for(OpKind::RestoreFromBackup, size);
    let learned = crate::workflow::estimate_with(OpKind::RestoreFromBackup, size, &slow);
    assert_eq!(prior, "~15m");
    assert_ne!(learned, prior);
    assert!(learned.ends_with('h'), "{learned}");
}
