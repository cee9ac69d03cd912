//! The documentation's examples run: every ```sh block of README.md and of
//! docs/ (its castcal commands, in a temporary copy of schedules/, one copy
//! per page, in the page's order, checking each exit status), and every
//! ```yaml block that is a schedule file, an activity or a holiday file
//! loads with the loader. Links between the pages point at files that exist.
//!
//! How a page marks its blocks (docs/README.md says it for writers):
//! - ```sh: each line is one command, run as `sh -c` would from the folder
//!   holding `schedules/`; `castcal` is the binary under test. It must exit 0,
//!   or with the status a comment says, on its line or on the comment lines
//!   just above it: `# exit 1`, `# exits 1`, `# exit status 1`, `# mã thoát 1`.
//!   A line running one of [`OTHER_PROGRAMS`] is not run (they are not
//!   assumed installed); any other program is an error.
//! - ```sh ignore, ```text, ```console: shown, never run.
//! - ```yaml: a whole schedule file; ```yaml activity: one activity (a list
//!   item or its keys), put in a plan with the real plan's outlets;
//!   ```yaml holidays: a holiday file; add `error` for an example that must
//!   fail to load; ```yaml ignore for YAML that is not castcal's.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::root;

/// Programs a page may show beside castcal that the test does not run.
const OTHER_PROGRAMS: &[&str] = &[
    "cargo",
    "chromium",
    "python3",
    "rsync",
    "sqlite3",
    "tv_sort",
    "tv_validate_file",
];

/// Files a page's reader has beside the plans, put in the page's folder
/// before its commands run: (page, where, copied from).
const SETUP: &[(&str, &str, &str)] = &[
    (
        "README.md",
        "tests/cases/import/kien-giang-61-2023.txt",
        "tests/cases/import/kien-giang-61-2023.txt",
    ),
    (
        "docs/huong-dan/kiem-tra.md",
        "lich-dai/kg-2023.ics",
        "tests/cases/grid-kg.ics",
    ),
    (
        "docs/huong-dan/nhap-ke-hoach.md",
        "ke-hoach-61-2023.txt",
        "tests/cases/import/kien-giang-61-2023.txt",
    ),
    (
        "docs/huong-dan/bao-cao.md",
        "schedules/evidence/KG.xml",
        "tests/cases/reconcile/kg-asrun.xml",
    ),
    (
        "docs/huong-dan/bao-cao.md",
        "schedules/evidence/KG1.csv",
        "tests/cases/reconcile/kg1-asrun.csv",
    ),
    (
        "docs/reference/importing.md",
        "ke-hoach-61.txt",
        "tests/cases/import/kien-giang-61-2023.txt",
    ),
    (
        "docs/reference/check.md",
        "grids/kg-2023.ics",
        "tests/cases/grid-kg.ics",
    ),
    (
        "docs/reference/diff.md",
        "old/kg-2023.yaml",
        "tests/cases/diff/old.yaml",
    ),
    (
        "docs/reference/diff.md",
        "new/kg-2023.yaml",
        "tests/cases/diff/new-moved.yaml",
    ),
];

/// Files taken out of a page's copy of schedules/ before its commands run:
/// the import guide starts where a department starts, with no plan yet.
const REMOVED: &[(&str, &str)] = &[(
    "docs/huong-dan/nhap-ke-hoach.md",
    "schedules/kien-giang-cchc-2023.yaml",
)];

/// `SOURCE_DATE_EPOCH` of every command: 2023-07-01 00:00 in Vietnam, the
/// middle of the real plan's year (what `reconcile` and `report` take as today).
const NOW: &str = "1688144400";

/// A command longer than this is stopped and the test fails.
const TIMEOUT: Duration = Duration::from_secs(180);

/// A fenced block of a page.
struct Block {
    /// The line of its opening fence, from 1.
    line: usize,
    /// The info string's words: the language, then the marks.
    info: Vec<String>,
    /// Its lines, each with its line number.
    body: Vec<(usize, String)>,
}

impl Block {
    fn language(&self) -> &str {
        self.info.first().map_or("", String::as_str)
    }

    fn marked(&self, mark: &str) -> bool {
        self.info.iter().skip(1).any(|m| m == mark)
    }
}

/// Every Markdown page the tests read: README.md and docs/, sorted.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut out);
    out.sort();
    out
}

/// The page's path from the repository root, with `/`.
fn name(page: &Path) -> String {
    page.strip_prefix(root())
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The info string of a line that opens or closes a ``` fence (CommonMark:
/// no backtick after the fence, so ```` ```sh ```` in a sentence is none).
fn fence(line: &str) -> Option<&str> {
    line.trim_start()
        .strip_prefix("```")
        .filter(|info| !info.contains('`'))
}

/// The fenced blocks of a Markdown page (``` fences only).
fn blocks(page: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        match (open.take(), fence(line)) {
            (None, Some(info)) => {
                open = Some(Block {
                    line: i + 1,
                    info: info.split_whitespace().map(str::to_string).collect(),
                    body: Vec::new(),
                });
            }
            (None, None) => {}
            (Some(block), Some(info)) if info.trim().is_empty() => out.push(block),
            (Some(mut block), _) => {
                block.body.push((i + 1, line.to_string()));
                open = Some(block);
            }
        }
    }
    if let Some(block) = open {
        panic!("{page}:{}: the block is not closed", block.line);
    }
    out
}

/// The exit status a comment asks for: `exit 1`, `exits 1`, `exit status 1`,
/// `mã thoát 1`.
fn status_in(comment: &str) -> Option<i32> {
    let words: Vec<String> = comment
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',' || c == ';' || c == '(')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(2).find_map(|pair| {
        let lead = ["exit", "exits", "status", "thoát"].contains(&pair[0].as_str());
        let code = pair[1].trim_end_matches(['.', ')']);
        if lead && !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) {
            code.parse().ok()
        } else {
            None
        }
    })
}

/// One command of a ```sh block: its line, its text, the status it must end with.
struct Step {
    line: usize,
    command: String,
    status: i32,
}

/// The commands of a ```sh block that run, and those of other programs that do not.
fn steps(page: &str, block: &Block) -> Vec<Step> {
    let mut out = Vec::new();
    let mut asked: Option<i32> = None;
    for (line, text) in &block.body {
        let text = text.trim();
        if text.is_empty() {
            asked = None;
            continue;
        }
        if let Some(comment) = text.strip_prefix('#') {
            asked = status_in(comment).or(asked);
            continue;
        }
        let (command, comment) = text.split_once(" #").unwrap_or((text, ""));
        let program = command
            .split_whitespace()
            .find(|w| !w.contains('='))
            .unwrap_or("");
        let status = status_in(comment).or(asked.take()).unwrap_or(0);
        if program == "castcal" {
            out.push(Step {
                line: *line,
                command: command.trim().to_string(),
                status,
            });
        } else {
            assert!(
                OTHER_PROGRAMS.contains(&program),
                "{page}:{line}: `{program}` is not castcal: mark the block ```sh ignore, \
                 or add the program to OTHER_PROGRAMS if a reader may run it"
            );
        }
    }
    out
}

/// Copies a folder and everything in it.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A page's folder: a copy of schedules/ and what [`SETUP`] gives the page.
fn folder_for(page: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("schedules"), &dir.path().join("schedules"));
    for (_, file) in REMOVED.iter().filter(|(p, _)| *p == page) {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    for (_, to, from) in SETUP.iter().filter(|(p, _, _)| *p == page) {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(from), to).unwrap();
    }
    let bin = dir.path().join(".bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_castcal"), bin.join("castcal")).unwrap();
    dir
}

/// Runs one command line with `sh -c` in `dir`, `castcal` first on the PATH.
/// Returns its status (-1 for a signal) and standard error.
fn run_line(dir: &Path, command: &str) -> (i32, String) {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![dir.join(".bin")];
    paths.extend(std::env::split_paths(&path));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("SOURCE_DATE_EPOCH", NOW)
        .env("NO_COLOR", "1")
        .env_remove("CASTCAL_LANG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > TIMEOUT {
            child.kill().unwrap();
            panic!("`{command}` still ran after {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The pages' ```sh blocks, run in order, one folder per page.
#[test]
fn every_command_of_the_docs_runs() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for page in pages() {
        let page_name = name(&page);
        let text = std::fs::read_to_string(&page).unwrap();
        let runnable: Vec<Block> = blocks(&page_name, &text)
            .into_iter()
            .filter(|b| ["sh", "bash", "shell"].contains(&b.language()) && !b.marked("ignore"))
            .collect();
        if runnable.is_empty() {
            continue;
        }
        let dir = folder_for(&page_name);
        for block in &runnable {
            for step in steps(&page_name, block) {
                let (code, stderr) = run_line(dir.path(), &step.command);
                ran += 1;
                if code != step.status || stderr.contains("panicked") {
                    failures.push(format!(
                        "{page_name}:{}: `{}` exited {code}, expected {}\n{stderr}",
                        step.line, step.command, step.status
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(ran > 20, "only {ran} commands ran: are the pages read?");
}

/// Outlets of the plan an activity example is put in: the real plan's.
const ACTIVITY_PLAN: &str = "plan:
  id: doc-example
  title: Ví dụ
  timezone: Asia/Ho_Chi_Minh
  period: { from: 2023-01-01, to: 2023-12-31 }
  holidays: [holidays/vn-2023.yaml]
outlets:
  KG:   { name: \"Đài PT-TH Kiên Giang – kênh KG\", kind: tv }
  KG1:  { name: \"Đài PT-TH Kiên Giang – kênh KG1\", kind: tv }
  BKG:  { name: \"Báo Kiên Giang\", kind: newspaper }
  BTBNV: { name: \"Bản tin Bộ Nội vụ\", kind: bulletin }
  PANO: { name: \"Pano tuyên truyền CCHC\", kind: outdoor }
activities:
";

/// Keys an activity example may leave out, and what it gets then.
const ACTIVITY_DEFAULTS: &[(&str, &str)] = &[
    ("id", "vi-du"),
    ("title", "Ví dụ"),
    ("kind", "broadcast"),
    ("start", "2023-01-18"),
];

/// An activity example as a whole schedule file.
fn activity_file(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut body: Vec<String> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").to_string())
        .collect();
    let item = body
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with("- "));
    if item {
        // `- id: …` and the keys under it, two spaces in.
        body = body.into_iter().map(|l| format!("  {l}")).collect();
    } else {
        let has = |key: &str| body.iter().any(|l| l.starts_with(&format!("{key}:")));
        let mut keys: Vec<String> = ACTIVITY_DEFAULTS
            .iter()
            .filter(|(k, _)| !has(k))
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        keys.append(&mut body);
        body = keys
            .into_iter()
            .enumerate()
            .map(|(i, l)| format!("{}{l}", if i == 0 { "  - " } else { "    " }))
            .collect();
    }
    format!("{ACTIVITY_PLAN}{}\n", body.join("\n"))
}

/// Loads one YAML example as the command line does, and expands it.
fn load_example(kind: &str, text: &str) -> Result<usize, String> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("schedules/holidays"),
        &dir.path().join("holidays"),
    );
    let plan = match kind {
        "holidays" => {
            std::fs::write(dir.path().join("holidays/example.yaml"), text).unwrap();
            ACTIVITY_PLAN.replace("vn-2023.yaml", "example.yaml")
                + "  - { id: vi-du, title: Ví dụ, kind: event, start: 2023-01-02 }\n"
        }
        "activity" => activity_file(&text.lines().collect::<Vec<_>>()),
        _ => text.to_string(),
    };
    let path = dir.path().join("example.yaml");
    std::fs::write(&path, &plan).unwrap();
    let plans = castcal::plan::load(&[path]).map_err(|e| castcal::Error::from(e).message())?;
    let expansion = castcal::expand(&plans).map_err(|e| e.message())?;
    Ok(expansion.len())
}

/// What an error says after its place (`FILE:LINE:COLUMN: `), for a page
/// that shows one from a file of another name.
fn after_place(message: &str) -> &str {
    let Some(at) = message.find(".yaml:") else {
        return message;
    };
    let rest = message.get(at + ".yaml:".len()..).unwrap_or("");
    let mut parts = rest.splitn(3, ':');
    let (line, column, text) = (parts.next(), parts.next(), parts.next());
    let numbers = [line, column]
        .iter()
        .all(|n| n.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())));
    match text {
        Some(text) if numbers => text.trim(),
        _ => message,
    }
}

/// The pages' ```yaml blocks load (or fail, where marked `error`, with the
/// error the ```text block after them shows).
#[test]
fn every_schedule_example_of_the_docs_loads() {
    let mut failures = Vec::new();
    let mut loaded = 0;
    for page in pages() {
        let page_name = name(&page);
        let text = std::fs::read_to_string(&page).unwrap();
        let all = blocks(&page_name, &text);
        for (i, block) in all.iter().enumerate() {
            if !["yaml", "yml"].contains(&block.language()) || block.marked("ignore") {
                continue;
            }
            let next = all.get(i + 1).filter(|b| b.language() == "text");
            let body: String = block.body.iter().map(|(_, l)| format!("{l}\n")).collect();
            let kind = if block.marked("activity") {
                "activity"
            } else if block.marked("holidays") {
                "holidays"
            } else if body
                .lines()
                .any(|l| l.starts_with("plan:") || l.starts_with("kế hoạch:"))
            {
                "file"
            } else {
                failures.push(format!(
                    "{page_name}:{}: a ```yaml block that is no schedule file: mark it \
                     `yaml activity`, `yaml holidays` or `yaml ignore`",
                    block.line
                ));
                continue;
            };
            loaded += 1;
            match (load_example(kind, &body), block.marked("error")) {
                (Ok(_), false) => {}
                (Err(e), true) => {
                    // The error the page shows after the example is the loader's.
                    let shown = next.and_then(|b| b.body.first()).map(|(_, l)| l.as_str());
                    // `lỗi: ` on the Vietnamese pages, `error: ` on the English.
                    let error = |l: &&str| l.starts_with("error: ") || l.starts_with("lỗi: ");
                    if let Some(shown) = shown.filter(error) {
                        let got = e.lines().next().unwrap_or("");
                        if after_place(shown) != after_place(got) {
                            failures.push(format!(
                                "{page_name}:{}: the page shows `{shown}`, the loader says `{got}`",
                                block.line
                            ));
                        }
                    }
                }
                (Ok(n), true) => failures.push(format!(
                    "{page_name}:{}: marked `error`, but it loads ({n} occurrences)",
                    block.line
                )),
                (Err(e), false) => failures.push(format!("{page_name}:{}: {e}", block.line)),
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(loaded > 5, "only {loaded} examples: are the pages read?");
}

/// Every relative link of a page names a file or folder that exists.
#[test]
fn every_link_between_the_pages_resolves() {
    let mut missing = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut in_code = false;
        for (i, line) in text.lines().enumerate() {
            if fence(line).is_some() {
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            for target in line.split("](").skip(1).filter_map(|s| s.split(')').next()) {
                let file = target.split('#').next().unwrap_or("");
                if file.is_empty() || file.contains("://") || file.starts_with("mailto:") {
                    continue;
                }
                if !page.parent().unwrap().join(file).exists() {
                    missing.push(format!("{}:{}: {target}", name(&page), i + 1));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "links to nothing:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_comment_gives_the_status() {
    assert_eq!(status_in(" exit 1: something changed"), Some(1));
    assert_eq!(status_in(" exits 1 when a rerun was missed"), Some(1));
    assert_eq!(status_in(" exit status 2"), Some(2));
    assert_eq!(status_in(" mã thoát 1 (có lỗi)"), Some(1));
    assert_eq!(status_in(" Lệnh kết thúc với mã thoát 1."), Some(1));
    assert_eq!(status_in(" every occurrence of every plan"), None);
    assert_eq!(status_in(" kênh 1"), None);
}

/// The rows of the parts table after `heading` (lines starting "| `").
fn parts_table(text: &str, heading: &str) -> Vec<String> {
    let after = text.split(heading).nth(1).unwrap_or("");
    after
        .lines()
        .skip_while(|l| !l.starts_with("| `"))
        .take_while(|l| l.starts_with("| `"))
        .map(str::to_string)
        .collect()
}

/// tests/architecture.rs checks the README's table of the parts against the
/// code; the reference's copy (docs/reference/architecture.md) must say the same.
#[test]
fn the_reference_draws_the_parts_as_the_readme_does() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let reference = std::fs::read_to_string(root().join("docs/reference/architecture.md")).unwrap();
    let drawn = parts_table(&readme, "## Inside");
    assert!(drawn.len() > 10, "{drawn:?}");
    assert_eq!(parts_table(&reference, "# Inside"), drawn);
}
