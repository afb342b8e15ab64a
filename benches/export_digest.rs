//! Digesting an export's data files: gzip DynamoDB JSON lines of realistic
//! ~1 KB items (the sandbox's generated orders), streamed through the
//! decoder, parsed into items and hashed (canonical + XXH3-128), on a
//! current-thread runtime: one core. Target: at least 200,000 items/s.
//!
//! `cargo bench --bench export_digest` measures; under `cargo test` (no
//! `--bench`) criterion runs each function once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dynamo_dr::domain::{ItemHasher, S3Location, TableDigest};
use dynamo_dr::exports::{Compression, ItemReader, encode_file, find_export};
use dynamo_dr::sandbox::s3::EXPORT_BUCKET;
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, items};

const ITEMS: u64 = 20_000;
const FILES: u64 = 4;

fn export_digest(c: &mut Criterion) {
    let sb = Sandbox::empty(SandboxOptions::default());
    let mut gz_bytes = 0;
    for f in 0..FILES {
        let chunk: Vec<_> = (f * ITEMS / FILES..(f + 1) * ITEMS / FILES)
            .map(|i| items::generate(42, i, 1_000))
            .collect();
        let body = encode_file(&chunk, Compression::Gzip).unwrap();
        gz_bytes += body.len();
        let key = format!("bench/AWSDynamoDB/0001-bench/data/part-{f}.json.gz");
        sb.put_object(EXPORT_BUCKET, &key, body).unwrap();
    }
    eprintln!(
        "export_digest bench: {ITEMS} items in {FILES} gzip files, {} bytes each compressed on average",
        gz_bytes as u64 / ITEMS
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let location = S3Location::new(EXPORT_BUCKET, "bench").unwrap();
    let mut group = c.benchmark_group("export");
    group.throughput(Throughput::Elements(ITEMS));
    group.sample_size(10);
    group.bench_function("gunzip + parse + digest, ~1 KB items, one core", |b| {
        b.iter(|| {
            rt.block_on(async {
                let export = find_export(&sb, &location).await.unwrap();
                let mut hasher = ItemHasher::default();
                let mut d = TableDigest::default();
                for file in &export.files {
                    let mut reader = ItemReader::open(&sb, &location.bucket, file).await.unwrap();
                    while let Some(item) = reader.next().await.unwrap() {
                        d.add(hasher.hash(&item));
                    }
                }
                assert_eq!(d.items, ITEMS);
                std::hint::black_box(d)
            })
        })
    });
    group.finish();
}

criterion_group!(benches, export_digest);
criterion_main!(benches);
