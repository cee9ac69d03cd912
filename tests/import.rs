#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `castcal import` run as a user runs it: the seed plan's document gives
//! the calendar of the hand-written schedule, as text and as a Word file;
//! two more plans in the same style give what a person reads in them;
//! warnings name the document's line; a document without a plan table is
//! refused.

mod common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use common::{assert_golden, root, run};

const SEED: &str = "tests/cases/import/kien-giang-61-2023.txt";
const AN_GIANG: &str = "tests/cases/import/an-giang-2024.txt";
const BEN_TRE: &str = "tests/cases/import/ben-tre-2025.txt";
const HAND_WRITTEN: &str = "schedules/kien-giang-cchc-2023.yaml";

/// Imports a document; expects exit 0 or 1 (something to review) and
/// returns (YAML, standard error).
fn import(args: &[&str]) -> (String, String) {
    let mut all = vec!["import"];
    all.extend(args);
    let r = run(&all);
    assert!(r.code == 0 || r.code == 1, "castcal {all:?}: {}", r.stderr);
    (r.stdout, r.stderr)
}

/// The plan in `yaml`, loaded by castcal's own loader as if it were `at`.
fn load(at: &str, yaml: String) -> castcal::plan::Plan {
    castcal::plan::load_one(&root().join(at), yaml).unwrap_or_else(|e| panic!("{at}: {e}"))
}

/// What a calendar is, whatever the ids: every occurrence's start, end
/// and outlet, counted; every `expect`, sorted; the budget.
#[derive(Debug, PartialEq, Eq)]
struct Calendar {
    occurrences: BTreeMap<(String, String, String), usize>,
    expects: Vec<u32>,
    budget: u64,
}

fn calendar(plan: &castcal::plan::Plan) -> Calendar {
    let plans = std::slice::from_ref(plan);
    let expansion = castcal::expand(plans).unwrap();
    let mut occurrences = BTreeMap::new();
    for o in expansion.occurrences() {
        let key = (
            o.start.rfc3339(),
            o.end.rfc3339(),
            o.outlet_id().unwrap_or("-").to_string(),
        );
        *occurrences.entry(key).or_insert(0) += 1;
    }
    let mut expects: Vec<u32> = plan.activities.iter().filter_map(|a| a.expect).collect();
    expects.sort_unstable();
    let budget = plan.activities.iter().filter_map(|a| a.budget_vnd).sum();
    Calendar {
        occurrences,
        expects,
        budget,
    }
}

/// Item 4 of the issue: the seed's document gives the hand-written file's
/// calendar: the same 30 TV slots at the same times on the same channels,
/// the same windows and deadlines, `expect`s and budget total.
#[test]
fn the_seed_gives_the_hand_written_calendar() {
    let (yaml, stderr) = import(&[SEED]);
    assert!(
        !stderr.contains("cảnh báo"),
        "the seed's words are all read: {stderr}"
    );
    let imported = calendar(&load("schedules/imported.yaml", yaml));
    let hand = std::fs::read_to_string(root().join(HAND_WRITTEN)).unwrap();
    let hand = calendar(&load(HAND_WRITTEN, hand));
    let tv = |c: &Calendar| {
        c.occurrences
            .iter()
            .filter(|((_, _, outlet), _)| outlet == "KG" || outlet == "KG1")
            .map(|(_, n)| n)
            .sum::<usize>()
    };
    assert_eq!(tv(&hand), 30);
    assert_eq!(tv(&imported), 30);
    let total = |c: &Calendar| c.occurrences.values().sum::<usize>();
    assert_eq!(total(&imported), total(&hand));
    assert_eq!(imported.occurrences, hand.occurrences);
    assert_eq!(imported.expects, hand.expects);
    assert_eq!(imported.budget, 428_596_816);
    assert_eq!(imported.budget, hand.budget);
}

/// The written file, whole: what a reviewer reads (Vietnamese by default,
/// English with --lang en).
#[test]
fn the_seed_file_as_written() {
    let (yaml, _) = import(&[SEED]);
    assert_golden("tests/golden/import/kien-giang-61-2023.yaml", &yaml);
    let (yaml, _) = import(&[SEED, "--lang", "en"]);
    assert_golden("tests/golden/import/kien-giang-61-2023.en.yaml", &yaml);
}

/// Escapes text for XML.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A Word file of a text document: each line a paragraph, each run of
/// tab-separated lines a table (a blank line between rows ends the table,
/// as a page break does), each cell's text in runs.
fn docx_of(text: &str) -> Vec<u8> {
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.contains('\t') {
            if !in_table {
                body.push_str("<w:tbl><w:tblPr/>");
                in_table = true;
            }
            body.push_str("<w:tr>");
            for cell in line.split('\t') {
                body.push_str("<w:tc><w:tcPr/><w:p>");
                // Split in two runs, as Word does with formatting.
                let cut = cell.char_indices().nth(3).map_or(cell.len(), |(i, _)| i);
                let (a, b) = cell.split_at(cut);
                for part in [a, b].into_iter().filter(|p| !p.is_empty()) {
                    body.push_str(&format!(
                        "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                        xml_text(part)
                    ));
                }
                body.push_str("</w:p></w:tc>");
            }
            body.push_str("</w:tr>");
            continue;
        }
        if in_table {
            body.push_str("</w:tbl>");
            in_table = false;
        }
        if line.is_empty() {
            body.push_str("<w:p/>");
        } else {
            body.push_str(&format!(
                "<w:p><w:pPr/><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                xml_text(line)
            ));
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        .unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

/// The same plans saved as Word files import to the same bytes, and their
/// warnings name the same lines (a .docx's paragraphs and rows).
#[test]
fn a_word_file_imports_to_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    for doc in [SEED, AN_GIANG, BEN_TRE] {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        let docx = dir
            .path()
            .join(Path::new(doc).file_stem().unwrap())
            .with_extension("docx");
        std::fs::write(&docx, docx_of(&text)).unwrap();
        let (from_text, text_warnings) = import(&[doc]);
        let (from_word, word_warnings) = import(&[docx.to_str().unwrap()]);
        assert_eq!(from_word, from_text, "{doc}");
        let lines = |s: &str| -> Vec<String> {
            s.lines()
                .map(|l| l.split_once(':').map(|(_, rest)| rest.to_string()).unwrap())
                .collect()
        };
        assert_eq!(lines(&word_warnings), lines(&text_warnings), "{doc}");
    }
}

/// The premieres of one activity: (start, end, outlet) in order.
fn premieres(plan: &castcal::plan::Plan, activity: &str) -> Vec<String> {
    let plans = std::slice::from_ref(plan);
    let expansion = castcal::expand(plans).unwrap();
    expansion
        .occurrences()
        .iter()
        .filter(|o| o.activity.id == activity)
        .map(|o| {
            format!(
                "{} {} {}{}",
                o.start.rfc3339(),
                o.end.rfc3339(),
                o.outlet_id().unwrap_or("-"),
                if o.rerun.is_some() { " rerun" } else { "" }
            )
        })
        .collect()
}

/// A second plan: another province, year and channels; the nth Thursday
/// at `19h30`, the last Sunday of two months, weekly windows, quarterly
/// windows, a quarter, two months of banners, quarterly reports.
#[test]
fn an_giang_2024_as_a_person_reads_it() {
    let r = run(&["import", AN_GIANG]);
    // Windows with no day fixed are assumptions to review: exit 1.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "tests/cases/import/an-giang-2024.txt:16: giả định: mục 3: tuần 1 của tháng, không nói thứ mấy: 7 ngày từ ngày 1 (BYMONTHDAY=1)\n\
         tests/cases/import/an-giang-2024.txt:16: giả định: mục 3: tuần cuối của tháng, không nói thứ mấy: 7 ngày cuối tháng (BYMONTHDAY=-7)\n\
         tests/cases/import/an-giang-2024.txt:17: giả định: mục 4: không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến (một quý, P3M)\n\
         tests/cases/import/an-giang-2024.txt:18: giả định: mục 5: không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến (một quý, P3M)\n\
         tests/cases/import/an-giang-2024.txt:23: giả định: mục III: kế hoạch không ấn định ngày nộp: giả định hạn là ngày cuối của kỳ báo cáo, trạng thái dự kiến\n\
         tests/cases/import/an-giang-2024.txt: 7 hoạt động, 65 lần (buổi phát và hạn) (30 có giờ), 4 dự kiến, 5 cần xem lại, tổng kinh phí 193.000.000 đồng\n"
    );
    let yaml = r.stdout;
    assert_golden("tests/golden/import/an-giang-2024.yaml", &yaml);
    let plan = load("schedules/an-giang.yaml", yaml);
    assert_eq!(plan.id, "ag-15-2024");
    assert_eq!(plan.reference.as_deref(), Some("15/KH-UBND, 10/01/2024"));
    let segment = premieres(&plan, "chuyen-muc");
    assert_eq!(segment.len(), 24);
    // The 2nd Thursday of each month at 19:30 on ATV1, again the next day at 10:15 on ATV2.
    assert_eq!(
        segment[..4],
        [
            "2024-01-11T19:30:00+07:00 2024-01-11T19:45:00+07:00 ATV1",
            "2024-01-12T10:15:00+07:00 2024-01-12T10:30:00+07:00 ATV2 rerun",
            "2024-02-08T19:30:00+07:00 2024-02-08T19:45:00+07:00 ATV1",
            "2024-02-09T10:15:00+07:00 2024-02-09T10:30:00+07:00 ATV2 rerun",
        ]
    );
    assert_eq!(
        premieres(&plan, "toa-dam"),
        [
            "2024-06-30T20:00:00+07:00 2024-06-30T20:30:00+07:00 ATV1",
            "2024-07-01T07:00:00+07:00 2024-07-01T07:30:00+07:00 ATV1 rerun",
            "2024-07-01T14:30:00+07:00 2024-07-01T15:00:00+07:00 ATV2 rerun",
            "2024-12-29T20:00:00+07:00 2024-12-29T20:30:00+07:00 ATV1",
            "2024-12-30T07:00:00+07:00 2024-12-30T07:30:00+07:00 ATV1 rerun",
            "2024-12-30T14:30:00+07:00 2024-12-30T15:00:00+07:00 ATV2 rerun",
        ]
    );
    let paper = premieres(&plan, "tin-bai-ve-cai");
    assert_eq!(paper.len(), 24);
    assert_eq!(paper[0], "2024-01-01 2024-01-08 BAG");
    assert_eq!(paper[1], "2024-01-25 2024-02-01 BAG");
    assert_eq!(
        premieres(&plan, "tin-bai-tren-cong"),
        [
            "2024-01-01 2024-04-01 CTTDTAG",
            "2024-04-01 2024-07-01 CTTDTAG",
            "2024-07-01 2024-10-01 CTTDTAG",
            "2024-10-01 2025-01-01 CTTDTAG",
        ]
    );
    assert_eq!(
        premieres(&plan, "hoi-nghi-tap-huan"),
        ["2024-07-01 2024-10-01 -"]
    );
    assert_eq!(
        premieres(&plan, "treo-bang-ron-tuyen"),
        [
            "2024-04-01 2024-05-01 BANGRON",
            "2024-09-01 2024-10-01 BANGRON"
        ]
    );
    assert_eq!(premieres(&plan, "bao-cao-quy").len(), 4);
    let c = calendar(&plan);
    assert_eq!(c.budget, 193_000_000);
    assert_eq!(c.expects, [1, 2, 4, 4, 12, 24]);
}

/// A third plan: a weekly radio programme with its frequency and a rerun
/// the same day, a TV report in four months with a rerun two days later
/// and no length, monthly and half-year windows, a quarter, a time the plan
/// says is not fixed, a budget cell no phrase reads, half-yearly and yearly
/// reports.
#[test]
fn ben_tre_2025_as_a_person_reads_it() {
    let r = run(&["import", BEN_TRE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "tests/cases/import/ben-tre-2025.txt:8: giả định: mục 2: không ghi thời lượng: giả định 30 phút\n\
         tests/cases/import/ben-tre-2025.txt:9: giả định: mục 3: không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến (một tháng, P1M)\n\
         tests/cases/import/ben-tre-2025.txt:10: giả định: mục 4: không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến (nửa năm, P6M)\n\
         tests/cases/import/ben-tre-2025.txt:11: giả định: mục 5: không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến (một quý, P3M)\n\
         tests/cases/import/ben-tre-2025.txt:12: cảnh báo: mục 6: không đọc được kinh phí \"Theo dự toán\": không ghi budget_vnd\n\
         tests/cases/import/ben-tre-2025.txt:12: giả định: mục 6: không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến (cả năm, P1Y)\n\
         tests/cases/import/ben-tre-2025.txt:16: giả định: mục III: kế hoạch không ấn định ngày nộp: giả định hạn là ngày cuối của kỳ báo cáo, trạng thái dự kiến\n\
         tests/cases/import/ben-tre-2025.txt: 8 hoạt động, 129 lần (buổi phát và hạn) (112 có giờ), 7 dự kiến, 7 cần xem lại, tổng kinh phí 180.000.000 đồng\n"
    );
    assert_golden("tests/golden/import/ben-tre-2025.yaml", &r.stdout);
    let plan = load("schedules/ben-tre.yaml", r.stdout);
    assert_eq!(plan.period.from.to_string(), "2025-01-01");
    let radio = plan.outlet("BTR").unwrap();
    assert_eq!(radio.kind, castcal::plan::OutletKind::Radio);
    assert!(radio.name.ends_with("(FM 96,1 MHz)"), "{}", radio.name);
    let programme = premieres(&plan, "chuong-trinh-phat-thanh");
    assert_eq!(programme.len(), 104);
    assert_eq!(
        programme[..2],
        [
            "2025-01-04T06:15:00+07:00 2025-01-04T06:25:00+07:00 BTR",
            "2025-01-04T21:00:00+07:00 2025-01-04T21:10:00+07:00 BTR rerun",
        ]
    );
    let report = premieres(&plan, "phong-su-truyen-hinh");
    assert_eq!(
        report,
        [
            "2025-03-07T20:00:00+07:00 2025-03-07T20:30:00+07:00 BTV",
            "2025-03-09T09:00:00+07:00 2025-03-09T09:30:00+07:00 BTV rerun",
            "2025-06-06T20:00:00+07:00 2025-06-06T20:30:00+07:00 BTV",
            "2025-06-08T09:00:00+07:00 2025-06-08T09:30:00+07:00 BTV rerun",
            "2025-09-05T20:00:00+07:00 2025-09-05T20:30:00+07:00 BTV",
            "2025-09-07T09:00:00+07:00 2025-09-07T09:30:00+07:00 BTV rerun",
            "2025-12-05T20:00:00+07:00 2025-12-05T20:30:00+07:00 BTV",
            "2025-12-07T09:00:00+07:00 2025-12-07T09:30:00+07:00 BTV rerun",
        ]
    );
    // No length given: assumed, said, and tentative.
    let activity = plan
        .activities
        .iter()
        .find(|a| a.id == "phong-su-truyen-hinh")
        .unwrap();
    assert_eq!(activity.status, castcal::plan::Status::Tentative);
    assert_eq!(premieres(&plan, "tin-bai-tren-ban").len(), 12);
    assert_eq!(
        premieres(&plan, "tuyen-truyen-tren-trang"),
        ["2025-01-01 2025-07-01 TTTDTSNV"]
    );
    assert_eq!(
        premieres(&plan, "hoi-thi-tim-hieu"),
        ["2025-07-01 2025-10-01 -"]
    );
    // Not fixed (`Chưa xác định`): a tentative window of the period.
    assert_eq!(
        premieres(&plan, "cuoc-thi-anh-net"),
        ["2025-01-01 2026-01-01 -"]
    );
    assert_eq!(
        premieres(&plan, "bao-cao-6-thang"),
        ["2025-06-30 2025-07-01 -"]
    );
    assert_eq!(premieres(&plan, "bao-cao-nam"), ["2025-12-31 2026-01-01 -"]);
    assert!(premieres(&plan, "bao-cao-quy").is_empty());
    assert_eq!(calendar(&plan).budget, 180_000_000);
}

/// `import` then `check`: the seed's contradiction (2 a month, 14 a year)
/// is kept for the check to report, with the deadlines on days off; the
/// other plans check as a person would expect.
#[test]
fn check_reports_what_the_plans_say() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // With the built-in calendar: the talk show on 1 May and its reruns.
        (
            SEED,
            vec!["expect-mismatch", "deadline-off-day", "on-holiday"],
        ),
        // Tết 2024's days off hold one of its slots and a rerun.
        (AN_GIANG, vec!["deadline-off-day", "on-holiday"]),
        (BEN_TRE, vec![]),
    ];
    for (doc, codes) in cases {
        let name = Path::new(doc).with_extension("yaml");
        let out = dir.path().join(name.file_name().unwrap());
        let out = out.to_str().unwrap();
        let r = run(&["import", doc, "-o", out]);
        assert_eq!(r.code, 1, "{doc}: something to review: {}", r.stderr);
        assert_eq!(r.stdout, "", "{doc}: -o writes nothing to standard output");
        let check = run(&["check", out, "--format", "json"]);
        assert_eq!(check.code, 0, "{doc}: {}", check.stdout);
        let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
        let mut found: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect();
        found.dedup();
        let mut want: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        found.sort();
        found.dedup();
        want.sort();
        assert_eq!(found, want, "{doc}");
    }
}

/// The options: another time zone, holiday files named, English.
#[test]
fn timezone_holidays_and_language() {
    let (yaml, _) = import(&[
        AN_GIANG,
        "--timezone",
        "Asia/Bangkok",
        "--holidays",
        "holidays/vn-2023.yaml",
        "--lang",
        "en",
    ]);
    assert!(yaml.contains("  timezone: \"Asia/Bangkok\"\n"), "{yaml}");
    assert!(
        yaml.contains("  holidays: [\"holidays/vn-2023.yaml\"]\n"),
        "{yaml}"
    );
    assert!(yaml.contains("  # Read:\n"), "{yaml}");
    let plan = load("schedules/x.yaml", yaml);
    assert_eq!(plan.timezone.name(), "Asia/Bangkok");
    let r = run(&[
        "import",
        AN_GIANG,
        "--timezone",
        "Mars/Olympus",
        "--lang",
        "en",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not an IANA time zone"), "{}", r.stderr);
}

/// A cell no phrase reads is a tentative window of the period, said on
/// standard error at the document's line and in the file, once; a time out
/// of range leaves the rest of its cell read (the Mondays, the channel),
/// all day and tentative; exit 1.
#[test]
fn what_is_not_understood_is_said_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("plan.txt");
    std::fs::write(
        &doc,
        "Số: 3/KH-SNV\nHà Nội, ngày 2 tháng 2 năm 2026\n\n\
         STT\tNội dung\tThời gian thực hiện\tKinh phí thực hiện\n\
         1\tTọa đàm\tkhi có điều kiện\t10.000.000 đồng\n\
         2\tPhát sóng\t25 giờ thứ Hai hằng tuần - kênh H1\t\n\
         3\tBản tin\t19 giờ - kênh H1\t\n",
    )
    .unwrap();
    let doc = doc.to_str().unwrap();
    let r = run(&["import", doc, "--lang", "en"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "{doc}:5: warning: item 1: cannot read the time \"khi có điều kiện\": written as a tentative window of the whole period; correct start, rrule and duration\n\
             {doc}:6: warning: item 2: \"25 giờ\" is not a valid value; left out\n\
             {doc}:6: assumed: item 2: no time of day given: all day\n\
             {doc}:7: warning: item 3: a time (19:00) but no day: written as a tentative window of the whole period; give its day\n\
             {doc}: 3 activities, 54 occurrences (0 timed), 3 tentative, 4 to review, budget total 10.000.000 đồng\n"
        )
    );
    assert!(r.stdout.contains("  # Not understood:\n"), "{}", r.stdout);
    let plan = load("schedules/x.yaml", r.stdout.clone());
    let windows = premieres(&plan, "toa-dam");
    assert_eq!(windows, ["2026-01-01 2027-01-01 -"]);
    // Without its time, the Monday slot is all day, and says so.
    assert!(premieres(&plan, "phat-song")[0].starts_with("2026-01-05 2026-01-06 H1"));
    assert!(
        r.stdout.contains("no time of day given: all day"),
        "{}",
        r.stdout
    );
    let tentative = |id: &str| {
        plan.activities.iter().find(|a| a.id == id).unwrap().status
            == castcal::plan::Status::Tentative
    };
    assert!(tentative("toa-dam") && tentative("phat-song") && tentative("ban-tin"));
}

/// No plan: exit 2, the file named, nothing written; in the reader's
/// language.
#[test]
fn a_document_without_a_plan_table_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("letter.txt");
    std::fs::write(&doc, "Kính gửi: Sở Nội vụ\n\nĐề nghị báo cáo.\n").unwrap();
    let out = dir.path().join("out.yaml");
    let (doc, out) = (doc.to_str().unwrap(), out.to_str().unwrap());
    let r = run(&["import", doc, "-o", out, "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {doc}: no plan: no table of activities (a header row with a content column \
             and a time, date or hour column) and no paragraph that says when something is done\n"
        )
    );
    assert!(!Path::new(out).exists());
    let r = run(&["import", doc]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(": không thấy kế hoạch: "), "{}", r.stderr);
    let r = run(&["import", dir.path().join("missing.docx").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("lỗi: "), "{}", r.stderr);
    std::fs::write(doc, b"PK\x03\x04 not a zip").unwrap();
    let r = run(&["import", doc, "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a readable zip file"), "{}", r.stderr);
}

/// Imported beside a `holidays/` folder, the plan names its files for the
/// plan's year (and says that is assumed), so `check` reports what falls on
/// a day off as it does for the hand-written plan: 1 May 2023 and the
/// talk show's reruns the day after, in the break for Hùng Kings' day.
#[test]
fn the_holiday_files_of_the_year_beside_the_schedule_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let holidays = dir.path().join("holidays");
    std::fs::create_dir(&holidays).unwrap();
    std::fs::copy(
        "schedules/holidays/vn-2023.yaml",
        holidays.join("vn-2023.yaml"),
    )
    .unwrap();
    std::fs::write(holidays.join("vn-2024.yaml"), "[]\n").unwrap();
    let out = dir.path().join("plan.yaml");
    let r = run(&["import", SEED, "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains(
            "  # Giả định: ngày nghỉ lấy từ thư mục holidays/ bên cạnh tệp này, theo năm của kế hoạch; kiểm tra lại\n  ngày nghỉ: [\"holidays/vn-2023.yaml\"]\n"
        ),
        "{yaml}"
    );
    let check = run(&["check", out.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let on_holiday: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "on-holiday")
        .map(|f| f["date"].as_str().unwrap())
        .collect();
    let hand = run(&["check", HAND_WRITTEN, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&hand.stdout).unwrap();
    let hand_on_holiday: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "on-holiday")
        .map(|f| f["date"].as_str().unwrap())
        .collect();
    assert_eq!(on_holiday, hand_on_holiday);
    assert_eq!(on_holiday, ["2023-05-01", "2023-05-02", "2023-05-02"]);
    // Without a holidays/ folder, the plan names Vietnam's built-in
    // calendar, and says so.
    let (yaml, _) = import(&[SEED]);
    assert!(
        yaml.contains("  # Ngày nghỉ: lịch có sẵn của Việt Nam (VN), gồm ngày nghỉ bù và ngày làm bù theo thông báo của Chính phủ; thêm tệp ngày nghỉ riêng của tỉnh nếu có\n  ngày nghỉ: [\"VN\"]\n"),
        "{yaml}"
    );
}

/// `-o` never replaces a file without `--force`, never a read-only one,
/// never the document itself; what it refuses it leaves as it was.
#[test]
fn the_written_file_is_never_replaced_without_force() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reviewed.yaml");
    std::fs::write(&out, "# reviewed by hand\n").unwrap();
    let o = out.to_str().unwrap();
    let r = run(&["import", BEN_TRE, "-o", o, "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!("error: {o} exists: a schedule file that may have been reviewed is not replaced; add --force to replace it\n")
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "# reviewed by hand\n"
    );
    let r = run(&["import", BEN_TRE, "-o", o, "--force"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("# Tệp lịch này"));
    std::fs::write(&out, "# reviewed by hand\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = run(&["import", BEN_TRE, "-o", o, "--force", "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is read-only"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "# reviewed by hand\n"
    );
    let doc = dir.path().join("plan.txt");
    std::fs::copy(root().join(BEN_TRE), &doc).unwrap();
    let before = std::fs::read(&doc).unwrap();
    let d = doc.to_str().unwrap();
    let r = run(&["import", d, "-o", d, "--force", "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is the document itself"), "{}", r.stderr);
    assert_eq!(std::fs::read(&doc).unwrap(), before);
}

/// A premiere whose hour cannot be read (`25 giờ`) with a rerun at its
/// time: the file still loads (an all-day activity has whole-day reruns),
/// the rerun's day and channel are kept, its time is said at the line as
/// dropped, and the activity is tentative.
#[test]
fn an_unread_hour_keeps_the_rerun_and_the_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("plan.txt");
    std::fs::write(
        &doc,
        "Số: 5/KH-STP\nBình Định, ngày 30 tháng 12 năm 2025\n\nKẾ HOẠCH\nTuyên truyền năm 2026\n\n\
         STT\tNội dung\tThời gian\tKinh phí (đồng)\n\
         1\tPhóng sự\t25 giờ thứ Năm tuần 3 tháng 6, kênh BTV, phát lại 8 giờ ngày hôm sau, 20 phút\t15.000.000\n",
    )
    .unwrap();
    let doc = doc.to_str().unwrap();
    let r = run(&["import", doc, "--lang", "en"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{doc}:8: assumed: item 1: the premiere has no time, so the rerun at 08:00 is written as a whole day; once start has its time, put back at: \"08:00\"\n"
        )),
        "{}",
        r.stderr
    );
    let plan = load("schedules/x.yaml", r.stdout.clone());
    let a = &plan.activities[0];
    assert_eq!(a.status, castcal::plan::Status::Tentative);
    assert!(
        r.stdout
            .contains("    reruns:\n      - { days_after: 1, outlet: \"BTV\" }\n"),
        "{}",
        r.stdout
    );
    assert_eq!(
        premieres(&plan, "phong-su"),
        [
            "2026-06-18 2026-06-19 BTV",
            "2026-06-19 2026-06-20 BTV rerun"
        ]
    );
}
