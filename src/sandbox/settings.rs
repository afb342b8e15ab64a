//! A table's settings in the sandbox, with the rules AWS applies to
//! changing them.

use chrono::{DateTime, Utc};

use super::world::SimTable;
use super::{Sandbox, rules, table_mut};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{BillingMode, SettingChange, TableSettings, Throughput};

pub fn settings_of(t: &SimTable, now: DateTime<Utc>) -> TableSettings {
    let index_throughput = match t.billing {
        BillingMode::Provisioned { read, write } => Some(Throughput { read, write }),
        BillingMode::PayPerRequest => None,
    };
    TableSettings {
        tags: t.dropped.tags.clone(),
        ttl_attribute: t.dropped.ttl_attribute.clone(),
        stream: t.dropped.stream.clone(),
        pitr_days: t.pitr_status(now).recovery_period_days,
        deletion_protection: t.deletion_protection,
        billing: t.billing.clone(),
        // The sandbox gives every index the table's throughput.
        indexes: t
            .gsis
            .iter()
            .map(|g| (g.clone(), index_throughput))
            .collect(),
        encryption: t.kept.encryption.clone(),
        table_class: t.kept.table_class.clone(),
    }
}

pub fn apply_change(t: &mut SimTable, change: &SettingChange) -> BackendResult<()> {
    let invalid = |m: String| Err(BackendError::Invalid(m));
    match change {
        SettingChange::Tags { set, remove } => {
            if let Some(k) = set.keys().chain(remove).find(|k| k.starts_with("aws:")) {
                return invalid(format!("tag {k}: the aws: prefix is reserved"));
            }
            for k in remove {
                t.dropped.tags.remove(k);
            }
            t.dropped
                .tags
                .extend(set.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        SettingChange::Ttl { attribute, enabled } => {
            match (&t.dropped.ttl_attribute, enabled) {
                (Some(_), true) => return invalid("TimeToLive is already enabled".to_owned()),
                (None, false) => return invalid("TimeToLive is already disabled".to_owned()),
                (Some(on), false) if on != attribute => {
                    return invalid(format!("TTL is on {on}, not on {attribute}"));
                }
                _ => {}
            }
            t.dropped.ttl_attribute = enabled.then(|| attribute.clone());
        }
        SettingChange::Stream { view } => {
            match (&t.dropped.stream, view) {
                (Some(_), Some(_)) => {
                    return invalid(format!("table {} already has a stream", t.name));
                }
                (None, None) => return invalid(format!("table {} has no stream", t.name)),
                _ => {}
            }
            t.dropped.stream = view.clone();
        }
        SettingChange::Capacity { billing, .. } => t.billing = billing.clone(),
        SettingChange::Encryption(e) => t.kept.encryption = e.clone(),
        SettingChange::TableClass(c) => {
            if !matches!(c.as_str(), "STANDARD" | "STANDARD_INFREQUENT_ACCESS") {
                return invalid(format!("unknown table class {c}"));
            }
            t.kept.table_class = c.clone();
        }
    }
    Ok(())
}

pub(super) fn describe(sb: &Sandbox, table: &str) -> BackendResult<TableSettings> {
    let now = sb.now();
    let mut world = sb.settled();
    Ok(settings_of(table_mut(&mut world, table)?, now))
}

pub(super) fn apply(sb: &Sandbox, table: &str, change: &SettingChange) -> BackendResult<()> {
    let mut world = sb.begin()?;
    let t = table_mut(&mut world, table)?;
    rules::require_active(t)?;
    apply_change(t, change)?;
    world.commit()
}
