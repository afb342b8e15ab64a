//! The operation wizard as data: the screens before a plan is shown. The
//! operations of the menu are `workflow::OpKind`; the wizard's rules are in
//! `ops.rs`, each page's keys in its own file under `dialogs/`.

use tui_input::Input;

use super::Scroll;
use crate::workflow::{OpKind, Plan};

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
