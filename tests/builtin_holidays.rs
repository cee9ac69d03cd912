#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `holidays: [VN]` in a plan: Vietnam's built-in calendar moves, keeps and
//! flags what a holiday file would, a Saturday worked in exchange is a
//! workday everywhere (the holiday policy, deadlines, the printed year), and
//! `check` says once when a year is an estimate.

mod common;

use std::fs;

use common::test::Output;
use common::Test;

/// A plan of `year` with `holidays`, and one deadline on `date` (dd-mm)
/// whose holiday policy is `policy`.
fn plan(year: i32, holidays: &str, date: &str, policy: &str) -> String {
    format!(
        "plan:\n  id: p{year}\n  title: Kế hoạch {year}\n  timezone: Asia/Ho_Chi_Minh\n  \
         period: {{ from: {year}-01-01, to: {year}-12-31 }}\n  holidays: {holidays}\n\
         outlets: {{}}\nactivities:\n  - id: bao-cao\n    title: Báo cáo\n    kind: deadline\n    \
         start: {year}-{date}\n    rrule: \"FREQ=YEARLY;COUNT=1\"\n    on_holiday: {policy}\n"
    )
}

/// Writes `text` as a schedule file in a fresh folder and runs `test` with
/// the file as its last argument.
fn on(text: &str, test: Test) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    fs::write(&path, text).unwrap();
    test.arg(&path).run()
}

/// The dates of `expand --format json`'s occurrences.
fn dates(text: &str) -> Vec<String> {
    let v = on(text, Test::new(["expand", "--format", "json"]).stdout_any()).json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap().chars().take(10).collect())
        .collect()
}

/// The codes of `check --format json`'s findings.
fn codes(text: &str) -> Vec<String> {
    // Exit status 1 when a finding is an error.
    let r = on(
        text,
        Test::new(["check", "--format", "json", "--lang", "en"])
            .status_one_of(&[0, 1])
            .stdout_any(),
    );
    let v = r.json();
    assert_eq!(
        r.code,
        i32::from(v["summary"]["errors"].as_u64().unwrap() > 0)
    );
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// 2024 swapped Monday 29/04 for Saturday 04/05: with `VN` the deadline
/// due on the Monday moves past 29/04–01/05 to Thursday 02/05, and one due
/// on the Saturday worked stays there unflagged; without, the Monday is a
/// workday and the Saturday a weekend.
#[test]
fn the_swapped_monday_and_the_saturday_worked() {
    let cases = [
        ("[VN]", "04-29", "next_workday", "2024-05-02"),
        ("[VN]", "04-29", "previous_workday", "2024-04-26"),
        ("[VN]", "05-04", "next_workday", "2024-05-04"),
        ("[]", "04-29", "next_workday", "2024-04-29"),
        ("[]", "05-04", "next_workday", "2024-05-06"),
        // Tết 2024: 08/02 to 14/02; the 15th is a Thursday.
        ("[VN]", "02-08", "next_workday", "2024-02-15"),
        // National Day 2024: 02/09 and 03/09, a Monday and a Tuesday.
        ("[VN]", "09-02", "previous_workday", "2024-08-30"),
    ];
    for (holidays, date, policy, want) in cases {
        let text = plan(2024, holidays, date, policy);
        assert_eq!(dates(&text), [want], "{holidays} {date} {policy}");
    }
    let saturday = plan(2024, "[VN]", "05-04", "warn");
    assert_eq!(codes(&saturday), Vec::<String>::new());
    let saturday = plan(2024, "[]", "05-04", "warn");
    assert_eq!(codes(&saturday), ["deadline-off-day"]);
    let monday = plan(2024, "[VN]", "04-29", "warn");
    assert_eq!(codes(&monday), ["on-holiday"]);
}

/// A year whose notice is not known is an estimate, and `check` says so once
/// for the plan, in the reader's language; an announced year says nothing.
#[test]
fn an_estimated_year_is_noted_once() {
    assert_eq!(
        codes(&plan(2026, "[VN]", "06-10", "warn")),
        Vec::<String>::new()
    );
    let text = plan(2027, "[VN]", "06-10", "warn");
    assert_eq!(codes(&text), ["holidays-provisional"]);
    let r = on(
        &text,
        Test::new(["check"])
            .stdout_contains("ghi chú[holidays-provisional]: ngày nghỉ năm 2027 theo lịch có sẵn"),
    );
    assert_eq!(r.stdout().matches("holidays-provisional").count(), 1);
}

/// A period the calendar does not hold is refused at the entry, saying what
/// to do; `VN` and a holiday file together add up.
#[test]
fn outside_the_calendar_and_beside_a_file() {
    let r = on(
        &plan(2101, "[VN]", "06-10", "warn"),
        Test::new(["check"])
            .status(2)
            .stderr_starts_with("lỗi: ")
            .stderr_contains("2101")
            .stderr_contains("tệp ngày nghỉ"),
    );
    assert!(
        r.stderr.contains("plan.holidays[0]") || r.stderr.contains("holidays"),
        "{}",
        r.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("h.yaml"),
        "- { date: 2024-06-10, name: Ngày nghỉ của tỉnh }\n",
    )
    .unwrap();
    let path = dir.path().join("plan.yaml");
    fs::write(&path, plan(2024, "[VN, h.yaml]", "06-10", "next_workday")).unwrap();
    Test::new(["expand", "--format", "json", path.to_str().unwrap()])
        .stdout_contains("2024-06-11")
        .run();
}

/// The printed year shows Saturday 04/05/2024 as a working day, named, and
/// lists it beside the days off.
#[test]
fn the_printed_year_shows_the_saturday_worked() {
    let r = on(
        &plan(2024, "[VN]", "06-10", "warn"),
        Test::new(["print", "-o", "-"]).stdout_any(),
    );
    let html = r.stdout();
    assert!(
        html.contains(r#"<td class="work" title="Làm bù cho ngày nghỉ 29/04/2024">"#),
        "no working Saturday in the page"
    );
    assert!(html.contains(r#"title="Nghỉ hoán đổi, làm bù 04/05/2024""#));
    assert!(html.contains(r#"<tr class="work">"#));
}
