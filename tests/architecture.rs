#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

//! The parts of castcal and what each may use, as the README's "Inside"
//! draws them: a module that reaches for a part it may not use, a module
//! below the command line that uses clap, or a check that reads a file
//! fails here, with the file that does it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each part, and the parts it may use. The command line (`cli`) and the
/// crate's root may use any.
const PARTS: &[(&str, &[&str])] = &[
    ("zone", &[]),
    ("files", &[]),
    ("lunar", &[]),
    ("workdays", &["lunar"]),
    ("cores", &[]),
    ("said", &["files"]),
    ("words/keys", &["said"]),
    ("progress", &[]),
    ("phrase", &[]),
    (
        "plan",
        &["zone", "files", "workdays", "phrase", "said", "words/keys"],
    ),
    ("palette", &["plan"]),
    ("occurrence", &["plan", "zone"]),
    ("error", &["plan", "said"]),
    ("expand", &["plan", "occurrence", "zone", "cores", "error"]),
    (
        "words",
        &["plan", "occurrence", "workdays", "files", "said"],
    ),
    ("format", &["occurrence", "words"]),
    ("grid", &["plan", "zone", "error", "said"]),
    (
        "check",
        &[
            "plan",
            "occurrence",
            "expand",
            "grid",
            "format",
            "words",
            "words/keys",
        ],
    ),
    (
        "export",
        &[
            "plan",
            "occurrence",
            "expand",
            "format",
            "words",
            "palette",
            "lunar",
            "workdays",
            "zone",
            "cores",
            "diff",
            "files",
            "testing",
        ],
    ),
    ("output", &["error", "files"]),
    (
        "import",
        &[
            "plan",
            "phrase",
            "occurrence",
            "expand",
            "words",
            "words/keys",
            "error",
            "cores",
            "workdays",
        ],
    ),
    ("roll", &["plan", "words", "error"]),
    ("fmt", &["plan", "words", "output", "error"]),
    (
        "diff",
        &[
            "plan",
            "occurrence",
            "expand",
            "format",
            "words",
            "output",
            "error",
            "zone",
            "files",
        ],
    ),
    (
        "site",
        &[
            "plan",
            "occurrence",
            "expand",
            "check",
            "diff",
            "export",
            "format",
            "words",
            "output",
            "error",
            "files",
            "reconcile",
            "report",
            "testing",
        ],
    ),
    (
        "reconcile",
        &[
            "plan",
            "occurrence",
            "expand",
            "format",
            "words",
            "export",
            "error",
            "zone",
            "cores",
        ],
    ),
    (
        "report",
        &[
            "plan",
            "occurrence",
            "expand",
            "format",
            "words",
            "error",
            "reconcile",
            "export",
        ],
    ),
    ("serve", &["plan", "site", "error", "said"]),
    ("testing", &["plan"]),
];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files of a folder that are parts of their own, below the folder's
/// other files: the names a schedule file is written in are words, but the
/// loader reads them.
const OWN_PARTS: &[&str] = &["words/keys"];

/// The part a file of `src/` belongs to: its first folder, or its name, or
/// one of [`OWN_PARTS`].
fn part_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let own = relative
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/");
    if OWN_PARTS.contains(&own.as_str()) {
        return own;
    }
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments (`//` to the end of the line).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) => line.get(..i).unwrap_or(line),
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The name a path starts with (`plan` of ` plan::Plan`), if any.
fn name(path: &str) -> Option<String> {
    let name: String = path
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The parts `code` names through `crate::`: `crate::plan::Plan`,
/// `crate::{format, words::Lang}`, `$crate::words::Lang`.
fn used(code: &str) -> BTreeSet<String> {
    let mut parts = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = code.get(i + "crate::".len()..).unwrap_or("");
        if let Some(group) = rest.strip_prefix('{') {
            // Only the top level of the group: `a, b::{c, d}, e`, to its `}`.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        parts.extend(name(&item));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.extend(name(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
        } else if let Some(own) = OWN_PARTS
            .iter()
            .find(|p| rest.starts_with(&p.replace('/', "::")))
        {
            parts.insert((*own).to_string());
        } else {
            parts.extend(name(rest));
        }
    }
    parts
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_part_uses_only_what_it_may() {
    let src = src();
    let mut files = Vec::new();
    sources(&src, &mut files);
    let allowed: BTreeMap<&str, &[&str]> = PARTS.iter().copied().collect();
    let known: BTreeSet<String> = files.iter().map(|f| part_of(&src, f)).collect();
    let mut wrong = Vec::new();
    for file in &files {
        let part = part_of(&src, file);
        if matches!(part.as_str(), "cli" | "lib" | "main") {
            continue;
        }
        let Some(may) = allowed.get(part.as_str()) else {
            wrong.push(format!(
                "{}: the part `{part}` is not drawn in PARTS (nor in the README's \"Inside\")",
                file.display()
            ));
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        for used in used(&code(&text)) {
            if used != part && known.contains(&used) && !may.contains(&used.as_str()) {
                wrong.push(format!("{}: `{part}` uses `{used}`", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Only the command line knows there is a command line.
#[test]
fn only_the_command_line_uses_clap() {
    let src = src();
    let mut files = Vec::new();
    sources(&src, &mut files);
    for file in files {
        if part_of(&src, &file) == "cli" {
            continue;
        }
        let text = code(&fs::read_to_string(&file).unwrap());
        assert!(!text.contains("clap"), "{} uses clap", file.display());
    }
}

/// The checks compare what they are given; reading files is the plan's
/// and the grid's job.
#[test]
fn the_checks_read_no_file() {
    let src = src();
    let mut files = Vec::new();
    sources(&src.join("check"), &mut files);
    assert!(!files.is_empty());
    for file in files {
        let text = code(&fs::read_to_string(&file).unwrap());
        for io in ["std::fs", "fs::", "File::open", "read_to_string"] {
            assert!(!text.contains(io), "{} reads files ({io})", file.display());
        }
    }
}

#[test]
fn uses_are_read_from_paths_and_groups() {
    let got = used("use crate::{format::{Dmy, ClockSpan}, words};\nlet x = crate::plan::load(p);\n$crate::zone::x");
    let want: BTreeSet<String> = ["format", "words", "plan", "zone"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(got, want);
    let own = used("use crate::words::keys::{self, Key};\nuse crate::words::Lang;");
    assert_eq!(own, ["words", "words/keys"].map(String::from).into());
}

/// The README's table of the parts says what `PARTS` says.
#[test]
fn the_readme_draws_the_parts_as_they_are() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let inside = readme.split("## Inside").nth(1).unwrap();
    let mut drawn = BTreeMap::new();
    for row in inside.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let name = cells[1]
            .trim_matches('`')
            .trim_end_matches('/')
            .trim_end_matches(".rs");
        let uses: BTreeSet<String> = match cells[3] {
            "nothing" => BTreeSet::new(),
            "every part" => continue,
            list => list
                .split(", ")
                .map(|u| u.trim_matches('`').to_string())
                .collect(),
        };
        drawn.insert(name.to_string(), uses);
    }
    let parts: BTreeMap<String, BTreeSet<String>> = PARTS
        .iter()
        .filter(|(name, _)| *name != "testing")
        .map(|(name, uses)| {
            let uses = uses
                .iter()
                .filter(|u| **u != "testing")
                .map(|u| u.to_string());
            (name.to_string(), uses.collect())
        })
        .collect();
    assert_eq!(drawn, parts);
}
