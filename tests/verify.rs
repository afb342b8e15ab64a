//! Verification end to end: the `verify` command on the sandbox (always),
//! and the library and the command against moto (ignored without it; run
//! `bash scripts/test.sh`): two tables of 10,000 items written with
//! BatchWriteItem, compared with 4 segments, one item changed, a table
//! restored from a backup.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod moto;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use aws_sdk_dynamodb::types::{AttributeValue as Av, PutRequest, WriteRequest};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{BackupStatus, KeyDisplay};
use dynamo_dr::verify::{DiffKind, VerifyOptions, verify};
use futures_util::{StreamExt, stream};
use moto::{REGION, backend, create_pk_table, endpoint, sdk, unique};

const ITEMS: usize = 10_000;

struct Run {
    code: i32,
    out: String,
    err: String,
}

/// The binary with a clean environment: temp HOME, no AWS files, no IMDS.
fn run(home: &Path, args: &[&str]) -> Run {
    let p = |s: &str| home.join(s).to_string_lossy().into_owned();
    for f in ["aws-config", "aws-credentials"] {
        std::fs::write(home.join(f), "").unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(args)
        .env_clear()
        .env("HOME", p(""))
        .env("XDG_CONFIG_HOME", p("config"))
        .env("XDG_STATE_HOME", p("state"))
        .env("XDG_DATA_HOME", p("data"))
        .env("XDG_CACHE_HOME", p("cache"))
        .env("AWS_CONFIG_FILE", p("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", p("aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("TMPDIR", p(""))
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!r.err.contains("panicked"), "{}", r.err);
    r
}

#[test]
fn verify_on_the_sandbox_exits_1_different_2_on_error() {
    let home = tempfile::tempdir().unwrap();
    // A table against itself proves nothing: refused, not EQUAL.
    let same = run(
        home.path(),
        &[
            "--sandbox",
            "verify",
            "--source",
            "feature-flags",
            "--target",
            "feature-flags",
        ],
    );
    assert_eq!(same.code, 2, "{}{}", same.out, same.err);
    assert!(same.err.contains("always equals itself"), "{}", same.err);
    assert!(!same.out.contains("EQUAL"), "{}", same.out);

    let diff_file = home.path().join("diffs.jsonl");
    let different = run(
        home.path(),
        &[
            "--sandbox",
            "verify",
            "--source",
            "feature-flags",
            "--target",
            "legacy_reports",
            "--json",
            "--segments",
            "3",
            "--diff-file",
            diff_file.to_str().unwrap(),
        ],
    );
    assert_eq!(different.code, 1, "{}{}", different.out, different.err);
    let report: serde_json::Value = serde_json::from_str(&different.out).unwrap();
    assert_eq!(report["equal"], false);
    let (src, tgt) = (
        report["source_count"].as_u64().unwrap(),
        report["target_count"].as_u64().unwrap(),
    );
    assert!(src > 0 && tgt > src, "{report}");
    // Different contents: every shared key changed, the rest of the target extra.
    let total = report["total_differences"].as_u64().unwrap();
    assert_eq!(total, tgt, "{report}");
    let counts = &report["counts"];
    assert_eq!(counts["missing"], 0, "{report}");
    assert_eq!(counts["changed"].as_u64().unwrap(), src, "{report}");
    assert_eq!(counts["extra"].as_u64().unwrap(), tgt - src, "{report}");
    let lines = std::fs::read_to_string(&diff_file).unwrap().lines().count();
    assert_eq!(lines as u64, total);
    assert_eq!(report["all_diffs_written_to"], diff_file.to_str().unwrap());

    let missing = run(
        home.path(),
        &[
            "--sandbox",
            "verify",
            "--source",
            "feature-flags",
            "--target",
            "nope",
        ],
    );
    assert_eq!(missing.code, 2, "{}{}", missing.out, missing.err);
    assert!(missing.err.contains("nope"), "{}", missing.err);
}

/// The text report counts each kind of difference; with `--json` a failed
/// comparison is JSON on stdout too, naming source then target.
#[test]
fn verify_counts_each_kind_and_a_json_error_is_json_on_stdout() {
    let home = tempfile::tempdir().unwrap();
    let args = |target: &'static str, json: bool| {
        let mut a = vec![
            "--sandbox",
            "verify",
            "--source",
            "feature-flags",
            "--target",
            target,
        ];
        if json {
            a.push("--json");
        }
        a
    };
    let text = run(home.path(), &args("legacy_reports", false));
    assert_eq!(text.code, 1, "{}{}", text.out, text.err);
    let json = run(home.path(), &args("legacy_reports", true));
    let report: serde_json::Value = serde_json::from_str(&json.out).unwrap();
    let c = &report["counts"];
    // Counts in full, thousands separated, as the console shows them.
    let n = |v: &serde_json::Value| dynamo_dr::domain::time::full_count(v.as_u64().unwrap());
    let expected = format!(
        ": {} missing, {} extra, {} changed (read in",
        n(&c["missing"]),
        n(&c["extra"]),
        n(&c["changed"])
    );
    assert!(c["extra"].as_u64().unwrap() > 999, "{report}");
    assert!(n(&c["extra"]).contains(','), "{report}");
    assert!(text.out.contains(&expected), "{expected}\n{}", text.out);

    let missing = run(home.path(), &args("nope", true));
    assert_eq!(missing.code, 2, "{}{}", missing.out, missing.err);
    let failure: serde_json::Value = serde_json::from_str(&missing.out).unwrap();
    assert_eq!(failure["source"], "feature-flags");
    assert_eq!(failure["target"], "nope");
    let error = failure["error"].as_str().unwrap();
    assert!(error.contains("nope"), "{error}");
    assert!(
        error.find("feature-flags") < error.find("nope"),
        "source before target: {error}"
    );
    assert!(missing.err.contains(error), "{}", missing.err);
}

#[test]
fn a_read_rate_outside_its_range_is_a_usage_error_naming_the_flag() {
    let home = tempfile::tempdir().unwrap();
    for rate in ["1e-300", "1e-17", "0", "nan", "inf", "-5"] {
        let flag = format!("--read-rate={rate}");
        let r = run(
            home.path(),
            &[
                "--sandbox",
                "verify",
                "--source",
                "feature-flags",
                "--target",
                "legacy_reports",
                &flag,
            ],
        );
        assert_eq!(r.code, 2, "{rate}: {}{}", r.out, r.err);
        assert!(r.err.contains("--read-rate"), "{rate}: {}", r.err);
        assert!(r.err.contains("from 1 to 1000000000"), "{rate}: {}", r.err);
    }
}

#[test]
fn the_default_differences_file_is_private_in_the_state_dir_and_named_for_both_tables() {
    let home = tempfile::tempdir().unwrap();
    // Where the old default went: a planted link must stay untouched.
    let victim = home.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    let r = run(
        home.path(),
        &[
            "--sandbox",
            "verify",
            "--source",
            "feature-flags",
            "--target",
            "legacy_reports",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.out, r.err);
    let line = r
        .out
        .lines()
        .find_map(|l| l.strip_prefix("every differing key: "))
        .unwrap_or_else(|| panic!("{}", r.out));
    let path = Path::new(line);
    let dir = home.path().join("state/dynamo-dr/sandbox/verify");
    assert_eq!(path.parent(), Some(dir.as_path()), "{line}");
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(
        name.contains("feature-flags") && name.contains("legacy_reports"),
        "{name}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(path), 0o600);
    assert_eq!(mode(&dir), 0o700);
    assert!(std::fs::read_to_string(path).unwrap().lines().count() > 0);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    // Nothing in the temporary directory (TMPDIR is the home here).
    let stray: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("dynamo-dr-verify")
        })
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

// ---- moto ----

/// An item of every attribute type, ~1 KB.
fn item(i: usize) -> HashMap<String, Av> {
    let s = |v: String| Av::S(v);
    HashMap::from([
        ("pk".to_owned(), s(format!("order-{i:06}"))),
        (
            "amount".to_owned(),
            Av::N(format!("{}.{:02}", i * 3, i % 100)),
        ),
        ("gift".to_owned(), Av::Bool(i.is_multiple_of(2))),
        (
            "tags".to_owned(),
            Av::Ss(vec![format!("t{}", i % 5), "all".to_owned()]),
        ),
        (
            "scores".to_owned(),
            Av::Ns(vec!["1".to_owned(), (i % 9 + 2).to_string()]),
        ),
        (
            "address".to_owned(),
            Av::M(HashMap::from([(
                "city".to_owned(),
                s(format!("c{}", i % 40)),
            )])),
        ),
        (
            "history".to_owned(),
            Av::L(vec![s("created".to_owned()), Av::Null(true)]),
        ),
        (
            "blob".to_owned(),
            Av::B(aws_sdk_dynamodb::primitives::Blob::new(vec![i as u8; 16])),
        ),
        ("body".to_owned(), s(format!("{i:08}").repeat(110))),
    ])
}

async fn create_and_fill(ddb: &aws_sdk_dynamodb::Client, table: &str, items: usize) {
    create_pk_table(ddb, table).await;
    let batches: Vec<Vec<usize>> = (0..items)
        .collect::<Vec<_>>()
        .chunks(25)
        .map(<[usize]>::to_vec)
        .collect();
    stream::iter(batches)
        .for_each_concurrent(8, |batch| async move {
            let requests = batch
                .iter()
                .map(|i| {
                    WriteRequest::builder()
                        .put_request(
                            PutRequest::builder()
                                .set_item(Some(item(*i)))
                                .build()
                                .unwrap(),
                        )
                        .build()
                })
                .collect();
            let out = ddb
                .batch_write_item()
                .request_items(table, requests)
                .send()
                .await
                .unwrap();
            assert!(out.unprocessed_items().is_none_or(|u| u.is_empty()));
        })
        .await;
}

fn four_segments() -> VerifyOptions {
    VerifyOptions {
        segments: 4,
        ..VerifyOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs moto: run scripts/test.sh"]
async fn ten_thousand_items_verify_equal_then_one_change_is_named_then_a_restore_is_equal() {
    let sdk = sdk().await;
    let ddb = aws_sdk_dynamodb::Client::new(&sdk);
    let (a, b) = (unique("verify-a"), unique("verify-b"));
    tokio::join!(
        create_and_fill(&ddb, &a, ITEMS),
        create_and_fill(&ddb, &b, ITEMS)
    );
    let backend = backend().await;

    let started = Instant::now();
    let report = verify(&backend, &a, &b, &four_segments(), None)
        .await
        .unwrap();
    eprintln!(
        "moto: verify 2 x {ITEMS} items, 4 segments: {:.2?}",
        started.elapsed()
    );
    assert!(report.equal, "{report:?}");
    assert_eq!(
        (report.source_count, report.target_count),
        (ITEMS as u64, ITEMS as u64)
    );

    let mut changed = item(4_321);
    changed.insert("amount".to_owned(), Av::N("0.01".to_owned()));
    ddb.put_item()
        .table_name(&b)
        .set_item(Some(changed))
        .send()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = VerifyOptions {
        diff_file: Some(dir.path().join("d.jsonl")),
        ..four_segments()
    };
    let report = verify(&backend, &a, &b, &opts, None).await.unwrap();
    assert!(!report.equal);
    assert_eq!(report.total_differences, 1, "{report:?}");
    let d = &report.differing_keys[0];
    assert_eq!(
        (KeyDisplay(&d.key).to_string(), d.kind),
        ("pk=order-004321".to_owned(), DiffKind::Changed)
    );

    let backup = backend
        .create_backup(&a, &unique("verify-bk"))
        .await
        .unwrap();
    for _ in 0..50 {
        if backend.describe_backup(&backup.arn).await.unwrap().status == BackupStatus::Available {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let restored = unique("verify-restored");
    backend
        .restore_table_from_backup(&restored, &backup.arn)
        .await
        .unwrap();
    let report = verify(&backend, &a, &restored, &four_segments(), None)
        .await
        .unwrap();
    assert!(report.equal, "{report:?}");
    assert_eq!(report.target_count, ITEMS as u64);
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn the_verify_command_works_against_moto() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (a, b, c) = (
        unique("verify-cli-a"),
        unique("verify-cli-b"),
        unique("verify-cli-c"),
    );
    rt.block_on(async {
        let ddb = aws_sdk_dynamodb::Client::new(&sdk().await);
        // The command's own wiring; the 10,000-item case is the test above.
        create_and_fill(&ddb, &a, 300).await;
        create_and_fill(&ddb, &b, 300).await;
        create_and_fill(&ddb, &c, 300).await;
        ddb.delete_item()
            .table_name(&b)
            .key("pk", Av::S("order-000007".to_owned()))
            .send()
            .await
            .unwrap();
    });
    let home = tempfile::tempdir().unwrap();
    let url = endpoint();
    let args = |t: &str| -> Vec<String> {
        [
            "--endpoint-url",
            &url,
            "--region",
            REGION,
            "verify",
            "--source",
            &a,
            "--target",
            t,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let same: Vec<String> = args(&c);
    let same = run(
        home.path(),
        &same.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(same.code, 0, "{}{}", same.out, same.err);
    let diff: Vec<String> = args(&b);
    let diff = run(
        home.path(),
        &diff.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(diff.code, 1, "{}{}", diff.out, diff.err);
    assert!(
        diff.out.contains("Missing  pk=order-000007"),
        "{}",
        diff.out
    );
    assert!(diff.out.contains("every differing key:"), "{}", diff.out);
}
