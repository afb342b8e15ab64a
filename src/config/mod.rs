//! Configuration: built-in defaults, the user's TOML on top. Unknown keys and
//! bad values are errors that name the key and line (validation happens while
//! deserialising, so toml's error carries the position).

mod action;
mod keymap;
mod posture;
mod values;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::safe_fs::{self, ReadError};

pub use action::{Action, DialogAction};
pub use keymap::{KeyBinding, Keymap};
pub use posture::{Days, Hours, Minutes, NamePattern, PitrDays, PostureConfig, Region, TagPattern};
pub use values::{
    AccountId, ItemScale, ItemsPerSecond, KeepDays, RoleArn, Segments, Speed, StepTimeout,
};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub aws: AwsConfig,
    pub operations: OperationsConfig,
    pub inventory: InventoryConfig,
    pub sandbox: SandboxConfig,
    pub verify: VerifyConfig,
    /// How a repair in place writes.
    pub repair: RepairConfig,
    pub state: StateConfig,
    /// The rules `posture` and the Tables pane's Posture column check.
    pub posture: PostureConfig,
    /// Copies to another region or account (operation 15, `dynamo-dr copy`).
    pub copies: CopiesConfig,
    /// Where exports go by default (operations 13 and 14, `dynamo-dr export`).
    pub exports: ExportsConfig,
    /// Action name to keys, on top of the built-in keymap.
    pub keys: keymap::KeyOverrides,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AwsConfig {
    /// The account the console must be pointed at (a safety net against the
    /// wrong credentials).
    pub account_id: Option<AccountId>,
    pub region: Option<String>,
    pub profile: Option<String>,
    pub backup_vault: Option<String>,
    pub backup_role_arn: Option<RoleArn>,
}

/// `[copies]`: the DR vault recovery points are copied to, checked as it is
/// read (a malformed ARN names the key and line).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CopiesConfig {
    /// `arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME`; its region is the
    /// DR region unless `region` says it.
    pub vault_arn: Option<crate::domain::VaultArn>,
    /// The DR region, for a restore there from PITR when there is no DR
    /// vault; with a vault it must be the vault's region.
    pub region: Option<crate::domain::Region>,
}

impl CopiesConfig {
    /// The DR region: `region`, else the DR vault's.
    pub fn dr_region(&self) -> Option<String> {
        self.region
            .as_ref()
            .map(ToString::to_string)
            .or_else(|| self.vault_arn.as_ref().map(|v| v.region.clone()))
    }

    fn validate(&self) -> Result<(), String> {
        match (&self.region, &self.vault_arn) {
            (Some(r), Some(v)) if r.as_str() != v.region => Err(format!(
                "[copies]: region {r} is not the region of vault_arn ({}): the DR region is \
                 where the DR vault is; name one region",
                v.region
            )),
            _ => Ok(()),
        }
    }
}

/// `[exports]`: the bucket and prefix the export and import pages propose,
/// and `dynamo-dr export` uses without `--bucket`/`--prefix`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExportsConfig {
    pub bucket: Option<String>,
    /// Under the bucket; `{table}` is the table's name.
    pub prefix: String,
}

impl Default for ExportsConfig {
    fn default() -> Self {
        Self {
            bucket: None,
            prefix: "{table}".to_owned(),
        }
    }
}

impl ExportsConfig {
    /// The prefix for `table`'s exports.
    pub fn prefix_for(&self, table: &str) -> String {
        self.prefix.replace("{table}", table)
    }

    /// `s3://BUCKET/PREFIX` for `table`'s exports, when a bucket is set.
    pub fn location_for(&self, table: &str) -> Option<String> {
        let bucket = self.bucket.as_deref()?;
        let prefix = self.prefix_for(table);
        Some(if prefix.trim_matches('/').is_empty() {
            format!("s3://{bucket}")
        } else {
            format!("s3://{bucket}/{}", prefix.trim_matches('/'))
        })
    }

    fn validate(&self) -> Result<(), String> {
        if let Some(bucket) = &self.bucket {
            crate::domain::S3Location::new(bucket, "")
                .map_err(|e| format!("[exports] bucket: {e}"))?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OperationsConfig {
    /// Per-step timeout: seconds, or "none".
    pub step_timeout: StepTimeout,
}

impl Default for OperationsConfig {
    fn default() -> Self {
        Self {
            step_timeout: StepTimeout::Seconds(6 * 3600),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InventoryConfig {
    /// Per-table describe calls in flight at once (1–1000).
    #[serde(deserialize_with = "values::concurrency")]
    pub concurrency: usize,
}

impl Default for InventoryConfig {
    fn default() -> Self {
        Self { concurrency: 16 }
    }
}

/// The local state dir (journals, audit log, log).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StateConfig {
    /// Finished journals older than this are removed at start; the audit
    /// log is kept whole.
    pub keep_finished_journals_days: KeepDays,
}

impl Default for StateConfig {
    fn default() -> Self {
        Self {
            keep_finished_journals_days: KeepDays(90),
        }
    }
}

/// How a repair in place (operation 11) writes to the live table.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepairConfig {
    /// The write budget: write units a second, all writes together
    /// (1–40,000, DynamoDB's default table limit).
    #[serde(deserialize_with = "values::write_rate")]
    pub write_units_per_second: u32,
}

impl Default for RepairConfig {
    fn default() -> Self {
        Self {
            write_units_per_second: crate::repair::DEFAULT_WRITE_RATE,
        }
    }
}

impl RepairConfig {
    pub fn options(&self) -> crate::repair::RepairOptions {
        crate::repair::RepairOptions {
            write_units_per_second: self.write_units_per_second,
            ..crate::repair::RepairOptions::default()
        }
    }
}

/// How a restore is verified (operation 1's verification step).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VerifyConfig {
    /// Parallel scan segments per table.
    pub segments: Segments,
    /// Read-rate limit per table, so production is not starved; none: no limit.
    pub items_per_second: Option<ItemsPerSecond>,
}

impl Default for VerifyConfig {
    fn default() -> Self {
        Self {
            segments: Segments(4),
            items_per_second: None,
        }
    }
}

impl VerifyConfig {
    pub fn options(&self) -> crate::verify::VerifyOptions {
        crate::verify::VerifyOptions {
            segments: self.segments.0,
            read_rate_limit: self.items_per_second.map(|r| r.0),
            ..crate::verify::VerifyOptions::default()
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SandboxConfig {
    /// How many times faster than AWS the sandbox works.
    pub speed: Speed,
    pub seed: u64,
    /// Multiplies the demo tables' item counts (a verification reads them all).
    pub item_scale: ItemScale,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            speed: Speed(60.0),
            seed: 42,
            item_scale: ItemScale(1.0),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config {path} is not a regular file (a device, a pipe or a directory is never read)")]
    NotRegular { path: PathBuf },
    #[error("config {path} is larger than 1 MiB: not read")]
    TooLarge { path: PathBuf },
    #[error("config {path} is not UTF-8 text")]
    NotText { path: PathBuf },
    #[error("config {path} is invalid:\n{message}")]
    Invalid { path: PathBuf, message: String },
}

/// A config file larger than this is refused unread.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Where the config came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    File(PathBuf),
    Defaults,
}

impl Config {
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        // What a section alone cannot say: checked once it is read whole.
        for check in [
            config.keys.validate(),
            config.exports.validate(),
            config.copies.validate(),
        ] {
            check.map_err(|message| ConfigError::Invalid {
                path: path.to_owned(),
                message,
            })?;
        }
        // The merged keymap: `quit = []`, or quit's keys all given to other
        // actions, would leave nothing but a signal to leave the console.
        if config.keymap().keys_for(Action::Quit).is_empty() {
            return Err(ConfigError::Invalid {
                path: path.to_owned(),
                message: format!(
                    "[keys]: quit has no key left; it must keep at least one (built in: {})",
                    Keymap::default().hint(Action::Quit)
                ),
            });
        }
        Ok(config)
    }

    /// `--config PATH` must exist; otherwise the platform config file is read
    /// if there is one, and the defaults serve if not.
    pub fn load(explicit: Option<&Path>) -> Result<(Self, ConfigSource), ConfigError> {
        let path = match explicit {
            Some(p) => p.to_owned(),
            None => match default_path() {
                Some(p) if p.exists() => p,
                _ => return Ok((Self::default(), ConfigSource::Defaults)),
            },
        };
        let bytes = safe_fs::read_regular(&path, MAX_CONFIG_BYTES).map_err(|e| match e {
            ReadError::Io { path, source } => ConfigError::Read { path, source },
            ReadError::NotRegular { path } => ConfigError::NotRegular { path },
            ReadError::TooLarge { path, .. } => ConfigError::TooLarge { path },
        })?;
        let text =
            String::from_utf8(bytes).map_err(|_| ConfigError::NotText { path: path.clone() })?;
        Ok((Self::parse(&text, &path)?, ConfigSource::File(path)))
    }

    pub fn keymap(&self) -> Keymap {
        Keymap::with_overrides(&self.keys)
    }
}

/// `~/.config/dynamo-dr/config.toml` on Linux; the platform's equivalent elsewhere.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dynamo-dr").map(|d| d.config_dir().join("config.toml"))
}

#[cfg(test)]
mod tests;
