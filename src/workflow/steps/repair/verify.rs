//! The repair's read-back: every key written equals the copy now, or is a
//! listed conflict.

use std::collections::HashSet;
use std::path::Path;

use crate::domain::time::full_count;
use crate::domain::{Item, KeyDisplay, TableName};
use crate::repair::{Conflict, Direction, PreImage, key_bytes, read_lines};
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan};

use super::{KEYS_PER_READ, by_key, file_error, percent};

/// Keys a failed read-back names.
const SHOWN_KEYS: usize = 5;

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

impl StepEnv<'_> {
    pub(in crate::workflow::steps) async fn repair_verify(
        &mut self,
        step: &StepCtx,
        table: &TableName,
    ) -> StepResult {
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
