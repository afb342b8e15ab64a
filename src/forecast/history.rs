//! The observations: the restore steps of finished runs (from their
//! journals: the step's intent to its done, the source's size as the run's
//! plan journaled it) and the drills of the drill history that carry their
//! source's kind and size. A journal without the size (older versions), a
//! restore step that did not finish, or one the run was resumed across (its
//! time is not the restore's) is skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{History, Observation, kind_of, target_of};
use crate::drill::DrillHistory;
use crate::workflow::journal::{self, JournalFile, Record};

/// The restores a finished run's journal measured.
pub fn from_journal(file: &JournalFile) -> Vec<Observation> {
    let Some(plan) = file.plan() else {
        return Vec::new();
    };
    let Some(size) = plan.size else {
        return Vec::new();
    };
    if !file.finished() {
        return Vec::new();
    }
    let cold = plan.operation.is_cold() || file.facts().is_some_and(|f| f.cold);
    // Each restore step's first intent; dropped when the run is resumed
    // before the step is done.
    let mut intents = BTreeMap::new();
    let mut out = Vec::new();
    for entry in &file.entries {
        match &entry.record {
            Record::Intent { step, action, .. } => {
                if let (Some(kind), Some(target)) = (kind_of(action, cold), target_of(action)) {
                    intents
                        .entry(*step)
                        .or_insert((entry.at, kind, target.to_string()));
                }
            }
            Record::Resumed { .. } => intents.clear(),
            Record::Done { step, .. } => {
                if let Some((at, kind, target)) = intents.remove(step) {
                    let secs = (entry.at - at).num_seconds();
                    if let Ok(secs) = u64::try_from(secs) {
                        out.push(Observation {
                            kind,
                            bytes: size.bytes,
                            secs,
                            at,
                            target,
                        });
                    }
                }
            }
            Record::Failed { step, .. }
            | Record::Skipped { step, .. }
            | Record::Cancelled { step, .. } => {
                intents.remove(step);
            }
            _ => {}
        }
    }
    out
}

/// The drills that recorded their source's kind and size and a measured
/// restore time.
pub fn from_drills(history: &DrillHistory) -> Vec<Observation> {
    history
        .records
        .iter()
        .filter_map(|r| {
            Some(Observation {
                kind: r.source_kind?,
                bytes: r.source_bytes?,
                secs: r.rto_secs?,
                at: r.started_at,
                target: r.scratch.clone(),
            })
        })
        .collect()
}

/// The journals' restores and the drills', a drill whose scratch table a
/// journal already counted left out.
pub fn merged(journals: Vec<Observation>, drills: Vec<Observation>) -> History {
    let seen: BTreeSet<String> = journals.iter().map(|o| o.target.clone()).collect();
    let mut all = journals;
    all.extend(drills.into_iter().filter(|o| !seen.contains(&o.target)));
    History::new(all)
}

/// The history of the backend state dir `dir`: its journals
/// (`dir/journal`) and its drills. What cannot be read is left out.
pub fn load(dir: &Path) -> History {
    let mut journals = Vec::new();
    if let Ok(paths) = journal::list(&dir.join("journal")) {
        for path in paths {
            if let Ok(file) = journal::read(&path) {
                journals.extend(from_journal(&file));
            }
        }
    }
    let drills = crate::drill::load(dir)
        .map(|h| from_drills(&h))
        .unwrap_or_default();
    merged(journals, drills)
}
