//! Days off, from holiday files (`[{ date, name } | { from, to, name }]`)
//! and from Vietnam's built-in calendar (`VN`, [`crate::workdays`]), with
//! the weekly days off worked in exchange.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How far [`Holidays::workday_from`] looks: a year.
pub const MAX_WORKDAY_SEARCH: u64 = 366;

/// The longest a day's name grows when several holidays fall on it.
pub const MAX_NAME_BYTES: usize = 8_000;

/// A named day off (one day of a holiday that may span several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The day off.
    pub date: NaiveDate,
    /// What it is called (`Tết Nguyên đán`).
    pub name: String,
}

/// The days off a plan observes, by date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    days: BTreeMap<NaiveDate, String>,
    /// The length in bytes of the longest name in `days`.
    longest: usize,
    /// Saturdays and Sundays worked in exchange for a day off, by name.
    working: BTreeMap<NaiveDate, String>,
    /// The years whose built-in days are estimated, their notices not known.
    provisional: Vec<i32>,
}

impl Holidays {
    /// Adds a day off; a day named twice keeps both names (each once, up to
    /// `MAX_NAME_BYTES` in all).
    pub fn insert(&mut self, date: NaiveDate, name: &str) {
        let n = self
            .days
            .entry(date)
            .and_modify(|n| {
                let known = n.split(" / ").any(|part| part == name);
                if !known && n.len() + 3 + name.len() <= MAX_NAME_BYTES {
                    n.push_str(" / ");
                    n.push_str(name);
                }
            })
            .or_insert_with(|| name.to_string());
        self.longest = self.longest.max(n.len());
    }

    /// The length in bytes of the longest day's name (0 without days off).
    pub fn longest_name(&self) -> usize {
        self.longest
    }

    /// How many days off there are.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// The holiday's name, when `date` is a day off.
    pub fn name(&self, date: NaiveDate) -> Option<&str> {
        self.days.get(&date).map(String::as_str)
    }

    /// Adds a weekly day off worked in exchange for a day off.
    pub fn insert_working(&mut self, date: NaiveDate, name: &str) {
        self.working.insert(date, name.to_string());
    }

    /// The name of a make-up working day (a Saturday worked in exchange).
    pub fn working_name(&self, date: NaiveDate) -> Option<&str> {
        self.working.get(&date).map(String::as_str)
    }

    /// Every make-up working day, in date order.
    pub fn working_days(&self) -> impl Iterator<Item = (NaiveDate, &str)> + '_ {
        self.working.iter().map(|(d, n)| (*d, n.as_str()))
    }

    /// Notes that `year`'s built-in days are estimated.
    pub fn add_provisional(&mut self, year: i32) {
        if !self.provisional.contains(&year) {
            self.provisional.push(year);
            self.provisional.sort_unstable();
        }
    }

    /// The years whose built-in days are estimated (no notice known yet).
    pub fn provisional(&self) -> &[i32] {
        &self.provisional
    }

    /// A workday is Monday to Friday and not a day off, or a make-up
    /// working day.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        if self.days.contains_key(&date) {
            return false;
        }
        self.working.contains_key(&date) || !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The first workday after `date` (before it, when not `forward`),
    /// looking at most [`MAX_WORKDAY_SEARCH`] days away; `None` beyond, or
    /// past the dates the calendar holds.
    pub fn workday_from(&self, date: NaiveDate, forward: bool) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..MAX_WORKDAY_SEARCH {
            d = if forward {
                d.checked_add_days(Days::new(1))?
            } else {
                d.checked_sub_days(Days::new(1))?
            };
            if self.is_workday(d) {
                return Some(d);
            }
        }
        None
    }

    /// Every day off, in date order.
    pub fn iter(&self) -> impl Iterator<Item = Holiday> + '_ {
        self.days.iter().map(|(d, n)| Holiday {
            date: *d,
            name: n.clone(),
        })
    }

    /// Whether there are no days off at all.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_keeps_each_name_once_and_no_more_than_the_limit() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 2).unwrap_or_default();
        let mut h = Holidays::default();
        for name in ["Quốc khánh", "Nghỉ bù", "Quốc khánh", "Nghỉ bù"] {
            h.insert(day, name);
        }
        assert_eq!(h.name(day), Some("Quốc khánh / Nghỉ bù"));
        let long = "x".repeat(3_000);
        for i in 0..10 {
            h.insert(day, &format!("{long}{i}"));
        }
        let name = h.name(day).unwrap_or_default();
        assert!(name.len() <= MAX_NAME_BYTES, "{}", name.len());
        assert_eq!(name.matches(" / ").count(), 3);
    }

    #[test]
    fn a_make_up_saturday_is_a_workday_and_a_day_off_is_not() {
        let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap_or_default();
        let mut h = Holidays::default();
        h.insert(day(4, 29), "Nghỉ hoán đổi");
        h.insert_working(day(5, 4), "Làm bù");
        assert!(!h.is_workday(day(4, 29)));
        assert!(h.is_workday(day(5, 4)));
        assert!(!h.is_workday(day(5, 5)));
        // From Friday 26/04, the next workday skips the weekend and 29/04–01/05.
        h.insert(day(4, 30), "Ngày Chiến thắng");
        h.insert(day(5, 1), "Ngày Quốc tế Lao động");
        assert_eq!(h.workday_from(day(4, 26), true), Some(day(5, 2)));
        // From Friday 03/05, the Saturday worked comes first.
        assert_eq!(h.workday_from(day(5, 3), true), Some(day(5, 4)));
    }
}
