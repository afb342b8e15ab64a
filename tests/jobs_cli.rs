//! `dynamo-dr jobs [--since W] [--json]` on the seeded sandbox: its expired
//! backup job makes the exit 1 and is listed first, its copy job names the
//! DR vault and region, a window that holds only the running job exits 0,
//! a listing that fails exits 2, and a bad `--since` is refused by name.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use dynamo_dr::backend::{Backend, BackendError};
use dynamo_dr::domain::window::parse_window;
use dynamo_dr::headless_jobs::{self, Request};
use dynamo_dr::launch::Launch;
use dynamo_dr::sandbox::Sandbox;

fn launch(backend: Arc<dyn Backend>) -> Launch {
    Launch {
        backend,
        local: dynamo_dr::local::LocalState::at(&tempfile::tempdir().unwrap().keep()),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(5),
    }
}

struct Run {
    code: ExitCode,
    out: String,
    err: String,
}

async fn run(sb: Arc<Sandbox>, since: &str, json: bool) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let req = Request {
        since: parse_window(since).unwrap(),
        json,
        now: sb.now(),
    };
    let code = headless_jobs::run_to(launch(sb), req, &mut out, &mut err)
        .await
        .unwrap();
    Run {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

#[tokio::test]
async fn an_expired_backup_in_the_window_exits_1_and_is_listed_first() {
    let (sb, _clock) = common::sandbox();
    let r = run(sb, "24h", false).await;
    assert_eq!(r.code, ExitCode::FAILURE, "{}", r.out);
    let lines: Vec<&str> = r.out.lines().collect();
    assert!(lines[0].contains("(the last 24h)"), "{}", r.out);
    assert!(lines[1].starts_with("✘ EXPIRED   backup"), "{}", r.out);
    assert!(
        lines[1].contains("did not start within the start window"),
        "{}",
        r.out
    );
    // The problem job and the plan rule run without jobs are marked.
    assert_eq!(r.out.matches('✘').count(), 2, "{}", r.out);
    let copy = lines.iter().find(|l| l.contains(" copy ")).unwrap();
    assert!(
        copy.contains("→ sandbox-backup-vault-dr (us-west-2)") && copy.contains("COMPLETED"),
        "{copy}"
    );
    assert!(
        r.out.contains(
            "6 jobs in the window: 4 COMPLETED, 1 EXPIRED, 1 RUNNING; 1 failed, expired or aborted"
        ),
        "{}",
        r.out
    );
    // Last night's daily run of `prod-daily-monthly` made jobs for
    // customers and feature-flags (expired, but a job) and none for four of
    // the plan's tables; the tables in no plan are not expected to have one.
    assert!(
        r.out.contains(
            "✘ plan rule prod-daily-monthly/daily at 2026-11-21 07:00 UTC: no job for audit-log, inventory, orders, payments"
        ),
        "{}",
        r.out
    );
    assert!(!r.out.contains("sessions"), "{}", r.out);
    assert_eq!(r.err, "");
}

#[tokio::test]
async fn json_holds_the_window_and_every_job_with_its_state_and_reason() {
    let (sb, _clock) = common::sandbox();
    let now = sb.now();
    let r = run(sb, "2d", true).await;
    assert_eq!(r.code, ExitCode::FAILURE);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["window"], "2d");
    assert_eq!(
        v["since"].as_str().unwrap(),
        serde_json::to_value(now - chrono::Duration::days(2)).unwrap()
    );
    assert_eq!(v["problems"], 1);
    assert_eq!(v["counts"]["EXPIRED"], 1);
    assert_eq!(v["plan_rules"]["checked"], true);
    let missing = v["plan_rules"]["missing"].as_array().unwrap();
    // Two daily runs in two days, newest first; the older one has no job
    // at all (the seeded account holds only last night's).
    assert_eq!(missing.len(), 2, "{missing:?}");
    let first = missing[0].as_str().unwrap();
    assert!(
        first.starts_with("prod-daily-monthly/daily at 2026-11-21 07:00"),
        "{first}"
    );
    let second = missing[1].as_str().unwrap();
    assert!(
        second.ends_with(
            "no job for audit-log, customers, feature-flags, inventory, orders, payments"
        ),
        "{second}"
    );
    let jobs = v["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 6);
    assert_eq!(jobs[0]["state"], "EXPIRED");
    assert_eq!(jobs[0]["problem"], true);
    assert_eq!(jobs[0]["resource"], "feature-flags");
    assert!(jobs[0]["reason"].as_str().unwrap().contains("start window"));
    let copy = jobs.iter().find(|j| j["kind"] == "copy").unwrap();
    assert_eq!(copy["source_vault"], "sandbox-backup-vault");
    assert_eq!(copy["destination_vault"], "sandbox-backup-vault-dr");
    assert_eq!(copy["destination_region"], "us-west-2");
    assert!(copy["finished"].is_string());
    assert_eq!(
        jobs.iter().filter(|j| j["kind"] == "backup").count(),
        5,
        "{jobs:?}"
    );
}

#[tokio::test]
async fn a_window_with_no_problem_exits_0() {
    let (sb, _clock) = common::sandbox();
    let r = run(sb, "90m", false).await;
    assert_eq!(r.code, ExitCode::SUCCESS, "{}", r.out);
    assert!(r.out.contains("RUNNING   backup  audit-log"), "{}", r.out);
    assert!(!r.out.contains('✘'), "{}", r.out);
    assert!(
        r.out
            .contains("plan rules due in the window: each has a job"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("1 job in the window: 1 RUNNING; 0 failed, expired or aborted"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn a_failed_listing_exits_2_with_the_reason() {
    let (sb, _clock) = common::sandbox();
    sb.fail_next(
        "list_jobs_since",
        BackendError::AccessDenied {
            permission: "backup:ListCopyJobs".to_owned(),
            message: "not allowed".to_owned(),
        },
    );
    let r = run(sb, "24h", true).await;
    assert_eq!(r.code, ExitCode::from(2));
    assert_eq!(r.out, "");
    assert!(
        r.err
            .starts_with("dynamo-dr: jobs: list the AWS Backup jobs:"),
        "{}",
        r.err
    );
    assert!(r.err.contains("backup:ListCopyJobs"), "{}", r.err);
}

#[tokio::test]
async fn plans_that_cannot_be_read_leave_the_rules_not_checked_and_say_why() {
    let (sb, _clock) = common::sandbox();
    sb.fail_next(
        "list_backup_plans",
        BackendError::AccessDenied {
            permission: "backup:ListBackupPlans".to_owned(),
            message: "not allowed".to_owned(),
        },
    );
    let r = run(sb, "90m", false).await;
    // The jobs themselves are fine: the exit stays 0.
    assert_eq!(r.code, ExitCode::SUCCESS, "{}", r.out);
    assert!(
        r.out.contains(
            "plan rules due in the window: not checked (the AWS Backup plans could not be read:"
        ),
        "{}",
        r.out
    );
    assert!(r.out.contains("backup:ListBackupPlans"), "{}", r.out);
}

/// The real binary: a bad `--since` is a usage error naming the flag.
#[test]
fn a_bad_since_is_refused_naming_the_flag() {
    let state = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(["--sandbox", "jobs", "--since", "3 weeks"])
        .env("DYNAMO_DR_STATE_DIR", state.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--since"), "{err}");
    assert!(err.contains("like 90m, 24h or 7d"), "{err}");
    assert!(out.stdout.is_empty());
}

/// The real binary on the seeded sandbox exits 1 for its expired job.
#[test]
fn the_binary_exits_1_for_the_seeded_expired_job() {
    let state = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(["--sandbox", "jobs", "--json"])
        .env("DYNAMO_DR_STATE_DIR", state.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["window"], "24h");
    assert_eq!(v["problems"], 1);
}

/// `--dr-region` is checked where it is typed: not a region, or not the
/// DR vault's region (the sandbox's is us-west-2), is refused before
/// anything is read.
#[test]
fn a_dr_region_that_is_not_the_vaults_or_not_a_region_is_refused() {
    let state = tempfile::tempdir().unwrap();
    let run = |region: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
            .args(["--sandbox", "--dr-region", region, "jobs", "--json"])
            .env("DYNAMO_DR_STATE_DIR", state.path())
            .output()
            .unwrap()
    };
    let out = run("eu-west-1");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--dr-region eu-west-1 is not the region of the DR vault"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let out = run("westeurope");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not an AWS region"), "{err}");
    // The vault's own region is accepted.
    assert_eq!(run("us-west-2").status.code(), Some(1));
}
