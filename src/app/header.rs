use crate::backend::BackendInfo;
use crate::checks::{CheckResult, blocking_reason};
use crate::domain::CallerIdentity;

#[derive(Debug, Clone, PartialEq)]
pub enum ChecksState {
    Running,
    Done(Vec<CheckResult>),
}

/// Where the console points and whether it may change anything.
#[derive(Debug, Clone)]
pub struct HeaderState {
    pub backend: BackendInfo,
    /// `None` while loading; the error text if STS failed.
    pub identity: Option<Result<CallerIdentity, String>>,
    pub checks: ChecksState,
    /// `--read-only` on the command line.
    pub read_only_flag: bool,
    /// The state dir, a journal or the audit log cannot be written.
    pub local_problem: Option<String>,
}

impl HeaderState {
    pub fn new(backend: BackendInfo, read_only_flag: bool) -> Self {
        Self {
            backend,
            identity: None,
            checks: ChecksState::Running,
            read_only_flag,
            local_problem: None,
        }
    }

    /// Why mutating operations are refused now, if they are.
    pub fn read_only_reason(&self) -> Option<String> {
        if self.read_only_flag {
            return Some("started with --read-only".to_owned());
        }
        if let Some(problem) = &self.local_problem {
            return Some(problem.clone());
        }
        match &self.checks {
            ChecksState::Running => Some("start-up checks are still running".to_owned()),
            ChecksState::Done(results) => blocking_reason(results),
        }
    }
}
