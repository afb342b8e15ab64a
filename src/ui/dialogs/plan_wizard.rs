//! The plan dialog (`app/plan_wizard.rs`): the chooser of the selected
//! table's plans, then a new plan's name, rules, one rule's fields, the
//! copy vault and the tables.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{
    FieldPage, choose_hint, cursor_style, frame_box, input_line, key, next_hint, paragraph,
    read_only_line,
};
use crate::app::DialogAction::{Cancel, Confirm, Down, Edit, Tick, Up};
use crate::app::State;
use crate::app::plan_wizard::{ChoiceRow, PlanChoices, PlanPage, PlanWizard, RuleEditor};
use crate::domain::PlanRule;
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, w: &PlanWizard) {
    let ctx = &w.ctx;
    match &w.page {
        PlanPage::Choose { cursor, error } => chooser(frame, area, state, ctx, *cursor, error),
        PlanPage::Name { input, error } => FieldPage::new(
            format!("New backup plan · {}", ctx.table),
            (84, 9),
            vec![
                Line::from("The plan's name: 1–50 letters, digits, -, _ or ."),
                Line::from(Span::styled(
                    "Next: the template's rules, a copy vault, the tables, then the plan.",
                    theme::dim(),
                )),
            ],
            "name:",
        )
        .draw(frame, area, state, input, error),
        PlanPage::Rules {
            draft,
            cursor,
            error,
        } => {
            let hints = format!(
                "{}{} move · {} tick · {} edit · {}",
                key(state, Up),
                key(state, Down),
                key(state, Tick),
                key(state, Edit),
                next_hint(state)
            );
            let title = format!("New backup plan {} · rules", draft.name);
            let mut lines = vec![
                Line::from(format!(
                    "The reference's template, into vault {}.",
                    ctx.vault.as_deref().unwrap_or("?")
                )),
                Line::from("Tick the rules to keep; edit one's schedule and days."),
                Line::from(""),
            ];
            for (i, (rule, ticked)) in draft.rules.iter().zip(&draft.ticked).enumerate() {
                lines.extend(rule_lines(rule, *ticked, i == *cursor));
            }
            if let Some(e) = error {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(format!("✘ {e}"), theme::bad())));
            }
            let inner = frame_box(frame, area, 96, height(&lines), &title, &hints, false);
            paragraph(frame, inner, lines);
        }
        PlanPage::EditRule(e) => editor(frame, area, state, e),
        PlanPage::Copy { draft, input, error } => FieldPage::new(
            format!("New backup plan {} · copy", draft.name),
            (96, 10),
            vec![
                Line::from(format!(
                    "Copy each recovery point to a vault in another region than {} (disaster recovery),",
                    ctx.region
                )),
                Line::from("kept as long as the rule keeps it. Its ARN, or empty for no copy:"),
                Line::from(Span::styled(
                    "arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME",
                    theme::dim(),
                )),
            ],
            "vault:",
        )
        .draw(frame, area, state, input, error),
        PlanPage::Tables { draft, input, error } => FieldPage::new(
            format!("New backup plan {} · tables", draft.name),
            (96, 10),
            vec![
                Line::from(format!(
                    "Which tables: empty for {} by its ARN, or a tag key=value (every table",
                    ctx.table
                )),
                Line::from("with it). AWS Backup assumes the configured role for them:"),
                Line::from(Span::styled(
                    ctx.role.clone().unwrap_or_else(|| "(no role configured)".to_owned()),
                    theme::dim(),
                )),
            ],
            "tables:",
        )
        .draw(frame, area, state, input, error),
    }
}

fn chooser(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    ctx: &PlanChoices,
    cursor: usize,
    error: &Option<String>,
) {
    let title = format!("Backup plans · {}", ctx.table);
    let mut lines: Vec<Line> = read_only_line(state).into_iter().collect();
    lines.push(Line::from(
        "AWS Backup plans back the table up on a schedule. Each choice shows its plan first.",
    ));
    if let Err(why) = &ctx.plans {
        lines.push(Line::from(Span::styled(
            format!("The plans could not be read: {why}"),
            theme::warn(),
        )));
    }
    lines.push(Line::from(""));
    for (i, row) in crate::app::plan_wizard::choice_rows(ctx).iter().enumerate() {
        let style = match row {
            ChoiceRow::ByTag { .. } | ChoiceRow::Unread { .. } if i != cursor => theme::dim(),
            _ => cursor_style(i == cursor),
        };
        let marker = if i == cursor { "› " } else { "  " };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(row.label(ctx), style),
        ]));
    }
    if let Some(e) = error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(format!("✘ {e}"), theme::bad())));
    }
    let inner = frame_box(
        frame,
        area,
        96,
        height(&lines) + 1,
        &title,
        &choose_hint(state),
        false,
    );
    paragraph(frame, inner, lines);
}

/// A box's height for `lines` and its borders, a wrapped error's second
/// line included.
fn height(lines: &[Line]) -> u16 {
    u16::try_from(lines.len() + 3).unwrap_or(u16::MAX)
}

/// `› [x] daily    cron(0 5 ? * * *)      daily at 05:00 UTC`, then its
/// lifecycle under it.
fn rule_lines(rule: &PlanRule, ticked: bool, selected: bool) -> [Line<'static>; 2] {
    let tick = if ticked { "[x]" } else { "[ ]" };
    let marker = if selected { "›" } else { " " };
    let when = rule.cron().map(|c| c.words()).unwrap_or_default();
    [
        Line::from(vec![
            Span::raw(format!("{marker} ")),
            Span::styled(
                format!("{tick} {:<8} {:<22}", rule.name, rule.schedule),
                cursor_style(selected),
            ),
            Span::raw(format!(" {when}")),
        ]),
        Line::from(Span::styled(
            format!("        {}", rule.lifecycle.words()),
            theme::dim(),
        )),
    ]
}

fn editor(frame: &mut Frame, area: Rect, state: &State, e: &RuleEditor) {
    let name = e
        .draft
        .rules
        .get(e.index)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let hints = format!(
        "{}{} field · {} keep · {} back",
        key(state, Up),
        key(state, Down),
        key(state, Confirm),
        key(state, Cancel)
    );
    let title = format!("New backup plan {} · rule {name}", e.draft.name);
    let mut lines = vec![
        Line::from(
            "AWS's cron: cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR), one day field ?.",
        ),
        Line::from("Days empty: never. A point in cold storage stays there 90 days at least."),
        Line::from(""),
    ];
    for (i, label) in RuleEditor::LABELS.iter().enumerate() {
        let marker = if i == e.row { "›" } else { " " };
        let mut field = input_line(
            &format!("{marker} {label}"),
            e.fields[i].value(),
            &e.errors[i],
        );
        if i != e.row
            && let Some(first) = field.first_mut()
        {
            // The cursor bar only in the field being typed into.
            *first = Line::from(format!("{marker} {label} {}", e.fields[i].value()));
        }
        lines.extend(field);
    }
    let inner = frame_box(frame, area, 96, height(&lines), &title, &hints, false);
    paragraph(frame, inner, lines);
}
