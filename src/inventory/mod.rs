//! The inventory loader: every table with its details and PITR window, the
//! DynamoDB backups, the vault's recovery points and the jobs. Per-table
//! calls run concurrently with a bound; results stream out as they arrive so
//! the console fills in, and one table's failure stays on that table. The
//! console and `dynamo-dr inventory --json` use the same loader.

mod snapshot;

use std::sync::Arc;

use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedSender;

pub use snapshot::{Inventory, TableEntry};
pub mod sources;

use crate::backend::{Backend, BackendError};
use crate::domain::{Backup, Job, PitrStatus, RecoveryPoint, Table};

/// One piece of the inventory, as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub enum InventoryEvent {
    /// ListTables finished: the rows to fill in.
    TableNames(Vec<String>),
    TableLoaded {
        name: String,
        table: Table,
        pitr: PitrStatus,
    },
    TableFailed {
        name: String,
        error: BackendError,
    },
    /// A reloaded table no longer exists (a run deleted it).
    TableGone {
        name: String,
    },
    Backups(Result<Vec<Backup>, BackendError>),
    RecoveryPoints(Result<Vec<RecoveryPoint>, BackendError>),
    Jobs(Result<Vec<Job>, BackendError>),
    /// ListTables itself failed: nothing else will come for tables.
    ListFailed(BackendError),
    Finished,
}

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The AWS Backup vault; without one, no recovery points are listed.
    pub vault: Option<String>,
    /// Per-table calls in flight at once (at least 1).
    pub concurrency: usize,
}

/// Loads everything, sending events to `out` as they arrive, and ends with
/// `Finished`. Returns early (quietly) if the receiver is gone.
pub async fn load(
    backend: Arc<dyn Backend>,
    opts: LoadOptions,
    out: UnboundedSender<InventoryEvent>,
) {
    let side = {
        let backend = backend.clone();
        let out = out.clone();
        let vault = opts.vault.clone();
        async move {
            let backups = backend.list_backups(None).await;
            let _ = out.send(InventoryEvent::Backups(backups));
            let points = match vault {
                Some(v) => backend.list_recovery_points(&v, None).await,
                None => Ok(Vec::new()),
            };
            let _ = out.send(InventoryEvent::RecoveryPoints(points));
            let _ = out.send(InventoryEvent::Jobs(backend.list_jobs().await));
        }
    };
    let tables = async {
        let names = match backend.list_tables().await {
            Ok(names) => names,
            Err(e) => {
                let _ = out.send(InventoryEvent::ListFailed(e));
                return;
            }
        };
        if out.send(InventoryEvent::TableNames(names.clone())).is_err() {
            return;
        }
        let mut details = futures_util::stream::iter(names)
            .map(|name| {
                let backend = backend.clone();
                async move { describe(backend.as_ref(), name).await }
            })
            .buffer_unordered(opts.concurrency.max(1));
        while let Some(ev) = details.next().await {
            if out.send(ev).is_err() {
                return;
            }
        }
    };
    tokio::join!(side, tables);
    let _ = out.send(InventoryEvent::Finished);
}

/// Reloads `names` (what a run touched) and, with `backups`, the list of
/// backups: a table that is gone is `TableGone`, not a failure.
pub async fn refresh(
    backend: Arc<dyn Backend>,
    names: Vec<String>,
    backups: bool,
    out: UnboundedSender<InventoryEvent>,
) {
    for name in names {
        let ev = match describe(backend.as_ref(), name).await {
            InventoryEvent::TableFailed {
                name,
                error: BackendError::NotFound { .. },
            } => InventoryEvent::TableGone { name },
            ev => ev,
        };
        if out.send(ev).is_err() {
            return;
        }
    }
    if backups {
        let _ = out.send(InventoryEvent::Backups(backend.list_backups(None).await));
    }
}

/// AWS Backup's jobs and the vault's recovery points again (a run's
/// backup job started or ended).
pub async fn refresh_jobs(
    backend: Arc<dyn Backend>,
    vault: Option<String>,
    out: UnboundedSender<InventoryEvent>,
) {
    if let Some(vault) = vault.filter(|v| !v.is_empty()) {
        let points = backend.list_recovery_points(&vault, None).await;
        if out.send(InventoryEvent::RecoveryPoints(points)).is_err() {
            return;
        }
    }
    let _ = out.send(InventoryEvent::Jobs(backend.list_jobs().await));
}

async fn describe(backend: &dyn Backend, name: String) -> InventoryEvent {
    let (table, pitr) = tokio::join!(
        backend.describe_table(&name),
        backend.describe_continuous_backups(&name)
    );
    match (table, pitr) {
        (Ok(table), Ok(pitr)) => InventoryEvent::TableLoaded { name, table, pitr },
        (Err(error), _) | (_, Err(error)) => InventoryEvent::TableFailed { name, error },
    }
}

/// Runs the loader to the end and gathers the result (headless use).
pub async fn collect(backend: Arc<dyn Backend>, opts: LoadOptions) -> Inventory {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let info = backend.info();
    let loader = tokio::spawn(load(backend, opts, tx));
    let mut inv = Inventory::new(&info);
    while let Some(ev) = rx.recv().await {
        inv.apply(ev);
    }
    let _ = loader.await;
    inv.finish();
    inv
}

#[cfg(test)]
mod tests;
