//! What an import needs to know before ImportTable: where the data files
//! are (the newest export under the typed prefix), how they are
//! compressed, and the new table's key (names and types) and global
//! secondary indexes. The key comes from `--key` when given (then no
//! index is made), else from the source table named by the export's
//! manifest when it still exists: its key, attribute types and indexes
//! (DescribeTable); without either the operator is asked.

use super::locate::{FoundExport, find_export};
use crate::backend::Backend;
use crate::domain::{
    Compression, ImportRequest, ImportTableSpec, KeySchema, KeyType, S3Location, TableShape,
    table_of_arn,
};

/// `pk:S` or `pk:S,sk:N`: a key typed by hand.
pub fn parse_key(text: &str) -> Result<(KeySchema, KeyType, Option<KeyType>), String> {
    let part = |p: &str| -> Result<(String, KeyType), String> {
        let (name, t) = p.trim().split_once(':').ok_or_else(|| {
            format!("key {p:?}: NAME:TYPE, the type S, N or B (e.g. pk:S or pk:S,sk:N)")
        })?;
        if name.trim().is_empty() {
            return Err(format!("key {p:?}: the attribute name is empty"));
        }
        Ok((name.trim().to_owned(), KeyType::parse(t)?))
    };
    let mut parts = text.split(',');
    let (pk, pt) = part(parts.next().unwrap_or_default())?;
    let sort = parts.next().map(part).transpose()?;
    if parts.next().is_some() {
        return Err("a key has at most two attributes: partition and sort".to_owned());
    }
    Ok((
        KeySchema {
            partition_key: pk,
            sort_key: sort.as_ref().map(|(n, _)| n.clone()),
        },
        pt,
        sort.map(|(_, t)| t),
    ))
}

/// The import of the newest export under `loc` into `table`; `key` (from
/// `parse_key`) overrides the source table's key.
pub async fn prepare_import(
    backend: &dyn Backend,
    loc: &S3Location,
    table: &str,
    compression: Option<Compression>,
    key: Option<(KeySchema, KeyType, Option<KeyType>)>,
    client_token: String,
) -> Result<(ImportRequest, FoundExport), String> {
    prepare(backend, loc, table, compression, key, None, client_token).await
}

/// As `prepare_import` without a typed key, `fallback`'s shape serving
/// when the manifest names no table that can be read (the console's
/// import: the table it was started on; moto writes no manifest).
pub async fn prepare_import_like(
    backend: &dyn Backend,
    loc: &S3Location,
    table: &str,
    compression: Option<Compression>,
    fallback: &str,
    client_token: String,
) -> Result<(ImportRequest, FoundExport), String> {
    prepare(
        backend,
        loc,
        table,
        compression,
        None,
        Some(fallback),
        client_token,
    )
    .await
}

async fn prepare(
    backend: &dyn Backend,
    loc: &S3Location,
    table: &str,
    compression: Option<Compression>,
    key: Option<(KeySchema, KeyType, Option<KeyType>)>,
    fallback: Option<&str>,
    client_token: String,
) -> Result<(ImportRequest, FoundExport), String> {
    let found = find_export(backend, loc).await?;
    let compression = compression.unwrap_or(found.compression);
    let shape = match key {
        Some((key, partition_type, sort_type)) => TableShape {
            key,
            partition_type,
            sort_type,
            indexes: Vec::new(),
        },
        None => {
            let named = match found.table_arn.as_deref().and_then(table_of_arn) {
                Some(source) => backend.describe_shape(source).await.map_err(|e| {
                    format!("the export's table {source} cannot be read ({e}): give the key")
                }),
                None => Err(format!(
                    "{loc} has no manifest naming its table: give the key (e.g. --key pk:S)"
                )),
            };
            match (named, fallback) {
                (Ok(shape), _) => shape,
                (Err(_), Some(other)) => backend
                    .describe_shape(other)
                    .await
                    .map_err(|e| format!("table {other} cannot be read ({e})"))?,
                (Err(e), None) => return Err(e),
            }
        }
    };
    Ok((
        import_request(&found, table, compression, shape, client_token),
        found,
    ))
}

/// ImportTable's request for the export `found`, creating `table` with
/// `shape`'s key and indexes.
pub fn import_request(
    found: &FoundExport,
    table: &str,
    compression: Compression,
    shape: TableShape,
    client_token: String,
) -> ImportRequest {
    ImportRequest {
        bucket: found.bucket.clone(),
        key_prefix: found.data_prefix.clone(),
        bucket_owner: None,
        compression,
        table: ImportTableSpec {
            name: table.to_owned(),
            key: shape.key,
            partition_type: shape.partition_type,
            sort_type: shape.sort_type,
            indexes: shape.indexes,
        },
        client_token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_key() {
        let (k, pt, st) = parse_key("id:N,at:S").unwrap();
        assert_eq!(k.partition_key, "id");
        assert_eq!(k.sort_key.as_deref(), Some("at"));
        assert_eq!((pt, st), (KeyType::N, Some(KeyType::S)));
        assert!(parse_key("id").unwrap_err().contains("NAME:TYPE"));
        assert!(parse_key("id:X").unwrap_err().contains("S, N or B"));
        assert!(parse_key("a:S,b:S,c:S").is_err());
    }
}
