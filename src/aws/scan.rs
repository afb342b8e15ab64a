//! Reading items: the key schema and one page of a parallel Scan.

use aws_sdk_dynamodb::types::KeyType;

use super::AwsBackend;
use super::convert_item::{item_from_sdk, item_to_sdk};
use crate::backend::{BackendError, BackendResult, ScanPage, ScanRequest};
use crate::domain::KeySchema;

pub(super) async fn key_schema(b: &AwsBackend, table: &str) -> BackendResult<KeySchema> {
    let call = b.call("dynamodb:DescribeTable", format!("table {table}"));
    let out = b
        .dynamodb
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let elements = out.table().map(|t| t.key_schema()).unwrap_or_default();
    let named = |kind: KeyType| {
        elements
            .iter()
            .find(|e| *e.key_type() == kind)
            .map(|e| e.attribute_name().to_owned())
    };
    let partition_key = named(KeyType::Hash).ok_or_else(|| {
        BackendError::empty_response(format!(
            "AWS answered without the key schema of table {table}"
        ))
    })?;
    Ok(KeySchema {
        partition_key,
        sort_key: named(KeyType::Range),
    })
}

pub(super) async fn scan_segment(b: &AwsBackend, page: ScanRequest<'_>) -> BackendResult<ScanPage> {
    let table = page.table;
    let call = b.call("dynamodb:Scan", format!("table {table}"));
    let as_i32 = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let out = b
        .dynamodb
        .scan()
        .table_name(table)
        .segment(as_i32(page.segment))
        .total_segments(as_i32(page.total_segments))
        .limit(as_i32(page.limit.max(1)))
        .set_exclusive_start_key(page.start.map(item_to_sdk))
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let items = out
        .items()
        .iter()
        .map(item_from_sdk)
        .collect::<Result<_, _>>()?;
    let last_key = out
        .last_evaluated_key()
        .filter(|k| !k.is_empty())
        .map(item_from_sdk)
        .transpose()?;
    Ok(ScanPage { items, last_key })
}
