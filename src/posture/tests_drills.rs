//! The two drill rules over a drill history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, TimeZone};

use super::*;
use crate::config::{Days, Minutes};
use crate::drill::{CheckName, DrillCheck, DrillHistory, DrillRecord};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn drill(table: &str, days_ago: i64, rto_minutes: u64, passed: bool) -> DrillRecord {
    let at = now() - Duration::days(days_ago);
    DrillRecord {
        id: format!("{table}-{days_ago}"),
        table: table.to_owned(),
        source: "latest".to_owned(),
        scratch: format!("{table}--drill-x"),
        scope: String::new(),
        started_at: at,
        restored_at: Some(at),
        finished_at: at,
        rto_secs: Some(rto_minutes * 60),
        source_kind: None,
        source_bytes: None,
        checks: vec![DrillCheck::judged(CheckName::Active, passed, "")],
        scratch_deleted: true,
        passed,
    }
}

fn config() -> PostureConfig {
    PostureConfig {
        require_pitr: false,
        require_deletion_protection: false,
        drill_every_days: Some(Days(30)),
        rto_target_minutes: Some(Minutes(60)),
        ..PostureConfig::default()
    }
}

fn judge(history: Option<&DrillHistory>, table: &str) -> Vec<(Verdict, String)> {
    let f = Facts {
        name: table,
        table: None,
        pitr: None,
        error: None,
        newest: None,
        copies_known: true,
        plans: None,
        drills: history.map(|h| h.of(table)),
        tags: None,
        copies: None,
    };
    assess(&config(), &f, now())
        .rules
        .into_iter()
        .map(|r| (r.verdict, r.why))
        .collect()
}

#[test]
fn a_recent_passing_drill_within_the_rto_passes_both() {
    let h = DrillHistory {
        records: vec![drill("orders", 40, 5, true), drill("orders", 2, 9, true)],
    };
    let got = judge(Some(&h), "orders");
    assert_eq!(got[0].0, Verdict::Pass, "{got:?}");
    assert_eq!(
        got[1],
        (Verdict::Pass, "last drill restored in 9m 00s ≤ 60m".into())
    );
}

#[test]
fn an_old_drill_fails_the_age_rule_and_a_slow_one_the_rto_rule() {
    let h = DrillHistory {
        records: vec![
            drill("customers", 200, 14, true),
            drill("payments", 1, 180, true),
        ],
    };
    let old = judge(Some(&h), "customers");
    assert_eq!(old[0].0, Verdict::Fail);
    assert!(old[0].1.contains("> 30d"), "{}", old[0].1);
    assert_eq!(old[1].0, Verdict::Pass);
    let slow = judge(Some(&h), "payments");
    assert_eq!(slow[0].0, Verdict::Pass);
    assert_eq!(
        slow[1],
        (Verdict::Fail, "last drill restored in 3h 00m > 60m".into())
    );
}

#[test]
fn a_failed_drill_does_not_count_as_a_drill_and_never_drilled_fails() {
    let h = DrillHistory {
        records: vec![drill("orders", 1, 5, false)],
    };
    let failed = judge(Some(&h), "orders");
    assert_eq!(
        failed[0],
        (Verdict::Fail, "no drill of it has passed".into())
    );
    let never = judge(Some(&h), "inventory");
    assert_eq!(never[0], (Verdict::Fail, "never drilled".into()));
    assert_eq!(never[1].0, Verdict::Fail);
}

#[test]
fn an_unread_history_is_not_checked_never_a_pass() {
    let got = judge(None, "orders");
    assert!(
        got.iter().all(|(v, _)| *v == Verdict::NotChecked),
        "{got:?}"
    );
}
