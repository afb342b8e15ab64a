//! The headless commands against an account that answers in hostile
//! strings: no control character or bidi override reaches the output raw,
//! in any field, on stdout or stderr.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use common::hostile::{BROKEN, Hostile, evil};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{is_hostile, printable};
use dynamo_dr::headless;
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
    let code = headless::check_to(launch(backend), &mut out).await.unwrap();
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
