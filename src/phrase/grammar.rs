//! The grammar: each phrase a pattern and the fact its captures state.

use chrono::{NaiveTime, Weekday};

use super::fact::{DayOf, Due, Every, Fact, Medium, MonthOf, Per, Period, Relation};
use super::matcher::Cap;

/// One entry of the grammar.
#[derive(Clone, Copy)]
pub struct Phrase {
    /// The words (see the module's documentation).
    pub pattern: &'static str,
    /// The fact its captures state; `None` when a value is out of range.
    pub(crate) state: fn(&Caps) -> Option<Fact>,
}

impl std::fmt::Debug for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.pattern)
    }
}

/// The captures of a match, read by position.
pub(crate) struct Caps<'a>(pub &'a [Cap]);

impl Caps<'_> {
    fn num(&self, i: usize) -> Option<u32> {
        match self.0.get(i) {
            Some(Cap::Num(n)) => u32::try_from(*n).ok(),
            _ => None,
        }
    }
    fn time(&self, i: usize) -> Option<NaiveTime> {
        match self.0.get(i) {
            Some(Cap::Time(t)) => Some(*t),
            _ => None,
        }
    }
    fn date(&self, i: usize) -> Option<DayOf> {
        match self.0.get(i) {
            Some(Cap::Date(d)) => Some(*d),
            _ => None,
        }
    }
    fn dates(&self, i: usize) -> Option<Vec<DayOf>> {
        match self.0.get(i) {
            Some(Cap::Dates(d)) => Some(d.clone()),
            _ => None,
        }
    }
    fn days(&self, i: usize) -> Option<Vec<u32>> {
        match self.0.get(i) {
            Some(Cap::Days(d)) => Some(d.clone()),
            _ => None,
        }
    }
    fn months(&self, i: usize) -> Option<Vec<MonthOf>> {
        match self.0.get(i) {
            Some(Cap::Months(m)) => Some(m.clone()),
            _ => None,
        }
    }
    fn text(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Cap::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }
    fn amount(&self) -> Option<u128> {
        self.0.iter().find_map(|c| match c {
            Cap::Amount(a) => Some(*a),
            _ => None,
        })
    }
    fn year(&self, i: usize) -> Option<i32> {
        let y = i32::try_from(self.num(i)?).ok()?;
        (1..=9999).contains(&y).then_some(y)
    }
}

const fn p(pattern: &'static str, state: fn(&Caps) -> Option<Fact>) -> Phrase {
    Phrase { pattern, state }
}

fn minutes(n: u32) -> Option<Fact> {
    let s = n.checked_mul(60)?;
    (1..=24 * 3600).contains(&s).then_some(Fact::Length(s))
}

fn count(c: &Caps, per: Per) -> Option<Fact> {
    let n = c.num(c.0.len().checked_sub(1)?)?;
    (1..=100_000).contains(&n).then_some(Fact::Count { n, per })
}

fn outlet(medium: Medium, code: Option<String>, name: Option<String>) -> Option<Fact> {
    Some(Fact::Outlet { medium, code, name })
}

fn nth(n: u32) -> Option<Fact> {
    (1..=5)
        .contains(&n)
        .then(|| Fact::Nth(i8::try_from(n).unwrap_or(1)))
}

fn weekday_number(n: u32) -> Option<Fact> {
    Some(Fact::Day(match n {
        2 => Weekday::Mon,
        3 => Weekday::Tue,
        4 => Weekday::Wed,
        5 => Weekday::Thu,
        6 => Weekday::Fri,
        7 => Weekday::Sat,
        _ => return None,
    }))
}

fn budget(c: &Caps, unit: u64) -> Option<Fact> {
    Some(Fact::Amount {
        milli: c.amount()?,
        unit: Some(unit),
    })
}

fn reports(quarter: bool, half: bool, year: bool) -> Option<Fact> {
    Some(Fact::Reports {
        quarter,
        half,
        year,
    })
}

fn working_days(c: &Caps, period: Period) -> Option<Fact> {
    let days = c.num(0)?;
    (1..=60)
        .contains(&days)
        .then_some(Fact::Due(Due::WorkingDaysAfter { days, period }))
}

/// The grammar. The longest phrase at a word wins; between phrases as
/// long, the one with fewer words read as others, then the first here.
pub const PHRASES: &[Phrase] = &[
    // Times of day.
    p("{clock}", |c| c.time(0).map(Fact::At)),
    p("từ {clock} đến {clock}", |c| {
        let (a, b) = (c.time(0)?, c.time(1)?);
        Some(Fact::Between(a, b))
    }),
    p("{clock} - {clock}", |c| {
        let (a, b) = (c.time(0)?, c.time(1)?);
        Some(Fact::Between(a, b))
    }),
    // Weekdays.
    p("thứ hai", |_| Some(Fact::Day(Weekday::Mon))),
    p("thứ ba", |_| Some(Fact::Day(Weekday::Tue))),
    p("thứ tư", |_| Some(Fact::Day(Weekday::Wed))),
    p("thứ năm", |_| Some(Fact::Day(Weekday::Thu))),
    p("thứ sáu", |_| Some(Fact::Day(Weekday::Fri))),
    p("thứ bảy|bẩy", |_| Some(Fact::Day(Weekday::Sat))),
    p("chủ nhật", |_| Some(Fact::Day(Weekday::Sun))),
    p("thứ {n}", |c| weekday_number(c.num(0)?)),
    // Weeks of the month.
    p("tuần {n}", |c| nth(c.num(0)?)),
    p("tuần thứ {n}", |c| nth(c.num(0)?)),
    p("tuần thứ {ord}", |c| nth(c.num(0)?)),
    p("tuần đầu tiên?", |_| Some(Fact::Nth(1))),
    p("tuần cuối cùng?", |_| Some(Fact::Nth(-1))),
    p("cuối cùng", |_| Some(Fact::Nth(-1))),
    p("đầu tháng#", |_| Some(Fact::Nth(1))),
    p("cuối tháng#", |_| Some(Fact::Nth(-1))),
    p("cách tuần", |_| Some(Fact::OtherWeek)),
    p("cách {n} tuần", |c| {
        (c.num(0)? == 1).then_some(Fact::OtherWeek)
    }),
    p("{n} tuần {n}? lần", |c| {
        (c.num(0)? == 2).then_some(Fact::OtherWeek)
    }),
    // Repetition.
    p("hằng|hàng|mỗi ngày", |_| {
        Some(Fact::Every(Every::Day))
    }),
    p("hằng|hàng|mỗi tuần", |_| {
        Some(Fact::Every(Every::Week))
    }),
    p("hằng|hàng|mỗi tháng#", |_| {
        Some(Fact::Every(Every::Month))
    }),
    p("của mỗi? tháng#", |_| Some(Fact::Every(Every::Month))),
    p("hằng|hàng|mỗi quý", |_| {
        Some(Fact::Every(Every::Quarter))
    }),
    p("hằng|hàng|mỗi năm", |_| {
        Some(Fact::Every(Every::Year))
    }),
    // Days, months, quarters, years.
    p("ngày {dates}", |c| Some(Fact::Dates(c.dates(0)?))),
    p("{dates}", |c| {
        let dates = c.dates(0)?;
        Some(Fact::Dates(dates))
    }),
    p("ngày {days}", |c| Some(Fact::MonthDays(c.days(0)?))),
    p("tháng {months}", |c| Some(Fact::Months(c.months(0)?))),
    p("quý {quarters}", |c| match c.0.first() {
        Some(Cap::Quarters(q, y)) => Some(Fact::Quarters(q.clone(), *y)),
        _ => None,
    }),
    p("tháng đầu của? quý", |_| Some(Fact::QuarterMonth(1))),
    p("tháng cuối của? quý", |_| Some(Fact::QuarterMonth(3))),
    p("{n} tháng đầu năm", |c| {
        (c.num(0)? == 6).then_some(Fact::Half(1))
    }),
    p("{n} tháng cuối năm", |c| {
        (c.num(0)? == 6).then_some(Fact::Half(2))
    }),
    p("năm {year}", |c| c.year(0).map(Fact::Year)),
    p("trong năm {year}", |c| c.year(0).map(Fact::Year)),
    p("thường xuyên", |_| Some(Fact::Ongoing)),
    p("trong năm", |_| Some(Fact::Ongoing)),
    p("cả năm", |_| Some(Fact::Ongoing)),
    p("quanh năm", |_| Some(Fact::Ongoing)),
    // Spans and exceptions.
    p(
        "từ ngày? {date} đến|tới hết? ngày? {date}",
        |c| Some(Fact::Span(c.date(0)?, c.date(1)?)),
    ),
    p("từ ngày? {date} - {date}", |c| {
        Some(Fact::Span(c.date(0)?, c.date(1)?))
    }),
    p(
        "từ tháng {month} đến|tới hết? tháng {month}",
        |c| {
            let a = *c.months(0)?.first()?;
            let b = *c.months(1)?.first()?;
            Some(Fact::MonthSpan(a, b))
        },
    ),
    p("bắt đầu? từ ngày {date}", |c| {
        Some(Fact::From(c.date(0)?))
    }),
    p("bắt đầu từ {date}", |c| Some(Fact::From(c.date(0)?))),
    p("từ {date}", |c| Some(Fact::From(c.date(0)?))),
    p("trừ tháng {months}", |c| {
        Some(Fact::ExceptMonths(
            c.months(0)?.iter().map(|m| m.month).collect(),
        ))
    }),
    p("trừ ngày? {dates}", |c| {
        Some(Fact::ExceptDates(c.dates(0)?))
    }),
    // Outlets.
    p("kênh|sóng {code}", |c| {
        outlet(Medium::Tv, c.text(0), None)
    }),
    p("kênh|sóng truyền hình {code}", |c| {
        outlet(Medium::Tv, c.text(0), None)
    }),
    p("kênh|sóng phát thanh {code}", |c| {
        outlet(Medium::Radio, c.text(0), None)
    }),
    p("kênh|sóng fm? {freq} mhz", |c| {
        Some(Fact::Frequency(c.text(0)?))
    }),
    p("kênh|sóng phát thanh fm? {freq} mhz", |c| {
        Some(Fact::Frequency(c.text(0)?))
    }),
    p("fm|tần_số {freq} mhz", |c| {
        Some(Fact::Frequency(c.text(0)?))
    }),
    p("tần_số fm {freq} mhz", |c| {
        Some(Fact::Frequency(c.text(0)?))
    }),
    p("{freq} mhz", |c| Some(Fact::Frequency(c.text(0)?))),
    p("{code} , fm {freq} mhz", |c| {
        outlet(
            Medium::Radio,
            c.text(0),
            Some(format!("FM {} MHz", c.text(1)?)),
        )
    }),
    p("đài truyền thanh {words}", |c| {
        outlet(
            Medium::Radio,
            None,
            Some(format!("Đài truyền thanh {}", c.text(0)?)),
        )
    }),
    p("hệ thống? loa truyền thanh {words}?", |c| {
        let more = c.text(0).map(|t| format!(" {t}")).unwrap_or_default();
        outlet(Medium::Radio, None, Some(format!("loa truyền thanh{more}")))
    }),
    p("báo {name}", |c| {
        outlet(Medium::Newspaper, None, c.text(0))
    }),
    p("tạp chí {name}", |c| {
        outlet(Medium::Bulletin, None, c.text(0))
    }),
    p("bản tin của? {name}", |c| {
        outlet(Medium::Bulletin, None, c.text(0))
    }),
    p("cổng thông tin điện tử của? {words}", |c| {
        outlet(Medium::Web, None, c.text(0))
    }),
    p("trang thông tin điện tử của? {words}", |c| {
        outlet(Medium::Web, None, c.text(0))
    }),
    p("pano|panô {words}?", |c| {
        outlet(Medium::Outdoor, None, c.text(0))
    }),
    p("băng rôn|zôn {words}?", |c| {
        outlet(Medium::Outdoor, None, c.text(0))
    }),
    p("màn hình led {words}?", |c| {
        outlet(Medium::Outdoor, None, c.text(0))
    }),
    // Reruns.
    p("phát lại", |_| Some(Fact::Rerun)),
    p("ngày? hôm sau", |_| Some(Fact::DaysAfter(1))),
    p("ngày tiếp_theo|kế_tiếp", |_| {
        Some(Fact::DaysAfter(1))
    }),
    p("cùng ngày", |_| Some(Fact::DaysAfter(0))),
    p("trong ngày", |_| Some(Fact::DaysAfter(0))),
    p("sau {n} ngày", |c| {
        let n = c.num(0)?;
        (n <= 366).then_some(Fact::DaysAfter(n))
    }),
    p("cùng tuần", |_| Some(Fact::Relative(Relation::SameWeek))),
    p("tuần kế_tiếp|sau|tới|tiếp_theo", |_| {
        Some(Fact::Relative(Relation::NextWeek))
    }),
    p("ngay sau đó", |_| Some(Fact::Relative(Relation::Next))),
    // Lengths.
    p("thời lượng khoảng? {n} phút", |c| {
        minutes(c.num(0)?)
    }),
    p("thời lượng {n} giờ {n} phút", |c| {
        minutes(c.num(0)?.checked_mul(60)?.checked_add(c.num(1)?)?)
    }),
    p("thời lượng {n} giờ", |c| {
        minutes(c.num(0)?.checked_mul(60)?)
    }),
    p("thời lượng khoảng? {n} giây", |c| {
        let s = c.num(0)?;
        (1..=86_400).contains(&s).then_some(Fact::Length(s))
    }),
    p("{n} phút", |c| minutes(c.num(0)?)),
    p("{n} phút / {unit}", |c| minutes(c.num(0)?)),
    p("{n} giây", |c| {
        let s = c.num(0)?;
        (1..=86_400).contains(&s).then_some(Fact::Length(s))
    }),
    // Declared counts.
    p("{n} {unit} / tuần", |c| count(c, Per::Week)),
    p("{n} {unit} / tháng", |c| count(c, Per::Month)),
    p("{n} {unit} / quý", |c| count(c, Per::Quarter)),
    p("{n} {unit} / năm", |c| count(c, Per::Year)),
    p("{n} {unit}", |c| count(c, Per::Plan)),
    p(
        "{n} {unit} / trường|xã|phường|huyện|thôn|bản|ấp|lớp|điểm|hộ|đơn_vị|cơ_quan|thị_trấn",
        |c| count(c, Per::Each),
    ),
    p("mỗi|hằng|hàng tuần {n} {unit}", |c| {
        count(c, Per::Week)
    }),
    p("mỗi|hằng|hàng tháng {n} {unit}", |c| {
        count(c, Per::Month)
    }),
    p("mỗi|hằng|hàng quý {n} {unit}", |c| {
        count(c, Per::Quarter)
    }),
    p("mỗi|một|cả năm {n} {unit}", |c| count(c, Per::Year)),
    p("{n} tháng đầu năm {n} {unit}", |c| {
        (c.num(0)? == 6).then(|| count(c, Per::Half(1)))?
    }),
    p("{n} tháng cuối năm {n} {unit}", |c| {
        (c.num(0)? == 6).then(|| count(c, Per::Half(2)))?
    }),
    // Budgets.
    p("{amount} đồng|đ|vnđ|vnd", |c| budget(c, 1)),
    p("{amount} nghìn|ngàn đồng|đ?", |c| budget(c, 1_000)),
    p("{amount} triệu đồng|đ?", |c| budget(c, 1_000_000)),
    p("{amount} tỷ|tỉ đồng|đ?", |c| {
        budget(c, 1_000_000_000)
    }),
    p("xã hội hóa|hoá", |_| Some(Fact::NoBudget)),
    p("không phát sinh", |_| Some(Fact::NoBudget)),
    p("lồng ghép", |_| Some(Fact::NoBudget)),
    p("trong dự toán", |_| Some(Fact::NoBudget)),
    p("kinh phí thường xuyên", |_| Some(Fact::NoBudget)),
    p("chi thường xuyên", |_| Some(Fact::NoBudget)),
    p("kinh phí hoạt động thường xuyên", |_| {
        Some(Fact::NoBudget)
    }),
    // Reports.
    p(
        "định kỳ hằng|hàng? quý , {n} tháng , hằng|hàng? năm báo cáo",
        |c| (c.num(0)? == 6).then(|| reports(true, true, true))?,
    ),
    p(
        "định kỳ hằng|hàng? quý , {n} tháng báo cáo",
        |c| (c.num(0)? == 6).then(|| reports(true, true, false))?,
    ),
    p("định kỳ hằng|hàng? quý báo cáo", |_| {
        reports(true, false, false)
    }),
    p(
        "định kỳ {n} tháng , hằng|hàng? năm báo cáo",
        |c| (c.num(0)? == 6).then(|| reports(false, true, true))?,
    ),
    p("định kỳ hằng|hàng? năm báo cáo", |_| {
        reports(false, false, true)
    }),
    p("về {name}", |c| Some(Fact::ReportTo(c.text(0)?))),
    p("qua {name}", |c| Some(Fact::Via(c.text(0)?))),
    // Deadlines.
    p("trước|chậm_nhất|hạn_chót ngày {date}", |c| {
        Some(Fact::Due(Due::On(c.date(0)?)))
    }),
    p("chậm nhất là|vào ngày {date}", |c| {
        Some(Fact::Due(Due::On(c.date(0)?)))
    }),
    p(
        "trước|chậm_nhất ngày {n} của? tháng cuối mỗi|hằng|hàng? quý",
        |c| {
            let day = c.num(0)?;
            (1..=31)
                .contains(&day)
                .then_some(Fact::Due(Due::QuarterDay { day, month: 3 }))
        },
    ),
    p(
        "trước|chậm_nhất ngày {n} hằng|hàng|mỗi|của tháng#",
        |c| {
            let day = c.num(0)?;
            (1..=31)
                .contains(&day)
                .then_some(Fact::Due(Due::MonthDay(day)))
        },
    ),
    p(
        "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc quý",
        |c| working_days(c, Period::Quarter),
    ),
    p(
        "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc tháng#",
        |c| working_days(c, Period::Month),
    ),
    p(
        "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc năm",
        |c| working_days(c, Period::Year),
    ),
    p(
        "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc {n} tháng",
        |c| (c.num(1)? == 6).then(|| working_days(c, Period::Half))?,
    ),
    p(
        "vào? ngày làm việc cuối cùng của? mỗi|hằng|hàng? tháng#",
        |_| Some(Fact::Due(Due::LastWorkingDay)),
    ),
    // What a broadcast is, and what is not yet fixed.
    p(
        "truyền_hình|phát_sóng|tường_thuật trực tiếp",
        |_| Some(Fact::Live),
    ),
    p("dự kiến", |_| Some(Fact::Tentative)),
    p("chưa xác|ấn định", |_| Some(Fact::Tentative)),
    // Words that join the others.
    p(
        "lúc|vào|và|trên|của|các|với|tại|trong|theo",
        |_| Some(Fact::Joiner),
    ),
    p("vào lúc", |_| Some(Fact::Joiner)),
    p("số ra", |_| Some(Fact::Joiner)),
    p("phát_hành|phát_sóng|phát|bắt_đầu", |_| {
        Some(Fact::Joiner)
    }),
];
