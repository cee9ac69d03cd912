//! Small formatters every output shares: digits, dates, times, grouped
//! amounts, clock spans. Words of a language do not live here
//! ([`crate::words`]), only forms.

use std::fmt;

use chrono::{Datelike, NaiveDate, Timelike};

use crate::occurrence::Moment;
use crate::words::Lang;

/// Pushes `n` in `width` decimal digits, zero-padded (its last `width`
/// digits): dates and times written by hand, as chrono's `format` parses
/// its pattern again for every value.
pub(crate) fn push_digits(out: &mut String, n: u32, width: u32) {
    for k in (0..width).rev() {
        let digit = (n / 10u32.pow(k)) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

/// `1234567` → `1.234.567`: thousands separated by dots, the Vietnamese way.
///
/// ```
/// assert_eq!(castcal::format::grouped(91_596_816), "91.596.816");
/// assert_eq!(castcal::format::grouped(999), "999");
/// ```
pub fn grouped(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount of đồng in `lang`'s habits: `91.596.816 đồng`, `91,596,816 VND`.
///
/// ```
/// use castcal::{format::money, words::Lang};
/// assert_eq!(money(91_596_816, Lang::Vi), "91.596.816 đồng");
/// assert_eq!(money(91_596_816, Lang::En), "91,596,816 VND");
/// assert_eq!(money(0, Lang::Vi), "0 đồng");
/// ```
pub fn money(amount: u128, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} đồng", grouped(amount)),
        Lang::En => format!("{} VND", grouped(amount).replace('.', ",")),
    }
}

/// `17:45–17:57`: the wall-clock times of a timed span, each in its own
/// offset; `None` for days.
pub fn clock_span(start: Moment, end: Moment) -> Option<String> {
    ClockSpan::of(start, end).map(|s| s.to_string())
}

/// A timed span as `17:45–17:57`, written where it is displayed.
///
/// ```
/// use castcal::format::ClockSpan;
/// use chrono::NaiveTime;
/// let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).ok_or("no such time");
/// assert_eq!(ClockSpan::new(t(17, 45)?, t(17, 57)?).to_string(), "17:45–17:57");
/// # Ok::<(), &str>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSpan([u32; 4]);

impl ClockSpan {
    /// From one wall-clock time to another.
    pub fn new(start: impl Timelike, end: impl Timelike) -> ClockSpan {
        ClockSpan([start.hour(), start.minute(), end.hour(), end.minute()])
    }

    /// The span of a timed occurrence; `None` for days.
    pub fn of(start: Moment, end: Moment) -> Option<ClockSpan> {
        match (start, end) {
            (Moment::At(s), Moment::At(e)) => Some(ClockSpan::new(s, e)),
            _ => None,
        }
    }
}

impl fmt::Display for ClockSpan {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let [a, b, c, d] = self.0;
        write!(f, "{a:02}:{b:02}–{c:02}:{d:02}")
    }
}

/// A date in a sentence, in `lang`'s form: `18/01/2023` in Vietnamese,
/// `2023-01-18` in English.
///
/// ```
/// use castcal::{format::Day, words::Lang};
/// let d = chrono::NaiveDate::from_ymd_opt(2023, 1, 18).ok_or("no such date")?;
/// assert_eq!(Day(d, Lang::Vi).to_string(), "18/01/2023");
/// assert_eq!(Day(d, Lang::En).to_string(), "2023-01-18");
/// # Ok::<(), &str>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate, pub Lang);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut out = String::with_capacity(10);
        push_date(&mut out, self.0, self.1);
        f.write_str(&out)
    }
}

/// A date with its weekday, in `lang`'s words: `Thứ Tư 18/01/2023`,
/// `Wed 2023-01-18`.
///
/// ```
/// use castcal::{format::Dated, words::Lang};
/// let d = chrono::NaiveDate::from_ymd_opt(2023, 1, 18).ok_or("no such date")?;
/// assert_eq!(Dated(d, Lang::Vi).to_string(), "Thứ Tư 18/01/2023");
/// assert_eq!(Dated(d, Lang::En).to_string(), "Wed 2023-01-18");
/// # Ok::<(), &str>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated(pub NaiveDate, pub Lang);

impl fmt::Display for Dated {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let weekday = crate::words::Common::of(self.1).weekday(self.0.weekday());
        write!(f, "{weekday} {}", Day(self.0, self.1))
    }
}

/// A day as people write it in both languages, `18/01/2023`, written where
/// it is displayed (years 1 to 9999: expansion refuses others).
///
/// ```
/// use castcal::format::Dmy;
/// let d = chrono::NaiveDate::from_ymd_opt(2023, 1, 18).ok_or("no such date")?;
/// assert_eq!(Dmy(d).to_string(), "18/01/2023");
/// # Ok::<(), &str>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dmy(pub NaiveDate);

impl fmt::Display for Dmy {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let d = self.0;
        write!(f, "{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
    }
}

/// A date in `lang`'s form, the one its spreadsheets read as a date:
/// `2023-01-18` in English, `18/01/2023` in Vietnamese.
pub(crate) fn push_date(out: &mut String, d: NaiveDate, lang: Lang) {
    let year = u32::try_from(d.year()).unwrap_or(0);
    match lang {
        Lang::En => {
            push_digits(out, year, 4);
            out.push('-');
            push_digits(out, d.month(), 2);
            out.push('-');
            push_digits(out, d.day(), 2);
        }
        Lang::Vi => {
            push_digits(out, d.day(), 2);
            out.push('/');
            push_digits(out, d.month(), 2);
            out.push('/');
            push_digits(out, year, 4);
        }
    }
}

/// `HH:MM`, or `HH:MM:SS` when there are seconds.
pub(crate) fn push_time(out: &mut String, t: chrono::NaiveTime) {
    push_digits(out, t.hour(), 2);
    out.push(':');
    push_digits(out, t.minute(), 2);
    if t.second() != 0 {
        out.push(':');
        push_digits(out, t.second(), 2);
    }
}
