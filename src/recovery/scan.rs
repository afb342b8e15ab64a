//! Finding the journals of interrupted runs and checking each against the
//! account; dismissing one. Only a run journaled against this console's
//! own backend, account and region, and held by no live console, is
//! checked against the account and offered for resume; the others are
//! listed with where they ran, and never touched.

use std::io;
use std::path::{Path, PathBuf};

use super::account::look_at_run;
use super::whereabouts::data_now;
use super::{Availability, InterruptedRun, InterruptedStep};
use crate::backend::{Backend, Scope};
use crate::workflow::journal::{self, JournalFile, OpenError, Record, StepState};
use crate::workflow::{Seen, StepAction, table_of};

/// What the start-up scan found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JournalScan {
    pub runs: Vec<InterruptedRun>,
    /// Journals that could not be read, or have no readable first record.
    pub unreadable: Vec<UnreadableJournal>,
    /// Restores into a new table that finished journals of this scope
    /// record, oldest first: (the new table, the table its copy was taken
    /// of). A comparison proposes the source for the restored table.
    pub restored: Vec<(String, String)>,
    /// Runs of this scope that ended, newest first (at most
    /// `FINISHED_SHOWN`).
    pub finished: Vec<super::FinishedRun>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnreadableJournal {
    pub path: PathBuf,
    pub why: String,
}

/// Every unfinished journal in `dirs`, oldest first. `here` is the scope
/// of this console (`None` when the account cannot be told: then no run is
/// offered for resume).
pub async fn scan(backend: &dyn Backend, dirs: &[PathBuf], here: Option<&Scope>) -> JournalScan {
    let mut found = JournalScan::default();
    for dir in dirs {
        let paths = match journal::list(dir) {
            Ok(paths) => paths,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                found.unreadable.push(UnreadableJournal {
                    path: dir.clone(),
                    why: format!("cannot list the journals: {e}"),
                });
                continue;
            }
        };
        for path in paths {
            match journal::read(&path) {
                Ok(file) if file.finished() => {
                    found.restored.extend(restored_by(&file, here));
                    if here.is_some()
                        && file.scope() == here
                        && let Some(run) = super::finished::summary(&file)
                    {
                        found.finished.push(run);
                    }
                }
                Ok(file) => match availability(&file, here) {
                    Some(availability) => {
                        if let Some(run) = reconcile(backend, &file, availability).await {
                            found.runs.push(run);
                        }
                    }
                    None => found.unreadable.push(UnreadableJournal {
                        path,
                        why: "no readable first record (its plan)".to_owned(),
                    }),
                },
                Err(e) => found.unreadable.push(UnreadableJournal {
                    path,
                    why: e.to_string(),
                }),
            }
        }
    }
    found.finished = super::finished::newest(std::mem::take(&mut found.finished));
    found
}

/// The table a finished restore into a new table created, and the table
/// its copy was of, when the run started that restore in `here`'s scope.
fn restored_by(file: &JournalFile, here: Option<&Scope>) -> Option<(String, String)> {
    if let (Some(ran), Some(here)) = (file.scope(), here)
        && ran != here
    {
        return None;
    }
    let (target, source) = file.plan()?.operation.restored_from()?;
    file.ledger()
        .restores_started
        .contains(target)
        .then(|| (target.to_string(), source.to_owned()))
}

/// Who may act on the run; `None` when the journal has no plan.
fn availability(file: &JournalFile, here: Option<&Scope>) -> Option<Availability> {
    file.plan()?;
    Some(if journal::is_held(&file.path) {
        Availability::OtherConsole
    } else {
        match (file.scope(), here) {
            (None, _) => Availability::Unrecorded,
            (Some(ran), Some(here)) if ran == here => Availability::Here,
            (Some(ran), _) => Availability::Elsewhere(ran.to_string()),
        }
    })
}

/// One interrupted run, as the journal tells it and, when it ran here, as
/// the account shows it now.
pub async fn reconcile(
    backend: &dyn Backend,
    file: &JournalFile,
    availability: Availability,
) -> Option<InterruptedRun> {
    let plan = file.plan()?;
    let job = file.entries.iter().find_map(|e| match e.record {
        Record::Started { job, .. } => Some(job),
        _ => None,
    })?;
    let seen = match availability {
        Availability::Here => Some(look_at_run(backend, file).await),
        _ => None,
    };
    let all = file.steps();
    let full_plan = crate::workflow::Plan {
        steps: all.iter().map(|(p, _)| p.clone()).collect(),
        ..plan.clone()
    };
    let steps = all
        .into_iter()
        .map(|(step, state)| {
            let aws_now = match (&state, &seen) {
                (StepState::Started | StepState::Accepted { .. }, Some(seen)) => {
                    aws_now(&step.action, seen)
                }
                _ => None,
            };
            InterruptedStep {
                title: step.title,
                state,
                aws_now,
            }
        })
        .collect();
    let data_now = match (&seen, availability.refusal()) {
        (Some(seen), _) => data_now(plan, seen),
        (None, Some(why)) => {
            // Said first, so a narrow pane keeps it; not checked here.
            let mut why = why;
            if let Some(first) = why.get(..1) {
                why.replace_range(..1, &first.to_uppercase());
            }
            why
        }
        (None, None) => String::new(),
    };
    Some(InterruptedRun {
        journal: file.path.clone(),
        job,
        label: plan.operation.label(),
        table: table_of(&plan.operation).to_string(),
        started: plan.stamp,
        stopped: file.entries.last().map(|e| e.at),
        steps,
        plan: full_plan,
        data_now,
        cut_tail: file.cut_tail,
        availability,
    })
}

/// What the account says of a step the journal cannot vouch for, as its
/// probe reads it.
fn aws_now(action: &StepAction, seen: &Seen) -> Option<String> {
    let lines = action.probe().report(seen);
    (!lines.is_empty()).then(|| lines.join(" · "))
}

/// Why a dismissal was refused.
#[derive(Debug, thiserror::Error)]
pub enum DismissError {
    #[error("not dismissed: {0}")]
    Refused(String),
    #[error("cannot write the journal: {0}")]
    Io(#[from] io::Error),
}

/// The operator has dealt with an interrupted run: its journal ends. Only
/// a console on the scope the run acted on may end it (or any console, for
/// a journal of an older version that does not say), and never while a
/// live run holds it.
pub fn dismiss(path: &Path, here: Option<&Scope>) -> Result<(), DismissError> {
    let file = journal::read(path)?;
    if let Some(ran) = file.scope()
        && here != Some(ran)
    {
        return Err(DismissError::Refused(format!(
            "it ran against {ran}: switch there to dismiss it"
        )));
    }
    let journal = journal::Journal::open(path).map_err(|e| match e {
        OpenError::Busy => DismissError::Refused("it is running in another console".to_owned()),
        OpenError::Io(e) => DismissError::Io(e),
    })?;
    if journal::read(path)?.finished() {
        return Err(DismissError::Refused("the run has ended".to_owned()));
    }
    journal.append(Record::Dismissed {
        why: "dismissed by the operator after the run was interrupted".to_owned(),
    })?;
    Ok(())
}
