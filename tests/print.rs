#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `castcal print`: the real plan's calendar against golden files, `-o`,
//! escaping and bad input. Regenerate the golden files with
//! `CASTCAL_BLESS=1 cargo test --test print`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Test;

/// The page `castcal ARGS…` prints, succeeding with nothing on standard
/// error.
fn printed(args: &[&str]) -> String {
    Test::new(args).stdout_any().run().stdout().to_owned()
}

const PLAN: &str = "schedules/kien-giang-cchc-2023.yaml";

#[test]
fn the_real_plan_in_vietnamese_matches_the_golden_file() {
    Test::new(["print", PLAN])
        .stdout_golden("tests/golden/print-kien-giang-cchc-2023.vi.html")
        .run();
}

#[test]
fn the_real_plan_in_english_matches_the_golden_file() {
    Test::new(["print", PLAN, "--lang", "en"])
        .stdout_golden("tests/golden/print-kien-giang-cchc-2023.en.html")
        .run();
}

#[test]
fn vietnamese_is_the_default_with_monday_first_weeks() {
    let html = printed(&["print", PLAN]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    for month in 1..=12 {
        assert!(html.contains(&format!("<caption>Tháng {month} <span>2023</span>")));
    }
    assert!(html.contains(
        "<tr><th>T2</th><th>T3</th><th>T4</th><th>T5</th><th>T6</th><th>T7</th><th class=\"sun\">CN</th></tr>"
    ));
    // January 2023 starts on a Sunday: six empty cells, then the 1st, a holiday,
    // with lunar 10/12 under it.
    assert!(html.contains(
        "<tr><td class=\"pad\"></td><td class=\"pad\"></td><td class=\"pad\"></td><td class=\"pad\"></td><td class=\"pad\"></td><td class=\"pad\"></td><td class=\"sun hol\" title=\"Tết Dương lịch\"><b>1</b><i>10/12</i>"
    ));
    // Tết: 22/01/2023 is 1/1 lunar; Giỗ Tổ 29/04 is 10/3.
    assert!(html.contains("title=\"Tết Nguyên đán\"><b>22</b><i class=\"new\">1/1</i>"));
    assert!(html.contains("title=\"Giỗ Tổ Hùng Vương\"><b>29</b><i>10</i>"));
    // The leap month 2 of 2023 starts on 22/03.
    assert!(html.contains("<b>22</b><i class=\"new\">1/2N</i>"));
}

#[test]
fn no_clock_and_no_network() {
    let html = printed(&["print", PLAN]);
    assert!(html.contains("Ngày lập: 06/03/2023"));
    for banned in ["<script", "http://", "https://", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
}

#[test]
fn output_file_is_written_whole_and_equals_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("year.html");
    fs::write(&path, "old").unwrap();
    Test::new(["print", PLAN, "-o", path.to_str().unwrap()]).run();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        printed(&["print", PLAN])
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_missing_folder_for_the_output_leaves_nothing_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/year.html");
    Test::new(["print", PLAN, "-o", path.to_str().unwrap()])
        .status(2)
        .stderr(format!(
            "lỗi: không ghi được {}: không có tệp hay thư mục này (os error 2)\n",
            path.display()
        ))
        .run();
    assert!(!path.exists());
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn every_text_from_the_plan_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "holidays/h.yaml",
        "- { date: 2024-02-10, name: \"Tết <b>&</b> 'x'\" }\n",
    );
    let plan = write(
        dir.path(),
        "p.yaml",
        r#"
plan:
  id: esc
  title: "Plan <script>alert('x')</script> & \"quotes\""
  reference: "<i>61</i> & 'ref'"
  timezone: Asia/Ho_Chi_Minh
  period: { from: 2024-01-01, to: 2024-12-31 }
  holidays: [holidays/h.yaml]
outlets:
  KG: { name: "K<G> & 'one'", kind: tv }
activities:
  - { id: a, title: "Say \"<hello>\" & 'bye'", kind: broadcast, outlet: KG,
      start: 2024-02-10T17:45, duration: PT10M }
"#,
    );
    let html = printed(&["print", plan.to_str().unwrap(), "--lang", "en"]);
    for raw in ["<script", "<b>&", "<i>61", "K<G>", "\"<hello>\""] {
        assert!(!html.contains(raw), "{raw} is not escaped");
    }
    // An apostrophe needs no escape in text or in an attribute, which is
    // always between double quotes.
    for escaped in [
        "Plan &lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;quotes&quot;",
        "&lt;i&gt;61&lt;/i&gt; &amp; 'ref'",
        "title=\"Tết &lt;b&gt;&amp;&lt;/b&gt; 'x'\"",
        "K&lt;G&gt; &amp; 'one'",
        "Say &quot;&lt;hello&gt;&quot; &amp; 'bye'",
    ] {
        assert!(html.contains(escaped), "missing {escaped}");
    }
    // In English: Tết 2024 is 1/1 lunar on 10 February.
    assert!(html.contains("<b>10</b><i class=\"new\">1/1</i>"));
    assert!(html.contains("<caption>February <span>2024</span>"));
}

#[test]
fn a_broken_schedule_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(dir.path(), "p.yaml", "plan: [\n");
    let path = dir.path().join("year.html");
    Test::new([
        "print",
        plan.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ])
    .status(2)
    .stderr(format!(
        "lỗi: {}:2:1: YAML không đọc được chỗ này (while parsing a node, did not find expected node content); xem lại dấu nháy, dấu `:` và thụt lề ở dòng này và dòng trên\n",
        plan.display()
    ))
    .run();
    assert!(!path.exists());
}

#[test]
fn plans_printed_together_share_the_page_and_the_letter_codes_run_on() {
    let dir = tempfile::tempdir().unwrap();
    for (id, acts) in [("one", ["a", "b"].as_slice()), ("two", ["c"].as_slice())] {
        let mut text = format!(
            "plan: {{ id: {id}, title: \"Plan {id}\", timezone: Asia/Ho_Chi_Minh, \
             period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\nactivities:\n"
        );
        for a in acts {
            text.push_str(&format!(
                "  - {{ id: {a}, title: \"Act {a}\", kind: deadline, start: 2023-06-30 }}\n"
            ));
        }
        write(dir.path(), &format!("{id}.yaml"), &text);
    }
    let html = printed(&["print", dir.path().to_str().unwrap(), "--lang", "en"]);
    assert!(html.contains("<h1>Calendar 2023 — Plan one · Plan two</h1>"));
    for (code, title) in [("A", "Act a"), ("B", "Act b"), ("C", "Act c")] {
        assert!(
            html.contains(&format!(">{code}</span></td><td>{title}</td>")),
            "{code} {title}"
        );
    }
}

/// Regression: the legend listed every day off of the holiday file, also
/// those of months that page 1 does not show (they are shaded nowhere).
#[test]
fn the_legend_holds_only_the_days_off_of_the_printed_months() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "holidays/h.yaml",
        "- { date: 2023-01-01, name: \"New Year\" }\n\
         - { date: 2023-03-31, name: \"Before\" }\n\
         - { date: 2023-04-01, name: \"First shown\" }\n\
         - { date: 2023-06-30, name: \"Last shown\" }\n\
         - { from: 2023-09-01, to: 2023-09-04, name: \"National Day\" }\n",
    );
    let plan = write(
        dir.path(),
        "p.yaml",
        "plan: { id: q2, title: Q2, timezone: Asia/Ho_Chi_Minh, \
         period: { from: 2023-04-10, to: 2023-06-20 }, holidays: [holidays/h.yaml] }\n\
         activities: []\n",
    );
    let html = printed(&["print", plan.to_str().unwrap(), "--lang", "en"]);
    assert!(html.contains(
        "<tbody>\n<tr><td>01/04</td><td>First shown</td></tr>\n<tr><td>30/06</td><td>Last shown</td></tr>\n</tbody>"
    ));
    for name in ["New Year", "Before", "National Day"] {
        assert!(!html.contains(name), "{name}");
    }
    // Outside the period but in a printed month: shaded as well as greyed.
    assert!(html.contains("<td class=\"hol off\" title=\"First shown\"><b>1</b>"));
}
