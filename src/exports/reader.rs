//! Reading an export back: which data files under an `s3://` prefix make up
//! one full export (from its manifest when there is one, else from AWS's
//! layout `PREFIX/AWSDynamoDB/<id>/data/*.json.gz`, which is all moto
//! writes), and the items of one file, decompressed and parsed line by line
//! as its bytes arrive: a file is never whole in memory.

use std::collections::BTreeMap;

use async_compression::tokio::bufread::{GzipDecoder, ZstdDecoder};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};

use super::ddb_json;
use crate::backend::{Backend, BackendError};
use crate::domain::{Item, S3Location};

/// The folder AWS puts exports in, under the prefix asked for.
pub const EXPORTS_DIR: &str = "AWSDynamoDB";

pub use crate::domain::Compression;

/// One data file of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    pub key: String,
    pub size: u64,
    pub compression: Compression,
    /// From the manifest, when there is one.
    pub item_count: Option<u64>,
}

/// One full export found under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFiles {
    /// Where it was looked for (as typed).
    pub location: S3Location,
    /// The export's folder under `AWSDynamoDB/`.
    pub export_id: String,
    pub files: Vec<DataFile>,
    /// Items in the export, when its manifest says.
    pub item_count: Option<u64>,
    /// Whether a manifest was read (else the files were found by name).
    pub from_manifest: bool,
    /// The exported table, when its manifest summary says.
    pub table_arn: Option<String>,
}

impl ExportFiles {
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// `PREFIX/AWSDynamoDB/<id>/data/`: where ImportTable reads.
    pub fn data_prefix(&self) -> String {
        let own = format!("{EXPORTS_DIR}/{}/", self.export_id);
        let dir = self.location.dir();
        // Looked for at the export's own folder (which names it alone), or
        // at a prefix above it.
        if dir == own || dir.ends_with(&format!("/{own}")) {
            format!("{dir}data/")
        } else {
            format!("{dir}{own}data/")
        }
    }

    /// The files' compression when they share one, else none.
    pub fn compression(&self) -> Compression {
        let mut kinds = self.files.iter().map(|f| f.compression);
        let first = kinds.next().unwrap_or(Compression::None);
        if kinds.all(|k| k == first) {
            first
        } else {
            Compression::None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportReadError {
    #[error(transparent)]
    Backend(#[from] BackendError),
    #[error(
        "no DynamoDB export under {location}: an export's files are under \
         PREFIX/{EXPORTS_DIR}/EXPORT-ID/data/"
    )]
    NoExport { location: String },
    #[error(
        "{location} holds {} exports ({}): name one, e.g. {location}/{EXPORTS_DIR}/{}",
        ids.len(), ids.join(", "), ids.last().map_or("", String::as_str)
    )]
    SeveralExports { location: String, ids: Vec<String> },
    #[error(
        "{location} is an incremental export: it holds changes, not a table's items; \
         verify against a full export"
    )]
    Incremental { location: String },
    #[error("s3://{bucket}/{key}, line {line}: {why}")]
    BadLine {
        bucket: String,
        key: String,
        line: u64,
        why: String,
    },
    #[error("s3://{bucket}/{key}: {why}")]
    BadFile {
        bucket: String,
        key: String,
        why: String,
    },
}

/// Finds the one full export under `location` (verification: several are
/// refused, naming them, so the operator says which).
pub async fn find_export(
    backend: &dyn Backend,
    location: &S3Location,
) -> Result<ExportFiles, ExportReadError> {
    let mut by_id = exports_under(backend, location).await?;
    let where_ = location.to_string();
    match by_id.len() {
        0 => Err(ExportReadError::NoExport { location: where_ }),
        1 => match by_id.pop_first() {
            Some((id, keys)) => read_export(backend, location, id, keys).await,
            None => Err(ExportReadError::NoExport { location: where_ }),
        },
        _ => Err(ExportReadError::SeveralExports {
            location: where_,
            ids: by_id.into_keys().collect(),
        }),
    }
}

/// The newest full export under `location` (an import: an export's id
/// starts with its time in milliseconds, so the newest sorts last).
pub async fn find_newest_export(
    backend: &dyn Backend,
    location: &S3Location,
) -> Result<ExportFiles, ExportReadError> {
    match exports_under(backend, location).await?.pop_last() {
        Some((id, keys)) => read_export(backend, location, id, keys).await,
        None => Err(ExportReadError::NoExport {
            location: location.to_string(),
        }),
    }
}

/// Every export folder under `location`: its objects by export id.
async fn exports_under(
    backend: &dyn Backend,
    location: &S3Location,
) -> Result<BTreeMap<String, Vec<(String, u64)>>, ExportReadError> {
    let objects = backend
        .list_objects(&location.bucket, &location.dir())
        .await?;
    // Everything under `…/AWSDynamoDB/<id>/`, by id.
    let mut by_id: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for o in objects {
        if let Some(id) = export_id_of(&o.key) {
            by_id
                .entry(id.to_owned())
                .or_default()
                .push((o.key, o.size));
        }
    }
    // A folder with neither data files nor a manifest is not an export.
    by_id.retain(|_, keys| {
        keys.iter()
            .any(|(k, _)| k.contains("/data/") || k.ends_with("manifest-files.json"))
    });
    Ok(by_id)
}

/// One export's files: from its manifest when there is one, else the
/// files under its `data/`. An incremental export is refused.
async fn read_export(
    backend: &dyn Backend,
    location: &S3Location,
    export_id: String,
    keys: Vec<(String, u64)>,
) -> Result<ExportFiles, ExportReadError> {
    let where_ = location.to_string();
    let sizes: BTreeMap<&str, u64> = keys.iter().map(|(k, s)| (k.as_str(), *s)).collect();
    let bucket = &location.bucket;
    let (mut table_arn, mut summary_items) = (None, None);
    if let Some(summary) = keys
        .iter()
        .find(|(k, _)| k.ends_with("manifest-summary.json"))
    {
        let text = read_small(backend, bucket, &summary.0).await?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| ExportReadError::BadFile {
                bucket: bucket.clone(),
                key: summary.0.clone(),
                why: format!("not a manifest: {e}"),
            })?;
        if v["exportType"].as_str() == Some("INCREMENTAL_EXPORT") {
            return Err(ExportReadError::Incremental { location: where_ });
        }
        table_arn = v["tableArn"].as_str().map(str::to_owned);
        summary_items = v["itemCount"].as_u64();
    }
    if let Some((manifest, _)) = keys
        .iter()
        .find(|(k, _)| k.ends_with("manifest-files.json"))
    {
        let text = read_small(backend, bucket, manifest).await?;
        let files =
            parse_manifest_files(&text, &sizes).map_err(|why| ExportReadError::BadFile {
                bucket: bucket.clone(),
                key: manifest.clone(),
                why,
            })?;
        let item_count = files
            .iter()
            .map(|f| f.item_count)
            .sum::<Option<u64>>()
            .or(summary_items);
        return Ok(ExportFiles {
            location: location.clone(),
            export_id,
            files,
            item_count,
            from_manifest: true,
            table_arn,
        });
    }
    let files: Vec<DataFile> = keys
        .iter()
        .filter(|(k, _)| k.contains("/data/") && !k.ends_with('/'))
        .map(|(k, size)| DataFile {
            key: k.clone(),
            size: *size,
            compression: Compression::of_key(k),
            item_count: None,
        })
        .collect();
    if files.is_empty() {
        return Err(ExportReadError::NoExport { location: where_ });
    }
    Ok(ExportFiles {
        location: location.clone(),
        export_id,
        files,
        item_count: summary_items,
        from_manifest: false,
        table_arn,
    })
}

/// `…/AWSDynamoDB/<id>/…` → `<id>`.
fn export_id_of(key: &str) -> Option<&str> {
    let mut parts = key.split('/');
    parts.find(|p| *p == EXPORTS_DIR)?;
    let id = parts.next()?;
    // The id folder must have something under it.
    parts.next()?;
    (!id.is_empty()).then_some(id)
}

/// `manifest-files.json`: one JSON object a line, each naming a data file
/// (`dataFileS3Key`) and its `itemCount`.
fn parse_manifest_files(text: &str, sizes: &BTreeMap<&str, u64>) -> Result<Vec<DataFile>, String> {
    let mut files = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let key = v["dataFileS3Key"]
            .as_str()
            .ok_or_else(|| format!("line {}: no dataFileS3Key", n + 1))?;
        files.push(DataFile {
            key: key.to_owned(),
            size: sizes.get(key).copied().unwrap_or(0),
            compression: Compression::of_key(key),
            item_count: v["itemCount"].as_u64(),
        });
    }
    Ok(files)
}

/// A manifest: small, read whole (at most 16 MiB).
async fn read_small(
    backend: &dyn Backend,
    bucket: &str,
    key: &str,
) -> Result<String, ExportReadError> {
    let body = backend.open_object(bucket, key).await?;
    let mut text = String::new();
    body.take(16 << 20)
        .read_to_string(&mut text)
        .await
        .map_err(|e| ExportReadError::BadFile {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            why: e.to_string(),
        })?;
    Ok(text)
}

/// The items of one data file, in the file's order.
pub struct ItemReader {
    bucket: String,
    key: String,
    lines: BufReader<std::pin::Pin<Box<dyn tokio::io::AsyncRead + Send>>>,
    line: String,
    line_no: u64,
}

impl ItemReader {
    pub async fn open(
        backend: &dyn Backend,
        bucket: &str,
        file: &DataFile,
    ) -> Result<Self, ExportReadError> {
        let body = backend.open_object(bucket, &file.key).await?;
        let decoded: std::pin::Pin<Box<dyn tokio::io::AsyncRead + Send>> = match file.compression {
            Compression::Gzip => {
                let mut d = GzipDecoder::new(body);
                // Concatenated gzip members are one stream, as gunzip reads them.
                d.multiple_members(true);
                Box::pin(d)
            }
            Compression::Zstd => {
                let mut d = ZstdDecoder::new(body);
                d.multiple_members(true);
                Box::pin(d)
            }
            Compression::None => Box::pin(body),
        };
        Ok(Self {
            bucket: bucket.to_owned(),
            key: file.key.clone(),
            lines: BufReader::with_capacity(256 << 10, decoded),
            line: String::new(),
            line_no: 0,
        })
    }

    /// The next item, or `None` at the end of the file.
    pub async fn next(&mut self) -> Result<Option<Item>, ExportReadError> {
        loop {
            self.line.clear();
            let n = self.lines.read_line(&mut self.line).await.map_err(|e| {
                ExportReadError::BadFile {
                    bucket: self.bucket.clone(),
                    key: self.key.clone(),
                    why: format!("after line {}: {e}", self.line_no),
                }
            })?;
            if n == 0 {
                return Ok(None);
            }
            self.line_no += 1;
            match ddb_json::parse_line(&self.line) {
                Ok(Some(item)) => return Ok(Some(item)),
                Ok(None) => continue,
                Err(why) => {
                    let why =
                        if self.line.contains("\"NewImage\"") || self.line.contains("\"Keys\"") {
                            "a change record of an incremental export, not an item: verify \
                         against a full export"
                                .to_owned()
                        } else {
                            why
                        };
                    return Err(ExportReadError::BadLine {
                        bucket: self.bucket.clone(),
                        key: self.key.clone(),
                        line: self.line_no,
                        why,
                    });
                }
            }
        }
    }
}
