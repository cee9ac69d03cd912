#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `castcal check` run as a user runs it: whole reports, exit codes, cases.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_golden, run};

const PLAN: &str = "schedules/kien-giang-cchc-2023.yaml";
const GRID: &str = "KG=tests/cases/grid-kg.ics";

#[test]
fn the_2023_plan_text_report() {
    let run = run(&["check", PLAN]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_golden("tests/golden/check-2023.txt", &run.stdout);
}

#[test]
fn the_2023_plan_json_report() {
    let run = run(&["check", PLAN, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_golden("tests/golden/check-2023.json", &run.stdout);
}

#[test]
fn the_2023_plan_against_the_kg_grid() {
    let run = run(&["check", PLAN, "--against", GRID]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_golden("tests/golden/check-2023-grid-kg.txt", &run.stdout);
}

/// What a careful reader of the plan finds, field by field.
#[test]
fn the_2023_plan_findings_a_reader_expects() {
    let run = run(&["check", PLAN, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
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
        message.contains("expect: 14") && message.contains("yields 24"),
        "{message}"
    );
    assert_eq!(v["budget"]["total_vnd"], 428_596_816u64);
    assert_eq!(v["summary"]["errors"], 0);
    assert!(run.stdout.contains("\"uids\": ["));
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
            "castcal check: 1 plan, 66 occurrences: 0 errors, 7 warnings, 0 notes\n",
        ),
        (
            vec![PLAN.into(), "--strict".into()],
            1,
            "castcal check: 1 plan, 66 occurrences: 0 errors, 7 warnings, 0 notes\n",
        ),
        (
            vec![notes_only.display().to_string(), "--strict".into()],
            0,
            "castcal check: 1 plan, 1 occurrence: 0 errors, 0 warnings, 1 note\n",
        ),
        (
            vec![PLAN.into(), "--against".into(), GRID.into()],
            1,
            "castcal check: 1 plan, 66 occurrences: 4 errors, 7 warnings, 0 notes\n",
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
            "plan.yaml:1:7: plan: missing field `title`\n",
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
        let mut all = vec!["check"];
        all.extend(args.iter().map(String::as_str));
        let run = run(&all);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        if code == 2 {
            assert!(
                run.stderr.starts_with("error: "),
                "{args:?}: {}",
                run.stderr
            );
            assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
            assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        } else {
            assert!(run.stdout.starts_with(said), "{args:?}: {}", run.stdout);
            assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
        }
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

fn codes(path: &Path, extra: &[&str]) -> Vec<String> {
    let p = path.display().to_string();
    let mut args = vec!["check", p.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = run(&args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
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
    let run = run(&["check", &dir.path().display().to_string()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("b/s  [slot-conflict] premiere overlaps a/s premiere (17:45–18:00) on KG"),
        "{}",
        run.stdout
    );
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
            "outlet: KG, start: 2023-12-31T17:45, duration: PT15M, on_holiday: keep, reruns: [{ days_after: 1 }]",
            &["outside-period"],
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
    let run = run(&["check", &dir.path().join("t.yaml").display().to_string()]);
    // A deadline is not a "premiere": the message says what the item is.
    assert!(
        run.stdout.contains("01/05/2023 Mon  all day      -   report   [on-holiday] deadline on a holiday: Labour Day; kept as planned (on_holiday: warn)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("[holiday-moved] moved from 01/05/2023 (Labour Day) to 02/05/2023, the next workday (on_holiday: next_workday)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("01/05/2023 Mon  19:00–19:15  KG  skipped  [holiday-skipped] skipped: 01/05/2023 is Labour Day (on_holiday: skip), and its reruns with it"),
        "{}",
        run.stdout
    );
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
    let run = run(&[
        "check",
        PLAN,
        "--against",
        &format!("KG={}", grid.display()),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "15/03/2023 Wed  17:45–17:57  KG   chuyen-muc-cchc  [grid-conflict] premiere overlaps “Thời sự” 17:40–17:50 on the KG grid (outlook.ics)"
        ),
        "{}",
        run.stdout
    );
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
    let run = run(&["check", &dir.path().join("t.yaml").display().to_string()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for line in [
        "17/01/2024 Wed               KG   count   [outside-period] the rule `FREQ=MONTHLY;BYDAY=3WE;COUNT=12` runs past the period's end 31/12/2023: 6 dates from 17/01/2024 on are left out",
        "01/01/2024 Mon               KG1  hourly  [outside-period] the rule `FREQ=HOURLY;COUNT=4000000` runs past the period's end 31/12/2023: at least 91240 dates from 01/01/2024 on are left out",
        "01/03/2024 Fri               KG   late    [outside-period] `start` 01/03/2024 is outside the plan's period 01/01/2023 – 31/12/2023, so it is left out of every output",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
}
