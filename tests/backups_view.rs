//! The Backups view (`b`): every backup and recovery point of the sandbox
//! account, gone tables' and our leftovers marked; restore and delete from
//! it, through the real reducer and engine; and its screens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::app::App;
use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::backups::{self, Copy};
use dynamo_dr::app::{Command, Event, Modal, OpKind, State, Wizard, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::TempKind;
use dynamo_dr::workflow::{Operation, Outcome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ONLY_COPY: &str = "carts-v1--orig-";

fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dynamo_dr::ui::draw(f, state)).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let width = buf.area.width as usize;
    buf.content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(state: &mut State, c: KeyCode) -> Vec<Command> {
    update(state, Event::Key(KeyEvent::from(c)))
}

fn type_text(state: &mut State, text: &str) -> Vec<Command> {
    text.chars()
        .flat_map(|c| key(state, KeyCode::Char(c)))
        .collect()
}

async fn loaded(w: u16, h: u16) -> State {
    let (sb, _) = common::sandbox();
    common::loaded_state(sb, (w, h)).await
}

/// Opens the view and moves its cursor to the first row whose name starts
/// with `prefix`.
fn open_at(s: &mut State, prefix: &str) -> String {
    key(s, KeyCode::Char('b'));
    assert!(s.view.backups.is_some());
    let pos = backups::rows(s)
        .iter()
        .position(|r| r.copy.name().starts_with(prefix))
        .unwrap_or_else(|| panic!("no copy named {prefix}…"));
    for _ in 0..pos {
        key(s, KeyCode::Down);
    }
    let view = s.view.backups.clone().unwrap();
    backups::selected(s, &view).unwrap().copy.name().to_owned()
}

#[tokio::test]
async fn every_copy_is_listed_newest_first_with_gone_tables_and_leftovers() {
    let s = loaded(160, 45).await;
    let rows = backups::rows(&s);
    let total = s
        .inventory
        .recovery
        .backups
        .values()
        .map(Vec::len)
        .sum::<usize>()
        + s.inventory.recovery.point_count();
    assert_eq!(rows.len(), total);
    assert!(
        rows.windows(2)
            .all(|w| w[0].copy.created_at() >= w[1].copy.created_at())
    );
    assert!(rows.iter().any(|r| matches!(r.copy, Copy::Point(_))));
    // carts-v1 was deleted long ago: its --orig backup is listed, marked.
    let carts = rows
        .iter()
        .find(|r| r.copy.name().starts_with(ONLY_COPY))
        .unwrap();
    assert!(carts.gone);
    assert_eq!(carts.leftover, Some(TempKind::Orig));
    assert!(carts.only_copy);
    // A table that exists is not gone; one with several copies is no only copy.
    let orders = rows.iter().find(|r| r.copy.table() == "orders").unwrap();
    assert!(!orders.gone && !orders.only_copy);
    assert!(rows.iter().any(|r| r.leftover == Some(TempKind::Dupe)));
}

#[tokio::test]
async fn backups_view_at_90x25() {
    let mut s = loaded(90, 25).await;
    key(&mut s, KeyCode::Char('b'));
    let t = render(&s, 90, 25);
    assert!(text(&t).contains("Backups ·"), "{}", text(&t));
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn backups_view_at_160x45_shows_a_gone_tables_leftover() {
    let mut s = loaded(160, 45).await;
    key(&mut s, KeyCode::Char('b'));
    let t = render(&s, 160, 45);
    assert!(text(&t).contains("carts-v1 (gone)"), "{}", text(&t));
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn details_show_the_whole_arn_and_esc_returns_to_the_view() {
    let mut s = loaded(90, 25).await;
    open_at(&mut s, ONLY_COPY);
    key(&mut s, KeyCode::Enter);
    let Some(Modal::Details(d)) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    assert!(
        d.lines
            .iter()
            .any(|l| l.starts_with("ARN: arn:aws:dynamodb:"))
    );
    assert!(d.lines.iter().any(|l| l == "Table: carts-v1 (gone)"));
    key(&mut s, KeyCode::Esc);
    assert!(s.view.modal.is_none());
    assert!(s.view.backups.is_some());
    key(&mut s, KeyCode::Esc);
    assert!(s.view.backups.is_none());
}

#[tokio::test]
async fn restore_opens_operation_4_with_the_copy_chosen_also_for_a_gone_table() {
    let mut s = loaded(90, 25).await;
    open_at(&mut s, ONLY_COPY);
    let arn = {
        let view = s.view.backups.clone().unwrap();
        backups::selected(&s, &view).unwrap().copy.arn().to_owned()
    };
    key(&mut s, KeyCode::Char('r'));
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::EnterName {
            kind,
            table,
            source,
            ..
        })) => {
            assert_eq!(*kind, OpKind::RestoreFromBackup);
            assert_eq!(table.as_str(), "carts-v1");
            assert_eq!(*source, dynamo_dr::app::NewFrom::Copy(arn));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn delete_confirmation_at_90x25_refuses_a_wrong_name() {
    let mut s = loaded(90, 25).await;
    let name = open_at(&mut s, "orders-pre-deploy");
    key(&mut s, KeyCode::Char('x'));
    type_text(&mut s, "orders");
    let cmds = key(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty());
    let t = render(&s, 90, 25);
    assert!(text(&t).contains("not its name"), "{}", text(&t));
    insta::assert_snapshot!(t.backend());
    // The right name starts the deletion at once: not the only copy.
    key(&mut s, KeyCode::Backspace);
    for _ in 0.."orders".len() {
        key(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, &name);
    let cmds = key(&mut s, KeyCode::Enter);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StartRun { plan, .. }]
            if matches!(&plan.operation, Operation::DeleteBackup { backup_name, .. } if *backup_name == name)
    ));
}

#[tokio::test]
async fn deleting_the_only_copy_of_a_table_asks_a_second_time() {
    let mut s = loaded(90, 25).await;
    let name = open_at(&mut s, ONLY_COPY);
    key(&mut s, KeyCode::Char('x'));
    type_text(&mut s, &name);
    let cmds = key(&mut s, KeyCode::Enter);
    assert!(
        cmds.is_empty(),
        "the name alone must not delete the only copy"
    );
    assert!(matches!(&s.view.modal, Some(Modal::DeleteBackup(c)) if c.typed));
    insta::assert_snapshot!("only_copy_at_90x25", render(&s, 90, 25).backend());
    update(
        &mut s,
        Event::Resize {
            width: 160,
            height: 45,
        },
    );
    insta::assert_snapshot!("only_copy_at_160x45", render(&s, 160, 45).backend());
    // Any other key keeps it.
    let cmds = key(&mut s, KeyCode::Char('n'));
    assert!(cmds.is_empty());
    assert!(s.view.modal.is_none());
    assert!(s.runs.ours.is_empty());
    // Again, and yes deletes.
    key(&mut s, KeyCode::Char('x'));
    type_text(&mut s, &name);
    key(&mut s, KeyCode::Enter);
    let cmds = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(cmds.as_slice(), [Command::StartRun { .. }]));
}

#[tokio::test]
async fn a_recovery_point_is_not_deleted_from_here() {
    let mut s = loaded(90, 25).await;
    key(&mut s, KeyCode::Char('b'));
    assert!(matches!(
        backups::selected(&s, s.view.backups.as_ref().unwrap())
            .unwrap()
            .copy,
        Copy::Point(_)
    ));
    let cmds = key(&mut s, KeyCode::Char('x'));
    assert!(cmds.is_empty());
    assert!(s.view.modal.is_none());
    assert!(s.view.flash.as_deref().unwrap().contains("recovery point"));
}

/// The whole way on the sandbox: the only copy of a gone table is deleted
/// by a run, after both confirmations, and the reload drops its row.
#[tokio::test]
async fn the_delete_runs_through_the_engine_and_the_backup_is_gone() {
    let mut app = App::start(false).await;
    let name = open_at(&mut app.state, ONLY_COPY);
    let arn = app
        .sb
        .list_backups(Some("carts-v1"))
        .await
        .unwrap()
        .remove(0)
        .arn;
    app.key(KeyCode::Char('x'));
    app.type_text(&name);
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('y'));
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    assert!(app.sb.describe_backup(&arn).await.is_err());
    assert!(
        !backups::rows(&app.state)
            .iter()
            .any(|r| r.copy.name() == name)
    );
}
