//! Items by key and conditional writes on the sandbox, as DynamoDB does
//! them: consistent reads of the keys that exist; each write's condition
//! judged against the item as it is when the write comes (earlier writes of
//! the same call included), values compared as DynamoDB compares them
//! (numbers by value, sets whatever their order: the canonical encoding).
//! The writes that happen become one new version of the table's contents.

use std::collections::HashSet;

use super::items::{Contents, Derived, Patch, key_schema};
use super::{Sandbox, rules, table_mut};
use crate::backend::BackendResult;
use crate::backend::condition::condition;
use crate::domain::{
    AttrValue, CondWrite, Expect, Item, ItemChange, KeySchema, WriteOutcome, canonical,
};

impl Sandbox {
    pub(super) fn items_by_key(&self, table: &str, keys: &[Item]) -> BackendResult<Vec<Item>> {
        let schema = key_schema();
        let (data, derived) = {
            let mut world = self.settled();
            let t = table_mut(&mut world, table)?;
            rules::require_active(t)?;
            let data = t.data();
            (data, world.contents.get(&data.version).cloned())
        };
        keys.iter()
            .try_for_each(|k| rules::require_key(k, &schema))?;
        let contents = Contents::new(data, derived.as_ref());
        let mut seen = HashSet::new();
        Ok(keys
            .iter()
            .filter(|k| seen.insert(bytes(k)))
            .filter_map(|k| contents.get(k))
            .collect())
    }

    pub(super) fn write_if(
        &self,
        table: &str,
        schema: &KeySchema,
        writes: &[CondWrite],
    ) -> BackendResult<Vec<WriteOutcome>> {
        let now = self.now();
        let mut world = self.begin()?;
        let data = {
            let t = table_mut(&mut world, table)?;
            rules::require_active(t)?;
            t.data()
        };
        // What DynamoDB would refuse outright fails the call before any
        // write: a rerun then finds everything as it was.
        let table_key = key_schema();
        for w in writes {
            match &w.change {
                ItemChange::Put(item) => rules::require_putable(item, &table_key)?,
                ItemChange::Delete(key) => rules::require_key(key, &table_key)?,
            }
        }
        let mut derived = world
            .contents
            .get(&data.version)
            .cloned()
            .unwrap_or_else(|| Derived::of(data));
        let mut contents = Contents::new(data, Some(&derived));
        let mut outcomes = Vec::with_capacity(writes.len());
        for w in writes {
            if let Err(why) = condition(&w.expect, schema) {
                outcomes.push(WriteOutcome::NotAttempted(why));
                continue;
            }
            let (key, patch) = match &w.change {
                ItemChange::Put(item) => (item, Patch::Put { item: item.clone() }),
                ItemChange::Delete(key) => (key, Patch::Remove { key: key.clone() }),
            };
            let now_there = contents.get(&table_key.key_of(key));
            if holds(&w.expect, now_there.as_ref(), schema) {
                contents.apply(patch.clone());
                derived.patches.push(patch);
                outcomes.push(WriteOutcome::Written);
            } else {
                outcomes.push(WriteOutcome::ConditionFailed);
            }
        }
        if outcomes.contains(&WriteOutcome::Written) {
            let mut next = data;
            next.version = world.fresh_id() | (1 << 63);
            next.items = contents.count();
            next.size_bytes = next.items * derived.item_bytes;
            world.contents.insert(next.version, derived);
            table_mut(&mut world, table)?.history.push((now, next));
            world.commit()?;
        }
        Ok(outcomes)
    }
}

/// Whether the item as it is now (`None`: there is none) meets `expect`,
/// as DynamoDB judges `attribute_not_exists(#pk)` and `#a = :v AND …`.
fn holds(expect: &Expect, item: Option<&Item>, schema: &KeySchema) -> bool {
    let has_key = item.is_some_and(|i| i.contains_key(&schema.partition_key));
    match expect {
        Expect::Absent => !has_key,
        Expect::Equals(image) if image.is_empty() => has_key,
        Expect::Equals(image) => item.is_some_and(|item| {
            image
                .iter()
                .all(|(name, want)| item.get(name).is_some_and(|got| same(got, want)))
        }),
    }
}

/// Equal as DynamoDB compares: `1.50` is `1.5`, a set is a set.
fn same(a: &AttrValue, b: &AttrValue) -> bool {
    value_bytes(a) == value_bytes(b)
}

fn value_bytes(v: &AttrValue) -> Vec<u8> {
    bytes(&[(String::new(), v.clone())].into())
}

fn bytes(item: &Item) -> Vec<u8> {
    let mut out = Vec::new();
    canonical::encode_item(item, &mut out);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::BTreeSet;
    use std::sync::Arc;

    use super::super::items::key;
    use super::super::{ManualClock, Sandbox, SandboxOptions, TableData};
    use crate::backend::{Backend, BackendError, ScanRequest};
    use crate::domain::{
        AttrValue, CondWrite, Expect, Item, ItemChange, KeySchema, TableStatus, WriteOutcome,
    };

    fn sandbox(items: u64) -> Sandbox {
        let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
        let sb = Sandbox::empty(SandboxOptions {
            clock,
            ..SandboxOptions::default()
        });
        let data = TableData {
            items,
            size_bytes: items * 500,
            version: 7,
        };
        sb.insert_table("t", data, None);
        sb
    }

    fn schema() -> KeySchema {
        KeySchema {
            partition_key: "pk".to_owned(),
            sort_key: None,
        }
    }

    fn s(v: &str) -> AttrValue {
        AttrValue::S(v.to_owned())
    }

    fn item(pk: &str, attrs: &[(&str, AttrValue)]) -> Item {
        let mut i: Item = [("pk".to_owned(), s(pk))].into();
        i.extend(attrs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        i
    }

    fn pk(pk: &str) -> Item {
        item(pk, &[])
    }

    fn put(i: Item, expect: Expect) -> CondWrite {
        CondWrite {
            change: ItemChange::Put(i),
            expect,
        }
    }

    fn delete(k: Item, expect: Expect) -> CondWrite {
        CondWrite {
            change: ItemChange::Delete(k),
            expect,
        }
    }

    async fn get(sb: &Sandbox, k: &Item) -> Option<Item> {
        let mut found = sb.get_items("t", std::slice::from_ref(k)).await.unwrap();
        assert!(found.len() <= 1);
        found.pop()
    }

    async fn write(sb: &Sandbox, writes: &[CondWrite]) -> Vec<WriteOutcome> {
        sb.write_items_if("t", &schema(), writes).await.unwrap()
    }

    async fn count(sb: &Sandbox) -> u64 {
        sb.describe_table("t").await.unwrap().item_count
    }

    /// Every item a whole scan sees, by `pk`.
    async fn scanned(sb: &Sandbox) -> BTreeSet<String> {
        let page = sb
            .scan_segment(ScanRequest {
                table: "t",
                segment: 0,
                total_segments: 1,
                start: None,
                limit: 100_000,
            })
            .await
            .unwrap();
        page.items
            .iter()
            .map(|i| match &i["pk"] {
                AttrValue::S(s) => s.clone(),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[tokio::test]
    async fn get_items_returns_exactly_the_existing_ones_among_many_keys() {
        let sb = sandbox(300);
        sb.delete_item("t", 5).unwrap();
        // 150 generated keys (one of them deleted), 60 that never existed,
        // look-alikes of generated keys, and repeats.
        let mut keys: Vec<Item> = (0..150).map(key).collect();
        keys.extend((0..60).map(|i| pk(&format!("nope-{i}"))));
        keys.push(pk("item-7"));
        keys.push(pk("item-000000300"));
        keys.extend((0..10).map(key));
        let found = sb.get_items("t", &keys).await.unwrap();
        let name = |i: &Item| format!("{:?}", i["pk"]);
        let got: BTreeSet<String> = found.iter().map(name).collect();
        let want: BTreeSet<String> = (0..150)
            .filter(|i| *i != 5)
            .map(|i| name(&key(i)))
            .collect();
        assert_eq!(found.len(), 149, "each existing item once");
        assert_eq!(got, want);
        // Whole items, as a scan reads them.
        let whole = sb
            .scan_segment(ScanRequest {
                table: "t",
                segment: 0,
                total_segments: 1,
                start: None,
                limit: 3,
            })
            .await
            .unwrap();
        assert!(whole.items.iter().all(|i| found.contains(i)));
        assert!(sb.get_items("t", &[]).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_put_if_absent_writes_once_and_then_conflicts() {
        let sb = sandbox(10);
        let first = item("new", &[("v", s("first"))]);
        assert_eq!(
            write(&sb, &[put(first.clone(), Expect::Absent)]).await,
            vec![WriteOutcome::Written]
        );
        assert_eq!(get(&sb, &pk("new")).await, Some(first.clone()));
        assert_eq!(count(&sb).await, 11);
        assert!(scanned(&sb).await.contains("new"));

        let second = item("new", &[("v", s("second"))]);
        assert_eq!(
            write(&sb, &[put(second, Expect::Absent)]).await,
            vec![WriteOutcome::ConditionFailed]
        );
        assert_eq!(get(&sb, &pk("new")).await, Some(first));
        // A generated item is present too.
        assert_eq!(
            write(&sb, &[put(key(3), Expect::Absent)]).await,
            vec![WriteOutcome::ConditionFailed]
        );
        assert_eq!(count(&sb).await, 11);
    }

    #[tokio::test]
    async fn a_put_if_equal_compares_as_dynamodb_does() {
        let sb = sandbox(10);
        let stored = item(
            "x",
            &[
                ("amount", AttrValue::N("1.50".to_owned())),
                ("tags", AttrValue::Ss(vec!["b".to_owned(), "a".to_owned()])),
                ("status", s("PAID")),
            ],
        );
        write(&sb, &[put(stored, Expect::Absent)]).await;
        // Numbers by value, sets in any order.
        let image = item(
            "x",
            &[
                ("amount", AttrValue::N("1.5".to_owned())),
                ("tags", AttrValue::Ss(vec!["a".to_owned(), "b".to_owned()])),
                ("status", s("PAID")),
            ],
        );
        let next = item("x", &[("status", s("REPAIRED"))]);
        assert_eq!(
            write(&sb, &[put(next.clone(), Expect::Equals(image.clone()))]).await,
            vec![WriteOutcome::Written]
        );
        assert_eq!(get(&sb, &pk("x")).await, Some(next.clone()));

        // One attribute differs (or is missing): nothing written.
        for stale in [
            item("x", &[("status", s("PAID"))]),
            item(
                "x",
                &[
                    ("status", s("REPAIRED")),
                    ("amount", AttrValue::N("1".into())),
                ],
            ),
            item("x", &[("status", AttrValue::N("1".to_owned()))]),
        ] {
            let other = item("x", &[("status", s("OTHER"))]);
            assert_eq!(
                write(&sb, &[put(other, Expect::Equals(stale.clone()))]).await,
                vec![WriteOutcome::ConditionFailed],
                "{stale:?}"
            );
            assert_eq!(get(&sb, &pk("x")).await, Some(next.clone()));
        }
        // Equal to a generated item as it is: overwritten in place.
        let old = get(&sb, &key(4)).await.unwrap();
        let repaired = item("item-000000004", &[("v", s("back"))]);
        assert_eq!(
            write(&sb, &[put(repaired.clone(), Expect::Equals(old))]).await,
            vec![WriteOutcome::Written]
        );
        assert_eq!(get(&sb, &key(4)).await, Some(repaired));
        assert_eq!(count(&sb).await, 11);
    }

    #[tokio::test]
    async fn a_delete_if_equal_removes_only_an_unchanged_item() {
        let sb = sandbox(10);
        let old = get(&sb, &key(2)).await.unwrap();
        let mut changed = old.clone();
        changed.insert("gift".to_owned(), AttrValue::Null);
        assert_eq!(
            write(&sb, &[delete(key(2), Expect::Equals(changed))]).await,
            vec![WriteOutcome::ConditionFailed]
        );
        assert_eq!(get(&sb, &key(2)).await, Some(old.clone()));
        assert_eq!(
            write(&sb, &[delete(key(2), Expect::Equals(old.clone()))]).await,
            vec![WriteOutcome::Written]
        );
        assert_eq!(get(&sb, &key(2)).await, None);
        assert_eq!(count(&sb).await, 9);
        assert!(!scanned(&sb).await.contains("item-000000002"));
        // Gone: an image no longer matches.
        assert_eq!(
            write(&sb, &[delete(key(2), Expect::Equals(old))]).await,
            vec![WriteOutcome::ConditionFailed]
        );
        // Put back after a delete.
        let back = item("item-000000002", &[("v", s("back"))]);
        write(&sb, &[put(back.clone(), Expect::Absent)]).await;
        assert_eq!(get(&sb, &key(2)).await, Some(back));
        assert_eq!(count(&sb).await, 10);
    }

    #[tokio::test]
    async fn a_delete_if_absent_holds_only_when_there_is_nothing() {
        let sb = sandbox(10);
        assert_eq!(
            write(&sb, &[delete(pk("ghost"), Expect::Absent)]).await,
            vec![WriteOutcome::Written]
        );
        assert_eq!(
            write(&sb, &[delete(key(1), Expect::Absent)]).await,
            vec![WriteOutcome::ConditionFailed]
        );
        assert!(get(&sb, &key(1)).await.is_some());
        assert_eq!(count(&sb).await, 10);
    }

    #[tokio::test]
    async fn outcomes_come_in_the_order_given_and_see_the_earlier_writes() {
        let sb = sandbox(10);
        let old1 = get(&sb, &key(1)).await.unwrap();
        let wide: Item = (0..400)
            .map(|i| (format!("attribute_{i}"), AttrValue::N(i.to_string())))
            .collect();
        let outcomes = write(
            &sb,
            &[
                put(item("a", &[]), Expect::Absent),
                put(item("a", &[("v", s("again"))]), Expect::Absent),
                delete(key(1), Expect::Equals(old1)),
                put(key(3), Expect::Equals(wide)),
                delete(key(2), Expect::Absent),
                delete(pk("a"), Expect::Equals(item("a", &[]))),
            ],
        )
        .await;
        assert_eq!(outcomes.len(), 6);
        assert_eq!(outcomes[0], WriteOutcome::Written);
        assert_eq!(outcomes[1], WriteOutcome::ConditionFailed);
        assert_eq!(outcomes[2], WriteOutcome::Written);
        match &outcomes[3] {
            WriteOutcome::NotAttempted(why) => {
                assert!(why.contains("400 attributes"), "{why}");
                assert!(why.contains("4096"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(outcomes[4], WriteOutcome::ConditionFailed);
        assert_eq!(outcomes[5], WriteOutcome::Written);
        assert_eq!(get(&sb, &pk("a")).await, None);
        assert_eq!(get(&sb, &key(1)).await, None);
        // Not attempted: item 3 is as it was.
        assert_ne!(get(&sb, &key(3)).await, Some(key(3)));
        assert_eq!(count(&sb).await, 9);
    }

    #[tokio::test]
    async fn what_dynamodb_refuses_fails_the_call_and_writes_nothing() {
        let sb = sandbox(10);
        let missing = sb
            .write_items_if("nope", &schema(), &[put(pk("a"), Expect::Absent)])
            .await
            .unwrap_err();
        assert_eq!(missing, BackendError::not_found("table nope"));
        assert_eq!(
            sb.get_items("nope", &[pk("a")]).await.unwrap_err(),
            BackendError::not_found("table nope")
        );

        let no_key: Item = [("id".to_owned(), s("a"))].into();
        let big = item("big", &[("body", s(&"x".repeat(410_000)))]);
        let with_extra = item("a", &[("v", s("x"))]);
        for (bad, says) in [
            (put(no_key, Expect::Absent), "key attribute pk"),
            (put(big, Expect::Absent), "maximum allowed size"),
            (
                delete(with_extra, Expect::Absent),
                "does not match the schema",
            ),
        ] {
            let writes = [put(pk("first"), Expect::Absent), bad];
            match sb.write_items_if("t", &schema(), &writes).await {
                Err(BackendError::Invalid(m)) => assert!(m.contains(says), "{m}"),
                other => panic!("{other:?}"),
            }
            assert_eq!(get(&sb, &pk("first")).await, None, "nothing written");
        }
        assert!(matches!(
            sb.get_items("t", &[item("a", &[("v", s("x"))])]).await,
            Err(BackendError::Invalid(_))
        ));
        assert_eq!(count(&sb).await, 10);

        sb.delete_table("t").await.unwrap();
        assert_eq!(
            sb.describe_table("t").await.unwrap().status,
            TableStatus::Deleting
        );
        assert!(matches!(
            sb.write_items_if("t", &schema(), &[put(pk("a"), Expect::Absent)])
                .await,
            Err(BackendError::InUse { .. })
        ));
        assert!(matches!(
            sb.get_items("t", &[pk("a")]).await,
            Err(BackendError::InUse { .. })
        ));
    }

    #[tokio::test]
    async fn written_items_are_in_the_state_file_for_the_next_console() {
        let dir = tempfile::tempdir().unwrap();
        let options = || SandboxOptions {
            state_path: Some(dir.path().join("sandbox.json")),
            item_scale: 0.001,
            ..SandboxOptions::default()
        };
        let first = Sandbox::open(options()).unwrap();
        let table = first.list_tables().await.unwrap().remove(0);
        let gone = key(0);
        let old = first
            .get_items(&table, std::slice::from_ref(&gone))
            .await
            .unwrap();
        let added = item("kept", &[("v", s("x"))]);
        let out = first
            .write_items_if(
                &table,
                &schema(),
                &[
                    put(added.clone(), Expect::Absent),
                    delete(gone.clone(), Expect::Equals(old[0].clone())),
                ],
            )
            .await
            .unwrap();
        assert_eq!(out, vec![WriteOutcome::Written, WriteOutcome::Written]);
        drop(first);

        let second = Sandbox::open(options()).unwrap();
        let found = second.get_items(&table, &[pk("kept"), gone]).await.unwrap();
        assert_eq!(found, vec![added]);
    }
}
