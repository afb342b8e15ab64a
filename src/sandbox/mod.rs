//! The embedded sandbox: an in-memory AWS account behind the `Backend` trait.
//! AWS's rules hold in it (a protected table cannot be deleted, a restore
//! target must not exist, point-in-time restores outside the window are
//! refused) and work takes time, scaled by `speed` so a demo moves in seconds.
//!
//! Laid out like `aws/`: `trait_impl.rs` is the one `impl Backend`, each
//! primitive in the module of its service (`identity`, `tables`, `settings`,
//! `pitr`, `backups`, `backup_service`, `scan`, `item_writes`). This file
//! keeps what they share: the entry of every call, and `begin`/`Change::commit`, the one way
//! a primitive changes the account (and its state file).

mod activity;
mod backup_jobs;
mod backup_service;
mod backups;
mod clock;
mod copies;
mod exports;
mod fixtures;
mod identity;
mod imports;
mod item_writes;
pub mod items;
mod persist;
mod pitr;
mod plans;
mod rules;
pub mod s3;
mod scan;
pub mod seed;
pub mod seed_plans;
mod settings;
mod tables;
mod trait_impl;
mod vault_policy;
mod world;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

pub use clock::{Clock, ManualClock, SystemClock};
pub use items::TableData;

use crate::backend::{BackendError, BackendResult};
use world::{SimTable, World};

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
    world: Arc<Mutex<World>>,
    /// The version of the state file the world was last read from or
    /// saved to.
    seen: Mutex<Option<persist::Stamp>>,
    /// `file://` and the state file's full path, found once: a saved
    /// sandbox is its own account, so runs journaled against one state file
    /// are never resumed against another.
    endpoint: Option<String>,
    options: SandboxOptions,
    faults: Mutex<Vec<Fault>>,
    /// The account's other regions (`in_region`), made when first asked.
    elsewhere: Mutex<std::collections::BTreeMap<String, Arc<Sandbox>>>,
    /// Another region's sandbox: the world of the console's own region,
    /// whose tables a point-in-time restore there names by ARN.
    home: Option<Arc<Mutex<World>>>,
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
        let endpoint = options.state_path.as_ref().map(|p| {
            let path = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            format!("file://{}", path.display())
        });
        Self {
            world: Arc::new(Mutex::new(world)),
            seen: Mutex::new(seen),
            endpoint,
            options,
            faults: Mutex::new(Vec::new()),
            elsewhere: Mutex::new(std::collections::BTreeMap::new()),
            home: None,
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
    /// This account in `region`: itself for its own region, else a
    /// sandbox of that region sharing the clock (in memory only: not saved
    /// with `--sandbox-state`).
    fn region_sandbox(&self, region: &str) -> BackendResult<Arc<Sandbox>> {
        let home = self.settled().clone();
        if region == home.region {
            return Err(BackendError::Invalid(format!(
                "{region} is this console's own region: name another region"
            )));
        }
        let mut elsewhere = lock(&self.elsewhere);
        let there = elsewhere.entry(region.to_owned()).or_insert_with(|| {
            let options = SandboxOptions {
                state_path: None,
                ..self.options.clone()
            };
            let mut there = Self::from_world(copies::other_region(&home, region), options);
            there.home = Some(self.world.clone());
            Arc::new(there)
        });
        Ok(there.clone())
    }

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

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_exports;
