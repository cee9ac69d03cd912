//! A year without notices: its days off placed as the 2023–2026 notices
//! placed them.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{Day, Holiday, Name, Source, Year};
use crate::lunar;

/// National Day's second day, by the weekday of 2/9: the day that joins
/// 2/9 to a weekend, or the day before when none does (2026: Tuesday 1/9
/// beside Wednesday 2/9). As 2021–2026 were announced: 2021 Thu+Fri,
/// 2022 Thu+Fri, 2023 Fri+Sat, 2024 Mon+Tue, 2025 Mon+Tue, 2026 Tue+Wed.
fn second_national_day(sep2: NaiveDate) -> Option<NaiveDate> {
    let forward = matches!(sep2.weekday(), Weekday::Mon | Weekday::Thu | Weekday::Sun);
    if forward {
        sep2.succ_opt()
    } else {
        sep2.pred_opt()
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The days off of a year being built, and the dates they take.
struct Builder {
    days: Vec<Day>,
    taken: BTreeSet<NaiveDate>,
    year: i32,
}

impl Builder {
    fn add(&mut self, date: NaiveDate, name: Name, source: Source) {
        self.taken.insert(date);
        self.days.push(Day { date, name, source });
    }

    /// The nearest working day after `date` (before it, when not
    /// `forward`) that is not already off, within the year.
    fn free_day(&self, date: NaiveDate, forward: bool) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..366 {
            d = if forward {
                d.succ_opt()?
            } else {
                d.pred_opt()?
            };
            if d.year() != self.year {
                return None;
            }
            if !is_weekend(d) && !self.taken.contains(&d) {
                return Some(d);
            }
        }
        None
    }
}

/// The estimated calendar of `year`; `None` only outside the lunar
/// calendar's years.
pub(super) fn estimate(year: i32) -> Option<Year> {
    let tet = lunar::to_solar(year, 1, 1, false)?;
    let hung_kings = lunar::to_solar(year, 3, 10, false)?;
    let date = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let sep2 = date(9, 2)?;
    let mut fixed = vec![
        (date(1, 1)?, Holiday::NewYear, Source::LabourCode),
        (hung_kings, Holiday::HungKings, Source::LabourCode),
        (date(4, 30)?, Holiday::Reunification, Source::LabourCode),
        (date(5, 1)?, Holiday::Labour, Source::LabourCode),
        (sep2, Holiday::NationalDay, Source::LabourCode),
    ];
    if year >= 2026 {
        fixed.push((
            date(11, 24)?,
            Holiday::CultureDay,
            Source::CultureDayResolution,
        ));
    }
    let mut b = Builder {
        days: Vec::new(),
        taken: BTreeSet::new(),
        year,
    };
    // Tết: the last day of the old year and the first four of the new.
    let tet_days: Vec<NaiveDate> = (0..5u64)
        .filter_map(|i| tet.pred_opt()?.checked_add_days(Days::new(i)))
        .collect();
    for &d in &tet_days {
        b.add(d, Name::Holiday(Holiday::Tet), Source::Estimate);
    }
    for &(d, holiday, source) in &fixed {
        b.add(d, Name::Holiday(holiday), source);
    }
    b.add(
        second_national_day(sep2)?,
        Name::NationalDaySecond,
        Source::Estimate,
    );
    // Tết's days on a weekend: a Saturday's before the break, a Sunday's after it.
    for &d in &tet_days {
        let moved = match d.weekday() {
            Weekday::Sat => b.free_day(d, false),
            Weekday::Sun => b.free_day(d, true),
            _ => continue,
        };
        if let Some(m) = moved {
            b.add(m, Name::InLieu(Holiday::Tet), Source::Estimate);
        }
    }
    // The other holidays on a weekend: the next working day, in date
    // order, once for a day that is two holidays.
    fixed.sort_by_key(|&(d, h, _)| (d, h));
    let mut seen = BTreeSet::new();
    for &(d, holiday, _) in &fixed {
        if !is_weekend(d) || !seen.insert(d) {
            continue;
        }
        if let Some(m) = b.free_day(d, true) {
            b.add(m, Name::InLieu(holiday), Source::InLieuRule);
        }
    }
    let mut days_off = b.days;
    days_off.sort_by_key(|d| d.date);
    Some(Year {
        year,
        days_off,
        working_days: Vec::new(),
        provisional: true,
    })
}
