//! What the facts of a text say of when, put together ([`When`]), and
//! placed in a plan's period as a rule ([`Placement`]): its first day, its
//! RRULE, its extra and removed days, its length, and what had to be
//! assumed ([`Note`]), as data for the caller to word.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::fact::{DayOf, Due, Every, Fact, MonthOf, Per, Period, Relation};

/// A rerun as the text says it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RerunWhen {
    /// Its time of day.
    pub at: Option<NaiveTime>,
    /// Days after the premiere, when said so.
    pub days_after: Option<u32>,
    /// Its weekday and how it relates to the premiere's.
    pub day: Option<(Weekday, Relation)>,
    /// Its own date (`phát lại 09 giờ ngày 20/5/2026`).
    pub date: Option<DayOf>,
    /// Its outlet's fact (an outlet or a frequency), when named.
    pub outlet: Option<Fact>,
}

/// Everything a text says of when, put together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct When {
    /// The time of day.
    pub at: Option<NaiveTime>,
    /// Until this time of day (`từ 08 giờ đến 09 giờ 30`).
    pub until: Option<NaiveTime>,
    /// Weekdays.
    pub days: Vec<Weekday>,
    /// Which of them in the month (1 to 5, -1 the last).
    pub nth: Vec<i8>,
    /// Every other week.
    pub other_week: bool,
    /// How often, when said.
    pub every: Option<Every>,
    /// Days of the month.
    pub month_days: Vec<u32>,
    /// Days named.
    pub dates: Vec<DayOf>,
    /// Months named.
    pub months: Vec<MonthOf>,
    /// Quarters named, and their year when written.
    pub quarters: Vec<u32>,
    /// The year written with the quarters.
    pub quarter_year: Option<i32>,
    /// Only this month of each quarter (1 its first, 3 its last).
    pub quarter_month: Option<u32>,
    /// Halves of the year.
    pub halves: Vec<u8>,
    /// A year named.
    pub year: Option<i32>,
    /// All through the period.
    pub ongoing: bool,
    /// From one day to another.
    pub span: Option<(DayOf, DayOf)>,
    /// From one month to another.
    pub month_span: Option<(MonthOf, MonthOf)>,
    /// Starting from a day.
    pub from: Option<DayOf>,
    /// Months left out.
    pub except_months: Vec<u32>,
    /// Days left out.
    pub except_dates: Vec<DayOf>,
    /// The length in seconds.
    pub length: Option<u32>,
    /// The reruns.
    pub reruns: Vec<RerunWhen>,
    /// When due.
    pub due: Vec<Due>,
    /// Carried live.
    pub live: bool,
    /// Said to be not yet fixed (`dự kiến`).
    pub tentative: bool,
    /// The counts declared (`4 kỳ/năm`, `01 chuyên mục/tháng`): with no
    /// day fixed, one a period makes each window that period.
    pub counts: Vec<(u32, Per)>,
}

impl When {
    /// Puts facts together: those before `phát lại` say when the premiere
    /// is; after it, each time of day starts a rerun, and the outlet, day
    /// and days after that follow belong to it.
    pub fn read<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> When {
        let mut w = When::default();
        let mut in_reruns = false;
        let mut part_start = 0;
        for fact in facts {
            if *fact == Fact::Rerun {
                in_reruns = true;
                part_start = w.reruns.len();
                continue;
            }
            if in_reruns && w.rerun_fact(fact, part_start) {
                continue;
            }
            w.premiere_fact(fact);
        }
        w
    }

    /// A fact of a rerun's part; false when it is the premiere's after all
    /// (a length, a frequency of its channel).
    fn rerun_fact(&mut self, fact: &Fact, part_start: usize) -> bool {
        let in_part = self.reruns.len() > part_start;
        match fact {
            Fact::At(t) => {
                let open = self.reruns.last_mut().filter(|r| r.at.is_none() && in_part);
                match open {
                    Some(r) => r.at = Some(*t),
                    None => self.reruns.push(RerunWhen {
                        at: Some(*t),
                        ..RerunWhen::default()
                    }),
                }
            }
            Fact::Outlet { .. } | Fact::Frequency(_) => {
                let taken = self
                    .current_rerun(part_start)
                    .is_some_and(|r| r.outlet.is_some());
                if taken {
                    return false;
                }
                if let Some(r) = self.current_rerun(part_start) {
                    r.outlet = Some(fact.clone());
                }
            }
            Fact::DaysAfter(d) => {
                self.current_rerun(part_start);
                for r in self.reruns.iter_mut().skip(part_start) {
                    if r.days_after.is_none() {
                        r.days_after = Some(*d);
                    }
                }
            }
            Fact::Day(d) => {
                if let Some(r) = self.current_rerun(part_start) {
                    r.day = Some((*d, Relation::Next));
                }
            }
            Fact::Relative(rel) => {
                if let Some(r) = self.current_rerun(part_start) {
                    if let Some((d, _)) = r.day {
                        r.day = Some((d, *rel));
                    }
                }
            }
            Fact::Dates(list) => {
                if let Some(r) = self.current_rerun(part_start) {
                    r.date = list.first().copied();
                }
            }
            Fact::Nth(_) | Fact::Months(_) | Fact::Joiner | Fact::Every(_) => {}
            _ => return false,
        }
        true
    }

    /// The rerun being read, a new one if the part has none yet.
    fn current_rerun(&mut self, part_start: usize) -> Option<&mut RerunWhen> {
        if self.reruns.len() <= part_start {
            self.reruns.push(RerunWhen::default());
        }
        self.reruns.last_mut()
    }

    fn premiere_fact(&mut self, fact: &Fact) {
        match fact {
            Fact::At(t) if self.at.is_none() => self.at = Some(*t),
            Fact::Between(a, b) => {
                self.at = Some(*a);
                self.until = Some(*b);
            }
            Fact::Day(d) => push(&mut self.days, *d),
            Fact::Nth(n) => push(&mut self.nth, *n),
            Fact::OtherWeek => self.other_week = true,
            Fact::Every(e) if self.every.is_none() || *e != Every::Year => self.every = Some(*e),
            Fact::MonthDays(d) => d.iter().for_each(|x| push(&mut self.month_days, *x)),
            Fact::Dates(d) => d.iter().for_each(|x| push(&mut self.dates, *x)),
            Fact::Months(m) => m.iter().for_each(|x| push(&mut self.months, *x)),
            Fact::Quarters(q, y) => {
                q.iter().for_each(|x| push(&mut self.quarters, *x));
                self.quarter_year = self.quarter_year.or(*y);
            }
            Fact::QuarterMonth(m) => self.quarter_month = Some(*m),
            Fact::Half(h) => push(&mut self.halves, *h),
            Fact::Year(y) => self.year = Some(*y),
            Fact::Ongoing => self.ongoing = true,
            Fact::Span(a, b) => self.span = Some((*a, *b)),
            Fact::MonthSpan(a, b) => self.month_span = Some((*a, *b)),
            Fact::From(d) => self.from = Some(*d),
            Fact::ExceptMonths(m) => m.iter().for_each(|x| push(&mut self.except_months, *x)),
            Fact::ExceptDates(d) => d.iter().for_each(|x| push(&mut self.except_dates, *x)),
            Fact::Length(s) => self.length = Some(*s),
            Fact::Due(d) => self.due.push(d.clone()),
            Fact::Live => self.live = true,
            Fact::Tentative => self.tentative = true,
            Fact::Count { n, per } => self.counts.push((*n, *per)),
            _ => {}
        }
    }

    /// The months of `year` the text keeps (1 to 12: those named, of the
    /// quarters, halves and spans of months named), none when every month.
    pub fn months_kept(&self, year: i32) -> Vec<u32> {
        place::months_of(self, year)
    }

    /// Whether it says anything of a day (not only a time or a length).
    pub fn has_day(&self) -> bool {
        !self.days.is_empty()
            || !self.nth.is_empty()
            || !self.month_days.is_empty()
            || !self.dates.is_empty()
            || !self.months.is_empty()
            || !self.quarters.is_empty()
            || !self.halves.is_empty()
            || self.span.is_some()
            || self.month_span.is_some()
            || self.from.is_some()
            || self.every.is_some()
            || self.ongoing
            || self.year.is_some()
    }
}

fn push<T: PartialEq>(list: &mut Vec<T>, x: T) {
    if !list.contains(&x) {
        list.push(x);
    }
}

/// Which days are worked, for deadlines counted in working days.
pub trait Working {
    /// Whether `day` is a working day.
    fn is_working(&self, day: NaiveDate) -> bool;
}

/// Monday to Friday: no holidays known.
#[derive(Debug, Clone, Copy)]
pub struct WeekendsOnly;

impl Working for WeekendsOnly {
    fn is_working(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }
}

/// What had to be assumed, or could not be placed, while placing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A weekday with `hằng tháng` and no week: the first assumed.
    FirstWeek,
    /// A time with no length: 30 minutes assumed.
    NoLength,
    /// A time of day and no day to put it on.
    NoDay,
    /// Nothing to place.
    Nothing,
    /// No day fixed: a window of each named period, of this length.
    Window(String),
    /// A week of the month with no weekday: 7-day windows.
    WeekWindow(i8),
    /// Every other week with months that are not one stretch: every week.
    OtherWeekDropped,
    /// A day outside the period, left out.
    Outside(NaiveDate),
    /// Working days counted with weekends only, no holidays.
    WeekendsOnly,
    /// A rerun with no day: the premiere's assumed.
    RerunSameDay,
    /// A rerun's weekday that the days after it do not give.
    RerunDisagrees,
    /// Several premieres on different weekdays: no one rerun day fits all.
    RerunDayUnfit,
}

/// The first day of a rule: a day, or a day and a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// The day.
    pub date: NaiveDate,
    /// The time, for a timed item.
    pub time: Option<NaiveTime>,
}

/// A rerun placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedRerun {
    /// Days after the premiere.
    pub days_after: u32,
    /// Its time.
    pub at: Option<NaiveTime>,
    /// Its outlet's fact, when named.
    pub outlet: Option<Fact>,
}

/// Where a text's premieres go in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The first, or `None` when nothing could be placed.
    pub start: Option<Start>,
    /// The RRULE value, for more than one.
    pub rrule: Option<String>,
    /// More days, beside the rule (with the start's time).
    pub rdates: Vec<NaiveDate>,
    /// Days the rule gives that are left out.
    pub exdates: Vec<NaiveDate>,
    /// The length: ISO 8601 (`PT15M`, `P1D`, `P3M`).
    pub duration: String,
    /// A window of days, not a slot: what it stands for (no day is fixed
    /// inside it), or `None` for slots and days.
    pub window: Option<WindowOf>,
    /// The reruns.
    pub reruns: Vec<PlacedRerun>,
    /// What was assumed; an empty list means the text was enough.
    pub notes: Vec<Note>,
}

/// What a window of days stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowOf {
    /// The plan's own span: `từ 01/4 đến 31/5`, `từ tháng 7 đến tháng 9`.
    Span,
    /// Months the plan names: `tháng 9`, `tháng 4, 9`.
    Months,
    /// A quarter, a half, the year, each period of a cadence, a week of
    /// the month: somewhere inside it, no day fixed.
    Period,
}

/// A plan's period.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Its first day.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
}

mod place;

pub use place::{place, place_due, whole};
