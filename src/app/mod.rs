//! The console's state and its pure reducer. `update` takes an `Event`, turns
//! keys into `Action`s through the keymap, changes `State` and returns the
//! `Command`s for the engine. No I/O and no `.await` here.

mod apply;
pub mod backups;
mod backups_view;
mod bad_input;
mod chosen;
mod command;
mod compare;
mod comparison_view;
mod cursor;
mod details;
mod details_modal;
mod dialogs;
pub(crate) mod drill;
mod event;
mod finished;
mod glossary;
mod header;
pub mod help;
mod interrupted;
pub mod jobs;
pub mod jobs_filter;
pub mod layout;
mod lifecycle_page;
mod ops;
pub mod plan_wizard;
pub mod plans;
pub mod posture;
pub mod protection;
pub mod prune;
mod recovery;
mod refresh;
mod refusal;
pub mod region;
mod reopen;
mod repair;
pub mod repair_choice;
mod runs;
mod s3_page;
mod scroll;
pub mod sources;
mod state;
mod tables;
pub mod timeline;
mod undo;
mod update;
mod view_models;
mod wizard;

pub use crate::config::{Action, DialogAction};
pub use crate::workflow::OpKind;
pub use command::{Command, ReviewOf};
pub use comparison_view::ComparisonModal;
pub use cursor::Cursor;
pub use details_modal::{DetailsModal, wrap};
pub use dialogs::menu::menu_action;
pub use dialogs::plan_rows;
pub use drill::source_choices as drill_source_choices;
pub use event::{Event, RunEvent};
pub use glossary::GLOSSARY;
pub use header::{ChecksState, HeaderState};
pub use interrupted::{ResumeMark, resume_rows};
pub use lifecycle_page::LifecyclePage;
pub use ops::{chosen_copy_of_selection, table_size};
pub use recovery::{DrRead, DrSources, ExportsIndex, PaneRow, RecoveryIndex, RecoveryRow};
pub use refusal::{Refusal, menu_refusal, refusal as refusal_of};
pub use repair::{RepairSourceRow, SourceChoice, source_choices};
pub use repair_choice::{ChoiceView, choice_view};
pub use runs::{QuestionModal, RunView};
pub use s3_page::S3Page;
pub use scroll::Scroll;
pub use state::{Modal, Pane, State};
pub use tables::{TableList, TableRow};
pub use undo::undoable_under_cursor;
pub use update::update;
pub use wizard::{NewFrom, NewTablePage, Wizard};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_backup_job;
#[cfg(test)]
mod tests_compare;
#[cfg(test)]
mod tests_drill;
#[cfg(test)]
pub(crate) mod tests_interrupted;
#[cfg(test)]
pub(crate) mod tests_plans;
#[cfg(test)]
mod tests_plans_view;
#[cfg(test)]
mod tests_protection;
#[cfg(test)]
mod tests_prune;
#[cfg(test)]
mod tests_region;
#[cfg(test)]
mod tests_repair;
#[cfg(test)]
mod tests_timeline;
