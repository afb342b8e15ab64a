//! Imports from S3 in the sandbox (ImportTable): the target must not
//! exist; every object under the key prefix is read (GZIP, ZSTD or NONE),
//! each DynamoDB JSON line an item; a line that cannot be read, or an item
//! without the table's key, is counted in the import's ErrorCount (AWS
//! logs each to CloudWatch) and the rest is imported. The table is
//! CREATING, then ACTIVE with the items, after a scaled time. The
//! sandbox's tables are all keyed by `pk` alone, so an import must be too.

use std::io::{BufRead, BufReader, Read};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::items::{Derived, KEY, Patch, TableData};
use super::world::{DroppedSettings, KeptSettings, Phase, SimTable};
use super::{Sandbox, rules};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{
    BillingMode, Compression, Import, ImportRequest, ImportStatus, ImportTableSpec,
};
use crate::exports::ddb_json::parse_line;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimImport {
    pub import: Import,
    pub done_at: DateTime<Utc>,
    pub client_token: String,
}

impl SimImport {
    pub fn to_domain(&self, now: DateTime<Utc>) -> Import {
        let mut i = self.import.clone();
        if i.status == ImportStatus::InProgress && now >= self.done_at {
            i.status = ImportStatus::Completed;
            i.ended_at = Some(self.done_at);
        } else if !i.status.is_finished() {
            i.processed_items = 0;
            i.imported_items = 0;
        }
        i
    }
}

/// Whether an object under the prefix is data (manifests and markers are
/// not).
fn is_data(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key);
    !name.is_empty()
        && !name.starts_with("manifest-")
        && !name.starts_with('_')
        && !name.ends_with(".md5")
        && !key.ends_with('/')
}

fn reader<'a>(body: &'a [u8], c: Compression) -> std::io::Result<Box<dyn Read + 'a>> {
    Ok(match c {
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(body)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(body)?),
        Compression::None => Box::new(body),
    })
}

pub(super) fn import_table(sb: &Sandbox, req: &ImportRequest) -> BackendResult<Import> {
    let now = sb.now();
    let spec = &req.table;
    let (bodies, copied): (Vec<Vec<u8>>, Option<TableData>) = {
        let world = sb.settled();
        if let Some(i) = world
            .imports
            .values()
            .find(|i| !req.client_token.is_empty() && i.client_token == req.client_token)
        {
            return Ok(i.to_domain(now));
        }
        rules::require_new_table(&world, &spec.name)?;
        if spec.key.partition_key != KEY || spec.key.sort_key.is_some() {
            return Err(BackendError::Invalid(format!(
                "the sandbox's tables are keyed by {KEY} alone, not {}",
                spec.key.partition_key
            )));
        }
        let bucket = world
            .buckets
            .get(&req.bucket)
            .ok_or_else(|| BackendError::not_found(format!("S3 bucket {}", req.bucket)))?;
        let copied = super::exports::exported_contents(&world, &req.bucket, &req.key_prefix, now)
            .filter(|_| req.compression == Compression::Gzip);
        let bodies = bucket
            .objects
            .range(req.key_prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&req.key_prefix))
            .filter(|(k, _)| is_data(k))
            .map(|(_, v)| v.clone())
            .collect();
        (bodies, copied)
    };
    let mut errors = 0u64;
    let mut processed = 0u64;
    let mut patches = Vec::new();
    let mut bytes = 0u64;
    for body in &bodies {
        let Ok(r) = reader(body, req.compression) else {
            errors += 1;
            continue;
        };
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else {
                // A file that does not decompress: one error, as AWS logs it.
                errors += 1;
                break;
            };
            match parse_line(&line) {
                Ok(None) => {}
                Ok(Some(item)) => {
                    processed += 1;
                    if item.contains_key(KEY) {
                        bytes += rules::item_size(&item);
                        patches.push(Patch::Put { item });
                    } else {
                        errors += 1;
                    }
                }
                Err(_) => {
                    processed += 1;
                    errors += 1;
                }
            }
        }
    }
    let mut world = sb.begin()?;
    rules::require_new_table(&world, &spec.name)?;
    let id = format!("{:013}-{:08x}", now.timestamp_millis(), fastrand::u32(..));
    let table_arn = world.table_arn(&spec.name);
    let arn = format!("{table_arn}/import/{id}");
    let mut import = Import {
        arn: arn.clone(),
        table_name: spec.name.clone(),
        table_arn: Some(table_arn.clone()),
        status: ImportStatus::InProgress,
        bucket: req.bucket.clone(),
        key_prefix: req.key_prefix.clone(),
        started_at: Some(now),
        ended_at: None,
        processed_items: processed,
        imported_items: 0,
        error_count: errors,
        failure: None,
    };
    let done_at = now + sb.scaled(Duration::minutes(5) + rules::restore_time(bytes));
    if let Some(data) = copied {
        // An untouched export made here: its contents, copied as a restore
        // copies a backup's (what its files would give, line for line).
        import.processed_items = data.items;
        import.imported_items = data.items;
        let done_at = now + sb.scaled(Duration::minutes(5) + rules::restore_time(data.size_bytes));
        world.tables.insert(
            spec.name.clone(),
            new_table(spec, table_arn, now, done_at, data),
        );
        world.imports.insert(
            arn,
            SimImport {
                import: import.clone(),
                done_at,
                client_token: req.client_token.clone(),
            },
        );
        world.commit()?;
        return Ok(SimImport {
            import,
            done_at,
            client_token: String::new(),
        }
        .to_domain(now));
    }
    if bodies.is_empty() {
        import.status = ImportStatus::Failed;
        import.ended_at = Some(now);
        import.failure = Some(format!(
            "no data files under s3://{}/{}",
            req.bucket, req.key_prefix
        ));
    } else {
        let version = world.fresh_id() | (1 << 63);
        let derived = Derived {
            base_version: version,
            base_items: 0,
            item_bytes: 1_000,
            patches,
        };
        let items = derived.item_count();
        import.imported_items = items;
        world.contents.insert(version, derived);
        let data = TableData {
            items,
            size_bytes: bytes,
            version,
        };
        world.tables.insert(
            spec.name.clone(),
            new_table(spec, table_arn, now, done_at, data),
        );
    }
    world.imports.insert(
        arn,
        SimImport {
            import: import.clone(),
            done_at,
            client_token: req.client_token.clone(),
        },
    );
    world.commit()?;
    Ok(SimImport {
        import,
        done_at,
        client_token: String::new(),
    }
    .to_domain(now))
}

pub(super) fn describe_import(sb: &Sandbox, arn: &str) -> BackendResult<Import> {
    let now = sb.now();
    sb.settled()
        .imports
        .get(arn)
        .map(|i| i.to_domain(now))
        .ok_or_else(|| BackendError::not_found(format!("import {arn}")))
}

/// The table an import creates: on demand, no PITR, no protection, no
/// tags, TTL or stream (an import carries none of them), CREATING until
/// `ready_at`.
fn new_table(
    spec: &ImportTableSpec,
    arn: String,
    now: DateTime<Utc>,
    ready_at: DateTime<Utc>,
    data: TableData,
) -> SimTable {
    SimTable {
        name: spec.name.clone(),
        arn,
        billing: BillingMode::PayPerRequest,
        deletion_protection: false,
        gsis: spec.indexes.iter().map(|i| i.name.clone()).collect(),
        created_at: now,
        phase: Phase::Creating { ready_at },
        pitr: None,
        kept: KeptSettings::default(),
        dropped: DroppedSettings::default(),
        history: vec![(now, data)],
    }
}
