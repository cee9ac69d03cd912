#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! The import corpus (tests/corpus/import/): each plan of other offices, as
//! text and as a Word file, imported and compared with its expectation,
//! written by hand from a calendar: at least 95% of its timed slots exactly,
//! no slot that is not tentative beyond them, and its budget total.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{root, run};

const PLANS: &[&str] = &[
    "bo-tu-phap-142-2025",
    "cu-chi-87-2023",
    "dong-nai-1035-2024",
    "hai-phong-15-2023",
    "hue-512-2027",
    "lao-cai-35-2025",
    "nghe-an-28-2026",
    "quang-ninh-syt-96-2025",
    "quang-tri-btg-85-2024",
];

/// What one import gives, against its expectation.
#[derive(Debug)]
struct Measure {
    matched: usize,
    expected: usize,
    extra_tentative: usize,
    extra_confirmed: Vec<String>,
    budget: u64,
    budget_expected: u64,
    status: i32,
}

/// The timed slots of an expectation: each start, local, as `YYYY-MM-DDTHH:MM`.
fn expected_slots(expect: &serde_json::Value) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for a in expect["activities"].as_array().unwrap() {
        let mut lists = vec![&a["slots"]];
        for r in a["reruns"].as_array().into_iter().flatten() {
            lists.push(&r["slots"]);
        }
        for list in lists {
            for s in list.as_array().into_iter().flatten() {
                let s = s.as_str().unwrap();
                *out.entry(s.get(..16).unwrap().to_string()).or_insert(0) += 1;
            }
        }
    }
    out
}

fn measure(plan: &str, ext: &str) -> Measure {
    let dir = root().join("tests/corpus/import");
    let expect: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{plan}.expect.json"))).unwrap(),
    )
    .unwrap();
    let doc = dir.join(format!("{plan}.{ext}"));
    let r = run(&["import", doc.to_str().unwrap()]);
    assert!(r.code == 0 || r.code == 1, "{plan}.{ext}: {}", r.stderr);
    let imported = castcal::plan::load_one(Path::new("x.yaml"), r.stdout.clone())
        .unwrap_or_else(|e| panic!("{plan}.{ext}: {e}"));
    let expansion = castcal::expand(std::slice::from_ref(&imported)).unwrap();
    let mut want = expected_slots(&expect);
    let expected = want.values().sum();
    let mut measure = Measure {
        matched: 0,
        expected,
        extra_tentative: 0,
        extra_confirmed: Vec::new(),
        budget: imported
            .activities
            .iter()
            .filter_map(|a| a.budget_vnd)
            .sum(),
        budget_expected: expect["budget_total_vnd"].as_u64().unwrap_or(0),
        status: r.code,
    };
    for o in expansion.occurrences().iter().filter(|o| !o.all_day()) {
        let key = o.start.rfc3339().get(..16).unwrap().to_string();
        match want.get_mut(&key).filter(|n| **n > 0) {
            Some(n) => {
                *n -= 1;
                measure.matched += 1;
            }
            None if o.activity.status == castcal::plan::Status::Tentative => {
                measure.extra_tentative += 1
            }
            None => measure
                .extra_confirmed
                .push(format!("{key} {}", o.activity.id)),
        }
    }
    measure
}

/// Every plan, as text and as Word: the figures, printed, then held.
#[test]
fn every_corpus_plan_imports_to_its_expectation() {
    let mut failed = Vec::new();
    for plan in PLANS {
        for ext in ["txt", "docx"] {
            let m = measure(plan, ext);
            println!(
                "{plan}.{ext}: {}/{} timed slots, extra {} tentative + {} not, budget {} of {}, exit {}",
                m.matched,
                m.expected,
                m.extra_tentative,
                m.extra_confirmed.len(),
                m.budget,
                m.budget_expected,
                m.status
            );
            let enough = m.matched * 100 >= m.expected * 95;
            if !enough || !m.extra_confirmed.is_empty() || m.budget != m.budget_expected {
                failed.push(format!("{plan}.{ext}: {m:?}"));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
