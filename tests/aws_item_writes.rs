//! The repair's item calls over the real wire, against moto: `get_items`
//! (BatchGetItem, consistent, any number of keys) and `write_items_if`
//! (one conditional PutItem or DeleteItem per write). `scripts/test.sh`
//! starts moto; every table name is unique, tests run in parallel.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod moto;

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::{AttributeValue as Av, PutRequest, WriteRequest};
use dynamo_dr::backend::{Backend, BackendError};
use dynamo_dr::domain::{AttrValue, CondWrite, Expect, Item, ItemChange, KeySchema, WriteOutcome};
use moto::{backend, create_pk_table, ddb, unique};

fn schema() -> KeySchema {
    KeySchema {
        partition_key: "pk".to_owned(),
        sort_key: None,
    }
}

fn s(v: &str) -> AttrValue {
    AttrValue::S(v.to_owned())
}

fn n(v: &str) -> AttrValue {
    AttrValue::N(v.to_owned())
}

fn item(pk: &str, attrs: &[(&str, AttrValue)]) -> Item {
    let mut i: Item = [("pk".to_owned(), s(pk))].into();
    i.extend(attrs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    i
}

fn key(pk: &str) -> Item {
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

/// A fresh `pk` table.
async fn table(prefix: &str) -> String {
    let name = unique(prefix);
    create_pk_table(&ddb().await, &name).await;
    name
}

/// The item as moto holds it, read with the SDK itself (not the backend
/// under test): the `pk` and every string attribute, `None` when absent.
async fn stored(table: &str, pk: &str) -> Option<HashMap<String, Av>> {
    ddb()
        .await
        .get_item()
        .table_name(table)
        .key("pk", Av::S(pk.to_owned()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item()
        .cloned()
}

fn text(item: &HashMap<String, Av>, attr: &str) -> String {
    item[attr].as_s().unwrap().clone()
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn get_items_finds_every_existing_key_among_more_than_a_hundred() {
    let t = table("getitems").await;
    let client = ddb().await;
    // 250 items written with the SDK, 25 per BatchWriteItem.
    let pks: Vec<String> = (0..250).map(|i| format!("k-{i:03}")).collect();
    for chunk in pks.chunks(25) {
        let requests = chunk
            .iter()
            .map(|pk| {
                let put = PutRequest::builder()
                    .item("pk", Av::S(pk.clone()))
                    .item("n", Av::N(pk[2..].to_owned()))
                    .build()
                    .unwrap();
                WriteRequest::builder().put_request(put).build()
            })
            .collect();
        client
            .batch_write_item()
            .request_items(&t, requests)
            .send()
            .await
            .unwrap();
    }
    let mut keys: Vec<Item> = pks.iter().map(|pk| key(pk)).collect();
    keys.extend((0..60).map(|i| key(&format!("missing-{i}"))));
    keys.extend(pks.iter().take(10).map(|pk| key(pk)));

    let found = backend().await.get_items(&t, &keys).await.unwrap();

    assert_eq!(found.len(), 250, "each existing item once");
    let by_pk: BTreeMap<String, Item> = found
        .into_iter()
        .map(|i| match &i["pk"] {
            AttrValue::S(pk) => (pk.clone(), i.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(by_pk.keys().cloned().collect::<Vec<_>>(), pks);
    assert_eq!(by_pk["k-042"], item("k-042", &[("n", n("042"))]));

    let err = backend()
        .await
        .get_items(&unique("no-such-table"), &keys[..3])
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::NotFound { .. }), "{err}");
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_put_if_absent_writes_once_then_is_a_conflict() {
    let t = table("putabsent").await;
    let b = backend().await;
    let first = item("a", &[("v", s("first"))]);

    let out = b
        .write_items_if(&t, &schema(), &[put(first.clone(), Expect::Absent)])
        .await
        .unwrap();
    assert_eq!(out, vec![WriteOutcome::Written]);
    assert_eq!(text(&stored(&t, "a").await.unwrap(), "v"), "first");

    let second = item("a", &[("v", s("second"))]);
    let out = b
        .write_items_if(&t, &schema(), &[put(second, Expect::Absent)])
        .await
        .unwrap();
    assert_eq!(out, vec![WriteOutcome::ConditionFailed]);
    assert_eq!(text(&stored(&t, "a").await.unwrap(), "v"), "first");
}

/// Reserved words as attribute names, a nested map and list, a number
/// written `1.50`, a set: the image read back from the table is the condition.
fn rich(pk: &str, status: &str) -> Item {
    item(
        pk,
        &[
            ("status", s(status)),
            ("name", s("Ada")),
            ("size", n("1.50")),
            (
                "address",
                AttrValue::M(
                    [
                        ("city".to_owned(), s("Paris")),
                        ("zip".to_owned(), n("75001")),
                        (
                            "lines".to_owned(),
                            AttrValue::L(vec![s("1 rue"), AttrValue::Bool(true), AttrValue::Null]),
                        ),
                    ]
                    .into(),
                ),
            ),
            ("history", AttrValue::L(vec![n("1"), s("two")])),
            ("tags", AttrValue::Ss(vec!["b".to_owned(), "a".to_owned()])),
        ],
    )
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_put_if_equal_overwrites_only_the_item_as_it_was() {
    let t = table("putequal").await;
    let b = backend().await;
    b.write_items_if(&t, &schema(), &[put(rich("r", "PAID"), Expect::Absent)])
        .await
        .unwrap();
    // The image as the diff would have it: read back, `1.5` for `1.50`,
    // the set's members in another order.
    let mut image = b.get_items(&t, &[key("r")]).await.unwrap().remove(0);
    image.insert("size".to_owned(), n("1.5"));
    image.insert(
        "tags".to_owned(),
        AttrValue::Ss(vec!["a".to_owned(), "b".to_owned()]),
    );

    // Differing in a nested value, in a reserved-word attribute, or naming
    // an attribute the item lacks: a conflict, nothing written.
    let mut nested = image.clone();
    if let Some(AttrValue::M(m)) = nested.get_mut("address") {
        m.insert("zip".to_owned(), n("75002"));
    }
    let mut status = image.clone();
    status.insert("status".to_owned(), s("SHIPPED"));
    let mut extra = image.clone();
    extra.insert("note".to_owned(), s("x"));
    for stale in [nested, status, extra] {
        let out = b
            .write_items_if(
                &t,
                &schema(),
                &[put(rich("r", "LOST"), Expect::Equals(stale))],
            )
            .await
            .unwrap();
        assert_eq!(out, vec![WriteOutcome::ConditionFailed]);
        assert_eq!(text(&stored(&t, "r").await.unwrap(), "status"), "PAID");
    }

    let out = b
        .write_items_if(
            &t,
            &schema(),
            &[put(rich("r", "REPAIRED"), Expect::Equals(image))],
        )
        .await
        .unwrap();
    assert_eq!(out, vec![WriteOutcome::Written]);
    assert_eq!(text(&stored(&t, "r").await.unwrap(), "status"), "REPAIRED");
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_delete_if_equal_removes_only_an_unchanged_item() {
    let t = table("delequal").await;
    let b = backend().await;
    b.write_items_if(&t, &schema(), &[put(rich("d", "PAID"), Expect::Absent)])
        .await
        .unwrap();
    let image = rich("d", "PAID");
    let stale = rich("d", "PLACED");

    let out = b
        .write_items_if(&t, &schema(), &[delete(key("d"), Expect::Equals(stale))])
        .await
        .unwrap();
    assert_eq!(out, vec![WriteOutcome::ConditionFailed]);
    assert!(stored(&t, "d").await.is_some());

    // Absent on a present item: a conflict; on a missing one: nothing to do.
    let out = b
        .write_items_if(
            &t,
            &schema(),
            &[
                delete(key("d"), Expect::Absent),
                delete(key("ghost"), Expect::Absent),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        out,
        vec![WriteOutcome::ConditionFailed, WriteOutcome::Written]
    );
    assert!(stored(&t, "d").await.is_some());

    let out = b
        .write_items_if(&t, &schema(), &[delete(key("d"), Expect::Equals(image))])
        .await
        .unwrap();
    assert_eq!(out, vec![WriteOutcome::Written]);
    assert!(stored(&t, "d").await.is_none());
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn many_writes_come_back_in_order_and_a_wide_image_is_not_sent() {
    let t = table("mixed").await;
    let b = backend().await;
    // 40 writes (more than are in flight at once): even ones find their
    // item already there.
    let seeded: Vec<CondWrite> = (0..40)
        .filter(|i| i % 2 == 0)
        .map(|i| {
            put(
                item(&format!("m-{i:02}"), &[("v", s("old"))]),
                Expect::Absent,
            )
        })
        .collect();
    b.write_items_if(&t, &schema(), &seeded).await.unwrap();
    let mut writes: Vec<CondWrite> = (0..40)
        .map(|i| {
            put(
                item(&format!("m-{i:02}"), &[("v", s("new"))]),
                Expect::Absent,
            )
        })
        .collect();
    let wide: Item = (0..400)
        .map(|i| (format!("attribute_{i}"), n(&i.to_string())))
        .collect();
    writes.push(put(item("wide", &[("v", s("new"))]), Expect::Equals(wide)));

    let out = b.write_items_if(&t, &schema(), &writes).await.unwrap();

    assert_eq!(out.len(), 41);
    for (i, o) in out.iter().take(40).enumerate() {
        let want = if i % 2 == 0 {
            WriteOutcome::ConditionFailed
        } else {
            WriteOutcome::Written
        };
        assert_eq!(*o, want, "write {i}");
        let v = text(&stored(&t, &format!("m-{i:02}")).await.unwrap(), "v");
        assert_eq!(v, if i % 2 == 0 { "old" } else { "new" });
    }
    assert!(
        matches!(&out[40], WriteOutcome::NotAttempted(why) if why.contains("400 attributes")),
        "{:?}",
        out[40]
    );
    assert!(stored(&t, "wide").await.is_none());
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_refused_write_fails_the_call() {
    let b = backend().await;
    let missing = unique("no-such-table");
    let err = b
        .write_items_if(&missing, &schema(), &[put(key("a"), Expect::Absent)])
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::NotFound { .. }), "{err}");

    let t = table("refused").await;
    let no_key: Item = [("id".to_owned(), s("a"))].into();
    let err = b
        .write_items_if(&t, &schema(), &[put(no_key, Expect::Absent)])
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::Invalid(_)), "{err}");
}
