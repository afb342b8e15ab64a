//! A repair's choice as the dialog shows it (`Question::RepairChoice`):
//! the classes ticked, the rows the filter keeps, the row under the cursor
//! and what `Enter` costs. One model for the keys
//! (`dialogs/repair_choice.rs`) and the drawing
//! (`ui/dialogs/repair_choice.rs`).

use crate::domain::time::{full_count, human_duration};
use crate::repair::{RepairChoices, RepairClass, RepairRow};
use crate::workflow::RepairQuestion;

use super::runs::QuestionModal;

/// What the dialog shows of `q` now.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceView<'a> {
    pub choices: RepairChoices,
    /// The rows the filter keeps, in their order.
    pub shown: Vec<&'a RepairRow>,
    /// The row under the cursor, among `shown`.
    pub selected: Option<&'a RepairRow>,
}

/// The classes ticked in `checked` (`RepairClass::ALL`'s order).
pub fn choices_of(checked: &[bool]) -> RepairChoices {
    let mut choices = RepairChoices::none();
    for (class, on) in RepairClass::ALL.iter().zip(checked) {
        if *on {
            choices.toggle(*class);
        }
    }
    choices
}

pub fn choice_view<'a>(q: &QuestionModal, r: &'a RepairQuestion) -> ChoiceView<'a> {
    let filter = q.input.value();
    let shown: Vec<&RepairRow> = r.rows.iter().filter(|row| row.matches(filter)).collect();
    let selected = shown.get(q.cursor).copied();
    ChoiceView {
        choices: choices_of(&q.checked),
        shown,
        selected,
    }
}

/// `write back 12 items (14 write units, ~1s at 500 write units/s)`: what
/// `Enter` does with `choices`.
pub fn cost(r: &RepairQuestion, choices: &RepairChoices) -> String {
    let items = choices.writes(&r.counts);
    let units = r.counts.units(choices);
    let rate = u64::from(r.write_rate.max(1));
    let secs = units.div_ceil(rate);
    let took = human_duration(chrono::Duration::seconds(
        i64::try_from(secs).unwrap_or(i64::MAX),
    ));
    format!(
        "write back {} item{} ({} write units, ~{took} at {} write units/s)",
        full_count(items),
        if items == 1 { "" } else { "s" },
        full_count(units),
        full_count(u64::from(r.write_rate)),
    )
}

/// `12 of 340 shown (the file lists all: PATH)` when the question carries
/// fewer rows than differ, or the filter hides some; `None` when every
/// differing key is shown.
pub fn shown_note(r: &RepairQuestion, shown: usize) -> Option<String> {
    let total = r.counts.total();
    if (shown as u64) >= total {
        return None;
    }
    Some(if (r.rows.len() as u64) < total {
        format!(
            "{} of {} shown (the file lists all: {})",
            full_count(shown as u64),
            full_count(total),
            r.file
        )
    } else {
        format!(
            "{} of {} shown (filtered)",
            full_count(shown as u64),
            full_count(total)
        )
    })
}
