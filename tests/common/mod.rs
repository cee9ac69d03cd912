//! Helpers shared by the integration tests: run the real binary, compare
//! whole outputs with golden files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root; every test runs the binary from there.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `castcal ARGS…` from the repository root.
pub fn castcal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_castcal"))
        .args(args)
        .current_dir(root())
        .env("TZ", "America/Los_Angeles") // the host zone must never matter
        .output()
        .expect("castcal runs")
}

/// Runs castcal, expects success, returns standard output as text.
pub fn stdout_of(args: &[&str]) -> String {
    let out = castcal(args);
    assert!(
        out.status.success(),
        "castcal {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Compares `actual` with the golden file at `path` (relative to the root).
/// With `CASTCAL_BLESS=1` the file is rewritten instead: do that only on
/// purpose, and read the diff before committing it.
pub fn assert_golden(path: &str, actual: &str) {
    let file = root().join(path);
    if std::env::var_os("CASTCAL_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{path}: {e}; run with CASTCAL_BLESS=1 to create it"));
    if expected != actual {
        panic!(
            "{path} differs from the output:\n{}",
            diff(&expected, actual)
        );
    }
}

/// A line diff short enough to read: the first lines that differ, with context.
pub fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut out = format!("first difference at line {}\n", first + 1);
    for i in first.saturating_sub(2)..(first + 6) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => out.push_str(&format!("  {x}\n")),
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("- {x}\n"));
                }
                if let Some(y) = y {
                    out.push_str(&format!("+ {y}\n"));
                }
            }
        }
    }
    out.push_str(&format!("({} expected lines, {} actual)", e.len(), a.len()));
    out
}

/// Every file in `dir` (relative to the root) with the given extension, sorted.
pub fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// `path` relative to the root, as text.
pub fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .into_owned()
}
