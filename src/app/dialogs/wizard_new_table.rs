//! Wizard page: what a restore into a new table turns on once the table is
//! ACTIVE (a restore brings it up with both off): PITR with its recovery
//! period, and deletion protection. Up and down move between the rows; yes,
//! no or switch set the row under the cursor; the period is typed. Confirm
//! checks the period (when PITR is on) and shows the plan.

use crossterm::event::KeyEvent;

use super::field::{means_in_field, type_into};
use crate::app::ops;
use crate::app::state::State;
use crate::app::{DialogAction, NewTablePage, Wizard};
use crate::workflow::NewTableSettings;

pub(super) fn on_key(
    state: &State,
    mut page: NewTablePage,
    key: KeyEvent,
    confirm: bool,
) -> Wizard {
    if confirm {
        return finish(state, page);
    }
    let in_field = page.in_field();
    let means = |action| {
        if in_field {
            means_in_field(state, &key, action)
        } else {
            state.keymap.means(&key, action)
        }
    };
    if means(DialogAction::Up) {
        page.row = previous_row(&page);
    } else if means(DialogAction::Down) {
        page.row = next_row(&page);
    } else if in_field {
        type_into(&mut page.days, key);
        page.error = None;
    } else {
        let on = match page.row {
            NewTablePage::PITR_ROW => &mut page.pitr,
            _ => &mut page.protection,
        };
        if means(DialogAction::Yes) {
            *on = true;
        } else if means(DialogAction::No) {
            *on = false;
        } else if means(DialogAction::Switch) {
            *on = !*on;
        }
        if !page.pitr {
            page.error = None;
        }
    }
    Wizard::NewTable(page)
}

/// The row above; the period's row only while PITR is on.
fn previous_row(page: &NewTablePage) -> usize {
    match page.row {
        NewTablePage::PROTECTION_ROW if page.pitr => NewTablePage::DAYS_ROW,
        _ => NewTablePage::PITR_ROW,
    }
}

/// The row below; the period's row only while PITR is on.
fn next_row(page: &NewTablePage) -> usize {
    match page.row {
        NewTablePage::PITR_ROW if page.pitr => NewTablePage::DAYS_ROW,
        _ => NewTablePage::PROTECTION_ROW,
    }
}

/// The plan, or the page again with the period's refusal under it.
fn finish(state: &State, mut page: NewTablePage) -> Wizard {
    let pitr_days = if page.pitr {
        match ops::recovery_days(page.days.value()) {
            Ok(days) => Some(days),
            Err(e) => {
                page.error = Some(e.to_string());
                page.row = NewTablePage::DAYS_ROW;
                return Wizard::NewTable(page);
            }
        }
    } else {
        None
    };
    let settings = NewTableSettings {
        pitr_days,
        protection: page.protection,
    };
    Wizard::plan(crate::workflow::plan(
        &page.op.with_new_table(settings),
        state.now,
    ))
}
