//! The whole console without a terminal: reducer + engine on a sandbox that
//! runs on the wall clock at high speed, driven by keys like an operator.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dynamo_dr::app::{ChecksState, Command, Event, Modal, State, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::config::Keymap;
use dynamo_dr::engine::Engine;
use dynamo_dr::sandbox::{Sandbox, SandboxOptions};
use dynamo_dr::workflow::{Outcome, Question};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

pub struct App {
    pub state: State,
    pub sb: Arc<Sandbox>,
    cmds: UnboundedSender<Command>,
    events: UnboundedReceiver<Event>,
    /// Every command the reducer issued, for assertions.
    pub sent: Vec<Command>,
}

impl App {
    pub async fn start(read_only: bool) -> Self {
        let sb = Arc::new(
            Sandbox::open(SandboxOptions {
                speed: 50_000.0,
                // Verifications read every item: a small account keeps them quick.
                item_scale: 0.01,
                ..SandboxOptions::default()
            })
            .unwrap(),
        );
        let state = State::new(sb.info(), read_only, Keymap::default(), chrono::Utc::now());
        let (cmds, events) = Engine::start(
            sb.clone(),
            super::expectations(),
            super::load_options(),
            Duration::from_millis(2),
        );
        let mut app = Self {
            state,
            sb,
            cmds,
            events,
            sent: Vec::new(),
        };
        update(
            &mut app.state,
            Event::Resize {
                width: 160,
                height: 50,
            },
        );
        // As the terminal opens the console. The engine has no state dir
        // here, so the journal scan finds nothing and changes nothing.
        for c in dynamo_dr::startup::commands() {
            app.cmds.send(c).unwrap();
        }
        app.until("loaded", |s| {
            !s.inventory.loading && !matches!(s.header.checks, ChecksState::Running)
        })
        .await;
        app
    }

    fn apply(&mut self, ev: Event) {
        for c in update(&mut self.state, ev) {
            self.sent.push(c.clone());
            self.cmds.send(c).unwrap();
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.apply(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Clears a text field (Ctrl-U) and types `text`.
    pub fn retype(&mut self, text: &str) {
        self.apply(Event::Key(KeyEvent::new(
            KeyCode::Char('u'),
            KeyModifiers::CONTROL,
        )));
        self.type_text(text);
    }

    /// Folds engine events until `pred` holds.
    pub async fn until(&mut self, what: &str, pred: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while !pred(&self.state) {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(ev)) => self.apply(ev),
                _ => panic!(
                    "never: {what}; modal {:?}; runs {:#?}",
                    self.state.view.modal, self.state.runs.ours
                ),
            }
        }
    }

    pub fn select(&mut self, table: &str) {
        self.state.view.focus = dynamo_dr::app::Pane::Tables;
        self.key(KeyCode::Home);
        for _ in 0..self.state.inventory.tables.total() {
            if self.state.inventory.tables.selected_name() == Some(table) {
                return;
            }
            self.key(KeyCode::Down);
        }
        panic!("no table {table}");
    }

    /// Opens the operations menu on `table` and picks operation `n`.
    pub fn operation(&mut self, table: &str, n: char) {
        self.select(table);
        self.key(KeyCode::Char('o'));
        self.key(KeyCode::Char(n));
    }

    /// The menu is open with the cursor on operation `n`, disabled: its
    /// reason, as the menu shows it under the rows.
    pub fn menu_refusal(&self, table: &str, n: char) -> Option<String> {
        let index = n.to_digit(10)? as usize - 1;
        match &self.state.view.modal {
            Some(Modal::Wizard(dynamo_dr::app::Wizard::Menu { cursor, .. }))
                if *cursor == index =>
            {
                let kind = dynamo_dr::app::OpKind::ALL.get(index).copied()?;
                dynamo_dr::app::menu_refusal(&self.state, table, kind).map(|r| r.to_string())
            }
            _ => None,
        }
    }

    pub async fn question(&mut self) -> Question {
        self.until("a question", |s| {
            matches!(s.view.modal, Some(Modal::Question(_)))
        })
        .await;
        match &self.state.view.modal {
            Some(Modal::Question(q)) => q.question.clone(),
            _ => unreachable!(),
        }
    }

    /// Waits for run `job` to end and the inventory to reload.
    pub async fn outcome(&mut self, job: u64) -> Outcome {
        self.until("the run ends", |s| {
            s.runs
                .ours
                .iter()
                .any(|r| r.job == job && r.outcome.is_some())
                && !s.inventory.loading
        })
        .await;
        self.state
            .runs
            .ours
            .iter()
            .find(|r| r.job == job)
            .and_then(|r| r.outcome.clone())
            .unwrap()
    }

    pub fn wizard_error(&self) -> Option<String> {
        use dynamo_dr::app::Wizard;
        match &self.state.view.modal {
            Some(Modal::Wizard(
                Wizard::EnterTime { error, .. }
                | Wizard::EnterName { error, .. }
                | Wizard::EnterDays { error, .. }
                | Wizard::NewTable(dynamo_dr::app::NewTablePage { error, .. }),
            )) => error.clone(),
            _ => None,
        }
    }

    /// What the wizard's text field holds now.
    pub fn wizard_input(&self) -> Option<String> {
        use dynamo_dr::app::Wizard;
        match &self.state.view.modal {
            Some(Modal::Wizard(
                Wizard::EnterTime { input, .. }
                | Wizard::EnterName { input, .. }
                | Wizard::EnterDays { input, .. },
            )) => Some(input.value().to_owned()),
            _ => None,
        }
    }

    pub fn in_plan(&self) -> bool {
        matches!(
            self.state.view.modal,
            Some(Modal::Wizard(dynamo_dr::app::Wizard::Plan { .. }))
        )
    }
}
