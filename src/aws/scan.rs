//! Reading items: the key schema (alone, or with its types and the
//! indexes: a table's shape) and one page of a parallel Scan.

use aws_sdk_dynamodb::types as ddb;
use aws_sdk_dynamodb::types::KeyType;

use super::AwsBackend;
use super::convert_item::{item_from_sdk, item_to_sdk};
use crate::backend::{BackendError, BackendResult, ScanPage, ScanRequest};
use crate::domain::{IndexSpec, KeySchema, Projection, TableShape};

/// DescribeTable's key schema (the shape's key).
pub(super) async fn key_schema(b: &AwsBackend, table: &str) -> BackendResult<KeySchema> {
    shape(b, table).await.map(|s| s.key)
}

/// DescribeTable's key schema, attribute types and global secondary
/// indexes.
pub(super) async fn shape(b: &AwsBackend, table: &str) -> BackendResult<TableShape> {
    let call = b.call("dynamodb:DescribeTable", format!("table {table}"));
    let out = b
        .dynamodb
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let Some(t) = out.table() else {
        return Err(BackendError::empty_response(format!(
            "AWS answered without a description of table {table}"
        )));
    };
    let type_of = |name: &str| {
        t.attribute_definitions()
            .iter()
            .find(|d| d.attribute_name() == name)
            .map_or(crate::domain::KeyType::S, |d| match d.attribute_type() {
                ddb::ScalarAttributeType::N => crate::domain::KeyType::N,
                ddb::ScalarAttributeType::B => crate::domain::KeyType::B,
                _ => crate::domain::KeyType::S,
            })
    };
    let keyed = |elements: &[ddb::KeySchemaElement]| {
        let named = |kind: KeyType| {
            elements
                .iter()
                .find(|e| *e.key_type() == kind)
                .map(|e| e.attribute_name().to_owned())
        };
        named(KeyType::Hash).map(|partition_key| KeySchema {
            partition_key,
            sort_key: named(KeyType::Range),
        })
    };
    let key = keyed(t.key_schema()).ok_or_else(|| {
        BackendError::empty_response(format!(
            "AWS answered without the key schema of table {table}"
        ))
    })?;
    let indexes = t
        .global_secondary_indexes()
        .iter()
        .filter_map(|g| {
            let key = keyed(g.key_schema())?;
            let projection = match g.projection() {
                Some(p) if p.projection_type() == Some(&ddb::ProjectionType::KeysOnly) => {
                    Projection::KeysOnly
                }
                Some(p) if p.projection_type() == Some(&ddb::ProjectionType::Include) => {
                    Projection::Include(p.non_key_attributes().to_vec())
                }
                _ => Projection::All,
            };
            Some(IndexSpec {
                name: g.index_name()?.to_owned(),
                partition_type: type_of(&key.partition_key),
                sort_type: key.sort_key.as_deref().map(type_of),
                key,
                projection,
            })
        })
        .collect();
    Ok(TableShape {
        partition_type: type_of(&key.partition_key),
        sort_type: key.sort_key.as_deref().map(type_of),
        key,
        indexes,
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
