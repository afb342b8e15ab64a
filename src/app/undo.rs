//! Undoing a repair (operation 11) from the Jobs pane: on a finished
//! repair run (this session's, or one found in its journal at start-up)
//! the key asks the engine for the run's pre-image file beside its journal
//! (`Command::PrepareUndo`); the engine answers with the plan of
//! `Operation::UndoRepair` (`Event::UndoReady`), shown and confirmed like
//! every plan, or says why there is nothing to undo.

use super::jobs::JobsRow;
use super::state::{Modal, Pane, State};
use super::wizard::Wizard;
use super::{Command, ReviewOf};
use crate::domain::TableName;
use crate::workflow::{JobId, OpKind, Plan};

/// The finished repair run under the Jobs pane's cursor: its table, job
/// and journal; or why the row cannot be undone.
pub fn repair_under_cursor(state: &State) -> Result<(TableName, JobId, ReviewOf), String> {
    let row = if state.view.focus == Pane::Jobs {
        super::jobs::rows(state).nth(state.view.jobs_cursor.selected())
    } else {
        None
    };
    let repair = OpKind::Repair.label();
    let (label, table, job, of) = match row {
        Some(JobsRow::Finished(run)) => (
            run.label,
            run.table.as_str(),
            run.job,
            ReviewOf::Journal(run.journal.clone()),
        ),
        Some(JobsRow::RunHeader(run) | JobsRow::RunStep { run, .. }) => {
            if run.label == repair && run.outcome.is_none() {
                return Err("this repair has not finished: undo it once it has".into());
            }
            (
                run.label,
                run.table.as_str(),
                run.job,
                ReviewOf::Run {
                    stamp: run.stamp,
                    table: run.table.clone(),
                    job: run.job,
                },
            )
        }
        _ => return Err("select a finished repair run in the Jobs pane".into()),
    };
    if label != repair {
        return Err(format!(
            "job {job} is {label}, not a repair: only a repair in place can be undone"
        ));
    }
    let table = TableName::parse(table).map_err(|e| e.to_string())?;
    Ok((table, job, of))
}

/// Whether the Jobs row under the cursor is a finished repair (the
/// footer shows the undo key there).
pub fn undoable_under_cursor(state: &State) -> bool {
    repair_under_cursor(state).is_ok()
}

/// The key on the Jobs pane.
pub fn request(state: &mut State) -> Vec<Command> {
    match repair_under_cursor(state) {
        Ok((table, of_job, of)) => {
            state.view.flash = Some("looking for the repair's pre-images…".into());
            vec![Command::PrepareUndo { table, of_job, of }]
        }
        Err(why) => {
            state.view.flash = Some(why);
            Vec::new()
        }
    }
}

/// The engine found the pre-images: the undo's plan, to read and confirm
/// (`Enter` on it asks the refusal rules, as for every plan).
pub fn ready(state: &mut State, plan: Plan) -> Vec<Command> {
    if state.view.modal.is_some() {
        state.view.flash =
            Some("the undo's plan is ready: close this dialog and ask for it again".into());
        return Vec::new();
    }
    state.view.flash = None;
    state.view.modal = Some(Modal::Wizard(Wizard::plan(plan)));
    Vec::new()
}
