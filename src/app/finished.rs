//! Finished runs of earlier sessions, read from their journals at start-up
//! (`recovery::FinishedRun`): one row each in the Jobs pane, under this
//! session's runs, and their summary in the details view.

use super::details_modal::DetailsModal;
use crate::domain::time::format_reference;
use crate::recovery::FinishedRun;

/// The details view of a finished run: operation and table, source and
/// point, verification's counts, what was kept where, the journal's path.
pub fn details(run: &FinishedRun) -> DetailsModal {
    let mut lines = vec![
        format!("Outcome: {}", run.outcome),
        format!("Started: {} UTC", format_reference(run.started)),
    ];
    if let Some(at) = run.ended {
        lines.push(format!("Ended: {} UTC", format_reference(at)));
    }
    lines.push(format!(
        "Source: {}",
        run.source.as_deref().unwrap_or("the table itself")
    ));
    lines.push(format!(
        "Verified: {}",
        run.verified
            .as_deref()
            .unwrap_or("no verification in this run")
    ));
    if run.kept.is_empty() {
        lines.push("Kept: nothing of this run's temporaries".to_owned());
    } else {
        lines.push("Kept (in DynamoDB, see the Backups view):".to_owned());
        lines.extend(run.kept.iter().map(|k| format!("  {k}")));
    }
    lines.push(format!("Journal: {}", run.journal.display()));
    DetailsModal::new(
        format!("job {} · {} · {} (finished)", run.job, run.label, run.table),
        lines,
    )
}
