//! The console's state and its pure reducer. `update` takes an `Event`, turns
//! keys into `Action`s through the keymap, changes `State` and returns the
//! `Command`s for the engine. No I/O and no `.await` here.

mod apply;
pub mod backups;
mod command;
mod cursor;
mod details;
mod details_modal;
mod dialogs;
mod event;
mod finished;
mod header;
mod interrupted;
pub mod jobs;
pub mod layout;
mod ops;
mod recovery;
mod refusal;
mod reopen;
mod runs;
mod scroll;
mod state;
mod tables;
mod update;
mod wizard;

pub use crate::config::{Action, DialogAction};
pub use crate::workflow::OpKind;
pub use command::{Command, ReviewOf};
pub use cursor::Cursor;
pub use details_modal::{DetailsModal, wrap};
pub use dialogs::plan_rows;
pub use event::{Event, RunEvent};
pub use header::{ChecksState, HeaderState};
pub use recovery::{RecoveryIndex, RecoveryRow};
pub use refusal::{Refusal, menu_refusal, refusal as refusal_of};
pub use runs::{QuestionModal, RunView};
pub use scroll::Scroll;
pub use state::{Modal, Pane, State};
pub use tables::{TableList, TableRow};
pub use update::update;
pub use wizard::Wizard;

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod tests_interrupted;
