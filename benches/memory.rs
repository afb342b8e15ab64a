//! Peak resident memory of the console's state with the 10,000-table,
//! 100,000-recovery-point inventory loaded and drawn. Target: under 60 MB.
//! Reads VmHWM from /proc/self/status (Linux). The figure includes the
//! simulated account itself, so the console's own share is smaller.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/fixture.rs"]
mod fixture;

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
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let sb = fixture::big_sandbox();
    let after_account = kib("VmHWM:");
    let state = rt.block_on(fixture::loaded_state(sb.clone(), (200, 60)));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    for _ in 0..10 {
        terminal.draw(|f| ui::draw(f, &state)).unwrap();
    }
    let peak = kib("VmHWM:");
    drop(sb);
    println!("tables: {}, recovery points: {}", state.tables.total(), state.recovery.points.values().map(Vec::len).sum::<usize>());
    println!("peak RSS before anything:        {:>7.1} MB", baseline as f64 / 1024.0);
    println!("peak RSS with the sandbox built: {:>7.1} MB", after_account as f64 / 1024.0);
    println!("peak RSS with inventory + frames:{:>7.1} MB (target < 60 MB)", peak as f64 / 1024.0);
}
