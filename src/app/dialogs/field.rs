//! What every dialog's keys share: moving in a list, and text fields, where
//! a key that types a character is text, never a command.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::app::DialogAction;
use crate::app::state::State;

pub(super) fn list_move(state: &State, cursor: &mut usize, len: usize, key: &KeyEvent) {
    if state.keymap.means(key, DialogAction::Up) {
        *cursor = cursor.saturating_sub(1);
    } else if state.keymap.means(key, DialogAction::Down) {
        *cursor = (*cursor + 1).min(len.saturating_sub(1));
    }
}

/// A key that types a character into a text field.
fn types(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL)
}

/// `key` means `action` in a text field: a key that types never does.
pub(in crate::app) fn means_in_field(state: &State, key: &KeyEvent, action: DialogAction) -> bool {
    !types(key) && state.keymap.means(key, action)
}

pub(super) fn type_into(input: &mut Input, key: KeyEvent) {
    input.handle_event(&crossterm::event::Event::Key(key));
}
