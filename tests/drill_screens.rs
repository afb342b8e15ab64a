//! Operation "DR drill" on screen at the smallest supported size (90x25)
//! and a large one (160x45): the page choosing the copy to restore (a
//! source the table lacks says why) and the plan (the scratch table, the
//! checks, the final delete without a fallback backup).

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

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let width = buf.area.width as usize;
    buf.content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(state: &mut State, c: KeyCode) {
    update(state, Event::Key(KeyEvent::from(c)));
}

/// The drill's source page of `table`.
async fn source_page(table: &str, w: u16, h: u16) -> State {
    let (sb, _clock) = common::sandbox();
    let mut s = common::loaded_state(sb, (w, h)).await;
    press(&mut s, KeyCode::Char('/'));
    for c in table.chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.inventory.tables.selected_name(), Some(table));
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Char('d'));
    s
}

#[tokio::test]
async fn drill_source_page_90x25() {
    // feature-flags has PITR off in the sandbox (a recovery point only).
    let mut s = source_page("feature-flags", 90, 25).await;
    press(&mut s, KeyCode::Down);
    let t = render(&s, 90, 25);
    let text = screen_text(&t);
    assert!(
        text.contains("DR drill · feature-flags · restore from"),
        "{text}"
    );
    assert!(
        text.contains("unavailable: PITR is off on feature-flags"),
        "{text}"
    );
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn drill_plan_160x45() {
    let mut s = source_page("orders", 160, 45).await;
    press(&mut s, KeyCode::Enter);
    let t = render(&s, 160, 45);
    let text = screen_text(&t);
    assert!(text.contains("orders--drill-"), "{text}");
    assert!(text.contains("no fallback backup"), "{text}");
    insta::assert_snapshot!(t.backend());
}
