//! `castcal expand` on the real plan and on broken schedule files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{files, rel, Test};
use serde_json::Value;

/// The occurrences `castcal expand --format json ARGS…` lists.
fn listed(args: &[&str]) -> Vec<Value> {
    let v = Test::new(["expand", "--format", "json"])
        .args(args)
        .stdout_any()
        .run()
        .json();
    serde_json::from_value(v).unwrap()
}

fn real_plan() -> Vec<Value> {
    listed(&[])
}

#[test]
fn the_2023_plan_expands_to_the_golden_json_and_table() {
    Test::new(["expand", "--format", "json"])
        .stdout_golden("tests/golden/expand-2023.json")
        .run();
    Test::new(["expand"])
        .stdout_golden("tests/golden/expand-2023.vi.txt")
        .run();
    Test::new(["expand", "--lang", "en"])
        .stdout_golden("tests/golden/expand-2023.txt")
        .run();
}

/// The dates PLAN-EN.md lists, independently of the golden file.
#[test]
fn the_segment_and_talk_show_fall_on_the_plans_dates() {
    let all = real_plan();
    let starts = |activity: &str, role: &str| -> Vec<String> {
        all.iter()
            .filter(|o| o["activity"] == activity && o["role"] == role)
            .map(|o| o["start"].as_str().unwrap().to_string())
            .collect()
    };
    let segment: Vec<String> = [
        "01-18", "02-15", "03-15", "04-19", "05-17", "06-21", "07-19", "08-16", "09-20", "10-18",
        "11-15", "12-20",
    ]
    .iter()
    .map(|d| format!("2023-{d}T17:45:00+07:00"))
    .collect();
    assert_eq!(starts("chuyen-muc-cchc", "premiere"), segment);
    let reruns: Vec<String> = [
        "01-19", "02-16", "03-16", "04-20", "05-18", "06-22", "07-20", "08-17", "09-21", "10-19",
        "11-16", "12-21",
    ]
    .iter()
    .map(|d| format!("2023-{d}T06:00:00+07:00"))
    .collect();
    assert_eq!(starts("chuyen-muc-cchc", "rerun"), reruns);
    assert_eq!(
        starts("toa-dam", "premiere"),
        ["2023-05-01T17:45:00+07:00", "2023-07-03T17:45:00+07:00"]
    );
    assert_eq!(
        starts("toa-dam", "rerun"),
        [
            "2023-05-02T06:30:00+07:00",
            "2023-05-02T07:30:00+07:00",
            "2023-07-04T06:30:00+07:00",
            "2023-07-04T07:30:00+07:00"
        ]
    );
    let kg1: Vec<&Value> = all.iter().filter(|o| o["outlet"] == "KG1").collect();
    assert_eq!(kg1.len(), 2);
    assert!(kg1
        .iter()
        .all(|o| o["end"].as_str().unwrap().ends_with(":45:00+07:00")));
    // The newspaper keeps the plan's literal rule: 2 a month.
    assert_eq!(starts("bao-kien-giang", "premiere").len(), 24);
    let may_day = all
        .iter()
        .find(|o| o["uid"] == "kg-cchc-2023.toa-dam.20230501@castcal")
        .unwrap();
    assert_eq!(may_day["holiday"], "Ngày Quốc tế Lao động");
}

#[test]
fn from_and_to_narrow_the_listing_to_what_touches_the_window() {
    let may = listed(&["--from", "2023-05-01", "--to", "2023-05-31"]);
    let uids: Vec<&str> = may.iter().map(|o| o["uid"].as_str().unwrap()).collect();
    assert_eq!(
        uids,
        [
            "kg-cchc-2023.hoi-thao-cchc.20230101@castcal",
            "kg-cchc-2023.pano-cchc.20230101@castcal",
            "kg-cchc-2023.ban-tin-bo-noi-vu.20230401@castcal",
            "kg-cchc-2023.bao-kien-giang.20230501@castcal",
            "kg-cchc-2023.toa-dam.20230501@castcal",
            "kg-cchc-2023.toa-dam.20230501.r1@castcal",
            "kg-cchc-2023.toa-dam.20230501.r2@castcal",
            "kg-cchc-2023.chuyen-muc-cchc.20230517@castcal",
            "kg-cchc-2023.chuyen-muc-cchc.20230517.r1@castcal",
            "kg-cchc-2023.bao-kien-giang.20230525@castcal",
        ]
    );
}

/// Two runs, the folder given or not: the same bytes, and those of the
/// plan (a run that fails, or lists nothing, gives none).
#[test]
fn the_output_does_not_change_between_runs() {
    let a = Test::new(["expand", "--format", "json"])
        .stdout_golden("tests/golden/expand-2023.json")
        .run();
    Test::new(["expand", "--format", "json", "schedules/"])
        .stdout(a.bytes)
        .run();
}

/// Each broken file in tests/cases/bad/ (and folder in tests/cases/bad-folders/)
/// fails with exit status 2 and exactly the message in its `.err` file.
#[test]
fn broken_schedules_fail_with_their_exact_message() {
    let mut inputs = files("tests/cases/bad", "yaml");
    let folders = common::root().join("tests/cases/bad-folders");
    let mut dirs: Vec<_> = std::fs::read_dir(&folders)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    inputs.extend(dirs);
    assert!(inputs.len() >= 12, "only {} broken cases", inputs.len());
    for input in inputs {
        let path = rel(&input);
        let expected = format!("{}.err", path.trim_end_matches(".yaml"));
        Test::new(["expand", &path, "--lang", "en"])
            .status(2)
            .stderr_golden(expected)
            .run();
    }
}

#[test]
fn a_bad_command_line_exits_2() {
    for args in [
        vec!["expand", "--format", "xml"],
        vec!["expand", "--from", "2023-13-01"],
        vec!["expand", "--from", "2023-06-01", "--to", "2023-05-01"],
        vec!["expand", "no/such/folder"],
        vec!["frobnicate"],
    ] {
        Test::new(args).status(2).stderr_starts_with("lỗi: ").run();
    }
}

#[test]
fn help_says_what_expand_does_with_an_example() {
    Test::new(["expand", "--help", "--lang", "en"])
        .stdout_contains("List every occurrence")
        .stdout_contains("castcal expand --format json")
        .run();
}
