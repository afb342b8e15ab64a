//! Operation 12 "Back up with AWS Backup" in the reducer: the menu's key,
//! the lifecycle page (blank is never; a lifecycle AWS Backup would refuse
//! is refused where it is typed, the cursor on the field to fix), the plan
//! it leads to, and the menu's refusal without a vault.

#![allow(clippy::unwrap_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::domain::{LifecycleDays, PitrStatus, Table, TableStatus};
use crate::inventory::InventoryEvent;
use crate::workflow::Operation;

/// `orders` loaded and ACTIVE, the checks passed, vault `vault` configured.
fn loaded(vault: Option<&str>) -> State {
    let mut s = super::tests_interrupted::state();
    s.inventory.recovery.vault = vault.map(str::to_owned);
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(vec!["orders".into()])),
    );
    let table = Table {
        name: "orders".into(),
        arn: "arn:aws:dynamodb:ca-central-1:111122223333:table/orders".into(),
        status: TableStatus::Active,
        item_count: 1_000,
        size_bytes: 100,
        billing: crate::domain::BillingMode::PayPerRequest,
        deletion_protection: false,
        global_secondary_indexes: vec![],
        created_at: None,
    };
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableLoaded {
            name: "orders".into(),
            table,
            pitr: PitrStatus::disabled(),
        }),
    );
    update(&mut s, Event::Inventory(InventoryEvent::Finished));
    update(&mut s, Event::Checks(Vec::new()));
    s
}

fn press(s: &mut State, code: KeyCode) {
    update(s, Event::Key(KeyEvent::from(code)));
}

fn typing(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// The menu opened and `B` pressed.
fn lifecycle_page(vault: Option<&str>) -> State {
    let mut s = loaded(vault);
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Char('B'));
    s
}

fn page(s: &State) -> &LifecyclePage {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Lifecycle(p))) => p,
        other => panic!("not the lifecycle page: {other:?}"),
    }
}

fn planned(s: &State) -> &Operation {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Plan { plan, .. })) => &plan.operation,
        other => panic!("not the plan: {other:?}"),
    }
}

#[test]
fn b_opens_the_lifecycle_page_and_blank_fields_mean_never() {
    let mut s = lifecycle_page(Some("vault-1"));
    assert_eq!(page(&s).row, LifecyclePage::COLD_ROW);
    assert_eq!(page(&s).vault, "vault-1");
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        planned(&s),
        &Operation::BackupWithAwsBackup {
            table: crate::domain::TableName::parse("orders").unwrap(),
            lifecycle: LifecycleDays::NEVER,
            vault: "vault-1".into(),
        }
    );
}

#[test]
fn typed_days_reach_the_plan() {
    let mut s = lifecycle_page(Some("vault-1"));
    typing(&mut s, "30");
    press(&mut s, KeyCode::Down);
    typing(&mut s, "365");
    press(&mut s, KeyCode::Enter);
    let Operation::BackupWithAwsBackup { lifecycle, .. } = planned(&s) else {
        panic!()
    };
    assert_eq!(
        *lifecycle,
        LifecycleDays {
            cold_after_days: Some(30),
            delete_after_days: Some(365),
        }
    );
}

#[test]
fn too_short_in_cold_is_refused_where_typed_on_the_delete_field() {
    let mut s = lifecycle_page(Some("vault-1"));
    typing(&mut s, "30");
    press(&mut s, KeyCode::Down);
    typing(&mut s, "100");
    press(&mut s, KeyCode::Enter);
    let p = page(&s);
    assert_eq!(p.row, LifecyclePage::DELETE_ROW);
    let error = p.error.as_deref().unwrap();
    assert!(error.contains("delete after 120 days or more"), "{error}");
    // Typing clears it; a good value goes on to the plan.
    press(&mut s, KeyCode::Backspace);
    assert_eq!(page(&s).error, None);
    press(&mut s, KeyCode::Backspace);
    typing(&mut s, "20");
    press(&mut s, KeyCode::Enter);
    assert!(matches!(planned(&s), Operation::BackupWithAwsBackup { .. }));
}

#[test]
fn letters_and_zero_days_are_refused_on_their_field() {
    let mut s = lifecycle_page(Some("vault-1"));
    // `j` and `k` are text here, not moves.
    typing(&mut s, "jk");
    press(&mut s, KeyCode::Enter);
    assert_eq!(page(&s).row, LifecyclePage::COLD_ROW);
    assert!(
        page(&s).error.as_deref().unwrap().contains("whole number"),
        "{:?}",
        page(&s).error
    );
    let mut s = lifecycle_page(Some("vault-1"));
    press(&mut s, KeyCode::Down);
    typing(&mut s, "0");
    press(&mut s, KeyCode::Enter);
    assert_eq!(page(&s).row, LifecyclePage::DELETE_ROW);
    assert!(page(&s).error.as_deref().unwrap().contains("1–36500"));
}

#[test]
fn without_a_vault_the_menu_refuses_operation_12_with_why() {
    let s = lifecycle_page(None);
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Menu { cursor, .. })) => {
            assert_eq!(*cursor, OpKind::AwsBackup.number() - 1);
        }
        other => panic!("left the menu: {other:?}"),
    }
    let why = menu_refusal(&s, "orders", OpKind::AwsBackup).unwrap();
    assert!(why.to_string().contains("no AWS Backup vault"), "{why}");
}

#[test]
fn escape_closes_the_page() {
    let mut s = lifecycle_page(Some("vault-1"));
    press(&mut s, KeyCode::Esc);
    assert!(s.view.modal.is_none());
}
