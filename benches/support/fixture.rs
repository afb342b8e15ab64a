//! A large account for benchmarks: 10,000 tables and 100,000 recovery points,
//! loaded through the real loader and reducer.

use std::sync::Arc;

use chrono::Utc;
use dynamo_dr::app::{Event, State, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::config::Keymap;
use dynamo_dr::inventory::{self, LoadOptions};
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, TableData, seed};

pub const TABLES: usize = 10_000;
pub const POINTS_PER_TABLE: u32 = 10;

pub fn big_sandbox() -> Arc<Sandbox> {
    let sb = Sandbox::empty(SandboxOptions::default());
    for i in 0..TABLES {
        let name = format!("service-{:02}-table-{i:05}", i % 37);
        let n = i as u64;
        sb.insert_table(&name, TableData { items: n * 1_000, size_bytes: n * 750_000, version: n }, (i % 3 != 0).then_some(35));
        sb.insert_recovery_points(&name, POINTS_PER_TABLE);
    }
    Arc::new(sb)
}

pub async fn loaded_state(sb: Arc<Sandbox>, size: (u16, u16)) -> State {
    let mut state = State::new(sb.info(), false, Keymap::default(), Utc::now());
    update(&mut state, Event::Resize { width: size.0, height: size.1 });
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let opts = LoadOptions { vault: Some(seed::VAULT.into()), concurrency: 16 };
    let loader = tokio::spawn(inventory::load(sb, opts, tx));
    while let Some(ev) = rx.recv().await {
        update(&mut state, Event::Inventory(ev));
    }
    let _ = loader.await;
    state
}
