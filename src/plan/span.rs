//! ISO 8601 durations as a schedule writes them: `PT12M`, `PT1H30M`, `P7D`, `P3M`, `P1Y`.
//!
//! Years, months, weeks and days are nominal (calendar) units: a `P3M` window
//! from 1 January ends (exclusive) on 1 April, `P1M` from 31 January on
//! 28 February, and `P1D` across a daylight saving change is still "the same
//! time tomorrow". Hours, minutes and seconds are exact. That is how RFC 5545
//! reads a `DURATION`.

use crate::said::Said;
use std::fmt;

use chrono::{Days, Months, NaiveDate, NaiveDateTime, TimeDelta};

/// A parsed ISO 8601 duration; every part is non-negative and at least one is not zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Calendar years.
    pub years: u32,
    /// Calendar months.
    pub months: u32,
    /// Weeks of seven days.
    pub weeks: u32,
    /// Days (of the calendar: 23 or 25 hours across a change of offset).
    pub days: u32,
    /// Hours of exact time.
    pub hours: u32,
    /// Minutes.
    pub minutes: u32,
    /// Seconds.
    pub seconds: u32,
}

impl Span {
    /// Parses `P[nY][nM][nW][nD][T[nH][nM][nS]]`.
    ///
    /// # Errors
    /// A sentence saying what is wrong, for the caller to place in the file.
    pub fn parse(text: &str) -> Result<Span, Said> {
        let bad = || {
            crate::say!(
                "`{text}` không phải một độ dài theo ISO 8601; viết như PT12M (12 phút), PT1H30M (1 giờ 30 phút), P7D (7 ngày), P3M (3 tháng) hoặc P1Y (1 năm)",
                "`{text}` is not an ISO 8601 duration; expected something like PT12M, PT1H30M, P7D, P3M or P1Y"
            )
        };
        let body = text.strip_prefix('P').ok_or_else(bad)?;
        let (date_part, time_part) = match body.split_once('T') {
            Some((d, t)) if !t.is_empty() => (d, Some(t)),
            Some(_) => return Err(bad()),
            None => (body, None),
        };
        let mut span = Span::default();
        let mut any = false;
        for (part, units) in [(date_part, "YMWD"), (time_part.unwrap_or(""), "HMS")] {
            let mut number = String::new();
            let mut last_unit = None;
            for c in part.chars() {
                if c.is_ascii_digit() {
                    number.push(c);
                    continue;
                }
                let order = units.find(c).ok_or_else(bad)?;
                if number.is_empty() || last_unit.is_some_and(|l| l >= order) {
                    return Err(bad());
                }
                last_unit = Some(order);
                let value: u32 = number.parse().map_err(|_| bad())?;
                number.clear();
                any = true;
                let slot = match (units, c) {
                    ("YMWD", 'Y') => &mut span.years,
                    ("YMWD", 'M') => &mut span.months,
                    ("YMWD", 'W') => &mut span.weeks,
                    ("YMWD", 'D') => &mut span.days,
                    (_, 'H') => &mut span.hours,
                    (_, 'M') => &mut span.minutes,
                    _ => &mut span.seconds,
                };
                *slot = value;
            }
            if !number.is_empty() {
                return Err(bad());
            }
        }
        if !any {
            return Err(bad());
        }
        if span == Span::default() {
            return Err(crate::say!(
                "thời lượng `{text}` bằng 0; mỗi lần diễn ra phải kéo dài một khoảng thời gian",
                "duration `{text}` is zero; an occurrence must last some time"
            ));
        }
        Ok(span)
    }

    /// Whether the span has an hour, minute or second part.
    pub fn has_time(&self) -> bool {
        self.hours != 0 || self.minutes != 0 || self.seconds != 0
    }

    /// Whether the span has a year or month part (not a fixed number of days).
    pub fn has_months(&self) -> bool {
        self.years != 0 || self.months != 0
    }

    /// The day after the last day covered by a span starting on `start`.
    pub fn end_date(&self, start: NaiveDate) -> Option<NaiveDate> {
        let months = self.years.checked_mul(12)?.checked_add(self.months)?;
        let days = u64::from(self.weeks) * 7 + u64::from(self.days);
        start
            .checked_add_months(Months::new(months))?
            .checked_add_days(Days::new(days))
    }

    /// Wall-clock end of a timed slot starting at `start`: nominal days, then exact time.
    pub fn end_local(&self, start: NaiveDateTime) -> Option<NaiveDateTime> {
        let date = self.end_date(start.date())?;
        let seconds =
            i64::from(self.hours) * 3600 + i64::from(self.minutes) * 60 + i64::from(self.seconds);
        date.and_time(start.time())
            .checked_add_signed(TimeDelta::try_seconds(seconds)?)
    }

    /// The exact part as a [`TimeDelta`] (hours, minutes, seconds).
    pub fn exact(&self) -> TimeDelta {
        TimeDelta::seconds(
            i64::from(self.hours) * 3600 + i64::from(self.minutes) * 60 + i64::from(self.seconds),
        )
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        for (v, u) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if v != 0 {
                write!(f, "{v}{u}")?;
            }
        }
        if self.has_time() {
            f.write_str("T")?;
            for (v, u) in [(self.hours, 'H'), (self.minutes, 'M'), (self.seconds, 'S')] {
                if v != 0 {
                    write!(f, "{v}{u}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_back() {
        for text in [
            "PT12M",
            "PT1H30M",
            "P7D",
            "P3M",
            "P1Y",
            "P2W",
            "P1DT2H",
            "PT45S",
            "P1Y2M3DT4H5M6S",
        ] {
            let span = Span::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(span.to_string(), text);
        }
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for text in [
            "",
            "P",
            "PT",
            "12M",
            "PT12",
            "P1H",
            "PTM",
            "P1M1Y",
            "-PT5M",
            "PT-5M",
            "P1.5D",
            "pt12m",
            "P99999999999D",
        ] {
            assert!(Span::parse(text).is_err(), "{text} was accepted");
        }
        assert_eq!(
            Span::parse("PT0M").unwrap_err(),
            crate::say!(
                "thời lượng `PT0M` bằng 0; mỗi lần diễn ra phải kéo dài một khoảng thời gian",
                "duration `PT0M` is zero; an occurrence must last some time"
            )
        );
    }

    #[test]
    fn months_are_calendar_months() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let p3m = Span::parse("P3M").unwrap();
        assert_eq!(p3m.end_date(d("2023-01-01")), Some(d("2023-04-01")));
        assert_eq!(
            Span::parse("P1M").unwrap().end_date(d("2023-01-31")),
            Some(d("2023-02-28"))
        );
        assert_eq!(
            Span::parse("P7D").unwrap().end_date(d("2023-12-28")),
            Some(d("2024-01-04"))
        );
        assert_eq!(
            Span::parse("P1Y").unwrap().end_date(d("2024-02-29")),
            Some(d("2025-02-28"))
        );
    }
}
