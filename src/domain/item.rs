//! A DynamoDB item as the project's own data: attribute name → value, with
//! every DynamoDB attribute type. Serialised as DynamoDB JSON
//! (`{"pk": {"S": "a"}}`), so a report's keys read like the AWS console's.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// One attribute value. Numbers keep DynamoDB's string form: they carry up to
/// 38 digits, more than any Rust float; `canonical` normalises them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttrValue {
    S(String),
    N(String),
    B(Vec<u8>),
    #[serde(rename = "BOOL")]
    Bool(bool),
    #[serde(rename = "NULL")]
    Null,
    L(Vec<AttrValue>),
    M(BTreeMap<String, AttrValue>),
    #[serde(rename = "SS")]
    Ss(Vec<String>),
    #[serde(rename = "NS")]
    Ns(Vec<String>),
    #[serde(rename = "BS")]
    Bs(Vec<Vec<u8>>),
}

/// A whole item (or a key: the item restricted to the key attributes).
pub type Item = BTreeMap<String, AttrValue>;

/// The names of a table's key attributes, from its key schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySchema {
    pub partition_key: String,
    pub sort_key: Option<String>,
}

impl KeySchema {
    /// The key of `item`: its partition and sort key attributes only.
    pub fn key_of(&self, item: &Item) -> Item {
        std::iter::once(&self.partition_key)
            .chain(self.sort_key.as_ref())
            .filter_map(|name| item.get(name).map(|v| (name.clone(), v.clone())))
            .collect()
    }
}

/// A key for people: `pk=order-17, sk=2`.
pub struct KeyDisplay<'a>(pub &'a Item);

impl fmt::Display for KeyDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}=")?;
            match value {
                AttrValue::S(s) | AttrValue::N(s) => f.write_str(s)?,
                AttrValue::B(b) => write_hex(f, b)?,
                other => write!(f, "{other:?}")?,
            }
        }
        Ok(())
    }
}

fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    f.write_str("0x")?;
    bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_keeps_only_the_key_attributes_and_reads_plainly() {
        let item: Item = [
            ("pk".to_owned(), AttrValue::S("order-1".to_owned())),
            ("sk".to_owned(), AttrValue::N("2".to_owned())),
            ("body".to_owned(), AttrValue::Bool(true)),
        ]
        .into();
        let schema = KeySchema {
            partition_key: "pk".to_owned(),
            sort_key: Some("sk".to_owned()),
        };
        let key = schema.key_of(&item);
        assert_eq!(key.len(), 2);
        assert_eq!(KeyDisplay(&key).to_string(), "pk=order-1, sk=2");
        let json = serde_json::to_string(&key).unwrap_or_default();
        assert_eq!(json, r#"{"pk":{"S":"order-1"},"sk":{"N":"2"}}"#);
    }
}
