//! The operation wizard as data: the screens before a plan is shown. The
//! operations of the menu are `workflow::OpKind`; the wizard's rules are in
//! `ops.rs`, each page's keys in its own file under `dialogs/`.

use tui_input::Input;

use super::Scroll;
use crate::domain::TableName;
use crate::workflow::{OpKind, Plan};

/// The steps before a plan, one screen each.
#[derive(Debug, Clone)]
pub enum Wizard {
    Menu {
        table: TableName,
        cursor: usize,
    },
    PickBackup {
        table: TableName,
        cursor: usize,
    },
    PickPoint {
        kind: OpKind,
        table: TableName,
        cursor: usize,
    },
    EnterTime {
        table: TableName,
        input: Input,
        error: Option<String>,
    },
    EnterName {
        kind: OpKind,
        table: TableName,
        source_arn: String,
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
    /// The other table of a comparison.
    EnterOther {
        table: TableName,
        input: Input,
        error: Option<String>,
    },
    Plan {
        plan: Plan,
        scroll: Scroll,
    },
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
