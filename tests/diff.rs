#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `castcal diff` run as a user runs it: whole outputs for each kind of
//! change, exit codes, bad input, a published folder as the old version.

mod common;

use common::{rel, Test};

const OLD: &str = "tests/cases/diff/old.yaml";

/// Each edit of `old.yaml` and what it gives, one kind of change each, and
/// all of them at once.
const EDITS: &[&str] = &[
    "moved",
    "cancelled",
    "added",
    "changed",
    "rerun-outlet",
    "all",
];

fn new(edit: &str) -> String {
    format!("tests/cases/diff/new-{edit}.yaml")
}

/// The text in Vietnamese and in English and the JSON of every edit: each
/// a change, so each exits 1.
#[test]
fn each_kind_of_change() {
    for edit in EDITS {
        for (args, golden) in [
            (vec![], format!("tests/golden/diff/{edit}.txt")),
            (
                vec!["--lang", "en"],
                format!("tests/golden/diff/{edit}.en.txt"),
            ),
            (
                vec!["--format", "json"],
                format!("tests/golden/diff/{edit}.json"),
            ),
        ] {
            Test::new(["diff", OLD, &new(edit)])
                .args(args)
                .status(1)
                .stdout_golden(golden)
                .run();
        }
    }
}

/// What a reader of the JSON counts on, field by field: a move that also
/// changed keeps the move's kind and lists the rest; a move between
/// outlets says both; a cancellation has no `to`.
#[test]
fn json_fields_of_each_kind() {
    let v = Test::new(["diff", OLD, &new("all"), "--format", "json"])
        .status(1)
        .stdout_any()
        .run()
        .json();
    let summary = &v["summary"];
    assert_eq!(
        (
            &summary["added"],
            &summary["cancelled"],
            &summary["moved"],
            &summary["changed"]
        ),
        (&1.into(), &2.into(), &6.into(), &3.into())
    );
    let changes = v["changes"].as_array().unwrap();
    let change = |uid: &str| {
        changes
            .iter()
            .find(|c| c["uid"] == uid)
            .unwrap_or_else(|| panic!("{uid} not in {changes:?}"))
    };
    let premiere = change("kg-diff.chuyen-muc.20230118@castcal");
    assert_eq!(premiere["kind"], "moved");
    assert_eq!(premiere["fields"], serde_json::json!(["start", "title"]));
    assert_eq!(premiere["from"]["start"], "2023-01-18T17:45:00+07:00");
    assert_eq!(premiere["to"]["start"], "2023-01-18T18:00:00+07:00");
    assert_eq!(premiere["title"], "Chuyên mục CCHC");
    let rerun = change("kg-diff.chuyen-muc.20230118.r1@castcal");
    assert_eq!(rerun["kind"], "moved");
    assert_eq!(rerun["fields"], serde_json::json!(["outlet", "title"]));
    assert_eq!(
        (&rerun["from"]["outlet"], &rerun["to"]["outlet"]),
        (&"KG".into(), &"KG1".into())
    );
    assert_eq!(rerun["outlet"], "KG1");
    let cancelled = change("kg-diff.bao-cao.20230331@castcal");
    assert_eq!(cancelled["kind"], "cancelled");
    assert_eq!(cancelled["to"], serde_json::Value::Null);
    assert_eq!(cancelled["outlet"], serde_json::Value::Null);
    assert_eq!(cancelled["fields"], serde_json::json!([]));
    let added = change("kg-diff.toa-dam.20230220@castcal");
    assert_eq!(added["kind"], "added");
    assert_eq!(added["from"], serde_json::Value::Null);
    let shorter = change("kg-diff.trang-bao.20230101@castcal");
    assert_eq!(shorter["kind"], "changed");
    assert_eq!(shorter["fields"], serde_json::json!(["end"]));
    assert_eq!(
        (&shorter["from"]["end"], &shorter["to"]["end"]),
        (&"2023-01-08".into(), &"2023-01-06".into())
    );
    // By outlet (none last), then date.
    let outlets: Vec<&serde_json::Value> = changes.iter().map(|c| &c["outlet"]).collect();
    let mut sorted = outlets.clone();
    sorted.sort_by_key(|o| (o.is_null(), o.as_str().map(String::from)));
    assert_eq!(outlets, sorted);
    assert_eq!(changes.last().unwrap()["outlet"], serde_json::Value::Null);
}

/// The same plan twice: nothing changed, exit 0, in each form.
#[test]
fn the_same_plan_twice_is_no_change() {
    Test::new(["diff", OLD, OLD])
        .stdout("castcal diff: không có thay đổi nào\n")
        .run();
    Test::new(["diff", OLD, OLD, "--lang", "en"])
        .stdout("castcal diff: no change\n")
        .run();
    Test::new(["diff", OLD, OLD, "--format", "json"])
        .stdout(
            "{\n  \"summary\": {\n    \"added\": 0,\n    \"cancelled\": 0,\n    \"moved\": 0,\n    \
             \"changed\": 0\n  },\n  \"changes\": []\n}\n",
        )
        .run();
}

/// A folder `castcal build` wrote is the old version as its schedules are:
/// read through its occurrences.json, alike, and so is that file alone.
#[test]
fn a_published_folder_against_edited_schedules() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let public = public.to_str().unwrap();
    Test::new(["build", OLD, "-o", public])
        .stdout_contains("castcal: lần công bố 1, lần đầu tiên\n")
        .run();
    let from_schedules = Test::new(["diff", OLD, &new("all")])
        .status(1)
        .stdout_any()
        .run();
    for old in [public.to_string(), format!("{public}/occurrences.json")] {
        Test::new(["diff", &old, &new("all")])
            .status(1)
            .stdout(from_schedules.bytes.clone())
            .run();
        Test::new(["diff", &old, &new("all"), "--format", "json"])
            .status(1)
            .stdout_golden("tests/golden/diff/all.json")
            .run();
        // And the other way round: the folder as the new version.
        Test::new(["diff", &new("all"), &old, "--lang", "en"])
            .status(1)
            .stdout_starts_with("castcal diff: 2 added, 1 cancelled, 6 moved, 3 changed\n")
            .run();
    }
    Test::new(["diff", public, OLD])
        .stdout("castcal diff: không có thay đổi nào\n")
        .run();
    // A folder without the marker is not a publication: read as schedules,
    // of which it has none.
    std::fs::remove_file(dir.path().join("public/.castcal")).unwrap();
    Test::new(["diff", public, OLD])
        .status(2)
        .stderr_starts_with(format!("lỗi: {public}"))
        .run();
}

/// Every broken occurrences.json in tests/cases/diff/bad stops with exit
/// status 2 and exactly the message of its `.err` file (file, line and
/// column), as OLD and as NEW alike; nothing on standard output.
#[test]
fn bad_json_is_refused_at_its_line_and_column() {
    let cases = common::files("tests/cases/diff/bad", "json");
    assert!(cases.len() >= 10, "{cases:?}");
    for path in cases {
        let path = rel(&path);
        let expected = std::fs::read_to_string(format!(
            "{}/{}.err",
            common::root().display(),
            path.trim_end_matches(".json")
        ))
        .unwrap_or_else(|e| panic!("{path}.err: {e}"));
        for args in [["diff", &path, OLD], ["diff", OLD, &path]] {
            Test::new(args)
                .args(["--lang", "en"])
                .status(2)
                .stderr(expected.clone())
                .run();
        }
    }
}

/// A broken schedule on either side is the load's error, exit 2; a file
/// that is not there too.
#[test]
fn bad_schedules_and_missing_files() {
    Test::new([
        "diff",
        OLD,
        "tests/cases/bad/yaml-syntax.yaml",
        "--lang",
        "en",
    ])
    .status(2)
    .stderr(std::fs::read(common::root().join("tests/cases/bad/yaml-syntax.err")).unwrap())
    .run();
    Test::new(["diff", "tests/cases/diff/none.json", OLD])
        .status(2)
        .stderr("lỗi: tests/cases/diff/none.json: không có tệp hay thư mục này (os error 2)\n")
        .run();
    Test::new(["diff", OLD])
        .status(2)
        .stderr_starts_with("lỗi: thiếu các đối số bắt buộc sau:\n  <NEW>\n")
        .run();
}

/// The help says what the exit status means.
#[test]
fn help_says_that_1_means_changed() {
    Test::new(["diff", "--help", "--lang", "en"])
        .stdout_contains("Exit status: 0 nothing changed; 1 changed; 2 bad input.")
        .run();
}
