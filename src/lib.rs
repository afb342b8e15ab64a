//! dynamo-dr: a terminal console for backing up and recovering DynamoDB tables.
//!
//! The crate is a library so tests and benches can drive every layer; the
//! binary in `main.rs` only parses the command line and picks the backend.

pub mod backend;
pub mod domain;
pub mod sandbox;
pub mod workflow;
