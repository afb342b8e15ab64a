use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::backend::BackendError;
use crate::checks::CheckResult;
use crate::domain::CallerIdentity;
use crate::inventory::InventoryEvent;

/// What happened: a key, the clock, or a result from the engine.
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    Resize { width: u16, height: u16 },
    Tick(DateTime<Utc>),
    Inventory(InventoryEvent),
    Identity(Result<CallerIdentity, BackendError>),
    Checks(Vec<CheckResult>),
}
