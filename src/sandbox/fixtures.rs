//! Arranging the account directly, without going through AWS's rules:
//! tables with given contents, monthly recovery points, writes to a table
//! (tests, benchmarks and the verification's own checks).

use chrono::Duration;

use super::items::TableData;
use super::world::{DroppedSettings, KeptSettings, Phase, SimPitr, SimTable};
use super::{Sandbox, lock, seed};
use crate::backend::{BackendError, BackendResult};

impl Sandbox {
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
            world.insert_completed_point(seed::VAULT, &t, arn, created, 365 * 10);
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
}

impl Sandbox {
    /// Sets a recovery point's status directly (tests: a PARTIAL point).
    pub fn set_recovery_point_status(&self, arn: &str, status: crate::domain::RecoveryPointStatus) {
        if let Some(p) = lock(&self.world).recovery_points.get_mut(arn) {
            p.point.status = status;
        }
    }
}
