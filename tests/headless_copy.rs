//! `dynamo-dr copy` on the sandbox: a completed recovery point of `orders`
//! copied into the DR vault in us-west-2, followed with `--wait` until it
//! is listed there; bad input refused with exit 2 and the reason, before
//! anything is started.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{JobKind, RecoveryPointStatus};
use dynamo_dr::headless_copy::{Request, run_to};
use dynamo_dr::launch::Launch;
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, seed};

fn dr_vault() -> String {
    format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        seed::DR_REGION,
        seed::ACCOUNT,
        seed::DR_VAULT
    )
}

/// A fast sandbox on the real clock: a copy job takes milliseconds.
fn sandbox() -> Arc<Sandbox> {
    Arc::new(
        Sandbox::open(SandboxOptions {
            speed: 100_000.0,
            ..SandboxOptions::default()
        })
        .unwrap(),
    )
}

fn launch(sb: Arc<Sandbox>) -> Launch {
    Launch {
        backend: sb,
        local: dynamo_dr::local::LocalState::at(&tempfile::tempdir().unwrap().keep()),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(5),
    }
}

fn request(point: &str, to_vault: &str) -> Request {
    Request {
        recovery_point: point.to_owned(),
        to_vault: to_vault.to_owned(),
        role: None,
        wait: true,
        timeout: Duration::from_secs(30),
        json: true,
        read_only: false,
    }
}

async fn orders_point(sb: &Sandbox) -> String {
    sb.list_recovery_points(seed::VAULT, None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| {
            p.resource_arn.ends_with("table/orders") && p.status == RecoveryPointStatus::Completed
        })
        .expect("a completed point of orders")
        .arn
}

async fn run(launch: Launch, req: Request) -> (ExitCode, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_to(launch, req, &mut out, &mut err).await.unwrap();
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[tokio::test]
async fn a_point_is_copied_to_the_dr_vault_and_found_listed_there() {
    let sb = sandbox();
    let point = orders_point(&sb).await;
    let (code, out, err) = run(launch(sb.clone()), request(&point, &dr_vault())).await;
    assert_eq!(code, ExitCode::SUCCESS, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["state"], "COMPLETED", "{out}");
    assert_eq!(json["listed"], true, "{out}");
    let copy = json["copy"].as_str().unwrap().to_owned();
    assert!(copy.starts_with("arn:aws:backup:us-west-2:"), "{copy}");
    // The copy is in the other region's vault, not in this region's.
    let there = sb.in_region(seed::DR_REGION).await.unwrap();
    let dr_points = there
        .list_recovery_points(seed::DR_VAULT, None)
        .await
        .unwrap();
    let found = dr_points
        .iter()
        .find(|p| p.arn == copy)
        .expect("listed in DR");
    assert!(found.resource_arn.ends_with("table/orders"));
    let here = sb.list_recovery_points(seed::VAULT, None).await.unwrap();
    assert!(here.iter().all(|p| p.arn != copy));
    // The job is the account's, with its route.
    let job = sb
        .describe_copy_job(json["job_id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(job.kind, JobKind::Copy);
    let route = job.copy.unwrap();
    assert_eq!(route.destination_vault, seed::DR_VAULT);
    assert_eq!(route.destination_region.as_deref(), Some(seed::DR_REGION));
}

#[tokio::test]
async fn bad_input_is_refused_with_exit_2_and_the_reason_before_anything_starts() {
    let sb = sandbox();
    let point = orders_point(&sb).await;
    let own = format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        seed::REGION,
        seed::ACCOUNT,
        seed::VAULT
    );
    let cases: Vec<(Request, Launch, &str)> = vec![
        (
            request(&point, "sandbox-backup-vault-dr"),
            launch(sb.clone()),
            "--to-vault: \"sandbox-backup-vault-dr\" is not a backup vault ARN",
        ),
        (
            request(&point, &own),
            launch(sb.clone()),
            "the copy would go to the vault it is in",
        ),
        (
            request(&point, &dr_vault()),
            Launch {
                expectations: dynamo_dr::checks::Expectations {
                    backup_role_arn: None,
                    ..common::expectations()
                },
                ..launch(sb.clone())
            },
            "no IAM role to copy as: pass --role ARN",
        ),
        (
            request("arn:aws:dynamodb:nowhere", &dr_vault()),
            launch(sb.clone()),
            "--recovery-point: arn:aws:dynamodb:nowhere is not in vault",
        ),
        (
            Request {
                read_only: true,
                ..request(&point, &dr_vault())
            },
            launch(sb.clone()),
            "--read-only",
        ),
    ];
    for (req, l, says) in cases {
        let (code, out, err) = run(l, req).await;
        assert_eq!(code, ExitCode::from(2), "{says}: {out}{err}");
        assert!(err.contains(says), "expected {says:?} in {err:?}");
    }
    sb.set_recovery_point_status(&point, RecoveryPointStatus::Partial);
    let (code, _, err) = run(launch(sb.clone()), request(&point, &dr_vault())).await;
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("is Partial, not COMPLETED"), "{err}");
    // Nothing was started by any of them.
    let jobs = sb.list_jobs().await.unwrap();
    assert!(
        jobs.iter()
            .all(|j| j.kind != JobKind::Copy || j.recovery_point_arn.as_deref() != Some(&point)),
        "{jobs:?}"
    );
}
