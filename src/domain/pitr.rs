use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// DescribeContinuousBackups, in the operator's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PitrStatus {
    pub enabled: bool,
    /// Days of history kept (1–35); `None` when PITR is off.
    pub recovery_period_days: Option<u8>,
    /// The restorable window; `None` when PITR is off.
    pub window: Option<PitrWindow>,
}

impl PitrStatus {
    pub fn disabled() -> Self {
        Self {
            enabled: false,
            recovery_period_days: None,
            window: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PitrWindow {
    pub earliest: DateTime<Utc>,
    pub latest: DateTime<Utc>,
}

impl PitrWindow {
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.earliest <= at && at <= self.latest
    }
}

/// The moment a point-in-time restore goes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PitrTarget {
    Latest,
    At(DateTime<Utc>),
}
