//! Appending to a journal: one line per record, flushed and synced before
//! the caller goes on. A run owns its journal under an exclusive lock for
//! as long as it runs, so a second console can neither resume nor dismiss
//! it; a record that cannot be written whole is cut back off the file, and
//! the journal then refuses every later record, so the run stops rather
//! than go on with a journal that no longer tells the truth.

use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use super::record::{Entry, Record};
use crate::safe_fs;
use crate::workflow::event::JobId;

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    /// Set by the first record that could not be written: why.
    broken: Mutex<Option<String>>,
}

/// Why a journal could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another console (or another run of this one) holds its lock.
    #[error("another console is running it")]
    Busy,
    #[error("{0}")]
    Io(#[from] io::Error),
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

/// Takes the exclusive lock without waiting.
fn try_lock(file: &File) -> Result<(), OpenError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(OpenError::Busy),
        Err(TryLockError::Error(e)) => Err(OpenError::Io(e)),
    }
}

/// Whether a live run holds the journal at `path` (this console's or
/// another's). An unreadable file is not held.
pub fn is_held(path: &Path) -> bool {
    match File::open(path) {
        Ok(file) => matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

impl Journal {
    /// Creates the journal `dir/name` with its first record, locked. The
    /// file appears under its name only once that record is on disk (it is
    /// written under a hidden name, then renamed, and the directory synced),
    /// so no console ever sees a journal without its plan.
    pub fn create(dir: &Path, name: &str, first: Record) -> Result<Self, OpenError> {
        safe_fs::private_dir(dir)?;
        let path = dir.join(name);
        if path.exists() {
            return Err(OpenError::Io(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already exists", path.display()),
            )));
        }
        let partial = dir.join(format!(".{name}.partial"));
        let file = safe_fs::create_new_private(&partial)?;
        try_lock(&file)?;
        let journal = Self {
            path: path.clone(),
            file,
            broken: Mutex::new(None),
        };
        let written = journal
            .append(first)
            .and_then(|()| std::fs::rename(&partial, &path))
            .and_then(|()| safe_fs::sync_dir(dir));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(OpenError::Io(e));
        }
        Ok(journal)
    }

    /// Opens an existing journal for appending, under its lock: `Busy` when
    /// a live run holds it. A journal whose last line was cut gets a line
    /// break first, so the next record starts on a line of its own.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        if !path.is_file() {
            return Err(OpenError::Io(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is not a journal file", path.display()),
            )));
        }
        let mut file = safe_fs::open_append_private(path)?;
        // A start-up scan elsewhere may hold a shared lock for a moment.
        let mut tries = 0;
        while let Err(e) = try_lock(&file) {
            tries += 1;
            if tries == 5 || !matches!(e, OpenError::Busy) {
                return Err(e);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let len = file.metadata()?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
                file.sync_all()?;
            }
        }
        Ok(Self {
            path: path.to_owned(),
            file,
            broken: Mutex::new(None),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the journal stopped taking records, if it did.
    pub fn broken(&self) -> Option<String> {
        self.broken
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Writes one line and waits until it is on disk. A line that cannot be
    /// written whole is cut back off (so the next record never glues onto
    /// half of it), and from then on every record is refused.
    pub fn append(&self, record: Record) -> io::Result<()> {
        let mut broken = self.broken.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(why) = broken.as_ref() {
            return Err(io::Error::other(format!(
                "the journal lost an earlier record ({why})"
            )));
        }
        let entry = Entry {
            at: Utc::now(),
            record,
        };
        let mut line = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        line.push(b'\n');
        #[cfg(test)]
        let result = match faults::take() {
            true => append_with(&self.file, &line, faults::half_then_full),
            false => append_whole(&self.file, &line),
        };
        #[cfg(not(test))]
        let result = append_whole(&self.file, &line);
        if let Err(e) = &result {
            *broken = Some(e.to_string());
        }
        result
    }
}

/// Appends `line` and syncs it; on failure the file is cut back to where
/// it was, so it still ends on a whole record.
pub fn append_whole(file: &File, line: &[u8]) -> io::Result<()> {
    append_with(file, line, |mut f, l| f.write_all(l))
}

fn append_with(
    file: &File,
    line: &[u8],
    write: impl FnOnce(&File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let before = file.metadata()?.len();
    let mut writer = file;
    let written = write(file, line)
        .and_then(|()| writer.flush())
        .and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = file.set_len(before);
        let _ = file.sync_all();
    }
    written
}

/// Tests make the disk fill up in the middle of a chosen record.
#[cfg(test)]
pub(crate) mod faults {
    use std::cell::Cell;
    use std::fs::File;
    use std::io::{self, Write};

    thread_local! {
        /// Appends to let through before one fails.
        static FAIL_AFTER: Cell<Option<usize>> = const { Cell::new(None) };
    }

    /// The append after the next `n` ones (on this thread) writes half its
    /// line, then fails as a full disk does.
    pub fn fail_after(n: usize) {
        FAIL_AFTER.with(|c| c.set(Some(n)));
    }

    pub(super) fn take() -> bool {
        FAIL_AFTER.with(|c| match c.get() {
            Some(0) => {
                c.set(None);
                true
            }
            Some(n) => {
                c.set(Some(n - 1));
                false
            }
            None => false,
        })
    }

    pub(super) fn half_then_full(mut file: &File, line: &[u8]) -> io::Result<()> {
        file.write_all(&line[..line.len() / 2])?;
        Err(io::Error::new(
            io::ErrorKind::StorageFull,
            "No space left on device",
        ))
    }
}
