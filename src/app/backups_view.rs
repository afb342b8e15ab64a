//! The Backups view's state as `State` holds it: its cursor, and the
//! delete confirmation (its rows and rules are `backups.rs`).

use tui_input::Input;

use crate::domain::{BackupArn, TableName};

/// The open Backups view: where its cursor is (over `rows`).
#[derive(Debug, Clone, Default)]
pub struct BackupsView {
    pub cursor: super::cursor::Cursor,
}

/// The delete confirmation: the name typed first, then, for the only copy
/// of a table, a second yes.
#[derive(Debug, Clone)]
pub struct DeleteConfirm {
    pub table: TableName,
    pub arn: BackupArn,
    pub name: String,
    pub gone: bool,
    pub only_copy: bool,
    pub input: Input,
    pub error: Option<String>,
    /// The name was typed right; the second confirmation is showing.
    pub typed: bool,
}
