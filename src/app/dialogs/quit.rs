//! Quitting while operations run: yes quits, any other key stays.

use crossterm::event::KeyEvent;

use crate::app::state::State;
use crate::app::{Command, DialogAction};

pub(super) fn on_key(state: &mut State, key: &KeyEvent) -> Vec<Command> {
    if state.keymap.means(key, DialogAction::Yes) {
        state.view.should_quit = true;
    } else {
        state.view.modal = None;
    }
    Vec::new()
}
