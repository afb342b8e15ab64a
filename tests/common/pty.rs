//! The real binary in a pseudo-terminal. A reader thread drains the output
//! continuously into a vt100 screen, so the child never blocks on a full pipe.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub struct Console {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader thread saw the end of the output.
    drained: Arc<AtomicBool>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _home: tempfile::TempDir,
}

impl Console {
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Self {
        Self::start_in(args, cols, rows, tempfile::tempdir().unwrap())
    }

    /// Starts with `home` as HOME and XDG dirs, so no real config is read.
    pub fn start_in(args: &[&str], cols: u16, rows: u16, home: tempfile::TempDir) -> Self {
        Self::start_with_env(args, cols, rows, home, None)
    }

    /// `start_in`, with extra environment variables on top of the test's own.
    pub fn start_with_extra_env(
        args: &[&str],
        cols: u16,
        rows: u16,
        home: tempfile::TempDir,
        extra: &[(&str, &str)],
    ) -> Self {
        let mut env: Vec<(String, String)> = std::env::vars().collect();
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Self::start_with_env(args, cols, rows, home, Some(&env))
    }

    /// Like `start_in`, but with `env` as the whole environment (plus TERM and
    /// the home dirs) instead of the test's own.
    pub fn start_with_env(
        args: &[&str],
        cols: u16,
        rows: u16,
        home: tempfile::TempDir,
        env: Option<&[(&str, &str)]>,
    ) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dynamo-dr"));
        cmd.args(args);
        if let Some(env) = env {
            cmd.env_clear();
            for (k, v) in env {
                cmd.env(k, v);
            }
        }
        cmd.env("TERM", "xterm-256color");
        set_home(&mut cmd, home.path());
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(rows).unwrap(),
            std::num::NonZero::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        let drained = Arc::new(AtomicBool::new(false));
        let d = drained.clone();
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            d.store(true, Ordering::SeqCst);
        });
        Self {
            screen,
            raw,
            drained,
            writer,
            child,
            _home: home,
        }
    }

    /// The child's process id (to kill it as a crash would).
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Gives the home directory back (the console must have exited).
    pub fn into_home(self) -> tempfile::TempDir {
        self._home
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Whether the output left the alternate screen (the terminal was
    /// restored), waiting for the reader to drain the last bytes.
    pub fn restored(&self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if left_alternate_screen(&self.raw()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the screen shows `text`; panics with the screen if not.
    pub fn wait_for(&self, text: &str) {
        self.wait_for_within(text, Duration::from_secs(20));
    }

    /// `wait_for` with another deadline (an AWS endpoint retried with backoff).
    pub fn wait_for_within(&self, text: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("screen never showed {text:?}:\n{}", self.contents());
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("screen kept showing {text:?}:\n{}", self.contents());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The last bytes (leaving the alternate screen) may still be
                // in the pty: read to the end before anyone looks at them.
                let drain = Instant::now() + Duration::from_secs(5);
                while !self.drained.load(Ordering::SeqCst) && Instant::now() < drain {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("the console did not exit:\n{}", self.contents());
    }
}

pub fn set_home(cmd: &mut CommandBuilder, home: &Path) {
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
}

/// The escape sequence that leaves the alternate screen: the terminal was
/// restored.
pub fn left_alternate_screen(raw: &[u8]) -> bool {
    raw.windows(8).any(|w| w == b"\x1b[?1049l")
}
