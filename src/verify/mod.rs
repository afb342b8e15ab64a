//! Verification: do two tables hold the same items? Each is read once, by
//! parallel scans, into an order-independent digest (`domain::TableDigest`),
//! every item's key and hash set aside on the way (`spill`: in memory up to
//! a budget, then in private temporary files); when the digests differ, the
//! keys set aside are merged bucket by bucket to name every Missing, Extra
//! and Changed key, each written to a file as it is found. See
//! `docs/verification.md`.

#[cfg(test)]
mod counting;
mod diff;
mod export_scan;
mod progress;
mod rate;
mod scan;
mod spill;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;

pub use diff::DiffFile;
pub use diff::{DiffCounts, DiffKind, Difference, read_differences};
pub use progress::{Pass, VerifyProgress};
pub use rate::{READ_RATES, RateLimiter, parse_read_rate};
use scan::{ScanJob, scan_table};
pub(crate) use spill::SpillStats;
use spill::{Side, Spill, SpillDir};

use crate::backend::{Backend, BackendError};
use crate::domain::{KeySchema, S3Location, TableDigest};
use crate::exports::{ExportFiles, ExportReadError, find_export};

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
    #[error(transparent)]
    Export(#[from] ExportReadError),
    #[error("{0}")]
    BadLocation(String),
    #[error(
        "both sides are exports: one side must be a table, whose key schema names each item's key"
    )]
    TwoExports,
    #[error("cannot write the differences to {path}: {error}")]
    DiffFile {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot set the keys read aside in a temporary directory: {error}")]
    Spill { error: std::io::Error },
}

/// How the keys are set aside while the tables are read: fixed in use,
/// small in tests (to make them spill).
#[derive(Debug, Clone)]
pub(crate) struct Tuning {
    /// Buckets per table; `None`: from the tables' item counts.
    pub partitions: Option<usize>,
    /// Bytes of keys a table holds in memory before writing them out.
    pub memory_budget: usize,
    /// Where the temporary directory is made; `None`: beside the
    /// differences file, or else the system's temporary directory.
    pub spill_parent: Option<PathBuf>,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            partitions: None,
            memory_budget: spill::MEMORY_BUDGET,
            spill_parent: None,
        }
    }
}

/// One side of a comparison: a table, or an export in S3 named
/// `s3://BUCKET/PREFIX` (a table name can never start with `s3://`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Table(String),
    Export(S3Location),
}

impl Origin {
    pub fn parse(text: &str) -> Result<Self, VerifyError> {
        if text.trim_start().starts_with("s3://") {
            S3Location::parse(text)
                .map(Origin::Export)
                .map_err(|e| VerifyError::BadLocation(e.to_string()))
        } else {
            Ok(Origin::Table(text.to_owned()))
        }
    }
}

/// One side, resolved: a table, or an export's files.
enum Resolved<'a> {
    Table(&'a str),
    Export(ExportFiles),
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
    let tuning = Tuning::default();
    let (report, _) = compare(backend, source, target, opts, diffs, progress, &tuning).await?;
    Ok(report)
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
    let tuning = Tuning::default();
    let (report, _) = compare(backend, source, target, opts, diffs, progress, &tuning).await?;
    Ok(report)
}

/// Where the differences go.
pub(crate) enum Diffs<'a> {
    /// Created (or replaced) when the tables turn out to differ.
    Path(&'a Path),
    /// Already open.
    Open(&'a mut DiffFile),
}

impl Diffs<'_> {
    fn path(&self) -> &Path {
        match self {
            Diffs::Path(path) => path,
            Diffs::Open(file) => file.path(),
        }
    }

    /// The file to write to, now that the tables differ.
    fn open(&self) -> std::io::Result<std::fs::File> {
        match self {
            Diffs::Path(path) => diff::open_replacing(path),
            Diffs::Open(file) => file.handle(),
        }
    }
}

/// The comparison, and what was written to disk on the way (tests).
pub(crate) async fn compare(
    backend: &dyn Backend,
    source: &str,
    target: &str,
    opts: &VerifyOptions,
    diffs: Option<Diffs<'_>>,
    progress: Option<&UnboundedSender<VerifyProgress>>,
    tuning: &Tuning,
) -> Result<(VerifyReport, SpillStats), VerifyError> {
    check_pair(source, target)?;
    let started = Instant::now();
    let (src_origin, tgt_origin) = (Origin::parse(source)?, Origin::parse(target)?);
    let source_keys = match (&src_origin, &tgt_origin) {
        (Origin::Table(s), Origin::Table(t)) => {
            let (source_keys, target_keys) = tokio::try_join!(
                backend.describe_key_schema(s),
                backend.describe_key_schema(t)
            )?;
            if source_keys != target_keys {
                return Err(VerifyError::DifferentKeys {
                    source_keys,
                    target_keys,
                });
            }
            source_keys
        }
        (Origin::Table(t), Origin::Export(_)) | (Origin::Export(_), Origin::Table(t)) => {
            backend.describe_key_schema(t).await?
        }
        (Origin::Export(_), Origin::Export(_)) => return Err(VerifyError::TwoExports),
    };
    let (src_side, tgt_side) = (
        resolve(backend, source, &src_origin).await?,
        resolve(backend, target, &tgt_origin).await?,
    );
    let (src_count, tgt_count) = tokio::try_join!(
        expected_items(backend, &src_side),
        expected_items(backend, &tgt_side)
    )?;
    // A side that cannot tell (an export without a manifest) is expected
    // to hold about what the other does: the percentage then follows both
    // reads instead of reaching 100% when only one side is done.
    let (src_count, tgt_count) = match (src_count, tgt_count) {
        (0, n) | (n, 0) => (n, n),
        counts => counts,
    };
    let parent = match (&tuning.spill_parent, &diffs) {
        (Some(dir), _) => dir.clone(),
        (None, Some(diffs)) => crate::safe_fs::parent_of(diffs.path()).to_owned(),
        (None, None) => std::env::temp_dir(),
    };
    let dir = SpillDir::new(parent);
    let partitions = tuning
        .partitions
        .unwrap_or_else(|| spill::partitions_for(src_count.max(tgt_count)));
    let spill = |side| Spill::new(side, &dir, partitions, tuning.memory_budget);
    let (src_spill, tgt_spill) = (spill(Side::Source), spill(Side::Target));
    let job = |table, expected, spill| ScanJob {
        table,
        schema: &source_keys,
        expected,
        spill,
        progress,
    };
    let (src_job, tgt_job) = (
        job(source, src_count, &src_spill),
        job(target, tgt_count, &tgt_spill),
    );
    let (src, tgt) = tokio::try_join!(
        read_side(backend, &src_side, &src_job, opts),
        read_side(backend, &tgt_side, &tgt_job, opts)
    )?;
    let mut report = VerifyReport {
        source: source.to_owned(),
        target: target.to_owned(),
        source_count: src.items,
        target_count: tgt.items,
        source_digest: src,
        target_digest: tgt,
        equal: src == tgt,
        differing_keys: Vec::new(),
        total_differences: 0,
        counts: DiffCounts::default(),
        all_diffs_written_to: None,
        elapsed_secs: 0.0,
    };
    if !report.equal {
        let file = match &diffs {
            Some(diffs) => Some(diffs.open().map_err(|error| VerifyError::DiffFile {
                path: diffs.path().to_owned(),
                error,
            })?),
            None => None,
        };
        let (src_spill, tgt_spill) = (src_spill.finish(), tgt_spill.finish());
        let max = opts.max_diff_keys;
        let merged = tokio::task::spawn_blocking(move || {
            let mut found = diff::Found::new(file, max);
            spill::merge(src_spill, tgt_spill, |d| found.add(d))?;
            found.finish().map_err(spill::MergeError::Found)
        })
        .await
        .map_err(|e| VerifyError::Spill {
            error: std::io::Error::other(e),
        })?;
        let (counts, first) = merged.map_err(|e| match (e, &diffs) {
            (spill::MergeError::Found(error), Some(diffs)) => VerifyError::DiffFile {
                path: diffs.path().to_owned(),
                error,
            },
            (spill::MergeError::Found(error) | spill::MergeError::Spill(error), _) => {
                VerifyError::Spill { error }
            }
        })?;
        report.total_differences = counts.total();
        report.counts = counts;
        report.differing_keys = first;
        report.all_diffs_written_to = diffs.map(|d| d.path().to_owned());
    }
    let stats = dir.stats();
    drop(dir);
    if stats.files > 0 {
        tracing::debug!(?stats, "verify: keys spilled to disk");
    }
    report.elapsed_secs = started.elapsed().as_secs_f64();
    Ok((report, stats))
}

async fn resolve<'a>(
    backend: &dyn Backend,
    name: &'a str,
    origin: &Origin,
) -> Result<Resolved<'a>, VerifyError> {
    Ok(match origin {
        Origin::Table(_) => Resolved::Table(name),
        Origin::Export(location) => Resolved::Export(find_export(backend, location).await?),
    })
}

/// The item count for the percentage: DescribeTable's, or the export
/// manifest's (0, unknown, for an export without one).
async fn expected_items(backend: &dyn Backend, side: &Resolved<'_>) -> Result<u64, VerifyError> {
    Ok(match side {
        Resolved::Table(t) => backend.describe_table(t).await?.item_count,
        Resolved::Export(e) => e.item_count.unwrap_or(0),
    })
}

async fn read_side(
    backend: &dyn Backend,
    side: &Resolved<'_>,
    job: &ScanJob<'_>,
    opts: &VerifyOptions,
) -> Result<TableDigest, VerifyError> {
    match side {
        Resolved::Table(_) => scan_table(backend, job, opts).await,
        Resolved::Export(export) => export_scan::scan_export(backend, export, job, opts).await,
    }
}
