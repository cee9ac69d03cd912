#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! Values in the forms a Vietnamese plan writes them, beside the forms of
//! the standards: dates day first, amounts with dots and units, kinds,
//! statuses and holiday policies in Vietnamese; and the mistakes made in
//! them, each with its message at its place.

mod common;

use std::fs;

use common::test::Output;
use common::Test;

/// A plan with one activity whose lines are `activity`.
fn plan(activity: &str) -> String {
    format!(
        "plan:\n  id: p\n  title: Kế hoạch\n  timezone: Asia/Ho_Chi_Minh\n  \
         period: {{ from: 01/01/2023, to: 31/12/2023 }}\n\
         outlets:\n  KG: {{ name: Kênh KG, kind: truyền hình }}\nactivities:\n  - id: a\n    \
         title: Chuyên mục\n{activity}"
    )
}

/// Runs `test` on `text` written as a schedule file.
fn on(text: &str, test: Test) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    fs::write(&path, text).unwrap();
    test.arg(&path).run()
}

/// Each form reads as its standard twin: the same occurrences, byte for
/// byte, and the same budget.
#[test]
fn each_form_reads_as_the_standard_one() {
    let cases = [
        (
            "    kind: phát sóng\n    outlet: KG\n    start: 18/01/2023 17:45\n    rrule: \"FREQ=MONTHLY;BYDAY=3WE\"\n    duration: PT12M\n    budget_vnd: 91.596.816 đồng\n    status: dự kiến\n    on_holiday: ngày làm việc sau\n",
            "    kind: broadcast\n    outlet: KG\n    start: 2023-01-18T17:45\n    rrule: \"FREQ=MONTHLY;BYDAY=3WE\"\n    duration: PT12M\n    budget_vnd: 91596816\n    status: tentative\n    on_holiday: next_workday\n",
        ),
        (
            "    kind: hạn báo cáo\n    start: 30/6/2023\n    budget_vnd: 12,5 triệu đồng\n    on_holiday: ngày làm việc trước\n",
            "    kind: deadline\n    start: 2023-06-30\n    budget_vnd: 12500000\n    on_holiday: previous_workday\n",
        ),
        (
            "    kind: đăng báo\n    start: 01/01/2023\n    rrule: \"FREQ=MONTHLY\"\n    duration: P7D\n    budget_vnd: \"1,2 tỷ\"\n    status: chính thức\n",
            "    kind: publication\n    start: 2023-01-01\n    rrule: \"FREQ=MONTHLY\"\n    duration: P7D\n    budget_vnd: 1200000000\n    status: confirmed\n",
        ),
        (
            "    kind: sự kiện\n    start: 09/05/2023\n    budget_vnd: 500 nghìn đồng\n    on_holiday: giữ\n",
            "    kind: event\n    start: 2023-05-09\n    budget_vnd: 500000\n    on_holiday: keep\n",
        ),
        (
            "    kind: chiến dịch\n    start: 01/04/2023\n    duration: P1M\n    on_holiday: bỏ\n",
            "    kind: campaign\n    start: 2023-04-01\n    duration: P1M\n    on_holiday: skip\n",
        ),
    ];
    for (vi, standard) in cases {
        let [a, b] = [vi, standard].map(|act| {
            let test = Test::new(["expand", "--format", "json"]).stdout_any();
            on(&plan(act), test).stdout().to_string()
        });
        assert!(a.len() > 10, "{a}");
        assert_eq!(a, b, "{vi}");
        let [a, b] = [vi, standard].map(|act| {
            let test = Test::new(["check", "--format", "json"]).stdout_any();
            on(&plan(act), test).json()["budget"]["total_vnd"]
                .as_u64()
                .unwrap()
        });
        assert_eq!(a, b, "{vi}");
    }
}

/// `--from` and `--to` take dates day first too.
#[test]
fn the_command_line_takes_dates_day_first() {
    let act = "    kind: broadcast\n    outlet: KG\n    start: 2023-01-18T17:45\n    rrule: \"FREQ=MONTHLY;BYDAY=3WE\"\n    duration: PT12M\n";
    let text = plan(act);
    let day_first = ["expand", "--from", "01/05/2023", "--to", "30/06/2023"];
    let a = on(&text, Test::new(day_first).stdout_any());
    let iso = ["expand", "--from", "2023-05-01", "--to", "2023-06-30"];
    on(&text, Test::new(iso).stdout(a.stdout()));
    assert_eq!(a.stdout().lines().count(), 3, "{}", a.stdout());
    let bad = Test::new(["expand", "--lang", "en", "--from", "13/13/2023"])
        .status(2)
        .stderr_contains("`13/13/2023` is not a date; expected YYYY-MM-DD or DD/MM/YYYY");
    on(&text, bad);
}

/// The mistakes made in these forms: each refused at its line and column,
/// saying what is wrong and how to write it.
#[test]
fn mistakes_in_the_forms() {
    let cases = [
        (
            "    kind: event\n    start: 31/02/2023\n",
            "12:12: `31/02/2023` không có trên lịch: tháng 2 năm 2023 có 28 ngày",
        ),
        (
            "    kind: event\n    start: 12/13/2023\n",
            "12:12: `12/13/2023` có tháng 13; tháng chỉ từ 1 đến 12 (ngày viết ngày trước: ngày/tháng/năm, như 18/01/2023)",
        ),
        (
            "    kind: event\n    start: 2023-02-29\n",
            "12:12: `2023-02-29` không có trên lịch: tháng 2 năm 2023 có 28 ngày",
        ),
        (
            "    kind: event\n    start: 2023-01-18\n    budget_vnd: 12,5\n",
            "13:17: `12,5` không phải một số đồng chẵn: viết như 91596816, 91.596.816 đồng hoặc 12,5 triệu đồng",
        ),
        (
            "    kind: event\n    start: 2023-01-18\n    budget_vnd: 91.59.816 đồng\n",
            "13:17: kinh phí phải là một số tiền, `91.59.816 đồng` thì không: viết như 91596816, 91.596.816 đồng hoặc 12,5 triệu đồng",
        ),
        (
            "    kind: event\n    start: 2023-01-18\n    budget_vnd: triệu đồng\n",
            "13:17: kinh phí `triệu đồng` không có số: viết như 91596816, 91.596.816 đồng hoặc 12,5 triệu đồng",
        ),
    ];
    for (act, want) in cases {
        on(
            &plan(act),
            Test::new(["check"]).status(2).stderr_contains(want),
        );
    }
}
