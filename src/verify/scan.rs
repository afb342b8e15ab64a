//! One table read whole by a parallel scan: every segment concurrently,
//! paged, rate-limited, each item hashed into the table's digest and, when
//! differences are being looked for, into a map of key → item hash.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use futures_util::future::try_join_all;
use tokio::sync::mpsc::UnboundedSender;

use super::VerifyOptions;
use super::progress::{Pass, VerifyProgress};
use super::rate::RateLimiter;
use crate::backend::{Backend, BackendResult, ScanRequest};
use crate::domain::{Item, ItemHasher, KeySchema, TableDigest, canonical};

/// Key (canonical bytes) → (the key, the item's hash).
pub type KeyHashes = HashMap<Vec<u8>, (Item, u128)>;

#[derive(Default)]
pub struct TableScan {
    pub digest: TableDigest,
    /// Filled only when asked (`collect_keys`).
    pub keys: KeyHashes,
}

/// What a scan needs besides the backend.
pub struct ScanJob<'a> {
    pub table: &'a str,
    pub schema: &'a KeySchema,
    /// Item count from DescribeTable, for the percentage.
    pub expected: u64,
    pub pass: Pass,
    pub collect_keys: bool,
    pub progress: Option<&'a UnboundedSender<VerifyProgress>>,
}

pub async fn scan_table(
    backend: &dyn Backend,
    job: &ScanJob<'_>,
    opts: &VerifyOptions,
) -> BackendResult<TableScan> {
    let limiter = RateLimiter::new(opts.read_rate_limit);
    let scanned = AtomicU64::new(0);
    let started = Instant::now();
    let total = opts.segments.max(1);
    let segments = (0..total)
        .map(|segment| scan_segment(backend, job, opts, segment, &limiter, &scanned, started));
    let mut whole = TableScan::default();
    for part in try_join_all(segments).await? {
        whole.digest.merge(part.digest);
        whole.keys.extend(part.keys);
    }
    Ok(whole)
}

async fn scan_segment(
    backend: &dyn Backend,
    job: &ScanJob<'_>,
    opts: &VerifyOptions,
    segment: u32,
    limiter: &RateLimiter,
    scanned: &AtomicU64,
    started: Instant,
) -> BackendResult<TableScan> {
    let mut out = TableScan::default();
    let mut hasher = ItemHasher::default();
    let mut key_bytes = Vec::new();
    let mut start: Option<Item> = None;
    loop {
        let page = backend
            .scan_segment(ScanRequest {
                table: job.table,
                segment,
                total_segments: opts.segments.max(1),
                start: start.as_ref(),
                limit: opts.page_size,
            })
            .await?;
        for item in &page.items {
            let hash = hasher.hash(item);
            out.digest.add(hash);
            if job.collect_keys {
                let key = job.schema.key_of(item);
                key_bytes.clear();
                canonical::encode_item(&key, &mut key_bytes);
                out.keys.insert(key_bytes.clone(), (key, hash));
            }
        }
        let n = page.items.len();
        let so_far = scanned.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if let Some(tx) = job.progress {
            let secs = started.elapsed().as_secs_f64();
            let _ = tx.send(VerifyProgress {
                table: job.table.to_owned(),
                pass: job.pass,
                scanned: so_far,
                expected: job.expected,
                items_per_sec: if secs > 0.0 {
                    so_far as f64 / secs
                } else {
                    0.0
                },
            });
        }
        limiter.pay(n).await;
        match page.last_key {
            Some(k) => start = Some(k),
            None => return Ok(out),
        }
    }
}
