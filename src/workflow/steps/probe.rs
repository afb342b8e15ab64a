//! How a step tells, after a crash, whether its call landed: one probe per
//! step kind (`StepAction::probe`, written beside the kind's run code), read
//! by both the resume (what goes back into the ledger) and the start-up scan
//! (what the account shows). The probe names what the step touches; `look`
//! asks the account about those names once; the kind reads the answer.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::backend::{Backend, BackendError};
use crate::domain::{Backup, BackupPlan, Job, Table, TableStatus};
use crate::workflow::journal::{JournalFile, Record};
use crate::workflow::ledger::Ledger;
use crate::workflow::question::{Answer, Question};

/// The names a step touches in the account.
#[derive(Debug, Default, PartialEq)]
pub struct Touches<'a> {
    /// Tables it acts on.
    pub tables: Vec<&'a str>,
    /// Tables whose backups it takes (their backups are listed).
    pub backups_of: Vec<&'a str>,
    /// Backups it takes, waits for or deletes, by name.
    pub backups: Vec<&'a str>,
    /// It starts an AWS Backup restore job.
    pub restore_job: bool,
    /// It starts an AWS Backup backup job.
    pub backup_job: bool,
    /// It starts an AWS Backup copy job.
    pub copy_job: bool,
    /// AWS Backup plans it creates or changes, by name (the plans are
    /// listed).
    pub plans: Vec<&'a str>,
    /// The region all of the above are in, when not the console's own
    /// (a step run in the DR region): `look` asks that region about them.
    pub region: Option<&'a str>,
}

/// What the resume puts into the ledger from the account's answer.
type Landed<'a> = Box<dyn Fn(&Seen, &Interrupted<'_>, &mut Ledger) + Send + Sync + 'a>;
/// What the scan reports of the step from the account's answer.
type Shows<'a> = Box<dyn Fn(&Seen) -> Vec<String> + Send + Sync + 'a>;

/// One step kind's crash probe.
pub struct Probe<'a> {
    pub touches: Touches<'a>,
    landed: Option<Landed<'a>>,
    shows: Option<Shows<'a>>,
}

impl<'a> Probe<'a> {
    /// A step whose effect the resume need not learn (running it again is
    /// safe); the scan shows its tables.
    pub fn tables(tables: impl IntoIterator<Item = &'a str>) -> Self {
        Self::touching(Touches {
            tables: tables.into_iter().collect(),
            ..Touches::default()
        })
    }

    pub fn touching(touches: Touches<'a>) -> Self {
        Self {
            touches,
            landed: None,
            shows: None,
        }
    }

    /// What the resume learns from the account: what the step started.
    pub fn landed(
        mut self,
        f: impl Fn(&Seen, &Interrupted<'_>, &mut Ledger) + Send + Sync + 'a,
    ) -> Self {
        self.landed = Some(Box::new(f));
        self
    }

    /// What the resume learns, and then `f` too, whatever the account says.
    pub fn also(mut self, f: impl Fn(&mut Ledger) + Send + Sync + 'a) -> Self {
        let before = self.landed.take();
        self.landed = Some(Box::new(move |seen, at, ledger| {
            if let Some(before) = &before {
                before(seen, at, ledger);
            }
            f(ledger);
        }));
        self
    }

    /// The same probe for the step run in `region`: its names are looked
    /// up there, and it reads that region's answer.
    pub fn in_region(mut self, region: &'a str) -> Self {
        self.touches.region = Some(region);
        self
    }

    /// The part of `seen` this probe reads: its region's, when it has one
    /// (`None`: that region was not looked at).
    fn its<'s>(&self, seen: &'s Seen) -> Option<&'s Seen> {
        match self.touches.region {
            Some(region) => seen.regions.get(region),
            None => Some(seen),
        }
    }

    /// What the scan shows; without it, the lines of the step's tables.
    pub fn shows(mut self, f: impl Fn(&Seen) -> Vec<String> + Send + Sync + 'a) -> Self {
        self.shows = Some(Box::new(f));
        self
    }

    /// Puts into `ledger` what the step started before the interruption.
    pub fn reconcile(&self, seen: &Seen, at: &Interrupted<'_>, ledger: &mut Ledger) {
        let empty = Seen::default();
        let seen = self.its(seen).unwrap_or(&empty);
        if let Some(landed) = &self.landed {
            landed(seen, at, ledger);
        }
    }

    /// What the account says of the step, one line per name.
    pub fn report(&self, seen: &Seen) -> Vec<String> {
        let empty = Seen::default();
        let seen = self.its(seen).unwrap_or(&empty);
        let lines = match &self.shows {
            Some(shows) => shows(seen),
            None => self
                .touches
                .tables
                .iter()
                .map(|t| seen.table_line(t))
                .collect(),
        };
        match self.touches.region {
            Some(region) => lines
                .into_iter()
                .map(|l| format!("{l} (in {region})"))
                .collect(),
            None => lines,
        }
    }
}

/// The step the run was in when it stopped, as its journal tells it.
pub struct Interrupted<'a> {
    pub file: &'a JournalFile,
    pub step: usize,
}

impl Interrupted<'_> {
    /// When the step's (last) intent was written.
    pub fn intent_at(&self) -> Option<DateTime<Utc>> {
        self.file
            .entries
            .iter()
            .rev()
            .find(|e| matches!(e.record, Record::Intent { step: s, .. } if s == self.step))
            .map(|e| e.at)
    }

    /// The operator answered Yes to such a question during the step.
    pub fn answered_yes(&self, which: impl Fn(&Question) -> bool) -> bool {
        self.file.entries.iter().any(|e| {
            matches!(&e.record, Record::Answer { step: Some(s), question, answer: Answer::Yes }
                if *s == self.step && which(question))
        })
    }
}

/// One look at the account, for the names of one or more steps.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// `Ok(None)`: the table does not exist.
    pub tables: HashMap<String, Result<Option<Table>, BackendError>>,
    /// The run's backups found in the account, by name.
    pub backups: HashMap<String, Backup>,
    pub listing_error: Option<String>,
    /// The restore job the ledger names, described.
    pub restore_job: Option<(String, Result<Job, BackendError>)>,
    /// Every job, when a step starts a restore job the ledger does not name.
    pub jobs: Vec<Job>,
    /// The backup job the ledger names, described.
    pub backup_job: Option<(String, Result<Job, BackendError>)>,
    /// The ledger's copy job, as DescribeCopyJob answered.
    pub copy_job: Option<(String, Result<Job, BackendError>)>,
    /// The account's backup plans, when a step touches one (`None`: not
    /// listed; `Err`: why the listing failed).
    pub plans: Option<Result<Vec<BackupPlan>, String>>,
    /// What another region answered about the names its steps touch, by
    /// region (`Touches::region`).
    pub regions: HashMap<String, Seen>,
}

/// Asks the account about every name the probes touch, each once: the
/// console's region about its names, each other region about its own.
pub async fn look<'t, 'a: 't>(
    backend: &dyn Backend,
    touches: impl IntoIterator<Item = &'t Touches<'a>>,
    ledger: &Ledger,
) -> Seen {
    let touches: Vec<&Touches<'a>> = touches.into_iter().collect();
    let mut seen = look_here(
        backend,
        touches.iter().copied().filter(|t| t.region.is_none()),
        ledger,
    )
    .await;
    let mut regions: Vec<&str> = touches.iter().filter_map(|t| t.region).collect();
    regions.sort_unstable();
    regions.dedup();
    for region in regions {
        let theirs = touches.iter().copied().filter(|t| t.region == Some(region));
        let there = match backend.in_region(region).await {
            Ok(there) => look_here(there.as_ref(), theirs, ledger).await,
            // Nothing can be told there: every table "cannot tell", so a
            // call that may have landed is never sent twice.
            Err(e) => {
                let mut unknown = Seen::default();
                for table in theirs.flat_map(|t| t.tables.iter()) {
                    unknown.tables.insert((*table).to_owned(), Err(e.clone()));
                }
                unknown
            }
        };
        seen.regions.insert(region.to_owned(), there);
    }
    seen
}

/// `look` in one region.
async fn look_here<'t, 'a: 't>(
    backend: &dyn Backend,
    touches: impl IntoIterator<Item = &'t Touches<'a>>,
    ledger: &Ledger,
) -> Seen {
    let mut seen = Seen::default();
    let touches: Vec<&Touches<'a>> = touches.into_iter().collect();
    for table in touches.iter().flat_map(|t| t.tables.iter()) {
        if seen.tables.contains_key(*table) {
            continue;
        }
        let state = match backend.describe_table(table).await {
            Ok(t) => Ok(Some(t)),
            Err(BackendError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        };
        seen.tables.insert((*table).to_owned(), state);
    }
    for table in touches.iter().flat_map(|t| t.backups_of.iter()) {
        match backend.list_backups(Some(table)).await {
            Ok(list) => seen
                .backups
                .extend(list.into_iter().map(|b| (b.name.clone(), b))),
            Err(e) => seen.listing_error = Some(format!("ListBackups {table}: {e}")),
        }
    }
    if touches.iter().any(|t| t.restore_job) {
        match &ledger.restore_job {
            Some(id) => {
                let job = backend.describe_restore_job(id).await;
                seen.restore_job = Some((id.clone(), job));
            }
            None => seen.jobs = backend.list_jobs().await.unwrap_or_default(),
        }
    }
    if touches.iter().any(|t| t.backup_job) {
        match &ledger.backup_job {
            Some(id) => {
                let job = backend.describe_backup_job(id).await;
                seen.backup_job = Some((id.clone(), job));
            }
            None if seen.jobs.is_empty() => {
                seen.jobs = backend.list_jobs().await.unwrap_or_default();
            }
            None => {}
        }
    }
    if touches.iter().any(|t| t.copy_job) {
        match &ledger.copy_job {
            Some(id) => {
                let job = backend.describe_copy_job(id).await;
                seen.copy_job = Some((id.clone(), job));
            }
            None if seen.jobs.is_empty() => {
                seen.jobs = backend.list_jobs().await.unwrap_or_default();
            }
            None => {}
        }
    }
    if touches.iter().any(|t| !t.plans.is_empty()) {
        seen.plans = Some(
            backend
                .list_backup_plans()
                .await
                .map_err(|e| format!("ListBackupPlans: {e}")),
        );
    }
    seen
}

/// `Active` → `ACTIVE`, as AWS writes statuses.
pub fn upper(status: impl std::fmt::Debug) -> String {
    format!("{status:?}").to_uppercase()
}

impl Seen {
    /// `orders: ACTIVE, protection on` / `orders: does not exist`.
    pub fn table_line(&self, name: &str) -> String {
        match self.tables.get(name) {
            Some(Ok(Some(t))) => {
                let protection = if t.deletion_protection {
                    ", protection on"
                } else {
                    ", protection off"
                };
                format!("{name}: {}{protection}", upper(&t.status))
            }
            Some(Ok(None)) => format!("{name}: does not exist"),
            Some(Err(e)) => format!("{name}: cannot tell ({e})"),
            None => format!("{name}: not checked"),
        }
    }

    /// Why `name` could not be looked up, when it could not.
    pub fn lookup_error(&self, name: &str) -> Option<&BackendError> {
        match self.tables.get(name) {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }

    pub fn table_exists(&self, name: &str) -> Option<&Table> {
        match self.tables.get(name) {
            Some(Ok(Some(t))) => Some(t),
            _ => None,
        }
    }

    /// The table exists, or the account could not say: a call that may
    /// have created it is taken as sent, so it is never sent twice.
    pub fn may_exist(&self, name: &str) -> bool {
        !matches!(self.tables.get(name), Some(Ok(None)))
    }

    /// The table is being deleted or is gone.
    pub fn going(&self, name: &str) -> bool {
        match self.tables.get(name) {
            Some(Ok(Some(t))) => t.status == TableStatus::Deleting,
            Some(Ok(None)) => true,
            _ => false,
        }
    }

    pub fn backup_line(&self, name: &str) -> String {
        match (self.backups.get(name), &self.listing_error) {
            (Some(b), _) => format!("{name}: {}", upper(b.status)),
            (None, Some(e)) => format!("{name}: cannot tell ({e})"),
            (None, None) => format!("{name}: does not exist"),
        }
    }

    pub fn job_line(&self) -> Option<String> {
        let (id, job) = self.restore_job.as_ref()?;
        Some(match job {
            Ok(j) => {
                let percent = j
                    .percent_done
                    .map(|p| format!(" {p:.0}%"))
                    .unwrap_or_default();
                format!("restore job {id}: {}{percent}", upper(&j.status))
            }
            Err(e) => format!("restore job {id}: cannot tell ({e})"),
        })
    }
}
