//! What a finding is about, as values: the kind of occurrence, dates,
//! times, counts and names it concerns. A check makes [`Facts`]; they are
//! worded only when a report is written ([`Facts::said`]), in whichever
//! language it is written in, by the sentences of [`crate::words::check`].

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use super::Code;
use crate::format::{clock_span, ClockSpan, Dated, Day};
use crate::occurrence::{Moment, Occurrence};
use crate::plan::{ActivityKind, OnHoliday, Period};
use crate::words::check::{self as words, Kept, Outside, Said};
use crate::words::{Common, Lang};

/// What an occurrence is: its activity's kind, and which rerun it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct What {
    /// The activity's kind (`broadcast`, `deadline` …).
    pub kind: ActivityKind,
    /// The index of the rerun in its activity's `reruns`; `None` for a premiere.
    pub rerun: Option<u32>,
}

impl What {
    /// What `o` is.
    pub fn of(o: &Occurrence) -> What {
        What {
            kind: o.kind(),
            rerun: o.rerun,
        }
    }

    /// `premiere`, `rerun 2`, `deadline` …, in `lang`.
    pub fn said(self, lang: Lang) -> String {
        words::what(lang, self.kind, self.rerun)
    }
}

/// Why a day is off, for a finding that names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DayOff {
    /// A holiday, by the name the holiday file gives it.
    Named(String),
    /// A day off that the holiday file gives no name.
    Unnamed,
    /// A Saturday or Sunday (named by its weekday).
    Weekend,
}

impl DayOff {
    /// What the day off `date` is called in `lang`.
    fn said(&self, date: NaiveDate, lang: Lang) -> String {
        match self {
            DayOff::Named(name) => name.clone(),
            DayOff::Unnamed => words::Words::of(lang).a_day_off.to_string(),
            DayOff::Weekend => Common::of(lang).weekday_long(date.weekday()).to_string(),
        }
    }
}

/// A value of the schedule file that gives dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// An activity's `start`.
    Start,
    /// An entry of its `rdates`.
    Rdates,
}

impl Field {
    /// Its name in the schedule file.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Start => "start",
            Field::Rdates => "rdates",
        }
    }
}

/// A day of the week, in order from Monday (chrono's has no order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekday(pub chrono::Weekday);

impl Ord for Weekday {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .num_days_from_monday()
            .cmp(&other.0.num_days_from_monday())
    }
}

impl PartialOrd for Weekday {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The values a finding is about, one variant per code.
///
/// The order is what breaks ties between findings that agree on everything
/// else a report orders by; it never depends on a language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Facts {
    /// `slot-conflict`: the occurrence overlaps `other`, which starts no later.
    SlotConflict {
        /// The occurrence the finding is about.
        what: What,
        /// The one it overlaps.
        other: What,
        /// The other's activity's title.
        title: String,
        /// When the other starts.
        start: Moment,
        /// When the other ends.
        end: Moment,
        /// Whether the other starts on the occurrence's own date.
        same_day: bool,
        /// The outlet both occupy.
        outlet: String,
    },
    /// `too-many-conflicts`: more overlaps on `outlet` than a report lists.
    TooManyConflicts {
        /// How many are listed.
        most: usize,
        /// The outlet.
        outlet: String,
    },
    /// `grid-conflict`: the occurrence overlaps a programme of a station's grid.
    GridConflict {
        /// The occurrence.
        what: What,
        /// The programme's title in the grid.
        programme: String,
        /// When the programme starts, in the occurrence's zone.
        start: DateTime<FixedOffset>,
        /// When it ends, in the occurrence's zone.
        end: DateTime<FixedOffset>,
        /// Whether the programme starts on the occurrence's own date.
        same_day: bool,
        /// The grid's outlet.
        outlet: String,
        /// The grid's file name.
        file: String,
    },
    /// `rerun-before-premiere`.
    RerunBeforePremiere {
        /// The rerun.
        what: What,
        /// When it starts, in its plan's zone.
        start: DateTime<FixedOffset>,
        /// When its premiere ends, in the plan's zone.
        premiere_end: DateTime<FixedOffset>,
    },
    /// `outside-period`.
    OutsidePeriod(OutsidePeriod),
    /// `past-period-end`.
    PastPeriodEnd {
        /// The occurrence.
        what: What,
        /// Its last date.
        until: NaiveDate,
        /// The period's last day.
        end: NaiveDate,
    },
    /// `on-holiday`.
    OnHoliday {
        /// The occurrence.
        what: What,
        /// The holiday's name.
        name: String,
        /// How it came to be kept.
        kept: Kept,
    },
    /// `expect-mismatch`.
    ExpectMismatch {
        /// The plan's `expect`.
        expect: u32,
        /// How many premieres the rule yields.
        got: usize,
        /// The plan's period.
        period: Period,
        /// How many the holiday policy skipped.
        skipped: usize,
    },
    /// `no-dates`.
    NoDates {
        /// The plan's period.
        period: Period,
        /// How many the holiday policy skipped.
        skipped: usize,
    },
    /// `suspicious-rule`.
    SuspiciousRule(SuspiciousRule),
    /// `deadline-off-day`.
    DeadlineOffDay {
        /// The deadline's date.
        date: NaiveDate,
        /// The workday before, when there is one.
        before: Option<NaiveDate>,
    },
    /// `holiday-moved`.
    HolidayMoved {
        /// The date the rule gave.
        from: NaiveDate,
        /// What that day is.
        day_off: DayOff,
        /// The date it was moved to.
        to: NaiveDate,
        /// The activity's policy.
        policy: OnHoliday,
    },
    /// `holiday-skipped`.
    HolidaySkipped {
        /// The date the rule gave.
        date: NaiveDate,
        /// What that day is.
        day_off: DayOff,
        /// Whether the activity has reruns (skipped with it).
        reruns: bool,
    },
}

impl Facts {
    /// The code of the finding these facts make.
    pub fn code(&self) -> Code {
        match self {
            Facts::SlotConflict { .. } => Code::SlotConflict,
            Facts::TooManyConflicts { .. } => Code::TooManyConflicts,
            Facts::GridConflict { .. } => Code::GridConflict,
            Facts::RerunBeforePremiere { .. } => Code::RerunBeforePremiere,
            Facts::OutsidePeriod(_) => Code::OutsidePeriod,
            Facts::PastPeriodEnd { .. } => Code::PastPeriodEnd,
            Facts::OnHoliday { .. } => Code::OnHoliday,
            Facts::ExpectMismatch { .. } => Code::ExpectMismatch,
            Facts::NoDates { .. } => Code::NoDates,
            Facts::SuspiciousRule(_) => Code::SuspiciousRule,
            Facts::DeadlineOffDay { .. } => Code::DeadlineOffDay,
            Facts::HolidayMoved { .. } => Code::HolidayMoved,
            Facts::HolidaySkipped { .. } => Code::HolidaySkipped,
        }
    }

    /// The sentence these facts make in `lang`: what is wrong and what
    /// would resolve it.
    pub fn said(&self, lang: Lang) -> Said {
        let day = |d: NaiveDate| Day(d, lang).to_string();
        match self {
            Facts::SlotConflict {
                what,
                other,
                title,
                start,
                end,
                same_day,
                outlet,
            } => {
                let when = other_slot(*start, *end, *same_day, lang);
                let (what, other) = (what.said(lang), other.said(lang));
                words::slot_conflict(lang, &what, &other, title, &when, outlet)
            }
            Facts::TooManyConflicts { most, outlet } => {
                words::too_many_conflicts(lang, *most, outlet)
            }
            Facts::GridConflict {
                what,
                programme,
                start,
                end,
                same_day,
                outlet,
                file,
            } => {
                let span = ClockSpan::new(*start, *end);
                let when = if *same_day {
                    span.to_string()
                } else {
                    format!("{} {span}", day(start.date_naive()))
                };
                words::grid_conflict(lang, &what.said(lang), programme, &when, outlet, file)
            }
            Facts::RerunBeforePremiere {
                what,
                start,
                premiere_end,
            } => {
                let at = |t: &DateTime<FixedOffset>| {
                    format!("{} {}", day(t.date_naive()), t.format("%H:%M"))
                };
                words::rerun_before_premiere(lang, &what.said(lang), &at(start), &at(premiere_end))
            }
            Facts::OutsidePeriod(o) => o.said(lang),
            Facts::PastPeriodEnd { what, until, end } => {
                words::past_period_end(lang, &what.said(lang), &day(*until), &day(*end))
            }
            Facts::OnHoliday { what, name, kept } => {
                words::on_holiday(lang, &what.said(lang), name, *kept)
            }
            Facts::ExpectMismatch {
                expect,
                got,
                period: p,
                skipped,
            } => {
                let skipped = words::skipped(lang, *skipped);
                words::expect_mismatch(lang, *expect, *got, &said_period(p, lang), &skipped)
            }
            Facts::NoDates { period: p, skipped } => {
                words::no_dates(lang, &said_period(p, lang), &words::skipped(lang, *skipped))
            }
            Facts::SuspiciousRule(r) => r.said(lang),
            Facts::DeadlineOffDay { date, before } => {
                let before = before.map(|d| Dated(d, lang).to_string());
                let weekday = Common::of(lang).weekday_long(date.weekday());
                words::deadline_off_day(lang, weekday, before.as_deref())
            }
            Facts::HolidayMoved {
                from,
                day_off,
                to,
                policy,
            } => {
                let (name, moved) = (day_off.said(*from, lang), Dated(*to, lang).to_string());
                words::holiday_moved(lang, &day(*from), &name, &moved, to > from, *policy)
            }
            Facts::HolidaySkipped {
                date,
                day_off,
                reruns,
            } => words::holiday_skipped(lang, &day(*date), &day_off.said(*date, lang), *reruns),
        }
    }
}

/// When the other slot of a conflict is: `17:45–18:00` on the same day,
/// else with its date.
fn other_slot(start: Moment, end: Moment, same_day: bool, lang: Lang) -> String {
    let day = || Day(start.date(), lang).to_string();
    match clock_span(start, end) {
        Some(t) if same_day => t,
        Some(t) => format!("{} {t}", day()),
        None => day(),
    }
}

/// `kỳ kế hoạch 01/01/2023 – 31/12/2023`.
fn said_period(p: &Period, lang: Lang) -> String {
    words::period(lang, Day(p.from, lang), Day(p.to, lang))
}

/// The months of `firsts` (the first day of each), in `lang`.
fn said_months(firsts: &[NaiveDate], lang: Lang) -> String {
    let mut numbers: Vec<u32> = firsts.iter().map(Datelike::month).collect();
    numbers.dedup();
    words::months(lang, &numbers)
}

/// A weekday as RFC 5545 writes it: `MO`, `TU` …
fn rfc_weekday(weekday: chrono::Weekday) -> String {
    weekday
        .to_string()
        .chars()
        .take(2)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// An `outside-period` finding: an occurrence, a date the plan writes, or
/// the dates a rule asks for after the period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutsidePeriod {
    /// An occurrence that starts outside the period.
    Occurrence {
        /// The occurrence.
        what: What,
        /// Its first date.
        date: NaiveDate,
        /// The plan's period.
        period: Period,
        /// How it came to be there.
        why: Outside,
    },
    /// A date the plan writes out (`start`, an `rdates` entry), which
    /// expansion leaves out.
    Written {
        /// Where it is written.
        field: Field,
        /// The date.
        date: NaiveDate,
        /// The plan's period.
        period: Period,
    },
    /// The dates a rule's `COUNT` or `UNTIL` asks for after the period.
    RuleRunsOn {
        /// The rule, as written.
        rule: String,
        /// The period's last day.
        end: NaiveDate,
        /// Whether there are more than `after` (expansion stopped walking).
        at_least: bool,
        /// How many dates the rule gives after the period.
        after: usize,
        /// The first of them.
        first: NaiveDate,
    },
}

impl OutsidePeriod {
    /// The sentence in `lang`.
    fn said(&self, lang: Lang) -> Said {
        let day = |d: NaiveDate| Day(d, lang).to_string();
        match self {
            OutsidePeriod::Occurrence {
                what,
                date,
                period,
                why,
            } => {
                let period = said_period(period, lang);
                words::outside_period(lang, &what.said(lang), &day(*date), &period, *why)
            }
            OutsidePeriod::Written {
                field,
                date,
                period,
            } => {
                let period = said_period(period, lang);
                words::written_outside(lang, field.as_str(), &day(*date), &period)
            }
            OutsidePeriod::RuleRunsOn {
                rule,
                end,
                at_least,
                after,
                first,
            } => words::rule_past_end(lang, rule, &day(*end), *at_least, *after, &day(*first)),
        }
    }
}

/// A `suspicious-rule` finding: a rule that skips months, or that calendar
/// engines read in two ways.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuspiciousRule {
    /// A fifth weekday (`BYDAY=5WE`), which most months lack.
    FifthWeekday {
        /// 5 or -5.
        nth: i16,
        /// The weekday.
        weekday: Weekday,
        /// The first day of each month of the period that lacks it.
        missing: Vec<NaiveDate>,
        /// How many months of the period the rule looks at.
        months: usize,
    },
    /// A day of the month that short months lack (`BYMONTHDAY=31`).
    MonthDaySkips {
        /// The `BYMONTHDAY` value.
        day: i32,
        /// The first day of each month of the period that lacks it.
        missing: Vec<NaiveDate>,
    },
    /// `FREQ=YEARLY;BYMONTHDAY=…` without `BYMONTH`.
    YearlyMonthDay {
        /// The `BYMONTHDAY` values.
        days: Vec<i8>,
        /// The month of the activity's `start`.
        month: u32,
    },
}

impl SuspiciousRule {
    /// The sentence in `lang`.
    fn said(&self, lang: Lang) -> Said {
        match self {
            SuspiciousRule::FifthWeekday {
                nth,
                weekday,
                missing,
                months,
            } => words::fifth_weekday(
                lang,
                *nth,
                &rfc_weekday(weekday.0),
                Common::of(lang).weekday_long(weekday.0),
                missing.len(),
                *months,
                &said_months(missing, lang),
            ),
            SuspiciousRule::MonthDaySkips { day, missing } => {
                words::month_day_skips(lang, *day, &said_months(missing, lang))
            }
            SuspiciousRule::YearlyMonthDay { days, month } => {
                let days: Vec<String> = days.iter().map(i8::to_string).collect();
                words::yearly_month_day(lang, &days.join(","), *month)
            }
        }
    }
}
