//! The operation wizard as data: the operations of the menu and the screens
//! before a plan is shown. Its rules are in `ops.rs`, its keys in
//! `modal_keys.rs`.

use tui_input::Input;

use crate::workflow::Plan;

/// The eight operations of the reference, numbered as there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    PitrInPlace,
    AwsBackupInPlace,
    CreateBackup,
    RestoreFromBackup,
    RestoreFromPoint,
    DeleteTable,
    EnablePitr,
    EnableProtection,
}

impl OpKind {
    pub const ALL: [OpKind; 8] = [
        OpKind::PitrInPlace,
        OpKind::AwsBackupInPlace,
        OpKind::CreateBackup,
        OpKind::RestoreFromBackup,
        OpKind::RestoreFromPoint,
        OpKind::DeleteTable,
        OpKind::EnablePitr,
        OpKind::EnableProtection,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OpKind::PitrInPlace => "PITR restore in place",
            OpKind::AwsBackupInPlace => "AWS Backup restore in place",
            OpKind::CreateBackup => "Create a backup (DynamoDB)",
            OpKind::RestoreFromBackup => "Restore a DynamoDB backup into a new table",
            OpKind::RestoreFromPoint => "Restore an AWS Backup recovery point into a new table",
            OpKind::DeleteTable => "Delete the table",
            OpKind::EnablePitr => "Enable point-in-time recovery",
            OpKind::EnableProtection => "Enable deletion protection",
        }
    }

    pub fn estimate(self) -> &'static str {
        match self {
            OpKind::PitrInPlace => "~20m",
            OpKind::AwsBackupInPlace => "warm ~20m, cold ~3h",
            OpKind::CreateBackup => "1–5m",
            OpKind::RestoreFromBackup => "10–20m",
            OpKind::RestoreFromPoint => "warm ~20m, cold ~3h",
            OpKind::DeleteTable => "~5s",
            OpKind::EnablePitr | OpKind::EnableProtection => "~5s",
        }
    }
}

/// The steps before a plan, one screen each.
#[derive(Debug, Clone)]
pub enum Wizard {
    Menu {
        table: String,
        cursor: usize,
    },
    PickBackup {
        table: String,
        cursor: usize,
    },
    PickPoint {
        kind: OpKind,
        table: String,
        cursor: usize,
    },
    EnterTime {
        table: String,
        input: Input,
        error: Option<String>,
    },
    EnterName {
        kind: OpKind,
        table: String,
        source_arn: String,
        input: Input,
        error: Option<String>,
    },
    EnterDays {
        table: String,
        input: Input,
        error: Option<String>,
    },
    Fallback {
        table: String,
        yes: bool,
    },
    Plan {
        plan: Plan,
    },
}
