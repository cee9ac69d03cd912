//! The period a report covers, as the reporting rules count it.
//!
//! Nghị định 09/2019/NĐ-CP (the Government's decree on the reporting of
//! state administrative agencies), Article 12, cuts the data of periodic
//! reports off mid-month, so that a report can be written and sent by the
//! end of its period:
//!
//! - a quarter runs from the 15th of the month before it to the 14th of its
//!   last month (the first quarter of 2023: 15/12/2022 – 14/03/2023);
//! - the first half from 15 December of the year before to 14 June, the
//!   second half from 15 June to 14 December;
//! - a year from 15 December of the year before to 14 December.
//!
//! [`Period::calendar`] gives the calendar periods instead (a quarter from
//! its first day to its last), for a department whose instructions say so;
//! the report says which it used.

use std::str::FromStr;

use chrono::NaiveDate;

use crate::words::report::{period_name, PeriodWord};
use crate::words::Lang;

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// A quarter, 1 to 4.
    Quarter(u8),
    /// A half year, 1 or 2.
    Half(u8),
    /// A year.
    Year,
}

impl Span {
    /// The span a periodic report reports on, as its title names it
    /// (`Báo cáo quý …`, `Báo cáo 6 tháng …`, `quarterly`, `half-year`):
    /// Nghị định 09/2019/NĐ-CP's periodic reports are quarterly, half-yearly
    /// and yearly. `None` when the title names none (the first quarter, half
    /// or year is given: the span's kind is what counts).
    ///
    /// ```
    /// use castcal::report::Span;
    /// assert_eq!(Span::of_title("Báo cáo quý tình hình thực hiện"), Some(Span::Quarter(1)));
    /// assert_eq!(Span::of_title("Báo cáo 6 tháng đầu năm"), Some(Span::Half(1)));
    /// assert_eq!(Span::of_title("Báo cáo năm 2023"), None);
    /// ```
    pub fn of_title(title: &str) -> Option<Span> {
        let lower = title.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        if has(&["quý", "quarter"]) {
            Some(Span::Quarter(1))
        } else if has(&[
            "6 tháng",
            "sáu tháng",
            "06 tháng",
            "half-year",
            "half year",
            "semi",
        ]) {
            Some(Span::Half(1))
        } else {
            None
        }
    }
}

/// A period of a report: a quarter, a half or a year, counted as the decree
/// counts it or by the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The year it is of.
    pub year: i32,
    /// Which part of the year.
    pub span: Span,
    /// Whether its dates are the calendar's (else Article 12's).
    pub calendar: bool,
}

impl Period {
    /// The same period by the calendar.
    pub fn calendar(self) -> Period {
        Period {
            calendar: true,
            ..self
        }
    }

    /// Its first and last days, both counted.
    ///
    /// ```
    /// use castcal::report::Period;
    /// let q1: Period = "2023-Q1".parse()?;
    /// assert_eq!(q1.dates().map(|(a, b)| (a.to_string(), b.to_string())),
    ///            Some(("2022-12-15".into(), "2023-03-14".into())));
    /// assert_eq!(q1.calendar().dates().map(|(a, b)| (a.to_string(), b.to_string())),
    ///            Some(("2023-01-01".into(), "2023-03-31".into())));
    /// # Ok::<(), String>(())
    /// ```
    pub fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        let y = self.year;
        let (first_month, last_month) = match self.span {
            Span::Quarter(q) => {
                let last = u32::from(q) * 3;
                (last - 2, last)
            }
            Span::Half(h) => {
                let last = u32::from(h) * 6;
                (last - 5, last)
            }
            Span::Year => (1, 12),
        };
        if self.calendar {
            let from = NaiveDate::from_ymd_opt(y, first_month, 1)?;
            let next = if last_month == 12 {
                NaiveDate::from_ymd_opt(y.checked_add(1)?, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, last_month + 1, 1)?
            };
            Some((from, next.pred_opt()?))
        } else {
            // From the 15th of the month before the first to the 14th of the last.
            let from = if first_month == 1 {
                NaiveDate::from_ymd_opt(y.checked_sub(1)?, 12, 15)?
            } else {
                NaiveDate::from_ymd_opt(y, first_month - 1, 15)?
            };
            Some((from, NaiveDate::from_ymd_opt(y, last_month, 14)?))
        }
    }

    /// Its name in `lang`: `quý I năm 2023`, `the first quarter of 2023`.
    pub fn name(&self, lang: Lang) -> String {
        let word = match self.span {
            Span::Quarter(q) => PeriodWord::Quarter(q),
            Span::Half(h) => PeriodWord::Half(h),
            Span::Year => PeriodWord::Year,
        };
        period_name(lang, word, self.year)
    }

    /// The last period of the kind of `span` (a quarter, a half, a year:
    /// the number in it is not used) that ends on or before `deadline`:
    /// the period a report due that day is of (due 31/03/2023, a quarterly
    /// report is of the first quarter of 2023, whose data end on 14/03).
    ///
    /// ```
    /// use castcal::report::{Period, Span};
    /// let due = chrono::NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?;
    /// let q = Period::reported_by(due, Span::Quarter(1), false).ok_or("none")?;
    /// assert_eq!(q.key(), "2023-Q1");
    /// let year = Period::reported_by(due, Span::Year, false).ok_or("none")?;
    /// assert_eq!(year.key(), "2022");
    /// # Ok::<(), &str>(())
    /// ```
    pub fn reported_by(deadline: NaiveDate, span: Span, calendar: bool) -> Option<Period> {
        use chrono::Datelike;
        let parts: &[Span] = match span {
            Span::Quarter(_) => &[
                Span::Quarter(4),
                Span::Quarter(3),
                Span::Quarter(2),
                Span::Quarter(1),
            ],
            Span::Half(_) => &[Span::Half(2), Span::Half(1)],
            Span::Year => &[Span::Year],
        };
        let year = deadline.year();
        [year, year.checked_sub(1)?].into_iter().find_map(|year| {
            parts.iter().find_map(|&span| {
                let p = Period {
                    year,
                    span,
                    calendar,
                };
                p.dates().filter(|(_, to)| *to <= deadline).map(|_| p)
            })
        })
    }

    /// A quarter, `YYYY-Qn`: what `--quarter` takes.
    ///
    /// # Errors
    /// Anything else, with what was expected.
    pub fn quarter(s: &str) -> Result<Period, String> {
        match s.parse::<Period>() {
            Ok(p) if matches!(p.span, Span::Quarter(_)) => Ok(p),
            _ => Err(crate::say!(
                "`{s}` không phải một quý; viết YYYY-Q1 đến YYYY-Q4, ví dụ 2023-Q2",
                "`{s}` is not a quarter; expected YYYY-Q1 to YYYY-Q4"
            )
            .to_string()),
        }
    }

    /// A half year, `YYYY-Hn`: what `--half` takes.
    ///
    /// # Errors
    /// Anything else, with what was expected.
    pub fn half(s: &str) -> Result<Period, String> {
        match s.parse::<Period>() {
            Ok(p) if matches!(p.span, Span::Half(_)) => Ok(p),
            _ => Err(crate::say!(
                "`{s}` không phải nửa năm; viết YYYY-H1 hoặc YYYY-H2, ví dụ 2023-H1",
                "`{s}` is not a half year; expected YYYY-H1 or YYYY-H2"
            )
            .to_string()),
        }
    }

    /// A year, `YYYY`: what `--year` takes.
    ///
    /// # Errors
    /// Anything else, with what was expected.
    pub fn year(s: &str) -> Result<Period, String> {
        match s.parse::<Period>() {
            Ok(p) if p.span == Span::Year => Ok(p),
            _ => Err(crate::say!(
                "`{s}` không phải một năm; viết YYYY, ví dụ 2023",
                "`{s}` is not a year; expected YYYY"
            )
            .to_string()),
        }
    }

    /// `2023-Q1`, `2023-H2`, `2023`: as the command line writes it.
    pub fn key(&self) -> String {
        match self.span {
            Span::Quarter(q) => format!("{}-Q{q}", self.year),
            Span::Half(h) => format!("{}-H{h}", self.year),
            Span::Year => self.year.to_string(),
        }
    }
}

impl FromStr for Period {
    type Err = String;

    /// `YYYY-Qn` (n 1 to 4), `YYYY-Hn` (n 1 or 2) or `YYYY`, as the decree
    /// counts them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            crate::say!(
                "`{s}` không phải một kỳ; viết YYYY-Q1 đến YYYY-Q4, YYYY-H1, YYYY-H2 hoặc YYYY",
                "`{s}` is not a period; expected YYYY-Q1 to YYYY-Q4, YYYY-H1, YYYY-H2 or YYYY"
            )
            .to_string()
        };
        let text = s.trim().to_ascii_uppercase();
        let (year, part) = match text.split_once('-') {
            Some((y, p)) => (y, Some(p)),
            None => (text.as_str(), None),
        };
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number = |p: &str, most: u8| {
            p.parse::<u8>()
                .ok()
                .filter(|n| (1..=most).contains(n))
                .ok_or_else(bad)
        };
        let span = match part {
            None => Span::Year,
            Some(p) => match (p.get(..1), p.get(1..)) {
                (Some("Q"), Some(n)) => Span::Quarter(number(n, 4)?),
                (Some("H"), Some(n)) => Span::Half(number(n, 2)?),
                _ => return Err(bad()),
            },
        };
        let period = Period {
            year,
            span,
            calendar: false,
        };
        period.dates().map(|_| period).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(key: &str, calendar: bool) -> (String, String) {
        let p: Period = match key.parse() {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        let p = if calendar { p.calendar() } else { p };
        let (a, b) = p.dates().unwrap_or_default();
        (
            a.format("%d/%m/%Y").to_string(),
            b.format("%d/%m/%Y").to_string(),
        )
    }

    /// Article 12 of Nghị định 09/2019/NĐ-CP, clause by clause, and the calendar.
    #[test]
    fn periods_as_the_decree_and_the_calendar_count_them() {
        let cases = [
            (
                "2023-Q1",
                "15/12/2022",
                "14/03/2023",
                "01/01/2023",
                "31/03/2023",
            ),
            (
                "2023-Q2",
                "15/03/2023",
                "14/06/2023",
                "01/04/2023",
                "30/06/2023",
            ),
            (
                "2023-Q3",
                "15/06/2023",
                "14/09/2023",
                "01/07/2023",
                "30/09/2023",
            ),
            (
                "2023-Q4",
                "15/09/2023",
                "14/12/2023",
                "01/10/2023",
                "31/12/2023",
            ),
            (
                "2023-H1",
                "15/12/2022",
                "14/06/2023",
                "01/01/2023",
                "30/06/2023",
            ),
            (
                "2023-H2",
                "15/06/2023",
                "14/12/2023",
                "01/07/2023",
                "31/12/2023",
            ),
            (
                "2023",
                "15/12/2022",
                "14/12/2023",
                "01/01/2023",
                "31/12/2023",
            ),
            (
                "2024-q1",
                "15/12/2023",
                "14/03/2024",
                "01/01/2024",
                "31/03/2024",
            ),
        ];
        for (key, from, to, cal_from, cal_to) in cases {
            assert_eq!(
                dates(key, false),
                (from.to_string(), to.to_string()),
                "{key}"
            );
            assert_eq!(
                dates(key, true),
                (cal_from.to_string(), cal_to.to_string()),
                "{key}"
            );
        }
        for bad in [
            "2023-Q5", "2023-Q0", "2023-H3", "23-Q1", "2023Q1", "2023-", "Q1", "2023-X1", "",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    /// The real plan's report deadlines, each with the period it reports on.
    #[test]
    fn a_deadline_reports_on_the_last_period_ended_by_it() {
        let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap_or_default();
        let cases = [
            (day(3, 31), Span::Quarter(1), false, "2023-Q1"),
            (day(6, 30), Span::Quarter(1), false, "2023-Q2"),
            (day(9, 30), Span::Quarter(1), false, "2023-Q3"),
            (day(12, 31), Span::Quarter(1), false, "2023-Q4"),
            (day(12, 14), Span::Quarter(1), false, "2023-Q4"),
            (day(12, 13), Span::Quarter(1), false, "2023-Q3"),
            (day(3, 10), Span::Quarter(1), false, "2022-Q4"),
            (day(6, 30), Span::Half(1), false, "2023-H1"),
            (day(12, 31), Span::Year, false, "2023"),
            (day(3, 31), Span::Quarter(1), true, "2023-Q1"),
            (day(3, 30), Span::Quarter(1), true, "2022-Q4"),
            (day(6, 30), Span::Half(2), true, "2023-H1"),
        ];
        for (due, span, calendar, want) in cases {
            let got = Period::reported_by(due, span, calendar).map(|p| p.key());
            assert_eq!(got.as_deref(), Some(want), "{due} {span:?} {calendar}");
        }
    }

    #[test]
    fn periods_are_named_in_both_languages() {
        let name = |key: &str, lang| key.parse::<Period>().map(|p| p.name(lang));
        assert_eq!(
            name("2023-Q3", Lang::Vi),
            Ok("quý III năm 2023".to_string())
        );
        assert_eq!(
            name("2023-H1", Lang::Vi),
            Ok("6 tháng đầu năm 2023".to_string())
        );
        assert_eq!(
            name("2023-H2", Lang::En),
            Ok("the second half of 2023".to_string())
        );
        assert_eq!(name("2023", Lang::Vi), Ok("năm 2023".to_string()));
        assert_eq!(
            name("2023-Q4", Lang::En),
            Ok("the fourth quarter of 2023".to_string())
        );
    }
}
