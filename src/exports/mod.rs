//! DynamoDB exports to S3 and imports from S3: the data files' format,
//! finding an export under a prefix and reading it back (verification
//! against an export, an import's key), and preparing an import.

pub mod ddb_json;
pub mod import_source;
pub mod locate;
pub mod reader;
#[cfg(test)]
mod tests;
pub mod writer;

pub use reader::{
    Compression, DataFile, ExportFiles, ExportReadError, ItemReader, find_export,
    find_newest_export,
};
pub use writer::encode_file;
