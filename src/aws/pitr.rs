//! Point-in-time recovery: status, turning it on and off, restoring.

use aws_sdk_dynamodb::types::PointInTimeRecoverySpecification;

use super::AwsBackend;
use super::convert::{self, to_sdk_time};
use super::tables::described;
use crate::backend::{BackendError, BackendResult};
use crate::domain::{PitrStatus, PitrTarget, Table, time::format_reference};

pub(super) async fn describe(b: &AwsBackend, table: &str) -> BackendResult<PitrStatus> {
    let call = b.call(
        "dynamodb:DescribeContinuousBackups",
        format!("table {table}"),
    );
    let out = b
        .dynamodb
        .describe_continuous_backups()
        .table_name(table)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(convert::pitr(out.continuous_backups_description()))
}

pub(super) async fn update(
    b: &AwsBackend,
    table: &str,
    enabled: bool,
    recovery_period_days: Option<u8>,
) -> BackendResult<PitrStatus> {
    if let Some(days) = recovery_period_days
        && enabled
        && !(1..=35).contains(&days)
    {
        return Err(BackendError::Invalid(format!(
            "the recovery period must be 1 to 35 days (got {days})"
        )));
    }
    let mut spec =
        PointInTimeRecoverySpecification::builder().point_in_time_recovery_enabled(enabled);
    if enabled && let Some(days) = recovery_period_days {
        spec = spec.recovery_period_in_days(i32::from(days));
    }
    let spec = spec
        .build()
        .map_err(|e| BackendError::Invalid(format!("PITR settings for {table}: {e}")))?;
    let call = b.call("dynamodb:UpdateContinuousBackups", format!("table {table}"));
    let out = b
        .dynamodb
        .update_continuous_backups()
        .table_name(table)
        .point_in_time_recovery_specification(spec)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(convert::pitr(out.continuous_backups_description()))
}

pub(super) async fn restore(
    b: &AwsBackend,
    source: &str,
    target: &str,
    at: PitrTarget,
) -> BackendResult<Table> {
    let request = b
        .dynamodb
        .restore_table_to_point_in_time()
        .target_table_name(target);
    // An ARN names a table of another region (a restore in the DR region):
    // SourceTableArn, which DynamoDB reads across regions.
    let request = if source.starts_with("arn:") {
        request.source_table_arn(source)
    } else {
        request.source_table_name(source)
    };
    let request = match at {
        PitrTarget::Latest => request.use_latest_restorable_time(true),
        PitrTarget::At(t) => request.restore_date_time(to_sdk_time(t)),
    };
    let call = b.call(
        "dynamodb:RestoreTableToPointInTime",
        format!("table {target}"),
    );
    match request.send().await {
        Ok(out) => described(out.table_description(), target),
        Err(err) => {
            let code = aws_sdk_dynamodb::error::ProvideErrorMetadata::code(&err).map(str::to_owned);
            let mapped = call.map(err);
            Err(match (code.as_deref(), at) {
                // The source, not the target, is what has no PITR or no such table.
                (Some("PointInTimeRecoveryUnavailableException"), _) => {
                    BackendError::PitrDisabled {
                        table: source.to_owned(),
                    }
                }
                (Some("TableNotFoundException" | "SourceTableNotFoundException"), _) => {
                    BackendError::not_found(format!("table {source}"))
                }
                (Some("InvalidRestoreTimeException"), PitrTarget::At(t)) => {
                    outside_window(b, source, t, mapped).await
                }
                _ => mapped,
            })
        }
    }
}

/// AWS refused the time; say which window it had to be in, if it can be read.
async fn outside_window(
    b: &AwsBackend,
    source: &str,
    requested: chrono::DateTime<chrono::Utc>,
    fallback: BackendError,
) -> BackendError {
    match describe(b, source).await {
        Ok(PitrStatus {
            window: Some(w), ..
        }) => BackendError::OutsidePitrWindow {
            requested: format_reference(requested),
            earliest: w.earliest,
            latest: w.latest,
        },
        _ => fallback,
    }
}
