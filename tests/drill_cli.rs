//! `dynamo-dr drill` on the sandbox: a drill that passes (exit 0, the
//! source untouched, the history and report written), one whose checks
//! fail because the backup is far from the table now (exit 1, the failing
//! checks named), one that cannot run (no copy, read-only: exit 2), and
//! the bound on drills at once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use dynamo_dr::backend::Backend;
use dynamo_dr::domain::BackupStatus;
use dynamo_dr::headless_drill::{self, Request};
use dynamo_dr::launch::Launch;
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, TableData};

const DATA: TableData = TableData {
    items: 40,
    size_bytes: 40_000,
    version: 1,
};

fn fast_account() -> Arc<Sandbox> {
    let sb = Sandbox::empty(SandboxOptions {
        speed: 1_000_000.0,
        ..SandboxOptions::default()
    });
    sb.insert_table("orders", DATA, Some(35));
    sb.insert_table("ledger", DATA, None);
    sb.insert_table("bare", DATA, None);
    Arc::new(sb)
}

fn launch(backend: Arc<dyn Backend>, dir: &std::path::Path) -> Launch {
    Launch {
        backend,
        local: dynamo_dr::local::LocalState::at(dir),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(5),
    }
}

fn request(tables: &[&str], from: &str) -> Request {
    Request {
        tables: tables.iter().map(|t| t.to_string()).collect(),
        from: from.to_owned(),
        json: true,
        read_only: false,
    }
}

struct Run {
    code: ExitCode,
    report: serde_json::Value,
    err: String,
}

async fn run(launch: Launch, req: Request) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_drill::run_to(launch, req, &mut out, &mut err)
        .await
        .unwrap();
    Run {
        code,
        report: serde_json::from_slice(&out).unwrap_or(serde_json::Value::Null),
        err: String::from_utf8(err).unwrap(),
    }
}

#[tokio::test]
async fn a_passing_drill_exits_0_leaves_the_source_as_it_was_and_writes_its_report() {
    let sb = fast_account();
    let dir = tempfile::tempdir().unwrap();
    let settings = sb.describe_settings("orders").await.unwrap();
    let r = run(
        launch(sb.clone(), dir.path()),
        request(&["orders"], "latest"),
    )
    .await;
    assert_eq!(r.code, ExitCode::SUCCESS, "{}", r.err);
    let o = &r.report[0];
    assert_eq!(o["outcome"], "passed", "{o:#}");
    assert_eq!(o["record"]["scratch_deleted"], true);
    let report = std::fs::read_to_string(o["report"].as_str().unwrap()).unwrap();
    assert!(report.contains("DR drill of orders: PASSED"), "{report}");
    // The source: its data and settings unchanged; no scratch table left.
    assert_eq!(sb.table_data("orders"), Some(DATA));
    assert_eq!(sb.describe_settings("orders").await.unwrap(), settings);
    let tables = sb.list_tables().await.unwrap();
    assert!(!tables.iter().any(|t| t.contains("--drill-")), "{tables:?}");
    let h = dynamo_dr::drill::load(dir.path()).unwrap();
    assert_eq!(h.records.len(), 1);
}

#[tokio::test]
async fn a_backup_far_from_the_table_now_fails_its_checks_and_exits_1() {
    let sb = fast_account();
    let dir = tempfile::tempdir().unwrap();
    let b = sb.create_backup("ledger", "ledger-old").await.unwrap();
    for _ in 0..100 {
        if sb.describe_backup(&b.arn).await.unwrap().status == BackupStatus::Available {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Since the backup: four times the items, every one rewritten.
    sb.write_data(
        "ledger",
        TableData {
            items: 160,
            size_bytes: 160_000,
            version: 2,
        },
    )
    .unwrap();
    let r = run(
        launch(sb.clone(), dir.path()),
        request(&["ledger"], "backup:ledger-old"),
    )
    .await;
    assert_eq!(r.code, ExitCode::FAILURE, "{} {:#}", r.err, r.report);
    let o = &r.report[0];
    assert_eq!(o["outcome"], "failed");
    let failed: Vec<&str> = o["record"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "fail")
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["item_count", "sample_keys"], "{o:#}");
    // Failed or not, the scratch table is gone and the drill recorded.
    assert_eq!(o["record"]["scratch_deleted"], true);
    assert_eq!(dynamo_dr::drill::load(dir.path()).unwrap().records.len(), 1);
}

#[tokio::test]
async fn a_table_with_no_copy_or_a_read_only_console_exits_2() {
    let sb = fast_account();
    let dir = tempfile::tempdir().unwrap();
    let r = run(launch(sb.clone(), dir.path()), request(&["bare"], "latest")).await;
    assert_eq!(r.code, ExitCode::from(2));
    assert_eq!(r.report[0]["outcome"], "not_run");
    assert!(
        r.report[0]["error"]
            .as_str()
            .unwrap()
            .contains("nothing to restore from"),
        "{:#}",
        r.report
    );
    let mut req = request(&["orders"], "latest");
    req.read_only = true;
    let r = run(launch(sb.clone(), dir.path()), req).await;
    assert_eq!(r.code, ExitCode::from(2));
    assert!(r.err.contains("--read-only"), "{}", r.err);
    let r = run(
        launch(sb.clone(), dir.path()),
        request(&["orders"], "recovery-point:p-1"),
    )
    .await;
    assert_eq!(r.code, ExitCode::from(2));
    assert!(r.err.contains("ARN"), "{}", r.err);
    assert!(
        dynamo_dr::drill::load(dir.path())
            .unwrap()
            .records
            .is_empty()
    );
}

#[tokio::test]
async fn several_tables_drill_at_once_within_the_restore_limit() {
    let sb = fast_account();
    assert_eq!(headless_drill::concurrency(sb.as_ref(), 3).await, 3);
    assert_eq!(headless_drill::concurrency(sb.as_ref(), 80).await, 50);
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        launch(sb.clone(), dir.path()),
        request(&["orders", "bare"], "latest"),
    )
    .await;
    // One passed, one could not run: 2.
    assert_eq!(r.code, ExitCode::from(2));
    assert_eq!(r.report[0]["outcome"], "passed");
    assert_eq!(r.report[1]["outcome"], "not_run");
}

/// A completed full export of `table` under `s3://dr-exports/PREFIX`.
async fn export_of(sb: &Sandbox, table: &str, prefix: &str) {
    let arn = sb.describe_table(table).await.unwrap().arn;
    let e = sb
        .export_table(&dynamo_dr::domain::ExportRequest {
            table_arn: arn,
            bucket: "dr-exports".into(),
            prefix: prefix.into(),
            bucket_owner: None,
            kms_key: None,
            kind: dynamo_dr::domain::ExportKind::Full {
                at: sb.now() - chrono::Duration::minutes(5),
            },
            client_token: format!("{table}-{prefix}"),
        })
        .await
        .unwrap();
    for _ in 0..200 {
        if sb
            .describe_export(&e.arn)
            .await
            .unwrap()
            .status
            .is_finished()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(
        sb.describe_export(&e.arn).await.unwrap().status,
        dynamo_dr::domain::ExportStatus::Completed
    );
}

#[tokio::test]
async fn a_drill_from_an_export_runs_the_exact_verify_and_refuses_another_tables_export() {
    let sb = fast_account();
    sb.insert_table("payments", DATA, Some(35));
    sb.create_bucket("dr-exports").unwrap();
    export_of(&sb, "orders", "nightly").await;
    export_of(&sb, "payments", "other").await;
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        launch(sb.clone(), dir.path()),
        request(&["orders"], "export:s3://dr-exports/nightly"),
    )
    .await;
    assert_eq!(r.code, ExitCode::SUCCESS, "{} {:#}", r.err, r.report);
    let o = &r.report[0];
    assert_eq!(o["outcome"], "passed", "{o:#}");
    let exact = o["record"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "exact_verify")
        .unwrap();
    assert_eq!(exact["verdict"], "pass", "{exact:#}");
    assert!(
        exact["detail"].as_str().unwrap().contains("40 items each"),
        "{exact:#}"
    );
    assert!(
        !sb.list_tables()
            .await
            .unwrap()
            .iter()
            .any(|t| t.contains("--drill-"))
    );

    // orders by PITR at that export's instant, verified against it (its
    // own state dir: a journal is named by the second it starts).
    let dir2 = tempfile::tempdir().unwrap();
    let r = run(
        launch(sb.clone(), dir2.path()),
        request(&["orders"], "pitr-at-export:s3://dr-exports/nightly"),
    )
    .await;
    assert_eq!(r.code, ExitCode::SUCCESS, "{} {:#}", r.err, r.report);
    let o = &r.report[0];
    assert!(
        o["record"]["source"]
            .as_str()
            .unwrap()
            .contains("by PITR, the instant of its export"),
        "{o:#}"
    );
    let exact = o["record"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "exact_verify")
        .unwrap();
    assert_eq!(exact["verdict"], "pass", "{exact:#}");

    // payments' export proves nothing about orders: refused, nothing run.
    let r = run(
        launch(sb.clone(), dir.path()),
        request(&["orders"], "export:s3://dr-exports/other"),
    )
    .await;
    assert_eq!(r.code, ExitCode::from(2), "{} {:#}", r.err, r.report);
    let said = format!("{}{}", r.err, r.report);
    assert!(said.contains("is of table payments, not orders"), "{said}");
    // A location that is not s3:// is refused where it is typed.
    let r = run(
        launch(sb.clone(), dir.path()),
        request(&["orders"], "export:dr-exports/nightly"),
    )
    .await;
    assert_eq!(r.code, ExitCode::from(2));
    assert!(r.err.contains("--from export:"), "{}", r.err);
}
