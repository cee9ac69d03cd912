//! What a fact or a placing note is, in the reader's words.

use chrono::NaiveDate;

use crate::phrase::when::Note;
use crate::phrase::{DayOf, Due, Every, Fact, MonthOf, Per, Period, Relation};
use crate::words::import as say;
use crate::words::{Common, Lang};

fn day(d: &DayOf) -> String {
    match d.year {
        Some(y) => format!("{:02}/{:02}/{y}", d.day, d.month),
        None => format!("{:02}/{:02}", d.day, d.month),
    }
}

fn month(m: &MonthOf) -> String {
    match m.year {
        Some(y) => format!("{}/{y}", m.month),
        None => m.month.to_string(),
    }
}

fn list<T>(items: &[T], f: fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

fn every(e: Every) -> usize {
    match e {
        Every::Day => 0,
        Every::Week => 1,
        Every::Month => 2,
        Every::Quarter => 3,
        Every::Year => 4,
    }
}

fn per(p: Per) -> usize {
    match p {
        Per::Week => 0,
        Per::Month => 1,
        Per::Quarter => 2,
        Per::Half(1) => 3,
        Per::Half(_) => 4,
        Per::Year => 5,
        Per::Plan => 6,
        Per::Each => 7,
    }
}

fn period(p: Period) -> usize {
    match p {
        Period::Month => 0,
        Period::Quarter => 1,
        Period::Half => 2,
        Period::Year => 3,
    }
}

/// What a fact states, for the list of what was read.
pub(crate) fn fact(lang: Lang, f: &Fact) -> String {
    let common = Common::of(lang);
    let hm = |t: &chrono::NaiveTime| t.format("%H:%M").to_string();
    match f {
        Fact::At(t) => say::at(lang, &hm(t)),
        Fact::Between(a, b) => say::between(lang, &hm(a), &hm(b)),
        Fact::Day(d) => say::weekday(lang, common.weekday_long(*d)),
        Fact::Nth(n) => say::nth(lang, *n),
        Fact::OtherWeek => say::Words::of(lang).other_week.into(),
        Fact::Every(e) => say::every(lang, every(*e)),
        Fact::MonthDays(d) => say::month_days(lang, &list(d, u32::to_string)),
        Fact::Dates(d) => say::dates(lang, &list(d, day)),
        Fact::Months(m) => say::months(lang, &list(m, month)),
        Fact::Quarters(q, y) => {
            let q = list(q, u32::to_string);
            say::quarters(lang, &y.map_or(q.clone(), |y| format!("{q}/{y}")))
        }
        Fact::QuarterMonth(m) => say::quarter_month(lang, *m),
        Fact::Half(h) => say::half(lang, *h),
        Fact::Year(y) => say::year(lang, *y),
        Fact::Ongoing => say::Words::of(lang).ongoing.into(),
        Fact::Span(a, b) => say::span(lang, &day(a), &day(b)),
        Fact::MonthSpan(a, b) => say::span(lang, &month(a), &month(b)),
        Fact::From(a) => say::from(lang, &day(a)),
        Fact::ExceptMonths(m) => say::except(lang, &say::months(lang, &list(m, u32::to_string))),
        Fact::ExceptDates(d) => say::except(lang, &list(d, day)),
        Fact::Outlet { .. } | Fact::Frequency(_) => String::new(),
        Fact::Rerun => say::Words::of(lang).rerun_marker.into(),
        Fact::DaysAfter(n) => say::days_after(lang, *n),
        Fact::Relative(r) => say::relation(
            lang,
            match r {
                Relation::SameWeek => 0,
                Relation::NextWeek => 1,
                Relation::Next => 2,
            },
        ),
        Fact::Length(s) => say::length(lang, *s),
        Fact::Count { n, per: p } => say::count(lang, *n, say::per(lang, per(*p))),
        Fact::Amount { .. } => String::new(),
        Fact::NoBudget => say::Words::of(lang).no_budget.into(),
        Fact::Reports { .. } | Fact::ReportTo(_) | Fact::Via(_) => String::new(),
        Fact::Due(d) => due(lang, d),
        Fact::Live => say::Words::of(lang).live.into(),
        Fact::Tentative => say::Words::of(lang).not_fixed.into(),
        Fact::Joiner => String::new(),
    }
}

/// When something is due.
pub(crate) fn due(lang: Lang, d: &Due) -> String {
    match d {
        Due::On(x) => say::due_on(lang, &day(x)),
        Due::QuarterDay { day, month } => say::due_quarter(lang, *day, *month),
        Due::MonthDay(x) => say::due_month(lang, *x),
        Due::LastWorkingDay => say::Words::of(lang).due_last_working.into(),
        Due::WorkingDaysAfter { days, period: p } => say::due_working(lang, *days, period(*p)),
    }
}

/// A placing note: what was assumed (or, for nothing placed, not read).
pub(crate) fn note(lang: Lang, n: &Note) -> String {
    let w = say::Words::of(lang);
    match n {
        Note::FirstWeek => w.first_week.into(),
        Note::NoLength => w.no_length.into(),
        Note::NoDay => w.no_day.into(),
        Note::Nothing => w.nothing_placed.into(),
        Note::Window(span) => say::windows(lang, span),
        Note::WeekWindow(k) => say::week_window(lang, *k),
        Note::OtherWeekDropped => w.other_week_dropped.into(),
        Note::Outside(d) => say::outside(lang, &date(*d)),
        Note::WeekendsOnly => w.weekends_only.into(),
        Note::RerunSameDay => w.rerun_same_day.into(),
        Note::RerunDisagrees => say::rerun_day(lang, false),
        Note::RerunDayUnfit => w.rerun_unfit.into(),
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
