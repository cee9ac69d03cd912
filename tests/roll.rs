#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `castcal roll`: next year's schedule file from this year's, as a person
//! runs it on the real plan and on the shapes of date a plan has.

mod common;

use std::fs;

use common::{root, Test};

const SEED: &str = "schedules/kien-giang-cchc-2023.yaml";

/// The real plan rolled to 2027, in Vietnamese (the default) and English:
/// the whole file, byte for byte.
#[test]
fn the_real_plan_rolled_to_2027() {
    let seed = root().join(SEED);
    for (lang, golden) in [
        ("vi", "tests/golden/roll/kien-giang-cchc-2027.vi.yaml"),
        ("en", "tests/golden/roll/kien-giang-cchc-2027.en.yaml"),
    ] {
        let summary = match lang {
            "vi" => "castcal roll: kế hoạch năm 2027 từ năm 2023; 9 chỗ cần xem lại (ghi chú \"xem lại\")\n",
            _ => "castcal roll: the plan of 2027 from 2023; 9 places to look at again (\"look again\" notes)\n",
        };
        Test::new([
            "roll",
            seed.to_str().unwrap(),
            "--to",
            "2027",
            "--lang",
            lang,
        ])
        .stdout_golden(golden)
        .stderr(summary)
        .run();
    }
}

/// The rolled plan, beside the original's holiday folder, checks with no
/// finding but 2027's provisional days off and what the 2023 plan had that
/// still holds: `expect: 14` against 24 issues, and the talk show on the
/// Monday off in lieu of Labour Day (Saturday 01/05/2027).
#[test]
fn the_rolled_plan_checks_as_the_old_one_did() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("kg-2027.yaml");
    let seed = root().join(SEED);
    Test::new(["roll", seed.to_str().unwrap(), "--to", "2027", "-o"])
        .arg(&new)
        .stderr_any()
        .run();
    let v = Test::new(["check", "--format", "json"])
        .arg(&new)
        .stdout_any()
        .run()
        .json();
    let mut codes: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = f["date"].as_str().unwrap_or("").to_string();
            (f["code"].as_str().unwrap().to_string(), at)
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("expect-mismatch".to_string(), String::new()),
            ("holidays-provisional".to_string(), String::new()),
            ("on-holiday".to_string(), "2027-05-03".to_string()),
        ]
    );
    // Every comment of the original is in the new file, in order, but the
    // one on the line of `published`, which goes with it.
    let old = fs::read_to_string(&seed).unwrap();
    let rolled = fs::read_to_string(&new).unwrap();
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter_map(|l| l.split_once('#').map(|(_, c)| c.to_string()))
            .filter(|c| !c.starts_with(" xem lại:"))
            .collect()
    };
    let mut a = comments(&old);
    a.retain(|c| !c.contains("dấu thời gian của mọi lịch đăng ký"));
    let b = comments(&rolled);
    assert_eq!(a, b[1..], "the comments differ");
}

/// Each shape of date, rolled from 2024 to 2025: a rule's start goes to its
/// first date of the new year; a weekly rule's weekday change, a one-off, an
/// rdate, an exdate and 29 February are noted; UNTIL moves; the id takes
/// the year.
#[test]
fn each_shape_of_date() {
    let plan = "\
plan:
  id: so-noi-vu-2024
  title: \"Kế hoạch năm 2024\"
  timezone: Asia/Ho_Chi_Minh
  period: { from: 2024-01-01, to: 2024-12-31 }
  published: 2024-01-05T08:00
outlets:
  KG: { name: Kênh KG, kind: tv }
activities:
  - id: thu-tu-tuan-3
    title: Chuyên mục
    kind: broadcast
    outlet: KG
    start: 2024-01-17T17:45   # thứ Tư tuần 3
    rrule: \"FREQ=MONTHLY;BYDAY=3WE\"
    duration: PT12M
  - id: hang-tuan
    title: Bản tin
    kind: broadcast
    outlet: KG
    start: 2024-01-05T20:00
    rrule: \"FREQ=WEEKLY;UNTIL=20240628T000000Z\"
    duration: PT10M
    exdates: [2024-02-09T20:00]
    rdates: [\"2024-02-29T20:00\"]
  - id: hoi-thao
    title: Hội thảo
    kind: event
    start: 2024-02-29
";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    fs::write(&path, plan).unwrap();
    let r = Test::new(["roll", path.to_str().unwrap(), "--to", "2025"])
        .stdout_any()
        .stderr_any()
        .run();
    let out = r.stdout().to_string();
    for want in [
        "  id: so-noi-vu-2025\n",
        "  title: \"Kế hoạch năm 2025\"\n",
        "  period: { from: 2025-01-01, to: 2025-12-31 }\n",
        "  # xem lại: đã bỏ `published` của kế hoạch năm 2024: ghi lại khi công bố kế hoạch mới\noutlets:\n",
        "    # xem lại: ngày đầu tiên quy tắc cho trong năm mới (trước đây 17/01/2024)\n    start: 2025-01-15T17:45   # thứ Tư tuần 3\n",
        "    # xem lại: quy tắc hằng tuần lấy thứ từ ngày bắt đầu: 05/01/2024 là Thứ Sáu, 05/01/2025 là Chủ nhật\n    start: 2025-01-05T20:00\n",
        "    rrule: \"FREQ=WEEKLY;UNTIL=20250628T000000Z\"\n",
        "    exdates: [2025-02-09T20:00]\n",
        "    rdates: [\"2025-02-28T20:00\"]\n",
        "    # xem lại: 29/02/2024 là ngày 29/02, năm mới không có: dùng 28/02/2025\n    start: 2025-02-28\n",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    assert!(!out.contains("published: 2024"), "{out}");
    // One note on the line of the exdate and the rdate: each says its date.
    assert!(
        out.contains("ngày ghi cố định 09/02/2024, dời sang 09/02/2025"),
        "{out}"
    );
    assert!(out.contains("29/02/2024 là ngày 29/02, năm mới không có: dùng 28/02/2025"));
}

/// `-o` never replaces a file without `--force`, never the plan itself;
/// `--to` the plan's own year is refused; all exit 2 and write nothing.
#[test]
fn refusals() {
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join(SEED);
    let seed = seed.to_str().unwrap();
    let existing = dir.path().join("kg-2024.yaml");
    fs::write(&existing, "reviewed\n").unwrap();
    let existing = existing.to_str().unwrap();

    Test::new(["roll", seed, "--to", "2024", "-o", existing])
        .status(2)
        .stderr_contains("kg-2024.yaml")
        .stderr_contains(
            "tệp này đã có, castcal không ghi đè: hãy chọn tên khác, hoặc thêm --force",
        )
        .run();
    assert_eq!(fs::read_to_string(existing).unwrap(), "reviewed\n");

    Test::new(["roll", seed, "--to", "2024", "-o", existing, "--force"])
        .stderr_any()
        .run();
    assert!(fs::read_to_string(existing)
        .unwrap()
        .contains("mã: kg-cchc-2024"));

    let copy = dir.path().join("plan.yaml");
    fs::copy(root().join(SEED), &copy).unwrap();
    fs::create_dir(dir.path().join("holidays")).unwrap();
    fs::copy(
        root().join("schedules/holidays/vn-2023.yaml"),
        dir.path().join("holidays/vn-2023.yaml"),
    )
    .unwrap();
    let copy = copy.to_str().unwrap();
    Test::new(["roll", copy, "--to", "2024", "-o", copy, "--force"])
        .status(2)
        .stderr_contains("tệp khác")
        .run();
    assert_eq!(
        fs::read(copy).unwrap(),
        fs::read(root().join(SEED)).unwrap()
    );

    Test::new(["roll", seed, "--to", "2023", "--lang", "en"])
        .status(2)
        .stderr("error: the plan is already for 2023: give another year with --to\n")
        .run();
}

/// Dates written day first, as a person writes them, move in that form.
#[test]
fn dates_written_day_first_stay_day_first() {
    let plan = "\
plan:
  id: ke-hoach-2024
  title: Kế hoạch 2024
  timezone: Asia/Ho_Chi_Minh
  period: { from: 01/01/2024, to: 31/12/2024 }
outlets:
  KG: { name: Kênh KG, kind: truyền hình }
activities:
  - id: chuyen-muc
    title: Chuyên mục
    kind: phát sóng
    outlet: KG
    start: 17/01/2024 17:45
    rrule: \"FREQ=MONTHLY;BYDAY=3WE\"
    duration: PT12M
  - id: hoi-nghi
    title: Hội nghị
    kind: sự kiện
    start: \"09/05/2024\"
";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    fs::write(&path, plan).unwrap();
    let r = Test::new(["roll", path.to_str().unwrap(), "--to", "2025"])
        .stdout_any()
        .stderr_any()
        .run();
    let out = r.stdout();
    for want in [
        "  period: { from: 01/01/2025, to: 31/12/2025 }\n",
        "    start: 15/01/2025 17:45\n",
        "    start: \"09/05/2025\"\n",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

/// A plan written in words: its `lịch:` phrases keep their words, the years
/// they write move, and a phrase that names days is noted.
#[test]
fn phrases_keep_their_words_and_move_their_years() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    fs::write(
        &path,
        "kế hoạch:\n  mã: p-2023\n  tiêu đề: Kế hoạch 2023\n  múi giờ: Asia/Ho_Chi_Minh\n  \
         thời gian thực hiện: { từ: 01/01/2023, đến: 31/12/2023 }\n  ngày nghỉ: [VN]\n\
         phương tiện:\n  KG: { tên: Kênh KG, loại: truyền hình }\nhoạt động:\n  \
         - mã: chuyen-muc\n    tiêu đề: Chuyên mục\n    loại: phát sóng\n    phương tiện: KG\n    \
         lịch: 17 giờ 45 phút thứ Tư tuần 3 hằng tháng\n    thời lượng: 12 phút\n  \
         - mã: hoi-thao\n    tiêu đề: Hội thảo\n    loại: sự kiện\n    \
         lịch: 19 giờ 30 ngày 02/09/2023\n    thời lượng: 2 giờ\n",
    )
    .unwrap();
    let out = Test::new(["roll", path.to_str().unwrap(), "--to", "2024"])
        .stdout_any()
        .stderr_any()
        .run();
    let text = out.stdout();
    assert!(
        text.contains("    lịch: 17 giờ 45 phút thứ Tư tuần 3 hằng tháng\n"),
        "{text}"
    );
    assert!(
        text.contains("    lịch: 19 giờ 30 ngày 02/09/2024\n"),
        "{text}"
    );
    assert!(
        text.contains("# xem lại: lịch ghi ngày cố định (02/09/2023)"),
        "{text}"
    );
    let rolled = dir.path().join("p-2024.yaml");
    fs::write(&rolled, text).unwrap();
    Test::new(["check", rolled.to_str().unwrap()])
        .stdout_any()
        .run();
}
