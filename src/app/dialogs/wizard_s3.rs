//! Wizard page of operations 13 and 14 (`app/s3_page.rs`): up and down
//! move between the two fields; every typing key is text; confirm checks
//! both and shows the plan (an export) or the new table's settings (an
//! import), or the refusal under the fields with the cursor on the field
//! to fix.

use crossterm::event::KeyEvent;

use super::field::{means_in_field, type_into};
use crate::app::s3_page::S3Page;
use crate::app::state::State;
use crate::app::{DialogAction, NewTablePage, Wizard};
use crate::workflow::Operation;

pub(super) fn on_key(state: &State, mut page: S3Page, key: KeyEvent, confirm: bool) -> Wizard {
    if confirm {
        return match page.operation(state) {
            Ok(op @ Operation::ImportFromS3 { .. }) => Wizard::NewTable(NewTablePage::new(
                op,
                crate::app::ops::source_period(state, page.table.as_str()),
            )),
            Ok(op) => Wizard::plan(crate::workflow::plan(&op, state.now)),
            Err((error, row)) => {
                page.error = Some(error);
                page.row = row;
                Wizard::S3(page)
            }
        };
    }
    if means_in_field(state, &key, DialogAction::Up) {
        page.row = S3Page::LOCATION_ROW;
    } else if means_in_field(state, &key, DialogAction::Down) {
        page.row = S3Page::SECOND_ROW;
    } else {
        let field = if page.row == S3Page::LOCATION_ROW {
            &mut page.location
        } else {
            &mut page.second
        };
        type_into(field, key);
        page.error = None;
    }
    Wizard::S3(page)
}
