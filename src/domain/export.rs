//! Exports of a table to S3 (ExportTableToPointInTime) and imports of S3
//! data into a new table (ImportTable), as the console asks for them and
//! reads them back. No SDK types.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::KeySchema;

/// What an export holds: the whole table at one instant, or the changes
/// between two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ExportKind {
    Full {
        at: DateTime<Utc>,
    },
    Incremental {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

impl ExportKind {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Full { .. } => "full",
            Self::Incremental { .. } => "incremental",
        }
    }

    /// The instant the export shows the table as it was (an incremental
    /// export's end).
    pub fn as_of(&self) -> DateTime<Utc> {
        match self {
            Self::Full { at } => *at,
            Self::Incremental { to, .. } => *to,
        }
    }
}

/// The shortest incremental export AWS accepts.
pub const INCREMENTAL_MIN: Duration = Duration::minutes(15);
/// The longest.
pub const INCREMENTAL_MAX: Duration = Duration::hours(24);

/// Why an incremental window is refused before any call (AWS's rule:
/// at least 15 minutes, at most 24 hours, the start before the end).
pub fn check_incremental(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<(), String> {
    if to <= from {
        return Err("an incremental export's end must be after its start".to_owned());
    }
    let span = to - from;
    if span < INCREMENTAL_MIN {
        return Err(format!(
            "an incremental export spans at least 15 minutes (this window is {} min)",
            span.num_minutes()
        ));
    }
    if span > INCREMENTAL_MAX {
        return Err(format!(
            "an incremental export spans at most 24 hours (this window is {} h)",
            span.num_hours()
        ));
    }
    Ok(())
}

/// ExportTableToPointInTime's parameters (DynamoDB JSON always).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    pub table_arn: String,
    pub bucket: String,
    /// May be empty.
    pub prefix: String,
    /// The bucket's account, when it is another one.
    pub bucket_owner: Option<String>,
    /// A KMS key for the files (SSE-KMS); `None`: SSE-S3.
    pub kms_key: Option<String>,
    pub kind: ExportKind,
    /// The same token never starts a second export.
    pub client_token: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExportStatus {
    InProgress,
    Completed,
    Failed,
}

impl ExportStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "COMPLETED" => Self::Completed,
            "FAILED" => Self::Failed,
            _ => Self::InProgress,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::InProgress => "IN_PROGRESS",
            Self::Completed => "COMPLETED",
            Self::Failed => "FAILED",
        }
    }

    pub fn is_finished(self) -> bool {
        self != Self::InProgress
    }
}

/// One export, as DescribeExport (or ListExports, with less) answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    pub arn: String,
    pub table_arn: String,
    pub status: ExportStatus,
    /// `None` when only ListExports answered (it does not say).
    pub kind: Option<ExportKind>,
    pub bucket: String,
    pub prefix: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub items: Option<u64>,
    pub bytes: Option<u64>,
    /// The manifest's key (`…/manifest-summary.json`), once written.
    pub manifest: Option<String>,
    pub failure: Option<String>,
    pub client_token: Option<String>,
}

impl Export {
    /// The export's id, the last part of its ARN (`…/export/<id>`): its
    /// files are under `PREFIX/AWSDynamoDB/<id>/`.
    pub fn id(&self) -> &str {
        self.arn.rsplit('/').next().unwrap_or(&self.arn)
    }

    /// Where the export's files are: `s3://bucket/prefix/AWSDynamoDB/<id>`.
    pub fn location(&self) -> String {
        let mut s = format!("s3://{}/", self.bucket);
        if !self.prefix.is_empty() {
            s.push_str(self.prefix.trim_matches('/'));
            s.push('/');
        }
        s.push_str("AWSDynamoDB/");
        s.push_str(self.id());
        s
    }
}

/// How an import's files are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    #[default]
    Gzip,
    Zstd,
    None,
}

impl Compression {
    /// A data file's, from its name: `.gz`, `.zst`, else plain.
    pub fn of_key(key: &str) -> Self {
        if key.ends_with(".gz") {
            Self::Gzip
        } else if key.ends_with(".zst") || key.ends_with(".zstd") {
            Self::Zstd
        } else {
            Self::None
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "gzip" | "gz" => Ok(Self::Gzip),
            "zstd" | "zst" => Ok(Self::Zstd),
            "none" | "" => Ok(Self::None),
            other => Err(format!("compression {other:?}: gzip, zstd or none")),
        }
    }

    /// ImportTable's InputCompressionType.
    pub fn aws_name(self) -> &'static str {
        match self {
            Self::Gzip => "GZIP",
            Self::Zstd => "ZSTD",
            Self::None => "NONE",
        }
    }
}

/// A key attribute's type (ImportTable's AttributeDefinitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum KeyType {
    #[default]
    S,
    N,
    B,
}

impl KeyType {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim() {
            "S" | "s" => Ok(Self::S),
            "N" | "n" => Ok(Self::N),
            "B" | "b" => Ok(Self::B),
            other => Err(format!("key type {other:?}: S, N or B")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::S => "S",
            Self::N => "N",
            Self::B => "B",
        }
    }
}

/// The new table an import creates: its key (names and types), its
/// global secondary indexes and an on-demand billing mode; the settings
/// an import does not carry are put back afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportTableSpec {
    pub name: String,
    pub key: KeySchema,
    pub partition_type: KeyType,
    #[serde(default)]
    pub sort_type: Option<KeyType>,
    /// Created with the table, as ImportTable allows (journals written
    /// before indexes were carried have none).
    #[serde(default)]
    pub indexes: Vec<IndexSpec>,
}

/// Which attributes a global secondary index holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Projection {
    #[default]
    All,
    KeysOnly,
    /// The keys and these attributes.
    Include(Vec<String>),
}

/// A global secondary index as DescribeTable tells it and ImportTable
/// takes it: its name, key (names and types) and projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexSpec {
    pub name: String,
    pub key: KeySchema,
    pub partition_type: KeyType,
    #[serde(default)]
    pub sort_type: Option<KeyType>,
    #[serde(default)]
    pub projection: Projection,
}

/// What a table is made of, besides its items and settings: its key with
/// the key attributes' types (DescribeTable's AttributeDefinitions) and
/// its global secondary indexes. An import creates its copy from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableShape {
    pub key: KeySchema,
    pub partition_type: KeyType,
    pub sort_type: Option<KeyType>,
    pub indexes: Vec<IndexSpec>,
}

/// ImportTable's parameters (DynamoDB JSON always).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub bucket: String,
    /// The key prefix of the data files (an export's
    /// `PREFIX/AWSDynamoDB/<id>/data/`).
    pub key_prefix: String,
    pub bucket_owner: Option<String>,
    pub compression: Compression,
    pub table: ImportTableSpec,
    pub client_token: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImportStatus {
    InProgress,
    Completed,
    Cancelling,
    Cancelled,
    Failed,
}

impl ImportStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "COMPLETED" => Self::Completed,
            "CANCELLING" => Self::Cancelling,
            "CANCELLED" => Self::Cancelled,
            "FAILED" => Self::Failed,
            _ => Self::InProgress,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::InProgress => "IN_PROGRESS",
            Self::Completed => "COMPLETED",
            Self::Cancelling => "CANCELLING",
            Self::Cancelled => "CANCELLED",
            Self::Failed => "FAILED",
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled | Self::Failed)
    }
}

/// One import, as DescribeImport answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    pub arn: String,
    pub table_name: String,
    pub table_arn: Option<String>,
    pub status: ImportStatus,
    pub bucket: String,
    pub key_prefix: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub processed_items: u64,
    pub imported_items: u64,
    /// Lines that could not be read or written (AWS logs each to
    /// CloudWatch); the import still completes.
    pub error_count: u64,
    pub failure: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incremental_window_is_15_minutes_to_24_hours() {
        let t = Utc::now();
        assert!(check_incremental(t, t + Duration::minutes(14)).is_err());
        assert!(check_incremental(t, t + Duration::minutes(15)).is_ok());
        assert!(check_incremental(t, t + Duration::hours(24)).is_ok());
        let e = check_incremental(t, t + Duration::hours(25)).unwrap_err();
        assert!(e.contains("at most 24 hours"), "{e}");
        assert!(check_incremental(t, t).is_err());
    }

    #[test]
    fn an_exports_files_are_under_its_id() {
        let e = Export {
            arn: "arn:aws:dynamodb:eu-west-1:1:table/orders/export/01234-abc".into(),
            table_arn: "arn:aws:dynamodb:eu-west-1:1:table/orders".into(),
            status: ExportStatus::Completed,
            kind: None,
            bucket: "b".into(),
            prefix: "p/q/".into(),
            started_at: None,
            ended_at: None,
            items: None,
            bytes: None,
            manifest: None,
            failure: None,
            client_token: None,
        };
        assert_eq!(e.id(), "01234-abc");
        assert_eq!(e.location(), "s3://b/p/q/AWSDynamoDB/01234-abc");
    }

    #[test]
    fn compression_names() {
        assert_eq!(Compression::parse("ZSTD"), Ok(Compression::Zstd));
        assert!(Compression::parse("bz2").is_err());
    }
}
