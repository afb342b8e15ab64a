//! The Plans view, the Plan column's cell and a recovery point's "made
//! by", driven through the reducer over the seeded sandbox.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use super::plans::{self, LastJob, Tone};
use super::*;
use crate::backend::Backend;
use crate::config::Keymap;
use crate::domain::{Job, JobKind, JobStatus};
use crate::sandbox::{ManualClock, Sandbox, SandboxOptions};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap()
}

fn press(s: &mut State, c: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::from(c)))
}

/// The seeded sandbox loaded as the engine would deliver it, the plans
/// read when the load finished (as the engine does on `LoadPlans`).
async fn seeded(size: (u16, u16)) -> (State, Vec<Command>) {
    let sb = Arc::new(
        Sandbox::open(SandboxOptions {
            clock: Arc::new(ManualClock::new(now())),
            ..SandboxOptions::default()
        })
        .unwrap(),
    );
    let mut s = State::new(sb.info(), false, Keymap::default(), now());
    update(
        &mut s,
        Event::Resize {
            width: size.0,
            height: size.1,
        },
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    crate::inventory::load(
        sb.clone(),
        crate::inventory::LoadOptions {
            vault: Some(crate::sandbox::seed::VAULT.into()),
            concurrency: 1,
        },
        tx,
    )
    .await;
    let mut sent = Vec::new();
    while let Ok(ev) = rx.try_recv() {
        sent.extend(update(&mut s, Event::Inventory(ev)));
    }
    for cmd in &sent {
        if let Command::LoadPlans { tables } = cmd {
            let read = crate::coverage::load(sb.as_ref(), tables, now()).await;
            update(&mut s, Event::PlansLoaded(read.map_err(|e| e.to_string())));
        }
    }
    (s, sent)
}

fn text(s: &State) -> Vec<String> {
    plans::lines(s).iter().map(|l| l.text()).collect()
}

#[tokio::test]
async fn a_finished_inventory_load_asks_for_the_plans_of_the_described_tables() {
    let (s, sent) = seeded((160, 45)).await;
    let asked: Vec<_> = sent
        .iter()
        .filter_map(|c| match c {
            Command::LoadPlans { tables } => Some(tables),
            _ => None,
        })
        .collect();
    assert_eq!(asked.len(), 1, "{sent:?}");
    let orders = asked[0].iter().find(|(n, _)| n == "orders").unwrap();
    assert!(orders.1.ends_with(":table/orders"), "{orders:?}");
    assert_eq!(asked[0].len(), s.inventory.tables.total());
}

#[tokio::test]
async fn the_plans_key_opens_the_view_it_scrolls_and_cancel_closes_it() {
    let (mut s, _) = seeded((90, 25)).await;
    press(&mut s, KeyCode::Char('P'));
    assert!(s.view.plans.is_some());
    let total = text(&s).len();
    let shown = plans::list_height(s.view.size);
    assert!(
        total > shown,
        "{total} lines fit in {shown}: nothing to scroll"
    );
    // A key meant for the panes does not move them under the view.
    let selected = s.inventory.tables.selected_pos();
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.inventory.tables.selected_pos(), selected);
    let top = |s: &State| s.view.plans.unwrap().scroll.hidden(total, shown).0;
    assert_eq!(top(&s), 1);
    press(&mut s, KeyCode::End);
    assert_eq!(top(&s), total - shown);
    press(&mut s, KeyCode::PageUp);
    assert_eq!(top(&s), (total - shown).saturating_sub(shown));
    press(&mut s, KeyCode::Esc);
    assert!(s.view.plans.is_none());
    press(&mut s, KeyCode::Char('P'));
    press(&mut s, KeyCode::Char('P'));
    assert!(s.view.plans.is_none(), "the plans key closes the view too");
}

#[tokio::test]
async fn the_seeded_plans_show_each_rule_in_words_its_next_run_and_its_last_job() {
    let (s, _) = seeded((160, 45)).await;
    let lines = text(&s);
    let all = lines.join("\n");
    // The daily rule runs at the hour of last night's jobs: 20 hours ago.
    assert!(
        all.contains("rule daily  cron(0 7 * * ? *) · daily at 07:00 UTC"),
        "{all}"
    );
    assert!(
        all.contains("next run   in 4h 00m · 2026-11-22 07:00 UTC"),
        "{all}"
    );
    assert!(
        all.contains("windows    starts within 1h · completes within 3h"),
        "{all}"
    );
    assert!(
        all.contains(
            "copy       → sandbox-backup-vault-dr in us-west-2 · warm, deleted after 35 d"
        ),
        "{all}"
    );
    assert!(all.contains("cold after 8 d, deleted after 365 d"), "{all}");
    // Last night's run: the newest job of a covered table in its window.
    let daily_last = lines
        .iter()
        .find(|l| l.contains("last job") && l.contains("2026-11-21 08:00 UTC"))
        .unwrap_or_else(|| panic!("{all}"));
    // customers and feature-flags got jobs; four of the six tables none.
    assert!(
        daily_last.contains("✘ EXPIRED · feature-flags")
            && daily_last.contains("jobs for 2 of 6 tables"),
        "{daily_last}"
    );
    // The monthly rule ran on the 1st; no job followed in its window.
    assert!(
        all.contains("no job since the run at 2026-11-01 05:00 UTC"),
        "{all}"
    );
    // Selections resolved to tables.
    assert!(all.contains("by tag     team = parks"), "{all}");
    assert!(all.contains("ParksAr (team = parks)"), "{all}");
    assert!(all.contains("by ARN     6 ARNs"), "{all}");
    assert_eq!(
        lines.last().map(String::as_str),
        Some("Tables in no plan: NameCacheAr, legacy_reports, sessions")
    );
    let last = plans::lines(&s).pop().unwrap();
    assert!(last.0.iter().all(|(_, t)| *t == Tone::Bad));
}

#[tokio::test]
async fn the_plan_cell_names_the_plan_says_no_plan_and_never_guesses() {
    let (mut s, _) = seeded((160, 45)).await;
    assert_eq!(
        plans::cell(&s, "orders"),
        ("prod-daily-monthly".to_owned(), Tone::Plain)
    );
    assert_eq!(
        plans::cell(&s, "sessions"),
        ("no plan".to_owned(), Tone::Bad)
    );
    assert_eq!(
        plans::cell(&s, "ParksAr"),
        ("parks-weekly".to_owned(), Tone::Plain)
    );
    // A failed read (AccessDenied on ListBackupPlans) is "plan ?", never
    // "no plan", and the view says why.
    update(
        &mut s,
        Event::PlansLoaded(Err("AccessDenied: not authorized".into())),
    );
    assert_eq!(
        plans::cell(&s, "sessions"),
        ("plan ?".to_owned(), Tone::Warn)
    );
    let all = text(&s).join("\n");
    assert!(
        all.contains("Cannot read the backup plans: AccessDenied"),
        "{all}"
    );
    assert!(!all.contains("no plan:"), "{all}");
    // Before the first read: "plan ?", dim.
    let (fresh, _) = {
        let mut f = s.clone();
        f.inventory.plans = None;
        f.inventory.plans_error = None;
        (f, ())
    };
    assert_eq!(
        plans::cell(&fresh, "orders"),
        ("plan ?".to_owned(), Tone::Dim)
    );
}

#[tokio::test]
async fn a_recovery_point_names_its_plan_and_rule_in_the_pane_and_its_details() {
    let (mut s, _) = seeded((160, 45)).await;
    for _ in 0..6 {
        press(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(s.inventory.tables.selected_name(), Some("orders"));
    let point = s.inventory.recovery.points_of("orders")[0].clone();
    assert_eq!(plans::made_by(&s, &point), "prod-daily-monthly / monthly");
    let mut on_demand = point.clone();
    on_demand.made_by = None;
    assert_eq!(plans::made_by(&s, &on_demand), "on demand");
    // The details of the Recovery pane's row under the cursor.
    press(&mut s, KeyCode::Tab);
    let backups = s.inventory.recovery.backups_of("orders").len();
    for _ in 0..backups {
        press(&mut s, KeyCode::Char('j'));
    }
    press(&mut s, KeyCode::Char('d'));
    let Some(Modal::Details(d)) = &s.view.modal else {
        panic!("{:?}", s.view.modal);
    };
    assert!(d.title.contains("Recovery point"), "{}", d.title);
    assert!(
        d.lines
            .iter()
            .any(|l| l == "Made by: prod-daily-monthly / monthly"),
        "{:?}",
        d.lines
    );
}

fn job(table: &str, at: chrono::DateTime<Utc>, status: JobStatus) -> Job {
    Job {
        id: format!("job-{table}-{}", at.timestamp()),
        kind: JobKind::Backup,
        status,
        percent_done: None,
        resource_arn: Some(format!("arn:aws:dynamodb:r:1:table/{table}")),
        recovery_point_arn: None,
        created_resource_arn: None,
        created_at: at,
        completed_at: None,
        status_message: None,
        copy: None,
    }
}

#[test]
fn the_last_job_is_the_newest_of_a_covered_table_inside_the_start_window() {
    let rules = crate::domain::template_rules("v", None);
    let daily = &rules[0]; // 05:00, a 60-minute start window
    let plan = plan_of(vec![daily.clone()]);
    let run = Utc
        .with_ymd_and_hms(2026, 11, 22, 5, 0, 0)
        .single()
        .unwrap();
    let now = run + Duration::hours(3);
    let jobs = vec![
        job("a", run + Duration::minutes(5), JobStatus::Completed),
        job("b", run + Duration::minutes(20), JobStatus::Failed),
        // Outside the window, of a table not covered, before the run.
        job("a", run + Duration::minutes(61), JobStatus::Completed),
        job("other", run + Duration::minutes(30), JobStatus::Completed),
        job("a", run - Duration::minutes(10), JobStatus::Completed),
    ];
    match plans::last_job(&jobs, &["a", "b", "c"], &plan, daily, now) {
        LastJob::Found {
            job,
            table,
            of,
            run_at,
            without,
        } => {
            assert_eq!((table, of, run_at, without), ("b", 2, run, 1));
            assert_eq!(job.status, JobStatus::Failed);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        plans::last_job(&jobs, &["c"], &plan, daily, now),
        LastJob::NoneSince { run_at: run }
    );
}

#[test]
fn a_job_of_a_later_rule_run_is_not_counted_for_an_earlier_rule() {
    // Monthly at 05:00 on the 1st (3 h window), daily at 06:00: the daily
    // run's jobs fall inside the monthly window but are the daily run's.
    let mut rules = crate::domain::template_rules("v", None);
    rules[0].schedule = "cron(0 6 * * ? *)".into();
    let (daily, monthly) = (rules[0].clone(), rules[2].clone());
    let plan = plan_of(vec![daily.clone(), monthly.clone()]);
    let first = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).single().unwrap();
    let now = first + Duration::hours(5);
    let jobs = vec![job(
        "a",
        first + Duration::hours(1) + Duration::minutes(2),
        JobStatus::Completed,
    )];
    assert!(matches!(
        plans::last_job(&jobs, &["a"], &plan, &daily, now),
        LastJob::Found { table: "a", .. }
    ));
    assert_eq!(
        plans::last_job(&jobs, &["a"], &plan, &monthly, now),
        LastJob::NoneSince { run_at: first }
    );
    // A job before the daily run is the monthly run's.
    let early = vec![job(
        "a",
        first + Duration::minutes(10),
        JobStatus::Completed,
    )];
    assert!(matches!(
        plans::last_job(&early, &["a"], &plan, &monthly, now),
        LastJob::Found { table: "a", .. }
    ));
}

fn plan_of(rules: Vec<crate::domain::PlanRule>) -> crate::domain::BackupPlan {
    crate::domain::BackupPlan {
        id: "p".into(),
        arn: "arn:p".into(),
        name: "p".into(),
        version_id: "v1".into(),
        rules,
        selections: Vec::new(),
        selections_unread: None,
        created_at: None,
    }
}
