//! The newest copy a table can be restored from: what an operator asks
//! first, in the console's Tables pane and in `inventory`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Backup, BackupStatus, PitrStatus, RecoveryPoint, RecoveryPointStatus, StorageClass};

/// Where the newest restorable copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// Point-in-time recovery: its latest restorable time.
    Pitr,
    /// An AVAILABLE DynamoDB backup.
    Backup,
    /// A COMPLETED AWS Backup recovery point, warm or cold.
    RecoveryPoint(StorageClass),
}

impl CopyKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Pitr => "PITR",
            Self::Backup => "backup",
            Self::RecoveryPoint(StorageClass::Cold) => "cold point",
            Self::RecoveryPoint(_) => "warm point",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NewestCopy {
    pub at: DateTime<Utc>,
    pub kind: CopyKind,
}

/// The newest copy of one table that a restore could start from now: PITR's
/// latest restorable time, an AVAILABLE backup or a COMPLETED recovery
/// point (a backup still being made, or a point being deleted, is not one).
/// At equal times PITR wins, then a backup: the faster restores.
pub fn newest_copy<'a>(
    pitr: Option<&PitrStatus>,
    backups: impl IntoIterator<Item = &'a Backup>,
    points: impl IntoIterator<Item = &'a RecoveryPoint>,
) -> Option<NewestCopy> {
    let pitr = pitr.and_then(|p| p.window).map(|w| NewestCopy {
        at: w.latest,
        kind: CopyKind::Pitr,
    });
    let backups = backups
        .into_iter()
        .filter(|b| b.status == BackupStatus::Available)
        .map(|b| NewestCopy {
            at: b.created_at,
            kind: CopyKind::Backup,
        });
    let points = points
        .into_iter()
        .filter(|p| {
            p.status == RecoveryPointStatus::Completed && p.storage != StorageClass::Deleted
        })
        .map(|p| NewestCopy {
            at: p.created_at,
            kind: CopyKind::RecoveryPoint(p.storage),
        });
    pitr.into_iter()
        .chain(backups)
        .chain(points)
        .enumerate()
        // The newest; of equal times the first (PITR, then backups).
        .max_by_key(|(i, c)| (c.at, std::cmp::Reverse(*i)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::{BackupType, Lifecycle, PitrWindow};

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap() + Duration::hours(h)
    }

    fn backup(h: i64, status: BackupStatus) -> Backup {
        Backup {
            arn: format!("b{h}"),
            name: format!("b{h}"),
            table_name: "orders".into(),
            status,
            kind: BackupType::User,
            created_at: t(h),
            size_bytes: None,
        }
    }

    fn point(h: i64, status: RecoveryPointStatus, storage: StorageClass) -> RecoveryPoint {
        RecoveryPoint {
            arn: format!("p{h}"),
            resource_arn: "arn:aws:dynamodb:us-east-1:1:table/orders".into(),
            created_at: t(h),
            status,
            storage,
            lifecycle: Lifecycle::default(),
            size_bytes: None,
            made_by: None,
        }
    }

    fn pitr(latest: i64) -> PitrStatus {
        PitrStatus {
            enabled: true,
            recovery_period_days: Some(35),
            window: Some(PitrWindow {
                earliest: t(latest - 24),
                latest: t(latest),
            }),
        }
    }

    #[test]
    fn the_newest_restorable_copy_of_any_kind_wins() {
        let backups = [
            backup(5, BackupStatus::Available),
            backup(9, BackupStatus::Creating),
        ];
        let points = [
            point(7, RecoveryPointStatus::Completed, StorageClass::Cold),
            point(8, RecoveryPointStatus::Deleting, StorageClass::Warm),
        ];
        let newest = |p: Option<&PitrStatus>| newest_copy(p, &backups, &points);
        // A backup being made and a point being deleted are not restorable.
        assert_eq!(
            newest(None),
            Some(NewestCopy {
                at: t(7),
                kind: CopyKind::RecoveryPoint(StorageClass::Cold)
            })
        );
        assert_eq!(newest(None).unwrap().kind.label(), "cold point");
        let on = pitr(10);
        assert_eq!(newest(Some(&on)).unwrap().kind, CopyKind::Pitr);
        // PITR off: no window, nothing from it.
        assert_eq!(newest(Some(&PitrStatus::disabled())).unwrap().at, t(7));
        // At equal times, the faster restore.
        let tie = pitr(5);
        let only_backups = newest_copy(Some(&tie), &backups, &[]);
        assert_eq!(only_backups.unwrap().kind, CopyKind::Pitr);
        assert_eq!(newest_copy(None, &[], &[]), None);
    }
}
