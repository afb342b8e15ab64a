//! What each main-view action does, given where the operator is: moving in
//! the focused pane (a page is what the layout shows), dialogs opened,
//! refresh, resume and dismiss. Dialog keys are in `dialogs/`.

use tui_input::Input;

use super::header::ChecksState;
use super::layout;
use super::state::{Modal, Pane, State};
use super::{Action, Command, Wizard};
use crate::domain::TableName;

/// What an action does, given where the operator is.
pub fn apply(state: &mut State, action: Action) -> Vec<Command> {
    state.view.flash = None;
    let help_end = match state.view.modal {
        Some(Modal::Help { .. }) => super::help::max_scroll(state),
        _ => 0,
    };
    if let Some(Modal::Help { scroll }) = state.view.modal.as_mut() {
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1).min(help_end),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10).min(help_end),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = help_end,
            Action::Close | Action::Help | Action::Quit => state.view.modal = None,
            _ => {}
        }
        return Vec::new();
    }
    if let Some(Modal::Details(d)) = state.view.modal.as_mut() {
        let size = state.view.size;
        match action {
            Action::Up => d.scroll_by(-1, size),
            Action::Down => d.scroll_by(1, size),
            Action::PageUp => d.scroll_by(-10, size),
            Action::PageDown => d.scroll_by(10, size),
            Action::Top => d.scroll_by(isize::MIN / 2, size),
            Action::Bottom => d.scroll_by(isize::MAX / 2, size),
            Action::Close | Action::Details | Action::Quit => state.view.modal = None,
            _ => {}
        }
        return Vec::new();
    }
    if let Some(Modal::Comparison(_)) = state.view.modal {
        super::comparison_view::on_action(state, action);
        return Vec::new();
    }
    // On a run that compared two tables, Enter and details show what it found.
    if matches!(action, Action::Operations | Action::Details) && super::comparison_view::open(state)
    {
        return Vec::new();
    }
    match action {
        Action::Quit if state.runs.ours.iter().any(super::RunView::is_active) => {
            state.view.modal = Some(Modal::ConfirmQuit)
        }
        Action::Quit => state.view.should_quit = true,
        Action::Operations => match state.inventory.tables.selected_name() {
            // The one place the wizard's table is parsed; AWS only lists
            // valid names, so the refusal is for a backend that does not.
            Some(table) => match TableName::parse(table) {
                Ok(table) => {
                    let cursor = super::ops::menu_cursor(state, &table);
                    state.view.modal = Some(Modal::Wizard(Wizard::Menu { table, cursor }));
                }
                Err(e) => state.view.flash = Some(format!("cannot work on {table}: {e}")),
            },
            None => state.view.flash = Some("select a table first".into()),
        },
        Action::Help => state.view.modal = Some(Modal::Help { scroll: 0 }),
        Action::Close => {
            if !state.inventory.tables.filter().is_empty() {
                state.inventory.tables.set_filter("");
            }
        }
        Action::Filter => {
            state.view.focus = Pane::Tables;
            state.view.filter_input = Some(Input::new(state.inventory.tables.filter().to_owned()));
        }
        Action::Refresh => {
            state.inventory.loading = true;
            state.inventory.load_errors.clear();
            state.header.checks = ChecksState::Running;
            return vec![
                Command::LoadInventory,
                Command::LoadIdentity,
                Command::RunChecks,
            ];
        }
        Action::NextPane => state.view.focus = state.view.focus.next(),
        Action::PrevPane => state.view.focus = state.view.focus.prev(),
        Action::Up => move_cursor(state, -1),
        Action::Down => move_cursor(state, 1),
        Action::PageUp => move_cursor(state, -page(state)),
        Action::PageDown => move_cursor(state, page(state)),
        Action::Top => move_cursor(state, isize::MIN / 2),
        Action::Bottom => move_cursor(state, isize::MAX / 2),
        Action::Dismiss => return super::interrupted::dismiss(state),
        Action::Resume => return super::interrupted::resume(state),
        Action::Details => super::details::open(state),
        Action::Backups => state.view.backups = Some(super::backups::BackupsView::default()),
        Action::Posture => super::posture::open(state),
        Action::ReviewLeftovers => return super::reopen::request(state),
        Action::UndoRepair => return super::undo::request(state),
        Action::JobsFilter => state.view.jobs_filter = state.view.jobs_filter.next(),
        Action::Prune => match state.inventory.tables.selected_name().map(str::to_owned) {
            Some(table) => super::dialogs::prune::open(state, &table),
            None => state.view.flash = Some("select a table first".into()),
        },
        Action::Protection => return super::protection::open(state),
        Action::AddToPlan => return super::dialogs::plan_wizard::request(state),
        Action::Plans => super::plans::open(state),
        Action::Timeline => return super::timeline::open(state),
    }
    Vec::new()
}

fn page(state: &State) -> isize {
    let h = layout::list_heights(state.view.size, state.has_operations());
    let rows = match state.view.focus {
        Pane::Tables => h.tables,
        Pane::Recovery => h.recovery,
        Pane::Jobs => h.jobs,
    };
    rows.max(1) as isize
}

/// Moves the focused pane's cursor over its rows, scrolled by the height
/// the layout gives that pane.
fn move_cursor(state: &mut State, delta: isize) {
    let h = layout::list_heights(state.view.size, state.has_operations());
    match state.view.focus {
        Pane::Tables => {
            let before = state.inventory.tables.selected_pos();
            state.inventory.tables.move_by(delta, h.tables);
            if state.inventory.tables.selected_pos() != before {
                state.view.recovery_cursor.top();
            }
        }
        Pane::Recovery => {
            let rows = state.inventory.recovery_rows();
            state.view.recovery_cursor.move_by(delta, rows, h.recovery);
        }
        Pane::Jobs => {
            let rows = super::jobs::row_count(state);
            state.view.jobs_cursor.move_by(delta, rows, h.jobs);
        }
    }
}
