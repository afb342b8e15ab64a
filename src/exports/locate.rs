//! Finding the export an import reads: under an `s3://BUCKET/PREFIX`, the
//! newest `…/AWSDynamoDB/<id>/` that has data files (an export's id starts
//! with its time in milliseconds, so the newest sorts last). The manifest
//! (`manifest-summary.json`) is read when there is one, but not required:
//! moto writes none, and an export copied by hand may have lost it.

use super::reader::{DataFile, find_newest_export};
use crate::backend::Backend;
use crate::domain::{Compression, S3Location};

/// One export found under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundExport {
    pub bucket: String,
    /// `PREFIX/AWSDynamoDB/<id>/data/`: ImportTable's key prefix.
    pub data_prefix: String,
    /// The data files.
    pub files: Vec<DataFile>,
    pub bytes: u64,
    /// From the files' names (`.gz`, `.zst`, else none), when they agree.
    pub compression: Compression,
    /// The manifest summary's `tableArn` and `itemCount`, when there is one.
    pub table_arn: Option<String>,
    pub items: Option<u64>,
}

impl FoundExport {
    /// The export's own folder, `PREFIX/AWSDynamoDB/<id>`: a location that
    /// names this export alone, however many more are made beside it.
    pub fn folder(&self) -> S3Location {
        S3Location {
            bucket: self.bucket.clone(),
            prefix: self
                .data_prefix
                .trim_end_matches('/')
                .trim_end_matches("/data")
                .to_owned(),
        }
    }
}

/// The newest export under `loc`, or why there is none, in words for the
/// field where the location was typed.
pub async fn find_export(backend: &dyn Backend, loc: &S3Location) -> Result<FoundExport, String> {
    let export = find_newest_export(backend, loc)
        .await
        .map_err(|e| e.to_string())?;
    Ok(FoundExport {
        bucket: loc.bucket.clone(),
        data_prefix: export.data_prefix(),
        bytes: export.bytes(),
        compression: export.compression(),
        files: export.files,
        table_arn: export.table_arn,
        items: export.item_count,
    })
}
