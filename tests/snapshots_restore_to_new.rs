//! The pages of operation 9, PITR restore into a new table, and the
//! new-table page it shares with operations 4 and 5: rendered through
//! ratatui's TestBackend at 90×25 and 160×45 and compared with reviewed
//! snapshots; the keys that fill them are checked on the way.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dynamo_dr::app::{Event, Modal, NewTablePage, State, Wizard, update};
use dynamo_dr::domain::PitrTarget;
use dynamo_dr::ui;
use dynamo_dr::workflow::{NewTableSettings, Operation};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, state)).unwrap();
    t
}

fn key(state: &mut State, c: KeyCode) {
    update(state, Event::Key(KeyEvent::from(c)));
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        key(state, KeyCode::Char(c));
    }
}

fn clear(state: &mut State) {
    update(
        state,
        Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
}

/// `orders` selected (PITR on), the menu open and operation 9 chosen.
async fn time_page(w: u16, h: u16) -> State {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb, (w, h)).await;
    for _ in 0..6 {
        key(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(s.inventory.tables.selected_name(), Some("orders"));
    key(&mut s, KeyCode::Char('o'));
    key(&mut s, KeyCode::Char('9'));
    s
}

/// On to the new-table page: a time inside the window, the proposed name.
async fn new_table_page(w: u16, h: u16) -> State {
    let mut s = time_page(w, h).await;
    type_text(&mut s, "2026-11-22T00:00:00Z");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Enter);
    s
}

fn page(s: &State) -> &NewTablePage {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::NewTable(page))) => page,
        other => panic!("not on the new-table page: {other:?}"),
    }
}

fn planned(s: &State) -> &Operation {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Plan { plan, .. })) => &plan.operation,
        other => panic!("not on the plan: {other:?}"),
    }
}

#[tokio::test]
async fn time_page_at_160x45() {
    let s = time_page(160, 45).await;
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::EnterTime { .. }))
    ));
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}

/// A time outside the window is refused where it was typed.
#[tokio::test]
async fn time_outside_the_window_at_90x25() {
    let mut s = time_page(90, 25).await;
    type_text(&mut s, "2020-01-01T00:00:00Z");
    key(&mut s, KeyCode::Enter);
    let t = render(&s, 90, 25);
    let text = format!("{:?}", t.backend());
    assert!(text.contains("outside the restorable window"), "{text}");
    insta::assert_snapshot!(t.backend());
}

/// The name page proposes `orders-restored`; an existing name is refused
/// where it was typed.
#[tokio::test]
async fn name_of_an_existing_table_at_90x25() {
    let mut s = time_page(90, 25).await;
    type_text(&mut s, "latest");
    key(&mut s, KeyCode::Enter);
    let Some(Modal::Wizard(Wizard::EnterName { input, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    assert_eq!(input.value(), "orders-restored");
    clear(&mut s);
    type_text(&mut s, "customers");
    key(&mut s, KeyCode::Enter);
    let t = render(&s, 90, 25);
    assert!(format!("{:?}", t.backend()).contains("already exists"));
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn new_table_page_at_90x25() {
    let s = new_table_page(90, 25).await;
    let p = page(&s);
    assert!(p.pitr && p.protection);
    // The source's recovery period is proposed.
    assert_eq!(p.days.value(), "35");
    insta::assert_snapshot!(render(&s, 90, 25).backend());
}

#[tokio::test]
async fn new_table_page_at_160x45() {
    let s = new_table_page(160, 45).await;
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}

/// A recovery period AWS would refuse is said under the field, which keeps
/// the cursor; PITR turned off needs no period.
#[tokio::test]
async fn a_bad_recovery_period_is_refused_where_typed_at_90x25() {
    let mut s = new_table_page(90, 25).await;
    key(&mut s, KeyCode::Down);
    assert!(page(&s).in_field());
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Backspace);
    type_text(&mut s, "90");
    key(&mut s, KeyCode::Enter);
    assert!(page(&s).error.as_deref().unwrap().contains("1 to 35"));
    insta::assert_snapshot!(render(&s, 90, 25).backend());
    // Up to PITR, off: the period is not asked, and the plan follows.
    key(&mut s, KeyCode::Up);
    key(&mut s, KeyCode::Char('n'));
    assert!(!page(&s).pitr && page(&s).error.is_none());
    key(&mut s, KeyCode::Enter);
    let Operation::PitrToNew { new_table, .. } = planned(&s) else {
        panic!()
    };
    assert_eq!(
        *new_table,
        NewTableSettings {
            pitr_days: None,
            protection: true
        }
    );
}

#[tokio::test]
async fn plan_at_90x25() {
    let mut s = new_table_page(90, 25).await;
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Backspace);
    type_text(&mut s, "7");
    key(&mut s, KeyCode::Enter);
    let Operation::PitrToNew {
        table,
        at,
        target,
        new_table,
    } = planned(&s)
    else {
        panic!()
    };
    assert_eq!(table.as_str(), "orders");
    assert!(matches!(at, PitrTarget::At(_)));
    assert_eq!(target.as_str(), "orders-restored");
    assert_eq!(*new_table, NewTableSettings::both_on(7));
    insta::assert_snapshot!(render(&s, 90, 25).backend());
}

#[tokio::test]
async fn plan_at_160x45() {
    let mut s = new_table_page(160, 45).await;
    key(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}

/// Operation 4 goes through the same page: protection switched off, PITR
/// kept with the proposed period.
#[tokio::test]
async fn a_backup_restore_asks_the_same_questions() {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb, (120, 40)).await;
    for _ in 0..6 {
        key(&mut s, KeyCode::Char('j'));
    }
    key(&mut s, KeyCode::Char('o'));
    key(&mut s, KeyCode::Char('4'));
    key(&mut s, KeyCode::Enter); // the newest backup
    key(&mut s, KeyCode::Enter); // the proposed name
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    assert_eq!(page(&s).row, NewTablePage::PROTECTION_ROW);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Enter);
    let Operation::RestoreFromBackup { new_table, .. } = planned(&s) else {
        panic!()
    };
    assert_eq!(
        *new_table,
        NewTableSettings {
            pitr_days: Some(35),
            protection: false
        }
    );
}
