use chrono::{DateTime, Utc};
use tui_input::Input;

use std::collections::VecDeque;

use super::cursor::Cursor;
use super::details_modal::DetailsModal;
use super::header::HeaderState;
use super::recovery::RecoveryIndex;
use super::runs::{QuestionModal, RunView};
use super::tables::TableList;
use super::wizard::Wizard;
use crate::backend::BackendInfo;
use crate::config::Keymap;
use crate::domain::Job;
use crate::recovery::InterruptedRun;
use crate::workflow::{JobId, Question};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tables,
    Recovery,
    Jobs,
}

impl Pane {
    pub fn next(self) -> Self {
        match self {
            Pane::Tables => Pane::Recovery,
            Pane::Recovery => Pane::Jobs,
            Pane::Jobs => Pane::Tables,
        }
    }

    pub fn prev(self) -> Self {
        self.next().next()
    }
}

/// A dialog over the panes. Keys go to it first.
#[derive(Debug, Clone)]
pub enum Modal {
    Help {
        scroll: u16,
    },
    Wizard(Wizard),
    Question(QuestionModal),
    /// The whole text of a Jobs row, or the start-up checks.
    Details(DetailsModal),
    /// What a comparison found: counts and differing keys.
    Comparison(super::ComparisonModal),
    /// Quit while operations run?
    ConfirmQuit,
    /// Resume this interrupted run? Its steps, what is kept and what runs.
    ConfirmResume {
        journal: std::path::PathBuf,
        scroll: super::Scroll,
    },
    /// An answer went to run `job`; the dialog keeps the keyboard until the
    /// run's next event, so a key meant for the next question never lands
    /// on the main view.
    Waiting {
        job: JobId,
    },
    /// Deleting a backup from the Backups view: its name typed, then a
    /// second yes for the only copy of a table.
    DeleteBackup(super::backups_view::DeleteConfirm),
    /// The prune review of a table's backups (`K`): how many to keep, then
    /// the ticked list. Nothing is deleted before its plan is confirmed.
    Prune(super::view_models::PruneReview),
    /// Who can delete backups: the vault's policy and lock, IAM's answer.
    Protection(super::view_models::ProtectionView),
    /// The selected table's AWS Backup plans: the chooser, then a new
    /// plan's pages (`plan_wizard.rs`).
    PlanWizard(super::plan_wizard::PlanWizard),
    /// The recovery timeline of a table: PITR window, copies, activity.
    Timeline(Box<super::timeline::TimelineView>),
}

/// Everything the screen shows. Only the app loop changes it, through
/// `update`. Grouped by what it is about: what the account holds
/// (`inventory`), our operations (`runs`), and how the screen is arranged
/// and what it says (`view`).
#[derive(Debug, Clone)]
pub struct State {
    pub header: HeaderState,
    pub inventory: Inventory,
    pub runs: Runs,
    pub view: View,
    pub keymap: Keymap,
    pub now: DateTime<Utc>,
    /// The `[posture]` rules the Posture column and view check.
    pub posture: crate::config::PostureConfig,
    /// `[exports]`: the location the export and import pages propose.
    pub exports: crate::config::ExportsConfig,
}

/// What the loader found in the account.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub tables: TableList,
    pub recovery: RecoveryIndex,
    pub jobs: Vec<Job>,
    /// The loader is running.
    pub loading: bool,
    /// Failures of whole listings (tables, backups, points, jobs).
    pub load_errors: Vec<String>,
    /// What runs changed and the panes have not reloaded yet.
    pub stale: super::refresh::Stale,
    /// The AWS Backup plans and each table's coverage, read after each
    /// inventory load (`None` until the first read answers).
    pub plans: Option<crate::coverage::PlansSnapshot>,
    /// Why the last read of the plans failed (then coverage is unknown).
    pub plans_error: Option<String>,
    /// The drill history (`drills.jsonl`), read after each inventory load;
    /// `None` until read, or when it could not be (posture: not checked).
    pub drills: Option<crate::drill::DrillHistory>,
    /// The account's restores (finished runs' journals and drills), read
    /// after each inventory load (so after each run): the menu's and the
    /// plans' restore estimates (`crate::forecast`). Empty until read: the
    /// reference's figures.
    pub forecast: crate::forecast::History,
    /// What the posture rules read beyond the inventory (tags, the DR
    /// vault's copies), after each inventory load when a rule needs it.
    pub posture_data: Option<crate::posture::PostureData>,
}

impl Inventory {
    /// How many rows the Recovery pane has: those of the selected table.
    pub fn recovery_rows(&self) -> usize {
        self.tables
            .selected_name()
            .map(|t| self.recovery.pane_row_count(t))
            .unwrap_or(0)
    }
}

/// Our operations: this session's, and those of earlier sessions that
/// never ended.
#[derive(Debug, Clone)]
pub struct Runs {
    /// This session's operations, newest first.
    pub ours: Vec<RunView>,
    pub next_job: JobId,
    /// Questions waiting behind another dialog.
    pub questions: VecDeque<(JobId, Question)>,
    /// Runs of an earlier session that never ended (from their journals).
    pub interrupted: Vec<InterruptedRun>,
    /// Journals the start-up scan could not read.
    pub unreadable_journals: Vec<crate::recovery::UnreadableJournal>,
    /// Restores into a new table that finished journals record, oldest
    /// first: (the new table, the table its copy was taken of).
    pub restored: Vec<(String, String)>,
    /// Runs of earlier sessions that ended, newest first (from their
    /// journals, at most `recovery::FINISHED_SHOWN`).
    pub finished: Vec<crate::recovery::FinishedRun>,
}

/// Where the operator is and what the screen says besides the data.
#[derive(Debug, Clone)]
pub struct View {
    pub focus: Pane,
    /// Over the selected table's rows (`Inventory::recovery_rows`).
    pub recovery_cursor: Cursor,
    /// Over `jobs::rows`.
    pub jobs_cursor: Cursor,
    /// Which AWS jobs the Jobs pane shows, by state.
    pub jobs_filter: super::jobs_filter::JobsFilter,
    pub modal: Option<Modal>,
    /// Some while the Backups view covers the panes (dialogs open over it).
    pub backups: Option<super::backups_view::BackupsView>,
    /// Some while the operator types a filter.
    pub filter_input: Option<Input>,
    /// Terminal size: the layout's heights, by which cursors scroll.
    pub size: (u16, u16),
    /// Frame counter for spinners.
    pub spinner: usize,
    /// A one-line message for the footer.
    pub flash: Option<String>,
    pub should_quit: bool,
    /// Some while the Plans view covers the panes (dialogs open over it).
    pub plans: Option<super::view_models::PlansView>,
}

impl State {
    pub fn new(backend: BackendInfo, read_only: bool, keymap: Keymap, now: DateTime<Utc>) -> Self {
        Self {
            header: HeaderState::new(backend, read_only),
            inventory: Inventory {
                tables: TableList::default(),
                recovery: RecoveryIndex::default(),
                jobs: Vec::new(),
                loading: true,
                load_errors: Vec::new(),
                stale: Default::default(),
                plans: None,
                plans_error: None,
                drills: None,
                forecast: crate::forecast::History::default(),
                posture_data: None,
            },
            runs: Runs {
                ours: Vec::new(),
                next_job: 1,
                questions: VecDeque::new(),
                interrupted: Vec::new(),
                unreadable_journals: Vec::new(),
                restored: Vec::new(),
                finished: Vec::new(),
            },
            view: View {
                focus: Pane::Tables,
                recovery_cursor: Cursor::default(),
                jobs_cursor: Cursor::default(),
                jobs_filter: Default::default(),
                modal: None,
                backups: None,
                filter_input: None,
                size: (80, 24),
                spinner: 0,
                flash: None,
                should_quit: false,
                plans: None,
            },
            keymap,
            now,
            posture: crate::config::PostureConfig::default(),
            exports: crate::config::ExportsConfig::default(),
        }
    }

    /// The Jobs pane has operations to show (it gets more room).
    pub fn has_operations(&self) -> bool {
        !self.runs.ours.is_empty() || !self.runs.interrupted.is_empty()
    }

    /// Something on screen moves: the loop ticks fast while this holds.
    pub fn is_animating(&self) -> bool {
        self.inventory.loading
            || matches!(self.header.checks, super::ChecksState::Running)
            || self.inventory.jobs.iter().any(|j| !j.status.is_finished())
            || self.runs.ours.iter().any(RunView::is_active)
    }
}
