//! DynamoDB on-demand backups: create, describe, list (all pages), delete,
//! restore.

use aws_sdk_dynamodb::types::BackupTypeFilter;

use super::AwsBackend;
use super::convert;
use super::tables::described;
use crate::backend::{BackendError, BackendResult};
use crate::domain::{Backup, Table};

pub(super) async fn create(b: &AwsBackend, table: &str, name: &str) -> BackendResult<Backup> {
    let call = b.call("dynamodb:CreateBackup", format!("table {table}"));
    let out = b
        .dynamodb
        .create_backup()
        .table_name(table)
        .backup_name(name)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    out.backup_details()
        .map(|d| convert::backup_details(d, table))
        .ok_or_else(|| empty(format!("CreateBackup of {table}")))
}

pub(super) async fn describe(b: &AwsBackend, arn: &str) -> BackendResult<Backup> {
    let call = b.call("dynamodb:DescribeBackup", format!("backup {arn}"));
    let out = b
        .dynamodb
        .describe_backup()
        .backup_arn(arn)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    out.backup_description()
        .map(|d| convert::backup_description(d, arn))
        .ok_or_else(|| empty(format!("DescribeBackup of {arn}")))
}

/// ListBackups is not a modelled paginator: follow LastEvaluatedBackupArn.
/// Only USER backups: AWS Backup's own appear as recovery points.
pub(super) async fn list(b: &AwsBackend, table: Option<&str>) -> BackendResult<Vec<Backup>> {
    let call = b.call(
        "dynamodb:ListBackups",
        table.map_or_else(|| "the backup list".to_owned(), |t| format!("table {t}")),
    );
    let mut all = Vec::new();
    let mut start: Option<String> = None;
    loop {
        let out = b
            .dynamodb
            .list_backups()
            .backup_type(BackupTypeFilter::User)
            .set_table_name(table.map(str::to_owned))
            .set_exclusive_start_backup_arn(start.take())
            .send()
            .await
            .map_err(|e| call.map(e))?;
        all.extend(out.backup_summaries().iter().map(convert::backup_summary));
        match out.last_evaluated_backup_arn() {
            Some(next) if !next.is_empty() => start = Some(next.to_owned()),
            _ => break,
        }
    }
    Ok(all)
}

pub(super) async fn delete(b: &AwsBackend, arn: &str) -> BackendResult<Backup> {
    let call = b.call("dynamodb:DeleteBackup", format!("backup {arn}"));
    let out = b
        .dynamodb
        .delete_backup()
        .backup_arn(arn)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    out.backup_description()
        .map(|d| convert::backup_description(d, arn))
        .ok_or_else(|| empty(format!("DeleteBackup of {arn}")))
}

pub(super) async fn restore(b: &AwsBackend, target: &str, arn: &str) -> BackendResult<Table> {
    let call = b.call("dynamodb:RestoreTableFromBackup", format!("table {target}"));
    let result = b
        .dynamodb
        .restore_table_from_backup()
        .target_table_name(target)
        .backup_arn(arn)
        .send()
        .await;
    match result {
        Ok(out) => described(out.table_description(), target),
        Err(err) => {
            let code = aws_sdk_dynamodb::error::ProvideErrorMetadata::code(&err).map(str::to_owned);
            Err(match code.as_deref() {
                // The backup, not the target table, is what is missing.
                Some("BackupNotFoundException") => BackendError::not_found(format!("backup {arn}")),
                _ => call.map(err),
            })
        }
    }
}

fn empty(what: String) -> BackendError {
    BackendError::empty_response(format!("AWS answered {what} without details"))
}
