//! `VTIMEZONE` components from the IANA rules that chrono-tz carries.
//!
//! chrono-tz answers "what is the offset at this instant" but lists no
//! transitions, so they are found here: the offset is sampled every hour
//! from a year before the first date to a day after the last, and each
//! change is narrowed down to the second by bisection. The `DTSTART` of an
//! observance is the local time just before its change (RFC 5545 §3.6.5).
//!
//! A zone whose changes all follow one yearly rule over that stretch (the
//! last Sunday of March, the second Sunday of March…) is written the way
//! Outlook, Exchange and Google write zones: one `DAYLIGHT` and one
//! `STANDARD` observance, each with a `FREQ=YEARLY` `RRULE`. Outlook keeps
//! only one yearly pair of changes from any `VTIMEZONE` and reads an
//! observance without `RRULE` as a yearly change on the same weekday of the
//! month ([MS-OXCICAL] 2.1.3.1.1.19), so a list of dated observances can
//! shift events by an hour there. Any other zone (a change of rule within
//! the stretch, a zone without daylight saving) gets one dated observance
//! per change, which says exactly what chrono-tz says.

use std::io::{self, Write};

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc, Weekday,
};
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
        daylight: offset.dst_offset() > TimeDelta::zero(),
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
                // Clocks going forward begin daylight time. chrono-tz
                // follows IANA in calling Irish winter time "daylight"
                // (a negative saving); Outlook and Google, like Ireland's
                // law, call summer time daylight.
                daylight: if now.total == previous.total {
                    now.daylight
                } else {
                    now.total > previous.total
                },
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

/// The yearly rule a change follows: `FREQ=YEARLY;BYMONTH=m;BYDAY=nWD`,
/// as (month, ordinal, weekday, local time); ordinal -1 is the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Yearly {
    month: u32,
    ordinal: i8,
    weekday: Weekday,
    time: chrono::NaiveTime,
}

impl Yearly {
    fn rrule(&self) -> String {
        let day = match self.weekday {
            Weekday::Mon => "MO",
            Weekday::Tue => "TU",
            Weekday::Wed => "WE",
            Weekday::Thu => "TH",
            Weekday::Fri => "FR",
            Weekday::Sat => "SA",
            Weekday::Sun => "SU",
        };
        format!(
            "FREQ=YEARLY;BYMONTH={};BYDAY={}{day}",
            self.month, self.ordinal
        )
    }

    /// The local time of the change in `year`, if that year has the day.
    fn onset(&self, year: i32) -> Option<NaiveDateTime> {
        let mut days = (1..=31)
            .filter_map(|d| NaiveDate::from_ymd_opt(year, self.month, d))
            .filter(|d| d.weekday() == self.weekday);
        let day = match usize::try_from(self.ordinal) {
            Ok(n) => days.clone().nth(n.checked_sub(1)?),
            Err(_) => days.next_back(),
        }?;
        Some(day.and_time(self.time))
    }

    /// The rules a local onset fits: "last" when it falls in the month's
    /// last seven days, and its ordinal weekday. "Last" comes first: in a
    /// short stretch the last Sunday of March is often also the fourth,
    /// and the rule zones really follow is the former.
    fn fitting(onset: NaiveDateTime) -> [Option<Yearly>; 2] {
        let date = onset.date();
        let nth = i8::try_from(date.day0() / 7 + 1).ok().filter(|n| *n <= 4);
        let last = date
            .checked_add_days(Days::new(7))
            .is_some_and(|d| d.month() != date.month());
        let make = |ordinal| Yearly {
            month: date.month(),
            ordinal,
            weekday: date.weekday(),
            time: onset.time(),
        };
        [last.then(|| make(-1)), nth.map(make)]
    }
}

/// A zone's changes as one yearly `DAYLIGHT` and one yearly `STANDARD`
/// observance, each with its `RRULE`, when the changes in `list` are
/// exactly what the two rules give up to `until` (the end of the stretch
/// scanned), and both have begun by `covered_from` (the first instant the
/// feed uses). `None` when the zone needs dated observances.
pub fn yearly(
    list: &[Observance],
    covered_from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Option<Vec<(Observance, String)>> {
    let changes = list.get(1..)?;
    if changes
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.daylight == b.daylight))
    {
        return None;
    }
    let mut out = Vec::with_capacity(2);
    for daylight in [true, false] {
        let group: Vec<&Observance> = changes.iter().filter(|o| o.daylight == daylight).collect();
        let first = *group.first()?;
        if first.at > covered_from {
            return None;
        }
        let same_kind = group.iter().all(|o| {
            o.offset_from == first.offset_from
                && o.offset_to == first.offset_to
                && o.name == first.name
        });
        let consecutive_years = group
            .windows(2)
            .all(|w| matches!(w, [a, b] if b.onset.year() == a.onset.year() + 1));
        if !same_kind || !consecutive_years {
            return None;
        }
        let rule = Yearly::fitting(first.onset)
            .into_iter()
            .flatten()
            .find(|rule| {
                group
                    .iter()
                    .all(|o| Yearly::fitting(o.onset).contains(&Some(*rule)))
            })?;
        // Every change the rule gives in the stretch must be a real one: a
        // year without the change (Chile kept summer time through 2015)
        // cannot be written as a yearly rule.
        for year in first.onset.year()..=until.year() {
            let local = rule.onset(year)?;
            let at = Utc.from_utc_datetime(
                &local.checked_sub_signed(TimeDelta::seconds(first.offset_from.into()))?,
            );
            if at <= until && !group.iter().any(|o| o.at == at) {
                return None;
            }
        }
        out.push(((*first).clone(), rule.rrule()));
    }
    Some(out)
}

/// Writes the `VTIMEZONE` of `tz` for the local dates `from` to `to`.
pub fn write_vtimezone<W: Write>(
    lines: &mut LineWriter<W>,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> io::Result<()> {
    let list = observances(tz, from, to);
    let covered_from = Utc
        .from_utc_datetime(&from.and_time(chrono::NaiveTime::MIN))
        .checked_sub_signed(TimeDelta::days(1))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    // The end of the stretch `observances` scans.
    let until = Utc.from_utc_datetime(
        &to.checked_add_days(Days::new(2))
            .unwrap_or(to)
            .and_time(chrono::NaiveTime::MIN),
    );
    let written: Vec<(Observance, Option<String>)> = match yearly(&list, covered_from, until) {
        Some(pair) => pair.into_iter().map(|(o, r)| (o, Some(r))).collect(),
        None => list.into_iter().map(|o| (o, None)).collect(),
    };
    lines.raw("BEGIN", &[], "VTIMEZONE")?;
    lines.raw("TZID", &[], tz.name())?;
    for (o, rule) in written {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        lines.raw("BEGIN", &[], kind)?;
        lines.raw("DTSTART", &[], &o.onset.format("%Y%m%dT%H%M%S").to_string())?;
        if let Some(rule) = rule {
            lines.raw("RRULE", &[], &rule)?;
        }
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
    fn berlin_2023_is_one_yearly_daylight_and_one_yearly_standard() {
        assert_eq!(
            text(chrono_tz::Europe::Berlin, "2023-01-01", "2023-12-31"),
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:20220327T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nDTSTART:20221030T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn irish_summer_time_is_the_daylight_observance() {
        let dublin = text(chrono_tz::Europe::Dublin, "2023-01-01", "2023-12-31");
        assert!(
            dublin.contains(
                "BEGIN:DAYLIGHT\r\nDTSTART:20220327T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:IST\r\nEND:DAYLIGHT\r\n"
            ),
            "{dublin}"
        );
        assert!(dublin.contains("TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD\r\n"));
    }

    #[test]
    fn a_change_of_rule_in_the_stretch_gives_dated_observances() {
        // The United States moved its changes in 2007 (second Sunday of
        // March, first of November, instead of April and October).
        let ny = text(chrono_tz::America::New_York, "2007-01-01", "2007-12-31");
        assert!(!ny.contains("RRULE"), "{ny}");
        assert_eq!(ny.matches("BEGIN:DAYLIGHT").count(), 2);
        // Chile changes on the first Sunday on or after the 2nd: no one
        // ordinal fits every year.
        let santiago = text(chrono_tz::America::Santiago, "2023-01-01", "2024-12-31");
        assert!(!santiago.contains("RRULE"), "{santiago}");
        // A half-hour change on a regular rule is still yearly.
        let lord_howe = text(chrono_tz::Australia::Lord_Howe, "2023-01-01", "2023-12-31");
        assert!(lord_howe.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\n"));
        assert!(lord_howe.contains("TZOFFSETTO:+1030\r\n"));
    }

    /// Reads a written VTIMEZONE back as a reader would: every onset of
    /// every observance (yearly rules expanded up to `until_year`), as
    /// (instant, offset after it), sorted.
    fn onsets(text: &str, until_year: i32) -> Vec<(NaiveDateTime, i32)> {
        let offset = |v: &str| {
            let sign = if v.starts_with('-') { -1 } else { 1 };
            let digits: Vec<i32> = v.as_bytes()[1..]
                .chunks(2)
                .map(|c| std::str::from_utf8(c).unwrap().parse().unwrap())
                .collect();
            sign * (digits[0] * 3600 + digits[1] * 60 + digits.get(2).copied().unwrap_or(0))
        };
        let mut out = Vec::new();
        for part in text.split("BEGIN:").skip(2) {
            let field = |name: &str| {
                part.split("\r\n")
                    .find_map(|l| l.strip_prefix(&format!("{name}:")))
                    .map(str::to_string)
            };
            let dtstart =
                NaiveDateTime::parse_from_str(&field("DTSTART").unwrap(), "%Y%m%dT%H%M%S").unwrap();
            let (from, to) = (
                offset(&field("TZOFFSETFROM").unwrap()),
                offset(&field("TZOFFSETTO").unwrap()),
            );
            let mut locals = vec![dtstart];
            if let Some(rule) = field("RRULE") {
                let part = |key: &str| {
                    rule.split(';')
                        .find_map(|p| p.strip_prefix(key))
                        .unwrap()
                        .to_string()
                };
                assert!(rule.starts_with("FREQ=YEARLY;"));
                let month: u32 = part("BYMONTH=").parse().unwrap();
                let byday = part("BYDAY=");
                let (n, wd) = byday.split_at(byday.len() - 2);
                let n: i32 = n.parse().unwrap();
                let wd: Weekday = match wd {
                    "MO" => Weekday::Mon,
                    "TU" => Weekday::Tue,
                    "WE" => Weekday::Wed,
                    "TH" => Weekday::Thu,
                    "FR" => Weekday::Fri,
                    "SA" => Weekday::Sat,
                    _ => Weekday::Sun,
                };
                locals.clear();
                for year in dtstart.year()..=until_year {
                    let days: Vec<NaiveDate> = (1..=31)
                        .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d))
                        .filter(|d| d.weekday() == wd)
                        .collect();
                    let day = if n < 0 {
                        days[days.len() - 1]
                    } else {
                        days[n as usize - 1]
                    };
                    let local = day.and_time(dtstart.time());
                    if local >= dtstart {
                        locals.push(local);
                    }
                }
                assert_eq!(locals.first(), Some(&dtstart), "DTSTART follows its RRULE");
            }
            for local in locals {
                out.push((local - TimeDelta::seconds(from.into()), to));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn what_is_written_gives_the_chrono_tz_offset_at_every_hour_of_many_years() {
        let zones = [
            chrono_tz::Europe::Berlin,
            chrono_tz::Europe::London,
            chrono_tz::Europe::Dublin,
            chrono_tz::America::New_York,
            chrono_tz::America::Santiago,
            chrono_tz::Australia::Sydney,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Africa::Casablanca,
            chrono_tz::Asia::Tehran,
            chrono_tz::Asia::Ho_Chi_Minh,
        ];
        for tz in zones {
            for year in (2005..=2027).step_by(2) {
                let (from, to) = (
                    NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
                    NaiveDate::from_ymd_opt(year + 1, 2, 10).unwrap(),
                );
                let mut lines = LineWriter::new(Vec::new());
                write_vtimezone(&mut lines, tz, from, to).unwrap();
                let written = String::from_utf8(lines.into_inner().unwrap()).unwrap();
                let list = onsets(&written, year + 2);
                let mut at = from.and_hms_opt(0, 0, 0).unwrap() - TimeDelta::days(1);
                while at <= to.and_hms_opt(0, 0, 0).unwrap() + TimeDelta::days(1) {
                    let given = list.iter().rev().find(|(t, _)| *t <= at).map(|(_, o)| *o);
                    let want = state(tz, Utc.from_utc_datetime(&at)).total;
                    assert_eq!(given, Some(want), "{tz} {year} at {at} UTC:\n{written}");
                    at += TimeDelta::hours(1);
                }
            }
        }
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
