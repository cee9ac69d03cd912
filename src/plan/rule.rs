//! An activity's RFC 5545 recurrence rule, checked when the file is read.
//!
//! Rules are expanded in wall-clock time: the rule engine is handed the plan's
//! local times as if they were UTC, so "every Wednesday at 17:45" stays 17:45
//! on the wall across a daylight saving change (RFC 5545 §3.3.10), and the
//! host's own zone never plays a part. Each wall-clock result is then placed in
//! the plan's zone by [`crate::expand`].
//!
//! `UNTIL` may be written as a date, a plan-time date-time or a UTC date-time
//! (`…Z`); it is converted here to wall-clock time once, so nobody downstream
//! has to remember that the engine insists on UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{Frequency, RRule, RRuleSet, Unvalidated};

/// A parsed, validated recurrence rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule as written, without `UNTIL` (kept apart in [`Rule::until`]).
    rrule: RRule<Unvalidated>,
    /// The last wall-clock moment an instance may start at, if the rule says.
    pub until: Option<NaiveDateTime>,
    /// The rule as written in the schedule, for messages.
    pub text: String,
    /// The rule's parts other than `UNTIL`, as written (`FREQ=MONTHLY;BYDAY=3WE`).
    pub without_until: String,
}

impl Rule {
    /// Parses `text` (with or without a leading `RRULE:`) for an activity
    /// whose first occurrence is `start` (wall-clock; `all_day` when the
    /// activity has dates, not times), in the plan's zone `tz`.
    ///
    /// # Errors
    /// A sentence saying what is wrong, for the caller to place in the file.
    pub fn parse(text: &str, start: NaiveDateTime, all_day: bool, tz: Tz) -> Result<Rule, String> {
        let body = text.trim();
        let body = body.strip_prefix("RRULE:").unwrap_or(body);
        if body.is_empty() || body.contains(['\n', '\r', ':']) {
            return Err(format!(
                "`{text}` is not an RRULE value; expected something like FREQ=MONTHLY;BYDAY=3WE"
            ));
        }
        let mut until = None;
        let mut parts = Vec::new();
        for part in body.split(';') {
            match part.split_once('=') {
                Some((name, value)) if name.eq_ignore_ascii_case("UNTIL") => {
                    until = Some(parse_until(value, all_day, tz)?);
                }
                _ => parts.push(part),
            }
        }
        let without_until = parts.join(";");
        let mut rrule: RRule<Unvalidated> = without_until
            .parse()
            .map_err(|e| format!("invalid RRULE `{body}`: {e}"))?;
        if matches!(rrule.get_freq(), Frequency::Minutely | Frequency::Secondly) {
            return Err(format!(
                "RRULE `{body}` repeats by the minute or second; castcal schedules slots, so use FREQ=HOURLY or coarser"
            ));
        }
        if all_day {
            let sub_daily = matches!(
                rrule.get_freq(),
                Frequency::Hourly | Frequency::Minutely | Frequency::Secondly
            );
            let has_times = !rrule.get_by_hour().is_empty()
                || !rrule.get_by_minute().is_empty()
                || !rrule.get_by_second().is_empty();
            if sub_daily || has_times {
                return Err(format!(
                    "RRULE `{body}` repeats within a day, but this activity is all-day (its start is a date); give `start` a time, or repeat by days"
                ));
            }
        }
        if let Some(u) = until {
            if u < start {
                return Err(format!(
                    "`UNTIL` ({}) is before `start` ({}); the rule would yield nothing",
                    u.format("%Y-%m-%dT%H:%M"),
                    start.format("%Y-%m-%dT%H:%M")
                ));
            }
            rrule = rrule.until(wall(u));
        }
        let rule = Rule {
            rrule,
            until,
            text: body.to_string(),
            without_until,
        };
        rule.set(start)
            .map_err(|e| format!("invalid RRULE `{body}`: {e}"))?;
        Ok(rule)
    }

    /// The rule engine's view of this rule starting at wall-clock `start`.
    ///
    /// # Errors
    /// The engine's own complaint, when it rejects the rule for this start.
    pub fn set(&self, start: NaiveDateTime) -> Result<RRuleSet, rrule::RRuleError> {
        self.rrule.clone().build(wall(start))
    }

    /// The frequency, for checks that look for likely misreadings.
    pub fn frequency(&self) -> Frequency {
        self.rrule.get_freq()
    }

    /// `BYMONTHDAY` values, for checks that look for likely misreadings.
    pub fn by_month_day(&self) -> &[i8] {
        self.rrule.get_by_month_day()
    }

    /// `BYDAY` values (`3WE` is `Nth(3, Wed)`), for checks that look for likely misreadings.
    pub fn by_weekday(&self) -> &[rrule::NWeekday] {
        self.rrule.get_by_weekday()
    }

    /// `BYMONTH` values (1–12).
    pub fn by_month(&self) -> &[u8] {
        self.rrule.get_by_month()
    }

    /// Whether the rule has a `BYSETPOS`.
    pub fn has_set_pos(&self) -> bool {
        !self.rrule.get_by_set_pos().is_empty()
    }

    /// `COUNT`, if the rule has one.
    pub fn count(&self) -> Option<u32> {
        self.rrule.get_count()
    }
}

/// A wall-clock time handed to the rule engine as if it were UTC.
pub(crate) fn wall(t: NaiveDateTime) -> DateTime<rrule::Tz> {
    rrule::Tz::UTC.from_utc_datetime(&t)
}

/// `UNTIL` in any of its written forms, as a wall-clock time in `tz`.
fn parse_until(value: &str, all_day: bool, tz: Tz) -> Result<NaiveDateTime, String> {
    let bad = || {
        format!(
            "`UNTIL={value}` is not a date (20231231) or date-time (20231231T235959, or 20231231T165959Z in UTC)"
        )
    };
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y%m%d") {
        // A date bounds the whole of that day.
        return Ok(date.and_time(NaiveTime::from_hms_opt(23, 59, 59).ok_or_else(bad)?));
    }
    if all_day {
        return Err(format!(
            "`UNTIL={value}` has a time, but this activity is all-day; write the last date, e.g. UNTIL=20231231"
        ));
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
        return Ok(Utc.from_utc_datetime(&t).with_timezone(&tz).naive_local());
    }
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn until_is_read_in_plan_time_whatever_its_form() {
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        let start = at("2023-01-18T17:45");
        let cases = [
            ("FREQ=WEEKLY;UNTIL=20230301", "2023-03-01T23:59"),
            ("FREQ=WEEKLY;UNTIL=20230301T120000", "2023-03-01T12:00"),
            ("FREQ=WEEKLY;UNTIL=20230301T050000Z", "2023-03-01T12:00"),
            (
                "RRULE:FREQ=WEEKLY;UNTIL=20230301T050000Z",
                "2023-03-01T12:00",
            ),
        ];
        for (text, want) in cases {
            let rule = Rule::parse(text, start, false, tz).unwrap();
            let until = rule.until.unwrap().format("%Y-%m-%dT%H:%M").to_string();
            assert_eq!(until, want, "{text}");
        }
    }

    #[test]
    fn bad_rules_say_why() {
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        let start = at("2023-01-18T17:45");
        let cases = [
            (
                "",
                "`` is not an RRULE value; expected something like FREQ=MONTHLY;BYDAY=3WE",
            ),
            ("FREQ=FORTNIGHTLY", "invalid RRULE `FREQ=FORTNIGHTLY`: "),
            ("FREQ=WEEKLY;UNTIL=2023", "`UNTIL=2023` is not a date"),
            (
                "FREQ=WEEKLY;UNTIL=20220101",
                "`UNTIL` (2022-01-01T23:59) is before `start` (2023-01-18T17:45)",
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=32",
                "invalid RRULE `FREQ=MONTHLY;BYMONTHDAY=32`: ",
            ),
        ];
        for (text, want) in cases {
            let err = Rule::parse(text, start, false, tz).unwrap_err();
            assert!(err.starts_with(want), "{text}: {err}");
        }
        let err = Rule::parse("FREQ=HOURLY", start, true, tz).unwrap_err();
        assert!(err.contains("this activity is all-day"), "{err}");
    }
}
