//! A repair's choice (`Question::RepairChoice`): which classes of the
//! differences to write back, the rows browsed and filtered. Each class is
//! ticked by its key (or Tick on a row of that class); the filter key
//! enters the filter field, where keys type until confirm keeps the filter
//! or cancel clears it. Confirm answers with the classes ticked (none
//! ticked: it says to press cancel instead); cancel, outside the field, is
//! the question's safe answer (`question.rs`): nothing is written and the
//! run goes on to its cleanup review.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{list_move, means_in_field, type_into};
use crate::app::DialogAction;
use crate::app::repair_choice::choices_of;
use crate::app::state::State;
use crate::repair::{RepairClass, RepairRow};
use crate::workflow::{Answer, RepairQuestion};

/// The parts of the question's modal this dialog changes.
pub(super) struct Marks<'a> {
    pub input: &'a mut Input,
    pub cursor: &'a mut usize,
    pub checked: &'a mut Vec<bool>,
    pub error: &'a mut Option<String>,
    pub filtering: &'a mut bool,
}

pub(super) fn answer(
    state: &State,
    r: &RepairQuestion,
    m: Marks<'_>,
    key: KeyEvent,
    confirm: bool,
) -> Option<Answer> {
    let shown = |input: &Input| -> Vec<&RepairRow> {
        r.rows
            .iter()
            .filter(|row| row.matches(input.value()))
            .collect()
    };
    if *m.filtering {
        if means_in_field(state, &key, DialogAction::Cancel) {
            *m.input = Input::default();
            *m.filtering = false;
            *m.cursor = 0;
        } else if confirm {
            *m.filtering = false;
        } else if means_in_field(state, &key, DialogAction::Up)
            || means_in_field(state, &key, DialogAction::Down)
        {
            let len = shown(m.input).len();
            list_move(state, m.cursor, len, &key);
        } else {
            type_into(m.input, key);
            *m.cursor = 0;
        }
        return None;
    }
    let means = |action| state.keymap.means(&key, action);
    if confirm {
        let choices = choices_of(m.checked);
        if choices.writes(&r.counts) == 0 {
            *m.error = Some(format!(
                "nothing ticked to write back: tick a class ({} {} {}), or {} to write nothing",
                state.keymap.dialog_key(DialogAction::WriteDeleted),
                state.keymap.dialog_key(DialogAction::WriteChanged),
                state.keymap.dialog_key(DialogAction::WriteCreated),
                state.keymap.dialog_key(DialogAction::Cancel),
            ));
            return None;
        }
        return Some(Answer::Repair(choices));
    }
    let class = if means(DialogAction::WriteDeleted) {
        Some(RepairClass::Deleted)
    } else if means(DialogAction::WriteChanged) {
        Some(RepairClass::Changed)
    } else if means(DialogAction::WriteCreated) {
        Some(RepairClass::Created)
    } else if means(DialogAction::Tick) {
        shown(m.input).get(*m.cursor).map(|row| row.class)
    } else {
        None
    };
    if let Some(class) = class {
        if let Some(i) = RepairClass::ALL.iter().position(|c| *c == class) {
            m.checked.resize(RepairClass::ALL.len(), false);
            m.checked[i] = !m.checked[i];
        }
        *m.error = None;
    } else if means(DialogAction::Filter) {
        *m.filtering = true;
    } else {
        let len = shown(m.input).len();
        list_move(state, m.cursor, len, &key);
    }
    None
}
