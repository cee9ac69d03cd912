//! A bounded fuzzing run: mutated schedule files, holiday files and grids
//! through every command, and mutated HTTP requests (and schedule edits) to
//! `castcal serve`. Every run must end in time with status 0, 1 or 2, never
//! panic, name a file and line when it refuses the input, and leave no
//! output (nor temporary file) behind when it fails.
//!
//! The mutations come from a fixed seed, so a case is the same on every
//! machine; how many cases run is bounded by time and by count:
//!
//! - `CASTCAL_FUZZ_SECONDS` (default 3): wall time of each of the two tests;
//! - `CASTCAL_FUZZ_CASES` (default 100000): most cases (commands, requests);
//! - `CASTCAL_FUZZ_SEED` (default 2023): the seed;
//! - `CASTCAL_FUZZ_ONLY=N`: run only case N of the commands (to reproduce).
//!
//! `.ci/run` runs it longer. Whatever it finds is printed with the input,
//! and the input is kept under `target/tmp/fuzz-failures/`, to be pinned as
//! a case in `tests/cases/bad/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{root, Test};

/// Longest a command may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Address space a run may take (KiB, for `ulimit -v`): an input that makes
/// castcal allocate without bound ends as an abort, not as a full machine.
const MEMORY_KIB: u64 = 2 * 1024 * 1024;
/// Findings printed in full at most.
const MOST_SHOWN: usize = 40;

// ---------------------------------------------------------------- the dice

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, case: u64) -> Rng {
        let mut rng = Rng(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len());
        items.get(i).expect("a non-empty list")
    }
}

// ---------------------------------------------------------------- budget

struct Budget {
    seconds: u64,
    cases: usize,
    seed: u64,
    only: Option<usize>,
}

fn budget() -> Budget {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    Budget {
        seconds: var("CASTCAL_FUZZ_SECONDS").unwrap_or(3),
        cases: var("CASTCAL_FUZZ_CASES")
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(100_000),
        seed: var("CASTCAL_FUZZ_SEED").unwrap_or(2023),
        only: var("CASTCAL_FUZZ_ONLY").and_then(|n| usize::try_from(n).ok()),
    }
}

// ---------------------------------------------------------------- mutations

/// Values that have broken castcal or other calendar software, for YAML.
const YAML_SNIPPETS: &[&str] = &[
    "\"2023-01-18T17:4éé\"",
    "2023-01-18T17:4éé",
    "\"17:4é\"",
    "\"06:00:60\"",
    "2023-03-06T23:59:60",
    "2023-01-18T17:45:60",
    "99999999999999999999999999",
    "4294967296",
    "-1",
    "0",
    "99999-01-01",
    "-0001-01-01",
    "10000-01-01",
    "9999-12-31T23:59",
    "\"FREQ=DAILY;INTERVAL=0\"",
    "\"FREQ=MONTHLY;BYMONTHDAY=0\"",
    "\"FREQ=DAILY;COUNT=3;UNTIL=20231231\"",
    "\"FREQ=WEEKLY;\"",
    "\"BYDAY=3WE;FREQ=MONTHLY\"",
    "\"FREQ=MONTHLY;BYDAY=-5MO\"",
    "\"FREQ=YEARLY;BYDAY=-53SU\"",
    "\"FREQ=SECONDLY\"",
    "\"FREQ=YEARLY;BYSETPOS=400\"",
    "\"FREQ=DAILY;UNTIL=99991231T235959Z\"",
    "\"FREQ=HOURLY;INTERVAL=1\"",
    "&a x",
    "*a",
    "&a [1, 2]",
    "*nowhere",
    "<<: *a",
    "[&a [lol, lol, lol, lol, lol, lol, lol, lol, lol], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a], &c [*b, *b, *b, *b, *b, *b, *b, *b, *b], &d [*c, *c, *c, *c, *c, *c, *c, *c, *c], &e [*d, *d, *d, *d, *d, *d, *d, *d, *d], &f [*e, *e, *e, *e, *e, *e, *e, *e, *e], &g [*f, *f, *f, *f, *f, *f, *f, *f, *f], &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]]",
    "{{{{{{{{{{{{{{{{",
    "\t",
    "\0",
    "\u{feff}",
    "\u{202e}",
    "all",
    "index",
    "../../etc/passwd",
    "/etc/passwd",
    "[/etc/passwd]",
    "[../../etc/shadow]",
    "[/dev/zero]",
    "[holidays/../../../../../etc/passwd]",
    "[holidays]",
    "P99999Y",
    "PT0M",
    "PT-5M",
    "P1Y",
    "PT99999999H",
    "~",
    "null",
    "!!binary aGVsbG8=",
    "!tag x",
    "? complex",
    "\"\\uD800\"",
    "\"=HYPERLINK(\\\"http://x\\\")\"",
    "\"<script>alert(1)</script>\"",
    "\"R&D & <b>\\u0001\\u0085\\uFFFE ]]> \\\"q\\\"\"",
    "\"\\r\\nBEGIN:VEVENT\"",
    "'unterminated",
    "\"unterminated",
    "- - - -",
    "Asia/Kathmandu",
    "Mars/Olympus",
    "next_workday",
    "KG1",
];

/// Values for grids (iCalendar content lines).
const ICS_SNIPPETS: &[&str] = &[
    "DTSTART:99991231T235960",
    "DTSTART:20230118T17:4éé",
    "DTSTART;TZID=../../etc/passwd:20230118T174500",
    "DTSTART;TZID=Mars/Olympus:20230118T174500",
    "DTSTART;VALUE=DATE:99999999",
    "DTSTART:-0001",
    "RRULE:FREQ=DAILY;INTERVAL=0",
    "RRULE:FREQ=SECONDLY;COUNT=4294967295",
    "RRULE:FREQ=MONTHLY;BYDAY=-5MO",
    "RRULE:FREQ=YEARLY;BYDAY=-53SU",
    "RRULE:BYDAY=3WE;FREQ=MONTHLY",
    "RRULE:FREQ=MINUTELY;UNTIL=99991231T235959Z",
    "DURATION:P99999999D",
    "DURATION:-PT1H",
    "DURATION:PT",
    "EXDATE:",
    "RDATE;VALUE=PERIOD:20230101T000000Z/P1D",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "END:VCALENDAR",
    "BEGIN:VTIMEZONE",
    "TZID:Mars/Olympus",
    " folded continuation",
    "\r\n ",
    "\0",
    "\u{feff}",
    "X-LONG:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "SUMMARY:\u{202e}",
    ";;;:::",
];

/// Applies one or two mutations to `text`; says which, for the report.
fn mutate(rng: &mut Rng, text: &[u8], snippets: &[&str], separator: &str) -> (Vec<u8>, String) {
    let mut out = text.to_vec();
    let mut said = Vec::new();
    for _ in 0..1 + rng.below(2) {
        let what = mutate_once(rng, &mut out, snippets, separator);
        said.push(what);
    }
    (out, said.join("; "))
}

fn mutate_once(rng: &mut Rng, text: &mut Vec<u8>, snippets: &[&str], separator: &str) -> String {
    let snippet = *rng.pick(snippets);
    let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    // Lines with a value: `key: value` (YAML) or `NAME:value` (iCalendar).
    let valued: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let s = String::from_utf8_lossy(l);
            !s.trim_start().starts_with('#') && s.contains(separator)
        })
        .map(|(i, _)| i)
        .collect();
    let join = |lines: &[Vec<u8>]| lines.join(&b'\n');
    let cut = |line: &[u8]| -> usize {
        line.windows(separator.len())
            .position(|w| w == separator.as_bytes())
            .map_or(line.len(), |p| p + separator.len())
    };
    match rng.below(12) {
        0 => {
            let i = rng.below(text.len());
            let bit = 1u8 << rng.below(8);
            if let Some(b) = text.get_mut(i) {
                *b ^= bit;
            }
            format!("flipped bit {bit:#04x} of byte {i}")
        }
        1 => {
            let i = rng.below(text.len() + 1);
            let tail = text.split_off(i.min(text.len()));
            text.extend_from_slice(snippet.as_bytes());
            text.extend_from_slice(&tail);
            format!("inserted {snippet:?} at byte {i}")
        }
        2..=4 => {
            let Some(&i) = valued.get(rng.below(valued.len())) else {
                return "nothing to replace".to_string();
            };
            if let Some(line) = lines.get_mut(i) {
                line.truncate(cut(line));
                line.extend_from_slice(snippet.as_bytes());
            }
            *text = join(&lines);
            format!("value of line {} replaced by {snippet:?}", i + 1)
        }
        5 => {
            let i = rng.below(lines.len());
            if i < lines.len() {
                lines.remove(i);
            }
            *text = join(&lines);
            format!("deleted line {}", i + 1)
        }
        6 => {
            let i = rng.below(lines.len());
            if let Some(line) = lines.get(i).cloned() {
                lines.insert(i, line);
            }
            *text = join(&lines);
            format!("duplicated line {}", i + 1)
        }
        7 => {
            let (Some(&a), Some(&b)) = (
                valued.get(rng.below(valued.len())),
                valued.get(rng.below(valued.len())),
            ) else {
                return "nothing to swap".to_string();
            };
            let value = |l: &Vec<u8>| l.get(cut(l)..).unwrap_or_default().to_vec();
            let (va, vb) = (
                lines.get(a).map(value).unwrap_or_default(),
                lines.get(b).map(value).unwrap_or_default(),
            );
            for (i, v) in [(a, vb), (b, va)] {
                if let Some(line) = lines.get_mut(i) {
                    line.truncate(cut(line));
                    line.extend_from_slice(&v);
                }
            }
            *text = join(&lines);
            format!("swapped the values of lines {} and {}", a + 1, b + 1)
        }
        8 => {
            let i = rng.below(text.len() + 1);
            text.truncate(i);
            format!("cut after byte {i}")
        }
        9 => {
            let i = rng.below(lines.len());
            if let Some(line) = lines.get(i).cloned() {
                for _ in 0..200 {
                    lines.insert(i, line.clone());
                }
            }
            *text = join(&lines);
            format!("line {} repeated 200 times", i + 1)
        }
        10 => match rng.below(5) {
            0 => {
                let s = String::from_utf8_lossy(text).into_owned();
                let mut utf16 = vec![0xFF, 0xFE];
                utf16.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
                *text = utf16;
                "encoded as UTF-16LE with a byte order mark".to_string()
            }
            1 => {
                text.splice(0..0, [0xEF, 0xBB, 0xBF]);
                "UTF-8 byte order mark added".to_string()
            }
            2 => {
                *text = text
                    .split(|b| *b == b'\n')
                    .collect::<Vec<_>>()
                    .join(&b"\r\n"[..]);
                "line ends made CRLF".to_string()
            }
            3 => {
                for line in &mut lines {
                    let indent = line.iter().take_while(|b| **b == b' ').count();
                    if indent > 0 {
                        line.splice(0..indent, std::iter::repeat_n(b'\t', indent / 2));
                    }
                }
                *text = join(&lines);
                "indentation made of tabs".to_string()
            }
            _ => {
                let i = rng.below(text.len() + 1);
                text.splice(i.min(text.len())..i.min(text.len()), [0u8]);
                format!("NUL at byte {i}")
            }
        },
        _ => {
            let i = rng.below(lines.len() + 1);
            lines.insert(i.min(lines.len()), snippet.as_bytes().to_vec());
            *text = join(&lines);
            format!("line {snippet:?} inserted before line {}", i + 1)
        }
    }
}

// ---------------------------------------------------------------- running

/// How a run ended.
struct Ended {
    /// `None` when a signal ended it.
    code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stdout: Vec<u8>,
    stderr: String,
    took: Duration,
}

/// `castcal ARGS…` under the memory limit, with standard output and error
/// in files of `io` (so that nothing blocks on a pipe), killed after
/// [`TIMEOUT`].
fn castcal(io: &Path, args: &[String]) -> Ended {
    let out_path = io.join("stdout");
    let err_path = io.join("stderr");
    let started = Instant::now();
    let mut child = limited(args)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let (status, timed_out) = wait_for(&mut child, TIMEOUT);
    let took = started.elapsed();
    let stdout = std::fs::read(&out_path).unwrap_or_default();
    let stderr =
        String::from_utf8_lossy(&std::fs::read(&err_path).unwrap_or_default()).into_owned();
    Ended {
        code: status.and_then(|s| s.code()),
        signal: status.and_then(signal_of),
        timed_out,
        stdout,
        stderr,
        took,
    }
}

/// The command line of castcal under the memory limit: [`Test`]'s command,
/// run by a shell that sets the limit first. These runs are timed and
/// killed by the fuzzer, which checks what they wrote itself.
fn limited(args: &[String]) -> Command {
    let castcal = Test::new(args).env("RUST_BACKTRACE", "0").command();
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_KIB} 2>/dev/null; exec \"$0\" \"$@\""
            ))
            .arg(castcal.get_program());
        c
    } else {
        Command::new(castcal.get_program())
    };
    command.args(castcal.get_args());
    for (key, value) in castcal.get_envs() {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    if let Some(dir) = castcal.get_current_dir() {
        command.current_dir(dir);
    }
    command
}

/// Waits for `child` at most `limit`; kills it after. The status is `None`
/// when it had to be killed.
fn wait_for(child: &mut Child, limit: Duration) -> (Option<ExitStatus>, bool) {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (Some(status), false);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return (None, true);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
fn signal_of(_: ExitStatus) -> Option<i32> {
    None
}

// ---------------------------------------------------------------- commands

/// Where a command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Stdout,
    /// `-o out/NAME`
    File(&'static str),
    /// `-o out/site`
    Folder,
}

struct Cmd {
    name: &'static str,
    args: &'static [&'static str],
    target: Target,
    /// Takes `--against KG=grid.ics`.
    grid: bool,
}

const COMMANDS: &[Cmd] = &[
    Cmd {
        name: "expand table",
        args: &["expand", "--format", "table"],
        target: Target::Stdout,
        grid: false,
    },
    Cmd {
        name: "expand json",
        args: &["expand", "--format", "json"],
        target: Target::Stdout,
        grid: false,
    },
    Cmd {
        name: "ics instances",
        args: &["ics", "--mode", "instances"],
        target: Target::File("feed.ics"),
        grid: false,
    },
    Cmd {
        name: "ics rrule",
        args: &["ics", "--mode", "rrule"],
        target: Target::File("feed-rrule.ics"),
        grid: false,
    },
    Cmd {
        name: "csv vi",
        args: &["csv", "--lang", "vi"],
        target: Target::File("sheet-vi.csv"),
        grid: false,
    },
    Cmd {
        name: "csv en",
        args: &["csv", "--lang", "en"],
        target: Target::File("sheet-en.csv"),
        grid: false,
    },
    Cmd {
        name: "csv excel",
        args: &["csv", "--excel"],
        target: Target::File("sheet-excel.csv"),
        grid: false,
    },
    Cmd {
        name: "xlsx vi",
        args: &["xlsx", "--lang", "vi"],
        target: Target::File("sheet-vi.xlsx"),
        grid: false,
    },
    Cmd {
        name: "xlsx en",
        args: &["xlsx", "--lang", "en"],
        target: Target::File("sheet-en.xlsx"),
        grid: false,
    },
    Cmd {
        name: "xmltv",
        args: &["xmltv"],
        target: Target::File("guide.xml"),
        grid: false,
    },
    Cmd {
        name: "print vi",
        args: &["print", "--lang", "vi"],
        target: Target::File("year-vi.html"),
        grid: false,
    },
    Cmd {
        name: "print en",
        args: &["print", "--lang", "en"],
        target: Target::File("year-en.html"),
        grid: false,
    },
    Cmd {
        name: "check text",
        args: &["check", "--format", "text"],
        target: Target::Stdout,
        grid: true,
    },
    Cmd {
        name: "check json",
        args: &["check", "--format", "json"],
        target: Target::Stdout,
        grid: true,
    },
    Cmd {
        name: "build",
        args: &["build"],
        target: Target::Folder,
        grid: false,
    },
];

/// The files a case starts from.
struct Seeds {
    /// The real plan, its holidays and the KG grid.
    plan: Vec<u8>,
    holidays: Vec<u8>,
    grid: Vec<u8>,
    /// Every other schedule file of the test cases, with the folder it is in.
    cases: Vec<PathBuf>,
}

/// Cases left out of the seeds. `too-many-occurrences-in-all.yaml` is two
/// activities of about a million occurrences each, there to be refused by
/// the cap on all plans together: almost any cut of it is a valid plan of a
/// million occurrences, which this debug build cannot write within
/// [`TIMEOUT`] (the release build takes about 1.5 s; see docs/reference/speed.md),
/// so its mutations would report slowness, not a fault.
const NOT_SEEDS: &[&str] = &["too-many-occurrences-in-all.yaml"];

fn seeds() -> Seeds {
    let mut cases = Vec::new();
    yaml_files(&root().join("tests/cases"), &mut cases);
    cases.retain(|p| {
        p.file_name()
            .is_none_or(|name| !NOT_SEEDS.iter().any(|n| name == *n))
    });
    cases.sort();
    Seeds {
        plan: std::fs::read(root().join("schedules/kien-giang-cchc-2023.yaml")).unwrap(),
        holidays: std::fs::read(root().join("schedules/holidays/vn-2023.yaml")).unwrap(),
        grid: std::fs::read(root().join("tests/cases/grid-kg.ics")).unwrap(),
        cases,
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// One case: the files of `in/` and what was done to them.
struct Case {
    index: usize,
    command: &'static Cmd,
    /// Relative path in `in/` → bytes.
    files: BTreeMap<String, Vec<u8>>,
    /// The schedule file given to the command, relative to `in/`.
    plan: String,
    what: String,
}

fn make_case(seeds: &Seeds, seed: u64, index: usize) -> Case {
    let command = COMMANDS.get(index % COMMANDS.len()).expect("a command");
    let mut rng = Rng::new(seed, index as u64);
    let mut files = BTreeMap::new();
    files.insert("grid.ics".to_string(), seeds.grid.clone());
    let plan = "plan.yaml".to_string();
    let first_round = index < COMMANDS.len();
    let use_real = first_round || rng.chance(70) || command.grid && rng.chance(50);
    let mut what = String::from("the real plan, unchanged");
    if use_real {
        files.insert(plan.clone(), seeds.plan.clone());
        files.insert("holidays/vn-2023.yaml".to_string(), seeds.holidays.clone());
        if !first_round {
            let roll = rng.below(10);
            let (name, text, snippets, separator) = if command.grid && roll < 5 {
                ("grid.ics", &seeds.grid, ICS_SNIPPETS, ":")
            } else if roll == 9 {
                (
                    "holidays/vn-2023.yaml",
                    &seeds.holidays,
                    YAML_SNIPPETS,
                    ": ",
                )
            } else {
                ("plan.yaml", &seeds.plan, YAML_SNIPPETS, ": ")
            };
            let (bytes, said) = mutate(&mut rng, text, snippets, separator);
            files.insert(name.to_string(), bytes);
            what = format!("{name}: {said}");
        }
    } else {
        let source = rng.pick(&seeds.cases).clone();
        let dir = source.parent().unwrap();
        // The holiday files next to it, so that its references resolve.
        let mut siblings = Vec::new();
        yaml_files(dir, &mut siblings);
        for s in siblings {
            let rel = s
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel.contains("holiday") {
                files.insert(rel, std::fs::read(&s).unwrap());
            }
        }
        let (bytes, said) = mutate(
            &mut rng,
            &std::fs::read(&source).unwrap(),
            YAML_SNIPPETS,
            ": ",
        );
        files.insert(plan.clone(), bytes);
        what = format!("{}: {said}", common::rel(&source));
    }
    Case {
        index,
        command,
        files,
        plan,
        what,
    }
}

/// A snapshot of a file or folder: relative path → bytes.
fn snapshot(path: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    if !path.exists() {
        return None;
    }
    let mut files = BTreeMap::new();
    if path.is_dir() {
        let mut all = Vec::new();
        every_file(path, &mut all);
        for f in all {
            let rel = f.strip_prefix(path).unwrap().to_string_lossy().into_owned();
            files.insert(rel, std::fs::read(&f).unwrap_or_default());
        }
    } else {
        files.insert(String::new(), std::fs::read(path).unwrap_or_default());
    }
    Some(files)
}

fn every_file(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            every_file(&path, out);
        }
        out.push(path);
    }
}

/// Whether standard error names a file and a line: `FILE.yaml:LINE:COL:`
/// or a grid's `FILE.ics: line N` (`dòng N`) / `FILE.ics:LINE`.
fn names_a_line(stderr: &str) -> bool {
    for (i, _) in stderr.match_indices(['.']) {
        let rest = stderr.get(i..).unwrap_or_default();
        for ext in [".yaml:", ".yml:", ".ics:", ".ics: line ", ".ics: dòng "] {
            if let Some(after) = rest.strip_prefix(ext) {
                if after.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    return true;
                }
            }
        }
    }
    false
}

/// Usage errors that name no line, documented in `castcal check --help`.
const USAGE_ERRORS: &[&str] = &[
    "no plan declares the outlet `KG`",
    "không kế hoạch nào khai báo kênh `KG`",
];

/// Problems of a whole file, which have no line to name.
const WHOLE_FILE: &[&str] = &[
    "the file is empty",
    "cannot read",
    "not UTF-8",
    "UTF-16",
    "UTF-32",
    "larger than",
    "not a regular file",
    "tệp trống",
    "không đọc được",
    "không phải UTF-8",
    "không phải văn bản UTF-8",
    "lớn hơn",
    "không phải một tệp thường",
];

/// Whether `line` names one of the case's input files, by its path.
fn names_an_input(case: &Case, line: &str) -> bool {
    case.files
        .keys()
        .any(|rel| line.contains(&format!("/in/{rel}: ")))
}

/// What went wrong with one run, if anything.
/// How an error starts in the language `args` ask for: `error: ` with
/// `--lang en`, `lỗi: ` otherwise.
fn error_prefix(args: &[&str]) -> &'static str {
    match args.windows(2).any(|w| w == ["--lang", "en"]) {
        true => "error: ",
        false => "lỗi: ",
    }
}

fn judge(
    case: &Case,
    ended: &Ended,
    out: &Path,
    before: Option<&BTreeMap<String, Vec<u8>>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let target = match case.command.target {
        Target::Stdout => None,
        Target::File(name) => Some(out.join(name)),
        Target::Folder => Some(out.join("site")),
    };
    if ended.timed_out {
        problems.push(format!("hang: killed after {} s", TIMEOUT.as_secs()));
    }
    if let Some(signal) = ended.signal {
        problems.push(format!(
            "killed by signal {signal}{}",
            if signal == 6 {
                " (abort: out of the 2 GiB memory limit?)"
            } else {
                ""
            }
        ));
    }
    if ended.code == Some(101) || ended.stderr.contains("panicked") {
        problems.push("panic".to_string());
    }
    match ended.code {
        Some(0 | 2) | None => {}
        Some(1) if matches!(case.command.args.first(), Some(&"check" | &"build")) => {}
        Some(code) => problems.push(format!("exit status {code}")),
    }
    if ended.code == Some(2) {
        let first = ended.stderr.lines().next().unwrap_or_default();
        let prefix = error_prefix(case.command.args);
        if !first.starts_with(prefix) {
            problems.push(format!(
                "status 2, but standard error does not start with `{prefix}`: {first:?}"
            ));
        } else if !(names_a_line(&ended.stderr)
            || USAGE_ERRORS.iter().any(|u| first.contains(u))
            || names_an_input(case, first) && WHOLE_FILE.iter().any(|w| first.contains(w)))
        {
            problems.push(format!("status 2 without a file and line: {first:?}"));
        }
        if let Some(t) = &target {
            if snapshot(t).as_ref() != before {
                problems.push(format!(
                    "refused, but {} changed ({})",
                    t.file_name().unwrap_or_default().to_string_lossy(),
                    if before.is_none() {
                        "it did not exist"
                    } else {
                        "it had other bytes"
                    }
                ));
            }
        }
    }
    if ended.code == Some(0) {
        match case.command.target {
            Target::Stdout if ended.stdout.is_empty() => {
                problems.push("success with nothing on standard output".to_string())
            }
            Target::File(_) | Target::Folder if target.as_ref().is_some_and(|t| !t.exists()) => {
                problems.push("success without its output".to_string());
            }
            _ => {}
        }
        if case.command.name.ends_with("json")
            && serde_json::from_slice::<serde_json::Value>(&ended.stdout).is_err()
        {
            problems.push("success, but standard output is not JSON".to_string());
        }
        if case.command.name == "xmltv" {
            if let Some(problem) = target.as_deref().and_then(not_xml) {
                problems.push(format!(
                    "success, but the guide is not well-formed XML: {problem}"
                ));
            }
        }
    }
    // Nothing but the outputs themselves in the output folder (and the
    // published folder's history with its lock).
    for entry in std::fs::read_dir(out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let known = matches!(
            &*name,
            "site" | "site.history.sqlite" | "site.history.sqlite.lock"
        ) || COMMANDS_FILE.contains_key(&*name);
        if !known {
            problems.push(format!("left behind in the output folder: {name}"));
        }
    }
    if let Some(site) = snapshot(&out.join("site")) {
        for name in site.keys() {
            let leaf = Path::new(name)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy();
            if leaf.starts_with('.')
                && !matches!(&*leaf, ".castcal" | ".castcal-tags" | ".castcal-built")
                || leaf.ends_with(".tmp")
            {
                problems.push(format!("left behind in the published folder: {name}"));
            }
        }
    }
    problems
}

/// Why the file at `path` is not one well-formed XML document, if it is not.
fn not_xml(path: &Path) -> Option<String> {
    use quick_xml::events::Event;
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return Some(e.to_string()),
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut roots) = (0usize, 0usize);
    loop {
        match reader.read_event() {
            Err(e) => return Some(format!("at byte {}: {e}", reader.buffer_position())),
            Ok(Event::Eof) => break,
            Ok(Event::Start(_)) => {
                roots += usize::from(depth == 0);
                depth += 1;
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Text(t)) if t.iter().any(|&b| b < b' ' && b != b'\n') => {
                return Some(format!(
                    "a control character at byte {}",
                    reader.buffer_position()
                ))
            }
            Ok(_) => {}
        }
    }
    (depth != 0 || roots != 1).then(|| format!("{roots} root elements, {depth} left open"))
}

/// The output file names, for [`judge`]'s listing.
static COMMANDS_FILE: std::sync::LazyLock<BTreeMap<&'static str, &'static str>> =
    std::sync::LazyLock::new(|| {
        COMMANDS
            .iter()
            .filter_map(|c| match c.target {
                Target::File(name) => Some((name, name)),
                _ => None,
            })
            .collect()
    });

/// Keeps what failed for pinning, and says how to see it again.
fn keep(case: &Case, args: &[String], ended: &Ended, problems: &[String], seed: u64) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-failures")
        .join(format!("case-{}", case.index));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, bytes) in &case.files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let changed = case.what.split(':').next().unwrap_or("plan.yaml");
    let changed = if case.files.contains_key(changed) {
        changed
    } else {
        "plan.yaml"
    };
    let input = case
        .files
        .get(changed)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let shown = String::from_utf8_lossy(input.get(..input.len().min(3000)).unwrap_or_default())
        .into_owned();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "case {} (CASTCAL_FUZZ_SEED={seed} CASTCAL_FUZZ_ONLY={}): castcal {}",
        case.index,
        case.index,
        args.join(" ")
    );
    let _ = writeln!(text, "  {}", problems.join("; "));
    let _ = writeln!(text, "  input: {}", case.what);
    let _ = writeln!(text, "  kept in {}", dir.display());
    let _ = writeln!(
        text,
        "  status {:?}, signal {:?}, {:.1} s; standard error:",
        ended.code,
        ended.signal,
        ended.took.as_secs_f64()
    );
    for line in ended.stderr.lines().take(8) {
        let _ = writeln!(text, "    | {line}");
    }
    let _ = writeln!(
        text,
        "  {changed} ({} bytes, first 3000 shown):\n{shown:?}",
        input.len()
    );
    text
}

#[test]
fn mutated_files_through_every_command() {
    let budget = budget();
    let seeds = seeds();
    let tmp = tempfile::tempdir().unwrap();
    let (input, out, io) = (
        tmp.path().join("in"),
        tmp.path().join("out"),
        tmp.path().join("io"),
    );
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&io).unwrap();
    // Outputs start with bytes of their own, which a refused run must keep.
    for c in COMMANDS {
        if let Target::File(name) = c.target {
            std::fs::write(out.join(name), b"previous bytes\n").unwrap();
        }
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(budget.seconds);
    // At least two rounds of every command, however slow the machine.
    let least = 2 * COMMANDS.len();
    let mut runs: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    let mut found: Vec<(String, String)> = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut index = budget.only.unwrap_or(0);
    loop {
        if budget.only.is_some_and(|only| index > only)
            || index >= budget.cases
            || Instant::now() > deadline && index >= least
        {
            break;
        }
        let case = make_case(&seeds, budget.seed, index);
        let _ = std::fs::remove_dir_all(&input);
        for (rel, bytes) in &case.files {
            let path = input.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let mut rng = Rng::new(budget.seed ^ 0xD1CE, index as u64);
        let mut args: Vec<String> = case.command.args.iter().map(|s| (*s).to_string()).collect();
        let target = match case.command.target {
            Target::Stdout => None,
            Target::File(name) => Some(out.join(name)),
            Target::Folder => Some(out.join("site")),
        };
        if let Some(t) = &target {
            // Sometimes no previous output at all.
            if rng.chance(25) {
                let _ = std::fs::remove_file(t);
                let _ = std::fs::remove_dir_all(t);
            }
            args.push("-o".to_string());
            args.push(t.display().to_string());
        }
        if case.command.grid {
            args.push("--against".to_string());
            args.push(format!("KG={}", input.join("grid.ics").display()));
        }
        args.push(input.join(&case.plan).display().to_string());
        let before = target.as_deref().and_then(snapshot);
        let ended = castcal(&io, &args);
        let problems = judge(&case, &ended, &out, before.as_ref());
        let tally = runs.entry(case.command.name).or_default();
        let slot = match ended.code {
            Some(c @ 0..=2) => usize::try_from(c).unwrap_or(3),
            _ => 3,
        };
        if let Some(n) = tally.get_mut(slot) {
            *n += 1;
        }
        if ended.took > slowest.0 {
            slowest = (ended.took, format!("case {index}, {}", case.command.name));
        }
        if index < COMMANDS.len() && ended.code != Some(0) && ended.code != Some(1) {
            found.push((
                "the real plan fails".to_string(),
                keep(
                    &case,
                    &args,
                    &ended,
                    &["the real plan, unchanged, must not fail".to_string()],
                    budget.seed,
                ),
            ));
        }
        if !problems.is_empty() {
            let key = format!(
                "{}: {}",
                case.command.name,
                problems.first().map(String::as_str).unwrap_or_default()
            );
            let key: String = key.chars().take(160).collect();
            found.push((key, keep(&case, &args, &ended, &problems, budget.seed)));
            // Clear what the failure left, so that the next case is judged alone.
            for entry in std::fs::read_dir(&out).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                // The published folder and its history go together: one
                // without the other is a lost history, which `build` refuses.
                let published = matches!(
                    &*name,
                    "site" | "site.history.sqlite" | "site.history.sqlite.lock"
                );
                if !published && !COMMANDS_FILE.contains_key(&*name) {
                    let _ = std::fs::remove_file(&path);
                    let _ = std::fs::remove_dir_all(&path);
                }
            }
        }
        index += 1;
    }
    let elapsed = started.elapsed();
    let total: usize = runs.values().map(|t| t.iter().sum::<usize>()).sum();
    eprintln!(
        "fuzz: {total} runs in {:.1} s (seed {}); slowest {:.1} s ({})",
        elapsed.as_secs_f64(),
        budget.seed,
        slowest.0.as_secs_f64(),
        slowest.1
    );
    eprintln!(
        "  {:<14} {:>5} {:>5} {:>5} {:>5} {:>6}",
        "command", "runs", "0", "1", "2", "other"
    );
    for (name, [ok, findings, refused, other]) in &runs {
        eprintln!(
            "  {name:<14} {:>5} {ok:>5} {findings:>5} {refused:>5} {other:>6}",
            ok + findings + refused + other
        );
    }
    report(&found);
    if budget.only.is_none() {
        for c in COMMANDS {
            let tally = runs.get(c.name).copied().unwrap_or_default();
            assert!(
                tally.iter().sum::<usize>() >= 2,
                "{}: fewer than 2 runs",
                c.name
            );
            assert!(
                tally.first().copied().unwrap_or(0) + tally.get(1).copied().unwrap_or(0) >= 1,
                "{}: never succeeded",
                c.name
            );
        }
        assert!(total >= least, "only {total} runs");
    }
    assert!(found.is_empty(), "{} failing runs (see above)", found.len());
}

/// Prints every distinct failure (the first case of each in full).
fn report(found: &[(String, String)]) {
    if found.is_empty() {
        return;
    }
    let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, text) in found {
        by_key.entry(key.as_str()).or_default().push(text.as_str());
    }
    eprintln!("\n{} failing runs, {} distinct:", found.len(), by_key.len());
    for (shown, (key, texts)) in by_key.iter().enumerate() {
        eprintln!("\n== {key} ({} runs)", texts.len());
        if shown < MOST_SHOWN {
            if let Some(first) = texts.first() {
                eprintln!("{first}");
            }
        }
    }
}

// ---------------------------------------------------------------- serve

/// Written into the copy of the schedules being served, and outside it:
/// no answer may ever contain it.
const SECRET: &str = "CASTCAL-FUZZ-SECRET-7f3a";

/// A running `castcal serve`.
struct Server {
    child: Child,
    addr: String,
    stderr: PathBuf,
}

impl Server {
    fn start(schedules: &Path, stderr: PathBuf) -> Server {
        let mut child = limited(&[
            "serve".to_string(),
            schedules.display().to_string(),
            "--addr".to_string(),
            "127.0.0.1:0".to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
        let addr = common::served_address(&mut child);
        Server {
            child,
            addr,
            stderr,
        }
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What came back for a request.
#[derive(Debug)]
enum Answer {
    /// A whole answer (or as much as came before the server closed).
    Reply(Vec<u8>),
    /// The server closed without a byte.
    Closed,
    /// Neither an answer nor a close in the time allowed.
    Silent,
}

/// Sends `request` raw and reads what comes back, for at most `wait`.
fn send(addr: &str, request: &[u8], wait: Duration) -> Answer {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return Answer::Closed;
    };
    let _ = stream.set_write_timeout(Some(wait));
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    // The server may close while a huge request is still being written.
    let _ = stream.write_all(request);
    let deadline = Instant::now() + wait;
    let mut got = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                got.extend_from_slice(buf.get(..n).unwrap_or_default());
                if complete(&got) {
                    break;
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if Instant::now() > deadline {
                    return if got.is_empty() {
                        Answer::Silent
                    } else {
                        Answer::Reply(got)
                    };
                }
            }
            Err(_) => break,
        }
    }
    if got.is_empty() {
        Answer::Closed
    } else {
        Answer::Reply(got)
    }
}

/// Whether `got` holds a whole answer: its header and `Content-Length` bytes.
fn complete(got: &[u8]) -> bool {
    let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(got.get(..end).unwrap_or_default()).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    length.is_some_and(|n| got.len() >= end + 4 + n)
}

fn status_of(reply: &[u8]) -> Option<u16> {
    let line = reply.split(|b| *b == b'\r').next()?;
    let line = std::str::from_utf8(line).ok()?;
    line.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()
}

/// Request paths that try to leave the site.
fn hostile_paths(outside: &Path) -> Vec<String> {
    let outside = outside.display().to_string();
    let mut paths: Vec<String> = [
        "/../secret.txt",
        "/../../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "//etc/passwd",
        "/../../../../../../etc/passwd",
        "/....//....//....//etc/passwd",
        "/..\\..\\..\\etc\\passwd",
        "/kien-giang-cchc-2023.yaml",
        "/holidays/vn-2023.yaml",
        "/schedules/kien-giang-cchc-2023.yaml",
        "/.castcal",
        "/./index.html",
        "/index.html%00.yaml",
        "/%00",
        "/index.html/..",
        "/all.ics?x=../../etc/passwd",
        "/all.ics#../../etc/passwd",
        "*",
        "http://evil.example/../etc/passwd",
        "/%",
        "/%zz",
        "/é",
        "/\u{0}",
        "/%c0%ae%c0%ae/etc/passwd",
        "/..;/secret.txt",
        "/healthz/../kien-giang-cchc-2023.yaml",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    paths.push(format!("/{outside}/secret.txt"));
    paths.push(format!("/{}", outside.trim_start_matches('/')));
    paths.push(format!("{outside}/secret.txt"));
    paths.push(format!("/{}", "a".repeat(100_000)));
    paths.push(format!("/{}", "../".repeat(2_000)));
    paths
}

const METHODS: &[&str] = &[
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "PATCH",
    "get",
    "G\0T",
    "",
    "BREW",
    "GETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGET",
];
const VERSIONS: &[&str] = &[
    "HTTP/1.1",
    "HTTP/1.0",
    "HTTP/2.0",
    "HTTP/9.9",
    "",
    "HTTP/1.1\0",
    "HTTP/1.1 extra",
];
const FILES: &[&str] = &[
    "/",
    "/index.html",
    "/all.ics",
    "/KG.ics",
    "/year.html",
    "/check.json",
    "/occurrences.json",
    "/guide.xml",
    "/KG.xml",
    "/healthz",
    "/nope",
];

/// One mutated request; `true` when it is complete (an answer or a close is due).
fn request(rng: &mut Rng, addr: &str, paths: &[String]) -> (Vec<u8>, bool, String) {
    let method = if rng.chance(60) {
        "GET"
    } else {
        *rng.pick(METHODS)
    };
    let path = if rng.chance(50) {
        rng.pick(paths).clone()
    } else {
        (*rng.pick(FILES)).to_string()
    };
    let version = if rng.chance(80) {
        "HTTP/1.1"
    } else {
        *rng.pick(VERSIONS)
    };
    let mut headers = vec![format!("Host: {addr}"), "Connection: close".to_string()];
    let mut complete = true;
    let mut what = format!(
        "{method:?} {:?} {version:?}",
        path.chars().take(80).collect::<String>()
    );
    match rng.below(12) {
        0 => {
            headers.push(format!("X-Big: {}", "x".repeat(200_000)));
            what.push_str(" + a 200 KB header");
        }
        1 => {
            for i in 0..2_000 {
                headers.push(format!("X-{i}: {i}"));
            }
            what.push_str(" + 2000 headers");
        }
        2 => {
            headers.push("no colon here".to_string());
            what.push_str(" + a header without a colon");
        }
        3 => {
            headers.push("X-Nul: a\0b".to_string());
            what.push_str(" + NUL in a header");
        }
        4 => {
            headers.push(format!("Host: other.{addr}"));
            what.push_str(" + a second Host");
        }
        5 => {
            headers.push("Content-Length: -1".to_string());
            what.push_str(" + Content-Length: -1");
        }
        6 => {
            headers.push("Content-Length: 99999999".to_string());
            complete = false;
            what.push_str(" + a body promised and never sent");
        }
        7 => {
            headers.push("Transfer-Encoding: chunked".to_string());
            complete = false;
            what.push_str(" + chunked, no chunks");
        }
        8 => {
            headers.push(format!("If-None-Match: {}", "\"x\", ".repeat(5_000)));
            what.push_str(" + a long If-None-Match");
        }
        9 => {
            headers.push("X-Folded: a\r\n  b".to_string());
            what.push_str(" + a folded header");
        }
        _ => {}
    }
    let mut bytes = format!(
        "{method} {path} {version}\r\n{}\r\n\r\n",
        headers.join("\r\n")
    )
    .into_bytes();
    match rng.below(6) {
        0 => {
            let cut = rng.below(bytes.len());
            bytes.truncate(cut);
            complete = false;
            what.push_str(&format!(", cut after byte {cut}"));
        }
        1 => {
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            // A flipped byte may leave the request open.
            complete = false;
            what.push_str(", bytes flipped");
        }
        _ => {}
    }
    (bytes, complete, what)
}

// ---------------------------------------------------------------- import

/// Cells that have broken, or could break, the reading of a plan's document.
const DOCUMENT_SNIPPETS: &[&str] = &[
    "25 giờ 61 phút",
    "99999999999 giờ",
    "thứ 9, tuần 6",
    "tuần 0",
    "tháng 13, 0, 99999999999",
    "Quý V",
    "năm 0",
    "Trong năm 99999",
    "ngày 31 tháng 2 năm 2023",
    "kênh ALL",
    "kênh INDEX và phát lại lúc 06 giờ kênh YEAR",
    "phát lại phát lại phát lại",
    "sau 99999 ngày",
    "thời lượng 0 phút",
    "thời lượng 99999 giờ",
    "999.999.999.999.999.999.999 đồng",
    "18446744073709551615 triệu đồng",
    "Báo \"X\": \\ # y",
    "\t\t\t\t\t\t\t\t",
    "STT\tNội dung\tThời gian thực hiện",
    "1\t\t\t\t\t\t",
    "Định kỳ hàng quý, 99 tháng, năm báo cáo về",
    "\u{2028}\u{0085}\u{feff}",
    "PK\u{3}\u{4}",
];

/// `castcal import` on mutated plan documents (the seed and the test
/// plans, as text): it ends in time with 0, 1 (written, something to
/// review) or 2, never panics, writes its file only on 0 or 1, and what it
/// writes loads as a schedule file.
#[test]
fn mutated_documents_through_import() {
    let budget = budget();
    let documents: Vec<Vec<u8>> = [
        "tests/cases/import/kien-giang-61-2023.txt",
        "tests/cases/import/an-giang-2024.txt",
        "tests/cases/import/ben-tre-2025.txt",
    ]
    .iter()
    .map(|p| std::fs::read(root().join(p)).unwrap())
    .collect();
    let tmp = tempfile::tempdir().unwrap();
    let (input, out, io) = (
        tmp.path().join("in"),
        tmp.path().join("out"),
        tmp.path().join("io"),
    );
    for d in [&input, &out, &io] {
        std::fs::create_dir_all(d).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(budget.seconds);
    let mut found: Vec<(String, String)> = Vec::new();
    let mut tally = [0usize; 3];
    let mut index = 0;
    while index < budget.cases.min(10_000) && (index < 12 || Instant::now() < deadline) {
        let mut rng = Rng::new(budget.seed ^ 0x1A_7017, index as u64);
        let source = rng.pick(&documents);
        let (bytes, what) = if index < documents.len() {
            (source.clone(), "unchanged".to_string())
        } else {
            mutate(&mut rng, source, DOCUMENT_SNIPPETS, "\t")
        };
        let doc = input.join("plan.txt");
        std::fs::write(&doc, &bytes).unwrap();
        let target = out.join("plan.yaml");
        let _ = std::fs::remove_file(&target);
        let args: Vec<String> = vec![
            "import".into(),
            doc.display().to_string(),
            "-o".into(),
            target.display().to_string(),
        ];
        let ended = castcal(&io, &args);
        let mut problems = Vec::new();
        if ended.timed_out {
            problems.push("hang".to_string());
        }
        if ended.signal.is_some() || ended.code == Some(101) || ended.stderr.contains("panicked") {
            problems.push(format!("crash: {:?} {:?}", ended.code, ended.signal));
        }
        match ended.code {
            Some(code @ (0 | 1)) => {
                tally[code as usize] += 1;
                match std::fs::read_to_string(&target) {
                    Ok(yaml) => {
                        if let Err(e) = castcal::plan::load_one(&target, yaml) {
                            problems.push(format!("the written file does not load: {e}"));
                        }
                    }
                    Err(e) => problems.push(format!("success without its file: {e}")),
                }
            }
            Some(2) => {
                tally[2] += 1;
                if !ended.stderr.starts_with("lỗi: ") {
                    problems.push(format!("status 2 without `lỗi: `: {}", ended.stderr));
                }
                if target.exists() {
                    problems.push("refused, but wrote its file".to_string());
                }
            }
            other => problems.push(format!("exit status {other:?}")),
        }
        for entry in std::fs::read_dir(&out).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name != "plan.yaml" {
                problems.push(format!("left behind: {name}"));
            }
        }
        if !problems.is_empty() {
            let kept = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("fuzz-failures")
                .join(format!("import-{index}.txt"));
            std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
            std::fs::write(&kept, &bytes).unwrap();
            found.push((
                problems.join("; "),
                format!(
                    "import case {index} ({what}), kept in {}: {}",
                    kept.display(),
                    ended.stderr.lines().take(4).collect::<Vec<_>>().join(" | ")
                ),
            ));
        }
        index += 1;
    }
    eprintln!(
        "fuzz import: {index} runs: {} written, {} written with something to review, {} refused",
        tally[0], tally[1], tally[2]
    );
    assert!(tally[0] + tally[1] >= 1, "import never succeeded");
    report(&found);
    assert!(found.is_empty(), "{} failing runs (see above)", found.len());
}

#[test]
fn mutated_requests_and_edits_to_serve() {
    let budget = budget();
    let seeds = seeds();
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("schedules");
    std::fs::create_dir_all(served.join("holidays")).unwrap();
    let mut plan = seeds.plan.clone();
    plan.extend_from_slice(format!("# {SECRET}\n").as_bytes());
    let plan_path = served.join("kien-giang-cchc-2023.yaml");
    std::fs::write(&plan_path, &plan).unwrap();
    std::fs::write(served.join("holidays/vn-2023.yaml"), &seeds.holidays).unwrap();
    std::fs::write(tmp.path().join("secret.txt"), SECRET).unwrap();
    let mut server = Server::start(&served, tmp.path().join("serve.stderr"));
    let addr = server.addr.clone();
    let paths = hostile_paths(tmp.path());
    let good = format!("GET /index.html HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");

    let started = Instant::now();
    let deadline = started + Duration::from_secs(budget.seconds);
    let least = 40;
    let mut found: Vec<String> = Vec::new();
    let (mut answered, mut closed, mut silent, mut edits, mut checks) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    // Connections left half-way, still open when the server is told to stop.
    let mut held: Vec<TcpStream> = Vec::new();
    let mut index = 0usize;
    while index < budget.cases && (Instant::now() < deadline || index < least) && found.len() < 20 {
        let mut rng = Rng::new(budget.seed ^ 0x5E7E, index as u64);
        if index % 20 == 19 {
            // An edit of the schedules being served: the server must keep serving.
            let (bytes, said) = mutate(&mut rng, &seeds.plan, YAML_SNIPPETS, ": ");
            std::fs::write(&plan_path, &bytes).unwrap();
            edits += 1;
            std::thread::sleep(Duration::from_millis(600));
            let ok = matches!(send(&addr, good.as_bytes(), Duration::from_secs(10)), Answer::Reply(r) if status_of(&r) == Some(200));
            if !ok || !server.alive() {
                let kept = Path::new(env!("CARGO_TARGET_TMPDIR"))
                    .join(format!("fuzz-failures/serve-edit-{index}.yaml"));
                std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
                std::fs::write(&kept, &bytes).unwrap();
                found.push(format!(
                    "request {index}: after the served plan was edited ({said}), {}; the edit is kept in {}:\n{:?}",
                    if server.alive() { "index.html is not served" } else { "the server is dead" },
                    kept.display(),
                    String::from_utf8_lossy(bytes.get(..bytes.len().min(2000)).unwrap_or_default())
                ));
                if !server.alive() {
                    break;
                }
            }
            index += 1;
            continue;
        }
        // First every hostile path once, as a clean GET; then mutations.
        let (bytes, complete, what) = match paths.get(index) {
            Some(path) => (
                format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                    .into_bytes(),
                true,
                format!("GET {:?}", path.chars().take(80).collect::<String>()),
            ),
            None => request(&mut rng, &addr, &paths),
        };
        if !complete && held.len() < 4 && rng.chance(30) {
            if let Ok(mut stream) = TcpStream::connect(&addr) {
                let _ = stream.write_all(&bytes);
                held.push(stream);
            }
            index += 1;
            continue;
        }
        let answer = send(
            &addr,
            &bytes,
            if complete {
                Duration::from_secs(5)
            } else {
                Duration::from_millis(300)
            },
        );
        match &answer {
            Answer::Reply(reply) => {
                answered += 1;
                let text = String::from_utf8_lossy(reply);
                if !reply.starts_with(b"HTTP/1.") {
                    found.push(format!(
                        "request {index} ({what}): an answer that is not HTTP: {:?}",
                        text.chars().take(200).collect::<String>()
                    ));
                }
                if text.contains(SECRET) || text.contains("root:x:0:0") {
                    found.push(format!(
                        "request {index} ({what}): a file outside the site was served: {:?}",
                        text.chars().take(300).collect::<String>()
                    ));
                }
            }
            Answer::Closed => closed += 1,
            Answer::Silent => {
                silent += 1;
                if complete {
                    found.push(format!(
                        "request {index} ({what}): neither an answer nor a close in 5 s"
                    ));
                }
            }
        }
        // Still serving a good request?
        if index.is_multiple_of(4) || !server.alive() {
            checks += 1;
            let ok = matches!(send(&addr, good.as_bytes(), Duration::from_secs(10)), Answer::Reply(r) if status_of(&r) == Some(200));
            if !ok {
                found.push(format!(
                    "request {index} ({what}): afterwards, {}",
                    if server.alive() {
                        "a good request is not answered with 200"
                    } else {
                        "the server is dead"
                    }
                ));
                if !server.alive() {
                    break;
                }
            }
        }
        index += 1;
    }
    // Back to the real plan: the server takes it again.
    std::fs::write(&plan_path, &plan).unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    if server.alive() {
        let ok = matches!(send(&addr, good.as_bytes(), Duration::from_secs(10)), Answer::Reply(r) if status_of(&r) == Some(200));
        if !ok {
            found.push("after the fuzzing, index.html is not served".to_string());
        }
    }
    // SIGTERM ends it within seconds, half-open connections or not.
    let elapsed = started.elapsed();
    let held_open = held.len();
    let pid = server.child.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let (status, timed_out) = wait_for(&mut server.child, Duration::from_secs(10));
    if timed_out {
        found.push(format!("the server did not stop within 10 s of SIGTERM ({held_open} connections held half-way)"));
    } else if let Some(s) = status {
        if s.code() == Some(101) || signal_of(s).is_some() {
            found.push(format!("the server ended badly: {s:?}"));
        }
    }
    drop(held);
    let log = std::fs::read_to_string(&server.stderr).unwrap_or_default();
    if log.contains("panicked") {
        let line = log
            .lines()
            .find(|l| l.contains("panicked"))
            .unwrap_or_default();
        found.push(format!("the server's log has a panic: {line}"));
    }
    eprintln!(
        "fuzz serve: {index} requests and edits in {:.1} s: {answered} answered, {closed} closed, {silent} silent (incomplete), {edits} schedule edits, {checks} good requests between, {held_open} held half-way at SIGTERM",
        elapsed.as_secs_f64()
    );
    for f in &found {
        eprintln!("\n{f}");
    }
    assert!(
        index >= least.min(budget.cases) || !found.is_empty(),
        "only {index} requests"
    );
    assert!(answered > 0 && checks > 0, "nothing was answered");
    assert!(
        found.is_empty(),
        "{} problems with serve (see above)",
        found.len()
    );
}
