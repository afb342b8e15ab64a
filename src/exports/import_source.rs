//! What an import needs to know before ImportTable: where the data files
//! are (the newest export under the typed prefix), how they are
//! compressed, and the new table's key, names and types. The key comes
//! from `--key` when given, else from the source table (named by the
//! export's manifest) when it still exists, its types read from the first
//! item of the export; without either the operator is asked.

use super::locate::{FoundExport, find_export};
use crate::backend::Backend;
use crate::domain::{
    AttrValue, Compression, ImportRequest, ImportTableSpec, KeySchema, KeyType, S3Location,
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
    let found = find_export(backend, loc).await?;
    let compression = compression.unwrap_or(found.compression);
    let (key, partition_type, sort_type) = match key {
        Some(k) => k,
        None => {
            let source = found.table_arn.as_deref().and_then(table_of_arn);
            let Some(source) = source else {
                return Err(format!(
                    "{loc} has no manifest naming its table: give the key (e.g. --key pk:S)"
                ));
            };
            let schema = backend.describe_key_schema(source).await.map_err(|e| {
                format!("the export's table {source} cannot be read ({e}): give the key")
            })?;
            let first = first_item(backend, &found, compression).await?;
            let type_of = |name: &str| match first.as_ref().and_then(|i| i.get(name)) {
                Some(AttrValue::N(_)) => KeyType::N,
                Some(AttrValue::B(_)) => KeyType::B,
                _ => KeyType::S,
            };
            let pt = type_of(&schema.partition_key);
            let st = schema.sort_key.as_deref().map(type_of);
            (schema, pt, st)
        }
    };
    Ok((
        ImportRequest {
            bucket: found.bucket.clone(),
            key_prefix: found.data_prefix.clone(),
            bucket_owner: None,
            compression,
            table: ImportTableSpec {
                name: table.to_owned(),
                key,
                partition_type,
                sort_type,
            },
            client_token,
        },
        found,
    ))
}

async fn first_item(
    backend: &dyn Backend,
    found: &FoundExport,
    compression: Compression,
) -> Result<Option<crate::domain::Item>, String> {
    let Some(file) = found.files.first() else {
        return Ok(None);
    };
    let file = super::reader::DataFile {
        compression,
        ..file.clone()
    };
    let mut reader = super::ItemReader::open(backend, &found.bucket, &file)
        .await
        .map_err(|e| e.to_string())?;
    // The first item that parses: a bad first line is the import's to count.
    loop {
        match reader.next().await {
            Ok(Some(item)) => return Ok(Some(item)),
            Ok(None) => return Ok(None),
            Err(super::ExportReadError::BadLine { .. }) => continue,
            Err(e) => return Err(e.to_string()),
        }
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
