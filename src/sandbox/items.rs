//! Real items for sandbox tables, made on demand. A table's contents are
//! `TableData { items, size_bytes, version }`; item `i` of version `v` is a
//! pure function of `(v, i)` (key `pk` = `item-000000042`, a dozen attributes
//! of every DynamoDB type, padded to the table's average item size), so a
//! 1.25M-item table costs nothing until it is scanned, and a restore, which
//! copies the `TableData`, scans equal to its source.
//!
//! Small differences (one changed attribute, a deleted or an added item) are
//! `Patch`es on top of the generated items. A patched table gets a new
//! version, recorded in `World::contents`, so "equal versions, equal items"
//! still holds and backups carry the patches with them.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::backend::ScanPage;
use crate::domain::{AttrValue, Item, KeySchema};

/// What a table holds. A restore copies it; a verification compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableData {
    pub items: u64,
    pub size_bytes: u64,
    /// Changes whenever the contents change; equal versions, equal items.
    pub version: u64,
}

/// The partition key of every sandbox table.
pub const KEY: &str = "pk";

/// One difference from the generated items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Patch {
    /// Sets one attribute of generated item `index`.
    Set {
        index: u64,
        attr: String,
        value: AttrValue,
    },
    /// Removes generated item `index`.
    Delete { index: u64 },
    /// Adds an item (its `pk` must be new).
    Add { item: Item },
    /// PutItem: the item with this item's key, generated or not, becomes
    /// this item (added when there is none).
    Put { item: Item },
    /// DeleteItem: the item with this key, if any, is gone.
    Remove { key: Item },
}

/// Contents that are not purely generated: the first `base_items` generated
/// items of `base_version`, with `patches` applied in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    pub base_version: u64,
    pub base_items: u64,
    pub item_bytes: u64,
    pub patches: Vec<Patch>,
}

impl Derived {
    /// Unpatched contents of `data`, ready for a first patch.
    pub fn of(data: TableData) -> Self {
        Self {
            base_version: data.version,
            base_items: data.items,
            item_bytes: average_item_bytes(data),
            patches: Vec::new(),
        }
    }

    /// How many items there are once the patches are applied.
    pub fn item_count(&self) -> u64 {
        Contents::of(self.clone()).count()
    }
}

pub fn key_schema() -> KeySchema {
    KeySchema {
        partition_key: KEY.to_owned(),
        sort_key: None,
    }
}

/// The key of generated item `index`.
pub fn key(index: u64) -> Item {
    [(KEY.to_owned(), AttrValue::S(key_value(index)))].into()
}

fn key_value(index: u64) -> String {
    format!("item-{index:09}")
}

fn average_item_bytes(data: TableData) -> u64 {
    data.size_bytes
        .checked_div(data.items)
        .unwrap_or(1_000)
        .clamp(300, 4_000)
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Generated item `index` of `version`, about `item_bytes` long.
pub fn generate(version: u64, index: u64, item_bytes: u64) -> Item {
    let r = mix(version ^ mix(index));
    let s = |v: String| AttrValue::S(v);
    let n = |v: String| AttrValue::N(v);
    let statuses = ["PLACED", "PAID", "SHIPPED", "DELIVERED", "RETURNED"];
    let mut item = Item::new();
    item.insert(KEY.to_owned(), s(key_value(index)));
    item.insert(
        "customer".to_owned(),
        s(format!("customer-{:05}", r % 50_000)),
    );
    item.insert(
        "amount".to_owned(),
        n(format!("{}.{:02}", (r >> 8) % 100_000, (r >> 24) % 100)),
    );
    item.insert("quantity".to_owned(), n(((r >> 32) % 50 + 1).to_string()));
    item.insert("gift".to_owned(), AttrValue::Bool(r & 1 == 1));
    item.insert(
        "status".to_owned(),
        s(statuses[(r >> 40) as usize % statuses.len()].to_owned()),
    );
    item.insert(
        "tags".to_owned(),
        AttrValue::Ss(vec![format!("tag-{}", r % 7), format!("zone-{}", r % 3)]),
    );
    item.insert(
        "ratings".to_owned(),
        AttrValue::Ns(vec![(r % 5 + 1).to_string(), format!("{}.5", r % 4)]),
    );
    item.insert(
        "address".to_owned(),
        AttrValue::M(
            [
                ("street".to_owned(), s(format!("{} Main St", r % 9_999))),
                ("city".to_owned(), s(format!("city-{}", (r >> 16) % 300))),
                ("zip".to_owned(), n(format!("{:05}", (r >> 20) % 99_999))),
            ]
            .into(),
        ),
    );
    item.insert(
        "history".to_owned(),
        AttrValue::L(vec![
            s("created".to_owned()),
            n((1_700_000_000 + r % 10_000_000).to_string()),
            AttrValue::Bool(r & 2 == 2),
        ]),
    );
    item.insert(
        "checksum".to_owned(),
        AttrValue::B(r.to_le_bytes().to_vec()),
    );
    if r.is_multiple_of(7) {
        item.insert("note".to_owned(), AttrValue::Null);
    }
    let unit = format!("{r:016x}");
    let pad = item_bytes.saturating_sub(320) as usize;
    item.insert("body".to_owned(), s(unit.repeat(pad / 16 + 1)));
    item
}

/// A table's contents in scan order: generated items, then added ones.
pub struct Contents {
    version: u64,
    base_items: u64,
    item_bytes: u64,
    sets: HashMap<u64, Vec<(String, AttrValue)>>,
    deleted: HashSet<u64>,
    /// Generated items replaced whole by a put.
    replaced: HashMap<u64, Item>,
    /// Items after the generated ones; `None` where one was deleted, so the
    /// positions (and a scan's place) stay.
    added: Vec<Option<Item>>,
    /// Where each added item is in `added`, by its key's canonical bytes
    /// (`1.50` and `1.5` are one numeric key, as in DynamoDB).
    added_at: HashMap<Vec<u8>, usize>,
}

/// Where the item with a given key lives.
enum Slot {
    Generated(u64),
    Added(usize),
}

impl Contents {
    pub fn new(data: TableData, derived: Option<&Derived>) -> Self {
        Self::of(derived.cloned().unwrap_or_else(|| Derived::of(data)))
    }

    fn of(base: Derived) -> Self {
        let mut c = Self {
            version: base.base_version,
            base_items: base.base_items,
            item_bytes: base.item_bytes,
            sets: HashMap::new(),
            deleted: HashSet::new(),
            replaced: HashMap::new(),
            added: Vec::new(),
            added_at: HashMap::new(),
        };
        for p in base.patches {
            c.apply(p);
        }
        c
    }

    /// One more patch, on top of those already applied.
    pub fn apply(&mut self, patch: Patch) {
        match patch {
            Patch::Set { index, attr, value } => {
                self.sets.entry(index).or_default().push((attr, value));
            }
            Patch::Delete { index } => {
                self.deleted.insert(index);
            }
            Patch::Add { item } => self.push(item),
            Patch::Put { item } => match self.slot_of(&item) {
                Some(Slot::Generated(i)) => {
                    self.deleted.remove(&i);
                    self.sets.remove(&i);
                    self.replaced.insert(i, item);
                }
                Some(Slot::Added(j)) => self.added[j] = Some(item),
                None => self.push(item),
            },
            Patch::Remove { key } => match self.slot_of(&key) {
                Some(Slot::Generated(i)) => {
                    self.deleted.insert(i);
                    self.sets.remove(&i);
                    self.replaced.remove(&i);
                }
                Some(Slot::Added(j)) => self.added[j] = None,
                None => {}
            },
        }
    }

    fn push(&mut self, item: Item) {
        if let Some(k) = key_bytes(&item) {
            self.added_at.insert(k, self.added.len());
        }
        self.added.push(Some(item));
    }

    fn positions(&self) -> u64 {
        self.base_items + self.added.len() as u64
    }

    /// How many items there are.
    pub fn count(&self) -> u64 {
        let deleted = self.deleted.iter().filter(|i| **i < self.base_items);
        self.base_items - deleted.count() as u64 + self.added.iter().flatten().count() as u64
    }

    fn at(&self, pos: u64) -> Option<Item> {
        if pos >= self.base_items {
            return self
                .added
                .get((pos - self.base_items) as usize)
                .cloned()
                .flatten();
        }
        if self.deleted.contains(&pos) {
            return None;
        }
        let mut item = match self.replaced.get(&pos) {
            Some(item) => item.clone(),
            None => generate(self.version, pos, self.item_bytes),
        };
        for (attr, value) in self.sets.get(&pos).into_iter().flatten() {
            item.insert(attr.clone(), value.clone());
        }
        Some(item)
    }

    /// The item with this key (GetItem), if there is one.
    pub fn get(&self, key: &Item) -> Option<Item> {
        match self.slot_of(key)? {
            Slot::Generated(i) => self.at(i),
            Slot::Added(j) => self.added.get(j).cloned().flatten(),
        }
    }

    /// Where an item with this key is or was: an added one's slot, else the
    /// generated item whose key is exactly this one.
    fn slot_of(&self, key: &Item) -> Option<Slot> {
        if let Some(j) = key_bytes(key).and_then(|k| self.added_at.get(&k)) {
            return Some(Slot::Added(*j));
        }
        match key.get(KEY)? {
            AttrValue::S(s) => {
                let index: u64 = s.strip_prefix("item-")?.parse().ok()?;
                (index < self.base_items && *s == key_value(index))
                    .then_some(Slot::Generated(index))
            }
            _ => None,
        }
    }

    fn position_of(&self, key: &Item) -> Option<u64> {
        match self.slot_of(key)? {
            Slot::Generated(i) => Some(i),
            Slot::Added(j) => Some(self.base_items + j as u64),
        }
    }

    /// One page of segment `segment` of `total`: segments are equal ranges
    /// of positions.
    pub fn scan(&self, segment: u32, total: u32, start: Option<&Item>, limit: u32) -> ScanPage {
        let n = u128::from(self.positions());
        let bound = |s: u32| (n * u128::from(s) / u128::from(total.max(1))) as u64;
        let (first, end) = (bound(segment), bound(segment + 1));
        let mut pos = match start.and_then(|k| self.position_of(k)) {
            Some(p) => (p + 1).max(first),
            None => first,
        };
        let mut items = Vec::new();
        while pos < end && items.len() < limit.max(1) as usize {
            if let Some(item) = self.at(pos) {
                items.push(item);
            }
            pos += 1;
        }
        let last_key = match items.last() {
            Some(last) if pos < end => Some(key_schema().key_of(last)),
            _ => None,
        };
        ScanPage { items, last_key }
    }
}

/// The canonical bytes of an item's key value, `None` without one.
fn key_bytes(item: &Item) -> Option<Vec<u8>> {
    let value = item.get(KEY)?;
    let mut out = Vec::new();
    crate::domain::canonical::encode_item(&[(KEY.to_owned(), value.clone())].into(), &mut out);
    Some(out)
}
