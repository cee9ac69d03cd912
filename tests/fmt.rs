#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! Keys in either language, and `castcal fmt`: every schedule file of the
//! repository rewritten in both forms and back, the same plan each time;
//! a key named twice, a misspelt key in each language, a file that mixes
//! the two.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::english::copy_tree;
use common::{root, Test};

/// Every `.yaml` below `dir`.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn fmt(path: &Path, lang: &str) -> common::test::Output {
    Test::new(["fmt", "--lang", lang])
        .arg(path)
        .stderr_any()
        .status_one_of(&[0, 2])
        .run()
}

fn expand(path: &Path) -> common::test::Output {
    Test::new(["expand", "--format", "json"])
        .arg(path)
        .stdout_any()
        .stderr_any()
        .status_one_of(&[0, 2])
        .run()
}

/// Every schedule file under `tests/` and `schedules/`: one that loads is
/// rewritten in Vietnamese and gives the same occurrences; a second `fmt`
/// leaves it alone; English and back gives the same bytes. One that does
/// not load is refused with the loader's own message, and left as it was.
#[test]
fn every_schedule_file_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["tests", "schedules"] {
        copy_tree(&root().join(folder), &dir.path().join(folder));
    }
    let mut files = Vec::new();
    yaml_files(dir.path(), &mut files);
    let (mut loaded, mut refused) = (0, 0);
    let (mut good_holidays, mut bad_holidays) = (0, 0);
    for file in &files {
        let original = fs::read(file).unwrap();
        let before = expand(file);
        let same = |what: &str| {
            let after = expand(file);
            // The same occurrences, or the same message at the same place
            // (the line it quotes is the line as now written).
            let first = |e: &str| e.lines().next().unwrap_or("").to_string();
            assert_eq!(
                (after.code, &after.bytes, first(&after.stderr)),
                (before.code, &before.bytes, first(&before.stderr)),
                "{}: {what} is another plan",
                file.display()
            );
        };
        let out = fmt(file, "vi");
        let holidays = castcal::plan::is_holiday_file(&String::from_utf8_lossy(&original));
        if out.code != 0 {
            // Refused as the loader refuses it (a holiday file as the
            // holiday files' loader does, at its place), and left as it was.
            if holidays {
                let at = format!("lỗi: {}:", file.display());
                assert!(out.stderr.starts_with(&at), "{}", out.stderr);
                bad_holidays += 1;
            } else {
                assert_eq!(out.stderr, before.stderr, "{}", file.display());
            }
            assert_eq!(fs::read(file).unwrap(), original, "{}", file.display());
            refused += 1;
            continue;
        }
        loaded += 1;
        good_holidays += usize::from(holidays);
        let vi = fs::read(file).unwrap();
        same("the Vietnamese form");
        let again = fmt(file, "vi");
        assert!(
            again.stderr.contains(": 0 tệp viết lại"),
            "{}: {}",
            file.display(),
            again.stderr
        );
        assert_eq!(fs::read(file).unwrap(), vi, "{}", file.display());
        assert_eq!(fmt(file, "en").code, 0);
        let en = fs::read(file).unwrap();
        same("the English form");
        assert_eq!(fmt(file, "vi").code, 0);
        assert_eq!(
            fs::read(file).unwrap(),
            vi,
            "{}: vi → en → vi changed it",
            file.display()
        );
        assert_eq!(fmt(file, "en").code, 0);
        assert_eq!(fs::read(file).unwrap(), en, "{}", file.display());
    }
    // The cases are all there: the good plans and the refused ones.
    assert!(
        loaded >= 20 && refused >= 60 && good_holidays >= 2 && bad_holidays >= 2,
        "{loaded} loaded, {refused} refused; holiday files: {good_holidays} loaded, {bad_holidays} refused"
    );
}

/// A plan in its Vietnamese form, with the comments and every value as
/// written, and the file's permissions, kept.
#[test]
fn the_vietnamese_form_keeps_all_but_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.yaml");
    fs::write(
        &file,
        "# a plan\nplan: { id: p, title: \"P\", timezone: UTC, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
         outlets:\n  KG: { name: KG, 'kind': \"tv\" }   # the channel\n\n\
         activities:\n  - id: a\n    title: A\n    kind: broadcast\n    outlet: KG\n    start: 2023-01-18T17:45\n\
         \x20   rrule: \"FREQ=MONTHLY;BYDAY=3WE\"\n    duration: PT12M\n    on_holiday: next_workday\n    status: dự kiến\n\
         \x20   reruns:\n      - { days_after: 1, at: \"06:00\" }\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    }
    Test::new(["fmt"])
        .arg(&file)
        .stderr("castcal fmt: 1 tệp viết lại theo dạng tiếng Việt, 0 tệp đã đúng dạng\n")
        .run();
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "# a plan\nkế hoạch: { mã: p, tiêu đề: \"P\", múi giờ: UTC, thời gian thực hiện: { từ: 2023-01-01, đến: 2023-12-31 } }\n\
         phương tiện:\n  KG: { tên: KG, 'loại': \"truyền hình\" }   # the channel\n\n\
         hoạt động:\n  - mã: a\n    tiêu đề: A\n    loại: phát sóng\n    phương tiện: KG\n    bắt đầu: 2023-01-18T17:45\n\
         \x20   quy tắc lặp: \"FREQ=MONTHLY;BYDAY=3WE\"\n    thời lượng: PT12M\n    gặp ngày nghỉ: ngày làm việc sau\n    trạng thái: dự kiến\n\
         \x20   phát lại:\n      - { sau số ngày: 1, lúc: \"06:00\" }\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    // Nothing else is left in the folder.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

const PLAN: &str =
    "plan: { id: p, title: P, timezone: UTC, period: { from: 2023-01-01, to: 2023-12-31 } }\n";

fn refused(text: &str, lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.yaml");
    fs::write(&file, text).unwrap();
    let out = Test::new(["check", "--lang", lang])
        .arg(&file)
        .current_dir(dir.path())
        .stderr_any()
        .status(2)
        .run();
    // What fmt says is what the loader says, and the file is left alone.
    let f = Test::new(["fmt", "p.yaml"])
        .current_dir(dir.path())
        .env("CASTCAL_LANG", lang)
        .stderr_any()
        .status(2)
        .run();
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    assert!(!f.stderr.is_empty());
    out.stderr.replace(&*file.to_string_lossy(), "p.yaml")
}

/// A key named in both languages in one mapping is refused at the second,
/// naming both places.
#[test]
fn a_key_in_both_languages_is_refused() {
    let text = format!("{PLAN}activities:\n  - id: a\n    tiêu đề: A\n    kind: event\n    title: B\n    start: 2023-01-01\n");
    assert_eq!(
        refused(&text, "vi"),
        "lỗi: p.yaml:6:5: `tiêu đề` (dòng 4, cột 5) và `title` (dòng 6, cột 5) là cùng một khóa, một tên tiếng Anh, một tên tiếng Việt; chỉ giữ một\n  |\n6 |     title: B\n  |     ^\n"
    );
    let text = "kế hoạch: { mã: p, id: q }\n";
    assert!(refused(text, "vi").starts_with(
        "lỗi: p.yaml:1:20: `mã` (dòng 1, cột 13) và `id` (dòng 1, cột 20) là cùng một khóa"
    ));
}

/// A misspelt key: the nearest key in the language most of the file is
/// written in, at the key.
#[test]
fn a_misspelt_key_is_named_with_the_nearest() {
    let en = format!("{PLAN}activities:\n  - id: a\n    title: A\n    kind: event\n    start: 2023-01-01\n    duraton: P1D\n");
    assert_eq!(
        refused(&en, "vi"),
        "lỗi: p.yaml:7:5: không có khóa `duraton` ở đây; có phải là `duration`?\n  |\n7 |     duraton: P1D\n  |     ^\n"
    );
    let vi = "kế hoạch: { mã: p, tiêu đề: P, múi giờ: UTC, thời gian thực hiện: { từ: 2023-01-01, đến: 2023-12-31 } }\n\
              hoạt động:\n  - mã: a\n    tiêu đề: A\n    loại: sự kiện\n    bắt đầu: 2023-01-01\n    thời lượg: P1D\n";
    assert!(refused(vi, "vi").starts_with(
        "lỗi: p.yaml:7:5: không có khóa `thời lượg` ở đây; có phải là `thời lượng`?\n"
    ));
    // Written without its marks, or misspelt in English in a Vietnamese file.
    let bare = vi.replace("thời lượg", "thoi luong");
    assert!(refused(&bare, "vi").contains("có phải là `thời lượng`?"));
    let english = vi.replace("thời lượg", "duraton");
    assert!(refused(&english, "vi").contains("`duraton` ở đây; có phải là `thời lượng`?"));
    // Nothing near: the keys of that mapping.
    let far = en.replace("duraton", "xyz");
    assert!(refused(&far, "vi").starts_with(
        "lỗi: p.yaml:7:5: không có khóa `xyz` ở đây; các khóa ở đây là: id, title, kind, lead,"
    ));
}

/// A file may mix the languages, one name per key; a value that is wrong
/// is reported at its own column, on a line whose keys were renamed.
#[test]
fn a_mixed_file_loads_as_the_english_one() {
    let dir = tempfile::tempdir().unwrap();
    let mixed = dir.path().join("mixed.yaml");
    let english = dir.path().join("english.yaml");
    fs::write(
        &mixed,
        "kế hoạch: { id: p, tiêu đề: P, timezone: UTC, period: { từ: 2023-01-01, to: 2023-12-31 } }\n\
         outlets:\n  KG: { tên: KG, kind: truyền hình }\n\
         hoạt động:\n  - { mã: a, tiêu đề: A, loại: broadcast, phương tiện: KG, start: 2023-01-18T17:45, thời lượng: PT12M, rrule: FREQ=WEEKLY }\n",
    )
    .unwrap();
    fs::write(
        &english,
        "plan: { id: p, title: P, timezone: UTC, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
         outlets:\n  KG: { name: KG, kind: tv }\n\
         activities:\n  - { id: a, title: A, kind: broadcast, outlet: KG, start: 2023-01-18T17:45, duration: PT12M, rrule: FREQ=WEEKLY }\n",
    )
    .unwrap();
    assert_eq!(expand(&mixed).bytes, expand(&english).bytes);
    assert_eq!(expand(&mixed).code, 0);
    let bad = fs::read_to_string(&mixed)
        .unwrap()
        .replace("loại: broadcast", "loại: phát sónggg");
    fs::write(&mixed, bad).unwrap();
    let out = expand(&mixed);
    let line = "  - { mã: a, tiêu đề: A, loại: phát sónggg, phương tiện: KG, start: 2023-01-18T17:45, thời lượng: PT12M, rrule: FREQ=WEEKLY }";
    let column = line.split("phát sónggg").next().unwrap().chars().count() + 1;
    assert!(
        out.stderr.contains(&format!("mixed.yaml:5:{column}: ")),
        "{}",
        out.stderr
    );
    // And fmt writes it in either form alone.
    fs::write(
        &mixed,
        fs::read_to_string(&mixed)
            .unwrap()
            .replace("phát sónggg", "broadcast"),
    )
    .unwrap();
    assert_eq!(fmt(&mixed, "en").code, 0);
    assert_eq!(fs::read(&mixed).unwrap(), fs::read(&english).unwrap());
}

/// Every file in `dir`, relative to it, with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// `v` without its columns, and with its Vietnamese messages naming keys
/// in Vietnamese (what they do for a file written with Vietnamese keys).
fn as_in_vietnamese_keys(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("column");
            for (key, value) in map.iter_mut() {
                match value {
                    serde_json::Value::String(text) if key == "message" || key == "fix" => {
                        *text = castcal::words::keys::in_vietnamese(text);
                    }
                    _ => as_in_vietnamese_keys(value),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(as_in_vietnamese_keys),
        _ => {}
    }
}

/// The real plan in its Vietnamese form and in its English form publishes
/// the same folder, byte for byte.
#[test]
fn the_real_plan_publishes_the_same_in_both_forms() {
    let mut built = Vec::new();
    for lang in ["vi", "en"] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&root().join("schedules"), &dir.path().join("schedules"));
        let plan = dir.path().join("schedules/kien-giang-cchc-2023.yaml");
        assert_eq!(fmt(&plan, lang).code, 0);
        let holidays = dir.path().join("schedules/holidays/vn-2023.yaml");
        assert_eq!(fmt(&holidays, lang).code, 0);
        let first_day = if lang == "vi" {
            "- { ngày: 01/01/2023"
        } else {
            "- { date: 01/01/2023"
        };
        assert!(fs::read_to_string(&holidays).unwrap().contains(first_day));
        Test::new(["build", "schedules", "-o", "public"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout_any()
            .stderr_any()
            .run();
        // Every published file; `.castcal` marks the folder with its own
        // history store's id, which no two folders share. The findings
        // point at the file as written: the same lines, but the columns of
        // values after keys of other lengths, and their Vietnamese messages
        // name the keys they quote as the file does; `.castcal-tags` holds
        // their digest, `.castcal-built` how they were left on disk.
        let mut files = tree(&dir.path().join("public"));
        files.retain(|(p, _)| {
            ![".castcal", ".castcal-tags", ".castcal-built"]
                .iter()
                .any(|hidden| p == Path::new(hidden))
        });
        for (path, bytes) in &mut files {
            if path == Path::new("check.json") {
                let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                as_in_vietnamese_keys(&mut v);
                *bytes = serde_json::to_vec(&v).unwrap();
            }
        }
        built.push((fs::read_to_string(&plan).unwrap(), files));
    }
    let (vi, en) = (&built[0], &built[1]);
    assert!(vi.0.contains("hoạt động:\n") && en.0.contains("activities:\n"));
    assert!(vi.1.len() > 20, "{} files", vi.1.len());
    assert_eq!(
        vi.1.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        en.1.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for ((path, a), (_, b)) in vi.1.iter().zip(&en.1) {
        assert!(a == b, "{} differs", path.display());
    }
}
