//! The Recovery pane's other sources, read once per inventory load: the
//! copies in the DR vault (its region's ListRecoveryPointsByBackupVault,
//! one listing for every table) with the DR region's table names (so a
//! restore there is refused a name taken there where it is typed), and the
//! account's exports to S3 (ListExports of every table, then DescribeExport
//! of the newest few ListExports says too little about).

use crate::app::DrRead;
use crate::backend::{Backend, BackendError};
use crate::domain::{Export, VaultArn};

/// At most this many exports are described (each one call): the newest.
pub const DESCRIBED_EXPORTS: usize = 50;

/// What the DR region holds: its tables, and the copies in the DR vault
/// when one is set. The region is `dr_region` when named (`--dr-region`,
/// `[copies] region`), else the vault's; `None` when neither is set.
pub async fn load_dr(
    backend: &dyn Backend,
    dr_vault: Option<&str>,
    dr_region: Option<&str>,
) -> Option<DrRead> {
    let vault = match dr_vault.map(VaultArn::parse).transpose() {
        Ok(v) => v,
        Err(e) => {
            let why = format!("the DR vault cannot be used: {e}");
            return Some(DrRead {
                copies: Err(why.clone()),
                tables: Err(why),
            });
        }
    };
    let region = dr_region
        .map(str::to_owned)
        .or_else(|| vault.as_ref().map(|v| v.region.clone()))?;
    let there = match backend.in_region(&region).await {
        Ok(there) => there,
        Err(e) => {
            let why = format!("cannot reach {region}: {e}");
            return Some(DrRead {
                copies: Err(why.clone()),
                tables: Err(why),
            });
        }
    };
    // No DR vault, or one in another region: no copy to restore there.
    let copies = match vault.filter(|v| v.region == region) {
        Some(vault) => there
            .list_recovery_points(&vault.name, None)
            .await
            .map_err(|e| format!("copies in {} ({}): {e}", vault.name, vault.region)),
        None => Ok(Vec::new()),
    };
    let tables = there
        .list_tables()
        .await
        .map_err(|e| format!("tables in {region}: {e}"));
    Some(DrRead { copies, tables })
}

/// Every export of the account's tables, newest first, with the newest
/// `DESCRIBED_EXPORTS` described; `Err`: why they could not be listed (the
/// pane says its list is partial then).
pub async fn load_exports(backend: &dyn Backend) -> Result<Vec<Export>, String> {
    let mut all = match backend.list_exports("").await {
        Ok(all) => all,
        Err(BackendError::Unsupported(_)) => {
            return Err("ListExports is not served by this endpoint".to_owned());
        }
        Err(e) => return Err(format!("ListExports: {e}")),
    };
    // An export's id starts with its start time in milliseconds.
    all.sort_by(|a, b| b.id().cmp(a.id()));
    for x in all.iter_mut().take(DESCRIBED_EXPORTS) {
        if x.kind.is_some() {
            continue;
        }
        match backend.describe_export(&x.arn).await {
            Ok(described) => *x = described,
            Err(e) => tracing::warn!(export = %x.arn, "cannot describe an export: {e}"),
        }
    }
    Ok(all)
}
