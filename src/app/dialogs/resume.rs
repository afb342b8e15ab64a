//! Resuming an interrupted run: its steps, what is kept and what runs,
//! read before anything is sent; confirm resumes, cancel leaves it listed.

use crossterm::event::KeyEvent;

use crate::app::interrupted::{resume_confirmed, resume_rows};
use crate::app::state::{Modal, State};
use crate::app::{Command, DialogAction, Scroll, layout};

pub(super) fn on_key(
    state: &mut State,
    journal: std::path::PathBuf,
    mut scroll: Scroll,
    key: &KeyEvent,
) -> Vec<Command> {
    let means = |a| state.keymap.means(key, a);
    if means(DialogAction::Confirm) {
        return resume_confirmed(state, &journal);
    }
    if means(DialogAction::Cancel) {
        return Vec::new();
    }
    let Some(run) = state.runs.interrupted.iter().find(|r| r.journal == journal) else {
        return Vec::new();
    };
    // The rows, a blank line and the legend's three.
    let total = resume_rows(run).len() + 4;
    let (_, shown) = layout::dialog_height(state.view.size.1, total);
    if means(DialogAction::Up) {
        scroll.by(-1, total, shown);
    } else if means(DialogAction::Down) {
        scroll.by(1, total, shown);
    }
    state.view.modal = Some(Modal::ConfirmResume { journal, scroll });
    Vec::new()
}
