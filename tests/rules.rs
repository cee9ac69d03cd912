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
    if o.all_day() {
        s = format!("{s} → {}", o.end);
    }
    if o.premiere_uid().is_some() {
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
    let uids: Vec<String> = expand(&[p])
        .unwrap()
        .into_iter()
        .map(|o| o.uid().to_string())
        .collect();
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
    let plans = [p];
    let all = expand(&plans).unwrap();
    let shown: Vec<String> = all
        .iter()
        .map(|o| format!("{} {} {}", show(o), o.outlet_id().unwrap(), o.end))
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
    assert_eq!(rerun.uid().to_string(), "t.a.20231130.r1@castcal");
    assert_eq!(
        rerun.premiere_uid().map(|u| u.to_string()).as_deref(),
        Some("t.a.20231130@castcal")
    );
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
        let plans = [p];
        let all = expand(&plans).unwrap();
        assert_eq!(
            all.iter().map(show).collect::<Vec<_>>(),
            *starts,
            "{policy}"
        );
        assert_eq!(
            all.iter().map(|o| o.holiday).collect::<Vec<_>>(),
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
            all.first().map(|o| o.uid().to_string()).as_deref() == Some("t.a.20230501@castcal"),
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
    let plans = [p];
    let all = expand(&plans).unwrap();
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
    let plans = [p];
    let all = expand(&plans).unwrap();
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

/// `UNTIL` bounds instants: an instance placed after it (a time in the
/// skipped hour is read with the offset before it, RFC 5545 §3.3.5) ends the
/// rule, even when its wall-clock time reads earlier than `UNTIL`'s; one in
/// the repeated hour is its first instance, and may be within an `UNTIL` in
/// the second. In every form `UNTIL` is written.
#[test]
fn until_bounds_instants_across_a_gap_or_a_fold() {
    // Berlin skips 02:00–03:00 on 26 March 2023 and repeats it on 29 October;
    // New York skips 02:00–03:00 on 12 March 2023.
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        (
            "Berlin, UNTIL in UTC an hour before the gap's 02:50 (01:50Z)",
            "Europe/Berlin",
            "2023-03-24T02:50",
            "FREQ=DAILY;UNTIL=20230326T010000Z",
            &["2023-03-24T02:50:00+01:00", "2023-03-25T02:50:00+01:00"],
        ),
        (
            "Berlin, UNTIL in local time (03:10+02:00, 01:10Z) before the gap's 02:15 (01:15Z)",
            "Europe/Berlin",
            "2023-03-24T02:15",
            "FREQ=DAILY;UNTIL=20230326T031000",
            &["2023-03-24T02:15:00+01:00", "2023-03-25T02:15:00+01:00"],
        ),
        (
            "Berlin, UNTIL exactly the gap's instance",
            "Europe/Berlin",
            "2023-03-24T02:50",
            "FREQ=DAILY;UNTIL=20230326T015000Z",
            &[
                "2023-03-24T02:50:00+01:00",
                "2023-03-25T02:50:00+01:00",
                "2023-03-26T03:50:00+02:00",
            ],
        ),
        (
            "Berlin, UNTIL in local time inside the gap, read as the gap's instance",
            "Europe/Berlin",
            "2023-03-24T02:50",
            "FREQ=DAILY;UNTIL=20230326T025000",
            &[
                "2023-03-24T02:50:00+01:00",
                "2023-03-25T02:50:00+01:00",
                "2023-03-26T03:50:00+02:00",
            ],
        ),
        (
            "Berlin, UNTIL a date: the whole day",
            "Europe/Berlin",
            "2023-03-25T02:50",
            "FREQ=DAILY;UNTIL=20230326",
            &["2023-03-25T02:50:00+01:00", "2023-03-26T03:50:00+02:00"],
        ),
        (
            "Berlin, UNTIL in the repeated hour's second instance (02:30+01:00) after 02:45's first",
            "Europe/Berlin",
            "2023-10-27T02:45",
            "FREQ=DAILY;UNTIL=20231029T013000Z",
            &[
                "2023-10-27T02:45:00+02:00",
                "2023-10-28T02:45:00+02:00",
                "2023-10-29T02:45:00+02:00",
            ],
        ),
        (
            "Berlin, UNTIL in local time in the repeated hour: its first instance",
            "Europe/Berlin",
            "2023-10-27T02:45",
            "FREQ=DAILY;UNTIL=20231029T023000",
            &["2023-10-27T02:45:00+02:00", "2023-10-28T02:45:00+02:00"],
        ),
        (
            "New York, UNTIL in UTC (03:00-04:00) before the gap's 02:50 (07:50Z)",
            "America/New_York",
            "2023-03-10T02:50",
            "FREQ=DAILY;UNTIL=20230312T070000Z",
            &["2023-03-10T02:50:00-05:00", "2023-03-11T02:50:00-05:00"],
        ),
        (
            "New York, UNTIL in local time (03:10-04:00) before the gap's 02:15",
            "America/New_York",
            "2023-03-10T02:15",
            "FREQ=DAILY;UNTIL=20230312T031000",
            &["2023-03-10T02:15:00-05:00", "2023-03-11T02:15:00-05:00"],
        ),
        (
            "New York, weekly, UNTIL in UTC just after the gap's instance",
            "America/New_York",
            "2023-02-26T02:30",
            "FREQ=WEEKLY;UNTIL=20230312T073000Z",
            &[
                "2023-02-26T02:30:00-05:00",
                "2023-03-05T02:30:00-05:00",
                "2023-03-12T03:30:00-04:00",
            ],
        ),
    ];
    for (what, zone, start, rule, want) in cases {
        let p = plan(zone, "2023-01-01", "2023-12-31", &timed(start, rule));
        let got: Vec<String> = expand(&[p])
            .unwrap()
            .iter()
            .map(|o| o.start.to_string())
            .collect();
        assert_eq!(got, *want, "{what}: {rule} from {start}");
    }
}

/// A start the clocks skip is read an hour later: an `UNTIL` between its
/// wall-clock time and that instant leaves the rule nothing, and says why.
#[test]
fn an_until_before_a_skipped_start_is_refused_saying_why() {
    let text = "plan: { id: t, title: T, timezone: Europe/Berlin, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
                outlets: { TV: { name: TV, kind: tv } }\n\
                activities:\n\
                \x20 - { id: a, title: A, kind: broadcast, outlet: TV, start: 2023-03-26T02:50, rrule: \"FREQ=DAILY;UNTIL=20230326T030000\", duration: PT10M }\n";
    let err = load_one("case.yaml".as_ref(), text.to_string()).unwrap_err();
    assert_eq!(
        castcal::words::said::show_in(castcal::words::Lang::En, || err.to_string())
            .lines()
            .next()
            .unwrap_or(""),
        "case.yaml:4:85: `UNTIL` (2023-03-26T03:00) is before `start` (2023-03-26T02:50, which the clocks skip and is read as 03:50+02:00); the rule would yield nothing"
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
        .map(|o| o.uid().to_string())
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

/// One activity in New York at `start` with `rule`, over `from`–`to`: the
/// local start times (`YYYY-MM-DDTHH:MM`) it expands to.
fn new_york(start: &str, rule: &str, from: &str, to: &str) -> Vec<String> {
    let p = plan("America/New_York", from, to, &timed(start, rule));
    expand(&[p])
        .unwrap()
        .iter()
        .map(|o| o.start.to_string().chars().take(16).collect())
        .collect()
}

fn at_nine(dates: &[&str]) -> Vec<String> {
    dates.iter().map(|d| format!("{d}T09:00")).collect()
}

/// RFC 5545 §3.8.5.3's own examples (America/New_York, 09:00), each with the
/// dates the RFC lists. A rule without COUNT or UNTIL ("forever") is cut by
/// the period, so only the dates the RFC prints are compared.
#[test]
fn the_rfc_5545_examples_give_the_dates_the_rfc_lists() {
    /// (the RFC's title, start, rule, period from, period to, the dates listed)
    type Example<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a [&'a str]);
    let cases: &[Example] = &[
        (
            "Monthly on the first Friday for 10 occurrences",
            "1997-09-05T09:00",
            "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
            "1997-01-01",
            "1999-12-31",
            &[
                "1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02",
                "1998-02-06", "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05",
            ],
        ),
        (
            "Every other month on the first and last Sunday of the month for 10 occurrences",
            "1997-09-07T09:00",
            "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
            "1997-01-01",
            "1999-12-31",
            &[
                "1997-09-07", "1997-09-28", "1997-11-02", "1997-11-30", "1998-01-04",
                "1998-01-25", "1998-03-01", "1998-03-29", "1998-05-03", "1998-05-31",
            ],
        ),
        (
            "Monthly on the second-to-last Monday of the month for 6 months",
            "1997-09-22T09:00",
            "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
            "1997-01-01",
            "1999-12-31",
            &[
                "1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19",
                "1998-02-16",
            ],
        ),
        (
            "Monthly on the third-to-the-last day of the month, forever",
            "1997-09-28T09:00",
            "FREQ=MONTHLY;BYMONTHDAY=-3",
            "1997-01-01",
            "1998-02-28",
            &[
                "1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29",
                "1998-02-26",
            ],
        ),
        (
            "Every 3rd year on the 1st, 100th, and 200th day for 10 occurrences",
            "1997-01-01T09:00",
            "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
            "1997-01-01",
            "2010-12-31",
            &[
                "1997-01-01", "1997-04-10", "1997-07-19", "2000-01-01", "2000-04-09",
                "2000-07-18", "2003-01-01", "2003-04-10", "2003-07-19", "2006-01-01",
            ],
        ),
        (
            "Every 20th Monday of the year, forever",
            "1997-05-19T09:00",
            "FREQ=YEARLY;BYDAY=20MO",
            "1997-01-01",
            "1999-12-31",
            &["1997-05-19", "1998-05-18", "1999-05-17"],
        ),
        (
            "Monday of week number 20 (where the default start of the week is Monday), forever",
            "1997-05-12T09:00",
            "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
            "1997-01-01",
            "1999-12-31",
            &["1997-05-12", "1998-05-11", "1999-05-17"],
        ),
        (
            // The RFC starts on 2 September 1997 and removes it with EXDATE;
            // castcal wants `start` to be the rule's first date.
            "Every Friday the 13th, forever",
            "1998-02-13T09:00",
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
            "1997-01-01",
            "2000-12-31",
            &[
                "1998-02-13", "1998-03-13", "1998-11-13", "1999-08-13", "2000-10-13",
            ],
        ),
        (
            "The first Saturday that follows the first Sunday of the month, forever",
            "1997-09-13T09:00",
            "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
            "1997-01-01",
            "1998-06-30",
            &[
                "1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10",
                "1998-02-07", "1998-03-07", "1998-04-11", "1998-05-09", "1998-06-13",
            ],
        ),
        (
            "Every 4 years, the first Tuesday after a Monday in November, forever (U.S. Presidential Election day)",
            "1996-11-05T09:00",
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
            "1996-01-01",
            "2004-12-31",
            &["1996-11-05", "2000-11-07", "2004-11-02"],
        ),
        (
            "The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months",
            "1997-09-04T09:00",
            "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
            "1997-01-01",
            "1999-12-31",
            &["1997-09-04", "1997-10-07", "1997-11-06"],
        ),
        (
            "The second-to-last weekday of the month",
            "1997-09-29T09:00",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
            "1997-01-01",
            "1998-03-31",
            &[
                "1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29",
                "1998-02-26", "1998-03-30",
            ],
        ),
        (
            // §3.3.10's example of BYSETPOS; the RFC lists no dates for it.
            "The last work day of the month",
            "1997-09-30T09:00",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "1997-01-01",
            "1998-02-28",
            &[
                "1997-09-30", "1997-10-31", "1997-11-28", "1997-12-31", "1998-01-30",
                "1998-02-27",
            ],
        ),
    ];
    for (name, start, rule, from, to, dates) in cases {
        assert_eq!(
            new_york(start, rule, from, to),
            at_nine(dates),
            "{name}: {rule}"
        );
    }
}

/// The ordinals the `rrule` crate 0.14 refused (off by one), valid in
/// RFC 5545: the fifth-to-last Monday of a month (its first, in a month with
/// five) and the 53rd Sunday of a year, from either end. The dates are what
/// python-dateutil gives.
#[test]
fn fifth_to_last_and_fifty_third_weekdays_are_expanded() {
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        (
            "1997-09-01T09:00",
            "FREQ=MONTHLY;BYDAY=-5MO",
            "1997-01-01",
            "1998-12-31",
            &[
                "1997-09-01",
                "1997-12-01",
                "1998-03-02",
                "1998-06-01",
                "1998-08-03",
                "1998-11-02",
            ],
        ),
        (
            "2000-01-02T09:00",
            "FREQ=YEARLY;BYDAY=-53SU",
            "2000-01-01",
            "2023-12-31",
            &[
                "2000-01-02",
                "2006-01-01",
                "2012-01-01",
                "2017-01-01",
                "2023-01-01",
            ],
        ),
        (
            "2000-12-31T09:00",
            "FREQ=YEARLY;BYDAY=+53SU",
            "2000-01-01",
            "2023-12-31",
            &[
                "2000-12-31",
                "2006-12-31",
                "2012-12-30",
                "2017-12-31",
                "2023-12-31",
            ],
        ),
        (
            "1997-09-29T09:00",
            "FREQ=MONTHLY;BYDAY=5MO,-5MO;COUNT=4",
            "1997-01-01",
            "1998-12-31",
            &["1997-09-29", "1997-12-01", "1997-12-29", "1998-03-02"],
        ),
    ];
    for (start, rule, from, to, dates) in cases {
        assert_eq!(new_york(start, rule, from, to), at_nine(dates), "{rule}");
    }
}

/// What the schedule's rule becomes in the feed: checked, upper case, FREQ
/// first, numbers without `+` or leading zeros.
#[test]
fn rules_are_kept_in_canonical_form() {
    let cases = [
        ("FREQ=MONTHLY;BYDAY=3WE", "FREQ=MONTHLY;BYDAY=3WE"),
        ("freq=monthly;byday=3we", "FREQ=MONTHLY;BYDAY=3WE"),
        ("RRULE:BYDAY=+3WE;FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=3WE"),
        (
            "FREQ=MONTHLY; BYMONTHDAY=02,+15 ;COUNT=010",
            "FREQ=MONTHLY;BYMONTHDAY=2,15;COUNT=10",
        ),
        (
            "interval=2;FREQ=weekly;UNTIL=20230301;wkst=su",
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
        ),
    ];
    for (written, canonical) in cases {
        let p = plan(
            "Asia/Ho_Chi_Minh",
            "2023-01-01",
            "2023-12-31",
            &timed("2023-01-02T10:00", written),
        );
        let rule = p.activities.first().unwrap().rule.as_ref().unwrap();
        assert_eq!(rule.without_until, canonical, "{written}");
    }
}

/// What castcal says about a rule RFC 5545 forbids, or one it refuses: the
/// first line of the error, from the `rrule:` value (line 9, column 12).
fn refusal(start: &str, rule: &str) -> String {
    let text = format!(
        "plan: {{ id: t, title: T, timezone: UTC, period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\n\
         outlets: {{ TV: {{ name: TV, kind: tv }} }}\n\
         activities:\n\
         \x20 - id: a\n\
         \x20   title: A\n\
         \x20   kind: broadcast\n\
         \x20   outlet: TV\n\
         \x20   start: {start}\n\
         \x20   rrule: \"{rule}\"\n\
         \x20   duration: PT30M\n"
    );
    match load_one("case.yaml".as_ref(), text) {
        Ok(_) => panic!("`{rule}` was accepted"),
        Err(e) => castcal::words::said::show_in(castcal::words::Lang::En, || e.to_string())
            .lines()
            .next()
            .unwrap_or("")
            .to_string(),
    }
}

#[test]
fn rules_rfc_5545_forbids_are_refused_saying_why() {
    // 2 January 2023 is a Monday.
    let cases: &[(&str, &str)] = &[
        ("FREQ=WEEKLY;", "it has an empty part (`;;`, or a `;` at the start or the end); parts are NAME=VALUE separated by single `;`"),
        ("FREQ=WEEKLY;;COUNT=2", "it has an empty part (`;;`, or a `;` at the start or the end); parts are NAME=VALUE separated by single `;`"),
        (";FREQ=WEEKLY", "it has an empty part (`;;`, or a `;` at the start or the end); parts are NAME=VALUE separated by single `;`"),
        ("FREQ=WEEKLY;COUNT", "`COUNT` is not a part; parts are NAME=VALUE, e.g. FREQ=WEEKLY"),
        ("FREQ=WEEKLY;COUNT=", "`COUNT=` has no value"),
        ("FREQ=WEEKLY;BYWEEKDAY=MO", "`BYWEEKDAY` is not a rule part; expected one of: FREQ, UNTIL, COUNT, INTERVAL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS, WKST"),
        ("FREQ=WEEKLY;X-NAME=1", "`X-NAME` is not a rule part; expected one of: FREQ, UNTIL, COUNT, INTERVAL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS, WKST"),
        ("FREQ=WEEKLY;FREQ=DAILY", "`FREQ` is given twice; each part may appear only once"),
        ("FREQ=WEEKLY;count=2;COUNT=3", "`COUNT` is given twice; each part may appear only once"),
        ("COUNT=2", "it has no FREQ; every rule needs one, e.g. FREQ=WEEKLY"),
        ("FREQ=FORTNIGHTLY", "`FREQ=FORTNIGHTLY` is not a frequency; expected one of: SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20231231", "it has both UNTIL and COUNT, which RFC 5545 forbids; keep one of them"),
        ("FREQ=WEEKLY;INTERVAL=0", "`INTERVAL=0`: INTERVAL must be a whole number from 1 to 65535"),
        ("FREQ=WEEKLY;INTERVAL=-1", "`INTERVAL=-1`: INTERVAL must be a whole number from 1 to 65535"),
        ("FREQ=WEEKLY;INTERVAL=65536", "`INTERVAL=65536`: INTERVAL must be a whole number from 1 to 65535"),
        ("FREQ=WEEKLY;COUNT=0", "`COUNT=0`: COUNT must be a whole number from 1 to 4294967295"),
        ("FREQ=WEEKLY;COUNT=1.5", "`COUNT=1.5`: COUNT must be a whole number from 1 to 4294967295"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "`BYMONTHDAY=0`: `0` is out of range; BYMONTHDAY takes 1 to 31, or -1 to -31 counting from the month's end"),
        ("FREQ=MONTHLY;BYMONTHDAY=2,32", "`BYMONTHDAY=2,32`: `32` is out of range; BYMONTHDAY takes 1 to 31, or -1 to -31 counting from the month's end"),
        ("FREQ=MONTHLY;BYMONTHDAY=2,", "`BYMONTHDAY=2,` has an empty item; a list's values are separated by single commas"),
        ("FREQ=YEARLY;BYMONTH=13", "`BYMONTH=13`: `13` is out of range; BYMONTH takes 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=0", "`BYMONTH=0`: `0` is out of range; BYMONTH takes 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=-1", "`BYMONTH=-1`: `-1` is out of range; BYMONTH takes 1 to 12"),
        ("FREQ=DAILY;BYHOUR=24", "`BYHOUR=24`: `24` is out of range; BYHOUR takes 0 to 23"),
        ("FREQ=DAILY;BYMINUTE=60", "`BYMINUTE=60`: `60` is out of range; BYMINUTE takes 0 to 59"),
        ("FREQ=DAILY;BYSECOND=60", "`BYSECOND=60`: `60` is out of range; BYSECOND takes 0 to 59 (castcal has no leap seconds)"),
        ("FREQ=DAILY;BYSECOND=61", "`BYSECOND=61`: `61` is out of range; BYSECOND takes 0 to 59 (castcal has no leap seconds)"),
        ("FREQ=YEARLY;BYWEEKNO=0", "`BYWEEKNO=0`: `0` is out of range; BYWEEKNO takes 1 to 53, or -1 to -53 counting from the year's end"),
        ("FREQ=YEARLY;BYWEEKNO=54", "`BYWEEKNO=54`: `54` is out of range; BYWEEKNO takes 1 to 53, or -1 to -53 counting from the year's end"),
        ("FREQ=YEARLY;BYYEARDAY=0", "`BYYEARDAY=0`: `0` is out of range; BYYEARDAY takes 1 to 366, or -1 to -366 counting from the year's end"),
        ("FREQ=YEARLY;BYYEARDAY=367", "`BYYEARDAY=367`: `367` is out of range; BYYEARDAY takes 1 to 366, or -1 to -366 counting from the year's end"),
        ("FREQ=YEARLY;BYYEARDAY=-0002", "`BYYEARDAY=-0002`: `-0002` is out of range; BYYEARDAY takes 1 to 366, or -1 to -366 counting from the year's end"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "`BYSETPOS=0`: `0` is out of range; BYSETPOS takes 1 to 366, or -1 to -366 counting from the end"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", "`BYSETPOS=367`: `367` is out of range; BYSETPOS takes 1 to 366, or -1 to -366 counting from the end"),
        ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS picks among the instances another BYxxx part gives, and there is none"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "BYWEEKNO cannot be used with FREQ=MONTHLY; it is allowed only with FREQ=YEARLY"),
        ("FREQ=DAILY;BYYEARDAY=2", "BYYEARDAY cannot be used with FREQ=DAILY; it is allowed only with FREQ=YEARLY, HOURLY, MINUTELY or SECONDLY"),
        ("FREQ=WEEKLY;BYYEARDAY=2", "BYYEARDAY cannot be used with FREQ=WEEKLY; it is allowed only with FREQ=YEARLY, HOURLY, MINUTELY or SECONDLY"),
        ("FREQ=MONTHLY;BYYEARDAY=2", "BYYEARDAY cannot be used with FREQ=MONTHLY; it is allowed only with FREQ=YEARLY, HOURLY, MINUTELY or SECONDLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=2", "BYMONTHDAY cannot be used with FREQ=WEEKLY; it is allowed only with FREQ other than WEEKLY"),
        ("FREQ=WEEKLY;BYDAY=1MO", "`BYDAY=1MO`: an ordinal (the `1` of `1MO`) is allowed only with FREQ=MONTHLY or YEARLY; with FREQ=WEEKLY write the weekday alone (MO)"),
        ("FREQ=DAILY;BYDAY=-1MO", "`BYDAY=-1MO`: an ordinal (the `-1` of `-1MO`) is allowed only with FREQ=MONTHLY or YEARLY; with FREQ=DAILY write the weekday alone (MO)"),
        ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", "`BYDAY=1MO`: an ordinal (the `1` of `1MO`) cannot be combined with BYWEEKNO; write the weekday alone (MO)"),
        ("FREQ=MONTHLY;BYDAY=6MO", "`BYDAY=6MO`: `6MO` is out of range; a month has at most 5 of each weekday, so ordinals are 1 to 5 or -1 to -5"),
        ("FREQ=MONTHLY;BYDAY=0MO", "`BYDAY=0MO`: `0MO` is out of range; a month has at most 5 of each weekday, so ordinals are 1 to 5 or -1 to -5"),
        ("FREQ=YEARLY;BYMONTH=1;BYDAY=-6MO", "`BYDAY=-6MO`: `-6MO` is out of range; a month has at most 5 of each weekday, so ordinals are 1 to 5 or -1 to -5"),
        ("FREQ=YEARLY;BYDAY=54MO", "`BYDAY=54MO`: `54MO` is out of range; a year has at most 53 of each weekday, so ordinals are 1 to 53 or -1 to -53"),
        ("FREQ=WEEKLY;BYDAY=MO,,TU", "`BYDAY=MO,,TU` has an empty item; a list's values are separated by single commas"),
        ("FREQ=WEEKLY;BYDAY=MON", "`BYDAY=MON`: `MON` is not a weekday; expected MO, TU, WE, TH, FR, SA or SU, optionally after an ordinal (3WE, -1FR)"),
        ("FREQ=MONTHLY;BYDAY=+-1MO", "`BYDAY=+-1MO`: `+-1MO` is out of range; a month has at most 5 of each weekday, so ordinals are 1 to 5 or -1 to -5"),
        ("FREQ=WEEKLY;WKST=XX", "`WKST=XX` is not a weekday; expected one of: MO, TU, WE, TH, FR, SA, SU"),
    ];
    for (rule, why) in cases {
        assert_eq!(
            refusal("2023-01-02T10:00", rule),
            format!("case.yaml:9:12: invalid RRULE `{rule}`: {why}"),
        );
    }
}

/// The feed carries the checked, canonical rule, never the text as written.
#[test]
fn a_feed_writes_the_rule_in_canonical_form() {
    let p = plan(
        "Asia/Ho_Chi_Minh",
        "2023-01-01",
        "2023-12-31",
        &timed(
            "2023-01-18T17:45",
            " byday=+3we ; Freq=Monthly;until=20231231",
        ),
    );
    let plans = [p];
    let occurrences = expand(&plans).unwrap();
    let options = castcal::export::ics::Options {
        mode: castcal::export::ics::Mode::Rrule,
        outlets: castcal::plan::Selection::all(),
    };
    let bytes = castcal::export::ics::write(Vec::new(), &plans, &occurrences, &options).unwrap();
    let feed = String::from_utf8(bytes).unwrap();
    let rules: Vec<&str> = feed.lines().filter(|l| l.starts_with("RRULE:")).collect();
    assert_eq!(
        rules,
        ["RRULE:FREQ=MONTHLY;BYDAY=3WE;UNTIL=20231231T165959Z"]
    );
}
