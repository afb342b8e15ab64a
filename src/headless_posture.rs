//! `dynamo-dr posture`: the `[posture]` rules over every table, headless.
//! Exit 0 when every table passes, 1 when any rule fails (each failing
//! table and rule named), 2 when it could not tell: a listing or a table
//! failed to load, or a rule is on that this tool cannot check yet.

use std::io::Write;
use std::process::ExitCode;

use color_eyre::eyre::Result;

use crate::config::PostureConfig;
use crate::coverage::{self, PlansSnapshot};
use crate::domain::Printable;
use crate::inventory::{self, Inventory};
use crate::launch::Launch;
use crate::posture::{self, Facts, PostureData, Summary, TablePosture, Verdict};

/// Each table's posture, in the inventory's order.
pub fn assess_all(
    config: &PostureConfig,
    inv: &Inventory,
    plans: Option<&Result<PlansSnapshot, String>>,
    drills: Option<&crate::drill::DrillHistory>,
    data: &PostureData,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<TablePosture> {
    let copies_known = !inv
        .errors
        .iter()
        .any(|e| e.starts_with("list backups") || e.starts_with("list recovery points"));
    inv.tables
        .iter()
        .map(|t| {
            let facts = Facts {
                name: &t.name,
                table: t.table.as_ref(),
                pitr: t.pitr.as_ref(),
                error: t.error.as_deref(),
                newest: t.newest_copy,
                copies_known,
                plans: plans.map(|p| match p {
                    Ok(snap) => snap
                        .coverage
                        .get(&t.name)
                        .ok_or("the table was not in the plans' reading"),
                    Err(why) => Err(why.as_str()),
                }),
                drills: drills.map(|h| h.of(&t.name)),
                tags: data.tags_of(&t.name),
                copies: data.copies(),
            };
            posture::assess(config, &facts, now)
        })
        .collect()
}

/// Loads the inventory and prints the posture at `now` to `out` (the
/// listings that failed to `err`). `dr_vault` is `[copies] vault_arn`,
/// where `require_copy_region` looks for the copies.
pub async fn run_to(
    launch: Launch,
    config: &PostureConfig,
    dr_vault: Option<&crate::domain::VaultArn>,
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let backend = launch.backend.clone();
    let inv = inventory::collect(launch.backend, launch.load).await;
    // The plans are read only when a rule needs them.
    let plans = if config.require_plan {
        let named: Vec<(String, String)> = inv
            .tables
            .iter()
            .filter_map(|t| Some((t.name.clone(), t.table.as_ref()?.arn.clone())))
            .collect();
        Some(
            coverage::load(backend.as_ref(), &named, now)
                .await
                .map_err(|e| e.to_string()),
        )
    } else {
        None
    };
    // The drill history is read only when a drill rule is on.
    let drills = if config.drill_every_days.is_some() || config.rto_target_minutes.is_some() {
        match crate::drill::load(&launch.local.dir) {
            Ok(h) => Some(h),
            Err(e) => {
                writeln!(
                    err,
                    "dynamo-dr: posture: cannot read the drill history: {}",
                    Printable(e.to_string())
                )?;
                None
            }
        }
    } else {
        None
    };
    // The tags and the DR vault's copies, only when a rule needs them.
    let named: Vec<(String, String)> = inv
        .tables
        .iter()
        .filter_map(|t| Some((t.name.clone(), t.table.as_ref()?.arn.clone())))
        .collect();
    let data = posture::load_data(backend.as_ref(), config, dr_vault, &named).await;
    let all = assess_all(config, &inv, plans.as_ref(), drills.as_ref(), &data, now);
    let count = |s: fn(&Summary) -> bool| all.iter().filter(|p| s(&p.summary())).count();
    let failed = count(|s| matches!(s, Summary::Fail(..)));
    let unknown = count(|s| matches!(s, Summary::Unknown));
    if json {
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
    } else {
        write_text(&all, out)?;
        writeln!(
            out,
            "{} tables: {} pass, {failed} fail, {unknown} could not tell, {} excluded",
            all.len(),
            count(|s| *s == Summary::Pass),
            count(|s| *s == Summary::Excluded),
        )?;
    }
    for e in &inv.errors {
        writeln!(err, "dynamo-dr: {}", Printable(e))?;
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else if unknown > 0 || !inv.errors.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line per rule that failed or could not be decided.
fn write_text(all: &[TablePosture], out: &mut dyn Write) -> Result<()> {
    let width = all
        .iter()
        .map(|p| p.table.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for p in all {
        for r in p.rules.iter().filter(|r| r.verdict != Verdict::Pass) {
            writeln!(
                out,
                "{} {:<width$}  {}: {}",
                r.verdict.mark(),
                Printable(&p.table),
                r.rule.key(),
                Printable(&r.why)
            )?;
        }
    }
    Ok(())
}
