//! What a phrase states, typed and checked.

use chrono::{NaiveTime, Weekday};

/// A day of a month, perhaps of a given year: `09/11/2024`, `10/01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DayOf {
    /// 1 to 31.
    pub day: u32,
    /// 1 to 12.
    pub month: u32,
    /// When written.
    pub year: Option<i32>,
}

/// A month, perhaps of a given year: `tháng 5`, `tháng 4/2027`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthOf {
    /// 1 to 12.
    pub month: u32,
    /// When written.
    pub year: Option<i32>,
}

/// How often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Each day.
    Day,
    /// Each week.
    Week,
    /// Each month.
    Month,
    /// Each quarter.
    Quarter,
    /// Each year.
    Year,
}

/// What a declared count is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// A week.
    Week,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// The first (1) or second (2) half of the year.
    Half(u8),
    /// A year.
    Year,
    /// The whole plan: a bare count (`13 chuyên mục`).
    Plan,
    /// Each place or body (`01 cuộc/trường`, `02 buổi/xã`): how many in
    /// all is not said.
    Each,
}

/// What sort of outlet a phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    /// A TV channel.
    Tv,
    /// A radio channel or loudspeaker network.
    Radio,
    /// A newspaper.
    Newspaper,
    /// A bulletin or magazine.
    Bulletin,
    /// A web portal or page.
    Web,
    /// Billboards, banners, screens.
    Outdoor,
}

/// A weekday said of a rerun, relative to its premiere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// In the premiere's week (Monday to Sunday): `thứ Năm cùng tuần`.
    SameWeek,
    /// In the week after: `thứ Hai tuần kế tiếp`.
    NextWeek,
    /// The first such weekday after the premiere: `Chủ nhật ngay sau đó`.
    Next,
}

/// A period a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// A half-year.
    Half,
    /// A year.
    Year,
}

/// When something is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// By this day: `trước ngày 15/6/2024`, `chậm nhất ngày 20/12`.
    On(DayOf),
    /// By this day of the given month of each quarter (1 its first, 3 its
    /// last): `trước ngày 25 của tháng cuối quý`.
    QuarterDay {
        /// The day of the month.
        day: u32,
        /// Which month of the quarter.
        month: u32,
    },
    /// By this day of each month: `trước ngày 5 hằng tháng`.
    MonthDay(u32),
    /// On the last working day of each month: `ngày làm việc cuối cùng của
    /// tháng`.
    LastWorkingDay,
    /// Within so many working days after each period ends: `trong 10 ngày
    /// làm việc sau khi kết thúc quý`. Kept as data: which days are
    /// worked is the caller's (weekends only, or a holiday calendar).
    WorkingDaysAfter {
        /// How many working days.
        days: u32,
        /// After which periods.
        period: Period,
    },
}

/// A fact a phrase states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// At this time of day.
    At(NaiveTime),
    /// From one time of day to another: `từ 08 giờ đến 09 giờ 30`.
    Between(NaiveTime, NaiveTime),
    /// On this weekday.
    Day(Weekday),
    /// The n-th (1 to 5) or last (-1) such weekday, or week, of the month.
    Nth(i8),
    /// Every other week: `cách tuần`.
    OtherWeek,
    /// Every day, week, month, quarter or year.
    Every(Every),
    /// These days of the month: `ngày 10 và 25` (with `hằng tháng`).
    MonthDays(Vec<u32>),
    /// These days: `ngày 20/4/2023 và ngày 19/10/2023`.
    Dates(Vec<DayOf>),
    /// In these months: `tháng 5 và tháng 7`, `tháng 4/2027`.
    Months(Vec<MonthOf>),
    /// In these quarters (1 to 4), of a year when written: `quý II/2026`.
    Quarters(Vec<u32>, Option<i32>),
    /// The first (1) or last (3) month of each quarter named.
    QuarterMonth(u32),
    /// In this half of the year (1 or 2).
    Half(u8),
    /// In this year.
    Year(i32),
    /// All through the period, no day fixed.
    Ongoing,
    /// From one day to another: `từ 01/3 đến 15/3`.
    Span(DayOf, DayOf),
    /// From one month to another: `từ tháng 9 đến tháng 11`.
    MonthSpan(MonthOf, MonthOf),
    /// Starting from a day: `bắt đầu từ ngày 05/01/2027`.
    From(DayOf),
    /// Not in these months: `trừ tháng 2`.
    ExceptMonths(Vec<u32>),
    /// Not on these days: `trừ 17/02`.
    ExceptDates(Vec<DayOf>),
    /// On this outlet.
    Outlet {
        /// What sort.
        medium: Medium,
        /// Its code, as written (`KG1`, `ĐN1`), for channels.
        code: Option<String>,
        /// Its name, as written, when the phrase gives one.
        name: Option<String>,
    },
    /// A radio frequency in MHz, as written (`96,1`).
    Frequency(String),
    /// What follows are reruns.
    Rerun,
    /// So many days after the premiere.
    DaysAfter(u32),
    /// A weekday of a rerun relative to its premiere's.
    Relative(Relation),
    /// Lasting so many seconds.
    Length(u32),
    /// So many, per week, month, quarter, half, year or plan.
    Count {
        /// How many.
        n: u32,
        /// Per what.
        per: Per,
    },
    /// An amount of money in thousandths of its unit, and the unit in
    /// đồng when written (`triệu đồng`: 1,000,000).
    Amount {
        /// The amount × 1000 (`82,5` is 82,500).
        milli: u128,
        /// How many đồng one unit is, when the phrase says.
        unit: Option<u64>,
    },
    /// No budget: funded otherwise or within running costs.
    NoBudget,
    /// Periodic reports: quarterly, half-yearly, yearly.
    Reports {
        /// Each quarter.
        quarter: bool,
        /// Each half-year.
        half: bool,
        /// Each year.
        year: bool,
    },
    /// Whom reports go to.
    ReportTo(String),
    /// Through whom they go.
    Via(String),
    /// Due by.
    Due(Due),
    /// Carried live.
    Live,
    /// Not yet fixed: `dự kiến`.
    Tentative,
    /// Words that join others and state nothing by themselves (`lúc`,
    /// `vào`, `trên`, `và`).
    Joiner,
}

impl Fact {
    /// Whether it says something of when (not an outlet, a sum, a count, a
    /// report's addressee): what a `when:` phrase may hold.
    pub fn speaks_of_when(&self) -> bool {
        !matches!(
            self,
            Fact::Outlet { .. }
                | Fact::Frequency(_)
                | Fact::Amount { .. }
                | Fact::NoBudget
                | Fact::Count { .. }
                | Fact::Reports { .. }
                | Fact::ReportTo(_)
                | Fact::Via(_)
        )
    }
}
