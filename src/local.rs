//! The console's local state, laid out per kind of backend so a sandbox
//! rehearsal never mixes with a real account:
//!
//! ```text
//! <state dir>/                 0700 (DYNAMO_DR_STATE_DIR, or ~/.local/state/dynamo-dr)
//!   sandbox/ | aws/            0700
//!     journal/*.jsonl          one per run, 0600; the first record names
//!                              backend, account, region and endpoint
//!     audit.jsonl              every mutating call, intent and result, 0600
//!     dynamo-dr.log            the log, rotated at 8 MiB
//!     verify/                  differences files of `verify`
//!   journal/                   journals of older versions (never resumed)
//! ```
//!
//! The state dir is checked at start: a console that cannot write it
//! refuses to change anything, and says why.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::logging;
use crate::safe_fs;
use crate::workflow::journal;

/// Where this console keeps its journals and audit log, and whether it can.
#[derive(Debug, Clone)]
pub struct LocalState {
    /// `<state dir>/sandbox` or `<state dir>/aws`.
    pub dir: PathBuf,
    /// Why the state dir cannot be used, found at start.
    pub problem: Option<String>,
    pub health: Health,
}

impl LocalState {
    /// Creates (0700) and checks the state dir of this kind of backend.
    pub fn open(sandbox: bool) -> Self {
        let Some(dir) = logging::backend_dir(sandbox) else {
            return Self {
                dir: PathBuf::from("."),
                problem: Some(
                    "there is no home directory to keep journals in; set DYNAMO_DR_STATE_DIR"
                        .to_owned(),
                ),
                health: Health::default(),
            };
        };
        let problem = check_writable(&dir).err();
        Self {
            dir,
            problem,
            health: Health::default(),
        }
    }

    /// A state in `dir` (tests).
    pub fn at(dir: &Path) -> Self {
        let problem = check_writable(dir).err();
        Self {
            dir: dir.to_owned(),
            problem,
            health: Health::default(),
        }
    }

    pub fn journal_dir(&self) -> PathBuf {
        self.dir.join("journal")
    }

    pub fn audit_path(&self) -> PathBuf {
        self.dir.join("audit.jsonl")
    }

    /// Where the start-up scan looks: this backend's journals, then those
    /// of older versions (shown, never resumed).
    pub fn scan_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.journal_dir()];
        if let Some(root) = self.dir.parent() {
            dirs.push(root.join("journal"));
        }
        dirs
    }

    /// Why changes are refused because of the local state, if they are:
    /// the state dir found unusable at start, or a journal or audit record
    /// that could not be written since.
    pub fn refusal(&self) -> Option<String> {
        self.problem.clone().or_else(|| self.health.get())
    }

    /// Removes finished journals older than `keep_days` (the config's
    /// `[state] keep_finished_journals_days`); returns how many. Unfinished
    /// ones and the audit log are never removed.
    pub fn prune_finished_journals(&self, now: DateTime<Utc>, keep_days: i64) -> usize {
        let Ok(paths) = journal::list(&self.journal_dir()) else {
            return 0;
        };
        let cutoff = now - Duration::days(keep_days.max(1));
        let mut removed = 0;
        for path in paths {
            let Ok(file) = journal::read(&path) else {
                continue;
            };
            let last = file.entries.last().map(|e| e.at);
            if file.finished()
                && last.is_some_and(|at| at < cutoff)
                && !journal::is_held(&path)
                && std::fs::remove_file(&path).is_ok()
            {
                removed += 1;
            }
        }
        removed
    }
}

/// Creates `dir` and its journal dir (0700) and proves a file can be
/// written there.
fn check_writable(dir: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("the state dir {} cannot be used: {e}", dir.display());
    if let Some(root) = dir.parent() {
        safe_fs::private_dir(root).map_err(fail)?;
    }
    safe_fs::private_dir(dir).map_err(fail)?;
    safe_fs::private_dir(&dir.join("journal")).map_err(fail)?;
    let probe = dir.join(format!(".probe-{}", std::process::id()));
    let _ = std::fs::remove_file(&probe);
    safe_fs::create_new_private(&probe).map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    let audit = dir.join("audit.jsonl");
    safe_fs::open_append_private(&audit)
        .map(drop)
        .map_err(|e| format!("the audit log {} cannot be written: {e}", audit.display()))
}

/// The first failure to write the journal or the audit log in this
/// session; from then on the console refuses new changes.
#[derive(Debug, Clone, Default)]
pub struct Health(Arc<Mutex<Option<String>>>);

impl Health {
    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Keeps the first reason.
    pub fn fail(&self, reason: String) {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            tracing::error!("local state: {reason}");
            *slot = Some(reason);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_state_dir_that_is_a_file_is_found_at_start() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("state");
        std::fs::write(&file, b"").unwrap();
        let local = LocalState::at(&file.join("sandbox"));
        let problem = local.problem.unwrap();
        assert!(problem.contains("cannot be used"), "{problem}");
        assert!(local.health.get().is_none());
    }

    #[test]
    fn an_audit_log_that_is_a_directory_is_found_at_start() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("sandbox");
        std::fs::create_dir_all(dir.join("audit.jsonl")).unwrap();
        let problem = LocalState::at(&dir).problem.unwrap();
        assert!(problem.contains("audit log"), "{problem}");
    }

    #[test]
    fn the_state_dir_and_journal_dir_are_private() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("state").join("aws");
        let local = LocalState::at(&dir);
        assert!(local.problem.is_none(), "{:?}", local.problem);
        for d in [dir.parent().unwrap(), &dir, &local.journal_dir()] {
            let mode = std::fs::metadata(d).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
        }
        let mode = std::fs::metadata(local.audit_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn only_finished_journals_past_their_age_are_pruned() {
        use crate::workflow::journal::{Journal, Record};
        let root = tempfile::tempdir().unwrap();
        let local = LocalState::at(&root.path().join("sandbox"));
        let dir = local.journal_dir();
        let finished = Record::Dismissed { why: "x".into() };
        let unfinished = Record::Checked {
            facts: Default::default(),
        };
        drop(Journal::create(&dir, "old-finished.jsonl", finished.clone()).unwrap());
        drop(Journal::create(&dir, "old-unfinished.jsonl", unfinished).unwrap());
        let later = Utc::now() + Duration::days(100);
        assert_eq!(local.prune_finished_journals(Utc::now(), 90), 0);
        assert_eq!(local.prune_finished_journals(later, 90), 1);
        let left: Vec<_> = journal::list(&dir).unwrap();
        assert_eq!(left.len(), 1);
        assert!(left[0].ends_with("old-unfinished.jsonl"));
    }

    #[test]
    fn health_keeps_the_first_failure() {
        let health = Health::default();
        health.fail("first".into());
        health.fail("second".into());
        assert_eq!(health.get().as_deref(), Some("first"));
    }
}
