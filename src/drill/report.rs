//! A drill's reports for an auditor: `drills/ID.md` (read by a person) and
//! `drills/ID.json` (the record as the history holds it), in the backend's
//! state dir, each written whole (atomically) so a crash leaves either no
//! report or a complete one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::DrillRecord;
use crate::domain::time::format_reference;
use crate::safe_fs;

/// Writes both reports; returns the Markdown one's path.
pub fn write_reports(state_dir: &Path, record: &DrillRecord) -> std::io::Result<PathBuf> {
    let dir = state_dir.join("drills");
    safe_fs::private_dir(&dir)?;
    let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    safe_fs::write_atomic(&dir.join(format!("{}.json", record.id)), &json)?;
    let md = dir.join(format!("{}.md", record.id));
    safe_fs::write_atomic(&md, markdown(record).as_bytes())?;
    Ok(md)
}

/// The Markdown report: what was restored from, when, how long, what was
/// checked, the outcome.
pub fn markdown(r: &DrillRecord) -> String {
    let mut s = String::new();
    let outcome = if r.passed { "PASSED" } else { "FAILED" };
    let _ = writeln!(s, "# DR drill of {}: {outcome}\n", r.table);
    let _ = writeln!(s, "| | |\n| --- | --- |");
    let _ = writeln!(s, "| table | {} |", r.table);
    let _ = writeln!(s, "| where | {} |", r.scope);
    let _ = writeln!(s, "| restored from | {} |", r.source);
    let _ = writeln!(s, "| scratch table | {} |", r.scratch);
    let _ = writeln!(
        s,
        "| restore asked | {} UTC |",
        format_reference(r.started_at)
    );
    let restored = r.restored_at.map_or_else(
        || "never".to_owned(),
        |t| format!("{} UTC", format_reference(t)),
    );
    let _ = writeln!(s, "| scratch ACTIVE | {restored} |");
    let _ = writeln!(s, "| measured RTO | {} |", r.rto_text());
    let _ = writeln!(
        s,
        "| scratch deleted | {} |",
        if r.scratch_deleted { "yes" } else { "no" }
    );
    let _ = writeln!(s, "| finished | {} UTC |", format_reference(r.finished_at));
    let _ = writeln!(
        s,
        "\n## Checks\n\n| check | result | detail |\n| --- | --- | --- |"
    );
    for c in &r.checks {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            c.check.label(),
            c.verdict.word(),
            c.detail.replace('|', "\\|")
        );
    }
    let _ = writeln!(
        s,
        "\nThe source table was only read: the drill restored into the scratch \
         table, checked it, and deleted it."
    );
    s
}
