//! DynamoDB tables: listing, describing, deletion protection, deleting
//! (refused while protected, and only for an ACTIVE table).

use super::world::Phase;
use super::{Sandbox, rules, table_mut};
use crate::backend::{BackendError, BackendResult};
use crate::domain::Table;

pub(super) fn list(sb: &Sandbox) -> BackendResult<Vec<String>> {
    Ok(sb.settled().tables.keys().cloned().collect())
}

pub(super) fn describe(sb: &Sandbox, table: &str) -> BackendResult<Table> {
    let mut world = sb.settled();
    Ok(table_mut(&mut world, table)?.to_domain())
}

pub(super) fn set_deletion_protection(
    sb: &Sandbox,
    table: &str,
    enabled: bool,
) -> BackendResult<Table> {
    let mut world = sb.begin()?;
    let t = table_mut(&mut world, table)?;
    rules::require_active(t)?;
    t.deletion_protection = enabled;
    let out = t.to_domain();
    world.commit()?;
    Ok(out)
}

pub(super) fn delete(sb: &Sandbox, table: &str) -> BackendResult<Table> {
    let now = sb.now();
    let gone_at = now + sb.scaled(rules::delete_time());
    let mut world = sb.begin()?;
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
