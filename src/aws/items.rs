//! Items by key and conditional writes (the repair's reads and write-back):
//! BatchGetItem with consistent reads, 100 keys a request, unprocessed keys
//! asked again with backoff; one conditional PutItem or DeleteItem per
//! write, 16 in flight, a failed condition an outcome and not an error.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue as Av, KeysAndAttributes};
use futures_util::{StreamExt, TryStreamExt, stream};

use super::AwsBackend;
use super::attempts::counted;
use super::convert_item::{item_from_sdk, item_to_sdk, value_to_sdk};
use super::errors::Call;
use crate::backend::condition::{Condition, condition};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{CondWrite, Item, ItemChange, KeySchema, WriteOutcome, canonical};

/// BatchGetItem takes at most 100 keys a request.
const KEYS_PER_REQUEST: usize = 100;
/// Writes in flight at once.
const WRITES_IN_FLIGHT: usize = 16;
/// Requests for one batch of keys before giving up on what stays unprocessed.
const MAX_BATCH_ATTEMPTS: u32 = 10;
/// The first wait before asking again for unprocessed keys, doubled each time.
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(2);

pub(super) async fn get_items(
    b: &AwsBackend,
    table: &str,
    keys: &[Item],
) -> BackendResult<Vec<Item>> {
    let mut found = Vec::new();
    for chunk in distinct(keys).chunks(KEYS_PER_REQUEST) {
        found.extend(get_batch(b, table, chunk).await?);
    }
    Ok(found)
}

/// The keys without repeats: BatchGetItem refuses a request that names a
/// key twice.
fn distinct(keys: &[Item]) -> Vec<&Item> {
    let mut seen = HashSet::new();
    keys.iter()
        .filter(|k| {
            let mut bytes = Vec::new();
            canonical::encode_item(k, &mut bytes);
            seen.insert(bytes)
        })
        .collect()
}

/// Up to 100 keys: asked, then what AWS left unprocessed asked again.
async fn get_batch(b: &AwsBackend, table: &str, keys: &[&Item]) -> BackendResult<Vec<Item>> {
    let mut pending: Vec<HashMap<String, Av>> = keys.iter().map(|k| item_to_sdk(k)).collect();
    let mut found = Vec::new();
    let mut wait = FIRST_BACKOFF;
    for attempt in 1..=MAX_BATCH_ATTEMPTS {
        let call = b.call("dynamodb:BatchGetItem", format!("table {table}"));
        let request = KeysAndAttributes::builder()
            .set_keys(Some(std::mem::take(&mut pending)))
            .consistent_read(true)
            .build()
            .map_err(|e| BackendError::Invalid(format!("BatchGetItem on table {table}: {e}")))?;
        let out = counted(
            b.dynamodb
                .batch_get_item()
                .request_items(table, request)
                .send(),
        )
        .await
        .map_err(|e| call.map(e))?;
        if let Some(items) = out.responses().and_then(|r| r.get(table)) {
            for item in items {
                found.push(item_from_sdk(item)?);
            }
        }
        pending = out
            .unprocessed_keys()
            .and_then(|u| u.get(table))
            .map(|k| k.keys().to_vec())
            .unwrap_or_default();
        if pending.is_empty() {
            return Ok(found);
        }
        if attempt < MAX_BATCH_ATTEMPTS {
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(MAX_BACKOFF);
        }
    }
    Err(BackendError::LimitExceeded(format!(
        "BatchGetItem on table {table} left {} keys unprocessed after {MAX_BATCH_ATTEMPTS} \
         requests (the table's read capacity is exhausted; try again later)",
        pending.len()
    )))
}

pub(super) async fn write_items_if(
    b: &AwsBackend,
    table: &str,
    schema: &KeySchema,
    writes: &[CondWrite],
) -> BackendResult<Vec<WriteOutcome>> {
    // Made first, then streamed: a closure inside the stream would not be
    // `Send` for every lifetime, as the async trait needs.
    let calls: Vec<_> = writes
        .iter()
        .map(|w| counted(write_one(b, table, schema, w)))
        .collect();
    stream::iter(calls)
        .buffered(WRITES_IN_FLIGHT)
        .try_collect()
        .await
}

async fn write_one(
    b: &AwsBackend,
    table: &str,
    schema: &KeySchema,
    write: &CondWrite,
) -> BackendResult<WriteOutcome> {
    let cond = match condition(&write.expect, schema) {
        Ok(c) => c,
        Err(why) => return Ok(WriteOutcome::NotAttempted(why)),
    };
    let (names, values) = placeholders(&cond);
    match &write.change {
        ItemChange::Put(item) => {
            let call = b.call("dynamodb:PutItem", format!("table {table}"));
            let sent = b
                .dynamodb
                .put_item()
                .table_name(table)
                .set_item(Some(item_to_sdk(item)))
                .condition_expression(cond.expression)
                .set_expression_attribute_names(names)
                .set_expression_attribute_values(values)
                .send()
                .await;
            outcome(sent, &call, |e| e.is_conditional_check_failed_exception())
        }
        ItemChange::Delete(key) => {
            let call = b.call("dynamodb:DeleteItem", format!("table {table}"));
            let sent = b
                .dynamodb
                .delete_item()
                .table_name(table)
                .set_key(Some(item_to_sdk(key)))
                .condition_expression(cond.expression)
                .set_expression_attribute_names(names)
                .set_expression_attribute_values(values)
                .send()
                .await;
            outcome(sent, &call, |e| e.is_conditional_check_failed_exception())
        }
    }
}

/// A conditional write's answer: written, refused by its condition (an
/// outcome, not an error), or failed.
fn outcome<O, E>(
    sent: Result<O, SdkError<E, HttpResponse>>,
    call: &Call<'_>,
    condition_failed: impl Fn(&E) -> bool,
) -> BackendResult<WriteOutcome>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match sent {
        Ok(_) => Ok(WriteOutcome::Written),
        Err(e) if e.as_service_error().is_some_and(&condition_failed) => {
            Ok(WriteOutcome::ConditionFailed)
        }
        Err(e) => Err(call.map(e)),
    }
}

type Names = Option<HashMap<String, String>>;
type Values = Option<HashMap<String, Av>>;

/// The condition's placeholders as the SDK takes them; no values map at all
/// when there are none (DynamoDB refuses an empty one).
fn placeholders(cond: &Condition) -> (Names, Values) {
    let names = cond.names.iter().cloned().collect();
    let values: HashMap<String, Av> = cond
        .values
        .iter()
        .map(|(k, v)| (k.clone(), value_to_sdk(v)))
        .collect();
    (Some(names), (!values.is_empty()).then_some(values))
}
