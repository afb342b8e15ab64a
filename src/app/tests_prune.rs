//! The prune review (`K`) in the reducer: the default ticks are the
//! `--keep` rule's, nothing else is ticked for the operator, the last
//! AVAILABLE backup cannot be ticked, a bad N is refused where it is typed,
//! and Esc deletes nothing.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use super::prune::{PrunePage, RowKind, Untickable};
use super::tests_interrupted::state;
use super::*;
use crate::domain::{
    Backup, BackupStatus, BackupType, PitrStatus, Table, TableName, TableStatus, scheduled_name,
    split_scheduled,
};
use crate::inventory::InventoryEvent;
use crate::workflow::Operation;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::from(KeyCode::Char(c)))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::from(c))
}

fn backup(name: &str, at: DateTime<Utc>, status: BackupStatus) -> Backup {
    Backup {
        arn: format!("arn:aws:dynamodb:ca-central-1:111122223333:table/orders/backup/{name}"),
        name: name.to_owned(),
        table_name: "orders".to_owned(),
        status,
        kind: BackupType::User,
        created_at: at,
        size_bytes: None,
    }
}

fn orders() -> TableName {
    TableName::parse("orders").unwrap()
}

/// `orders` with `backups`, selected in the Tables pane.
fn with(backups: Vec<Backup>) -> State {
    let mut s = state();
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(vec!["orders".into()])),
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableLoaded {
            name: "orders".into(),
            table: Table {
                name: "orders".into(),
                arn: "arn:aws:dynamodb:ca-central-1:111122223333:table/orders".into(),
                status: TableStatus::Active,
                item_count: 10,
                size_bytes: 100,
                billing: crate::domain::BillingMode::PayPerRequest,
                deletion_protection: true,
                global_secondary_indexes: vec![],
                created_at: None,
            },
            pitr: PitrStatus::disabled(),
        }),
    );
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Backups(Ok(backups))),
    );
    update(&mut s, Event::Inventory(InventoryEvent::Finished));
    s.header.checks = ChecksState::Done(Vec::new());
    s
}

/// Five nightly scheduled backups (newest first in the list), a manual
/// one between them, an `--orig` one, all AVAILABLE.
fn nightly(now: DateTime<Utc>) -> Vec<Backup> {
    let mut v: Vec<Backup> = (0..5)
        .map(|d| {
            let at = now - Duration::days(d) - Duration::hours(1);
            backup(&scheduled_name(&orders(), at), at, BackupStatus::Available)
        })
        .collect();
    v.push(backup(
        "orders-pre-deploy",
        now - Duration::days(2),
        BackupStatus::Available,
    ));
    v.push(backup(
        "orders--orig-Nov-01-2026-10-00-00",
        now - Duration::days(21),
        BackupStatus::Available,
    ));
    v
}

/// `K`, the field cleared, `typed` and Enter.
fn keep(s: &mut State, typed: &str) {
    update(s, key('K'));
    for _ in 0..4 {
        update(s, code(KeyCode::Backspace));
    }
    for c in typed.chars() {
        update(s, key(c));
    }
    update(s, code(KeyCode::Enter));
}

fn list(s: &State) -> (&[prune::PruneRow], usize) {
    match &s.view.modal {
        Some(Modal::Prune(r)) => match &r.page {
            PrunePage::List { rows, cursor, .. } => (rows, *cursor),
            PrunePage::Keep { .. } => panic!("still on the field"),
        },
        other => panic!("not the review: {other:?}"),
    }
}

fn ticked(s: &State) -> Vec<String> {
    list(s)
        .0
        .iter()
        .filter(|r| r.ticked)
        .map(|r| r.backup.name.clone())
        .collect()
}

#[test]
fn the_default_ticks_are_the_keep_rules_choice_and_never_a_manual_backup() {
    let mut s = state();
    let all = nightly(s.now);
    s = with(all.clone());
    update(&mut s, key('K'));
    // The field starts at the default, 7: nothing of 5 is beyond it.
    match &s.view.modal {
        Some(Modal::Prune(r)) => match &r.page {
            PrunePage::Keep { input, .. } => assert_eq!(input.value(), "7"),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    update(&mut s, code(KeyCode::Esc));
    keep(&mut s, "2");
    let (_, beyond) = split_scheduled(&all, &orders(), 2);
    let mut rule: Vec<String> = beyond.iter().map(|b| b.name.clone()).collect();
    rule.sort();
    let mut got = ticked(&s);
    got.sort();
    assert_eq!(got, rule);
    assert_eq!(got.len(), 3);
    let (rows, _) = list(&s);
    // Every backup listed, newest first; the manual and --orig unticked.
    assert_eq!(rows.len(), 7);
    assert!(
        rows.windows(2)
            .all(|w| w[0].backup.created_at >= w[1].backup.created_at)
    );
    for r in rows {
        if !crate::domain::is_scheduled_of(&r.backup.name, &orders()) {
            assert!(!r.ticked, "{}", r.backup.name);
            assert!(matches!(r.kind, RowKind::Other(_)));
        }
    }
    assert_eq!(rows[0].kind, RowKind::Kept { rank: 1 });
    assert_eq!(prune::counts(rows), (3, 4));
}

#[test]
fn a_manual_backup_may_be_ticked_by_hand_and_enter_shows_the_plan_naming_each() {
    let mut s = state();
    s = with(nightly(s.now));
    keep(&mut s, "4");
    assert_eq!(ticked(&s).len(), 1);
    let manual = list(&s)
        .0
        .iter()
        .position(|r| r.backup.name == "orders-pre-deploy")
        .unwrap();
    for _ in 0..manual {
        update(&mut s, key('j'));
    }
    assert_eq!(list(&s).1, manual);
    update(&mut s, key(' '));
    assert_eq!(ticked(&s).len(), 2);
    let cmds = update(&mut s, code(KeyCode::Enter));
    assert!(cmds.is_empty(), "Enter on the list starts nothing");
    let Some(Modal::Wizard(Wizard::Plan { plan, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal);
    };
    let Operation::PruneBackups { table, delete } = &plan.operation else {
        panic!("{:?}", plan.operation);
    };
    assert_eq!(table.as_str(), "orders");
    let names: Vec<&str> = delete.iter().map(|d| d.name.as_str()).collect();
    assert!(names.contains(&"orders-pre-deploy"));
    assert_eq!(plan.steps.len(), 2);
    for (step, d) in plan.steps.iter().zip(delete) {
        assert!(step.title.contains(&d.name), "{}", step.title);
    }
    // Enter on the plan runs it.
    let cmds = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(cmds.as_slice(), [Command::StartRun { .. }]));
}

#[test]
fn the_last_available_backup_and_one_not_available_cannot_be_ticked() {
    let mut s = state();
    let now = s.now;
    let at = |h| now - Duration::hours(h);
    s = with(vec![
        backup(
            &scheduled_name(&orders(), at(1)),
            at(1),
            BackupStatus::Creating,
        ),
        backup(
            &scheduled_name(&orders(), at(30)),
            at(30),
            BackupStatus::Available,
        ),
        backup(
            &scheduled_name(&orders(), at(60)),
            at(60),
            BackupStatus::Available,
        ),
    ]);
    // Keep 1: the CREATING one is the one kept, so the rule would tick both
    // AVAILABLE ones; the newest of them stays unticked.
    keep(&mut s, "1");
    let (rows, _) = list(&s);
    assert_eq!(
        ticked(&s),
        [scheduled_name(&orders(), at(60))],
        "the newest AVAILABLE is never ticked for the operator"
    );
    assert_eq!(
        prune::untickable(rows, 0),
        Some(Untickable::NotAvailable("CREATING"))
    );
    assert_eq!(prune::untickable(rows, 1), Some(Untickable::LastAvailable));
    // Space on either changes nothing and says why.
    update(&mut s, key(' '));
    assert!(s.view.flash.as_deref().unwrap().contains("AVAILABLE"));
    update(&mut s, key('j'));
    update(&mut s, key(' '));
    assert!(
        s.view.flash.as_deref().unwrap().contains("last AVAILABLE"),
        "{:?}",
        s.view.flash
    );
    assert_eq!(ticked(&s).len(), 1);
    // Unticking the old one makes the other tickable (one stays either way).
    update(&mut s, key('j'));
    update(&mut s, key(' '));
    assert!(ticked(&s).is_empty());
    update(&mut s, key('k'));
    update(&mut s, key(' '));
    assert_eq!(ticked(&s), [scheduled_name(&orders(), at(30))]);
}

#[test]
fn a_bad_count_is_refused_where_it_is_typed() {
    let mut s = state();
    s = with(nightly(s.now));
    for (typed, says) in [
        ("0", "0 would delete the newest"),
        ("1001", "1 to 1000"),
        ("seven", "1 to 1000"),
        ("", "1 to 1000"),
    ] {
        keep(&mut s, typed);
        match &s.view.modal {
            Some(Modal::Prune(r)) => match &r.page {
                PrunePage::Keep { error, .. } => {
                    assert!(
                        error.as_deref().unwrap().contains(says),
                        "{typed}: {error:?}"
                    )
                }
                other => panic!("{typed} was taken: {other:?}"),
            },
            other => panic!("{other:?}"),
        }
        update(&mut s, code(KeyCode::Esc));
        assert!(s.view.modal.is_none());
    }
}

#[test]
fn esc_deletes_nothing_from_either_page_or_the_plan() {
    let mut s = state();
    s = with(nightly(s.now));
    update(&mut s, key('K'));
    assert!(update(&mut s, code(KeyCode::Esc)).is_empty());
    assert!(s.view.modal.is_none());
    keep(&mut s, "2");
    assert!(update(&mut s, code(KeyCode::Esc)).is_empty());
    assert!(s.view.modal.is_none());
    keep(&mut s, "2");
    update(&mut s, code(KeyCode::Enter));
    assert!(update(&mut s, code(KeyCode::Esc)).is_empty());
    assert!(s.view.modal.is_none());
    assert!(s.runs.ours.is_empty());
}

#[test]
fn read_only_refuses_the_review() {
    let mut s = state();
    s = with(nightly(s.now));
    s.header.read_only_flag = true;
    update(&mut s, key('K'));
    assert!(s.view.modal.is_none());
    assert!(
        s.view.flash.as_deref().unwrap().contains("read-only"),
        "{:?}",
        s.view.flash
    );
}

#[test]
fn k_in_the_backups_view_opens_the_review_of_the_rows_table() {
    let mut s = state();
    s = with(nightly(s.now));
    update(&mut s, key('b'));
    assert!(s.view.backups.is_some());
    update(&mut s, key('K'));
    let Some(Modal::Prune(r)) = &s.view.modal else {
        panic!("{:?}", s.view.modal);
    };
    assert_eq!(r.table.as_str(), "orders");
    // Esc returns to the view.
    update(&mut s, code(KeyCode::Esc));
    assert!(s.view.modal.is_none());
    assert!(s.view.backups.is_some());
}
