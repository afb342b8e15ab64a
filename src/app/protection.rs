//! The Protection view (the protection key): who can delete the backups.
//! For the configured vault, what its access policy says of
//! `backup:DeleteRecoveryPoint` and its Vault Lock; for DynamoDB backups,
//! what IAM's simulator answers for the caller. Opening it asks the engine
//! (`Command::LoadProtection`), which answers with `Event::Protection`.
//! When the vault's policy does not deny deletion, the apply key opens the
//! plan of `Operation::ProtectVault`: the policy with the deny statement
//! added, shown whole and confirmed like every plan.

use chrono::{DateTime, Utc};

use super::details_modal::DetailsModal;
use super::refusal::refusal;
use super::state::{Modal, State};
pub use super::view_models::ProtectionView;
use super::{Command, DialogAction, Wizard};
use crate::domain::time::format_reference;
use crate::domain::{DeletePermission, LockMode, TableName, VaultInfo};
use crate::protection::{self, PolicyVerdict, ProtectionFacts};
use crate::workflow::{OpKind, Operation};

impl ProtectionView {
    fn loading() -> Self {
        Self {
            facts: None,
            details: DetailsModal::new(
                "who can delete backups".to_owned(),
                vec!["Reading the vault, its access policy and IAM's answer…".to_owned()],
            ),
        }
    }

    /// The deny policy may be offered: the facts are in, the vault was
    /// read and its policy does not deny deletion.
    pub fn offers_deny(&self) -> bool {
        self.facts.as_ref().is_some_and(|f| {
            f.vault.is_ok()
                && f.policy
                    .as_ref()
                    .is_ok_and(|p| protection::verdict(p.as_deref()).offers_deny())
        })
    }
}

/// The protection key: opens the view and asks the engine for its facts.
pub fn open(state: &mut State) -> Vec<Command> {
    state.view.modal = Some(Modal::Protection(ProtectionView::loading()));
    vec![Command::LoadProtection]
}

/// The engine's answer: shown if the view is still open.
pub fn loaded(state: &mut State, facts: ProtectionFacts) -> Vec<Command> {
    let apply = state.keymap.dialog_key(DialogAction::ApplyPolicy);
    if let Some(Modal::Protection(view)) = state.view.modal.as_mut() {
        view.details = details(&facts, state.now, &apply);
        view.facts = Some(facts);
    }
    Vec::new()
}

/// A key in the view: scroll, close, or apply the deny policy.
pub fn on_key(state: &mut State, mut view: ProtectionView, key: &crossterm::event::KeyEvent) {
    let size = state.view.size;
    let means = |a| state.keymap.means(key, a);
    if means(DialogAction::Cancel) {
        return;
    }
    if means(DialogAction::Up) {
        view.details.scroll_by(-1, size);
    } else if means(DialogAction::Down) {
        view.details.scroll_by(1, size);
    } else if means(DialogAction::ApplyPolicy) {
        match apply_plan(state, &view) {
            Ok(plan) => {
                state.view.modal = Some(Modal::Wizard(Wizard::plan(plan)));
                return;
            }
            Err(why) => state.view.flash = Some(why),
        }
    }
    state.view.modal = Some(Modal::Protection(view));
}

/// The plan of the deny policy, or why there is none.
fn apply_plan(state: &State, view: &ProtectionView) -> Result<crate::workflow::Plan, String> {
    let Some(facts) = view.facts.as_ref() else {
        return Err("still reading the vault: wait for its policy".to_owned());
    };
    if !view.offers_deny() {
        return Err(
            "nothing to apply: the vault's policy already denies deletion, or it could \
                    not be read"
                .to_owned(),
        );
    }
    let (Some(vault), Ok(base)) = (facts.vault_name.as_deref(), facts.policy.as_ref()) else {
        return Err("no vault is configured (aws.backup_vault)".to_owned());
    };
    let subject = vault_subject(vault)?;
    if let Some(why) = refusal(state, subject.as_str(), OpKind::ProtectVault) {
        return Err(why.to_string());
    }
    let policy = protection::with_deny_statement(base.as_deref())?;
    let op = Operation::ProtectVault {
        table: subject,
        vault: vault.to_owned(),
        policy,
        base: base.clone(),
    };
    Ok(crate::workflow::plan(&op, state.now))
}

/// The vault's name where a run names its table (journal, run rows): a
/// vault name is a valid table name unless it has two characters.
pub fn vault_subject(vault: &str) -> Result<TableName, String> {
    TableName::parse(vault)
        .or_else(|_| TableName::parse(&format!("vault-{vault}")))
        .map_err(|e| format!("vault {vault}: {e}"))
}

/// The view's title and lines.
pub fn details(f: &ProtectionFacts, now: DateTime<Utc>, apply_key: &str) -> DetailsModal {
    let vault = f.vault_name.as_deref().unwrap_or("(none)");
    let mut lines = Vec::new();
    match &f.vault {
        Ok(v) => lines.push(format!(
            "Backup vault {} · {} recovery points · {}",
            v.name, v.recovery_points, v.arn
        )),
        Err(e) => lines.push(format!("? Backup vault {vault}: could not read it: {e}")),
    }
    lines.push(String::new());
    lines.push("Vault access policy (backup:DeleteRecoveryPoint)".to_owned());
    lines.push(format!("  {}", policy_line(&f.policy)));
    lines.push(String::new());
    lines.push("Vault Lock".to_owned());
    lines.push(format!("  {}", lock_line(&f.vault, now)));
    lines.push(String::new());
    lines.push("DynamoDB backups (dynamodb:DeleteBackup), for the caller".to_owned());
    if let Some(c) = &f.caller {
        lines.push(format!("  caller {c}"));
    }
    lines.push(format!("  {}", permission_line(&f.permission)));
    lines.push(String::new());
    let offers = f.vault.is_ok()
        && f.policy
            .as_ref()
            .is_ok_and(|p| protection::verdict(p.as_deref()).offers_deny());
    if offers {
        lines.push(format!(
            "{apply_key}: put a vault access policy that denies deleting recovery points to \
             everyone (every current statement kept; the plan shows it whole first)."
        ));
    }
    lines.push(
        "✔ protected · ✘ anyone with IAM rights can delete · ~ partial · ? could not tell"
            .to_owned(),
    );
    DetailsModal::new(format!("who can delete backups · vault {vault}"), lines)
}

fn policy_line(policy: &Result<Option<String>, String>) -> String {
    let p = match policy {
        Ok(p) => p,
        Err(e) => return format!("? could not read it: {e}"),
    };
    match protection::verdict(p.as_deref()) {
        PolicyVerdict::NoPolicy => "✘ no access policy: anyone IAM allows \
                                    backup:DeleteRecoveryPoint can delete recovery points"
            .to_owned(),
        PolicyVerdict::DoesNotDeny => "✘ the policy denies no deletion: anyone IAM allows \
                                       backup:DeleteRecoveryPoint can delete recovery points"
            .to_owned(),
        PolicyVerdict::Denies { sid } => format!(
            "✔ denies deleting recovery points to everyone ({})",
            sid.map_or("a statement without Sid".to_owned(), |s| format!(
                "statement {s}"
            ))
        ),
        PolicyVerdict::Partial(why) => format!("~ partial: {why}"),
        PolicyVerdict::Unreadable(e) => format!("? the policy is not JSON this console reads: {e}"),
    }
}

fn lock_line(vault: &Result<VaultInfo, String>, now: DateTime<Utc>) -> String {
    let v = match vault {
        Ok(v) => v,
        Err(_) => return "? the vault could not be read".to_owned(),
    };
    let Some(lock) = &v.lock else {
        return "✘ none: recovery points may be deleted before any retention".to_owned();
    };
    let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| d.to_string());
    let retention = format!(
        "retention {}–{} days",
        days(lock.min_retention_days),
        days(lock.max_retention_days)
    );
    match lock.mode(now) {
        LockMode::Compliance { since } => format!(
            "✔ compliance mode since {} UTC: immutable, nobody can delete a recovery point \
             before its retention ({retention})",
            format_reference(since)
        ),
        LockMode::Governance { until: Some(d) } => format!(
            "~ governance mode until {} UTC (removable until then, compliance after; \
             {retention})",
            format_reference(d)
        ),
        LockMode::Governance { until: None } => format!(
            "~ governance mode: whoever may backup:DeleteBackupVaultLockConfiguration can \
             remove it ({retention})"
        ),
    }
}

fn permission_line(p: &Result<DeletePermission, String>) -> String {
    match p {
        Err(e) => format!("? could not tell: {e}"),
        Ok(DeletePermission::Unknown(why)) => format!("? could not tell: {why}"),
        Ok(DeletePermission::Allowed { principal, actions }) => format!(
            "✘ {principal} may delete: IAM's simulator allows {}",
            actions.join(", ")
        ),
        Ok(DeletePermission::Denied {
            principal,
            explicit,
            by,
        }) => {
            let how = match (explicit, by.is_empty()) {
                (true, false) => format!("denied by {}", by.join(", ")),
                (true, true) => "explicitly denied".to_owned(),
                (false, _) => "no policy allows it".to_owned(),
            };
            format!("✔ {principal} cannot delete backups ({how})")
        }
    }
}
