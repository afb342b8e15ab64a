//! One table read whole by a parallel scan: every segment concurrently,
//! paged, rate-limited, each item hashed into the table's digest and its
//! key and hash set aside in the table's `Spill`, so that naming the keys
//! that differ needs no second read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use futures_util::future::try_join_all;
use tokio::sync::mpsc::UnboundedSender;

use super::progress::{Pass, VerifyProgress};
use super::rate::RateLimiter;
use super::spill::Spill;
use super::{VerifyError, VerifyOptions};
use crate::backend::Backend;
use crate::backend::ScanRequest;
use crate::domain::{Item, ItemHasher, KeySchema, TableDigest};

/// What a scan needs besides the backend.
pub struct ScanJob<'a> {
    pub table: &'a str,
    pub schema: &'a KeySchema,
    /// Item count from DescribeTable, for the percentage.
    pub expected: u64,
    /// Where every item's key and hash go.
    pub spill: &'a Spill,
    pub progress: Option<&'a UnboundedSender<VerifyProgress>>,
}

pub async fn scan_table(
    backend: &dyn Backend,
    job: &ScanJob<'_>,
    opts: &VerifyOptions,
) -> Result<TableDigest, VerifyError> {
    let limiter = RateLimiter::new(opts.read_rate_limit);
    let scanned = AtomicU64::new(0);
    let started = Instant::now();
    let total = opts.segments.max(1);
    let segments = (0..total)
        .map(|segment| scan_segment(backend, job, opts, segment, &limiter, &scanned, started));
    let mut whole = TableDigest::default();
    for part in try_join_all(segments).await? {
        whole.merge(part);
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
) -> Result<TableDigest, VerifyError> {
    let mut digest = TableDigest::default();
    let mut hasher = ItemHasher::default();
    let mut batch = job.spill.batch();
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
            digest.add(hash);
            batch.add(&job.schema.key_of(item), hash);
        }
        job.spill
            .add(&mut batch)
            .await
            .map_err(|error| VerifyError::Spill { error })?;
        let n = page.items.len();
        let so_far = scanned.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
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
        limiter.pay(n).await;
        match page.last_key {
            Some(k) => start = Some(k),
            None => return Ok(digest),
        }
    }
}
