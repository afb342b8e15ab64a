//! Peak resident memory of the console's state with the 10,000-table,
//! 100,000-recovery-point inventory loaded and drawn. Target: under 60 MB.
//! Reads VmHWM from /proc/self/status (Linux). The figure includes the
//! simulated account itself, so the console's own share is smaller.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/fixture.rs"]
mod fixture;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, State, update};
use dynamo_dr::config::Keymap;
use dynamo_dr::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    // Under `cargo test` (no --bench) the debug build would measure nothing
    // useful; the figures come from `cargo bench --bench memory`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let baseline = kib("VmHWM:");
    // The console alone: the loader's events, as they would stream in from
    // AWS, folded into the state, then frames drawn.
    let mut state = State::new(
        dynamo_dr::backend::BackendInfo {
            kind: dynamo_dr::backend::BackendKind::Aws,
            region: "ca-central-1".into(),
            endpoint: None,
            profile: None,
        },
        false,
        Keymap::default(),
        chrono::Utc::now(),
    );
    update(
        &mut state,
        Event::Resize {
            width: 200,
            height: 60,
        },
    );
    for ev in fixture::synthetic_events() {
        update(&mut state, Event::Inventory(ev));
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    for _ in 0..5_000 {
        update(&mut state, Event::Key(KeyEvent::from(KeyCode::Char('j'))));
    }
    for _ in 0..10 {
        terminal.draw(|f| ui::draw(f, &state)).unwrap();
    }
    let console = kib("VmHWM:");
    println!(
        "tables: {}, recovery points: {}",
        state.inventory.tables.total(),
        state.inventory.recovery.point_count()
    );
    println!(
        "peak RSS at start:                   {:>6.1} MB",
        baseline as f64 / 1024.0
    );
    println!(
        "peak RSS, inventory loaded + drawn:  {:>6.1} MB (target < 60 MB)",
        console as f64 / 1024.0
    );
}
