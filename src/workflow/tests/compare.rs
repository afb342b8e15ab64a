//! Operation "Compare with a table" on the sandbox: a fresh restore
//! compares equal; a missing, an extra and a changed item are counted by
//! kind, listed by key, and written to the differences file beside the
//! journal; a bad pair is refused before any read.

use super::harness::{Operator, drive, sandbox};
use crate::backend::Backend;
use crate::domain::{AttrValue, Item, TableName};
use crate::sandbox::Sandbox;
use crate::verify::{DiffCounts, DiffKind};
use crate::workflow::{OpKind, Operation, Outcome, StepStatus};

fn name(n: &str) -> TableName {
    TableName::parse(n).unwrap()
}

/// Backs `table` up now (operation 3) and restores that backup as `target`
/// (operation 4): the restore the operator compares.
async fn restore_now(sb: &std::sync::Arc<Sandbox>, table: &str, target: &str) {
    let op = Operation::CreateBackup { table: name(table) };
    let report = drive(sb, op, Operator::default()).await;
    assert!(matches!(report.outcome, Outcome::Completed { .. }));
    let mut backups = sb.list_backups(Some(table)).await.unwrap();
    backups.sort_by_key(|b| b.created_at);
    let backup = backups.pop().unwrap();
    let op = Operation::RestoreFromBackup {
        backup_arn: backup.arn.into(),
        target: name(target),
        new_table: Default::default(),
    };
    let report = drive(sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
}

fn compare(table: &str, other: &str) -> Operation {
    Operation::CompareTables {
        table: name(table),
        other: name(other),
        items: 0,
    }
}

#[tokio::test]
async fn a_fresh_restore_compares_equal_with_its_source() {
    let sb = sandbox();
    restore_now(&sb, "customers", "customers-restored").await;
    let items = sb.describe_table("customers").await.unwrap().item_count;

    let report = drive(
        &sb,
        compare("customers-restored", "customers"),
        Operator::default(),
    )
    .await;

    assert_eq!(report.plan.operation.kind(), OpKind::Compare);
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    let [c] = report.comparisons.as_slice() else {
        panic!("{:?}", report.comparisons)
    };
    assert!(c.equal, "{c:?}");
    assert_eq!(c.counts, DiffCounts::default());
    assert!(c.keys.is_empty());
    assert!(items > 0);
    assert_eq!((c.table_items, c.other_items), (items, items));
    assert_eq!(
        c.headline(),
        format!("equal: {} items", crate::domain::time::full_count(items))
    );
    // The checklist's line says the same; the run created nothing.
    let StepStatus::Done {
        detail: Some(d), ..
    } = report.status_of(0)
    else {
        panic!("{:?}", report.status_of(0))
    };
    assert!(d.starts_with(&c.headline()), "{d}");
    assert!(report.reviews.is_empty());
    // Progress was shown as the tables were read.
    assert!(report.running.iter().any(|(_, _, d)| d.is_some()));
}

#[tokio::test]
async fn differences_are_counted_by_kind_listed_by_key_and_written_beside_the_journal() {
    let sb = sandbox();
    restore_now(&sb, "customers", "customers-restored").await;
    sb.delete_item("customers-restored", 0).unwrap();
    sb.change_item(
        "customers-restored",
        3,
        "status",
        AttrValue::S("CHANGED".to_owned()),
    )
    .unwrap();
    sb.change_item(
        "customers-restored",
        4,
        "status",
        AttrValue::S("CHANGED".to_owned()),
    )
    .unwrap();
    let mut extra: Item = Item::new();
    extra.insert("pk".to_owned(), AttrValue::S("stray-1".to_owned()));
    sb.add_item("customers-restored", extra).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut operator = Operator::default();
    operator.context.journal_dir = Some(dir.path().to_owned());

    // Selected: the restored table; compared with live `customers`.
    let report = drive(&sb, compare("customers-restored", "customers"), operator).await;

    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    let c = &report.comparisons[0];
    assert!(!c.equal);
    assert_eq!(
        c.counts,
        DiffCounts {
            missing: 1,
            extra: 1,
            changed: 2
        }
    );
    assert_eq!(c.headline(), "differs: 1 missing · 1 extra · 2 changed");
    assert_eq!(c.total, 4);
    let kinds: Vec<DiffKind> = c.keys.iter().map(|k| k.kind).collect();
    assert_eq!(
        kinds,
        [
            DiffKind::Missing,
            DiffKind::Extra,
            DiffKind::Changed,
            DiffKind::Changed
        ]
    );
    assert_eq!(c.keys[1].key, "pk=stray-1");
    assert_eq!(c.other_items, c.table_items);
    // Every key is in the file beside the journal.
    let file = c.file.as_ref().unwrap();
    assert!(file.starts_with(dir.path()), "{}", file.display());
    let written = std::fs::read_to_string(file).unwrap();
    assert_eq!(written.lines().count(), 4, "{written}");
    assert!(written.contains("stray-1"));
    // A difference is the result, not a failure: nothing was asked.
    assert!(report.questions.is_empty(), "{:?}", report.questions);
}

#[tokio::test]
async fn a_table_with_itself_or_an_unknown_table_is_refused_before_any_read() {
    let sb = sandbox();
    let report = drive(&sb, compare("orders", "orders"), Operator::default()).await;
    let Outcome::Refused { reason } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert!(reason.contains("compared with itself"), "{reason}");
    let report = drive(&sb, compare("orders", "no-such-table"), Operator::default()).await;
    let Outcome::Refused { reason } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert!(reason.contains("no-such-table does not exist"), "{reason}");
    assert!(report.comparisons.is_empty());
}

#[tokio::test]
async fn the_estimate_grows_with_the_tables_items() {
    let small = crate::workflow::plan(
        &Operation::CompareTables {
            table: name("a-restored"),
            other: name("aaa"),
            items: 0,
        },
        chrono::Utc::now(),
    );
    let big = crate::workflow::plan(
        &Operation::CompareTables {
            table: name("a-restored"),
            other: name("aaa"),
            items: 40_000_000,
        },
        chrono::Utc::now(),
    );
    assert_eq!(small.steps.len(), 1);
    assert!(small.steps[0].creates.is_empty() && small.steps[0].deletes.is_empty());
    assert!(big.total() > small.total() * 100, "{:?}", big.total());
}

/// The start-up scan reads finished restores' journals for the table each
/// created and the table its backup was of: what the comparison proposes.
#[tokio::test]
async fn a_finished_restores_journal_names_its_target_and_source() {
    let sb = sandbox();
    let backup = sb.list_backups(Some("customers")).await.unwrap().remove(0);
    let dir = tempfile::tempdir().unwrap();
    let mut operator = Operator::default();
    operator.context.journal_dir = Some(dir.path().to_owned());
    let op = Operation::RestoreFromBackup {
        backup_arn: backup.arn.into(),
        target: name("customers-at-1130"),
        new_table: Default::default(),
    };
    let report = drive(&sb, op, operator).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });

    let here = super::harness::sandbox_scope();
    let scan = crate::recovery::scan(sb.as_ref(), &[dir.path().to_owned()], Some(&here)).await;

    assert!(scan.runs.is_empty());
    assert_eq!(
        scan.restored,
        [("customers-at-1130".to_owned(), "customers".to_owned())]
    );
}
