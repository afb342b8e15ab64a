use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit::fit_line;
use super::theme;
use crate::app::{ChecksState, State};
use crate::backend::BackendKind;
use crate::domain::plural::count;
use crate::domain::time::full_count;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let h = &state.header;
    let mut first = vec![Span::styled(" dynamo-dr ", theme::title())];
    first.push(match h.backend.kind {
        BackendKind::Sandbox if area.width >= 150 => Span::styled(
            " SANDBOX · simulated account, nothing real is touched ",
            theme::sandbox_badge(),
        ),
        BackendKind::Sandbox => Span::styled(" SANDBOX ", theme::sandbox_badge()),
        BackendKind::Aws => Span::styled(" AWS ", theme::aws_badge()),
    });
    first.push(Span::raw(" "));
    match &h.identity {
        None => first.push(Span::styled(
            format!("{} who am I…", theme::spinner(state.view.spinner)),
            theme::dim(),
        )),
        Some(Ok(id)) => {
            first.push(Span::raw(format!(
                "account {} · {} · ",
                id.account, h.backend.region
            )));
            first.push(Span::styled(id.arn.clone(), theme::dim()));
        }
        Some(Err(e)) => {
            first.push(Span::raw(format!("{} · ", h.backend.region)));
            first.push(Span::styled(format!("identity unknown: {e}"), theme::bad()));
        }
    }
    if let Some(ep) = &h.backend.endpoint {
        first.push(Span::styled(format!(" · endpoint {ep}"), theme::warn()));
    }

    let mut second = vec![Span::raw(" checks ")];
    match &h.checks {
        ChecksState::Running => second.push(Span::styled(
            format!("{} running", theme::spinner(state.view.spinner)),
            theme::dim(),
        )),
        ChecksState::Done(results) => {
            for r in results {
                let (mark, style) = if r.passed {
                    ("✔", theme::ok())
                } else {
                    ("✘", theme::bad())
                };
                second.push(Span::styled(format!("{mark} {} ", r.name), style));
            }
        }
    }
    if state.inventory.loading {
        second.push(Span::styled(
            format!(
                " {} inventory {}/{} ",
                theme::spinner(state.view.spinner),
                full_count(state.inventory.tables.loaded as u64),
                count(state.inventory.tables.total(), "table")
            ),
            theme::dim(),
        ));
    }
    if let Some(reason) = h.read_only_reason()
        && !matches!(h.checks, ChecksState::Running)
    {
        second.push(Span::styled(" READ-ONLY ", theme::read_only_badge()));
        second.push(Span::styled(format!(" {reason}"), theme::warn()));
    }
    // The time everything on screen is told in, at the right of the first
    // line; the rest of that line is cut before it.
    let clock = format!(" {} UTC ", state.now.format("%Y-%m-%d %H:%M"));
    let clock_w = u16::try_from(clock.len()).unwrap_or(0).min(area.width);
    let left = area.width.saturating_sub(clock_w);
    frame.render_widget(
        Paragraph::new(vec![
            fit_line(Line::from(first), left),
            fit_line(Line::from(second), area.width),
        ]),
        area,
    );
    frame.render_widget(
        Span::styled(clock, theme::title()),
        Rect::new(area.x + left, area.y, clock_w, 1.min(area.height)),
    );
}
