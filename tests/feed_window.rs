#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Feeds a calendar service accepts: above a megabyte, a feed `build`
//! offers for subscription is a window of whole days from the build's date,
//! its outlet's years in archives to download; a feed that cannot hold a
//! week is to download only; a plan whose feeds fit is published as before.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use castcal::site::{self, window::MAX_FEED_BYTES};
use chrono::NaiveDate;
use common::castcal;
use icalendar::{CalendarComponent, Component};

/// A broadcaster's channel (as one of the benchmark's sixty): forty slots a
/// day through 2023, the last of each day rerun at the start of the next,
/// so the year's last rerun is in 2024, and half of the others rerun the
/// next day too (a rerun's description names its premiere: its bytes count).
fn channel(dir: &Path) -> String {
    let mut text = String::from(
        "plan: { id: big, title: Đài lớn, timezone: Asia/Ho_Chi_Minh, published: 2023-01-01T08:00,\n\
         \x20       period: { from: 2023-01-01, to: 2023-12-31 } }\n\
         outlets: { KG: { name: Kênh KG, kind: tv } }\nactivities:\n",
    );
    for i in 0..40 {
        let rerun = match i {
            39 => ", reruns: [{ days_after: 1, at: \"04:20\" }]",
            i if i % 2 == 1 => ", reruns: [{ days_after: 1, at: \"23:00\", duration: PT1M }]",
            _ => "",
        };
        text.push_str(&format!(
            "  - {{ id: p{i}, title: \"Chương trình số {i}: thời sự, văn hoá và đời sống\", kind: broadcast, outlet: KG,\n\
             \x20     start: 2023-01-01T{:02}:{:02}, rrule: FREQ=DAILY, duration: PT20M{rerun} }}\n",
            4 + i / 2,
            (i % 2) * 30,
        ));
    }
    let path = dir.join("big.yaml");
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Builds the folder `out` (whatever the check finds: the folder is
/// written all the same).
fn build(plan: &str, out: &Path, today: &str) {
    let run = castcal(&["build", plan, "-o", out.to_str().unwrap(), "--today", today]);
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Each event of a feed, read back by the icalendar crate: its UID and the
/// local day it starts on.
fn events(path: &Path) -> Vec<(String, NaiveDate)> {
    let text = fs::read_to_string(path).unwrap();
    let calendar: icalendar::Calendar = text.parse().unwrap();
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .map(|e| {
            let start = e.property_value("DTSTART").unwrap();
            let day = NaiveDate::parse_from_str(start.get(..8).unwrap(), "%Y%m%d").unwrap();
            (e.get_uid().unwrap().to_string(), day)
        })
        .collect()
}

/// The bytes of the events of `uids` in the feed at `path`.
fn event_bytes(path: &Path, uids: &BTreeSet<&str>) -> u64 {
    let text = fs::read_to_string(path).unwrap();
    let mut total = 0;
    for event in text.split("BEGIN:VEVENT\r\n").skip(1) {
        let event = event.split("END:VEVENT\r\n").next().unwrap();
        let uid = event.lines().find_map(|l| l.strip_prefix("UID:")).unwrap();
        if uids.contains(uid.trim_end()) {
            total += (event.len() + "BEGIN:VEVENT\r\nEND:VEVENT\r\n".len()) as u64;
        }
    }
    total
}

/// Each occurrence of the folder's `occurrences.json`: its UID and day.
fn occurrences(dir: &Path) -> Vec<(String, NaiveDate)> {
    let text = fs::read_to_string(dir.join("occurrences.json")).unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    all.iter()
        .map(|o| {
            let start = o["start"].as_str().unwrap();
            let day = NaiveDate::parse_from_str(start.get(..10).unwrap(), "%Y-%m-%d").unwrap();
            (o["uid"].as_str().unwrap().to_string(), day)
        })
        .collect()
}

#[test]
fn a_channel_s_feed_is_a_window_of_whole_days_from_the_build_s_date_beside_its_years() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = channel(tmp.path());
    let out = tmp.path().join("public");
    build(&plan, &out, "2023-03-01");
    let from = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let planned = occurrences(&out);
    let mut by_day: BTreeMap<NaiveDate, BTreeSet<&str>> = BTreeMap::new();
    for (uid, day) in &planned {
        by_day.entry(*day).or_default().insert(uid);
    }
    for feed in ["KG.ics", "all.ics"] {
        let path = out.join(feed);
        let size = fs::metadata(&path).unwrap().len();
        assert!(size < MAX_FEED_BYTES, "{feed}: {size} bytes");
        let window = events(&path);
        let days: BTreeSet<NaiveDate> = window.iter().map(|(_, d)| *d).collect();
        assert_eq!(days.first(), Some(&from), "{feed} starts at --today");
        let last = *days.last().unwrap();
        assert!(last >= from + chrono::Days::new(29), "{feed} ends {last}");
        // Whole days: each day of the window has all its occurrences, and
        // the next one would not have fitted.
        let mut uids: BTreeSet<&str> = BTreeSet::new();
        for (day, planned) in by_day.range(from..=last) {
            assert!(days.contains(day), "{feed}: {day} missing");
            uids.extend(planned);
        }
        let got: BTreeSet<&str> = window.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(got, uids, "{feed}");
        let next = &by_day[&last.succ_opt().unwrap()];
        let more = event_bytes(&out.join("KG-2023.ics"), next);
        assert!(
            size + more >= MAX_FEED_BYTES,
            "{feed}: room for another day"
        );
    }
    // The archives hold every occurrence of their year, and are no subscription.
    for (year, name) in [(2023, "KG-2023.ics"), (2024, "KG-2024.ics")] {
        let archive: BTreeSet<String> = events(&out.join(name)).into_iter().map(|e| e.0).collect();
        let want: BTreeSet<String> = planned
            .iter()
            .filter(|(_, d)| chrono::Datelike::year(d) == year)
            .map(|(u, _)| u.clone())
            .collect();
        assert!(!want.is_empty());
        assert_eq!(archive, want, "{name}");
    }
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("Lịch đăng ký gồm các ngày từ 01/03/2023 đến "),
        "{index}"
    );
    assert!(index.contains("<a href=\"KG-2023.ics\" download>KG-2023.ics</a>"));
    assert!(index.contains("Google Calendar ngừng đọc lịch đăng ký lớn hơn khoảng 1 MB"));
    assert!(!index.contains("webcal://KG-2023"));
    let english = fs::read_to_string(out.join("index-en.html")).unwrap();
    assert!(english.contains("The subscription holds the days from 01/03/2023 to "));

    // The same plan and date: the same bytes; another date: another window.
    let again = tmp.path().join("again");
    build(&plan, &again, "2023-03-01");
    for name in [
        "KG.ics",
        "all.ics",
        "KG-2023.ics",
        "KG-2024.ics",
        "index.html",
    ] {
        let (a, b) = (fs::read(out.join(name)), fs::read(again.join(name)));
        assert!(a.unwrap() == b.unwrap(), "{name} differs");
    }
    let later = tmp.path().join("later");
    build(&plan, &later, "2023-12-05");
    let window = events(&later.join("KG.ics"));
    let first = window.iter().map(|(_, d)| *d).min();
    assert_eq!(first, NaiveDate::from_ymd_opt(2023, 12, 5));
    let last = window.iter().map(|(_, d)| *d).max().unwrap();
    assert_eq!(
        last,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        "the rest fits"
    );
}

/// A plan of three outlets of 24 slots a day each, in memory.
fn three_outlets() -> Vec<castcal::plan::Plan> {
    let mut text = String::from(
        "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, published: 2023-01-01T08:00,\n\
         \x20       period: { from: 2023-01-01, to: 2023-12-31 } }\n\
         outlets: { A: { name: A, kind: tv }, B: { name: B, kind: tv }, C: { name: C, kind: radio } }\n\
         activities:\n",
    );
    for outlet in ["A", "B", "C"] {
        for i in 0..24 {
            text.push_str(&format!(
                "  - {{ id: {outlet}{i}, title: Slot {i}, kind: broadcast, outlet: {outlet}, \
                 start: 2023-01-01T{i:02}:00, rrule: FREQ=DAILY, duration: PT30M }}\n"
            ));
        }
    }
    vec![castcal::plan::load_one("p.yaml".as_ref(), text).unwrap()]
}

#[test]
fn a_feed_that_cannot_hold_a_week_is_to_download_only_and_whole() {
    let plans = three_outlets();
    // An outlet's day is some 24 × 480 bytes: two weeks fit 180,000 bytes,
    // a week of the three outlets does not.
    let options = site::Options {
        today: NaiveDate::from_ymd_opt(2023, 6, 1),
        max_feed_bytes: 180_000,
        ..site::Options::default()
    };
    let site = site::render(&plans, &options).unwrap();
    let all = &site.files["all.ics"];
    assert!(all.len() > 180_000);
    let text = String::from_utf8_lossy(all);
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3 * 24 * 365, "whole");
    for outlet in ["A", "B", "C"] {
        let feed = &site.files[&format!("{outlet}.ics")];
        assert!(feed.len() < 180_000, "{outlet}: {}", feed.len());
        let events = String::from_utf8_lossy(feed)
            .matches("BEGIN:VEVENT")
            .count();
        assert!(
            events.is_multiple_of(24) && events >= 24 * 7,
            "{outlet}: {events}"
        );
        assert!(site.files.contains_key(&format!("{outlet}-2023.ics")));
    }
    let index = String::from_utf8_lossy(&site.files["index.html"]).into_owned();
    let row = index.split("<tr>").find(|r| r.contains("all.ics")).unwrap();
    assert!(
        row.contains("Quá lớn để đăng ký, kể cả một tuần; chỉ để tải về:"),
        "{row}"
    );
    assert!(!row.contains("webcal:"), "{row}");
    let row = index.split("<tr>").find(|r| r.contains("A.ics")).unwrap();
    assert!(
        row.contains("Lịch đăng ký gồm các ngày từ 01/06/2023 đến 1"),
        "{row}"
    );
}

#[test]
fn feeds_that_fit_are_whole_with_no_archive() {
    let plans = three_outlets();
    let options = site::Options {
        today: NaiveDate::from_ymd_opt(2023, 6, 1),
        max_feed_bytes: 100_000_000,
        ..site::Options::default()
    };
    let site = site::render(&plans, &options).unwrap();
    assert!(site.files.keys().all(|name| !name.ends_with("-2023.ics")));
    let all = String::from_utf8_lossy(&site.files["all.ics"]).into_owned();
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 3 * 24 * 365);
    let index = String::from_utf8_lossy(&site.files["index.html"]).into_owned();
    assert!(!index.contains("class=\"window\"") && !index.contains("class=\"note why\""));
}
