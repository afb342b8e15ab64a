//! What the console's own views hold while open (the Plans view, the
//! Protection view, the prune review), as plain data. The state's `Modal`
//! and `View` hold these, and the modules that fill and change them
//! (`plans.rs`, `protection.rs`, `prune.rs`) read `State`: keeping the data
//! here keeps `state.rs` from depending on those modules back.

use tui_input::Input;

use super::details_modal::DetailsModal;
use super::scroll::Scroll;
use crate::domain::{Backup, TableName};
use crate::protection::ProtectionFacts;

/// The open Plans view: how far it is scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlansView {
    pub scroll: Scroll,
}

/// The open Protection view.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtectionView {
    /// `None` while the engine reads the account.
    pub facts: Option<ProtectionFacts>,
    /// What the view says, scrolled as the details view is.
    pub details: DetailsModal,
}

/// The review, as `Modal::Prune` holds it.
#[derive(Debug, Clone)]
pub struct PruneReview {
    pub table: TableName,
    pub page: PrunePage,
}

#[derive(Debug, Clone)]
pub enum PrunePage {
    /// "Keep how many scheduled backups": the field and its refusal.
    Keep { input: Input, error: Option<String> },
    /// The ticked list for `keep`.
    List {
        keep: usize,
        rows: Vec<PruneRow>,
        cursor: usize,
    },
}

/// One backup of the table and whether it is ticked for deletion.
#[derive(Debug, Clone, PartialEq)]
pub struct PruneRow {
    pub backup: Backup,
    pub kind: RowKind,
    pub ticked: bool,
}

/// What a row is, in the operator's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Scheduled, the `rank`-th newest (1-based) of those within N.
    Kept { rank: usize },
    /// Scheduled, older than the N newest.
    Beyond,
    /// Anything else: manual, `--orig`, `--dupe`, AWS Backup's, system.
    Other(&'static str),
}

impl RowKind {
    pub fn label(self, keep: usize) -> String {
        match self {
            Self::Kept { rank } => format!("scheduled, kept {rank} of {keep}"),
            Self::Beyond => format!("scheduled, beyond {keep}"),
            Self::Other(what) => what.to_owned(),
        }
    }
}
