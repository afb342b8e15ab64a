//! The plan dialog, driven with events as the app loop would: the chooser
//! opened by the key, each field's refusal shown where it was typed, and
//! the plan it ends on, started by Enter unless the console is read-only.

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use super::plan_wizard::{PlanChoices, PlanPage};
use super::*;
use crate::backend::{Backend, BackendInfo, BackendKind};
use crate::config::Keymap;
use crate::domain::{BillingMode, PitrStatus, Table, TableName, TableStatus};
use crate::inventory::InventoryEvent;
use crate::sandbox::seed;
use crate::workflow::Operation;

const ORDERS_ARN: &str = "arn:aws:dynamodb:ca-central-1:111122223333:table/orders";
const SESSIONS_ARN: &str = "arn:aws:dynamodb:ca-central-1:111122223333:table/sessions";

pub(crate) fn state_with(names: &[&str]) -> State {
    let info = BackendInfo {
        kind: BackendKind::Sandbox,
        region: "ca-central-1".into(),
        endpoint: None,
        profile: None,
    };
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap();
    let mut s = State::new(info, false, Keymap::default(), now);
    update(
        &mut s,
        Event::Resize {
            width: 90,
            height: 25,
        },
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(
            names.iter().map(|n| n.to_string()).collect(),
        )),
    );
    for n in names {
        let table = Table {
            name: (*n).into(),
            arn: format!("arn:aws:dynamodb:ca-central-1:111122223333:table/{n}"),
            status: TableStatus::Active,
            item_count: 10,
            size_bytes: 100,
            billing: BillingMode::PayPerRequest,
            deletion_protection: true,
            global_secondary_indexes: vec![],
            created_at: None,
        };
        update(
            &mut s,
            Event::Inventory(InventoryEvent::TableLoaded {
                name: n.to_string(),
                table,
                pitr: PitrStatus::disabled(),
            }),
        );
    }
    update(&mut s, Event::Inventory(InventoryEvent::Finished));
    let pass = crate::checks::CheckResult {
        name: "account",
        passed: true,
        detail: "ok".into(),
        fix: None,
    };
    update(&mut s, Event::Checks(vec![pass]));
    s
}

pub(crate) fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::from(code)))
}

pub(crate) fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// The seeded sandbox's plans, as the engine would read them for `table`.
pub(crate) async fn choices(table: &str, arn: &str) -> PlanChoices {
    let sb = crate::workflow::tests::harness::sandbox();
    PlanChoices {
        table: TableName::parse(table).unwrap(),
        table_arn: arn.to_owned(),
        plans: Ok(sb.list_backup_plans().await.unwrap()),
        tags: Some(sb.table_tags(arn).await.unwrap()),
        vault: Some(seed::VAULT.to_owned()),
        role: Some(seed::role_arn()),
        region: seed::REGION.to_owned(),
    }
}

fn page(s: &State) -> &PlanPage {
    match &s.view.modal {
        Some(Modal::PlanWizard(w)) => &w.page,
        other => panic!("not the plan dialog: {other:?}"),
    }
}

/// The error shown under the page's field (or list).
fn error(s: &State) -> String {
    match page(s) {
        PlanPage::Choose { error, .. }
        | PlanPage::Name { error, .. }
        | PlanPage::Rules { error, .. }
        | PlanPage::Copy { error, .. }
        | PlanPage::Tables { error, .. } => error.clone().unwrap_or_default(),
        PlanPage::EditRule(e) => e
            .errors
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

pub(crate) fn open(s: &mut State, ctx: PlanChoices) {
    update(s, Event::PlanChoices(Box::new(ctx)));
}

/// From the chooser's first row to the rules page of plan `name`.
fn to_rules(s: &mut State, name: &str) {
    press(s, KeyCode::Enter);
    typed(s, name);
    press(s, KeyCode::Enter);
    assert!(matches!(page(s), PlanPage::Rules { .. }), "{}", error(s));
}

#[test]
fn the_key_asks_the_engine_for_the_selected_tables_plans() {
    let mut s = state_with(&["orders"]);
    let cmds = press(&mut s, KeyCode::Char('A'));
    assert_eq!(
        cmds,
        [Command::LoadPlanChoices {
            table: TableName::parse("orders").unwrap(),
            table_arn: ORDERS_ARN.into(),
        }]
    );
}

#[tokio::test]
async fn the_chooser_offers_create_add_and_remove_by_what_covers_the_table() {
    let mut s = state_with(&["orders"]);
    let ctx = choices("orders", ORDERS_ARN).await;
    let labels: Vec<String> = plan_wizard::choice_rows(&ctx)
        .iter()
        .map(|r| r.label(&ctx))
        .collect();
    assert_eq!(
        labels,
        [
            "Create a plan from the template (daily, weekly, monthly)",
            "Add orders to plan parks-weekly",
            "Remove orders from plan prod-daily-monthly (selection prod-tables)",
        ]
    );
    open(&mut s, ctx);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    let Some(Modal::Wizard(Wizard::Plan { plan, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    let Operation::RemoveFromPlan { replacement, .. } = &plan.operation else {
        panic!("{:?}", plan.operation)
    };
    assert_eq!(replacement.as_ref().unwrap().resources.len(), 5);
    assert_eq!(plan.steps.len(), 2);
    assert!(
        plan.warnings().iter().any(|l| l
            == "prod-tables-v2 (without orders) is created first, then prod-tables deleted, so the others stay covered."),
        "{:?}",
        plan.warnings()
    );
}

#[tokio::test]
async fn a_table_covered_by_tag_says_to_change_the_tag() {
    let arn = "arn:aws:dynamodb:ca-central-1:111122223333:table/ParkVisits";
    let mut ctx = choices("sessions", SESSIONS_ARN).await;
    ctx.table = TableName::parse("ParkVisits").unwrap();
    ctx.table_arn = arn.into();
    ctx.tags = Some([("team".to_owned(), "parks".to_owned())].into());
    let rows = plan_wizard::choice_rows(&ctx);
    let by_tag = rows
        .iter()
        .position(|r| matches!(r, plan_wizard::ChoiceRow::ByTag { .. }))
        .unwrap();
    let mut s = state_with(&["sessions"]);
    open(&mut s, ctx);
    for _ in 0..by_tag {
        press(&mut s, KeyCode::Down);
    }
    press(&mut s, KeyCode::Enter);
    assert!(
        error(&s).contains("by its tag (team = parks)"),
        "{}",
        error(&s)
    );
    assert!(error(&s).contains("change the table's tag"));
}

#[tokio::test]
async fn adding_without_a_configured_role_is_refused_with_the_reason() {
    let mut s = state_with(&["sessions"]);
    let mut ctx = choices("sessions", SESSIONS_ARN).await;
    ctx.role = None;
    open(&mut s, ctx);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    assert!(
        error(&s).contains("no IAM role is configured"),
        "{}",
        error(&s)
    );
    assert!(error(&s).contains("backup_role_arn"));
}

#[tokio::test]
async fn a_bad_or_taken_plan_name_is_refused_under_the_field() {
    let mut s = state_with(&["sessions"]);
    open(&mut s, choices("sessions", SESSIONS_ARN).await);
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "my plan!");
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        error(&s),
        "a plan name is 1–50 letters, digits, -, _ or . (got 'my plan!')"
    );
    let PlanPage::Name { input, .. } = page(&s) else {
        panic!()
    };
    assert_eq!(input.value(), "my plan!");
    for _ in 0.."my plan!".len() {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "prod-daily-monthly");
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        error(&s),
        "a plan named prod-daily-monthly exists: choose another name"
    );
}

#[tokio::test]
async fn a_schedule_with_both_day_fields_is_refused_under_it() {
    let mut s = state_with(&["sessions"]);
    open(&mut s, choices("sessions", SESSIONS_ARN).await);
    to_rules(&mut s, "sessions-dr");
    press(&mut s, KeyCode::Char('e'));
    for _ in 0.."cron(0 5 ? * * *)".len() {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "cron(0 5 1 * MON *)");
    press(&mut s, KeyCode::Enter);
    let PlanPage::EditRule(e) = page(&s) else {
        panic!("{:?}", page(&s))
    };
    assert!(
        e.errors[0]
            .as_deref()
            .unwrap()
            .contains("one of day-of-month and day-of-week must be `?`"),
        "{:?}",
        e.errors
    );
    assert_eq!(e.errors[1], None);
    assert_eq!(e.errors[2], None);
}

#[tokio::test]
async fn cold_after_30_days_and_deleted_after_100_is_refused_under_the_days() {
    let mut s = state_with(&["sessions"]);
    open(&mut s, choices("sessions", SESSIONS_ARN).await);
    to_rules(&mut s, "sessions-dr");
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Char('e'));
    // The monthly rule: cold after 30, deleted after 365.
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    for _ in 0..3 {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "100");
    press(&mut s, KeyCode::Enter);
    let PlanPage::EditRule(e) = page(&s) else {
        panic!("{:?}", page(&s))
    };
    assert_eq!(
        e.errors[2].as_deref(),
        Some(
            "a point moved to cold storage after 30 days must be kept at least 90 days there: delete after 120 days or more"
        )
    );
    // Corrected, the rule takes the days.
    press(&mut s, KeyCode::Backspace);
    press(&mut s, KeyCode::Backspace);
    press(&mut s, KeyCode::Backspace);
    typed(&mut s, "200");
    press(&mut s, KeyCode::Enter);
    let PlanPage::Rules { draft, .. } = page(&s) else {
        panic!("{:?}", page(&s))
    };
    assert_eq!(
        draft.rules[2].lifecycle.words(),
        "cold after 30 d, deleted after 200 d"
    );
}

#[tokio::test]
async fn a_copy_vault_in_the_consoles_own_region_is_refused() {
    let mut s = state_with(&["sessions"]);
    open(&mut s, choices("sessions", SESSIONS_ARN).await);
    to_rules(&mut s, "sessions-dr");
    press(&mut s, KeyCode::Enter);
    typed(
        &mut s,
        "arn:aws:backup:ca-central-1:111122223333:backup-vault:dr",
    );
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        error(&s),
        "that vault is in ca-central-1, this console's region: a copy for disaster recovery goes to a vault in another region"
    );
    let mut s2 = state_with(&["sessions"]);
    open(&mut s2, choices("sessions", SESSIONS_ARN).await);
    to_rules(&mut s2, "sessions-dr");
    press(&mut s2, KeyCode::Enter);
    typed(&mut s2, "not-an-arn");
    press(&mut s2, KeyCode::Enter);
    assert!(error(&s2).starts_with("not a backup vault ARN"));
}

#[tokio::test]
async fn a_new_plan_without_a_configured_role_is_refused_at_its_tables() {
    let mut s = state_with(&["sessions"]);
    let mut ctx = choices("sessions", SESSIONS_ARN).await;
    ctx.role = None;
    open(&mut s, ctx);
    to_rules(&mut s, "sessions-dr");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    assert!(matches!(page(&s), PlanPage::Tables { .. }));
    press(&mut s, KeyCode::Enter);
    assert!(
        error(&s).starts_with("no IAM role is configured"),
        "{}",
        error(&s)
    );
}

#[tokio::test]
async fn the_template_with_a_copy_and_a_tag_becomes_a_plan_that_enter_starts() {
    let mut s = state_with(&["sessions"]);
    open(&mut s, choices("sessions", SESSIONS_ARN).await);
    to_rules(&mut s, "sessions-dr");
    // The weekly rule left out.
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Char(' '));
    press(&mut s, KeyCode::Enter);
    typed(
        &mut s,
        "arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
    );
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "team=sessions");
    press(&mut s, KeyCode::Enter);
    let Some(Modal::Wizard(Wizard::Plan { plan, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    let Operation::CreatePlan {
        name,
        rules,
        selection,
        ..
    } = &plan.operation
    else {
        panic!("{:?}", plan.operation)
    };
    assert_eq!(name, "sessions-dr");
    let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["daily", "monthly"]);
    assert!(rules.iter().all(|r| r.copies.len() == 1));
    assert!(
        plan.warnings().contains(
            &"Rule monthly: on day 1 of every month at 05:00 UTC into sandbox-backup-vault, cold after 30 d, deleted after 365 d; copied to dr (us-west-2)".to_owned()
        ),
        "{:?}",
        plan.warnings()
    );
    let sel = selection.as_ref().unwrap();
    assert_eq!(sel.any_tags[0].words(), "team = sessions");
    assert_eq!(sel.role_arn, seed::role_arn());
    let cmds = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&cmds[..], [Command::StartRun { plan, .. }] if plan.steps.len() == 2),
        "{cmds:?} {:?}",
        s.view.flash
    );
}

#[tokio::test]
async fn a_read_only_console_shows_the_plan_and_refuses_to_run_it() {
    let mut s = state_with(&["sessions"]);
    s.header.read_only_flag = true;
    open(&mut s, choices("sessions", SESSIONS_ARN).await);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::Plan { .. }))
    ));
    let cmds = press(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(s.view.flash.as_deref().unwrap().starts_with("refused:"));
}
