//! Progress of a verification, as small messages for a screen or a log.

use serde::Serialize;

/// Which read of the tables is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Pass {
    /// The one read of each table: its digest, and every key set aside.
    Digest,
    /// No longer sent: there was a second read, when digests differed, to
    /// find which keys differ; the keys set aside during the one read now
    /// tell. Kept so that a reader of progress still compiles.
    Diff,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyProgress {
    pub table: String,
    pub pass: Pass,
    /// Items read so far in this pass.
    pub scanned: u64,
    /// The table's item count from DescribeTable (AWS updates it about every
    /// six hours, so the percentage is an estimate).
    pub expected: u64,
    pub items_per_sec: f64,
}

impl VerifyProgress {
    /// Percent of the expected items read, if the table says how many.
    pub fn percent(&self) -> Option<f64> {
        (self.expected > 0).then(|| (self.scanned as f64 / self.expected as f64 * 100.0).min(100.0))
    }
}
