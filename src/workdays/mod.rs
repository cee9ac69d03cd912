//! Vietnam's working days, built in: the days off and the Saturdays worked
//! in exchange, year by year.
//!
//! The Labour Code 2019 (Bộ luật Lao động số 45/2019/QH14, in force since
//! 2021) gives eleven paid days off a year (art. 112(1)): New Year's Day
//! (1/1), five days of Tết, the Hùng Kings' day (10/3 of the lunar
//! calendar), Reunification Day (30/4), Labour Day (1/5) and two days of
//! National Day (2/9 and a day beside it). A holiday on a weekly day off
//! gives a day off in lieu on the next working day (art. 111(3)). Each year
//! the government decides where Tết's five days and the second day of
//! National Day fall, and may swap a working day between a holiday and a
//! weekend for a Saturday worked instead (art. 112(3)). Since 2026 the
//! Politburo's Resolution 80-NQ/TW adds Vietnamese Culture Day (24/11).
//!
//! So a year is one of two kinds. For a year whose notices are known
//! (2023–2026), the days are those the notices set, kept as data with the
//! number of each notice ([`Source::Notice`]). For a later year they are
//! estimated by the rule the recent notices followed ([`Year::provisional`]):
//! Tết's five days are the last day of the lunar year and the first four of
//! the new one, a Saturday among them moved to the working day before the
//! break and a Sunday to the one after it; National Day's second day is
//! the one that joins 2/9 to a weekend; and a holiday on a Saturday or
//! Sunday gives the next working day off. That estimate is the one the
//! python `holidays` package makes.
//!
//! The years held are [`YEARS`]: from 2023, the first year whose notices
//! are kept (a year before it would be a past year estimated, its notices
//! not kept), to 2100, the last year
//! whose lunar months [`crate::lunar`] has been checked against a precise
//! ephemeris.
//!
//! ```
//! use castcal::workdays;
//! use chrono::NaiveDate;
//! let year = workdays::year(2024)?;
//! let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).ok_or("no such date");
//! assert!(!year.is_working_day(day(4, 29)?)); // a Monday, swapped for…
//! assert!(year.is_working_day(day(5, 4)?)); // …this Saturday
//! assert!(!year.provisional);
//! assert!(workdays::year(2031)?.provisional);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod announced;
mod rule;

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, Weekday};

/// The first and last years the calendar holds.
pub const YEARS: (i32, i32) = (2023, 2100);

/// A holiday of the Labour Code (or added to it since).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Holiday {
    /// Tết Dương lịch, 1/1.
    NewYear,
    /// Tết Nguyên đán: five days around the first day of the lunar year.
    Tet,
    /// Giỗ Tổ Hùng Vương, 10/3 of the lunar calendar.
    HungKings,
    /// Ngày Chiến thắng, 30/4.
    Reunification,
    /// Ngày Quốc tế Lao động, 1/5.
    Labour,
    /// Quốc khánh, 2/9.
    NationalDay,
    /// Ngày Văn hóa Việt Nam, 24/11, since 2026.
    CultureDay,
}

/// What a day off or a make-up working day is; [`crate::words::workdays`]
/// says it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// The holiday itself (one of Tết's five days, say).
    Holiday(Holiday),
    /// National Day's second day, beside 2/9.
    NationalDaySecond,
    /// A day off in lieu of the holiday, which fell on a weekly day off.
    InLieu(Holiday),
    /// A working day given off to join a holiday to a weekend, and worked
    /// instead on `worked`.
    Swapped {
        /// The Saturday worked in its place.
        worked: NaiveDate,
    },
    /// A weekly day off worked in exchange for `off`.
    MakeUp {
        /// The working day given off in exchange.
        off: NaiveDate,
    },
}

/// Who issued a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issuer {
    /// Văn phòng Chính phủ, which conveys the Prime Minister's decisions.
    GovernmentOffice,
    /// Bộ Lao động – Thương binh và Xã hội (until 2025).
    LabourMinistry,
    /// Bộ Nội vụ (the labour ministry's successor from March 2025).
    HomeAffairsMinistry,
}

/// A document of the government, as far as it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    /// Its number and sign as published (`5015/TB-LĐTBXH`); `None` where
    /// it was not found.
    pub number: Option<&'static str>,
    /// The day it was issued, where known.
    pub date: Option<NaiveDate>,
    /// Who issued it.
    pub issuer: Issuer,
}

/// The decision that set a year's days, and the notice that announced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    /// The Government Office's letter conveying the Prime Minister's (or
    /// a Deputy Prime Minister's) agreement.
    pub decision: Document,
    /// The ministry's notice to agencies and employers.
    pub announcement: Document,
}

/// Why a day is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The Labour Code 2019, art. 112(1): the holiday's own date.
    LabourCode,
    /// The Labour Code 2019, art. 111(3): a day off in lieu.
    InLieuRule,
    /// The Politburo's Resolution 80-NQ/TW of 7 January 2026 (24/11).
    CultureDayResolution,
    /// A notice of the government for the year.
    Notice(&'static Notice),
    /// No notice yet: placed as the 2023–2026 notices placed it.
    Estimate,
}

/// One day off or make-up working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// The day.
    pub date: NaiveDate,
    /// What it is.
    pub name: Name,
    /// Why.
    pub source: Source,
}

/// A year's days off and make-up working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// The days off, in date order: the holidays (those on a weekend too),
    /// the days in lieu and the working days swapped. A day that is two
    /// holidays is listed once for each.
    pub days_off: Vec<Day>,
    /// The weekly days off worked instead, in date order.
    pub working_days: Vec<Day>,
    /// Whether the days are estimated, the year's notices not being known.
    pub provisional: bool,
}

impl Year {
    /// Whether `date` is a working day: Monday to Friday and not a day off,
    /// or a make-up working day. A date of another year is judged by its
    /// weekday alone.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.working_days.iter().any(|d| d.date == date) {
            return true;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.days_off.iter().any(|d| d.date == date)
    }
}

/// A year the calendar does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the year {year} is outside the built-in calendar ({}–{})", YEARS.0, YEARS.1)]
pub struct OutOfRange {
    /// The year asked for.
    pub year: i32,
}

/// The days off and make-up working days of `year`.
///
/// # Errors
/// [`OutOfRange`] for a year outside [`YEARS`].
pub fn year(year: i32) -> Result<Year, OutOfRange> {
    if !(YEARS.0..=YEARS.1).contains(&year) {
        return Err(OutOfRange { year });
    }
    if let Some(known) = announced::year(year) {
        return Ok(known);
    }
    rule::estimate(year).ok_or(OutOfRange { year })
}

/// The calendars of every year of `years`, in order: what a plan whose
/// period spans them observes.
///
/// # Errors
/// [`OutOfRange`] for the first year outside [`YEARS`].
pub fn years(years: RangeInclusive<i32>) -> Result<Vec<Year>, OutOfRange> {
    years.map(year).collect()
}

/// Whether `date` is a working day in Vietnam (see [`Year::is_working_day`]).
///
/// # Errors
/// [`OutOfRange`] for a date outside [`YEARS`].
pub fn is_working_day(date: NaiveDate) -> Result<bool, OutOfRange> {
    Ok(year(date.year())?.is_working_day(date))
}

/// A date known to be valid, for the tables of this module: a wrong one
/// stops the build, as the evaluation of a constant.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("not a date"),
    }
}

#[cfg(test)]
mod tests;
