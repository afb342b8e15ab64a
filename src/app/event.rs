use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::backend::BackendError;
use crate::checks::CheckResult;
use crate::domain::CallerIdentity;
use crate::inventory::InventoryEvent;
pub use crate::workflow::RunEvent;

/// What happened: a key, the clock, or a result from the engine.
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    Tick(DateTime<Utc>),
    Inventory(InventoryEvent),
    Identity(Result<CallerIdentity, BackendError>),
    Checks(Vec<CheckResult>),
    /// What one of our operations reports.
    Run(RunEvent),
    /// Runs a crash interrupted, checked against the account, and journals
    /// that could not be read.
    Interrupted(crate::recovery::JournalScan),
    /// The state dir, a journal or the audit log cannot be written: no
    /// more changes in this session, and why.
    LocalState(String),
    /// Something the operator asked for did not happen, and why (a
    /// dismissal refused by the journal's lock or scope).
    Notice(String),
    /// A finished run's cleanup review, ready to reopen (`ReopenReview`).
    ReviewReady(crate::workflow::Plan),
    /// The plan of a repair's undo, to show (`PrepareUndo`).
    UndoReady(crate::workflow::Plan),
    /// What the Protection view shows (`LoadProtection`).
    Protection(Box<crate::protection::ProtectionFacts>),
    /// A table's activity for the recovery timeline (`LoadActivity`), or
    /// why it could not be read.
    Activity {
        table: String,
        start: chrono::DateTime<chrono::Utc>,
        result: Result<crate::domain::TableActivity, String>,
    },
    /// What the plan chooser shows (`LoadPlanChoices`).
    PlanChoices(Box<super::plan_wizard::PlanChoices>),
    /// The AWS Backup plans and each table's coverage (`LoadPlans`), or
    /// why they could not be read.
    PlansLoaded(Result<crate::coverage::PlansSnapshot, String>),
    /// The drill history (`LoadDrills`); `None` when it could not be read.
    DrillsLoaded(Option<crate::drill::DrillHistory>),
    /// The DR region's copies and tables (`None`: no DR vault) and the
    /// exports, or why they could not be listed
    /// (`LoadRecoverySources`).
    RecoverySources {
        dr: Option<super::DrRead>,
        exports: Result<Vec<crate::domain::Export>, String>,
    },
    /// The restore history (`LoadForecast`).
    ForecastLoaded(crate::forecast::History),
    /// What `LoadPostureData` read.
    PostureData(Box<crate::posture::PostureData>),
}
