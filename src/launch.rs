//! From the command line and the config to a running backend and what the
//! start-up checks expect of it.

use std::sync::Arc;

use color_eyre::eyre::{Result, eyre};

use crate::audit::{AuditLog, AuditedBackend};
use crate::aws::{self, AwsOptions};
use crate::backend::Backend;
use crate::checks::{Expectations, StateDirCheck};
use crate::cli::Cli;
use crate::config::{AccountId, Config, RoleArn};
use crate::inventory::LoadOptions;
use crate::local::LocalState;
use crate::sandbox::{Sandbox, SandboxOptions, seed};

pub struct Launch {
    pub backend: Arc<dyn Backend>,
    /// Journals, audit log and log of this kind of backend, checked.
    pub local: LocalState,
    pub expectations: Expectations,
    pub load: LoadOptions,
    /// How often a running step asks the backend again.
    pub poll_interval: std::time::Duration,
}

pub async fn connect(cli: &Cli, config: &Config) -> Result<Launch> {
    let local = LocalState::open(cli.use_sandbox());
    if cli.use_sandbox() {
        let sandbox = Sandbox::open(SandboxOptions {
            seed: config.sandbox.seed,
            speed: config.sandbox.speed.0,
            item_scale: config.sandbox.item_scale.0,
            state_path: cli.sandbox_state.clone(),
            ..SandboxOptions::default()
        })?;
        // The sandbox is its own account: the checks expect what it holds,
        // whatever the [aws] section says about the real one.
        let expectations = Expectations {
            account_id: Some(AccountId(seed::ACCOUNT.to_owned())),
            backup_vault: Some(seed::VAULT.to_owned()),
            backup_role_arn: Some(RoleArn(seed::role_arn())),
            step_timeout: Some(config.operations.step_timeout),
            verify: config.verify.options(),
            repair: config.repair.options(),
            state_dir: Some(state_dir_check(&local)),
        };
        // The sandbox's own drill history, once: a table that passes each
        // drill rule and one that fails it (`drill::seed_sandbox`).
        if local.problem.is_none()
            && let Err(e) = crate::drill::seed_sandbox(&local.dir, chrono::Utc::now())
        {
            tracing::warn!("cannot seed the sandbox's drill history: {e}");
        }
        return Ok(Launch {
            poll_interval: std::time::Duration::from_millis(200),
            backend: audited(Arc::new(sandbox), &local),
            local,
            load: load_options(config, expectations.backup_vault.clone()),
            expectations,
        });
    }
    let backend = aws::connect(AwsOptions {
        profile: cli.profile.clone().or_else(|| config.aws.profile.clone()),
        region: cli.region.clone().or_else(|| config.aws.region.clone()),
        endpoint_url: cli.endpoint_url.clone(),
        ..AwsOptions::default()
    })
    .await
    .map_err(|e| eyre!("{e}"))?;
    let expectations = Expectations {
        state_dir: Some(state_dir_check(&local)),
        ..aws_expectations(config)
    };
    Ok(Launch {
        poll_interval: std::time::Duration::from_secs(5),
        backend: audited(Arc::new(backend), &local),
        local,
        load: load_options(config, expectations.backup_vault.clone()),
        expectations,
    })
}

fn state_dir_check(local: &LocalState) -> StateDirCheck {
    StateDirCheck {
        path: local.dir.clone(),
        problem: local.problem.clone(),
    }
}

/// Every call that changes the account goes to the audit log of this
/// kind of backend, its intent first; a call whose intent cannot be
/// written is not sent.
fn audited(backend: Arc<dyn Backend>, local: &LocalState) -> Arc<dyn Backend> {
    Arc::new(AuditedBackend::new(
        backend,
        AuditLog::new(local.audit_path()),
        local.health.clone(),
    ))
}

fn load_options(config: &Config, vault: Option<String>) -> LoadOptions {
    LoadOptions {
        vault,
        concurrency: config.inventory.concurrency,
    }
}

/// What the checks expect on a real account: the config's `[aws]` section.
pub fn aws_expectations(config: &Config) -> Expectations {
    Expectations {
        account_id: config.aws.account_id.clone(),
        backup_vault: config.aws.backup_vault.clone(),
        backup_role_arn: config.aws.backup_role_arn.clone(),
        step_timeout: Some(config.operations.step_timeout),
        verify: config.verify.options(),
        repair: config.repair.options(),
        state_dir: None,
    }
}
