//! Finding the export an import reads: under an `s3://BUCKET/PREFIX`, the
//! newest `…/AWSDynamoDB/<id>/` that has data files (an export's id starts
//! with its time in milliseconds, so the newest sorts last). The manifest
//! (`manifest-summary.json`) is read when there is one, but not required:
//! moto writes none, and an export copied by hand may have lost it.

use crate::backend::Backend;
use crate::domain::{Compression, S3Location};

/// One export found under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundExport {
    pub bucket: String,
    /// `PREFIX/AWSDynamoDB/<id>/data/`: ImportTable's key prefix.
    pub data_prefix: String,
    /// The data files' keys.
    pub files: Vec<String>,
    pub bytes: u64,
    /// Guessed from the files' names (`.gz`, `.zst`, else none).
    pub compression: Compression,
    /// The manifest summary's `tableArn` and `itemCount`, when there is one.
    pub table_arn: Option<String>,
    pub items: Option<u64>,
}

/// The newest export under `loc`, or why there is none, in words for the
/// field where the location was typed.
pub async fn find_export(backend: &dyn Backend, loc: &S3Location) -> Result<FoundExport, String> {
    let objects = backend
        .list_objects(&loc.bucket, &loc.dir())
        .await
        .map_err(|e| format!("cannot list {loc}: {e}"))?;
    // Data files grouped by their export's base, the newest base last.
    let mut newest: Option<(String, Vec<(String, u64)>)> = None;
    let mut bases: std::collections::BTreeMap<String, Vec<(String, u64)>> = Default::default();
    for o in &objects {
        if let Some((base, _)) = data_base(&o.key) {
            bases
                .entry(base.to_owned())
                .or_default()
                .push((o.key.clone(), o.size));
        }
    }
    if let Some((base, files)) = bases
        .into_iter()
        .max_by(|a, b| id_of(&a.0).cmp(id_of(&b.0)))
    {
        newest = Some((base, files));
    }
    let Some((base, files)) = newest else {
        return Err(format!(
            "no DynamoDB export under {loc}: no AWSDynamoDB/<export id>/data/ files there"
        ));
    };
    let compression = if files.iter().all(|(k, _)| k.ends_with(".gz")) {
        Compression::Gzip
    } else if files.iter().all(|(k, _)| k.ends_with(".zst")) {
        Compression::Zstd
    } else {
        Compression::None
    };
    let (table_arn, items) = read_summary(backend, &loc.bucket, &base).await;
    Ok(FoundExport {
        bucket: loc.bucket.clone(),
        data_prefix: format!("{base}/data/"),
        bytes: files.iter().map(|(_, s)| s).sum(),
        files: files.into_iter().map(|(k, _)| k).collect(),
        compression,
        table_arn,
        items,
    })
}

/// `PREFIX/AWSDynamoDB/<id>` and the file name, for a data file's key.
fn data_base(key: &str) -> Option<(&str, &str)> {
    let (base, name) = key.rsplit_once("/data/")?;
    let id_at = base.rfind("AWSDynamoDB/")?;
    let id = &base[id_at + "AWSDynamoDB/".len()..];
    (!id.is_empty() && !id.contains('/') && !name.is_empty() && !name.contains('/'))
        .then_some((base, name))
}

fn id_of(base: &str) -> &str {
    base.rsplit('/').next().unwrap_or(base)
}

async fn read_summary(
    backend: &dyn Backend,
    bucket: &str,
    base: &str,
) -> (Option<String>, Option<u64>) {
    use tokio::io::AsyncReadExt;
    let Ok(mut body) = backend
        .open_object(bucket, &format!("{base}/manifest-summary.json"))
        .await
    else {
        return (None, None);
    };
    let mut text = String::new();
    if body.read_to_string(&mut text).await.is_err() {
        return (None, None);
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return (None, None);
    };
    (
        v["tableArn"].as_str().map(str::to_owned),
        v["itemCount"].as_u64(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_file_names_its_export() {
        assert_eq!(
            data_base("p/AWSDynamoDB/0169-ab/data/x.json.gz"),
            Some(("p/AWSDynamoDB/0169-ab", "x.json.gz"))
        );
        assert_eq!(
            data_base("AWSDynamoDB/1/data/x"),
            Some(("AWSDynamoDB/1", "x"))
        );
        assert_eq!(data_base("p/AWSDynamoDB/1/manifest-summary.json"), None);
        assert_eq!(data_base("p/other/data/x.json.gz"), None);
    }
}
