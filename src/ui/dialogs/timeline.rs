//! The recovery timeline, over the whole screen: the PITR window as a band,
//! the copies as marks, time labels, then the writes and deletes charts
//! (each column the busiest period it covers, so a burst is never averaged
//! away), and under them the cursor's time, the values under it, the
//! nearest mark and what the confirm key does.

use chrono::{DateTime, Duration, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::parts::{frame_box, key};
use crate::app::DialogAction::{
    Cancel, Confirm, Earlier, Later, MuchEarlier, MuchLater, Newest, Oldest, ZoomIn, ZoomOut,
};
use crate::app::State;
use crate::app::timeline::{ActivityState, MarkKind, TimelineView};
use crate::domain::TableActivity;
use crate::domain::time::{format_reference, full_count, human_duration};
use crate::ui::theme;

/// Lines that are not the two charts.
const FIXED_LINES: u16 = 11;
const EIGHTHS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, v: &TimelineView) {
    let hints = format!(
        "{}{} move · {}/{} large step · {}/{} · {}/{} zoom · {} restore here · {} close",
        key(state, Earlier),
        key(state, Later),
        key(state, MuchEarlier),
        key(state, MuchLater),
        key(state, Oldest),
        key(state, Newest),
        key(state, ZoomIn),
        key(state, ZoomOut),
        key(state, Confirm),
        key(state, Cancel),
    );
    let title = format!("recovery timeline · {}", v.table);
    let inner = frame_box(frame, area, area.width, area.height, &title, &hints, false);
    let w = usize::from(inner.width);
    if w < 10 || inner.height < FIXED_LINES + 2 {
        return;
    }
    let axis = Axis {
        start: v.start(),
        span: v.span(),
        width: w,
    };
    let chart_h = usize::from((inner.height - FIXED_LINES) / 2);
    let cursor_col = axis.col(v.cursor);
    let mut lines: Vec<Line<'static>> = vec![
        Line::from(vec![
            Span::styled(format!("last {} ", span_words(v.span())), theme::title()),
            Span::styled(
                format!(
                    "{} → {} UTC",
                    format_reference(axis.start),
                    format_reference(v.end)
                ),
                theme::dim(),
            ),
        ]),
        band(v, &axis, cursor_col),
        marks(v, &axis, cursor_col),
        Line::from(Span::styled(ticks(&axis), theme::dim())),
    ];
    match &v.activity {
        ActivityState::Loaded(a) => {
            let writes = columns(a, &axis, |a, i| a.writes(i));
            let deletes = columns(a, &axis, |a, i| a.deletes(i));
            let per = per_words(a.period_secs);
            lines.extend(chart(
                &format!("writes {per} (PutItem, UpdateItem, BatchWriteItem)"),
                &writes,
                chart_h,
                cursor_col,
                theme::ok(),
            ));
            lines.extend(chart(
                &format!("deletes {per} (DeleteItem)"),
                &deletes,
                chart_h,
                cursor_col,
                theme::bad(),
            ));
        }
        other => {
            let text = match other {
                ActivityState::Failed(why) => format!("metrics unreadable: {why}"),
                _ => "reading the table's activity from CloudWatch…".to_owned(),
            };
            let style = match other {
                ActivityState::Failed(_) => theme::bad(),
                _ => theme::dim(),
            };
            lines.push(Line::from(Span::styled(text, style)));
            lines.extend((1..chart_h * 2 + 2).map(|_| Line::from("")));
        }
    }
    lines.extend(footer(v, state));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Columns to times.
struct Axis {
    start: DateTime<Utc>,
    span: Duration,
    width: usize,
}

impl Axis {
    fn col(&self, at: DateTime<Utc>) -> Option<usize> {
        let secs = (at - self.start).num_seconds();
        let span = self.span.num_seconds().max(1);
        if secs < 0 || secs > span {
            return None;
        }
        let c = usize::try_from(secs * self.width as i64 / span).unwrap_or(0);
        Some(c.min(self.width - 1))
    }

    fn at(&self, col: usize) -> DateTime<Utc> {
        self.start
            + self.span * i32::try_from(col).unwrap_or(0) / i32::try_from(self.width).unwrap_or(1)
    }
}

/// The PITR window as a band; the cursor as `┃`.
fn band(v: &TimelineView, axis: &Axis, cursor: Option<usize>) -> Line<'static> {
    let spans = (0..axis.width)
        .map(|c| {
            let t = axis.at(c);
            let inside = v
                .pitr
                .is_some_and(|w| w.contains(t) || w.contains(axis.at(c + 1)));
            if Some(c) == cursor {
                Span::styled("┃", theme::key())
            } else if inside {
                Span::styled("═", theme::ok())
            } else {
                Span::styled("─", theme::dim())
            }
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// Each mark's glyph at its column (the later one when two share one).
fn marks(v: &TimelineView, axis: &Axis, cursor: Option<usize>) -> Line<'static> {
    let mut row: Vec<Option<MarkKind>> = vec![None; axis.width];
    for m in &v.marks {
        if let Some(c) = axis.col(m.at) {
            row[c] = Some(m.kind);
        }
    }
    let spans = row
        .into_iter()
        .enumerate()
        .map(|(c, k)| match k {
            Some(k) => Span::styled(k.glyph().to_string(), mark_style(k)),
            None if Some(c) == cursor => Span::styled("┃", theme::key()),
            None => Span::raw(" "),
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

fn mark_style(k: MarkKind) -> Style {
    match k {
        MarkKind::Backup => theme::title(),
        MarkKind::WarmPoint => theme::warn(),
        MarkKind::ColdPoint => Style::default().add_modifier(Modifier::BOLD),
        MarkKind::Export | MarkKind::Copy => theme::ok(),
    }
}

/// Time labels every dozen or so columns: `HH:MM`, `Wed HH:MM` over
/// days, `Mon dd` over weeks.
fn ticks(axis: &Axis) -> String {
    let mut out = vec![' '; axis.width];
    let days = axis.span > Duration::days(7);
    let weekdays = axis.span > Duration::hours(48);
    let mut c = 0;
    while c < axis.width {
        let t = axis.at(c);
        let label = if days {
            t.format("%b %d").to_string()
        } else if weekdays {
            t.format("%a %H:%M").to_string()
        } else {
            t.format("%H:%M").to_string()
        };
        let label: Vec<char> = format!("╵{label}").chars().collect();
        if c + label.len() > axis.width {
            break;
        }
        out[c..c + label.len()].copy_from_slice(&label);
        c += label.len() + 6;
    }
    out.into_iter().collect()
}

/// Each column's busiest period.
fn columns(
    a: &TableActivity,
    axis: &Axis,
    value: impl Fn(&TableActivity, usize) -> f64,
) -> Vec<f64> {
    let mut cols = vec![0.0_f64; axis.width];
    for i in 0..a.len() {
        let t = a.period_start(i);
        if let Some(c) = axis.col(t) {
            cols[c] = cols[c].max(value(a, i));
        }
    }
    cols
}

/// A title line with the peak, then `h` rows of bars in eighths (linear:
/// the peak fills the chart).
fn chart(
    title: &str,
    cols: &[f64],
    h: usize,
    cursor: Option<usize>,
    style: Style,
) -> Vec<Line<'static>> {
    let peak = cols.iter().copied().fold(0.0_f64, f64::max);
    let mut lines = vec![Line::from(vec![
        Span::styled(title.to_owned(), theme::title()),
        Span::styled(
            format!("  peak {}", full_count(peak.round() as u64)),
            theme::dim(),
        ),
    ])];
    for row in (0..h).rev() {
        let spans = cols
            .iter()
            .enumerate()
            .map(|(c, v)| {
                // Any activity shows as at least the lowest bar, so a quiet
                // table is told from an idle one beside a burst.
                let eighths = if peak > 0.0 && *v > 0.0 {
                    ((v / peak * (h * 8) as f64).round() as usize).max(1)
                } else {
                    0
                };
                let here = eighths.saturating_sub(row * 8).min(8);
                let ch = if here == 0 && Some(c) == cursor {
                    '│'
                } else {
                    EIGHTHS[here]
                };
                let s = if Some(c) == cursor {
                    theme::key()
                } else {
                    style
                };
                Span::styled(ch.to_string(), s)
            })
            .collect::<Vec<_>>();
        lines.push(Line::from(spans));
    }
    lines
}

/// The cursor's time and values, the nearest mark, the legend, and the
/// choice or message.
fn footer(v: &TimelineView, state: &State) -> Vec<Line<'static>> {
    let ago = human_duration(state.now - v.cursor);
    let inside = match v.restorable() {
        Ok(()) => Span::styled("in the PITR window", theme::ok()),
        Err(_) => Span::styled("outside the PITR window", theme::warn()),
    };
    let values = match &v.activity {
        ActivityState::Loaded(a) => match a.index_of(v.cursor) {
            Some(i) => format!(
                "under the cursor: writes {} · deletes {} · write units {} · read units {}",
                full_count(a.writes(i).round() as u64),
                full_count(a.deletes(i).round() as u64),
                full_count(a.get(crate::domain::Metric::WriteUnits)[i].round() as u64),
                full_count(a.get(crate::domain::Metric::ReadUnits)[i].round() as u64),
            ),
            None => "under the cursor: no data".to_owned(),
        },
        ActivityState::Loading => "under the cursor: reading…".to_owned(),
        ActivityState::Failed(_) => "under the cursor: metrics unreadable".to_owned(),
    };
    let last = if v.choosing {
        Line::from(Span::styled(
            format!(
                "Restore {} to {}: 1 in place (operation 1) · 9 into a new table (operation 9) · {} back",
                v.table,
                format_reference(v.cursor),
                key(state, Cancel)
            ),
            theme::key(),
        ))
    } else if let Some(m) = &v.message {
        Line::from(Span::styled(m.clone(), theme::warn()))
    } else {
        Line::from(Span::styled(
            format!(
                "{} on a moment in the PITR window restores to it (operation 1 or 9)",
                key(state, Confirm)
            ),
            theme::dim(),
        ))
    };
    vec![
        Line::from(vec![
            Span::styled(
                format!("cursor {} UTC ({ago} ago) · ", format_reference(v.cursor)),
                theme::title(),
            ),
            inside,
        ]),
        Line::from(values),
        Line::from(format!("nearest: {}", v.nearest_text())),
        Line::from(Span::styled(
            "═ PITR window · B DynamoDB backup · W warm point · C cold point · E export · X copy",
            theme::dim(),
        )),
        last,
    ]
}

fn span_words(d: Duration) -> String {
    if d >= Duration::hours(48) {
        format!("{} days", d.num_days())
    } else if d == Duration::hours(1) {
        "hour".to_owned()
    } else {
        format!("{} hours", d.num_hours())
    }
}

fn per_words(period_secs: u32) -> String {
    match period_secs {
        60 => "per minute".to_owned(),
        s if s % 3600 == 0 => format!("per {} h", s / 3600),
        s => format!("per {} min", s / 60),
    }
}
