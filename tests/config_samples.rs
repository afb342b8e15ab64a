//! Every sample under tests/configs/valid parses; every one under
//! tests/configs/invalid fails with the message its first line expects.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use dynamo_dr::config::Config;

fn samples(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/configs")
        .join(dir);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no samples in {}", dir.display());
    out
}

#[test]
fn valid_samples_parse() {
    for (path, text) in samples("valid") {
        if let Err(e) = Config::parse(&text, &path) {
            panic!("{} should be valid: {e}", path.display());
        }
    }
}

#[test]
fn invalid_samples_fail_with_a_clear_message() {
    for (path, text) in samples("invalid") {
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} lacks '# expect:'", path.display()));
        match Config::parse(&text, &path) {
            Ok(_) => panic!("{} should be invalid", path.display()),
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.contains(expect),
                    "{}: {msg:?} lacks {expect:?}",
                    path.display()
                );
                assert!(msg.contains(&path.display().to_string()), "{msg}");
            }
        }
    }
}
