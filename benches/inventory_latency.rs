//! The inventory loader against a slow network: a sandbox of 1,000 tables
//! where every backend call takes 20 ms, loaded with `inventory::collect` at
//! concurrency 16 and at concurrency 1 in the same run. Prints both wall
//! times, the speed-up (target: at least 10×) and the critical-path bound the
//! concurrent load cannot beat, with the ratio measured / bound (target:
//! within 2×).
//!
//! `cargo bench --bench inventory_latency` runs the full size. Under
//! `cargo test` (no `--bench` argument) it runs a 20-table, 1 ms smoke version
//! so the bench keeps compiling and working without slowing the tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use dynamo_dr::inventory::{self, Inventory, LoadOptions};
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, TableData, seed};

/// What the sandbox answers per ListTables call: every name in one page.
const LIST_TABLES_PAGES: u32 = 1;
/// ListBackups, ListRecoveryPoints and ListJobs run one after the other,
/// alongside the tables.
const SIDE_CALLS: u32 = 3;

struct Size {
    tables: usize,
    latency: Duration,
    concurrency: usize,
}

fn sandbox(size: &Size) -> Arc<Sandbox> {
    let sb = Sandbox::empty(SandboxOptions {
        latency: size.latency,
        ..SandboxOptions::default()
    });
    for i in 0..size.tables {
        let n = i as u64;
        sb.insert_table(
            &format!("service-{:02}-table-{i:05}", i % 37),
            TableData {
                items: n * 1_000,
                size_bytes: n * 750_000,
                version: n,
            },
            (i % 3 != 0).then_some(35),
        );
    }
    Arc::new(sb)
}

fn load(rt: &tokio::runtime::Runtime, size: &Size, concurrency: usize) -> (Duration, Inventory) {
    let sb = sandbox(size);
    let opts = LoadOptions {
        vault: Some(seed::VAULT.into()),
        concurrency,
    };
    let start = Instant::now();
    let inv = rt.block_on(inventory::collect(sb, opts));
    let took = start.elapsed();
    assert!(inv.is_complete(), "{:?}", inv.errors);
    assert_eq!(inv.tables.len(), size.tables);
    assert!(
        inv.tables
            .iter()
            .all(|t| t.table.is_some() && t.pitr.is_some())
    );
    (took, inv)
}

/// The shortest the load can take at `concurrency`: the table path (ListTables
/// pages in sequence, then ceil(n / concurrency) rounds of one latency each,
/// since a table's two calls run together) or the side listings, whichever is
/// longer. Returns the bound and which path binds.
fn critical_path(size: &Size, concurrency: usize) -> (Duration, &'static str) {
    let rounds = size.tables.div_ceil(concurrency) as u32;
    let tables = size.latency * (LIST_TABLES_PAGES + rounds);
    let side = size.latency * SIDE_CALLS;
    if tables >= side {
        (tables, "table path (ListTables + per-table rounds)")
    } else {
        (side, "side listings (backups, points, jobs)")
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let full = args.iter().any(|a| a == "--bench");
    let size = if full {
        Size {
            tables: 1_000,
            latency: Duration::from_millis(20),
            concurrency: 16,
        }
    } else {
        Size {
            tables: 20,
            latency: Duration::from_millis(1),
            concurrency: 16,
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();

    let (concurrent, _) = load(&rt, &size, size.concurrency);
    let (serial, _) = load(&rt, &size, 1);
    let speedup = serial.as_secs_f64() / concurrent.as_secs_f64();
    let (bound, binds) = critical_path(&size, size.concurrency);
    let ratio = concurrent.as_secs_f64() / bound.as_secs_f64();
    let (serial_bound, _) = critical_path(&size, 1);

    println!(
        "inventory_latency: {} tables, {} ms per call{}",
        size.tables,
        ms(size.latency),
        if full { "" } else { " (smoke run)" }
    );
    println!(
        "  concurrency {:>2}: {:>9.1} ms   (bound {:.0} ms: {binds}; measured/bound {ratio:.2})",
        size.concurrency,
        ms(concurrent),
        ms(bound)
    );
    println!(
        "  concurrency  1: {:>9.1} ms   (bound {:.0} ms; measured/bound {:.2})",
        ms(serial),
        ms(serial_bound),
        serial.as_secs_f64() / serial_bound.as_secs_f64()
    );
    println!("  speed-up: {speedup:.1}×");

    // Nothing beats the critical path; the smoke run checks only that.
    assert!(concurrent >= bound, "faster than the critical path?");
    assert!(concurrent < serial, "concurrency did not help");
    if full {
        assert!(speedup >= 10.0, "speed-up {speedup:.1}× is under 10×");
        assert!(ratio <= 2.0, "{ratio:.2}× the critical-path bound");
    }
}
