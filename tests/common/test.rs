//! [`Test`]: runs the castcal binary and checks its exit status, standard
//! output and standard error together, as just's `tests/test.rs` does.
//!
//! What a test does not say is expected empty: exit status 0, nothing on
//! standard output, nothing on standard error. A warning a command prints
//! therefore fails every test that did not expect it, and a test that reads
//! standard output itself says so (`stdout_any`).
//!
//! ```ignore
//! Test::new(["check", PLAN, "--against", GRID])
//!     .status(1)
//!     .stdout_golden("tests/golden/check-2023-grid-kg.txt")
//!     .run();
//! ```

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{diff_bytes, golden_difference, root};

/// One run of castcal and what it must give.
#[must_use = "a Test checks nothing until `.run()`"]
#[derive(Debug, Clone)]
pub struct Test {
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    current_dir: PathBuf,
    stdin: Option<Vec<u8>>,
    status: Status,
    stdout: Expect,
    stderr: Expect,
}

/// The exit status a run must end with.
#[derive(Debug, Clone)]
enum Status {
    Is(i32),
    /// Any of these: for runs on generated input, whose test then reads
    /// [`Output::code`] and checks the streams by it.
    OneOf(Vec<i32>),
}

/// What a stream must hold.
#[derive(Debug, Clone)]
enum Expect {
    /// These bytes exactly (empty unless told otherwise).
    Exact(Vec<u8>),
    /// The golden file at this path (relative to the root), byte for byte;
    /// rewritten instead with `CASTCAL_BLESS=1`.
    Golden(String),
    /// Text that meets every condition.
    Text(Vec<Condition>),
    /// Anything: the test reads it from the [`Output`] itself.
    Any,
}

#[derive(Debug, Clone)]
enum Condition {
    StartsWith(String),
    Contains(String),
    Lacks(String),
}

impl Condition {
    fn holds(&self, text: &str) -> bool {
        match self {
            Condition::StartsWith(s) => text.starts_with(s.as_str()),
            Condition::Contains(s) => text.contains(s.as_str()),
            Condition::Lacks(s) => !text.contains(s.as_str()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Condition::StartsWith(s) => format!("starts with {s:?}"),
            Condition::Contains(s) => format!("contains {s:?}"),
            Condition::Lacks(s) => format!("does not contain {s:?}"),
        }
    }
}

/// What a run gave, once checked.
#[derive(Debug, Clone)]
pub struct Output {
    /// The exit status (-1 if a signal ended the process).
    pub code: i32,
    /// Standard output, as bytes.
    pub bytes: Vec<u8>,
    /// Standard error.
    pub stderr: String,
}

impl Output {
    /// Standard output as text.
    #[track_caller]
    pub fn stdout(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("standard output is UTF-8")
    }

    /// Standard output read as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("standard output is not JSON: {e}\n{}", self.stdout()))
    }
}

impl Test {
    /// `castcal ARGS…`, run from the repository root with `TZ` set to a
    /// zone of its own (the host's zone must never matter).
    pub fn new<I, S>(args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Test {
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            env: vec![("TZ".into(), "America/Los_Angeles".into())],
            current_dir: root(),
            stdin: None,
            status: Status::Is(0),
            stdout: Expect::Exact(Vec::new()),
            stderr: Expect::Exact(Vec::new()),
        }
    }

    /// One more argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Test {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// More arguments.
    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// An environment variable of the run.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Test {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Runs in `dir` instead of the repository root.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Test {
        self.current_dir = dir.as_ref().to_path_buf();
        self
    }

    /// Standard input (none by default: reading it finds its end at once).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Test {
        self.stdin = Some(bytes.into());
        self
    }

    /// The exit status the run must end with (0 by default).
    pub fn status(mut self, code: i32) -> Test {
        self.status = Status::Is(code);
        self
    }

    /// Any of these exit statuses: the test reads [`Output::code`] and
    /// checks the streams by it.
    pub fn status_one_of(mut self, codes: &[i32]) -> Test {
        self.status = Status::OneOf(codes.to_vec());
        self
    }

    /// Standard output exactly.
    pub fn stdout(mut self, text: impl Into<Vec<u8>>) -> Test {
        self.stdout = Expect::Exact(text.into());
        self
    }

    /// Standard output is the golden file at `path` (relative to the root),
    /// byte for byte.
    pub fn stdout_golden(mut self, path: impl Into<String>) -> Test {
        self.stdout = Expect::Golden(path.into());
        self
    }

    /// Standard output starts with `text` (and meets the other conditions).
    pub fn stdout_starts_with(mut self, text: impl Into<String>) -> Test {
        self.stdout = self.stdout.and(Condition::StartsWith(text.into()));
        self
    }

    /// Standard output contains `text` (and meets the other conditions).
    pub fn stdout_contains(mut self, text: impl Into<String>) -> Test {
        self.stdout = self.stdout.and(Condition::Contains(text.into()));
        self
    }

    /// Standard output does not contain `text` (and meets the other conditions).
    pub fn stdout_lacks(mut self, text: impl Into<String>) -> Test {
        self.stdout = self.stdout.and(Condition::Lacks(text.into()));
        self
    }

    /// Any standard output: the test reads it from the [`Output`].
    pub fn stdout_any(mut self) -> Test {
        self.stdout = Expect::Any;
        self
    }

    /// Standard error exactly.
    pub fn stderr(mut self, text: impl Into<Vec<u8>>) -> Test {
        self.stderr = Expect::Exact(text.into());
        self
    }

    /// Standard error is the golden file at `path` (relative to the root).
    pub fn stderr_golden(mut self, path: impl Into<String>) -> Test {
        self.stderr = Expect::Golden(path.into());
        self
    }

    /// Standard error starts with `text` (and meets the other conditions).
    pub fn stderr_starts_with(mut self, text: impl Into<String>) -> Test {
        self.stderr = self.stderr.and(Condition::StartsWith(text.into()));
        self
    }

    /// Standard error contains `text` (and meets the other conditions).
    pub fn stderr_contains(mut self, text: impl Into<String>) -> Test {
        self.stderr = self.stderr.and(Condition::Contains(text.into()));
        self
    }

    /// Standard error does not contain `text` (and meets the other conditions).
    pub fn stderr_lacks(mut self, text: impl Into<String>) -> Test {
        self.stderr = self.stderr.and(Condition::Lacks(text.into()));
        self
    }

    /// Any standard error: the test reads it from the [`Output`].
    pub fn stderr_any(mut self) -> Test {
        self.stderr = Expect::Any;
        self
    }

    /// The command this test runs (castcal, its arguments, environment and
    /// folder), for a run the test drives itself: a server it reads while
    /// it runs, a process it kills or times. Such a run checks nothing by
    /// itself; every other run goes through [`Test::run`].
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_castcal"));
        command
            .args(&self.args)
            // The language is the test's to say, never the caller's shell's.
            .env_remove("CASTCAL_LANG")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(&self.current_dir);
        command
    }

    /// Runs castcal, waits for it, and checks the exit status and both
    /// streams, saying every way in which they differ from what is expected.
    #[track_caller]
    pub fn run(self) -> Output {
        let mut child = self
            .command()
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: cannot run castcal: {e}", self.command_line()));
        // Written from a thread of its own, so that a run that writes more
        // than a pipe holds before reading cannot block on it.
        let writer = self.stdin.clone().and_then(|bytes| {
            let mut pipe = child.stdin.take()?;
            Some(std::thread::spawn(move || {
                // A run may end without reading all of it.
                let _ = pipe.write_all(&bytes);
            }))
        });
        let out = child.wait_with_output().expect("castcal ends");
        if let Some(writer) = writer {
            writer.join().expect("standard input is written");
        }
        let output = Output {
            code: out.status.code().unwrap_or(-1),
            bytes: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        let mut problems = String::new();
        let status_ok = match &self.status {
            Status::Is(code) => output.code == *code,
            Status::OneOf(codes) => codes.contains(&output.code),
        };
        if !status_ok {
            let expected = match &self.status {
                Status::Is(code) => code.to_string(),
                Status::OneOf(codes) => format!("one of {codes:?}"),
            };
            let _ = writeln!(
                problems,
                "exit status {} ({expected} expected)",
                output.code
            );
        }
        if std::str::from_utf8(&out.stderr).is_err() {
            problems.push_str("standard error is not UTF-8\n");
        }
        let stdout = self.stdout.difference("standard output", &output.bytes);
        let stderr = self
            .stderr
            .difference("standard error", output.stderr.as_bytes());
        problems.extend(stdout.clone());
        problems.extend(stderr.clone());
        if !problems.is_empty() {
            let mut said = format!("{}\n{problems}", self.command_line());
            // What was not compared helps to see why: the streams as they
            // were, when no difference shows them.
            if stderr.is_none() && !output.stderr.is_empty() {
                let _ = write!(
                    said,
                    "standard error was:\n{}\n",
                    shown(output.stderr.as_bytes())
                );
            }
            if stdout.is_none() && !status_ok && !output.bytes.is_empty() {
                let _ = write!(said, "standard output was:\n{}\n", shown(&output.bytes));
            }
            panic!("{said}");
        }
        output
    }

    /// The command line, as a shell would run it.
    fn command_line(&self) -> String {
        let mut line = String::from("castcal");
        for a in &self.args {
            let a = a.to_string_lossy();
            if a.is_empty()
                || a.contains(|c: char| !c.is_ascii_alphanumeric() && !"-_./=:,@+".contains(c))
            {
                let _ = write!(line, " '{}'", a.replace('\'', "'\\''"));
            } else {
                let _ = write!(line, " {a}");
            }
        }
        if self.current_dir != root() {
            let _ = write!(line, " (in {})", self.current_dir.display());
        }
        line
    }
}

impl Expect {
    /// This expectation with one more condition on the text; an exact
    /// expectation (the default, empty) gives way to the conditions.
    fn and(self, condition: Condition) -> Expect {
        match self {
            Expect::Text(mut all) => {
                all.push(condition);
                Expect::Text(all)
            }
            _ => Expect::Text(vec![condition]),
        }
    }

    /// How `actual` differs from what is expected of `stream`, if it does.
    fn difference(&self, stream: &str, actual: &[u8]) -> Option<String> {
        match self {
            Expect::Any => None,
            Expect::Exact(expected) if expected.as_slice() == actual => None,
            Expect::Exact(expected) if expected.is_empty() => Some(format!(
                "{stream} should be empty, but is:\n{}\n",
                shown(actual)
            )),
            Expect::Exact(expected) => Some(format!(
                "{stream} differs (- expected, + actual):\n{}",
                diff_bytes(expected, actual)
            )),
            Expect::Golden(path) => {
                golden_difference(path, actual).map(|d| format!("{stream} differs from {d}"))
            }
            Expect::Text(conditions) => {
                let text = String::from_utf8_lossy(actual);
                let failed: Vec<String> = conditions
                    .iter()
                    .filter(|c| !c.holds(&text))
                    .map(Condition::describe)
                    .collect();
                (!failed.is_empty()).then(|| {
                    format!(
                        "{stream} should meet these conditions but does not: {}\n{stream} was:\n{}\n",
                        failed.join("; "),
                        shown(actual)
                    )
                })
            }
        }
    }
}

/// At most the first 4,000 characters of `bytes`, as text, saying when it
/// is cut.
fn shown(bytes: &[u8]) -> String {
    const MOST: usize = 4000;
    let text = String::from_utf8_lossy(bytes);
    let mut shown: String = text.chars().take(MOST).collect();
    if text.chars().nth(MOST).is_some() {
        let _ = write!(shown, "… ({} bytes in all)", bytes.len());
    }
    shown
}
