//! Operation 11 "Repair in place" in the reducer: the source page (its
//! rows, the sources a table lacks), each source reaching the plan with
//! its `RepairSource`, the choice dialog (classes ticked, the filter,
//! Enter's answer, Esc), and the undo from the Jobs pane.

#![allow(clippy::unwrap_used, clippy::panic)]

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::domain::{
    Backup, BackupStatus, BackupType, BillingMode, Lifecycle, PitrStatus, PitrWindow,
    RecoveryPoint, RecoveryPointStatus, StorageClass, Table, TableName, TableStatus,
};
use crate::inventory::InventoryEvent;
use crate::repair::{AttrDelta, RepairChoices, RepairClass, RepairCounts, RepairRow};
use crate::workflow::{Answer, Operation, Outcome, Question, RepairQuestion, RepairSource};

const ARN: &str = "arn:aws:dynamodb:ca-central-1:111122223333:table";

/// `names` loaded and ACTIVE; `pitr` on for those it names; the checks
/// passed (not read-only).
pub(super) fn loaded(names: &[&str], pitr: &[&str]) -> State {
    let mut s = super::tests_interrupted::state();
    update(
        &mut s,
        Event::Resize {
            width: 90,
            height: 25,
        },
    );
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(names.clone())),
    );
    for name in names {
        let table = Table {
            name: name.clone(),
            arn: format!("{ARN}/{name}"),
            status: TableStatus::Active,
            item_count: 1_000,
            size_bytes: 100,
            billing: BillingMode::PayPerRequest,
            deletion_protection: false,
            global_secondary_indexes: vec![],
            created_at: None,
        };
        let status = if pitr.contains(&name.as_str()) {
            PitrStatus {
                enabled: true,
                recovery_period_days: Some(35),
                window: Some(PitrWindow {
                    earliest: s.now - Duration::days(35),
                    latest: s.now - Duration::minutes(5),
                }),
            }
        } else {
            PitrStatus::disabled()
        };
        update(
            &mut s,
            Event::Inventory(InventoryEvent::TableLoaded {
                name,
                table,
                pitr: status,
            }),
        );
    }
    update(&mut s, Event::Inventory(InventoryEvent::Finished));
    update(&mut s, Event::Checks(Vec::new()));
    s
}

/// Two backups and one (cold) recovery point of `orders`.
pub(super) fn with_copies(s: &mut State) {
    let backup = |name: &str, hours: i64| Backup {
        arn: format!("{ARN}/orders/backup/{name}"),
        name: name.into(),
        table_name: "orders".into(),
        status: BackupStatus::Available,
        kind: BackupType::User,
        created_at: s.now - Duration::hours(hours),
        size_bytes: Some(2_000),
    };
    let backups = vec![backup("newest", 1), backup("older", 2)];
    let point = RecoveryPoint {
        arn: "arn:aws:backup:ca-central-1:111122223333:recovery-point:p-1".into(),
        resource_arn: format!("{ARN}/orders"),
        created_at: s.now - Duration::hours(3),
        status: RecoveryPointStatus::Completed,
        storage: StorageClass::Cold,
        lifecycle: Lifecycle::default(),
        size_bytes: Some(3_000),
        made_by: None,
    };
    update(s, Event::Inventory(InventoryEvent::Backups(Ok(backups))));
    update(
        s,
        Event::Inventory(InventoryEvent::RecoveryPoints(Ok(vec![point]))),
    );
}

fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::from(code)))
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// Selects `table` (by filter) and opens the repair from the menu with
/// the repair's own key.
fn open_repair(s: &mut State, table: &str) {
    press(s, KeyCode::Char('/'));
    for _ in 0..40 {
        press(s, KeyCode::Backspace);
    }
    type_text(s, table);
    press(s, KeyCode::Enter);
    assert_eq!(s.inventory.tables.selected_name(), Some(table));
    press(s, KeyCode::Char('o'));
    press(s, KeyCode::Char('R'));
}

fn source_cursor(s: &State) -> usize {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::RepairSource { cursor, .. })) => *cursor,
        other => panic!("not the source page: {other:?}"),
    }
}

/// The row of the source page: down from the first, then Enter.
fn choose_source(s: &mut State, row: usize) {
    for _ in 0..4 {
        press(s, KeyCode::Up);
    }
    for _ in 0..row {
        press(s, KeyCode::Down);
    }
    press(s, KeyCode::Enter);
}

fn plan_source(s: &State) -> RepairSource {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Plan { plan, .. })) => match &plan.operation {
            Operation::RepairInPlace { table, source } => {
                assert_eq!(table, "orders");
                source.clone()
            }
            other => panic!("not a repair: {other:?}"),
        },
        other => panic!("no plan: {other:?}"),
    }
}

#[test]
fn the_menu_reaches_the_repair_by_its_key_and_by_the_arrows() {
    let mut s = loaded(&["orders"], &["orders"]);
    open_repair(&mut s, "orders");
    assert_eq!(source_cursor(&s), 0);
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('o'));
    for _ in 0..10 {
        press(&mut s, KeyCode::Down);
    }
    press(&mut s, KeyCode::Enter);
    source_cursor(&s);
}

#[test]
fn the_source_page_says_which_copies_the_table_lacks_and_stays_on_them() {
    let mut s = loaded(&["orders", "orders-restored"], &[]);
    open_repair(&mut s, "orders");
    let rows = source_choices(&s, "orders");
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "a time in its PITR window",
            "one of its DynamoDB backups (0)",
            "one of its AWS Backup recovery points (0)",
            "a table that holds a copy (a restore made earlier)",
        ]
    );
    let why: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.unavailable.as_ref().map(|w| w.brief()))
        .collect();
    assert_eq!(
        why,
        [
            Some("PITR is off".to_owned()),
            Some("no backups".to_owned()),
            Some("no recovery points".to_owned()),
            None
        ]
    );
    // The cursor opens on the one source the table has.
    assert_eq!(source_cursor(&s), 3);
    // Enter on a source it lacks stays on the page.
    for row in 0..3 {
        choose_source(&mut s, row);
        assert_eq!(source_cursor(&s), row);
    }
}

#[test]
fn a_time_in_the_window_reaches_the_plan_and_a_bad_one_is_refused_where_typed() {
    let mut s = loaded(&["orders"], &["orders"]);
    open_repair(&mut s, "orders");
    choose_source(&mut s, 0);
    type_text(&mut s, "yesterday at noon?");
    press(&mut s, KeyCode::Enter);
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::EnterTime { kind, error, .. })) => {
            assert_eq!(*kind, OpKind::Repair);
            assert!(error.is_some());
        }
        other => panic!("not the time page: {other:?}"),
    }
    for _ in 0..40 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "latest");
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        plan_source(&s),
        RepairSource::Pitr(crate::domain::PitrTarget::Latest)
    );
}

#[test]
fn a_backup_and_a_recovery_point_reach_the_plan_with_that_copy() {
    let mut s = loaded(&["orders"], &["orders"]);
    with_copies(&mut s);
    open_repair(&mut s, "orders");
    choose_source(&mut s, 1);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::PickBackup {
            kind: OpKind::Repair,
            cursor: 0,
            ..
        }))
    ));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        plan_source(&s),
        RepairSource::Backup(format!("{ARN}/orders/backup/older").into())
    );
    press(&mut s, KeyCode::Esc);
    open_repair(&mut s, "orders");
    choose_source(&mut s, 2);
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        plan_source(&s),
        RepairSource::RecoveryPoint {
            arn: "arn:aws:backup:ca-central-1:111122223333:recovery-point:p-1".into(),
            cold: true,
        }
    );
}

#[test]
fn o_on_a_backup_in_the_recovery_pane_starts_the_repair_on_that_backup() {
    let mut s = loaded(&["orders"], &["orders"]);
    with_copies(&mut s);
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.view.focus, Pane::Recovery);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Char('R'));
    assert_eq!(source_cursor(&s), 1);
    press(&mut s, KeyCode::Enter);
    assert!(
        matches!(
            s.view.modal,
            Some(Modal::Wizard(Wizard::PickBackup { cursor: 1, .. }))
        ),
        "{:?}",
        s.view.modal
    );
}

#[test]
fn a_table_holding_a_copy_is_proposed_checked_and_reaches_the_plan() {
    let mut s = loaded(&["orders", "orders-restored", "payments"], &[]);
    update(
        &mut s,
        Event::Interrupted(crate::recovery::JournalScan {
            restored: vec![("orders-restored".into(), "orders".into())],
            ..Default::default()
        }),
    );
    open_repair(&mut s, "orders");
    press(&mut s, KeyCode::Enter);
    let field = |s: &State| match &s.view.modal {
        Some(Modal::Wizard(Wizard::EnterOther {
            kind: OpKind::Repair,
            input,
            error,
            ..
        })) => (input.value().to_owned(), error.clone()),
        other => panic!("not the table page: {other:?}"),
    };
    assert_eq!(field(&s), ("orders-restored".to_owned(), None));
    for (typed, says) in [
        ("", "type the name of the table that holds the copy"),
        ("orders", "is the table being repaired"),
        ("ghost-table", "no table ghost-table"),
    ] {
        for _ in 0..40 {
            press(&mut s, KeyCode::Backspace);
        }
        type_text(&mut s, typed);
        press(&mut s, KeyCode::Enter);
        let (_, error) = field(&s);
        assert!(
            error.as_deref().unwrap().contains(says),
            "{typed}: {error:?}"
        );
    }
    for _ in 0..40 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "payments");
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        plan_source(&s),
        RepairSource::Table(TableName::parse("payments").unwrap())
    );
}

pub(crate) fn repair_question() -> RepairQuestion {
    let row = |class, key: &str, attr: &str, then: Option<&str>, now: Option<&str>| RepairRow {
        class,
        key: key.into(),
        attrs: vec![AttrDelta {
            name: attr.into(),
            then: then.map(str::to_owned),
            now: now.map(str::to_owned),
        }],
    };
    RepairQuestion {
        table: "orders".into(),
        source: "orders--repair-1 (orders at 2026-11-22 01:00:00 UTC)".into(),
        counts: RepairCounts {
            deleted: 2,
            changed: 1,
            created: 1,
            deleted_units: 3,
            changed_units: 1,
            created_units: 1,
        },
        rows: vec![
            row(
                RepairClass::Deleted,
                "pk=order-1",
                "total",
                Some("12"),
                None,
            ),
            row(RepairClass::Deleted, "pk=order-2", "total", Some("7"), None),
            row(
                RepairClass::Changed,
                "pk=order-3",
                "status",
                Some("paid"),
                Some("cancelled"),
            ),
            row(RepairClass::Created, "pk=zz-9", "note", None, Some("new")),
        ],
        file: "/state/journal/run.repair.json".into(),
        write_rate: 500,
    }
}

fn ask(s: &mut State, q: RepairQuestion) {
    s.view.modal = Some(Modal::Question(QuestionModal::new(
        4,
        Question::RepairChoice(Box::new(q)),
    )));
}

fn modal(s: &State) -> &QuestionModal {
    match &s.view.modal {
        Some(Modal::Question(q)) => q,
        other => panic!("no question: {other:?}"),
    }
}

fn shown_keys(s: &State) -> Vec<String> {
    let q = modal(s);
    let Question::RepairChoice(r) = &q.question else {
        panic!()
    };
    choice_view(q, r)
        .shown
        .iter()
        .map(|r| r.key.clone())
        .collect()
}

#[test]
fn the_choice_starts_on_the_default_and_enter_answers_the_classes_ticked() {
    let mut s = loaded(&["orders"], &[]);
    ask(&mut s, repair_question());
    assert_eq!(modal(&s).checked, [true, true, false]);
    let cost = {
        let q = modal(&s);
        let Question::RepairChoice(r) = &q.question else {
            panic!()
        };
        repair_choice::cost(r, &choice_view(q, r).choices)
    };
    assert_eq!(
        cost,
        "write back 3 items (4 write units, ~1s at 500 write units/s)"
    );
    // 3 ticks what was created since, 1 unticks what was deleted.
    press(&mut s, KeyCode::Char('3'));
    press(&mut s, KeyCode::Char('1'));
    assert_eq!(modal(&s).checked, [false, true, true]);
    let cmds = press(&mut s, KeyCode::Enter);
    assert_eq!(
        cmds,
        vec![Command::Answer {
            job: 4,
            answer: Answer::Repair(RepairChoices {
                deleted: false,
                changed: true,
                created: true,
            }),
        }]
    );
}

#[test]
fn tick_on_a_row_ticks_its_class_and_nothing_ticked_is_not_an_answer() {
    let mut s = loaded(&["orders"], &[]);
    ask(&mut s, repair_question());
    // The third row is a changed one.
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Char(' '));
    assert_eq!(modal(&s).checked, [true, false, false]);
    press(&mut s, KeyCode::Char('1'));
    let cmds = press(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty());
    let error = modal(&s).error.clone().unwrap();
    assert!(error.contains("nothing ticked"), "{error}");
    assert!(error.contains("Esc to write nothing"), "{error}");
    // Ticking again clears the message.
    press(&mut s, KeyCode::Char('2'));
    assert_eq!(modal(&s).error, None);
}

#[test]
fn the_filter_narrows_live_keeps_on_enter_and_clears_on_esc() {
    let mut s = loaded(&["orders"], &[]);
    ask(&mut s, repair_question());
    press(&mut s, KeyCode::Char('/'));
    assert!(modal(&s).filtering);
    // Digits type into the filter, not tick a class.
    type_text(&mut s, "order-3");
    assert_eq!(modal(&s).checked, [true, true, false]);
    assert_eq!(shown_keys(&s), ["pk=order-3"]);
    // Enter keeps the filter and leaves the field; it answers nothing.
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert!(!modal(&s).filtering);
    assert_eq!(shown_keys(&s), ["pk=order-3"]);
    // An attribute's name filters too; Esc in the field clears it, and
    // does not answer.
    press(&mut s, KeyCode::Char('/'));
    for _ in 0..10 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "note");
    assert_eq!(shown_keys(&s), ["pk=zz-9"]);
    assert!(press(&mut s, KeyCode::Esc).is_empty());
    assert!(!modal(&s).filtering);
    assert_eq!(shown_keys(&s).len(), 4);
}

#[test]
fn esc_outside_the_filter_writes_nothing() {
    let mut s = loaded(&["orders"], &[]);
    ask(&mut s, repair_question());
    let cmds = press(&mut s, KeyCode::Esc);
    assert_eq!(
        cmds,
        vec![Command::Answer {
            job: 4,
            answer: Answer::Cancel,
        }]
    );
}

#[test]
fn fewer_rows_than_differ_say_where_the_file_lists_all() {
    let mut r = repair_question();
    r.counts.deleted = 500;
    assert_eq!(
        repair_choice::shown_note(&r, 4).as_deref(),
        Some("4 of 502 shown (the file lists all: /state/journal/run.repair.json)")
    );
    let r = repair_question();
    assert_eq!(repair_choice::shown_note(&r, 4), None);
    assert_eq!(
        repair_choice::shown_note(&r, 1).as_deref(),
        Some("1 of 4 shown (filtered)")
    );
}

/// A finished run from a journal in the Jobs pane, under the cursor.
fn finished(s: &mut State, label: &'static str) -> std::path::PathBuf {
    let journal = std::path::PathBuf::from("/state/sandbox/journal/run.jsonl");
    let run = crate::recovery::FinishedRun {
        journal: journal.clone(),
        job: 9,
        label,
        table: "orders".into(),
        source: None,
        started: s.now,
        ended: Some(s.now),
        outcome: "completed".into(),
        verified: None,
        kept: vec![],
    };
    update(
        s,
        Event::Interrupted(crate::recovery::JournalScan {
            finished: vec![run],
            ..Default::default()
        }),
    );
    let at = jobs::rows(s)
        .position(|r| matches!(r, jobs::JobsRow::Finished(f) if f.job == 9))
        .unwrap();
    let len = jobs::row_count(s);
    s.view.focus = Pane::Jobs;
    s.view.jobs_cursor.select(at, len);
    journal
}

#[test]
fn undo_is_refused_on_what_is_not_a_finished_repair() {
    let mut s = loaded(&["orders"], &[]);
    // Not in the Jobs pane.
    assert!(press(&mut s, KeyCode::Char('u')).is_empty());
    assert!(s.view.flash.as_deref().unwrap().contains("finished repair"));
    // Another operation's run.
    finished(&mut s, OpKind::CreateBackup.label());
    assert!(!undoable_under_cursor(&s));
    assert!(press(&mut s, KeyCode::Char('u')).is_empty());
    assert!(s.view.flash.as_deref().unwrap().contains("not a repair"));
    // A repair of this session still running.
    let op = OpKind::Repair.example(TableName::parse("orders").unwrap());
    let plan = crate::workflow::plan(&op, s.now);
    s.runs.ours.insert(0, RunView::new(2, &plan, s.now));
    s.view.jobs_cursor.top();
    assert!(press(&mut s, KeyCode::Char('u')).is_empty());
    assert!(
        s.view
            .flash
            .as_deref()
            .unwrap()
            .contains("has not finished")
    );
}

#[test]
fn undo_of_a_finished_repair_asks_for_its_pre_images_and_shows_the_plan() {
    let mut s = loaded(&["orders"], &[]);
    let journal = finished(&mut s, OpKind::Repair.label());
    assert!(undoable_under_cursor(&s));
    let cmds = press(&mut s, KeyCode::Char('u'));
    assert_eq!(
        cmds,
        vec![Command::PrepareUndo {
            table: TableName::parse("orders").unwrap(),
            of_job: 9,
            of: ReviewOf::Journal(journal.clone()),
        }]
    );
    // The engine found none: its sentence in the status line.
    update(
        &mut s,
        Event::Notice("no undo: repair run #9 wrote nothing to undo".into()),
    );
    assert!(s.view.modal.is_none());
    // The engine found them: the plan, to read and confirm.
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("run.jsonl");
    std::fs::write(crate::recovery::preimage_of(&journal), "").unwrap();
    let plan =
        crate::recovery::undo_repair_plan(&journal, TableName::parse("orders").unwrap(), 9, s.now)
            .unwrap();
    update(&mut s, Event::UndoReady(plan));
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Plan { plan, .. })) => assert!(matches!(
            &plan.operation,
            Operation::UndoRepair { of_job: 9, .. }
        )),
        other => panic!("no plan: {other:?}"),
    }
    let cmds = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(cmds.as_slice(), [Command::StartRun { plan, .. }]
            if matches!(plan.operation, Operation::UndoRepair { .. })),
        "{cmds:?} {:?}",
        s.view.flash
    );
}

#[test]
fn a_finished_repair_of_this_session_is_undone_by_its_journal_name() {
    let mut s = loaded(&["orders"], &[]);
    let op = OpKind::Repair.example(TableName::parse("orders").unwrap());
    let plan = crate::workflow::plan(&op, s.now);
    let mut run = RunView::new(3, &plan, s.now);
    run.finish(Outcome::Completed { remaining: vec![] }, s.now);
    let stamp = run.stamp;
    s.runs.ours.insert(0, run);
    s.view.focus = Pane::Jobs;
    s.view.jobs_cursor.top();
    let cmds = press(&mut s, KeyCode::Char('u'));
    assert_eq!(
        cmds,
        vec![Command::PrepareUndo {
            table: TableName::parse("orders").unwrap(),
            of_job: 3,
            of: ReviewOf::Run {
                stamp,
                table: "orders".into(),
                job: 3,
            },
        }]
    );
}

#[test]
fn a_finished_repair_says_what_it_wrote_on_its_row() {
    use crate::workflow::{RunEvent, StepAction, StepStatus};
    let mut s = loaded(&["orders"], &["orders"]);
    let op = Operation::RepairInPlace {
        table: TableName::parse("orders").unwrap(),
        source: RepairSource::Table(TableName::parse("orders-restored").unwrap()),
    };
    let plan = crate::workflow::plan(&op, s.now);
    let write = plan
        .steps
        .iter()
        .position(|p| matches!(p.action, StepAction::RepairWrite { .. }))
        .unwrap();
    s.runs.ours.push(crate::app::RunView::new(1, &plan, s.now));
    update(
        &mut s,
        Event::Run(RunEvent::Step {
            job: 1,
            index: write,
            status: StepStatus::Done {
                took: std::time::Duration::from_secs(3),
                detail: Some("wrote 64 of 64; no conflict".into()),
            },
        }),
    );
    assert!(s.runs.ours[0].summary().starts_with("running"));
    update(
        &mut s,
        Event::Run(RunEvent::Finished {
            job: 1,
            outcome: Outcome::Completed { remaining: vec![] },
        }),
    );
    assert_eq!(
        s.runs.ours[0].summary(),
        "completed · wrote 64 of 64; no conflict"
    );
}
