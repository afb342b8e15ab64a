//! A lifecycle as an operator types it and AWS Backup takes it: days until a
//! recovery point moves to cold storage, days until it is deleted. Shared by
//! a backup job started from the console and by the rules of a backup plan.

use serde::{Deserialize, Serialize};

/// AWS Backup's rule: a point stays in cold storage at least 90 days.
pub const MIN_COLD_DAYS: u32 = 90;
/// The longest retention this console offers (100 years).
pub const MAX_DAYS: u32 = 36_500;

/// `MoveToColdStorageAfterDays` and `DeleteAfterDays`; `None` is never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleDays {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cold_after_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<u32>,
}

/// Why AWS Backup would refuse a lifecycle; its `Display` is the sentence
/// shown where the days were typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("days must be 1–{MAX_DAYS}")]
    OutOfRange,
    #[error(
        "a point moved to cold storage after {cold} days must be kept at least {MIN_COLD_DAYS} days there: delete after {min} days or more",
        min = cold + MIN_COLD_DAYS
    )]
    TooShortInCold { cold: u32 },
}

impl LifecycleDays {
    pub const NEVER: Self = Self {
        cold_after_days: None,
        delete_after_days: None,
    };

    /// AWS Backup's rules: each 1–36,500 days; when both are set, deletion at
    /// least 90 days after the move to cold storage.
    pub fn check(&self) -> Result<(), LifecycleError> {
        for days in [self.cold_after_days, self.delete_after_days]
            .into_iter()
            .flatten()
        {
            if !(1..=MAX_DAYS).contains(&days) {
                return Err(LifecycleError::OutOfRange);
            }
        }
        if let (Some(cold), Some(delete)) = (self.cold_after_days, self.delete_after_days)
            && delete < cold + MIN_COLD_DAYS
        {
            return Err(LifecycleError::TooShortInCold { cold });
        }
        Ok(())
    }

    pub fn is_never(&self) -> bool {
        self.cold_after_days.is_none() && self.delete_after_days.is_none()
    }

    /// `cold after 30 d, deleted after 365 d`, `kept forever`.
    pub fn words(&self) -> String {
        match (self.cold_after_days, self.delete_after_days) {
            (None, None) => "kept forever, warm".to_owned(),
            (Some(c), None) => format!("cold after {c} d, kept forever"),
            (None, Some(d)) => format!("warm, deleted after {d} d"),
            (Some(c), Some(d)) => format!("cold after {c} d, deleted after {d} d"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(cold: Option<u32>, delete: Option<u32>) -> LifecycleDays {
        LifecycleDays {
            cold_after_days: cold,
            delete_after_days: delete,
        }
    }

    #[test]
    fn cold_storage_lasts_at_least_ninety_days() {
        assert_eq!(days(Some(30), Some(365)).check(), Ok(()));
        assert_eq!(days(Some(30), Some(120)).check(), Ok(()));
        assert_eq!(
            days(Some(30), Some(119)).check(),
            Err(LifecycleError::TooShortInCold { cold: 30 })
        );
        assert!(
            LifecycleError::TooShortInCold { cold: 30 }
                .to_string()
                .contains("120 days")
        );
    }

    #[test]
    fn days_are_bounded_and_never_is_valid() {
        assert_eq!(LifecycleDays::NEVER.check(), Ok(()));
        assert_eq!(days(None, Some(7)).check(), Ok(()));
        assert_eq!(days(Some(0), None).check(), Err(LifecycleError::OutOfRange));
        assert_eq!(
            days(None, Some(MAX_DAYS + 1)).check(),
            Err(LifecycleError::OutOfRange)
        );
        assert_eq!(
            days(Some(30), Some(365)).words(),
            "cold after 30 d, deleted after 365 d"
        );
    }
}
