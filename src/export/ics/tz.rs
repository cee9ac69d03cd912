//! `VTIMEZONE` components from the IANA rules that chrono-tz carries.
//!
//! chrono-tz answers "what is the offset at this instant" but lists no
//! transitions, so they are found here: the offset is sampled every hour
//! from a year before the first date to a day after the last, and each
//! change is narrowed down to the second by bisection. Each transition
//! becomes one `STANDARD` or `DAYLIGHT` observance whose `DTSTART` is the
//! local time just before it (RFC 5545 §3.6.5), so a reader needs no rule of
//! its own: the component says exactly what chrono-tz says for the period.

use std::io::{self, Write};

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::line::LineWriter;

/// The longest stretch scanned (about 250 years): beyond it the zone's
/// last observance is assumed to go on.
const MAX_SCAN_HOURS: i64 = 250 * 366 * 24;

/// One observance: from `onset` (local time in the offset before it) the
/// zone is `offset_to` seconds east of UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observance {
    /// The instant it begins.
    pub at: DateTime<Utc>,
    /// `DTSTART`: the local time, in the previous offset, at which it begins.
    pub onset: NaiveDateTime,
    pub offset_from: i32,
    pub offset_to: i32,
    pub daylight: bool,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State {
    total: i32,
    daylight: bool,
}

fn state(tz: Tz, at: DateTime<Utc>) -> State {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    State {
        total: offset.fix().local_minus_utc(),
        daylight: !offset.dst_offset().is_zero(),
    }
}

fn name(tz: Tz, at: DateTime<Utc>) -> Option<String> {
    tz.offset_from_utc_datetime(&at.naive_utc())
        .abbreviation()
        .map(str::to_string)
}

/// The observances of `tz` that cover the local dates `from` to `to`: the
/// one in force a year before `from`, then one per change of offset.
pub fn observances(tz: Tz, from: NaiveDate, to: NaiveDate) -> Vec<Observance> {
    let start_date = from.checked_sub_days(Days::new(366)).unwrap_or(from);
    let end_date = to.checked_add_days(Days::new(2)).unwrap_or(to);
    // Begin at local midnight, so the first observance reads plainly.
    let midnight = Utc.from_utc_datetime(&start_date.and_time(chrono::NaiveTime::MIN));
    let start = midnight
        .checked_sub_signed(TimeDelta::seconds(state(tz, midnight).total.into()))
        .unwrap_or(midnight);
    let end = Utc.from_utc_datetime(&end_date.and_time(chrono::NaiveTime::MIN));

    let first = state(tz, start);
    let mut out = vec![Observance {
        at: start,
        onset: local(start, first.total),
        offset_from: first.total,
        offset_to: first.total,
        daylight: first.daylight,
        name: name(tz, start),
    }];

    let hour = TimeDelta::hours(1);
    let mut before = start;
    let mut previous = first;
    for _ in 0..MAX_SCAN_HOURS {
        let Some(next) = before.checked_add_signed(hour) else {
            break;
        };
        if next > end {
            break;
        }
        let now = state(tz, next);
        if now != previous {
            let at = bisect(tz, before, next, previous);
            out.push(Observance {
                at,
                onset: local(at, previous.total),
                offset_from: previous.total,
                offset_to: now.total,
                daylight: now.daylight,
                name: name(tz, at),
            });
            previous = now;
        }
        before = next;
    }
    out
}

/// The wall-clock reading at `at` in an offset of `seconds` east of UTC.
fn local(at: DateTime<Utc>, seconds: i32) -> NaiveDateTime {
    let t = at.naive_utc();
    t.checked_add_signed(TimeDelta::seconds(seconds.into()))
        .unwrap_or(t)
}

/// The first second in `(lo, hi]` whose state differs from `old`.
fn bisect(tz: Tz, mut lo: DateTime<Utc>, mut hi: DateTime<Utc>, old: State) -> DateTime<Utc> {
    while hi - lo > TimeDelta::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if state(tz, mid) == old {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// `+0700`, `-0500`, `+053000` for an offset in seconds east of UTC.
pub fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// Writes the `VTIMEZONE` of `tz` for the local dates `from` to `to`.
pub fn write_vtimezone<W: Write>(
    lines: &mut LineWriter<W>,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> io::Result<()> {
    lines.raw("BEGIN", &[], "VTIMEZONE")?;
    lines.raw("TZID", &[], tz.name())?;
    for o in observances(tz, from, to) {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        lines.raw("BEGIN", &[], kind)?;
        lines.raw("DTSTART", &[], &o.onset.format("%Y%m%dT%H%M%S").to_string())?;
        lines.raw("TZOFFSETFROM", &[], &utc_offset(o.offset_from))?;
        lines.raw("TZOFFSETTO", &[], &utc_offset(o.offset_to))?;
        if let Some(name) = &o.name {
            lines.text("TZNAME", &[], name)?;
        }
        lines.raw("END", &[], kind)?;
    }
    lines.raw("END", &[], "VTIMEZONE")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn text(tz: Tz, from: &str, to: &str) -> String {
        let mut lines = LineWriter::new(Vec::new());
        write_vtimezone(&mut lines, tz, date(from), date(to)).unwrap();
        String::from_utf8(lines.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn ho_chi_minh_is_one_standard_plus_seven() {
        assert_eq!(
            text(chrono_tz::Asia::Ho_Chi_Minh, "2023-01-01", "2023-12-31"),
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\nBEGIN:STANDARD\r\n\
DTSTART:20211231T000000\r\nTZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\n\
END:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn berlin_2023_has_the_four_changes_of_2022_and_2023() {
        assert_eq!(
            text(chrono_tz::Europe::Berlin, "2023-01-01", "2023-12-31"),
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
BEGIN:STANDARD\r\nDTSTART:20211231T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:20220327T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nDTSTART:20221030T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:20230326T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nDTSTART:20231029T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n"
        );
    }

    /// The offset the observances give at `at`: the last one begun by then.
    fn offset_at(list: &[Observance], at: DateTime<Utc>) -> i32 {
        list.iter()
            .rev()
            .find(|o| o.at <= at)
            .map(|o| o.offset_to)
            .unwrap()
    }

    #[test]
    fn observances_agree_with_chrono_tz_at_every_minute_around_each_change() {
        let zones = [
            chrono_tz::Europe::Berlin,
            chrono_tz::America::New_York,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Asia::Ho_Chi_Minh,
        ];
        for tz in zones {
            let list = observances(tz, date("2023-01-01"), date("2024-12-31"));
            // Every observance's onset is the local time in the old offset.
            for o in &list {
                assert_eq!(
                    o.onset,
                    o.at.naive_utc() + TimeDelta::seconds(o.offset_from.into())
                );
            }
            for o in list.iter().skip(1) {
                assert_ne!(o.offset_from, o.offset_to, "{tz}");
                for minutes in -90..=90 {
                    let at = o.at + TimeDelta::minutes(minutes) - TimeDelta::seconds(1);
                    assert_eq!(offset_at(&list, at), state(tz, at).total, "{tz} at {at}");
                }
                // The change happens exactly at `at`, to the second.
                assert_eq!(state(tz, o.at).total, o.offset_to);
                assert_eq!(state(tz, o.at - TimeDelta::seconds(1)).total, o.offset_from);
            }
            // And hourly over the whole period.
            let mut at = Utc.from_utc_datetime(&date("2023-01-01").and_hms_opt(0, 0, 0).unwrap());
            while at.date_naive() <= date("2024-12-31") {
                assert_eq!(offset_at(&list, at), state(tz, at).total, "{tz} at {at}");
                at += TimeDelta::minutes(30);
            }
        }
        let ny = observances(
            chrono_tz::America::New_York,
            date("2023-01-01"),
            date("2023-12-31"),
        );
        let changes: Vec<String> = ny
            .iter()
            .skip(1)
            .map(|o| {
                format!(
                    "{} {}",
                    o.onset.format("%Y%m%dT%H%M%S"),
                    utc_offset(o.offset_to)
                )
            })
            .collect();
        assert_eq!(
            changes,
            [
                "20220313T020000 -0400",
                "20221106T020000 -0500",
                "20230312T020000 -0400",
                "20231105T020000 -0500"
            ]
        );
    }

    #[test]
    fn no_zone_name_is_ever_quoted() {
        // Outlook 365 ignores quoted TZID values; no IANA name needs quotes.
        for tz in chrono_tz::TZ_VARIANTS {
            let mut out = String::new();
            crate::export::ics::line::param_value_into(tz.name(), &mut out);
            assert_eq!(out, tz.name());
        }
    }

    #[test]
    fn offsets_are_written_with_seconds_only_when_needed() {
        assert_eq!(utc_offset(7 * 3600), "+0700");
        assert_eq!(utc_offset(-5 * 3600), "-0500");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(5 * 3600 + 30 * 60), "+0530");
        assert_eq!(utc_offset(-(3600 + 2)), "-010002");
    }
}
