//! The journal of one run: a JSON-lines file under `<state dir>/journal/`
//! that says, before each step, what the run is about to do and, after it,
//! what AWS answered. Every record is written, flushed and synced to disk
//! before the run goes on, so after a crash the next launch knows where the
//! run stopped and what it had created. See `docs/recovery.md`.

mod reader;
mod record;
mod writer;

pub use reader::{JournalFile, StepState, list, parse, read};
pub use record::{Entry, Record};
pub use writer::{Journal, OpenError, append_whole, file_name, is_held};

#[cfg(test)]
mod tests;
