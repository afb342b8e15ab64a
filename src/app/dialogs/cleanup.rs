//! The cleanup review: move, tick what to delete (an item that must be
//! kept never ticks), and delete the ticked ones on the review's own key
//! (`D`), never on Enter: Enter runs plans everywhere else, and a key that
//! both runs and deletes is one slip from losing a fallback backup. Cancel,
//! which keeps everything, is answered in `question.rs` like every
//! question's.

use crossterm::event::KeyEvent;

use super::field::list_move;
use crate::app::DialogAction;
use crate::app::state::State;
use crate::workflow::{Answer, CleanupItem};

/// The review's marks, borrowed from its modal.
pub(super) struct Marks<'a> {
    pub checked: &'a mut [bool],
    pub cursor: &'a mut usize,
    /// A line under the list: what a key the review does not take means.
    pub error: &'a mut Option<String>,
}

pub(super) fn answer(
    state: &State,
    items: &[CleanupItem],
    marks: Marks<'_>,
    key: &KeyEvent,
    confirm: bool,
) -> Option<Answer> {
    let Marks {
        checked,
        cursor,
        error,
    } = marks;
    *error = None;
    if state.keymap.means(key, DialogAction::Delete) {
        Some(Answer::Delete(
            items
                .iter()
                .zip(checked.iter())
                .filter(|(i, c)| **c && i.deletable)
                .map(|(i, _)| i.id.clone())
                .collect(),
        ))
    } else if confirm {
        *error = Some(format!(
            "{} deletes the ticked items; {} keeps everything",
            state.keymap.dialog_key(DialogAction::Delete),
            state.keymap.dialog_key(DialogAction::Cancel)
        ));
        None
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
