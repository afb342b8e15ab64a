//! `--sandbox-state`: the account saved as JSON after every change, so a
//! rehearsal survives a restart. Several consoles may share one file: a
//! change takes the file's lock (`<path>.lock`), reloads the account if
//! another console saved it since, is saved, and only then counts in
//! memory, so no console's change is lost to another's. Saves go through a
//! random temporary file and a rename, so a crash mid-write leaves the
//! previous state whole; the file is read only if it is a regular file of
//! bounded size.

use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::world::World;
use crate::safe_fs;

/// A saved sandbox is a few megabytes at most; anything larger is not one.
pub const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read sandbox state: {0}")]
    Read(safe_fs::ReadError),
    #[error("sandbox state {path} is not a saved sandbox: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot write sandbox state {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot lock sandbox state {path}: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Which version of the file was read or written last: a save by another
/// console changes it (a rename makes a new inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    inode: u64,
    modified_ns: i64,
    len: u64,
}

/// The file's stamp now; `None` when it does not exist.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        inode: meta.ino(),
        modified_ns: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
        len: meta.len(),
    })
}

/// `Ok(None)` when there is no file yet.
pub fn load(path: &Path) -> Result<Option<World>, StateError> {
    let bytes = match safe_fs::read_regular(path, MAX_STATE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(StateError::Read(e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|source| StateError::Parse {
            path: path.to_owned(),
            source,
        })
}

pub fn save(path: &Path, world: &World) -> Result<(), StateError> {
    let err = |source| StateError::Write {
        path: path.to_owned(),
        source,
    };
    let json = serde_json::to_vec(world).map_err(|e| err(std::io::Error::other(e)))?;
    safe_fs::write_atomic(path, &json).map_err(err)
}

/// The exclusive lock of a state file, held while one change is made and
/// saved; released when dropped.
#[derive(Debug)]
pub struct StateLock {
    _file: File,
}

/// Waits for the lock of `path` (another console holds it only while it
/// saves one change).
pub fn lock(path: &Path) -> Result<StateLock, StateError> {
    let lock_path = {
        let mut name = path.file_name().unwrap_or_default().to_owned();
        name.push(".lock");
        path.with_file_name(name)
    };
    let err = |source| StateError::Lock {
        path: lock_path.clone(),
        source,
    };
    let file = safe_fs::open_append_private(&lock_path).map_err(err)?;
    file.lock().map_err(err)?;
    Ok(StateLock { _file: file })
}
