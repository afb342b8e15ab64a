//! Which keys differ between two tables, and the file that lists them all.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::scan::KeyHashes;
use crate::domain::time::full_count;
use crate::domain::{Item, KeyDisplay};
use crate::safe_fs;

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

/// How many keys differ, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DiffCounts {
    pub missing: u64,
    pub extra: u64,
    pub changed: u64,
}

impl DiffCounts {
    pub fn of(diffs: &[Difference]) -> Self {
        let mut counts = Self::default();
        for d in diffs {
            match d.kind {
                DiffKind::Missing => counts.missing += 1,
                DiffKind::Extra => counts.extra += 1,
                DiffKind::Changed => counts.changed += 1,
            }
        }
        counts
    }
}

/// `2 missing, 0 extra, 1 changed`.
impl std::fmt::Display for DiffCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} missing, {} extra, {} changed",
            full_count(self.missing),
            full_count(self.extra),
            full_count(self.changed)
        )
    }
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

/// Writes one JSON object per line: `{"key":{"pk":{"S":"…"}},"kind":"Changed"}`,
/// replacing the file (a resumed run writes its own again) but never
/// through a symlink, and 0600 when created: item keys are customer data.
pub fn write_all(path: &Path, diffs: &[Difference]) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(safe_fs::PRIVATE_FILE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    write_lines(&mut file, diffs)
}

fn write_lines(file: &mut File, diffs: &[Difference]) -> io::Result<()> {
    let mut out = BufWriter::new(file);
    for d in diffs {
        serde_json::to_writer(&mut out, d)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// A differences file opened before the tables are read: created new,
/// exclusively, 0600, never through a symlink, so neither a planted link
/// nor an existing file is ever written over, and a bad path fails before
/// the first scan.
#[derive(Debug)]
pub struct DiffFile {
    path: PathBuf,
    file: File,
}

impl DiffFile {
    pub fn create_new(path: &Path) -> io::Result<Self> {
        Ok(Self {
            path: path.to_owned(),
            file: safe_fs::create_new_private(path)?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes every difference, one JSON object a line, and syncs.
    pub fn write_all(&mut self, diffs: &[Difference]) -> io::Result<()> {
        write_lines(&mut self.file, diffs)?;
        self.file.sync_all()
    }

    /// Removes the file: nothing was written to it (the tables are equal,
    /// or the comparison failed).
    pub fn discard(self) -> io::Result<()> {
        drop(self.file);
        std::fs::remove_file(&self.path)
    }
}
