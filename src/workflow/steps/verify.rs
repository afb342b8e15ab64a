//! The verification step: the restored table against the duplicate, item by
//! item (`crate::verify`), with the scan's progress on the checklist. Only a
//! table that verified equal lets the cleanup review offer the duplicate and
//! the backups.

use crate::workflow::action::StepAction;
use crate::workflow::step_plans::{StepPlan, minutes};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::domain::TableName;
use crate::domain::time::human_count;
use crate::verify::{Pass, VerifyError, VerifyOptions, VerifyProgress, VerifyReport, verify};
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;

use super::probe::Probe;

/// How often the checklist hears of the scan.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

pub(in crate::workflow) fn verify_plan(restored: &TableName, duplicate: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Verify {restored} against the duplicate, item by item, before any cleanup"),
        &["DescribeTable", "Scan"],
        minutes(10),
        StepAction::Verify {
            restored: restored.clone(),
            duplicate: duplicate.clone(),
        },
    )
}

impl StepEnv<'_> {
    pub(super) async fn verify_restore(
        &mut self,
        step: &StepCtx,
        restored: &TableName,
        duplicate: &TableName,
    ) -> StepResult {
        let opts = VerifyOptions {
            diff_file: self.beside_journal("differences.json"),
            ..self.ctx.verify.clone()
        };
        let report = self
            .read_both(step, duplicate.as_str(), restored.as_str(), &opts)
            .await
            .map_err(|e| Halt::Failed(StepError::Unverifiable(e)))?;
        if report.equal {
            self.ledger.verified_equal = true;
            self.note_accepted("Scan", restored.as_str());
            return Ok(Finish::Done(Some(format!(
                "equal: {} items each, same digest (read in {:.0} s)",
                human_count(report.target_count),
                report.elapsed_secs
            ))));
        }
        Err(Halt::Failed(StepError::Differs(Box::new(report))))
    }

    /// Reads `source` and `target` (tables, or an export as `s3://…`) item
    /// by item (`crate::verify`), with both scans' progress on the step's checklist line.
    pub(super) async fn read_both(
        &self,
        step: &StepCtx,
        source: &str,
        target: &str,
        opts: &VerifyOptions,
    ) -> Result<VerifyReport, VerifyError> {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let run = verify(self.backend, source, target, opts, Some(&tx));
        tokio::pin!(run);
        let mut tables: BTreeMap<String, VerifyProgress> = BTreeMap::new();
        let mut shown = Instant::now() - PROGRESS_EVERY;
        let result = loop {
            tokio::select! {
                result = &mut run => break result,
                Some(p) = rx.recv() => {
                    tables.insert(p.table.clone(), p);
                    if shown.elapsed() >= PROGRESS_EVERY {
                        shown = Instant::now();
                        let (percent, detail) = progress_line(&tables);
                        self.progress(step, percent, Some(detail));
                    }
                }
            }
        };
        // What the last read reported, should the scan have outrun the
        // checklist (a fast backend answers before the first redraw).
        let mut last = false;
        while let Ok(p) = rx.try_recv() {
            tables.insert(p.table.clone(), p);
            last = true;
        }
        if last {
            let (percent, detail) = progress_line(&tables);
            self.progress(step, percent, Some(detail));
        }
        result
    }
}

/// Verifying only reads: it runs again from the start; the scan shows both
/// tables.
pub(super) fn verify_probe<'a>(restored: &'a TableName, duplicate: &'a TableName) -> Probe<'a> {
    Probe::tables([restored.as_str(), duplicate.as_str()])
}

/// Both tables' progress as one percentage and one line.
fn progress_line(tables: &BTreeMap<String, VerifyProgress>) -> (Option<f64>, String) {
    let scanned: u64 = tables.values().map(|p| p.scanned).sum();
    let expected: u64 = tables.values().map(|p| p.expected).sum();
    let rate: f64 = tables.values().map(|p| p.items_per_sec).sum();
    let pass = if tables.values().any(|p| p.pass == Pass::Diff) {
        "finding the keys"
    } else {
        "digests"
    };
    let percent = (expected > 0).then(|| (scanned as f64 / expected as f64 * 100.0).min(100.0));
    let of = if expected > 0 {
        format!(" of ~{}", human_count(expected))
    } else {
        String::new()
    };
    (
        percent,
        format!(
            "{pass}: {}{of} items, {}/s",
            human_count(scanned),
            human_count(rate as u64)
        ),
    )
}
