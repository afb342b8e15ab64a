//! Exports to S3 in the sandbox, with AWS's rules: PITR on, the time in
//! its window, an incremental window of 15 minutes to 24 hours inside it,
//! the bucket there. When it completes its files are in the bucket as AWS
//! lays them out: `PREFIX/AWSDynamoDB/<id>/data/<random>.json.gz` (gzip
//! DynamoDB JSON lines, several files), `manifest-summary.json` and
//! `manifest-files.json`. The data files are made when read, each one
//! segment of a scan of the table as it was (a 41M-item table costs
//! nothing until its export is read), so they are listed with their
//! uncompressed size; an import of such an export, untouched, copies the
//! contents as a restore does. An incremental export holds no change records
//! here (the sandbox keeps versions, not item histories): its rules,
//! status and manifest are AWS's, its data is empty.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::items::{Contents, Derived, TableData};
use super::{Sandbox, rules};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{
    Export, ExportKind, ExportRequest, ExportStatus, S3Object, check_bucket, check_incremental,
};
use crate::exports::ddb_json::write_line;

/// An export the sandbox accepted; its manifests wait in `pending` until
/// it completes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimExport {
    pub export: Export,
    pub done_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending: BTreeMap<String, Vec<u8>>,
    /// The contents exported and the data files' keys, file `i` being
    /// segment `i` of a scan of them.
    #[serde(default)]
    pub data: Option<VirtualData>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VirtualData {
    pub contents: TableData,
    pub files: Vec<String>,
}

impl SimExport {
    fn landed(&self, now: DateTime<Utc>) -> Option<&VirtualData> {
        (now >= self.done_at)
            .then_some(self.data.as_ref())
            .flatten()
    }
}

/// The data files of completed exports under `prefix` in `bucket`, with
/// their uncompressed size (what they hold is made when read).
pub(super) fn virtual_list(
    world: &super::world::World,
    bucket: &str,
    prefix: &str,
    now: DateTime<Utc>,
) -> Vec<S3Object> {
    let mut out = Vec::new();
    for x in world.exports.values().filter(|x| x.export.bucket == bucket) {
        if let Some(v) = x.landed(now) {
            let per = v.contents.size_bytes / (v.files.len().max(1) as u64);
            out.extend(
                v.files
                    .iter()
                    .filter(|k| k.starts_with(prefix))
                    .map(|k| S3Object {
                        key: k.clone(),
                        size: per,
                    }),
            );
        }
    }
    out
}

/// What to make to read data file `key`: the contents, their patches, and
/// which segment of how many.
pub(super) fn virtual_file(
    world: &super::world::World,
    bucket: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Option<(TableData, Option<Derived>, u32, u32)> {
    world
        .exports
        .values()
        .filter(|x| x.export.bucket == bucket)
        .filter_map(|x| x.landed(now))
        .find_map(|v| {
            let i = v.files.iter().position(|k| k == key)?;
            Some((
                v.contents,
                world.contents.get(&v.contents.version).cloned(),
                u32::try_from(i).ok()?,
                u32::try_from(v.files.len()).ok()?,
            ))
        })
}

/// The contents an untouched export made here holds, when `key_prefix`
/// is its data files' prefix and nothing else was put under it: an import
/// of it copies them, as a restore copies a backup's.
pub(super) fn exported_contents(
    world: &super::world::World,
    bucket: &str,
    key_prefix: &str,
    now: DateTime<Utc>,
) -> Option<TableData> {
    let real = world
        .buckets
        .get(bucket)?
        .objects
        .keys()
        .any(|k| k.starts_with(key_prefix) && k.contains("/data/"));
    if real {
        return None;
    }
    world
        .exports
        .values()
        .filter(|x| x.export.bucket == bucket)
        .filter_map(|x| x.landed(now))
        .find(|v| !v.files.is_empty() && v.files.iter().all(|k| k.starts_with(key_prefix)))
        .map(|v| v.contents)
}

/// Data file `segment` of `total`: the items as gzip DynamoDB JSON lines.
pub(super) fn make_file(
    data: TableData,
    derived: Option<&Derived>,
    segment: u32,
    total: u32,
) -> BackendResult<Vec<u8>> {
    let contents = Contents::new(data, derived);
    let io = |e: std::io::Error| BackendError::Invalid(format!("making an export file: {e}"));
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut start = None;
    loop {
        let page = contents.scan(segment, total, start.as_ref(), 1_000);
        for item in &page.items {
            enc.write_all(write_line(item).as_bytes()).map_err(io)?;
            enc.write_all(b"\n").map_err(io)?;
        }
        match page.last_key {
            Some(k) => start = Some(k),
            None => break,
        }
    }
    enc.finish().map_err(io)
}

impl SimExport {
    pub fn to_domain(&self, now: DateTime<Utc>) -> Export {
        let mut e = self.export.clone();
        if e.status == ExportStatus::InProgress && now >= self.done_at {
            e.status = ExportStatus::Completed;
            e.ended_at = Some(self.done_at);
        }
        if e.status != ExportStatus::Completed {
            e.manifest = None;
        }
        e
    }
}

/// Moves the files of every export done by `now` into its bucket.
pub(super) fn settle(world: &mut super::world::World, now: DateTime<Utc>) {
    let mut landed = Vec::new();
    for x in world.exports.values_mut() {
        if now >= x.done_at && !x.pending.is_empty() {
            landed.push((x.export.bucket.clone(), std::mem::take(&mut x.pending)));
        }
    }
    for (bucket, files) in landed {
        world
            .buckets
            .entry(bucket)
            .or_default()
            .objects
            .extend(files);
    }
}

/// Items per data file (AWS splits an export into many files), at most 16.
const ITEMS_PER_FILE: u64 = 25_000;

pub(super) fn export_table(sb: &Sandbox, req: &ExportRequest) -> BackendResult<Export> {
    let now = sb.now();
    let (table, data, derived) = {
        let world = sb.settled();
        if let Some(x) = world.exports.values().find(|x| {
            !req.client_token.is_empty()
                && x.export.client_token.as_deref() == Some(&req.client_token)
        }) {
            return Ok(x.to_domain(now));
        }
        let t = world
            .tables
            .values()
            .find(|t| t.arn == req.table_arn)
            .ok_or_else(|| BackendError::not_found(format!("table {}", req.table_arn)))?;
        let as_of = match req.kind {
            ExportKind::Full { at } => export_instant(t, at, now)?,
            ExportKind::Incremental { from, to } => {
                check_incremental(from, to).map_err(BackendError::Invalid)?;
                export_instant(t, from, now)?;
                export_instant(t, to, now)?
            }
        };
        check_bucket(&req.bucket).map_err(|e| BackendError::Invalid(e.to_string()))?;
        if !world.buckets.contains_key(&req.bucket) {
            return Err(BackendError::not_found(format!("S3 bucket {}", req.bucket)));
        }
        let data = t.data_at(as_of);
        (t.clone(), data, world.contents.get(&data.version).cloned())
    };
    let id = format!("{:013}-{:08x}", now.timestamp_millis(), fastrand::u32(..));
    let arn = format!("{}/export/{id}", table.arn);
    let base = match req.prefix.trim_matches('/') {
        "" => format!("AWSDynamoDB/{id}"),
        p => format!("{p}/AWSDynamoDB/{id}"),
    };
    let contents = Contents::new(data, derived.as_ref());
    let items = match req.kind {
        ExportKind::Full { .. } => contents.count(),
        ExportKind::Incremental { .. } => 0,
    };
    let bytes = match req.kind {
        ExportKind::Full { .. } => data.size_bytes,
        ExportKind::Incremental { .. } => 0,
    };
    let nfiles = match req.kind {
        ExportKind::Full { .. } => items.div_ceil(ITEMS_PER_FILE).clamp(1, 16),
        ExportKind::Incremental { .. } => 0,
    };
    let files: Vec<String> = (0..nfiles).map(|_| data_key(&base)).collect();
    let done_at = now + sb.scaled(Duration::minutes(5) + rules::backup_time(data.size_bytes) * 2);
    let mut export = Export {
        arn: arn.clone(),
        table_arn: table.arn.clone(),
        status: ExportStatus::InProgress,
        kind: Some(req.kind),
        bucket: req.bucket.clone(),
        prefix: req.prefix.trim_matches('/').to_owned(),
        started_at: Some(now),
        ended_at: None,
        items: Some(items),
        bytes: Some(bytes),
        manifest: Some(format!("{base}/manifest-summary.json")),
        failure: None,
        client_token: Some(req.client_token.clone()),
    };
    let mut pending: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut listing = String::new();
    for key in &files {
        listing.push_str(
            &serde_json::json!({
                "md5Checksum": "",
                "etag": format!("{:016x}", fastrand::u64(..)),
                "dataFileS3Key": key,
            })
            .to_string(),
        );
        listing.push('\n');
    }
    let summary = serde_json::json!({
        "version": "2023-08-01",
        "exportArn": arn,
        "startTime": now.to_rfc3339_opts(SecondsFormat::Millis, true),
        "endTime": done_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "tableArn": table.arn,
        "tableId": format!("{:08x}", fastrand::u32(..)),
        "exportTime": req.kind.as_of().to_rfc3339_opts(SecondsFormat::Millis, true),
        "s3Bucket": req.bucket,
        "s3Prefix": export.prefix,
        "s3SseAlgorithm": if req.kms_key.is_some() { "KMS" } else { "AES256" },
        "s3SseKmsKeyId": req.kms_key,
        "manifestFilesS3Key": format!("{base}/manifest-files.json"),
        "billedSizeBytes": bytes,
        "itemCount": items,
        "outputFormat": "DYNAMODB_JSON",
        "outputView": "NEW_AND_OLD_IMAGES",
        "exportType": match req.kind {
            ExportKind::Full { .. } => "FULL_EXPORT",
            ExportKind::Incremental { .. } => "INCREMENTAL_EXPORT",
        },
    });
    pending.insert(format!("{base}/manifest-files.json"), listing.into_bytes());
    pending.insert(
        format!("{base}/manifest-summary.json"),
        summary.to_string().into_bytes(),
    );
    let mut world = sb.begin()?;
    // Another call with the same token may have won the race.
    if let Some(x) = world.exports.values().find(|x| {
        !req.client_token.is_empty() && x.export.client_token.as_deref() == Some(&req.client_token)
    }) {
        return Ok(x.to_domain(now));
    }
    export.manifest = Some(format!("{base}/manifest-summary.json"));
    let out = SimExport {
        export: export.clone(),
        done_at,
        pending,
        data: Some(VirtualData {
            contents: data,
            files,
        }),
    };
    world.exports.insert(arn, out);
    world.commit()?;
    Ok(SimExport {
        export,
        done_at,
        pending: BTreeMap::new(),
        data: None,
    }
    .to_domain(now))
}

/// An export's time: inside the PITR window, whose end for an export is
/// now (DynamoDB exports up to the present, not only to the latest
/// restorable time).
fn export_instant(
    t: &super::world::SimTable,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> BackendResult<DateTime<Utc>> {
    match t.pitr_status(now).window {
        None => Err(BackendError::PitrDisabled {
            table: t.name.clone(),
        }),
        Some(w) if at >= w.earliest && at <= now => Ok(at.min(w.latest)),
        Some(w) => Err(BackendError::OutsidePitrWindow {
            requested: crate::domain::time::format_reference(at),
            earliest: w.earliest,
            latest: now,
        }),
    }
}

/// A data file's key: `base/data/<26 random characters>.json.gz`.
fn data_key(base: &str) -> String {
    let name: String = (0..26)
        .map(|_| fastrand::alphanumeric().to_ascii_lowercase())
        .collect();
    format!("{base}/data/{name}.json.gz")
}

pub(super) fn describe_export(sb: &Sandbox, arn: &str) -> BackendResult<Export> {
    let now = sb.now();
    sb.settled()
        .exports
        .get(arn)
        .map(|x| x.to_domain(now))
        .ok_or_else(|| BackendError::not_found(format!("export {arn}")))
}

pub(super) fn list_exports(sb: &Sandbox, table_arn: &str) -> BackendResult<Vec<Export>> {
    let now = sb.now();
    let world = sb.settled();
    let mut out: Vec<Export> = world
        .exports
        .values()
        .filter(|x| table_arn.is_empty() || x.export.table_arn == table_arn)
        .map(|x| x.to_domain(now))
        .collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.started_at));
    Ok(out)
}
