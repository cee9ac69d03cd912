//! The everyday mistakes made writing a schedule file, and exactly what
//! castcal says about each, in Vietnamese and in English.
//!
//! Each `tests/mistakes/NN-name.yaml` is the real plan (or nothing) with
//! one slip; `NN-name.vi.txt` is the whole standard error of
//! `castcal check NN-name.yaml`, `NN-name.en.txt` of `castcal check --lang
//! en NN-name.yaml`. Rewritten with `CASTCAL_BLESS=1 cargo test --test
//! mistakes`: read the diff before committing it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use castcal::words::{said, Lang};
use common::{assert_golden, files, rel, Test};

/// The broken plans, in order.
fn mistakes() -> Vec<String> {
    let mistakes: Vec<String> = files("tests/mistakes", "yaml")
        .iter()
        .map(|p| rel(p))
        .collect();
    assert!(mistakes.len() >= 25, "only {} mistakes", mistakes.len());
    mistakes
}

fn golden(mistake: &str, lang: &str) -> String {
    format!("{}.{lang}.txt", mistake.trim_end_matches(".yaml"))
}

#[test]
fn each_mistake_is_said_in_vietnamese_where_to_change_it() {
    for mistake in mistakes() {
        Test::new(["check", &mistake])
            .status(2)
            .stderr_golden(golden(&mistake, "vi"))
            .run();
    }
}

/// What `castcal check --lang en` prints for a plan that does not load:
/// the library's message, shown in English, as `main` prints an error.
fn english_stderr(mistake: &str) -> String {
    let refused = castcal::plan::load(&[Path::new(mistake).to_path_buf()])
        .err()
        .unwrap_or_else(|| panic!("{mistake} was accepted"));
    let message = said::show_in(Lang::En, || castcal::Error::from(refused).message());
    format!("error: {message}\n")
}

#[test]
fn each_mistake_is_said_in_english() {
    for mistake in mistakes() {
        assert_golden(&golden(&mistake, "en"), &english_stderr(&mistake));
    }
}

/// The same English text from the binary: `--lang en` chooses the
/// language of the messages `main` prints.
#[test]
fn each_mistake_is_said_in_english_by_the_command() {
    for mistake in mistakes() {
        Test::new(["check", "--lang", "en", &mistake])
            .status(2)
            .stderr_golden(golden(&mistake, "en"))
            .run();
    }
}

/// Mistakes whose message is made in English only: none.
const ENGLISH_ONLY: &[&str] = &[];

/// The two languages say the same thing at the same place: the first line's
/// `file:line:column` is the same, the words are not.
#[test]
fn both_languages_point_at_the_same_place() {
    for mistake in mistakes() {
        let read = |lang| std::fs::read_to_string(common::root().join(golden(&mistake, lang)));
        let (vi, en) = (read("vi").unwrap(), read("en").unwrap());
        let place = |text: &str| {
            let first = text.lines().next().unwrap_or("").to_string();
            let after = first
                .trim_start_matches("error: ")
                .trim_start_matches("lỗi: ");
            // `path:line:column:` or `path:`.
            let parts: Vec<&str> = after.splitn(4, ':').collect();
            match parts.as_slice() {
                [path, line, column, _] if line.parse::<u32>().is_ok() => {
                    format!("{path}:{line}:{column}")
                }
                [path, ..] => path.to_string(),
                [] => String::new(),
            }
        };
        assert_eq!(place(&vi), place(&en), "{mistake}");
        assert_eq!(
            vi == en,
            ENGLISH_ONLY.contains(&mistake.as_str()),
            "{mistake}: said the same in both languages, or no longer"
        );
    }
}
