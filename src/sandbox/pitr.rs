//! DynamoDB continuous backups: the point-in-time recovery setting and
//! window, and restoring a table to a moment inside that window.

use super::world::{DroppedSettings, Phase, SimPitr, SimTable};
use super::{Sandbox, rules, table_mut};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{PitrStatus, PitrTarget, Table};

pub(super) fn describe(sb: &Sandbox, table: &str) -> BackendResult<PitrStatus> {
    let now = sb.now();
    let mut world = sb.settled();
    Ok(table_mut(&mut world, table)?.pitr_status(now))
}

pub(super) fn update(
    sb: &Sandbox,
    table: &str,
    enabled: bool,
    recovery_period_days: Option<u8>,
) -> BackendResult<PitrStatus> {
    let period = rules::recovery_period(recovery_period_days)?;
    let now = sb.now();
    let mut world = sb.begin()?;
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

/// `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`: its region and name.
fn source_arn(source: &str) -> Option<(&str, &str)> {
    let rest = source.strip_prefix("arn:")?;
    let region = rest.split(':').nth(2)?;
    Some((region, crate::domain::table_of_arn(source)?))
}

pub(super) fn restore(
    sb: &Sandbox,
    source: &str,
    target: &str,
    at: PitrTarget,
) -> BackendResult<Table> {
    let now = sb.now();
    // SourceTableArn of a table of the console's own region, when this is
    // another region's sandbox: read before this region's world is taken,
    // so the two locks are never held the other way round.
    let elsewhere = match source_arn(source) {
        Some((region, name)) if sb.home.is_some() => sb
            .home
            .as_ref()
            .map(|home| super::lock(home))
            .filter(|home| home.region == region)
            .map(|home| home.tables.get(name).cloned()),
        _ => None,
    };
    let mut world = sb.begin()?;
    rules::require_new_table(&world, target)?;
    let name = source_arn(source).map_or(source, |(_, name)| name);
    let src = match &elsewhere {
        Some(Some(t)) => t,
        Some(None) => return Err(BackendError::not_found(format!("table {source}"))),
        None => world
            .tables
            .get(name)
            .ok_or_else(|| BackendError::not_found(format!("table {source}")))?,
    };
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
            ready_at: now + sb.scaled(rules::restore_time(data.size_bytes)),
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
