//! The Plans view (the plans key) as data: every AWS Backup plan of the
//! region with its rules (schedule in words and its next run, windows,
//! vault, lifecycle, copies, the rule's last job), its selections resolved
//! to the tables they cover, and the tables in no plan; the Tables pane's
//! Plan cell and the Recovery pane's "made by". The plans are read after
//! each inventory load (`Command::LoadPlans`); the view draws these lines
//! (`ui/plans.rs`) and the reducer scrolls by the same count.

use chrono::{DateTime, Duration, Utc};

use super::details_modal::DetailsModal;
use super::state::{Pane, State};
pub use super::view_models::PlansView;
use super::{Command, RecoveryRow};
use crate::coverage::{Coverage, PlansSnapshot};
use crate::domain::time::human_duration;
use crate::domain::{
    BackupPlan, CoveredBy, Job, JobStatus, PlanRule, RecoveryPoint, Selection, table_of_arn,
};

/// How a piece of a line is drawn; the view picks the colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A plan's header.
    Title,
    /// What a line is about (`next run`, `vault`).
    Label,
    Plain,
    Dim,
    Good,
    Bad,
    Warn,
}

/// One line of the view, in styled pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine(pub Vec<(String, Tone)>);

impl PlanLine {
    fn one(text: impl Into<String>, tone: Tone) -> Self {
        Self(vec![(text.into(), tone)])
    }

    /// `    label     text`: a detail of a rule or a selection.
    fn field(label: &str, parts: Vec<(String, Tone)>) -> Self {
        let mut spans = vec![(format!("    {label:<11}"), Tone::Label)];
        spans.extend(parts);
        Self(spans)
    }

    /// The line's text without its styles.
    pub fn text(&self) -> String {
        self.0.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// The read of the plans, for the tables the inventory has described (name
/// and ARN): sent when an inventory load finishes.
pub fn load(state: &State) -> Vec<Command> {
    let tables: Vec<(String, String)> = state
        .inventory
        .tables
        .rows()
        .filter_map(|r| r.table.as_ref().map(|t| (r.name.clone(), t.arn.clone())))
        .collect();
    vec![Command::LoadPlans { tables }]
}

/// What the read answered. A failure keeps no snapshot: coverage is then
/// unknown (`plan ?`), never "no plan".
pub fn loaded(state: &mut State, read: Result<PlansSnapshot, String>) {
    match read {
        Ok(snapshot) => {
            state.inventory.plans = Some(snapshot);
            state.inventory.plans_error = None;
        }
        Err(e) => {
            state.inventory.plans = None;
            state.inventory.plans_error = Some(e);
        }
    }
}

pub fn open(state: &mut State) {
    state.view.plans = Some(PlansView::default());
}

/// Rows the view shows on a screen of `size`: inside its border, between
/// the header and the footer.
pub fn list_height((_, height): (u16, u16)) -> usize {
    usize::from(height.saturating_sub(2 + 2 + 1))
}

/// The Tables pane's Plan cell: the plans' names, `no plan`, or `plan ?`
/// (dim while the plans are not read yet).
pub fn cell(state: &State, table: &str) -> (String, Tone) {
    let unknown = || ("plan ?".to_owned(), Tone::Warn);
    if state.inventory.plans_error.is_some() {
        return unknown();
    }
    let Some(snapshot) = &state.inventory.plans else {
        return ("plan ?".to_owned(), Tone::Dim);
    };
    match snapshot.coverage.get(table) {
        Some(c @ Coverage::Covered(_)) => (c.short(), Tone::Plain),
        Some(Coverage::None) => ("no plan".to_owned(), Tone::Bad),
        Some(Coverage::Unknown(_)) | None => unknown(),
    }
}

/// The plan and rule that made a recovery point: `prod-daily-monthly /
/// monthly`, `on demand`, or the plan's id when it is not listed.
pub fn made_by(state: &State, point: &RecoveryPoint) -> String {
    match &point.made_by {
        None => "on demand".to_owned(),
        Some(by) => state
            .inventory
            .plans
            .as_ref()
            .and_then(|s| s.made_by(by))
            .unwrap_or_else(|| format!("plan {}", by.plan_id)),
    }
}

/// The details view of the Recovery pane's row under the cursor, with the
/// plan and rule behind a recovery point.
pub fn recovery_details(state: &State) -> Option<DetailsModal> {
    if state.view.focus != Pane::Recovery {
        return None;
    }
    let table = state.inventory.tables.selected_name()?;
    let copy = match state
        .inventory
        .recovery
        .pane_rows(table)
        .nth(state.view.recovery_cursor.selected())?
    {
        super::PaneRow::Copy(copy) => copy,
        super::PaneRow::Export(x) => return Some(super::sources::export_details(state, x)),
        super::PaneRow::DrCopy(p) => return Some(super::sources::dr_copy_details(state, p)),
    };
    let row = super::backups::row(state, copy);
    let (title, mut lines) =
        super::backups::details(&row, state.inventory.recovery.vault.as_deref());
    if let RecoveryRow::Point(p) = copy {
        lines.push(format!("Made by: {}", made_by(state, p)));
    }
    Some(DetailsModal::new(title, lines))
}

/// Scrolls the open view by `delta` lines.
pub fn scroll_by(state: &mut State, delta: isize) {
    let total = lines(state).len();
    let shown = list_height(state.view.size);
    if let Some(v) = state.view.plans.as_mut() {
        v.scroll.by(delta, total, shown);
    }
}

/// The newest backup job of a rule's last run.
#[derive(Debug, Clone, PartialEq)]
pub enum LastJob<'a> {
    /// The newest of `of` jobs created in the run's start window.
    Found {
        job: &'a Job,
        table: &'a str,
        run_at: DateTime<Utc>,
        of: usize,
        /// Covered tables with no job for that run.
        without: usize,
    },
    /// The rule ran at `run_at` and no job of a covered table followed.
    NoneSince { run_at: DateTime<Utc> },
    /// No run in the last year, or a schedule this console does not read.
    NoRun,
}

/// The newest AWS Backup backup job of one of `tables` made for the rule's
/// last run before `now`: created between that run and the end of its start
/// window, and not claimed by a later run of another of the plan's rules
/// (`coverage::job_of_run`).
pub fn last_job<'a>(
    jobs: &'a [Job],
    tables: &[&'a str],
    plan: &BackupPlan,
    rule: &PlanRule,
    now: DateTime<Utc>,
) -> LastJob<'a> {
    let Some(run_at) = rule.cron().and_then(|c| c.last_before(now)) else {
        return LastJob::NoRun;
    };
    let of_run: Vec<(&Job, &str)> = jobs
        .iter()
        .filter_map(|j| {
            let arn = j.resource_arn.as_deref()?;
            let name = table_of_arn(arn)?;
            let table = *tables.iter().find(|t| **t == name)?;
            crate::coverage::job_of_run(j, arn, plan, rule, run_at).then_some((j, table))
        })
        .collect();
    let without = tables
        .iter()
        .filter(|t| !of_run.iter().any(|(_, covered)| covered == *t))
        .count();
    match of_run.iter().max_by_key(|(j, _)| j.created_at) {
        Some((job, table)) => LastJob::Found {
            job,
            table,
            run_at,
            of: of_run.len(),
            without,
        },
        None => LastJob::NoneSince { run_at },
    }
}

/// The whole view, line by line.
pub fn lines(state: &State) -> Vec<PlanLine> {
    let width = usize::from(state.view.size.0.saturating_sub(4)).max(20);
    let mut out = Vec::new();
    if let Some(e) = &state.inventory.plans_error {
        out.push(PlanLine::one(
            format!("Cannot read the backup plans: {e}"),
            Tone::Bad,
        ));
        out.push(PlanLine::one(
            "Which tables a plan covers is unknown: the Plan column says plan ?.",
            Tone::Warn,
        ));
        return out;
    }
    let Some(snapshot) = &state.inventory.plans else {
        out.push(PlanLine::one("Reading the backup plans…", Tone::Dim));
        return out;
    };
    if snapshot.plans.is_empty() {
        out.push(PlanLine::one(
            "No AWS Backup plan in this region.",
            Tone::Warn,
        ));
    }
    for plan in &snapshot.plans {
        plan_lines(state, snapshot, plan, width, &mut out);
        out.push(PlanLine::one("", Tone::Plain));
    }
    let of = |want: fn(&Coverage) -> bool| -> Vec<String> {
        snapshot
            .coverage
            .iter()
            .filter(|(_, c)| want(c))
            .map(|(t, _)| t.clone())
            .collect()
    };
    let none = of(|c| matches!(c, Coverage::None));
    let unknown = of(|c| matches!(c, Coverage::Unknown(_)));
    if !none.is_empty() {
        wrap_list(&mut out, "Tables in no plan: ", &none, Tone::Bad, width);
    }
    if !unknown.is_empty() {
        wrap_list(
            &mut out,
            "Tables whose plan is unknown: ",
            &unknown,
            Tone::Warn,
            width,
        );
    }
    if none.is_empty() && unknown.is_empty() && !snapshot.coverage.is_empty() {
        out.push(PlanLine::one("Every table is in a plan.", Tone::Good));
    }
    out
}

fn plan_lines(
    state: &State,
    snapshot: &PlansSnapshot,
    plan: &BackupPlan,
    width: usize,
    out: &mut Vec<PlanLine>,
) {
    out.push(PlanLine(vec![
        (plan.name.clone(), Tone::Title),
        (
            format!("  version {} · id {}", plan.version_id, plan.id),
            Tone::Dim,
        ),
    ]));
    let covered = snapshot.tables_of(&plan.id);
    let tables: Vec<&str> = covered.iter().map(|(t, _)| *t).collect();
    for rule in &plan.rules {
        rule_lines(state, plan, rule, &tables, out);
    }
    if let Some(why) = &plan.selections_unread {
        out.push(PlanLine::one(
            format!("  selections not read: {why}"),
            Tone::Warn,
        ));
    }
    for s in &plan.selections {
        out.push(PlanLine(vec![
            ("  selection ".to_owned(), Tone::Label),
            (s.name.clone(), Tone::Plain),
        ]));
        for (label, how) in how_it_selects(s) {
            out.push(PlanLine::field(label, vec![(how, Tone::Plain)]));
        }
        let mine: Vec<String> = covered
            .iter()
            .filter(|(_, c)| c.selection == s.name)
            .map(|(t, c)| match &c.how {
                CoveredBy::Tag(tag) if !tag.is_empty() => format!("{t} ({tag})"),
                _ => (*t).to_owned(),
            })
            .collect();
        if mine.is_empty() {
            out.push(PlanLine::field(
                "covers",
                vec![("no table in this region".to_owned(), Tone::Warn)],
            ));
        } else {
            wrap_list(out, "    covers     ", &mine, Tone::Plain, width);
        }
    }
}

fn rule_lines(
    state: &State,
    plan: &BackupPlan,
    rule: &PlanRule,
    tables: &[&str],
    out: &mut Vec<PlanLine>,
) {
    let now = state.now;
    let cron = rule.cron();
    out.push(PlanLine(vec![
        ("  rule ".to_owned(), Tone::Label),
        (rule.name.clone(), Tone::Title),
        (format!("  {}", rule.schedule), Tone::Plain),
        (
            cron.as_ref()
                .map(|c| format!(" · {}", c.words()))
                .unwrap_or_else(|| " · a schedule this console does not read".to_owned()),
            Tone::Dim,
        ),
    ]));
    let next = match cron.as_ref().and_then(|c| c.next_after(now)) {
        Some(at) => (
            format!(
                "in {} · {} UTC",
                human_duration(at - now),
                at.format("%Y-%m-%d %H:%M")
            ),
            Tone::Plain,
        ),
        None => ("none in the next 5 years".to_owned(), Tone::Warn),
    };
    out.push(PlanLine::field("next run", vec![next]));
    out.push(PlanLine::field(
        "windows",
        vec![(
            format!(
                "starts within {} · completes within {}",
                minutes(rule.start_window_minutes.unwrap_or(480)),
                minutes(rule.completion_window_minutes.unwrap_or(10080))
            ),
            Tone::Plain,
        )],
    ));
    out.push(PlanLine::field(
        "vault",
        vec![(
            format!("{} · {}", rule.vault, rule.lifecycle.words()),
            Tone::Plain,
        )],
    ));
    for copy in &rule.copies {
        let route = copy.route(&rule.vault);
        let region = route
            .destination_region
            .map(|r| format!(" in {r}"))
            .unwrap_or_default();
        out.push(PlanLine::field(
            "copy",
            vec![(
                format!(
                    "→ {}{region} · {}",
                    route.destination_vault,
                    copy.lifecycle.words()
                ),
                Tone::Plain,
            )],
        ));
    }
    let last = match last_job(&state.inventory.jobs, tables, plan, rule, now) {
        LastJob::Found {
            job,
            table,
            of,
            without,
            ..
        } => {
            let (mark, tone) = match &job.status {
                JobStatus::Completed => ("✔", Tone::Good),
                s if s.is_problem() => ("✘", Tone::Bad),
                _ => ("…", Tone::Warn),
            };
            let state_word = if job.status.is_finished() {
                job.status.word().to_owned()
            } else {
                "running".to_owned()
            };
            let mut parts = vec![
                (format!("{mark} {state_word}"), tone),
                (
                    format!(
                        " · {table} · {} UTC",
                        job.created_at.format("%Y-%m-%d %H:%M"),
                    ),
                    Tone::Plain,
                ),
            ];
            if without > 0 {
                let all = tables.len();
                parts.push((
                    format!(" · jobs for {} of {all} tables", all - without),
                    Tone::Bad,
                ));
            } else if of > 1 {
                parts.push((format!(" · newest of {of}"), Tone::Plain));
            }
            parts
        }
        LastJob::NoneSince { run_at } => {
            let open = run_at + rule.start_window() > now;
            vec![(
                format!(
                    "no job since the run at {} UTC{}",
                    run_at.format("%Y-%m-%d %H:%M"),
                    if open {
                        " (its start window is open)"
                    } else {
                        ""
                    }
                ),
                if open { Tone::Dim } else { Tone::Warn },
            )]
        }
        LastJob::NoRun => vec![("no run in the last year".to_owned(), Tone::Dim)],
    };
    out.push(PlanLine::field("last job", last));
}

/// How a selection picks its resources, line by line.
fn how_it_selects(s: &Selection) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !s.resources.is_empty() {
        let patterns: Vec<&str> = s
            .resources
            .iter()
            .filter(|r| r.contains('*'))
            .map(String::as_str)
            .collect();
        let text = if patterns.is_empty() {
            format!("{} ARNs", s.resources.len())
        } else {
            patterns.join(", ")
        };
        out.push(("by ARN", text));
    }
    if !s.any_tags.is_empty() {
        let tags: Vec<String> = s.any_tags.iter().map(|t| t.words()).collect();
        out.push(("by tag", tags.join(" or ")));
    }
    if !s.all_conditions.is_empty() {
        let c: Vec<String> = s.all_conditions.iter().map(|t| t.words()).collect();
        out.push(("only if", c.join(" and ")));
    }
    if !s.not_resources.is_empty() {
        out.push(("except", s.not_resources.join(", ")));
    }
    out
}

/// `1h`, `7d`, `1h 30m`, `45m`.
fn minutes(m: i64) -> String {
    let d = Duration::minutes(m);
    match m {
        _ if m > 0 && m % 1440 == 0 => format!("{}d", d.num_days()),
        _ if m >= 60 && m % 60 == 0 => format!("{}h", d.num_hours()),
        _ if m >= 60 => format!("{}h {:02}m", m / 60, m % 60),
        _ => format!("{m}m"),
    }
}

/// `prefix a, b, c` over as many lines as `width` needs, the next lines
/// indented like the first's items.
fn wrap_list(out: &mut Vec<PlanLine>, prefix: &str, items: &[String], tone: Tone, width: usize) {
    let indent = " ".repeat(prefix.chars().count());
    let mut line = String::new();
    let mut first = true;
    let mut flush = |line: &mut String, first: &mut bool| {
        let lead = if *first { prefix } else { indent.as_str() };
        out.push(PlanLine(vec![
            (
                lead.to_owned(),
                if tone == Tone::Plain {
                    Tone::Label
                } else {
                    tone
                },
            ),
            (std::mem::take(line), tone),
        ]));
        *first = false;
    };
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item}, ")
        } else {
            item.clone()
        };
        if !line.is_empty() && indent.len() + line.chars().count() + piece.chars().count() > width {
            flush(&mut line, &mut first);
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        flush(&mut line, &mut first);
    }
}

pub(super) fn close(state: &mut State) {
    state.view.plans = None;
}
