//! The prune review's keys (`app/prune.rs` is its model): the "keep how
//! many" field, then the ticked list, where tick switches the row under the
//! cursor (or says why it cannot be ticked) and confirm shows the plan.
//! Cancel on either page deletes nothing.

use crossterm::event::KeyEvent;

use super::field::{Typed, list_move, means_in_field, typed};
use crate::app::prune::{self, PrunePage, PruneReview};
use crate::app::refusal::refusal;
use crate::app::state::{Modal, State};
use crate::app::{Command, DialogAction, Wizard};
use crate::domain::TableName;
use crate::workflow::OpKind;

/// `K` on a table (the Tables pane's selection, or the Backups view's row):
/// the review opens, or the status line says why not.
pub(in crate::app) fn open(state: &mut State, table: &str) {
    if let Some(why) = refusal(state, table, OpKind::PruneBackups) {
        state.view.flash = Some(format!("refused: {why}"));
        return;
    }
    match TableName::parse(table) {
        Ok(table) => state.view.modal = Some(Modal::Prune(prune::open(table))),
        Err(e) => state.view.flash = Some(format!("cannot prune the backups of {table}: {e}")),
    }
}

pub(super) fn on_key(state: &mut State, review: PruneReview, key: KeyEvent) -> Vec<Command> {
    let PruneReview { table, page } = review;
    let page = match page {
        PrunePage::Keep { input, error } => {
            if means_in_field(state, &key, DialogAction::Cancel) {
                state.view.flash = Some("nothing pruned".into());
                return Vec::new();
            }
            let confirm = means_in_field(state, &key, DialogAction::Confirm);
            match typed(input, error, key, confirm, prune::parse_keep) {
                Typed::Valid(keep) => PrunePage::List {
                    keep,
                    rows: prune::rows(state, &table, keep),
                    cursor: 0,
                },
                Typed::Stay(input, error) => PrunePage::Keep { input, error },
            }
        }
        PrunePage::List {
            keep,
            mut rows,
            mut cursor,
        } => {
            let km = &state.keymap;
            if km.means(&key, DialogAction::Cancel) {
                state.view.flash = Some("nothing pruned".into());
                return Vec::new();
            }
            if km.means(&key, DialogAction::Confirm) {
                if rows.iter().any(|r| r.ticked) {
                    let plan = crate::workflow::plan(&prune::operation(&table, &rows), state.now);
                    state.view.flash = None;
                    state.view.modal = Some(Modal::Wizard(Wizard::plan(plan)));
                    return Vec::new();
                }
                state.view.flash = Some("nothing is ticked: nothing to delete".into());
            } else if km.means(&key, DialogAction::Tick) {
                state.view.flash = prune::toggle(&mut rows, cursor)
                    .err()
                    .map(|why| format!("cannot tick it: {why}"));
            } else {
                list_move(state, &mut cursor, rows.len(), &key);
            }
            PrunePage::List { keep, rows, cursor }
        }
    };
    state.view.modal = Some(Modal::Prune(PruneReview { table, page }));
    Vec::new()
}
