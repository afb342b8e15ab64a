//! Dialogs over the panes: the operation wizard, a plan to read before it
//! runs, a run's questions, and quitting while operations run.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme;
use crate::app::DialogAction::{
    self, Cancel, Confirm, Down, Leave, No, Retry, Review, Switch, Tick, Up, Yes,
};
use crate::app::{Action, OpKind, QuestionModal, State, Wizard};
use crate::domain::StorageClass;
use crate::domain::plural::count;
use crate::domain::time::{format_reference, human_duration};
use crate::workflow::{Plan, Question, protection_consequence};

/// A centred box of at most `w`×`h`, cleared, with a title and key hints.
fn frame_box(
    frame: &mut Frame,
    area: Rect,
    w: u16,
    h: u16,
    title: &str,
    hints: &str,
    danger: bool,
) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let style = if danger {
        theme::bad()
    } else {
        theme::focused_border()
    };
    let block = Block::bordered()
        .border_style(style)
        .title(Span::styled(format!(" {title} "), theme::title()))
        .title_bottom(Span::styled(format!(" {hints} "), theme::dim()));
    frame.render_widget(Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// The key a hint names for a dialog action, from the keymap in force.
fn key(state: &State, action: DialogAction) -> String {
    state.keymap.dialog_key(action)
}

/// `↑↓ choose · Enter next · Esc close`
fn choose_hint(state: &State) -> String {
    format!(
        "{}{} choose · {}",
        key(state, Up),
        key(state, Down),
        next_hint(state)
    )
}

/// `Enter next · Esc close`
fn next_hint(state: &State) -> String {
    format!(
        "{} next · {} close",
        key(state, Confirm),
        key(state, Cancel)
    )
}

fn paragraph(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// How many rows `text` takes when word-wrapped to `width` columns (as
/// `Paragraph` wraps it: whole words, a longer word broken).
fn wrapped_height(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let (mut rows, mut used) = (1usize, 0usize);
    for word in text.split(' ') {
        let len = word.chars().count();
        if used > 0 && used + 1 + len <= width {
            used += 1 + len;
            continue;
        }
        if used > 0 {
            rows += 1;
        }
        // A word longer than the line is broken over as many rows as it needs.
        rows += len.saturating_sub(1) / width;
        used = match len % width {
            0 if len > 0 => width,
            rest => rest,
        };
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

fn input_line(label: &str, value: &str, error: &Option<String>) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{label} "), theme::key()),
        Span::raw(format!("{value}▏")),
    ])];
    if let Some(e) = error {
        out.push(Line::from(Span::styled(format!("✘ {e}"), theme::bad())));
    }
    out
}

fn read_only_line(state: &State) -> Option<Line<'static>> {
    state.header.read_only_reason().map(|r| {
        Line::from(Span::styled(
            format!("READ-ONLY: {r}. Operations are shown but will not run."),
            theme::bad(),
        ))
    })
}

fn cursor_style(selected: bool) -> Style {
    if selected {
        theme::selected()
    } else {
        Style::new()
    }
}

pub fn wizard(frame: &mut Frame, area: Rect, state: &State, w: &Wizard) {
    match w {
        Wizard::Menu { table, cursor } => {
            let reason = OpKind::ALL
                .get(*cursor)
                .and_then(|k| crate::app::refusal_of(state, table, *k))
                .map(|r| format!("disabled: {r}"));
            let read_only = read_only_line(state);
            // The box grows to the width and height the refusal needs, up
            // to the whole screen, so a long reason is read, not cut.
            let longest = [&reason, &read_only.as_ref().map(|l| l.to_string())]
                .into_iter()
                .flatten()
                .map(|t| t.chars().count() as u16 + 2)
                .max()
                .unwrap_or(0);
            let w = longest.clamp(86, area.width.max(86));
            let text_width = w.min(area.width).saturating_sub(2);
            let extra = |t: &str| wrapped_height(t, text_width);
            // At least the room of one read-only line and a one-line
            // reason, so the box does not jump as the cursor moves.
            let h = 2
                + OpKind::ALL.len() as u16
                + read_only.as_ref().map_or(0, |l| extra(&l.to_string()))
                + reason.as_deref().map_or(0, |r| 1 + extra(r));
            let h = h.max(13);
            let inner = frame_box(
                frame,
                area,
                w,
                h,
                &format!("Operations · {table}"),
                &format!(
                    "1-8 or {}{} {} choose · {} close",
                    key(state, Up),
                    key(state, Down),
                    key(state, Confirm),
                    key(state, Cancel)
                ),
                false,
            );
            let mut lines: Vec<Line> = read_only.into_iter().collect();
            for (i, kind) in OpKind::ALL.iter().enumerate() {
                let disabled = crate::app::refusal_of(state, table, *kind);
                let style = match (i == *cursor, disabled.is_some()) {
                    (true, _) => theme::selected(),
                    (false, true) => theme::dim(),
                    (false, false) => Style::new(),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {} ", i + 1), theme::key()),
                    Span::styled(format!("{:<54}", kind.label()), style),
                    Span::styled(
                        format!(" {}", crate::workflow::estimate(*kind)),
                        theme::dim(),
                    ),
                ]));
            }
            if let Some(reason) = reason {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(reason, theme::warn())));
            }
            paragraph(frame, inner, lines);
        }
        Wizard::PickBackup { table, cursor } => {
            let inner = frame_box(
                frame,
                area,
                96,
                18,
                &format!("Restore a DynamoDB backup of {table} · choose the backup"),
                &choose_hint(state),
                false,
            );
            let lines = state
                .inventory
                .recovery
                .backups_of(table)
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    Line::from(Span::styled(
                        format!(
                            " {}  {:<60} {}",
                            b.created_at.format("%Y-%m-%d %H:%M:%S"),
                            b.name,
                            b.status.label()
                        ),
                        cursor_style(i == *cursor),
                    ))
                })
                .collect();
            paragraph(frame, inner, lines);
        }
        Wizard::PickPoint {
            kind,
            table,
            cursor,
        } => {
            let title = format!("{} · {table} · choose the recovery point", kind.label());
            let inner = frame_box(frame, area, 96, 20, &title, &choose_hint(state), false);
            let mut lines: Vec<Line> = state
                .inventory
                .recovery
                .points_of(table)
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let est = human_duration(p.estimated_restore());
                    Line::from(Span::styled(
                        format!(
                            " {}  {}  restore ~{est}",
                            p.created_at.format("%Y-%m-%d %H:%M"),
                            p.storage.label()
                        ),
                        cursor_style(i == *cursor),
                    ))
                })
                .collect();
            if state
                .inventory
                .recovery
                .points_of(table)
                .iter()
                .any(|p| p.storage == StorageClass::Cold)
            {
                lines.push(Line::from(Span::styled(
                    "⛄ cold storage takes SIGNIFICANTLY longer to restore (~3 h)",
                    theme::warn(),
                )));
            }
            paragraph(frame, inner, lines);
        }
        Wizard::EnterTime {
            table,
            input,
            error,
        } => {
            let inner = frame_box(
                frame,
                area,
                90,
                10,
                &format!("PITR restore in place · {table} · restore to when?"),
                &next_hint(state),
                false,
            );
            let mut lines = Vec::new();
            if let Some(window) = state
                .inventory
                .tables
                .selected()
                .and_then(|r| r.pitr.as_ref())
                .and_then(|p| p.window)
            {
                lines.push(Line::from(format!(
                    "Earliest restorable  {} UTC",
                    format_reference(window.earliest)
                )));
                lines.push(Line::from(format!(
                    "Latest restorable    {} UTC",
                    format_reference(window.latest)
                )));
            }
            lines.push(Line::from(Span::styled(
                "Type 'Jan 28 2025 - 09:39:28', '2025-01-28T09:39:28Z' (UTC) or 'latest'.",
                theme::dim(),
            )));
            lines.extend(input_line("restore to:", input.value(), error));
            paragraph(frame, inner, lines);
        }
        Wizard::EnterName {
            kind,
            table,
            input,
            error,
            ..
        } => {
            let inner = frame_box(
                frame,
                area,
                90,
                9,
                &format!("{} · from {table}", kind.label()),
                &next_hint(state),
                false,
            );
            let mut lines = vec![Line::from(
                "The new table's name: 3–255 of A-Z a-z 0-9 _ . - and no table of that name may exist.",
            )];
            lines.extend(input_line("new table:", input.value(), error));
            paragraph(frame, inner, lines);
        }
        Wizard::EnterDays {
            table,
            input,
            error,
        } => {
            let inner = frame_box(
                frame,
                area,
                80,
                8,
                &format!("Enable PITR · {table}"),
                &next_hint(state),
                false,
            );
            let mut lines = vec![Line::from(
                "Recovery period in days (1–35): how far back a restore can go.",
            )];
            lines.extend(input_line("days:", input.value(), error));
            paragraph(frame, inner, lines);
        }
        Wizard::Fallback { table, yes } => {
            let inner = frame_box(
                frame,
                area,
                84,
                9,
                &format!("Delete {table} · fallback backup"),
                &format!(
                    "{}/{} or {} · {}",
                    key(state, Yes),
                    key(state, No),
                    key(state, Switch),
                    next_hint(state)
                ),
                true,
            );
            let choice = |on: bool, label: &str| {
                Span::styled(
                    format!(" {label} "),
                    if on { theme::selected() } else { theme::dim() },
                )
            };
            paragraph(
                frame,
                inner,
                vec![
                    Line::from(format!(
                        "Take a DynamoDB backup of {table} (--orig) before deleting it?"
                    )),
                    Line::from(
                        "Without one, the table's data is gone unless another backup exists.",
                    ),
                    Line::from(""),
                    Line::from(vec![
                        choice(*yes, "yes, back it up first"),
                        Span::raw("  "),
                        choice(!*yes, "no backup"),
                    ]),
                ],
            );
        }
        Wizard::Plan { plan } => plan_screen(frame, area, state, plan),
    }
}

fn plan_screen(frame: &mut Frame, area: Rect, state: &State, plan: &Plan) {
    let title = format!("❗ Read before continuing · {}", plan.operation.label());
    let h = (plan.steps.len() as u16 * 2 + 6).min(area.height.saturating_sub(2));
    let hints = format!(
        "{} run · {} cancel",
        key(state, Confirm),
        key(state, Cancel)
    );
    let inner = frame_box(frame, area, 110, h, &title, &hints, false);
    let mut lines: Vec<Line> = read_only_line(state).into_iter().collect();
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
            Span::styled(format!("  ~{est} · {}", s.api.join(", ")), theme::dim()),
        ]));
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
    paragraph(frame, inner, lines);
}

pub fn question(frame: &mut Frame, area: Rect, state: &State, q: &QuestionModal) {
    match &q.question {
        Question::RemoveDeletionProtection {
            table,
            fallback,
            restored_after,
        } => {
            let inner = frame_box(
                frame,
                area,
                80,
                8,
                "❗ Deletion protection",
                &format!(
                    "{} remove and continue · {} stop · {} stop",
                    key(state, Yes),
                    key(state, No),
                    key(state, Cancel)
                ),
                true,
            );
            paragraph(
                frame,
                inner,
                vec![
                    Line::from(format!("{table} has deletion protection on.")),
                    Line::from("Remove it so the table can be deleted and continue the recovery?"),
                    Line::from(Span::styled(
                        protection_consequence(fallback.as_deref(), *restored_after),
                        theme::dim(),
                    )),
                ],
            );
        }
        Question::TypeTableName { table, mistyped } => {
            let inner = frame_box(
                frame,
                area,
                80,
                9,
                &format!("❗ Confirm DELETION of {table}"),
                &format!(
                    "{} confirm · {} stop",
                    key(state, Confirm),
                    key(state, Cancel)
                ),
                true,
            );
            let mut lines = vec![Line::from(format!(
                "Type the table's name to delete {table}:"
            ))];
            lines.extend(input_line(">", q.input.value(), &q.error));
            if let Some(wrong) = mistyped {
                lines.push(Line::from(Span::styled(
                    format!("'{wrong}' is not {table}: nothing was deleted. Try again."),
                    theme::bad(),
                )));
            }
            paragraph(frame, inner, lines);
        }
        Question::ColdRestore { estimate } => {
            let inner = frame_box(
                frame,
                area,
                80,
                8,
                "⛄ Cold storage",
                &format!(
                    "{} yes, expect hours · {} stop · {} stop",
                    key(state, Yes),
                    key(state, No),
                    key(state, Cancel)
                ),
                true,
            );
            paragraph(
                frame,
                inner,
                vec![
                    Line::from("This recovery point is in cold storage."),
                    Line::from(format!(
                        "A restore from it takes about {}.",
                        human_duration(chrono::Duration::from_std(*estimate).unwrap_or_default())
                    )),
                    Line::from("Start it anyway?"),
                ],
            );
        }
        Question::StepFailed { step, title, error } => {
            let inner = frame_box(
                frame,
                area,
                96,
                10,
                &format!("✘ Step {} failed", step + 1),
                &format!(
                    "{} retry · {} cleanup review · {} leave as is",
                    key(state, Retry),
                    key(state, Review),
                    key(state, Leave)
                ),
                true,
            );
            paragraph(
                frame,
                inner,
                vec![
                    Line::from(Span::styled(title.clone(), theme::title())),
                    Line::from(Span::styled(error.clone(), theme::bad())),
                    Line::from(""),
                    Line::from(
                        "Nothing after this step has run. Retry it, review what this run created, or leave everything as it is.",
                    ),
                ],
            );
        }
        Question::CleanupReview { items } => {
            let h = (items.len() as u16 * 3 + 6).min(area.height);
            let inner = frame_box(
                frame,
                area,
                110,
                h,
                "🪣 Cleanup review",
                &format!(
                    "{}{} move · {} tick · {} delete ticked · {} keep everything",
                    key(state, Up),
                    key(state, Down),
                    key(state, Tick),
                    key(state, Confirm),
                    key(state, Cancel)
                ),
                false,
            );
            let mut lines = vec![Line::from(format!(
                "Temporary resources this run created. Nothing is deleted until you press {}.",
                key(state, Confirm)
            ))];
            for (i, item) in items.iter().enumerate() {
                let ticked = q.checked.get(i).copied().unwrap_or(false);
                let mark = match (item.deletable, ticked) {
                    (false, _) => "[kept]",
                    (true, true) => "[x]",
                    (true, false) => "[ ]",
                };
                let style = if i == q.cursor {
                    theme::selected()
                } else {
                    Style::new()
                };
                lines.push(Line::from(Span::styled(
                    format!("{mark} {} — {}", item.name, item.what),
                    style,
                )));
                let why_style = if item.deletable {
                    theme::dim()
                } else {
                    theme::warn()
                };
                lines.push(Line::from(Span::styled(
                    format!("      {}", item.why),
                    why_style,
                )));
            }
            paragraph(frame, inner, lines);
        }
    }
}

/// After an answer, until the run's next event: keys wait here.
pub fn waiting(frame: &mut Frame, area: Rect, state: &State, job: crate::workflow::JobId) {
    let inner = frame_box(
        frame,
        area,
        60,
        4,
        &format!("job {job}"),
        &format!(
            "keys wait for the run · {} quit",
            state.keymap.key(Action::Quit)
        ),
        false,
    );
    paragraph(
        frame,
        inner,
        vec![Line::from("Waiting for the run to take the answer…")],
    );
}

pub fn confirm_quit(frame: &mut Frame, area: Rect, state: &State) {
    let active = state.runs.ours.iter().filter(|r| r.is_active()).count();
    let inner = frame_box(
        frame,
        area,
        76,
        7,
        "Quit?",
        &format!("{} quit · any other key stay", key(state, Yes)),
        true,
    );
    paragraph(
        frame,
        inner,
        vec![
            Line::from(format!(
                "{} still running. Quitting stops {} where {} {}.",
                count(active, "operation"),
                if active == 1 { "it" } else { "them" },
                if active == 1 { "it" } else { "they" },
                if active == 1 { "is" } else { "are" },
            )),
            Line::from("The Jobs pane shows which steps are done."),
        ],
    );
}
