//! The backup plans in the console, on the sandbox account: the Plans view
//! (the plans key), the Tables pane's Plan column and a recovery point's
//! "plan / rule", through the real reducer; and their screens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, State, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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

fn key(state: &mut State, c: KeyCode) {
    update(state, Event::Key(KeyEvent::from(c)));
}

async fn loaded(size: (u16, u16)) -> State {
    let (sb, _) = common::sandbox();
    common::loaded_state(sb, size).await
}

fn select(s: &mut State, table: &str) {
    for _ in 0..20 {
        if s.inventory.tables.selected_name() == Some(table) {
            return;
        }
        key(s, KeyCode::Down);
    }
    panic!("no table {table}");
}

#[tokio::test]
async fn plans_view_at_90x25() {
    let mut s = loaded((90, 25)).await;
    key(&mut s, KeyCode::Char('P'));
    let t = render(&s, 90, 25);
    let screen = text(&t);
    assert!(screen.contains("prod-daily-monthly"), "{screen}");
    assert!(screen.contains("▼"), "the rest is below: {screen}");
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn plans_view_at_90x25_scrolled_to_the_tables_in_no_plan() {
    let mut s = loaded((90, 25)).await;
    key(&mut s, KeyCode::Char('P'));
    key(&mut s, KeyCode::End);
    let t = render(&s, 90, 25);
    let screen = text(&t);
    assert!(
        screen.contains("Tables in no plan: NameCacheAr, legacy_reports, sessions"),
        "{screen}"
    );
    assert!(screen.contains("▲ 7 more"), "{screen}");
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn plans_view_at_160x45() {
    let mut s = loaded((160, 45)).await;
    key(&mut s, KeyCode::Char('P'));
    let t = render(&s, 160, 45);
    let screen = text(&t);
    for want in [
        "rule daily",
        "next run",
        "→ sandbox-backup-vault-dr in us-west-2",
        "last job",
        "Tables in no plan",
    ] {
        assert!(screen.contains(want), "{want}: {screen}");
    }
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn tables_pane_with_the_plan_column_at_90x25() {
    let s = loaded((90, 25)).await;
    let t = render(&s, 90, 25);
    let screen = text(&t);
    assert!(screen.contains("Plan"), "{screen}");
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!("┃{name} ")))
            .unwrap_or_else(|| panic!("{name}: {screen}"))
            .to_owned()
    };
    assert!(row("legacy_reports").contains("no plan"));
    assert!(row("audit-log").contains("prod-daily"));
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn the_plan_column_steps_aside_on_a_narrow_pane() {
    // 120 wide: the panes sit side by side and the Tables pane is 60 wide.
    let s = loaded((120, 40)).await;
    let screen = text(&render(&s, 120, 40));
    let header = screen
        .lines()
        .find(|l| l.contains("Table ") && l.contains("Status"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(!header.contains("Plan"), "{header}");
    assert!(header.contains("Post"), "{header}");
}

#[tokio::test]
async fn recovery_rows_name_the_plan_and_rule_at_160x45() {
    let mut s = loaded((160, 45)).await;
    select(&mut s, "orders");
    key(&mut s, KeyCode::Tab);
    let t = render(&s, 160, 45);
    let screen = text(&t);
    assert!(screen.contains("prod-daily-monthly / monthly"), "{screen}");
    insta::assert_snapshot!(t.backend());
}
