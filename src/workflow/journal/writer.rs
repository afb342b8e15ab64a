//! Appending to a journal: one line per record, flushed and synced before
//! the caller goes on.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::record::{Entry, Record};
use crate::workflow::event::JobId;

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
}

/// `20261122T030000Z-orders-job3.jsonl`: the run's stamp, its table, its job.
pub fn file_name(stamp: DateTime<Utc>, table: &str, job: JobId) -> String {
    let table: String = table
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_.-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}-{table}-job{job}.jsonl", stamp.format("%Y%m%dT%H%M%SZ"))
}

impl Journal {
    /// Opens (or creates) `dir/name` for appending; creates `dir` too. A
    /// journal whose last line was cut gets a line break first, so the next
    /// record starts on a line of its own.
    pub fn open(dir: &Path, name: &str) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(name);
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)?;
        let len = file.metadata()?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        Ok(Self { path, file })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one line and waits until it is on disk.
    pub fn append(&self, record: Record) -> io::Result<()> {
        let entry = Entry {
            at: Utc::now(),
            record,
        };
        let mut line = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut file = &self.file;
        file.write_all(&line)?;
        file.flush()?;
        file.sync_all()
    }
}
