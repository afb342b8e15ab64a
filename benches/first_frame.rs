//! Time from process start to the first frame on screen, in sandbox mode,
//! measured on the real binary in a pseudo-terminal (`cargo bench --bench
//! first_frame` builds it with the release-like bench profile). Target:
//! under 100 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn one_run() -> Duration {
    let home = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dynamo-dr"));
    cmd.arg("--sandbox");
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", home.path());
    cmd.env("XDG_CONFIG_HOME", home.path().join("c"));
    cmd.env("XDG_STATE_HOME", home.path().join("s"));
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        let mut sent = false;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            // The header's product name and the Tables pane: a whole frame.
            if !sent && contains(&seen, b"dynamo-dr") && contains(&seen, b"Tables") {
                let _ = tx.send(Instant::now());
                sent = true;
            }
        }
    });
    let shown = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("no frame within 10 s");
    let mut w = pair.master.take_writer().unwrap();
    w.write_all(b"q").unwrap();
    let _ = child.wait();
    shown - start
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // Under `cargo test` (no --bench): one run, so the harness cannot rot.
    if !std::env::args().any(|a| a == "--bench") {
        let d = one_run();
        println!(
            "first_frame smoke run: {:.1} ms (debug build; measure with cargo bench)",
            d.as_secs_f64() * 1000.0
        );
        return;
    }
    one_run(); // warm the page cache
    let mut runs: Vec<Duration> = (0..20).map(|_| one_run()).collect();
    runs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "first frame, sandbox, 20 runs: median {:.1} ms, min {:.1} ms, max {:.1} ms (target < 100 ms)",
        ms(runs[10]),
        ms(runs[0]),
        ms(runs[19])
    );
}
