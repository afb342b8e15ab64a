//! The Plans view over the panes: every AWS Backup plan with its rules,
//! selections and the tables each covers, then the tables in no plan (in
//! red). The lines are `app::plans::lines`, the same the reducer scrolls
//! by; rows hidden above and below are counted on the border.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::theme;
use crate::app::plans::{self, PlansView, Tone};
use crate::app::{Action, DialogAction, State};
use crate::coverage::Coverage;
use crate::domain::plural::count;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &PlansView) {
    let [_, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut title = " Plans".to_owned();
    if let Some(s) = &state.inventory.plans {
        let of = |want: fn(&Coverage) -> bool| s.coverage.values().filter(|c| want(c)).count();
        title.push_str(&format!(
            " · {} · {} covered · {} in no plan",
            count(s.plans.len(), "plan"),
            count(of(Coverage::is_covered), "table"),
            of(|c| matches!(c, Coverage::None))
        ));
        if let Some(at) = s.read_at {
            title.push_str(&format!(" · read {} UTC", at.format("%H:%M")));
        }
    }
    title.push(' ');
    let hints = format!(
        " {}{} scroll · {}{} page · {} back ",
        state.keymap.key(Action::Up),
        state.keymap.key(Action::Down),
        state.keymap.key(Action::PageUp),
        state.keymap.key(Action::PageDown),
        state.keymap.dialog_key(DialogAction::Cancel),
    );
    let block = Block::bordered()
        .border_style(theme::focused_border())
        .title(Span::styled(title, theme::title()))
        .title_bottom(Span::styled(hints, theme::dim()));
    frame.render_widget(Clear, body);
    // The main view's key hints do not apply here.
    frame.render_widget(Clear, footer);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let lines: Vec<Line<'static>> = plans::lines(state)
        .into_iter()
        .map(|l| {
            Line::from(
                l.0.into_iter()
                    .map(|(text, tone)| Span::styled(text, style(tone)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    super::dialogs::parts::scrolled(frame, inner, lines, view.scroll);
}

fn style(tone: Tone) -> Style {
    match tone {
        Tone::Title => theme::title(),
        Tone::Label => theme::dim(),
        Tone::Plain => Style::new(),
        Tone::Dim => theme::dim(),
        Tone::Good => theme::ok(),
        Tone::Bad => theme::bad(),
        Tone::Warn => theme::warn(),
    }
}
