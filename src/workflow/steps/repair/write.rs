//! The repair's writes, and its undo's: every pre-image written in one
//! direction, a batch at a time, each item only where it is as expected;
//! the ledger journaled after every batch.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::domain::time::{full_count, human_duration};
use crate::domain::{Item, KeySchema, TableName, WriteOutcome};
use crate::repair::{
    Conflict, Direction, PreImage, RepairChoices, append_lines, key_bytes, read_lines,
};
use crate::verify::RateLimiter;
use crate::workflow::action::StepAction;
use crate::workflow::ledger::RepairLedger;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{StepPlan, minutes};

use super::{by_key, file_error, percent};

pub(in crate::workflow) fn repair_write_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!(
            "Write the chosen items back to {table}, each only if it is still as the diff saw it"
        ),
        &["PutItem", "DeleteItem", "BatchGetItem"],
        minutes(1),
        StepAction::RepairWrite {
            table: table.clone(),
        },
    )
}

pub(in crate::workflow) fn undo_repair_plan(table: &TableName, preimage: &Path) -> StepPlan {
    StepPlan::new(
        format!(
            "Put back {table}'s items as they were before the repair, each only if it is still \
             as the repair left it"
        ),
        &["PutItem", "DeleteItem", "BatchGetItem"],
        minutes(1),
        StepAction::UndoRepair {
            table: table.clone(),
            preimage: preimage.to_owned(),
        },
    )
}

impl StepEnv<'_> {
    pub(in crate::workflow::steps) async fn repair_write(
        &mut self,
        step: &StepCtx,
        table: &TableName,
    ) -> StepResult {
        let Some(repair) = &self.ledger.repair else {
            return Err(Halt::Failed(StepError::NoRepairDiff {
                table: table.clone(),
            }));
        };
        if repair.to_write == 0 {
            return Ok(Finish::Skipped(
                "nothing was chosen to write back".to_owned(),
            ));
        }
        let path = repair.file("preimage");
        self.write_pre_images(step, table, &path, Direction::Repair)
            .await
    }

    pub(in crate::workflow::steps) async fn undo_repair(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        preimage: &Path,
    ) -> StepResult {
        if self.ledger.repair.is_none() {
            let lines = read_lines::<PreImage>(preimage)
                .map_err(file_error("cannot read the repair's pre-images", preimage))?;
            let mut to_write = 0;
            for line in lines {
                line.map_err(file_error("cannot read the repair's pre-images", preimage))?;
                to_write += 1;
            }
            self.ledger.repair = Some(RepairLedger {
                base: self.repair_base()?,
                to_write,
                choices: Some(RepairChoices::default()),
                ..RepairLedger::default()
            });
        }
        if self.ledger.repair.as_ref().is_some_and(|r| r.to_write == 0) {
            return Ok(Finish::Skipped(
                "the repair wrote nothing: nothing to undo".to_owned(),
            ));
        }
        self.write_pre_images(step, table, preimage, Direction::Undo)
            .await
    }

    /// Writes every pre-image of `path` in `direction`, a batch at a time:
    /// each write only where the item is as expected; a failed condition
    /// on an item already as the write leaves it counts as written (a
    /// batch run again after a crash), any other is a conflict, listed.
    async fn write_pre_images(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        path: &Path,
        direction: Direction,
    ) -> StepResult {
        let schema = self
            .backend
            .describe_key_schema(table.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let Some(mut repair) = self.ledger.repair.clone() else {
            return Err(Halt::Failed(StepError::NoRepairDiff {
                table: table.clone(),
            }));
        };
        let conflicts_path = repair.file("conflicts");
        let rate = f64::from(self.ctx.repair.write_units_per_second.max(1));
        let limiter = RateLimiter::new(Some(rate));
        let batch = self.ctx.repair.batch.max(1);
        let mut lines = read_lines::<PreImage>(path).map_err(file_error("cannot read", path))?;
        let started = Instant::now();
        let written_before = repair.written + repair.conflicts;
        let mut index = 0u64;
        loop {
            let mut images = Vec::with_capacity(batch);
            for line in lines.by_ref().take(batch) {
                images.push(line.map_err(file_error("cannot read", path))?);
            }
            if images.is_empty() {
                break;
            }
            index += 1;
            if index <= repair.batches_done {
                continue;
            }
            let units: u64 = images
                .iter()
                .map(|p| p.target(direction).map_or(1, crate::repair::units_of))
                .sum();
            let (written, conflicts) = self.write_batch(table, &schema, &images, direction).await?;
            append_lines(&conflicts_path, &conflicts)
                .map_err(file_error("cannot write", &conflicts_path))?;
            repair.batches_done = index;
            repair.written += written;
            repair.conflicts += conflicts.len() as u64;
            self.ledger.repair = Some(repair.clone());
            self.note_accepted("PutItem", table.as_str());
            self.progress(
                step,
                Some(percent(repair.written + repair.conflicts, repair.to_write)),
                Some(write_line(&repair, started, written_before)),
            );
            limiter
                .pay(usize::try_from(units).unwrap_or(usize::MAX))
                .await;
        }
        let conflicts = if repair.conflicts == 0 {
            "no conflict".to_owned()
        } else {
            format!(
                "{} conflict(s), not written, listed in {}",
                full_count(repair.conflicts),
                conflicts_path.display()
            )
        };
        Ok(Finish::Done(Some(format!(
            "wrote {} of {}; {conflicts}",
            full_count(repair.written),
            full_count(repair.to_write)
        ))))
    }

    /// One batch: the writes, then a read of every item whose condition
    /// failed. Items written (or found already written), and conflicts.
    async fn write_batch(
        &self,
        table: &TableName,
        schema: &KeySchema,
        images: &[PreImage],
        direction: Direction,
    ) -> Result<(u64, Vec<Conflict>), Halt> {
        let mut writes = Vec::new();
        let mut sent = Vec::new();
        let mut written = 0;
        for p in images {
            match p.write(direction) {
                Some(w) => {
                    writes.push(w);
                    sent.push(p);
                }
                None => written += 1,
            }
        }
        let outcomes = self
            .backend
            .write_items_if(table.as_str(), schema, &writes)
            .await
            .map_err(failed("PutItem"))?;
        let mut recheck = Vec::new();
        let mut conflicts = Vec::new();
        for (p, outcome) in sent.into_iter().zip(outcomes) {
            match outcome {
                WriteOutcome::Written => written += 1,
                WriteOutcome::ConditionFailed => recheck.push(p),
                WriteOutcome::NotAttempted(why) => {
                    conflicts.push(conflict(p, direction, None, why));
                }
            }
        }
        if !recheck.is_empty() {
            let keys: Vec<Item> = recheck.iter().map(|p| p.key.clone()).collect();
            let found = self
                .backend
                .get_items(table.as_str(), &keys)
                .await
                .map_err(failed("BatchGetItem"))?;
            let mut found = by_key(schema, found);
            for p in recheck {
                let now = found.remove(&key_bytes(&p.key));
                if p.already_done(direction, now.as_ref()) {
                    written += 1;
                } else {
                    let why = "changed after the diff saw it: not overwritten".to_owned();
                    conflicts.push(conflict(p, direction, now, why));
                }
            }
        }
        Ok((written, conflicts))
    }
}

/// `120 of 400 written · 35 items/s · ~10s left · 2 conflicts`.
fn write_line(repair: &RepairLedger, started: Instant, before: u64) -> String {
    let done = repair.written + repair.conflicts;
    let secs = started.elapsed().as_secs_f64();
    let rate = if secs > 0.0 {
        (done.saturating_sub(before)) as f64 / secs
    } else {
        0.0
    };
    let left = if rate > 0.0 {
        let secs = repair.to_write.saturating_sub(done) as f64 / rate;
        let left = chrono::Duration::from_std(Duration::from_secs_f64(secs.min(1e9)))
            .unwrap_or(chrono::Duration::MAX);
        format!(" · ~{} left", human_duration(left))
    } else {
        String::new()
    };
    format!(
        "{} of {} written · {rate:.0} items/s{left} · {} conflict(s)",
        full_count(done),
        full_count(repair.to_write),
        full_count(repair.conflicts)
    )
}

fn conflict(p: &PreImage, direction: Direction, found: Option<Item>, why: String) -> Conflict {
    Conflict {
        key: p.key.clone(),
        class: p.class,
        direction,
        expected: p.expected(direction).cloned(),
        found,
        wanted: p.target(direction).cloned(),
        why,
    }
}
