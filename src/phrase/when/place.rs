//! Placing a [`When`] in a plan's period.

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::{
    Bounds, DayOf, Due, Every, Note, Per, Period, PlacedRerun, Placement, Relation, Start, When,
    WindowOf, Working,
};

/// The most days looked at to find a rule's days (a plan is a year or so).
const MAX_DAYS: usize = 4_000;

/// The days a rule gives, and how it is written.
#[derive(Debug, Clone)]
enum Shape {
    /// The n-th weekdays of the months (`MONTHLY;BYDAY=3WE`).
    Nth(Vec<(i8, Weekday)>),
    /// Those weekdays every week, or every other week.
    Weekly(Vec<Weekday>, u32),
    /// Days of the month.
    MonthDays(Vec<u32>),
    /// Every day.
    Daily,
}

fn byday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn join<T: ToString>(items: &[T]) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

fn last_day(date: NaiveDate) -> u32 {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

impl Shape {
    fn gives(&self, date: NaiveDate, months: &[u32], start: Option<NaiveDate>) -> bool {
        if !months.is_empty() && !months.contains(&date.month()) {
            return false;
        }
        let day = date.day();
        match self {
            Shape::Nth(list) => list.iter().any(|(n, d)| {
                date.weekday() == *d
                    && if *n > 0 {
                        (day - 1) / 7 + 1 == u32::from(n.unsigned_abs())
                    } else {
                        (last_day(date) - day) / 7 + 1 == u32::from(n.unsigned_abs())
                    }
            }),
            Shape::Weekly(days, interval) => {
                let weeks_apart = start.map_or(0, |s| {
                    let monday = |d: NaiveDate| {
                        d.num_days_from_ce()
                            - i32::try_from(d.weekday().num_days_from_monday()).unwrap_or(0)
                    };
                    (monday(date) - monday(s)).div_euclid(7)
                });
                days.contains(&date.weekday())
                    && weeks_apart.rem_euclid(i32::try_from(*interval).unwrap_or(1)) == 0
            }
            Shape::MonthDays(days) => days.contains(&day),
            Shape::Daily => true,
        }
    }

    fn rrule(&self, months: &[u32], until: Option<String>) -> String {
        let by_month = if months.is_empty() {
            String::new()
        } else {
            format!(";BYMONTH={}", join(months))
        };
        let until = until.map(|u| format!(";UNTIL={u}")).unwrap_or_default();
        match self {
            Shape::Nth(list) => {
                let days: Vec<String> = list
                    .iter()
                    .map(|(n, d)| format!("{n}{}", byday(*d)))
                    .collect();
                format!("FREQ=MONTHLY{by_month};BYDAY={}{until}", days.join(","))
            }
            Shape::Weekly(days, interval) => {
                let list: Vec<&str> = days.iter().map(|d| byday(*d)).collect();
                if months.is_empty() {
                    let every = if *interval > 1 {
                        format!(";INTERVAL={interval}")
                    } else {
                        String::new()
                    };
                    format!("FREQ=WEEKLY{every};BYDAY={}{until}", list.join(","))
                } else {
                    format!("FREQ=DAILY{by_month};BYDAY={}{until}", list.join(","))
                }
            }
            Shape::MonthDays(days) => {
                format!("FREQ=MONTHLY{by_month};BYMONTHDAY={}{until}", join(days))
            }
            Shape::Daily => format!("FREQ=DAILY{by_month}{until}"),
        }
    }
}

/// A day of the plan's year (or its own).
fn date_of(d: DayOf, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year.unwrap_or(year), d.month, d.day)
}

fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    month_start(year, month)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

/// The months the text keeps (1 to 12), and whether they make one stretch.
pub(super) fn months_of(when: &When, year: i32) -> Vec<u32> {
    let mut months: Vec<u32> = when
        .months
        .iter()
        .filter(|m| m.year.is_none_or(|y| y == year))
        .map(|m| m.month)
        .collect();
    for q in &when.quarters {
        let first = q.saturating_mul(3).saturating_sub(2);
        match when.quarter_month {
            Some(k) => months.push(first + k.saturating_sub(1)),
            None => months.extend(first..first + 3),
        }
    }
    for h in &when.halves {
        months.extend(if *h == 1 { 1..=6 } else { 7..=12 });
    }
    if let Some((a, b)) = when.month_span {
        months.extend(a.month..=b.month);
    }
    months.sort_unstable();
    months.dedup();
    months.retain(|m| (1..=12).contains(m));
    if months.len() == 12 {
        months.clear();
    }
    months
}

fn stretch(months: &[u32]) -> bool {
    months
        .windows(2)
        .all(|w| matches!(w, [a, b] if a + 1 == *b))
}

/// The first and last day the rule may give.
fn limits(when: &When, months: &[u32], bounds: Bounds) -> (NaiveDate, NaiveDate) {
    let year = bounds.from.year();
    let mut lo = bounds.from;
    let mut hi = bounds.to;
    if let Some((a, b)) = when.span {
        let end = date_of(b, year);
        let start = date_of(
            DayOf {
                year: a.year.or(b.year),
                ..a
            },
            year,
        );
        lo = start.unwrap_or(lo).max(lo);
        hi = end.unwrap_or(hi).min(hi);
    } else if let Some(a) = when.from {
        lo = date_of(a, year).unwrap_or(lo).max(lo);
    }
    if stretch(months) {
        if let (Some(first), Some(last)) = (months.first(), months.last()) {
            lo = month_start(year, *first).unwrap_or(lo).max(lo);
            hi = month_end(year, *last).unwrap_or(hi).min(hi);
        }
    }
    (lo, hi)
}

/// The length of a timed item, or of an all-day one.
fn length(when: &When, timed: bool, notes: &mut Vec<Note>) -> String {
    if !timed {
        return "P1D".into();
    }
    if let (Some(a), Some(b)) = (when.at, when.until) {
        let mut minutes = (b - a).num_minutes();
        if minutes <= 0 {
            minutes += 24 * 60;
        }
        return format!("PT{minutes}M");
    }
    match when.length {
        Some(s) if s % 60 == 0 => format!("PT{}M", s / 60),
        Some(s) => format!("PT{s}S"),
        None => {
            notes.push(Note::NoLength);
            "PT30M".into()
        }
    }
}

/// Places the premieres and reruns a text says.
pub fn place(when: &When, bounds: Bounds) -> Placement {
    let mut notes = Vec::new();
    let year = bounds.from.year();
    let months = months_of(when, year);
    let mut placement = if !when.dates.is_empty() {
        dated(when, bounds, &mut notes)
    } else if let Some(shape) = shape(when, &months, &mut notes) {
        ruled(when, &shape, &months, bounds, &mut notes)
    } else if when.at.is_some() && !when.has_day() {
        notes.push(Note::NoDay);
        unplaced()
    } else {
        window(when, &months, bounds, &mut notes)
    };
    if placement.start.is_some() && placement.window.is_none() {
        placement.reruns = reruns(when, &placement, &mut notes);
    }
    placement.notes.extend(notes);
    placement
}

fn unplaced() -> Placement {
    Placement {
        start: None,
        rrule: None,
        rdates: Vec::new(),
        exdates: Vec::new(),
        duration: "P1D".into(),
        window: None,
        reruns: Vec::new(),
        notes: Vec::new(),
    }
}

/// The rule of weekdays, month days or every day, when the text gives one.
fn shape(when: &When, months: &[u32], notes: &mut Vec<Note>) -> Option<Shape> {
    if !when.days.is_empty() {
        let mut nth = when.nth.clone();
        let monthly = matches!(when.every, Some(Every::Month | Every::Quarter))
            || when.quarter_month.is_some();
        if nth.is_empty() && monthly {
            nth.push(1);
            notes.push(Note::FirstWeek);
        }
        if nth.is_empty() {
            let mut interval = if when.other_week { 2 } else { 1 };
            if interval > 1 && !months.is_empty() && !stretch(months) {
                notes.push(Note::OtherWeekDropped);
                interval = 1;
            }
            return Some(Shape::Weekly(when.days.clone(), interval));
        }
        let list = nth
            .iter()
            .flat_map(|n| when.days.iter().map(move |d| (*n, *d)))
            .collect();
        return Some(Shape::Nth(list));
    }
    if !when.month_days.is_empty() {
        return Some(Shape::MonthDays(when.month_days.clone()));
    }
    (when.every == Some(Every::Day) && when.at.is_some()).then_some(Shape::Daily)
}

/// A rule placed: its first day in the limits, its exceptions.
fn ruled(
    when: &When,
    shape: &Shape,
    months: &[u32],
    bounds: Bounds,
    notes: &mut Vec<Note>,
) -> Placement {
    let year = bounds.from.year();
    let (lo, hi) = limits(when, months, bounds);
    let quarter_months =
        when.every == Some(Every::Quarter) && months.is_empty() && !matches!(shape, Shape::Daily);
    let months: Vec<u32> = if quarter_months {
        vec![1, 4, 7, 10]
    } else {
        months.to_vec()
    };
    let rule_months: Vec<u32> =
        if stretch(&months) && matches!(shape, Shape::Weekly(..) | Shape::Daily) {
            Vec::new()
        } else {
            months.clone()
        };
    let days = || lo.iter_days().take(MAX_DAYS).take_while(|d| *d <= hi);
    let first = days().find(|d| shape.gives(*d, &months, None));
    let Some(first) = first else {
        notes.push(Note::Nothing);
        return unplaced();
    };
    let timed = when.at.is_some();
    let until = (hi < bounds.to).then(|| {
        if timed {
            format!("{}T235959", hi.format("%Y%m%d"))
        } else {
            hi.format("%Y%m%d").to_string()
        }
    });
    let except: Vec<NaiveDate> = when
        .except_dates
        .iter()
        .filter_map(|d| date_of(*d, year))
        .collect();
    let exdates = if when.except_months.is_empty() && except.is_empty() {
        Vec::new()
    } else {
        days()
            .filter(|d| *d >= first && shape.gives(*d, &months, Some(first)))
            .filter(|d| when.except_months.contains(&d.month()) || except.contains(d))
            .collect()
    };
    Placement {
        start: Some(Start {
            date: first,
            time: when.at,
        }),
        rrule: Some(shape.rrule(&rule_months, until)),
        rdates: Vec::new(),
        exdates,
        duration: length(when, timed, notes),
        window: None,
        reruns: Vec::new(),
        notes: Vec::new(),
    }
}

/// Days named one by one.
fn dated(when: &When, bounds: Bounds, notes: &mut Vec<Note>) -> Placement {
    let year = bounds.from.year();
    let mut days: Vec<NaiveDate> = Vec::new();
    for d in &when.dates {
        let Some(date) = date_of(*d, year) else {
            continue;
        };
        if date < bounds.from || date > bounds.to {
            notes.push(Note::Outside(date));
        } else if !days.contains(&date) {
            days.push(date);
        }
    }
    days.sort_unstable();
    let Some((first, rest)) = days.split_first() else {
        notes.push(Note::Nothing);
        return unplaced();
    };
    let timed = when.at.is_some();
    Placement {
        start: Some(Start {
            date: *first,
            time: when.at,
        }),
        rrule: None,
        rdates: rest.to_vec(),
        exdates: Vec::new(),
        duration: length(when, timed, notes),
        window: None,
        reruns: Vec::new(),
        notes: Vec::new(),
    }
}

/// No day fixed: a window of the span, the months, the quarters, the
/// halves, each period of the cadence (said, or given by a count of one a
/// period), or the year.
fn window(when: &When, months: &[u32], bounds: Bounds, notes: &mut Vec<Note>) -> Placement {
    let year = bounds.from.year();
    let mut p = unplaced();
    if let Some(span) = day_span(when, year) {
        p.start = Some(Start {
            date: span.0,
            time: None,
        });
        p.duration = format!("P{}D", (span.1 - span.0).num_days() + 1);
        p.window = Some(WindowOf::Span);
        return p;
    }
    if !when.nth.is_empty() {
        return week_windows(when, months, bounds, notes);
    }
    if let Some(w) = window_periods(when, months, year) {
        if w.of != WindowOf::Span {
            notes.push(Note::Window(w.length.clone()));
        }
        p.start = w.starts.first().map(|date| Start {
            date: *date,
            time: None,
        });
        p.rdates = w.starts.iter().skip(1).copied().collect();
        p.duration = w.length;
        p.window = Some(w.of);
        return p;
    }
    if let Some((rule, span)) = when
        .every
        .and_then(cadence)
        .or_else(|| counted(&when.counts))
    {
        notes.push(Note::Window(span.into()));
        p.start = Some(Start {
            date: bounds.from,
            time: None,
        });
        p.rrule = Some(rule.into());
        p.duration = span.into();
        p.window = Some(WindowOf::Period);
        return p;
    }
    let whole_year = when.ongoing
        || when.tentative
        || when.year.is_some()
        || when.every == Some(Every::Year)
        || !when.counts.is_empty();
    if whole_year {
        notes.push(Note::Window("P1Y".into()));
        p.start = Some(Start {
            date: bounds.from,
            time: None,
        });
        p.duration = whole(bounds);
        p.window = Some(WindowOf::Period);
        return p;
    }
    notes.push(Note::Nothing);
    p
}

/// The span of days the text gives, first and last, when it is one.
fn day_span(when: &When, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let (a, b) = when.span?;
    let start = date_of(
        DayOf {
            year: a.year.or(b.year),
            ..a
        },
        year,
    )?;
    let end = date_of(b, year)?;
    (end >= start).then_some((start, end))
}

/// A week of the month with no weekday: a window of its 7 days.
fn week_windows(when: &When, months: &[u32], bounds: Bounds, notes: &mut Vec<Note>) -> Placement {
    let mut p = unplaced();
    let days: Vec<i32> = when
        .nth
        .iter()
        .map(|n| {
            if *n < 0 {
                -7
            } else {
                (i32::from(*n) - 1) * 7 + 1
            }
        })
        .collect();
    for n in &when.nth {
        notes.push(Note::WeekWindow(*n));
    }
    let first = bounds
        .from
        .iter_days()
        .take(MAX_DAYS)
        .take_while(|d| *d <= bounds.to)
        .find(|d| {
            let day = i32::try_from(d.day()).unwrap_or(0);
            let last = i32::try_from(last_day(*d)).unwrap_or(31);
            days.iter().any(|x| {
                if *x > 0 {
                    *x == day
                } else {
                    last + 1 + x == day
                }
            }) && (months.is_empty() || months.contains(&d.month()))
        });
    p.start = first.map(|date| Start { date, time: None });
    let by_month = if months.is_empty() {
        String::new()
    } else {
        format!(";BYMONTH={}", join(months))
    };
    p.rrule = Some(format!("FREQ=MONTHLY{by_month};BYMONTHDAY={}", join(&days)));
    p.duration = "P7D".into();
    p.window = Some(WindowOf::Period);
    p
}

/// Windows of months, quarters or halves.
struct Windows {
    starts: Vec<NaiveDate>,
    /// Each one's length (`P1M`).
    length: String,
    of: WindowOf,
}

/// The windows of the span of months, the quarters, the halves or the
/// months the text names.
fn window_periods(when: &When, months: &[u32], year: i32) -> Option<Windows> {
    if let Some((a, b)) = when.month_span {
        let start = month_start(a.year.or(b.year).unwrap_or(year), a.month)?;
        let n = b.month.checked_sub(a.month)? + 1;
        return Some(Windows {
            starts: vec![start],
            length: format!("P{n}M"),
            of: WindowOf::Span,
        });
    }
    if !when.quarters.is_empty() && when.quarter_month.is_none() && when.halves.is_empty() {
        let y = when.quarter_year.unwrap_or(year);
        let starts = when
            .quarters
            .iter()
            .filter_map(|q| month_start(y, q * 3 - 2))
            .collect();
        return Some(Windows {
            starts: sorted(starts),
            length: "P3M".into(),
            of: WindowOf::Period,
        });
    }
    if !when.halves.is_empty() && when.quarters.is_empty() {
        let starts = when
            .halves
            .iter()
            .filter_map(|h| month_start(year, if *h == 1 { 1 } else { 7 }))
            .collect();
        return Some(Windows {
            starts: sorted(starts),
            length: "P6M".into(),
            of: WindowOf::Period,
        });
    }
    if !months.is_empty() || !when.months.is_empty() {
        let starts = when
            .months
            .iter()
            .filter_map(|m| month_start(m.year.unwrap_or(year), m.month))
            .chain(months.iter().filter_map(|m| month_start(year, *m)))
            .collect();
        return Some(Windows {
            starts: sorted(starts),
            length: "P1M".into(),
            of: WindowOf::Months,
        });
    }
    None
}

fn sorted(mut list: Vec<NaiveDate>) -> Vec<NaiveDate> {
    list.sort_unstable();
    list.dedup();
    list
}

const EACH_DAY: (&str, &str) = ("FREQ=DAILY", "P1D");
const EACH_WEEK: (&str, &str) = ("FREQ=WEEKLY", "P7D");
const EACH_MONTH: (&str, &str) = ("FREQ=MONTHLY", "P1M");
const EACH_QUARTER: (&str, &str) = ("FREQ=MONTHLY;INTERVAL=3", "P3M");
const EACH_HALF: (&str, &str) = ("FREQ=MONTHLY;INTERVAL=6", "P6M");

/// The rule and length of a window of each period of a cadence.
fn cadence(every: Every) -> Option<(&'static str, &'static str)> {
    match every {
        Every::Day => Some(EACH_DAY),
        Every::Week => Some(EACH_WEEK),
        Every::Month => Some(EACH_MONTH),
        Every::Quarter => Some(EACH_QUARTER),
        Every::Year => None,
    }
}

/// The cadence a declared count gives: one a week, month or quarter, one
/// in each half, or 52, 12, 4 or 2 a year, each in a window of its period.
fn counted(counts: &[(u32, Per)]) -> Option<(&'static str, &'static str)> {
    let halves = counts
        .iter()
        .filter(|(n, per)| *n == 1 && matches!(per, Per::Half(_)))
        .count();
    if halves >= 2 {
        return Some(EACH_HALF);
    }
    counts.iter().find_map(|(n, per)| match (per, n) {
        (Per::Week, 1) | (Per::Year, 52) => Some(EACH_WEEK),
        (Per::Month, 1) | (Per::Year, 12) => Some(EACH_MONTH),
        (Per::Quarter, 1) | (Per::Year, 4) => Some(EACH_QUARTER),
        (Per::Year, 2) => Some(EACH_HALF),
        _ => None,
    })
}

/// The whole period as one span: `P1Y` for a calendar year, else its days.
pub fn whole(bounds: Bounds) -> String {
    let calendar_year = bounds.from.month() == 1
        && bounds.from.day() == 1
        && bounds.to.month() == 12
        && bounds.to.day() == 31
        && bounds.from.year() == bounds.to.year();
    if calendar_year {
        "P1Y".into()
    } else {
        format!("P{}D", (bounds.to - bounds.from).num_days() + 1)
    }
}

/// The reruns, their days counted from the premiere's.
fn reruns(when: &When, placement: &Placement, notes: &mut Vec<Note>) -> Vec<PlacedRerun> {
    let premiere_days: Vec<Weekday> = if when.days.is_empty() {
        placement.start.iter().map(|s| s.date.weekday()).collect()
    } else {
        when.days.clone()
    };
    let year = placement.start.map_or(2000, |s| s.date.year());
    let mut out = Vec::new();
    for r in &when.reruns {
        let by_day = r.day.map(|(day, rel)| {
            let mut gaps: Vec<u32> = premiere_days.iter().map(|p| gap(*p, day, rel)).collect();
            gaps.dedup();
            gaps
        });
        let by_date = r.date.and_then(|d| {
            let single = placement.rrule.is_none() && placement.rdates.is_empty();
            let start = placement.start?.date;
            let date = date_of(d, year)?;
            u32::try_from((date - start).num_days())
                .ok()
                .filter(|_| single)
        });
        let days_after = match (r.days_after, by_date, by_day.as_deref()) {
            (Some(n), _, Some([g])) => {
                if n % 7 != *g % 7 {
                    notes.push(Note::RerunDisagrees);
                }
                n
            }
            (Some(n), _, _) => n,
            (None, Some(n), _) => n,
            (None, None, Some([g])) => *g,
            (None, None, Some(_)) => {
                notes.push(Note::RerunDayUnfit);
                continue;
            }
            (None, None, None) => {
                notes.push(Note::RerunSameDay);
                0
            }
        };
        out.push(PlacedRerun {
            days_after,
            at: r.at,
            outlet: r.outlet.clone(),
        });
    }
    out
}

/// Days from a premiere's weekday to its rerun's.
fn gap(premiere: Weekday, rerun: Weekday, relation: Relation) -> u32 {
    let p = premiere.num_days_from_monday();
    let r = rerun.num_days_from_monday();
    match relation {
        Relation::SameWeek if r >= p => r - p,
        Relation::SameWeek | Relation::Next => {
            let g = (r + 7 - p) % 7;
            if g == 0 {
                7
            } else {
                g
            }
        }
        Relation::NextWeek => 7 - p + r,
    }
}

/// Places a deadline; `working` says which days count as working days.
pub fn place_due(due: &Due, bounds: Bounds, working: &dyn Working) -> Placement {
    let year = bounds.from.year();
    let mut p = unplaced();
    match due {
        Due::On(d) => match date_of(*d, year) {
            Some(date) if date >= bounds.from && date <= bounds.to => {
                p.start = Some(Start { date, time: None });
            }
            Some(date) => p.notes.push(Note::Outside(date)),
            None => p.notes.push(Note::Nothing),
        },
        Due::QuarterDay { day, month } => {
            let m = (*month).clamp(1, 3);
            p.start = NaiveDate::from_ymd_opt(year, m, *day).map(|date| Start { date, time: None });
            p.rrule = Some(format!("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY={day}"));
        }
        Due::MonthDay(day) => {
            p.start = NaiveDate::from_ymd_opt(year, 1, *day).map(|date| Start { date, time: None });
            p.rrule = Some(format!("FREQ=MONTHLY;BYMONTHDAY={day}"));
        }
        Due::LastWorkingDay => {
            let dates: Vec<NaiveDate> = (1..=12)
                .filter_map(|m| {
                    month_end(year, m)?
                        .iter_days()
                        .rev()
                        .take(31)
                        .find(|d| working.is_working(*d))
                })
                .filter(|d| *d >= bounds.from && *d <= bounds.to)
                .collect();
            p.start = dates.first().map(|date| Start {
                date: *date,
                time: None,
            });
            p.rdates = dates.iter().skip(1).copied().collect();
        }
        Due::WorkingDaysAfter { days, period } => {
            let ends: Vec<u32> = match period {
                Period::Month => (1..=12).collect(),
                Period::Quarter => vec![3, 6, 9, 12],
                Period::Half => vec![6, 12],
                Period::Year => vec![12],
            };
            let mut dates = Vec::new();
            for m in ends {
                let Some(end) = month_end(year, m) else {
                    continue;
                };
                let due = end
                    .iter_days()
                    .skip(1)
                    .filter(|d| working.is_working(*d))
                    .nth(usize::try_from(*days).unwrap_or(1).saturating_sub(1));
                match due {
                    Some(d) if d <= bounds.to && d >= bounds.from => dates.push(d),
                    Some(d) => p.notes.push(Note::Outside(d)),
                    None => {}
                }
            }
            p.start = dates.first().map(|date| Start {
                date: *date,
                time: None,
            });
            p.rdates = dates.iter().skip(1).copied().collect();
        }
    }
    if p.start.is_none() && p.notes.is_empty() {
        p.notes.push(Note::Nothing);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrase::{scan, Mode};

    fn placed(text: &str, year: i32) -> Placement {
        let s = scan(text, Mode::Tolerant);
        assert!(s.unread.is_empty(), "{text}: {:?}", s.unread);
        let w = When::read(s.facts());
        let bounds = Bounds {
            from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
        };
        place(&w, bounds)
    }

    /// What plans say, and the rule each gives.
    #[test]
    fn phrases_place_as_a_calendar_says() {
        let cases: &[(&str, i32, &str, &str)] = &[
            (
                "19h30 Chủ nhật cuối cùng của tháng",
                2024,
                "2024-01-28 19:30",
                "FREQ=MONTHLY;BYDAY=-1SU",
            ),
            (
                "20 giờ 15 thứ Năm tuần 2 hằng tháng (trừ tháng 2)",
                2024,
                "2024-01-11 20:15",
                "FREQ=MONTHLY;BYDAY=2TH",
            ),
            (
                "06 giờ 30 thứ Ba và thứ Sáu hằng tuần, từ tháng 9 đến tháng 11",
                2024,
                "2024-09-03 06:30",
                "FREQ=WEEKLY;BYDAY=TU,FR;UNTIL=20241130T235959",
            ),
            (
                "19h30 cách tuần vào thứ Ba, bắt đầu từ ngày 05/01/2027",
                2027,
                "2027-01-05 19:30",
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            ),
            (
                "06 giờ 15 ngày 05 và 20 hằng tháng",
                2025,
                "2025-01-05 06:15",
                "FREQ=MONTHLY;BYMONTHDAY=5,20",
            ),
            (
                "20 giờ 10 thứ Sáu tuần cuối của tháng 3 và tháng 9",
                2025,
                "2025-03-28 20:10",
                "FREQ=MONTHLY;BYMONTH=3,9;BYDAY=-1FR",
            ),
            (
                "19 giờ 45 thứ Bảy cuối cùng của tháng 5 và tháng 7",
                2025,
                "2025-05-31 19:45",
                "FREQ=MONTHLY;BYMONTH=5,7;BYDAY=-1SA",
            ),
            (
                "20 giờ 15 thứ Năm tuần 2 của tháng đầu quý, quý II và quý IV",
                2025,
                "2025-04-10 20:15",
                "FREQ=MONTHLY;BYMONTH=4,10;BYDAY=2TH",
            ),
            (
                "18 giờ 55 hằng ngày, từ 01/3 đến 15/3/2025",
                2025,
                "2025-03-01 18:55",
                "FREQ=DAILY;UNTIL=20250315T235959",
            ),
            (
                "08 giờ thứ Bảy hằng tuần trong quý II",
                2027,
                "2027-04-03 08:00",
                "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630T235959",
            ),
            (
                "06 giờ 15 thứ Hai đầu tháng",
                2026,
                "2026-01-05 06:15",
                "FREQ=MONTHLY;BYDAY=1MO",
            ),
        ];
        for (text, year, start, rule) in cases {
            let p = placed(text, *year);
            let s = p.start.unwrap();
            let at = format!(
                "{} {}",
                s.date,
                s.time
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default()
            );
            assert_eq!(
                (at.trim(), p.rrule.as_deref().unwrap_or("")),
                (*start, *rule),
                "{text}"
            );
        }
        let p = placed("20 giờ 15 thứ Năm tuần 2 hằng tháng (trừ tháng 2)", 2024);
        assert_eq!(p.exdates, [NaiveDate::from_ymd_opt(2024, 2, 8).unwrap()]);
    }

    #[test]
    fn reruns_by_weekday_and_by_date() {
        let p = placed("17 giờ 45 thứ Tư tuần thứ ba hằng tháng trên kênh THP phát lại 09 giờ 30 thứ Năm cùng tuần", 2023);
        assert_eq!(p.reruns.first().map(|r| r.days_after), Some(1));
        let p = placed("19h30 Chủ nhật cuối cùng của tháng - kênh ĐN1 Phát lại: 10 giờ thứ Hai tuần kế tiếp - kênh ĐN2", 2024);
        assert_eq!(p.reruns.first().map(|r| r.days_after), Some(1));
        let p = placed(
            "20 giờ 10 ngày 19/5/2026; phát lại 09 giờ ngày 20/5/2026",
            2026,
        );
        assert_eq!(p.reruns.first().map(|r| r.days_after), Some(1));
    }

    #[test]
    fn last_working_day_of_each_month() {
        let bounds = Bounds {
            from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        };
        let p = place_due(&Due::LastWorkingDay, bounds, &super::super::WeekendsOnly);
        assert_eq!(p.start.unwrap().date.to_string(), "2024-01-31");
        let days: Vec<String> = p.rdates.iter().map(ToString::to_string).collect();
        assert_eq!(days.len(), 11);
        assert_eq!(days.get(1).map(String::as_str), Some("2024-03-29"));
        assert_eq!(days.get(6).map(String::as_str), Some("2024-08-30"));
        assert!(p.notes.is_empty(), "{:?}", p.notes);
    }

    #[test]
    fn working_days_after_each_quarter() {
        let bounds = Bounds {
            from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        };
        let due = Due::WorkingDaysAfter {
            days: 10,
            period: Period::Quarter,
        };
        let p = place_due(&due, bounds, &super::super::WeekendsOnly);
        assert_eq!(p.start.unwrap().date.to_string(), "2024-04-12");
        let rest: Vec<String> = p.rdates.iter().map(ToString::to_string).collect();
        assert_eq!(rest, ["2024-07-12", "2024-10-14"]);
        assert_eq!(
            p.notes,
            [Note::Outside(NaiveDate::from_ymd_opt(2025, 1, 14).unwrap())]
        );
    }
}
