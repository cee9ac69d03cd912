//! Rule shapes calendar engines read alike, and those they do not: `check`
//! warns about the ones they disagree on, and `ics --mode rrule` writes a
//! rule only in the shapes they were measured to read alike
//! (src/export/ics/portability.rs);
//! the interop suite has every engine expand the same plan.

mod common;

use common::{run, stdout_of};

const PLAN: &str = "tests/cases/engines/shapes.yaml";

#[test]
fn check_warns_about_yearly_days_of_the_month_without_a_month() {
    let out = run(&["check", "--format", "json", "--lang", "en", PLAN]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let rules: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["code"] == "suspicious-rule")
        .map(|f| {
            (
                f["activity"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [(
            "mid-month",
            "`FREQ=YEARLY;BYMONTHDAY=15` without `BYMONTH` means day 15 of every month \
             (RFC 5545, and castcal's calendar), but Thunderbird and libical show it in one \
             month a year; for every month write `FREQ=MONTHLY;BYMONTHDAY=15`, for once a year \
             add `BYMONTH=1`"
        )]
    );
    assert_eq!(findings.len(), 1, "{findings:?}");
}

#[test]
fn rrule_mode_writes_rules_only_of_shapes_engines_expand_alike() {
    let text = stdout_of(&["ics", "--mode", "rrule", PLAN]).replace("\r\n ", "");
    let rules: Vec<&str> = text
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("RRULE:"))
        .collect();
    // The last workday of the month (BYSETPOS=-1 of plain weekdays) is a
    // shape the grid measured alike in every engine
    // (docs/reference/rrule-portability.md).
    assert_eq!(
        rules,
        [
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;UNTIL=20231231T165959Z",
            "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2;UNTIL=20231231T165959Z",
            "FREQ=MONTHLY;BYDAY=3WE;UNTIL=20231231T165959Z",
        ]
    );
    // The other one is listed: twelve dates, DTSTART among them.
    let event = text
        .split("BEGIN:VEVENT\r\n")
        .find(|e| e.starts_with("UID:engines.mid-month@castcal\r\n"))
        .unwrap();
    assert!(!event.contains("RRULE"));
    let dates: usize = event
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("RDATE;TZID=Asia/Ho_Chi_Minh:"))
        .map(|v| v.split(',').count())
        .sum();
    assert_eq!(dates, 12);
}
