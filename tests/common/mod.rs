//! Helpers shared by the integration tests: run the real binary, compare
//! whole outputs with golden files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod documents;
pub mod english;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root; every test runs the binary from there.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub mod test;
// Not every test file runs the binary.
#[allow(unused_imports)]
pub use test::Test;

/// Runs `castcal ARGS…` from the repository root and returns what it did,
/// whatever its exit code. It checks nothing: [`Test`] is how the tests
/// run castcal; this and the three below are left only for the import
/// tests.
pub fn castcal(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_castcal"))
        .args(args)
        .current_dir(root())
        .env("TZ", "America/Los_Angeles") // the host zone must never matter
        .env_remove("CASTCAL_LANG") // nor the caller's language
        .output()
        .expect("castcal runs")
}

/// A finished run with its outputs as text (both must be UTF-8).
pub struct Run {
    /// The exit code; -1 if a signal ended the process.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs castcal like [`castcal`], and checks that both outputs are UTF-8.
pub fn run(args: &[&str]) -> Run {
    let out = castcal(args);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 standard output"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 standard error"),
    }
}

/// Runs castcal, expects success, returns standard output as bytes.
pub fn stdout_bytes(args: &[&str]) -> Vec<u8> {
    let out = castcal(args);
    assert!(
        out.status.success(),
        "castcal {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs castcal, expects success, returns standard output as text.
pub fn stdout_of(args: &[&str]) -> String {
    String::from_utf8(stdout_bytes(args)).expect("UTF-8 output")
}

/// Compares `actual` with the golden file at `path` (relative to the root)
/// as whole text. With `CASTCAL_BLESS=1` the file is rewritten instead: do
/// that only on purpose, and read the diff before committing it.
#[track_caller]
pub fn assert_golden(path: &str, actual: &str) {
    assert_golden_bytes(path, actual.as_bytes());
}

/// Like [`assert_golden`], byte for byte: for outputs whose line ends,
/// byte order mark or encoding are part of the contract (CSV, iCalendar).
#[track_caller]
pub fn assert_golden_bytes(path: &str, actual: &[u8]) {
    if let Some(difference) = golden_difference(path, actual) {
        panic!("the output differs from {difference}");
    }
}

/// How `actual` differs from the golden file at `path`, said with a diff
/// and how to bless it, if it does; with `CASTCAL_BLESS=1`, the golden file
/// is written instead and nothing differs.
pub fn golden_difference(path: &str, actual: &[u8]) -> Option<String> {
    let file = root().join(path);
    let bless = format!(
        "CASTCAL_BLESS=1 cargo test --test {}",
        env!("CARGO_CRATE_NAME")
    );
    if std::env::var_os("CASTCAL_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return None;
    }
    let expected = match std::fs::read(&file) {
        Ok(expected) => expected,
        Err(e) => return Some(format!("{path}: {e}; run {bless} to create it\n")),
    };
    (expected != actual).then(|| {
        format!(
            "{path} (- golden, + output):\n{}\n\
             If the change is meant, run {bless} and read the diff before committing.\n",
            diff_bytes(&expected, actual)
        )
    })
}

/// Lines shown around each difference.
const CONTEXT: usize = 2;
/// Differing lines shown at most, on each side.
const MOST: usize = 12;

/// A readable diff of two texts: where they first differ, then the lines
/// that differ, numbered, with a little context. Carriage returns, tabs, a
/// byte order mark and a missing final newline are shown, not hidden.
pub fn diff(expected: &str, actual: &str) -> String {
    diff_bytes(expected.as_bytes(), actual.as_bytes())
}

/// [`diff`] of two byte strings (invalid UTF-8 is shown as U+FFFD).
pub fn diff_bytes(expected: &[u8], actual: &[u8]) -> String {
    let byte = expected
        .iter()
        .zip(actual)
        .position(|(x, y)| x != y)
        .unwrap_or(expected.len().min(actual.len()));
    let (expected, actual) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    let e: Vec<&str> = expected.split_inclusive('\n').collect();
    let a: Vec<&str> = actual.split_inclusive('\n').collect();
    // The lines both share at the start and at the end; what is left between
    // is the change.
    let prefix = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = e
        .iter()
        .skip(prefix)
        .rev()
        .zip(a.iter().skip(prefix).rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (e_end, a_end) = (e.len() - suffix, a.len() - suffix);
    let mut out = format!(
        "first difference at line {} (byte {byte}); {} lines expected, {} written\n",
        prefix + 1,
        e.len(),
        a.len()
    );
    let line = |out: &mut String, mark: char, i: usize, text: &str| {
        out.push_str(&format!("{mark} {:>5} {}\n", i + 1, visible(text)));
    };
    let context = |out: &mut String, from: usize, to: usize| {
        for (i, text) in a.iter().enumerate().take(to).skip(from) {
            line(out, ' ', i, text);
        }
    };
    context(&mut out, prefix.saturating_sub(CONTEXT), prefix);
    if e_end - prefix == a_end - prefix {
        // As many lines on each side: pair them, and show only those that differ.
        let differing: Vec<usize> = (prefix..e_end).filter(|&i| e.get(i) != a.get(i)).collect();
        let mut shown_to = prefix;
        for &i in differing.iter().take(MOST) {
            if i > shown_to + 2 * CONTEXT {
                context(&mut out, shown_to, shown_to + CONTEXT);
                out.push_str("  …\n");
                context(&mut out, i - CONTEXT, i);
            } else {
                context(&mut out, shown_to, i);
            }
            line(&mut out, '-', i, e.get(i).copied().unwrap_or_default());
            line(&mut out, '+', i, a.get(i).copied().unwrap_or_default());
            shown_to = i + 1;
        }
        if differing.len() > MOST {
            out.push_str(&format!(
                "  … and {} more differing lines\n",
                differing.len() - MOST
            ));
        } else {
            context(&mut out, shown_to, shown_to + CONTEXT);
        }
    } else {
        for (side, lines, end) in [('-', &e, e_end), ('+', &a, a_end)] {
            for (i, text) in lines.iter().enumerate().take(end).skip(prefix).take(MOST) {
                line(&mut out, side, i, text);
            }
            if end - prefix > MOST {
                out.push_str(&format!(
                    "{side}   … and {} more lines\n",
                    end - prefix - MOST
                ));
            }
        }
        context(&mut out, a_end, a_end + CONTEXT);
    }
    out
}

/// A line as it can be read in a terminal: invisible characters escaped,
/// the final newline dropped (and said when it is missing).
fn visible(line: &str) -> String {
    let (text, missing) = match line.strip_suffix('\n') {
        Some(text) => (text, ""),
        None => (line, " (no newline at end)"),
    };
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{feff}' => out.push_str("\\u{feff}"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out + missing
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

/// The address `castcal serve --addr 127.0.0.1:0` listens on, read from the
/// first line it prints on standard output (which must be piped).
pub fn served_address(child: &mut std::process::Child) -> String {
    use std::io::{BufRead, BufReader};
    let mut line = String::new();
    BufReader::new(
        child
            .stdout
            .take()
            .expect("serve's standard output is piped"),
    )
    .read_line(&mut line)
    .expect("serve prints its address");
    line.split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string()
}
