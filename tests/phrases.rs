//! `when:` phrases against what they mean written out: each row of
//! tests/phrases/table.tsv is loaded twice through the binary, once as
//! `when: PHRASE` and once as `start`, `rrule`, `exdates`, `rdates` and
//! `duration`, and `castcal expand --format json` must list the same
//! occurrences for both. Then what the loader refuses, at its place.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::Test;
use serde_json::Value;

/// One row of the table.
struct Row {
    phrase: String,
    year: i32,
    kind: String,
    duration: Option<String>,
    start: String,
    rrule: Option<String>,
    exdates: Vec<String>,
    rdates: Vec<String>,
    length: String,
}

fn table() -> Vec<Row> {
    let text = std::fs::read_to_string(common::root().join("tests/phrases/table.tsv")).unwrap();
    let dash = |s: &str| (s != "-").then(|| s.to_string());
    let list = |s: &str| -> Vec<String> {
        dash(s)
            .map(|s| s.split(',').map(str::to_string).collect())
            .unwrap_or_default()
    };
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 9, "{l}");
            Row {
                phrase: f[0].into(),
                year: f[1].parse().unwrap(),
                kind: f[2].into(),
                duration: dash(f[3]),
                start: f[4].into(),
                rrule: dash(f[5]),
                exdates: list(f[6]),
                rdates: list(f[7]),
                length: f[8].into(),
            }
        })
        .collect()
}

fn plan(year: i32, to: &str, activity: &str) -> String {
    format!(
        "plan: {{ id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: {{ from: {year}-01-01, to: {to} }}, holidays: [VN] }}\n\
         outlets:\n  KG: {{ name: KG, kind: tv }}\n\
         activities:\n  - id: a\n    title: A\n{activity}"
    )
}

fn kind_lines(row: &Row) -> String {
    let outlet = if row.kind == "broadcast" {
        "    outlet: KG\n"
    } else {
        ""
    };
    format!("    kind: {}\n{outlet}", row.kind)
}

/// The schedule with the phrase.
fn said(row: &Row) -> String {
    let duration = row
        .duration
        .as_ref()
        .map(|d| format!("    duration: {d}\n"))
        .unwrap_or_default();
    let activity = format!(
        "{}    when: \"{}\"\n{duration}",
        kind_lines(row),
        row.phrase
    );
    plan(row.year, &format!("{}-12-31", row.year), &activity)
}

/// The schedule written out; its period reaches the deadlines due after
/// the year.
fn written(row: &Row) -> String {
    let time = row.start.split_once('T').map(|(_, t)| t);
    let with_time = |d: &String| match time {
        Some(t) => format!("{d}T{t}"),
        None => d.clone(),
    };
    let mut activity = format!("{}    start: {}\n", kind_lines(row), row.start);
    if let Some(r) = &row.rrule {
        activity.push_str(&format!("    rrule: \"{r}\"\n"));
    }
    for (key, list) in [("exdates", &row.exdates), ("rdates", &row.rdates)] {
        if !list.is_empty() {
            let items: Vec<String> = list.iter().map(with_time).collect();
            activity.push_str(&format!("    {key}: [{}]\n", items.join(", ")));
        }
    }
    activity.push_str(&format!("    duration: {}\n", row.length));
    let last = std::iter::once(&row.start)
        .chain(&row.rdates)
        .map(|d| d.split('T').next().unwrap().to_string())
        .max()
        .unwrap();
    let end = format!("{}-12-31", row.year).max(last);
    plan(row.year, &end, &activity)
}

fn expand(dir: &std::path::Path, name: &str, text: &str) -> Vec<(String, String)> {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let v: Value = Test::new(["expand", "--format", "json"])
        .arg(&path)
        .stdout_any()
        .run()
        .json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["start"].as_str().unwrap().to_string(),
                o["end"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_phrase_means_its_rule_written_out() {
    let rows = table();
    assert!(rows.len() >= 60, "{} rows", rows.len());
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    for row in &rows {
        let a = expand(dir.path(), "said.yaml", &said(row));
        let b = expand(dir.path(), "written.yaml", &written(row));
        assert!(!b.is_empty(), "`{}` written out gives nothing", row.phrase);
        if a != b {
            wrong.push(format!(
                "`{}`:\n  said    {a:?}\n  written {b:?}",
                row.phrase
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What the loader refuses: the file's line and column, and the words of
/// the message.
#[test]
fn phrases_refused_at_their_place() {
    let head = "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
                outlets:\n  KG: { name: KG, kind: tv }\n\
                activities:\n  - id: a\n    title: A\n    kind: broadcast\n    outlet: KG\n";
    let cases: &[(&str, &str, &str)] = &[
        // An unknown word: at its column, past the opening quote.
        (
            "    when: \"17 giờ 45 thứ Tư tuần ba ngày\"\n    duration: 12 phút\n",
            ":9:29: ",
            "không đọc được `tuần ba ngày`",
        ),
        (
            "    when: 17 giờ 45 thứ Tư hằng tuần lễ\n    duration: 12 phút\n",
            ":9:38: ",
            "không đọc được `lễ`",
        ),
        (
            "    when: '20 giờ thứ Sáu hằng tuần, trừ ngày lễ'\n    duration: 12 phút\n",
            ":9:38: ",
            "không đọc được `trừ ngày lễ`",
        ),
        // A phrase that would need an assumption.
        (
            "    when: 17 giờ thứ Tư hằng tháng\n    duration: 12 phút\n",
            ":9:11: ",
            "không nói tuần nào",
        ),
        (
            "    when: 17 giờ 45\n    duration: 12 phút\n",
            ":9:11: ",
            "có giờ nhưng không có ngày",
        ),
        (
            "    when: 9 giờ cách tuần vào thứ Ba tháng 3 và tháng 9\n    duration: 12 phút\n",
            ":9:11: ",
            "cách tuần trong những tháng không liền nhau",
        ),
        (
            "    when: 19 giờ ngày 18/01/2024\n    duration: 12 phút\n",
            ":9:11: ",
            "18/01/2024 nằm ngoài thời kỳ",
        ),
        // start and when both, neither, rrule with when.
        (
            "    start: 2023-01-18T17:45\n    when: 17 giờ thứ Tư tuần 3 hằng tháng\n    duration: 12 phút\n",
            ":10:11: ",
            "có cả `start` và `when`",
        ),
        ("    duration: 12 phút\n", ":5:9: ", "không nói khi nào diễn ra"),
        (
            "    when: 17 giờ thứ Tư tuần 3 hằng tháng\n    rrule: FREQ=WEEKLY\n    duration: 12 phút\n",
            ":10:12: ",
            "`rrule` đi với `start`",
        ),
        // A length said twice, differently; none at all.
        (
            "    when: 17 giờ thứ Tư tuần 3 hằng tháng, thời lượng 12 phút\n    duration: 15 phút\n",
            ":10:15: ",
            "khác độ dài mà lịch nói",
        ),
        (
            "    when: 17 giờ thứ Tư tuần 3 hằng tháng\n",
            ":9:11: ",
            "cần `duration`",
        ),
        // A deadline phrase on what is not a deadline.
        (
            "    when: trước ngày 5 hằng tháng\n",
            ":9:11: ",
            "chỉ hợp với `kind: deadline`",
        ),
        // Times and lengths in words that are not.
        (
            "    start: 18/01/2023 25 giờ\n    duration: 12 phút\n",
            ":9:12: ",
            "không phải ngày hay ngày giờ",
        ),
        (
            "    start: 18/01/2023 17 giờ 45\n    duration: 12 phúc\n",
            ":10:15: ",
            "không phải độ dài",
        ),
        (
            "    start: 18/01/2023 17h45\n    duration: 12 phút\n    reruns: [{ days_after: 1, at: 6 giờ chiều tối }]\n",
            ":11:35: ",
            "không phải giờ trong ngày",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (activity, at, says) in cases {
        let path = dir.path().join("plan.yaml");
        std::fs::write(&path, format!("{head}{activity}")).unwrap();
        let out = Test::new(["check"]).arg(&path).status(2).stderr_any().run();
        let err = out.stderr;
        assert!(
            err.contains(at) && err.contains(says),
            "{activity}: want {at} {says}, got {err}"
        );
    }
}

/// `check` shows how each phrase was read, in both languages, and keeps
/// the fourth quarter's deadline in January without calling it outside
/// the period.
#[test]
fn check_shows_each_reading_and_keeps_deadlines_past_the_year() {
    let text = "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2024-01-01, to: 2024-12-31 }, holidays: [VN] }\n\
                outlets:\n  KG: { name: KG, kind: tv }\n\
                activities:\n\
                \x20 - { id: a, title: A, kind: broadcast, outlet: KG, when: 17 giờ 45 phút thứ Tư tuần 3 hằng tháng, duration: 12 phút }\n\
                \x20 - { id: q, title: Q, kind: deadline, when: trong 10 ngày làm việc sau khi kết thúc quý }\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, text).unwrap();
    let v = Test::new(["check", "--format", "json"])
        .arg(&path)
        .stdout_any()
        .run()
        .json();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"outside-period") && !codes.contains(&"past-period-end"),
        "{codes:?}"
    );
    let readings = v["readings"].as_array().unwrap();
    assert_eq!(readings.len(), 2);
    assert_eq!(readings[0]["rrule"], "FREQ=MONTHLY;BYDAY=3WE");
    assert_eq!(readings[0]["location"]["line"], 5);
    assert_eq!(
        readings[0]["first"],
        serde_json::json!(["2024-01-17", "2024-02-21", "2024-03-20"])
    );
    assert_eq!(
        readings[1]["first"],
        serde_json::json!(["2024-04-12", "2024-07-12", "2024-10-14"])
    );
    assert_eq!(readings[1]["beyond"], 1);
    Test::new(["check"])
        .arg(&path)
        .stdout_contains("Cách castcal hiểu lịch viết bằng lời (2)")
        .stdout_contains("hằng tháng, vào Thứ Tư tuần 3, lúc 17:45; độ dài 12 phút")
        .stdout_contains("những ngày đầu: Thứ Tư 17/01/2024, Thứ Tư 21/02/2024, Thứ Tư 20/03/2024")
        .stdout_contains("1 hạn sau khi hết thời kỳ")
        .run();
    Test::new(["check", "--lang", "en"])
        .arg(&path)
        .stdout_contains("every month, on the 3rd Wednesday, at 17:45; length 12 minutes")
        .run();
    let dates: Vec<String> = Test::new(["expand", "--format", "json"])
        .arg(&path)
        .stdout_any()
        .run()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["activity"] == "q")
        .map(|o| o["start"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        dates,
        ["2024-04-12", "2024-07-12", "2024-10-14", "2025-01-15"]
    );
}

/// The refusals are kept in English too, for `--lang en`.
#[test]
fn refusals_have_their_english_words() {
    use castcal::words::{said, Lang};
    let text = "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
                outlets:\n  KG: { name: KG, kind: tv }\n\
                activities:\n\
                \x20 - { id: a, title: A, kind: broadcast, outlet: KG, when: 17 giờ thứ Tư hằng tháng, duration: 12 phút }\n";
    let err = castcal::plan::load_one("p.yaml".as_ref(), text.to_string()).unwrap_err();
    let en = said::show_in(Lang::En, || err.to_string());
    let vi = said::show_in(Lang::Vi, || err.to_string());
    assert!(
        en.contains("names a weekday of each month but not which week"),
        "{en}"
    );
    assert!(vi.contains("không nói tuần nào"), "{vi}");
}
