//! What a wizard field refuses, in the operator's words.

/// Why what the operator typed into a wizard field is not accepted; shown
/// under the field, which keeps its text for correction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadInput {
    /// `refresh` is the key in force for a refresh.
    #[error("no restorable window is known for {table}: refresh ({refresh})")]
    NoWindow { table: String, refresh: String },
    #[error("type a time, or 'latest'")]
    NoTime,
    #[error("{0}")]
    Time(String),
    #[error("{at} is outside the restorable window {earliest} → {latest} (UTC)")]
    OutsideWindow {
        at: String,
        earliest: String,
        latest: String,
    },
    #[error("{0}")]
    TableName(String),
    #[error("table {0} already exists: a restore needs a new name")]
    TableExists(String),
    #[error("table {name} already exists in {region}: type a name no table has there")]
    TableExistsThere { name: String, region: String },
    #[error("the recovery period is 1 to 35 days (got '{0}')")]
    RecoveryDays(String),
    #[error("type the name of the table to compare with")]
    NoOtherTable,
    #[error("{0} is the selected table: compared with itself it is always equal")]
    SameTable(String),
    #[error("no table {0} in this account and region (refresh if it was just created)")]
    NoSuchTable(String),
    #[error("type the name of the table that holds the copy (a restore made earlier)")]
    NoCopyTable,
    #[error("{0} is the table being repaired: the copy must be another table")]
    RepairFromItself(String),
    #[error("not its name: type {0}")]
    NotTheName(String),
    #[error("keep at least 1: 0 would delete the newest scheduled backup too")]
    KeepNone,
    #[error("type how many scheduled backups to keep, 1 to 1000 (got '{0}')")]
    KeepCount(String),
}
