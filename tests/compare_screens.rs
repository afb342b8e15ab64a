//! Operation "Compare with a table" on screen, at the smallest supported
//! size (90x25) and a large one (160x45): the page asking for the other
//! table (proposed from the restored table's name), the plan, and the
//! result view with its counts, its file and a scrolled list of keys.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, Modal, RunEvent, State, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::TableName;
use dynamo_dr::ui;
use dynamo_dr::verify::{DiffCounts, DiffKind};
use dynamo_dr::workflow::{ComparedKey, Comparison, OpKind, Outcome, StepStatus};
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

/// The sandbox after `orders` was restored to the side as
/// `orders-restored`, with that table selected and its comparison page
/// open.
async fn compare_page(w: u16, h: u16) -> State {
    let (sb, clock) = common::sandbox();
    let backup = sb.create_backup("orders", "orders-bk").await.unwrap();
    clock.advance(chrono::Duration::hours(1));
    sb.restore_table_from_backup("orders-restored", &backup.arn)
        .await
        .unwrap();
    clock.advance(chrono::Duration::hours(1));
    let mut s = common::loaded_state(sb, (w, h)).await;
    press(&mut s, KeyCode::Char('/'));
    for c in "orders-restored".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.inventory.tables.selected_name(), Some("orders-restored"));
    press(&mut s, KeyCode::Char('o'));
    let digit = char::from_digit((OpKind::Compare.number() % 10) as u32, 10).unwrap();
    press(&mut s, KeyCode::Char(digit));
    s
}

#[tokio::test]
async fn compare_page_proposes_the_source_90x25() {
    let s = compare_page(90, 25).await;
    let t = render(&s, 90, 25);
    assert!(screen_text(&t).contains("compare with: orders▏"));
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn compare_page_proposes_the_source_160x45() {
    let s = compare_page(160, 45).await;
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}

#[tokio::test]
async fn compare_plan_90x25() {
    let mut s = compare_page(90, 25).await;
    press(&mut s, KeyCode::Enter);
    let t = render(&s, 90, 25);
    assert!(screen_text(&t).contains("Compare orders-restored with orders"));
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn compare_plan_160x45() {
    let mut s = compare_page(160, 45).await;
    press(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}

/// What the run found: two missing, one extra, many changed, one key too
/// long for the box; more keys than the list keeps.
fn found() -> Comparison {
    let mut keys = vec![
        ComparedKey {
            kind: DiffKind::Missing,
            key: "pk=order-000017, sk=2026-11-22T02:59:01Z".into(),
        },
        ComparedKey {
            kind: DiffKind::Missing,
            key: format!("pk=order-000018, sk={}", "x".repeat(200)),
        },
        ComparedKey {
            kind: DiffKind::Extra,
            key: "pk=stray-1, sk=0".into(),
        },
    ];
    keys.extend((0..37).map(|i| ComparedKey {
        kind: DiffKind::Changed,
        key: format!("pk=order-{:06}, sk=2026-11-21T1{}:00:00Z", 100 + i, i % 10),
    }));
    Comparison {
        table: TableName::parse("orders-restored").unwrap(),
        other: TableName::parse("orders").unwrap(),
        table_items: 24_118,
        other_items: 24_119,
        equal: false,
        counts: DiffCounts {
            missing: 2,
            extra: 1,
            changed: 1_337,
        },
        total: 1_340,
        keys,
        file: Some(
            "/home/op/.local/state/dynamo-dr/sandbox/journal/2026-11-22T03-00-00Z-orders-restored-1.differences.json"
                .into(),
        ),
        elapsed_secs: 4.0,
    }
}

async fn result_view(w: u16, h: u16) -> State {
    let mut s = compare_page(w, h).await;
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    let job = s.runs.ours[0].job;
    let detail = format!("{} (read in 4 s)", found().headline());
    update(
        &mut s,
        Event::Run(RunEvent::Step {
            job,
            index: 0,
            status: StepStatus::Done {
                took: std::time::Duration::from_secs(4),
                detail: Some(detail),
            },
        }),
    );
    update(
        &mut s,
        Event::Run(RunEvent::Compared {
            job,
            comparison: Box::new(found()),
        }),
    );
    update(
        &mut s,
        Event::Run(RunEvent::Finished {
            job,
            outcome: Outcome::Completed { remaining: vec![] },
        }),
    );
    press(&mut s, KeyCode::Char('d'));
    assert!(matches!(s.view.modal, Some(Modal::Comparison(_))));
    s
}

#[tokio::test]
async fn compare_result_90x25() {
    let mut s = result_view(90, 25).await;
    press(&mut s, KeyCode::Char('j'));
    let t = render(&s, 90, 25);
    let text = screen_text(&t);
    assert!(
        text.contains("differs: 2 missing · 1 extra · 1,337 changed"),
        "{text}"
    );
    assert!(text.contains("▲ 1 more"), "{text}");
    assert!(text.contains("more "), "{text}");
    assert!(text.contains('…'), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn compare_result_160x45() {
    let s = result_view(160, 45).await;
    let t = render(&s, 160, 45);
    let text = screen_text(&t);
    assert!(
        text.contains("2026-11-22T03-00-00Z-orders-restored-1.differences.json"),
        "{text}"
    );
    insta::assert_snapshot!(t.backend());
}

/// Behind the result view, the run's row reads the counts.
#[tokio::test]
async fn the_run_row_reads_the_outcome() {
    let mut s = result_view(160, 45).await;
    press(&mut s, KeyCode::Esc);
    let text = screen_text(&render(&s, 160, 45));
    assert!(
        text.contains("differs: 2 missing · 1 extra · 1,337 changed"),
        "{text}"
    );
}
