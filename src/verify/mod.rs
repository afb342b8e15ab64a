//! Verification: do two tables hold the same items? Both are read whole by
//! parallel scans into order-independent digests (`domain::TableDigest`);
//! when the digests differ, a second read finds which keys differ and writes
//! every one of them to a file. See `docs/verification.md`.

mod diff;
mod progress;
mod rate;
mod scan;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;

pub use diff::DiffFile;
pub use diff::{DiffCounts, DiffKind, Difference};
pub use progress::{Pass, VerifyProgress};
pub use rate::{READ_RATES, RateLimiter, parse_read_rate};
use scan::{ScanJob, scan_table};

use crate::backend::{Backend, BackendError};
use crate::domain::{KeySchema, TableDigest};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyOptions {
    /// Parallel scan segments per table.
    pub segments: u32,
    /// Items per Scan call (DynamoDB also stops a page at 1 MB).
    pub page_size: u32,
    /// Items per second per table, all segments together; `None`: no limit.
    pub read_rate_limit: Option<f64>,
    /// How many differing keys the report lists (the file lists all).
    pub max_diff_keys: usize,
    /// Where every differing key is written, when the tables differ.
    pub diff_file: Option<PathBuf>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            segments: 4,
            page_size: 1_000,
            read_rate_limit: None,
            max_diff_keys: 20,
            diff_file: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyReport {
    pub source: String,
    pub target: String,
    pub source_count: u64,
    pub target_count: u64,
    pub source_digest: TableDigest,
    pub target_digest: TableDigest,
    pub equal: bool,
    /// The first `max_diff_keys` differing keys.
    pub differing_keys: Vec<Difference>,
    /// How many keys differ in all (0 when equal).
    pub total_differences: u64,
    /// The same, by kind: missing from the target, extra in it, changed.
    pub counts: DiffCounts,
    pub all_diffs_written_to: Option<PathBuf>,
    pub elapsed_secs: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Backend(#[from] BackendError),
    #[error(
        "the source and the target are both {table}: a table always equals itself, so this would prove nothing; name the copy to check as the target"
    )]
    SameTable { table: String },
    #[error(
        "the tables have different keys ({source_keys:?} and {target_keys:?}): nothing to compare"
    )]
    DifferentKeys {
        source_keys: KeySchema,
        target_keys: KeySchema,
    },
    #[error("cannot write the differences to {path}: {error}")]
    DiffFile {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// A table compared with itself is always equal: refused, since the answer
/// would read as proof of a restore that was never checked.
pub fn check_pair(source: &str, target: &str) -> Result<(), VerifyError> {
    if source == target {
        return Err(VerifyError::SameTable {
            table: source.to_owned(),
        });
    }
    Ok(())
}

/// Compares `source` and `target` item by item; differences go to
/// `opts.diff_file`, written when found.
pub async fn verify(
    backend: &dyn Backend,
    source: &str,
    target: &str,
    opts: &VerifyOptions,
    progress: Option<&UnboundedSender<VerifyProgress>>,
) -> Result<VerifyReport, VerifyError> {
    let diffs = opts.diff_file.as_deref().map(Diffs::Path);
    compare(backend, source, target, opts, diffs, progress).await
}

/// Compares `source` and `target` item by item; every difference goes to
/// `diffs`, a file the caller opened before the first read (so a bad path
/// costs no scan) and still owns (an equal result leaves it empty).
/// `opts.diff_file` is not used.
pub async fn verify_into(
    backend: &dyn Backend,
    source: &str,
    target: &str,
    opts: &VerifyOptions,
    diffs: &mut DiffFile,
    progress: Option<&UnboundedSender<VerifyProgress>>,
) -> Result<VerifyReport, VerifyError> {
    let diffs = Some(Diffs::Open(diffs));
    compare(backend, source, target, opts, diffs, progress).await
}

/// Where the differences go.
enum Diffs<'a> {
    /// Created (or replaced) when the tables turn out to differ.
    Path(&'a Path),
    /// Already open.
    Open(&'a mut DiffFile),
}

async fn compare(
    backend: &dyn Backend,
    source: &str,
    target: &str,
    opts: &VerifyOptions,
    diffs: Option<Diffs<'_>>,
    progress: Option<&UnboundedSender<VerifyProgress>>,
) -> Result<VerifyReport, VerifyError> {
    check_pair(source, target)?;
    let started = Instant::now();
    let (source_keys, target_keys) = tokio::try_join!(
        backend.describe_key_schema(source),
        backend.describe_key_schema(target)
    )?;
    if source_keys != target_keys {
        return Err(VerifyError::DifferentKeys {
            source_keys,
            target_keys,
        });
    }
    let (src_table, tgt_table) = tokio::try_join!(
        backend.describe_table(source),
        backend.describe_table(target)
    )?;
    let job = |table, expected, pass, collect_keys| ScanJob {
        table,
        schema: &source_keys,
        expected,
        pass,
        collect_keys,
        progress,
    };
    let (src_job, tgt_job) = (
        job(source, src_table.item_count, Pass::Digest, false),
        job(target, tgt_table.item_count, Pass::Digest, false),
    );
    let (src, tgt) = tokio::try_join!(
        scan_table(backend, &src_job, opts),
        scan_table(backend, &tgt_job, opts)
    )?;
    let mut report = VerifyReport {
        source: source.to_owned(),
        target: target.to_owned(),
        source_count: src.digest.items,
        target_count: tgt.digest.items,
        source_digest: src.digest,
        target_digest: tgt.digest,
        equal: src.digest == tgt.digest,
        differing_keys: Vec::new(),
        total_differences: 0,
        counts: DiffCounts::default(),
        all_diffs_written_to: None,
        elapsed_secs: 0.0,
    };
    if !report.equal {
        let (src_job, tgt_job) = (
            job(source, src_table.item_count, Pass::Diff, true),
            job(target, tgt_table.item_count, Pass::Diff, true),
        );
        let (src, tgt) = tokio::try_join!(
            scan_table(backend, &src_job, opts),
            scan_table(backend, &tgt_job, opts)
        )?;
        let all = diff::differences(&src.keys, &tgt.keys);
        report.total_differences = all.len() as u64;
        report.counts = DiffCounts::of(&all);
        if let Some(diffs) = diffs {
            let (path, written) = match diffs {
                Diffs::Path(path) => (path.to_owned(), diff::write_all(path, &all)),
                Diffs::Open(file) => (file.path().to_owned(), file.write_all(&all)),
            };
            written.map_err(|error| VerifyError::DiffFile {
                path: path.clone(),
                error,
            })?;
            report.all_diffs_written_to = Some(path);
        }
        report.differing_keys = all.into_iter().take(opts.max_diff_keys).collect();
    }
    report.elapsed_secs = started.elapsed().as_secs_f64();
    Ok(report)
}
