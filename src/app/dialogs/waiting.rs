//! After an answer, until the run takes it: only quitting gets through.

use crossterm::event::KeyEvent;

use crate::app::state::{Modal, State};
use crate::app::{Action, Command};
use crate::workflow::JobId;

pub(super) fn on_key(state: &mut State, job: JobId, key: &KeyEvent) -> Vec<Command> {
    state.view.modal = Some(Modal::Waiting { job });
    // Only quitting gets through; everything else waits for the run.
    match state.keymap.action_for(key) {
        Some(Action::Quit) => crate::app::apply::apply(state, Action::Quit),
        _ => Vec::new(),
    }
}
