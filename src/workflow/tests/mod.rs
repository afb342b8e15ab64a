//! Whole workflows on the sandbox, driven headless through the engine's API:
//! the test plays the operator, answering each question.

mod backup_job;
mod backup_plans;
mod compare;
mod copy_job;
mod drill;
mod failures;
pub(crate) mod harness;
mod new_table;
mod operations;
mod plans;
mod prune;
mod questions;
mod refusals;
mod region;
mod repair;
mod s3_jobs;
mod settings;
