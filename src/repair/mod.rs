//! Repair in place (operation 11): what differs between the live table and
//! a copy of it from before the damage, what the operator chose to put
//! back, and the conditional writes that do it and undo it. Pure data and
//! local files only: the workflow step (`workflow/steps/repair/`) reads
//! the tables and writes to them.
//!
//! Three files beside the run's journal, JSON lines, 0600:
//! - `repair.json`, the repair set: every key that differs, its class, and
//!   both images as read after the diff (`RepairEntry`);
//! - `preimage.json`, written before anything is written: every key the
//!   repair will change, as it was and as the repair makes it
//!   (`PreImage`), which is what "undo this repair" puts back;
//! - `conflicts.json`: every write whose condition failed because the item
//!   changed after the diff saw it, with both versions (`Conflict`).

mod files;
mod rows;

use serde::{Deserialize, Serialize};

use crate::domain::canonical::encode_item;
use crate::domain::{CondWrite, Expect, Item, ItemChange};

pub use files::{JsonLines, LineWriter, append_lines, read_lines, write_lines};
pub use rows::{AttrDelta, ROWS_SHOWN, RepairRow, row_of};

/// How a repair writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairOptions {
    /// The write budget: write units a second, all writes together
    /// (`[repair] write_units_per_second`).
    pub write_units_per_second: u32,
    /// Items a batch writes before the journal records it.
    pub batch: usize,
}

impl Default for RepairOptions {
    /// 500 write units a second: a tenth of what an on-demand table takes
    /// at once without warming, so the application keeps its capacity.
    fn default() -> Self {
        Self {
            write_units_per_second: DEFAULT_WRITE_RATE,
            batch: 25,
        }
    }
}

/// The default write budget, in write units a second.
pub const DEFAULT_WRITE_RATE: u32 = 500;

/// How a key of the live table differs from the copy (the "source").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RepairClass {
    /// In the source, not in the live table: deleted since.
    Deleted,
    /// In both, different: changed since.
    Changed,
    /// In the live table only: created since.
    Created,
}

impl RepairClass {
    pub const ALL: [RepairClass; 3] = [Self::Deleted, Self::Changed, Self::Created];

    /// `deleted since`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Deleted => "deleted since",
            Self::Changed => "changed since",
            Self::Created => "created since",
        }
    }

    /// What writing it back does to the live table.
    pub fn write_back(self) -> &'static str {
        match self {
            Self::Deleted => "put back (only where the key still does not exist)",
            Self::Changed => "revert (only where the item is still as the diff saw it)",
            Self::Created => "delete (only where the item is still as the diff saw it)",
        }
    }
}

/// One differing key, both images as read once the diff had found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairEntry {
    pub class: RepairClass,
    pub key: Item,
    /// The item in the copy (`None`: created since).
    pub source: Option<Item>,
    /// The item in the live table (`None`: deleted since).
    pub live: Option<Item>,
}

impl RepairEntry {
    /// The entry for a key from both images, or `None` when they are equal
    /// (or both absent): a difference the diff saw that has since gone.
    pub fn of(key: Item, source: Option<Item>, live: Option<Item>) -> Option<Self> {
        let class = match (&source, &live) {
            (None, None) => return None,
            (Some(_), None) => RepairClass::Deleted,
            (None, Some(_)) => RepairClass::Created,
            (Some(s), Some(l)) if same(s, l) => return None,
            (Some(_), Some(_)) => RepairClass::Changed,
        };
        Some(Self {
            class,
            key,
            source,
            live,
        })
    }

    /// What the repair does to this key: the image it leaves (`None`:
    /// deleted), with the image it expects to find.
    pub fn pre_image(&self) -> PreImage {
        PreImage {
            key: self.key.clone(),
            class: self.class,
            before: self.live.clone(),
            after: self.source.clone(),
        }
    }
}

/// Which classes the operator chose to write back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairChoices {
    pub deleted: bool,
    pub changed: bool,
    pub created: bool,
}

impl Default for RepairChoices {
    /// Put back what was deleted and changed, keep what was created since.
    fn default() -> Self {
        Self {
            deleted: true,
            changed: true,
            created: false,
        }
    }
}

impl RepairChoices {
    pub fn none() -> Self {
        Self {
            deleted: false,
            changed: false,
            created: false,
        }
    }

    pub fn includes(&self, class: RepairClass) -> bool {
        match class {
            RepairClass::Deleted => self.deleted,
            RepairClass::Changed => self.changed,
            RepairClass::Created => self.created,
        }
    }

    pub fn toggle(&mut self, class: RepairClass) {
        let flag = match class {
            RepairClass::Deleted => &mut self.deleted,
            RepairClass::Changed => &mut self.changed,
            RepairClass::Created => &mut self.created,
        };
        *flag = !*flag;
    }

    /// How many writes the choice makes, from the counts.
    pub fn writes(&self, counts: &RepairCounts) -> u64 {
        RepairClass::ALL
            .iter()
            .filter(|c| self.includes(**c))
            .map(|c| counts.of(*c))
            .sum()
    }
}

/// How many keys differ, by class; and the write units writing each class
/// back costs (a write unit per KB of item, at least one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairCounts {
    pub deleted: u64,
    pub changed: u64,
    pub created: u64,
    /// Write units of putting back every deleted item.
    #[serde(default)]
    pub deleted_units: u64,
    #[serde(default)]
    pub changed_units: u64,
    #[serde(default)]
    pub created_units: u64,
}

impl RepairCounts {
    pub fn add(&mut self, entry: &RepairEntry) {
        let units = entry.write_units();
        match entry.class {
            RepairClass::Deleted => {
                self.deleted += 1;
                self.deleted_units += units;
            }
            RepairClass::Changed => {
                self.changed += 1;
                self.changed_units += units;
            }
            RepairClass::Created => {
                self.created += 1;
                self.created_units += units;
            }
        }
    }

    pub fn of(&self, class: RepairClass) -> u64 {
        match class {
            RepairClass::Deleted => self.deleted,
            RepairClass::Changed => self.changed,
            RepairClass::Created => self.created,
        }
    }

    pub fn units_of(&self, class: RepairClass) -> u64 {
        match class {
            RepairClass::Deleted => self.deleted_units,
            RepairClass::Changed => self.changed_units,
            RepairClass::Created => self.created_units,
        }
    }

    pub fn total(&self) -> u64 {
        self.deleted + self.changed + self.created
    }

    /// Write units of the classes chosen.
    pub fn units(&self, choices: &RepairChoices) -> u64 {
        RepairClass::ALL
            .iter()
            .filter(|c| choices.includes(**c))
            .map(|c| self.units_of(*c))
            .sum()
    }
}

/// `3 deleted · 2 changed · 1 created since`.
impl std::fmt::Display for RepairCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::time::full_count;
        write!(
            f,
            "{} deleted · {} changed · {} created since",
            full_count(self.deleted),
            full_count(self.changed),
            full_count(self.created)
        )
    }
}

impl RepairEntry {
    /// Write units of the write that repairs it: a put costs the item's
    /// size in KB (rounded up), a delete the size of the item deleted.
    pub fn write_units(&self) -> u64 {
        let image = match self.class {
            RepairClass::Deleted | RepairClass::Changed => self.source.as_ref(),
            RepairClass::Created => self.live.as_ref(),
        };
        image.map_or(1, units_of)
    }
}

/// Write units of writing `item`: one per KB, at least one (DynamoDB
/// counts names and values; the canonical encoding is close to that).
pub fn units_of(item: &Item) -> u64 {
    let mut bytes = Vec::new();
    encode_item(item, &mut bytes);
    (bytes.len() as u64).div_ceil(1024).max(1)
}

/// A key the repair changes: as the diff saw it and as the repair leaves
/// it (`None`: absent). The undo puts `before` back where the item is
/// still `after`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreImage {
    pub key: Item,
    pub class: RepairClass,
    pub before: Option<Item>,
    pub after: Option<Item>,
}

/// Which way a conditional write goes: the repair (`before` → `after`) or
/// its undo (`after` → `before`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Repair,
    Undo,
}

impl PreImage {
    /// (what is expected now, what is written) in this direction.
    fn images(&self, direction: Direction) -> (Option<&Item>, Option<&Item>) {
        match direction {
            Direction::Repair => (self.before.as_ref(), self.after.as_ref()),
            Direction::Undo => (self.after.as_ref(), self.before.as_ref()),
        }
    }

    /// The conditional write that makes the change, or `None` when there is
    /// nothing to change (both absent).
    pub fn write(&self, direction: Direction) -> Option<CondWrite> {
        let (now, then) = self.images(direction);
        let expect = match now {
            Some(item) => Expect::Equals(item.clone()),
            None => Expect::Absent,
        };
        let change = match (then, now) {
            (Some(item), _) => ItemChange::Put(item.clone()),
            (None, Some(_)) => ItemChange::Delete(self.key.clone()),
            (None, None) => return None,
        };
        Some(CondWrite { change, expect })
    }

    /// The image this direction leaves.
    pub fn target(&self, direction: Direction) -> Option<&Item> {
        self.images(direction).1
    }

    /// The image this direction expects to find.
    pub fn expected(&self, direction: Direction) -> Option<&Item> {
        self.images(direction).0
    }

    /// Whether `found` (the item as it is now) is already what this
    /// direction leaves: a write resumed after it landed.
    pub fn already_done(&self, direction: Direction, found: Option<&Item>) -> bool {
        match (self.target(direction), found) {
            (None, None) => true,
            (Some(a), Some(b)) => same(a, b),
            _ => false,
        }
    }
}

/// A write not made: the item changed after the diff saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub key: Item,
    pub class: RepairClass,
    pub direction: Direction,
    /// What the write expected to find.
    pub expected: Option<Item>,
    /// What it found.
    pub found: Option<Item>,
    /// What it would have written.
    pub wanted: Option<Item>,
    /// Why it was not written (a failed condition, or the reason it was
    /// not attempted).
    pub why: String,
}

/// Whether two items hold the same data as DynamoDB compares it (numbers
/// by value, sets in any order).
pub fn same(a: &Item, b: &Item) -> bool {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    encode_item(a, &mut x);
    encode_item(b, &mut y);
    x == y
}

/// The key's bytes, canonical: two keys are equal when these are.
pub fn key_bytes(key: &Item) -> Vec<u8> {
    let mut out = Vec::new();
    encode_item(key, &mut out);
    out
}

#[cfg(test)]
mod tests;
