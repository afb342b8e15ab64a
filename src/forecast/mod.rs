//! The restore-time forecast: how long a restore of S bytes from a source
//! of kind K takes in this account, learned from its own history (the
//! restore steps of finished runs, read from their journals, and the drill
//! history) with the reference's figures as the prior. See
//! docs/performance.md, "The restore-time forecast".
//!
//! A restore's time is modelled as the reference's is: a fixed overhead
//! that covers the first GiB, then bytes at a rate. Restores under a GiB
//! measure the overhead (their median time); larger ones measure the rate
//! (their bytes past the GiB over their time past the overhead, median).
//! Each is blended with the reference's figure counted as `PRIOR_WEIGHT`
//! observations (the rate geometrically), so one odd restore moves the
//! forecast, never replaces it.
//! Cold and warm recovery points, PITR and DynamoDB backups are separate.
//! Everything here is pure but `load`.

mod history;
#[cfg(test)]
mod tests;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use history::{from_drills, from_journal, load, merged};

use crate::workflow::{ScratchFrom, StepAction};

/// Where a restore reads from: each restores at its own pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// RestoreTableToPointInTime.
    Pitr,
    /// RestoreTableFromBackup.
    Backup,
    /// StartRestoreJob of a recovery point in warm storage.
    PointWarm,
    /// StartRestoreJob of a recovery point in cold storage.
    PointCold,
}

impl SourceKind {
    /// "point-in-time restores": the forecast's basis names them so.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Pitr => "point-in-time restores",
            Self::Backup => "restores of DynamoDB backups",
            Self::PointWarm => "restores of warm recovery points",
            Self::PointCold => "restores of cold recovery points",
        }
    }
}

/// The kind of source a step restores from, if it is a restore; `cold`
/// is whether the run's recovery point is in cold storage.
pub fn kind_of(action: &StepAction, cold: bool) -> Option<SourceKind> {
    let point = if cold {
        SourceKind::PointCold
    } else {
        SourceKind::PointWarm
    };
    match action {
        StepAction::Duplicate { .. } | StepAction::RestoreToPointInTime { .. } => {
            Some(SourceKind::Pitr)
        }
        StepAction::RestoreFromRunBackup { .. } | StepAction::RestoreFromBackup { .. } => {
            Some(SourceKind::Backup)
        }
        StepAction::RestoreFromRecoveryPoint { .. } => Some(point),
        StepAction::RestoreScratch { from, .. } => Some(match from {
            ScratchFrom::Backup(_) => SourceKind::Backup,
            ScratchFrom::RecoveryPoint(_) => point,
        }),
        _ => None,
    }
}

/// The table a restore step creates.
pub fn target_of(action: &StepAction) -> Option<&crate::domain::TableName> {
    match action {
        StepAction::Duplicate { target, .. }
        | StepAction::RestoreToPointInTime { target, .. }
        | StepAction::RestoreFromRunBackup { target, .. }
        | StepAction::RestoreFromBackup { target, .. }
        | StepAction::RestoreFromRecoveryPoint { target, .. } => Some(target),
        StepAction::RestoreScratch { scratch, .. } => Some(scratch),
        _ => None,
    }
}

/// One measured restore: its source's kind and size, how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub kind: SourceKind,
    /// The source's size in bytes, as the run's plan (or the drill) read it.
    pub bytes: u64,
    /// From the restore's request to the table ACTIVE.
    pub secs: u64,
    /// When the restore was asked for.
    pub at: DateTime<Utc>,
    /// The table it created (a drill's scratch table is in both the
    /// journal and the drill history: counted once).
    pub target: String,
}

/// What the reference's figure covers before bytes count.
pub const BASE_BYTES: u64 = 1024 * 1024 * 1024;
/// The reference's rate past the first GiB: about a minute per GiB
/// (DynamoDB restores scale with size and partitions; AWS quotes no rate,
/// and observed restores run 15–30 MB/s).
pub const PRIOR_BYTES_PER_SEC: u64 = 18 * 1024 * 1024;
/// How many observations the reference's figure counts for.
pub const PRIOR_WEIGHT: f64 = 2.0;
/// How many of the newest restores of a kind are read.
pub const LAST_N: usize = 20;
/// No restore is forecast under this: the calls, the table's creation.
pub const MIN_OVERHEAD: Duration = Duration::from_secs(60);

/// A forecast: the time and what it is based on, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub time: Duration,
    /// "from 4 of your restores of DynamoDB backups (…)", or "reference
    /// figure: no history of … yet".
    pub basis: String,
}

/// The account's restores, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    observations: Vec<Observation>,
}

impl History {
    pub fn new(mut observations: Vec<Observation>) -> Self {
        observations.sort_by_key(|o| o.at);
        Self { observations }
    }

    pub fn observations(&self) -> &[Observation] {
        &self.observations
    }

    /// The newest `LAST_N` restores of `kind`.
    fn last_of(&self, kind: SourceKind) -> Vec<&Observation> {
        let mut of: Vec<&Observation> = self
            .observations
            .iter()
            .rev()
            .filter(|o| o.kind == kind)
            .take(LAST_N)
            .collect();
        of.reverse();
        of
    }

    /// How long a restore of `bytes` (unknown: the overhead alone) from a
    /// source of `kind` takes; `base` is the reference's figure for it (the
    /// step's plan's).
    pub fn forecast(&self, kind: SourceKind, base: Duration, bytes: Option<u64>) -> Forecast {
        let of = self.last_of(kind);
        let base_secs = base.as_secs_f64();
        let small: Vec<f64> = of
            .iter()
            .filter(|o| o.bytes < BASE_BYTES)
            .map(|o| o.secs as f64)
            .collect();
        let overhead = match median(&small) {
            Some(m) => blend(base_secs, m, small.len()).max(MIN_OVERHEAD.as_secs_f64()),
            None => base_secs,
        };
        let rates: Vec<f64> = of
            .iter()
            .filter(|o| o.bytes >= BASE_BYTES)
            .map(|o| {
                let secs = o.secs as f64;
                // Time past the overhead; a restore quicker than the
                // overhead still took some time for its bytes.
                let moving = (secs - overhead).max(secs / 10.0).max(1.0);
                (o.bytes - BASE_BYTES) as f64 / moving
            })
            .collect();
        let prior_rate = PRIOR_BYTES_PER_SEC as f64;
        // Rates blend geometrically: a tenfold slower account and a tenfold
        // faster one move the forecast as far.
        let rate = match median(&rates) {
            Some(m) if m > 0.0 => blend(prior_rate.ln(), m.ln(), rates.len()).exp(),
            _ => prior_rate,
        };
        let extra = bytes.unwrap_or(0).saturating_sub(BASE_BYTES) as f64 / rate;
        let time = Duration::from_secs((overhead + extra).floor().max(0.0) as u64);
        Forecast {
            time,
            basis: basis(kind, of.len(), median(&small), median(&rates)),
        }
    }
}

/// `prior` counted `PRIOR_WEIGHT` times beside `n` observations of median
/// `observed`.
fn blend(prior: f64, observed: f64, n: usize) -> f64 {
    let n = n as f64;
    (PRIOR_WEIGHT * prior + n * observed) / (PRIOR_WEIGHT + n)
}

/// The middle value (the mean of the two middle ones), `None` when empty.
fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(match v.len() % 2 {
        1 => v[mid],
        _ => (v[mid - 1] + v[mid]) / 2.0,
    })
}

fn basis(kind: SourceKind, n: usize, small: Option<f64>, rate: Option<f64>) -> String {
    if n == 0 {
        return format!("reference figure: no history of {} yet", kind.plural());
    }
    let mut parts = Vec::new();
    if let Some(r) = rate {
        parts.push(format!("median {:.0} MB/s", r / 1e6));
    }
    if let Some(s) = small {
        parts.push(format!(
            "small ones in {}",
            crate::workflow::rough(Duration::from_secs(s as u64))
        ));
    }
    format!(
        "from {n} of your {} ({}), with the reference figure as {} more",
        kind.plural(),
        parts.join(", "),
        PRIOR_WEIGHT
    )
}
