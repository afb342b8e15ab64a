//! The engine: runs the reducer's `Command`s on tokio tasks and sends their
//! results back to the app loop as `Event`s. All backend calls happen here,
//! never on the UI path.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use crate::app::{Command, Event, RunEvent};
use crate::backend::{Backend, Scope};
use crate::checks::{self, Expectations};
use crate::inventory::{self, LoadOptions};
use crate::local::LocalState;
use crate::recovery;
use crate::workflow::{self, Answer, JobId, RunContext, WorkflowEvent};

/// A run's question waits on this until the operator answers.
type Replies = Arc<Mutex<HashMap<JobId, tokio::sync::oneshot::Sender<Answer>>>>;

pub struct Engine {
    backend: Arc<dyn Backend>,
    expectations: Expectations,
    load: LoadOptions,
    events: UnboundedSender<Event>,
    inventory: Option<JoinHandle<()>>,
    replies: Replies,
    poll_interval: Duration,
    /// Where runs write their journals and whether they can; `None`: runs
    /// are not journaled (tests of the console alone).
    local: Option<LocalState>,
    /// This console's backend, account and region, asked once it answers.
    scope: ScopeCell,
}

/// The scope, asked of the backend until it answers, then kept.
#[derive(Clone, Default)]
struct ScopeCell(Arc<tokio::sync::Mutex<Option<Scope>>>);

impl ScopeCell {
    async fn get(&self, backend: &dyn Backend) -> Result<Scope, String> {
        let mut known = self.0.lock().await;
        if let Some(scope) = known.as_ref() {
            return Ok(scope.clone());
        }
        let scope = Scope::of(backend).await?;
        *known = Some(scope.clone());
        Ok(scope)
    }
}

impl Engine {
    /// Starts the engine without journals (tests of the console alone).
    pub fn start(
        backend: Arc<dyn Backend>,
        expectations: Expectations,
        load: LoadOptions,
        poll_interval: Duration,
    ) -> (UnboundedSender<Command>, UnboundedReceiver<Event>) {
        Self::start_journaled(backend, expectations, load, poll_interval, None)
    }

    /// Starts the engine; each run journals into `local`'s journal dir.
    /// Returns where to send commands and where events come.
    pub fn start_journaled(
        backend: Arc<dyn Backend>,
        expectations: Expectations,
        load: LoadOptions,
        poll_interval: Duration,
        local: Option<LocalState>,
    ) -> (UnboundedSender<Command>, UnboundedReceiver<Event>) {
        let (cmd_tx, mut cmd_rx) = unbounded_channel::<Command>();
        let (ev_tx, ev_rx) = unbounded_channel();
        let mut engine = Engine {
            backend,
            expectations,
            load,
            events: ev_tx,
            inventory: None,
            replies: Arc::default(),
            poll_interval,
            local,
            scope: ScopeCell::default(),
        };
        if let Some(problem) = engine.local.as_ref().and_then(LocalState::refusal) {
            let _ = engine.events.send(Event::LocalState(problem));
        }
        tokio::spawn(async move {
            while let Some(cmd) = cmd_rx.recv().await {
                engine.handle(cmd);
            }
            if let Some(task) = engine.inventory.take() {
                task.abort();
            }
        });
        (cmd_tx, ev_rx)
    }

    fn handle(&mut self, cmd: Command) {
        tracing::debug!(?cmd, "engine command");
        match cmd {
            Command::LoadInventory => self.load_inventory(),
            Command::RefreshTables { names, backups } => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                tokio::spawn(async move {
                    let (tx, mut rx) = unbounded_channel();
                    let loader = tokio::spawn(inventory::refresh(backend, names, backups, tx));
                    while let Some(ev) = rx.recv().await {
                        if events.send(Event::Inventory(ev)).is_err() {
                            break;
                        }
                    }
                    loader.abort();
                });
            }
            Command::RefreshJobs => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                let vault = self.expectations.backup_vault.clone();
                tokio::spawn(async move {
                    let (tx, mut rx) = unbounded_channel();
                    let loader = tokio::spawn(inventory::refresh_jobs(backend, vault, tx));
                    while let Some(ev) = rx.recv().await {
                        if events.send(Event::Inventory(ev)).is_err() {
                            break;
                        }
                    }
                    loader.abort();
                });
            }
            Command::LoadIdentity => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                tokio::spawn(async move {
                    let _ = events.send(Event::Identity(backend.caller_identity().await));
                });
            }
            Command::StartRun { job, plan } => self.start_run(job, plan),
            Command::ResumeRun { job, journal } => self.resume_run(job, journal),
            Command::ScanJournals => {
                let (backend, events, local, scope) = (
                    self.backend.clone(),
                    self.events.clone(),
                    self.local.clone(),
                    self.scope.clone(),
                );
                tokio::spawn(async move {
                    let found = match local {
                        Some(local) => {
                            let here = scope.get(backend.as_ref()).await.ok();
                            recovery::scan(backend.as_ref(), &local.scan_dirs(), here.as_ref())
                                .await
                        }
                        None => recovery::JournalScan::default(),
                    };
                    tracing::info!(
                        interrupted = found.runs.len(),
                        finished = found.finished.len(),
                        unreadable = found.unreadable.len(),
                        "journals scanned"
                    );
                    let _ = events.send(Event::Interrupted(found));
                });
            }
            Command::DismissInterrupted { journal } => {
                let (backend, events, scope) = (
                    self.backend.clone(),
                    self.events.clone(),
                    self.scope.clone(),
                );
                tokio::spawn(async move {
                    let here = scope.get(backend.as_ref()).await.ok();
                    if let Err(e) = recovery::dismiss(&journal, here.as_ref()) {
                        tracing::error!(path = %journal.display(), "cannot dismiss the journal: {e}");
                        let _ = events.send(Event::Notice(format!(
                            "{} {e}: it is listed again at the next start",
                            journal.display()
                        )));
                    }
                });
            }
            Command::ReopenReview { of } => {
                let (backend, events, scope) = (
                    self.backend.clone(),
                    self.events.clone(),
                    self.scope.clone(),
                );
                let path = match of {
                    crate::app::ReviewOf::Journal(path) => Some(path),
                    crate::app::ReviewOf::Run { stamp, table, job } => {
                        self.local.as_ref().map(|l| {
                            l.journal_dir()
                                .join(workflow::journal::file_name(stamp, &table, job))
                        })
                    }
                };
                tokio::spawn(async move {
                    let Some(path) = path else {
                        let _ = events.send(Event::Notice(
                            "this console keeps no journals: there is no review to reopen".into(),
                        ));
                        return;
                    };
                    let here = scope.get(backend.as_ref()).await.ok();
                    let read = tokio::task::spawn_blocking({
                        let path = path.clone();
                        move || workflow::journal::read(&path)
                    })
                    .await;
                    let answer = match read {
                        Ok(Ok(file)) if here.is_none() || file.scope() != here.as_ref() => Err(
                            "the run acted on another account, region or endpoint: reopen its review there"
                                .to_owned(),
                        ),
                        Ok(Ok(file)) => recovery::reopened_review(&file, chrono::Utc::now()),
                        Ok(Err(e)) => Err(format!("cannot read {}: {e}", path.display())),
                        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
                    };
                    let _ = events.send(match answer {
                        Ok(plan) => Event::ReviewReady(plan),
                        Err(why) => Event::Notice(format!("no review reopened: {why}")),
                    });
                });
            }
            Command::PrepareUndo { table, of_job, of } => {
                let journal = match of {
                    crate::app::ReviewOf::Journal(path) => Some(path),
                    crate::app::ReviewOf::Run { stamp, table, job } => {
                        self.local.as_ref().map(|l| {
                            l.journal_dir()
                                .join(workflow::journal::file_name(stamp, &table, job))
                        })
                    }
                };
                let events = self.events.clone();
                tokio::spawn(async move {
                    let answer = match journal {
                        None => Err(
                            "this console keeps no journals: a repair's pre-images are kept beside its journal"
                                .to_owned(),
                        ),
                        Some(journal) => tokio::task::spawn_blocking(move || {
                            recovery::undo_repair_plan(&journal, table, of_job, chrono::Utc::now())
                        })
                        .await
                        .unwrap_or_else(|e| Err(format!("internal error: {e}"))),
                    };
                    let _ = events.send(match answer {
                        Ok(plan) => Event::UndoReady(plan),
                        Err(why) => Event::Notice(format!("no undo: {why}")),
                    });
                });
            }
            Command::Answer { job, answer } => {
                let reply = self
                    .replies
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&job);
                match reply {
                    Some(reply) => {
                        let _ = reply.send(answer);
                    }
                    None => tracing::warn!(job, "an answer for a job that asks nothing"),
                }
            }
            Command::LoadPlanChoices { table, table_arn } => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                let vault = self.expectations.backup_vault.clone();
                let role = self
                    .expectations
                    .backup_role_arn
                    .as_ref()
                    .map(|r| r.0.clone());
                tokio::spawn(async move {
                    let plans = backend
                        .list_backup_plans()
                        .await
                        .map_err(|e| format!("ListBackupPlans: {e}"));
                    let by_tags = plans.as_ref().is_ok_and(|plans| {
                        plans
                            .iter()
                            .flat_map(|p| &p.selections)
                            .any(|s| s.reads_tags())
                    });
                    let tags = if by_tags {
                        backend.table_tags(&table_arn).await.ok()
                    } else {
                        None
                    };
                    let choices = crate::app::plan_wizard::PlanChoices {
                        table,
                        table_arn,
                        plans,
                        tags,
                        vault,
                        role,
                        region: backend.info().region,
                    };
                    let _ = events.send(Event::PlanChoices(Box::new(choices)));
                });
            }
            Command::LoadPlans { tables } => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                tokio::spawn(async move {
                    let read =
                        crate::coverage::load(backend.as_ref(), &tables, chrono::Utc::now()).await;
                    if let Err(e) = &read {
                        tracing::warn!("cannot read the backup plans: {e}");
                    }
                    let _ = events.send(Event::PlansLoaded(read.map_err(|e| e.to_string())));
                });
            }
            Command::LoadDrills => {
                let (local, events) = (self.local.clone(), self.events.clone());
                tokio::task::spawn_blocking(move || {
                    let read = local.map(|l| crate::drill::load(&l.dir));
                    if let Some(Err(e)) = &read {
                        tracing::warn!("cannot read the drill history: {e}");
                    }
                    let _ = events.send(Event::DrillsLoaded(read.and_then(Result::ok)));
                });
            }
            Command::LoadRecoverySources {
                dr_vault,
                dr_region,
            } => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                tokio::spawn(async move {
                    let b = backend.as_ref();
                    let (dr, exports) = tokio::join!(
                        inventory::sources::load_dr(b, dr_vault.as_deref(), dr_region.as_deref()),
                        inventory::sources::load_exports(b)
                    );
                    let _ = events.send(Event::RecoverySources { dr, exports });
                });
            }
            Command::LoadPostureData {
                config,
                dr_vault,
                tables,
            } => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                tokio::spawn(async move {
                    let data = crate::posture::load_data(
                        backend.as_ref(),
                        &config,
                        dr_vault.as_ref(),
                        &tables,
                    )
                    .await;
                    let _ = events.send(Event::PostureData(Box::new(data)));
                });
            }
            Command::LoadForecast => {
                let (local, events) = (self.local.clone(), self.events.clone());
                tokio::task::spawn_blocking(move || {
                    if let Some(l) = local {
                        let history = crate::forecast::load(&l.dir);
                        let _ = events.send(Event::ForecastLoaded(history));
                    }
                });
            }
            Command::RunChecks => {
                let (backend, events, exp) = (
                    self.backend.clone(),
                    self.events.clone(),
                    self.expectations.clone(),
                );
                tokio::spawn(async move {
                    let results = checks::run(backend.as_ref(), &exp).await;
                    for r in results.iter().filter(|r| !r.passed) {
                        tracing::warn!(check = r.name, detail = %r.detail, "start-up check failed");
                    }
                    let _ = events.send(Event::Checks(results));
                });
            }
            Command::LoadProtection => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                let vault = self.expectations.backup_vault.clone();
                tokio::spawn(async move {
                    let facts = crate::protection::load(backend.as_ref(), vault.as_deref()).await;
                    let _ = events.send(Event::Protection(Box::new(facts)));
                });
            }
            Command::LoadActivity {
                table,
                start,
                end,
                period_secs,
            } => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                tokio::spawn(async move {
                    let query = crate::domain::ActivityQuery {
                        table: &table,
                        start,
                        end,
                        period_secs,
                    };
                    let result = backend
                        .table_activity(&query)
                        .await
                        .map_err(|e| e.to_string());
                    let _ = events.send(Event::Activity {
                        table: table.clone(),
                        start,
                        result,
                    });
                });
            }
        }
    }

    fn run_context(&self, job: JobId) -> RunContext {
        RunContext {
            job,
            backup_role_arn: self
                .expectations
                .backup_role_arn
                .as_ref()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            vault: self.expectations.backup_vault.clone().unwrap_or_default(),
            step_timeout: self.expectations.step_timeout.and_then(|t| t.duration()),
            poll_interval: self.poll_interval,
            journal_dir: self.local.as_ref().map(LocalState::journal_dir),
            verify: self.expectations.verify.clone(),
            repair: self.expectations.repair,
            scope: None,
        }
    }

    /// Why no run may start now because of the local state, if so.
    fn local_refusal(&self) -> Option<String> {
        self.local.as_ref().and_then(LocalState::refusal)
    }

    /// Ends `job` at once, refused, with nothing done.
    fn refuse(&self, job: JobId, reason: String) {
        let outcome = workflow::Outcome::Refused { reason };
        let _ = self
            .events
            .send(Event::Run(RunEvent::Finished { job, outcome }));
    }

    /// Runs a plan on its own task; its events come back as `Event::Run`.
    fn start_run(&mut self, job: JobId, plan: workflow::Plan) {
        if let Some(reason) = self.local_refusal() {
            return self.refuse(job, format!("not started: {reason}"));
        }
        let mut ctx = self.run_context(job);
        tracing::info!(job, operation = plan.operation.label(), "run starts");
        let (tx, rx) = unbounded_channel();
        let (backend, scope) = (self.backend.clone(), self.scope.clone());
        let runner = tokio::spawn(async move {
            ctx.scope = scope.get(backend.as_ref()).await.ok();
            workflow::run(backend, plan, ctx, tx).await
        });
        self.forward(job, rx, runner);
    }

    /// Goes on with an interrupted run from its journal, as job `job`.
    fn resume_run(&mut self, job: JobId, journal: PathBuf) {
        if let Some(reason) = self.local_refusal() {
            return self.refuse(job, format!("not resumed: {reason}"));
        }
        let mut ctx = self.run_context(job);
        let (tx, rx) = unbounded_channel();
        let (backend, scope) = (self.backend.clone(), self.scope.clone());
        let events = self.events.clone();
        tracing::info!(job, journal = %journal.display(), "run resumes");
        let runner = tokio::spawn(async move {
            ctx.scope = scope.get(backend.as_ref()).await.ok();
            match workflow::journal::read(&journal) {
                Ok(file) => workflow::resume(backend, file, ctx, tx).await,
                Err(e) => {
                    let reason = format!("cannot read the journal {}: {e}", journal.display());
                    let outcome = workflow::Outcome::Refused { reason };
                    let finished = RunEvent::Finished {
                        job,
                        outcome: outcome.clone(),
                    };
                    let _ = events.send(Event::Run(finished));
                    outcome
                }
            }
        });
        self.forward(job, rx, runner);
    }

    /// Forwards a run's events to the app loop; keeps its questions' replies.
    /// A run task that dies anyway (a panic the run could not catch) ends
    /// as a failed run on screen, never as one "running" forever; a local
    /// state that broke during the run is reported.
    fn forward(
        &self,
        job: JobId,
        mut rx: UnboundedReceiver<WorkflowEvent>,
        runner: JoinHandle<workflow::Outcome>,
    ) {
        let (events, replies) = (self.events.clone(), self.replies.clone());
        let health = self.local.as_ref().map(|l| l.health.clone());
        tokio::spawn(async move {
            let mut reported = false;
            while let Some(ev) = rx.recv().await {
                if let WorkflowEvent::Finished { job, outcome } = &ev {
                    tracing::info!(job, ?outcome, "run finished");
                }
                let (ev, reply) = ev.split();
                if let Some(reply) = reply {
                    replies
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(ev.job(), reply);
                }
                if events.send(Event::Run(ev)).is_err() {
                    break;
                }
                if !reported && let Some(problem) = health.as_ref().and_then(|h| h.get()) {
                    reported = true;
                    let _ = events.send(Event::LocalState(problem));
                }
            }
            if let Err(e) = runner.await
                && e.is_panic()
            {
                let outcome = workflow::Outcome::Failed {
                    step: 0,
                    error:
                        "internal error: the run's task stopped; check the account and the journal"
                            .to_owned(),
                    remaining: Vec::new(),
                };
                let _ = events.send(Event::Run(RunEvent::Finished { job, outcome }));
            }
            if !reported && let Some(problem) = health.and_then(|h| h.get()) {
                let _ = events.send(Event::LocalState(problem));
            }
        });
    }

    /// A new load replaces one still running, so two never interleave.
    fn load_inventory(&mut self) {
        if let Some(old) = self.inventory.take() {
            old.abort();
        }
        let (backend, events, opts) =
            (self.backend.clone(), self.events.clone(), self.load.clone());
        self.inventory = Some(tokio::spawn(async move {
            let (tx, mut rx) = unbounded_channel();
            let loader = tokio::spawn(inventory::load(backend, opts, tx));
            while let Some(ev) = rx.recv().await {
                if events.send(Event::Inventory(ev)).is_err() {
                    break;
                }
            }
            loader.abort();
        }));
    }
}
