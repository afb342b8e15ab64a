//! Operation 11, repair in place, on the sandbox: a bad deployment deletes
//! and changes items of `shop` after a good point, and the application
//! creates one; the repair from that point puts back what was deleted and
//! changed, keeps what was created, never overwrites an item changed after
//! the diff, resumes a killed write without writing an item twice, and is
//! undone from its pre-images.

use std::path::PathBuf;
use std::sync::Arc;

use super::harness::{Operator, context, drive, sandbox};
use crate::backend::Backend;
use crate::domain::{AttrValue, CondWrite, Expect, Item, ItemChange, PitrTarget, TableName};
use crate::repair::{Conflict, PreImage, RepairChoices, RepairClass, read_lines};
use crate::sandbox::{Sandbox, TableData};
use crate::verify::{DiffCounts, VerifyOptions, verify};
use crate::workflow::{
    Answer, Operation, Outcome, Question, RepairQuestion, RepairSource, StepAction, StepStatus,
    WorkflowEvent, journal, plan, resume, run,
};

const SHOP: &str = "shop";

fn name(n: &str) -> TableName {
    TableName::parse(n).unwrap()
}

fn key(i: u64) -> Item {
    [("pk".to_owned(), AttrValue::S(format!("item-{i:09}")))].into()
}

/// `shop` with 400 items and PITR; the time before the damage; then the
/// damage: items 3, 50 and 120 deleted, 7 and 8 changed, one created.
fn damaged() -> (Arc<Sandbox>, chrono::DateTime<chrono::Utc>) {
    let sb = sandbox();
    sb.insert_table(
        SHOP,
        TableData {
            items: 400,
            size_bytes: 400 * 600,
            version: 42,
        },
        Some(35),
    );
    // Inside the PITR window (which ends five minutes ago), before the damage.
    let good = sb.now() - chrono::Duration::minutes(10);
    for i in [3, 50, 120] {
        sb.delete_item(SHOP, i).unwrap();
    }
    sb.change_item(SHOP, 7, "status", AttrValue::S("LOST".into()))
        .unwrap();
    sb.change_item(SHOP, 8, "amount", AttrValue::N("0".into()))
        .unwrap();
    sb.add_item(SHOP, created()).unwrap();
    (sb, good)
}

/// The order the application wrote after the damage.
fn created() -> Item {
    [
        ("pk".to_owned(), AttrValue::S("order-new-1".into())),
        ("status".to_owned(), AttrValue::S("PLACED".into())),
    ]
    .into()
}

fn repair(good: chrono::DateTime<chrono::Utc>) -> Operation {
    Operation::RepairInPlace {
        table: name(SHOP),
        source: RepairSource::Pitr(PitrTarget::At(good)),
    }
}

fn question(report: &super::harness::Report) -> &RepairQuestion {
    report
        .questions
        .iter()
        .find_map(|q| match q {
            Question::RepairChoice(r) => Some(r.as_ref()),
            _ => None,
        })
        .expect("the repair asked its choice")
}

/// One of the repair's files, from the repair set's path the question names.
fn file(q: &RepairQuestion, which: &str) -> PathBuf {
    PathBuf::from(q.file.replace(".repair.json", &format!(".{which}.json")))
}

/// `table` compared with `shop` as it was at `good`, restored beside it.
async fn against_good(
    sb: &Arc<Sandbox>,
    good: chrono::DateTime<chrono::Utc>,
    copy: &str,
) -> DiffCounts {
    let op = Operation::PitrToNew {
        table: name(SHOP),
        at: PitrTarget::At(good),
        target: name(copy),
        new_table: Default::default(),
    };
    let report = drive(sb, op, Operator::default()).await;
    assert!(
        matches!(report.outcome, Outcome::Completed { .. }),
        "{:?}",
        report.outcome
    );
    verify(sb.as_ref(), copy, SHOP, &VerifyOptions::default(), None)
        .await
        .unwrap()
        .counts
}

/// The application writes attribute `attr` of item `i` (as it is now).
async fn rewrite(sb: &Sandbox, i: u64, attr: &str, value: AttrValue) {
    let now = sb.get_items(SHOP, &[key(i)]).await.unwrap().pop().unwrap();
    let mut then = now.clone();
    then.insert(attr.to_owned(), value);
    let write = CondWrite {
        change: ItemChange::Put(then),
        expect: Expect::Equals(now),
    };
    let schema = crate::sandbox::items::key_schema();
    let outcome = sb.write_items_if(SHOP, &schema, &[write]).await.unwrap();
    assert_eq!(outcome, [crate::domain::WriteOutcome::Written]);
}

/// How many of the five damaged items are as they were before the damage.
async fn repaired(sb: &Sandbox) -> usize {
    let mut n = 0;
    for i in [3, 50, 120] {
        n += usize::from(live(sb, i).await.is_some());
    }
    let lost = AttrValue::S("LOST".into());
    n += usize::from(live(sb, 7).await.is_some_and(|i| i["status"] != lost));
    let zero = AttrValue::N("0".into());
    n += usize::from(live(sb, 8).await.is_some_and(|i| i["amount"] != zero));
    n
}

async fn live(sb: &Sandbox, i: u64) -> Option<Item> {
    sb.get_items(SHOP, &[key(i)]).await.unwrap().pop()
}

#[tokio::test]
async fn a_repair_puts_back_what_was_deleted_and_changed_and_keeps_what_was_created() {
    let (sb, good) = damaged();
    let arn_before = sb.describe_table(SHOP).await.unwrap().arn;

    let report = drive(&sb, repair(good), Operator::default()).await;

    assert!(
        matches!(report.outcome, Outcome::Completed { .. }),
        "{:?}",
        report.outcome
    );
    report.assert_all_done();
    // What the diff found, as the operator saw it.
    let q = question(&report);
    let c = q.counts;
    assert_eq!((c.deleted, c.changed, c.created), (3, 2, 1), "{c:?}");
    assert_eq!(q.rows.len(), 6);
    assert!(
        q.rows
            .iter()
            .any(|r| r.class == RepairClass::Changed && r.attr_names() == "status")
    );
    // The table is the one it was (never deleted), now equal to the good
    // point but for the order created since.
    assert_eq!(sb.describe_table(SHOP).await.unwrap().arn, arn_before);
    let counts = against_good(&sb, good, "shop-then").await;
    assert_eq!(
        counts,
        DiffCounts {
            missing: 0,
            extra: 1,
            changed: 0
        }
    );
    assert_eq!(
        sb.get_items(
            SHOP,
            &[crate::sandbox::items::key_schema().key_of(&created())]
        )
        .await
        .unwrap()
        .len(),
        1,
        "the order created since is kept"
    );
    // The pre-images of the five items changed, before anything was written.
    let pre: Vec<PreImage> = read_lines(&file(q, "preimage"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(pre.len(), 5);
    assert!(pre.iter().all(|p| p.class != RepairClass::Created));
    let changed = pre.iter().find(|p| p.key == key(7)).unwrap();
    assert_eq!(
        changed.before.as_ref().unwrap()["status"],
        AttrValue::S("LOST".into())
    );
    // A --prerepair backup was taken and is kept; the review offered the
    // scratch table, which is gone.
    let backups = sb.list_backups(Some(SHOP)).await.unwrap();
    assert!(backups.iter().any(|b| b.name.contains("--prerepair-")));
    let review = &report.reviews[0];
    let scratch = review
        .items
        .iter()
        .find(|i| i.name.contains("--repair-"))
        .unwrap();
    assert!(scratch.deletable, "{scratch:?}");
    let kept = review
        .items
        .iter()
        .find(|i| i.name.contains("--prerepair-"))
        .unwrap();
    assert!(!kept.deletable, "{kept:?}");
    assert!(sb.describe_table(&scratch.name).await.is_err());
    // The checklist says what was written and read back.
    let details: Vec<String> = report
        .statuses
        .iter()
        .filter_map(|s| match s {
            StepStatus::Done {
                detail: Some(d), ..
            } => Some(d.clone()),
            _ => None,
        })
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("wrote 5 of 5; no conflict")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("all 5 items written equal the copy")),
        "{details:?}"
    );
}

#[tokio::test]
async fn an_item_changed_after_the_diff_is_a_listed_conflict_never_overwritten() {
    let (sb, good) = damaged();
    let operator = Operator {
        on_repair_choice: Some(Box::new(|sb, table| {
            Box::pin(async move {
                // The application fixes item 7 itself while the operator reads.
                assert_eq!(table, SHOP);
                rewrite(&sb, 7, "status", AttrValue::S("RESHIPPED".into())).await;
            })
        })),
        ..Operator::default()
    };

    let report = drive(&sb, repair(good), operator).await;

    assert!(matches!(report.outcome, Outcome::Completed { .. }));
    let q = question(&report);
    let conflicts: Vec<Conflict> = read_lines(&file(q, "conflicts"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let [c] = conflicts.as_slice() else {
        panic!("{conflicts:?}")
    };
    assert_eq!(c.key, key(7));
    assert_eq!(
        c.found.as_ref().unwrap()["status"],
        AttrValue::S("RESHIPPED".into())
    );
    assert_eq!(
        c.expected.as_ref().unwrap()["status"],
        AttrValue::S("LOST".into())
    );
    assert!(c.wanted.is_some());
    // Item 7 keeps the application's write; the others are repaired.
    assert_eq!(
        live(&sb, 7).await.unwrap()["status"],
        AttrValue::S("RESHIPPED".into())
    );
    assert!(live(&sb, 3).await.is_some());
    let counts = against_good(&sb, good, "shop-then").await;
    assert_eq!((counts.missing, counts.extra, counts.changed), (0, 1, 1));
}

#[tokio::test]
async fn writing_nothing_leaves_the_table_as_it_was_and_takes_no_backup() {
    let (sb, good) = damaged();
    let before = sb.table_data(SHOP).unwrap();
    let operator = Operator {
        repair: Answer::Cancel,
        ..Operator::default()
    };

    let report = drive(&sb, repair(good), operator).await;

    assert!(matches!(report.outcome, Outcome::Completed { .. }));
    assert_eq!(sb.table_data(SHOP).unwrap(), before);
    let backups = sb.list_backups(Some(SHOP)).await.unwrap();
    assert!(!backups.iter().any(|b| b.name.contains("--prerepair-")));
    let skipped = report
        .statuses
        .iter()
        .filter(|s| matches!(s, StepStatus::Skipped { .. }))
        .count();
    assert_eq!(
        skipped, 3,
        "backup, write and read-back: {:?}",
        report.statuses
    );
    // The scratch table was still offered.
    assert!(
        report.reviews[0]
            .items
            .iter()
            .any(|i| i.name.contains("--repair-"))
    );
}

#[tokio::test]
async fn a_repair_from_a_table_needs_no_scratch_and_writes_created_when_chosen() {
    let (sb, good) = damaged();
    // The copy is a table restored earlier.
    let op = Operation::PitrToNew {
        table: name(SHOP),
        at: PitrTarget::At(good),
        target: name("shop-earlier"),
        new_table: Default::default(),
    };
    drive(&sb, op, Operator::default()).await;
    let operator = Operator {
        repair: Answer::Repair(RepairChoices {
            deleted: true,
            changed: true,
            created: true,
        }),
        ..Operator::default()
    };
    let op = Operation::RepairInPlace {
        table: name(SHOP),
        source: RepairSource::Table(name("shop-earlier")),
    };

    let report = drive(&sb, op, operator).await;

    assert!(matches!(report.outcome, Outcome::Completed { .. }));
    assert!(!report.steps.iter().any(|s| matches!(
        s.action,
        StepAction::Duplicate { .. } | StepAction::RestoreScratch { .. }
    )));
    // Created since, chosen: deleted. The table now equals the copy.
    let after = verify(
        sb.as_ref(),
        "shop-earlier",
        SHOP,
        &VerifyOptions::default(),
        None,
    )
    .await
    .unwrap();
    assert!(after.equal, "{after:?}");
    // The copy is the operator's table: never offered for deletion.
    assert!(
        report
            .reviews
            .iter()
            .all(|r| r.items.iter().all(|i| i.name != "shop-earlier"))
    );
}

/// Killed after its first batch of writes, the repair resumes from its
/// journal: the batches done are skipped, the one in flight is written
/// again, and an item found already as the repair leaves it counts as
/// written, not as a conflict.
#[tokio::test]
async fn a_repair_killed_mid_write_resumes_and_writes_each_item_once() {
    let (sb, good) = damaged();
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context();
    ctx.journal_dir = Some(dir.path().to_owned());
    // Two items a batch, at two write units a second: the kill lands while
    // the first batch's units are paid for.
    ctx.repair.batch = 2;
    ctx.repair.write_units_per_second = 2;
    let planned = plan(&repair(good), sb.now());
    let write_step = planned
        .steps
        .iter()
        .position(|s| matches!(s.action, StepAction::RepairWrite { .. }))
        .unwrap();
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend.clone(), planned, ctx.clone(), tx));
    while let Some(ev) = rx.recv().await {
        match ev {
            WorkflowEvent::Step {
                index,
                status:
                    StepStatus::Running {
                        detail: Some(d), ..
                    },
                ..
            } if index == write_step && d.contains("written") => {
                task.abort();
                break;
            }
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                let _ = reply.send(match question {
                    Question::RepairChoice(_) => Answer::Repair(RepairChoices::default()),
                    _ => Answer::Yes,
                });
            }
            _ => {}
        }
    }
    let _ = task.await;
    // Some items are back, not all (in the order of the differences file).
    let repaired = repaired(&sb).await;
    assert!(
        (1..5).contains(&repaired),
        "{repaired} of 5 repaired before the kill"
    );

    let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    ctx.job += 1;
    ctx.repair.write_units_per_second = 1_000;
    let task = tokio::spawn(resume(backend, file, ctx, tx));
    let mut first_write = None;
    let mut done = None;
    while let Some(ev) = rx.recv().await {
        match ev {
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                let _ = reply.send(match question {
                    Question::CleanupReview { items } => Answer::Delete(
                        items
                            .into_iter()
                            .filter(|i| i.deletable)
                            .map(|i| i.id)
                            .collect(),
                    ),
                    _ => Answer::Yes,
                });
            }
            WorkflowEvent::Step {
                index,
                status:
                    StepStatus::Running {
                        detail: Some(d), ..
                    },
                ..
            } if index == write_step => {
                first_write.get_or_insert(d);
            }
            WorkflowEvent::Step {
                index,
                status: StepStatus::Done { detail, .. },
                ..
            } if index == write_step => done = detail,
            _ => {}
        }
    }
    let outcome = task.await.unwrap();
    assert!(matches!(outcome, Outcome::Completed { .. }), "{outcome:?}");
    // The resumed write started after the first batch, not from nothing.
    let first = first_write.unwrap();
    assert!(!first.starts_with("2 of 5"), "{first}");
    assert!(
        first.starts_with("4 of 5") || first.starts_with("5 of 5"),
        "{first}"
    );
    assert_eq!(done.as_deref(), Some("wrote 5 of 5; no conflict"));
    let counts = against_good(&sb, good, "shop-then").await;
    assert_eq!((counts.missing, counts.extra, counts.changed), (0, 1, 0));
}

/// A write found already made (a previous attempt landed it) counts as
/// written; the table ends the same.
#[tokio::test]
async fn a_write_already_made_counts_as_written_not_as_a_conflict() {
    let (sb, good) = damaged();
    let operator = Operator {
        on_repair_choice: Some(Box::new(|sb, table| {
            Box::pin(async move {
                // Item 3 put back as the copy has it, as an earlier attempt would.
                let scratch = sb
                    .list_tables()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|t| t.starts_with("shop--repair-"))
                    .unwrap();
                let item = sb
                    .get_items(&scratch, &[key(3)])
                    .await
                    .unwrap()
                    .pop()
                    .unwrap();
                let write = CondWrite {
                    change: ItemChange::Put(item),
                    expect: Expect::Absent,
                };
                let schema = crate::sandbox::items::key_schema();
                sb.write_items_if(&table, &schema, &[write]).await.unwrap();
            })
        })),
        ..Operator::default()
    };

    let report = drive(&sb, repair(good), operator).await;

    assert!(matches!(report.outcome, Outcome::Completed { .. }));
    let q = question(&report);
    assert!(!file(q, "conflicts").exists());
    let counts = against_good(&sb, good, "shop-then").await;
    assert_eq!((counts.missing, counts.extra, counts.changed), (0, 1, 0));
}

#[tokio::test]
async fn a_repair_is_undone_from_its_pre_images() {
    let (sb, good) = damaged();
    let report = drive(&sb, repair(good), Operator::default()).await;
    assert!(matches!(report.outcome, Outcome::Completed { .. }));
    let preimage = file(question(&report), "preimage");
    // Before the undo, the application writes item 50 again.
    rewrite(&sb, 50, "status", AttrValue::S("REFUNDED".into())).await;
    let op = Operation::UndoRepair {
        table: name(SHOP),
        of_job: 7,
        preimage,
    };

    let undo = drive(&sb, op, Operator::default()).await;

    assert!(
        matches!(undo.outcome, Outcome::Completed { .. }),
        "{:?}",
        undo.outcome
    );
    // Items 3 and 120 are deleted again, 7 and 8 damaged again; item 50,
    // written since the repair, is a conflict and keeps its write.
    assert!(live(&sb, 3).await.is_none());
    assert!(live(&sb, 120).await.is_none());
    assert_eq!(
        live(&sb, 7).await.unwrap()["status"],
        AttrValue::S("LOST".into())
    );
    assert_eq!(
        live(&sb, 8).await.unwrap()["amount"],
        AttrValue::N("0".into())
    );
    assert_eq!(
        live(&sb, 50).await.unwrap()["status"],
        AttrValue::S("REFUNDED".into())
    );
    let StepStatus::Done {
        detail: Some(d), ..
    } = undo.status_of(0)
    else {
        panic!("{:?}", undo.status_of(0))
    };
    assert!(d.starts_with("wrote 4 of 5; 1 conflict(s)"), "{d}");
}

/// The sandbox's rehearsal: `inventory` lost items to a bad script 90
/// minutes ago and gained new ones since; a repair from two hours ago finds
/// exactly that damage and puts it right.
#[tokio::test]
async fn the_sandbox_inventory_story_is_repaired_from_two_hours_ago() {
    let sb = sandbox();
    let count = sb.describe_table("inventory").await.unwrap().item_count;
    let op = Operation::RepairInPlace {
        table: name("inventory"),
        source: RepairSource::Pitr(PitrTarget::At(sb.now() - chrono::Duration::hours(2))),
    };

    let report = drive(&sb, op, Operator::default()).await;

    assert!(
        matches!(report.outcome, Outcome::Completed { .. }),
        "{:?}",
        report.outcome
    );
    let c = question(&report).counts;
    assert_eq!((c.deleted, c.changed, c.created), (40, 24, 40), "{c:?}");
    // Put back 64, kept the 40 new ones: 40 more items than before.
    assert_eq!(
        sb.table_data("inventory").unwrap().items,
        count + 40,
        "{c:?}"
    );
}

/// Killed as each step starts (the task aborted, as a crash would stop
/// it) and resumed from its journal, a repair from a point in time ends as
/// an uninterrupted one: the five items repaired, one `--prerepair` backup,
/// the scratch table deleted by the review, nothing made twice.
#[tokio::test]
async fn a_repair_killed_at_each_step_resumes_to_the_same_end() {
    for kill_at in 0..6 {
        let (sb, good) = damaged();
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = context();
        ctx.journal_dir = Some(dir.path().to_owned());
        let planned = plan(&repair(good), sb.now());
        let backend: Arc<dyn Backend> = sb.clone();
        let answer = |q: Question| match q {
            Question::RepairChoice(_) => Answer::Repair(RepairChoices::default()),
            Question::CleanupReview { items } => Answer::Delete(
                items
                    .into_iter()
                    .filter(|i| i.deletable)
                    .map(|i| i.id)
                    .collect(),
            ),
            _ => Answer::Yes,
        };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(backend.clone(), planned, ctx.clone(), tx));
        while let Some(ev) = rx.recv().await {
            match ev {
                WorkflowEvent::Step {
                    index,
                    status: StepStatus::Running { .. },
                    ..
                } if index >= kill_at => {
                    task.abort();
                    break;
                }
                WorkflowEvent::Ask {
                    question, reply, ..
                } => {
                    let _ = reply.send(answer(question));
                }
                _ => {}
            }
        }
        let _ = task.await;

        let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        ctx.job += 1;
        let task = tokio::spawn(resume(backend, file, ctx, tx));
        while let Some(ev) = rx.recv().await {
            if let WorkflowEvent::Ask {
                question, reply, ..
            } = ev
            {
                let _ = reply.send(answer(question));
            }
        }
        let case = format!("killed at step {kill_at}");
        let outcome = task.await.unwrap();
        assert!(
            matches!(outcome, Outcome::Completed { .. }),
            "{case}: {outcome:?}"
        );
        assert_eq!(repaired(&sb).await, 5, "{case}");
        assert!(live(&sb, 0).await.is_some(), "{case}");
        let tables = sb.list_tables().await.unwrap();
        assert!(
            !tables.iter().any(|t| t.contains("--repair-")),
            "{case}: {tables:?}"
        );
        let backups = sb.list_backups(Some(SHOP)).await.unwrap();
        let prerepair = backups
            .iter()
            .filter(|b| b.name.contains("--prerepair-"))
            .count();
        assert_eq!(prerepair, 1, "{case}: {backups:?}");
    }
}
