//! The Plans view's keys: scroll by a line, a page, to either end; cancel
//! (or the plans key again) back to the panes. The moves are the main
//! view's, so a page here is a page there.

use crossterm::event::KeyEvent;

use crate::app::plans::{self, close, scroll_by};
use crate::app::state::State;
use crate::app::{Action, Command, DialogAction};

pub fn on_key(state: &mut State, key: &KeyEvent) -> Vec<Command> {
    state.view.flash = None;
    if state.keymap.means(key, DialogAction::Cancel) {
        close(state);
        return Vec::new();
    }
    let page = plans::list_height(state.view.size).max(1) as isize;
    match state.keymap.action_for(key) {
        Some(Action::Up) => scroll_by(state, -1),
        Some(Action::Down) => scroll_by(state, 1),
        Some(Action::PageUp) => scroll_by(state, -page),
        Some(Action::PageDown) => scroll_by(state, page),
        Some(Action::Top) => scroll_by(state, isize::MIN / 2),
        Some(Action::Bottom) => scroll_by(state, isize::MAX / 2),
        Some(Action::Close | Action::Plans) => close(state),
        Some(Action::Help) => state.view.modal = Some(crate::app::Modal::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}
