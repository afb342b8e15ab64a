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
    /// Read a finished run's journal and, when its leftovers may be
    /// reviewed, answer with the plan of the reopened review
    /// (`Event::ReviewReady`).
    ReopenReview {
        of: ReviewOf,
    },
    /// Find finished repair run `of_job`'s pre-image file beside its
    /// journal and answer with the plan of its undo (`Event::UndoReady`),
    /// or say why there is none.
    PrepareUndo {
        table: crate::domain::TableName,
        of_job: crate::workflow::JobId,
        of: ReviewOf,
    },
    /// Answer the question job `job` waits on.
    Answer {
        job: JobId,
        answer: Answer,
    },
    /// Reload AWS Backup's job list and the vault's recovery points (a
    /// run's backup job started or ended).
    RefreshJobs,
    /// Read who can delete backups (`Event::Protection`): the configured
    /// vault, its access policy, IAM's simulator for the caller.
    LoadProtection,
    /// Read a table's activity for the recovery timeline
    /// (`Event::Activity`).
    LoadActivity {
        table: String,
        start: chrono::DateTime<chrono::Utc>,
        end: chrono::DateTime<chrono::Utc>,
        period_secs: u32,
    },
    /// Read the plans (and the table's tags when a selection goes by tags)
    /// for the plan chooser of `table` (`Event::PlanChoices`).
    LoadPlanChoices {
        table: crate::domain::TableName,
        table_arn: String,
    },
    /// Read the AWS Backup plans and resolve the coverage of these tables
    /// (name, ARN): `Event::PlansLoaded`.
    LoadPlans {
        tables: Vec<(String, String)>,
    },
    /// Read the drill history: `Event::DrillsLoaded`.
    LoadDrills,
    /// Read the Recovery pane's other sources: the copies in the DR vault
    /// (when one is set) and the DR region's tables, and the exports:
    /// `Event::RecoverySources`.
    LoadRecoverySources {
        dr_vault: Option<String>,
        /// The DR region when named (`--dr-region`, `[copies] region`).
        dr_region: Option<String>,
    },
    /// Read the restore history of the forecast (the journals of finished
    /// runs, the drills): `Event::ForecastLoaded`.
    LoadForecast,
    /// Read what the posture rules need beyond the inventory: the tags of
    /// these tables (name, ARN) and the DR vault's copies, as `config`
    /// asks (`dr_vault`: `[copies] vault_arn`): `Event::PostureData`.
    LoadPostureData {
        config: Box<crate::config::PostureConfig>,
        dr_vault: Option<crate::domain::VaultArn>,
        tables: Vec<(String, String)>,
    },
}

/// Which finished run's journal: one found at start-up, or one of this
/// session's (found by its name: stamp, table, job).
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewOf {
    Journal(std::path::PathBuf),
    Run {
        stamp: chrono::DateTime<chrono::Utc>,
        table: String,
        job: crate::workflow::JobId,
    },
}
