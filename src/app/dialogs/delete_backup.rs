//! Deleting a backup chosen in the Backups view: its name typed exactly,
//! then, when it is the only copy of its table, a second yes. Only then
//! does a run start (journaled and audited like every operation).

use crossterm::event::KeyEvent;

use super::field::{Typed, means_in_field, typed};
use crate::app::backups::DeleteConfirm;
use crate::app::bad_input::BadInput;
use crate::app::runs::RunView;
use crate::app::state::{Modal, State};
use crate::app::{Command, DialogAction};
use crate::workflow::Operation;

pub(super) fn on_key(state: &mut State, mut c: DeleteConfirm, key: KeyEvent) -> Vec<Command> {
    if c.typed {
        // The second confirmation: yes deletes, anything else keeps.
        if state.keymap.means(&key, DialogAction::Yes) {
            return start(state, c);
        }
        state.view.flash = Some(format!("kept {}", c.name));
        return Vec::new();
    }
    if means_in_field(state, &key, DialogAction::Cancel) {
        return Vec::new();
    }
    let confirm = means_in_field(state, &key, DialogAction::Confirm);
    let name = c.name.clone();
    match typed(std::mem::take(&mut c.input), None, key, confirm, |raw| {
        if raw == name {
            Ok(())
        } else {
            Err(BadInput::NotTheName(name.clone()))
        }
    }) {
        Typed::Valid(()) if c.only_copy => {
            c.typed = true;
            c.error = None;
            c.input = tui_input::Input::default();
            state.view.modal = Some(Modal::DeleteBackup(c));
            Vec::new()
        }
        Typed::Valid(()) => start(state, c),
        Typed::Stay(input, error) => {
            c.input = input;
            c.error = error;
            state.view.modal = Some(Modal::DeleteBackup(c));
            Vec::new()
        }
    }
}

fn start(state: &mut State, c: DeleteConfirm) -> Vec<Command> {
    let op = Operation::DeleteBackup {
        table: c.table,
        backup_arn: c.arn,
        backup_name: c.name,
    };
    let plan = crate::workflow::plan(&op, state.now);
    let job = state.runs.next_job;
    state.runs.next_job += 1;
    state
        .runs
        .ours
        .insert(0, RunView::new(job, &plan, state.now));
    state.view.flash = Some(format!("job {job}: deleting the backup"));
    vec![Command::StartRun { job, plan }]
}
