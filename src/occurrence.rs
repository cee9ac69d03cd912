//! The occurrence: one concrete slot or window, the unit every output is made of.
//!
//! An occurrence refers to its plan, activity and outlet instead of copying
//! their text, so a national broadcaster's year (900,000 occurrences) fits
//! in little memory; what is derived from them, such as the UID, is
//! formatted where it is written ([`Uid`]).

use std::cmp::Ordering;
use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeDelta, TimeZone};
use chrono_tz::Tz;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::plan::{Activity, ActivityKind, Outlet, Plan, Status};

/// One concrete occurrence of an activity: a premiere or one of its reruns.
///
/// Serialized (JSON) with the field names of the product contract; `start`
/// and `end` are RFC 3339 with the plan's offset for timed slots and plain
/// dates (end exclusive) for all-day windows.
#[derive(Clone, Copy)]
pub struct Occurrence<'p> {
    /// The plan it belongs to.
    pub plan: &'p Plan,
    /// The activity it is one of.
    pub activity: &'p Activity,
    /// The index of the activity among all the plans' activities, in the
    /// order they were read: what joins an occurrence to per-activity data
    /// without a lookup (see [`crate::expand::Expansion::groups`]).
    pub group: u32,
    /// The index of the rerun in its activity's `reruns`, on reruns.
    pub rerun: Option<u32>,
    /// The outlet it occupies; `None` for activities that occupy none.
    pub outlet: Option<&'p Outlet>,
    /// When it starts: a time with its UTC offset, or a day.
    pub start: Moment,
    /// Exclusive.
    pub end: Moment,
    /// The name of the day off it falls on, if any.
    pub holiday: Option<&'p str>,
    /// The date the rule gave, when the holiday policy moved the occurrence.
    pub moved_from: Option<NaiveDate>,
    /// The date the rule gave for the premiere (of a rerun: its premiere's),
    /// before any move: the date in the UID.
    pub rule_date: NaiveDate,
    /// 1 for the first instance the rule gives on `rule_date`, 2 for the
    /// second, and so on (part of the UID from the second on).
    pub ordinal: u32,
    /// A premiere's share of its activity's `budget_vnd`: the budget split
    /// evenly over the activity's premieres, the đồng left over by the
    /// division going one each to the earliest, so the shares add up to the
    /// budget exactly. `None` on reruns and activities without a budget.
    pub budget_share: Option<u64>,
}

/// Whether an occurrence is the first airing or a repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The first airing or publication of an issue.
    Premiere,
    /// A repeat of a premiere.
    Rerun,
}

impl Role {
    /// The name programs read: `premiere`, `rerun`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Premiere => "premiere",
            Role::Rerun => "rerun",
        }
    }
}

/// A point in time with the plan's offset at that time, or a whole day.
///
/// The offset, not the zone, is kept (16 bytes, not 48): an occurrence's
/// zone is its plan's ([`Occurrence::timezone`]). Arithmetic on a time
/// keeps its offset, so whatever crosses a change of offset goes through
/// [`Moment::in_zone`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Moment {
    /// A wall-clock time with its offset from UTC, as the zone gave it.
    At(DateTime<FixedOffset>),
    /// A whole day.
    Day(NaiveDate),
}

impl Moment {
    /// A time placed in `tz`, with the offset `tz` has then.
    pub fn in_zone(t: DateTime<Tz>) -> Moment {
        Moment::At(t.fixed_offset())
    }

    /// The local calendar date.
    pub fn date(&self) -> NaiveDate {
        match self {
            Moment::At(t) => t.date_naive(),
            Moment::Day(d) => *d,
        }
    }
}

impl Moment {
    /// RFC 3339 (`2023-01-18T17:45:00+07:00`) for a time, `2023-01-18` for
    /// a day: written digit by digit where that is simple (whole seconds,
    /// an offset of whole minutes, four-digit years), by chrono otherwise,
    /// alike. RFC 3339 gives an offset in minutes: a time whose offset has
    /// seconds (Monrovia's −00:44:30 until 1972, Dublin's −00:25:21 in
    /// 1915, local mean times before 1900) is written in UTC
    /// (`1970-01-05T10:44:30Z`), the same instant, rather than rounded.
    pub fn rfc3339(&self) -> String {
        use chrono::Timelike;
        match self {
            Moment::At(t) => {
                let offset = t.offset().local_minus_utc();
                if offset % 60 != 0 {
                    return t
                        .with_timezone(&chrono::Utc)
                        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
                }
                if t.nanosecond() != 0 || !(0..=9999).contains(&t.year()) {
                    return t.to_rfc3339();
                }
                let mut out = String::with_capacity(25);
                push_date(&mut out, t.date_naive());
                out.push('T');
                push2(&mut out, t.hour());
                out.push(':');
                push2(&mut out, t.minute());
                out.push(':');
                push2(&mut out, t.second());
                out.push(if offset < 0 { '-' } else { '+' });
                let minutes = offset.unsigned_abs() / 60;
                push2(&mut out, minutes / 60);
                out.push(':');
                push2(&mut out, minutes % 60);
                out
            }
            Moment::Day(d) if (0..=9999).contains(&d.year()) => {
                let mut out = String::with_capacity(10);
                push_date(&mut out, *d);
                out
            }
            Moment::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// `YYYY-MM-DD` of a date of the years 0 to 9999.
fn push_date(out: &mut String, d: NaiveDate) {
    let year = u32::try_from(d.year()).unwrap_or(0);
    push2(out, year / 100);
    push2(out, year % 100);
    out.push('-');
    push2(out, d.month());
    out.push('-');
    push2(out, d.day());
}

/// Two decimal digits of `n` (below 100).
fn push2(out: &mut String, n: u32) {
    out.push(char::from_digit((n / 10) % 10, 10).unwrap_or('0'));
    out.push(char::from_digit(n % 10, 10).unwrap_or('0'));
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

/// An occurrence's UID, `plan.activity.YYYYMMDD[.N][.rK]@castcal`, written
/// when displayed (see docs/reference/schedule-file.md, "UIDs").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uid<'a> {
    plan: &'a str,
    activity: &'a str,
    date: NaiveDate,
    ordinal: u32,
    rerun: Option<u32>,
}

impl fmt::Display for Uid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.plan)?;
        f.write_char('.')?;
        f.write_str(self.activity)?;
        f.write_char('.')?;
        // Years 1 to 9999 only (expansion refuses others): four digits.
        let (y, m, d) = (self.date.year(), self.date.month(), self.date.day());
        write!(f, "{y:04}{m:02}{d:02}")?;
        if self.ordinal > 1 {
            write!(f, ".{}", self.ordinal)?;
        }
        if let Some(k) = self.rerun {
            write!(f, ".r{}", u64::from(k) + 1)?;
        }
        f.write_str("@castcal")
    }
}

impl Serialize for Uid<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'p> Occurrence<'p> {
    /// Its UID.
    pub fn uid(&self) -> Uid<'p> {
        Uid {
            plan: &self.plan.id,
            activity: &self.activity.id,
            date: self.rule_date,
            ordinal: self.ordinal,
            rerun: self.rerun,
        }
    }

    /// The premiere's UID, on reruns.
    pub fn premiere_uid(&self) -> Option<Uid<'p>> {
        self.rerun.map(|_| Uid {
            rerun: None,
            ..self.uid()
        })
    }

    /// A premiere, or a rerun of one.
    pub fn role(&self) -> Role {
        match self.rerun {
            None => Role::Premiere,
            Some(_) => Role::Rerun,
        }
    }

    /// Its activity's title.
    pub fn title(&self) -> &'p str {
        &self.activity.title
    }

    /// Its activity's kind.
    pub fn kind(&self) -> ActivityKind {
        self.activity.kind
    }

    /// Its activity's status.
    pub fn status(&self) -> Status {
        self.activity.status
    }

    /// Whether it is a day or window, not a timed slot.
    pub fn all_day(&self) -> bool {
        self.activity.all_day()
    }

    /// The plan's zone (timed values carry it; all-day dates are read in it).
    pub fn timezone(&self) -> Tz {
        self.plan.timezone
    }

    /// The id of the outlet it occupies.
    pub fn outlet_id(&self) -> Option<&'p str> {
        self.outlet.map(|o| o.id.as_str())
    }

    /// The first and last local dates it touches (the last day of a window;
    /// the day a timed slot ends, not counting an end at exactly midnight).
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let first = self.start.date();
        let last = match self.end {
            Moment::Day(d) => d.checked_sub_days(Days::new(1)).unwrap_or(d),
            // The offset a second earlier may be another.
            Moment::At(t) => self
                .timezone()
                .from_utc_datetime(&(t.naive_utc() - TimeDelta::seconds(1)))
                .date_naive(),
        };
        (first, last.max(first))
    }

    /// When it starts, as an instant; an all-day start is midnight in the plan's zone.
    pub fn start_instant(&self) -> DateTime<Tz> {
        instant(self.start, self.timezone())
    }

    /// When it ends, as an instant.
    pub fn end_instant(&self) -> DateTime<Tz> {
        instant(self.end, self.timezone())
    }

    /// Seconds since the epoch of its start and end (of midnight in the
    /// plan's zone for a day).
    pub fn seconds(&self) -> (i64, i64) {
        let at = |m: Moment| match m {
            Moment::At(t) => t.timestamp(),
            Moment::Day(_) => instant(m, self.timezone()).timestamp(),
        };
        (at(self.start), at(self.end))
    }

    /// The order every output uses: by start, then by UID.
    pub fn chronological(a: &Occurrence, b: &Occurrence) -> Ordering {
        a.start_instant()
            .cmp(&b.start_instant())
            .then_with(|| UidOrder::default().cmp(a, b))
    }
}

/// Compares UIDs as text without allocating for each comparison: the two
/// buffers are reused.
#[derive(Debug, Default)]
pub(crate) struct UidOrder {
    a: String,
    b: String,
}

impl UidOrder {
    pub(crate) fn cmp(&mut self, a: &Occurrence, b: &Occurrence) -> Ordering {
        self.a.clear();
        self.b.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.a, "{}", a.uid());
        let _ = write!(self.b, "{}", b.uid());
        self.a.cmp(&self.b)
    }
}

impl PartialEq for Occurrence<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.plan, other.plan)
            && std::ptr::eq(self.activity, other.activity)
            && self.group == other.group
            && self.rerun == other.rerun
            && self.outlet.map(|o| o as *const Outlet) == other.outlet.map(|o| o as *const Outlet)
            && self.start == other.start
            && self.end == other.end
            && self.holiday == other.holiday
            && self.moved_from == other.moved_from
            && self.rule_date == other.rule_date
            && self.ordinal == other.ordinal
            && self.budget_share == other.budget_share
    }
}

impl Eq for Occurrence<'_> {}

impl fmt::Debug for Occurrence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Occurrence")
            .field("uid", &self.uid().to_string())
            .field("outlet", &self.outlet_id())
            .field("start", &self.start)
            .field("end", &self.end)
            .field("holiday", &self.holiday)
            .field("moved_from", &self.moved_from)
            .finish_non_exhaustive()
    }
}

impl Serialize for Occurrence<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = s.serialize_struct("Occurrence", 14)?;
        o.serialize_field("uid", &self.uid())?;
        o.serialize_field("plan", &self.plan.id)?;
        o.serialize_field("activity", &self.activity.id)?;
        o.serialize_field("title", self.title())?;
        o.serialize_field("kind", &self.kind())?;
        o.serialize_field("role", &self.role())?;
        o.serialize_field("outlet", &self.outlet_id())?;
        o.serialize_field("start", &self.start)?;
        o.serialize_field("end", &self.end)?;
        o.serialize_field("all_day", &self.all_day())?;
        o.serialize_field("status", &self.status())?;
        o.serialize_field("holiday", &self.holiday)?;
        o.serialize_field("premiere_uid", &self.premiere_uid())?;
        o.serialize_field("moved_from", &self.moved_from.map(Moment::Day))?;
        o.end()
    }
}

fn instant(m: Moment, tz: Tz) -> DateTime<Tz> {
    match m {
        Moment::At(t) => t.with_timezone(&tz),
        Moment::Day(d) => crate::zone::place_in_zone(d.and_time(chrono::NaiveTime::MIN), tz),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    /// The hand-written RFC 3339 is chrono's, in every case it takes.
    #[test]
    fn moments_are_written_as_chrono_writes_them() {
        let offsets = [
            0,
            7 * 3600,
            -(3 * 3600 + 30 * 60),
            5 * 3600 + 45 * 60,
            6 * 3600 + 40,
            -14 * 3600,
        ];
        let times = [
            (2023, 1, 18, 17, 45, 0),
            (1, 1, 1, 0, 0, 0),
            (9999, 12, 31, 23, 59, 59),
            (987, 6, 5, 4, 3, 2),
        ];
        for offset in offsets {
            let zone = FixedOffset::east_opt(offset).unwrap();
            for (y, mo, d, h, mi, s) in times {
                let t = zone.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
                let expected = if offset % 60 == 0 {
                    t.to_rfc3339()
                } else {
                    // RFC 3339 cannot say seconds of an offset: UTC.
                    t.with_timezone(&chrono::Utc)
                        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                };
                assert_eq!(Moment::At(t).to_string(), expected, "{t:?}");
                let back = DateTime::parse_from_rfc3339(&expected).unwrap();
                assert_eq!(back, t, "the same instant: {t:?}");
                let day = t.date_naive();
                assert_eq!(
                    Moment::Day(day).to_string(),
                    day.format("%Y-%m-%d").to_string()
                );
            }
        }
    }
}
