//! DynamoDB tables: list (all pages), describe, deletion protection, delete.

use super::AwsBackend;
use super::convert;
use crate::backend::BackendResult;
use crate::domain::Table;

pub(super) async fn list(b: &AwsBackend) -> BackendResult<Vec<String>> {
    let call = b.call("dynamodb:ListTables", "the table list");
    b.dynamodb
        .list_tables()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))
}

pub(super) async fn describe(b: &AwsBackend, table: &str) -> BackendResult<Table> {
    let d = description(b, table).await?;
    Ok(convert::table(&d, table))
}

/// DescribeTable's whole answer, for the callers that need more than `Table`.
pub(super) async fn description(
    b: &AwsBackend,
    table: &str,
) -> BackendResult<aws_sdk_dynamodb::types::TableDescription> {
    let call = b.call("dynamodb:DescribeTable", format!("table {table}"));
    let out = b
        .dynamodb
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    out.table.ok_or_else(|| empty_answer(table))
}

fn empty_answer(table: &str) -> crate::backend::BackendError {
    crate::backend::BackendError::empty_response(format!(
        "AWS answered without a description of table {table}"
    ))
}

pub(super) async fn set_deletion_protection(
    b: &AwsBackend,
    table: &str,
    enabled: bool,
) -> BackendResult<Table> {
    let call = b.call("dynamodb:UpdateTable", format!("table {table}"));
    let out = b
        .dynamodb
        .update_table()
        .table_name(table)
        .deletion_protection_enabled(enabled)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    described(out.table_description(), table)
}

pub(super) async fn delete(b: &AwsBackend, table: &str) -> BackendResult<Table> {
    let call = b.call("dynamodb:DeleteTable", format!("table {table}"));
    let out = b
        .dynamodb
        .delete_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    described(out.table_description(), table)
}

/// A call that answers with a TableDescription; AWS always sends one, so a
/// missing one is reported rather than invented.
pub(super) fn described(
    d: Option<&aws_sdk_dynamodb::types::TableDescription>,
    table: &str,
) -> BackendResult<Table> {
    d.map(|d| convert::table(d, table))
        .ok_or_else(|| empty_answer(table))
}
