//! Reads the plans and, when a selection goes by tags, each table's tags
//! (a few at a time), then resolves every table's coverage.

use std::collections::BTreeMap;

use futures_util::{StreamExt, stream};

use super::{PlansSnapshot, resolve};
use crate::backend::{Backend, BackendResult};

/// How many ListTagsOfResource calls run at once.
const TAG_READS: usize = 8;

/// Each of `tables`' (name, ARN) tags, a few at a time; `None` for a
/// table whose tags cannot be read. Plan selections by tag and posture's
/// `exclude_tags` both read them.
pub async fn read_tags(
    backend: &dyn Backend,
    tables: &[(String, String)],
) -> BTreeMap<String, Option<BTreeMap<String, String>>> {
    // Owned names and boxed futures: a stream of closures over borrowed
    // items is not `Send` for every lifetime, and the engine spawns this.
    stream::iter(tables.iter().cloned())
        .map(|(name, arn)| -> futures_util::future::BoxFuture<'_, _> {
            Box::pin(async move { (name, backend.table_tags(&arn).await.ok()) })
        })
        .buffer_unordered(TAG_READS)
        .collect()
        .await
}

/// The plans and the coverage of `tables` (name, ARN). A failed listing of
/// the plans is an error; a table whose tags cannot be read is "unknown".
pub async fn load(
    backend: &dyn Backend,
    tables: &[(String, String)],
    now: chrono::DateTime<chrono::Utc>,
) -> BackendResult<PlansSnapshot> {
    let plans = backend.list_backup_plans().await?;
    let by_tags = plans
        .iter()
        .flat_map(|p| &p.selections)
        .any(|s| s.reads_tags());
    let tags = if by_tags {
        read_tags(backend, tables).await
    } else {
        BTreeMap::new()
    };
    let coverage = tables
        .iter()
        .map(|(name, arn)| {
            let t = if by_tags {
                tags.get(name).and_then(Option::as_ref)
            } else {
                None
            };
            (name.clone(), resolve(&plans, arn, t))
        })
        .collect();
    Ok(PlansSnapshot {
        plans,
        coverage,
        read_at: Some(now),
    })
}
