#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! Every document of the import corpus (tests/cases/import/ and
//! tests/corpus/import/: text, Word and PDF) imported in both forms: the
//! Vietnamese one (the default: Vietnamese keys and words, `lịch:` phrases)
//! and the English one (`--lang en`). Both load (`castcal check`), and both
//! expand to the same bytes (`castcal expand --format json`); and the
//! `lịch:` phrases give the very occurrences of the rules import placed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::root;

/// The documents: every plan's text, Word file and PDF (the scans aside:
/// read by OCR, they are the PDFs' words again, and slow).
fn documents() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/cases/import", "tests/corpus/import"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let document = [".txt", ".docx", ".pdf"].iter().any(|x| name.ends_with(x));
            if document && !name.ends_with(".scan.pdf") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// castcal run in `dir`.
fn castcal(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_castcal"))
        .args(args)
        .current_dir(dir)
        .env("TZ", "America/Los_Angeles")
        .env_remove("CASTCAL_LANG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn both_forms_of_every_document_load_and_expand_to_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let documents = documents();
    assert!(documents.len() >= 30, "{documents:?}");
    let mut phrases = 0;
    for doc in &documents {
        let doc = doc.to_str().unwrap();
        let mut expanded = Vec::new();
        for (lang, first_key, when) in [("vi", "kế hoạch:", "lịch:"), ("en", "plan:", "when:")]
        {
            let dir = tmp.path().join(lang);
            std::fs::create_dir_all(&dir).unwrap();
            let (code, _, err) = castcal(
                &dir,
                &["import", doc, "-o", "plan.yaml", "--force", "--lang", lang],
            );
            assert!(code == 0 || code == 1, "{doc} ({lang}): {err}");
            let yaml = std::fs::read_to_string(dir.join("plan.yaml")).unwrap();
            let keys: Vec<&str> = yaml
                .lines()
                .filter(|l| !l.starts_with('#'))
                .take(1)
                .collect();
            assert_eq!(keys, [first_key], "{doc} ({lang})");
            let other = if lang == "vi" { "when:" } else { "lịch:" };
            assert!(!yaml.contains(&format!("    {other} ")), "{doc} ({lang})");
            if lang == "vi" {
                phrases += yaml.matches(&format!("\n    {when} ")).count();
            }
            let (code, _, err) = castcal(&dir, &["check", "plan.yaml", "--lang", lang]);
            assert!(
                code == 0 || code == 1,
                "{doc} ({lang}) does not load: {err}"
            );
            let (code, json, err) = castcal(&dir, &["expand", "--format", "json", "plan.yaml"]);
            assert_eq!(code, 0, "{doc} ({lang}): {err}");
            assert!(json.contains("\"uid\""), "{doc} ({lang}): {json}");
            expanded.push(json);
        }
        assert!(
            expanded[0] == expanded[1],
            "{doc}: the two forms expand differently"
        );
    }
    // The phrases are written where the loader reads them alike.
    assert!(phrases >= 100, "{phrases} phrases");
}

/// The file with its phrases expands to the same bytes as the file import
/// writes with `start` and `rrule` only: each phrase is read by the loader
/// to import's own placement.
#[test]
fn the_phrases_give_the_occurrences_import_placed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut phrases = 0;
    for doc in documents() {
        let mut expanded = Vec::new();
        for with in [true, false] {
            let options = castcal::import::Options {
                phrases: with,
                ..Default::default()
            };
            let imported = castcal::import::import(&doc, &options).unwrap();
            if with {
                phrases += imported.yaml.matches("\n    lịch: ").count();
            } else {
                assert!(!imported.yaml.contains("\n    lịch: "), "{doc:?}");
            }
            let dir = tmp.path().join(with.to_string());
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("plan.yaml"), &imported.yaml).unwrap();
            let (code, json, err) = castcal(&dir, &["expand", "--format", "json", "plan.yaml"]);
            assert_eq!(code, 0, "{doc:?}: {err}");
            expanded.push(json);
        }
        assert!(
            expanded[0] == expanded[1],
            "{doc:?}: the phrases give other occurrences than the rules"
        );
    }
    assert!(phrases >= 100, "{phrases} phrases");
}
