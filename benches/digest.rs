//! Digesting realistic ~1 KB items (the sandbox's generated orders: strings,
//! numbers, a map, a list, sets, binary, a padded body): canonical encoding
//! plus XXH3-128, one core. Target: at least 200,000 items/s.
//!
//! `cargo bench --bench digest` measures; under `cargo test` (no `--bench`)
//! criterion runs each function once, so setup stays small (4,096 items).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dynamo_dr::domain::{Item, ItemHasher, TableDigest};
use dynamo_dr::sandbox::items;

const ITEMS: u64 = 4_096;

fn sample() -> Vec<Item> {
    (0..ITEMS).map(|i| items::generate(42, i, 1_000)).collect()
}

fn digest(c: &mut Criterion) {
    let items = sample();
    let bytes: usize = items
        .iter()
        .map(|i| serde_json::to_string(i).unwrap().len())
        .sum();
    eprintln!(
        "digest bench: {ITEMS} items, {} bytes each as DynamoDB JSON on average",
        bytes / items.len()
    );
    let mut group = c.benchmark_group("digest");
    group.throughput(Throughput::Elements(ITEMS));
    group.bench_function("canonical + xxh3-128, ~1 KB items", |b| {
        let mut hasher = ItemHasher::default();
        b.iter(|| {
            let mut d = TableDigest::default();
            for item in &items {
                d.add(hasher.hash(item));
            }
            std::hint::black_box(d)
        })
    });
    group.bench_function("generate + digest (sandbox scan cost)", |b| {
        let mut hasher = ItemHasher::default();
        b.iter(|| {
            let mut d = TableDigest::default();
            for i in 0..ITEMS {
                d.add(hasher.hash(&items::generate(7, i, 1_000)));
            }
            std::hint::black_box(d)
        })
    });
    group.finish();
}

criterion_group!(benches, digest);
criterion_main!(benches);
