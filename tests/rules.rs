//! How rules become occurrences: a table of cases, each a small plan and the
//! exact occurrences it must give.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use castcal::plan::{load_one, Plan};
use castcal::{expand, Occurrence};
use chrono::NaiveDate;

/// A plan with one outlet `TV` and the given activities (YAML list items).
fn plan(timezone: &str, from: &str, to: &str, activities: &str) -> Plan {
    let text = format!(
        "plan: {{ id: t, title: T, timezone: {timezone}, period: {{ from: {from}, to: {to} }} }}\n\
         outlets: {{ TV: {{ name: TV, kind: tv }}, TV2: {{ name: TV2, kind: tv }} }}\n\
         activities:\n{activities}"
    );
    load_one("case.yaml".as_ref(), text).unwrap_or_else(|e| panic!("{e}"))
}

fn with_holidays(mut plan: Plan, days: &[(&str, &str)]) -> Plan {
    for (d, name) in days {
        plan.holidays.insert(date(d), name);
    }
    plan
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `start`, with ` → end` for windows and ` r` for reruns: what a case checks.
fn show(o: &Occurrence) -> String {
    let mut s = o.start.to_string();
    if o.all_day {
        s = format!("{s} → {}", o.end);
    }
    if o.premiere_uid.is_some() {
        s.push_str(" r");
    }
    s
}

fn shown(plan: &Plan) -> Vec<String> {
    expand(std::slice::from_ref(plan))
        .unwrap()
        .iter()
        .map(show)
        .collect()
}

fn timed(start: &str, rule: &str) -> String {
    format!("  - {{ id: a, title: A, kind: broadcast, outlet: TV, start: {start}, rrule: \"{rule}\", duration: PT30M }}\n")
}

#[test]
fn rule_cases() {
    let hcm = "Asia/Ho_Chi_Minh";
    let cases: &[(&str, String, &str, &str, &[&str])] = &[
        (
            "nth weekday: third Wednesday",
            timed("2023-01-18T17:45", "FREQ=MONTHLY;BYDAY=3WE"),
            "2023-01-01",
            "2023-04-30",
            &[
                "2023-01-18T17:45:00+07:00",
                "2023-02-15T17:45:00+07:00",
                "2023-03-15T17:45:00+07:00",
                "2023-04-19T17:45:00+07:00",
            ],
        ),
        (
            "last weekday: last Friday",
            timed("2023-01-27T09:00", "FREQ=MONTHLY;BYDAY=-1FR"),
            "2023-01-01",
            "2023-04-30",
            &[
                "2023-01-27T09:00:00+07:00",
                "2023-02-24T09:00:00+07:00",
                "2023-03-31T09:00:00+07:00",
                "2023-04-28T09:00:00+07:00",
            ],
        ),
        (
            "BYSETPOS: last working day of the month",
            timed(
                "2023-01-31T16:00",
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            ),
            "2023-01-01",
            "2023-04-30",
            &[
                "2023-01-31T16:00:00+07:00",
                "2023-02-28T16:00:00+07:00",
                "2023-03-31T16:00:00+07:00",
                "2023-04-28T16:00:00+07:00",
            ],
        ),
        (
            "negative BYMONTHDAY: second-to-last day",
            timed("2023-01-30T08:00", "FREQ=MONTHLY;BYMONTHDAY=-2"),
            "2023-01-01",
            "2023-03-31",
            &[
                "2023-01-30T08:00:00+07:00",
                "2023-02-27T08:00:00+07:00",
                "2023-03-30T08:00:00+07:00",
            ],
        ),
        (
            "BYMONTHDAY=31 skips short months (RFC 5545)",
            timed("2023-01-31T08:00", "FREQ=MONTHLY;BYMONTHDAY=31"),
            "2023-01-01",
            "2023-05-31",
            &[
                "2023-01-31T08:00:00+07:00",
                "2023-03-31T08:00:00+07:00",
                "2023-05-31T08:00:00+07:00",
            ],
        ),
        (
            "INTERVAL: every other week",
            timed("2023-01-02T10:00", "FREQ=WEEKLY;INTERVAL=2"),
            "2023-01-01",
            "2023-02-15",
            &[
                "2023-01-02T10:00:00+07:00",
                "2023-01-16T10:00:00+07:00",
                "2023-01-30T10:00:00+07:00",
                "2023-02-13T10:00:00+07:00",
            ],
        ),
        (
            "COUNT counts from DTSTART, before the period too",
            timed("2022-12-05T10:00", "FREQ=WEEKLY;COUNT=6"),
            "2023-01-01",
            "2023-12-31",
            &["2023-01-02T10:00:00+07:00", "2023-01-09T10:00:00+07:00"],
        ),
        (
            "the period cuts a rule without COUNT or UNTIL",
            timed("2023-12-18T10:00", "FREQ=WEEKLY"),
            "2023-01-01",
            "2023-12-31",
            &["2023-12-18T10:00:00+07:00", "2023-12-25T10:00:00+07:00"],
        ),
        (
            "UNTIL as a date includes that day",
            timed("2023-01-02T10:00", "FREQ=WEEKLY;UNTIL=20230116"),
            "2023-01-01",
            "2023-12-31",
            &[
                "2023-01-02T10:00:00+07:00",
                "2023-01-09T10:00:00+07:00",
                "2023-01-16T10:00:00+07:00",
            ],
        ),
        (
            "UNTIL in UTC is read in plan time (03:00Z = 10:00 in Hồ Chí Minh City)",
            timed("2023-01-02T10:00", "FREQ=WEEKLY;UNTIL=20230116T025959Z"),
            "2023-01-01",
            "2023-12-31",
            &["2023-01-02T10:00:00+07:00", "2023-01-09T10:00:00+07:00"],
        ),
        (
            "YEARLY with BYMONTH and an ordinal BYDAY: first Monday of May and July",
            timed("2023-05-01T17:45", "FREQ=YEARLY;BYMONTH=5,7;BYDAY=1MO"),
            "2023-01-01",
            "2024-12-31",
            &[
                "2023-05-01T17:45:00+07:00",
                "2023-07-03T17:45:00+07:00",
                "2024-05-06T17:45:00+07:00",
                "2024-07-01T17:45:00+07:00",
            ],
        ),
    ];
    for (name, activity, from, to, expected) in cases {
        let p = plan(hcm, from, to, activity);
        assert_eq!(shown(&p), *expected, "{name}");
    }
}

#[test]
fn rdates_add_and_exdates_remove() {
    let p = plan(
        "Asia/Ho_Chi_Minh",
        "2023-01-01",
        "2023-02-28",
        "  - id: a\n    title: A\n    kind: broadcast\n    outlet: TV\n    start: 2023-01-04T09:00\n    rrule: FREQ=WEEKLY\n    duration: PT30M\n    rdates: [2023-01-05T15:00, 2023-01-06, 2024-01-01T09:00]\n    exdates: [2023-01-11, 2023-01-18T09:00, 2023-01-25T10:00]\n    rrule: FREQ=WEEKLY;UNTIL=20230131\n"
            .replace("    rrule: FREQ=WEEKLY\n", "")
            .as_str(),
    );
    assert_eq!(
        shown(&p),
        [
            "2023-01-04T09:00:00+07:00",
            "2023-01-05T15:00:00+07:00",
            "2023-01-06T09:00:00+07:00",
            "2023-01-25T09:00:00+07:00",
        ]
    );
}

#[test]
fn several_slots_on_one_day_get_ordinals_after_the_first() {
    let p = plan(
        "Asia/Ho_Chi_Minh",
        "2023-01-01",
        "2023-01-02",
        &timed("2023-01-01T09:00", "FREQ=DAILY;BYHOUR=9,15"),
    );
    let uids: Vec<String> = expand(&[p]).unwrap().into_iter().map(|o| o.uid).collect();
    assert_eq!(
        uids,
        [
            "t.a.20230101@castcal",
            "t.a.20230101.2@castcal",
            "t.a.20230102@castcal",
            "t.a.20230102.2@castcal"
        ]
    );
}

#[test]
fn reruns_follow_their_premiere_across_month_and_year_ends() {
    let activity = "  - id: a\n    title: A\n    kind: broadcast\n    outlet: TV\n    start: 2023-01-31T21:00\n    rrule: FREQ=MONTHLY;BYMONTHDAY=-1\n    duration: PT15M\n    reruns:\n      - { days_after: 1, at: \"06:00\" }\n      - { days_after: 2, outlet: TV2, duration: PT5M }\n";
    let p = plan("Asia/Ho_Chi_Minh", "2023-11-01", "2023-12-31", activity);
    let all = expand(&[p]).unwrap();
    let shown: Vec<String> = all
        .iter()
        .map(|o| format!("{} {} {}", show(o), o.outlet.as_deref().unwrap(), o.end))
        .collect();
    assert_eq!(
        shown,
        [
            "2023-11-30T21:00:00+07:00 TV 2023-11-30T21:15:00+07:00",
            "2023-12-01T06:00:00+07:00 r TV 2023-12-01T06:15:00+07:00",
            "2023-12-02T21:00:00+07:00 r TV2 2023-12-02T21:05:00+07:00",
            "2023-12-31T21:00:00+07:00 TV 2023-12-31T21:15:00+07:00",
            "2024-01-01T06:00:00+07:00 r TV 2024-01-01T06:15:00+07:00",
            "2024-01-02T21:00:00+07:00 r TV2 2024-01-02T21:05:00+07:00",
        ]
    );
    let rerun = &all[1];
    assert_eq!(rerun.uid, "t.a.20231130.r1@castcal");
    assert_eq!(rerun.premiere_uid.as_deref(), Some("t.a.20231130@castcal"));
}

#[test]
fn every_holiday_policy() {
    // Monday 1 May 2023 is a holiday, and so are 2 and 3 May; 28 April is the Friday before.
    let holidays = [
        ("2023-05-01", "Labour Day"),
        ("2023-05-02", "In lieu"),
        ("2023-05-03", "In lieu"),
    ];
    // (policy, occurrences, their holiday names, the dates they moved from)
    type Case<'a> = (
        &'a str,
        &'a [&'a str],
        &'a [Option<&'a str>],
        &'a [Option<&'a str>],
    );
    let cases: &[Case] = &[
        (
            "warn",
            &[
                "2023-05-01T17:45:00+07:00",
                "2023-05-02T06:30:00+07:00 r",
                "2023-05-08T17:45:00+07:00",
                "2023-05-09T06:30:00+07:00 r",
            ],
            &[Some("Labour Day"), Some("In lieu"), None, None],
            &[None, None, None, None],
        ),
        (
            "keep",
            &[
                "2023-05-01T17:45:00+07:00",
                "2023-05-02T06:30:00+07:00 r",
                "2023-05-08T17:45:00+07:00",
                "2023-05-09T06:30:00+07:00 r",
            ],
            &[Some("Labour Day"), Some("In lieu"), None, None],
            &[None, None, None, None],
        ),
        (
            "skip",
            &["2023-05-08T17:45:00+07:00", "2023-05-09T06:30:00+07:00 r"],
            &[None, None],
            &[None, None],
        ),
        (
            "next_workday",
            &[
                "2023-05-04T17:45:00+07:00",
                "2023-05-05T06:30:00+07:00 r",
                "2023-05-08T17:45:00+07:00",
                "2023-05-09T06:30:00+07:00 r",
            ],
            &[None, None, None, None],
            &[Some("2023-05-01"), None, None, None],
        ),
        (
            "previous_workday",
            &[
                "2023-04-28T17:45:00+07:00",
                "2023-04-29T06:30:00+07:00 r",
                "2023-05-08T17:45:00+07:00",
                "2023-05-09T06:30:00+07:00 r",
            ],
            &[None, None, None, None],
            &[Some("2023-05-01"), None, None, None],
        ),
    ];
    for (policy, starts, holiday, moved) in cases {
        let activity = format!(
            "  - {{ id: a, title: A, kind: broadcast, outlet: TV, start: 2023-05-01T17:45, rrule: FREQ=WEEKLY, duration: PT15M, on_holiday: {policy}, reruns: [{{ days_after: 1, at: \"06:30\" }}] }}\n"
        );
        let p = with_holidays(
            plan("Asia/Ho_Chi_Minh", "2023-04-01", "2023-05-14", &activity),
            &holidays,
        );
        let all = expand(&[p]).unwrap();
        assert_eq!(
            all.iter().map(show).collect::<Vec<_>>(),
            *starts,
            "{policy}"
        );
        assert_eq!(
            all.iter().map(|o| o.holiday.as_deref()).collect::<Vec<_>>(),
            *holiday,
            "{policy}"
        );
        let moved_from: Vec<Option<String>> = all
            .iter()
            .map(|o| o.moved_from.map(|d| d.to_string()))
            .collect();
        let moved: Vec<Option<String>> = moved.iter().map(|m| m.map(str::to_string)).collect();
        assert_eq!(moved_from, moved, "{policy}");
        // A moved slot keeps the UID of the date the rule gave.
        assert_eq!(
            all.first().map(|o| o.uid.as_str()) == Some("t.a.20230501@castcal"),
            *policy != "skip",
            "{policy}"
        );
    }
}

#[test]
fn all_day_windows_span_months_with_an_exclusive_end() {
    let activity = "  - { id: w, title: W, kind: publication, outlet: TV, start: 2023-01-28, rrule: \"FREQ=MONTHLY;BYMONTHDAY=28\", duration: P7D }\n\
                    \x20 - { id: q, title: Q, kind: publication, start: 2023-01-01, rrule: \"FREQ=MONTHLY;INTERVAL=3\", duration: P3M }\n\
                    \x20 - { id: y, title: Y, kind: campaign, start: 2023-01-01, duration: P1Y }\n\
                    \x20 - { id: d, title: D, kind: deadline, start: 2023-03-31 }\n";
    let p = plan("Asia/Ho_Chi_Minh", "2023-01-01", "2023-03-31", activity);
    assert_eq!(
        shown(&p),
        [
            "2023-01-01 → 2023-04-01",
            "2023-01-01 → 2024-01-01",
            "2023-01-28 → 2023-02-04",
            "2023-02-28 → 2023-03-07",
            "2023-03-28 → 2023-04-04",
            "2023-03-31 → 2023-04-01",
        ]
    );
}

#[test]
fn a_weekly_slot_keeps_its_wall_clock_time_across_daylight_saving_changes() {
    let p = plan(
        "Europe/Berlin",
        "2023-03-01",
        "2023-11-15",
        &timed("2023-03-22T17:45", "FREQ=WEEKLY;BYDAY=WE"),
    );
    let all = expand(&[p]).unwrap();
    assert_eq!(all.len(), 35);
    for o in &all {
        let s = o.start.to_string();
        assert!(s.contains("T17:45:00+0"), "{s}");
        // 30 minutes later on the wall, whatever the offset.
        assert!(o.end.to_string().contains("T18:15:00+0"), "{}", o.end);
    }
    let around = |d: &str| {
        all.iter()
            .find(|o| o.start.to_string().starts_with(d))
            .unwrap()
            .start
            .to_string()
    };
    assert_eq!(around("2023-03-22"), "2023-03-22T17:45:00+01:00");
    assert_eq!(around("2023-03-29"), "2023-03-29T17:45:00+02:00");
    assert_eq!(around("2023-10-25"), "2023-10-25T17:45:00+02:00");
    assert_eq!(around("2023-11-01"), "2023-11-01T17:45:00+01:00");
}

#[test]
fn times_in_a_gap_or_a_fold_are_placed_as_rfc_5545_says() {
    // Berlin skips 02:00–03:00 on 26 March 2023 and repeats 02:00–03:00 on 29 October.
    let activity = "  - { id: a, title: A, kind: broadcast, outlet: TV, start: 2023-03-26T02:30, duration: PT1H, rdates: [2023-10-29T02:30] }\n";
    let p = plan("Europe/Berlin", "2023-01-01", "2023-12-31", activity);
    let all = expand(&[p]).unwrap();
    let got: Vec<String> = all
        .iter()
        .map(|o| format!("{} {}", o.start, o.end))
        .collect();
    assert_eq!(
        got,
        [
            "2023-03-26T03:30:00+02:00 2023-03-26T04:30:00+02:00",
            "2023-10-29T02:30:00+02:00 2023-10-29T02:30:00+01:00",
        ]
    );
}

#[test]
fn plans_combine_and_sort_by_start_then_uid() {
    let a = plan(
        "Asia/Ho_Chi_Minh",
        "2023-01-01",
        "2023-01-31",
        &timed("2023-01-02T10:00", "FREQ=WEEKLY;COUNT=2"),
    );
    let mut b = plan(
        "Asia/Bangkok",
        "2023-01-01",
        "2023-01-31",
        &timed("2023-01-02T10:00", "FREQ=WEEKLY;COUNT=2"),
    );
    b.id = "s".into();
    let uids: Vec<String> = expand(&[b, a])
        .unwrap()
        .into_iter()
        .map(|o| o.uid)
        .collect();
    assert_eq!(
        uids,
        [
            "s.a.20230102@castcal",
            "t.a.20230102@castcal",
            "s.a.20230109@castcal",
            "t.a.20230109@castcal"
        ]
    );
}
