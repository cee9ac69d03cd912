//! Days off, from holiday files: `[{ date, name } | { from, to, name }]`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

/// A named day off (one day of a holiday that may span several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// The days off a plan observes, by date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    days: BTreeMap<NaiveDate, String>,
}

impl Holidays {
    /// Adds a day off; a day named twice keeps both names.
    pub fn insert(&mut self, date: NaiveDate, name: &str) {
        self.days
            .entry(date)
            .and_modify(|n| {
                if n != name {
                    n.push_str(" / ");
                    n.push_str(name);
                }
            })
            .or_insert_with(|| name.to_string());
    }

    /// The holiday's name, when `date` is a day off.
    pub fn name(&self, date: NaiveDate) -> Option<&str> {
        self.days.get(&date).map(String::as_str)
    }

    /// A workday is Monday to Friday and not a day off.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.days.contains_key(&date)
    }

    /// Every day off, in date order.
    pub fn iter(&self) -> impl Iterator<Item = Holiday> + '_ {
        self.days.iter().map(|(d, n)| Holiday {
            date: *d,
            name: n.clone(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}
