//! The plan: confirming starts the run, unless the refusal rules say no
//! now (they are asked again here, not only on the menu).

use crate::app::refusal::refusal;
use crate::app::runs::RunView;
use crate::app::state::{Modal, State};
use crate::app::{Command, Pane, Wizard};
use crate::workflow::Plan;

pub(super) fn on_key(state: &mut State, plan: Plan, confirm: bool) -> Vec<Command> {
    if !confirm {
        state.view.modal = Some(Modal::Wizard(Wizard::Plan { plan }));
        return Vec::new();
    }
    let table = crate::workflow::table_of(&plan.operation).clone();
    if let Some(reason) = refusal(state, table.as_str(), plan.operation.kind()) {
        state.view.flash = Some(format!("refused: {reason}"));
        state.view.modal = Some(Modal::Wizard(Wizard::Plan { plan }));
        return Vec::new();
    }
    let now = state.now;
    let job = state.runs.next_job;
    state.runs.next_job += 1;
    state.runs.ours.insert(0, RunView::new(job, &plan, now));
    state.view.focus = Pane::Jobs;
    state.view.jobs_cursor.top();
    vec![Command::StartRun { job, plan }]
}
