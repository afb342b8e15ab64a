//! The reducer, driven with events as the app loop would.

use chrono::{Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::backend::{BackendError, BackendInfo, BackendKind};
use crate::checks::CheckResult;
use crate::config::Keymap;
use crate::domain::{BillingMode, PitrStatus, Table, TableName, TableStatus};
use crate::inventory::InventoryEvent;

fn state() -> State {
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
            width: 80,
            height: 24,
        },
    );
    s
}

fn table(name: &str) -> Table {
    Table {
        name: name.into(),
        arn: format!("arn:aws:dynamodb:ca-central-1:111122223333:table/{name}"),
        status: TableStatus::Active,
        item_count: 10,
        size_bytes: 100,
        billing: BillingMode::PayPerRequest,
        deletion_protection: true,
        global_secondary_indexes: vec![],
        created_at: None,
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::from(KeyCode::Char(c)))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::from(c))
}

fn loaded(names: &[&str]) -> State {
    let mut s = state();
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(
            names.iter().map(|n| n.to_string()).collect(),
        )),
    );
    for n in names {
        update(
            &mut s,
            Event::Inventory(InventoryEvent::TableLoaded {
                name: n.to_string(),
                table: table(n),
                pitr: PitrStatus::disabled(),
            }),
        );
    }
    update(&mut s, Event::Inventory(InventoryEvent::Finished));
    s
}

#[test]
fn inventory_events_fill_the_rows_in_name_order() {
    let s = loaded(&["orders", "Customers", "audit"]);
    assert!(!s.inventory.loading);
    assert_eq!(s.inventory.tables.loaded, 3);
    let names: Vec<_> = s
        .inventory
        .tables
        .visible_rows(0, 10)
        .map(|r| r.name.clone())
        .collect();
    assert_eq!(names, ["audit", "Customers", "orders"]);
    assert!(
        s.inventory
            .tables
            .visible_rows(0, 10)
            .all(|r| r.table.is_some())
    );
}

#[test]
fn one_tables_failure_is_shown_on_that_row() {
    let mut s = state();
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(vec!["a-1".into(), "b-2".into()])),
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableFailed {
            name: "b-2".into(),
            error: BackendError::not_found("table b-2"),
        }),
    );
    let rows: Vec<_> = s.inventory.tables.visible_rows(0, 10).cloned().collect();
    assert_eq!(rows[0].error, None);
    assert!(
        rows[1]
            .error
            .as_ref()
            .unwrap()
            .contains("b-2 was not found")
    );
}

#[test]
fn typing_a_filter_narrows_live_and_esc_clears_it() {
    let mut s = loaded(&["orders", "orders-archive", "payments"]);
    update(&mut s, key('/'));
    assert!(s.view.filter_input.is_some());
    for c in "ord".chars() {
        update(&mut s, key(c));
    }
    assert_eq!(s.inventory.tables.visible_len(), 2);
    // 'j' is text while filtering, not "move down".
    update(&mut s, key('j'));
    assert_eq!(s.inventory.tables.visible_len(), 0);
    update(&mut s, code(KeyCode::Backspace));
    update(&mut s, code(KeyCode::Enter));
    assert!(s.view.filter_input.is_none());
    assert_eq!(s.inventory.tables.filter(), "ord");
    assert_eq!(s.inventory.tables.visible_len(), 2);
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.inventory.tables.visible_len(), 3);
}

#[test]
fn moving_is_clamped_and_keeps_the_selection_in_view() {
    let names: Vec<String> = (0..100).map(|i| format!("t{i:03}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut s = loaded(&refs);
    update(&mut s, key('k'));
    assert_eq!(s.inventory.tables.selected_name(), Some("t000"));
    update(&mut s, key('G'));
    assert_eq!(s.inventory.tables.selected_name(), Some("t099"));
    let h = super::layout::list_heights(s.view.size, false).tables;
    assert_eq!(s.inventory.tables.offset(), 100 - h);
    update(&mut s, key('j'));
    assert_eq!(s.inventory.tables.selected_name(), Some("t099"));
    update(&mut s, key('g'));
    assert_eq!(
        (
            s.inventory.tables.selected_name(),
            s.inventory.tables.offset()
        ),
        (Some("t000"), 0)
    );
    update(&mut s, code(KeyCode::PageDown));
    assert_eq!(s.inventory.tables.selected_pos(), h);
}

#[test]
fn the_selection_survives_a_reload() {
    let mut s = loaded(&["a-1", "b-2", "c-3"]);
    update(&mut s, key('j'));
    update(&mut s, key('j'));
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(vec![
            "a-1".into(),
            "c-3".into(),
            "0-new".into(),
        ])),
    );
    assert_eq!(s.inventory.tables.selected_name(), Some("c-3"));
}

#[test]
fn help_opens_scrolls_and_closes_and_holds_the_keys() {
    let mut s = loaded(&["a-1", "b-2"]);
    update(&mut s, key('?'));
    assert!(matches!(s.view.modal, Some(Modal::Help { scroll: 0 })));
    update(&mut s, key('j'));
    assert!(matches!(s.view.modal, Some(Modal::Help { scroll: 1 })));
    assert_eq!(
        s.inventory.tables.selected_name(),
        Some("a-1"),
        "keys go to the modal first"
    );
    update(&mut s, key('q'));
    assert!(s.view.modal.is_none());
    assert!(!s.view.should_quit, "q closes help before it quits");
    update(&mut s, key('q'));
    assert!(s.view.should_quit);
}

#[test]
fn ctrl_c_quits() {
    let mut s = state();
    update(
        &mut s,
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(s.view.should_quit);
}

#[test]
fn refresh_reloads_everything() {
    let mut s = loaded(&["a-1"]);
    update(&mut s, Event::Checks(vec![]));
    let cmds = update(&mut s, key('r'));
    assert_eq!(
        cmds,
        vec![
            Command::LoadInventory,
            Command::LoadIdentity,
            Command::RunChecks
        ]
    );
    assert!(s.inventory.loading);
    assert_eq!(s.header.checks, ChecksState::Running);
}

#[test]
fn tab_cycles_the_panes_and_each_pane_has_its_cursor() {
    let mut s = loaded(&["a-1", "b-2"]);
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(s.view.focus, Pane::Recovery);
    update(&mut s, key('j'));
    assert_eq!(s.inventory.tables.selected_name(), Some("a-1"));
    update(&mut s, code(KeyCode::BackTab));
    update(&mut s, code(KeyCode::BackTab));
    assert_eq!(s.view.focus, Pane::Jobs);
}

#[test]
fn read_only_follows_the_flag_and_the_checks() {
    let mut s = state();
    assert!(
        s.header
            .read_only_reason()
            .unwrap()
            .contains("still running")
    );
    let pass = CheckResult {
        name: "account",
        passed: true,
        detail: "ok".into(),
        fix: None,
    };
    update(&mut s, Event::Checks(vec![pass.clone()]));
    assert_eq!(s.header.read_only_reason(), None);
    let fail = CheckResult {
        name: "vault",
        passed: false,
        detail: "vault x was not found".into(),
        fix: Some("create it".into()),
    };
    update(&mut s, Event::Checks(vec![pass, fail]));
    assert!(
        s.header
            .read_only_reason()
            .unwrap()
            .contains("vault x was not found")
    );
    s.header.read_only_flag = true;
    assert!(s.header.read_only_reason().unwrap().contains("--read-only"));
}

#[test]
fn the_newest_backup_of_each_table_is_known() {
    let mut s = loaded(&["orders"]);
    let at = s.now - Duration::hours(5);
    let backup = crate::domain::Backup {
        arn: "arn:b".into(),
        name: "orders-x".into(),
        table_name: "orders".into(),
        status: crate::domain::BackupStatus::Available,
        kind: crate::domain::BackupType::User,
        created_at: at,
        size_bytes: None,
    };
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Backups(Ok(vec![backup]))),
    );
    let newest = s.inventory.tables.selected().unwrap().newest.unwrap();
    assert_eq!(newest.at, at);
}

#[test]
fn pitr_alone_is_a_restorable_copy_and_is_newest() {
    let mut s = loaded(&["orders"]);
    let latest = s.now - Duration::minutes(5);
    let pitr = PitrStatus {
        enabled: true,
        recovery_period_days: Some(35),
        window: Some(crate::domain::PitrWindow {
            earliest: s.now - Duration::days(35),
            latest,
        }),
    };
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableLoaded {
            name: "orders".into(),
            table: table("orders"),
            pitr,
        }),
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Backups(Ok(vec![]))),
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::RecoveryPoints(Ok(vec![]))),
    );
    let newest = s.inventory.tables.selected().unwrap().newest.unwrap();
    assert_eq!(newest.at, latest);
    assert_eq!(newest.kind, crate::domain::CopyKind::Pitr);
}

/// A key pressed after an answer, before the run's next event, must not
/// reach the main view: an Enter there opened the operations menu behind
/// the deletion confirmation that came next.
#[test]
fn after_an_answer_keys_wait_for_the_runs_next_event() {
    use crate::workflow::{Operation, Question, StepStatus, plan};
    let mut s = loaded(&["orders"]);
    let op = Operation::DeleteTable {
        table: TableName::parse("orders").unwrap(),
        fallback_backup: false,
    };
    let p = plan(&op, s.now);
    s.runs.ours.insert(0, RunView::new(1, &p, s.now));
    let ask = |s: &mut State, question: Question| {
        update(
            s,
            Event::Run(RunEvent::Ask {
                job: 1,
                question,
                reply: (),
            }),
        );
    };
    ask(
        &mut s,
        Question::RemoveDeletionProtection {
            table: "orders".into(),
            fallback: None,
            restored_after: false,
        },
    );
    assert!(matches!(s.view.modal, Some(Modal::Question(_))));
    let cmds = update(&mut s, key('y'));
    assert!(matches!(cmds.as_slice(), [Command::Answer { job: 1, .. }]));
    assert!(matches!(s.view.modal, Some(Modal::Waiting { job: 1 })));

    // Keys meant for the next question go nowhere.
    for e in [code(KeyCode::Enter), key('o'), key('j'), key('/')] {
        assert!(update(&mut s, e).is_empty());
        assert!(
            matches!(s.view.modal, Some(Modal::Waiting { job: 1 })),
            "{:?}",
            s.view.modal
        );
    }
    assert!(s.view.filter_input.is_none());

    // Another run's event does not free the keyboard; this run's does.
    update(
        &mut s,
        Event::Run(RunEvent::Step {
            job: 2,
            index: 0,
            status: StepStatus::Pending,
        }),
    );
    assert!(matches!(s.view.modal, Some(Modal::Waiting { job: 1 })));
    ask(
        &mut s,
        Question::TypeTableName {
            table: "orders".into(),
            mistyped: None,
        },
    );
    assert!(
        matches!(&s.view.modal, Some(Modal::Question(q)) if matches!(q.question, Question::TypeTableName { .. }))
    );

    // Quitting still gets through while waiting.
    update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.view.modal, Some(Modal::Waiting { job: 1 })));
    update(&mut s, key('q'));
    assert!(matches!(s.view.modal, Some(Modal::ConfirmQuit)));
}

/// One refusal for the menu and for `Enter` on the plan: a table whose run
/// was interrupted is refused at both, naming the keys that clear it.
#[test]
fn an_interrupted_run_refuses_its_table_in_the_menu_and_on_the_plan() {
    let mut s = loaded(&["orders"]);
    s.header.checks = ChecksState::Done(Vec::new());
    assert_eq!(s.header.read_only_reason(), None);
    assert_eq!(
        refusal_of(&s, "orders", OpKind::EnableProtection),
        None,
        "a free, ACTIVE table may start"
    );
    s.runs
        .interrupted
        .push(super::tests_interrupted::interrupted("orders"));
    let refused = refusal_of(&s, "orders", OpKind::EnableProtection);
    assert!(
        matches!(refused, Some(Refusal::Interrupted { .. })),
        "{refused:?}"
    );

    // The menu: the choice stays on the menu, the cursor on it, and the
    // reason is the menu's (the status line says nothing).
    update(&mut s, key('o'));
    update(&mut s, key('8'));
    assert_eq!(s.view.flash, None);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::Menu { cursor: 7, .. }))
    ));
    assert_eq!(
        menu_refusal(&s, "orders", OpKind::EnableProtection)
            .unwrap()
            .to_string(),
        "PITR restore in place on orders was interrupted: resume (c) or dismiss (x) it in Jobs first"
    );

    // The plan, opened before the run was interrupted: Enter refuses alike.
    let plan = crate::workflow::plan(
        &crate::workflow::Operation::EnableDeletionProtection {
            table: TableName::parse("orders").unwrap(),
        },
        s.now,
    );
    s.view.modal = Some(Modal::Wizard(Wizard::plan(plan)));
    let commands = update(&mut s, code(KeyCode::Enter));
    assert!(commands.is_empty(), "{commands:?}");
    assert!(
        s.view
            .flash
            .as_deref()
            .unwrap_or_default()
            .starts_with("refused: PITR restore in place on orders was interrupted"),
        "{:?}",
        s.view.flash
    );
}

mod cursors;

#[test]
fn details_outside_the_jobs_pane_show_each_failed_check_with_its_fix() {
    let mut s = loaded(&["orders"]);
    s.header.checks = crate::app::ChecksState::Done(vec![crate::checks::CheckResult {
        name: "vault",
        passed: false,
        detail: "vault x was not found in ca-central-1".into(),
        fix: Some("create the vault (docs/aws-setup.md) or fix aws.backup_vault".into()),
    }]);
    update(&mut s, code(KeyCode::Char('d')));
    let Some(Modal::Details(d)) = &s.view.modal else {
        panic!("{:?}", s.view.modal);
    };
    assert!(
        d.lines.iter().any(|l| l.contains("vault x was not found")),
        "{:?}",
        d.lines
    );
    assert!(
        d.lines
            .iter()
            .any(|l| l.starts_with("Fix: create the vault")),
        "{:?}",
        d.lines
    );
    update(&mut s, code(KeyCode::Esc));
    assert!(s.view.modal.is_none());
}

/// Steps the run adds are numbered under the planned step above them, so
/// the plan's numbers and its `n/13` keep their meaning.
#[test]
fn added_steps_are_numbered_under_the_step_above_and_counted_apart() {
    let s = state();
    let op = crate::workflow::OpKind::PitrInPlace
        .example(crate::domain::TableName::parse("orders").unwrap());
    let plan = crate::workflow::plan(&op, s.now);
    assert_eq!(plan.steps.len(), 13);
    let extra = plan.steps[0].clone();
    let mut run = RunView::new(1, &plan, s.now);
    // A setting re-applied after step 9, then two deletions after step 13.
    run.add_step(9, extra.clone());
    run.add_step(14, extra.clone());
    run.add_step(15, extra);
    let numbers: Vec<String> = (0..run.steps.len()).map(|i| run.step_number(i)).collect();
    assert_eq!(
        numbers,
        [
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "9.1", "10", "11", "12", "13", "13.1",
            "13.2"
        ]
    );
    for i in 0..7 {
        run.set_step(
            i,
            crate::workflow::StepStatus::Done {
                took: std::time::Duration::from_secs(1),
                detail: None,
            },
        );
    }
    assert_eq!(run.summary(), "running 7/13 · added 0/3");
}

/// Operation 8 on a table already protected is disabled in the menu with
/// the reason on its row, instead of planning a run that changes nothing.
#[test]
fn enabling_protection_on_a_protected_table_is_disabled_in_the_menu() {
    let mut s = loaded(&["orders"]);
    s.header.checks = ChecksState::Done(Vec::new());
    if let Some(row) = s.inventory.tables.row_mut("orders") {
        row.table.as_mut().unwrap().deletion_protection = true;
    }
    let why = menu_refusal(&s, "orders", OpKind::EnableProtection).unwrap();
    assert_eq!(why.brief(), "already protected");
    update(&mut s, key('o'));
    update(&mut s, key('8'));
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::Menu { cursor: 7, .. }))
    ));
}

/// A message the wizard left in the status line goes when the wizard closes.
#[test]
fn closing_a_dialog_clears_what_it_said_in_the_status_line() {
    let mut s = loaded(&["orders"]);
    update(&mut s, key('o'));
    s.view.flash = Some("refused: something".into());
    update(&mut s, code(KeyCode::Esc));
    assert!(s.view.modal.is_none());
    assert_eq!(s.view.flash, None);
}

#[test]
fn o_on_a_backup_in_the_recovery_pane_opens_its_restore_with_that_backup_chosen() {
    let mut s = loaded(&["orders"]);
    let backup = |name: &str, hours: i64| crate::domain::Backup {
        arn: format!("arn:{name}"),
        name: name.into(),
        table_name: "orders".into(),
        status: crate::domain::BackupStatus::Available,
        kind: crate::domain::BackupType::User,
        created_at: s.now - Duration::hours(hours),
        size_bytes: None,
    };
    let backups = vec![backup("newest", 1), backup("older", 2), backup("oldest", 3)];
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Backups(Ok(backups))),
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::RecoveryPoints(Ok(vec![]))),
    );

    // From the Tables pane the menu opens on the first operation…
    update(&mut s, key('o'));
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::Menu { cursor: 0, .. }))
    ));
    update(&mut s, code(KeyCode::Esc));

    // …from the second backup's row, on the restore of a backup, and the
    // picker starts on that backup.
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(s.view.focus, Pane::Recovery);
    update(&mut s, key('j'));
    update(&mut s, key('o'));
    let want = crate::workflow::OpKind::RestoreFromBackup.number() - 1;
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Menu { cursor, .. })) => assert_eq!(*cursor, want),
        other => panic!("no menu: {other:?}"),
    }
    update(&mut s, code(KeyCode::Enter));
    assert!(
        matches!(
            s.view.modal,
            Some(Modal::Wizard(Wizard::PickBackup { cursor: 1, .. }))
        ),
        "{:?}",
        s.view.modal
    );
}

/// A running run says how long it has left: the pending steps' estimates
/// and the running step's rest, by its percent when AWS gives one.
#[test]
fn a_running_run_counts_down_by_its_steps_and_stops_counting_when_it_ends() {
    use crate::workflow::StepStatus;
    use std::time::Duration as Std;
    let s = state();
    let op = crate::workflow::OpKind::RestoreFromBackup
        .example(crate::domain::TableName::parse("orders").unwrap());
    let plan = crate::workflow::plan(&op, s.now);
    let all: Std = plan.steps.iter().map(|p| p.estimate).sum();
    let mut run = RunView::new(1, &plan, s.now);
    assert_eq!(run.remaining(s.now), Some(all));

    // The restore has run a minute of its five: four are left.
    let first = plan.steps[0].estimate;
    run.set_step(
        0,
        StepStatus::Running {
            started: s.now,
            progress: None,
            detail: None,
        },
    );
    let later = s.now + Duration::minutes(1);
    assert_eq!(
        run.remaining(later),
        Some(all - first + first - Std::from_secs(60))
    );
    // At 25% after a minute, three more minutes whatever the estimate said.
    run.set_step(
        0,
        StepStatus::Running {
            started: s.now,
            progress: Some(25.0),
            detail: None,
        },
    );
    assert_eq!(
        run.remaining(later),
        Some(all - first + Std::from_secs(180))
    );

    run.finish(
        crate::workflow::Outcome::Cancelled {
            step: None,
            reason: "stopped".into(),
            remaining: Vec::new(),
        },
        later,
    );
    assert_eq!(run.remaining(later), None);
}

/// The plan's estimates are the table's: a 24.6 GB table's restore and
/// verify are not promised a 155 KB table's minutes.
#[test]
fn the_plan_of_a_big_table_is_estimated_for_its_size() {
    let mut s = loaded(&["big", "small"]);
    let pitr = PitrStatus {
        enabled: true,
        recovery_period_days: Some(35),
        window: Some(crate::domain::PitrWindow {
            earliest: s.now - Duration::days(35),
            latest: s.now - Duration::minutes(5),
        }),
    };
    for (name, bytes, items) in [("big", 24_600_000_000, 41_000_000), ("small", 155_000, 900)] {
        let mut t = table(name);
        t.size_bytes = bytes;
        t.item_count = items;
        update(
            &mut s,
            Event::Inventory(InventoryEvent::TableLoaded {
                name: name.into(),
                table: t,
                pitr: pitr.clone(),
            }),
        );
    }
    let plan_of = |s: &mut State| {
        update(s, key('o'));
        update(s, key('1'));
        for c in "latest".chars() {
            update(s, key(c));
        }
        update(s, code(KeyCode::Enter));
        let Some(Modal::Wizard(Wizard::Plan { plan, .. })) = s.view.modal.take() else {
            panic!("no plan: {:?}", s.view.modal)
        };
        plan
    };
    let big = plan_of(&mut s);
    update(&mut s, key('j'));
    assert_eq!(s.inventory.tables.selected_name(), Some("small"));
    let small = plan_of(&mut s);
    let verify = |p: &crate::workflow::Plan| {
        p.steps
            .iter()
            .find(|st| st.title.starts_with("Verify"))
            .map(|st| st.estimate.as_secs())
            .unwrap()
    };
    assert!(verify(&small) < 60, "{}", verify(&small));
    assert!(verify(&big) > 30 * 60, "{}", verify(&big));
    assert!(big.total().as_secs() > small.total().as_secs() + 3600);
    assert_eq!(
        crate::workflow::estimate_for(
            crate::workflow::OpKind::PitrInPlace,
            super::table_size(&s, "small")
        ),
        crate::workflow::rough(small.total())
    );
}

/// A run's steps reload what they touched while it runs: the deleted
/// table leaves the list at once, not when the run ends.
#[test]
fn a_table_a_run_deletes_leaves_the_list_while_the_run_goes_on() {
    use crate::workflow::{Operation, StepStatus, plan};
    let mut s = loaded(&["orders", "payments"]);
    let op = Operation::DeleteTable {
        table: TableName::parse("orders").unwrap(),
        fallback_backup: false,
    };
    let p = plan(&op, s.now);
    let delete = p
        .steps
        .iter()
        .position(|st| st.title.starts_with("Delete"))
        .unwrap();
    s.runs.ours.insert(0, RunView::new(1, &p, s.now));
    let cmds = update(
        &mut s,
        Event::Run(RunEvent::Step {
            job: 1,
            index: delete,
            status: StepStatus::Done {
                took: std::time::Duration::from_secs(3),
                detail: None,
            },
        }),
    );
    assert!(cmds.is_empty(), "{cmds:?}");
    let t0 = s.now;
    let cmds = update(&mut s, Event::Tick(t0 + Duration::seconds(1)));
    assert_eq!(
        cmds,
        vec![Command::RefreshTables {
            names: vec!["orders".into()],
            backups: false
        }]
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableGone {
            name: "orders".into(),
        }),
    );
    assert!(!s.inventory.tables.contains("orders"));
    assert_eq!(s.inventory.tables.selected_name(), Some("payments"));
    assert_eq!(s.inventory.tables.loaded, 1);
    // A table the run creates comes into the list when it loads.
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableLoaded {
            name: "orders-restored".into(),
            table: table("orders-restored"),
            pitr: PitrStatus::disabled(),
        }),
    );
    assert!(s.inventory.tables.contains("orders-restored"));
    assert_eq!(s.inventory.tables.selected_name(), Some("payments"));
    // Nothing more is due.
    assert!(update(&mut s, Event::Tick(t0 + Duration::seconds(9))).is_empty());
}
