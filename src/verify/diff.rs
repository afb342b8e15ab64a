//! Which keys differ between two tables, the file that lists them all
//! (written as they are found, read back by `read_differences`), and the
//! few the report names.

use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::time::full_count;
use crate::domain::{Item, KeyDisplay};
use crate::safe_fs;

/// How a key differs, seen from the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
        diffs.iter().for_each(|d| counts.add(d.kind));
        counts
    }

    pub fn add(&mut self, kind: DiffKind) {
        match kind {
            DiffKind::Missing => self.missing += 1,
            DiffKind::Extra => self.extra += 1,
            DiffKind::Changed => self.changed += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.missing + self.extra + self.changed
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

/// One differing key: a line of the differences file,
/// `{"key":{"pk":{"S":"…"}},"kind":"Changed","source_hash":"…","target_hash":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub key: Item,
    pub kind: DiffKind,
    /// The item's hash in the source (32 hex digits; see `domain::digest`),
    /// absent when the source lacks the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_hash: Option<String>,
    /// The same in the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_hash: Option<String>,
}

/// Opens `path` for the differences, replacing the file (a resumed run
/// writes its own again) but never through a symlink, and 0600 when
/// created: item keys are customer data.
pub(super) fn open_replacing(path: &Path) -> io::Result<File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(safe_fs::PRIVATE_FILE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

fn write_lines(file: &mut File, diffs: &[Difference]) -> io::Result<()> {
    let mut out = BufWriter::new(file);
    for d in diffs {
        write_line(&mut out, d)?;
    }
    out.flush()
}

fn write_line(out: &mut impl Write, d: &Difference) -> io::Result<()> {
    serde_json::to_writer(&mut *out, d)?;
    out.write_all(b"\n")
}

/// What the merge found, kept as it goes: every difference written to the
/// file at once, all counted, and only the first `max` (by kind, then key
/// as displayed) held for the report.
pub(super) struct Found {
    out: Option<BufWriter<File>>,
    pub counts: DiffCounts,
    max: usize,
    /// The `max` smallest so far; the largest on top, to be pushed out.
    first: BinaryHeap<Ranked>,
}

struct Ranked {
    kind: DiffKind,
    shown: String,
    diff: Difference,
}

impl Ranked {
    fn rank(&self) -> (DiffKind, &str) {
        (self.kind, &self.shown)
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.rank() == other.rank()
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl Found {
    /// Differences go to `out` (none when there is no file) and the report
    /// keeps `max` of them.
    pub fn new(out: Option<File>, max: usize) -> Self {
        Self {
            out: out.map(|f| BufWriter::with_capacity(1 << 16, f)),
            counts: DiffCounts::default(),
            max,
            first: BinaryHeap::new(),
        }
    }

    pub fn add(&mut self, diff: Difference) -> io::Result<()> {
        self.counts.add(diff.kind);
        if let Some(out) = &mut self.out {
            write_line(out, &diff)?;
        }
        if self.max == 0 {
            return Ok(());
        }
        let shown = KeyDisplay(&diff.key).to_string();
        let ranked = Ranked {
            kind: diff.kind,
            shown,
            diff,
        };
        if self.first.len() < self.max {
            self.first.push(ranked);
        } else if self.first.peek().is_some_and(|top| ranked < *top) {
            self.first.pop();
            self.first.push(ranked);
        }
        Ok(())
    }

    /// Flushes and syncs the file; the report's first differences, in order.
    pub fn finish(self) -> io::Result<(DiffCounts, Vec<Difference>)> {
        if let Some(out) = self.out {
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        let first = self.first.into_sorted_vec();
        Ok((self.counts, first.into_iter().map(|r| r.diff).collect()))
    }
}

/// A line longer than this is not one of ours (a key is at most 3 KB of
/// values; its JSON, a few times that).
const MAX_LINE: u64 = 1 << 20;

/// The differences written to `path`, one per line, read as they are
/// needed (the file may hold millions). Refuses what is not a regular file
/// (a FIFO, a device, a symlink); a line that is not a difference, or is
/// longer than any difference, is an `InvalidData` error where it is met.
pub fn read_differences(path: &Path) -> io::Result<impl Iterator<Item = io::Result<Difference>>> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    let mut lines = BufReader::new(file);
    let mut number = 0u64;
    Ok(std::iter::from_fn(move || {
        loop {
            number += 1;
            let mut line = Vec::new();
            let read = (&mut lines).take(MAX_LINE + 1).read_until(b'\n', &mut line);
            match read {
                Err(e) => return Some(Err(e)),
                Ok(0) => return None,
                Ok(_) => {}
            }
            if line.len() as u64 > MAX_LINE {
                return Some(Err(bad_line(number, "longer than any difference")));
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(
                serde_json::from_slice(&line).map_err(|e| bad_line(number, &e.to_string())),
            );
        }
    }))
}

fn bad_line(number: u64, why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("line {number}: {why}"))
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

    /// Another handle on the same open file (same offset), for the merge
    /// that writes the differences off the async threads.
    pub(super) fn handle(&self) -> io::Result<File> {
        self.file.try_clone()
    }

    /// Removes the file: nothing was written to it (the tables are equal,
    /// or the comparison failed).
    pub fn discard(self) -> io::Result<()> {
        drop(self.file);
        std::fs::remove_file(&self.path)
    }
}
