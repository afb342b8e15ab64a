//! Reading the sandbox's items: the key schema, paged parallel scans, and
//! the test helpers that make one table differ from another by one item.

use super::items::{Contents, Derived, Patch, key_schema};
use super::{Sandbox, lock, rules, table_mut};
use crate::backend::{BackendError, BackendResult, ScanPage};
use crate::domain::{AttrValue, Item, KeySchema};

impl Sandbox {
    pub(super) fn key_schema_of(&self, table: &str) -> BackendResult<KeySchema> {
        let mut world = self.settled();
        table_mut(&mut world, table)?;
        Ok(key_schema())
    }

    pub(super) fn scan_page(
        &self,
        table: &str,
        segment: u32,
        total_segments: u32,
        start: Option<&Item>,
        limit: u32,
    ) -> BackendResult<ScanPage> {
        if !(1..=1_000_000).contains(&total_segments) || segment >= total_segments {
            return Err(BackendError::Invalid(format!(
                "segment {segment} of {total_segments}: TotalSegments must be 1 to 1000000 \
                 and Segment below it"
            )));
        }
        let (data, derived) = {
            let mut world = self.settled();
            let t = table_mut(&mut world, table)?;
            rules::require_active(t)?;
            let data = t.data();
            (data, world.contents.get(&data.version).cloned())
        };
        // Items are made outside the lock: a big page never blocks the console.
        Ok(Contents::new(data, derived.as_ref()).scan(segment, total_segments, start, limit))
    }

    /// Sets attribute `attr` of generated item `index` of `table` (tests:
    /// a corrupted item).
    pub fn change_item(
        &self,
        table: &str,
        index: u64,
        attr: &str,
        value: AttrValue,
    ) -> BackendResult<()> {
        self.patch(
            table,
            Patch::Set {
                index,
                attr: attr.to_owned(),
                value,
            },
        )
    }

    /// Removes generated item `index` of `table` (tests: a lost item).
    pub fn delete_item(&self, table: &str, index: u64) -> BackendResult<()> {
        self.patch(table, Patch::Delete { index })
    }

    /// Adds `item` (with a new `pk`) to `table` (tests: an extra item).
    pub fn add_item(&self, table: &str, item: Item) -> BackendResult<()> {
        self.patch(table, Patch::Add { item })
    }

    /// Applies one patch as a new version of the table's contents.
    fn patch(&self, table: &str, patch: Patch) -> BackendResult<()> {
        let now = self.now();
        let mut world = lock(&self.world);
        let version = world.fresh_id() | (1 << 63);
        let data = table_mut(&mut world, table)?.data();
        let mut derived = world
            .contents
            .get(&data.version)
            .cloned()
            .unwrap_or_else(|| Derived::of(data));
        derived.patches.push(patch);
        let items = derived.item_count();
        let mut next = data;
        next.version = version;
        next.items = items;
        next.size_bytes = items * derived.item_bytes;
        world.contents.insert(version, derived);
        table_mut(&mut world, table)?.history.push((now, next));
        self.commit(&world)
    }
}
