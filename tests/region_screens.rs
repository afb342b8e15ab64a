//! Recovery in another region on screen: the Recovery pane of `orders`
//! with its export to S3 and its copy in the DR vault (us-west-2) as rows,
//! at 160x45; operation 16's source page at 90x25 (the PITR rows and the
//! copy); its plan at 160x45 (every step in us-west-2, the source by ARN).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, State, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::inventory::sources;
use dynamo_dr::sandbox::seed;
use dynamo_dr::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, state)).unwrap();
    t
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let width = buf.area.width as usize;
    buf.content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(state: &mut State, c: KeyCode) {
    update(state, Event::Key(KeyEvent::from(c)));
}

/// The sandbox with an export of the table holding the seeded DR copy,
/// loaded, that table selected, and the sources read as the engine does.
async fn with_sources(w: u16, h: u16) -> (State, String) {
    let (sb, _clock) = common::sandbox();
    let dr_vault = format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        seed::DR_REGION,
        seed::ACCOUNT,
        seed::DR_VAULT
    );
    let dr = sources::load_dr(sb.as_ref(), Some(&dr_vault), None)
        .await
        .unwrap();
    let table = dr.copies.as_ref().unwrap()[0].table_name().to_owned();
    let arn = sb.describe_table(&table).await.unwrap().arn;
    sb.export_table(&dynamo_dr::domain::ExportRequest {
        table_arn: arn,
        bucket: dynamo_dr::sandbox::s3::EXPORT_BUCKET.to_owned(),
        prefix: table.clone(),
        bucket_owner: None,
        kms_key: None,
        kind: dynamo_dr::domain::ExportKind::Full {
            at: sb.now() - chrono::Duration::hours(1),
        },
        client_token: "t".into(),
    })
    .await
    .unwrap();
    let exports = sources::load_exports(sb.as_ref()).await;
    let mut s = common::loaded_state(sb, (w, h)).await;
    s.inventory.recovery.dr_vault = Some(dr_vault);
    update(
        &mut s,
        Event::RecoverySources {
            dr: Some(dr),
            exports,
        },
    );
    press(&mut s, KeyCode::Char('/'));
    for c in table.chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.inventory.tables.selected_name(), Some(table.as_str()));
    (s, table)
}

#[tokio::test]
async fn the_recovery_pane_lists_the_export_and_the_dr_copy_at_160x45() {
    let (s, _) = with_sources(160, 45).await;
    let t = render(&s, 160, 45);
    let text = screen_text(&t);
    // The title counts them (cut here by the pane's width), the rows say
    // what and where.
    assert!(
        text.contains("1 recovery point · 1 export · 1 DR"),
        "{text}"
    );
    assert!(
        text.contains("export     2026-11-22 03:00 exporting -     full · s3://"),
        "{text}"
    );
    assert!(
        text.contains("copy       2026-11-21 07:00 completed ~20m  us-west-2 · vault"),
        "{text}"
    );
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn the_source_page_of_a_restore_in_another_region_at_90x25() {
    let (mut s, table) = with_sources(90, 25).await;
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Char('G'));
    let t = render(&s, 90, 25);
    let text = screen_text(&t);
    assert!(
        text.contains(&format!(
            "Restore in another region · {table} · into us-west-2"
        )),
        "{text}"
    );
    assert!(text.contains("copy copy-job-"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn the_plan_of_a_restore_in_another_region_at_160x45() {
    let (mut s, table) = with_sources(160, 45).await;
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Char('G'));
    // The latest time (its table has PITR), its own name, both settings on.
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    let t = render(&s, 160, 45);
    let text = screen_text(&t);
    assert!(
        text.contains(&format!("Restore {table} from {table}")),
        "{text}"
    );
    assert!(text.contains("in us-west-2"), "{text}");
    insta::assert_snapshot!(t.backend());
}
