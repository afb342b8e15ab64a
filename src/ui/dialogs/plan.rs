//! The plan to read before an operation runs: its steps in order, what
//! each creates and deletes, scrolled when taller than the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, read_only_line, scrolled};
use crate::app::DialogAction::{Cancel, Confirm, Down, Up};
use crate::app::{Scroll, State, layout, plan_rows};
use crate::domain::time::human_duration;
use crate::ui::theme;
use crate::workflow::Plan;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, plan: &Plan, scroll: Scroll) {
    let title = format!("❗ Read before continuing · {}", plan.operation.label());
    let (h, _) = layout::dialog_height(area.height, plan_rows(state, plan));
    let hints = format!(
        "{}{} scroll · {} run · {} cancel",
        key(state, Up),
        key(state, Down),
        key(state, Confirm),
        key(state, Cancel)
    );
    let inner = frame_box(frame, area, 110, h, &title, &hints, false);
    // An operation that only reads runs in a read-only console: no warning.
    let mut lines: Vec<Line> = read_only_line(state)
        .filter(|_| !plan.operation.kind().read_only())
        .into_iter()
        .collect();
    lines.push(Line::from(format!(
        "This will, in order ({}):",
        crate::workflow::table_of(&plan.operation)
    )));
    for (i, s) in plan.steps.iter().enumerate() {
        let est = chrono::Duration::from_std(s.estimate)
            .map(human_duration)
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", i + 1), theme::key()),
            Span::styled(s.title.clone(), theme::title()),
        ]));
        lines.push(Line::from(Span::styled(
            format!("    ~{est} · {}", s.api.join(", ")),
            theme::dim(),
        )));
        let mut effects = Vec::new();
        for c in &s.creates {
            effects.push(Span::styled(format!("+ {c}  "), theme::ok()));
        }
        for d in &s.deletes {
            effects.push(Span::styled(format!("− DELETES {d}  "), theme::bad()));
        }
        if !effects.is_empty() {
            effects.insert(0, Span::raw("    "));
            lines.push(Line::from(effects));
        }
    }
    let total = chrono::Duration::from_std(plan.total())
        .map(human_duration)
        .unwrap_or_default();
    lines.push(Line::from(Span::styled(
        format!("In all ~{total}, before any step the run adds."),
        theme::dim(),
    )));
    for w in plan.warnings() {
        lines.push(Line::from(Span::styled(w, theme::warn())));
    }
    scrolled(frame, inner, lines, scroll);
}
