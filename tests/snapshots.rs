//! The screens, rendered through ratatui's TestBackend and compared with
//! reviewed snapshots (`cargo insta review` after an intended change).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, State, update};
use dynamo_dr::ui;
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

async fn main_state(w: u16, h: u16) -> State {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb, (w, h)).await;
    // Select `orders`, the table of the 3 a.m. story.
    for _ in 0..6 {
        key(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(s.tables.selected_name(), Some("orders"));
    s
}

#[tokio::test]
async fn main_screen_80x24() {
    let s = main_state(80, 24).await;
    insta::assert_snapshot!(render(&s, 80, 24).backend());
}

#[tokio::test]
async fn main_screen_200x60() {
    let s = main_state(200, 60).await;
    insta::assert_snapshot!(render(&s, 200, 60).backend());
}

#[tokio::test]
async fn recovery_pane_focused_with_a_cold_point_selected() {
    let mut s = main_state(120, 40).await;
    key(&mut s, KeyCode::Tab);
    for _ in 0..5 {
        key(&mut s, KeyCode::Char('j'));
    }
    insta::assert_snapshot!(render(&s, 120, 40).backend());
}

#[tokio::test]
async fn help_screen() {
    let mut s = main_state(100, 40).await;
    key(&mut s, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&s, 100, 40).backend());
}

#[tokio::test]
async fn filter_being_typed() {
    let mut s = main_state(80, 24).await;
    key(&mut s, KeyCode::Char('/'));
    key(&mut s, KeyCode::Char('a'));
    key(&mut s, KeyCode::Char('r'));
    insta::assert_snapshot!(render(&s, 80, 24).backend());
}

#[tokio::test]
async fn too_small_terminal() {
    let s = main_state(50, 12).await;
    insta::assert_snapshot!(render(&s, 50, 12).backend());
}

#[tokio::test]
async fn first_frame_while_loading() {
    let (sb, _) = common::sandbox();
    let s = State::new(
        dynamo_dr::backend::Backend::info(sb.as_ref()),
        false,
        Default::default(),
        common::fixed_now(),
    );
    insta::assert_snapshot!(render(&s, 80, 24).backend());
}
