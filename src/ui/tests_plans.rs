//! The plan dialog's screens at the smallest usual terminal (90x25): the
//! chooser, the template's rules, a rule refused where it was typed.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::State;
use crate::app::tests_plans::{choices, open, press, state_with, typed};

const ORDERS_ARN: &str = "arn:aws:dynamodb:ca-central-1:111122223333:table/orders";

fn screen(s: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(90, 25)).unwrap();
    terminal.draw(|f| super::draw(f, s)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    buffer
        .content()
        .chunks(90)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn chooser() -> State {
    let mut s = state_with(&["orders"]);
    open(&mut s, choices("orders", ORDERS_ARN).await);
    s
}

#[tokio::test]
async fn the_plan_chooser_at_90x25() {
    let s = chooser().await;
    insta::assert_snapshot!(screen(&s));
}

#[tokio::test]
async fn a_new_plans_rules_at_90x25() {
    let mut s = chooser().await;
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "orders-dr");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Char(' '));
    insta::assert_snapshot!(screen(&s));
}

#[tokio::test]
async fn a_rule_refused_where_it_was_typed_at_90x25() {
    let mut s = chooser().await;
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "orders-dr");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Char('e'));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    for _ in 0..3 {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "100");
    press(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(screen(&s));
}
