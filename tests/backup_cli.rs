//! `dynamo-dr backup --keep N` on the sandbox: the new backup first, the
//! prune only once it is AVAILABLE, and only the table's own scheduled
//! backups beyond N, whatever else the table has.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use dynamo_dr::backend::Backend;
use dynamo_dr::config::AccountId;
use dynamo_dr::domain::{BackupStatus, TableName, scheduled_name};
use dynamo_dr::headless_backup::{self, Request};
use dynamo_dr::launch::Launch;
use dynamo_dr::sandbox::{ManualClock, Sandbox, SandboxOptions, TableData};

const DATA: TableData = TableData {
    items: 10,
    size_bytes: 10_000,
    version: 1,
};

/// Work settles in microseconds: backups are AVAILABLE almost at once.
fn fast_account() -> Arc<Sandbox> {
    let sb = Sandbox::empty(SandboxOptions {
        speed: 1_000_000.0,
        ..SandboxOptions::default()
    });
    sb.insert_table("orders", DATA, Some(35));
    sb.insert_table("orders-v2", DATA, None);
    Arc::new(sb)
}

fn launch(backend: Arc<dyn Backend>) -> Launch {
    Launch {
        backend,
        local: dynamo_dr::local::LocalState::at(&tempfile::tempdir().unwrap().keep()),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(5),
    }
}

fn request(tables: &[&str], keep: u32) -> Request {
    Request {
        tables: tables.iter().map(|t| t.to_string()).collect(),
        all: false,
        keep,
        json: true,
        read_only: false,
        wait: Duration::from_secs(10),
    }
}

struct Run {
    code: ExitCode,
    report: serde_json::Value,
    err: String,
}

async fn run(launch: Launch, req: Request) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_backup::run_to(launch, req, &mut out, &mut err)
        .await
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    Run {
        code,
        report: serde_json::from_str(&out).unwrap_or(serde_json::Value::Null),
        err: String::from_utf8(err).unwrap(),
    }
}

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 3, 0, 0).unwrap()
}

/// The names of the table's backups that exist now.
async fn names(sb: &Sandbox, table: &str) -> Vec<String> {
    let mut names: Vec<String> = sb
        .list_backups(Some(table))
        .await
        .unwrap()
        .into_iter()
        .filter(|b| b.status != BackupStatus::Deleted)
        .map(|b| b.name)
        .collect();
    names.sort();
    names
}

async fn until_available(sb: &Sandbox) {
    for _ in 0..200 {
        let all = sb.list_backups(None).await.unwrap();
        if all.iter().all(|b| b.status == BackupStatus::Available) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("backups never became AVAILABLE");
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn only_the_tables_oldest_scheduled_backups_beyond_keep_are_deleted() {
    let sb = fast_account();
    let orders = TableName::parse("orders").unwrap();
    let v2 = TableName::parse("orders-v2").unwrap();
    // Three scheduled backups from earlier runs (the last one's run was
    // killed before it pruned), oldest first, and what must never go.
    let earlier: Vec<String> = [20, 21, 22]
        .iter()
        .map(|d| scheduled_name(&orders, day(*d)))
        .collect();
    for name in &earlier {
        sb.create_backup("orders", name).await.unwrap();
    }
    let never = [
        "orders-pre-deploy".to_owned(),
        "orders--orig-Nov-19-2026-03-00-00".to_owned(),
        "orders--dupe-Nov-19-2026-03-00-00".to_owned(),
        "orders--sched-nightly".to_owned(),
    ];
    for name in &never {
        sb.create_backup("orders", name).await.unwrap();
    }
    let other_table = scheduled_name(&v2, day(1));
    sb.create_backup("orders-v2", &other_table).await.unwrap();
    until_available(&sb).await;

    let first = run(launch(sb.clone()), request(&["orders"], 2)).await;
    assert_eq!(
        first.code,
        ExitCode::SUCCESS,
        "{}{}",
        first.report,
        first.err
    );
    let o = &first.report[0];
    let created = o["created"]["name"].as_str().unwrap().to_owned();
    assert!(created.starts_with("orders--sched-"), "{o}");
    // Oldest first; the newest earlier one is kept with the new one.
    assert_eq!(strings(&o["deleted"]), earlier[..2].to_vec(), "{o}");
    assert_eq!(
        strings(&o["kept"]),
        [created.clone(), earlier[2].clone()],
        "{o}"
    );
    let mut left: Vec<String> = never.to_vec();
    left.extend([created.clone(), earlier[2].clone()]);
    left.sort();
    assert_eq!(names(&sb, "orders").await, left);
    assert_eq!(
        names(&sb, "orders-v2").await,
        std::slice::from_ref(&other_table)
    );

    // A rerun deletes only what is now beyond two: nothing twice.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let second = run(launch(sb.clone()), request(&["orders"], 2)).await;
    assert_eq!(
        second.code,
        ExitCode::SUCCESS,
        "{}{}",
        second.report,
        second.err
    );
    assert_eq!(strings(&second.report[0]["deleted"]), [earlier[2].clone()]);
    let kept = strings(&second.report[0]["kept"]);
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[1], created);
    for name in &never {
        assert!(names(&sb, "orders").await.contains(name), "{name}");
    }
    assert_eq!(names(&sb, "orders-v2").await, [other_table]);
}

/// A new backup that never becomes AVAILABLE: that table fails, and none
/// of its backups is deleted.
#[tokio::test]
async fn nothing_is_pruned_before_the_new_backup_is_available() {
    // The clock stands still: a new backup stays CREATING.
    let sb = Sandbox::empty(SandboxOptions {
        clock: Arc::new(ManualClock::new(common::fixed_now())),
        ..SandboxOptions::default()
    });
    sb.insert_table("orders", DATA, None);
    let sb = Arc::new(sb);
    let orders = TableName::parse("orders").unwrap();
    let old = scheduled_name(&orders, day(20));
    sb.create_backup("orders", &old).await.unwrap();
    let mut req = request(&["orders"], 1);
    req.wait = Duration::from_millis(50);
    let r = run(launch(sb.clone()), req).await;
    assert_eq!(r.code, ExitCode::FAILURE, "{}", r.report);
    let error = r.report[0]["error"].as_str().unwrap();
    assert!(
        error.contains("not AVAILABLE") && error.contains("nothing deleted"),
        "{error}"
    );
    assert!(strings(&r.report[0]["deleted"]).is_empty());
    assert!(names(&sb, "orders").await.contains(&old));
}

/// Read-only, the wrong account, or no table: nothing created, exit 2.
#[tokio::test]
async fn refused_runs_change_nothing() {
    let sb = fast_account();
    let mut read_only = request(&["orders"], 1);
    read_only.read_only = true;
    let r = run(launch(sb.clone()), read_only).await;
    assert_eq!(r.code, ExitCode::from(2));
    assert!(r.err.contains("--read-only"), "{}", r.err);

    let mut wrong = launch(sb.clone());
    wrong.expectations.account_id = Some(AccountId("999999999999".into()));
    let r = run(wrong, request(&["orders"], 1)).await;
    assert_eq!(r.code, ExitCode::from(2));
    assert!(r.err.contains("999999999999"), "{}", r.err);
    assert!(names(&sb, "orders").await.is_empty());

    // One table failing does not stop the others; the run exits 1.
    let r = run(
        launch(sb.clone()),
        request(&["nope", "bad name", "orders"], 1),
    )
    .await;
    assert_eq!(r.code, ExitCode::FAILURE);
    assert!(r.report[0]["error"].as_str().unwrap().contains("nope"));
    assert!(
        r.report[1]["error"]
            .as_str()
            .unwrap()
            .contains("table name")
    );
    assert!(r.report[2]["error"].is_null(), "{}", r.report);
    assert_eq!(names(&sb, "orders").await.len(), 1);
}
