//! The repair's files: JSON lines, private (0600), never through a
//! symlink, named `.json` beside the journal (whose directory lists every
//! `.jsonl` as a journal); written whole or not at all (a temporary file
//! renamed over the old one), streamed both ways so a repair set of millions of keys is
//! never held in memory.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::marker::PhantomData;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::safe_fs;

/// Writes one JSON object a line to `path`, replacing it as a whole once
/// every line is written and synced. Returns how many lines.
pub fn write_lines<T: Serialize>(
    path: &Path,
    items: impl IntoIterator<Item = T>,
) -> io::Result<u64> {
    let dir = safe_fs::parent_of(path);
    let tmp = tempfile::Builder::new()
        .prefix(".dynamo-dr-")
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(safe_fs::PRIVATE_FILE))
        .tempfile_in(dir)?;
    let mut out = BufWriter::new(tmp);
    let mut n = 0;
    for item in items {
        serde_json::to_writer(&mut out, &item)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    safe_fs::sync_dir(dir)?;
    Ok(n)
}

/// A file of JSON lines written a few at a time (between reads of a
/// table), put in place whole by `finish`; dropped unfinished, it leaves
/// nothing.
pub struct LineWriter {
    path: std::path::PathBuf,
    out: BufWriter<tempfile::NamedTempFile>,
    lines: u64,
}

impl LineWriter {
    pub fn create(path: &Path) -> io::Result<Self> {
        let tmp = tempfile::Builder::new()
            .prefix(".dynamo-dr-")
            .suffix(".tmp")
            .permissions(std::fs::Permissions::from_mode(safe_fs::PRIVATE_FILE))
            .tempfile_in(safe_fs::parent_of(path))?;
        Ok(Self {
            path: path.to_owned(),
            out: BufWriter::new(tmp),
            lines: 0,
        })
    }

    pub fn push<T: Serialize>(&mut self, item: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, item)?;
        self.out.write_all(b"\n")?;
        self.lines += 1;
        Ok(())
    }

    /// Syncs the lines and puts the file in place; how many.
    pub fn finish(self) -> io::Result<u64> {
        let tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        safe_fs::sync_dir(safe_fs::parent_of(&self.path))?;
        Ok(self.lines)
    }
}

/// Appends lines to `path` (created 0600) and syncs them.
pub fn append_lines<T: Serialize>(path: &Path, items: &[T]) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let file = safe_fs::open_append_private(path)?;
    let mut out = BufWriter::new(&file);
    for item in items {
        serde_json::to_writer(&mut out, item)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    drop(out);
    file.sync_all()
}

/// Reads `path` a line at a time; a symlink or anything but a regular
/// file is refused.
pub fn read_lines<T: DeserializeOwned>(path: &Path) -> io::Result<JsonLines<T>> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    Ok(JsonLines {
        lines: BufReader::new(file),
        buf: String::new(),
        line: 0,
        _of: PhantomData,
    })
}

/// The lines of a file, each read as one `T`.
pub struct JsonLines<T> {
    lines: BufReader<File>,
    buf: String,
    line: u64,
    _of: PhantomData<T>,
}

impl<T: DeserializeOwned> Iterator for JsonLines<T> {
    type Item = io::Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            match self.lines.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            self.line += 1;
            let text = self.buf.trim();
            if text.is_empty() {
                continue;
            }
            return Some(serde_json::from_str(text).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("line {}: {e}", self.line),
                )
            }));
        }
    }
}
