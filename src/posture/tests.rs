#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, TimeZone};

use super::*;
use crate::config::{Days, Hours, NamePattern, PitrDays, Region};
use crate::domain::{BillingMode, CopyKind, PitrWindow, TableStatus};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn table(protected: bool) -> Table {
    Table {
        name: "orders".into(),
        arn: "arn:aws:dynamodb:us-east-1:1:table/orders".into(),
        status: TableStatus::Active,
        item_count: 1,
        size_bytes: 1,
        billing: BillingMode::PayPerRequest,
        deletion_protection: protected,
        global_secondary_indexes: Vec::new(),
        created_at: None,
    }
}

fn pitr(days: u8) -> PitrStatus {
    PitrStatus {
        enabled: true,
        recovery_period_days: Some(days),
        window: Some(PitrWindow {
            earliest: now() - Duration::days(i64::from(days)),
            latest: now() - Duration::minutes(5),
        }),
    }
}

fn facts<'a>(t: &'a Table, p: &'a PitrStatus, newest: Option<NewestCopy>) -> Facts<'a> {
    Facts {
        name: "orders",
        table: Some(t),
        pitr: Some(p),
        error: None,
        newest,
        copies_known: true,
        plans: None,
        drills: None,
        tags: None,
        copies: None,
    }
}

fn verdicts(p: &TablePosture) -> Vec<(&'static str, Verdict)> {
    p.rules.iter().map(|r| (r.rule.key(), r.verdict)).collect()
}

#[test]
fn by_default_pitr_and_protection_are_the_only_rules() {
    let (t, p) = (table(true), pitr(35));
    let got = assess(&PostureConfig::default(), &facts(&t, &p, None), now());
    assert_eq!(
        verdicts(&got),
        [
            ("require_pitr", Verdict::Pass),
            ("require_deletion_protection", Verdict::Pass)
        ]
    );
    assert_eq!(got.summary(), Summary::Pass);
}

#[test]
fn pitr_off_and_protection_off_fail_with_their_reasons() {
    let (t, p) = (table(false), PitrStatus::disabled());
    let got = assess(&PostureConfig::default(), &facts(&t, &p, None), now());
    let whys: Vec<&str> = got.failures().map(|r| r.why.as_str()).collect();
    assert_eq!(whys, ["PITR off", "deletion protection off"]);
    assert_eq!(got.summary(), Summary::Fail(2, Rule::RequirePitr));
}

#[test]
fn the_newest_copy_is_measured_against_the_rpo() {
    let config = PostureConfig {
        max_backup_age_hours: Some(Hours(24)),
        ..PostureConfig::default()
    };
    let (t, p) = (table(true), PitrStatus::disabled());
    let old = NewestCopy {
        at: now() - Duration::hours(76),
        kind: CopyKind::Backup,
    };
    let got = assess(&config, &facts(&t, &p, Some(old)), now());
    let age = got.rules.last().unwrap();
    assert_eq!(age.verdict, Verdict::Fail);
    assert_eq!(age.why, "newest copy (backup) 3d 04h old > 24h");
    let fresh = NewestCopy {
        at: now() - Duration::hours(2),
        kind: CopyKind::Pitr,
    };
    let got = assess(&config, &facts(&t, &p, Some(fresh)), now());
    assert_eq!(got.rules.last().unwrap().verdict, Verdict::Pass);
    let none = assess(&config, &facts(&t, &p, None), now());
    assert_eq!(none.rules.last().unwrap().why, "no restorable copy");
    // A listing that failed may hold a newer copy: not a failure then.
    let mut unsure = facts(&t, &p, Some(old));
    unsure.copies_known = false;
    let got = assess(&config, &unsure, now());
    assert_eq!(got.rules.last().unwrap().verdict, Verdict::NotChecked);
}

#[test]
fn a_short_recovery_period_fails_min_pitr_days() {
    let config = PostureConfig {
        min_pitr_days: Some(PitrDays(14)),
        ..PostureConfig::default()
    };
    let t = table(true);
    let (short, long) = (pitr(7), pitr(35));
    let got = assess(&config, &facts(&t, &short, None), now());
    assert_eq!(got.summary(), Summary::Fail(1, Rule::MinPitrDays));
    assert_eq!(got.failures().next().unwrap().why, "PITR keeps 7d < 14d");
    let got = assess(&config, &facts(&t, &long, None), now());
    assert_eq!(got.summary(), Summary::Pass);
}

#[test]
fn rules_this_tool_cannot_check_say_so_and_never_pass() {
    let config = PostureConfig {
        require_plan: true,
        require_copy_region: Some(Region("us-west-2".into())),
        drill_every_days: Some(Days(30)),
        rto_target_minutes: Some(crate::config::Minutes(60)),
        ..PostureConfig::default()
    };
    let (t, p) = (table(true), pitr(35));
    let got = assess(&config, &facts(&t, &p, None), now());
    let unchecked: Vec<&RuleResult> = got
        .rules
        .iter()
        .filter(|r| r.verdict == Verdict::NotChecked)
        .collect();
    assert_eq!(unchecked.len(), 4);
    assert!(unchecked.iter().all(|r| r.why.starts_with("not checked: ")));
    assert!(unchecked[1].why.contains("us-west-2"));
    assert_eq!(got.summary(), Summary::Unknown);
    // Off, they are not listed at all.
    let off = assess(&PostureConfig::default(), &facts(&t, &p, None), now());
    assert_eq!(off.rules.len(), 2);
}

#[test]
fn the_plan_rule_passes_naming_the_plan_fails_without_one_and_waits_for_the_plans() {
    use crate::coverage::{Cover, Coverage};
    use crate::domain::CoveredBy;
    let config = PostureConfig {
        require_plan: true,
        ..PostureConfig::default()
    };
    let (t, p) = (table(true), pitr(35));
    let plan_verdict = |plans: Option<Result<&Coverage, &str>>| {
        let f = Facts {
            plans,
            ..facts(&t, &p, None)
        };
        let got = assess(&config, &f, now());
        let r = got
            .rules
            .iter()
            .find(|r| r.rule == Rule::RequirePlan)
            .cloned()
            .unwrap();
        (r.verdict, r.why)
    };
    let covered = Coverage::Covered(vec![Cover {
        plan_id: "p".into(),
        plan_name: "prod-daily".into(),
        selection: "s".into(),
        how: CoveredBy::Arn,
        rules: vec!["daily".into()],
    }]);
    assert_eq!(
        plan_verdict(Some(Ok(&covered))),
        (Verdict::Pass, "in plan prod-daily".into())
    );
    assert_eq!(
        plan_verdict(Some(Ok(&Coverage::None))),
        (Verdict::Fail, "no AWS Backup plan selects it".into())
    );
    let (v, why) = plan_verdict(Some(Ok(&Coverage::Unknown("tags not read".into()))));
    assert_eq!(v, Verdict::NotChecked);
    assert!(why.contains("tags not read"));
    let (v, why) = plan_verdict(Some(Err("AccessDenied")));
    assert_eq!(v, Verdict::NotChecked);
    assert!(why.contains("AccessDenied"));
    assert_eq!(plan_verdict(None).0, Verdict::NotChecked);
}

#[test]
fn a_table_that_did_not_load_is_not_judged() {
    let f = Facts {
        name: "orders",
        table: None,
        pitr: None,
        error: Some("access denied"),
        newest: None,
        copies_known: true,
        plans: None,
        drills: None,
        tags: None,
        copies: None,
    };
    let got = assess(&PostureConfig::default(), &f, now());
    assert_eq!(got.summary(), Summary::Unknown);
    assert!(got.rules[0].why.contains("access denied"));
}

#[test]
fn excluded_tables_have_no_rules() {
    let config = PostureConfig {
        exclude: vec![NamePattern("ord*".into())],
        ..PostureConfig::default()
    };
    let (t, p) = (table(false), PitrStatus::disabled());
    let got = assess(&config, &facts(&t, &p, None), now());
    assert_eq!(got.excluded.as_deref(), Some("ord*"));
    assert!(got.rules.is_empty());
    assert_eq!(got.summary(), Summary::Excluded);
}

#[test]
fn a_tag_in_exclude_tags_leaves_the_table_out_and_says_which() {
    use crate::config::TagPattern;
    let config = PostureConfig {
        exclude_tags: vec![TagPattern::try_from("env=dev".to_owned()).unwrap()],
        ..PostureConfig::default()
    };
    let (t, p) = (table(false), PitrStatus::disabled());
    let dev: std::collections::BTreeMap<String, String> =
        [("env".to_owned(), "dev".to_owned())].into();
    let prod: std::collections::BTreeMap<String, String> =
        [("env".to_owned(), "prod".to_owned())].into();
    let mut f = facts(&t, &p, None);
    f.tags = Some(&dev);
    let got = assess(&config, &f, now());
    assert_eq!(got.summary(), Summary::Excluded);
    assert_eq!(got.excluded.as_deref(), Some("env=dev"));
    assert_eq!(got.excluded_key, Some("exclude_tags"));
    f.tags = Some(&prod);
    assert!(matches!(
        assess(&config, &f, now()).summary(),
        Summary::Fail(..)
    ));
    // Tags not read: no tag can leave it out.
    f.tags = None;
    assert!(matches!(
        assess(&config, &f, now()).summary(),
        Summary::Fail(..)
    ));
}

#[test]
fn the_copy_rule_reads_the_dr_vaults_copies() {
    use crate::config::Region;
    use crate::posture::DrCopies;
    let config = PostureConfig {
        require_pitr: false,
        require_deletion_protection: false,
        require_copy_region: Some(Region("us-west-2".to_owned())),
        ..PostureConfig::default()
    };
    let (t, p) = (table(true), pitr(35));
    let mut f = facts(&t, &p, None);
    let rule = |f: &Facts<'_>| assess(&config, f, now()).rules[0].clone();
    assert_eq!(rule(&f).verdict, Verdict::NotChecked);
    assert!(rule(&f).why.contains("still loading"), "{}", rule(&f).why);
    f.copies = Some(Err(
        "no DR vault: set [copies] vault_arn to a vault in us-west-2",
    ));
    assert_eq!(rule(&f).verdict, Verdict::NotChecked);
    assert!(rule(&f).why.contains("[copies] vault_arn"));
    let mut copies = DrCopies {
        vault: "dr in us-west-2".to_owned(),
        newest: Default::default(),
    };
    copies.newest.insert(
        "arn:aws:dynamodb:us-east-1:1:table/other".to_owned(),
        now() - Duration::hours(2),
    );
    f.copies = Some(Ok(&copies));
    assert_eq!(rule(&f).verdict, Verdict::Fail);
    assert_eq!(
        rule(&f).why,
        "no completed recovery point of it in dr in us-west-2"
    );
    let mut with = copies.clone();
    with.newest
        .insert(t.arn.clone(), now() - Duration::hours(3));
    f.copies = Some(Ok(&with));
    assert_eq!(rule(&f).verdict, Verdict::Pass);
    assert!(
        rule(&f).why.contains("copy in dr in us-west-2, newest 3h"),
        "{}",
        rule(&f).why
    );
}
