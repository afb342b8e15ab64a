//! The repair's diff: both tables read once (verify's single pass), both
//! images of every differing key read by key into the repair set, the
//! operator's choice, and the pre-images of what will change.

use std::path::Path;

use crate::domain::TableName;
use crate::domain::time::full_count;
use crate::repair::{
    LineWriter, ROWS_SHOWN, RepairChoices, RepairCounts, RepairEntry, key_bytes, read_lines,
    row_of, write_lines,
};
use crate::verify::VerifyOptions;
use crate::workflow::action::StepAction;
use crate::workflow::ledger::RepairLedger;
use crate::workflow::question::{Answer, Question, RepairQuestion};
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{StepPlan, minutes};

use super::{KEYS_PER_READ, by_key, file_error};

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

impl StepEnv<'_> {
    pub(in crate::workflow::steps) async fn repair_diff(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        source: &TableName,
    ) -> StepResult {
        if let Some(r) = &self.ledger.repair
            && r.choices.is_some()
        {
            return Ok(Finish::Done(Some(chosen_line(r))));
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
            .read_both(step, source.as_str(), table.as_str(), &opts)
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
        let mut pre =
            LineWriter::create(&pre_path).map_err(file_error("cannot write", &pre_path))?;
        for entry in
            read_lines::<RepairEntry>(&set_path).map_err(file_error("cannot read", &set_path))?
        {
            let entry = entry.map_err(file_error("cannot read", &set_path))?;
            if choices.includes(entry.class) {
                pre.push(&entry.pre_image())
                    .map_err(file_error("cannot write", &pre_path))?;
            }
        }
        repair.to_write = pre
            .finish()
            .map_err(file_error("cannot write", &pre_path))?;
        repair.units = counts.units(&choices);
        repair.choices = Some(choices);
        let line = chosen_line(&repair);
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
}

/// The run's line after the choice.
fn chosen_line(repair: &RepairLedger) -> String {
    let counts = &repair.counts;
    if counts.total() == 0 {
        return "equal: nothing to repair".to_owned();
    }
    if repair.to_write == 0 {
        return format!("{counts}; nothing chosen: nothing will be written");
    }
    format!(
        "{counts}; writing back {} ({} write units); pre-images in {}",
        full_count(repair.to_write),
        full_count(repair.units),
        repair.file("preimage").display()
    )
}
