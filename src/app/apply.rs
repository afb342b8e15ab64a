//! What each main-view action does, given where the operator is: moving in
//! the focused pane (a page is what the layout shows), dialogs opened,
//! refresh, resume and dismiss. Dialog keys are in `modal_keys.rs`.

use tui_input::Input;

use super::header::ChecksState;
use super::layout;
use super::state::{Modal, Pane, State};
use super::{Action, Command, Wizard};

/// What an action does, given where the operator is.
pub fn apply(state: &mut State, action: Action) -> Vec<Command> {
    state.flash = None;
    if let Some(Modal::Help { scroll }) = state.modal.as_mut() {
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            Action::Top => *scroll = 0,
            Action::Close | Action::Help | Action::Quit => state.modal = None,
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Quit if state.runs.iter().any(super::RunView::is_active) => {
            state.modal = Some(Modal::ConfirmQuit)
        }
        Action::Quit => state.should_quit = true,
        Action::Operations => match state.tables.selected_name() {
            Some(table) => {
                state.modal = Some(Modal::Wizard(Wizard::Menu {
                    table: table.to_owned(),
                    cursor: 0,
                }));
            }
            None => state.flash = Some("select a table first".into()),
        },
        Action::Help => state.modal = Some(Modal::Help { scroll: 0 }),
        Action::Close => {
            if !state.tables.filter().is_empty() {
                state.tables.set_filter("");
            }
        }
        Action::Filter => {
            state.focus = Pane::Tables;
            state.filter_input = Some(Input::new(state.tables.filter().to_owned()));
        }
        Action::Refresh => {
            state.loading = true;
            state.load_errors.clear();
            state.header.checks = ChecksState::Running;
            return vec![
                Command::LoadInventory,
                Command::LoadIdentity,
                Command::RunChecks,
            ];
        }
        Action::NextPane => state.focus = state.focus.next(),
        Action::PrevPane => state.focus = state.focus.prev(),
        Action::Up => move_cursor(state, -1),
        Action::Down => move_cursor(state, 1),
        Action::PageUp => move_cursor(state, -page(state)),
        Action::PageDown => move_cursor(state, page(state)),
        Action::Top => move_cursor(state, isize::MIN / 2),
        Action::Bottom => move_cursor(state, isize::MAX / 2),
        Action::Dismiss => return super::interrupted::dismiss(state),
        Action::Resume => return super::interrupted::resume(state),
    }
    Vec::new()
}

fn page(state: &State) -> isize {
    let h = layout::list_heights(state.size, state.has_operations());
    let rows = match state.focus {
        Pane::Tables => h.tables,
        Pane::Recovery => h.recovery,
        Pane::Jobs => h.jobs,
    };
    rows.max(1) as isize
}

fn move_cursor(state: &mut State, delta: isize) {
    match state.focus {
        Pane::Tables => {
            let before = state.tables.selected_pos();
            state.tables.move_by(
                delta,
                layout::list_heights(state.size, state.has_operations()).tables,
            );
            if state.tables.selected_pos() != before {
                state.recovery_cursor = 0;
            }
        }
        Pane::Recovery => {
            let len = state
                .tables
                .selected_name()
                .map(|t| state.recovery.row_count(t))
                .unwrap_or(0);
            state.recovery_cursor = clamp_move(state.recovery_cursor, delta, len);
        }
        Pane::Jobs => {
            state.jobs_cursor = clamp_move(state.jobs_cursor, delta, super::jobs::row_count(state))
        }
    }
}

fn clamp_move(cur: usize, delta: isize, len: usize) -> usize {
    cur.saturating_add_signed(delta).min(len.saturating_sub(1))
}
