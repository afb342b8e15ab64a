//! Writing data files as DynamoDB's export writes them: DynamoDB JSON, one
//! item a line, compressed. Used by the sandbox's exports, and to make
//! import input and benchmark data.

use std::io::Write;

use super::ddb_json::write_line;
use super::reader::Compression;
use crate::domain::Item;

/// One data file holding `items`, compressed as asked.
pub fn encode_file<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    compression: Compression,
) -> std::io::Result<Vec<u8>> {
    let mut plain = Vec::new();
    for item in items {
        plain.extend_from_slice(write_line(item).as_bytes());
        plain.push(b'\n');
    }
    match compression {
        Compression::None => Ok(plain),
        Compression::Gzip => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&plain)?;
            gz.finish()
        }
        Compression::Zstd => zstd::encode_all(plain.as_slice(), 3),
    }
}
