use crate::workflow::{Answer, JobId, Plan};

/// A side effect for the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    LoadInventory,
    /// Reload these tables (a run changed them; one gone is removed, one
    /// new is added) and, with `backups`, the list of backups.
    RefreshTables {
        names: Vec<String>,
        backups: bool,
    },
    LoadIdentity,
    RunChecks,
    /// Run an operation's plan as job `job`.
    StartRun {
        job: JobId,
        plan: Plan,
    },
    /// Find the journals of runs that never ended and check them.
    ScanJournals,
    /// Go on with an interrupted run as job `job`.
    ResumeRun {
        job: JobId,
        journal: std::path::PathBuf,
    },
    /// The operator dealt with an interrupted run: end its journal.
    DismissInterrupted {
        journal: std::path::PathBuf,
    },
    /// Answer the question job `job` waits on.
    Answer {
        job: JobId,
        answer: Answer,
    },
}
