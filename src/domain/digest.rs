//! Item hashes and the order-independent table digest.
//!
//! An item's hash is XXH3-128 of its canonical bytes. A table's digest is the
//! item count and the sum (mod 2^128) of its items' hashes: addition is
//! commutative, so segments scanned in parallel, in any order, combine into
//! the same digest. Two tables with different contents get equal digests
//! only if the hashes of what differs happen to cancel, about one chance in
//! 2^128 for data nobody crafted on purpose (see `docs/verification.md`).

use std::fmt;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use super::canonical::encode_item;
use super::item::Item;

/// Hashes items, reusing one buffer for their canonical bytes.
#[derive(Debug, Default)]
pub struct ItemHasher {
    buf: Vec<u8>,
}

impl ItemHasher {
    pub fn hash(&mut self, item: &Item) -> u128 {
        self.buf.clear();
        encode_item(item, &mut self.buf);
        xxh3_128(&self.buf)
    }
}

/// The digest of a set of items: equal contents, equal digests, whatever the
/// order the items were read in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDigest {
    pub items: u64,
    /// Sum of the item hashes mod 2^128, as 32 hex digits.
    #[serde(with = "hex128")]
    pub sum: u128,
}

impl TableDigest {
    pub fn add(&mut self, item_hash: u128) {
        self.items += 1;
        self.sum = self.sum.wrapping_add(item_hash);
    }

    /// The digest of both parts (segments of one table).
    pub fn merge(&mut self, other: TableDigest) {
        self.items += other.items;
        self.sum = self.sum.wrapping_add(other.sum);
    }
}

impl fmt::Display for TableDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x} ({} items)", self.sum, self.items)
    }
}

mod hex128 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:032x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let s = String::deserialize(d)?;
        u128::from_str_radix(&s, 16).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AttrValue;

    fn item(pk: &str, n: &str) -> Item {
        [
            ("pk".to_owned(), AttrValue::S(pk.to_owned())),
            ("n".to_owned(), AttrValue::N(n.to_owned())),
        ]
        .into()
    }

    fn digest(items: &[Item]) -> TableDigest {
        let mut h = ItemHasher::default();
        let mut d = TableDigest::default();
        items.iter().for_each(|i| d.add(h.hash(i)));
        d
    }

    #[test]
    fn order_and_number_spelling_do_not_change_the_digest() {
        let a = digest(&[item("a", "1.50"), item("b", "2"), item("c", "3")]);
        let mut parts = digest(&[item("c", "3")]);
        parts.merge(digest(&[item("b", "2.0"), item("a", "1.5")]));
        assert_eq!(a, parts);
    }

    #[test]
    fn one_changed_missing_or_extra_item_changes_it() {
        let base = digest(&[item("a", "1"), item("b", "2")]);
        assert_ne!(base, digest(&[item("a", "1"), item("b", "3")]));
        assert_ne!(base, digest(&[item("a", "1")]));
        assert_ne!(
            base,
            digest(&[item("a", "1"), item("b", "2"), item("c", "2")])
        );
    }

    #[test]
    fn the_digest_reads_and_serialises_as_hex() {
        let d = TableDigest { items: 2, sum: 255 };
        assert_eq!(d.to_string(), format!("{:032x} (2 items)", 255));
        let json = serde_json::to_string(&d).unwrap_or_default();
        assert!(json.contains("000000ff"), "{json}");
        let back: TableDigest = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, d);
    }
}
