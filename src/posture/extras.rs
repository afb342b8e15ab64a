//! What two posture rules read beyond the inventory: each table's tags
//! (for `exclude_tags`) and the recovery points of the DR vault in the
//! second region (for `require_copy_region`), read only when a rule needs
//! them, by the console (`Command::LoadPostureData`) and `dynamo-dr posture`
//! alike.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::backend::Backend;
use crate::config::PostureConfig;
use crate::domain::{RecoveryPointStatus, VaultArn};

/// The copies the DR vault holds: the newest COMPLETED recovery point of
/// each resource (table ARN).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrCopies {
    /// `sandbox-backup-vault-dr in us-west-2`.
    pub vault: String,
    pub newest: BTreeMap<String, DateTime<Utc>>,
}

/// What was read; `None` where no rule asked for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostureData {
    /// Each table's tags by name; a table whose tags could not be read
    /// has `None`.
    pub tags: Option<BTreeMap<String, Option<BTreeMap<String, String>>>>,
    /// The DR vault's copies, or why they could not be read.
    pub copies: Option<Result<DrCopies, String>>,
}

impl PostureData {
    /// `table`'s tags, when read.
    pub fn tags_of(&self, table: &str) -> Option<&BTreeMap<String, String>> {
        self.tags.as_ref()?.get(table)?.as_ref()
    }

    /// The copies, as `Facts::copies` takes them.
    pub fn copies(&self) -> Option<Result<&DrCopies, &str>> {
        self.copies
            .as_ref()
            .map(|c| c.as_ref().map_err(String::as_str))
    }
}

/// Whether `config` needs anything `load` reads.
pub fn needed(config: &PostureConfig) -> bool {
    !config.exclude_tags.is_empty() || config.require_copy_region.is_some()
}

/// Reads what `config`'s rules need: the tags of `tables` (name, ARN) when
/// `exclude_tags` is set, the DR vault's recovery points when
/// `require_copy_region` is (`dr_vault` is `[copies] vault_arn`).
pub async fn load(
    backend: &dyn Backend,
    config: &PostureConfig,
    dr_vault: Option<&VaultArn>,
    tables: &[(String, String)],
) -> PostureData {
    let mut data = PostureData::default();
    if !config.exclude_tags.is_empty() {
        data.tags = Some(crate::coverage::read_tags(backend, tables).await);
    }
    if let Some(region) = &config.require_copy_region {
        data.copies = Some(copies(backend, &region.0, dr_vault).await);
    }
    data
}

async fn copies(
    backend: &dyn Backend,
    region: &str,
    dr_vault: Option<&VaultArn>,
) -> Result<DrCopies, String> {
    let vault = dr_vault
        .ok_or_else(|| format!("no DR vault: set [copies] vault_arn to a vault in {region}"))?;
    if vault.region != region {
        return Err(format!(
            "[copies] vault_arn is in {}, not in {region}",
            vault.region
        ));
    }
    let there = backend
        .in_region(region)
        .await
        .map_err(|e| format!("cannot act in {region}: {e}"))?;
    let points = there
        .list_recovery_points(&vault.name, None)
        .await
        .map_err(|e| format!("cannot list the recovery points of {}: {e}", vault.name))?;
    let mut newest: BTreeMap<String, DateTime<Utc>> = BTreeMap::new();
    for p in points
        .iter()
        .filter(|p| p.status == RecoveryPointStatus::Completed)
    {
        let at = newest.entry(p.resource_arn.clone()).or_insert(p.created_at);
        *at = (*at).max(p.created_at);
    }
    Ok(DrCopies {
        vault: format!("{} in {region}", vault.name),
        newest,
    })
}
