#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `castcal xlsx`, run as a user runs it, on the real 2023 plan, and read
//! back by an independent reader (calamine).

mod common;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use common::Test;

/// Standard output of `castcal ARGS…`, which succeeds and says nothing on
/// standard error.
fn written(args: &[&str]) -> Vec<u8> {
    Test::new(args).stdout_any().run().bytes
}

/// The 2023 plan's budget, in đồng.
const TOTAL: f64 = 428_596_816.0;

struct Book {
    calendar: Range<Data>,
    budget: Range<Data>,
    /// The formulas of the calendar sheet, by cell.
    formulas: Range<String>,
    names: Vec<String>,
}

fn book(bytes: &[u8]) -> Book {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    let first = names[0].clone();
    let second = names[1].clone();
    Book {
        calendar: book.worksheet_range(&first).unwrap(),
        budget: book.worksheet_range(&second).unwrap(),
        formulas: book.worksheet_formula(&first).unwrap(),
        names,
    }
}

/// The rows of a sheet, from its first row (the header).
fn rows(range: &Range<Data>) -> Vec<Vec<Data>> {
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(cell: &Data) -> &str {
    match cell {
        Data::String(s) => s,
        Data::Empty => "",
        other => panic!("{other:?} is not text"),
    }
}

/// A date cell as `YYYY-MM-DD`: a date, not text, and no time of day.
fn date(cell: &Data) -> String {
    let Data::DateTime(d) = cell else {
        panic!("{cell:?} is not a date")
    };
    assert!(d.is_datetime(), "{cell:?}");
    assert_eq!(d.as_f64().fract(), 0.0, "{cell:?}");
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    format!("{y:04}-{m:02}-{day:02}")
}

/// A time cell as `HH:MM`: a time of day, not text.
fn time(cell: &Data) -> String {
    let Data::DateTime(d) = cell else {
        panic!("{cell:?} is not a time")
    };
    assert!(d.as_f64() < 1.0, "{cell:?}");
    let (_, _, _, h, min, s, _) = d.to_ymd_hms_milli();
    assert_eq!(s, 0);
    format!("{h:02}:{min:02}")
}

fn number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        other => panic!("{other:?} is not a number"),
    }
}

fn json() -> Vec<serde_json::Value> {
    let bytes = written(&["expand", "--format", "json"]);
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The budget lines of `check --format json`.
fn check_budget() -> Vec<(String, String, String, Option<f64>)> {
    let report = Test::new(["check", "--format", "json"])
        .stdout_any()
        .run()
        .json();
    assert_eq!(report["budget"]["total_vnd"], 428_596_816);
    report["budget"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap().to_string();
            (
                s("plan"),
                s("activity"),
                s("title"),
                l["budget_vnd"].as_f64(),
            )
        })
        .collect()
}

/// The CSV's rows (same columns), for what the JSON does not carry.
fn csv_rows(lang: &str) -> Vec<Vec<String>> {
    let bytes = written(&["csv", "--lang", lang]);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Every cell of both languages, typed, against `expand --format json`
/// (row for row) and the CSV (the words); the total row and the budget sheet.
#[test]
fn every_cell_is_typed_and_matches_expand() {
    let occurrences = json();
    assert_eq!(occurrences.len(), 66);
    for (lang, sheets, total_word) in [
        ("vi", ["Lịch", "Kinh phí"], "Tổng cộng"),
        ("en", ["Calendar", "Budget"], "Total"),
    ] {
        let bytes = written(&["xlsx", "--lang", lang]);
        let book = book(&bytes);
        assert_eq!(book.names, sheets, "{lang}");
        let rows = rows(&book.calendar);
        let csv = csv_rows(lang);
        // The header, the occurrences, the total.
        assert_eq!(rows.len(), occurrences.len() + 2, "{lang}");
        let header: Vec<&str> = rows[0].iter().map(text).collect();
        assert_eq!(header, csv[0], "{lang}");
        for (i, (o, row)) in occurrences.iter().zip(&rows[1..]).enumerate() {
            assert_eq!(row.len(), 19, "{lang} {i}");
            let s = |k: &str| o[k].as_str().unwrap_or("").to_string();
            let start = s("start");
            let end = s("end");
            assert_eq!(date(&row[0]), start.get(..10).unwrap(), "{lang} {i}");
            if o["all_day"].as_bool().unwrap() {
                assert_eq!(row[2], Data::Empty);
                assert_eq!(row[3], Data::Empty);
                // The last day of the window, its exclusive end less one.
                let last = chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").unwrap()
                    - chrono::Days::new(1);
                assert_eq!(date(&row[4]), last.to_string(), "{lang} {i}");
            } else {
                assert_eq!(time(&row[2]), start.get(11..16).unwrap(), "{lang} {i}");
                assert_eq!(time(&row[3]), end.get(11..16).unwrap(), "{lang} {i}");
                assert_eq!(date(&row[4]), end.get(..10).unwrap(), "{lang} {i}");
            }
            assert_eq!(text(&row[6]), s("outlet"), "{lang} {i}");
            assert_eq!(text(&row[8]), s("activity"), "{lang} {i}");
            assert_eq!(text(&row[9]), s("title"), "{lang} {i}");
            assert_eq!(text(&row[13]), s("holiday"), "{lang} {i}");
            assert_eq!(text(&row[17]), s("plan"), "{lang} {i}");
            assert_eq!(text(&row[18]), s("uid"), "{lang} {i}");
            if lang == "en" {
                assert_eq!(text(&row[10]), s("kind"), "{i}");
                assert_eq!(text(&row[11]), s("role"), "{i}");
                assert_eq!(text(&row[12]), s("status"), "{i}");
                assert_eq!(
                    text(&row[5]),
                    if o["all_day"] == true { "yes" } else { "no" }
                );
            }
            // The words and what the JSON does not carry, as the CSV has them.
            let line = &csv[i + 1];
            for k in [1, 5, 7, 10, 11, 12, 14, 15] {
                assert_eq!(text(&row[k]), line[k], "{lang} {i} {k}");
            }
            assert_eq!(
                number(&row[16]),
                (!line[16].is_empty()).then(|| line[16].parse::<f64>().unwrap()),
                "{lang} {i}"
            );
        }
        let total = rows.last().unwrap();
        assert_eq!(text(&total[0]), total_word);
        assert_eq!(number(&total[16]), Some(TOTAL), "{lang}");
        let sum = rows[1..rows.len() - 1]
            .iter()
            .filter_map(|r| number(&r[16]))
            .sum::<f64>();
        assert_eq!(sum, TOTAL, "{lang}");
        let last = rows.len() - 1;
        let formula = book.formulas.get_value((last as u32, 16)).unwrap();
        assert!(formula.contains(&format!("SUM(Q2:Q{last})")), "{formula}");

        // The budget sheet: the plan's lines, then their total.
        let budget = self::rows(&book.budget);
        assert_eq!(budget.len(), 1 + 9 + 1, "{lang}");
        let total = budget.last().unwrap();
        assert_eq!(text(&total[0]), total_word);
        assert_eq!(number(&total[3]), Some(TOTAL), "{lang}");
        let lines: f64 = budget[1..budget.len() - 1]
            .iter()
            .filter_map(|r| number(&r[3]))
            .sum();
        assert_eq!(lines, TOTAL, "{lang}");
        // The lines are `check`'s, one for one.
        let lines: Vec<(String, String, String, Option<f64>)> = budget[1..budget.len() - 1]
            .iter()
            .map(|r| {
                let t = |k: usize| text(&r[k]).to_string();
                (t(0), t(1), t(2), number(&r[3]))
            })
            .collect();
        assert_eq!(lines, check_budget(), "{lang}");
        assert_eq!(text(&budget[1][1]), "chuyen-muc-cchc");
        assert_eq!(number(&budget[1][3]), Some(91_596_816.0));
    }
}

/// The date format is the language's; the budget's groups its thousands.
#[test]
fn dates_show_in_the_languages_form() {
    for (lang, format) in [("vi", "dd/mm/yyyy"), ("en", "yyyy-mm-dd")] {
        let bytes = written(&["xlsx", "--lang", lang]);
        let styles = unzipped(&bytes, "xl/styles.xml");
        assert!(
            styles.contains(&format!("formatCode=\"{format}\"")),
            "{lang}"
        );
        assert!(styles.contains("formatCode=\"hh:mm\""), "{lang}");
        assert!(styles.contains("formatCode=\"#,##0\""), "{lang}");
        let sheet = unzipped(&bytes, "xl/worksheets/sheet1.xml");
        // Frozen header, an autofilter over it, widths of their own.
        assert!(sheet.contains("state=\"frozen\""));
        assert!(sheet.contains("<autoFilter ref=\"A1:S67\"/>"));
        assert!(sheet.contains("customWidth=\"1\""));
    }
}

/// One part of the workbook (a zip), as text.
fn unzipped(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lich.xlsx");
    let f = file.to_str().unwrap();
    let a = written(&["xlsx"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    Test::new(["xlsx", "-o", f]).run();
    assert_eq!(std::fs::read(&file).unwrap(), a);
    // The document's date is the plan's `published` (2023-03-06 00:00 in
    // Asia/Ho_Chi_Minh), never the clock.
    assert!(unzipped(&a, "docProps/core.xml").contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-03-05T17:00:00Z</dcterms:created>"
    ));
}

/// Text that a spreadsheet would run as a formula is text in the sheet.
#[test]
fn formula_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(
        &path,
        r#"plan: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { KG: { name: "=KG", kind: tv } }
activities:
  - { id: a, title: "=HYPERLINK(\"x\")", lead: "+84 Sở", partners: ["@x", "b"], kind: broadcast, outlet: KG, start: 2023-03-01T17:45, duration: PT15M, budget_vnd: 10 }
  - { id: b, title: "=SUM(A1)", kind: broadcast, outlet: KG, start: 2023-03-02T17:45, duration: PT15M }
"#,
    )
    .unwrap();
    let bytes = written(&["xlsx", path.to_str().unwrap()]);
    let book = book(&bytes);
    let rows = rows(&book.calendar);
    assert_eq!(rows[1][9], Data::String("=HYPERLINK(\"x\")".into()));
    assert_eq!(rows[2][9], Data::String("=SUM(A1)".into()));
    assert_eq!(rows[1][7], Data::String("=KG".into()));
    assert_eq!(rows[1][14], Data::String("+84 Sở".into()));
    assert_eq!(rows[1][15], Data::String("@x; b".into()));
    // The only formulas are the totals.
    let (top, left) = book.formulas.start().unwrap();
    let formulas: Vec<(usize, usize)> = book
        .formulas
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, _)| (r + top as usize, c + left as usize))
        .collect();
    assert_eq!(formulas, [(3, 16)]);
    assert_eq!(number(&rows[3][16]), Some(10.0));
}

#[test]
fn outlets_pick_the_rows() {
    let book = book(&written(&["xlsx", "--outlet", "KG", "--outlet", "KG1"]));
    let rows = rows(&book.calendar);
    let body = &rows[1..rows.len() - 1];
    assert!(!body.is_empty());
    assert!(body.iter().any(|r| text(&r[6]) == "KG1"));
    assert!(body.iter().all(|r| ["KG", "KG1"].contains(&text(&r[6]))));
    // KG carries the segment and the talk show; their reruns carry nothing.
    assert_eq!(number(&rows.last().unwrap()[16]), Some(121_596_816.0));
    // The budget sheet is the plan's, whatever the outlets.
    let budget = self::rows(&book.budget);
    assert_eq!(number(&budget.last().unwrap()[3]), Some(TOTAL));
}

#[test]
fn bad_arguments_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.xlsx");
    let f = file.to_str().unwrap();
    Test::new(["xlsx", "--lang", "fr", "-o", f])
        .env("CASTCAL_LANG", "en")
        .status(2)
        .stderr(
            "error: invalid value 'fr' for '--lang <LANG>'\n  [possible values: en, vi]\n\n\
             For more information, try 'castcal xlsx --help'.\n",
        )
        .run();
    Test::new(["xlsx", "--lang", "en", "--outlet", "NOPE", "-o", f])
        .status(2)
        .stderr(
            "error: --outlet NOPE: no plan declares the outlet `NOPE`; \
             the outlets are: BKG, BTBNV, KG, KG1, PANO\n",
        )
        .run();
    assert!(!file.exists());
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

/// A workbook is binary: on a terminal `castcal xlsx` without `-o` refuses,
/// in a pipe it writes the zip. The terminal is util-linux's `script`, so
/// this run is not one of [`Test`]'s: `script` joins both streams.
#[test]
fn a_terminal_gets_no_binary() {
    let bin = env!("CARGO_BIN_EXE_castcal");
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("{bin} xlsx"), "/dev/null"])
        .output()
        .expect("script(1), from util-linux, runs the command on a terminal");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("castcal xlsx ghi một tệp nhị phân: hãy cho -o TỆP.xlsx"),
        "{said}"
    );
    assert!(!said.contains("PK"), "{said}");
    assert!(written(&["xlsx"]).starts_with(b"PK\x03\x04"));
}

/// Spreadsheets count dates from 1900, and Excel and LibreOffice read
/// January and February 1900 a day apart: dates before March 1900 are
/// text in the language's form, with a note saying why; from March 1900
/// they are dates again.
#[test]
fn dates_before_march_1900_are_text_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("old.yaml");
    std::fs::write(
        &plan,
        "plan: { id: old, title: Old, timezone: UTC, period: { from: 1899-12-25, to: 1900-03-05 } }\n\
         outlets: { R: { name: R, kind: radio } }\n\
         activities:\n\
         \x20 - { id: a, title: A, kind: broadcast, outlet: R, start: 1899-12-30T10:00,\n\
         \x20     rdates: [1900-02-28T10:00, 1900-03-01T10:00], duration: PT30M }\n",
    )
    .unwrap();
    for (lang, first, note) in [
        ("vi", "30/12/1899", "Ngày trước tháng 3 năm 1900"),
        ("en", "1899-12-30", "A date before March 1900"),
    ] {
        let bytes = written(&["xlsx", plan.to_str().unwrap(), "--lang", lang]);
        let b = book(&bytes);
        let rows = rows(&b.calendar);
        assert_eq!(text(&rows[1][0]), first, "{lang}");
        assert_eq!(text(&rows[1][4]), first, "{lang}");
        assert!(
            matches!(rows[2][0], Data::String(_)),
            "{lang}: 28/02/1900 {:?}",
            rows[2][0]
        );
        assert_eq!(date(&rows[3][0]), "1900-03-01", "{lang}");
        let comments = unzipped(&bytes, "xl/comments1.xml");
        assert!(comments.contains(note), "{lang}: {comments}");
    }
}
