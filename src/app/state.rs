use chrono::{DateTime, Utc};
use tui_input::Input;

use std::collections::VecDeque;

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
    /// Quit while operations run?
    ConfirmQuit,
    /// An answer went to run `job`; the dialog keeps the keyboard until the
    /// run's next event, so a key meant for the next question never lands
    /// on the main view.
    Waiting {
        job: JobId,
    },
}

/// Everything the screen shows. Only the app loop changes it, through `update`.
#[derive(Debug, Clone)]
pub struct State {
    pub header: HeaderState,
    pub tables: TableList,
    pub recovery: RecoveryIndex,
    pub jobs: Vec<Job>,
    /// The loader is running.
    pub loading: bool,
    /// Failures of whole listings (tables, backups, points, jobs).
    pub load_errors: Vec<String>,
    pub focus: Pane,
    pub recovery_cursor: usize,
    pub jobs_cursor: usize,
    pub modal: Option<Modal>,
    /// Some while the operator types a filter.
    pub filter_input: Option<Input>,
    pub keymap: Keymap,
    /// Terminal size, for scrolling.
    pub size: (u16, u16),
    pub now: DateTime<Utc>,
    /// Frame counter for spinners.
    pub spinner: usize,
    /// A one-line message for the footer.
    pub flash: Option<String>,
    pub should_quit: bool,
    /// Our operations, newest first.
    pub runs: Vec<RunView>,
    pub next_job: JobId,
    /// Questions waiting behind another dialog.
    pub questions: VecDeque<(JobId, Question)>,
    /// Runs of an earlier session that never ended (from their journals).
    pub interrupted: Vec<InterruptedRun>,
    /// Journals the start-up scan could not read.
    pub unreadable_journals: Vec<crate::recovery::UnreadableJournal>,
}

impl State {
    pub fn new(backend: BackendInfo, read_only: bool, keymap: Keymap, now: DateTime<Utc>) -> Self {
        Self {
            header: HeaderState::new(backend, read_only),
            tables: TableList::default(),
            recovery: RecoveryIndex::default(),
            jobs: Vec::new(),
            loading: true,
            load_errors: Vec::new(),
            focus: Pane::Tables,
            recovery_cursor: 0,
            jobs_cursor: 0,
            modal: None,
            filter_input: None,
            keymap,
            size: (80, 24),
            now,
            spinner: 0,
            flash: None,
            should_quit: false,
            runs: Vec::new(),
            next_job: 1,
            questions: VecDeque::new(),
            interrupted: Vec::new(),
            unreadable_journals: Vec::new(),
        }
    }

    /// The Jobs pane has operations to show (it gets more room).
    pub fn has_operations(&self) -> bool {
        !self.runs.is_empty() || !self.interrupted.is_empty()
    }

    /// Something on screen moves: the loop ticks fast while this holds.
    pub fn is_animating(&self) -> bool {
        self.loading
            || matches!(self.header.checks, super::ChecksState::Running)
            || self.jobs.iter().any(|j| !j.status.is_finished())
            || self.runs.iter().any(RunView::is_active)
    }
}
