//! `[posture]`: the rules every table must meet to count as recoverable,
//! and the tables left out of them. Each value is checked while it is read,
//! so a bad one names its key and line. What the rules conclude is in
//! `crate::posture`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::values::whole;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PostureConfig {
    /// Point-in-time recovery must be on.
    pub require_pitr: bool,
    /// PITR must keep at least this many days (1–35); unset: any.
    pub min_pitr_days: Option<PitrDays>,
    /// Deletion protection must be on.
    pub require_deletion_protection: bool,
    /// The newest restorable copy (PITR, backup or recovery point) must be
    /// at most this old: the RPO target. Unset: not a rule.
    pub max_backup_age_hours: Option<Hours>,
    /// An AWS Backup plan must cover the table.
    pub require_plan: bool,
    /// A copy must exist in this second region.
    pub require_copy_region: Option<Region>,
    /// A restore drill at least this often.
    pub drill_every_days: Option<Days>,
    /// The last drill's measured restore time must be within this.
    pub rto_target_minutes: Option<Minutes>,
    /// Tables left out of every rule, by name pattern (`*` any run of
    /// characters, `?` one).
    pub exclude: Vec<NamePattern>,
    /// Tables left out of every rule, by tag: `key=value`, or `key` for
    /// any value.
    pub exclude_tags: Vec<TagPattern>,
}

impl Default for PostureConfig {
    fn default() -> Self {
        Self {
            require_pitr: true,
            min_pitr_days: None,
            require_deletion_protection: true,
            max_backup_age_hours: None,
            require_plan: false,
            require_copy_region: None,
            drill_every_days: None,
            rto_target_minutes: None,
            exclude: Vec::new(),
            exclude_tags: Vec::new(),
        }
    }
}

impl PostureConfig {
    /// The first pattern that leaves `table` out, if one does.
    pub fn excluded_by(&self, table: &str) -> Option<&NamePattern> {
        self.exclude.iter().find(|p| p.matches(table))
    }

    /// The first `exclude_tags` entry `tags` match, if one does.
    pub fn excluded_by_tag(&self, tags: &BTreeMap<String, String>) -> Option<&TagPattern> {
        self.exclude_tags.iter().find(|p| p.matches(tags))
    }
}

/// A tag that leaves a table out: `key=value`, or `key` (any value). Keys
/// and values as AWS allows them (a key 1–128 characters, a value up to
/// 256), matched exactly, case counted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct TagPattern {
    pub key: String,
    pub value: Option<String>,
}

impl TryFrom<String> for TagPattern {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        let (key, value) = match v.split_once('=') {
            Some((k, val)) => (k.to_owned(), Some(val.to_owned())),
            None => (v.clone(), None),
        };
        let key_ok = !key.trim().is_empty() && key.chars().count() <= 128 && key.trim() == key;
        let value_ok = value.as_ref().is_none_or(|val| val.chars().count() <= 256);
        let printable = !v.chars().any(char::is_control);
        if key_ok && value_ok && printable {
            Ok(Self { key, value })
        } else {
            Err(format!(
                "exclude_tags: an entry is \"key=value\" or \"key\", a key of 1-128 characters without spaces around it and a value of at most 256 (got \"{}\")",
                v.escape_debug()
            ))
        }
    }
}

impl TagPattern {
    /// Whether `tags` hold the key (with the value, when one is given).
    pub fn matches(&self, tags: &BTreeMap<String, String>) -> bool {
        match (&self.value, tags.get(&self.key)) {
            (Some(want), Some(got)) => want == got,
            (None, Some(_)) => true,
            (_, None) => false,
        }
    }
}

impl fmt::Display for TagPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{}={v}", self.key),
            None => f.write_str(&self.key),
        }
    }
}

macro_rules! whole_number {
    ($name:ident, $key:literal, $range:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
        #[serde(try_from = "toml::Value")]
        pub struct $name(pub u32);

        impl TryFrom<toml::Value> for $name {
            type Error = String;
            fn try_from(v: toml::Value) -> Result<Self, String> {
                whole($key, v, $range).map(Self)
            }
        }
    };
}

whole_number!(
    PitrDays,
    "min_pitr_days",
    1..=35,
    "PITR's recovery period: 1–35 days, as AWS allows."
);
whole_number!(
    Hours,
    "max_backup_age_hours",
    1..=87_600,
    "An RPO target: 1 hour to 10 years."
);
whole_number!(
    Days,
    "drill_every_days",
    1..=3_650,
    "Days between drills: 1–3650."
);
whole_number!(
    Minutes,
    "rto_target_minutes",
    1..=525_600,
    "An RTO target: 1 minute to a year."
);

/// An AWS region's name, like `us-west-2`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Region(pub String);

impl TryFrom<String> for Region {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        if crate::domain::is_region(&v) {
            Ok(Self(v))
        } else {
            Err(format!(
                "require_copy_region must be a region name like \"us-west-2\" (got \"{v}\")"
            ))
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A table-name pattern: DynamoDB's name characters (`a-z A-Z 0-9 _ - .`)
/// and the wildcards `*` (any run, empty too) and `?` (one character).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct NamePattern(pub String);

impl TryFrom<String> for NamePattern {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        let ok = !v.is_empty()
            && v.len() <= 255
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.*?".contains(c));
        if ok {
            Ok(Self(v))
        } else {
            Err(format!(
                "exclude: a pattern is a table name with * or ? in it, 1-255 of a-z A-Z 0-9 _ - . * ? (got \"{v}\")"
            ))
        }
    }
}

impl NamePattern {
    /// Whether `name` matches, case counted (DynamoDB's names are).
    pub fn matches(&self, name: &str) -> bool {
        glob(self.0.as_bytes(), name.as_bytes())
    }
}

impl fmt::Display for NamePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `*` and `?` matching, iterative with one backtrack point (linear in
/// practice, never exponential).
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == b'?' || Some(&c) == name.get(n) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn pat(s: &str) -> NamePattern {
        NamePattern::try_from(s.to_owned()).unwrap()
    }

    #[test]
    fn patterns_match_whole_names_with_star_and_question_mark() {
        assert!(pat("tmp-*").matches("tmp-orders"));
        assert!(pat("tmp-*").matches("tmp-"));
        assert!(!pat("tmp-*").matches("orders-tmp-1"));
        assert!(pat("*--orig-*").matches("orders--orig-1234"));
        assert!(pat("log?").matches("logs"));
        assert!(!pat("log?").matches("log"));
        assert!(!pat("Orders").matches("orders"));
        assert!(pat("a*b*c").matches("aXXbYYbc"));
        assert!(!pat("a*b*c").matches("aXXbYYb"));
        assert!(NamePattern::try_from("orders/*".to_owned()).is_err());
        assert!(NamePattern::try_from(String::new()).is_err());
    }

    #[test]
    fn defaults_require_pitr_and_protection_and_nothing_else() {
        let c = PostureConfig::default();
        assert!(c.require_pitr && c.require_deletion_protection);
        assert!(!c.require_plan);
        assert_eq!(c.max_backup_age_hours, None);
        assert_eq!(c.drill_every_days, None);
    }

    #[test]
    fn tag_patterns_match_a_key_and_value_or_a_key() {
        let tags: BTreeMap<String, String> = [("dr:exclude", "true"), ("env", "dev")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let tag = |s: &str| TagPattern::try_from(s.to_owned()).unwrap();
        assert!(tag("dr:exclude=true").matches(&tags));
        assert!(!tag("dr:exclude=false").matches(&tags));
        assert!(tag("env").matches(&tags));
        assert!(!tag("team").matches(&tags));
        assert!(!tag("Env=dev").matches(&tags));
        // An empty value is a value: `key=` wants the tag set to "".
        assert!(!tag("env=").matches(&tags));
        assert_eq!(tag("env=dev").to_string(), "env=dev");
        for bad in ["", "=dev", " env=dev", &"k".repeat(129)] {
            let e = TagPattern::try_from(bad.to_owned()).unwrap_err();
            assert!(e.starts_with("exclude_tags:"), "{e}");
        }
    }

    #[test]
    fn a_bad_tag_in_the_config_names_its_key() {
        let e = toml::from_str::<PostureConfig>("exclude_tags = [\"=x\"]").unwrap_err();
        assert!(e.to_string().contains("exclude_tags"), "{e}");
        let ok = toml::from_str::<PostureConfig>("exclude_tags = [\"dr:exclude=true\", \"env\"]")
            .unwrap();
        assert_eq!(ok.exclude_tags.len(), 2);
    }

    #[test]
    fn regions_are_checked() {
        assert!(Region::try_from("us-west-2".to_owned()).is_ok());
        assert!(Region::try_from("ap-southeast-1".to_owned()).is_ok());
        assert!(Region::try_from("us-gov-west-1".to_owned()).is_ok());
        assert!(Region::try_from("US-West-2".to_owned()).is_err());
        assert!(Region::try_from("westeurope".to_owned()).is_err());
    }
}
