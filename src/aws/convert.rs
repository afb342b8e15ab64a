//! DynamoDB SDK output → domain types, and times both ways.

use aws_sdk_dynamodb::types as ddb;
use aws_smithy_types::DateTime as SdkTime;
use chrono::{DateTime, Utc};

use crate::domain::{
    Backup, BackupStatus, BackupType, BillingMode, PitrStatus, PitrWindow, Table, TableStatus,
};

pub(crate) fn to_utc(t: &SdkTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

pub(crate) fn to_sdk_time(t: DateTime<Utc>) -> SdkTime {
    SdkTime::from_secs_and_nanos(t.timestamp(), t.timestamp_subsec_nanos())
}

fn count(n: Option<i64>) -> u64 {
    n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0)
}

/// DescribeTable (and every call that answers with a TableDescription).
pub(crate) fn table(d: &ddb::TableDescription, fallback_name: &str) -> Table {
    Table {
        name: d.table_name().unwrap_or(fallback_name).to_owned(),
        arn: d.table_arn().unwrap_or_default().to_owned(),
        status: table_status(d.table_status()),
        item_count: count(d.item_count()),
        size_bytes: count(d.table_size_bytes()),
        billing: billing(d),
        deletion_protection: d.deletion_protection_enabled().unwrap_or(false),
        global_secondary_indexes: d
            .global_secondary_indexes()
            .iter()
            .filter_map(|g| g.index_name().map(str::to_owned))
            .collect(),
        created_at: d.creation_date_time().and_then(to_utc),
    }
}

fn table_status(s: Option<&ddb::TableStatus>) -> TableStatus {
    match s.map(|s| s.as_str()) {
        Some("CREATING") => TableStatus::Creating,
        Some("UPDATING") => TableStatus::Updating,
        Some("DELETING") => TableStatus::Deleting,
        Some("ACTIVE") => TableStatus::Active,
        Some("INACCESSIBLE_ENCRYPTION_CREDENTIALS") => {
            TableStatus::InaccessibleEncryptionCredentials
        }
        Some("ARCHIVING") => TableStatus::Archiving,
        Some("ARCHIVED") => TableStatus::Archived,
        Some(other) => TableStatus::Unknown(other.to_owned()),
        None => TableStatus::Unknown("UNKNOWN".to_owned()),
    }
}

/// A table without a billing mode summary was created provisioned (AWS only
/// reports the summary once the mode has been set or changed).
fn billing(d: &ddb::TableDescription) -> BillingMode {
    let mode = d.billing_mode_summary().and_then(|b| b.billing_mode());
    if mode == Some(&ddb::BillingMode::PayPerRequest) {
        return BillingMode::PayPerRequest;
    }
    let t = d.provisioned_throughput();
    let read = t.and_then(|t| t.read_capacity_units()).unwrap_or(0);
    let write = t.and_then(|t| t.write_capacity_units()).unwrap_or(0);
    if mode.is_none() && read == 0 && write == 0 {
        BillingMode::PayPerRequest
    } else {
        BillingMode::Provisioned { read, write }
    }
}

/// DescribeContinuousBackups / UpdateContinuousBackups.
pub(crate) fn pitr(d: Option<&ddb::ContinuousBackupsDescription>) -> PitrStatus {
    let Some(p) = d.and_then(|d| d.point_in_time_recovery_description()) else {
        return PitrStatus::disabled();
    };
    if p.point_in_time_recovery_status() != Some(&ddb::PointInTimeRecoveryStatus::Enabled) {
        return PitrStatus::disabled();
    }
    let earliest = p.earliest_restorable_date_time().and_then(to_utc);
    let latest = p.latest_restorable_date_time().and_then(to_utc);
    PitrStatus {
        enabled: true,
        recovery_period_days: Some(
            p.recovery_period_in_days()
                .and_then(|d| u8::try_from(d).ok())
                .unwrap_or(35),
        ),
        window: match (earliest, latest) {
            (Some(earliest), Some(latest)) => Some(PitrWindow { earliest, latest }),
            _ => None,
        },
    }
}

fn backup_status(s: &ddb::BackupStatus) -> BackupStatus {
    match s {
        ddb::BackupStatus::Available => BackupStatus::Available,
        ddb::BackupStatus::Deleted => BackupStatus::Deleted,
        _ => BackupStatus::Creating,
    }
}

fn backup_type(t: &ddb::BackupType) -> BackupType {
    match t {
        ddb::BackupType::System => BackupType::System,
        ddb::BackupType::AwsBackup => BackupType::AwsBackup,
        _ => BackupType::User,
    }
}

/// A ListBackups entry.
pub(crate) fn backup_summary(s: &ddb::BackupSummary) -> Backup {
    Backup {
        arn: s.backup_arn().unwrap_or_default().to_owned(),
        name: s.backup_name().unwrap_or_default().to_owned(),
        table_name: s.table_name().unwrap_or_default().to_owned(),
        status: s
            .backup_status()
            .map(backup_status)
            .unwrap_or(BackupStatus::Creating),
        kind: s.backup_type().map(backup_type).unwrap_or(BackupType::User),
        created_at: s
            .backup_creation_date_time()
            .and_then(to_utc)
            .unwrap_or_default(),
        size_bytes: s.backup_size_bytes().and_then(|b| u64::try_from(b).ok()),
    }
}

/// CreateBackup answers with details only; the table name comes from the call.
pub(crate) fn backup_details(d: &ddb::BackupDetails, table_name: &str) -> Backup {
    Backup {
        arn: d.backup_arn().to_owned(),
        name: d.backup_name().to_owned(),
        table_name: table_name.to_owned(),
        status: backup_status(d.backup_status()),
        kind: backup_type(d.backup_type()),
        created_at: to_utc(d.backup_creation_date_time()).unwrap_or_default(),
        size_bytes: d.backup_size_bytes().and_then(|b| u64::try_from(b).ok()),
    }
}

/// DescribeBackup / DeleteBackup.
pub(crate) fn backup_description(d: &ddb::BackupDescription, fallback_arn: &str) -> Backup {
    let table_name = d
        .source_table_details()
        .map(|s| s.table_name())
        .unwrap_or_default();
    match d.backup_details() {
        Some(details) => backup_details(details, table_name),
        None => Backup {
            arn: fallback_arn.to_owned(),
            name: String::new(),
            table_name: table_name.to_owned(),
            status: BackupStatus::Creating,
            kind: BackupType::User,
            created_at: DateTime::<Utc>::default(),
            size_bytes: None,
        },
    }
}
