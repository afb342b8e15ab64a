//! `dynamo-dr export` and `dynamo-dr import` on the sandbox: an export
//! followed with --wait, imported back into a new table holding the same
//! items; bad input refused with exit 2 and a clear message, before any
//! call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use dynamo_dr::backend::Backend;
use dynamo_dr::headless_exports::{self, ExportRequestArgs, ImportRequestArgs};
use dynamo_dr::launch::Launch;
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, TableData};

const DATA: TableData = TableData {
    items: 300,
    size_bytes: 300_000,
    version: 1,
};

fn account() -> Arc<Sandbox> {
    let sb = Sandbox::empty(SandboxOptions {
        speed: 1_000_000.0,
        ..SandboxOptions::default()
    });
    sb.insert_table("orders", DATA, Some(35));
    sb.insert_table("no-pitr", DATA, None);
    sb.create_bucket("dr-exports").unwrap();
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

fn export_args(table: &str) -> ExportRequestArgs {
    ExportRequestArgs {
        table: table.into(),
        bucket: "dr-exports".into(),
        prefix: "nightly".into(),
        bucket_owner: None,
        kms_key: None,
        at: Some("-1h".into()),
        from: None,
        to: None,
        wait: true,
        json: true,
        read_only: false,
        now: chrono::Utc::now(),
    }
}

fn import_args(table: &str) -> ImportRequestArgs {
    ImportRequestArgs {
        bucket: "dr-exports".into(),
        prefix: "nightly".into(),
        table: table.into(),
        compression: None,
        key: None,
        wait: true,
        json: true,
        read_only: false,
        now: chrono::Utc::now(),
    }
}

async fn export(sb: &Arc<Sandbox>, a: ExportRequestArgs) -> (ExitCode, serde_json::Value, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_exports::export_to(launch(sb.clone()), a, &mut out, &mut err)
        .await
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    (
        code,
        serde_json::from_str(&out).unwrap_or_default(),
        String::from_utf8(err).unwrap(),
    )
}

async fn import(sb: &Arc<Sandbox>, a: ImportRequestArgs) -> (ExitCode, serde_json::Value, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_exports::import_to(launch(sb.clone()), a, &mut out, &mut err)
        .await
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    (
        code,
        serde_json::from_str(&out).unwrap_or_default(),
        String::from_utf8(err).unwrap(),
    )
}

#[tokio::test]
async fn export_then_import_gives_the_same_items() {
    let sb = account();
    let (code, report, err) = export(&sb, export_args("orders")).await;
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(report["status"], "COMPLETED", "{report}");
    assert_eq!(report["items"], 300);
    assert_eq!(report["kind"]["type"], "full");

    let (code, report, err) = import(&sb, import_args("orders-imported")).await;
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(report["status"], "COMPLETED", "{report}");
    assert_eq!(report["imported_items"], 300);
    assert_eq!(report["error_count"], 0);
    let report = dynamo_dr::verify::verify(
        sb.as_ref(),
        "orders",
        "orders-imported",
        &Default::default(),
        None,
    )
    .await
    .unwrap();
    assert!(
        report.equal,
        "the import differs from its source: {report:?}"
    );
    assert_eq!(report.target_count, 300);
}

#[tokio::test]
async fn bad_input_is_refused_with_exit_2_and_says_why() {
    let sb = account();
    let mut window = export_args("orders");
    (window.at, window.from, window.to) = (None, Some("-2h".into()), Some("-1h50m".into()));
    let mut one_side = export_args("orders");
    (one_side.at, one_side.from) = (None, Some("-2h".into()));
    let mut bucket = export_args("orders");
    bucket.bucket = "Not_A_Bucket".into();
    for (a, why) in [
        (window, "at least 15 minutes"),
        (one_side, "both --from and --to"),
        (bucket, "bucket name"),
    ] {
        let (code, _, err) = export(&sb, a).await;
        assert_eq!(code, ExitCode::from(2), "{err}");
        assert!(err.contains(why), "{err}");
    }
    // AWS's refusals are exit 1, in AWS's words.
    let (code, _, err) = export(&sb, export_args("no-pitr")).await;
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.contains("point-in-time recovery is not enabled"),
        "{err}"
    );
    let mut missing = export_args("orders");
    missing.bucket = "not-made".into();
    let (code, _, err) = export(&sb, missing).await;
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("S3 bucket not-made was not found"), "{err}");

    let mut nothing = import_args("new-table");
    nothing.prefix = "empty".into();
    let (code, _, err) = import(&sb, nothing).await;
    assert_eq!(code, ExitCode::from(2));
    assert!(
        err.contains("no DynamoDB export under s3://dr-exports/empty"),
        "{err}"
    );
    let (code, _, err) = import(&sb, import_args("orders")).await;
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("table orders already exists"), "{err}");
    let mut key = import_args("new-table");
    key.key = Some("pk".into());
    let (code, _, err) = import(&sb, key).await;
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("NAME:TYPE"), "{err}");
    let mut ro = import_args("new-table");
    ro.read_only = true;
    let (code, _, err) = import(&sb, ro).await;
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("--read-only"), "{err}");
}

/// The binary: without `--bucket`, `[exports] bucket` is used with its
/// prefix for the table; with neither, nothing is tried (exit 2).
#[test]
fn the_binary_takes_the_bucket_and_prefix_from_the_config_or_says_none_is_set() {
    let state = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
            .args(args)
            .env("DYNAMO_DR_STATE_DIR", state.path())
            .output()
            .unwrap()
    };
    let out = run(&["--sandbox", "export", "--table", "orders"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no bucket: give --bucket or set [exports] bucket"),
        "{err}"
    );

    let config = state.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[exports]\nbucket = \"{}\"\nprefix = \"nightly/{{table}}\"\n",
            dynamo_dr::sandbox::s3::EXPORT_BUCKET
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let out = run(&[
        "--sandbox",
        "--config",
        config,
        "export",
        "--table",
        "orders",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["bucket"], dynamo_dr::sandbox::s3::EXPORT_BUCKET, "{v}");
    assert_eq!(v["prefix"], "nightly/orders", "{v}");
}
