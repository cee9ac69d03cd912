//! The schedule file: what a plan says, checked and typed.
//!
//! A schedule file (YAML, see docs/reference/schedule-file.md) holds one plan: its period and time
//! zone, the outlets it uses (channels, publications, billboards) and its
//! activities, each a first date, an optional RFC 5545 recurrence rule, a
//! duration and reruns. [`load`] reads files and folders into [`Plan`]s, or
//! fails with a [`LoadError`]: most often a [`Diagnostic`] that names the
//! file, line and column.
//!
//! Nothing here expands a rule; the next step (`expand`) does. What is here
//! is what every later step may take for granted: ids are unique slugs,
//! outlets exist, the time zone is a real IANA zone, rules parse and their
//! `UNTIL` is already in the form the rule engine wants. This module uses
//! nothing of castcal's above it.

mod amount;
pub mod color;
mod error;
mod explain;
mod holidays;
pub mod keys;
mod load;
mod raw;
mod rule;
mod source;
mod span;
mod when;

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use crate::files::is_reserved_outlet_id;
pub use amount::Amount;
pub use error::LoadError;
pub use holidays::{Holiday, Holidays};
pub use load::{
    is_holiday_file, load, load_holiday_text, load_one, read_schedule_text, schedule_files,
    written_date, BUILT_IN_CALENDAR, FIRST_YEAR, LAST_YEAR, MAX_ACTIVITIES, MAX_FILES,
    MAX_FILE_BYTES, MAX_FOLDERS, MAX_FOLDER_DEPTH, MAX_RERUNS,
};
pub(crate) use rule::Until;
pub use rule::{End, Rule};
pub use source::{
    Diagnostic, Place, Position, Source, MAX_DEPTH, MAX_EXPANDED_BYTES, MAX_VALUES, MAX_VALUE_CHARS,
};
pub use span::Span;

/// One plan, as one schedule file declares it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Slug, part of every UID.
    pub id: String,
    /// What the plan is called, as printed on it.
    pub title: String,
    /// What a calendar's name calls it (`Kế hoạch CCHC 2023`), when the
    /// plan gives a short title; see [`Plan::short_title`].
    pub short_title: Option<String>,
    /// The plan's number and date as printed on it, e.g. `61/KH-UBND, 06/03/2023`.
    pub reference: Option<String>,
    /// The zone its wall-clock times are in (`Asia/Ho_Chi_Minh`).
    pub timezone: Tz,
    /// The dates it covers.
    pub period: Period,
    /// Days off from the plan's holiday files, merged.
    pub holidays: Holidays,
    /// The holiday files read, as found (for a server watching for edits).
    pub holiday_files: Vec<PathBuf>,
    /// Its outlets, sorted by id ([`Plan::outlet`] finds one).
    pub outlets: Vec<Outlet>,
    /// Its activities, in the order the file gives them.
    pub activities: Vec<Activity>,
    /// When this version of the plan was published (plan time); the stamp
    /// of every generated file, never the clock. Defaults to the period's
    /// first day at 00:00.
    pub published: NaiveDateTime,
    /// Where `published` is written (where it would be, when it is not):
    /// what a refusal of the publication's stamp points at.
    pub published_place: Place,
    /// How often subscribers should re-read a feed (`refresh`, default P1D).
    pub refresh: Span,
    /// The file the plan came from.
    pub source: PathBuf,
    /// The language the file names its keys in: what a message about the
    /// file calls them (`gặp ngày nghỉ` rather than `on_holiday`).
    pub keys: crate::said::Lang,
}

/// The dates a plan covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl Period {
    /// Whether `date` lies inside the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// A resource an occurrence occupies: a channel, a publication, a billboard network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet {
    /// Its id in the plan (`KG`).
    pub id: String,
    /// Its place among the outlets of the plans loaded together, by id
    /// (an outlet that several plans declare has one place): what joins an
    /// occurrence to its outlet's feed, guide and printed year, and what an
    /// outlet selection keeps.
    pub index: usize,
    /// What people call it (`Đài Phát thanh và Truyền hình Kiên Giang`).
    pub name: String,
    /// What sort of outlet it is.
    pub kind: OutletKind,
}

/// What sort of outlet an outlet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutletKind {
    /// A television channel.
    #[serde(alias = "truyền hình")]
    Tv,
    /// A radio channel.
    #[serde(alias = "phát thanh")]
    Radio,
    /// A newspaper.
    #[serde(alias = "báo")]
    Newspaper,
    /// A bulletin or magazine.
    #[serde(alias = "bản tin")]
    Bulletin,
    /// A web portal or page.
    #[serde(alias = "trang web", alias = "cổng thông tin")]
    Web,
    /// Billboards, banners, screens in public places.
    #[serde(alias = "ngoài trời", alias = "pano")]
    Outdoor,
}

impl OutletKind {
    /// The name the schedule file writes: `tv`, `radio`, `newspaper`…
    pub fn as_str(self) -> &'static str {
        match self {
            OutletKind::Tv => "tv",
            OutletKind::Radio => "radio",
            OutletKind::Newspaper => "newspaper",
            OutletKind::Bulletin => "bulletin",
            OutletKind::Web => "web",
            OutletKind::Outdoor => "outdoor",
        }
    }
}

/// What sort of activity an activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    /// A programme on a tv or radio outlet, at a time.
    #[serde(alias = "phát sóng")]
    Broadcast,
    /// An article or page, on a day.
    #[serde(alias = "đăng báo", alias = "đăng tải")]
    Publication,
    /// A workshop, a meeting, a contest.
    #[serde(alias = "sự kiện")]
    Event,
    /// A window of days: billboards, a month of posts.
    #[serde(alias = "chiến dịch")]
    Campaign,
    /// A day something is due: a report.
    #[serde(alias = "hạn báo cáo", alias = "thời hạn")]
    Deadline,
}

impl ActivityKind {
    /// The name a schedule file uses (`broadcast`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Broadcast => "broadcast",
            ActivityKind::Publication => "publication",
            ActivityKind::Event => "event",
            ActivityKind::Campaign => "campaign",
            ActivityKind::Deadline => "deadline",
        }
    }
}

/// Whether an activity is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Decided.
    #[default]
    #[serde(alias = "chính thức")]
    Confirmed,
    /// Planned, not yet decided: feeds mark it `STATUS:TENTATIVE`.
    #[serde(alias = "dự kiến")]
    Tentative,
}

impl Status {
    /// The name a schedule file uses (`confirmed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Tentative => "tentative",
        }
    }
}

/// What expansion does with an occurrence that falls on a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnHoliday {
    /// Keep it, mark it, and let `check` warn.
    #[default]
    #[serde(alias = "cảnh báo")]
    Warn,
    /// Keep it and mark it; the plan means it (no warning).
    #[serde(alias = "giữ")]
    Keep,
    /// Drop it, and its reruns.
    #[serde(alias = "bỏ")]
    Skip,
    /// Move it to the next workday (Monday–Friday, not a holiday), same time.
    #[serde(alias = "ngày làm việc sau")]
    NextWorkday,
    /// Move it to the previous workday, same time.
    #[serde(alias = "ngày làm việc trước")]
    PreviousWorkday,
}

impl OnHoliday {
    /// Its name in the schedule file (`next_workday` …).
    pub fn as_str(self) -> &'static str {
        match self {
            OnHoliday::Warn => "warn",
            OnHoliday::Keep => "keep",
            OnHoliday::Skip => "skip",
            OnHoliday::NextWorkday => "next_workday",
            OnHoliday::PreviousWorkday => "previous_workday",
        }
    }
}

/// The first date of an activity, or an added or removed date: a wall-clock
/// time in the plan's zone, or a whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Start {
    /// A wall-clock time in the plan's zone.
    At(NaiveDateTime),
    /// A whole day.
    Day(NaiveDate),
}

impl Start {
    /// Its day.
    pub fn date(&self) -> NaiveDate {
        match self {
            Start::At(t) => t.date(),
            Start::Day(d) => *d,
        }
    }

    /// In wall-clock time: a day is its midnight (what a rule starts from).
    pub fn wall(self) -> NaiveDateTime {
        match self {
            Start::At(t) => t,
            Start::Day(d) => d.and_time(chrono::NaiveTime::MIN),
        }
    }
}

/// One line of the plan: a segment, a page, a campaign, a deadline.
#[derive(Debug, Clone)]
pub struct Activity {
    /// Slug, unique in the plan, part of every UID.
    pub id: String,
    /// What the activity is called.
    pub title: String,
    /// What sort of activity it is.
    pub kind: ActivityKind,
    /// Who leads it (`Cơ quan chủ trì`).
    pub lead: Option<String>,
    /// Who takes part (`Cơ quan phối hợp`).
    pub partners: Vec<String>,
    /// What the plan calls the product, e.g. "01 chuyên mục/tháng".
    pub product: Option<String>,
    /// Its budget in đồng; none for work funded otherwise.
    pub budget_vnd: Option<u64>,
    /// How many premieres the plan text declares for the period.
    pub expect: Option<u32>,
    /// The outlet it occupies, by its place in its plan's `outlets`; none
    /// for events and reports.
    pub outlet: Option<usize>,
    /// DTSTART: a wall-clock time in the plan's zone, or a date for all-day items.
    pub start: Start,
    /// How it repeats (RFC 5545 `RRULE`); once when absent.
    pub rule: Option<Rule>,
    /// Dates added to the rule's (`RDATE`).
    pub rdates: Vec<Start>,
    /// Dates taken from the rule's (`EXDATE`).
    pub exdates: Vec<Start>,
    /// How long a slot lasts, or how many days a window spans.
    pub duration: Span,
    /// Whether it is decided.
    pub status: Status,
    /// What to do with a premiere that falls on a day off.
    pub on_holiday: OnHoliday,
    /// The repeats of each premiere.
    pub reruns: Vec<Rerun>,
    /// When it happens in words (`when:`), as written, when it is said so.
    pub phrase: Option<String>,
    /// Deadlines its phrase derives for the plan's last period that fall
    /// due after the period ends (a fourth quarter's report in January):
    /// kept, as part of the plan.
    pub beyond: Vec<Start>,
    /// A colour name from [`color::PALETTE`]; without one, outputs give the
    /// activity a palette colour by its position in the plan.
    pub color: Option<String>,
    /// Where the activity is written (its `id`), for messages about it.
    pub origin: Place,
    /// Where its other values are written, for findings about them.
    pub places: Places,
    /// The findings the plan accepts for this activity (`accept:`).
    pub accept: Vec<Accept>,
}

/// Where an activity's values are written in its schedule file: what a
/// finding points at, so that the person who edits the plan finds the line.
#[derive(Debug, Clone)]
pub struct Places {
    /// `start`.
    pub start: Place,
    /// `rrule`, when there is one.
    pub rrule: Option<Place>,
    /// Each `rdates` entry.
    pub rdates: Vec<Place>,
    /// `expect`, when there is one.
    pub expect: Option<Place>,
    /// `duration`, or `start` when it is not written.
    pub duration: Place,
    /// `on_holiday`, when it is written.
    pub on_holiday: Option<Place>,
}

/// A finding a plan accepts, deliberately, next to what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accept {
    /// The code of the finding (`expect-mismatch`).
    pub code: String,
    /// Why, when the plan says.
    pub reason: Option<String>,
    /// Where it is written.
    pub place: Place,
}

/// The codes of the findings a plan may accept: warnings. An error (a
/// conflict, a date outside the period) is never what a plan means.
pub const ACCEPTABLE: &[&str] = &[
    "on-holiday",
    "expect-mismatch",
    "no-dates",
    "suspicious-rule",
    "deadline-off-day",
    "past-period-end",
];

/// The codes of the findings that are errors, which no plan can accept.
pub(crate) const UNACCEPTABLE: &[&str] = &[
    "slot-conflict",
    "grid-conflict",
    "rerun-before-premiere",
    "outside-period",
    "too-many-conflicts",
];

impl Activity {
    /// All-day items (windows, deadlines) have a date, not a time, as their start.
    pub fn all_day(&self) -> bool {
        matches!(self.start, Start::Day(_))
    }
}

/// A repeat of a premiere, tied to it: it moves when the premiere moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rerun {
    /// How many days after the premiere it airs (0: the same day).
    pub days_after: u32,
    /// Wall-clock time; the premiere's time when absent.
    pub at: Option<NaiveTime>,
    /// The premiere's outlet when absent; else by its place in the plan's `outlets`.
    pub outlet: Option<usize>,
    /// The premiere's duration when absent.
    pub duration: Option<Span>,
    /// Where the rerun is written, for messages about it.
    pub origin: Place,
}

impl Plan {
    /// Its outlet `id`, if it declares one.
    pub fn outlet(&self, id: &str) -> Option<&Outlet> {
        self.outlets
            .binary_search_by(|o| o.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.outlets.get(i))
    }
}

/// The outlets some output keeps: all of them, or those named on the
/// command line (`--outlet KG --outlet KG1`), checked against the plans
/// once and kept by index, so that no output compares outlet ids.
///
/// ```
/// # let text = "plan: { id: p, title: P, timezone: UTC, period: { from: 2023-01-01, to: 2023-01-31 } }\n\
/// # outlets: { KG: { name: KG, kind: tv }, BKG: { name: Báo, kind: newspaper } }\nactivities: []\n";
/// let plans = [castcal::plan::load_one("p.yaml".as_ref(), text.to_string())?];
/// use castcal::plan::Selection;
/// let kg = Selection::of(&plans, &["KG".to_string(), "KG".to_string()]).unwrap();
/// assert_eq!(kg.ids(), ["KG"]);
/// assert!(kg.keeps(plans[0].outlet("KG")) && !kg.keeps(plans[0].outlet("BKG")));
/// assert!(!kg.keeps(None));
/// let vtv1 = || Selection::of(&plans, &["VTV1".to_string()]).unwrap_err();
/// assert_eq!(vtv1(), "không kế hoạch nào khai báo kênh `VTV1`; các kênh là: BKG, KG");
/// assert_eq!(
///     castcal::words::said::show_in(castcal::words::Lang::En, vtv1),
///     "no plan declares the outlet `VTV1`; the outlets are: BKG, KG"
/// );
/// # Ok::<(), castcal::plan::LoadError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// As named, each once, in the order first named; empty for all.
    ids: Vec<String>,
    /// Whether each outlet (by [`Outlet::index`]) is kept; `None` for all.
    kept: Option<Vec<bool>>,
}

impl Selection {
    /// Every outlet, and what is on none.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// The outlets `ids` of `plans` (all when `ids` is empty).
    ///
    /// # Errors
    /// An id no plan declares: what to say, with the outlets they declare,
    /// in the language messages are shown in.
    pub fn of(plans: &[Plan], ids: &[String]) -> Result<Selection, String> {
        if ids.is_empty() {
            return Ok(Selection::all());
        }
        let count = plans
            .iter()
            .flat_map(|p| p.outlets.iter().map(|o| o.index + 1))
            .max()
            .unwrap_or(0);
        let mut kept = vec![false; count];
        let mut named: Vec<String> = Vec::new();
        for id in ids {
            let Some(outlet) = plans.iter().find_map(|p| p.outlet(id)) else {
                let known: std::collections::BTreeSet<&str> = plans
                    .iter()
                    .flat_map(|p| p.outlets.iter().map(|o| o.id.as_str()))
                    .collect();
                let known = known.into_iter().collect::<Vec<&str>>().join(", ");
                let said = crate::say!(
                    "không kế hoạch nào khai báo kênh `{id}`; các kênh là: {known}",
                    "no plan declares the outlet `{id}`; the outlets are: {known}"
                );
                return Err(said.to_string());
            };
            if let Some(k) = kept.get_mut(outlet.index) {
                *k = true;
            }
            if !named.contains(id) {
                named.push(id.clone());
            }
        }
        Ok(Selection {
            ids: named,
            kept: Some(kept),
        })
    }

    /// The outlet `id` of `plans` alone.
    ///
    /// # Errors
    /// As [`Selection::of`].
    pub fn one(plans: &[Plan], id: &str) -> Result<Selection, String> {
        Selection::of(plans, &[id.to_string()])
    }

    /// Whether everything is kept.
    pub fn is_all(&self) -> bool {
        self.kept.is_none()
    }

    /// The outlets named, each once, in the order first named (empty for all).
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Whether what is on `outlet` (or on none) is kept.
    pub fn keeps(&self, outlet: Option<&Outlet>) -> bool {
        match (&self.kept, outlet) {
            (None, _) => true,
            (Some(kept), Some(o)) => kept.get(o.index).copied().unwrap_or(false),
            (Some(_), None) => false,
        }
    }
}
