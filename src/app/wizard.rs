//! The operation wizard as data: the screens before a plan is shown. The
//! operations of the menu are `workflow::OpKind`; the wizard's rules are in
//! `ops.rs`, each page's keys in its own file under `dialogs/`.

use tui_input::Input;

use super::Scroll;
use crate::domain::{PitrTarget, TableName};
use crate::workflow::{OpKind, Operation, Plan};

/// The steps before a plan, one screen each.
#[derive(Debug, Clone)]
pub enum Wizard {
    Menu {
        table: TableName,
        cursor: usize,
    },
    /// The backup to restore into a new table (4), or to repair from (11).
    PickBackup {
        kind: OpKind,
        table: TableName,
        cursor: usize,
    },
    PickPoint {
        kind: OpKind,
        table: TableName,
        cursor: usize,
    },
    /// The time of a PITR restore: in place (1) or into a new table (9).
    EnterTime {
        kind: OpKind,
        table: TableName,
        input: Input,
        error: Option<String>,
    },
    EnterName {
        kind: OpKind,
        table: TableName,
        source: NewFrom,
        input: Input,
        error: Option<String>,
    },
    EnterDays {
        table: TableName,
        input: Input,
        error: Option<String>,
    },
    Fallback {
        table: TableName,
        yes: bool,
    },
    /// PITR and deletion protection on the new table of a restore into a
    /// new table (4, 5, 9): `op` is the restore with both off.
    NewTable(NewTablePage),
    /// The copy a repair in place (11) reads from: a time, a backup, a
    /// recovery point or a table (`RepairSourceRow`, `app/repair.rs`).
    RepairSource {
        table: TableName,
        cursor: usize,
    },
    /// The copy a DR drill (17) restores from: the latest restorable, a
    /// time, a backup or a recovery point (`DrillSourceRow`, `app/drill.rs`).
    DrillSource {
        table: TableName,
        cursor: usize,
    },
    /// What a restore in another region (16) restores from: the latest
    /// restorable time, a time, or a copy in the DR vault
    /// (`RegionSourceRow`, `app/region.rs`).
    RegionSource {
        table: TableName,
        cursor: usize,
    },
    /// The other table: of a comparison (10), or the one holding the copy
    /// a repair (11) reads from.
    EnterOther {
        kind: OpKind,
        table: TableName,
        input: Input,
        error: Option<String>,
    },
    Plan {
        plan: Plan,
        scroll: Scroll,
    },
    /// The lifecycle of the recovery point a backup job (12) makes.
    Lifecycle(super::lifecycle_page::LifecyclePage),
    /// Operations 13 and 14: where in S3, and when or the new table.
    S3(super::s3_page::S3Page),
}

/// What a restore into a new table restores from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewFrom {
    /// A backup's or a recovery point's ARN.
    Copy(String),
    /// The selected table at a point in time.
    Time(PitrTarget),
}

/// The new-table page: three rows, PITR on or off, its recovery period (a
/// text field), deletion protection on or off.
#[derive(Debug, Clone)]
pub struct NewTablePage {
    pub op: Operation,
    pub pitr: bool,
    pub days: Input,
    pub protection: bool,
    /// The row under the cursor: `PITR_ROW`, `DAYS_ROW` or `PROTECTION_ROW`.
    pub row: usize,
    /// Why the days typed are refused, under the field.
    pub error: Option<String>,
}

impl NewTablePage {
    pub const PITR_ROW: usize = 0;
    pub const DAYS_ROW: usize = 1;
    pub const PROTECTION_ROW: usize = 2;

    /// Both on, PITR with `days` (the source's period), as an experienced
    /// operator expects of a new table.
    pub fn new(op: Operation, days: u8) -> Self {
        Self {
            op,
            pitr: true,
            days: Input::new(days.to_string()),
            protection: true,
            row: Self::PITR_ROW,
            error: None,
        }
    }

    /// The cursor is in the recovery period's text field.
    pub fn in_field(&self) -> bool {
        self.row == Self::DAYS_ROW
    }
}

impl Wizard {
    /// The plan page, scrolled to its first step.
    pub fn plan(plan: Plan) -> Self {
        Self::Plan {
            plan,
            scroll: Scroll::default(),
        }
    }
}
