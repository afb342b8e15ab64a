//! Operation 11 "Repair in place" on screen, at the smallest supported
//! size (90x25) and a large one (160x45): the page choosing the copy to
//! repair from (a source the table lacks says why) and the diff's choice
//! dialog (classes, the keys that differ, the selected key's then → now,
//! what Enter writes and costs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, Modal, QuestionModal, State, update};
use dynamo_dr::repair::{AttrDelta, RepairClass, RepairCounts, RepairRow};
use dynamo_dr::ui;
use dynamo_dr::workflow::{Question, RepairQuestion};
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

/// The sandbox with `table` selected.
async fn selected(table: &str, w: u16, h: u16) -> State {
    let (sb, _clock) = common::sandbox();
    let mut s = common::loaded_state(sb, (w, h)).await;
    press(&mut s, KeyCode::Char('/'));
    for c in table.chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.inventory.tables.selected_name(), Some(table));
    s
}

/// The repair's source page of `sessions` (PITR off in the sandbox).
async fn source_page(w: u16, h: u16) -> State {
    let mut s = selected("sessions", w, h).await;
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Char('R'));
    // On the PITR row: unavailable, and why.
    press(&mut s, KeyCode::Up);
    press(&mut s, KeyCode::Up);
    press(&mut s, KeyCode::Up);
    s
}

#[tokio::test]
async fn repair_source_page_90x25() {
    let s = source_page(90, 25).await;
    let t = render(&s, 90, 25);
    let text = screen_text(&t);
    assert!(text.contains("a time in its PITR window"), "{text}");
    assert!(
        text.contains("unavailable: PITR is off on sessions"),
        "{text}"
    );
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn repair_source_page_160x45() {
    let s = source_page(160, 45).await;
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}

/// What a repair's diff of `orders` found: more keys than the question
/// carries, the third selected.
fn question() -> RepairQuestion {
    let mut rows = Vec::new();
    for i in 0..30 {
        let (class, then, now) = match i % 3 {
            0 => (RepairClass::Deleted, Some(format!("{}", 10 + i)), None),
            1 => (
                RepairClass::Changed,
                Some("paid".to_owned()),
                Some("cancelled".to_owned()),
            ),
            _ => (RepairClass::Created, None, Some("new".to_owned())),
        };
        rows.push(RepairRow {
            class,
            key: format!("pk=order-{i:03}"),
            attrs: vec![
                AttrDelta {
                    name: "status".into(),
                    then,
                    now,
                },
                AttrDelta {
                    name: "total".into(),
                    then: Some("12.50".into()),
                    now: Some("0".into()),
                },
            ],
        });
    }
    RepairQuestion {
        table: "orders".into(),
        source: "orders--repair-Dec-01-2026-10-30-00 (orders at 2026-12-01 10:00:00 UTC)".into(),
        counts: RepairCounts {
            deleted: 120,
            changed: 45,
            created: 7,
            deleted_units: 150,
            changed_units: 45,
            created_units: 7,
        },
        rows,
        file: "~/.local/state/dynamo-dr/sandbox/journal/run.repair.json".into(),
        write_rate: 500,
    }
}

async fn choice(w: u16, h: u16) -> State {
    let mut s = selected("orders", w, h).await;
    s.view.modal = Some(Modal::Question(QuestionModal::new(
        1,
        Question::RepairChoice(Box::new(question())),
    )));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    s
}

#[tokio::test]
async fn repair_choice_90x25() {
    let s = choice(90, 25).await;
    let t = render(&s, 90, 25);
    let text = screen_text(&t);
    assert!(text.contains("[x] 1 deleted since"), "{text}");
    assert!(text.contains("[ ] 3 created since"), "{text}");
    assert!(text.contains("30 of 172 shown"), "{text}");
    assert!(text.contains("status: (absent) → new"), "{text}");
    assert!(
        text.contains("write back 165 items (195 write units, ~1s at 500 write units/s)"),
        "{text}"
    );
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn repair_choice_160x45() {
    let s = choice(160, 45).await;
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}

#[tokio::test]
async fn repair_choice_filtered_160x45() {
    let mut s = choice(160, 45).await;
    press(&mut s, KeyCode::Char('/'));
    for c in "order-01".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    let t = render(&s, 160, 45);
    let text = screen_text(&t);
    assert!(text.contains("filter: order-01▏"), "{text}");
    assert!(text.contains("10 of 172 shown"), "{text}");
    insta::assert_snapshot!(t.backend());
}

/// The footer names the undo key on a finished repair in Jobs, and only
/// there.
#[tokio::test]
async fn the_footer_offers_undo_on_a_finished_repair_only() {
    use dynamo_dr::app::{OpKind, Pane, RunView};
    use dynamo_dr::domain::TableName;
    use dynamo_dr::workflow::Outcome;
    let mut s = selected("orders", 160, 45).await;
    let footer = |s: &State| {
        let text = screen_text(&render(s, 160, 45));
        text.lines().last().unwrap().to_owned()
    };
    for (kind, offered) in [(OpKind::CreateBackup, false), (OpKind::Repair, true)] {
        let plan =
            dynamo_dr::workflow::plan(&kind.example(TableName::parse("orders").unwrap()), s.now);
        let mut run = RunView::new(1, &plan, s.now);
        run.finish(Outcome::Completed { remaining: vec![] }, s.now);
        s.runs.ours = vec![run];
        s.view.focus = Pane::Jobs;
        s.view.jobs_cursor.top();
        let line = footer(&s);
        assert_eq!(line.contains("u undo repair"), offered, "{kind:?}: {line}");
    }
}
