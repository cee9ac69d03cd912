//! No schedule file, however broken or extreme, makes castcal panic: it
//! either reports an error or produces every output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use castcal::export::{csv, html, ics, table, Lang};
use castcal::plan::load_one;
use castcal::{check, expand, site};
use proptest::prelude::*;

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
    let target = candidates[line % candidates.len()];
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == target {
            let cut = l.find(": ").unwrap();
            out.push_str(&l[..cut + 2]);
            out.push_str(value);
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// Every output of a plan that loaded; none may panic.
fn all_outputs(text: String) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/mutated.yaml");
    let Ok(plan) = load_one(&dir, text) else {
        return;
    };
    let plans = [plan];
    let Ok(occurrences) = expand(&plans) else {
        return;
    };
    let _ = table::render(&occurrences);
    for mode in [ics::Mode::Instances, ics::Mode::Rrule] {
        let options = ics::Options {
            mode,
            outlets: Vec::new(),
        };
        ics::write(std::io::sink(), &plans, &occurrences, &options).unwrap();
    }
    for lang in [Lang::En, Lang::Vi] {
        let options = csv::Options {
            lang,
            ..csv::Options::default()
        };
        csv::render(&plans, &occurrences, &options).unwrap();
        let _ = html::render(&plans, &occurrences, lang);
    }
    let _ = check::check(&plans, &occurrences, &[]);
    let _ = site::render(&plans, &site::Options::default(), None);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn one_changed_value_never_panics(line in 0usize..200, value in prop::sample::select(NASTY.to_vec())) {
        all_outputs(mutate(PLAN, line, value));
    }

    #[test]
    fn two_changed_values_never_panic(
        a in 0usize..200, va in prop::sample::select(NASTY.to_vec()),
        b in 0usize..200, vb in prop::sample::select(NASTY.to_vec()),
    ) {
        all_outputs(mutate(&mutate(PLAN, a, va), b, vb));
    }
}
