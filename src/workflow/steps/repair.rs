//! Operation 11, repair in place, and its undo: the copy restored into a
//! scratch table (`RestoreScratch`; a point in time is the `Duplicate`
//! step), the diff and the operator's choice (`RepairDiff`), the writes
//! under conditions in journaled batches (`RepairWrite`, and `UndoRepair`
//! the other way), and the read-back (`RepairVerify`). The data and files
//! are `crate::repair`'s; this is where they meet the account.
//!
//! Resuming: the diff runs again from the start until its choice is in the
//! ledger; the writes skip the batches the ledger says are done and run the
//! one in flight again, where a failed condition on an item already as the
//! repair leaves it counts as written, so every item is written once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::domain::time::{full_count, human_duration};
use crate::domain::{Item, KeyDisplay, KeySchema, TableName, WriteOutcome};
use crate::repair::{
    Conflict, Direction, LineWriter, PreImage, ROWS_SHOWN, RepairChoices, RepairCounts,
    RepairEntry, append_lines, key_bytes, read_lines, row_of, write_lines,
};
use crate::verify::{RateLimiter, VerifyOptions};
use crate::workflow::action::{ScratchFrom, StepAction};
use crate::workflow::ledger::RepairLedger;
use crate::workflow::question::{Answer, Question, RepairQuestion};
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan, minutes};

use super::probe::{Probe, Touches};

/// Keys a BatchGetItem reads at once (its limit).
const KEYS_PER_READ: usize = 100;
/// Keys a failed write reads back at once.
const SHOWN_KEYS: usize = 5;

/// Restores the copy of `table` into the scratch table.
pub(in crate::workflow) fn restore_scratch_plan(
    table: &TableName,
    scratch: &TableName,
    from: ScratchFrom,
    cold: bool,
) -> StepPlan {
    let (what, apis, estimate): (String, &[&str], _) = match &from {
        ScratchFrom::Backup(arn) => (
            format!("backup {}", last_part(arn.as_str())),
            &["RestoreTableFromBackup", "DescribeTable"],
            crate::workflow::BACKUP_RESTORE,
        ),
        ScratchFrom::RecoveryPoint(arn) => (
            format!(
                "AWS Backup point {} ({})",
                last_part(arn.as_str()),
                if cold { "cold storage, ~3h" } else { "warm" }
            ),
            &["StartRestoreJob", "DescribeRestoreJob", "DescribeTable"],
            if cold { minutes(180) } else { minutes(20) },
        ),
    };
    StepPlan::new(
        format!("Restore {what} of {table} as the scratch table {scratch}"),
        apis,
        estimate,
        StepAction::RestoreScratch {
            table: table.clone(),
            scratch: scratch.clone(),
            from,
        },
    )
    .creating(scratch)
}

pub(in crate::workflow) fn repair_diff_plan(table: &TableName, source: &TableName) -> StepPlan {
    StepPlan::new(
        format!(
            "Diff {table} with {source} (each read once), then choose what to write back; \
             save the pre-images"
        ),
        &["DescribeTable", "Scan", "BatchGetItem"],
        minutes(10),
        StepAction::RepairDiff {
            table: table.clone(),
            source: source.clone(),
        },
    )
}

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

pub(in crate::workflow) fn repair_verify_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Read back every item written to {table}: equal to the copy, or a listed conflict"),
        &["BatchGetItem"],
        SECONDS_5,
        StepAction::RepairVerify {
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

fn last_part(arn: &str) -> &str {
    arn.rsplit([':', '/'])
        .next()
        .filter(|id| !id.is_empty())
        .unwrap_or(arn)
}

impl StepEnv<'_> {
    pub(super) async fn restore_scratch(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        scratch: &TableName,
        from: &ScratchFrom,
    ) -> StepResult {
        // Named before the call: the review offers it only if it exists.
        self.ledger.duplicate_table = Some(scratch.clone());
        self.ledger.duplicate_source = Some(table.clone());
        match from {
            ScratchFrom::Backup(arn) => self.restore_from_backup(step, scratch, arn).await,
            ScratchFrom::RecoveryPoint(arn) => {
                self.restore_from_recovery_point(step, scratch, arn).await
            }
        }
    }

    /// Where this run's repair files go: beside the journal, or (a run
    /// without one, in tests) in a private temporary directory kept for
    /// the run.
    fn repair_base(&self) -> Result<PathBuf, Halt> {
        if let Some(base) = self.beside_journal("run") {
            return Ok(base);
        }
        let dir = tempfile::Builder::new()
            .prefix("dynamo-dr-repair-")
            .tempdir()
            .map_err(|error| {
                Halt::Failed(StepError::RepairFile {
                    what: "cannot create a directory for the repair's files",
                    path: std::env::temp_dir(),
                    error,
                })
            })?;
        Ok(dir.keep().join("run"))
    }

    pub(super) async fn repair_diff(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        source: &TableName,
    ) -> StepResult {
        if let Some(r) = &self.ledger.repair
            && let Some(choices) = r.choices
        {
            return Ok(Finish::Done(Some(chosen_line(&r.counts, &choices, r))));
        }
        let base = self.repair_base()?;
        let mut repair = RepairLedger {
            source: Some(source.clone()),
            base,
            ..RepairLedger::default()
        };
        let diff_path = repair.file("differences");
        let opts = VerifyOptions {
            diff_file: Some(diff_path.clone()),
            ..self.ctx.verify.clone()
        };
        let report = self
            .read_both(step, source, table, &opts)
            .await
            .map_err(|e| Halt::Failed(StepError::Uncomparable(e)))?;
        let set_path = repair.file("repair");
        let (counts, rows) = if report.equal {
            let none: [RepairEntry; 0] = [];
            write_lines(&set_path, none).map_err(file_error("cannot write", &set_path))?;
            (RepairCounts::default(), Vec::new())
        } else {
            self.read_differences(step, table, source, &diff_path, &set_path)
                .await?
        };
        repair.counts = counts;
        let choices = if counts.total() == 0 {
            RepairChoices::none()
        } else {
            let question = RepairQuestion {
                table: table.to_string(),
                source: source.to_string(),
                counts,
                rows,
                file: set_path.display().to_string(),
                write_rate: self.ctx.repair.write_units_per_second,
            };
            match self.ask(Question::RepairChoice(Box::new(question))).await {
                Answer::Repair(choices) => choices,
                _ => RepairChoices::none(),
            }
        };
        let pre_path = repair.file("preimage");
        let entries =
            read_lines::<RepairEntry>(&set_path).map_err(file_error("cannot read", &set_path))?;
        let mut bad = None;
        let pre_images = entries
            .filter_map(|e| match e {
                Ok(e) => Some(e),
                Err(e) => {
                    bad.get_or_insert(e);
                    None
                }
            })
            .filter(|e| choices.includes(e.class))
            .map(|e| e.pre_image());
        repair.to_write =
            write_lines(&pre_path, pre_images).map_err(file_error("cannot write", &pre_path))?;
        if let Some(error) = bad {
            return Err(file_error("cannot read", &set_path)(error));
        }
        repair.units = counts.units(&choices);
        repair.choices = Some(choices);
        let line = chosen_line(&counts, &choices, &repair);
        self.ledger.repair = Some(repair);
        Ok(Finish::Done(Some(line)))
    }

    /// Reads both images of every differing key (100 at a time) into the
    /// repair set; the counts and the rows to browse.
    async fn read_differences(
        &self,
        step: &StepCtx,
        table: &TableName,
        source: &TableName,
        diff_path: &Path,
        set_path: &Path,
    ) -> Result<(RepairCounts, Vec<crate::repair::RepairRow>), Halt> {
        let schema = self
            .backend
            .describe_key_schema(table.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let mut lines = crate::verify::read_differences(diff_path)
            .map_err(file_error("cannot read", diff_path))?;
        let mut out = LineWriter::create(set_path).map_err(file_error("cannot write", set_path))?;
        let mut counts = RepairCounts::default();
        let mut rows = Vec::new();
        let mut read = 0u64;
        loop {
            let mut keys = Vec::with_capacity(KEYS_PER_READ);
            for line in lines.by_ref().take(KEYS_PER_READ) {
                keys.push(line.map_err(file_error("cannot read", diff_path))?.key);
            }
            if keys.is_empty() {
                break;
            }
            let (then, now) = tokio::try_join!(
                self.backend.get_items(source.as_str(), &keys),
                self.backend.get_items(table.as_str(), &keys)
            )
            .map_err(failed("BatchGetItem"))?;
            let (mut then, mut now) = (by_key(&schema, then), by_key(&schema, now));
            for key in keys {
                let k = key_bytes(&key);
                let Some(entry) = RepairEntry::of(key, then.remove(&k), now.remove(&k)) else {
                    continue;
                };
                counts.add(&entry);
                if rows.len() < ROWS_SHOWN {
                    rows.push(row_of(&entry));
                }
                out.push(&entry)
                    .map_err(file_error("cannot write", set_path))?;
            }
            read += KEYS_PER_READ as u64;
            self.progress(
                step,
                None,
                Some(format!(
                    "reading both images of the differing keys: {} so far",
                    full_count(read)
                )),
            );
        }
        out.finish().map_err(file_error("cannot write", set_path))?;
        // Browsed in the order of the classes the dialog lists.
        rows.sort_by(|a, b| (a.class, &a.key).cmp(&(b.class, &b.key)));
        Ok((counts, rows))
    }

    pub(super) async fn repair_write(&mut self, step: &StepCtx, table: &TableName) -> StepResult {
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

    pub(super) async fn undo_repair(
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

    pub(super) async fn repair_verify(&mut self, step: &StepCtx, table: &TableName) -> StepResult {
        let Some(mut repair) = self.ledger.repair.clone() else {
            return Err(Halt::Failed(StepError::NoRepairDiff {
                table: table.clone(),
            }));
        };
        if repair.to_write == 0 {
            return Ok(Finish::Skipped("nothing was written".to_owned()));
        }
        let schema = self
            .backend
            .describe_key_schema(table.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let conflicts_path = repair.file("conflicts");
        let conflicted = conflicted_keys(&conflicts_path)?;
        let path = repair.file("preimage");
        let mut lines = read_lines::<PreImage>(&path).map_err(file_error("cannot read", &path))?;
        let (mut checked, mut wrong, mut shown) = (0u64, 0u64, Vec::new());
        loop {
            let mut images = Vec::with_capacity(KEYS_PER_READ);
            for line in lines.by_ref() {
                let p = line.map_err(file_error("cannot read", &path))?;
                if !conflicted.contains(&key_bytes(&p.key)) {
                    images.push(p);
                }
                if images.len() == KEYS_PER_READ {
                    break;
                }
            }
            if images.is_empty() {
                break;
            }
            let keys: Vec<Item> = images.iter().map(|p| p.key.clone()).collect();
            let found = self
                .backend
                .get_items(table.as_str(), &keys)
                .await
                .map_err(failed("BatchGetItem"))?;
            let mut found = by_key(&schema, found);
            for p in &images {
                let now = found.remove(&key_bytes(&p.key));
                if !p.already_done(Direction::Repair, now.as_ref()) {
                    wrong += 1;
                    if shown.len() < SHOWN_KEYS {
                        shown.push(KeyDisplay(&p.key).to_string());
                    }
                }
            }
            checked += images.len() as u64;
            self.progress(
                step,
                Some(percent(checked, repair.to_write)),
                Some(format!("read back {}", full_count(checked))),
            );
        }
        if wrong > 0 {
            return Err(Halt::Failed(StepError::RepairNotVerified {
                table: table.clone(),
                count: wrong,
                keys: shown,
            }));
        }
        repair.verified = true;
        self.ledger.repair = Some(repair.clone());
        let conflicts = if repair.conflicts == 0 {
            String::new()
        } else {
            format!(
                "; {} conflict(s) listed in {}",
                full_count(repair.conflicts),
                conflicts_path.display()
            )
        };
        Ok(Finish::Done(Some(format!(
            "all {} items written equal the copy{conflicts}",
            full_count(checked)
        ))))
    }
}

/// The run's line after the choice.
fn chosen_line(counts: &RepairCounts, choices: &RepairChoices, repair: &RepairLedger) -> String {
    if counts.total() == 0 {
        return "equal: nothing to repair".to_owned();
    }
    if repair.to_write == 0 {
        return format!("{counts}; nothing chosen: nothing will be written");
    }
    let _ = choices;
    format!(
        "{counts}; writing back {} ({} write units); pre-images in {}",
        full_count(repair.to_write),
        full_count(repair.units),
        repair.file("preimage").display()
    )
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

fn percent(done: u64, of: u64) -> f64 {
    if of == 0 {
        100.0
    } else {
        (done as f64 / of as f64 * 100.0).min(100.0)
    }
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

/// Items by their key's canonical bytes.
fn by_key(schema: &KeySchema, items: Vec<Item>) -> HashMap<Vec<u8>, Item> {
    items
        .into_iter()
        .map(|item| (key_bytes(&schema.key_of(&item)), item))
        .collect()
}

/// The keys listed as conflicts so far (none: no file yet).
fn conflicted_keys(path: &Path) -> Result<HashSet<Vec<u8>>, Halt> {
    let lines = match read_lines::<Conflict>(path) {
        Ok(lines) => lines,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(file_error("cannot read", path)(e)),
    };
    lines
        .map(|c| {
            c.map(|c| key_bytes(&c.key))
                .map_err(file_error("cannot read", path))
        })
        .collect()
}

fn file_error<'a>(what: &'static str, path: &'a Path) -> impl Fn(std::io::Error) -> Halt + 'a {
    move |error| {
        Halt::Failed(StepError::RepairFile {
            what,
            path: path.to_owned(),
            error,
        })
    }
}

/// The scratch restore: the table exists once its restore started (as a
/// restore into a new table), and it is the run's temporary.
pub(super) fn restore_scratch_probe<'a>(
    table: &'a TableName,
    scratch: &'a TableName,
    from: &'a ScratchFrom,
) -> Probe<'a> {
    let temporary = move |ledger: &mut crate::workflow::ledger::Ledger| {
        ledger.duplicate_table = Some(scratch.clone());
        ledger.duplicate_source = Some(table.clone());
    };
    match from {
        ScratchFrom::Backup(_) => super::restore::restore_from_backup_probe(scratch),
        ScratchFrom::RecoveryPoint(arn) => {
            super::restore::restore_from_recovery_point_probe(scratch, arn)
        }
    }
    .also(temporary)
}

/// The diff and the read-back only read; the writes are journaled a batch
/// at a time: all three show the table and resume from the ledger.
pub(super) fn repair_probe(table: &TableName) -> Probe<'_> {
    Probe::touching(Touches {
        tables: vec![table.as_str()],
        ..Touches::default()
    })
}
