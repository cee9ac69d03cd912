//! The occurrence: one concrete slot or window, the unit every output is made of.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, Days, NaiveDate, TimeDelta};
use chrono_tz::Tz;
use serde::{Serialize, Serializer};

use crate::plan::{ActivityKind, Status};

/// One concrete occurrence of an activity: a premiere or one of its reruns.
///
/// Serialized (JSON) with the field names of the product contract; `start`
/// and `end` are RFC 3339 with the plan's offset for timed slots and plain
/// dates (end exclusive) for all-day windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Stable identity; see the README ("UIDs").
    pub uid: String,
    /// The plan's id.
    pub plan: String,
    /// The activity's id.
    pub activity: String,
    pub title: String,
    pub kind: ActivityKind,
    pub role: Role,
    /// The outlet it occupies; `None` for activities that occupy none.
    pub outlet: Option<String>,
    pub start: Moment,
    /// Exclusive.
    pub end: Moment,
    pub all_day: bool,
    pub status: Status,
    /// The name of the day off it falls on, if any.
    pub holiday: Option<String>,
    /// The premiere's UID, on reruns.
    pub premiere_uid: Option<String>,
    /// The date the rule gave, when the holiday policy moved the occurrence.
    #[serde(serialize_with = "serialize_opt_date")]
    pub moved_from: Option<NaiveDate>,
    /// The plan's zone (timed values carry it; all-day dates are read in it).
    #[serde(skip)]
    pub timezone: Tz,
    /// The index of the rerun in its activity's `reruns`, on reruns.
    #[serde(skip)]
    pub rerun: Option<usize>,
}

/// Whether an occurrence is the first airing or a repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Premiere,
    Rerun,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Premiere => "premiere",
            Role::Rerun => "rerun",
        }
    }
}

/// A point in time in the plan's zone, or a whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    At(DateTime<Tz>),
    Day(NaiveDate),
}

impl Moment {
    /// The local calendar date.
    pub fn date(&self) -> NaiveDate {
        match self {
            Moment::At(t) => t.date_naive(),
            Moment::Day(d) => *d,
        }
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Moment::At(t) => f.write_str(&t.to_rfc3339()),
            Moment::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn serialize_opt_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
        None => s.serialize_none(),
    }
}

impl Occurrence {
    /// The first and last local dates it touches (the last day of a window;
    /// the day a timed slot ends, not counting an end at exactly midnight).
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let first = self.start.date();
        let last = match self.end {
            Moment::Day(d) => d.checked_sub_days(Days::new(1)).unwrap_or(d),
            Moment::At(t) => (t - TimeDelta::seconds(1)).date_naive(),
        };
        (first, last.max(first))
    }

    /// When it starts, as an instant; an all-day start is midnight in the plan's zone.
    pub fn start_instant(&self) -> DateTime<Tz> {
        instant(self.start, self.timezone)
    }

    /// When it ends, as an instant.
    pub fn end_instant(&self) -> DateTime<Tz> {
        instant(self.end, self.timezone)
    }

    /// The order every output uses: by start, then by UID.
    pub fn chronological(a: &Occurrence, b: &Occurrence) -> Ordering {
        a.start_instant()
            .cmp(&b.start_instant())
            .then_with(|| a.uid.cmp(&b.uid))
    }
}

fn instant(m: Moment, tz: Tz) -> DateTime<Tz> {
    match m {
        Moment::At(t) => t,
        Moment::Day(d) => crate::zone::place_in_zone(d.and_time(chrono::NaiveTime::MIN), tz),
    }
}
