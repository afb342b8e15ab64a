//! The cleanup review: move, tick what to delete (an item that must be
//! kept never ticks), confirm to delete the ticked ones. Cancel, which
//! keeps everything, is answered in `question.rs` like every question's.

use crossterm::event::KeyEvent;

use super::field::list_move;
use crate::app::DialogAction;
use crate::app::state::State;
use crate::workflow::{Answer, CleanupItem};

pub(super) fn answer(
    state: &State,
    items: &[CleanupItem],
    checked: &mut [bool],
    cursor: &mut usize,
    key: &KeyEvent,
    confirm: bool,
) -> Option<Answer> {
    if confirm {
        Some(Answer::Delete(
            items
                .iter()
                .zip(checked.iter())
                .filter(|(i, c)| **c && i.deletable)
                .map(|(i, _)| i.id.clone())
                .collect(),
        ))
    } else if state.keymap.means(key, DialogAction::Tick) {
        if let (Some(item), Some(c)) = (items.get(*cursor), checked.get_mut(*cursor)) {
            *c = item.deletable && !*c;
        }
        None
    } else {
        list_move(state, cursor, items.len(), key);
        None
    }
}
