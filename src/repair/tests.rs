use super::*;
use crate::domain::AttrValue;

fn item(pk: &str, pairs: &[(&str, AttrValue)]) -> Item {
    let mut i = Item::from([("pk".to_owned(), AttrValue::S(pk.to_owned()))]);
    for (k, v) in pairs {
        i.insert((*k).to_owned(), v.clone());
    }
    i
}

fn key(pk: &str) -> Item {
    item(pk, &[])
}

fn n(v: &str) -> AttrValue {
    AttrValue::N(v.to_owned())
}

#[test]
fn an_entry_is_classed_by_which_side_holds_the_key() {
    let a = item("a", &[("qty", n("1"))]);
    let b = item("a", &[("qty", n("2"))]);
    let deleted = RepairEntry::of(key("a"), Some(a.clone()), None).unwrap();
    assert_eq!(deleted.class, RepairClass::Deleted);
    let created = RepairEntry::of(key("a"), None, Some(a.clone())).unwrap();
    assert_eq!(created.class, RepairClass::Created);
    let changed = RepairEntry::of(key("a"), Some(a.clone()), Some(b)).unwrap();
    assert_eq!(changed.class, RepairClass::Changed);
    // Equal as DynamoDB compares (1.50 is 1.5): nothing to repair.
    let same = item("a", &[("qty", n("1.0"))]);
    assert_eq!(RepairEntry::of(key("a"), Some(a), Some(same)), None);
    assert_eq!(RepairEntry::of(key("a"), None, None), None);
}

#[test]
fn the_repair_writes_only_where_the_item_is_as_the_diff_saw_it() {
    let then = item("a", &[("status", AttrValue::S("PAID".into()))]);
    let now = item("a", &[("status", AttrValue::S("LOST".into()))]);
    // Deleted since: put back only if still absent.
    let p = RepairEntry::of(key("a"), Some(then.clone()), None)
        .unwrap()
        .pre_image();
    let w = p.write(Direction::Repair).unwrap();
    assert_eq!(w.change, ItemChange::Put(then.clone()));
    assert_eq!(w.expect, Expect::Absent);
    // Its undo deletes it only if it is still what the repair wrote.
    let u = p.write(Direction::Undo).unwrap();
    assert_eq!(u.change, ItemChange::Delete(key("a")));
    assert_eq!(u.expect, Expect::Equals(then.clone()));
    // Changed since: reverted only if still the image the diff saw.
    let p = RepairEntry::of(key("a"), Some(then.clone()), Some(now.clone()))
        .unwrap()
        .pre_image();
    let w = p.write(Direction::Repair).unwrap();
    assert_eq!(w.change, ItemChange::Put(then.clone()));
    assert_eq!(w.expect, Expect::Equals(now.clone()));
    let u = p.write(Direction::Undo).unwrap();
    assert_eq!(u.change, ItemChange::Put(now.clone()));
    assert_eq!(u.expect, Expect::Equals(then.clone()));
    // Created since (when chosen): deleted only if unchanged; undone by
    // putting it back where the key is still absent.
    let p = RepairEntry::of(key("a"), None, Some(now.clone()))
        .unwrap()
        .pre_image();
    let w = p.write(Direction::Repair).unwrap();
    assert_eq!(w.change, ItemChange::Delete(key("a")));
    assert_eq!(w.expect, Expect::Equals(now.clone()));
    let u = p.write(Direction::Undo).unwrap();
    assert_eq!(u.change, ItemChange::Put(now));
    assert_eq!(u.expect, Expect::Absent);
}

#[test]
fn a_write_found_already_made_is_told_from_a_conflict() {
    let then = item("a", &[("qty", n("1"))]);
    let now = item("a", &[("qty", n("2"))]);
    let other = item("a", &[("qty", n("3"))]);
    let p = RepairEntry::of(key("a"), Some(then.clone()), Some(now.clone()))
        .unwrap()
        .pre_image();
    assert!(p.already_done(Direction::Repair, Some(&item("a", &[("qty", n("1.00"))]))));
    assert!(!p.already_done(Direction::Repair, Some(&other)));
    assert!(!p.already_done(Direction::Repair, None));
    assert!(p.already_done(Direction::Undo, Some(&now)));
    let deleted = RepairEntry::of(key("a"), None, Some(now))
        .unwrap()
        .pre_image();
    assert!(deleted.already_done(Direction::Repair, None));
    assert!(!deleted.already_done(Direction::Repair, Some(&then)));
}

#[test]
fn the_default_choice_puts_back_deleted_and_changed_and_keeps_created() {
    let c = RepairChoices::default();
    assert!(c.includes(RepairClass::Deleted));
    assert!(c.includes(RepairClass::Changed));
    assert!(!c.includes(RepairClass::Created));
    let mut counts = RepairCounts::default();
    let big = item("b", &[("blob", AttrValue::S("x".repeat(3000)))]);
    counts.add(&RepairEntry::of(key("b"), Some(big), None).unwrap());
    counts.add(&RepairEntry::of(key("c"), None, Some(item("c", &[]))).unwrap());
    assert_eq!((counts.deleted, counts.created), (1, 1));
    // 3 KB of item: three write units; the created one is not written.
    assert_eq!(counts.units(&c), 3);
    assert_eq!(c.writes(&counts), 1);
    let mut all = c;
    all.toggle(RepairClass::Created);
    assert_eq!(all.writes(&counts), 2);
    assert_eq!(
        counts.to_string(),
        "1 deleted · 0 changed · 1 created since"
    );
}

#[test]
fn a_row_shows_the_attributes_that_differ_cut_and_printable() {
    let then = item(
        "o-1",
        &[
            ("status", AttrValue::S("PAID".into())),
            ("qty", n("2")),
            ("note", AttrValue::S("x".repeat(100))),
        ],
    );
    let now = item(
        "o-1",
        &[
            ("status", AttrValue::S("LOST\x1b[31m".into())),
            ("qty", n("2.0")),
        ],
    );
    let row = row_of(&RepairEntry::of(key("o-1"), Some(then), Some(now)).unwrap());
    assert_eq!(row.key, "pk=o-1");
    assert_eq!(row.attr_names(), "note, status");
    let status = &row.attrs[1];
    assert_eq!(status.then.as_deref(), Some("PAID"));
    assert_eq!(status.now.as_deref(), Some("LOST\\u{1b}[31m"));
    let note = &row.attrs[0];
    assert!(note.then.as_ref().unwrap().ends_with('…'));
    assert_eq!(note.then.as_ref().unwrap().chars().count(), 48);
    assert_eq!(note.now, None);
    assert!(row.matches("o-"));
    assert!(row.matches("pk=o"));
    assert!(row.matches("STAT"));
    assert!(!row.matches("qty"));
    assert!(!row.matches("x-"));
    assert!(row.matches(""));
}

#[test]
fn files_are_private_streamed_and_replaced_whole() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.repair.json");
    let entries: Vec<RepairEntry> = (0..3)
        .map(|i| RepairEntry::of(key(&format!("k{i}")), Some(key(&format!("k{i}"))), None).unwrap())
        .collect();
    assert_eq!(write_lines(&path, &entries).unwrap(), 3);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let back: Vec<RepairEntry> = read_lines(&path).unwrap().map(Result::unwrap).collect();
    assert_eq!(back, entries);
    let mut w = LineWriter::create(&path).unwrap();
    w.push(&entries[0]).unwrap();
    // Until finished, the old file stands.
    assert_eq!(read_lines::<RepairEntry>(&path).unwrap().count(), 3);
    assert_eq!(w.finish().unwrap(), 1);
    assert_eq!(read_lines::<RepairEntry>(&path).unwrap().count(), 1);
    // Appends add; a symlink is never followed.
    append_lines(&path, &entries[1..]).unwrap();
    assert_eq!(read_lines::<RepairEntry>(&path).unwrap().count(), 3);
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    assert!(read_lines::<RepairEntry>(&link).is_err());
    assert!(append_lines(&link, &entries).is_err());
    // A damaged line says which.
    std::fs::write(&path, "{}\n").unwrap();
    let err = read_lines::<RepairEntry>(&path)
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(err.to_string().contains("line 1"), "{err}");
}

#[test]
fn a_deleted_item_reads_as_a_whole_item_and_bytes_as_hex() {
    let then = item("o-2", &[("checksum", AttrValue::B(vec![0xe3, 0x70]))]);
    let row = row_of(&RepairEntry::of(key("o-2"), Some(then), None).unwrap());
    assert_eq!(row.attr_names(), "whole item (2 attributes)");
    let checksum = row.attrs.iter().find(|a| a.name == "checksum").unwrap();
    assert_eq!(checksum.then.as_deref(), Some("0xe370"));
    assert_eq!(checksum.now, None);
    // Still found by an attribute it holds.
    assert!(row.matches("checksum"));
}
