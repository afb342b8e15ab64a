//! The result view of a comparison (operation "Compare with a table"):
//! the counts and where the differences file is, wrapped to the box and
//! always shown, over the differing keys, one a row, scrolled. The reducer
//! scrolls by the same rows the view draws (`rows`). `Enter` or the details
//! key on the run's row in Jobs opens it.

use super::details_modal::wrap;
use super::jobs::JobsRow;
use super::layout;
use super::scroll::Scroll;
use super::state::{Modal, Pane, State};
use super::{Action, RunView};
use crate::domain::time::full_count;
use crate::verify::DiffKind;
use crate::workflow::{Comparison, JobId, kind_word};

/// The result view's widest box.
const WIDTH: u16 = 110;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComparisonModal {
    /// The run whose comparison is shown.
    pub job: JobId,
    /// Over the differing keys.
    pub scroll: Scroll,
}

/// What the result view shows on a screen of a given size.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonRows {
    /// The counts and the file, wrapped to the box: always shown.
    pub head: Vec<String>,
    /// One row per differing key (kind, key); the last may say how many
    /// more the file lists (kind `None`).
    pub keys: Vec<(Option<DiffKind>, String)>,
    /// How many key rows the box shows.
    pub shown: usize,
}

impl ComparisonModal {
    /// The box's width on a screen `screen_width` wide.
    pub fn width(screen_width: u16) -> u16 {
        WIDTH.min(screen_width)
    }

    /// The title: which table against which.
    pub fn title(c: &Comparison) -> String {
        format!("Compare {} with {}", c.table, c.other)
    }

    /// The rows of `c` as the box shows them on a screen of `size`.
    pub fn rows(c: &Comparison, size: (u16, u16)) -> ComparisonRows {
        let inner = Self::width(size.0).saturating_sub(2);
        let head: Vec<String> = head_lines(c).iter().flat_map(|l| wrap(l, inner)).collect();
        let keys = key_lines(c);
        let wanted = head.len() + usize::from(!keys.is_empty()) + keys.len();
        let (_, fits) = layout::dialog_height(size.1, wanted);
        let shown = fits
            .saturating_sub(head.len() + usize::from(!keys.is_empty()))
            .max(1);
        ComparisonRows { head, keys, shown }
    }
}

/// The lines above the keys, before wrapping.
fn head_lines(c: &Comparison) -> Vec<String> {
    let mut lines = vec![
        c.headline(),
        format!(
            "{}: {} items · {}: {} items · read in {:.0} s",
            c.table,
            full_count(c.table_items),
            c.other,
            full_count(c.other_items),
            c.elapsed_secs
        ),
    ];
    if !c.equal {
        lines.push(format!(
            "missing: in {o}, not in {t} · extra: in {t}, not in {o} · changed: in both, not the same",
            o = c.other,
            t = c.table
        ));
        lines.push(match &c.file {
            Some(path) => format!("Every differing key: {}", path.display()),
            None => "Every differing key: not written (this run has no journal)".to_owned(),
        });
    }
    lines
}

/// The differing keys, one a row, then how many more the file has.
fn key_lines(c: &Comparison) -> Vec<(Option<DiffKind>, String)> {
    let mut rows: Vec<(Option<DiffKind>, String)> = c
        .keys
        .iter()
        .map(|k| (Some(k.kind), format!("{:<8} {}", kind_word(k.kind), k.key)))
        .collect();
    let more = c.total.saturating_sub(c.keys.len() as u64);
    if more > 0 {
        rows.push((None, format!("and {} more in the file", full_count(more))));
    }
    rows
}

/// The comparison of the run under the Jobs cursor, if it has one.
fn under_cursor(state: &State) -> Option<&RunView> {
    if state.view.focus != Pane::Jobs {
        return None;
    }
    let run = match super::jobs::rows(state).nth(state.view.jobs_cursor.selected())? {
        JobsRow::RunHeader(run) | JobsRow::RunStep { run, .. } => run,
        _ => return None,
    };
    run.comparison.as_ref().map(|_| run)
}

/// Opens the result view when the operator is on a run that compared:
/// `true` when it did.
pub(super) fn open(state: &mut State) -> bool {
    let Some(job) = under_cursor(state).map(|r| r.job) else {
        return false;
    };
    state.view.modal = Some(Modal::Comparison(ComparisonModal {
        job,
        scroll: Scroll::default(),
    }));
    true
}

/// A main-view key while the result view is open: it scrolls or closes.
pub(super) fn on_action(state: &mut State, action: Action) {
    let Some(Modal::Comparison(m)) = state.view.modal else {
        return;
    };
    let Some(c) = state
        .runs
        .ours
        .iter()
        .find(|r| r.job == m.job)
        .and_then(|r| r.comparison.as_ref())
    else {
        state.view.modal = None;
        return;
    };
    let rows = ComparisonModal::rows(c, state.view.size);
    let page = rows.shown.max(1) as isize;
    let mut scroll = m.scroll;
    let mut by = |delta| scroll.by(delta, rows.keys.len(), rows.shown);
    match action {
        Action::Up => by(-1),
        Action::Down => by(1),
        Action::PageUp => by(-page),
        Action::PageDown => by(page),
        Action::Top => by(isize::MIN / 2),
        Action::Bottom => by(isize::MAX / 2),
        Action::Close | Action::Details | Action::Operations | Action::Quit => {
            state.view.modal = None;
            return;
        }
        _ => {}
    }
    state.view.modal = Some(Modal::Comparison(ComparisonModal { job: m.job, scroll }));
}
