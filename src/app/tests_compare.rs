//! Operation "Compare with a table" in the reducer: the proposed table,
//! the typed name's rules, read-only mode letting it run, the outcome on
//! the run row and the result view.

#![allow(clippy::unwrap_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::domain::{BillingMode, PitrStatus, Table, TableName, TableStatus};
use crate::inventory::InventoryEvent;
use crate::verify::{DiffCounts, DiffKind};
use crate::workflow::{ComparedKey, Comparison, Operation, Outcome};

fn loaded(names: &[&str]) -> State {
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
    for (i, name) in names.into_iter().enumerate() {
        let table = Table {
            name: name.clone(),
            arn: format!("arn:aws:dynamodb:ca-central-1:111122223333:table/{name}"),
            status: TableStatus::Active,
            item_count: 1_000 * (i as u64 + 1),
            size_bytes: 100,
            billing: BillingMode::PayPerRequest,
            deletion_protection: false,
            global_secondary_indexes: vec![],
            created_at: None,
        };
        update(
            &mut s,
            Event::Inventory(InventoryEvent::TableLoaded {
                name,
                table,
                pitr: PitrStatus::disabled(),
            }),
        );
    }
    update(&mut s, Event::Inventory(InventoryEvent::Finished));
    s
}

fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::from(code)))
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// Selects `table` (by filter) and opens its comparison page.
fn open_compare(s: &mut State, table: &str) {
    press(s, KeyCode::Char('/'));
    for _ in 0..40 {
        press(s, KeyCode::Backspace);
    }
    type_text(s, table);
    press(s, KeyCode::Enter);
    assert_eq!(s.inventory.tables.selected_name(), Some(table));
    press(s, KeyCode::Char('o'));
    let digit = char::from_digit((OpKind::Compare.number() % 10) as u32, 10).unwrap();
    press(s, KeyCode::Char(digit));
}

/// The comparison page's field and error.
fn field(s: &State) -> (String, Option<String>) {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::EnterOther { input, error, .. })) => {
            (input.value().to_owned(), error.clone())
        }
        other => panic!("not the comparison page: {other:?}"),
    }
}

fn clear_field(s: &mut State) {
    for _ in 0..80 {
        press(s, KeyCode::Backspace);
    }
}

#[test]
fn a_restored_name_proposes_its_source_and_anything_else_is_typed() {
    let mut s = loaded(&["orders", "orders-restored-2", "payments", "solo-table"]);
    open_compare(&mut s, "orders-restored-2");
    assert_eq!(field(&s), ("orders".to_owned(), None));
    press(&mut s, KeyCode::Esc);
    // No restore is known of it and its name tells nothing: typed.
    open_compare(&mut s, "solo-table");
    assert_eq!(field(&s), (String::new(), None));
}

#[test]
fn a_finished_restores_journal_proposes_its_source_over_the_name() {
    let mut s = loaded(&["orders", "payments", "payments-restored"]);
    update(
        &mut s,
        Event::Interrupted(crate::recovery::JournalScan {
            restored: vec![("payments-restored".into(), "orders".into())],
            ..Default::default()
        }),
    );
    open_compare(&mut s, "payments-restored");
    assert_eq!(field(&s).0, "orders");
}

#[test]
fn a_bad_other_table_is_refused_where_it_is_typed() {
    let mut s = loaded(&["orders", "payments"]);
    open_compare(&mut s, "orders");
    for (typed, says) in [
        ("", "type the name of the table to compare with"),
        ("no", "at least 3 characters"),
        ("bad name!", "not allowed in a table name"),
        ("orders", "is the selected table"),
        ("ghost-table", "no table ghost-table in this account"),
    ] {
        clear_field(&mut s);
        type_text(&mut s, typed);
        press(&mut s, KeyCode::Enter);
        let (value, error) = field(&s);
        assert_eq!(value, typed);
        let error = error.unwrap_or_default();
        assert!(error.contains(says), "{typed:?}: {error}");
    }
    clear_field(&mut s);
    type_text(&mut s, "payments");
    press(&mut s, KeyCode::Enter);
    let Some(Modal::Wizard(Wizard::Plan { plan, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    // Both tables' item counts feed the estimate.
    assert_eq!(
        plan.operation,
        Operation::CompareTables {
            table: TableName::parse("orders").unwrap(),
            other: TableName::parse("payments").unwrap(),
            items: 3_000,
        }
    );
}

#[test]
fn read_only_mode_runs_a_comparison_but_still_refuses_a_change() {
    let mut s = loaded(&["orders", "orders-restored"]);
    s.header.read_only_flag = true;
    open_compare(&mut s, "orders-restored");
    assert!(menu_refusal(&s, "orders-restored", OpKind::Compare).is_none());
    assert!(refusal_of(&s, "orders-restored", OpKind::Compare).is_none());
    assert!(matches!(
        refusal_of(&s, "orders-restored", OpKind::CreateBackup),
        Some(Refusal::ReadOnly(_))
    ));
    press(&mut s, KeyCode::Enter);
    let commands = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(commands.as_slice(), [Command::StartRun { .. }]),
        "{commands:?} {:?}",
        s.view.flash
    );
}

fn comparison(keys: usize) -> Comparison {
    let kinds = [DiffKind::Missing, DiffKind::Extra, DiffKind::Changed];
    Comparison {
        table: TableName::parse("orders-restored").unwrap(),
        other: TableName::parse("orders").unwrap(),
        table_items: 1_000,
        other_items: 1_001,
        equal: keys == 0,
        counts: DiffCounts {
            missing: keys as u64,
            extra: 0,
            changed: 0,
        },
        total: keys as u64 + 5,
        keys: (0..keys)
            .map(|i| ComparedKey {
                kind: kinds[i % 3],
                key: format!("pk=order-{i:04}"),
            })
            .collect(),
        file: Some("/state/journal/run.differences.json".into()),
        elapsed_secs: 2.0,
    }
}

/// Starts a comparison and lets it find `c`, as the engine would report.
fn compared(s: &mut State, c: Comparison) {
    open_compare(s, "orders-restored");
    press(s, KeyCode::Enter);
    press(s, KeyCode::Enter);
    let job = s.runs.ours[0].job;
    update(
        s,
        Event::Run(RunEvent::Compared {
            job,
            comparison: Box::new(c),
        }),
    );
    update(
        s,
        Event::Run(RunEvent::Finished {
            job,
            outcome: Outcome::Completed { remaining: vec![] },
        }),
    );
}

#[test]
fn the_run_row_reads_the_counts_and_enter_or_details_opens_the_result() {
    let mut s = loaded(&["orders", "orders-restored"]);
    compared(&mut s, comparison(40));
    assert_eq!(
        s.runs.ours[0].summary(),
        "differs: 40 missing · 0 extra · 0 changed"
    );
    assert_eq!(s.view.focus, Pane::Jobs);
    press(&mut s, KeyCode::Char('d'));
    let Some(Modal::Comparison(m)) = s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    // 40 keys and the line for the 5 more only in the file, scrolled by
    // the rows the box shows: the end of the list is reached, not passed.
    let c = s.runs.ours[0].comparison.clone().unwrap();
    let rows = ComparisonModal::rows(&c, s.view.size);
    assert_eq!(rows.keys.len(), 41);
    assert_eq!(rows.keys[40].1, "and 5 more in the file");
    for _ in 0..100 {
        press(&mut s, KeyCode::Char('j'));
    }
    let Some(Modal::Comparison(after)) = s.view.modal else {
        panic!()
    };
    assert_eq!(after.job, m.job);
    assert_eq!(after.scroll.hidden(41, rows.shown), (41 - rows.shown, 0));
    press(&mut s, KeyCode::Esc);
    assert!(s.view.modal.is_none());
    // Enter on the run opens it too, instead of the operations menu.
    press(&mut s, KeyCode::Enter);
    assert!(matches!(s.view.modal, Some(Modal::Comparison(_))));
}

#[test]
fn an_equal_comparison_reads_equal_on_its_row() {
    let mut s = loaded(&["orders", "orders-restored"]);
    compared(&mut s, comparison(0));
    assert_eq!(s.runs.ours[0].summary(), "equal: 1,000 items");
}
