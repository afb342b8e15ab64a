//! What operation "Compare with a table" found, as the run row and the
//! result view show it: both tables' counts, the differing keys by kind
//! (the first few hundred; the differences file lists every one) and where
//! that file is. Built from the verification's report (`crate::verify`).

use std::path::PathBuf;

use crate::domain::time::full_count;
use crate::domain::{KeyDisplay, TableName};
use crate::verify::{DiffCounts, DiffKind, VerifyReport};

/// How many differing keys a comparison keeps to list on screen; the
/// differences file has them all.
pub const KEYS_LISTED: usize = 1_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The table the operator selected.
    pub table: TableName,
    /// The table it was compared with: missing keys are in it, not in
    /// `table`; extra keys are in `table`, not in it.
    pub other: TableName,
    pub table_items: u64,
    pub other_items: u64,
    pub equal: bool,
    pub counts: DiffCounts,
    /// How many keys differ in all.
    pub total: u64,
    /// The first `KEYS_LISTED` differing keys, by kind then key.
    pub keys: Vec<ComparedKey>,
    /// Where every differing key is written (none when equal, or when the
    /// run has no journal to write it beside).
    pub file: Option<PathBuf>,
    pub elapsed_secs: f64,
}

/// One differing key, as text (`pk=…, sk=…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedKey {
    pub kind: DiffKind,
    pub key: String,
}

impl Comparison {
    /// `report` compared `other` (its source) with `table` (its target).
    pub fn of(report: &VerifyReport, table: &TableName, other: &TableName) -> Self {
        Self {
            table: table.clone(),
            other: other.clone(),
            table_items: report.target_count,
            other_items: report.source_count,
            equal: report.equal,
            counts: report.counts,
            total: report.total_differences,
            keys: report
                .differing_keys
                .iter()
                .map(|d| ComparedKey {
                    kind: d.kind,
                    key: KeyDisplay(&d.key).to_string(),
                })
                .collect(),
            file: report.all_diffs_written_to.clone(),
            elapsed_secs: report.elapsed_secs,
        }
    }

    /// The run row's outcome: `equal: 1,204 items` or
    /// `differs: 2 missing · 1 extra · 3 changed`.
    pub fn headline(&self) -> String {
        if self.equal {
            format!("equal: {} items", full_count(self.table_items))
        } else {
            let c = self.counts;
            format!(
                "differs: {} missing · {} extra · {} changed",
                full_count(c.missing),
                full_count(c.extra),
                full_count(c.changed)
            )
        }
    }
}

/// What a kind of difference means between `table` and `other`.
pub fn kind_word(kind: DiffKind) -> &'static str {
    match kind {
        DiffKind::Missing => "missing",
        DiffKind::Extra => "extra",
        DiffKind::Changed => "changed",
    }
}
