//! Operation "Compare with a table": both tables read item by item by the
//! verification (`crate::verify`, the same reads as the restores' verify
//! step, with its progress on the checklist). Differences are the result,
//! not a failure: the step is done either way, says `equal: N items` or
//! `differs: …`, and hands the UI the counts and the differing keys. It
//! writes nothing to AWS; a resumed run reads both tables again.

use std::time::Duration;

use crate::domain::TableName;
use crate::verify::VerifyOptions;
use crate::workflow::action::StepAction;
use crate::workflow::comparison::{Comparison, KEYS_LISTED};
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan};

use super::probe::Probe;

/// Items a second both tables' scans get through together, reckoned low
/// (four segments each, 1 MB pages). Each table is read once whether they
/// differ or not; naming the differing keys afterwards merges the keys set
/// aside during that read, far faster than reading, and is not counted.
const ITEMS_PER_SEC: u64 = 4_000;

/// Compares `table` with `other`; `items` is both tables' item count as the
/// inventory knows it (0: unknown), for the estimate.
pub(in crate::workflow) fn compare_plan(
    table: &TableName,
    other: &TableName,
    items: u64,
) -> StepPlan {
    StepPlan::new(
        format!("Compare {table} with {other}, item by item (reads both, writes nothing)"),
        &["DescribeTable", "Scan"],
        SECONDS_5 + Duration::from_secs(items / ITEMS_PER_SEC),
        StepAction::CompareTables {
            table: table.clone(),
            other: other.clone(),
        },
    )
}

impl StepEnv<'_> {
    pub(super) async fn compare_tables(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        other: &TableName,
    ) -> StepResult {
        let opts = VerifyOptions {
            diff_file: self.beside_journal("differences.json"),
            max_diff_keys: self.ctx.verify.max_diff_keys.max(KEYS_LISTED),
            ..self.ctx.verify.clone()
        };
        let report = self
            .read_both(step, other.as_str(), table.as_str(), &opts)
            .await
            .map_err(|e| Halt::Failed(StepError::Uncomparable(e)))?;
        let comparison = Comparison::of(&report, table, other);
        let detail = format!(
            "{} (read in {:.0} s)",
            comparison.headline(),
            report.elapsed_secs
        );
        self.compared(comparison);
        Ok(Finish::Done(Some(detail)))
    }
}

/// Comparing only reads: it runs again from the start; the scan shows both
/// tables.
pub(super) fn compare_probe<'a>(table: &'a TableName, other: &'a TableName) -> Probe<'a> {
    Probe::tables([table.as_str(), other.as_str()])
}
