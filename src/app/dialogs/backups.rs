//! The Backups view's keys: move over every copy, its details, restore it
//! into a new table (operation 4 or 5 with the copy chosen, a gone table's
//! too), delete a DynamoDB backup (the confirmation in
//! `delete_backup.rs`), cancel back to the panes.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::wizard_name;
use crate::app::backups::{self, Copy, DeleteConfirm};
use crate::app::details_modal::DetailsModal;
use crate::app::refusal::refusal;
use crate::app::state::{Modal, State};
use crate::app::{Command, DialogAction};
use crate::domain::TableName;
use crate::workflow::OpKind;

pub fn on_key(state: &mut State, key: &KeyEvent) -> Vec<Command> {
    let Some(mut view) = state.view.backups.take() else {
        return Vec::new();
    };
    let km = &state.keymap;
    let len = backups::row_count(state);
    let height = backups::list_height(state.view.size);
    if km.means(key, DialogAction::Cancel) {
        return Vec::new();
    }
    if km.means(key, DialogAction::Up) {
        view.cursor.move_by(-1, len, height);
    } else if km.means(key, DialogAction::Down) {
        view.cursor.move_by(1, len, height);
    } else if km.means(key, DialogAction::Details) {
        if let Some(row) = backups::selected(state, &view) {
            let (title, lines) = backups::details(&row, state.inventory.recovery.vault.as_deref());
            state.view.modal = Some(Modal::Details(DetailsModal::new(title, lines)));
        }
    } else if km.means(key, DialogAction::Restore) {
        restore(state, &view);
    } else if km.means(key, DialogAction::DeleteCopy) {
        delete(state, &view);
    } else if km.action_for(key) == Some(crate::app::Action::Prune)
        && let Some(row) = backups::selected(state, &view)
    {
        // The prune review of the row's table, over this view.
        let table = row.copy.table().to_owned();
        super::prune::open(state, &table);
    }
    state.view.backups = Some(view);
    Vec::new()
}

/// Operation 4 (a backup) or 5 (a recovery point) at its name page, with
/// this copy chosen.
fn restore(state: &mut State, view: &backups::BackupsView) {
    let Some(row) = backups::selected(state, view) else {
        return;
    };
    let kind = match row.copy {
        Copy::Backup(_) => OpKind::RestoreFromBackup,
        Copy::Point(_) => OpKind::RestoreFromPoint,
    };
    let arn = row.copy.arn().to_owned();
    match TableName::parse(row.copy.table()) {
        Ok(table) => {
            let page =
                wizard_name::page(state, kind, table, crate::app::wizard::NewFrom::Copy(arn));
            state.view.modal = Some(Modal::Wizard(page));
        }
        Err(e) => state.view.flash = Some(format!("cannot restore from {}: {e}", row.copy.table())),
    }
}

/// The delete confirmation for a DynamoDB backup; a recovery point is
/// refused with the reason.
fn delete(state: &mut State, view: &backups::BackupsView) {
    let Some(row) = backups::selected(state, view) else {
        return;
    };
    let Copy::Backup(b) = row.copy else {
        state.view.flash = Some(
            "a recovery point is deleted by its vault's lifecycle or in AWS Backup, not here"
                .into(),
        );
        return;
    };
    if let Some(why) = refusal(state, &b.table_name, OpKind::DeleteBackup) {
        state.view.flash = Some(format!("refused: {why}"));
        return;
    }
    let table = match TableName::parse(&b.table_name) {
        Ok(t) => t,
        Err(e) => {
            state.view.flash = Some(format!("cannot delete a backup of {}: {e}", b.table_name));
            return;
        }
    };
    state.view.modal = Some(Modal::DeleteBackup(DeleteConfirm {
        table,
        arn: b.arn.clone().into(),
        name: b.name.clone(),
        gone: row.gone,
        only_copy: row.only_copy,
        input: Input::default(),
        error: None,
        typed: false,
    }));
}
