//! The screens, rendered through ratatui's TestBackend and compared with
//! reviewed snapshots (`cargo insta review` after an intended change).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, State, update};
use dynamo_dr::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, state)).unwrap();
    t
}

/// The screen as text, one line per row, for assertions on words.
fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let width = buf.area.width as usize;
    buf.content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(state: &mut State, c: KeyCode) {
    update(state, Event::Key(KeyEvent::from(c)));
}

async fn main_state(w: u16, h: u16) -> State {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb, (w, h)).await;
    // Select `orders`, the table of the 3 a.m. story.
    for _ in 0..6 {
        key(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(s.inventory.tables.selected_name(), Some("orders"));
    s
}

#[tokio::test]
async fn main_screen_80x24() {
    let s = main_state(80, 24).await;
    insta::assert_snapshot!(render(&s, 80, 24).backend());
}

#[tokio::test]
async fn main_screen_200x60() {
    let s = main_state(200, 60).await;
    insta::assert_snapshot!(render(&s, 200, 60).backend());
}

#[tokio::test]
async fn recovery_pane_focused_with_a_cold_point_selected() {
    let mut s = main_state(120, 40).await;
    key(&mut s, KeyCode::Tab);
    for _ in 0..5 {
        key(&mut s, KeyCode::Char('j'));
    }
    insta::assert_snapshot!(render(&s, 120, 40).backend());
}

/// A table that failed to load shows its error across the row, not cut to
/// the 9 columns of the status cell.
#[tokio::test]
async fn a_tables_load_error_gets_the_rows_width() {
    use dynamo_dr::backend::BackendError;
    use dynamo_dr::inventory::InventoryEvent;
    let mut s = main_state(100, 30).await;
    let error = BackendError::InUse {
        resource: "table orders".into(),
        detail: "UPDATING".into(),
    };
    let said = format!("error: {error}");
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableFailed {
            name: "orders".into(),
            error,
        }),
    );
    let text = screen_text(&render(&s, 100, 30));
    let header = text.lines().find(|l| l.contains("Status")).unwrap();
    let row = text
        .lines()
        .find(|l| l.chars().skip(1).collect::<String>().starts_with("orders "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains(&said), "{row}");
    // It starts where the Status column does.
    let col = |line: &str, word: &str| line[..line.find(word).unwrap()].chars().count();
    assert_eq!(col(row, "error:"), col(header, "Status"), "{header}\n{row}");
}

/// A read-only reason longer than the menu box is read whole: the box
/// takes the width and the rows it needs instead of cutting it; the
/// operations stay enabled, as previews.
#[tokio::test]
async fn a_long_refusal_in_the_operations_menu_is_shown_whole() {
    use dynamo_dr::checks::CheckResult;
    let mut s = main_state(100, 30).await;
    let detail = format!(
        "cannot reach AWS: no answer from region eu-west-1 at http://127.0.0.1:4566 to \
         sts:GetCallerIdentity after 3 attempts in 30 s {}LAST-WORD",
        "and then some more words ".repeat(3)
    );
    update(
        &mut s,
        Event::Checks(vec![CheckResult {
            name: "account",
            passed: false,
            detail,
            fix: None,
        }]),
    );
    key(&mut s, KeyCode::Char('o'));
    let text = screen_text(&render(&s, 100, 30));
    // The header cuts the reason (with …); the menu shows it whole.
    assert_eq!(text.matches("LAST-WORD").count(), 1, "{text}");
    assert!(text.contains("no answer from region eu-we…"), "{text}");
    assert!(text.contains("READ-ONLY: check 'account' failed"), "{text}");
    assert!(text.contains("Operations are shown but will not"), "{text}");
    assert!(!text.contains("disabled:"), "{text}");
}

#[tokio::test]
async fn help_screen() {
    let mut s = main_state(100, 40).await;
    key(&mut s, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&s, 100, 40).backend());
}

#[tokio::test]
async fn filter_being_typed() {
    let mut s = main_state(80, 24).await;
    key(&mut s, KeyCode::Char('/'));
    key(&mut s, KeyCode::Char('a'));
    key(&mut s, KeyCode::Char('r'));
    insta::assert_snapshot!(render(&s, 80, 24).backend());
}

#[tokio::test]
async fn too_small_terminal() {
    let s = main_state(50, 12).await;
    insta::assert_snapshot!(render(&s, 50, 12).backend());
}

#[tokio::test]
async fn first_frame_while_loading() {
    let (sb, _) = common::sandbox();
    let s = State::new(
        dynamo_dr::backend::Backend::info(sb.as_ref()),
        false,
        Default::default(),
        common::fixed_now(),
    );
    insta::assert_snapshot!(render(&s, 80, 24).backend());
}

mod operations {
    use std::time::Duration;

    use super::*;
    use dynamo_dr::app::RunEvent;
    use dynamo_dr::workflow::{CleanupItem, CleanupKind, Question, StepStatus};

    /// `orders` at the plan of a PITR restore to three hours before the
    /// fixed clock.
    async fn pitr_plan(w: u16, h: u16) -> State {
        let mut s = main_state(w, h).await;
        key(&mut s, KeyCode::Char('o'));
        key(&mut s, KeyCode::Char('1'));
        for c in "2026-11-22T00:00:00Z".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        key(&mut s, KeyCode::Enter);
        s
    }

    /// The same run started, three steps in.
    async fn running(w: u16, h: u16) -> State {
        let mut s = pitr_plan(w, h).await;
        key(&mut s, KeyCode::Enter);
        let now = s.now;
        let step = |index, status| {
            Event::Run(RunEvent::Step {
                job: 1,
                index,
                status,
            })
        };
        update(
            &mut s,
            step(
                0,
                StepStatus::Done {
                    took: Duration::from_secs(390),
                    detail: Some("1,237,579 items".into()),
                },
            ),
        );
        update(
            &mut s,
            step(
                1,
                StepStatus::Done {
                    took: Duration::from_secs(4),
                    detail: Some("started".into()),
                },
            ),
        );
        update(
            &mut s,
            step(
                2,
                StepStatus::Running {
                    started: now - chrono::Duration::seconds(75),
                    progress: Some(45.0),
                    detail: Some("CREATING".into()),
                },
            ),
        );
        s
    }

    /// The Jobs pane scrolls as the Tables pane does: up from its bottom,
    /// the selection moves inside the view, which stays put until the
    /// selection reaches its top.
    #[tokio::test]
    async fn jobs_pane_scrolled_with_the_selection_above_its_bottom() {
        let mut s = running(100, 30).await;
        key(&mut s, KeyCode::Char('G'));
        for _ in 0..3 {
            key(&mut s, KeyCode::Char('k'));
        }
        let t = render(&s, 100, 30);
        let buf = t.backend().buffer();
        let text = screen_text(&t);
        let jobs_top = text.lines().position(|l| l.contains("Jobs ·")).unwrap() as u16;
        let highlighted: Vec<u16> = (jobs_top..buf.area.height)
            .filter(|&y| buf[(1, y)].bg == ratatui::style::Color::Blue)
            .collect();
        let bottom = buf.area.height - 3;
        assert_eq!(highlighted, [bottom - 3], "three rows above the last");
        insta::assert_snapshot!(t.backend());
    }

    fn ask(s: &mut State, question: Question) {
        update(
            s,
            Event::Run(RunEvent::Ask {
                job: 1,
                question,
                reply: (),
            }),
        );
    }

    #[tokio::test]
    async fn operations_menu() {
        let mut s = main_state(100, 30).await;
        key(&mut s, KeyCode::Char('o'));
        insta::assert_snapshot!(render(&s, 100, 30).backend());
    }

    #[tokio::test]
    async fn time_outside_the_window_is_refused_where_typed() {
        let mut s = main_state(100, 30).await;
        key(&mut s, KeyCode::Char('o'));
        key(&mut s, KeyCode::Char('1'));
        for c in "2020-01-01T00:00:00Z".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        key(&mut s, KeyCode::Enter);
        insta::assert_snapshot!(render(&s, 100, 30).backend());
    }

    /// On a table with PITR off and no backup of its own, the operations
    /// that cannot run are dimmed with the reason on their row; the one
    /// under the cursor has its sentence under the rows.
    #[tokio::test]
    async fn operations_menu_dims_what_cannot_run_at_90x25() {
        let mut s = main_state(90, 25).await;
        key(&mut s, KeyCode::Char('k'));
        key(&mut s, KeyCode::Char('k'));
        let table = s.inventory.tables.selected_name().unwrap().to_owned();
        key(&mut s, KeyCode::Char('o'));
        let t = render(&s, 90, 25);
        assert!(
            screen_text(&t).contains("✘"),
            "{table}: {}",
            screen_text(&t)
        );
        insta::assert_snapshot!(t.backend());
    }

    /// Operation 12's lifecycle page at 90×25, a lifecycle AWS Backup
    /// would refuse typed: the refusal is under the fields, the cursor on
    /// the field to fix.
    #[tokio::test]
    async fn backup_job_lifecycle_refused_where_typed_at_90x25() {
        let mut s = main_state(90, 25).await;
        key(&mut s, KeyCode::Char('o'));
        key(&mut s, KeyCode::Char('B'));
        for c in "30".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        key(&mut s, KeyCode::Down);
        for c in "100".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        key(&mut s, KeyCode::Enter);
        let t = render(&s, 90, 25);
        let text = screen_text(&t);
        assert!(text.contains("Back up with AWS Backup · orders"), "{text}");
        assert!(text.contains("delete after 120 days"), "{text}");
        insta::assert_snapshot!(t.backend());
    }

    /// Operation 13's page at 90×25 (`x` in the menu), an incremental
    /// window DynamoDB would refuse typed: the refusal under the fields,
    /// the cursor on "When".
    #[tokio::test]
    async fn export_window_refused_where_typed_at_90x25() {
        let mut s = main_state(90, 25).await;
        key(&mut s, KeyCode::Char('o'));
        key(&mut s, KeyCode::Char('x'));
        key(&mut s, KeyCode::Down);
        for c in "-2h..-1h50m".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        key(&mut s, KeyCode::Enter);
        let t = render(&s, 90, 25);
        let text = screen_text(&t);
        assert!(text.contains("Export to S3 · orders"), "{text}");
        assert!(
            text.contains("s3://dynamo-dr-exports-111122223333/orders"),
            "{text}"
        );
        assert!(text.contains("at least 15 minutes"), "{text}");
        insta::assert_snapshot!(t.backend());
    }

    /// Operation 14's page at 90×25 (`i`): a name that exists is refused
    /// where it was typed.
    #[tokio::test]
    async fn import_name_refused_where_typed_at_90x25() {
        let mut s = main_state(90, 25).await;
        key(&mut s, KeyCode::Char('o'));
        key(&mut s, KeyCode::Char('i'));
        key(&mut s, KeyCode::Down);
        for _ in 0.."orders-imported".len() {
            key(&mut s, KeyCode::Backspace);
        }
        for c in "customers".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        key(&mut s, KeyCode::Enter);
        let t = render(&s, 90, 25);
        let text = screen_text(&t);
        assert!(text.contains("Import from S3 · orders"), "{text}");
        assert!(text.contains("customers"), "{text}");
        insta::assert_snapshot!(t.backend());
    }

    #[tokio::test]
    async fn plan_screen() {
        let s = pitr_plan(120, 45).await;
        insta::assert_snapshot!(render(&s, 120, 45).backend());
    }

    /// At 90×25 the plan of operation 1 is taller than the screen: it says
    /// how many rows are below, and Down scrolls to the end of it.
    #[tokio::test]
    async fn plan_at_90x25_says_what_is_below() {
        let s = pitr_plan(90, 25).await;
        insta::assert_snapshot!(render(&s, 90, 25).backend());
    }

    #[tokio::test]
    async fn plan_at_90x25_scrolled_to_its_end() {
        let mut s = pitr_plan(90, 25).await;
        for _ in 0..40 {
            key(&mut s, KeyCode::Down);
        }
        let t = render(&s, 90, 25);
        assert!(screen_text(&t).contains("▲"), "{}", screen_text(&t));
        assert!(!screen_text(&t).contains("▼"));
        insta::assert_snapshot!(t.backend());
    }

    #[tokio::test]
    async fn checklist_mid_run() {
        let s = running(140, 45).await;
        insta::assert_snapshot!(render(&s, 140, 45).backend());
    }

    #[tokio::test]
    async fn deletion_protection_modal() {
        let mut s = running(100, 30).await;
        ask(
            &mut s,
            Question::RemoveDeletionProtection {
                table: "orders".into(),
                fallback: Some("orders--orig-Jan-02-2025-03-04-05".into()),
                restored_after: true,
            },
        );
        insta::assert_snapshot!(render(&s, 100, 30).backend());
    }

    #[tokio::test]
    async fn deletion_protection_without_a_fallback_says_nothing_comes_back() {
        let mut s = running(100, 30).await;
        ask(
            &mut s,
            Question::RemoveDeletionProtection {
                table: "orders".into(),
                fallback: None,
                restored_after: false,
            },
        );
        let text = screen_text(&render(&s, 100, 30));
        assert!(text.contains("No fallback backup (declined)"), "{text}");
        assert!(text.contains("the data is gone for good"), "{text}");
        assert!(!text.contains("Fallback backup"), "{text}");
        assert!(!text.contains("after the restore"), "{text}");
    }

    #[tokio::test]
    async fn one_running_operation_is_counted_in_the_singular() {
        let mut s = running(140, 45).await;
        let text = screen_text(&render(&s, 140, 45));
        assert!(text.contains("1 operation running"), "{text}");
        assert!(!text.contains("1 operations"), "{text}");
        key(&mut s, KeyCode::Char('q'));
        let text = screen_text(&render(&s, 140, 45));
        assert!(
            text.contains("1 operation still running. Quitting stops it where it is:"),
            "{text}"
        );
        assert!(!text.contains("(s)"), "{text}");
    }

    #[tokio::test]
    async fn type_the_name_modal_after_a_mistype() {
        let mut s = running(100, 30).await;
        ask(
            &mut s,
            Question::TypeTableName {
                table: "orders".into(),
                mistyped: Some("order".into()),
            },
        );
        for c in "ord".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        insta::assert_snapshot!(render(&s, 100, 30).backend());
    }

    #[tokio::test]
    async fn step_failed_modal() {
        let mut s = running(100, 30).await;
        ask(
            &mut s,
            Question::StepFailed {
                step: 2,
                title: "Back up the duplicate as orders--dupe-Nov-22-2026-03-00-00".into(),
                error: "AWS limit reached: 50 concurrent table operations".into(),
            },
        );
        insta::assert_snapshot!(render(&s, 100, 30).backend());
    }

    /// A finished run's time stops at its end: a minute later the Jobs
    /// pane shows the same times (the run's, and a step left running).
    #[tokio::test]
    async fn a_finished_run_keeps_its_time() {
        let mut s = running(140, 45).await;
        update(
            &mut s,
            Event::Run(RunEvent::Finished {
                job: 1,
                outcome: dynamo_dr::workflow::Outcome::Cancelled {
                    step: Some(2),
                    reason: "you said no".into(),
                    remaining: Vec::new(),
                },
            }),
        );
        let jobs = |s: &State| {
            let text = screen_text(&render(s, 140, 45));
            let start = text.lines().position(|l| l.contains("Jobs ·")).unwrap();
            let ours = text
                .lines()
                .skip(start)
                .filter(|l| !l.contains("AWS backup job") && !l.contains("AWS copy job"));
            ours.collect::<Vec<_>>().join("\n")
        };
        let at_end = jobs(&s);
        assert!(
            at_end.contains("■ stopped    3. Back up the duplicate"),
            "{at_end}"
        );
        let later = s.now + chrono::Duration::seconds(60);
        update(&mut s, Event::Tick(later));
        assert_eq!(jobs(&s), at_end);
    }

    /// A failed step's error is longer than its Jobs row: the row ends in
    /// `…`, and the details key shows the whole of it.
    #[tokio::test]
    async fn details_of_a_failed_step_at_90x25() {
        let mut s = running(90, 25).await;
        let error = "ValidationException: Table orders--dupe-Nov-22-2026-03-00-00 is being \
                     created; a backup cannot start until it is ACTIVE (request id \
                     0f5c7d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f); retry when DescribeTable says ACTIVE";
        update(
            &mut s,
            Event::Run(RunEvent::Step {
                job: 1,
                index: 2,
                status: StepStatus::Failed {
                    error: error.into(),
                },
            }),
        );
        assert_eq!(s.view.focus, dynamo_dr::app::Pane::Jobs);
        for _ in 0..3 {
            key(&mut s, KeyCode::Char('j'));
        }
        let before = screen_text(&render(&s, 90, 25));
        assert!(before.contains("…"), "{before}");
        key(&mut s, KeyCode::Char('d'));
        let t = render(&s, 90, 25);
        let text: String = screen_text(&t).split_whitespace().collect();
        assert!(
            text.contains("DescribeTablesaysACTIVE"),
            "{}",
            screen_text(&t)
        );
        insta::assert_snapshot!(t.backend());
        key(&mut s, KeyCode::Esc);
        assert!(s.view.modal.is_none());
    }

    #[tokio::test]
    async fn cleanup_review() {
        let mut s = running(120, 40).await;
        let item = |id: &str, kind, what: &str, why: &str, deletable| CleanupItem {
            id: id.into(),
            name: id.into(),
            kind,
            what: what.into(),
            why: why.into(),
            deletable,
        };
        ask(
            &mut s,
            Question::CleanupReview {
                items: vec![
                    item(
                        "orders--dupe-Nov-22-2026-03-00-00",
                        CleanupKind::DuplicateTable,
                        "point-in-time duplicate table created by this run",
                        "only needed to build the restore; orders is ACTIVE",
                        true,
                    ),
                    item(
                        "orders--orig-Nov-22-2026-03-00-00",
                        CleanupKind::OriginalBackup,
                        "fallback backup of orders taken before this run changed it",
                        "kept: orders does not exist, this backup is the only copy",
                        false,
                    ),
                    item(
                        "orders--dupe-Nov-22-2026-03-00-00 (backup)",
                        CleanupKind::DuplicateBackup,
                        "backup of the duplicate table",
                        "only needed to restore again from the same point in time",
                        true,
                    ),
                ],
            },
        );
        key(&mut s, KeyCode::Down);
        key(&mut s, KeyCode::Down);
        key(&mut s, KeyCode::Char(' '));
        insta::assert_snapshot!(render(&s, 120, 40).backend());
    }
}

/// The prune review of payments (`K`), at its field then its list for
/// the default 7: the three oldest of its ten scheduled backups ticked, its
/// manual pre-deploy backups listed unticked.
async fn prune_state(w: u16, h: u16, list: bool) -> State {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb, (w, h)).await;
    s.header.checks = dynamo_dr::app::ChecksState::Done(Vec::new());
    key(&mut s, KeyCode::Home);
    while s.inventory.tables.selected_name() != Some("payments") {
        key(&mut s, KeyCode::Char('j'));
    }
    key(&mut s, KeyCode::Char('K'));
    if list {
        key(&mut s, KeyCode::Enter);
    }
    assert!(matches!(
        s.view.modal,
        Some(dynamo_dr::app::Modal::Prune(_))
    ));
    s
}

#[tokio::test]
async fn prune_review_field_at_90x25() {
    let s = prune_state(90, 25, false).await;
    insta::assert_snapshot!(render(&s, 90, 25).backend());
}

#[tokio::test]
async fn prune_review_list_at_90x25() {
    let s = prune_state(90, 25, true).await;
    let t = render(&s, 90, 25);
    assert!(
        screen_text(&t).contains("3 to delete"),
        "{}",
        screen_text(&t)
    );
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn prune_review_list_at_160x45() {
    let s = prune_state(160, 45, true).await;
    let t = render(&s, 160, 45);
    let text = screen_text(&t);
    assert!(text.contains("3 to delete"), "{text}");
    assert!(text.contains("pre-deploy"), "{text}");
    insta::assert_snapshot!(t.backend());
}
