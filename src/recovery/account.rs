//! What the account holds now of the names an interrupted run touched: one
//! look for every step's probe (`StepAction::probe`), the same probes the
//! resume reads.

use crate::backend::Backend;
use crate::workflow::journal::JournalFile;
use crate::workflow::{Probe, Seen, look};

/// One look at the account, for one interrupted run.
pub async fn look_at_run(backend: &dyn Backend, journal: &JournalFile) -> Seen {
    let steps = journal.steps();
    let probes: Vec<Probe<'_>> = steps.iter().map(|(plan, _)| plan.action.probe()).collect();
    look(
        backend,
        probes.iter().map(|p| &p.touches),
        &journal.ledger(),
    )
    .await
}
