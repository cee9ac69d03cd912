#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `castcal ics`: the real binary, whole outputs against golden files, and
//! the byte-level promises of the feed for any input.
//!
//! Golden files live in tests/golden/ics/; regenerate them on purpose with
//! `CASTCAL_BLESS=1 cargo test --test ics`.

mod common;

use std::path::Path;

use common::{assert_golden, Test};
use proptest::prelude::*;

/// The feed `castcal ics ARGS…` writes, succeeding with nothing on
/// standard error.
fn ics(args: &[&str]) -> String {
    Test::new(["ics"])
        .args(args)
        .stdout_any()
        .run()
        .stdout()
        .to_owned()
}

/// No local time (`;TZID=…:`) in an event names an instant ambiguously:
/// in the hour repeated when clocks go back, RFC 5545 means the first
/// instance and ical.js (Thunderbird) the second, so those are in UTC.
fn assert_no_ambiguous_local_time(text: &str) {
    use chrono::{LocalResult, NaiveDateTime, TimeZone};
    let unfolded = text.replace("\r\n ", "");
    for line in unfolded.split("\r\n") {
        let Some((_, rest)) = line.split_once(";TZID=") else {
            continue;
        };
        let (zone, values) = rest.split_once(':').unwrap();
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        for value in values.split(',') {
            let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").unwrap();
            assert!(
                matches!(tz.from_local_datetime(&local), LocalResult::Single(_)),
                "ambiguous: {line}"
            );
        }
    }
}

/// Every physical line: CRLF-terminated, at most 75 octets, no stray CR or LF.
fn assert_well_formed(text: &str) {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text:.60?}");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains(['\r', '\n']), "{line:?}");
    }
    assert!(text.ends_with("\r\n"));
    assert_no_ambiguous_local_time(text);
}

/// The events of a feed, each as its unfolded content lines.
fn events(text: &str) -> Vec<Vec<String>> {
    let unfolded = text.replace("\r\n ", "");
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in unfolded.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => out.extend(current.take()),
            _ => {
                if let Some(lines) = current.as_mut() {
                    lines.push(line.to_string());
                }
            }
        }
    }
    out
}

fn property<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    event.iter().find_map(|l| {
        l.strip_prefix(name)
            .filter(|rest| rest.starts_with([':', ';']))
    })
}

/// `--mode rrule`: one master per UID; an override (`RECURRENCE-ID`) only
/// of a master that recurs, naming one of its instances in the value type
/// of its `DTSTART`; `RDATE`s only where there is no `RRULE`, or not on
/// the `DTSTART`.
fn assert_valid_series(text: &str) {
    let events = events(text);
    let masters: Vec<&Vec<String>> = events
        .iter()
        .filter(|e| property(e, "RECURRENCE-ID").is_none())
        .collect();
    let uid = |e: &[String]| property(e, "UID").unwrap().to_string();
    let mut uids: Vec<String> = masters.iter().map(|e| uid(e)).collect();
    uids.sort();
    let count = uids.len();
    uids.dedup();
    assert_eq!(uids.len(), count, "a UID has two masters");
    let kind = |v: &str| {
        if v.starts_with(";VALUE=DATE:") {
            "date"
        } else {
            "date-time"
        }
    };
    for e in &events {
        let Some(id) = property(e, "RECURRENCE-ID") else {
            let start = property(e, "DTSTART").unwrap();
            if property(e, "RRULE").is_some() {
                let value = start.rsplit(':').next().unwrap();
                for rdate in e.iter().filter_map(|l| l.strip_prefix("RDATE")) {
                    assert!(!rdate.contains(value), "RDATE repeats the DTSTART: {e:?}");
                }
            }
            continue;
        };
        let master = masters
            .iter()
            .find(|m| uid(m) == uid(e))
            .unwrap_or_else(|| panic!("an override without master: {e:?}"));
        assert!(
            property(master, "RRULE").is_some() || property(master, "RDATE").is_some(),
            "an override of an event that does not recur: {e:?}"
        );
        assert_eq!(
            kind(id),
            kind(property(master, "DTSTART").unwrap()),
            "{e:?}"
        );
    }
}

#[test]
fn the_real_plan_in_both_modes_and_per_outlet() {
    let cases: [(&str, &[&str]); 8] = [
        ("all.ics", &[]),
        ("all-rrule.ics", &["--mode", "rrule"]),
        ("KG.ics", &["--outlet", "KG"]),
        ("KG1.ics", &["--outlet", "KG1"]),
        ("BKG.ics", &["--outlet", "BKG"]),
        ("BTBNV.ics", &["--outlet", "BTBNV"]),
        ("PANO.ics", &["--outlet", "PANO"]),
        ("KG-rrule.ics", &["--outlet", "KG", "--mode", "rrule"]),
    ];
    for (name, args) in cases {
        let text = ics(args);
        assert_well_formed(&text);
        if args.contains(&"rrule") {
            assert_valid_series(&text);
        }
        assert_golden(&format!("tests/golden/ics/{name}"), &text);
    }
}

#[test]
fn a_daylight_saving_plan() {
    for (name, mode) in [("berlin.ics", "instances"), ("berlin-rrule.ics", "rrule")] {
        let text = ics(&["tests/cases/dst/berlin.yaml", "--mode", mode]);
        assert_well_formed(&text);
        if mode == "rrule" {
            assert_valid_series(&text);
        }
        assert_golden(&format!("tests/golden/ics/{name}"), &text);
    }
}

/// Clocks that move by 30 minutes (Australia/Lord_Howe): in `--mode rrule`
/// a slot whose wall-clock length the gap changes (01:45–02:45 for 30
/// minutes), or that ends in the repeated half hour, is an override with its
/// own end, as ical.js and Python add the master's wall-clock length.
#[test]
fn a_plan_whose_clocks_move_by_half_an_hour() {
    let plan = "tests/cases/lord-howe/lord-howe.yaml";
    for (name, mode) in [
        ("lord-howe.ics", "instances"),
        ("lord-howe-rrule.ics", "rrule"),
    ] {
        let text = ics(&[plan, "--mode", mode]);
        assert_well_formed(&text);
        if mode == "rrule" {
            assert_valid_series(&text);
        }
        assert_golden(&format!("tests/golden/ics/{name}"), &text);
    }
    let text = ics(&[plan, "--mode", "rrule"]);
    let tz = "TZID=Australia/Lord_Howe";
    for uid in ["late-news", "sunday"] {
        let override_ = format!(
            "UID:dst-lord-howe.{uid}@castcal\r\nDTSTAMP:20230101T210000Z\r\n\
             SEQUENCE:0\r\nLAST-MODIFIED:20230101T210000Z\r\nRECURRENCE-ID;{tz}:20231001T014500\r\nDTSTART;{tz}:20231001T014500\r\n\
             DTEND;{tz}:20231001T024500\r\n"
        );
        assert!(text.contains(&override_), "{uid}");
    }
    assert!(text.contains(&format!(
        "RECURRENCE-ID;{tz}:20230402T011500\r\nDTSTART;{tz}:20230402T011500\r\n\
         DTEND:20230401T144500Z\r\n"
    )));
    // A series that starts on the gap day: its master's wall-clock length
    // is not its exact one, so all three instances are overrides.
    let first_night = text
        .split("BEGIN:VEVENT\r\n")
        .filter(|e| e.starts_with("UID:dst-lord-howe.first-night@castcal\r\n"))
        .filter(|e| e.contains("RECURRENCE-ID"))
        .count();
    assert_eq!(first_night, 3);
    // Only those: every other instance reads alike everywhere.
    assert_eq!(text.matches("RECURRENCE-ID").count(), 6);
    assert_eq!(text.matches("RRULE:FREQ=DAILY").count(), 3);
}

/// Holiday skips and moves both ways, added and removed dates, a slot
/// ending in the repeated hour, reruns and a window after the period.
#[test]
fn a_plan_reaching_into_the_next_year() {
    let plan = "tests/cases/new-york/new-york.yaml";
    for (name, mode) in [
        ("new-york.ics", "instances"),
        ("new-york-rrule.ics", "rrule"),
    ] {
        let text = ics(&[plan, "--mode", mode]);
        assert_well_formed(&text);
        if mode == "rrule" {
            assert_valid_series(&text);
        }
        assert_golden(&format!("tests/golden/ics/{name}"), &text);
        // The repeated hour: the start, in its first instance, and the
        // end, in its second, are both in UTC.
        assert!(text.contains("\r\nDTSTART:20231105T053000Z\r\nDTEND:20231105T063000Z\r\n"));
    }
}

/// `--mode rrule` writes `UNTIL` as the instant the rule ends at (one in the
/// repeated hour's second instance stays there), and lists a series whose
/// first date past `UNTIL` is a time the clocks skip: ical.js places such a
/// time an hour early, before `UNTIL`, and would add it.
#[test]
fn until_is_written_as_the_instant_it_names() {
    let yaml = r#"
plan: { id: p, title: T, timezone: Europe/Berlin, period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { A: { name: A, kind: tv } }
activities:
  - { id: gap-next, title: G, kind: broadcast, outlet: A, start: 2023-03-24T02:50,
      rrule: "FREQ=DAILY;UNTIL=20230326T010000Z", duration: PT10M }
  - { id: fold-second, title: F, kind: broadcast, outlet: A, start: 2023-10-25T10:00,
      rrule: "FREQ=DAILY;UNTIL=20231029T013000Z", duration: PT10M }
  - { id: local-in-gap, title: L, kind: broadcast, outlet: A, start: 2023-03-20T09:00,
      rrule: "FREQ=DAILY;UNTIL=20230326T025000", duration: PT10M }
  - { id: day, title: D, kind: campaign, outlet: A, start: 2023-03-20,
      rrule: "FREQ=DAILY;UNTIL=20230326", duration: P1D }
"#;
    let plans = [castcal::plan::load_one(Path::new("p.yaml"), yaml.to_string()).unwrap()];
    let occurrences = castcal::expand(&plans).unwrap();
    let options = castcal::export::ics::Options {
        mode: castcal::export::ics::Mode::Rrule,
        outlets: castcal::plan::Selection::all(),
    };
    let bytes = castcal::export::ics::write(Vec::new(), &plans, &occurrences, &options).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_valid_series(&text);
    let rule_of = |id: &str| {
        events(&text)
            .into_iter()
            .find(|e| property(e, "UID") == Some(format!(":p.{id}@castcal").as_str()))
            .and_then(|e| property(&e, "RRULE").map(str::to_string))
    };
    assert_eq!(rule_of("gap-next"), None);
    assert_eq!(
        rule_of("fold-second").as_deref(),
        Some(":FREQ=DAILY;UNTIL=20231029T013000Z")
    );
    assert_eq!(
        rule_of("local-in-gap").as_deref(),
        Some(":FREQ=DAILY;UNTIL=20230326T015000Z")
    );
    assert_eq!(
        rule_of("day").as_deref(),
        Some(":FREQ=DAILY;UNTIL=20230326")
    );
}

/// No `X-WR-TIMEZONE`: every time has its zone. An event whose end falls
/// in the repeated hour (written in UTC) has its start in UTC too, as
/// recurring-ical-events adds an event's length to a local start in
/// wall-clock time; in both modes, a series' single event as well.
#[test]
fn an_end_in_the_repeated_hour_takes_its_start_into_utc() {
    let yaml = r#"
plan: { id: p, title: T, timezone: Europe/Berlin, period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { A: { name: A, kind: tv } }
activities:
  - { id: through, title: T, kind: broadcast, outlet: A, start: 2023-10-29T01:30, duration: PT2H }
  - { id: before, title: B, kind: broadcast, outlet: A, start: 2023-10-28T01:30, duration: PT2H }
"#;
    let plans = [castcal::plan::load_one(Path::new("p.yaml"), yaml.to_string()).unwrap()];
    let occurrences = castcal::expand(&plans).unwrap();
    for mode in [
        castcal::export::ics::Mode::Instances,
        castcal::export::ics::Mode::Rrule,
    ] {
        let options = castcal::export::ics::Options {
            mode,
            outlets: castcal::plan::Selection::all(),
        };
        let bytes =
            castcal::export::ics::write(Vec::new(), &plans, &occurrences, &options).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("X-WR-TIMEZONE"));
        // 01:30+02:00 to 02:30+01:00, the second 02:30.
        assert!(
            text.contains("\r\nDTSTART:20231028T233000Z\r\nDTEND:20231029T013000Z\r\n"),
            "{text}"
        );
        // The day before, nothing is in the repeated hour: local times.
        assert!(text.contains(
            "\r\nDTSTART;TZID=Europe/Berlin:20231028T013000\r\nDTEND;TZID=Europe/Berlin:20231028T033000\r\n"
        ));
    }
}

/// recurring-ical-events knows an instance by its UTC and its wall-clock
/// time: in Berlin in winter, the override of 01:50 (00:50Z) would remove
/// the 00:50 slot. Such a series is written as events of their own.
#[test]
fn a_series_recurring_ical_events_would_confuse_is_written_apart() {
    let yaml = r#"
plan: { id: p, title: T, timezone: Europe/Berlin, period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { A: { name: A, kind: tv } }
activities:
  - { id: a, title: A, kind: broadcast, outlet: A, start: 2023-03-26T00:50,
      rrule: "FREQ=HOURLY;COUNT=2", duration: PT10M }
"#;
    let plans = [castcal::plan::load_one(Path::new("p.yaml"), yaml.to_string()).unwrap()];
    let occurrences = castcal::expand(&plans).unwrap();
    let options = castcal::export::ics::Options {
        mode: castcal::export::ics::Mode::Rrule,
        outlets: castcal::plan::Selection::all(),
    };
    let bytes = castcal::export::ics::write(Vec::new(), &plans, &occurrences, &options).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let uids: Vec<String> = events(&text)
        .iter()
        .map(|e| property(e, "UID").unwrap().to_string())
        .collect();
    assert_eq!(uids, [":p.a.20230326@castcal", ":p.a.20230326.2@castcal"]);
    assert!(!text.contains("RECURRENCE-ID"));
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    for args in [&["--mode", "rrule"][..], &["--mode", "rrule", "schedules"]] {
        Test::new(["ics"])
            .args(args)
            .stdout_golden("tests/golden/ics/all-rrule.ics")
            .run();
    }
    for args in [&[][..], &["schedules"]] {
        Test::new(["ics"])
            .args(args)
            .stdout_golden("tests/golden/ics/all.ics")
            .run();
    }
}

#[test]
fn dash_o_writes_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.ics");
    Test::new(["ics", "--outlet", "KG", "-o", path.to_str().unwrap()]).run();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        ics(&["--outlet", "KG"])
    );
    // Only the file: no temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_unknown_outlet_is_refused_with_the_known_ones() {
    Test::new(["ics", "--outlet", "VTV1", "--lang", "en"])
        .status(2)
        .stderr("error: --outlet VTV1: no plan declares the outlet `VTV1`; the outlets are: BKG, BTBNV, KG, KG1, PANO\n")
        .run();
}

#[test]
fn several_outlets_and_several_plans_name_the_calendar() {
    let text = ics(&["--outlet", "KG", "--outlet", "KG1", "--outlet", "KG"]);
    let name = "KG\\, KG1 – Kế hoạch CCHC 2023";
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("\r\nNAME:{name}\r\nX-WR-CALNAME:{name}\r\n")));
    let both = ics(&["schedules", "tests/cases/dst/berlin.yaml"]);
    let name = "Kế hoạch CCHC 2023 + Sendeplan Berlin\\; Sommerzeit\\, Winterzeit";
    assert!(both
        .replace("\r\n ", "")
        .contains(&format!("\r\nNAME:{name}\r\n")));
    // One VTIMEZONE per zone used; the shortest refresh interval.
    assert_eq!(both.matches("BEGIN:VTIMEZONE\r\n").count(), 2);
    assert!(both.contains("\r\nTZID:Asia/Ho_Chi_Minh\r\n"));
    assert!(both.contains("\r\nTZID:Europe/Berlin\r\n"));
    assert!(both.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n"));
    assert!(both.contains("\r\nX-PUBLISHED-TTL:PT6H\r\n"));
}

#[test]
fn the_crate_parser_reads_back_every_event() {
    use icalendar::{CalendarComponent, Component};
    // The plan's 66 occurrences, as expand lists them (its golden file).
    let json = Test::new(["expand", "--format", "json"])
        .stdout_golden("tests/golden/expand-2023.json")
        .run()
        .json();
    let occurrences = json.as_array().unwrap();
    assert_eq!(occurrences.len(), 66);
    let calendar: icalendar::Calendar = ics(&[]).parse().unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), occurrences.len());
    for (e, o) in events.iter().zip(occurrences) {
        assert_eq!(e.get_uid(), o["uid"].as_str());
        let title = o["title"].as_str().unwrap();
        let summary = e.get_summary().unwrap();
        match o["role"].as_str().unwrap() {
            "rerun" => {
                assert_eq!(summary, format!("[Phát lại] {title}"));
                assert_eq!(e.property_value("RELATED-TO"), o["premiere_uid"].as_str());
            }
            _ => assert_eq!(summary, title),
        }
        assert_eq!(e.property_value("DTSTAMP"), Some("20230305T170000Z"));
    }
}

/// A plan whose every free text is `text`, written as a feed through the library.
fn feed_with_text(text: &str, mode: castcal::export::ics::Mode) -> String {
    let yaml = r#"
plan: { id: p, title: T, timezone: Asia/Ho_Chi_Minh, reference: R,
        period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { KG: { name: KG, kind: tv } }
activities:
  - { id: a, title: A, kind: broadcast, outlet: KG, lead: L, partners: [P], product: X,
      start: 2023-01-18T17:45, rrule: "FREQ=MONTHLY;BYDAY=3WE;COUNT=2", duration: PT12M,
      reruns: [{ days_after: 1, at: "06:00" }] }
"#;
    let mut plan = castcal::plan::load_one(Path::new("p.yaml"), yaml.to_string()).unwrap();
    plan.title = text.to_string();
    plan.reference = Some(text.to_string());
    for outlet in plan.outlets.iter_mut() {
        outlet.name = text.to_string();
    }
    for a in &mut plan.activities {
        a.title = text.to_string();
        a.lead = Some(text.to_string());
        a.partners = vec![text.to_string(), text.to_string()];
        a.product = Some(text.to_string());
    }
    let plans = [plan];
    let occurrences = castcal::expand(&plans).unwrap();
    let options = castcal::export::ics::Options {
        mode,
        outlets: castcal::plan::Selection::one(&plans, "KG").unwrap(),
    };
    let bytes = castcal::export::ics::write(Vec::new(), &plans, &occurrences, &options).unwrap();
    String::from_utf8(bytes).expect("valid UTF-8")
}

#[test]
fn a_title_cannot_inject_structure() {
    let evil = "Evil\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\rEND:VCALENDAR\nX";
    for mode in [
        castcal::export::ics::Mode::Instances,
        castcal::export::ics::Mode::Rrule,
    ] {
        let text = feed_with_text(evil, mode);
        assert_well_formed(&text);
        let starts = text.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count();
        assert_eq!(
            starts,
            if mode == castcal::export::ics::Mode::Instances {
                4
            } else {
                2
            }
        );
        assert!(text
            .contains("SUMMARY:Evil\\nBEGIN:VEVENT\\nUID:x\\nEND:VEVENT\\nEND:VCALENDAR\\nX\r\n"));
        let calendar: icalendar::Calendar = text.parse().unwrap();
        assert_eq!(calendar.components.len(), 1 + starts);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_line_is_short_crlf_terminated_utf8_whatever_the_text(
        text in "\\PC{0,12}(\r\n|\r|\n|;|,|\\\\|\"|:|ờ|😀|\t|\u{0}|\u{85}|\u{2028}){0,6}\\PC{0,80}",
    ) {
        for mode in [castcal::export::ics::Mode::Instances, castcal::export::ics::Mode::Rrule] {
            let feed = feed_with_text(&text, mode);
            assert_well_formed(&feed);
            let calendar: icalendar::Calendar = feed.parse().unwrap();
            use icalendar::{CalendarComponent, Component};
            let want: String = text
                .replace("\r\n", "\n")
                .replace(['\r', '\u{2028}', '\u{2029}'], "\n")
                .chars()
                .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
                .collect();
            for c in &calendar.components {
                if let CalendarComponent::Event(e) = c {
                    let summary = e.get_summary().unwrap();
                    prop_assert!(summary == want || summary == format!("[Phát lại] {want}"),
                        "{summary:?} != {want:?}");
                }
            }
        }
    }
}
