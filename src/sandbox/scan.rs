//! Reading the sandbox's items: the key schema, paged parallel scans, and
//! the test helpers that make one table differ from another by one item.

use super::items::{Contents, Derived, Patch, key_schema};
use super::{Sandbox, rules, table_mut};
use crate::backend::{BackendError, BackendResult, ScanPage, ScanRequest};
use crate::domain::{AttrValue, IndexSpec, Item, KeySchema, KeyType, Projection, TableShape};

impl Sandbox {
    pub(super) fn key_schema_of(&self, table: &str) -> BackendResult<KeySchema> {
        let mut world = self.settled();
        table_mut(&mut world, table)?;
        Ok(key_schema())
    }

    /// Every sandbox table is keyed by a string `pk`; an index `by-X` is
    /// keyed by a string `X` and projects every attribute.
    pub(super) fn shape_of(&self, table: &str) -> BackendResult<TableShape> {
        let mut world = self.settled();
        let t = table_mut(&mut world, table)?;
        let indexes = t
            .gsis
            .iter()
            .map(|name| IndexSpec {
                name: name.clone(),
                key: KeySchema {
                    partition_key: name.strip_prefix("by-").unwrap_or(name).to_owned(),
                    sort_key: None,
                },
                partition_type: KeyType::S,
                sort_type: None,
                projection: Projection::All,
            })
            .collect();
        Ok(TableShape {
            key: key_schema(),
            partition_type: KeyType::S,
            sort_type: None,
            indexes,
        })
    }

    pub(super) fn scan_page(
        &self,
        ScanRequest {
            table,
            segment,
            total_segments,
            start,
            limit,
        }: ScanRequest<'_>,
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
        let mut world = self.begin()?;
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
        world.commit()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::BTreeSet;

    use super::super::seed::seeded_world;
    use super::super::world::World;
    use super::super::{Sandbox, SandboxOptions, TableData};
    use crate::backend::{Backend, ScanRequest};
    use crate::domain::{AttrValue, Item};

    async fn keys(sb: &Sandbox, table: &str, segments: u32, limit: u32) -> Vec<Item> {
        let mut all = Vec::new();
        for s in 0..segments {
            let mut start = None;
            loop {
                let page = sb
                    .scan_segment(ScanRequest {
                        table,
                        segment: s,
                        total_segments: segments,
                        start: start.as_ref(),
                        limit,
                    })
                    .await
                    .unwrap();
                all.extend(page.items.iter().map(|i| super::key_schema().key_of(i)));
                match page.last_key {
                    Some(k) => start = Some(k),
                    None => break,
                }
            }
        }
        all
    }

    #[tokio::test]
    async fn every_item_is_scanned_once_whatever_the_segments_and_pages() {
        let sb = Sandbox::empty(SandboxOptions::default());
        let data = TableData {
            items: 500,
            size_bytes: 500_000,
            version: 3,
        };
        sb.insert_table("t", data, None);
        sb.delete_item("t", 499).unwrap();
        sb.delete_item("t", 17).unwrap();
        let extra: Item = [("pk".to_owned(), AttrValue::S("new".to_owned()))].into();
        sb.add_item("t", extra).unwrap();
        sb.change_item("t", 3, "gift", AttrValue::Null).unwrap();
        for (segments, limit) in [(1, 1_000), (1, 7), (5, 10), (64, 3)] {
            let got = keys(&sb, "t", segments, limit).await;
            let unique: BTreeSet<String> = got.iter().map(|k| format!("{k:?}")).collect();
            assert_eq!(got.len(), 499, "{segments} segments, pages of {limit}");
            assert_eq!(unique.len(), 499);
        }
        assert_eq!(sb.describe_table("t").await.unwrap().item_count, 499);
        let bad = sb
            .scan_segment(ScanRequest {
                table: "t",
                segment: 2,
                total_segments: 2,
                start: None,
                limit: 10,
            })
            .await
            .unwrap_err();
        assert!(bad.to_string().contains("segment 2 of 2"), "{bad}");
    }

    #[test]
    fn a_state_file_from_before_items_still_loads() {
        let mut json = serde_json::to_value(seeded_world(42, chrono::Utc::now(), 1.0)).unwrap();
        json.as_object_mut().unwrap().remove("contents");
        let world: World = serde_json::from_value(json).unwrap();
        assert!(world.contents.is_empty());
    }
}
