//! The engine: runs the reducer's `Command`s on tokio tasks and sends their
//! results back to the app loop as `Event`s. All backend calls happen here,
//! never on the UI path.

use std::sync::Arc;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use crate::app::{Command, Event};
use crate::backend::Backend;
use crate::checks::{self, Expectations};
use crate::inventory::{self, LoadOptions};

pub struct Engine {
    backend: Arc<dyn Backend>,
    expectations: Expectations,
    load: LoadOptions,
    events: UnboundedSender<Event>,
    inventory: Option<JoinHandle<()>>,
}

impl Engine {
    /// Starts the engine; returns where to send commands and where events come.
    pub fn start(
        backend: Arc<dyn Backend>,
        expectations: Expectations,
        load: LoadOptions,
    ) -> (UnboundedSender<Command>, UnboundedReceiver<Event>) {
        let (cmd_tx, mut cmd_rx) = unbounded_channel::<Command>();
        let (ev_tx, ev_rx) = unbounded_channel();
        let mut engine = Engine {
            backend,
            expectations,
            load,
            events: ev_tx,
            inventory: None,
        };
        tokio::spawn(async move {
            while let Some(cmd) = cmd_rx.recv().await {
                engine.handle(cmd);
            }
            if let Some(task) = engine.inventory.take() {
                task.abort();
            }
        });
        (cmd_tx, ev_rx)
    }

    fn handle(&mut self, cmd: Command) {
        tracing::debug!(?cmd, "engine command");
        match cmd {
            Command::LoadInventory => self.load_inventory(),
            Command::LoadIdentity => {
                let (backend, events) = (self.backend.clone(), self.events.clone());
                tokio::spawn(async move {
                    let _ = events.send(Event::Identity(backend.caller_identity().await));
                });
            }
            Command::RunChecks => {
                let (backend, events, exp) = (
                    self.backend.clone(),
                    self.events.clone(),
                    self.expectations.clone(),
                );
                tokio::spawn(async move {
                    let results = checks::run(backend.as_ref(), &exp).await;
                    for r in results.iter().filter(|r| !r.passed) {
                        tracing::warn!(check = r.name, detail = %r.detail, "start-up check failed");
                    }
                    let _ = events.send(Event::Checks(results));
                });
            }
        }
    }

    /// A new load replaces one still running, so two never interleave.
    fn load_inventory(&mut self) {
        if let Some(old) = self.inventory.take() {
            old.abort();
        }
        let (backend, events, opts) =
            (self.backend.clone(), self.events.clone(), self.load.clone());
        self.inventory = Some(tokio::spawn(async move {
            let (tx, mut rx) = unbounded_channel();
            let loader = tokio::spawn(inventory::load(backend, opts, tx));
            while let Some(ev) = rx.recv().await {
                if events.send(Event::Inventory(ev)).is_err() {
                    break;
                }
            }
            loader.abort();
        }));
    }
}
