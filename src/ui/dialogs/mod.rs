//! Dialogs over the panes, one screen per file: the operations menu, each
//! page of the wizard, the plan, a run's questions, the cleanup review,
//! waiting for a run and quitting. Hints are built from the keymap in force
//! (`parts.rs`); the keys themselves are handled in `app/dialogs/`. A page
//! that asks for one typed value says what it shows (`page`) and
//! `parts::FieldPage` draws it.

mod cleanup;
pub mod comparison;
pub mod delete_backup;
pub mod details;
mod menu;
pub(super) mod parts;
mod plan;
pub mod plan_wizard;
pub mod protection;
pub mod prune;
mod question;
pub mod quit;
mod repair_choice;
pub mod resume;
pub mod timeline;
pub mod waiting;
mod wizard_backup;
mod wizard_compare;
mod wizard_days;
mod wizard_drill_source;
mod wizard_fallback;
mod wizard_lifecycle;
mod wizard_name;
mod wizard_new_table;
mod wizard_point;
mod wizard_region_source;
mod wizard_repair_source;
mod wizard_s3;
mod wizard_time;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{QuestionModal, State, Wizard};

pub fn wizard(frame: &mut Frame, area: Rect, state: &State, w: &Wizard) {
    match w {
        Wizard::Menu { table, cursor } => menu::draw(frame, area, state, table.as_str(), *cursor),
        Wizard::PickBackup {
            kind,
            table,
            cursor,
        } => wizard_backup::draw(frame, area, state, *kind, table.as_str(), *cursor),
        Wizard::RepairSource { table, cursor } => {
            wizard_repair_source::draw(frame, area, state, table.as_str(), *cursor)
        }
        Wizard::DrillSource { table, cursor } => {
            wizard_drill_source::draw(frame, area, state, table.as_str(), *cursor)
        }
        Wizard::RegionSource { table, cursor } => {
            wizard_region_source::draw(frame, area, state, table.as_str(), *cursor)
        }
        Wizard::PickPoint {
            kind,
            table,
            cursor,
        } => wizard_point::draw(frame, area, state, *kind, table.as_str(), *cursor),
        Wizard::EnterTime {
            kind,
            table,
            input,
            error,
        } => wizard_time::page(state, *kind, table.as_str()).draw(frame, area, state, input, error),
        Wizard::EnterName {
            kind,
            table,
            source,
            input,
            error,
        } => {
            wizard_name::page(*kind, table.as_str(), source).draw(frame, area, state, input, error)
        }
        Wizard::EnterDays {
            table,
            input,
            error,
        } => wizard_days::page(table.as_str()).draw(frame, area, state, input, error),
        Wizard::Fallback { table, yes } => {
            wizard_fallback::draw(frame, area, state, table.as_str(), *yes)
        }
        Wizard::NewTable(page) => wizard_new_table::draw(frame, area, state, page),
        Wizard::EnterOther {
            kind,
            table,
            input,
            error,
        } => wizard_compare::page(*kind, table.as_str()).draw(frame, area, state, input, error),
        Wizard::Plan { plan, scroll } => plan::draw(frame, area, state, plan, *scroll),
        Wizard::Lifecycle(page) => wizard_lifecycle::draw(frame, area, state, page),
        Wizard::S3(page) => wizard_s3::draw(frame, area, state, page),
    }
}

pub fn question(frame: &mut Frame, area: Rect, state: &State, q: &QuestionModal) {
    question::draw(frame, area, state, q)
}
