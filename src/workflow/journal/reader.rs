//! Reading a journal back, including one whose last line was cut by a crash
//! or a power cut: every whole record up to the cut is kept, and the cut is
//! reported.

use std::io;
use std::path::{Path, PathBuf};

use super::record::{Entry, Record};
use crate::workflow::ledger::{Facts, Ledger};
use crate::workflow::plan::Plan;
use crate::workflow::step_plans::StepPlan;

/// A journal as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalFile {
    pub path: PathBuf,
    pub entries: Vec<Entry>,
    /// The file ends in a partial or unreadable record (the tail was cut);
    /// `entries` holds everything before it.
    pub cut_tail: bool,
}

/// What the journal says about one step.
#[derive(Debug, Clone, PartialEq)]
pub enum StepState {
    NotStarted,
    /// Its intent was written; nothing was recorded after it, so a call
    /// may or may not have been sent.
    Started,
    /// AWS accepted its call; it had not finished waiting.
    Accepted {
        api: String,
        resource: String,
    },
    Done {
        detail: Option<String>,
    },
    Skipped {
        why: String,
    },
    /// The operator said no here and the run stopped.
    Cancelled {
        why: String,
    },
    Failed {
        error: String,
    },
}

/// Every whole record; a line that is cut or unreadable is left out and
/// reported (records appended after a cut, such as a dismissal, still count).
pub fn parse(text: &str) -> (Vec<Entry>, bool) {
    let mut entries = Vec::new();
    let mut cut = false;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(line.trim_end()) {
            Ok(entry) => entries.push(entry),
            Err(_) => cut = true,
        }
    }
    (entries, cut)
}

pub fn read(path: &Path) -> io::Result<JournalFile> {
    let bytes = std::fs::read(path)?;
    // A cut can split a UTF-8 character: the damaged line fails to parse.
    let (entries, cut_tail) = parse(&String::from_utf8_lossy(&bytes));
    Ok(JournalFile {
        path: path.to_owned(),
        entries,
        cut_tail,
    })
}

/// The journals in `dir`, oldest first (names start with the run's stamp).
pub fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    Ok(paths)
}

impl JournalFile {
    fn records(&self) -> impl Iterator<Item = &Record> {
        self.entries.iter().map(|e| &e.record)
    }

    /// The plan the run started with.
    pub fn plan(&self) -> Option<&Plan> {
        self.records().find_map(|r| match r {
            Record::Started { plan, .. } => Some(plan),
            _ => None,
        })
    }

    /// What the run acted on (`None`: a journal of an older version).
    pub fn scope(&self) -> Option<&crate::backend::Scope> {
        self.records().find_map(|r| match r {
            Record::Started { scope, .. } => scope.as_ref(),
            _ => None,
        })
    }

    /// The run ended (or was dismissed): nothing to recover.
    pub fn finished(&self) -> bool {
        self.records().any(Record::is_final)
    }

    /// What the run read before its first step, if it got that far.
    pub fn facts(&self) -> Option<&Facts> {
        self.records().find_map(|r| match r {
            Record::Checked { facts } => Some(facts),
            _ => None,
        })
    }

    /// What the run had created and changed, as of its last record.
    pub fn ledger(&self) -> Ledger {
        let checked = Ledger {
            facts: self.facts().cloned().unwrap_or_default(),
            ..Ledger::default()
        };
        self.records()
            .filter_map(|r| match r {
                Record::Accepted { ledger, .. }
                | Record::Done { ledger, .. }
                | Record::Failed { ledger, .. } => Some(ledger.clone()),
                _ => None,
            })
            .last()
            .unwrap_or(checked)
    }

    /// Every step (the plan's, then those added while running) with what
    /// the journal says of it.
    pub fn steps(&self) -> Vec<(StepPlan, StepState)> {
        let mut steps: Vec<(StepPlan, StepState)> = self
            .plan()
            .map(|p| {
                p.steps
                    .iter()
                    .map(|s| (s.clone(), StepState::NotStarted))
                    .collect()
            })
            .unwrap_or_default();
        for record in self.records() {
            if let Record::StepAdded { step, plan } = record {
                if *step <= steps.len() {
                    steps.insert(*step, (plan.clone(), StepState::NotStarted));
                }
                continue;
            }
            let Some(index) = record.step() else { continue };
            let Some((_, state)) = steps.get_mut(index) else {
                continue;
            };
            match record {
                Record::Intent { .. } => *state = StepState::Started,
                Record::Accepted { api, resource, .. } => {
                    *state = StepState::Accepted {
                        api: api.clone(),
                        resource: resource.clone(),
                    }
                }
                Record::Done { detail, .. } => {
                    *state = StepState::Done {
                        detail: detail.clone(),
                    }
                }
                Record::Skipped { why, .. } => *state = StepState::Skipped { why: why.clone() },
                Record::Cancelled { why, .. } => *state = StepState::Cancelled { why: why.clone() },
                Record::Failed { error, .. } => {
                    *state = StepState::Failed {
                        error: error.clone(),
                    }
                }
                _ => {}
            }
        }
        steps
    }
}
