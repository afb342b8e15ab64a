//! The headless commands (`inventory`, `check`, `verify`) against an account
//! that answers in hostile strings: no control character or bidi override
//! reaches the output raw, in any field, on stdout or stderr. And the verify
//! differences file: opened before any scan, never over an existing file or
//! through a planted symlink, 0600.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::hostile::{BROKEN, Hostile, evil};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{is_hostile, printable};
use dynamo_dr::headless;
use dynamo_dr::headless_verify::{self, Request};
use dynamo_dr::launch::Launch;
use dynamo_dr::sandbox::{ManualClock, Sandbox, SandboxOptions, TableData};

fn account() -> Arc<Hostile> {
    let sb = Sandbox::empty(SandboxOptions {
        clock: Arc::new(ManualClock::new(common::fixed_now())),
        speed: 1_000_000.0,
        ..SandboxOptions::default()
    });
    let data = TableData {
        items: 40,
        size_bytes: 40_000,
        version: 1,
    };
    sb.insert_table("tiny", data, Some(35));
    sb.insert_table("tiny-copy", data, None);
    Arc::new(Hostile::new(Arc::new(sb)))
}

fn launch(backend: Arc<Hostile>) -> Launch {
    Launch {
        backend,
        local: dynamo_dr::local::LocalState::at(&tempfile::tempdir().unwrap().keep()),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(1),
    }
}

/// Every line as written: `split('\n')`, since `lines()` would hide a `\r`.
fn assert_clean(what: &str, text: &str) {
    for line in text.split('\n') {
        if let Some(c) = line.chars().find(|c| is_hostile(*c)) {
            panic!("{what}: {c:?} reached the output raw in {line:?}\n{text}");
        }
    }
}

/// The hostile string as it must be shown.
fn shown(s: &str) -> String {
    printable(&evil(s)).into_owned()
}

struct Output {
    code: ExitCode,
    out: String,
    err: String,
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[tokio::test]
async fn inventory_shows_hostile_names_and_errors_escaped() {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless::inventory_to(launch(account()), false, &mut out, &mut err)
        .await
        .unwrap();
    let (out, err) = (text(out), text(err));
    assert_eq!(code, ExitCode::FAILURE, "{out}{err}");
    assert_clean("stdout", &out);
    assert_clean("stderr", &err);
    // Each field was printed, escaped.
    for (stream, field) in [
        (&out, shown("tiny")),
        (&out, shown("tiny-copy")),
        (&out, shown(BROKEN)),
        (&out, shown("message")),
        (&err, shown("message")),
        (&err, shown("ListJobs")),
    ] {
        assert!(stream.contains(&field), "{field} not in\n{stream}");
    }
    // The forged line stays on its row.
    assert!(!out.contains("\nFORGED"), "{out}");
}

#[tokio::test]
async fn check_shows_the_hostile_arn_vault_and_errors_escaped() {
    let backend = account();
    let arn = backend.inner.caller_identity().await.unwrap().arn;
    let mut out = Vec::new();
    let code = headless::check_to(launch(backend), false, &mut out)
        .await
        .unwrap();
    let out = text(out);
    assert_eq!(code, ExitCode::FAILURE, "{out}");
    assert_clean("stdout", &out);
    for field in [
        shown(&arn),
        shown(dynamo_dr::sandbox::seed::VAULT),
        shown("denied"),
        shown("iam:ListAttachedRolePolicies"),
    ] {
        assert!(out.contains(&field), "{field} not in\n{out}");
    }
}

/// `inventory` as text: the console's order (case aside), each table's
/// PITR period and its newest restorable copy, of whatever kind, named.
#[tokio::test]
async fn inventory_text_sorts_like_the_console_and_names_the_newest_copy() {
    let (sb, _clock) = common::sandbox();
    let mut l = launch(account());
    l.backend = sb;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless::inventory_to(l, false, &mut out, &mut err)
        .await
        .unwrap();
    let (out, err) = (text(out), text(err));
    assert_eq!(code, ExitCode::SUCCESS, "{out}{err}");
    let rows: Vec<&str> = out
        .lines()
        .skip(1)
        .filter(|l| l.contains("ACTIVE"))
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r.split(' ').next().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "{out}");
    assert!(names.len() > 5, "{out}");
    let row = |name: &str| {
        *rows
            .iter()
            .find(|r| r.starts_with(&format!("{name} ")))
            .unwrap()
    };
    // PITR on: its period, and its latest restorable time is the newest copy.
    assert!(row("orders").contains("35d, from "), "{out}");
    assert!(row("orders").ends_with("(PITR)"), "{out}");
    // PITR off, recovery points in the vault: the newest of those.
    assert!(row("feature-flags").contains(" off "), "{out}");
    assert!(row("feature-flags").ends_with("(warm point)"), "{out}");
    // Nothing to restore from at all.
    assert!(row("sessions").ends_with(" none"), "{out}");
}

/// `check --json`: the same checks as the lines, as data a runbook reads,
/// with the failing ones' fixes, and the same exit status.
#[tokio::test]
async fn check_json_holds_every_check_and_the_same_verdict() {
    let (mut lines, mut json) = (Vec::new(), Vec::new());
    let text_code = headless::check_to(launch(account()), false, &mut lines)
        .await
        .unwrap();
    let json_code = headless::check_to(launch(account()), true, &mut json)
        .await
        .unwrap();
    assert_eq!(json_code, text_code);
    let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(report["passed"], false, "{report}");
    let checks = report["checks"].as_array().unwrap();
    let lines = text(lines);
    let marks = lines
        .lines()
        .filter(|l| l.starts_with("✔") || l.starts_with("✘"))
        .count();
    assert_eq!(checks.len(), marks, "{report}\n{lines}");
    assert!(
        checks
            .iter()
            .any(|c| c["passed"] == false && c["fix"].is_string()),
        "{report}"
    );
    assert!(
        checks
            .iter()
            .all(|c| c["name"].is_string() && c["detail"].is_string())
    );
}

fn request(source: &str, target: &str, diff_file: Option<PathBuf>) -> Request {
    Request {
        source: source.to_owned(),
        target: target.to_owned(),
        json: false,
        segments: 3,
        diff_file,
        read_rate: None,
        max_keys: 50,
    }
}

async fn verify(backend: Arc<Hostile>, req: Request) -> Output {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_verify::run_to(launch(backend), req, &mut out, &mut err)
        .await
        .unwrap();
    Output {
        code,
        out: text(out),
        err: text(err),
    }
}

#[tokio::test]
async fn verify_shows_hostile_keys_names_paths_and_errors_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(evil("diffs"));
    let target = evil("tiny-copy");
    let run = verify(account(), request("tiny", &target, Some(file.clone()))).await;
    assert_eq!(run.code, ExitCode::FAILURE, "{}{}", run.out, run.err);
    assert_clean("stdout", &run.out);
    assert_clean("stderr", &run.err);
    assert!(run.out.contains(&shown("tiny-copy")), "{}", run.out);
    // Every key of the target carries the tail: shown, escaped, as Extra.
    let tail = shown("");
    assert!(
        run.out
            .split('\n')
            .any(|l| l.contains("Extra    pk=item-") && l.ends_with(&tail)),
        "{}",
        run.out
    );
    assert!(run.out.contains(&shown("diffs")), "{}", run.out);
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 80);

    let run = verify(account(), request("tiny", &evil(BROKEN), None)).await;
    assert_eq!(run.code, ExitCode::from(2), "{}{}", run.out, run.err);
    assert_clean("stderr", &run.err);
    assert!(run.err.contains(&shown("message")), "{}", run.err);
    assert!(run.err.contains(&shown(BROKEN)), "{}", run.err);
}

#[tokio::test]
async fn verify_refuses_a_table_against_itself() {
    let backend = account();
    let run = verify(backend.clone(), request("tiny", "tiny", None)).await;
    assert_eq!(run.code, ExitCode::from(2), "{}{}", run.out, run.err);
    assert!(run.err.contains("always equals itself"), "{}", run.err);
    assert!(!run.out.contains("EQUAL"), "{}", run.out);
    assert_eq!(backend.scans.load(Ordering::Relaxed), 0);
}

/// A verify whose differences file cannot be opened: exit 2 at once, the
/// path named, not one page scanned.
async fn refused_before_any_scan(path: &Path, why: &str) {
    let backend = account();
    let run = verify(
        backend.clone(),
        request("tiny", "tiny-copy", Some(path.to_owned())),
    )
    .await;
    assert_eq!(run.code, ExitCode::from(2), "{}{}", run.out, run.err);
    assert!(run.err.contains(&path.display().to_string()), "{}", run.err);
    assert!(run.err.contains(why), "{}", run.err);
    assert_eq!(backend.scans.load(Ordering::Relaxed), 0, "{}", run.err);
}

#[tokio::test]
async fn a_bad_differences_path_fails_before_any_scan() {
    let dir = tempfile::tempdir().unwrap();
    refused_before_any_scan(
        &dir.path().join("no-such-dir/d.jsonl"),
        "cannot create the differences file",
    )
    .await;
}

#[tokio::test]
async fn an_existing_differences_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keep.jsonl");
    std::fs::write(&file, "precious\n").unwrap();
    refused_before_any_scan(&file, "already exists").await;
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious\n");
}

#[tokio::test]
async fn a_planted_symlink_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    let link = dir.path().join("diffs.jsonl");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    refused_before_any_scan(&link, "already exists").await;
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    // A dangling link too: nothing is created at its target.
    let dangling = dir.path().join("dangling.jsonl");
    let nowhere = dir.path().join("created-through-the-link");
    std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
    refused_before_any_scan(&dangling, "already exists").await;
    assert!(!nowhere.exists());
}

#[tokio::test]
async fn a_differences_file_is_private_and_removed_when_the_tables_are_equal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.jsonl");
    let run = verify(
        account(),
        request("tiny", &evil("tiny"), Some(file.clone())),
    )
    .await;
    assert_eq!(run.code, ExitCode::FAILURE, "{}{}", run.out, run.err);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let equal = dir.path().join("equal.jsonl");
    let run = verify(account(), request("tiny", "tiny-copy", Some(equal.clone()))).await;
    assert_eq!(run.code, ExitCode::SUCCESS, "{}{}", run.out, run.err);
    assert!(run.out.contains("EQUAL"), "{}", run.out);
    assert!(!equal.exists(), "an empty differences file was left behind");
}

/// `jobs` over an account whose job listing fails with a hostile message:
/// exit 2, the message escaped on stderr.
#[tokio::test]
async fn jobs_shows_a_hostile_listing_error_escaped_and_exits_2() {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let req = dynamo_dr::headless_jobs::Request {
        since: dynamo_dr::domain::window::parse_window("24h").unwrap(),
        json: false,
        now: common::fixed_now(),
    };
    let code = dynamo_dr::headless_jobs::run_to(launch(account()), req, &mut out, &mut err)
        .await
        .unwrap();
    let (out, err) = (text(out), text(err));
    assert_eq!(code, ExitCode::from(2), "{out}{err}");
    assert_clean("stdout", &out);
    assert_clean("stderr", &err);
    assert!(err.contains(&shown("ListJobs")), "{err}");
}
