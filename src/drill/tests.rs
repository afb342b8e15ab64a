#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, TimeZone, Utc};

use super::*;

fn record(table: &str, id: &str, days_ago: i64, passed: bool) -> DrillRecord {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let at = now - Duration::days(days_ago);
    DrillRecord {
        id: id.to_owned(),
        table: table.to_owned(),
        source: "backup x".to_owned(),
        scratch: id.to_owned(),
        scope: "sandbox".to_owned(),
        started_at: at,
        restored_at: Some(at + Duration::minutes(5)),
        finished_at: at + Duration::minutes(6),
        rto_secs: Some(300),
        source_kind: None,
        source_bytes: None,
        checks: vec![DrillCheck::judged(CheckName::Active, passed, "x")],
        scratch_deleted: true,
        passed,
    }
}

#[test]
fn history_appends_once_per_id_and_finds_the_newest_passing_drill() {
    let dir = tempfile::tempdir().unwrap();
    assert!(append(dir.path(), &record("orders", "a", 10, true)).unwrap());
    assert!(append(dir.path(), &record("orders", "b", 1, false)).unwrap());
    // A resumed drill writes its record once.
    assert!(!append(dir.path(), &record("orders", "b", 1, false)).unwrap());
    let h = load(dir.path()).unwrap();
    assert_eq!(h.records.len(), 2);
    let last = h.of("orders");
    assert_eq!(last.last.unwrap().id, "b");
    assert_eq!(last.last_passing.unwrap().id, "a");
    assert_eq!(h.of("customers"), LastDrills::default());
}

#[test]
fn a_line_cut_by_a_crash_is_skipped_and_the_next_append_parses() {
    let dir = tempfile::tempdir().unwrap();
    append(dir.path(), &record("orders", "a", 3, true)).unwrap();
    let file = dir.path().join("drills.jsonl");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend_from_slice(b"{\"id\":\"cut");
    std::fs::write(&file, bytes).unwrap();
    assert_eq!(load(dir.path()).unwrap().records.len(), 1);
    append(dir.path(), &record("orders", "b", 1, true)).unwrap();
    let ids: Vec<_> = load(dir.path())
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn reports_say_what_was_restored_how_long_and_which_checks_ran() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = record("orders", "orders--drill-x", 0, false);
    r.checks.push(DrillCheck::new(
        CheckName::ExactVerify,
        CheckVerdict::NotRun,
        "not an export",
    ));
    let md_path = write_reports(dir.path(), &r).unwrap();
    let md = std::fs::read_to_string(md_path).unwrap();
    assert!(md.contains("DR drill of orders: FAILED"), "{md}");
    assert!(md.contains("| restored from | backup x |"), "{md}");
    assert!(md.contains("| measured RTO | 5m 00s |"), "{md}");
    assert!(md.contains("| exact item-by-item verify | not run | not an export |"));
    let json: DrillRecord = serde_json::from_slice(
        &std::fs::read(dir.path().join("drills/orders--drill-x.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json, r);
}

#[test]
fn checks_pass_only_with_one_pass_and_no_failure() {
    let pass = DrillCheck::judged(CheckName::Active, true, "");
    let fail = DrillCheck::judged(CheckName::ItemCount, false, "");
    let not_run = DrillCheck::new(CheckName::ExactVerify, CheckVerdict::NotRun, "");
    assert!(DrillRecord::checks_pass(&[pass.clone(), not_run.clone()]));
    assert!(!DrillRecord::checks_pass(&[pass, fail]));
    assert!(!DrillRecord::checks_pass(&[not_run]));
}

#[test]
fn the_sandbox_seed_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc::now();
    assert!(seed_sandbox(dir.path(), now).unwrap());
    assert!(!seed_sandbox(dir.path(), now).unwrap());
    let h = load(dir.path()).unwrap();
    assert_eq!(h.records.len(), 3);
    assert_eq!(h.of("payments").last.unwrap().rto_secs, Some(3 * 3600));
}
