//! One export read whole, as `scan` reads a table: its data files several at
//! a time, each streamed and parsed line by line, every item hashed into the
//! export's digest and its key and hash set aside in the side's `Spill`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::progress::{Pass, VerifyProgress};
use super::scan::ScanJob;
use super::{VerifyError, VerifyOptions};
use crate::backend::Backend;
use crate::domain::{ItemHasher, TableDigest};
use crate::exports::{DataFile, ExportFiles, ItemReader};

/// Items hashed before their keys are handed to the spill.
const BATCH: usize = 1_000;

pub async fn scan_export(
    backend: &dyn Backend,
    export: &ExportFiles,
    job: &ScanJob<'_>,
    opts: &VerifyOptions,
) -> Result<TableDigest, VerifyError> {
    let read = AtomicU64::new(0);
    let started = Instant::now();
    // At most `segments` files at once; the next starts as one ends.
    let mut waiting = export.files.iter();
    let mut running = FuturesUnordered::new();
    for file in waiting.by_ref().take(opts.segments.max(1) as usize) {
        running.push(read_file(backend, export, file, job, &read, started));
    }
    let mut whole = TableDigest::default();
    while let Some(part) = running.next().await {
        whole.merge(part?);
        if let Some(file) = waiting.next() {
            running.push(read_file(backend, export, file, job, &read, started));
        }
    }
    Ok(whole)
}

async fn read_file(
    backend: &dyn Backend,
    export: &ExportFiles,
    file: &DataFile,
    job: &ScanJob<'_>,
    read: &AtomicU64,
    started: Instant,
) -> Result<TableDigest, VerifyError> {
    let mut items = ItemReader::open(backend, &export.location.bucket, file).await?;
    let mut digest = TableDigest::default();
    let mut hasher = ItemHasher::default();
    let mut batch = job.spill.batch();
    let mut in_batch = 0;
    loop {
        let item = items.next().await?;
        if let Some(item) = &item {
            let hash = hasher.hash(item);
            digest.add(hash);
            batch.add(&job.schema.key_of(item), hash);
            in_batch += 1;
        }
        if in_batch == BATCH || (item.is_none() && in_batch > 0) {
            job.spill
                .add(&mut batch)
                .await
                .map_err(|error| VerifyError::Spill { error })?;
            let so_far = read.fetch_add(in_batch as u64, Ordering::Relaxed) + in_batch as u64;
            in_batch = 0;
            if let Some(tx) = job.progress {
                let secs = started.elapsed().as_secs_f64();
                let _ = tx.send(VerifyProgress {
                    table: job.table.to_owned(),
                    pass: Pass::Digest,
                    scanned: so_far,
                    expected: job.expected,
                    items_per_sec: if secs > 0.0 {
                        so_far as f64 / secs
                    } else {
                        0.0
                    },
                });
            }
        }
        if item.is_none() {
            return Ok(digest);
        }
    }
}
