//! Config values that validate themselves while being read.

use std::fmt;
use std::ops::RangeInclusive;

use serde::Deserialize;

/// A 12-digit AWS account id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct AccountId(pub String);

impl TryFrom<String> for AccountId {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        if v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(v))
        } else {
            Err(format!(
                "account_id must be 12 digits, like \"111122223333\" (got \"{v}\")"
            ))
        }
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `arn:aws:iam::<account>:role/<name>`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct RoleArn(pub String);

impl RoleArn {
    /// The role's name: the part after the last `/`.
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }
}

impl TryFrom<String> for RoleArn {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        let ok = v.starts_with("arn:aws")
            && v.contains(":iam::")
            && v.contains(":role/")
            && !v.ends_with('/');
        if ok {
            Ok(Self(v))
        } else {
            Err(format!(
                "backup_role_arn must be an IAM role ARN like \"arn:aws:iam::111122223333:role/BackupRole\" (got \"{v}\")"
            ))
        }
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The longest step timeout: 30 days (a cold-storage restore of a large
/// table takes hours, not weeks).
pub const MAX_STEP_TIMEOUT_SECS: u64 = 30 * 24 * 3600;

/// Seconds a step may take (1 to 30 days' worth), or no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "toml::Value")]
pub enum StepTimeout {
    Seconds(u64),
    None,
}

impl StepTimeout {
    pub fn duration(self) -> Option<std::time::Duration> {
        match self {
            Self::Seconds(s) => Some(std::time::Duration::from_secs(s)),
            Self::None => None,
        }
    }
}

impl TryFrom<toml::Value> for StepTimeout {
    type Error = String;
    fn try_from(v: toml::Value) -> Result<Self, String> {
        match v {
            toml::Value::Integer(s) => match u64::try_from(s) {
                Ok(secs @ 1..=MAX_STEP_TIMEOUT_SECS) => Ok(Self::Seconds(secs)),
                _ => Err(format!(
                    "step_timeout must be from 1 to {MAX_STEP_TIMEOUT_SECS} seconds (30 days), or \"none\" (got {s})"
                )),
            },
            toml::Value::String(s) if s == "none" => Ok(Self::None),
            other => Err(format!(
                "step_timeout must be a positive number of seconds or \"none\" (got {other})"
            )),
        }
    }
}

impl fmt::Display for StepTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Seconds(s) => write!(f, "{s}s"),
            Self::None => f.write_str("none"),
        }
    }
}

/// A TOML number (integer or float) for the key `name`.
fn number(name: &str, v: toml::Value) -> Result<f64, String> {
    match v {
        toml::Value::Integer(i) => Ok(i as f64),
        toml::Value::Float(f) => Ok(f),
        other => Err(format!("{name} must be a number (got {other})")),
    }
}

/// A TOML value as an operator would write it: `9.2e18`, `1e-300`, `nan`,
/// never forty digits.
fn shown(v: &toml::Value) -> String {
    match v {
        toml::Value::Float(f) if f.is_nan() => "nan".to_owned(),
        toml::Value::Float(f) if *f == 0.0 || (1e-4..1e15).contains(&f.abs()) => f.to_string(),
        toml::Value::Float(f) if f.is_finite() => format!("{f:e}"),
        other => other.to_string(),
    }
}

/// A number for the key `name` within `range` (NaN and infinities never are).
fn in_range(name: &str, v: toml::Value, range: RangeInclusive<f64>) -> Result<f64, String> {
    let shown = shown(&v);
    let n = number(name, v)?;
    if range.contains(&n) {
        Ok(n)
    } else {
        Err(format!(
            "{name} must be from {} to {} (got {shown})",
            range.start(),
            range.end()
        ))
    }
}

/// The sandbox speed-ups that take effect: from a thousandth of AWS's pace
/// (the sandbox's own floor) to a million times faster.
pub const SPEEDS: RangeInclusive<f64> = 0.001..=1_000_000.0;

/// The sandbox's speed-up, within [`SPEEDS`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "toml::Value")]
pub struct Speed(pub f64);

impl TryFrom<toml::Value> for Speed {
    type Error = String;
    fn try_from(v: toml::Value) -> Result<Self, String> {
        in_range("speed", v, SPEEDS).map(Self)
    }
}

/// Per-table describe calls in flight at once: 1–1000.
pub const CONCURRENCY: RangeInclusive<i64> = 1..=1_000;

/// Reads `inventory.concurrency` (kept a plain `usize` for its users).
/// `[repair] write_units_per_second`: 1 to 40,000 (DynamoDB's default
/// per-table write limit), a whole number.
pub fn write_rate<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::Integer(i) if (1..=40_000).contains(&i) => {
            u32::try_from(i).map_err(serde::de::Error::custom)
        }
        other => Err(serde::de::Error::custom(format!(
            "write_units_per_second must be a whole number from 1 to 40000 (got {})",
            shown(&other)
        ))),
    }
}

pub fn concurrency<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::Integer(i) if CONCURRENCY.contains(&i) => {
            usize::try_from(i).map_err(serde::de::Error::custom)
        }
        other => Err(serde::de::Error::custom(format!(
            "concurrency must be a whole number from {} to {} (got {})",
            CONCURRENCY.start(),
            CONCURRENCY.end(),
            shown(&other)
        ))),
    }
}

/// Parallel scan segments per table: 1–1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "toml::Value")]
pub struct Segments(pub u32);

impl TryFrom<toml::Value> for Segments {
    type Error = String;
    fn try_from(v: toml::Value) -> Result<Self, String> {
        whole("segments", v, 1..=1000).map(Self)
    }
}

/// A whole number within `range`, or a message naming `name` and the range.
pub(super) fn whole(name: &str, v: toml::Value, range: RangeInclusive<u32>) -> Result<u32, String> {
    match v {
        toml::Value::Integer(i) => u32::try_from(i).ok().filter(|n| range.contains(n)),
        _ => None,
    }
    .ok_or_else(|| {
        format!(
            "{name} must be a whole number from {} to {} (got {})",
            range.start(),
            range.end(),
            shown(&v)
        )
    })
}

/// A read-rate limit in items per second per table, within
/// [`crate::verify::READ_RATES`] (as `verify --read-rate`).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "toml::Value")]
pub struct ItemsPerSecond(pub f64);

impl TryFrom<toml::Value> for ItemsPerSecond {
    type Error = String;
    fn try_from(v: toml::Value) -> Result<Self, String> {
        in_range("items_per_second", v, crate::verify::READ_RATES).map(Self)
    }
}

/// The sandbox's item-count multiplier: above 0, at most 1.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "toml::Value")]
pub struct ItemScale(pub f64);

impl TryFrom<toml::Value> for ItemScale {
    type Error = String;
    fn try_from(v: toml::Value) -> Result<Self, String> {
        let n = number("item_scale", v)?;
        if n > 0.0 && n <= 1.0 {
            Ok(Self(n))
        } else {
            Err(format!(
                "item_scale must be above 0 and at most 1 (got {n})"
            ))
        }
    }
}

/// Days a finished journal is kept: 1–3650.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "toml::Value")]
pub struct KeepDays(pub u32);

impl TryFrom<toml::Value> for KeepDays {
    type Error = String;
    fn try_from(v: toml::Value) -> Result<Self, String> {
        whole("keep_finished_journals_days", v, 1..=3650).map(Self)
    }
}
