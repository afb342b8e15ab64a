use chrono::Utc;

use super::*;
use crate::backend::Backend;
use crate::domain::{LifecycleDays, PlanRule, Selection, TagCondition};
use crate::sandbox::seed_plans::{DAILY_PLAN_ID, MONTHLY_RULE_ID};
use crate::sandbox::{Sandbox, SandboxOptions};

async fn seeded() -> (Sandbox, Vec<(String, String)>) {
    let sb = Sandbox::open(SandboxOptions::default()).unwrap();
    let mut tables = Vec::new();
    for name in sb.list_tables().await.unwrap() {
        let t = sb.describe_table(&name).await.unwrap();
        tables.push((name, t.arn));
    }
    (sb, tables)
}

#[tokio::test]
async fn the_seeded_account_has_tables_by_arn_by_tag_and_in_no_plan() {
    let (sb, tables) = seeded().await;
    let snap = load(&sb, &tables, Utc::now()).await.unwrap();
    let of = |t: &str| snap.coverage.get(t).cloned().unwrap();
    match of("orders") {
        Coverage::Covered(c) => {
            assert_eq!(c[0].plan_name, "prod-daily-monthly");
            assert_eq!(c[0].how, CoveredBy::Arn);
            assert_eq!(c[0].rules, vec!["daily", "monthly"]);
        }
        other => panic!("orders: {other:?}"),
    }
    match of("ParksAr") {
        Coverage::Covered(c) => assert_eq!(c[0].how, CoveredBy::Tag("team = parks".into())),
        other => panic!("ParksAr: {other:?}"),
    }
    for t in ["sessions", "NameCacheAr", "legacy_reports"] {
        assert_eq!(of(t), Coverage::None, "{t}");
        assert_eq!(of(t).short(), "no plan");
    }
    let rp = sb
        .list_recovery_points(
            crate::sandbox::seed::VAULT,
            Some(&tables.iter().find(|t| t.0 == "orders").unwrap().1),
        )
        .await
        .unwrap();
    let by = rp[0].made_by.clone().unwrap();
    assert_eq!(
        (by.plan_id.as_str(), by.rule_id.as_str()),
        (DAILY_PLAN_ID, MONTHLY_RULE_ID)
    );
    assert_eq!(
        snap.made_by(&by).as_deref(),
        Some("prod-daily-monthly / monthly")
    );
    assert_eq!(snap.rules_of("orders").len(), 2);
    assert_eq!(snap.tables_of(DAILY_PLAN_ID).len(), 6);
}

#[test]
fn unread_selections_or_tags_make_coverage_unknown_never_none() {
    let plan = BackupPlan {
        id: "p".into(),
        arn: "arn:p".into(),
        name: "p".into(),
        version_id: "v".into(),
        rules: Vec::new(),
        selections: vec![Selection {
            any_tags: vec![TagCondition::equals("backup", "yes")],
            ..Selection::default()
        }],
        selections_unread: None,
        created_at: None,
    };
    let arn = "arn:aws:dynamodb:r:1:table/t";
    assert!(matches!(
        resolve(std::slice::from_ref(&plan), arn, None),
        Coverage::Unknown(_)
    ));
    let tags: BTreeMap<String, String> = [("backup".to_owned(), "yes".to_owned())].into();
    assert!(resolve(std::slice::from_ref(&plan), arn, Some(&tags)).is_covered());
    let unread = BackupPlan {
        selections: Vec::new(),
        selections_unread: Some("AccessDenied".into()),
        ..plan
    };
    assert!(
        matches!(resolve(&[unread], arn, Some(&tags)), Coverage::Unknown(w) if w.contains("AccessDenied"))
    );
    assert_eq!(resolve(&[], arn, Some(&tags)), Coverage::None);
}

#[tokio::test]
async fn the_sandbox_refuses_what_aws_refuses_and_keeps_what_it_accepts() {
    let (sb, tables) = seeded().await;
    let vault = crate::sandbox::seed::VAULT;
    let mut rules = crate::domain::template_rules(vault, None);
    // Cold after 30 days, deleted after 100: fewer than 90 days in cold.
    rules[2].lifecycle = LifecycleDays {
        cold_after_days: Some(30),
        delete_after_days: Some(100),
    };
    let e = sb
        .create_backup_plan("new-plan", &rules)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("90 days"), "{e}");
    let mut bad_cron = crate::domain::template_rules(vault, None);
    bad_cron[0].schedule = "cron(0 5 * * * *)".into();
    let e = sb
        .create_backup_plan("new-plan", &bad_cron)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("`?`"), "{e}");
    let mut other_vault = crate::domain::template_rules("no-such-vault", None);
    other_vault.truncate(1);
    assert!(
        sb.create_backup_plan("new-plan", &other_vault)
            .await
            .is_err()
    );
    assert!(
        sb.create_backup_plan(
            "prod-daily-monthly",
            &crate::domain::template_rules(vault, None)
        )
        .await
        .is_err()
    );

    let plan = sb
        .create_backup_plan("new-plan", &crate::domain::template_rules(vault, None))
        .await
        .unwrap();
    assert!(plan.rules.iter().all(|r: &PlanRule| r.id.is_some()));
    let sessions = tables.iter().find(|t| t.0 == "sessions").unwrap().1.clone();
    let no_role = Selection {
        name: "s".into(),
        role_arn: "arn:aws:iam::111122223333:role/Nobody".into(),
        resources: vec![sessions.clone()],
        ..Selection::default()
    };
    assert!(
        sb.create_backup_selection(&plan.id, &no_role)
            .await
            .is_err()
    );
    let ok = Selection {
        role_arn: crate::sandbox::seed::role_arn(),
        ..no_role
    };
    let id = sb.create_backup_selection(&plan.id, &ok).await.unwrap();
    let snap = load(&sb, &tables, Utc::now()).await.unwrap();
    assert!(snap.coverage["sessions"].is_covered());
    sb.delete_backup_selection(&plan.id, &id).await.unwrap();
    assert!(sb.delete_backup_selection(&plan.id, &id).await.is_err());
    let snap = load(&sb, &tables, Utc::now()).await.unwrap();
    assert_eq!(snap.coverage["sessions"], Coverage::None);
}

mod due {
    use super::*;
    use crate::domain::{Job, JobKind, JobStatus};
    use chrono::{Duration, TimeZone};

    fn job(arn: &str, at: DateTime<Utc>) -> Job {
        Job {
            id: format!("j-{}", at.timestamp()),
            kind: JobKind::Backup,
            status: JobStatus::Completed,
            percent_done: Some(100.0),
            resource_arn: Some(arn.to_owned()),
            recovery_point_arn: None,
            created_resource_arn: None,
            created_at: at,
            completed_at: Some(at + Duration::minutes(5)),
            status_message: None,
            copy: None,
        }
    }

    fn snapshot() -> (PlansSnapshot, TableArns) {
        let arn = |t: &str| format!("arn:aws:dynamodb:r:1:table/{t}");
        let rules = vec![crate::domain::template_rules("v", None).remove(0)]; // daily 05:00, 60 min
        let plan = BackupPlan {
            id: "p".into(),
            arn: "arn:p".into(),
            name: "plan".into(),
            version_id: "v".into(),
            rules,
            selections: vec![Selection {
                name: "s".into(),
                resources: vec![arn("a"), arn("b")],
                ..Selection::default()
            }],
            selections_unread: None,
            created_at: None,
        };
        let tables: TableArns = ["a", "b", "c"]
            .iter()
            .map(|t| ((*t).to_owned(), (arn(t), None)))
            .collect();
        let named: Vec<(String, String)> = tables
            .iter()
            .map(|(n, (a, _))| (n.clone(), a.clone()))
            .collect();
        let coverage = named
            .iter()
            .map(|(n, a)| {
                (
                    n.clone(),
                    resolve(std::slice::from_ref(&plan), a, Some(&BTreeMap::new())),
                )
            })
            .collect();
        (
            PlansSnapshot {
                plans: vec![plan],
                coverage,
                read_at: None,
            },
            tables,
        )
    }

    #[test]
    fn a_run_is_due_once_its_start_window_closes_and_each_covered_table_needs_a_job() {
        let (snap, mut tables) = snapshot();
        let run = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
        let since = run - Duration::hours(2);
        let arn_a = tables["a"].0.clone();
        let jobs = vec![job(&arn_a, run + Duration::minutes(3))];
        // Inside the start window: not due yet.
        let early = missed_runs(&snap, &jobs, &tables, since, run + Duration::minutes(30));
        assert!(early.missed.is_empty());
        // After it: `b` has no job; `c` is in no plan and owes none.
        let late = missed_runs(&snap, &jobs, &tables, since, run + Duration::hours(2));
        assert_eq!(late.missed.len(), 1);
        assert_eq!(late.missed[0].tables, vec!["b"]);
        assert_eq!(late.missed[0].at, run);
        assert_eq!(
            late.missed[0].to_string(),
            "plan/daily at 2026-12-01 05:00 UTC: no job for b"
        );
        // A job after the window does not count for that run.
        let arn_b = tables["b"].0.clone();
        let too_late = vec![jobs[0].clone(), job(&arn_b, run + Duration::minutes(61))];
        assert_eq!(
            missed_runs(&snap, &too_late, &tables, since, run + Duration::hours(2))
                .missed
                .len(),
            1
        );
        let in_time = vec![jobs[0].clone(), job(&arn_b, run + Duration::minutes(59))];
        assert!(
            missed_runs(&snap, &in_time, &tables, since, run + Duration::hours(2))
                .missed
                .is_empty()
        );
        // A table created after the run owes it nothing.
        tables.get_mut("b").unwrap().1 = Some(run + Duration::minutes(10));
        assert!(
            missed_runs(&snap, &jobs, &tables, since, run + Duration::hours(2))
                .missed
                .is_empty()
        );
    }

    #[test]
    fn a_schedule_not_read_is_listed_as_not_checked() {
        let (mut snap, tables) = snapshot();
        snap.plans[0].rules[0].schedule = "rate(12 hours)".into();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        let check = missed_runs(&snap, &[], &tables, now - Duration::days(1), now);
        assert!(check.missed.is_empty());
        assert_eq!(check.unchecked.len(), 1);
        assert!(
            check.unchecked[0].contains("rate(12 hours)"),
            "{:?}",
            check.unchecked
        );
    }

    #[test]
    fn a_later_rules_run_claims_its_jobs_from_an_earlier_rules_open_window() {
        let (mut snap, tables) = snapshot();
        // Monthly at 05:00 on the 1st with a 3 h window, daily at 06:00.
        let mut rules = crate::domain::template_rules("v", None);
        rules[0].schedule = "cron(0 6 * * ? *)".into();
        snap.plans[0].rules = vec![rules[0].clone(), rules[2].clone()];
        let first = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
        let arn = |t: &str| tables[t].0.clone();
        let jobs = vec![
            job(&arn("a"), first + Duration::hours(1) + Duration::minutes(1)),
            job(&arn("b"), first + Duration::hours(1) + Duration::minutes(2)),
        ];
        let check = missed_runs(
            &snap,
            &jobs,
            &tables,
            first - Duration::minutes(1),
            first + Duration::hours(9),
        );
        // The daily run has its jobs; the monthly run has none of its own.
        assert_eq!(check.missed.len(), 1, "{:?}", check.missed);
        assert_eq!(check.missed[0].rule, "monthly");
        assert_eq!(check.missed[0].tables, vec!["a", "b"]);
    }
}
