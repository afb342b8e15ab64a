//! The plan: confirming starts the run, unless the refusal rules say no
//! now (they are asked again here, not only on the menu). Up and down
//! scroll a plan taller than the screen.

use crate::app::refusal::refusal;
use crate::app::runs::RunView;
use crate::app::state::{Modal, State};
use crate::app::{Command, DialogAction, Pane, Scroll, Wizard, layout};
use crate::workflow::Plan;
use crossterm::event::KeyEvent;

/// The plan's rows as the dialog draws them, one line each: the read-only
/// warning (none for an operation that only reads), the heading, then each step (its title, then its estimate and
/// APIs) and, under a step that creates or deletes something, what.
pub fn plan_rows(state: &State, plan: &Plan) -> usize {
    let warning = usize::from(
        state.header.read_only_reason().is_some() && !plan.operation.kind().read_only(),
    );
    let effects = plan
        .steps
        .iter()
        .filter(|s| !s.creates.is_empty() || !s.deletes.is_empty())
        .count();
    // The total, then each warning, under the steps.
    warning + 1 + 2 * plan.steps.len() + effects + 1 + plan.warnings().len()
}

pub(super) fn on_key(
    state: &mut State,
    plan: Plan,
    mut scroll: Scroll,
    key: &KeyEvent,
    confirm: bool,
) -> Vec<Command> {
    if !confirm {
        let total = plan_rows(state, &plan);
        let (_, shown) = layout::dialog_height(state.view.size.1, total);
        if state.keymap.means(key, DialogAction::Up) {
            scroll.by(-1, total, shown);
        } else if state.keymap.means(key, DialogAction::Down) {
            scroll.by(1, total, shown);
        }
        state.view.modal = Some(Modal::Wizard(Wizard::Plan { plan, scroll }));
        return Vec::new();
    }
    let table = crate::workflow::table_of(&plan.operation).clone();
    if let Some(reason) = refusal(state, table.as_str(), plan.operation.kind()) {
        state.view.flash = Some(format!("refused: {reason}"));
        state.view.modal = Some(Modal::Wizard(Wizard::Plan { plan, scroll }));
        return Vec::new();
    }
    let now = state.now;
    let job = state.runs.next_job;
    state.runs.next_job += 1;
    state.runs.ours.insert(0, RunView::new(job, &plan, now));
    state.view.focus = Pane::Jobs;
    // A restore started from the Backups view shows its run in Jobs.
    state.view.backups = None;
    state.view.jobs_cursor.top();
    vec![Command::StartRun { job, plan }]
}
