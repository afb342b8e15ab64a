//! Operation 17, the DR drill's own steps (its restore is an ordinary
//! restore step into the scratch table): `DrillStart` reads the source's
//! key schema, settings and item count and starts the RTO's clock;
//! `DrillProve` checks the scratch table (ACTIVE, settings, every item
//! read, the count, a sample of keys read back from the source);
//! `DrillDeleteScratch` deletes the scratch table, and only it: a table
//! this run's restore created, named `{table}--drill-…`; `DrillRecord`
//! appends the result to the drill history and writes its reports. The
//! source table is only ever read.

use chrono::Utc;

use crate::backend::ScanRequest;
use crate::domain::{Item, KeyDisplay, S3Location, TableName, TableStatus, TempKind, temp_origin};
use crate::drill::{CheckName, CheckVerdict, DrillCheck, DrillRecord};
use crate::verify::VerifyOptions;
use crate::workflow::action::StepAction;
use crate::workflow::ledger::DrillLedger;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::Probe;

/// How many keys of the scratch table are read back from the source.
pub const SAMPLE: usize = 25;

pub(in crate::workflow) fn drill_start_plan(table: &TableName, scratch: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Read {table}'s key schema, settings and item count (only read)"),
        &[
            "DescribeTable",
            "DescribeContinuousBackups",
            "DescribeTimeToLive",
        ],
        minutes(1),
        StepAction::DrillStart {
            table: table.clone(),
            scratch: scratch.clone(),
        },
    )
}

pub(in crate::workflow) fn drill_prove_plan(
    table: &TableName,
    scratch: &TableName,
    against: Option<&S3Location>,
) -> StepPlan {
    let (title, apis): (String, &[&str]) = match against {
        None => (
            format!(
                "Prove {scratch}: ACTIVE, key schema and indexes as {table}'s, every item \
                 read, the count, {SAMPLE} keys compared with {table}"
            ),
            &["DescribeTable", "Scan", "BatchGetItem"],
        ),
        Some(export) => (
            format!(
                "Prove {scratch}: ACTIVE, key schema and indexes as {table}'s, every item \
                 read, the count, {SAMPLE} keys compared with {table}, every item against \
                 {export}"
            ),
            &["DescribeTable", "Scan", "BatchGetItem", "GetObject"],
        ),
    };
    StepPlan::new(
        title,
        apis,
        minutes(5),
        StepAction::DrillProve {
            table: table.clone(),
            scratch: scratch.clone(),
            against: against.cloned(),
        },
    )
}

pub(in crate::workflow) fn drill_delete_plan(table: &TableName, scratch: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Delete the scratch table {scratch} (no fallback backup: it is a copy)"),
        &["DeleteTable", "DescribeTable"],
        minutes(1),
        StepAction::DrillDeleteScratch {
            table: table.clone(),
            scratch: scratch.clone(),
        },
    )
    .deleting(scratch)
}

pub(in crate::workflow) fn drill_record_plan(
    table: &TableName,
    scratch: &TableName,
    source: String,
) -> StepPlan {
    StepPlan::new(
        format!("Record the drill in drills.jsonl, with its report in drills/{scratch}.md"),
        &[],
        minutes(0),
        StepAction::DrillRecord {
            table: table.clone(),
            scratch: scratch.clone(),
            source,
        },
    )
}

/// The plan's lines under the steps of a drill.
pub(in crate::workflow) fn drill_lines(
    table: &TableName,
    scratch: &TableName,
    source: &crate::workflow::DrillSource,
) -> Vec<String> {
    use crate::workflow::DrillSource;
    let mut lines = match source {
        DrillSource::PitrAtExport { export, .. } => vec![
            format!("{table} is only read: the drill restores into {scratch}, a copy."),
            format!("Checks: ACTIVE; key schema, indexes, billing and class as {table}'s;"),
            "every item readable; the item count; a sample of keys read back from the".to_owned(),
            format!("source; and every item against {export},"),
            "the export of the same instant, by digest.".to_owned(),
        ],
        DrillSource::Pitr(_) | DrillSource::Backup(_) | DrillSource::RecoveryPoint { .. } => vec![
            format!("{table} is only read: the drill restores into {scratch}, a copy."),
            format!("Checks: ACTIVE; key schema, indexes, billing and class as {table}'s;"),
            "every item readable; the item count; a sample of keys read back from the".to_owned(),
            "source. (An exact verify runs only for a drill from an export.)".to_owned(),
        ],
        DrillSource::Export(export) => vec![
            format!("{table} is only read: the drill imports {export} into {scratch}."),
            format!("Checks: ACTIVE; key schema and indexes as {table}'s; every item"),
            "readable; the item count; a sample of keys read back from the source;".to_owned(),
            format!("and every item of {scratch} against the export, by digest."),
        ],
    };
    lines.extend([
        format!("Then {scratch} is deleted, and only it: no fallback backup, it is a copy."),
        "The result goes to drills.jsonl with a report in drills/ (state dir).".to_owned(),
    ]);
    lines
}

/// The scratch table of `table`: a `--drill-` name of it, never itself.
fn is_scratch_of(table: &TableName, scratch: &TableName) -> bool {
    scratch != table
        && temp_origin(scratch.as_str())
            .is_some_and(|(t, kind)| kind == TempKind::Drill && t == table.as_str())
}

fn not_ours(scratch: &TableName) -> Halt {
    Halt::Failed(StepError::NotCreatedByThisRun {
        name: scratch.to_string(),
    })
}

impl StepEnv<'_> {
    pub(super) async fn drill_start(
        &mut self,
        table: &TableName,
        scratch: &TableName,
    ) -> StepResult {
        if !is_scratch_of(table, scratch) {
            return Err(not_ours(scratch));
        }
        let t = self
            .backend
            .describe_table(table.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let keys = self
            .backend
            .describe_key_schema(table.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let settings = self
            .backend
            .describe_settings(table.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        self.ledger.drill = Some(DrillLedger {
            source_items: t.item_count,
            source_bytes: t.size_bytes,
            source_keys: Some(keys),
            source_settings: Some(settings),
            started_at: Some(Utc::now()),
            ..DrillLedger::default()
        });
        Ok(Finish::Done(Some(format!(
            "{} items (DescribeTable's figure); the RTO clock starts",
            t.item_count
        ))))
    }

    pub(super) async fn drill_prove(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        scratch: &TableName,
        against: Option<&S3Location>,
    ) -> StepResult {
        let Some(mut d) = self.ledger.drill.clone() else {
            return Err(Halt::Failed(StepError::DrillNotStarted {
                table: table.clone(),
            }));
        };
        if !is_scratch_of(table, scratch) || !self.ledger.restores_started.contains(scratch) {
            return Err(not_ours(scratch));
        }
        self.wait(step, WaitFor::TableActive(scratch.as_str()))
            .await?;
        d.restored_at.get_or_insert_with(Utc::now);
        let t = self
            .backend
            .describe_table(scratch.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let mut checks = vec![DrillCheck::judged(
            CheckName::Active,
            t.status == TableStatus::Active,
            format!("{scratch} is {}", t.status.label()),
        )];
        // An import makes an on-demand STANDARD table: billing and class
        // are not the copy's to prove then.
        let imported = self.ledger.import_arn.is_some();
        checks.push(self.settings_check(scratch, &d, imported).await?);
        let (read, sample) = self.read_scratch(step, scratch, d.source_items).await;
        match read {
            Ok(n) => {
                checks.push(DrillCheck::judged(
                    CheckName::ItemsReadable,
                    true,
                    format!("{n} items read by a full scan"),
                ));
                checks.push(count_check(n, d.source_items));
                checks.push(self.sample_check(table, &d, &sample).await?);
            }
            Err(e) => {
                checks.push(DrillCheck::judged(
                    CheckName::ItemsReadable,
                    false,
                    format!("the scan stopped: {e}"),
                ));
                for c in [CheckName::ItemCount, CheckName::SampleKeys] {
                    checks.push(DrillCheck::new(
                        c,
                        CheckVerdict::NotRun,
                        "not run: the items could not all be read",
                    ));
                }
            }
        }
        checks.push(match against {
            Some(export) => self.exact_check(step, scratch, export).await,
            None => DrillCheck::new(
                CheckName::ExactVerify,
                CheckVerdict::NotRun,
                "not run: the source is not an export of the same instant",
            ),
        });
        let failed_n = checks
            .iter()
            .filter(|c| c.verdict == CheckVerdict::Fail)
            .count();
        let ran = checks
            .iter()
            .filter(|c| c.verdict != CheckVerdict::NotRun)
            .count();
        d.checks = checks;
        self.ledger.drill = Some(d);
        Ok(Finish::Done(Some(if failed_n == 0 {
            format!("{ran} checks passed")
        } else {
            format!("{failed_n} of {ran} checks FAILED")
        })))
    }

    /// Every item of the scratch table against the export it was imported
    /// from (`crate::verify`): equal, or the differing keys named.
    async fn exact_check(
        &self,
        step: &StepCtx,
        scratch: &TableName,
        export: &S3Location,
    ) -> DrillCheck {
        let opts = VerifyOptions {
            diff_file: self.beside_journal("drill-differences.json"),
            ..self.ctx.verify.clone()
        };
        let against = export.to_string();
        match self
            .read_both(step, scratch.as_str(), &against, &opts)
            .await
        {
            Ok(r) if r.equal => DrillCheck::judged(
                CheckName::ExactVerify,
                true,
                format!(
                    "equal to {against}: {} items each, same digest",
                    r.target_count
                ),
            ),
            Ok(r) => {
                let keys: Vec<String> = r
                    .differing_keys
                    .iter()
                    .take(5)
                    .map(|d| KeyDisplay(&d.key).to_string())
                    .collect();
                let more = r.total_differences.saturating_sub(keys.len() as u64);
                DrillCheck::judged(
                    CheckName::ExactVerify,
                    false,
                    format!(
                        "{} keys differ from {against} ({} missing, {} extra, {} changed): {}{}",
                        r.total_differences,
                        r.counts.missing,
                        r.counts.extra,
                        r.counts.changed,
                        keys.join("; "),
                        if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        }
                    ),
                )
            }
            Err(e) => DrillCheck::judged(
                CheckName::ExactVerify,
                false,
                format!("could not be verified against {against}: {e}"),
            ),
        }
    }

    /// Key schema, index names, billing mode and table class against the
    /// source's (TTL, stream, tags, PITR and protection are not carried by
    /// a restore, so they are not compared; nor are billing and class
    /// after an import, which makes an on-demand STANDARD table).
    async fn settings_check(
        &self,
        scratch: &TableName,
        d: &DrillLedger,
        imported: bool,
    ) -> Result<DrillCheck, Halt> {
        let keys = self
            .backend
            .describe_key_schema(scratch.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let s = self
            .backend
            .describe_settings(scratch.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        let mut differ = Vec::new();
        if d.source_keys.as_ref() != Some(&keys) {
            differ.push("key schema".to_owned());
        }
        if let Some(src) = &d.source_settings {
            let names = |m: &std::collections::BTreeMap<String, _>| {
                m.keys().cloned().collect::<Vec<String>>()
            };
            if names(&src.indexes) != names(&s.indexes) {
                differ.push(format!(
                    "indexes ({} here, {} in the source)",
                    names(&s.indexes).join(", "),
                    names(&src.indexes).join(", ")
                ));
            }
            if !imported && src.billing != s.billing {
                differ.push("billing mode".to_owned());
            }
            if !imported && src.table_class != s.table_class {
                differ.push("table class".to_owned());
            }
        }
        Ok(if differ.is_empty() && imported {
            DrillCheck::judged(
                CheckName::Settings,
                true,
                "key schema and indexes as the source's (an import makes an on-demand \
                 STANDARD table and carries no TTL, stream, tags, PITR or protection: \
                 not compared)",
            )
        } else if differ.is_empty() {
            DrillCheck::judged(
                CheckName::Settings,
                true,
                "key schema, indexes, billing and class as the source's (TTL, stream, tags, \
                 PITR and protection are not carried by a restore: not compared)",
            )
        } else {
            DrillCheck::judged(
                CheckName::Settings,
                false,
                format!("differs from the source: {}", differ.join("; ")),
            )
        })
    }

    /// Reads every item of the scratch table once; keeps about `SAMPLE`
    /// items spread over the scan.
    async fn read_scratch(
        &self,
        step: &StepCtx,
        scratch: &TableName,
        expected: u64,
    ) -> (Result<u64, String>, Vec<Item>) {
        let stride = (expected / SAMPLE as u64).max(1);
        let (mut n, mut sample, mut start): (u64, Vec<Item>, Option<Item>) = (0, Vec::new(), None);
        loop {
            let page = self
                .backend
                .scan_segment(ScanRequest {
                    table: scratch.as_str(),
                    segment: 0,
                    total_segments: 1,
                    start: start.as_ref(),
                    limit: 1000,
                })
                .await;
            let page = match page {
                Ok(p) => p,
                Err(e) => return (Err(e.to_string()), sample),
            };
            for item in page.items {
                if n % stride == 0 && sample.len() < SAMPLE {
                    sample.push(item);
                }
                n += 1;
            }
            let percent = (expected > 0).then(|| (n as f64 / expected as f64 * 100.0).min(100.0));
            self.progress(
                step,
                percent,
                Some(format!("{n} items of the scratch table read")),
            );
            match page.last_key {
                Some(k) => start = Some(k),
                None => return (Ok(n), sample),
            }
        }
    }

    /// The sampled items read back from the source by key: those equal have
    /// not changed since the copy; a key changed or gone since is counted,
    /// not failed, unless fewer than half are equal.
    async fn sample_check(
        &self,
        table: &TableName,
        d: &DrillLedger,
        sample: &[Item],
    ) -> Result<DrillCheck, Halt> {
        let Some(keys) = &d.source_keys else {
            return Ok(DrillCheck::new(
                CheckName::SampleKeys,
                CheckVerdict::NotRun,
                "not run: the source's key schema was not read",
            ));
        };
        if sample.is_empty() {
            return Ok(DrillCheck::new(
                CheckName::SampleKeys,
                CheckVerdict::NotRun,
                "not run: the scratch table is empty",
            ));
        }
        let wanted: Vec<Item> = sample.iter().map(|i| keys.key_of(i)).collect();
        let found = self
            .backend
            .get_items(table.as_str(), &wanted)
            .await
            .map_err(failed("BatchGetItem"))?;
        let equal = sample
            .iter()
            .filter(|item| found.iter().any(|f| f == *item))
            .count();
        let other = sample.len() - equal;
        Ok(DrillCheck::judged(
            CheckName::SampleKeys,
            equal * 2 >= sample.len(),
            format!(
                "{equal} of {} sampled keys equal in {table}; {other} changed or gone since the copy",
                sample.len()
            ),
        ))
    }

    pub(super) async fn drill_delete_scratch(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        scratch: &TableName,
    ) -> StepResult {
        // Only the table this run's restore created, named as its scratch.
        if !is_scratch_of(table, scratch) || !self.ledger.restores_started.contains(scratch) {
            return Err(not_ours(scratch));
        }
        if !self.ledger.deleting.contains(scratch) {
            if !self.table_exists(scratch.as_str()).await {
                self.mark_deleted();
                return Ok(Finish::Skipped(format!("{scratch} is already gone")));
            }
            self.wait(step, WaitFor::TableActive(scratch.as_str()))
                .await?;
            self.backend
                .delete_table(scratch.as_str())
                .await
                .map_err(failed("DeleteTable"))?;
            self.ledger.deleting.push(scratch.clone());
            self.note_accepted("DeleteTable", scratch.as_str());
        }
        let detail = self
            .wait(step, WaitFor::TableGone(scratch.as_str()))
            .await?;
        self.mark_deleted();
        Ok(Finish::Done(detail))
    }

    fn mark_deleted(&mut self) {
        if let Some(d) = &mut self.ledger.drill {
            d.scratch_deleted = true;
        }
    }

    pub(super) async fn drill_record(
        &mut self,
        table: &TableName,
        scratch: &TableName,
        source: &str,
    ) -> StepResult {
        let Some(d) = self.ledger.drill.clone() else {
            return Err(Halt::Failed(StepError::DrillNotStarted {
                table: table.clone(),
            }));
        };
        let Some(dir) = self
            .ctx
            .journal_dir
            .as_ref()
            .and_then(|j| j.parent())
            .map(std::path::Path::to_path_buf)
        else {
            return Ok(Finish::Skipped(
                "no state dir: the drill is not recorded".to_owned(),
            ));
        };
        let started = d.started_at.unwrap_or_else(Utc::now);
        let record = DrillRecord {
            id: scratch.to_string(),
            table: table.to_string(),
            source: source.to_owned(),
            scratch: scratch.to_string(),
            scope: self
                .ctx
                .scope
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            started_at: started,
            restored_at: d.restored_at,
            finished_at: Utc::now(),
            rto_secs: d
                .restored_at
                .and_then(|r| u64::try_from((r - started).num_seconds()).ok()),
            // The kind of the run's restore into the scratch table.
            source_kind: self.steps().iter().find_map(|s| {
                crate::forecast::target_of(&s.action)
                    .filter(|t| *t == scratch)
                    .and_then(|_| crate::forecast::kind_of(&s.action, self.ledger.facts.cold))
            }),
            source_bytes: Some(d.source_bytes),
            passed: DrillRecord::checks_pass(&d.checks),
            checks: d.checks.clone(),
            scratch_deleted: d.scratch_deleted,
        };
        let file_error = |what, path: std::path::PathBuf| {
            move |error| {
                Halt::Failed(StepError::DrillFile {
                    what,
                    path: path.clone(),
                    error,
                })
            }
        };
        crate::drill::append(&dir, &record)
            .map_err(file_error("cannot append to", dir.join("drills.jsonl")))?;
        let report = crate::drill::write_reports(&dir, &record)
            .map_err(file_error("cannot write the report in", dir.join("drills")))?;
        if let Some(d) = &mut self.ledger.drill {
            d.report = Some(report.clone());
            d.passed = Some(record.passed);
        }
        Ok(Finish::Done(Some(format!(
            "{}: RTO {}; report {}",
            if record.passed { "passed" } else { "FAILED" },
            record.rto_text(),
            report.display()
        ))))
    }
}

/// The scanned count against the source's DescribeTable figure (refreshed
/// about every six hours, and of the table now, not at the copy): equal,
/// or within 10%, passes.
fn count_check(n: u64, source: u64) -> DrillCheck {
    let off = n.abs_diff(source);
    if off == 0 {
        return DrillCheck::judged(
            CheckName::ItemCount,
            true,
            format!("{n} items, as the source's"),
        );
    }
    DrillCheck::judged(
        CheckName::ItemCount,
        off <= source / 10,
        format!(
            "{n} items; the source has {source} (DynamoDB's ~6-hourly figure, of the table now): \
             off by {off}, {} 10%",
            if off <= source / 10 { "within" } else { "over" }
        ),
    )
}

/// The drill's own steps touch the source (read) or the scratch table;
/// running one again is safe, so the resume learns nothing but the delete.
pub(super) fn drill_probe<'a>(table: &'a TableName, scratch: &'a TableName) -> Probe<'a> {
    Probe::tables([table.as_str(), scratch.as_str()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_passes_equal_or_within_ten_percent() {
        assert_eq!(count_check(100, 100).verdict, CheckVerdict::Pass);
        assert_eq!(count_check(95, 100).verdict, CheckVerdict::Pass);
        assert_eq!(count_check(80, 100).verdict, CheckVerdict::Fail);
        assert_eq!(count_check(1, 0).verdict, CheckVerdict::Fail);
    }

    #[test]
    fn only_a_drill_name_of_the_table_is_its_scratch() {
        let t = |s: &str| TableName::parse(s).unwrap_or_else(|_| unreachable!());
        assert!(is_scratch_of(
            &t("orders"),
            &t("orders--drill-Dec-01-2026-10-00-00")
        ));
        assert!(!is_scratch_of(&t("orders"), &t("orders")));
        assert!(!is_scratch_of(
            &t("orders"),
            &t("orders--dupe-Dec-01-2026-10-00-00")
        ));
        assert!(!is_scratch_of(
            &t("orders"),
            &t("customers--drill-Dec-01-2026-10-00-00")
        ));
    }
}
