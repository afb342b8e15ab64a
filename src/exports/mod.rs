//! DynamoDB exports to S3 and imports from S3: the data files' format and
//! reading an export back (verification against an export).

pub mod ddb_json;
pub mod reader;
#[cfg(test)]
mod tests;
pub mod writer;

pub use reader::{Compression, DataFile, ExportFiles, ExportReadError, ItemReader, find_export};
pub use writer::encode_file;
pub mod import_source;
pub mod locate;
