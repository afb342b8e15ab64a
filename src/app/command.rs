use crate::workflow::{Answer, JobId, Plan};

/// A side effect for the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    LoadInventory,
    LoadIdentity,
    RunChecks,
    /// Run an operation's plan as job `job`.
    StartRun {
        job: JobId,
        plan: Plan,
    },
    /// Answer the question job `job` waits on.
    Answer {
        job: JobId,
        answer: Answer,
    },
}
