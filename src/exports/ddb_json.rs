//! DynamoDB JSON, the format of an export's data files and of an import's
//! input: one item per line, `{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}`, binary
//! values in base64. Read straight into the project's `Item` (no
//! intermediate JSON tree: a digest of an export reads millions of lines).

use std::collections::BTreeMap;
use std::fmt;

use aws_smithy_types::base64;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::domain::{AttrValue, Item};

/// One line of a data file; `None` for a blank line.
pub fn parse_line(line: &str) -> Result<Option<Item>, String> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let parsed: LineIn = serde_json::from_str(line).map_err(|e| e.to_string())?;
    Ok(Some(parsed.item.0))
}

/// One line of a data file for `item`, without the newline.
pub fn write_line(item: &Item) -> String {
    // Serializing borrowed strings and maps to JSON cannot fail.
    serde_json::to_string(&LineOut {
        item: ItemOut(item),
    })
    .unwrap_or_default()
}

#[derive(Deserialize)]
struct LineIn {
    #[serde(rename = "Item")]
    item: ItemIn,
}

#[derive(Serialize)]
struct LineOut<'a> {
    #[serde(rename = "Item")]
    item: ItemOut<'a>,
}

struct ItemIn(Item);
struct AttrIn(AttrValue);

impl<'de> Deserialize<'de> for ItemIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ItemIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an item: a map of attribute names to typed values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ItemIn, A::Error> {
                let mut item = BTreeMap::new();
                while let Some((name, AttrIn(value))) = map.next_entry::<String, AttrIn>()? {
                    item.insert(name, value);
                }
                Ok(ItemIn(item))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for AttrIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(AttrVisitor)
    }
}

struct AttrVisitor;

impl<'de> Visitor<'de> for AttrVisitor {
    type Value = AttrIn;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a typed value such as {\"S\": \"text\"}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttrIn, A::Error> {
        let Some(tag) = map.next_key::<String>()? else {
            return Err(de::Error::custom("an attribute value with no type"));
        };
        let value = match tag.as_str() {
            "S" => AttrValue::S(map.next_value()?),
            "N" => AttrValue::N(map.next_value()?),
            "B" => AttrValue::B(binary(&map.next_value::<String>()?)?),
            "BOOL" => AttrValue::Bool(map.next_value()?),
            "NULL" => {
                map.next_value::<bool>()?;
                AttrValue::Null
            }
            "L" => AttrValue::L(map.next_value::<ListIn>()?.0),
            "M" => AttrValue::M(map.next_value::<ItemIn>()?.0),
            "SS" => AttrValue::Ss(map.next_value()?),
            "NS" => AttrValue::Ns(map.next_value()?),
            "BS" => AttrValue::Bs(
                map.next_value::<Vec<String>>()?
                    .iter()
                    .map(|b| binary(b))
                    .collect::<Result<_, _>>()?,
            ),
            other => {
                return Err(de::Error::custom(format!(
                    "unknown attribute type {other:?}"
                )));
            }
        };
        if map.next_key::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("an attribute value has exactly one type"));
        }
        Ok(AttrIn(value))
    }
}

/// A list value, read element by element.
struct ListIn(Vec<AttrValue>);

impl<'de> Deserialize<'de> for ListIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ListIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of typed values")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListIn, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(AttrIn(v)) = seq.next_element::<AttrIn>()? {
                    out.push(v);
                }
                Ok(ListIn(out))
            }
        }
        d.deserialize_seq(V)
    }
}

fn binary<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
    base64::decode(text).map_err(|e| E::custom(format!("a binary value is not base64: {e}")))
}

struct ItemOut<'a>(&'a Item);
struct AttrOut<'a>(&'a AttrValue);

impl Serialize for ItemOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, &AttrOut(value))?;
        }
        map.end()
    }
}

impl Serialize for AttrOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        match self.0 {
            AttrValue::S(v) => map.serialize_entry("S", v)?,
            AttrValue::N(v) => map.serialize_entry("N", v)?,
            AttrValue::B(v) => map.serialize_entry("B", &base64::encode(v))?,
            AttrValue::Bool(v) => map.serialize_entry("BOOL", v)?,
            AttrValue::Null => map.serialize_entry("NULL", &true)?,
            AttrValue::L(v) => map.serialize_entry("L", &ListOut(v))?,
            AttrValue::M(v) => map.serialize_entry("M", &ItemOut(v))?,
            AttrValue::Ss(v) => map.serialize_entry("SS", v)?,
            AttrValue::Ns(v) => map.serialize_entry("NS", v)?,
            AttrValue::Bs(v) => {
                let encoded: Vec<String> = v.iter().map(base64::encode).collect();
                map.serialize_entry("BS", &encoded)?
            }
        }
        map.end()
    }
}

struct ListOut<'a>(&'a [AttrValue]);

impl Serialize for ListOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&AttrOut(v))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_type() -> Item {
        let mut nested = BTreeMap::new();
        nested.insert("deep".to_owned(), AttrValue::N("-1.5".to_owned()));
        Item::from([
            ("pk".to_owned(), AttrValue::S("order#1".to_owned())),
            ("n".to_owned(), AttrValue::N("42".to_owned())),
            ("b".to_owned(), AttrValue::B(vec![0, 255, 7])),
            ("ok".to_owned(), AttrValue::Bool(true)),
            ("none".to_owned(), AttrValue::Null),
            (
                "l".to_owned(),
                AttrValue::L(vec![
                    AttrValue::S("x".to_owned()),
                    AttrValue::M(nested.clone()),
                ]),
            ),
            ("m".to_owned(), AttrValue::M(nested)),
            (
                "ss".to_owned(),
                AttrValue::Ss(vec!["a".to_owned(), "b".to_owned()]),
            ),
            (
                "ns".to_owned(),
                AttrValue::Ns(vec!["1".to_owned(), "2.5".to_owned()]),
            ),
            ("bs".to_owned(), AttrValue::Bs(vec![vec![1], vec![2, 3]])),
        ])
    }

    #[test]
    fn every_type_survives_a_round_trip() {
        let item = every_type();
        let line = write_line(&item);
        assert!(line.starts_with("{\"Item\":{"), "{line}");
        assert!(
            line.contains("\"b\":{\"B\":\"AP8H\"}"),
            "binary is base64: {line}"
        );
        assert_eq!(parse_line(&line).unwrap(), Some(item));
    }

    #[test]
    fn reads_what_dynamodb_writes() {
        let line = r#"{"Item":{"id":{"S":"a1"},"qty":{"N":"3"},"tags":{"SS":["x"]},"gone":{"NULL":true}}}"#;
        let item = parse_line(line).unwrap().unwrap();
        assert_eq!(item["id"], AttrValue::S("a1".to_owned()));
        assert_eq!(item["qty"], AttrValue::N("3".to_owned()));
        assert_eq!(item["tags"], AttrValue::Ss(vec!["x".to_owned()]));
        assert_eq!(item["gone"], AttrValue::Null);
        assert_eq!(parse_line("   ").unwrap(), None);
    }

    #[test]
    fn refuses_what_is_not_dynamodb_json() {
        for bad in [
            r#"{"id":{"S":"a"}}"#,
            r#"{"Item":{"id":"a"}}"#,
            r#"{"Item":{"id":{"Q":"a"}}}"#,
            r#"{"Item":{"id":{"S":"a","N":"1"}}}"#,
            r#"{"Item":{"id":{"B":"%%%"}}}"#,
            r#"{"Item":{"id":{}}}"#,
            "not json",
        ] {
            assert!(parse_line(bad).is_err(), "{bad} should be refused");
        }
    }
}
