//! DynamoDB table names and the names of the temporary resources a recovery
//! creates (`{Table}--orig-{stamp}`, `{Table}--dupe-{stamp}`).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A name DynamoDB accepts: 3 to 255 characters of `A-Z a-z 0-9 _ . -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TableName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("a table name needs at least 3 characters (got {0})")]
    TooShort(usize),
    #[error("a table name has at most 255 characters (got {0})")]
    TooLong(usize),
    #[error("'{0}' is not allowed in a table name: use A-Z a-z 0-9 _ . -")]
    BadChar(char),
}

impl TableName {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let len = raw.chars().count();
        if len < 3 {
            return Err(NameError::TooShort(len));
        }
        if len > 255 {
            return Err(NameError::TooLong(len));
        }
        if let Some(bad) = raw
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        {
            return Err(NameError::BadChar(bad));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TableName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TableName> for String {
    fn from(value: TableName) -> Self {
        value.0
    }
}

impl PartialEq<str> for TableName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for TableName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which temporary resource a generated name is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TempKind {
    /// The fallback backup of the original table.
    Orig,
    /// The point-in-time duplicate table and its backup.
    Dupe,
    /// A repair's scratch table (the copy it reads what was lost from).
    Repair,
    /// The backup taken of a table before a repair writes to it.
    PreRepair,
    /// A DR drill's scratch table (restored, checked, deleted).
    Drill,
}

/// `{table}--orig-{Mon-dd-yyyy-HH-mm-ss}` in UTC: which table, which kind of
/// temporary and when, readable at a glance in the AWS console, and sorted
/// by table name there. Table names are at most 255 characters, so the base
/// is cut to leave room for the suffix and the result is always a valid name.
pub fn temp_name(table: &TableName, kind: TempKind, at: DateTime<Utc>) -> TableName {
    let tag = match kind {
        TempKind::Orig => "orig",
        TempKind::Dupe => "dupe",
        TempKind::Repair => "repair",
        TempKind::PreRepair => "prerepair",
        TempKind::Drill => "drill",
    };
    let suffix = format!("--{tag}-{}", at.format("%b-%d-%Y-%H-%M-%S"));
    let room = 255 - suffix.len();
    let base: String = table.as_str().chars().take(room).collect();
    TableName(format!("{base}{suffix}"))
}

/// `arn:aws:dynamodb:r:a:table/NAME[/backup/…]` → `NAME`.
pub fn table_of_arn(arn: &str) -> Option<&str> {
    let rest = arn.split_once(":table/")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// The table a temporary resource belongs to, if the name is one of ours.
pub fn temp_origin(name: &str) -> Option<(&str, TempKind)> {
    for (marker, kind) in [
        ("--orig-", TempKind::Orig),
        ("--dupe-", TempKind::Dupe),
        ("--prerepair-", TempKind::PreRepair),
        ("--repair-", TempKind::Repair),
        ("--drill-", TempKind::Drill),
    ] {
        if let Some(idx) = name.rfind(marker) {
            return Some((&name[..idx], kind));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn accepts_dynamodb_names_and_rejects_others() {
        assert!(TableName::parse("orders").is_ok());
        assert!(TableName::parse("a.b_c-9").is_ok());
        assert_eq!(TableName::parse("ab"), Err(NameError::TooShort(2)));
        assert_eq!(TableName::parse("has space"), Err(NameError::BadChar(' ')));
        assert_eq!(
            TableName::parse(&"x".repeat(256)),
            Err(NameError::TooLong(256))
        );
        assert!(TableName::parse(&"x".repeat(255)).is_ok());
    }

    #[test]
    fn temp_names_follow_the_reference_and_stay_valid() {
        let at = Utc
            .with_ymd_and_hms(2025, 1, 28, 8, 29, 20)
            .single()
            .unwrap();
        let t = TableName::parse("ParksAr").unwrap();
        assert_eq!(
            temp_name(&t, TempKind::Dupe, at).as_str(),
            "ParksAr--dupe-Jan-28-2025-08-29-20"
        );
        let long = TableName::parse(&"y".repeat(255)).unwrap();
        let name = temp_name(&long, TempKind::Orig, at);
        assert_eq!(name.as_str().len(), 255);
        assert!(TableName::parse(name.as_str()).is_ok());
        assert_eq!(
            temp_origin("ParksAr--orig-Jan-28-2025-08-29-20"),
            Some(("ParksAr", TempKind::Orig))
        );
        assert_eq!(temp_origin("ParksAr"), None);
    }
}
