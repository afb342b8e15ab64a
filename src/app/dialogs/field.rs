//! What every dialog's keys share: moving in a list and picking from it,
//! and text fields, where a key that types a character is text, never a
//! command, and confirm checks the value.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::app::DialogAction;
use crate::app::bad_input::BadInput;
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

/// A key on a page that picks one of `items`: confirm picks the one under
/// the cursor (none while the list is empty), the other keys move it.
pub(super) fn pick<'a, T>(
    state: &State,
    items: &'a [T],
    cursor: &mut usize,
    key: &KeyEvent,
    confirm: bool,
) -> Option<&'a T> {
    if confirm {
        return items.get(*cursor);
    }
    list_move(state, cursor, items.len(), key);
    None
}

/// Where a key leaves a page with one text field.
pub(super) enum Typed<T> {
    /// Confirmed, and `check` accepted the value.
    Valid(T),
    /// Still on the page: the field, and the error to show under it.
    Stay(Input, Option<String>),
}

/// A key on a page with one text field. Confirm checks the value with
/// `check`, whose refusal is shown under the field; any other key is typed
/// into the field and clears the error, except that `kept` stays shown
/// while the field is left empty.
pub(super) fn typed<T>(
    mut input: Input,
    kept: Option<String>,
    key: KeyEvent,
    confirm: bool,
    check: impl FnOnce(&str) -> Result<T, BadInput>,
) -> Typed<T> {
    if confirm {
        return match check(input.value()) {
            Ok(value) => Typed::Valid(value),
            Err(e) => Typed::Stay(input, Some(e.to_string())),
        };
    }
    type_into(&mut input, key);
    let error = kept.filter(|_| input.value().is_empty());
    Typed::Stay(input, error)
}
