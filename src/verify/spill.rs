//! The keys of one verification, kept aside while each table is read once.
//!
//! Every item's key and hash go into one of `partitions` buckets per table,
//! chosen by a hash of the key's canonical bytes, so a key lands in the
//! same bucket number in both tables. The buckets are held in memory up to
//! a budget per table; past it they are appended to files in a private
//! temporary directory (0700, files 0600), created at the first spill and
//! removed with everything in it when the verification ends, however it
//! ends (`tempfile::TempDir` drops it). When the digests differ, `merge`
//! compares the tables bucket by bucket: one bucket of the source in memory
//! at a time, the target's streamed past it.
//!
//! A record is the item's hash (16 bytes, little-endian), the key's
//! canonical bytes (what decides that two keys are one) and its exact bytes
//! (`canonical::encode_item_exact`, decoded back into the key the report
//! names; empty when they are the same bytes, as they are for string and
//! binary keys), each of the two after its length as 4 bytes.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use xxhash_rust::xxh3::xxh3_64;

use super::diff::{DiffKind, Difference};
use crate::domain::{Item, canonical};
use crate::safe_fs;

/// Buckets per table when the tables are small; more for big tables
/// (`partitions_for`), so that one bucket stays small at merge time.
const MIN_PARTITIONS: usize = 64;
const MAX_PARTITIONS: usize = 1_024;
/// About this many items per bucket, at most `MAX_PARTITIONS` buckets.
const ITEMS_PER_PARTITION: u64 = 100_000;
/// Far more than a DynamoDB key's encoding (2 KB + 1 KB of key values): a
/// longer length in a spill file is a corrupt file, not a key.
const MAX_KEY_BYTES: usize = 64 << 10;
/// Records a table holds in memory before they go to disk.
pub(super) const MEMORY_BUDGET: usize = 32 << 20;

/// How many buckets for tables of about `items` items.
pub(super) fn partitions_for(items: u64) -> usize {
    let wanted = usize::try_from(items / ITEMS_PER_PARTITION).unwrap_or(MAX_PARTITIONS);
    wanted
        .next_power_of_two()
        .clamp(MIN_PARTITIONS, MAX_PARTITIONS)
}

/// What went to disk, for the log and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SpillStats {
    /// Times a table's buffers were written out.
    pub flushes: u64,
    /// Spill files created.
    pub files: u64,
    pub bytes: u64,
    /// The temporary directory, if one was made (gone by the time the
    /// verification returns).
    pub dir: Option<PathBuf>,
}

/// The temporary directory both tables spill into, made at the first spill.
pub(super) struct SpillDir {
    parent: PathBuf,
    state: Mutex<DirState>,
}

#[derive(Default)]
struct DirState {
    dir: Option<tempfile::TempDir>,
    stats: SpillStats,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SpillDir {
    /// Spills will go into a new directory under `parent`.
    pub fn new(parent: PathBuf) -> Arc<Self> {
        Arc::new(Self {
            parent,
            state: Mutex::new(DirState::default()),
        })
    }

    pub fn stats(&self) -> SpillStats {
        lock(&self.state).stats.clone()
    }

    /// The directory, made now if it is not yet.
    fn path(state: &mut DirState, parent: &Path) -> io::Result<PathBuf> {
        if let Some(dir) = &state.dir {
            return Ok(dir.path().to_owned());
        }
        let dir = tempfile::Builder::new()
            .prefix(".dynamo-dr-verify-")
            .permissions(std::fs::Permissions::from_mode(safe_fs::PRIVATE_DIR))
            .tempdir_in(parent)?;
        let path = dir.path().to_owned();
        state.stats.dir = Some(path.clone());
        state.dir = Some(dir);
        Ok(path)
    }
}

/// Which table a spill holds: the files' names.
#[derive(Debug, Clone, Copy)]
pub(super) enum Side {
    Source,
    Target,
}

impl Side {
    fn file(self, partition: usize) -> String {
        let side = match self {
            Side::Source => "source",
            Side::Target => "target",
        };
        format!("{side}-{partition:04}.keys")
    }
}

/// One page's records, made by a scan segment without taking a lock, then
/// handed to `Spill::add` at once.
pub(super) struct Batch {
    partitions: usize,
    bytes: Vec<u8>,
    /// (bucket, start, end) of each record in `bytes`.
    records: Vec<(usize, usize, usize)>,
    canonical: Vec<u8>,
    exact: Vec<u8>,
}

impl Batch {
    pub fn add(&mut self, key: &Item, hash: u128) {
        self.canonical.clear();
        canonical::encode_item(key, &mut self.canonical);
        self.exact.clear();
        canonical::encode_item_exact(key, &mut self.exact);
        let start = self.bytes.len();
        let exact: &[u8] = if self.exact == self.canonical {
            &[]
        } else {
            &self.exact
        };
        put_record(&mut self.bytes, hash, &self.canonical, exact);
        let bucket = (xxh3_64(&self.canonical) % self.partitions as u64) as usize;
        self.records.push((bucket, start, self.bytes.len()));
    }
}

fn put_record(out: &mut Vec<u8>, hash: u128, canonical: &[u8], exact: &[u8]) {
    out.extend_from_slice(&hash.to_le_bytes());
    for part in [canonical, exact] {
        // A DynamoDB key is at most 2 KB + 1 KB: its length fits.
        out.extend_from_slice(&(part.len() as u32).to_le_bytes());
        out.extend_from_slice(part);
    }
}

/// One table's records: buckets in memory, and the files they overflowed to.
pub(super) struct Spill {
    side: Side,
    dir: Arc<SpillDir>,
    partitions: usize,
    budget: usize,
    memory: Mutex<Buffers>,
    /// Held while a flush writes, so two flushes never interleave in a file;
    /// which buckets have a file.
    disk: Arc<Mutex<Vec<bool>>>,
}

struct Buffers {
    parts: Vec<Vec<u8>>,
    bytes: usize,
}

impl Spill {
    pub fn new(side: Side, dir: &Arc<SpillDir>, partitions: usize, budget: usize) -> Self {
        let partitions = partitions.max(1);
        Self {
            side,
            dir: dir.clone(),
            partitions,
            budget,
            memory: Mutex::new(Buffers {
                parts: vec![Vec::new(); partitions],
                bytes: 0,
            }),
            disk: Arc::new(Mutex::new(vec![false; partitions])),
        }
    }

    pub fn batch(&self) -> Batch {
        Batch {
            partitions: self.partitions,
            bytes: Vec::new(),
            records: Vec::new(),
            canonical: Vec::new(),
            exact: Vec::new(),
        }
    }

    /// Takes the batch's records (leaving it empty for the next page); past
    /// the budget, writes every bucket out, off the async threads.
    pub async fn add(&self, batch: &mut Batch) -> io::Result<()> {
        let full = {
            let mut memory = lock(&self.memory);
            for &(bucket, start, end) in &batch.records {
                memory.parts[bucket].extend_from_slice(&batch.bytes[start..end]);
            }
            memory.bytes += batch.bytes.len();
            (memory.bytes > self.budget).then(|| {
                memory.bytes = 0;
                std::mem::replace(&mut memory.parts, vec![Vec::new(); self.partitions])
            })
        };
        batch.bytes.clear();
        batch.records.clear();
        match full {
            Some(parts) => self.write(parts).await,
            None => Ok(()),
        }
    }

    async fn write(&self, parts: Vec<Vec<u8>>) -> io::Result<()> {
        let (side, dir, disk) = (self.side, self.dir.clone(), self.disk.clone());
        tokio::task::spawn_blocking(move || {
            let mut on_disk = lock(&disk);
            let mut state = lock(&dir.state);
            let path = SpillDir::path(&mut state, &dir.parent)?;
            state.stats.flushes += 1;
            for (bucket, bytes) in parts.iter().enumerate() {
                if bytes.is_empty() {
                    continue;
                }
                let mut file = safe_fs::open_append_private(&path.join(side.file(bucket)))?;
                file.write_all(bytes)?;
                if !on_disk[bucket] {
                    on_disk[bucket] = true;
                    state.stats.files += 1;
                }
                state.stats.bytes += bytes.len() as u64;
            }
            Ok(())
        })
        .await
        .map_err(io::Error::other)?
    }

    /// Done reading the table: what the merge needs.
    pub fn finish(self) -> Spilled {
        let parts = std::mem::take(&mut lock(&self.memory).parts);
        let on_disk = std::mem::take(&mut *lock(&self.disk));
        let dir = lock(&self.dir.state)
            .dir
            .as_ref()
            .map(|d| d.path().to_owned());
        let files = on_disk
            .iter()
            .enumerate()
            .map(|(bucket, &written)| {
                dir.as_ref()
                    .filter(|_| written)
                    .map(|dir| dir.join(self.side.file(bucket)))
            })
            .collect();
        Spilled {
            parts,
            files,
            _dir: self.dir,
        }
    }
}

/// A table read whole: each bucket's file (if it overflowed) and what was
/// still in memory. Holds the directory, so it lives until the merge ends.
pub(super) struct Spilled {
    parts: Vec<Vec<u8>>,
    files: Vec<Option<PathBuf>>,
    _dir: Arc<SpillDir>,
}

impl Spilled {
    /// Bucket `i`, file then memory, as one reader.
    fn reader(&mut self, i: usize) -> io::Result<Bucket> {
        let file: Box<dyn Read + Send> = match self.files.get(i).and_then(Option::as_ref) {
            Some(path) => Box::new(BufReader::with_capacity(1 << 20, File::open(path)?)),
            None => Box::new(io::empty()),
        };
        let memory = self
            .parts
            .get_mut(i)
            .map(std::mem::take)
            .unwrap_or_default();
        Ok(file.chain(io::Cursor::new(memory)))
    }
}

/// One bucket of one table read back: its file, then what stayed in memory.
type Bucket = io::Chain<Box<dyn Read + Send>, io::Cursor<Vec<u8>>>;

/// Why the merge stopped.
#[derive(Debug)]
pub(super) enum MergeError {
    /// A spill file could not be read back.
    Spill(io::Error),
    /// `found` refused a difference (the differences file).
    Found(io::Error),
}

/// Every key that differs between the two tables, given to `found` as it
/// is found (bucket by bucket: no order across buckets).
pub(super) fn merge(
    mut source: Spilled,
    mut target: Spilled,
    mut found: impl FnMut(Difference) -> io::Result<()>,
) -> Result<(), MergeError> {
    let buckets = source.parts.len().max(target.parts.len());
    let mut report = |kind, key: &[u8], source_hash: Option<u128>, target_hash: Option<u128>| {
        let key = decode(key).map_err(MergeError::Spill)?;
        found(Difference {
            key,
            kind,
            source_hash: source_hash.map(hex),
            target_hash: target_hash.map(hex),
        })
        .map_err(MergeError::Found)
    };
    let (mut canonical, mut exact) = (Vec::new(), Vec::new());
    for i in 0..buckets {
        let mut whole = Vec::new();
        source
            .reader(i)
            .and_then(|mut r| r.read_to_end(&mut whole))
            .map_err(MergeError::Spill)?;
        let mut keys: HashMap<&[u8], (&[u8], u128)> = HashMap::new();
        let mut rest = whole.as_slice();
        while !rest.is_empty() {
            let r = split_record(rest).map_err(MergeError::Spill)?;
            keys.insert(r.canonical, (exact_or(r.exact, r.canonical), r.hash));
            rest = r.rest;
        }
        let mut theirs = target.reader(i).map_err(MergeError::Spill)?;
        while let Some(hash) =
            read_record(&mut theirs, &mut canonical, &mut exact).map_err(MergeError::Spill)?
        {
            match keys.remove(canonical.as_slice()) {
                None => report(
                    DiffKind::Extra,
                    exact_or(&exact, &canonical),
                    None,
                    Some(hash),
                )?,
                Some((key, ours)) if ours != hash => {
                    report(DiffKind::Changed, key, Some(ours), Some(hash))?;
                }
                Some(_) => {}
            }
        }
        for (_, (key, ours)) in keys {
            report(DiffKind::Missing, key, Some(ours), None)?;
        }
    }
    Ok(())
}

fn exact_or<'a>(exact: &'a [u8], canonical: &'a [u8]) -> &'a [u8] {
    if exact.is_empty() { canonical } else { exact }
}

fn hex(hash: u128) -> String {
    format!("{hash:032x}")
}

fn decode(key: &[u8]) -> io::Result<Item> {
    canonical::decode_item(key).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn cut_short() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "a spill file was cut short")
}

/// A record read in place, and the bytes after it.
struct Record<'a> {
    hash: u128,
    canonical: &'a [u8],
    exact: &'a [u8],
    rest: &'a [u8],
}

/// The first record of `bytes`.
fn split_record(bytes: &[u8]) -> io::Result<Record<'_>> {
    let (hash, rest) = bytes.split_at_checked(16).ok_or_else(cut_short)?;
    let mut le = [0u8; 16];
    le.copy_from_slice(hash);
    let (canonical, rest) = split_part(rest)?;
    let (exact, rest) = split_part(rest)?;
    Ok(Record {
        hash: u128::from_le_bytes(le),
        canonical,
        exact,
        rest,
    })
}

fn split_part(bytes: &[u8]) -> io::Result<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_at_checked(4).ok_or_else(cut_short)?;
    let mut le = [0u8; 4];
    le.copy_from_slice(len);
    rest.split_at_checked(u32::from_le_bytes(le) as usize)
        .ok_or_else(cut_short)
}

/// The next record from `r` into the two buffers; `None` at the end.
fn read_record(
    r: &mut impl Read,
    canonical: &mut Vec<u8>,
    exact: &mut Vec<u8>,
) -> io::Result<Option<u128>> {
    let mut hash = [0u8; 16];
    match r.read_exact(&mut hash[..1]) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    r.read_exact(&mut hash[1..]).map_err(eof_is_cut)?;
    for part in [canonical, exact] {
        let mut len = [0u8; 4];
        r.read_exact(&mut len).map_err(eof_is_cut)?;
        let len = u32::from_le_bytes(len) as usize;
        if len > MAX_KEY_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a spill file holds a key longer than any DynamoDB key",
            ));
        }
        part.resize(len, 0);
        r.read_exact(part).map_err(eof_is_cut)?;
    }
    Ok(Some(u128::from_le_bytes(hash)))
}

fn eof_is_cut(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        cut_short()
    } else {
        e
    }
}
