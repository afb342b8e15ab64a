//! Which keys differ between two tables, and the file that lists them all.

use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use super::scan::KeyHashes;
use crate::domain::{Item, KeyDisplay};

/// How a key differs, seen from the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum DiffKind {
    /// In the source, not in the target.
    Missing,
    /// In the target, not in the source.
    Extra,
    /// In both, with different attributes.
    Changed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub key: Item,
    pub kind: DiffKind,
}

/// Every differing key, sorted by kind then key, so two runs list the same.
pub fn differences(source: &KeyHashes, target: &KeyHashes) -> Vec<Difference> {
    let mut out: Vec<(DiffKind, String, &Item)> = Vec::new();
    for (bytes, (key, hash)) in source {
        match target.get(bytes) {
            None => out.push((DiffKind::Missing, KeyDisplay(key).to_string(), key)),
            Some((_, h)) if h != hash => {
                out.push((DiffKind::Changed, KeyDisplay(key).to_string(), key));
            }
            Some(_) => {}
        }
    }
    for (bytes, (key, _)) in target {
        if !source.contains_key(bytes) {
            out.push((DiffKind::Extra, KeyDisplay(key).to_string(), key));
        }
    }
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    out.into_iter()
        .map(|(kind, _, key)| Difference {
            key: key.clone(),
            kind,
        })
        .collect()
}

/// Writes one JSON object per line: `{"key":{"pk":{"S":"…"}},"kind":"Changed"}`.
pub fn write_all(path: &Path, diffs: &[Difference]) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for d in diffs {
        serde_json::to_writer(&mut out, d)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
