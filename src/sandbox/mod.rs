//! The embedded sandbox: an in-memory AWS account behind the `Backend` trait.
//! AWS's rules hold in it (a protected table cannot be deleted, a restore
//! target must not exist, point-in-time restores outside the window are
//! refused) and work takes time, scaled by `speed` so a demo moves in seconds.

mod clock;
pub mod items;
mod persist;
mod rules;
mod scan;
pub mod seed;
mod settings;
mod world;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

pub use clock::{Clock, ManualClock, SystemClock};
pub use items::TableData;

use crate::backend::{Backend, BackendError, BackendInfo, BackendKind, BackendResult, ScanPage};
use crate::domain::{
    Backup, BackupStatus, BackupType, CallerIdentity, Item, Job, KeySchema, PitrStatus, PitrTarget,
    RecoveryPoint, RecoveryPointStatus, SettingChange, Table, TableName, TableSettings, VaultInfo,
};
use world::{DroppedSettings, KeptSettings, Phase, SimBackup, SimPitr, SimTable, World};

/// How the sandbox is built.
#[derive(Clone)]
pub struct SandboxOptions {
    pub seed: u64,
    /// How many times faster than AWS work completes (60: a 20-minute restore
    /// takes 20 seconds).
    pub speed: f64,
    /// Where the account is saved after every change, and loaded from.
    pub state_path: Option<PathBuf>,
    /// Added to every call, to measure loaders against a slow network.
    pub latency: std::time::Duration,
    pub clock: Arc<dyn Clock>,
    /// Multiplies the seeded tables' item counts: 1.0 is the demo's
    /// realistic account; tests and quick rehearsals shrink it, since a
    /// verification reads every item.
    pub item_scale: f64,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        Self {
            seed: 42,
            speed: 60.0,
            state_path: None,
            latency: std::time::Duration::ZERO,
            clock: Arc::new(SystemClock),
            item_scale: 1.0,
        }
    }
}

/// A failure to raise on the next call of one primitive (tests and rehearsals).
#[derive(Debug, Clone)]
struct Fault {
    operation: &'static str,
    /// `None`: the call panics, as a bug would.
    error: Option<BackendError>,
}

pub struct Sandbox {
    world: Mutex<World>,
    /// The version of the state file the world was last read from or
    /// saved to.
    seen: Mutex<Option<persist::Stamp>>,
    options: SandboxOptions,
    faults: Mutex<Vec<Fault>>,
}

impl Sandbox {
    /// The seeded demo account, or the saved one at `state_path` if it exists.
    pub fn open(options: SandboxOptions) -> Result<Self, persist::StateError> {
        let now = options.clock.now();
        let world = match &options.state_path {
            Some(path) => match persist::load(path)? {
                Some(world) => world,
                None => {
                    let world = seed::seeded_world(options.seed, now, options.item_scale);
                    persist::save(path, &world)?;
                    world
                }
            },
            None => seed::seeded_world(options.seed, now, options.item_scale),
        };
        Ok(Self::from_world(world, options))
    }

    fn from_world(world: World, options: SandboxOptions) -> Self {
        let seen = options.state_path.as_deref().and_then(persist::stamp);
        Self {
            world: Mutex::new(world),
            seen: Mutex::new(seen),
            options,
            faults: Mutex::new(Vec::new()),
        }
    }

    /// An empty account (tests, benchmarks).
    pub fn empty(options: SandboxOptions) -> Self {
        let mut world = seed::seeded_world(options.seed, options.clock.now(), options.item_scale);
        world.tables.clear();
        world.backups.clear();
        world.recovery_points.clear();
        world.jobs.clear();
        Self::from_world(world, options)
    }

    /// Makes the next call of `operation` (a trait method's name) fail.
    pub fn fail_next(&self, operation: &'static str, error: BackendError) {
        lock(&self.faults).push(Fault {
            operation,
            error: Some(error),
        });
    }

    /// Makes the next call of `operation` panic, as a bug in the console
    /// would (tests of what a panic in a run leaves behind).
    pub fn panic_next(&self, operation: &'static str) {
        lock(&self.faults).push(Fault {
            operation,
            error: None,
        });
    }

    /// Adds a table directly (tests, benchmarks).
    pub fn insert_table(&self, name: &str, data: TableData, pitr_days: Option<u8>) {
        let now = self.now();
        let mut world = lock(&self.world);
        let arn = world.table_arn(name);
        let table = SimTable {
            name: name.to_owned(),
            arn,
            billing: crate::domain::BillingMode::PayPerRequest,
            deletion_protection: false,
            gsis: Vec::new(),
            created_at: now - Duration::days(60),
            phase: Phase::Active,
            pitr: pitr_days.map(|period_days| SimPitr {
                enabled_at: now - Duration::days(60),
                period_days,
            }),
            kept: KeptSettings::default(),
            dropped: DroppedSettings::default(),
            history: vec![(now - Duration::days(60), data)],
        };
        world.tables.insert(name.to_owned(), table);
    }

    /// Adds `n` monthly recovery points of a table to the sandbox vault
    /// (tests, benchmarks).
    pub fn insert_recovery_points(&self, table: &str, n: u32) {
        let now = self.now();
        let mut world = lock(&self.world);
        let Some(t) = world.tables.get(table).cloned() else {
            return;
        };
        for m in 0..n {
            let created = now - Duration::days(i64::from(m) * 30 + 3);
            let id = world.fresh_id();
            let arn = format!(
                "{}/backup/{:013}-{id:08x}",
                t.arn,
                created.timestamp_millis()
            );
            let data = t.data_at(created);
            let point = RecoveryPoint {
                arn: arn.clone(),
                resource_arn: t.arn.clone(),
                created_at: created,
                status: RecoveryPointStatus::Completed,
                storage: crate::domain::StorageClass::Warm,
                lifecycle: world::lifecycle(created, 8, 365 * 10),
                size_bytes: Some(data.size_bytes),
            };
            world.recovery_points.insert(
                arn,
                world::SimRecoveryPoint {
                    vault: seed::VAULT.to_owned(),
                    point,
                    billing: t.billing.clone(),
                    gsis: t.gsis.clone(),
                    kept: t.kept.clone(),
                    data,
                },
            );
        }
    }

    /// Replaces a table's contents now (tests: simulate writes or corruption).
    pub fn write_data(&self, table: &str, data: TableData) -> BackendResult<()> {
        let now = self.now();
        let mut world = lock(&self.world);
        let t = world
            .tables
            .get_mut(table)
            .ok_or_else(|| BackendError::not_found(format!("table {table}")))?;
        t.history.push((now, data));
        Ok(())
    }

    /// A table's current contents (tests and verification).
    pub fn table_data(&self, table: &str) -> Option<TableData> {
        let world = self.settled();
        world.tables.get(table).map(SimTable::data)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.options.clock.now()
    }

    /// How long `nominal` AWS time takes here.
    fn scaled(&self, nominal: Duration) -> Duration {
        let ms = nominal.num_milliseconds() as f64 / self.options.speed.max(0.001);
        Duration::milliseconds(ms as i64)
    }

    /// The world as of now, with what another console saved since.
    fn settled(&self) -> MutexGuard<'_, World> {
        let now = self.now();
        let mut world = lock(&self.world);
        if let Err(e) = self.reload_if_saved_elsewhere(&mut world) {
            tracing::warn!("sandbox state not reloaded: {e}");
        }
        world.settle(now);
        world
    }

    /// Entry of every call: latency, then an injected fault if one is queued.
    async fn enter(&self, operation: &'static str) -> BackendResult<()> {
        if !self.options.latency.is_zero() {
            tokio::time::sleep(self.options.latency).await;
        }
        let fault = {
            let mut faults = lock(&self.faults);
            let pos = faults.iter().position(|f| f.operation == operation);
            pos.map(|pos| faults.remove(pos))
        };
        match fault.map(|f| f.error) {
            None => Ok(()),
            Some(Some(error)) => Err(error),
            #[allow(clippy::panic)]
            Some(None) => panic!("injected panic in {operation}"),
        }
    }

    /// Starts a change: takes the state file's lock (when there is one),
    /// reloads what another console saved since, settles, and hands out a
    /// copy to change. Nothing counts until `Change::commit`.
    fn begin(&self) -> BackendResult<Change<'_>> {
        let file_lock = match &self.options.state_path {
            Some(path) => Some(persist::lock(path).map_err(state_error)?),
            None => None,
        };
        let now = self.now();
        let mut world = lock(&self.world);
        self.reload_if_saved_elsewhere(&mut world)?;
        world.settle(now);
        let work = world.clone();
        Ok(Change {
            world,
            work,
            sandbox: self,
            _file_lock: file_lock,
        })
    }

    /// Another console sharing the state file saved a change: read it.
    fn reload_if_saved_elsewhere(&self, world: &mut World) -> BackendResult<()> {
        let Some(path) = &self.options.state_path else {
            return Ok(());
        };
        let now = persist::stamp(path);
        let mut seen = lock(&self.seen);
        if now.is_some() && now != *seen {
            if let Some(saved) = persist::load(path).map_err(state_error)? {
                *world = saved;
            }
            *seen = now;
        }
        Ok(())
    }
}

fn state_error(e: persist::StateError) -> BackendError {
    BackendError::Unsupported(e.to_string())
}

/// One change to the account: a copy of the world that becomes the world
/// once saved (dropped unsaved, it changes nothing).
struct Change<'a> {
    world: MutexGuard<'a, World>,
    work: World,
    sandbox: &'a Sandbox,
    _file_lock: Option<persist::StateLock>,
}

impl Change<'_> {
    /// Saves the changed world (when a state file is set), then makes it
    /// the world in memory.
    fn commit(self) -> BackendResult<()> {
        let Change {
            mut world,
            work,
            sandbox,
            _file_lock,
        } = self;
        if let Some(path) = &sandbox.options.state_path {
            persist::save(path, &work).map_err(state_error)?;
            *lock(&sandbox.seen) = persist::stamp(path);
        }
        *world = work;
        Ok(())
    }
}

impl std::ops::Deref for Change<'_> {
    type Target = World;
    fn deref(&self) -> &World {
        &self.work
    }
}

impl std::ops::DerefMut for Change<'_> {
    fn deref_mut(&mut self) -> &mut World {
        &mut self.work
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn table_mut<'w>(world: &'w mut World, name: &str) -> BackendResult<&'w mut SimTable> {
    world
        .tables
        .get_mut(name)
        .ok_or_else(|| BackendError::not_found(format!("table {name}")))
}

#[async_trait]
impl Backend for Sandbox {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            kind: BackendKind::Sandbox,
            region: lock(&self.world).region.clone(),
            // A saved sandbox is its own account: runs journaled against
            // one state file are never resumed against another.
            endpoint: self.options.state_path.as_ref().map(|p| {
                let path = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                format!("file://{}", path.display())
            }),
            profile: None,
        }
    }

    async fn caller_identity(&self) -> BackendResult<CallerIdentity> {
        self.enter("caller_identity").await?;
        let world = lock(&self.world);
        Ok(CallerIdentity {
            account: world.account.clone(),
            arn: world.caller_arn.clone(),
            user_id: "AROASANDBOX:sandbox".to_owned(),
        })
    }

    async fn describe_backup_vault(&self, vault: &str) -> BackendResult<VaultInfo> {
        self.enter("describe_backup_vault").await?;
        let world = lock(&self.world);
        let v = world
            .vaults
            .get(vault)
            .ok_or_else(|| BackendError::not_found(format!("backup vault {vault}")))?;
        let count = world
            .recovery_points
            .values()
            .filter(|p| p.vault == vault)
            .count();
        Ok(VaultInfo {
            name: v.name.clone(),
            arn: v.arn.clone(),
            recovery_points: count as u64,
        })
    }

    async fn list_attached_role_policies(&self, role_name: &str) -> BackendResult<Vec<String>> {
        self.enter("list_attached_role_policies").await?;
        lock(&self.world)
            .roles
            .get(role_name)
            .cloned()
            .ok_or_else(|| BackendError::not_found(format!("IAM role {role_name}")))
    }

    async fn list_tables(&self) -> BackendResult<Vec<String>> {
        self.enter("list_tables").await?;
        Ok(self.settled().tables.keys().cloned().collect())
    }

    async fn describe_table(&self, table: &str) -> BackendResult<Table> {
        self.enter("describe_table").await?;
        let mut world = self.settled();
        Ok(table_mut(&mut world, table)?.to_domain())
    }

    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table> {
        self.enter("set_deletion_protection").await?;
        let mut world = self.begin()?;
        let t = table_mut(&mut world, table)?;
        rules::require_active(t)?;
        t.deletion_protection = enabled;
        let out = t.to_domain();
        world.commit()?;
        Ok(out)
    }

    async fn delete_table(&self, table: &str) -> BackendResult<Table> {
        self.enter("delete_table").await?;
        let now = self.now();
        let gone_at = now + self.scaled(rules::delete_time());
        let mut world = self.begin()?;
        let t = table_mut(&mut world, table)?;
        rules::require_active(t)?;
        if t.deletion_protection {
            return Err(BackendError::DeletionProtected {
                table: table.to_owned(),
            });
        }
        t.phase = Phase::Deleting { gone_at };
        let out = t.to_domain();
        world.commit()?;
        Ok(out)
    }

    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings> {
        self.enter("describe_settings").await?;
        let now = self.now();
        let mut world = self.settled();
        Ok(settings::describe(table_mut(&mut world, table)?, now))
    }

    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()> {
        self.enter("apply_setting").await?;
        let mut world = self.begin()?;
        let t = table_mut(&mut world, table)?;
        rules::require_active(t)?;
        settings::apply(t, change)?;
        world.commit()
    }

    async fn describe_continuous_backups(&self, table: &str) -> BackendResult<PitrStatus> {
        self.enter("describe_continuous_backups").await?;
        let now = self.now();
        let mut world = self.settled();
        Ok(table_mut(&mut world, table)?.pitr_status(now))
    }

    async fn update_continuous_backups(
        &self,
        table: &str,
        enabled: bool,
        recovery_period_days: Option<u8>,
    ) -> BackendResult<PitrStatus> {
        self.enter("update_continuous_backups").await?;
        let period = rules::recovery_period(recovery_period_days)?;
        let now = self.now();
        let mut world = self.begin()?;
        let t = table_mut(&mut world, table)?;
        rules::require_active(t)?;
        t.pitr = match (enabled, &t.pitr) {
            (false, _) => None,
            (true, Some(p)) => Some(SimPitr {
                enabled_at: p.enabled_at,
                period_days: period,
            }),
            (true, None) => Some(SimPitr {
                enabled_at: now,
                period_days: period,
            }),
        };
        let out = t.pitr_status(now);
        world.commit()?;
        Ok(out)
    }

    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table> {
        self.enter("restore_table_to_point_in_time").await?;
        TableName::parse(target).map_err(|e| BackendError::Invalid(e.to_string()))?;
        let now = self.now();
        let mut world = self.begin()?;
        rules::require_absent(&world, target)?;
        let src = world
            .tables
            .get(source)
            .ok_or_else(|| BackendError::not_found(format!("table {source}")))?;
        let when = rules::pitr_instant(src, at, now)?;
        let data = src.data_at(when);
        let restored = SimTable {
            name: target.to_owned(),
            arn: world.table_arn(target),
            billing: src.billing.clone(),
            deletion_protection: false,
            gsis: src.gsis.clone(),
            created_at: now,
            phase: Phase::Creating {
                ready_at: now + self.scaled(rules::restore_time(data.size_bytes)),
            },
            pitr: None,
            kept: src.kept.clone(),
            dropped: DroppedSettings::default(),
            history: vec![(now, data)],
        };
        let out = restored.to_domain();
        world.tables.insert(target.to_owned(), restored);
        world.commit()?;
        Ok(out)
    }

    async fn create_backup(&self, table: &str, backup_name: &str) -> BackendResult<Backup> {
        self.enter("create_backup").await?;
        TableName::parse(backup_name).map_err(|e| BackendError::Invalid(e.to_string()))?;
        let now = self.now();
        let mut world = self.begin()?;
        let t = table_mut(&mut world, table)?;
        rules::require_active(t)?;
        let (data, table_arn, billing, gsis, kept) = (
            t.data(),
            t.arn.clone(),
            t.billing.clone(),
            t.gsis.clone(),
            t.kept.clone(),
        );
        let id = world.fresh_id();
        let arn = format!("{table_arn}/backup/{:013}-{id:06x}", now.timestamp_millis());
        let backup = Backup {
            arn: arn.clone(),
            name: backup_name.to_owned(),
            table_name: table.to_owned(),
            status: BackupStatus::Creating,
            kind: BackupType::User,
            created_at: now,
            size_bytes: Some(data.size_bytes),
        };
        world.backups.insert(
            arn,
            SimBackup {
                backup: backup.clone(),
                table_arn,
                billing,
                gsis,
                kept,
                data,
                ready_at: now + self.scaled(rules::backup_time(data.size_bytes)),
            },
        );
        world.commit()?;
        Ok(backup)
    }

    async fn describe_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.enter("describe_backup").await?;
        self.settled()
            .backups
            .get(backup_arn)
            .map(|b| b.backup.clone())
            .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))
    }

    async fn list_backups(&self, table: Option<&str>) -> BackendResult<Vec<Backup>> {
        self.enter("list_backups").await?;
        Ok(self
            .settled()
            .backups
            .values()
            .filter(|b| table.is_none_or(|t| b.backup.table_name == t))
            .map(|b| b.backup.clone())
            .collect())
    }

    async fn delete_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.enter("delete_backup").await?;
        let mut world = self.begin()?;
        let b = world
            .backups
            .get(backup_arn)
            .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))?;
        if b.backup.status == BackupStatus::Creating {
            return Err(BackendError::InUse {
                resource: format!("backup {}", b.backup.name),
                detail: "still being created".to_owned(),
            });
        }
        let mut gone = world
            .backups
            .remove(backup_arn)
            .map(|b| b.backup)
            .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))?;
        gone.status = BackupStatus::Deleted;
        world.commit()?;
        Ok(gone)
    }

    async fn restore_table_from_backup(
        &self,
        target: &str,
        backup_arn: &str,
    ) -> BackendResult<Table> {
        self.enter("restore_table_from_backup").await?;
        TableName::parse(target).map_err(|e| BackendError::Invalid(e.to_string()))?;
        let now = self.now();
        let mut world = self.begin()?;
        rules::require_absent(&world, target)?;
        let b = world
            .backups
            .get(backup_arn)
            .ok_or_else(|| BackendError::not_found(format!("backup {backup_arn}")))?;
        if b.backup.status != BackupStatus::Available {
            return Err(BackendError::InUse {
                resource: format!("backup {}", b.backup.name),
                detail: "not AVAILABLE yet".to_owned(),
            });
        }
        let restored = SimTable {
            name: target.to_owned(),
            arn: world.table_arn(target),
            billing: b.billing.clone(),
            deletion_protection: false,
            gsis: b.gsis.clone(),
            created_at: now,
            phase: Phase::Creating {
                ready_at: now + self.scaled(rules::restore_time(b.data.size_bytes)),
            },
            pitr: None,
            kept: b.kept.clone(),
            dropped: DroppedSettings::default(),
            history: vec![(now, b.data)],
        };
        let out = restored.to_domain();
        world.tables.insert(target.to_owned(), restored);
        world.commit()?;
        Ok(out)
    }

    async fn list_recovery_points(
        &self,
        vault: &str,
        resource_arn: Option<&str>,
    ) -> BackendResult<Vec<RecoveryPoint>> {
        self.enter("list_recovery_points").await?;
        let now = self.now();
        let world = self.settled();
        if !world.vaults.contains_key(vault) {
            return Err(BackendError::not_found(format!("backup vault {vault}")));
        }
        Ok(world
            .recovery_points
            .values()
            .filter(|p| p.vault == vault)
            .filter(|p| resource_arn.is_none_or(|r| p.point.resource_arn == r))
            .map(|p| p.to_domain(now))
            .filter(|p| p.status != RecoveryPointStatus::Expired)
            .collect())
    }

    async fn start_restore_job(
        &self,
        recovery_point_arn: &str,
        role_arn: &str,
        target_table: &str,
    ) -> BackendResult<String> {
        self.enter("start_restore_job").await?;
        TableName::parse(target_table).map_err(|e| BackendError::Invalid(e.to_string()))?;
        let now = self.now();
        let mut world = self.begin()?;
        rules::require_restore_role(&world, role_arn)?;
        rules::require_absent(&world, target_table)?;
        let rp = world
            .recovery_points
            .get(recovery_point_arn)
            .ok_or_else(|| BackendError::not_found(format!("recovery point {recovery_point_arn}")))?
            .clone();
        let point = rp.to_domain(now);
        if point.status != RecoveryPointStatus::Completed {
            return Err(BackendError::Invalid(format!(
                "recovery point {recovery_point_arn} is not restorable ({:?})",
                point.status
            )));
        }
        let done_at = now + self.scaled(point.estimated_restore());
        let id = format!("restore-job-{:06}", world.fresh_id());
        let target_arn = world.table_arn(target_table);
        world.tables.insert(
            target_table.to_owned(),
            SimTable {
                name: target_table.to_owned(),
                arn: target_arn.clone(),
                billing: rp.billing.clone(),
                deletion_protection: false,
                gsis: rp.gsis.clone(),
                created_at: now,
                phase: Phase::Creating { ready_at: done_at },
                pitr: None,
                kept: rp.kept.clone(),
                dropped: DroppedSettings::default(),
                history: vec![(now, rp.data)],
            },
        );
        world.jobs.insert(
            id.clone(),
            World::restore_job(id.clone(), &point, target_arn, now, done_at),
        );
        world.commit()?;
        Ok(id)
    }

    async fn describe_restore_job(&self, job_id: &str) -> BackendResult<Job> {
        self.enter("describe_restore_job").await?;
        let now = self.now();
        self.settled()
            .jobs
            .get(job_id)
            .map(|j| j.to_domain(now))
            .ok_or_else(|| BackendError::not_found(format!("restore job {job_id}")))
    }

    async fn list_jobs(&self) -> BackendResult<Vec<Job>> {
        self.enter("list_jobs").await?;
        let now = self.now();
        Ok(self
            .settled()
            .jobs
            .values()
            .map(|j| j.to_domain(now))
            .collect())
    }

    async fn describe_key_schema(&self, table: &str) -> BackendResult<KeySchema> {
        self.enter("describe_key_schema").await?;
        self.key_schema_of(table)
    }

    async fn scan_segment(
        &self,
        table: &str,
        segment: u32,
        total_segments: u32,
        exclusive_start_key: Option<&Item>,
        limit: u32,
    ) -> BackendResult<ScanPage> {
        self.enter("scan_segment").await?;
        // A page is real work here (the items are made, not fetched): let
        // the task's other futures (the checklist's progress) run between
        // pages, as a network call would.
        tokio::task::yield_now().await;
        self.scan_page(table, segment, total_segments, exclusive_start_key, limit)
    }
}

#[cfg(test)]
mod tests;
