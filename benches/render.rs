//! One full frame at 200×60 with 10,000 tables and 100,000 recovery points
//! loaded. Target: median under 1 ms (only visible rows are built).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/fixture.rs"]
mod fixture;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, update};
use dynamo_dr::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut state = rt.block_on(fixture::loaded_state(fixture::big_sandbox(), (200, 60)));
    assert_eq!(state.inventory.tables.total(), fixture::TABLES);
    let points: usize = state.inventory.recovery.point_count();
    assert_eq!(points, fixture::TABLES * fixture::POINTS_PER_TABLE as usize);
    // Somewhere in the middle of the list, as an operator scrolling would be.
    for _ in 0..5_000 {
        update(&mut state, Event::Key(KeyEvent::from(KeyCode::Char('j'))));
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("full frame 200x60, 10k tables, 100k recovery points", |b| {
        b.iter(|| {
            // A changed spinner frame forces a real redraw each time.
            let now = state.now;
            update(&mut state, Event::Tick(now));
            terminal.draw(|f| ui::draw(f, &state)).unwrap();
        })
    });
    c.bench_function("move selection + full frame (10k tables)", |b| {
        let mut down = true;
        b.iter(|| {
            let key = if down { 'j' } else { 'k' };
            down = !down;
            update(&mut state, Event::Key(KeyEvent::from(KeyCode::Char(key))));
            terminal.draw(|f| ui::draw(f, &state)).unwrap();
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
