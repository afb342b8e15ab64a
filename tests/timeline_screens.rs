//! The recovery timeline in the console, on the sandbox account: opened
//! with its key on `orders`, its activity read from the sandbox as the
//! engine would, the bad deployment's burst two hours ago on the deletes
//! chart, the cursor moved before it; and its screens at 90x25 and 160x45,
//! loaded, loading and with the metrics unreadable.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Command, Event, Modal, State, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::ActivityQuery;
use dynamo_dr::sandbox::Sandbox;
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

fn key(state: &mut State, c: KeyCode) -> Vec<Command> {
    update(state, Event::Key(KeyEvent::from(c)))
}

/// Runs the timeline's loads against the sandbox, as the engine does.
async fn answer(sb: &Sandbox, state: &mut State, cmds: Vec<Command>) {
    for c in cmds {
        if let Command::LoadActivity {
            table,
            start,
            end,
            period_secs,
        } = c
        {
            let q = ActivityQuery {
                table: &table,
                start,
                end,
                period_secs,
            };
            let result = sb.table_activity(&q).await.map_err(|e| e.to_string());
            update(
                state,
                Event::Activity {
                    table: table.clone(),
                    start,
                    result,
                },
            );
        }
    }
}

/// The timeline of `orders`, opened and (when `load`) filled.
async fn opened(size: (u16, u16), load: bool) -> (Arc<Sandbox>, State) {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb.clone(), size).await;
    for _ in 0..20 {
        if s.inventory.tables.selected_name() == Some("orders") {
            break;
        }
        key(&mut s, KeyCode::Down);
    }
    assert_eq!(s.inventory.tables.selected_name(), Some("orders"));
    let cmds = key(&mut s, KeyCode::Char('T'));
    assert!(matches!(s.view.modal, Some(Modal::Timeline(_))));
    if load {
        answer(&sb, &mut s, cmds).await;
    }
    (sb, s)
}

#[tokio::test]
async fn the_burst_two_hours_ago_is_on_the_deletes_chart() {
    let (_, s) = opened((160, 45), true).await;
    let Some(Modal::Timeline(v)) = &s.view.modal else {
        panic!()
    };
    let screen = text(&render(&s, 160, 45));
    assert!(screen.contains("recovery timeline · orders"), "{screen}");
    assert!(screen.contains("deletes per minute"), "{screen}");
    // The deletes chart's tallest column is the burst's: two hours before
    // the right edge, of 24 hours over the inner width.
    let lines: Vec<&str> = screen.lines().collect();
    let deletes_title = lines
        .iter()
        .position(|l| l.contains("deletes per minute"))
        .unwrap();
    let top = lines[deletes_title + 1];
    let full: Vec<usize> = top
        .chars()
        .enumerate()
        .filter(|(_, c)| "▁▂▃▄▅▆▇█".contains(*c))
        .map(|(i, _)| i)
        .collect();
    assert!(!full.is_empty(), "{screen}");
    let inner = 158.0;
    let expected = 1.0 + inner * 22.0 / 24.0;
    for col in &full {
        assert!((*col as f64 - expected).abs() <= 2.0, "col {col}: {screen}");
    }
    assert!(v.pitr.is_some());
}

#[tokio::test]
async fn enter_before_the_burst_offers_operation_9_at_that_time() {
    let (sb, mut s) = opened((160, 45), true).await;
    let now = s.now;
    // From the window's latest restorable time, back past the burst.
    let mut cmds = Vec::new();
    for _ in 0..13 {
        cmds.extend(key(&mut s, KeyCode::Left));
    }
    answer(&sb, &mut s, cmds).await;
    let Some(Modal::Timeline(v)) = &s.view.modal else {
        panic!()
    };
    let at = v.cursor;
    assert!(at < now - Duration::hours(2), "{at}");
    assert!(at > now - Duration::hours(3), "{at}");
    let screen = text(&render(&s, 160, 45));
    assert!(screen.contains("in the PITR window"), "{screen}");
    key(&mut s, KeyCode::Enter);
    let screen = text(&render(&s, 160, 45));
    assert!(screen.contains("9 into a new table"), "{screen}");
    key(&mut s, KeyCode::Char('9'));
    let screen = text(&render(&s, 160, 45));
    let typed = dynamo_dr::domain::time::format_reference(at);
    assert!(screen.contains(&typed), "{typed}: {screen}");
}

#[tokio::test]
async fn screens() {
    for (w, h) in [(90, 25), (160, 45)] {
        let (_, s) = opened((w, h), true).await;
        let t = render(&s, w, h);
        insta::assert_snapshot!(format!("timeline_at_{w}x{h}"), t.backend());
    }
    let (_, s) = opened((90, 25), false).await;
    insta::assert_snapshot!("timeline_loading_at_90x25", render(&s, 90, 25).backend());
    let (_, mut s) = opened((90, 25), false).await;
    let start = match &s.view.modal {
        Some(Modal::Timeline(v)) => v.asked,
        _ => panic!(),
    };
    update(
        &mut s,
        Event::Activity {
            table: "orders".into(),
            start,
            result: Err("access denied: cloudwatch:GetMetricData".into()),
        },
    );
    let screen = text(&render(&s, 90, 25));
    assert!(
        screen.contains("metrics unreadable: access denied"),
        "{screen}"
    );
    assert!(screen.contains("nearest: "), "{screen}");
    insta::assert_snapshot!("timeline_unreadable_at_90x25", render(&s, 90, 25).backend());
}
