//! The view: a function of `&State`, one module per pane. Views never call
//! the backend and never change state; lists build only their visible rows.

mod backups;
mod dialogs;
mod fit;
mod footer;
mod header;
mod help;
mod interrupted;
mod jobs;
mod plans;

mod recovery;
mod tables;
mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::app::{Action, Modal, Pane, State, layout};

pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(frame, area, state);
        return;
    }
    let a = layout::areas(area, state.has_operations());
    header::draw(frame, a.header, state);
    tables::draw(frame, a.tables, state);
    recovery::draw(frame, a.recovery, state);
    jobs::draw(frame, a.jobs, state);
    footer::draw(frame, a.footer, state);
    if let Some(view) = &state.view.backups {
        backups::draw(frame, area, state, view);
    }
    if let Some(view) = &state.view.plans {
        plans::draw(frame, area, state, view);
    }
    match &state.view.modal {
        Some(Modal::Help { scroll }) => help::draw(frame, area, state, *scroll),
        Some(Modal::Wizard(w)) => dialogs::wizard(frame, area, state, w),
        Some(Modal::Question(q)) => dialogs::question(frame, area, state, q),
        Some(Modal::Details(d)) => dialogs::details::draw(frame, area, state, d),
        Some(Modal::Comparison(m)) => dialogs::comparison::draw(frame, area, state, m),
        Some(Modal::ConfirmQuit) => dialogs::quit::draw(frame, area, state),
        Some(Modal::ConfirmResume { journal, scroll }) => {
            dialogs::resume::draw(frame, area, state, journal, *scroll)
        }
        Some(Modal::Waiting { job }) => dialogs::waiting::draw(frame, area, state, *job),
        Some(Modal::DeleteBackup(c)) => dialogs::delete_backup::draw(frame, area, state, c),
        Some(Modal::Prune(review)) => dialogs::prune::draw(frame, area, state, review),
        Some(Modal::Protection(v)) => dialogs::protection::draw(frame, area, state, v),
        Some(Modal::PlanWizard(w)) => dialogs::plan_wizard::draw(frame, area, state, w),
        Some(Modal::Timeline(v)) => dialogs::timeline::draw(frame, area, state, v),
        None => {}
    }
}

fn too_small(frame: &mut Frame, area: Rect, state: &State) {
    let text = format!(
        "Terminal too small: {}×{}.\ndynamo-dr needs at least {}×{}.\nEnlarge the window, or press {} to quit.",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        state.keymap.key(Action::Quit)
    );
    let p = Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let y = area.height.saturating_sub(3) / 2;
    frame.render_widget(
        p,
        Rect::new(area.x, area.y + y, area.width, area.height - y),
    );
}

/// A pane's frame, highlighted when it has the focus.
fn pane_block(title: String, focused: bool) -> Block<'static> {
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme::focused_border()
        } else {
            theme::border()
        })
        .title(ratatui::text::Span::styled(title, theme::title()))
}

fn focused(state: &State, pane: Pane) -> bool {
    state.view.modal.is_none() && state.view.focus == pane
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_plans;
