//! Exports to S3 in the sandbox, with AWS's rules: PITR on, the time in
//! its window, an incremental window of 15 minutes to 24 hours inside it,
//! the bucket there. The data files are made when the export is accepted
//! and land in the bucket, as AWS lays them out, when it completes:
//! `PREFIX/AWSDynamoDB/<id>/data/<random>.json.gz` (gzip DynamoDB JSON
//! lines, several files), `manifest-summary.json` and
//! `manifest-files.json`. An incremental export holds no change records
//! here (the sandbox keeps versions, not item histories): its rules,
//! status and manifest are AWS's, its data is empty.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::items::Contents;
use super::{Sandbox, rules};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{
    Export, ExportKind, ExportRequest, ExportStatus, PitrTarget, check_bucket, check_incremental,
};
use crate::exports::ddb_json::write_line;

/// An export the sandbox accepted; its files wait in `pending` until it
/// completes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimExport {
    pub export: Export,
    pub done_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending: BTreeMap<String, Vec<u8>>,
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

/// Items per data file (AWS splits an export into many files).
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
            ExportKind::Full { at } => rules::pitr_instant(t, PitrTarget::At(at), now)?,
            ExportKind::Incremental { from, to } => {
                check_incremental(from, to).map_err(BackendError::Invalid)?;
                rules::pitr_instant(t, PitrTarget::At(from), now)?;
                rules::pitr_instant(t, PitrTarget::At(to), now)?
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
    // The files are made outside the lock: a big table never blocks the console.
    let (files, items, bytes) = match req.kind {
        ExportKind::Full { .. } => data_files(&base, Contents::new(data, derived.as_ref()))?,
        ExportKind::Incremental { .. } => (Vec::new(), 0, 0),
    };
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
    for (key, body, count) in files {
        listing.push_str(
            &serde_json::json!({
                "itemCount": count,
                "md5Checksum": "",
                "etag": format!("{:016x}", fastrand::u64(..)),
                "dataFileS3Key": key,
            })
            .to_string(),
        );
        listing.push('\n');
        pending.insert(key, body);
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
    };
    world.exports.insert(arn, out);
    world.commit()?;
    Ok(SimExport {
        export,
        done_at,
        pending: BTreeMap::new(),
    }
    .to_domain(now))
}

type DataFile = (String, Vec<u8>, u64);

/// The table's items as gzip DynamoDB JSON files under `base/data/`:
/// the files, the item count, and the uncompressed bytes.
fn data_files(base: &str, contents: Contents) -> BackendResult<(Vec<DataFile>, u64, u64)> {
    let total = contents.count();
    let per_file = ITEMS_PER_FILE.max(total.div_ceil(16));
    let mut files = Vec::new();
    let mut written = 0u64;
    let mut bytes = 0u64;
    let mut start = None;
    let mut encoder = None::<(flate2::write::GzEncoder<Vec<u8>>, u64)>;
    let io = |e: std::io::Error| BackendError::Invalid(format!("writing an export file: {e}"));
    loop {
        let page = contents.scan(0, 1, start.as_ref(), 1_000);
        for item in &page.items {
            let (enc, n) = encoder.get_or_insert_with(|| {
                (
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()),
                    0,
                )
            });
            let line = write_line(item);
            enc.write_all(line.as_bytes()).map_err(io)?;
            enc.write_all(b"\n").map_err(io)?;
            bytes += line.len() as u64 + 1;
            *n += 1;
            written += 1;
            if *n >= per_file
                && let Some((enc, n)) = encoder.take()
            {
                files.push(finish(base, enc, n).map_err(io)?);
            }
        }
        match page.last_key {
            Some(k) => start = Some(k),
            None => break,
        }
    }
    if let Some((enc, n)) = encoder.take() {
        files.push(finish(base, enc, n).map_err(io)?);
    }
    Ok((files, written, bytes))
}

fn finish(base: &str, enc: flate2::write::GzEncoder<Vec<u8>>, n: u64) -> std::io::Result<DataFile> {
    let name: String = (0..26)
        .map(|_| fastrand::alphanumeric().to_ascii_lowercase())
        .collect();
    Ok((format!("{base}/data/{name}.json.gz"), enc.finish()?, n))
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
        .filter(|x| x.export.table_arn == table_arn)
        .map(|x| x.to_domain(now))
        .collect();
    out.sort_by(|a, b| b.started_at.cmp(&a.started_at));
    Ok(out)
}
