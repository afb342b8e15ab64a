//! The posture in the console, on the sandbox account: the Tables pane's
//! Posture column, and the posture key's view of one table's rules, through
//! the real reducer; and their screens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Event, Modal, State, update};
use dynamo_dr::config::{Config, PostureConfig};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dynamo_dr::ui::draw(f, state)).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
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

fn rules(toml: &str) -> PostureConfig {
    Config::parse(toml, std::path::Path::new("t.toml"))
        .unwrap()
        .posture
}

async fn loaded(size: (u16, u16), posture: PostureConfig) -> State {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb, size).await;
    s.posture = posture;
    s
}

fn select(s: &mut State, table: &str) {
    for _ in 0..20 {
        if s.inventory.tables.selected_name() == Some(table) {
            return;
        }
        key(s, KeyCode::Down);
    }
    panic!(
        "no table {table}: on {:?}, focus {:?}, modal {:?}",
        s.inventory.tables.selected_name(),
        s.view.focus,
        s.view.modal
    );
}

/// The posture of `table` opened with its key.
fn open(s: &mut State, table: &str) -> (String, Vec<String>) {
    if s.view.modal.is_some() {
        key(s, KeyCode::Esc);
    }
    select(s, table);
    key(s, KeyCode::Char('p'));
    match &s.view.modal {
        Some(Modal::Details(d)) => (d.title.clone(), d.lines.clone()),
        other => panic!("the posture view is not open: {other:?}"),
    }
}

#[tokio::test]
async fn the_column_shows_what_fails_first_and_how_many() {
    let s = loaded((160, 45), PostureConfig::default()).await;
    let screen = text(&render(&s, 160, 45));
    let line = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!("{name} ")) && l.contains("ACTIVE"))
            .unwrap_or_else(|| panic!("{name}:\n{screen}"))
            .to_owned()
    };
    assert!(screen.contains("Posture"), "{screen}");
    assert!(line("legacy_reports").contains("✘ 2 PITR"), "{screen}");
    assert!(line("NameCacheAr").contains("✘ 1 prot"), "{screen}");
    assert!(line("orders").contains("✔"), "{screen}");
    assert!(line("feature-flags").contains("✘ 1 PITR"), "{screen}");
    // 90 columns keep every column, the table names cut shorter.
    let s = loaded((90, 25), PostureConfig::default()).await;
    let t = render(&s, 90, 25);
    assert!(text(&t).contains("✘ 1 PITR"), "{}", text(&t));
    insta::assert_snapshot!("main_screen_with_posture_at_90x25", t.backend());
}

#[tokio::test]
async fn the_posture_key_lists_every_rule_with_its_mark_and_why() {
    let config = rules("[posture]\nmax_backup_age_hours = 24\nrequire_plan = true\n");
    let mut s = loaded((90, 25), config).await;
    let (title, lines) = open(&mut s, "legacy_reports");
    assert_eq!(title, "posture · legacy_reports · ✘ 4 failing");
    assert!(
        lines[0].starts_with("✘ PITR on") && lines[0].ends_with("PITR off"),
        "{lines:?}"
    );
    assert!(lines[1].ends_with("deletion protection off"), "{lines:?}");
    assert!(lines[2].ends_with("no restorable copy"), "{lines:?}");
    assert!(
        lines[3].starts_with("✘ a backup plan covers it")
            && lines[3].ends_with("no AWS Backup plan selects it"),
        "{lines:?}"
    );
    let (title, lines) = open(&mut s, "orders");
    assert_eq!(title, "posture · orders · ✔ every rule passes");
    assert!(lines[0].starts_with("✔ PITR on"), "{lines:?}");
    assert!(
        lines[2].contains("newest copy (PITR) 5m 00s old ≤ 24h"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn posture_view_screens() {
    let config = rules("[posture]\nmax_backup_age_hours = 24\nrequire_plan = true\n");
    for (w, h) in [(90, 25), (160, 45)] {
        let mut s = loaded((w, h), config.clone()).await;
        open(&mut s, "feature-flags");
        let t = render(&s, w, h);
        assert!(text(&t).contains("newest copy (warm point) 3d 01h old > 24h"));
        insta::assert_snapshot!(format!("posture_view_at_{w}x{h}"), t.backend());
    }
}

#[tokio::test]
async fn an_excluded_table_says_which_pattern_left_it_out() {
    let mut s = loaded((160, 45), rules("[posture]\nexclude = [\"legacy_*\"]\n")).await;
    let (title, lines) = open(&mut s, "legacy_reports");
    assert_eq!(title, "posture · legacy_reports · excluded");
    assert_eq!(
        lines,
        ["No rule applies: the name matches \"legacy_*\" in [posture] exclude."]
    );
    let screen = text(&render(&s, 160, 45));
    assert!(
        screen
            .lines()
            .any(|l| l.contains("legacy_reports") && l.contains("excl")),
        "{screen}"
    );
}
