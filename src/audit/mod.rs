//! The audit log: every call that changes the account, one JSON line in
//! `<state dir>/{sandbox,aws}/audit.jsonl` (intent before, result after), with who made it, where, on what and how it
//! ended. Written by `AuditedBackend`, which wraps either backend. Never
//! holds credentials: the domain types carry none.

mod backend;
mod log;

pub use backend::AuditedBackend;
pub use log::{AuditLog, AuditRecord, Phase};
