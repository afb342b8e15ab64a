//! Keys inside dialogs, one screen per file: the operations menu, each page
//! of the wizard, the plan, a run's questions, the cleanup review, waiting
//! for a run and quitting. This file only sends a key to the screen that is
//! open. Every key is looked up in the keymap's dialog layer
//! (`[keys.dialog]`), except the menu's digits, which are the operations'
//! numbers. Text fields take characters as text, so only a key that types
//! nothing confirms or cancels there (`field.rs`).

pub(super) mod backups;
mod cleanup;
mod delete_backup;
mod field;
pub(crate) mod menu;
mod plan;
pub(super) mod plan_wizard;
pub(super) mod plans;
pub(super) mod prune;
mod question;
mod quit;
mod repair_choice;
mod resume;
mod waiting;
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

use crossterm::event::KeyEvent;

pub(super) use field::means_in_field;
pub use plan::plan_rows;

use super::state::{Modal, State};
use super::wizard::Wizard;
use super::{Command, DialogAction};

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    match state.view.modal.take() {
        Some(Modal::Wizard(w)) => wizard(state, w, key),
        Some(Modal::Question(q)) => question::on_key(state, q, key),
        Some(Modal::Waiting { job }) => waiting::on_key(state, job, &key),
        Some(Modal::ConfirmQuit) => quit::on_key(state, &key),
        Some(Modal::ConfirmResume { journal, scroll }) => {
            resume::on_key(state, journal, scroll, &key)
        }
        Some(Modal::DeleteBackup(c)) => delete_backup::on_key(state, c, key),
        Some(Modal::Prune(review)) => prune::on_key(state, review, key),
        Some(Modal::Protection(v)) => {
            crate::app::protection::on_key(state, v, &key);
            Vec::new()
        }
        Some(Modal::PlanWizard(w)) => plan_wizard::on_key(state, w, key),
        Some(Modal::Timeline(v)) => crate::app::timeline::on_key(state, *v, &key),
        other => {
            state.view.modal = other;
            Vec::new()
        }
    }
}

/// A key on a wizard page. Cancel closes the wizard from any page; the
/// page decides what the other keys do and which page comes next.
fn wizard(state: &mut State, w: Wizard, key: KeyEvent) -> Vec<Command> {
    let in_field = match &w {
        Wizard::EnterTime { .. }
        | Wizard::EnterName { .. }
        | Wizard::EnterDays { .. }
        | Wizard::EnterOther { .. } => true,
        Wizard::NewTable(page) => page.in_field(),
        Wizard::Lifecycle(_) | Wizard::S3(_) => true,
        _ => false,
    };
    let means = |action| {
        if in_field {
            means_in_field(state, &key, action)
        } else {
            state.keymap.means(&key, action)
        }
    };
    if means(DialogAction::Cancel) {
        // What the wizard said in the status line goes with it.
        state.view.flash = None;
        return Vec::new();
    }
    let confirm = means(DialogAction::Confirm);
    let next = match w {
        Wizard::Menu { table, cursor } => menu::on_key(state, table, cursor, &key, confirm),
        Wizard::PickBackup {
            kind,
            table,
            cursor,
        } => wizard_backup::on_key(state, kind, table, cursor, &key, confirm),
        Wizard::RepairSource { table, cursor } => {
            wizard_repair_source::on_key(state, table, cursor, &key, confirm)
        }
        Wizard::DrillSource { table, cursor } => {
            wizard_drill_source::on_key(state, table, cursor, &key, confirm)
        }
        Wizard::RegionSource { table, cursor } => {
            wizard_region_source::on_key(state, table, cursor, &key, confirm)
        }
        Wizard::PickPoint {
            kind,
            table,
            cursor,
        } => wizard_point::on_key(state, kind, table, cursor, &key, confirm),
        Wizard::EnterTime {
            kind,
            table,
            input,
            error,
        } => wizard_time::on_key(state, kind, table, input, error, key, confirm),
        Wizard::EnterName {
            kind,
            table,
            source,
            input,
            ..
        } => wizard_name::on_key(state, kind, table, source, input, key, confirm),
        Wizard::EnterDays { table, input, .. } => {
            wizard_days::on_key(state, table, input, key, confirm)
        }
        Wizard::Fallback { table, yes } => {
            wizard_fallback::on_key(state, table, yes, &key, confirm)
        }
        Wizard::NewTable(page) => wizard_new_table::on_key(state, page, key, confirm),
        Wizard::EnterOther {
            kind, table, input, ..
        } => wizard_compare::on_key(state, kind, table, input, key, confirm),
        Wizard::Plan { plan, scroll } => return plan::on_key(state, plan, scroll, &key, confirm),
        Wizard::Lifecycle(page) => wizard_lifecycle::on_key(state, page, key, confirm),
        Wizard::S3(page) => wizard_s3::on_key(state, page, key, confirm),
    };
    // A plan the page just built: its estimates for the table's size.
    let next = match (next, state.inventory.tables.selected_name()) {
        (Wizard::Plan { plan, scroll }, Some(table)) => Wizard::Plan {
            plan: super::ops::sized_plan(state, table, plan),
            scroll,
        },
        (next, _) => next,
    };
    state.view.modal = Some(Modal::Wizard(next));
    Vec::new()
}
