//! The real binary on the AWS path: `inventory --json` and `check` against
//! moto (`scripts/test.sh` starts it and sets `DYNAMO_DR_MOTO_ENDPOINT`), and
//! bad input that needs no server: an unreachable endpoint, no credentials, a
//! bogus endpoint URL, secrets that must never be printed or logged.
//!
//! Every run gets a clean environment: a temp HOME and XDG dirs (no config),
//! empty AWS config and credentials files, instance metadata disabled, and
//! only loopback endpoints, so nothing can reach a real account.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod moto;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::PointInTimeRecoverySpecification;
use common::pty::{Console, left_alternate_screen};
use moto::{REGION, create_pk_table, endpoint, sdk, unique};

const MOTO_ACCOUNT: &str = "123456789012";
const UNREACHABLE: &str = "http://127.0.0.1:1";
const RESTORE_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores";

/// A temp HOME with XDG dirs and empty AWS config files.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for f in ["aws-config", "aws-credentials"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn log(&self) -> PathBuf {
        self.path().join("state/dynamo-dr/aws/dynamo-dr.log")
    }

    /// The environment of one run: nothing from the test's own, no
    /// credentials unless added, instance metadata off.
    fn env(&self) -> Vec<(String, String)> {
        let p = |s: &str| self.path().join(s).to_string_lossy().into_owned();
        vec![
            ("HOME".into(), p("")),
            ("XDG_CONFIG_HOME".into(), p("config")),
            ("XDG_STATE_HOME".into(), p("state")),
            ("XDG_DATA_HOME".into(), p("data")),
            ("XDG_CACHE_HOME".into(), p("cache")),
            ("AWS_CONFIG_FILE".into(), p("aws-config")),
            ("AWS_SHARED_CREDENTIALS_FILE".into(), p("aws-credentials")),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ]
    }

    /// `env` plus fake static keys.
    fn env_with_keys(&self) -> Vec<(String, String)> {
        let mut env = self.env();
        env.push(("AWS_ACCESS_KEY_ID".into(), "testing".into()));
        env.push(("AWS_SECRET_ACCESS_KEY".into(), "testing".into()));
        env
    }

    fn write_config(&self, body: &str) -> String {
        let path = self.path().join("dr.toml");
        std::fs::write(&path, body).unwrap();
        path.to_string_lossy().into_owned()
    }
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn run(env: &[(String, String)], args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !r.err.contains("panicked") && !r.out.contains("panicked"),
        "the binary panicked:\n{}{}",
        r.out,
        r.err
    );
    r
}

async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    create_pk_table(ddb, name).await;
    ddb.update_continuous_backups()
        .table_name(name)
        .point_in_time_recovery_specification(
            PointInTimeRecoverySpecification::builder()
                .point_in_time_recovery_enabled(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("enable PITR");
}

/// A vault, and a role with the restore policy attached: what `check` wants.
async fn vault_and_role(sdk: &SdkConfig) -> (String, String) {
    let vault = unique("cli-vault");
    aws_sdk_backup::Client::new(sdk)
        .create_backup_vault()
        .backup_vault_name(&vault)
        .send()
        .await
        .expect("create vault");
    let iam = aws_sdk_iam::Client::new(sdk);
    let role = unique("cli-restore-role");
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let arn = iam
        .create_role()
        .role_name(&role)
        .assume_role_policy_document(trust)
        .send()
        .await
        .expect("create role")
        .role()
        .unwrap()
        .arn()
        .to_owned();
    iam.attach_role_policy()
        .role_name(&role)
        .policy_arn(RESTORE_POLICY)
        .send()
        .await
        .expect("attach the restore policy");
    (vault, arn)
}

fn config(account: &str, vault: &str, role_arn: &str) -> String {
    format!(
        "[aws]\naccount_id = \"{account}\"\nregion = \"{REGION}\"\n\
         backup_vault = \"{vault}\"\nbackup_role_arn = \"{role_arn}\"\n"
    )
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

// ---- against moto ----

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn inventory_json_lists_every_created_table_complete() {
    let sdk = sdk().await;
    let ddb = aws_sdk_dynamodb::Client::new(&sdk);
    let prefix = unique("cli-inv");
    let names: Vec<String> = (0..210).map(|i| format!("{prefix}-{i:03}")).collect();
    for chunk in names.chunks(15) {
        futures_util::future::join_all(chunk.iter().map(|n| create_table(&ddb, n))).await;
    }
    // A DynamoDB backup of every seventh table.
    let backed_up: BTreeSet<String> = names.iter().step_by(7).cloned().collect();
    for name in &backed_up {
        ddb.create_backup()
            .table_name(name)
            .backup_name(format!("{name}--orig-test"))
            .send()
            .await
            .expect("create backup");
    }

    let home = Home::new();
    let ep = endpoint();
    let r = run(
        &home.env_with_keys(),
        &[
            "inventory",
            "--json",
            "--endpoint-url",
            &ep,
            "--region",
            REGION,
        ],
    );
    assert_eq!(r.code, 0, "stderr: {}", r.err);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["backend"], "aws");
    assert_eq!(v["region"], REGION);
    assert_eq!(v["errors"], serde_json::json!([]), "{}", r.err);

    let tables = v["tables"].as_array().unwrap();
    let ours: Vec<&serde_json::Value> = tables
        .iter()
        .filter(|t| t["name"].as_str().unwrap().starts_with(&prefix))
        .collect();
    let listed: BTreeSet<String> = ours
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, names.iter().cloned().collect::<BTreeSet<_>>());
    assert_eq!(ours.len(), names.len(), "no table listed twice");
    for t in &ours {
        assert!(t.get("error").is_none(), "{t}");
        assert_eq!(t["status"], "ACTIVE", "{t}");
        assert_eq!(t["billing"]["mode"], "PAY_PER_REQUEST", "{t}");
        assert_eq!(t["pitr"]["enabled"], true, "{t}");
        assert!(t["pitr"]["window"]["earliest"].is_string(), "{t}");
        assert!(t["arn"].as_str().unwrap().contains(MOTO_ACCOUNT), "{t}");
    }
    let with_backups: BTreeSet<String> = v["backups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] == "AVAILABLE" && b["kind"] == "USER")
        .map(|b| b["table_name"].as_str().unwrap().to_owned())
        .filter(|t| t.starts_with(&prefix))
        .collect();
    assert_eq!(with_backups, backed_up);
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn check_passes_against_moto_with_its_account_vault_and_role() {
    let (vault, role_arn) = vault_and_role(&sdk().await).await;
    let home = Home::new();
    let cfg = home.write_config(&config(MOTO_ACCOUNT, &vault, &role_arn));
    let ep = endpoint();
    let r = run(
        &home.env_with_keys(),
        &["check", "--config", &cfg, "--endpoint-url", &ep],
    );
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    for name in ["account", "vault", "backup role", "timeout"] {
        assert!(
            r.out
                .lines()
                .any(|l| l.starts_with("✔ pass") && l.contains(name)),
            "{name}: {}",
            r.out
        );
    }
    assert!(!r.out.contains("FAIL"), "{}", r.out);
    assert!(
        r.out.contains(&format!("account {MOTO_ACCOUNT}")),
        "{}",
        r.out
    );
    assert!(r.out.contains(&vault) && r.out.contains("AWSBackupServiceRolePolicyForRestores"));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn check_against_the_wrong_account_fails_naming_both() {
    let (vault, role_arn) = vault_and_role(&sdk().await).await;
    let home = Home::new();
    let cfg = home.write_config(&config("111122223333", &vault, &role_arn));
    let ep = endpoint();
    let r = run(
        &home.env_with_keys(),
        &["check", "--config", &cfg, "--endpoint-url", &ep],
    );
    assert_eq!(r.code, 1, "{}{}", r.out, r.err);
    let line = r
        .out
        .lines()
        .find(|l| l.starts_with("✘ FAIL") && l.contains("account"))
        .unwrap_or_else(|| panic!("no failed account line:\n{}", r.out));
    assert!(
        line.contains(MOTO_ACCOUNT) && line.contains("111122223333"),
        "{line}"
    );
    // Only the account is wrong: vault, role, timeout and state dir pass.
    assert_eq!(r.out.lines().filter(|l| l.starts_with("✔ pass")).count(), 4);
    assert!(r.out.contains("mutating operations stay disabled"));
}

/// The secret key and session token never reach stdout, stderr, the log (at
/// trace level) or any other file the binary writes.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn no_secret_is_printed_or_logged() {
    let (vault, role_arn) = vault_and_role(&sdk().await).await;
    let secret = format!("SeCrEtSeNtInEl{:016x}", fastrand::u64(..));
    let token = format!("ToKeNsEnTiNeL{:016x}", fastrand::u64(..));
    let key_id = format!("AKIA{:016X}", fastrand::u64(..));
    let home = Home::new();
    let mut env = home.env();
    env.push(("AWS_ACCESS_KEY_ID".into(), key_id.clone()));
    env.push(("AWS_SECRET_ACCESS_KEY".into(), secret.clone()));
    env.push(("AWS_SESSION_TOKEN".into(), token.clone()));
    env.push(("DYNAMO_DR_LOG".into(), "trace".into()));
    let ep = endpoint();
    // One good config and one that fails every AWS check (error paths log too).
    let good = home.write_config(&config(MOTO_ACCOUNT, &vault, &role_arn));
    let bad_path = home.path().join("bad.toml");
    std::fs::write(
        &bad_path,
        config(
            "111122223333",
            "no-such-vault",
            "arn:aws:iam::123456789012:role/no-such-role",
        ),
    )
    .unwrap();
    let bad = bad_path.to_string_lossy().into_owned();
    let mut printed = String::new();
    for args in [
        vec![
            "inventory",
            "--json",
            "--config",
            &good,
            "--endpoint-url",
            &ep,
        ],
        vec!["inventory", "--config", &good, "--endpoint-url", &ep],
        vec!["check", "--config", &good, "--endpoint-url", &ep],
        vec!["check", "--config", &bad, "--endpoint-url", &ep],
    ] {
        let r = run(&env, &args);
        printed.push_str(&r.out);
        printed.push_str(&r.err);
    }
    assert!(printed.contains(MOTO_ACCOUNT), "the runs did reach moto");
    let log = std::fs::read_to_string(home.log()).unwrap();
    // At trace, the SDK's wire events (bodies with item data, signing with
    // the key id) stay out unless DYNAMO_DR_LOG_WIRE=1 asks for them.
    assert!(!log.contains("aws_smithy_runtime"), "{log}");
    for sentinel in [&secret, &token, &key_id] {
        assert!(!printed.contains(sentinel.as_str()), "printed a secret");
        for file in files_under(home.path()) {
            let bytes = std::fs::read(&file).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(sentinel.as_str()),
                "{} holds a secret",
                file.display()
            );
        }
    }
}

/// With `DYNAMO_DR_LOG_WIRE=1` the SDK's wire events are logged, and the
/// log says first what that exposes.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn wire_logging_is_an_explicit_opt_in_that_says_what_it_exposes() {
    let home = Home::new();
    let mut env = home.env_with_keys();
    env.push(("DYNAMO_DR_LOG".into(), "trace".into()));
    env.push(("DYNAMO_DR_LOG_WIRE".into(), "1".into()));
    let ep = endpoint();
    let r = run(&env, &["inventory", "--json", "--endpoint-url", &ep]);
    assert!(r.out.contains("\"tables\""), "{}{}", r.out, r.err);
    let log = std::fs::read_to_string(home.log()).unwrap();
    assert!(log.contains("item data and the access key id"), "{log}");
    assert!(log.contains("aws_smithy_runtime"), "no wire events logged");
}

// ---- bad input, no server needed ----

#[test]
fn check_on_an_unreachable_endpoint_says_it_cannot_reach_it() {
    let home = Home::new();
    let r = run(
        &home.env_with_keys(),
        &["check", "--endpoint-url", UNREACHABLE, "--region", REGION],
    );
    assert_eq!(r.code, 1, "{}{}", r.out, r.err);
    let line = r
        .out
        .lines()
        .find(|l| l.starts_with("✘ FAIL") && l.contains("account"))
        .unwrap_or_else(|| panic!("{}", r.out));
    assert!(
        line.contains("cannot reach AWS") && line.contains(UNREACHABLE),
        "{line}"
    );
    assert!(r.out.contains("fix: check --endpoint-url"), "{}", r.out);
}

#[test]
fn inventory_on_an_unreachable_endpoint_fails_with_the_endpoint_named() {
    let home = Home::new();
    let r = run(
        &home.env_with_keys(),
        &[
            "inventory",
            "--json",
            "--endpoint-url",
            UNREACHABLE,
            "--region",
            REGION,
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.out, r.err);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| {
            let e = e.as_str().unwrap();
            e.starts_with("list tables:")
                && e.contains("cannot reach AWS")
                && e.contains(UNREACHABLE)
        }),
        "{errors:?}"
    );
    assert!(r.err.contains("cannot reach AWS"), "{}", r.err);
}

#[test]
fn the_console_starts_on_an_unreachable_endpoint_read_only_and_quits() {
    let home = Home::new();
    let env = home.env_with_keys();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut c = Console::start_with_env(
        &["--endpoint-url", UNREACHABLE, "--region", REGION],
        200,
        40,
        home.dir,
        Some(&env),
    );
    c.wait_for("AWS");
    // The SDK retries with backoff before giving up on the endpoint.
    c.wait_for_within(
        "identity unknown: cannot reach AWS",
        Duration::from_secs(90),
    );
    c.wait_for_within("READ-ONLY", Duration::from_secs(90));
    c.wait_for("check 'account' failed");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    assert!(left_alternate_screen(&c.raw()), "terminal not restored");
}

#[test]
fn missing_credentials_say_how_to_log_in() {
    let home = Home::new();
    let r = run(
        &home.env(),
        &["check", "--endpoint-url", UNREACHABLE, "--region", REGION],
    );
    assert_eq!(r.code, 1, "{}{}", r.out, r.err);
    let line = r
        .out
        .lines()
        .find(|l| l.starts_with("✘ FAIL") && l.contains("account"))
        .unwrap_or_else(|| panic!("{}", r.out));
    assert!(line.contains("no usable AWS credentials"), "{line}");
    assert!(
        line.contains("aws sso login") && line.contains("--profile"),
        "{line}"
    );
    // One line: what was tried and what to do, not the SDK's provider chain.
    assert!(
        line.contains("no credentials found (tried AWS_ACCESS_KEY_ID and AWS_PROFILE"),
        "{line}"
    );
    assert!(!line.contains("provider was not enabled"), "{line}");
    let next = r.out.lines().skip_while(|l| *l != line).nth(1);
    assert!(
        next.is_some_and(|l| l.trim_start().starts_with("fix: sign in")),
        "{}",
        r.out
    );

    let r = run(
        &home.env(),
        &[
            "inventory",
            "--endpoint-url",
            UNREACHABLE,
            "--region",
            REGION,
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("no usable AWS credentials") && r.err.contains("aws sso login"),
        "{}",
        r.err
    );
    for l in r.err.lines().filter(|l| l.contains("credentials")) {
        assert!(l.starts_with("dynamo-dr: "), "a line of its own: {l}");
        assert!(l.contains("no credentials found (tried"), "{l}");
    }
}

#[test]
fn a_bogus_endpoint_url_is_refused_before_anything_runs() {
    let home = Home::new();
    for args in [
        vec!["check", "--endpoint-url", "ftp://x"],
        vec!["inventory", "--json", "--endpoint-url", "ftp://x"],
        vec!["--endpoint-url", "ftp://x"],
    ] {
        let r = run(&home.env_with_keys(), &args);
        assert_eq!(r.code, 1, "{args:?}: {}{}", r.out, r.err);
        assert!(
            r.err
                .contains("--endpoint-url must start with http:// or https:// (got ftp://x)"),
            "{args:?}: {}",
            r.err
        );
        // Refused before the screen opened: no escape sequences, no output.
        assert!(r.out.is_empty(), "{args:?}: {}", r.out);
    }
}

#[test]
fn a_bad_region_or_a_malformed_endpoint_is_refused_naming_the_flag() {
    let home = Home::new();
    for (args, says) in [
        (
            vec![
                "check",
                "--region",
                "eu west 1",
                "--endpoint-url",
                UNREACHABLE,
            ],
            "--region 'eu west 1' is not an AWS region name",
        ),
        (
            vec!["inventory", "--region", "EU-WEST-1"],
            "--region 'EU-WEST-1' is not an AWS region name",
        ),
        (
            vec!["check", "--region", REGION, "--endpoint-url", "http://[::1"],
            "--endpoint-url has an IPv6 address without its closing ']'",
        ),
    ] {
        let r = run(&home.env_with_keys(), &args);
        assert_eq!(r.code, 1, "{args:?}: {}{}", r.out, r.err);
        assert!(r.err.contains(says), "{args:?}: {}", r.err);
        assert!(!r.err.contains("no AWS region is configured"), "{}", r.err);
        assert!(r.out.is_empty(), "{args:?}: {}", r.out);
    }
}

/// A run on moto's us-east-1, killed as its first step starts, leaves its
/// journal in `state`; a sandbox run's journal sits beside it.
async fn journal_a_killed_moto_run(state: &Path) {
    use dynamo_dr::domain::TableName;
    use dynamo_dr::workflow::{Operation, RunContext, StepStatus, WorkflowEvent, plan};
    let ddb = aws_sdk_dynamodb::Client::new(&sdk().await);
    let table = unique("scoped");
    create_table(&ddb, &table).await;
    let backend: std::sync::Arc<dyn dynamo_dr::backend::Backend> =
        std::sync::Arc::new(moto::backend().await);
    let scope = dynamo_dr::backend::Scope::of(backend.as_ref())
        .await
        .unwrap();
    assert_eq!(scope.region, REGION);
    let ctx = RunContext {
        job: 1,
        backup_role_arn: String::new(),
        vault: String::new(),
        step_timeout: Some(Duration::from_secs(60)),
        poll_interval: Duration::from_millis(50),
        journal_dir: Some(state.join("aws").join("journal")),
        verify: dynamo_dr::verify::VerifyOptions::default(),
        repair: dynamo_dr::repair::RepairOptions::default(),
        scope: Some(scope),
    };
    let op = Operation::CreateBackup {
        table: TableName::parse(&table).unwrap(),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(dynamo_dr::workflow::run(
        backend,
        plan(&op, chrono::Utc::now()),
        ctx,
        tx,
    ));
    while let Some(ev) = rx.recv().await {
        if let WorkflowEvent::Step {
            status: StepStatus::Running { .. },
            ..
        } = ev
        {
            task.abort();
            break;
        }
    }
    let _ = task.await;
}

/// The console on moto in another region: the run of us-east-1 is shown
/// elsewhere and never resumed; the sandbox's runs are not shown at all.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_run_of_another_region_is_shown_elsewhere_and_never_resumed_there() {
    let home = Home::new();
    let state = home.path().join("dr-state");
    journal_a_killed_moto_run(&state).await;
    // A sandbox rehearsal's interrupted run, in the same state dir.
    let sandbox_journal = state.join("sandbox").join("journal");
    std::fs::create_dir_all(&sandbox_journal).unwrap();
    for entry in std::fs::read_dir(state.join("aws").join("journal")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, sandbox_journal.join(path.file_name().unwrap())).unwrap();
    }
    let mut env = home.env_with_keys();
    env.push((
        "DYNAMO_DR_STATE_DIR".into(),
        state.to_string_lossy().into_owned(),
    ));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let ep = endpoint();
    let mut c = Console::start_with_env(
        &["--endpoint-url", &ep, "--region", "eu-west-1"],
        200,
        45,
        tempfile::tempdir().unwrap(),
        Some(&env),
    );
    c.wait_for("INTERRUPTED ELSEWHERE · Create a backup");
    c.wait_for("us-east-1");
    assert_eq!(
        c.contents().matches("INTERRUPTED").count(),
        1,
        "only the AWS run is listed:\n{}",
        c.contents()
    );
    // The console is read-only here (no config), so `c` is refused for that
    // first; `x` works read-only and must refuse a run of another region.
    c.send("x");
    c.wait_for("x (dismiss) refused: it ran elsewhere");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    let journal = std::fs::read_dir(state.join("aws").join("journal"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(!journal.contains(r#""record":"resumed""#), "{journal}");
    assert!(!journal.contains(r#""record":"dismissed""#), "{journal}");
}

/// `backup --keep 1` over the wire: a new scheduled backup each run, the
/// previous scheduled one deleted once the new one is AVAILABLE, a manual
/// backup of the same table left alone.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn scheduled_backups_rotate_over_the_wire() {
    let sdk = sdk().await;
    let ddb = aws_sdk_dynamodb::Client::new(&sdk);
    let table = unique("cli-sched");
    create_table(&ddb, &table).await;
    let manual = format!("{table}-manual");
    ddb.create_backup()
        .table_name(&table)
        .backup_name(&manual)
        .send()
        .await
        .expect("create backup");
    let home = Home::new();
    let ep = endpoint();
    let backup = |env: &[(String, String)]| {
        run(
            env,
            &[
                "backup",
                "--table",
                &table,
                "--keep",
                "1",
                "--json",
                "--endpoint-url",
                &ep,
                "--region",
                REGION,
            ],
        )
    };
    let first = backup(&home.env_with_keys());
    assert_eq!(first.code, 0, "{}{}", first.out, first.err);
    let first: serde_json::Value = serde_json::from_str(&first.out).unwrap();
    let created = first[0]["created"]["name"].as_str().unwrap().to_owned();
    assert!(created.starts_with(&format!("{table}--sched-")), "{first}");
    // The names carry the second: the next run's must differ.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let second = backup(&home.env_with_keys());
    assert_eq!(second.code, 0, "{}{}", second.out, second.err);
    let second: serde_json::Value = serde_json::from_str(&second.out).unwrap();
    assert_eq!(
        second[0]["deleted"],
        serde_json::json!([created]),
        "{second}"
    );
    let listed: BTreeSet<String> = ddb
        .list_backups()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .backup_summaries()
        .iter()
        .filter(|b| b.backup_status().map(|s| s.as_str()) != Some("DELETED"))
        .filter_map(|b| b.backup_name().map(str::to_owned))
        .collect();
    let newest = second[0]["created"]["name"].as_str().unwrap().to_owned();
    assert_eq!(listed, BTreeSet::from([manual, newest]));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn posture_over_the_wire_fails_the_table_without_pitr() {
    let sdk = sdk().await;
    let ddb = aws_sdk_dynamodb::Client::new(&sdk);
    let prefix = unique("cli-posture");
    let (with, without) = (format!("{prefix}-pitr"), format!("{prefix}-bare"));
    create_table(&ddb, &with).await;
    create_pk_table(&ddb, &without).await;
    let home = Home::new();
    // Protection is left out: the tables other tests made have none.
    let config = home.write_config("[posture]\nrequire_deletion_protection = false\n");
    let ep = endpoint();
    let args = [
        "posture",
        "--config",
        &config,
        "--endpoint-url",
        &ep,
        "--region",
        REGION,
    ];
    let r = run(&home.env_with_keys(), &args);
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.out, r.err);
    let line = r
        .out
        .lines()
        .find(|l| l.contains(&without))
        .unwrap_or_else(|| panic!("{without} not named:\n{}", r.out));
    assert!(
        line.starts_with('✘') && line.ends_with("require_pitr: PITR off"),
        "{line}"
    );
    assert!(!r.out.contains(&with), "{}", r.out);

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let r = run(&home.env_with_keys(), &json_args);
    assert_eq!(r.code, 1, "{}", r.err);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let of = |name: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|t| t["table"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {v}"))
            .clone()
    };
    assert_eq!(of(&with)["rules"][0]["verdict"], "pass");
    assert_eq!(of(&with)["rules"][0]["why"], "PITR on, 35d");
    assert_eq!(of(&without)["rules"][0]["verdict"], "fail");
    assert_eq!(of(&without)["rules"].as_array().unwrap().len(), 1);
}
