//! `dynamo-dr posture` on the sandbox: its seeded account has tables with
//! PITR off and deletion protection off, so the default rules fail some;
//! excluding them passes, a rule this tool cannot check makes it unsure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use std::process::ExitCode;
use std::time::Duration;

use dynamo_dr::config::{Config, PostureConfig};
use dynamo_dr::headless_posture;
use dynamo_dr::launch::Launch;

struct Output {
    code: ExitCode,
    out: String,
    err: String,
}

fn rules(toml: &str) -> PostureConfig {
    Config::parse(toml, std::path::Path::new("test.toml"))
        .unwrap()
        .posture
}

async fn posture(config: &PostureConfig, json: bool) -> Output {
    let (sb, _) = common::sandbox();
    let launch = Launch {
        backend: sb,
        local: dynamo_dr::local::LocalState::at(&tempfile::tempdir().unwrap().keep()),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(1),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_posture::run_to(
        launch,
        config,
        json,
        common::fixed_now(),
        &mut out,
        &mut err,
    )
    .await
    .unwrap();
    Output {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

#[tokio::test]
async fn the_default_rules_fail_the_tables_without_pitr_or_protection() {
    let r = posture(&PostureConfig::default(), false).await;
    assert_eq!(r.code, ExitCode::FAILURE, "{}", r.out);
    assert!(r.err.is_empty(), "{}", r.err);
    let line = |table: &str, rule: &str| {
        r.out
            .lines()
            .any(|l| l.starts_with('✘') && l.contains(table) && l.contains(rule))
    };
    assert!(
        line("legacy_reports", "require_pitr: PITR off"),
        "{}",
        r.out
    );
    assert!(
        line(
            "legacy_reports",
            "require_deletion_protection: deletion protection off"
        ),
        "{}",
        r.out
    );
    assert!(line("feature-flags", "require_pitr: PITR off"), "{}", r.out);
    // orders has both: it is not named.
    assert!(!r.out.contains("orders "), "{}", r.out);
    assert!(
        r.out
            .ends_with("10 tables: 5 pass, 5 fail, 0 could not tell, 0 excluded\n"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn json_is_every_table_with_its_rules() {
    let r = posture(&PostureConfig::default(), true).await;
    assert_eq!(r.code, ExitCode::FAILURE);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let tables = v.as_array().unwrap();
    assert_eq!(tables.len(), 10);
    let of = |name: &str| tables.iter().find(|t| t["table"] == name).unwrap().clone();
    let orders = of("orders");
    assert!(
        orders["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["verdict"] == "pass"),
        "{orders}"
    );
    let legacy = of("legacy_reports");
    assert_eq!(legacy["rules"][0]["rule"], "require_pitr");
    assert_eq!(legacy["rules"][0]["verdict"], "fail");
    assert_eq!(legacy["rules"][0]["why"], "PITR off");
}

#[tokio::test]
async fn excluding_the_failing_tables_passes() {
    let config =
        rules("[posture]\nexclude = [\"legacy_*\", \"feature-*\", \"sessions\", \"*Ar\"]\n");
    let r = posture(&config, false).await;
    assert_eq!(r.code, ExitCode::SUCCESS, "{}", r.out);
    assert_eq!(
        r.out,
        "10 tables: 5 pass, 0 fail, 0 could not tell, 5 excluded\n"
    );
    let json = posture(&config, true).await;
    let v: serde_json::Value = serde_json::from_str(&json.out).unwrap();
    let legacy = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "legacy_reports")
        .unwrap();
    assert_eq!(legacy["excluded"], "legacy_*");
}

#[tokio::test]
async fn a_rule_it_cannot_check_makes_it_unsure_not_passing() {
    let config = rules(
        "[posture]\nrequire_pitr = false\nrequire_deletion_protection = false\nrequire_plan = true\n",
    );
    let r = posture(&config, false).await;
    assert_eq!(r.code, ExitCode::from(2), "{}", r.out);
    assert!(
        r.out.lines().any(|l| l.starts_with("? orders ")
            && l.ends_with(
                "require_plan: not checked: this tool does not read AWS Backup plans yet"
            )),
        "{}",
        r.out
    );
    assert!(
        r.out
            .ends_with("0 pass, 0 fail, 10 could not tell, 0 excluded\n")
    );
}

#[tokio::test]
async fn an_old_newest_copy_fails_the_rpo() {
    let config = rules("[posture]\nmax_backup_age_hours = 24\n");
    let r = posture(&config, false).await;
    assert_eq!(r.code, ExitCode::FAILURE);
    let line = r
        .out
        .lines()
        .find(|l| l.contains("feature-flags") && l.contains("max_backup_age_hours"))
        .unwrap_or_else(|| panic!("{}", r.out));
    assert!(line.contains("old > 24h"), "{line}");
    assert!(!r.out.contains("orders  max_backup_age_hours"), "{}", r.out);
}
