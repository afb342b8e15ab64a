//! Where the table's data is now: the one line an operator reads first
//! after a crash. Most important first: the table, its fallback backup, a
//! restore on its way, then the point-in-time duplicate and its backup.
//! When the account could not be read and no copy was seen, the line says it
//! cannot tell, and why: "does not exist · NO COPY FOUND" would be a guess.

use crate::domain::{BackupStatus, TableStatus};
use crate::workflow::{BackupOf, Plan, Seen, StepAction, table_of, upper};

pub fn data_now(plan: &Plan, seen: &Seen) -> String {
    let table = table_of(&plan.operation).as_str();
    let mut places = Vec::new();
    let mut safe = false;
    match seen.table_exists(table) {
        Some(t) if t.status == TableStatus::Active => {
            safe = true;
            places.push(format!("in {table} itself (ACTIVE)"));
        }
        Some(t) => places.push(format!("{table} is {}", upper(&t.status))),
        None if seen.lookup_error(table).is_some() => {
            places.push(format!("cannot tell whether {table} exists"));
        }
        None => places.push(format!("{table} does not exist")),
    }
    for (of, whose) in [
        (BackupOf::Original, "fallback backup"),
        (BackupOf::Duplicate, "duplicate's backup"),
    ] {
        if of == BackupOf::Duplicate {
            if let Some(line) = seen.job_line() {
                safe |= matches!(&seen.restore_job, Some((_, Ok(j)))
                    if !j.status.is_problem());
                places.push(line);
            }
            for target in duplicates(plan) {
                if let Some(t) = seen.table_exists(target) {
                    safe |= t.status == TableStatus::Active;
                    places.push(format!("duplicate {target} {}", upper(&t.status)));
                }
            }
        }
        for name in backups(plan, of) {
            if let Some(b) = seen.backups.get(name) {
                safe |= b.status == BackupStatus::Available;
                places.push(format!("{whose} {name} {}", upper(b.status)));
            }
        }
    }
    if !safe {
        if let Some(why) = first_unknown(plan, seen) {
            return format!("Data now: cannot tell where the data is: {why}");
        }
        places.push("NO COPY FOUND: check the account before anything else".to_owned());
    }
    format!("Data now: {}", places.join(" · "))
}

/// The first look at the account that failed, of what this line reports.
fn first_unknown(plan: &Plan, seen: &Seen) -> Option<String> {
    let table = table_of(&plan.operation).as_str();
    std::iter::once(table)
        .chain(duplicates(plan))
        .find_map(|t| seen.lookup_error(t).map(ToString::to_string))
        .or_else(|| seen.listing_error.clone())
        .or_else(|| match &seen.restore_job {
            Some((id, Err(e))) => Some(format!("restore job {id}: {e}")),
            _ => None,
        })
}

fn backups(plan: &Plan, whose: BackupOf) -> impl Iterator<Item = &str> {
    plan.steps.iter().filter_map(move |s| match &s.action {
        StepAction::BackUp {
            backup_name, of, ..
        } if *of == whose => Some(backup_name.as_str()),
        _ => None,
    })
}

fn duplicates(plan: &Plan) -> impl Iterator<Item = &str> {
    plan.steps.iter().filter_map(|s| match &s.action {
        StepAction::Duplicate { target, .. } => Some(target.as_str()),
        _ => None,
    })
}
