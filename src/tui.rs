//! The app loop: terminal keys and engine results meet in one `select!`;
//! drain everything queued, then draw once. The terminal is restored on every
//! way out (normal quit, error, a panic of the loop itself, SIGTERM/SIGHUP).
//! A panic on another thread (an engine task) leaves the screen alone: it is
//! logged, the task's run ends as failed, and the process exits non-zero
//! when the operator quits.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::Event as TermEvent;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::app::{Command, Event, State, update};
use crate::ui;

/// Runs the console until the operator quits.
pub async fn run(
    mut state: State,
    commands: UnboundedSender<Command>,
    events: UnboundedReceiver<Event>,
) -> Result<()> {
    let mut terminal = ratatui::init();
    install_panic_hook();
    let result = run_loop(&mut terminal, &mut state, commands, events).await;
    ratatui::restore();
    result
}

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Some thread panicked during this session.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// Wraps ratatui's hook (restore the terminal, then report): it runs only
/// for a panic on the thread that draws. Elsewhere the panic is logged and
/// remembered, and the console keeps its screen.
fn install_panic_hook() {
    let ui_thread = std::thread::current().id();
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, Ordering::SeqCst);
        if std::thread::current().id() == ui_thread {
            restore_and_report(info);
        } else {
            tracing::error!("a background task panicked: {info}");
        }
    }));
}

fn spawn_key_reader() -> UnboundedReceiver<TermEvent> {
    let (tx, rx) = unbounded_channel();
    std::thread::spawn(move || {
        while let Ok(ev) = crossterm::event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

fn translate(ev: TermEvent) -> Option<Event> {
    match ev {
        TermEvent::Key(k) => Some(Event::Key(k)),
        TermEvent::Resize(width, height) => Some(Event::Resize { width, height }),
        _ => None,
    }
}

async fn run_loop(
    terminal: &mut DefaultTerminal,
    state: &mut State,
    commands: UnboundedSender<Command>,
    mut events: UnboundedReceiver<Event>,
) -> Result<()> {
    let mut keys = spawn_key_reader();
    let size = terminal.size().wrap_err("cannot read the terminal size")?;
    update(
        state,
        Event::Resize {
            width: size.width,
            height: size.height,
        },
    );
    for cmd in crate::startup::commands() {
        let _ = commands.send(cmd);
    }
    let mut fast = tokio::time::interval(Duration::from_millis(200));
    let mut slow = tokio::time::interval(Duration::from_secs(10));
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    let mut dirty = true;
    loop {
        if dirty {
            terminal
                .draw(|f| ui::draw(f, state))
                .wrap_err("cannot draw")?;
            dirty = false;
        }
        if state.view.should_quit {
            return Ok(());
        }
        let first = tokio::select! {
            Some(ev) = keys.recv() => translate(ev),
            Some(ev) = events.recv() => Some(ev),
            _ = fast.tick(), if state.is_animating() => Some(Event::Tick(Utc::now())),
            _ = slow.tick() => Some(Event::Tick(Utc::now())),
            _ = term.recv() => return Ok(()),
            _ = hup.recv() => return Ok(()),
        };
        let mut queued: Vec<Event> = first.into_iter().collect();
        while let Ok(ev) = events.try_recv() {
            queued.push(ev);
        }
        while let Ok(ev) = keys.try_recv() {
            queued.extend(translate(ev));
        }
        for ev in queued {
            dirty = true;
            for cmd in update(state, ev) {
                let _ = commands.send(cmd);
            }
        }
    }
}
