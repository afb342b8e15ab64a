//! The drill history: `drills.jsonl` in the backend's state dir, one
//! `DrillRecord` a line, appended and synced (never rewritten). A line cut
//! short by a crash is skipped when read, as the journal's last record is;
//! a record whose id is already there is not appended again, so a resumed
//! drill writes its record once.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use super::{CheckName, CheckVerdict, DrillCheck, DrillRecord};
use crate::safe_fs;

/// The history's file in a backend's state dir.
pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join("drills.jsonl")
}

/// At most this much history is read (a drill a day for decades).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Every record of the history, oldest first; an unreadable line is
/// skipped. No file: an empty history.
pub fn load(state_dir: &Path) -> std::io::Result<DrillHistory> {
    let file = path(state_dir);
    if !file.exists() {
        return Ok(DrillHistory::default());
    }
    let bytes = safe_fs::read_regular(&file, MAX_BYTES)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let records = String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| serde_json::from_str::<DrillRecord>(l).ok())
        .collect();
    Ok(DrillHistory { records })
}

/// Appends `record` unless a record with its id is there already; the
/// line is written whole and synced. Returns whether it was appended.
pub fn append(state_dir: &Path, record: &DrillRecord) -> std::io::Result<bool> {
    safe_fs::private_dir(state_dir)?;
    if load(state_dir)?.records.iter().any(|r| r.id == record.id) {
        return Ok(false);
    }
    let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
    line.push(b'\n');
    let mut file = safe_fs::open_append_private(&path(state_dir))?;
    // A line cut by an earlier crash is ended first, so this one parses.
    let len = file.metadata()?.len();
    if len > 0 && !ends_with_newline(&path(state_dir))? {
        file.write_all(b"\n")?;
    }
    file.write_all(&line)?;
    file.sync_all()?;
    Ok(true)
}

fn ends_with_newline(file: &Path) -> std::io::Result<bool> {
    let bytes =
        safe_fs::read_regular(file, MAX_BYTES).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.last() == Some(&b'\n'))
}

/// The history as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrillHistory {
    pub records: Vec<DrillRecord>,
}

/// What posture asks of one table's drills: both `None` when it has none.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LastDrills<'a> {
    /// The newest drill, passed or not.
    pub last: Option<&'a DrillRecord>,
    /// The newest drill that passed.
    pub last_passing: Option<&'a DrillRecord>,
}

impl DrillHistory {
    /// The newest drill of each table, and its newest passing one.
    pub fn by_table(&self) -> BTreeMap<&str, LastDrills<'_>> {
        let mut out: BTreeMap<&str, LastDrills<'_>> = BTreeMap::new();
        for r in &self.records {
            let entry = out.entry(r.table.as_str()).or_default();
            if entry.last.is_none_or(|l| r.finished_at >= l.finished_at) {
                entry.last = Some(r);
            }
            if r.passed
                && entry
                    .last_passing
                    .is_none_or(|p| r.finished_at >= p.finished_at)
            {
                entry.last_passing = Some(r);
            }
        }
        out
    }

    /// The newest drill of `table` and its newest passing one.
    pub fn of(&self, table: &str) -> LastDrills<'_> {
        self.by_table().remove(table).unwrap_or_default()
    }
}

/// The sandbox's drill history, written once when its state dir has none:
/// `orders` drilled two days ago in 9 minutes (passes both rules as the
/// sample config sets them), `customers` drilled 200 days ago (too old),
/// `payments` drilled yesterday but its restore took 3 hours (over the RTO
/// target). Returns whether it wrote.
pub fn seed_sandbox(state_dir: &Path, now: DateTime<Utc>) -> std::io::Result<bool> {
    if path(state_dir).exists() {
        return Ok(false);
    }
    // Each with its table's seeded size (items × item bytes), so the
    // sandbox's restore-time forecast has a history of PITR restores.
    for (table, age, rto, bytes) in [
        (
            "orders",
            Duration::days(2),
            Duration::minutes(9),
            2_250_000_000,
        ),
        (
            "customers",
            Duration::days(200),
            Duration::minutes(14),
            820_800_000,
        ),
        (
            "payments",
            Duration::days(1),
            Duration::hours(3),
            2_610_000_000,
        ),
    ] {
        append(state_dir, &seeded(table, now - age, rto, bytes))?;
    }
    Ok(true)
}

fn seeded(table: &str, started: DateTime<Utc>, rto: Duration, bytes: u64) -> DrillRecord {
    let restored = started + rto;
    let scratch = format!("{table}--drill-{}", started.format("%b-%d-%Y-%H-%M-%S"));
    let pass = |check, detail: &str| DrillCheck::new(check, CheckVerdict::Pass, detail);
    DrillRecord {
        id: scratch.clone(),
        table: table.to_owned(),
        source: format!("{table} at its latest restorable time"),
        scratch,
        scope: "sandbox (seeded history)".to_owned(),
        started_at: started,
        restored_at: Some(restored),
        finished_at: restored + Duration::minutes(2),
        rto_secs: u64::try_from(rto.num_seconds()).ok(),
        source_kind: Some(crate::forecast::SourceKind::Pitr),
        source_bytes: Some(bytes),
        checks: vec![
            pass(CheckName::Active, "ACTIVE"),
            pass(CheckName::Settings, "as the source's"),
            pass(CheckName::ItemsReadable, "every item read"),
            pass(CheckName::ItemCount, "as the source's"),
            pass(CheckName::SampleKeys, "every sampled key equal"),
            DrillCheck::new(
                CheckName::ExactVerify,
                CheckVerdict::NotRun,
                "the source is not an export or a table copy of the same instant",
            ),
        ],
        scratch_deleted: true,
        passed: true,
    }
}
