//! `dynamo-dr posture` on the sandbox: its seeded account has tables with
//! PITR off and deletion protection off, so the default rules fail some;
//! excluding them passes; the plan rule names each table's plan, fails the
//! tables in none, and is unsure when the plans cannot be read.

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
    posture_on(sb, config, json).await
}

async fn posture_on(
    sb: std::sync::Arc<dynamo_dr::sandbox::Sandbox>,
    config: &PostureConfig,
    json: bool,
) -> Output {
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
        None,
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
async fn the_plan_rule_names_the_plan_or_fails_the_tables_in_none() {
    let config = rules(
        "[posture]\nrequire_pitr = false\nrequire_deletion_protection = false\nrequire_plan = true\n",
    );
    let r = posture(&config, false).await;
    // sessions, NameCacheAr and legacy_reports are in no plan.
    assert_eq!(r.code, ExitCode::FAILURE, "{}", r.out);
    assert!(
        r.out
            .lines()
            .any(|l| l.contains("sessions")
                && l.contains("require_plan: no AWS Backup plan selects it")),
        "{}",
        r.out
    );
    assert!(
        r.out
            .ends_with("7 pass, 3 fail, 0 could not tell, 0 excluded\n"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn plans_that_cannot_be_read_make_the_plan_rule_unsure_not_passing() {
    let config = rules(
        "[posture]\nrequire_pitr = false\nrequire_deletion_protection = false\nrequire_plan = true\n\nexclude = [\"sessions\", \"NameCacheAr\", \"legacy_reports\"]\n",
    );
    let (sb, _clock) = common::sandbox();
    sb.fail_next(
        "list_backup_plans",
        dynamo_dr::backend::BackendError::AccessDenied {
            permission: "backup:ListBackupPlans".to_owned(),
            message: "not allowed".to_owned(),
        },
    );
    let r = posture_on(sb, &config, false).await;
    assert_eq!(r.code, ExitCode::from(2), "{}", r.out);
    assert!(
        r.out.lines().any(|l| l.starts_with("? orders ")
            && l.contains("require_plan: not checked: the plans could not be read")
            && l.contains("backup:ListBackupPlans")),
        "{}",
        r.out
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

/// The two drill rules over the sandbox's seeded drill history: `orders`
/// drilled two days ago in 9 minutes passes both, `customers` (200 days
/// ago) fails the age, `payments` (3 hours to restore) fails the RTO, and a
/// table never drilled fails both.
#[tokio::test]
async fn the_drill_rules_read_the_drill_history() {
    let (sb, _) = common::sandbox();
    let dir = tempfile::tempdir().unwrap().keep();
    assert!(dynamo_dr::drill::seed_sandbox(&dir, common::fixed_now()).unwrap());
    let config = rules(
        "[posture]\nrequire_pitr = false\nrequire_deletion_protection = false\n\
         drill_every_days = 30\nrto_target_minutes = 60\n",
    );
    let launch = Launch {
        backend: sb,
        local: dynamo_dr::local::LocalState::at(&dir),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(1),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_posture::run_to(
        launch,
        &config,
        None,
        true,
        common::fixed_now(),
        &mut out,
        &mut err,
    )
    .await
    .unwrap();
    assert_eq!(code, ExitCode::FAILURE);
    let all: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let verdicts = |table: &str| -> Vec<String> {
        all.as_array()
            .unwrap()
            .iter()
            .find(|t| t["table"] == table)
            .unwrap()["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["rule"].as_str().unwrap(),
                    r["verdict"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        verdicts("orders"),
        ["drill_every_days pass", "rto_target_minutes pass"]
    );
    assert_eq!(
        verdicts("customers"),
        ["drill_every_days fail", "rto_target_minutes pass"]
    );
    assert_eq!(
        verdicts("payments"),
        ["drill_every_days pass", "rto_target_minutes fail"]
    );
    assert_eq!(
        verdicts("inventory"),
        ["drill_every_days fail", "rto_target_minutes fail"]
    );
}

async fn posture_with_dr(config: &PostureConfig, dr_vault: Option<&str>) -> Output {
    let (sb, _) = common::sandbox();
    let launch = Launch {
        backend: sb,
        local: dynamo_dr::local::LocalState::at(&tempfile::tempdir().unwrap().keep()),
        expectations: common::expectations(),
        load: common::load_options(),
        poll_interval: Duration::from_millis(1),
    };
    let dr = dr_vault.map(|v| dynamo_dr::domain::VaultArn::parse(v).unwrap());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = headless_posture::run_to(
        launch,
        config,
        dr.as_ref(),
        true,
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

fn copy_verdicts(out: &str) -> Vec<(String, String, String)> {
    let all: serde_json::Value = serde_json::from_str(out).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .filter_map(|t| {
            let r = t["rules"]
                .as_array()?
                .iter()
                .find(|r| r["rule"] == "require_copy_region")?;
            Some((
                t["table"].as_str()?.to_owned(),
                r["verdict"].as_str()?.to_owned(),
                r["why"].as_str()?.to_owned(),
            ))
        })
        .collect()
}

/// The sandbox's seeded copy job put one table's recovery point in the DR
/// vault in us-west-2: that table passes `require_copy_region`, the others
/// fail; without a DR vault in that region the rule cannot tell.
#[tokio::test]
async fn the_copy_region_rule_reads_the_dr_vault_in_that_region() {
    let config = rules(
        "[posture]\nrequire_pitr = false\nrequire_deletion_protection = false\n\
         require_copy_region = \"us-west-2\"\n",
    );
    let dr = "arn:aws:backup:us-west-2:111122223333:backup-vault:sandbox-backup-vault-dr";
    let r = posture_with_dr(&config, Some(dr)).await;
    let got = copy_verdicts(&r.out);
    let pass: Vec<&str> = got
        .iter()
        .filter(|(_, v, _)| v == "pass")
        .map(|(t, _, _)| t.as_str())
        .collect();
    let fail = got.iter().filter(|(_, v, _)| v == "fail").count();
    assert!(!pass.is_empty() && fail > 0, "{got:?} {}", r.err);
    assert!(
        got.iter()
            .all(|(_, v, why)| v != "fail" || why.contains("sandbox-backup-vault-dr in us-west-2")),
        "{got:?}"
    );
    assert_eq!(r.code, ExitCode::FAILURE);
    // No DR vault configured: not checked, exit 2, never a pass.
    let r = posture_with_dr(&config, None).await;
    let got = copy_verdicts(&r.out);
    assert!(
        got.iter()
            .all(|(_, v, why)| v == "not_checked" && why.contains("[copies] vault_arn")),
        "{got:?}"
    );
    assert_eq!(r.code, ExitCode::from(2));
    // A DR vault in another region than the rule's: not checked either.
    let elsewhere = "arn:aws:backup:eu-west-1:111122223333:backup-vault:sandbox-backup-vault-dr";
    let got = copy_verdicts(&posture_with_dr(&config, Some(elsewhere)).await.out);
    assert!(
        got.iter()
            .all(|(_, v, why)| v == "not_checked" && why.contains("eu-west-1"))
    );
}

/// `exclude_tags` reads the tables' tags: the sandbox's `legacy_reports`
/// carries `dr:exclude=true` and is left out, named by the tag; `env=prod`
/// (every other table's) leaves them all out.
#[tokio::test]
async fn tables_are_excluded_by_tag() {
    let config = rules("[posture]\nexclude_tags = [\"dr:exclude=true\"]\n");
    let r = posture_with_dr(&config, None).await;
    let all: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let excluded: Vec<(&str, &str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| {
            Some((
                t["table"].as_str()?,
                t["excluded"].as_str()?,
                t["excluded_key"].as_str()?,
            ))
        })
        .collect();
    assert_eq!(
        excluded,
        vec![("legacy_reports", "dr:exclude=true", "exclude_tags")]
    );
    let config = rules("[posture]\nexclude_tags = [\"env\"]\n");
    let r = posture_with_dr(&config, None).await;
    assert_eq!(r.code, ExitCode::SUCCESS, "{}", r.out);
}
