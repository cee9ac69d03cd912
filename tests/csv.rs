#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `castcal csv`, run as a user runs it, on the real 2023 plan.
//!
//! Golden files live in `tests/golden/`; regenerate them on purpose with
//! `CASTCAL_BLESS=1 cargo test --test csv` and read the diff before committing.

mod common;

use std::path::Path;

use common::Test;

/// Standard output of `castcal ARGS…`, which succeeds and says nothing on
/// standard error.
fn written(args: &[&str]) -> Vec<u8> {
    Test::new(args).stdout_any().run().bytes
}

/// The cells of the CSV, parsed by the csv crate's reader.
fn rows(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn budget_sum(bytes: &[u8]) -> u64 {
    rows(bytes, b',')
        .iter()
        .skip(1)
        .filter_map(|r| r.get(16).filter(|v| !v.is_empty()))
        .map(|v| v.parse::<u64>().unwrap())
        .sum()
}

#[test]
fn the_2023_plan_in_english() {
    Test::new(["csv", "--lang", "en"])
        .stdout_golden("tests/golden/kien-giang-cchc-2023.en.csv")
        .run();
}

/// Vietnamese by default, as every command.
#[test]
fn the_2023_plan_in_vietnamese() {
    for args in [&["csv"][..], &["csv", "--lang", "vi"]] {
        Test::new(args)
            .stdout_golden("tests/golden/kien-giang-cchc-2023.vi.csv")
            .run();
    }
}

#[test]
fn every_line_ends_in_crlf_and_every_row_has_every_column() {
    let bytes = written(&["csv"]);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.ends_with("\r\n"));
    // No title of the real plan holds a line break, so lines are rows.
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let json: serde_json::Value =
        serde_json::from_slice(&written(&["expand", "--format", "json"])).unwrap();
    let rows = rows(&bytes, b',');
    assert_eq!(rows.len(), json.as_array().unwrap().len() + 1);
    assert!(rows.iter().all(|r| r.len() == 19));
}

#[test]
fn the_budget_column_adds_up_to_the_plan_budget() {
    assert_eq!(budget_sum(&written(&["csv"])), 428_596_816);
    assert_eq!(
        budget_sum(&written(&["csv", "--lang", "vi", "--excel"])[3..]),
        428_596_816
    );
}

#[test]
fn a_file_filtered_by_outlet_adds_up_to_its_part_of_the_budget() {
    // KG carries the monthly segment (91,596,816) and the talk show
    // (30,000,000); the talk show's KG1 reruns carry no budget.
    let kg = written(&["csv", "--lang", "en", "--outlet", "KG"]);
    assert_eq!(budget_sum(&kg), 121_596_816);
    let both = written(&["csv", "--lang", "en", "--outlet", "KG", "--outlet", "KG1"]);
    assert_eq!(budget_sum(&both), 121_596_816);
    let outlets: Vec<String> = rows(&both, b',')
        .into_iter()
        .skip(1)
        .map(|r| r[6].clone())
        .collect();
    assert!(outlets.iter().any(|o| o == "KG1"));
    assert!(outlets.iter().all(|o| o == "KG" || o == "KG1"));
    // The segment's 12 premieres share its budget evenly.
    let kg_rows = rows(&kg, b',');
    let segment: Vec<&str> = kg_rows
        .iter()
        .filter(|r| r[8] == "chuyen-muc-cchc" && r[11] == "premiere")
        .map(|r| r[16].as_str())
        .collect();
    assert_eq!(segment, ["7633068"; 12]);
}

#[test]
fn excel_gets_a_bom_and_never_a_sep_line() {
    let plain = written(&["csv", "--lang", "en"]);
    let excel = written(&["csv", "--lang", "en", "--excel"]);
    assert_eq!(&excel[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel[3..], &plain[..]);
    assert!(excel[3..].starts_with(b"Date,Weekday,"));
    assert!(!String::from_utf8_lossy(&excel).contains("sep="));
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn a_semicolon_delimiter_gives_the_same_cells() {
    let comma = written(&["csv", "--lang", "en"]);
    for arg in [";", "semicolon"] {
        let semicolon = written(&["csv", "--lang", "en", "--delimiter", arg]);
        assert!(semicolon.starts_with(b"Date;Weekday;Start;End;"));
        assert_eq!(rows(&semicolon, b';'), rows(&comma, b','));
    }
}

#[test]
fn bad_command_lines_exit_2_with_a_message() {
    let cases: [(&[&str], &str); 3] = [
        (
            &["csv", "--delimiter", "|"],
            "`|` is not a delimiter castcal writes; expected `,` or `;`",
        ),
        (
            &["csv", "--outlet", "VTV1"],
            "error: --outlet VTV1: no plan declares the outlet `VTV1`; the outlets are: BKG, BTBNV, KG, KG1, PANO",
        ),
        (&["csv", "--lang", "fr"], "invalid value 'fr' for '--lang"),
    ];
    for (args, message) in cases {
        Test::new(args)
            .env("CASTCAL_LANG", "en")
            .status(2)
            .stderr_starts_with("error: ")
            .stderr_contains(message)
            .run();
    }
}

#[test]
fn dash_o_writes_the_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lich.csv");
    Test::new(["csv", "--excel", "-o", path.to_str().unwrap()]).run();
    assert_eq!(std::fs::read(&path).unwrap(), written(&["csv", "--excel"]));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn dash_o_into_a_missing_folder_fails_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("lich.csv");
    Test::new(["csv", "-o", path.to_str().unwrap()])
        .status(2)
        .stderr_starts_with("lỗi: không ghi được")
        .run();
    assert!(!Path::new(&path).exists());
}

/// Every text cell a spreadsheet would run as a formula gets a leading `'`,
/// whichever column it is in; dates, times and budgets never do.
#[test]
fn formula_like_text_is_neutralised_in_every_text_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        r#"plan: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 }, holidays: [h.yaml] }
outlets: { KG: { name: "=KG", kind: tv } }
activities:
  - { id: a, title: "-5 năm", lead: "+84 Sở", partners: ["@x", "b"], kind: broadcast, outlet: KG, start: 2023-03-01T17:45, duration: PT15M, budget_vnd: 10 }
  - { id: b, title: "=SUM(A1)", kind: broadcast, outlet: KG, start: 2023-03-02T17:45, duration: PT15M }
  - { id: c, title: "@x", kind: broadcast, outlet: KG, start: 2023-03-03T17:45, duration: PT15M }
  - { id: d, title: "\tx", kind: broadcast, outlet: KG, start: 2023-03-04T17:45, duration: PT15M }
  - { id: e, title: "\rx\"q\"", kind: broadcast, outlet: KG, start: 2023-05-01T17:45, duration: PT15M }
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("h.yaml"),
        "- { date: 2023-05-01, name: \"-Lễ\" }\n",
    )
    .unwrap();
    let path = dir.path().join("p.yaml");
    for (lang, delimiter) in [("en", b','), ("vi", b';')] {
        let bytes = written(&[
            "csv",
            path.to_str().unwrap(),
            "--lang",
            lang,
            "--delimiter",
            if delimiter == b',' { "," } else { ";" },
        ]);
        let rows = rows(&bytes, delimiter);
        let cells =
            |col: usize| -> Vec<&str> { rows[1..].iter().map(|r| r[col].as_str()).collect() };
        assert_eq!(
            cells(9),
            ["'-5 năm", "'=SUM(A1)", "'@x", "'\tx", "'\rx\"q\""],
            "{lang}"
        );
        assert_eq!(cells(7), ["'=KG"; 5], "{lang}");
        assert_eq!(cells(13), ["", "", "", "", "'-Lễ"], "{lang}");
        assert_eq!(cells(14)[0], "'+84 Sở", "{lang}");
        assert_eq!(cells(15)[0], "'@x; b", "{lang}");
        assert_eq!(cells(16), ["10", "", "", "", ""], "{lang}");
        for col in [0, 2, 3, 4] {
            assert!(
                cells(col).iter().all(|c| !c.starts_with('\'')),
                "{lang} {col}"
            );
        }
    }
}
