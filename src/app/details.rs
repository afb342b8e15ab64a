//! The details view: the whole text of what a pane had to cut. On a Jobs
//! row it is that row's run, step or AWS job (title, status, error,
//! detail); elsewhere, the start-up checks with what each found and how to
//! fix it. The text is built here, once, when the view opens; the modal
//! that holds it is `details_modal.rs`.

use super::details_modal::DetailsModal;
use super::header::ChecksState;
use super::jobs::{InterruptedLine, JobsRow};
use super::runs::RunView;
use super::state::{Modal, Pane, State};
use crate::domain::Job;
use crate::domain::time::{format_reference, human_duration};
use crate::recovery::{InterruptedRun, UnreadableJournal};
use crate::workflow::journal::StepState;
use crate::workflow::{StepPlan, StepStatus};

/// Opens the details of what the operator is on.
pub fn open(state: &mut State) {
    let modal = match state.view.focus {
        Pane::Jobs => {
            let row = super::jobs::rows(state).nth(state.view.jobs_cursor.selected());
            match row {
                Some(row) => of_row(row, state),
                None => checks(state),
            }
        }
        Pane::Recovery => super::plans::recovery_details(state).unwrap_or_else(|| checks(state)),
        Pane::Tables => checks(state),
    };
    state.view.modal = Some(Modal::Details(modal));
}

fn of_row(row: JobsRow<'_>, state: &State) -> DetailsModal {
    match row {
        JobsRow::RunHeader(run) => of_run(run, state),
        JobsRow::RunStep { run, index, step } => of_step(run, index, step),
        JobsRow::Interrupted { run, line, .. } => of_interrupted(run, line, state),
        JobsRow::Unreadable(journal) => of_unreadable(journal),
        JobsRow::Finished(run) => super::finished::details(run),
        JobsRow::Aws(job) => of_aws(job, state),
    }
}

fn of_run(run: &RunView, state: &State) -> DetailsModal {
    let mut lines = vec![
        format!("Status: {}", run.summary()),
        format!("Started: {} UTC", format_reference(run.started)),
        format!("Time: {}", human_duration(run.elapsed(state.now))),
        String::new(),
    ];
    for (i, (plan, status)) in run.steps.iter().enumerate() {
        lines.push(format!(
            "{}. {} — {}",
            run.step_number(i),
            plan.title,
            status_word(status)
        ));
    }
    DetailsModal::new(
        format!("job {} · {} · {}", run.job, run.label, run.table),
        lines,
    )
}

fn of_step(run: &RunView, index: usize, (plan, status): &(StepPlan, StepStatus)) -> DetailsModal {
    let mut lines = vec![
        format!("{}. {}", run.step_number(index), plan.title),
        format!("Status: {}", status_word(status)),
    ];
    match status {
        StepStatus::Failed { error } => lines.push(format!("Error: {error}")),
        StepStatus::Skipped { why } => lines.push(format!("Why: {why}")),
        StepStatus::Running {
            detail: Some(d), ..
        }
        | StepStatus::Done {
            detail: Some(d), ..
        } => lines.push(format!("Detail: {d}")),
        _ => {}
    }
    lines.push(format!("AWS APIs: {}", plan.api.join(", ")));
    if !plan.creates.is_empty() {
        lines.push(format!("Creates: {}", plan.creates.join(", ")));
    }
    if !plan.deletes.is_empty() {
        lines.push(format!("Deletes: {}", plan.deletes.join(", ")));
    }
    let title = format!(
        "job {} · {} · step {}",
        run.job,
        run.table,
        run.step_number(index)
    );
    DetailsModal::new(title, lines)
}

fn status_word(status: &StepStatus) -> String {
    match status {
        StepStatus::Pending => "pending".to_owned(),
        StepStatus::Running { .. } => "running".to_owned(),
        StepStatus::Done { took, .. } => format!(
            "done in {}",
            human_duration(chrono::Duration::from_std(*took).unwrap_or_default())
        ),
        StepStatus::Failed { .. } => "failed".to_owned(),
        StepStatus::Skipped { .. } => "skipped".to_owned(),
    }
}

fn of_interrupted(run: &InterruptedRun, line: InterruptedLine<'_>, state: &State) -> DetailsModal {
    let mut lines = vec![
        format!("Journal: {}", run.journal.display()),
        format!("Started: {} UTC", format_reference(run.started)),
    ];
    if let Some(at) = run.stopped {
        lines.push(format!(
            "Last record: {} UTC ({} ago)",
            format_reference(at),
            human_duration(state.now - at)
        ));
    }
    if run.cut_tail {
        lines.push("The journal's last record was cut mid-record.".to_owned());
    }
    lines.push(format!("Data now: {}", run.data_now));
    lines.push(String::new());
    let only = match line {
        InterruptedLine::Step { index, .. } => Some(index),
        _ => None,
    };
    for (i, step) in run.steps.iter().enumerate() {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        let state_text = match &step.state {
            StepState::NotStarted => "not run".to_owned(),
            StepState::Started => "started, no result recorded".to_owned(),
            StepState::Accepted { api, resource } => {
                format!("{api} accepted for {resource}, not finished")
            }
            StepState::Done { detail: Some(d) } => format!("done: {d}"),
            StepState::Done { detail: None } => "done".to_owned(),
            StepState::Skipped { why } => format!("skipped: {why}"),
            StepState::Cancelled { why } => format!("stopped: {why}"),
            StepState::Failed { error } => format!("failed: {error}"),
        };
        let mut text = format!("{}. {} — {state_text}", i + 1, step.title);
        if let Some(aws) = &step.aws_now {
            text.push_str(&format!(" · AWS now: {aws}"));
        }
        lines.push(text);
    }
    let title = format!(
        "interrupted job {} · {} · {}",
        run.job, run.label, run.table
    );
    DetailsModal::new(title, lines)
}

fn of_unreadable(journal: &UnreadableJournal) -> DetailsModal {
    DetailsModal::new(
        "unreadable journal".to_owned(),
        vec![
            format!("Journal: {}", journal.path.display()),
            format!("Why: {}", journal.why),
            "Not resumable: read it, then move it away.".to_owned(),
        ],
    )
}

fn of_aws(job: &Job, state: &State) -> DetailsModal {
    let mut lines = vec![
        format!("Status: {:?}", job.status),
        format!(
            "Created: {} UTC ({} ago)",
            format_reference(job.created_at),
            human_duration(state.now - job.created_at)
        ),
    ];
    if let Some(done) = job.completed_at {
        lines.push(format!("Completed: {} UTC", format_reference(done)));
    }
    if let Some(p) = job.percent_done {
        lines.push(format!("Progress: {p:.0}%"));
    }
    for (label, value) in [
        ("Message", &job.status_message),
        ("Resource", &job.resource_arn),
        ("Recovery point", &job.recovery_point_arn),
        ("Created resource", &job.created_resource_arn),
    ] {
        if let Some(v) = value {
            lines.push(format!("{label}: {v}"));
        }
    }
    if let Some(route) = &job.copy {
        lines.push(format!("From vault: {}", route.source_vault));
        let region = route
            .destination_region
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        lines.push(format!("To vault: {}{region}", route.destination_vault));
    }
    DetailsModal::new(format!("AWS {:?} job {}", job.kind, job.id), lines)
}

/// The start-up checks, each with what it found and, when it failed, how
/// to fix it; then why changes are refused, if they are.
fn checks(state: &State) -> DetailsModal {
    let mut lines = Vec::new();
    match &state.header.checks {
        ChecksState::Running => lines.push("The start-up checks are still running.".to_owned()),
        ChecksState::Done(results) => {
            for r in results {
                let mark = if r.passed { "✔" } else { "✘" };
                lines.push(format!("{mark} {}: {}", r.name, r.detail));
                if let Some(fix) = &r.fix {
                    lines.push(format!("Fix: {fix}"));
                }
            }
        }
    }
    if let Some(reason) = state.header.read_only_reason() {
        lines.push(String::new());
        lines.push(format!("READ-ONLY: {reason}"));
    }
    DetailsModal::new("start-up checks".to_owned(), lines)
}
