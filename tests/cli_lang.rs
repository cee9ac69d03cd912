//! The command line in its reader's language: `--help` and clap's usage
//! errors in Vietnamese by default and in English with `--lang en` or
//! `CASTCAL_LANG=en`, each compared with its golden file; the language's
//! choice and what follows from it (the outputs' default language, the
//! `error:` of every error, `build`'s summary).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::test::Test;

const PLAN: &str = "schedules/kien-giang-cchc-2023.yaml";

/// castcal's help and two commands', in both languages: Vietnamese with
/// nothing said, English with `--lang en` (and with `CASTCAL_LANG=en`,
/// the same bytes).
#[test]
fn help_in_both_languages() {
    let cases: [(&[&str], &str); 3] = [
        (&["--help"], "castcal"),
        (&["check", "--help"], "check"),
        (&["build", "--help"], "build"),
    ];
    for (args, name) in cases {
        Test::new(args)
            .stdout_golden(format!("tests/golden/cli/help-{name}.vi.txt"))
            .run();
        Test::new(args)
            .arg("--lang")
            .arg("en")
            .stdout_golden(format!("tests/golden/cli/help-{name}.en.txt"))
            .run();
        Test::new(args)
            .env("CASTCAL_LANG", "en")
            .stdout_golden(format!("tests/golden/cli/help-{name}.en.txt"))
            .run();
    }
    // `-h`: the short form, its heading in the same words.
    Test::new(["check", "-h"])
        .stdout_starts_with("Kiểm tra các kế hoạch trước khi công bố")
        .stdout_contains("\nCách dùng: castcal check [TÙY CHỌN] [PATH]...\n")
        .stdout_contains(
            "  -h, --help                       In trợ giúp (xem đầy đủ với '--help')\n",
        )
        .run();
    Test::new(["--version", "--lang=en"])
        .stdout_starts_with("castcal ")
        .run();
}

/// clap's usage errors, said in each language: exit status 2, nothing on
/// standard output.
#[test]
fn usage_errors_in_both_languages() {
    let cases: [(&str, &[&str]); 7] = [
        ("unknown-argument", &["expand", "--frm", "2023-05-01"]),
        ("missing-value", &["expand", PLAN, "--from"]),
        ("invalid-value", &["check", "--format", "xml"]),
        ("not-a-date", &["expand", "--to", "31/02/2023"]),
        ("missing-required", &["roll", PLAN]),
        ("unknown-command", &["chek"]),
        ("given-twice", &["check", "--strict", "--strict"]),
    ];
    for (name, args) in cases {
        Test::new(args)
            .status(2)
            .stderr_golden(format!("tests/golden/cli/usage-{name}.vi.txt"))
            .run();
        Test::new(args)
            .env("CASTCAL_LANG", "en")
            .status(2)
            .stderr_golden(format!("tests/golden/cli/usage-{name}.en.txt"))
            .run();
    }
}

/// `--lang` first, then `CASTCAL_LANG`, then Vietnamese; a `CASTCAL_LANG`
/// castcal does not speak is a usage error, said in Vietnamese.
#[test]
fn the_language_is_chosen_once() {
    let header_vi = "Ngày,Thứ,Giờ bắt đầu,";
    let header_en = "Date,Weekday,Start,";
    Test::new(["csv", PLAN]).stdout_starts_with(header_vi).run();
    Test::new(["csv", PLAN])
        .env("CASTCAL_LANG", "en")
        .stdout_starts_with(header_en)
        .run();
    Test::new(["csv", PLAN, "--lang", "vi"])
        .env("CASTCAL_LANG", "en")
        .stdout_starts_with(header_vi)
        .run();
    Test::new(["csv", PLAN])
        .env("CASTCAL_LANG", "english")
        .status(2)
        .stderr(
            "lỗi: CASTCAL_LANG=\"english\" không phải ngôn ngữ castcal dùng được: hãy đặt \
             CASTCAL_LANG=vi (tiếng Việt) hoặc CASTCAL_LANG=en (tiếng Anh), hoặc bỏ biến này đi\n",
        )
        .run();
    Test::new(["csv", PLAN, "--lang", "en"])
        .env("CASTCAL_LANG", "english")
        .stdout_starts_with(header_en)
        .run();
}

/// Every error starts with `lỗi:` or `error:`, and what castcal says of it
/// (not the system's words) is in the language chosen.
#[test]
fn errors_are_said_in_the_language_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("none").join("x.csv");
    let out = out.to_str().unwrap();
    Test::new(["csv", PLAN, "-o", out])
        .status(2)
        .stderr_starts_with(format!("lỗi: không ghi được {out}: "))
        .run();
    Test::new(["csv", PLAN, "-o", out, "--lang", "en"])
        .status(2)
        .stderr_starts_with(format!("error: cannot write {out}: "))
        .run();
    Test::new(["ics", "nothing-here.yaml"])
        .env("CASTCAL_LANG", "en")
        .status(2)
        .stderr_starts_with("error: nothing-here.yaml: ")
        .run();
}

/// `build`'s summary, in Vietnamese by default and in English with `--lang en`.
#[test]
fn build_says_what_it_wrote_in_the_language_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let shown = out.display();
    Test::new(["build", PLAN, "-o"])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1672531200")
        .stdout_starts_with("castcal: ")
        .stdout_contains(" nguồn lịch, 0 lỗi, ")
        .stdout_contains(format!(
            " cảnh báo → {shown}\ncastcal: lần công bố 1, lần đầu tiên\n"
        ))
        .run();
    Test::new(["build", PLAN, "--lang", "en", "-o"])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1672531200")
        .stdout_contains(" feeds, 0 errors, ")
        .stdout_contains(format!(
            " warnings → {shown}\ncastcal: nothing changed since the last publication\n"
        ))
        .run();
}
