#![allow(dead_code)]

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
        sb.insert_table(
            &name,
            TableData {
                items: n * 1_000,
                size_bytes: n * 750_000,
                version: n,
            },
            (i % 3 != 0).then_some(35),
        );
        sb.insert_recovery_points(&name, POINTS_PER_TABLE);
    }
    Arc::new(sb)
}

pub async fn loaded_state(sb: Arc<Sandbox>, size: (u16, u16)) -> State {
    let mut state = State::new(sb.info(), false, Keymap::default(), Utc::now());
    update(
        &mut state,
        Event::Resize {
            width: size.0,
            height: size.1,
        },
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let opts = LoadOptions {
        vault: Some(seed::VAULT.into()),
        concurrency: 16,
    };
    let loader = tokio::spawn(inventory::load(sb, opts, tx));
    while let Some(ev) = rx.recv().await {
        update(&mut state, Event::Inventory(ev));
    }
    let _ = loader.await;
    state
}

/// The same inventory as `big_sandbox` would load, as the events the loader
/// sends, made without a sandbox in the process (to measure the console
/// alone).
pub fn synthetic_events() -> impl Iterator<Item = dynamo_dr::inventory::InventoryEvent> {
    use dynamo_dr::domain::{
        BillingMode, Lifecycle, PitrStatus, PitrWindow, RecoveryPoint, RecoveryPointStatus,
        StorageClass, Table, TableStatus,
    };
    use dynamo_dr::inventory::InventoryEvent;
    let now = Utc::now();
    let name = |i: usize| format!("service-{:02}-table-{i:05}", i % 37);
    let arn = move |i: usize| {
        format!(
            "arn:aws:dynamodb:ca-central-1:111122223333:table/{}",
            name(i)
        )
    };
    let names = InventoryEvent::TableNames((0..TABLES).map(name).collect());
    let tables = (0..TABLES).map(move |i| InventoryEvent::TableLoaded {
        name: name(i),
        table: Table {
            name: name(i),
            arn: arn(i),
            status: TableStatus::Active,
            item_count: i as u64 * 1_000,
            size_bytes: i as u64 * 750_000,
            billing: BillingMode::PayPerRequest,
            deletion_protection: i % 2 == 0,
            global_secondary_indexes: vec!["by-customer".into()],
            created_at: Some(now),
        },
        pitr: PitrStatus {
            enabled: true,
            recovery_period_days: Some(35),
            window: Some(PitrWindow {
                earliest: now - chrono::Duration::days(35),
                latest: now,
            }),
        },
    });
    let points = (0..TABLES)
        .flat_map(move |i| {
            (0..POINTS_PER_TABLE).map(move |m| {
                let created = now - chrono::Duration::days(i64::from(m) * 30);
                RecoveryPoint {
                    arn: format!(
                        "{}/backup/{:013}-{:08x}",
                        arn(i),
                        created.timestamp_millis(),
                        i * 16 + m as usize
                    ),
                    resource_arn: arn(i),
                    created_at: created,
                    status: RecoveryPointStatus::Completed,
                    storage: StorageClass::Cold,
                    lifecycle: Lifecycle::default(),
                    size_bytes: Some(1_000_000),
                    made_by: None,
                }
            })
        })
        .collect();
    std::iter::once(names).chain(tables).chain([
        InventoryEvent::Backups(Ok(Vec::new())),
        InventoryEvent::RecoveryPoints(Ok(points)),
        InventoryEvent::Jobs(Ok(Vec::new())),
        InventoryEvent::Finished,
    ])
}
