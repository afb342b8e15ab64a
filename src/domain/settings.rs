//! A table's settings: what an in-place restore must give back besides the
//! items. DynamoDB restores (from a backup, to a point in time, or by AWS
//! Backup) carry the key schema, indexes, capacity and encryption, but drop
//! tags, TTL, the stream, PITR and deletion protection. The operations
//! capture these before they delete a table, diff them against the restored
//! table, and re-apply each difference as its own step.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::BillingMode;

/// Read and write capacity units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throughput {
    pub read: i64,
    pub write: i64,
}

/// Server-side encryption at rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encryption {
    /// DynamoDB's default: a key owned by AWS, nothing to show in the table.
    #[default]
    AwsOwned,
    /// A KMS key: the AWS managed `aws/dynamodb` key or a customer key (its
    /// ARN, as DescribeTable reports it).
    Kms { key_arn: Option<String> },
}

impl fmt::Display for Encryption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AwsOwned => f.write_str("AWS owned key"),
            Self::Kms { key_arn: None } => f.write_str("KMS"),
            Self::Kms { key_arn: Some(k) } => write!(f, "KMS {k}"),
        }
    }
}

pub const STANDARD_CLASS: &str = "STANDARD";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSettings {
    /// User tags (`aws:` tags are AWS's own and cannot be set, so they are
    /// left out).
    pub tags: BTreeMap<String, String>,
    /// The TTL attribute, when TTL is on.
    pub ttl_attribute: Option<String>,
    /// The stream's view type (`NEW_AND_OLD_IMAGES` …), when a stream is on.
    pub stream: Option<String>,
    /// PITR's recovery period, when PITR is on.
    pub pitr_days: Option<u8>,
    pub deletion_protection: bool,
    pub billing: BillingMode,
    /// Global secondary indexes by name, with their provisioned throughput
    /// (`None` under on-demand billing).
    pub indexes: BTreeMap<String, Option<Throughput>>,
    pub encryption: Encryption,
    /// `STANDARD` or `STANDARD_INFREQUENT_ACCESS`.
    pub table_class: String,
}

impl TableSettings {
    /// A fresh table's settings: what a restore gives when it drops them.
    pub fn bare(billing: BillingMode) -> Self {
        Self {
            tags: BTreeMap::new(),
            ttl_attribute: None,
            stream: None,
            pitr_days: None,
            deletion_protection: false,
            billing,
            indexes: BTreeMap::new(),
            encryption: Encryption::AwsOwned,
            table_class: STANDARD_CLASS.to_owned(),
        }
    }

    /// One line for a checklist: "3 tags · TTL expiresAt · stream NEW_IMAGE …".
    pub fn summary(&self) -> String {
        let mut parts = vec![match self.tags.len() {
            0 => "no tags".to_owned(),
            1 => "1 tag".to_owned(),
            n => format!("{n} tags"),
        }];
        parts.push(Setting::Ttl.value(self));
        parts.push(Setting::Stream.value(self));
        parts.push(Setting::Pitr.value(self));
        parts.push(Setting::DeletionProtection.value(self));
        parts.push(self.billing.label());
        match self.indexes.len() {
            0 => {}
            1 => parts.push("1 index".to_owned()),
            n => parts.push(format!("{n} indexes")),
        }
        parts.push(format!("SSE {}", self.encryption));
        parts.push(self.table_class.clone());
        parts.join(" · ")
    }
}

/// One kind of setting, in the order they are compared and re-applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Setting {
    Tags,
    Ttl,
    Stream,
    Capacity,
    Indexes,
    Encryption,
    TableClass,
    Pitr,
    DeletionProtection,
}

impl Setting {
    pub const ALL: [Self; 9] = [
        Self::Tags,
        Self::Ttl,
        Self::Stream,
        Self::Capacity,
        Self::Indexes,
        Self::Encryption,
        Self::TableClass,
        Self::Pitr,
        Self::DeletionProtection,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Tags => "tags",
            Self::Ttl => "TTL",
            Self::Stream => "stream",
            Self::Capacity => "capacity",
            Self::Indexes => "indexes",
            Self::Encryption => "encryption",
            Self::TableClass => "table class",
            Self::Pitr => "PITR",
            Self::DeletionProtection => "deletion protection",
        }
    }

    /// The setting's value in `s`, in words.
    pub fn value(self, s: &TableSettings) -> String {
        match self {
            Self::Tags if s.tags.is_empty() => "no tags".to_owned(),
            Self::Tags => s
                .tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
            Self::Ttl => match &s.ttl_attribute {
                Some(a) => format!("TTL on {a}"),
                None => "TTL off".to_owned(),
            },
            Self::Stream => match &s.stream {
                Some(v) => format!("stream {v}"),
                None => "no stream".to_owned(),
            },
            Self::Capacity => {
                let mut text = s.billing.label();
                for (name, t) in &s.indexes {
                    if let Some(t) = t {
                        text.push_str(&format!(", {name} {}/{}", t.read, t.write));
                    }
                }
                text
            }
            Self::Indexes if s.indexes.is_empty() => "no indexes".to_owned(),
            Self::Indexes => s.indexes.keys().cloned().collect::<Vec<_>>().join(", "),
            Self::Encryption => s.encryption.to_string(),
            Self::TableClass => s.table_class.clone(),
            Self::Pitr => match s.pitr_days {
                Some(d) => format!("PITR {d} d"),
                None => "PITR off".to_owned(),
            },
            Self::DeletionProtection if s.deletion_protection => "protected".to_owned(),
            Self::DeletionProtection => "unprotected".to_owned(),
        }
    }

    fn differs(self, a: &TableSettings, b: &TableSettings) -> bool {
        match self {
            Self::Tags => a.tags != b.tags,
            Self::Ttl => a.ttl_attribute != b.ttl_attribute,
            Self::Stream => a.stream != b.stream,
            Self::Capacity => {
                a.billing != b.billing
                    || a.indexes
                        .iter()
                        .any(|(name, t)| t.is_some() && b.indexes.get(name).is_some_and(|u| u != t))
            }
            Self::Indexes => a.indexes.keys().ne(b.indexes.keys()),
            Self::Encryption => a.encryption != b.encryption,
            Self::TableClass => a.table_class != b.table_class,
            Self::Pitr => a.pitr_days != b.pitr_days,
            Self::DeletionProtection => a.deletion_protection != b.deletion_protection,
        }
    }
}

/// A setting whose value on the restored table is not the captured one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingDiff {
    pub setting: Setting,
    pub captured: String,
    pub restored: String,
}

/// Every setting that differs between what was captured and what is there.
pub fn setting_diffs(captured: &TableSettings, restored: &TableSettings) -> Vec<SettingDiff> {
    Setting::ALL
        .into_iter()
        .filter(|s| s.differs(captured, restored))
        .map(|setting| SettingDiff {
            setting,
            captured: setting.value(captured),
            restored: setting.value(restored),
        })
        .collect()
}

/// One update that brings a table's setting back to what was captured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingChange {
    /// TagResource with `set`, UntagResource with `remove`.
    Tags {
        set: BTreeMap<String, String>,
        remove: Vec<String>,
    },
    /// UpdateTimeToLive.
    Ttl { attribute: String, enabled: bool },
    /// UpdateTable's StreamSpecification: on with a view type, or off.
    Stream { view: Option<String> },
    /// UpdateTable's billing mode, the table's and its indexes' throughput.
    Capacity {
        billing: BillingMode,
        indexes: BTreeMap<String, Throughput>,
    },
    /// UpdateTable's SSESpecification.
    Encryption(Encryption),
    /// UpdateTable's TableClass.
    TableClass(String),
}

impl SettingChange {
    /// The checklist title of the step that makes this change on `table`.
    pub fn title(&self, table: &str) -> String {
        match self {
            Self::Tags { set, remove } if remove.is_empty() => {
                format!("Re-apply {} tag(s) to {table}", set.len())
            }
            Self::Tags { set, remove } => format!(
                "Re-apply {} tag(s) to {table} and remove {}",
                set.len(),
                remove.join(", ")
            ),
            Self::Ttl {
                attribute,
                enabled: true,
            } => format!("Re-apply TTL on {attribute} to {table}"),
            Self::Ttl { attribute, .. } => format!("Turn TTL on {attribute} off for {table}"),
            Self::Stream { view: Some(v) } => format!("Re-apply the {v} stream to {table}"),
            Self::Stream { view: None } => format!("Turn the stream of {table} off"),
            Self::Capacity { billing, .. } => {
                format!("Re-apply {} capacity to {table}", billing.label())
            }
            Self::Encryption(e) => format!("Re-apply encryption ({e}) to {table}"),
            Self::TableClass(c) => format!("Re-apply table class {c} to {table}"),
        }
    }

    /// The AWS APIs it calls.
    pub fn api(&self) -> &'static [&'static str] {
        match self {
            Self::Tags { .. } => &["TagResource", "UntagResource"],
            Self::Ttl { .. } => &["UpdateTimeToLive"],
            _ => &["UpdateTable", "DescribeTable"],
        }
    }

    /// The mutating call it is (for the journal and the audit log).
    pub fn operation(&self) -> &'static str {
        self.api()[0]
    }

    /// Whether a table with settings `s` already has this change.
    pub fn is_applied(&self, s: &TableSettings) -> bool {
        match self {
            Self::Tags { set, remove } => {
                set.iter().all(|(k, v)| s.tags.get(k) == Some(v))
                    && remove.iter().all(|k| !s.tags.contains_key(k))
            }
            Self::Ttl { attribute, enabled } => {
                (s.ttl_attribute.as_ref() == Some(attribute)) == *enabled
            }
            Self::Stream { view } => s.stream == *view,
            Self::Capacity { billing, indexes } => {
                s.billing == *billing
                    && indexes
                        .iter()
                        .all(|(name, t)| s.indexes.get(name) == Some(&Some(*t)))
            }
            Self::Encryption(e) => s.encryption == *e,
            Self::TableClass(c) => s.table_class == *c,
        }
    }
}

/// The changes that bring `restored` back to `captured`, in order. PITR and
/// deletion protection are left out: the operations have their own steps
/// for them. A missing index is not re-created (restores keep every index;
/// `setting_diffs` reports one that is missing).
pub fn changes_to_reapply(
    captured: &TableSettings,
    restored: &TableSettings,
) -> Vec<SettingChange> {
    let mut changes = Vec::new();
    if captured.tags != restored.tags {
        let set: BTreeMap<_, _> = captured
            .tags
            .iter()
            .filter(|(k, v)| restored.tags.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let remove: Vec<_> = restored
            .tags
            .keys()
            .filter(|k| !captured.tags.contains_key(*k))
            .cloned()
            .collect();
        changes.push(SettingChange::Tags { set, remove });
    }
    if captured.ttl_attribute != restored.ttl_attribute {
        if let Some(old) = &restored.ttl_attribute {
            changes.push(SettingChange::Ttl {
                attribute: old.clone(),
                enabled: false,
            });
        }
        if let Some(attribute) = &captured.ttl_attribute {
            changes.push(SettingChange::Ttl {
                attribute: attribute.clone(),
                enabled: true,
            });
        }
    }
    if captured.stream != restored.stream {
        // A stream's view type cannot be changed in place: off, then on.
        if restored.stream.is_some() {
            changes.push(SettingChange::Stream { view: None });
        }
        if captured.stream.is_some() {
            changes.push(SettingChange::Stream {
                view: captured.stream.clone(),
            });
        }
    }
    if Setting::Capacity.differs(captured, restored) {
        let indexes = captured
            .indexes
            .iter()
            .filter(|(name, _)| restored.indexes.contains_key(*name))
            .filter_map(|(name, t)| t.map(|t| (name.clone(), t)))
            .collect();
        changes.push(SettingChange::Capacity {
            billing: captured.billing.clone(),
            indexes,
        });
    }
    if captured.encryption != restored.encryption {
        changes.push(SettingChange::Encryption(captured.encryption.clone()));
    }
    if captured.table_class != restored.table_class {
        changes.push(SettingChange::TableClass(captured.table_class.clone()));
    }
    changes
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn captured() -> TableSettings {
        TableSettings {
            tags: [("team", "payments"), ("env", "prod")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            ttl_attribute: Some("expiresAt".to_owned()),
            stream: Some("NEW_AND_OLD_IMAGES".to_owned()),
            pitr_days: Some(7),
            deletion_protection: true,
            billing: BillingMode::Provisioned { read: 10, write: 5 },
            indexes: [(
                "byCustomer".to_owned(),
                Some(Throughput { read: 10, write: 5 }),
            )]
            .into_iter()
            .collect(),
            encryption: Encryption::Kms {
                key_arn: Some("arn:aws:kms:eu-west-1:1:key/k".to_owned()),
            },
            table_class: "STANDARD_INFREQUENT_ACCESS".to_owned(),
        }
    }

    /// What a restore gives: keys, indexes, capacity; nothing else.
    fn restored() -> TableSettings {
        let c = captured();
        TableSettings {
            indexes: c.indexes,
            ..TableSettings::bare(c.billing)
        }
    }

    #[test]
    fn equal_settings_have_no_diff_and_nothing_to_reapply() {
        assert!(setting_diffs(&captured(), &captured()).is_empty());
        assert!(changes_to_reapply(&captured(), &captured()).is_empty());
    }

    #[test]
    fn a_restore_drops_what_is_listed_and_each_comes_back_as_a_change() {
        let diffs: Vec<_> = setting_diffs(&captured(), &restored())
            .into_iter()
            .map(|d| d.setting)
            .collect();
        assert_eq!(
            diffs,
            [
                Setting::Tags,
                Setting::Ttl,
                Setting::Stream,
                Setting::Encryption,
                Setting::TableClass,
                Setting::Pitr,
                Setting::DeletionProtection
            ]
        );
        let changes = changes_to_reapply(&captured(), &restored());
        assert_eq!(changes.len(), 5, "{changes:?}");
        assert_eq!(
            changes[0],
            SettingChange::Tags {
                set: captured().tags,
                remove: vec![]
            }
        );
        assert_eq!(
            changes[1],
            SettingChange::Ttl {
                attribute: "expiresAt".to_owned(),
                enabled: true
            }
        );
        assert_eq!(
            changes[2],
            SettingChange::Stream {
                view: Some("NEW_AND_OLD_IMAGES".to_owned())
            }
        );
    }

    #[test]
    fn a_changed_stream_view_goes_off_then_on_and_extra_tags_go() {
        let mut now = captured();
        now.stream = Some("KEYS_ONLY".to_owned());
        now.tags.insert("stray".to_owned(), "x".to_owned());
        now.tags.insert("env".to_owned(), "test".to_owned());
        let changes = changes_to_reapply(&captured(), &now);
        assert_eq!(
            changes,
            [
                SettingChange::Tags {
                    set: [("env".to_owned(), "prod".to_owned())]
                        .into_iter()
                        .collect(),
                    remove: vec!["stray".to_owned()],
                },
                SettingChange::Stream { view: None },
                SettingChange::Stream {
                    view: Some("NEW_AND_OLD_IMAGES".to_owned())
                },
            ]
        );
    }

    #[test]
    fn index_throughput_and_billing_are_one_capacity_change() {
        let mut now = captured();
        now.billing = BillingMode::PayPerRequest;
        now.indexes.insert("byCustomer".to_owned(), None);
        let changes = changes_to_reapply(&captured(), &now);
        assert_eq!(
            changes,
            [SettingChange::Capacity {
                billing: BillingMode::Provisioned { read: 10, write: 5 },
                indexes: [("byCustomer".to_owned(), Throughput { read: 10, write: 5 })]
                    .into_iter()
                    .collect(),
            }]
        );
    }

    #[test]
    fn a_missing_index_is_reported_but_not_reapplied() {
        let mut now = captured();
        now.indexes.clear();
        let diffs = setting_diffs(&captured(), &now);
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].setting, Setting::Indexes);
        assert_eq!(diffs[0].restored, "no indexes");
        assert!(changes_to_reapply(&captured(), &now).is_empty());
    }

    #[test]
    fn summary_names_every_setting() {
        let s = captured().summary();
        for part in [
            "2 tags",
            "TTL on expiresAt",
            "stream NEW_AND_OLD_IMAGES",
            "PITR 7 d",
            "protected",
            "prov 10/5",
            "1 index",
            "SSE KMS",
            "STANDARD_INFREQUENT_ACCESS",
        ] {
            assert!(s.contains(part), "{part} in {s}");
        }
    }
}
