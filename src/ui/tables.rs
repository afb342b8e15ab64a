use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Row, Table, TableState};

use super::fit::{column_widths, fit, fitted_row, note};
use super::{focused, pane_block, theme};
use crate::app::{Action, DialogAction, Pane, State, TableRow};
use crate::domain::TableStatus;
use crate::domain::time::{full_count, human_bytes, human_count, human_duration};
use crate::posture::Summary;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let t = &state.inventory.tables;
    let full = |n: usize| full_count(n as u64);
    let mut title = format!(" Tables {}", full(t.visible_len()));
    if t.visible_len() != t.total() {
        title.push_str(&format!(" of {}", full(t.total())));
    }
    if state.inventory.loading {
        title.push_str(&format!(
            " · {} loading {}/{}",
            theme::spinner(state.view.spinner),
            full(t.loaded),
            full(t.total())
        ));
    }
    title.push(' ');
    let mut block = pane_block(title, focused(state, Pane::Tables));
    if let Some(input) = &state.view.filter_input {
        block = block.title_bottom(Line::from(vec![
            Span::styled(" filter: ", theme::key()),
            Span::raw(format!("{}▏", input.value())),
            Span::styled(
                format!(
                    " {} keep · {} clear ",
                    state.keymap.dialog_key(DialogAction::Confirm),
                    state.keymap.dialog_key(DialogAction::Cancel)
                ),
                theme::dim(),
            ),
        ]));
    } else if !t.filter().is_empty() {
        block = block.title_bottom(Span::styled(
            format!(
                " filter: {} ({} clears) ",
                t.filter(),
                state.keymap.shown(Action::Close)
            ),
            theme::key(),
        ));
    }
    let height = area.height.saturating_sub(3) as usize;
    let shown = t.cursor().visible(t.visible_len(), height);
    let visible: Vec<&TableRow> = t.visible_rows(shown.start, shown.len()).collect();
    let columns = columns(area.width.saturating_sub(2), t);
    let with_plan = columns.len() > COLUMNS.len();
    let widths = column_widths(area.inner(Margin::new(1, 1)), &columns);
    let rows: Vec<Row> = visible
        .iter()
        .map(|r| {
            let mut cells = row(r, state);
            if with_plan && cells.len() == COLUMNS.len() {
                cells.push(plan_cell(&r.name, state));
            }
            fitted_row(cells, &widths)
        })
        .collect();
    let empty = rows.is_empty();
    let mut header = vec![
        "Table", "Status", "Items", "Size", "PITR", "Prot", "Newest", "Posture",
    ];
    if with_plan {
        header.push("Plan");
    }
    let table = Table::new(rows, columns.clone())
        .header(Row::new(header).style(theme::header_row()))
        .row_highlight_style(theme::selected())
        .block(block);
    let mut ts = TableState::default();
    ts.select(t.cursor().highlight(&shown));
    frame.render_stateful_widget(table, area, &mut ts);
    errors_across_the_row(frame, area, &visible, &columns);
    if empty {
        let msg = if state.inventory.loading {
            "loading tables…".to_owned()
        } else if !t.filter().is_empty() {
            format!("no table matches '{}'", t.filter())
        } else if let Some(e) = state.inventory.load_errors.first() {
            e.clone()
        } else {
            "no tables in this region".to_owned()
        };
        let inner = Rect::new(area.x + 2, area.y + 2, area.width.saturating_sub(4), 1);
        note(frame, inner, &msg);
    }
}

const COLUMNS: [Constraint; 8] = [
    Constraint::Min(10),
    Constraint::Length(9),
    Constraint::Length(7),
    Constraint::Length(8),
    Constraint::Length(5),
    Constraint::Length(4),
    Constraint::Length(8),
    Constraint::Length(8),
];

/// A table that failed to load has no status, items or size: its error
/// takes the row from the Status column to the pane's edge, instead of
/// being cut to the 9 columns of the status cell.
fn errors_across_the_row(
    frame: &mut Frame,
    area: Rect,
    visible: &[&TableRow],
    columns: &[Constraint],
) {
    let inner = area.inner(Margin::new(1, 1));
    let columns = Layout::horizontal(columns.iter().copied())
        .flex(Flex::Start)
        .spacing(1)
        .split(inner);
    let Some(status) = columns.get(1) else {
        return;
    };
    // The first line of the inner area is the column header.
    for (i, r) in visible.iter().enumerate() {
        let y = inner.y.saturating_add(1).saturating_add(i as u16);
        if y >= inner.bottom() {
            break;
        }
        if let Some(e) = &r.error {
            let width = inner.right().saturating_sub(status.x);
            frame.render_widget(
                Span::styled(
                    fit(&format!("error: {e}"), width).into_owned(),
                    theme::bad(),
                ),
                Rect::new(status.x, y, width, 1),
            );
        }
    }
}

fn row<'a>(r: &'a TableRow, state: &State) -> Vec<Line<'a>> {
    let name = Line::from(r.name.as_str());
    if r.error.is_some() {
        // The error is drawn over the rest of the row.
        return vec![name];
    }
    let Some(table) = &r.table else {
        return vec![
            name,
            Line::from(Span::styled(
                theme::spinner(state.view.spinner),
                theme::dim(),
            )),
        ];
    };
    let status = match table.status {
        TableStatus::Active => Span::styled("ACTIVE", theme::ok()),
        ref s => Span::styled(s.label().to_owned(), theme::warn()),
    };
    let pitr = match &r.pitr {
        Some(p) if p.enabled => Span::styled(
            format!("{}d", p.recovery_period_days.unwrap_or(35)),
            theme::ok(),
        ),
        Some(_) => Span::styled("off", theme::bad()),
        None => Span::raw("?"),
    };
    let prot = if table.deletion_protection {
        Span::styled("on", theme::ok())
    } else {
        Span::styled("off", theme::warn())
    };
    let recovery = &state.inventory.recovery;
    // `none` only when PITR, the backups and the points are all known and
    // none of them can restore the table; `?` when a list failed.
    let newest = match r.newest {
        Some(c) => Span::raw(human_duration(state.now - c.at)),
        None if r.pitr.is_none() || !recovery.settled() => Span::raw(""),
        None if recovery.failed() => Span::styled("?", theme::warn()),
        None => Span::styled("none", theme::bad()),
    };
    vec![
        name,
        Line::from(status),
        Line::from(human_count(table.item_count)),
        Line::from(human_bytes(table.size_bytes)),
        Line::from(pitr),
        Line::from(prot),
        Line::from(newest),
        Line::from(posture_cell(r, state)),
    ]
}

/// ✔ when every rule passes; `✘ 2 PITR`: how many fail and the first;
/// `?` when one could not be decided; `excl` for an excluded table; `–`
/// when every rule is off. The posture key shows them all.
fn posture_cell(r: &TableRow, state: &State) -> Span<'static> {
    let p = crate::app::posture::of_row(state, r);
    match p.summary() {
        Summary::Excluded => Span::styled("excl", theme::dim()),
        Summary::Pass if p.rules.is_empty() => Span::styled("–", theme::dim()),
        Summary::Pass => Span::styled("✔", theme::ok()),
        Summary::Fail(n, rule) => Span::styled(format!("✘ {n} {}", rule.short()), theme::bad()),
        Summary::Unknown => Span::styled("?", theme::warn()),
    }
}

/// The columns of the list, `inner` columns wide: the Plan column last,
/// when the longest table name still fits whole (10 to 24 columns) and the
/// plan gets 7 (`no plan`); wider panes give it up to 20.
fn columns(inner: u16, t: &crate::app::TableList) -> Vec<Constraint> {
    // The fixed columns after the name, and one column between each two.
    const FIXED: u16 = 9 + 7 + 8 + 5 + 4 + 8 + 8 + 7;
    let longest = t
        .rows()
        .map(|r| unicode_width::UnicodeWidthStr::width(r.name.as_str()))
        .max()
        .unwrap_or(0);
    let name = u16::try_from(longest).unwrap_or(u16::MAX).clamp(10, 24);
    let mut out = COLUMNS.to_vec();
    let spare = inner.saturating_sub(FIXED + 1);
    if spare >= name + 7 {
        out.push(Constraint::Length((spare - name).min(20)));
    }
    out
}

/// The plans covering the table; `no plan` in red; `plan ?` in yellow when
/// coverage could not be read (dim until the plans are read).
fn plan_cell<'a>(table: &str, state: &State) -> Line<'a> {
    let (text, tone) = crate::app::plans::cell(state, table);
    let style = match tone {
        crate::app::plans::Tone::Bad => theme::bad(),
        crate::app::plans::Tone::Warn => theme::warn(),
        crate::app::plans::Tone::Dim => theme::dim(),
        _ => ratatui::style::Style::new(),
    };
    Line::from(Span::styled(text, style))
}
