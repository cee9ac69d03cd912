//! No schedule file, however broken or extreme, makes castcal panic: it
//! either reports an error or produces every output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use castcal::export::{csv, html, ics, table, Lang};
use castcal::plan::load_one;
use castcal::{check, expand, site};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};

const PLAN: &str = include_str!("../schedules/kien-giang-cchc-2023.yaml");

/// Values that have broken calendar software before.
const NASTY: &[&str] = &[
    "",
    "~",
    "[]",
    "{}",
    "-1",
    "0",
    "4294967296",
    "18446744073709551616",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59",
    "2023-02-29",
    "2024-02-29T24:00",
    "2023-03-26T02:30",
    "P0D",
    "PT1S",
    "P99999Y",
    "P1Y2M3W4DT5H6M7S",
    "FREQ=YEARLY;COUNT=4294967295",
    "FREQ=DAILY;INTERVAL=65535",
    "FREQ=MONTHLY;BYDAY=5WE;BYSETPOS=-1",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=HOURLY;UNTIL=99991231T235959Z",
    "FREQ=WEEKLY;UNTIL=20230101T000000Z",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "Europe/Berlin",
    "UTC",
    "Local",
    "\"06:00\"",
    "\"23:59:59\"",
    "\"\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:x\"",
    "\"=HYPERLINK(\\\"http://x\\\")\"",
    "\"<script>alert(1)</script>\"",
    "\"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀\"",
    "next_workday",
    "previous_workday",
    "skip",
    "tentative",
    "KG1",
];

/// Replaces the value of the `line`-th `key: value` line of `text` with `value`.
fn mutate(text: &str, line: usize, value: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let candidates: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            !t.starts_with('#') && t.contains(": ") && !t.ends_with(':')
        })
        .map(|(i, _)| i)
        .collect();
    let target = candidates.get(line % candidates.len()).copied();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        match l.split_once(": ") {
            Some((key, _)) if Some(i) == target => {
                out.push_str(key);
                out.push_str(": ");
                out.push_str(value);
            }
            _ => out.push_str(l),
        }
        out.push('\n');
    }
    out
}

/// How far a mutated plan got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    /// Refused by the loader, with an error.
    Refused,
    /// Loaded, but expansion refused it.
    NotExpanded,
    /// Every output was made and looked at.
    Outputs,
}

/// Every output of a plan that loaded; none may panic, and each must be
/// what its format says (a listing line per occurrence, a whole feed, …).
fn all_outputs(text: String) -> Reached {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/mutated.yaml");
    let lines = text.lines().count();
    let plan = match load_one(&dir, text) {
        Ok(plan) => plan,
        Err(e) => {
            refused_at_a_place(&dir, lines, &e.to_string());
            return Reached::Refused;
        }
    };
    let plans = [plan];
    let Ok(occurrences) = expand(&plans) else {
        return Reached::NotExpanded;
    };
    let listing = table::render(&occurrences, castcal::words::Lang::Vi);
    assert_eq!(listing.lines().count(), occurrences.len() + 1, "{listing}");
    for mode in [ics::Mode::Instances, ics::Mode::Rrule] {
        let options = ics::Options {
            mode,
            outlets: castcal::plan::Selection::all(),
        };
        let mut feed = Vec::new();
        ics::write(&mut feed, &plans, &occurrences, &options).unwrap();
        let feed = String::from_utf8(feed).unwrap();
        assert!(feed.starts_with("BEGIN:VCALENDAR\r\n"), "{mode:?}");
        assert!(feed.ends_with("END:VCALENDAR\r\n"), "{mode:?}");
        if mode == ics::Mode::Instances {
            assert_eq!(feed.matches("BEGIN:VEVENT\r\n").count(), occurrences.len());
        }
    }
    for lang in [Lang::En, Lang::Vi] {
        let options = csv::Options {
            lang,
            ..csv::Options::default()
        };
        let sheet = csv::render(&occurrences, &options).unwrap();
        assert!(!sheet.is_empty());
        let page = html::render(&plans, &occurrences, lang);
        assert!(page.starts_with("<!DOCTYPE html>"), "{lang:?}");
        assert!(page.trim_end().ends_with("</html>"), "{lang:?}");
    }
    let report = check::check(&plans, &occurrences, &[]);
    assert_eq!(
        report.summary.errors + report.summary.warnings + report.summary.notes,
        report.findings.len()
    );
    // Every finding is worded in both languages, after the check.
    for lang in [Lang::Vi, Lang::En] {
        let text = check::report::text(&report, lang, false);
        for f in &report.findings {
            assert!(text.contains(&f.message(lang)), "{lang:?}: {f:?}");
        }
    }
    let site = site::render(&plans, &site::Options::default()).unwrap();
    for name in ["index.html", "all.ics", "check.json", "year.html"] {
        assert!(site.files.contains_key(name), "no {name} in the site");
    }
    assert_eq!(site.summary.occurrences, occurrences.len());
    Reached::Outputs
}

/// A refusal says where: the file, a line of it and a column, then what is
/// wrong (one changed value never leaves the reader without a place).
fn refused_at_a_place(path: &std::path::Path, lines: usize, said: &str) {
    let place = said
        .strip_prefix(&format!("{}:", path.display()))
        .unwrap_or_else(|| panic!("the error does not start at the file: {said}"));
    let mut parts = place.splitn(3, ':');
    let mut number = || parts.next().and_then(|n| n.parse::<usize>().ok());
    let (line, column) = (number(), number());
    assert!(
        line.is_some_and(|l| (1..=lines).contains(&l)) && column.is_some_and(|c| c >= 1),
        "the error has no line and column of the file's {lines} lines: {said}"
    );
    let message = parts.next().unwrap_or_default();
    assert!(
        message.starts_with(' ') && !message.trim().is_empty(),
        "the error says nothing after its place: {said}"
    );
}

/// Generates cases from `strategy` (with a fixed seed) and runs them through
/// [`all_outputs`] until `wanted` of them have reached every output, or
/// `attempts` were tried. Most mutations are refused by the loader, so
/// counting only attempts would let the outputs go untested; a panic names
/// the values that caused it.
fn run_cases<S>(wanted: u32, attempts: u32, strategy: S, text: impl Fn(&S::Value) -> String)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new_with_rng(
        ProptestConfig::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let (mut refused, mut not_expanded, mut outputs, mut tried) = (0u32, 0u32, 0u32, 0u32);
    while outputs < wanted && tried < attempts {
        tried += 1;
        let value = strategy.new_tree(&mut runner).unwrap().current();
        let mutated = text(&value);
        let reached = std::panic::catch_unwind(|| all_outputs(mutated.clone()))
            .unwrap_or_else(|_| panic!("case {tried} panicked: {value:?}"));
        match reached {
            Reached::Refused => refused += 1,
            Reached::NotExpanded => not_expanded += 1,
            Reached::Outputs => outputs += 1,
        }
    }
    eprintln!(
        "{tried} cases: {refused} refused by the loader, {not_expanded} by expansion, {outputs} reached every output"
    );
    assert!(
        outputs >= wanted,
        "only {outputs} of {tried} cases reached the outputs (wanted {wanted})"
    );
    assert!(
        refused > 0,
        "no case was refused: the values are not hostile"
    );
}

#[test]
fn one_changed_value_never_panics() {
    run_cases(
        20,
        1000,
        (0usize..200, prop::sample::select(NASTY.to_vec())),
        |(line, value)| mutate(PLAN, *line, value),
    );
}

#[test]
fn two_changed_values_never_panic() {
    run_cases(
        15,
        2000,
        (
            0usize..200,
            prop::sample::select(NASTY.to_vec()),
            0usize..200,
            prop::sample::select(NASTY.to_vec()),
        ),
        |(a, va, b, vb)| mutate(&mutate(PLAN, *a, va), *b, vb),
    );
}
