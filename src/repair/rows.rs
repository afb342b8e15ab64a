//! The repair set as the operator browses it: one row a key, the
//! attributes that differ with their value in the copy ("then") and in the
//! live table ("now"), cut short and with control characters shown, never
//! sent to the terminal.

use serde::{Deserialize, Serialize};

use super::{RepairClass, RepairEntry};
use crate::domain::{AttrValue, Item, KeyDisplay, printable};

/// How many rows the choice dialog carries (the file has them all).
pub const ROWS_SHOWN: usize = 500;

/// The longest value shown, in characters.
const VALUE_CHARS: usize = 48;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairRow {
    pub class: RepairClass,
    /// `pk=order-1, sk=2`, printable.
    pub key: String,
    pub attrs: Vec<AttrDelta>,
}

/// One attribute that differs: `None` where the item lacks it (or the
/// item is absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttrDelta {
    pub name: String,
    pub then: Option<String>,
    pub now: Option<String>,
}

impl RepairRow {
    /// Whether the row matches a filter: the key starts with it, or an
    /// attribute that differs is named like it (case-insensitive). An
    /// empty filter matches every row.
    pub fn matches(&self, filter: &str) -> bool {
        let filter = filter.trim().to_lowercase();
        if filter.is_empty() {
            return true;
        }
        let key = self.key.to_lowercase();
        let value = key.split_once('=').map_or(key.as_str(), |(_, v)| v);
        key.starts_with(&filter)
            || value.starts_with(&filter)
            || self
                .attrs
                .iter()
                .any(|a| a.name.to_lowercase().contains(&filter))
    }

    /// `status, amount` (the attributes that differ); for an item deleted
    /// or created since, `whole item (12 attributes)`.
    pub fn attr_names(&self) -> String {
        if self.class != RepairClass::Changed {
            return format!("whole item ({} attributes)", self.attrs.len());
        }
        self.attrs
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The row of one entry: for a changed item the attributes whose values
/// differ; for a deleted or created one, every attribute.
pub fn row_of(entry: &RepairEntry) -> RepairRow {
    let empty = Item::new();
    let then = entry.source.as_ref().unwrap_or(&empty);
    let now = entry.live.as_ref().unwrap_or(&empty);
    let mut names: Vec<&String> = then.keys().chain(now.keys()).collect();
    names.sort();
    names.dedup();
    let attrs = names
        .into_iter()
        .filter(|name| {
            let (a, b) = (then.get(*name), now.get(*name));
            match (a, b) {
                (Some(a), Some(b)) => !same_value(a, b),
                _ => true,
            }
        })
        .map(|name| AttrDelta {
            name: printable(name).into_owned(),
            then: then.get(name).map(shown),
            now: now.get(name).map(shown),
        })
        .collect();
    RepairRow {
        class: entry.class,
        key: printable(&KeyDisplay(&entry.key).to_string()).into_owned(),
        attrs,
    }
}

fn same_value(a: &AttrValue, b: &AttrValue) -> bool {
    let wrap = |v: &AttrValue| Item::from([(String::new(), v.clone())]);
    super::same(&wrap(a), &wrap(b))
}

/// A value as one short line: strings and numbers bare, the rest as
/// DynamoDB JSON; cut to `VALUE_CHARS` with `…`.
fn shown(value: &AttrValue) -> String {
    let text = match value {
        AttrValue::S(s) | AttrValue::N(s) => s.clone(),
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Null => "null".to_owned(),
        AttrValue::B(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("0x{hex}")
        }
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    let text = printable(&text).into_owned();
    if text.chars().count() > VALUE_CHARS {
        let cut: String = text.chars().take(VALUE_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}
