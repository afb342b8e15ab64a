//! What the Protection view shows, read from the account at once when it
//! opens: the vault (its Vault Lock), its access policy, and what IAM's
//! simulator answers for the caller. Each part keeps its own error, so one
//! unreadable answer does not hide the others.

use crate::backend::Backend;
use crate::domain::{DeletePermission, VaultInfo};

#[derive(Debug, Clone, PartialEq)]
pub struct ProtectionFacts {
    /// The configured vault's name (`aws.backup_vault`), if set.
    pub vault_name: Option<String>,
    pub vault: Result<VaultInfo, String>,
    pub policy: Result<Option<String>, String>,
    /// Who is asking (STS), as the simulator was asked about.
    pub caller: Option<String>,
    pub permission: Result<DeletePermission, String>,
}

/// Reads everything the view needs; the three reads run together.
pub async fn load(backend: &dyn Backend, vault: Option<&str>) -> ProtectionFacts {
    let not_set = || "aws.backup_vault is not set in the config".to_owned();
    let vault_read = async {
        match vault {
            Some(v) => backend
                .describe_backup_vault(v)
                .await
                .map_err(|e| e.to_string()),
            None => Err(not_set()),
        }
    };
    let policy_read = async {
        match vault {
            Some(v) => backend
                .get_vault_access_policy(v)
                .await
                .map_err(|e| e.to_string()),
            None => Err(not_set()),
        }
    };
    let permission_read = async {
        let caller = backend.caller_identity().await.map_err(|e| e.to_string());
        match caller {
            Ok(c) => {
                let answer = backend
                    .may_delete_backups(&c.arn)
                    .await
                    .map_err(|e| e.to_string());
                (Some(c.arn), answer)
            }
            Err(e) => (None, Err(format!("who the caller is: {e}"))),
        }
    };
    let (vault_info, policy, (caller, permission)) =
        tokio::join!(vault_read, policy_read, permission_read);
    ProtectionFacts {
        vault_name: vault.map(str::to_owned),
        vault: vault_info,
        policy,
        caller,
        permission,
    }
}
