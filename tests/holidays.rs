#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `castcal holidays YEAR` run as a user runs it: the whole listing, its
//! JSON, and a year outside the calendar.

mod common;

use common::Test;

/// 2024: the year with a Saturday worked (04/05) for a Monday off (29/04),
/// in Vietnamese (the default) and English, and as JSON.
#[test]
fn the_2024_listing() {
    for (args, golden) in [
        (
            &["holidays", "2024"][..],
            "tests/golden/holidays/2024.vi.txt",
        ),
        (
            &["holidays", "2024", "--lang", "en"][..],
            "tests/golden/holidays/2024.en.txt",
        ),
        (
            &["holidays", "2024", "--format", "json"][..],
            "tests/golden/holidays/2024.vi.json",
        ),
    ] {
        Test::new(args).stdout_golden(golden).run();
    }
}

/// The JSON of every year holds what the contract says: the year, whether
/// it is provisional, and each day's ISO date, name and source.
#[test]
fn json_of_an_announced_and_an_estimated_year() {
    for (year, provisional) in [("2026", false), ("2027", true)] {
        let v = Test::new(["holidays", year, "--format", "json", "--lang", "en"])
            .stdout_any()
            .run()
            .json();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        // (serde_json's map sorts them; the golden files show their order)
        assert_eq!(keys, ["days_off", "provisional", "working_days", "year"]);
        assert_eq!(v["year"].to_string(), year);
        assert_eq!(v["provisional"], provisional);
        for day in v["days_off"].as_array().unwrap() {
            let keys: Vec<&str> = day
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, ["date", "name", "source"]);
            assert!(day["date"].as_str().unwrap().starts_with(year));
        }
    }
    let v = Test::new(["holidays", "2026", "--format", "json", "--lang", "en"])
        .stdout_any()
        .run()
        .json();
    let worked: Vec<&str> = v["working_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(worked, ["2026-01-10", "2026-08-22"]);
    assert_eq!(
        v["working_days"][1]["name"],
        "Make-up working day for Mon 2026-08-31"
    );
}

/// A year outside 2023–2100, or no year: exit 2, nothing on standard
/// output, a message in the reader's language saying what to do.
#[test]
fn a_year_outside_the_calendar() {
    let cases = [
        (
            &["holidays", "2022"][..],
            "lỗi: năm 2022 nằm ngoài lịch có sẵn (2023–2100): hãy chọn một năm trong khoảng đó, \
             hoặc ghi các ngày nghỉ của năm 2022 vào một tệp ngày nghỉ\n",
        ),
        (
            &["holidays", "2101", "--lang", "en"][..],
            "error: the year 2101 is outside the built-in calendar (2023–2100): give a year in \
             that range, or list the days off of 2101 in a holiday file\n",
        ),
    ];
    for (args, stderr) in cases {
        Test::new(args).status(2).stderr(stderr).run();
    }
    for args in [
        &["holidays"][..],
        &["holidays", "năm"][..],
        &["holidays", "99999999999"][..],
    ] {
        Test::new(args).status(2).stderr_contains("YEAR").run();
    }
}
