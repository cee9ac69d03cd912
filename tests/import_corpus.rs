#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! The import corpus (tests/corpus/import/): each plan of other offices, as
//! text and as a Word file, imported and compared with its expectation,
//! written by hand from a calendar: at least 95% of its timed slots exactly,
//! no slot that is not tentative beyond them, its budget total, every
//! activity found, and none confirmed that a careful reader would mark
//! tentative.

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
    /// Activities of the expectation the import has no activity for.
    missing: Vec<String>,
    /// Expected tentative, imported confirmed: a doubt not said.
    too_sure: Vec<String>,
    /// Expected confirmed, imported tentative.
    too_doubtful: Vec<String>,
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

/// An activity as the written file shows it: its comment's item and line,
/// its title and status.
#[derive(Debug, Clone)]
struct Written {
    item: String,
    line: usize,
    title: String,
    tentative: bool,
}

/// The activities of a written file, read from its comments (`# Mục 3
/// (dòng 26). …`, `# Mục 2 (trang 1, dòng 9). …`) and fields (in either
/// form).
fn written(yaml: &str) -> Vec<Written> {
    let mut out: Vec<Written> = Vec::new();
    for line in yaml.lines() {
        if let Some(rest) = line.strip_prefix("  # Mục ") {
            let Some((head, _)) = rest.split_once(").") else {
                continue;
            };
            let Some((item, place)) = head.rsplit_once(" (") else {
                continue;
            };
            let n = place.rsplit(' ').next().unwrap().parse().unwrap_or(0);
            out.push(Written {
                item: item.to_string(),
                line: n,
                title: String::new(),
                tentative: false,
            });
        } else if let Some(title) = line
            .strip_prefix("    tiêu đề: ")
            .or_else(|| line.strip_prefix("    title: "))
        {
            if let Some(w) = out.last_mut() {
                w.title = title.trim_matches('"').to_lowercase();
            }
        } else if line == "    trạng thái: dự kiến" || line == "    status: tentative" {
            if let Some(w) = out.last_mut() {
                w.tentative = true;
            }
        }
    }
    out
}

/// Whether an expected activity is `w`: at its line (text and Word), or
/// with its item's number, or holding its title's words.
fn same(expected: &serde_json::Value, w: &Written, line_key: Option<&str>) -> bool {
    let item = expected["item"].as_str().unwrap();
    if let Some(key) = line_key {
        return expected[key].as_u64() == Some(w.line as u64);
    }
    let base = |s: &str| s.split(" (").next().unwrap_or(s).to_string();
    let words = expected["title_words"].as_array().unwrap();
    base(item) == base(&w.item)
        || words
            .iter()
            .all(|t| w.title.contains(&t.as_str().unwrap().to_lowercase()))
}

/// Whether a careful reader marks the activity tentative in this copy:
/// its status, or an ambiguity of its item that concerns this format.
fn expected_tentative(expect: &serde_json::Value, a: &serde_json::Value, ext: &str) -> bool {
    let item = &a["item"];
    a["status"] == "tentative"
        || expect["ambiguous"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|x| {
                x["item"] == *item
                    && x["formats"]
                        .as_array()
                        .is_some_and(|f| f.iter().any(|f| f == ext))
            })
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
        missing: Vec::new(),
        too_sure: Vec::new(),
        too_doubtful: Vec::new(),
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
    compare_statuses(&expect, &r.stdout, ext, &mut measure);
    measure
}

/// Each expected activity's written one, and their statuses.
fn compare_statuses(expect: &serde_json::Value, yaml: &str, ext: &str, m: &mut Measure) {
    let line_key = match ext {
        "txt" => Some("line"),
        "docx" => Some("docx_line"),
        _ => None,
    };
    let mut left = written(yaml);
    for a in expect["activities"].as_array().unwrap() {
        let item = a["item"].as_str().unwrap().to_string();
        let Some(i) = left.iter().position(|w| same(a, w, line_key)) else {
            m.missing.push(item);
            continue;
        };
        let w = left.remove(i);
        match (expected_tentative(expect, a, ext), w.tentative) {
            (true, false) => m.too_sure.push(item),
            (false, true) => m.too_doubtful.push(item),
            _ => {}
        }
    }
}

/// Every plan, as text and as Word: the figures, printed, then held.
#[test]
fn every_corpus_plan_imports_to_its_expectation() {
    let mut failed = Vec::new();
    for plan in PLANS {
        for ext in ["txt", "docx"] {
            let m = measure(plan, ext);
            println!(
                "{plan}.{ext}: {}/{} timed slots, extra {} tentative + {} not, budget {} of {}, \
                 exit {}; status differs: tentative expected {:?}, confirmed expected {:?}",
                m.matched,
                m.expected,
                m.extra_tentative,
                m.extra_confirmed.len(),
                m.budget,
                m.budget_expected,
                m.status,
                m.too_sure,
                m.too_doubtful,
            );
            let enough = m.matched * 100 >= m.expected * 95;
            let whole = m.missing.is_empty() && m.too_sure.is_empty();
            if !enough || !m.extra_confirmed.is_empty() || m.budget != m.budget_expected || !whole {
                failed.push(format!("{plan}.{ext}: {m:?}"));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Every plan as the PDF LibreOffice exports from its Word file (a text
/// layer): the same figures as text and Word.
#[test]
fn every_corpus_plan_as_a_pdf_imports_to_its_expectation() {
    let mut failed = Vec::new();
    for plan in PLANS {
        let m = measure(plan, "pdf");
        println!(
            "{plan}.pdf: {}/{} timed slots, extra {} tentative + {} not, budget {} of {}, \
             exit {}; missing {:?}; status differs: tentative expected {:?}, confirmed expected {:?}",
            m.matched,
            m.expected,
            m.extra_tentative,
            m.extra_confirmed.len(),
            m.budget,
            m.budget_expected,
            m.status,
            m.missing,
            m.too_sure,
            m.too_doubtful,
        );
        let enough = m.matched * 100 >= m.expected * 95;
        let whole = m.missing.is_empty() && m.too_sure.is_empty();
        if !enough || !m.extra_confirmed.is_empty() || m.budget != m.budget_expected || !whole {
            failed.push(format!("{plan}.pdf: {m:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
/// Whether OCR can run here: `pdftoppm`, `tesseract` and its Vietnamese
/// data. In CI (`CI=true`) they must be: `.ci/run` installs them.
fn ocr_available() -> bool {
    let runs = |cmd: &str, arg: &str| {
        std::process::Command::new(cmd)
            .arg(arg)
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout).into_owned()
                    + &String::from_utf8_lossy(&o.stderr)
            })
            .ok()
    };
    let vie =
        runs("tesseract", "--list-langs").is_some_and(|o| o.lines().any(|l| l.trim() == "vie"));
    let ok = vie && runs("pdftoppm", "-v").is_some();
    if !ok && std::env::var("CI").as_deref() == Ok("true") {
        panic!("pdftoppm (poppler-utils) or tesseract with its Vietnamese data (tesseract-ocr, tesseract-ocr-vie) is missing; .ci/run installs them");
    }
    ok
}

/// The plans given as scans (pages as images only), read by OCR: at least
/// 90% of their timed slots, nothing added that is not tentative, every
/// activity tentative (OCR is an assumption).
#[test]
fn every_scanned_corpus_plan_imports_to_its_expectation() {
    if !ocr_available() {
        println!("skipped: pdftoppm or tesseract (vie) missing here; CI runs this test");
        return;
    }
    let mut failed = Vec::new();
    let dir = root().join("tests/corpus/import");
    for plan in PLANS {
        if !dir.join(format!("{plan}.scan.pdf")).exists() {
            continue;
        }
        let m = measure(plan, "scan.pdf");
        println!(
            "{plan}.scan.pdf: {}/{} timed slots, extra {} tentative + {} not, budget {} of {}, \
             exit {}; missing {:?}; confirmed expected {:?}",
            m.matched,
            m.expected,
            m.extra_tentative,
            m.extra_confirmed.len(),
            m.budget,
            m.budget_expected,
            m.status,
            m.missing,
            m.too_doubtful,
        );
        let enough = m.matched * 100 >= m.expected * 90;
        if !enough || !m.extra_confirmed.is_empty() || !m.too_sure.is_empty() || m.status != 1 {
            failed.push(format!("{plan}.scan.pdf: {m:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
