#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `castcal check` run as a user runs it: whole reports, exit codes, cases.

mod common;

use std::path::{Path, PathBuf};

use common::english::english_plan;
use common::{assert_golden, Test};

const PLAN: &str = "schedules/kien-giang-cchc-2023.yaml";
const GRID: &str = "KG=tests/cases/grid-kg.ics";

/// Vietnamese by default, English on request: each finding at the file,
/// line and column of the value to change (of the plan's English form: see
/// `tests/common/english.rs`).
#[test]
fn the_2023_plan_text_report() {
    let en = english_plan();
    Test::new(["check", PLAN])
        .current_dir(en.path())
        .stdout_golden("tests/golden/check-2023.txt")
        .run();
    Test::new(["check", PLAN, "--lang", "en"])
        .current_dir(en.path())
        .stdout_golden("tests/golden/check-2023.en.txt")
        .run();
}

#[test]
fn the_2023_plan_json_report() {
    let en = english_plan();
    Test::new(["check", PLAN, "--format", "json"])
        .current_dir(en.path())
        .stdout_golden("tests/golden/check-2023.json")
        .run();
    Test::new(["check", PLAN, "--format", "json", "--lang", "en"])
        .current_dir(en.path())
        .stdout_golden("tests/golden/check-2023.en.json")
        .run();
}

#[test]
fn the_2023_plan_against_the_kg_grid() {
    let en = english_plan();
    let grid = en.path().join("tests/cases/grid-kg.ics");
    std::fs::create_dir_all(grid.parent().unwrap()).unwrap();
    std::fs::copy(common::root().join("tests/cases/grid-kg.ics"), grid).unwrap();
    Test::new(["check", PLAN, "--against", GRID])
        .current_dir(en.path())
        .status(1)
        .stdout_golden("tests/golden/check-2023-grid-kg.txt")
        .run();
}

/// What a careful reader of the plan finds, field by field.
#[test]
fn the_2023_plan_findings_a_reader_expects() {
    let run = Test::new(["check", PLAN, "--format", "json"])
        .stdout_any()
        .run();
    let v = run.json();
    let findings = v["findings"].as_array().unwrap();
    let has = |code: &str, activity: &str, date: Option<&str>| {
        findings.iter().any(|f| {
            f["code"] == code && f["activity"] == activity && date.is_none_or(|d| f["date"] == d)
        })
    };
    assert!(has("on-holiday", "toa-dam", Some("2023-05-01")));
    assert!(has("on-holiday", "toa-dam", Some("2023-05-02")));
    assert!(has("expect-mismatch", "bao-kien-giang", None));
    assert!(has("deadline-off-day", "bao-cao-nam", Some("2023-12-31")));
    let mismatch = findings
        .iter()
        .find(|f| f["code"] == "expect-mismatch")
        .unwrap();
    let message = mismatch["message"].as_str().unwrap();
    assert!(
        message.contains("đổi `số kỳ: 14` thành `24`, hoặc sửa `quy tắc lặp` để cho 14 kỳ"),
        "{message}"
    );
    // The `số kỳ: 14` (`expect`) of bao-kien-giang, where the value starts.
    assert_eq!(mismatch["file"], PLAN);
    assert_eq!(mismatch["line"], 75);
    assert_eq!(mismatch["column"], 12);
    let line = std::fs::read_to_string(PLAN).unwrap();
    let line = line.lines().nth(74).unwrap();
    assert_eq!(line, "    số kỳ: 14");
    assert_eq!(v["budget"]["total_vnd"], 428_596_816u64);
    assert_eq!(v["summary"]["errors"], 0);
    assert!(run.stdout().contains("\"uids\": ["));
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let bad_ics = dir.path().join("bad.ics");
    std::fs::write(&bad_ics, "BEGIN:VCALENDAR\r\nthis is not a property\r\n").unwrap();
    let bad_event = dir.path().join("bad-event.ics");
    std::fs::write(
        &bad_event,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:X\r\n\
DTSTART;TZID=Mars/Olympus:20230118T174500\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let utf16 = dir.path().join("utf16.ics");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "BEGIN:VCALENDAR\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(&utf16, bytes).unwrap();
    let bad_yaml = dir.path().join("plan.yaml");
    std::fs::write(&bad_yaml, "plan: { id: x }\n").unwrap();
    let notes_only = dir.path().join("notes");
    std::fs::create_dir_all(notes_only.join("holidays")).unwrap();
    std::fs::write(
        notes_only.join("n.yaml"),
        "plan: { id: n, title: N, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 }, holidays: [holidays/h.yaml] }\n\
outlets: { KG: { name: KG, kind: tv } }\n\
activities: [{ id: a, title: A, kind: broadcast, outlet: KG, start: 2023-05-01T17:45, duration: PT15M, on_holiday: next_workday }]\n",
    )
    .unwrap();
    std::fs::write(
        notes_only.join("holidays/h.yaml"),
        "- { date: 2023-05-01, name: Labour Day }\n",
    )
    .unwrap();
    let against = |p: &Path| format!("KG={}", p.display());
    // What each run must say: on standard output when it succeeds or finds
    // errors (0, 1), on standard error when the input is bad (2).
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        (
            vec![PLAN.into()],
            0,
            "castcal check: 1 kế hoạch, 66 lần phát/đăng: 0 lỗi, 7 cảnh báo, 0 ghi chú\n",
        ),
        (
            vec![PLAN.into(), "--strict".into()],
            1,
            "castcal check: 1 kế hoạch, 66 lần phát/đăng: 0 lỗi, 7 cảnh báo, 0 ghi chú\n",
        ),
        (
            vec![PLAN.into(), "--lang".into(), "en".into()],
            0,
            "castcal check: 1 plan, 66 occurrences: 0 errors, 7 warnings, 0 notes\n",
        ),
        (
            vec![notes_only.display().to_string(), "--strict".into(), "--lang".into(), "en".into()],
            0,
            "castcal check: 1 plan, 1 occurrence: 0 errors, 0 warnings, 1 note\n",
        ),
        (
            vec![PLAN.into(), "--against".into(), GRID.into()],
            1,
            "castcal check: 1 kế hoạch, 66 lần phát/đăng: 4 lỗi, 7 cảnh báo, 0 ghi chú\n",
        ),
        (
            vec![PLAN.into(), "--against".into(), "KG".into()],
            2,
            "is not OUTLET=FILE.ics",
        ),
        (
            vec![PLAN.into(), "--against".into(), "TV9=grid.ics".into()],
            2,
            "--against TV9=grid.ics: no plan declares the outlet `TV9`; the outlets are: BKG, BTBNV, KG, KG1, PANO",
        ),
        (
            vec![PLAN.into(), "--against".into(), "KG=missing.ics".into()],
            2,
            "missing.ics: No such file or directory",
        ),
        (
            vec![PLAN.into(), "--against".into(), against(&bad_ics)],
            2,
            "bad.ics: line 2: not an iCalendar content line, or a BEGIN/END that does not match: `this is not a property`",
        ),
        (
            vec![PLAN.into(), "--against".into(), against(&bad_event)],
            2,
            "bad-event.ics: line 3: TZID `Mars/Olympus` is neither an IANA zone name (e.g. Asia/Ho_Chi_Minh), nor a Windows zone name castcal knows, nor defined by a VTIMEZONE",
        ),
        (
            vec![PLAN.into(), "--against".into(), against(&utf16)],
            2,
            "utf16.ics: cannot read the grid: it is not UTF-8 text",
        ),
        (
            vec![PLAN.into(), "--against".into(), "KG=/dev/zero".into()],
            2,
            "/dev/zero: cannot read the grid: it is larger than 64 MiB",
        ),
        (
            vec![PLAN.into(), "--against".into(), "KG=tests".into()],
            2,
            "tests: cannot read the grid: it is a folder, not an iCalendar file",
        ),
        (
            vec![bad_yaml.display().to_string()],
            2,
            "plan.yaml:1:7: `title` is missing from `plan`; add a line `title: …`\n",
        ),
        (
            vec!["no-such-folder".into()],
            2,
            "error: no-such-folder: No such file or directory",
        ),
    ];
    for (args, code, said) in cases {
        assert!(
            !said.is_empty(),
            "{args:?}: every case says what it expects"
        );
        let test = Test::new(["check"]).args(&args).status(code);
        if code == 2 {
            // The messages' content, in English.
            test.args(["--lang", "en"])
                .stderr_starts_with("error: ")
                .stderr_contains(said)
        } else {
            test.stdout_starts_with(said)
        }
        .run();
    }
    // The grid's errors in Vietnamese, by default.
    for (grid, said) in [
        (
            against(&bad_ics),
            "bad.ics: dòng 2: không phải một dòng iCalendar, hoặc một BEGIN/END không khớp: `this is not a property`",
        ),
        (
            "KG=tests".to_string(),
            "tests: không đọc được lịch phát sóng: đây là một thư mục, không phải tệp iCalendar",
        ),
    ] {
        Test::new(["check", PLAN, "--against"])
            .arg(grid)
            .status(2)
            .stderr_starts_with("lỗi: ")
            .stderr_contains(said)
            .run();
    }
}

/// A plan with two activities on outlets `a` and `b`, in tempdir `dir`.
fn two_slot_plan(dir: &Path, a: &str, b: &str) -> PathBuf {
    let text = format!(
        r#"plan: {{ id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: {{ from: 2023-01-01, to: 2023-12-31 }} }}
outlets: {{ KG: {{ name: KG, kind: tv }}, KG1: {{ name: KG1, kind: tv }} }}
activities:
  - {{ id: first, title: First, kind: broadcast, {a} }}
  - {{ id: second, title: Second, kind: broadcast, {b} }}
"#
    );
    let path = dir.join("t.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The codes of what `check` finds in `path`; it exits 1 when one is an error.
fn codes(path: &Path, extra: &[&str]) -> Vec<String> {
    let run = Test::new(["check"])
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .status_one_of(&[0, 1])
        .stdout_any()
        .run();
    let v = run.json();
    let errors = v
        .pointer("/summary/errors")
        .and_then(serde_json::Value::as_u64)
        .unwrap();
    assert_eq!(run.code, i32::from(errors > 0), "{errors} errors");
    v.get("findings")
        .and_then(|f| f.as_array())
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn overlap_edge_cases() {
    let cases = [
        (
            "touching slots do not conflict",
            "outlet: KG, start: 2023-03-01T17:45, duration: PT15M",
            "outlet: KG, start: 2023-03-01T18:00, duration: PT15M",
            0,
        ),
        (
            "one minute of overlap does",
            "outlet: KG, start: 2023-03-01T17:45, duration: PT16M",
            "outlet: KG, start: 2023-03-01T18:00, duration: PT15M",
            1,
        ),
        (
            "a slot inside another",
            "outlet: KG, start: 2023-03-01T17:00, duration: PT2H",
            "outlet: KG, start: 2023-03-01T18:00, duration: PT5M",
            1,
        ),
        (
            "a slot crossing midnight overlaps the next day's early slot",
            "outlet: KG, start: 2023-03-01T23:30, duration: PT1H",
            "outlet: KG, start: 2023-03-02T00:15, duration: PT15M",
            1,
        ),
        (
            "a slot ending at midnight touches one starting at midnight",
            "outlet: KG, start: 2023-03-01T23:30, duration: PT30M",
            "outlet: KG, start: 2023-03-02T00:00, duration: PT15M",
            0,
        ),
        (
            "different outlets never conflict",
            "outlet: KG, start: 2023-03-01T17:45, duration: PT15M",
            "outlet: KG1, start: 2023-03-01T17:45, duration: PT15M",
            0,
        ),
        (
            "occurrences without an outlet never conflict",
            "start: 2023-03-01T17:45, duration: PT15M",
            "start: 2023-03-01T17:45, duration: PT15M",
            0,
        ),
        (
            "all-day windows never take part in slot conflicts",
            "outlet: KG, start: 2023-03-01, duration: P7D",
            "outlet: KG, start: 2023-03-02T17:45, duration: PT15M",
            0,
        ),
        (
            "a rerun colliding with another activity's premiere",
            "outlet: KG, start: 2023-03-01T17:45, duration: PT15M, reruns: [{ days_after: 1, at: \"06:00\" }]",
            "outlet: KG, start: 2023-03-02T06:10, duration: PT15M",
            1,
        ),
        (
            "weekly slots conflict every week",
            "outlet: KG, start: 2023-03-01T17:45, duration: PT15M, rrule: \"FREQ=WEEKLY;COUNT=4\"",
            "outlet: KG, start: 2023-03-01T17:50, duration: PT15M, rrule: \"FREQ=WEEKLY;COUNT=4\"",
            4,
        ),
    ];
    for (name, a, b, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = two_slot_plan(dir.path(), a, b);
        let got = codes(&path, &[])
            .iter()
            .filter(|c| *c == "slot-conflict")
            .count();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn conflicts_across_plans() {
    let dir = tempfile::tempdir().unwrap();
    for (id, time) in [("a", "17:45"), ("b", "17:50")] {
        let text = format!(
            "plan: {{ id: {id}, title: T, timezone: Asia/Ho_Chi_Minh, period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\n\
outlets: {{ KG: {{ name: KG, kind: tv }} }}\n\
activities:\n  - {{ id: s, title: S, kind: broadcast, outlet: KG, start: 2023-03-01T{time}, duration: PT15M }}\n"
        );
        std::fs::write(dir.path().join(format!("{id}.yaml")), text).unwrap();
    }
    let path = |id: &str| dir.path().join(format!("{id}.yaml")).display().to_string();
    // At the `start` of the later one, with the earlier one's beside it.
    let want = format!(
        "{}:4:60: error[slot-conflict]: premiere overlaps the premiere of “S” (17:45–18:00) on KG; move one of them to another time or day\n    \
         “S” (b/s) · Wed 2023-03-01 17:50–18:05 · KG\n    \
         see also: {}:4:60\n",
        path("b"),
        path("a")
    );
    Test::new(["check"])
        .arg(dir.path())
        .args(["--lang", "en"])
        .status(1)
        .stdout_contains(want)
        .run();
}

#[test]
fn date_findings() {
    // (activity fields, expected codes in report order)
    let cases: [(&str, &[&str]); 13] = [
        (
            "outlet: KG, start: 2023-05-01T17:45, duration: PT15M, on_holiday: keep",
            &[],
        ),
        (
            "outlet: KG, start: 2023-05-01T17:45, duration: PT15M, on_holiday: skip, expect: 1",
            &["expect-mismatch", "no-dates", "holiday-skipped"],
        ),
        (
            "outlet: KG, start: 2023-05-01T17:45, duration: PT15M, on_holiday: next_workday",
            &["holiday-moved"],
        ),
        (
            "outlet: KG, start: 2023-12-29T17:45, duration: PT15M, on_holiday: next_workday",
            &["outside-period", "holiday-moved"],
        ),
        (
            // `keep` keeps the rerun on New Year too, and says so (a note).
            "outlet: KG, start: 2023-12-31T17:45, duration: PT15M, on_holiday: keep, reruns: [{ days_after: 1 }]",
            &["outside-period", "on-holiday"],
        ),
        (
            "outlet: KG, start: 2023-03-01T17:45, duration: PT15M, reruns: [{ days_after: 0, at: \"06:00\" }]",
            &["rerun-before-premiere"],
        ),
        (
            "outlet: KG, start: 2023-01-31T17:45, duration: PT15M, rrule: \"FREQ=MONTHLY;BYMONTHDAY=31\", expect: 12",
            &["expect-mismatch", "suspicious-rule"],
        ),
        (
            "outlet: KG, start: 2023-03-29T17:45, duration: PT15M, rrule: \"FREQ=MONTHLY;BYDAY=5WE\"",
            &["suspicious-rule"],
        ),
        (
            "outlet: KG, start: 2023-03-01T17:45, duration: PT15M, rrule: \"FREQ=MONTHLY;BYMONTHDAY=-31\"",
            &["suspicious-rule", "on-holiday"],
        ),
        // Dates the plan writes out but that fall outside the period are
        // left out by expansion; check must say so, as errors.
        (
            "outlet: KG, start: 2024-03-01T17:45, duration: PT15M",
            &["outside-period", "no-dates"],
        ),
        (
            "outlet: KG, start: 2023-03-01T17:45, duration: PT15M, rdates: [2024-02-01T17:45]",
            &["outside-period"],
        ),
        (
            "outlet: KG, start: 2023-07-19T17:45, duration: PT15M, rrule: \"FREQ=MONTHLY;BYDAY=3WE;COUNT=12\"",
            &["outside-period"],
        ),
        (
            "start: 2023-09-30, kind: deadline",
            &["deadline-off-day"],
        ),
    ];
    for (fields, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "plan: {{ id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: {{ from: 2023-01-01, to: 2023-12-31 }}, holidays: [h.yaml] }}\n\
outlets: {{ KG: {{ name: KG, kind: tv }} }}\n\
activities:\n  - {{ id: a, title: A, kind: broadcast, {fields} }}\n"
        )
        .replace("kind: broadcast, start: 2023-09-30, kind: deadline", "kind: deadline, start: 2023-09-30");
        std::fs::write(dir.path().join("t.yaml"), text).unwrap();
        std::fs::write(
            dir.path().join("h.yaml"),
            "- { date: 2023-05-01, name: Labour Day }\n- { date: 2023-12-29, name: Year-end break }\n- { date: 2024-01-01, name: New Year }\n",
        )
        .unwrap();
        let got = codes(&dir.path().join("t.yaml"), &[]);
        assert_eq!(got, want, "{fields}");
    }
}

#[test]
fn messages_say_what_the_policy_did() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"plan: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 }, holidays: [h.yaml] }
outlets: { KG: { name: KG, kind: tv } }
activities:
  - { id: moved, title: M, kind: broadcast, outlet: KG, start: 2023-05-01T17:45, duration: PT15M, on_holiday: next_workday }
  - { id: skipped, title: S, kind: broadcast, outlet: KG, start: 2023-05-01T19:00, duration: PT15M, on_holiday: skip, reruns: [{ days_after: 1 }] }
  - { id: report, title: R, kind: deadline, start: 2023-05-01 }
"#;
    std::fs::write(dir.path().join("t.yaml"), text).unwrap();
    std::fs::write(
        dir.path().join("h.yaml"),
        "- { date: 2023-05-01, name: Labour Day }\n",
    )
    .unwrap();
    let file = dir.path().join("t.yaml").display().to_string();
    let mut test = Test::new(["check", &file, "--lang", "en"]);
    // A deadline is not a "premiere": the message says what the item is.
    // A move points at the policy that made it; the rest at `start`.
    for want in [
        ":6:52: warning[on-holiday]: deadline falls on a day off: Labour Day; kept as planned; if it is meant, write `on_holiday: keep`; to move it, `on_holiday: next_workday` or `previous_workday`\n    “R” (report) · Mon 2023-05-01 (all day)\n",
        ":4:111: note[holiday-moved]: moved from 2023-05-01 (Labour Day) to Tue 2023-05-02, the next workday (`on_holiday: next_workday`)\n    “M” (moved) · Tue 2023-05-02 17:45–18:00 · KG\n",
        ":5:66: note[holiday-skipped]: skipped: 2023-05-01 is Labour Day (`on_holiday: skip`), and its reruns with it\n    “S” (skipped) · Mon 2023-05-01 19:00–19:15 · KG\n",
    ] {
        test = test.stdout_contains(format!("{file}{want}"));
    }
    // Warnings and notes: no error.
    test.run();
}

/// Outlook writes Windows zone names in TZID, often with no VTIMEZONE in
/// the export; they are read as their IANA zone.
#[test]
fn an_outlook_grid_with_a_windows_zone_name() {
    let dir = tempfile::tempdir().unwrap();
    let grid = dir.path().join("outlook.ics");
    std::fs::write(
        &grid,
        "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008\r\nSUMMARY:Thời sự\r\n\
DTSTART;TZID=SE Asia Standard Time:20230315T174000\r\nDTEND;TZID=SE Asia Standard Time:20230315T175000\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    // At the segment's rule (the value of `quy tắc lặp:`), with the grid's
    // event (its BEGIN:VEVENT) beside it.
    let want = format!(
        "{PLAN}:38:18: error[grid-conflict]: premiere overlaps “Thời sự” 17:40–17:50 on the KG grid (outlook.ics); move it to another time, or ask the station about that programme\n    \
         “Chuyên mục: Công tác cải cách hành chính trên địa bàn tỉnh Kiên Giang” (chuyen-muc-cchc) · Wed 2023-03-15 17:45–17:57 · KG\n    \
         see also: {}:4:1\n",
        grid.display()
    );
    Test::new([
        "check",
        PLAN,
        "--against",
        &format!("KG={}", grid.display()),
    ])
    .args(["--lang", "en"])
    .status(1)
    .stdout_contains(want)
    .run();
}

/// Dates the plan writes but the period leaves out are named, with the
/// field and the period; the time column stays empty (they are not all-day).
#[test]
fn dates_left_out_of_the_period_are_errors_that_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"plan: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { KG: { name: KG, kind: tv }, KG1: { name: KG1, kind: tv } }
activities:
  - { id: late, title: L, kind: broadcast, outlet: KG, start: 2024-03-01T17:45, duration: PT15M }
  - { id: count, title: C, kind: broadcast, outlet: KG, start: 2023-07-19T17:45, duration: PT15M, rrule: "FREQ=MONTHLY;BYDAY=3WE;COUNT=12" }
  - { id: hourly, title: H, kind: broadcast, outlet: KG1, start: 2023-01-01T00:00, duration: PT1M, rrule: "FREQ=HOURLY;COUNT=4000000" }
"#;
    std::fs::write(dir.path().join("t.yaml"), text).unwrap();
    let file = dir.path().join("t.yaml").display().to_string();
    let mut test = Test::new(["check", &file, "--lang", "en"]).status(1);
    // At the rule for what the rule gives, at `start` for `start`.
    for line in [
        ":5:106: error[outside-period]: the rule `FREQ=MONTHLY;BYDAY=3WE;COUNT=12` runs past the period's end 2023-12-31: 6 dates from 2024-01-17 on are left out; lower its `COUNT` or `UNTIL`, or extend the `period`\n    “C” (count) · Wed 2024-01-17 · KG\n",
        ":6:107: error[outside-period]: the rule `FREQ=HOURLY;COUNT=4000000` runs past the period's end 2023-12-31: at least 91240 dates from 2024-01-01 on are left out; lower its `COUNT` or `UNTIL`, or extend the `period`\n    “H” (hourly) · Mon 2024-01-01 · KG1\n",
        ":4:63: error[outside-period]: `start` 2024-03-01 is outside the period 2023-01-01 – 2023-12-31, so it is left out of every output; change it, or the plan's `period`\n    “L” (late) · Fri 2024-03-01 · KG\n",
    ] {
        test = test.stdout_contains(format!("{file}{line}"));
    }
    test.run();
}

const FINDINGS: &str = "tests/cases/findings";
const FINDINGS_GRID: &str = "KG=tests/cases/findings/grid.ics";

/// Every finding `check` makes, in both languages, each at the file, line
/// and column of the value to change and saying what would resolve it
/// (tests/cases/findings/plan.yaml says which activity gives which).
#[test]
fn every_finding_in_both_languages_at_its_place() {
    for (lang, golden) in [
        ("vi", "tests/golden/findings.vi.txt"),
        ("en", "tests/golden/findings.en.txt"),
    ] {
        Test::new(["check", FINDINGS, "--against", FINDINGS_GRID])
            .args(["--lang", lang])
            .status(1)
            .stdout_golden(golden)
            .run();
    }
    let v = Test::new(["check", FINDINGS, "--against", FINDINGS_GRID])
        .args(["--format", "json"])
        .status(1)
        .stdout_golden("tests/golden/findings.json")
        .run()
        .json();
    // Every code but too-many-conflicts (10,000 overlaps) is in the plan.
    let findings = v["findings"].as_array().unwrap();
    let codes: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    let all = [
        "slot-conflict",
        "grid-conflict",
        "rerun-before-premiere",
        "outside-period",
        "on-holiday",
        "expect-mismatch",
        "no-dates",
        "suspicious-rule",
        "deadline-off-day",
        "past-period-end",
        "holiday-moved",
        "holiday-skipped",
    ];
    assert_eq!(codes, all.into_iter().collect());
    // The schema: the fields of before, none renamed or removed, then the new.
    let keys: std::collections::BTreeSet<&str> = [
        "code", "severity", "message", "plan", "activity", "date", "start", "end", "outlet",
        "uids", "fix", "file", "line", "column", "related", "title", "accepted", "reason",
    ]
    .into_iter()
    .collect();
    for f in findings {
        let got: std::collections::BTreeSet<&str> =
            f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(got, keys, "{f}");
    }
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, ["budget", "findings", "summary"]);
    // Each points at a line of the plan whose text is the value meant.
    let plan = std::fs::read_to_string(format!("{FINDINGS}/plan.yaml")).unwrap();
    let at = |f: &serde_json::Value| {
        let line = plan
            .lines()
            .nth(f["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        let column = f["column"].as_u64().unwrap() as usize - 1;
        line.chars().skip(column).collect::<String>()
    };
    let value = |code: &str, activity: &str| {
        let f = findings
            .iter()
            .find(|f| f["code"] == code && f["activity"] == activity)
            .unwrap_or_else(|| panic!("{code} {activity}"));
        assert_eq!(f["file"], format!("{FINDINGS}/plan.yaml"));
        at(f)
    };
    assert_eq!(value("expect-mismatch", "skipped"), "1");
    assert_eq!(
        value("suspicious-rule", "day-31"),
        "\"FREQ=MONTHLY;BYMONTHDAY=31\""
    );
    assert_eq!(value("on-holiday", "national-day"), "2023-09-02T19:00");
    assert_eq!(
        value("rerun-before-premiere", "talk"),
        "days_after: 0, at: \"09:10\" }"
    );
    assert_eq!(value("holiday-moved", "moved"), "next_workday");
    assert_eq!(value("past-period-end", "campaign"), "P30D");
    assert_eq!(value("outside-period", "new-year-eve"), "next_workday");
    assert_eq!(value("deadline-off-day", "report-q3"), "2023-09-30");
    // A conflict names both activities; a grid conflict the grid's event.
    let related = |code: &str| {
        let f = findings.iter().find(|f| f["code"] == code).unwrap();
        f["related"][0].clone()
    };
    assert_eq!(
        related("slot-conflict")["file"],
        format!("{FINDINGS}/plan.yaml")
    );
    assert_eq!(related("slot-conflict")["line"], 18);
    assert_eq!(
        related("grid-conflict")["file"],
        format!("{FINDINGS}/grid.ics")
    );
    assert_eq!(related("grid-conflict")["line"], 4);
}

/// One check, worded afterwards: the same report, written in Vietnamese
/// and in English, is byte for byte what `castcal check` prints in each
/// language (the golden files), so which findings there are and their
/// order do not depend on the language they are worded in.
#[test]
fn one_check_worded_in_each_language_is_what_check_prints() {
    use castcal::check::{self, report, Report};
    use castcal::words::Lang;
    let checked = |plan: &str, grid: Option<&str>| -> Report {
        let plans = if plan == PLAN {
            // Its English form, as the goldens' places are.
            let text = common::english::english_text();
            vec![castcal::plan::load_one(Path::new(PLAN), text).unwrap()]
        } else {
            castcal::plan::load(&[PathBuf::from(plan)]).unwrap()
        };
        let grids: Vec<check::Grid> = grid
            .iter()
            .map(|path| castcal::grid::read("KG", Path::new(path), &plans).unwrap())
            .collect();
        let expansion = castcal::expand(&plans).unwrap();
        check::check(&plans, &expansion, &grids)
    };
    let text = |report: &Report, lang| report::text(report, lang, false);
    let json = |report: &Report, lang| report::json(report, lang).unwrap();

    let findings = checked(FINDINGS, Some("tests/cases/findings/grid.ics"));
    assert_golden("tests/golden/findings.vi.txt", &text(&findings, Lang::Vi));
    assert_golden("tests/golden/findings.en.txt", &text(&findings, Lang::En));
    assert_golden("tests/golden/findings.json", &json(&findings, Lang::Vi));

    let plan = checked(PLAN, None);
    assert_golden("tests/golden/check-2023.txt", &text(&plan, Lang::Vi));
    assert_golden("tests/golden/check-2023.en.txt", &text(&plan, Lang::En));
    assert_golden("tests/golden/check-2023.json", &json(&plan, Lang::Vi));
    assert_golden("tests/golden/check-2023.en.json", &json(&plan, Lang::En));
    let against = checked(PLAN, Some("tests/cases/grid-kg.ics"));
    assert_golden(
        "tests/golden/check-2023-grid-kg.txt",
        &text(&against, Lang::Vi),
    );
}

/// A finding the plan accepts is a note that says so, with the reason,
/// never dropped: a reviewed plan passes `--strict`.
#[test]
fn an_accepted_finding_is_a_note_and_passes_strict() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |accept: &str| {
        format!(
            "plan: {{ id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\n\
activities:\n  - {{ id: a, title: A, kind: publication, start: 2023-01-05, rrule: \"FREQ=MONTHLY;BYMONTHDAY=5,20\", expect: 14{accept} }}\n"
        )
    };
    let path = dir.path().join("t.yaml");
    let file = path.display().to_string();
    std::fs::write(&path, plan("")).unwrap();
    let warned = ": cảnh báo[expect-mismatch]: ";
    Test::new(["check", &file, "--strict"])
        .status(1)
        .stdout_contains(warned)
        .run();
    for (accept, reason) in [
        (", accept: [expect-mismatch]", None),
        (
            ", accept: [{ code: expect-mismatch, reason: \"báo điện tử\" }]",
            Some("báo điện tử"),
        ),
    ] {
        std::fs::write(&path, plan(accept)).unwrap();
        Test::new(["check", &file, "--strict"])
            .stdout_contains(": ghi chú[expect-mismatch]: đã chấp nhận: khai báo `expect: 14`")
            .run();
        let v = Test::new(["check", &file, "--format", "json"])
            .stdout_any()
            .run()
            .json();
        let f = &v["findings"][0];
        assert_eq!(f["severity"], "note");
        assert_eq!(f["accepted"], true);
        assert_eq!(f["reason"].as_str(), reason);
        assert_eq!(v["summary"]["warnings"], 0);
        assert_eq!(v["summary"]["notes"], 1);
    }
    // An accept of something that is not found accepts nothing else.
    std::fs::write(&path, plan(", accept: [no-dates]")).unwrap();
    Test::new(["check", &file, "--strict"])
        .status(1)
        .stdout_contains(warned)
        .run();
}

/// A deadline on a Saturday, Sunday or day off moves to the workday before
/// (or after) with `on_holiday: previous_workday` (`next_workday`), or is
/// dropped with `skip`; `keep` keeps it without a warning.
#[test]
fn deadlines_move_off_weekends_by_the_holiday_policy() {
    let cases = [
        (
            "2023-12-31",
            "previous_workday",
            Some("2023-12-29"),
            &["holiday-moved"][..],
        ),
        (
            "2023-09-30",
            "next_workday",
            Some("2023-10-02"),
            &["holiday-moved"][..],
        ),
        (
            "2023-09-02",
            "next_workday",
            Some("2023-09-04"),
            &["holiday-moved"][..],
        ),
        (
            "2023-12-31",
            "skip",
            None,
            &["no-dates", "holiday-skipped"][..],
        ),
        ("2023-12-31", "keep", Some("2023-12-31"), &[][..]),
        (
            "2023-12-31",
            "warn",
            Some("2023-12-31"),
            &["deadline-off-day"][..],
        ),
        (
            "2023-12-29",
            "previous_workday",
            Some("2023-12-29"),
            &[][..],
        ),
    ];
    for (day, policy, lands, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        std::fs::write(
            &path,
            format!(
                "plan: {{ id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: {{ from: 2023-01-01, to: 2023-12-31 }}, holidays: [h.yaml] }}\n\
activities:\n  - {{ id: r, title: R, kind: deadline, start: {day}, on_holiday: {policy} }}\n"
            ),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("h.yaml"),
            "- { date: 2023-09-02, name: Quốc khánh }\n",
        )
        .unwrap();
        assert_eq!(codes(&path, &[]), want, "{day} {policy}");
        let v = Test::new(["expand"])
            .arg(&path)
            .args(["--format", "json"])
            .stdout_any()
            .run()
            .json();
        assert_eq!(v[0]["start"].as_str(), lands, "{day} {policy}");
    }
}

/// Colour only for a terminal: never in a pipe, which is what tests are.
#[test]
fn no_colour_in_a_pipe() {
    Test::new(["check", FINDINGS, "--against", FINDINGS_GRID])
        .status(1)
        .stdout_lacks("\u{1b}")
        .stdout_contains(": lỗi[slot-conflict]: ")
        .run();
}

/// `--help` says every exit status.
#[test]
fn help_lists_every_exit_status() {
    let mut test = Test::new(["--help", "--lang", "en"]);
    for line in [
        "0  done",
        "1  done, and the check found errors",
        "2  bad input",
    ] {
        test = test.stdout_contains(line);
    }
    test.run();
}
