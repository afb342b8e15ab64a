//! Wizard page of operation 12: the recovery point's lifecycle. Up and
//! down move between the two fields; every typing key is text; confirm
//! checks both (blank is never) and shows the plan, or the refusal under
//! the fields with the cursor on the field to fix.

use crossterm::event::KeyEvent;

use super::field::{means_in_field, type_into};
use crate::app::lifecycle_page::LifecyclePage;
use crate::app::state::State;
use crate::app::{DialogAction, Wizard};
use crate::workflow::Operation;

pub(super) fn on_key(
    state: &State,
    mut page: LifecyclePage,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    if confirm {
        return match page.lifecycle() {
            Ok(lifecycle) => Wizard::plan(crate::workflow::plan(
                &Operation::BackupWithAwsBackup {
                    table: page.table,
                    lifecycle,
                    vault: page.vault,
                },
                state.now,
            )),
            Err((error, row)) => {
                page.error = Some(error);
                page.row = row;
                Wizard::Lifecycle(page)
            }
        };
    }
    if means_in_field(state, &key, DialogAction::Up) {
        page.row = LifecyclePage::COLD_ROW;
    } else if means_in_field(state, &key, DialogAction::Down) {
        page.row = LifecyclePage::DELETE_ROW;
    } else {
        let field = if page.row == LifecyclePage::COLD_ROW {
            &mut page.cold
        } else {
            &mut page.delete
        };
        type_into(field, key);
        page.error = None;
    }
    Wizard::Lifecycle(page)
}
