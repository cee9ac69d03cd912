use chrono::{NaiveTime, Weekday};

use super::*;

fn at(h: u32, m: u32) -> Fact {
    Fact::At(NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

fn day(d: u32, m: u32, y: Option<i32>) -> DayOf {
    DayOf {
        day: d,
        month: m,
        year: y,
    }
}

fn month(m: u32, y: Option<i32>) -> MonthOf {
    MonthOf { month: m, year: y }
}

fn outlet(medium: Medium, code: Option<&str>, name: Option<&str>) -> Fact {
    Fact::Outlet {
        medium,
        code: code.map(String::from),
        name: name.map(String::from),
    }
}

fn count(n: u32, per: Per) -> Fact {
    Fact::Count { n, per }
}

fn money(milli: u128, unit: u64) -> Fact {
    Fact::Amount {
        milli,
        unit: Some(unit),
    }
}

fn reports(quarter: bool, half: bool, year: bool) -> Fact {
    Fact::Reports {
        quarter,
        half,
        year,
    }
}

/// A text of one entry of the grammar (by its pattern), and the fact it
/// must give.
struct Case {
    pattern: &'static str,
    text: &'static str,
    fact: Fact,
}

fn case((pattern, text, fact): (&'static str, &'static str, Fact)) -> Case {
    Case {
        pattern,
        text,
        fact,
    }
}

/// One text for each entry of the grammar, section by section.
fn cases() -> Vec<Case> {
    [
        cases_of_times(),
        cases_of_weekdays(),
        cases_of_weeks(),
        cases_of_repetition(),
        cases_of_days_months_quarters(),
        cases_of_spans_and_exceptions(),
        cases_of_outlets(),
        cases_of_reruns(),
        cases_of_lengths(),
        cases_of_counts(),
        cases_of_budgets(),
        cases_of_reports(),
        cases_of_deadlines(),
        cases_of_broadcasts_and_plans(),
        cases_of_joiners(),
    ]
    .into_iter()
    .flatten()
    .map(case)
    .collect()
}

/// Times of day.
fn cases_of_times() -> Vec<(&'static str, &'static str, Fact)> {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    vec![
        ("{clock}", "17 giờ 45 phút", at(17, 45)),
        (
            "từ {clock} đến {clock}",
            "từ 08 giờ đến 09 giờ 30",
            Fact::Between(t(8, 0), t(9, 30)),
        ),
        (
            "{clock} - {clock}",
            "20:00 - 20:30",
            Fact::Between(t(20, 0), t(20, 30)),
        ),
    ]
}

/// Weekdays.
fn cases_of_weekdays() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        ("thứ hai", "thứ Hai", Fact::Day(Weekday::Mon)),
        ("thứ ba", "Thứ ba", Fact::Day(Weekday::Tue)),
        ("thứ tư", "thứ Tư", Fact::Day(Weekday::Wed)),
        ("thứ năm", "THỨ NĂM", Fact::Day(Weekday::Thu)),
        ("thứ sáu", "thứ Sáu", Fact::Day(Weekday::Fri)),
        ("thứ bảy|bẩy", "thứ Bảy", Fact::Day(Weekday::Sat)),
        ("chủ nhật", "Chủ nhật", Fact::Day(Weekday::Sun)),
        ("thứ {n}", "thứ 6", Fact::Day(Weekday::Fri)),
    ]
}

/// Weeks of the month.
fn cases_of_weeks() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        ("tuần {n}", "tuần 3", Fact::Nth(3)),
        ("tuần thứ {n}", "tuần thứ 2", Fact::Nth(2)),
        ("tuần thứ {ord}", "tuần thứ ba", Fact::Nth(3)),
        ("tuần đầu tiên?", "tuần đầu tiên", Fact::Nth(1)),
        ("tuần cuối cùng?", "tuần cuối", Fact::Nth(-1)),
        ("cuối cùng", "cuối cùng", Fact::Nth(-1)),
        ("đầu tháng#", "đầu tháng", Fact::Nth(1)),
        ("cuối tháng#", "cuối tháng", Fact::Nth(-1)),
        ("cách tuần", "cách tuần", Fact::OtherWeek),
        ("cách {n} tuần", "cách 1 tuần", Fact::OtherWeek),
        ("{n} tuần {n}? lần", "2 tuần 1 lần", Fact::OtherWeek),
    ]
}

/// Repetition.
fn cases_of_repetition() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        ("hằng|hàng|mỗi ngày", "hằng ngày", Fact::Every(Every::Day)),
        ("hằng|hàng|mỗi tuần", "hàng tuần", Fact::Every(Every::Week)),
        (
            "hằng|hàng|mỗi tháng#",
            "hằng tháng",
            Fact::Every(Every::Month),
        ),
        (
            "của mỗi? tháng#",
            "của mỗi tháng",
            Fact::Every(Every::Month),
        ),
        ("hằng|hàng|mỗi quý", "mỗi quý", Fact::Every(Every::Quarter)),
        ("hằng|hàng|mỗi năm", "hằng năm", Fact::Every(Every::Year)),
    ]
}

/// Days, months, quarters, years.
fn cases_of_days_months_quarters() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        (
            "ngày {dates}",
            "ngày 20/4/2023 và ngày 19/10/2023",
            Fact::Dates(vec![day(20, 4, Some(2023)), day(19, 10, Some(2023))]),
        ),
        (
            "{dates}",
            "03/02/2024",
            Fact::Dates(vec![day(3, 2, Some(2024))]),
        ),
        (
            "ngày {days}",
            "ngày 10 và 25",
            Fact::MonthDays(vec![10, 25]),
        ),
        (
            "tháng {months}",
            "tháng 3, tháng 7 và tháng 11",
            Fact::Months(vec![month(3, None), month(7, None), month(11, None)]),
        ),
        (
            "quý {quarters}",
            "Quý II và quý IV",
            Fact::Quarters(vec![2, 4], None),
        ),
        ("tháng đầu của? quý", "tháng đầu quý", Fact::QuarterMonth(1)),
        (
            "tháng cuối của? quý",
            "tháng cuối của quý",
            Fact::QuarterMonth(3),
        ),
        ("{n} tháng đầu năm", "6 tháng đầu năm", Fact::Half(1)),
        ("{n} tháng cuối năm", "06 tháng cuối năm", Fact::Half(2)),
        ("năm {year}", "năm 2024", Fact::Year(2024)),
        ("trong năm {year}", "Trong năm 2023", Fact::Year(2023)),
        ("thường xuyên", "Thường xuyên", Fact::Ongoing),
        ("trong năm", "trong năm", Fact::Ongoing),
        ("cả năm", "cả năm", Fact::Ongoing),
        ("quanh năm", "quanh năm", Fact::Ongoing),
        (
            "từ ngày? {date} đến|tới hết? ngày? {date}",
            "Từ ngày 01/8 đến hết ngày 31/8/2024",
            Fact::Span(day(1, 8, None), day(31, 8, Some(2024))),
        ),
    ]
}

/// Spans and exceptions.
fn cases_of_spans_and_exceptions() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        (
            "từ ngày? {date} - {date}",
            "từ 01/3 - 15/3",
            Fact::Span(day(1, 3, None), day(15, 3, None)),
        ),
        (
            "từ tháng {month} đến|tới hết? tháng {month}",
            "từ tháng 7 đến tháng 9/2023",
            Fact::MonthSpan(month(7, None), month(9, Some(2023))),
        ),
        (
            "bắt đầu? từ ngày {date}",
            "bắt đầu từ ngày 05/01/2027",
            Fact::From(day(5, 1, Some(2027))),
        ),
        (
            "bắt đầu từ {date}",
            "bắt đầu từ 05/01",
            Fact::From(day(5, 1, None)),
        ),
        ("từ {date}", "từ 03/01", Fact::From(day(3, 1, None))),
        (
            "trừ tháng {months}",
            "trừ tháng 2",
            Fact::ExceptMonths(vec![2]),
        ),
        (
            "trừ ngày? {dates}",
            "trừ 17/02",
            Fact::ExceptDates(vec![day(17, 2, None)]),
        ),
    ]
}

/// Outlets.
fn cases_of_outlets() -> Vec<(&'static str, &'static str, Fact)> {
    use Medium::*;
    vec![
        (
            "kênh|sóng {code}",
            "kênh ĐN1",
            outlet(Tv, Some("ĐN1"), None),
        ),
        (
            "kênh|sóng truyền hình {code}",
            "kênh truyền hình VTV1",
            outlet(Tv, Some("VTV1"), None),
        ),
        (
            "kênh|sóng phát thanh {code}",
            "kênh phát thanh BTR",
            outlet(Radio, Some("BTR"), None),
        ),
        (
            "kênh|sóng fm? {freq} mhz",
            "kênh FM 97,5 MHz",
            Fact::Frequency("97,5".into()),
        ),
        (
            "kênh|sóng phát thanh fm? {freq} mhz",
            "sóng phát thanh FM 97,0 MHz",
            Fact::Frequency("97,0".into()),
        ),
        (
            "fm|tần_số {freq} mhz",
            "tần số 102.5 MHz",
            Fact::Frequency("102.5".into()),
        ),
        (
            "tần_số fm {freq} mhz",
            "tần số FM 97 MHz",
            Fact::Frequency("97".into()),
        ),
        ("{freq} mhz", "96,1 MHz", Fact::Frequency("96,1".into())),
        (
            "{code} , fm {freq} mhz",
            "VOV1, FM 100 MHz",
            outlet(Radio, Some("VOV1"), Some("FM 100 MHz")),
        ),
        (
            "đài truyền thanh {words}",
            "Đài truyền thanh xã, phường",
            outlet(Radio, None, Some("Đài truyền thanh xã")),
        ),
        (
            "hệ thống? loa truyền thanh {words}?",
            "hệ thống loa truyền thanh",
            outlet(Radio, None, Some("loa truyền thanh")),
        ),
        (
            "báo {name}",
            "Báo Kiên Giang",
            outlet(Newspaper, None, Some("Kiên Giang")),
        ),
        (
            "tạp chí {name}",
            "Tạp chí Tổ chức nhà nước",
            outlet(Bulletin, None, Some("Tổ chức nhà nước")),
        ),
        (
            "bản tin của? {name}",
            "Bản tin của Bộ Nội vụ",
            outlet(Bulletin, None, Some("Bộ Nội vụ")),
        ),
        (
            "cổng thông tin điện tử của? {words}",
            "Cổng Thông tin điện tử tỉnh",
            outlet(Web, None, Some("tỉnh")),
        ),
        (
            "trang thông tin điện tử của? {words}",
            "Trang thông tin điện tử của Sở Nội vụ",
            outlet(Web, None, Some("Sở Nội vụ")),
        ),
        (
            "pano|panô {words}?",
            "pano tuyên truyền CCHC theo",
            outlet(Outdoor, None, Some("tuyên truyền CCHC")),
        ),
        (
            "băng rôn|zôn {words}?",
            "băng rôn khẩu hiệu",
            outlet(Outdoor, None, Some("khẩu hiệu")),
        ),
        (
            "màn hình led {words}?",
            "màn hình LED công cộng",
            outlet(Outdoor, None, Some("công cộng")),
        ),
    ]
}

/// Reruns.
fn cases_of_reruns() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        ("phát lại", "Phát lại", Fact::Rerun),
        ("ngày? hôm sau", "ngày hôm sau", Fact::DaysAfter(1)),
        ("ngày tiếp_theo|kế_tiếp", "ngày kế tiếp", Fact::DaysAfter(1)),
        ("cùng ngày", "cùng ngày", Fact::DaysAfter(0)),
        ("trong ngày", "trong ngày", Fact::DaysAfter(0)),
        ("sau {n} ngày", "sau 2 ngày", Fact::DaysAfter(2)),
        ("cùng tuần", "cùng tuần", Fact::Relative(Relation::SameWeek)),
        (
            "tuần kế_tiếp|sau|tới|tiếp_theo",
            "tuần kế tiếp",
            Fact::Relative(Relation::NextWeek),
        ),
        ("ngay sau đó", "ngay sau đó", Fact::Relative(Relation::Next)),
    ]
}

/// Lengths.
fn cases_of_lengths() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        (
            "thời lượng khoảng? {n} phút",
            "thời lượng 12 phút",
            Fact::Length(720),
        ),
        (
            "thời lượng {n} giờ {n} phút",
            "thời lượng 1 giờ 30 phút",
            Fact::Length(5400),
        ),
        ("thời lượng {n} giờ", "thời lượng 2 giờ", Fact::Length(7200)),
        (
            "thời lượng khoảng? {n} giây",
            "thời lượng 60 giây",
            Fact::Length(60),
        ),
        ("{n} phút", "90 phút", Fact::Length(5400)),
        ("{n} phút / {unit}", "15 phút/kỳ", Fact::Length(900)),
        ("{n} giây", "60 giây", Fact::Length(60)),
    ]
}

/// Declared counts.
fn cases_of_counts() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        ("{n} {unit} / tuần", "02 lần/tuần", count(2, Per::Week)),
        (
            "{n} {unit} / tháng",
            "01 chuyên mục/tháng",
            count(1, Per::Month),
        ),
        ("{n} {unit} / quý", "3 phóng sự/quý", count(3, Per::Quarter)),
        ("{n} {unit} / năm", "14 kỳ/năm", count(14, Per::Year)),
        ("{n} {unit}", "13 chuyên mục", count(13, Per::Plan)),
        (
            "{n} {unit} / trường|xã|phường|huyện|thôn|bản|ấp|lớp|điểm|hộ|đơn_vị|cơ_quan|thị_trấn",
            "01 cuộc/trường",
            count(1, Per::Each),
        ),
        (
            "mỗi|hằng|hàng tuần {n} {unit}",
            "mỗi tuần 01 bài",
            count(1, Per::Week),
        ),
        (
            "mỗi|hằng|hàng tháng {n} {unit}",
            "Mỗi tháng 02 kỳ",
            count(2, Per::Month),
        ),
        (
            "mỗi|hằng|hàng quý {n} {unit}",
            "hằng quý 01 số",
            count(1, Per::Quarter),
        ),
        (
            "mỗi|một|cả năm {n} {unit}",
            "một năm 12 chuyên mục",
            count(12, Per::Year),
        ),
        (
            "{n} tháng đầu năm {n} {unit}",
            "06 tháng đầu năm 01 cuộc",
            count(1, Per::Half(1)),
        ),
        (
            "{n} tháng cuối năm {n} {unit}",
            "06 tháng cuối năm 01 cuộc",
            count(1, Per::Half(2)),
        ),
    ]
}

/// Budgets.
fn cases_of_budgets() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        (
            "{amount} đồng|đ|vnđ|vnd",
            "91.596.816 đồng",
            money(91_596_816_000, 1),
        ),
        (
            "{amount} nghìn|ngàn đồng|đ?",
            "145.200 nghìn đồng",
            money(145_200_000, 1_000),
        ),
        (
            "{amount} triệu đồng|đ?",
            "357,1 triệu đồng",
            money(357_100, 1_000_000),
        ),
        (
            "{amount} tỷ|tỉ đồng|đ?",
            "1,5 tỷ đồng",
            money(1_500, 1_000_000_000),
        ),
        (
            "xã hội hóa|hoá",
            "Xã hội hóa lắp đặt pano mới",
            Fact::NoBudget,
        ),
        ("không phát sinh", "Không phát sinh", Fact::NoBudget),
        ("lồng ghép", "Lồng ghép", Fact::NoBudget),
        (
            "trong dự toán",
            "Trong dự toán chi thường xuyên",
            Fact::NoBudget,
        ),
        (
            "kinh phí thường xuyên",
            "kinh phí thường xuyên",
            Fact::NoBudget,
        ),
        ("chi thường xuyên", "chi thường xuyên", Fact::NoBudget),
        (
            "kinh phí hoạt động thường xuyên",
            "nguồn kinh phí hoạt động thường xuyên",
            Fact::NoBudget,
        ),
        (
            "định kỳ hằng|hàng? quý , {n} tháng , hằng|hàng? năm báo cáo",
            "Định kỳ hàng quý, 6 tháng, năm báo cáo",
            reports(true, true, true),
        ),
        (
            "định kỳ hằng|hàng? quý , {n} tháng báo cáo",
            "định kỳ quý, 6 tháng báo cáo",
            reports(true, true, false),
        ),
    ]
}

/// Reports.
fn cases_of_reports() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        (
            "định kỳ hằng|hàng? quý báo cáo",
            "định kỳ hằng quý báo cáo",
            reports(true, false, false),
        ),
        (
            "định kỳ {n} tháng , hằng|hàng? năm báo cáo",
            "định kỳ 6 tháng, hằng năm báo cáo",
            reports(false, true, true),
        ),
        (
            "định kỳ hằng|hàng? năm báo cáo",
            "định kỳ hằng năm báo cáo",
            reports(false, false, true),
        ),
        (
            "về {name}",
            "về Ủy ban nhân dân tỉnh (",
            Fact::ReportTo("Ủy ban nhân dân tỉnh".into()),
        ),
        (
            "qua {name}",
            "qua Sở Nội vụ)",
            Fact::Via("Sở Nội vụ".into()),
        ),
    ]
}

/// Deadlines.
fn cases_of_deadlines() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        (
            "trước|chậm_nhất|hạn_chót ngày {date}",
            "chậm nhất ngày 20/12",
            Fact::Due(Due::On(day(20, 12, None))),
        ),
        (
            "chậm nhất là|vào ngày {date}",
            "chậm nhất là ngày 20/11/2025",
            Fact::Due(Due::On(day(20, 11, Some(2025)))),
        ),
        (
            "trước|chậm_nhất ngày {n} của? tháng cuối mỗi|hằng|hàng? quý",
            "chậm nhất ngày 15 của tháng cuối mỗi quý",
            Fact::Due(Due::QuarterDay { day: 15, month: 3 }),
        ),
        (
            "trước|chậm_nhất ngày {n} hằng|hàng|mỗi|của tháng#",
            "trước ngày 5 hằng tháng",
            Fact::Due(Due::MonthDay(5)),
        ),
        (
            "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc quý",
            "trong 10 ngày làm việc sau khi kết thúc quý",
            Fact::Due(Due::WorkingDaysAfter {
                days: 10,
                period: Period::Quarter,
            }),
        ),
        (
            "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc tháng#",
            "trong vòng 5 ngày làm việc kể từ khi kết thúc tháng",
            Fact::Due(Due::WorkingDaysAfter {
                days: 5,
                period: Period::Month,
            }),
        ),
        (
            "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc năm",
            "trong 15 ngày làm việc sau kết thúc năm",
            Fact::Due(Due::WorkingDaysAfter {
                days: 15,
                period: Period::Year,
            }),
        ),
        (
            "trong vòng? {n} ngày làm việc sau|kể_từ khi? kết thúc {n} tháng",
            "trong 10 ngày làm việc sau khi kết thúc 6 tháng",
            Fact::Due(Due::WorkingDaysAfter {
                days: 10,
                period: Period::Half,
            }),
        ),
        (
            "vào? ngày làm việc cuối cùng của? mỗi|hằng|hàng? tháng#",
            "ngày làm việc cuối cùng của tháng",
            Fact::Due(Due::LastWorkingDay),
        ),
        (
            "truyền_hình|phát_sóng|tường_thuật trực tiếp",
            "truyền hình trực tiếp",
            Fact::Live,
        ),
    ]
}

/// What a broadcast is, and what is not yet fixed.
fn cases_of_broadcasts_and_plans() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        ("dự kiến", "Dự kiến", Fact::Tentative),
        ("chưa xác|ấn định", "Chưa xác định", Fact::Tentative),
        (
            "lúc|vào|và|trên|của|các|với|tại|trong|theo",
            "lúc",
            Fact::Joiner,
        ),
    ]
}

/// Words that join the others.
fn cases_of_joiners() -> Vec<(&'static str, &'static str, Fact)> {
    vec![
        ("vào lúc", "vào lúc", Fact::Joiner),
        ("số ra", "Số ra", Fact::Joiner),
        (
            "phát_hành|phát_sóng|phát|bắt_đầu",
            "phát hành",
            Fact::Joiner,
        ),
    ]
}

/// Each entry of the grammar, on a text of its own: the entry that wins
/// is that one, and it states the fact.
#[test]
fn each_phrase_reads_as_it_means() {
    let cases = cases();
    for (entry, phrase) in PHRASES.iter().enumerate() {
        let case = cases.iter().find(|c| c.pattern == phrase.pattern);
        let Some(Case {
            text, fact: want, ..
        }) = case
        else {
            panic!("no test of the phrase `{}`", phrase.pattern);
        };
        let found = scan(text, Mode::Strict).found;
        let hit = found.iter().find(|f| f.entry == entry);
        assert_eq!(
            hit.and_then(|f| f.fact.clone()).as_ref(),
            Some(want),
            "`{text}` by `{}`: {found:?}",
            phrase.pattern
        );
    }
}

fn facts(text: &str, mode: Mode) -> Vec<Fact> {
    scan(text, mode)
        .found
        .into_iter()
        .filter_map(|f| f.fact)
        .filter(|f| *f != Fact::Joiner)
        .collect()
}

#[test]
fn a_cell_of_the_seed_plan() {
    assert_eq!(
        facts(
            "17 giờ 45 phút thứ Tư, tuần 3 – kênh KG và phát lại lúc 06 giờ kênh KG ngày hôm sau, thời lượng 12 phút",
            Mode::Strict
        ),
        vec![
            at(17, 45),
            Fact::Day(Weekday::Wed),
            Fact::Nth(3),
            outlet(Medium::Tv, Some("KG"), None),
            Fact::Rerun,
            at(6, 0),
            outlet(Medium::Tv, Some("KG"), None),
            Fact::DaysAfter(1),
            Fact::Length(720),
        ]
    );
}

#[test]
fn months_stop_before_a_time() {
    assert_eq!(
        facts(
            "(thứ Hai/ tuần 1/ tháng 5, 7) - kênh KG; tháng 5, 06 giờ",
            Mode::Strict
        ),
        vec![
            Fact::Day(Weekday::Mon),
            Fact::Nth(1),
            Fact::Months(vec![month(5, None), month(7, None)]),
            outlet(Medium::Tv, Some("KG"), None),
            Fact::Months(vec![month(5, None)]),
            at(6, 0),
        ]
    );
}

/// A name goes on over a word that would end it written small (`định`
/// of `định kỳ`) when it is written with a capital (`Bình Định`), and
/// ends at the verb after it.
#[test]
fn a_name_goes_on_over_a_capital_stop_word() {
    assert_eq!(
        facts(
            "Báo Bình Định đăng chuyên trang vào thứ Sáu",
            Mode::Tolerant
        ),
        vec![
            outlet(Medium::Newspaper, None, Some("Bình Định")),
            Fact::Day(Weekday::Fri),
        ]
    );
    assert_eq!(
        facts("Báo Kiên Giang định kỳ hằng tháng", Mode::Tolerant),
        vec![
            outlet(Medium::Newspaper, None, Some("Kiên Giang")),
            Fact::Every(Every::Month),
        ]
    );
}

#[test]
fn out_of_range_numbers_are_found_but_state_nothing() {
    for text in ["25 giờ", "tuần 6", "thứ 9", "17 giờ 75"] {
        let found = scan(text, Mode::Strict).found;
        assert!(!found.is_empty(), "{text}");
        assert!(found.iter().all(|f| f.fact.is_none()), "{text}: {found:?}");
    }
}

/// Strict mode names the first word it cannot read, at its column.
#[test]
fn strict_mode_refuses_at_the_word() {
    assert!(strict("17 giờ 45 phút thứ Tư tuần 3 hằng tháng").is_ok());
    let err = strict("17 giờ 45 thú Tư tuần 3").unwrap_err();
    assert_eq!((err.column, err.quote.as_str()), (11, "thú Tư"));
    let err = strict("20 giờ thứ Hai, khi có điều kiện").unwrap_err();
    assert_eq!((err.column, err.quote.as_str()), (17, "khi có điều kiện"));
    let err = strict("25 giờ thứ Hai").unwrap_err();
    assert_eq!(err.quote, "25 giờ");
}

/// Tolerant mode reads OCR and typing slips as the nearest word of the
/// grammar, and says which.
#[test]
fn tolerant_mode_reads_slips_and_names_them() {
    let cases: &[(&str, Fact, &str, &str)] = &[
        ("thú Tư", Fact::Day(Weekday::Wed), "thú", "thứ"),
        ("thứ Năn", Fact::Day(Weekday::Thu), "Năn", "năm"),
        ("tuần Z", Fact::Nth(2), "Z", "2"),
        (
            "thág 11",
            Fact::Months(vec![month(11, None)]),
            "thág",
            "tháng",
        ),
        ("O6 giờ", at(6, 0), "O6", "6"),
        ("14.400.000 dồng", money(14_400_000_000, 1), "dồng", "đồng"),
    ];
    for (text, fact, written, read_as) in cases {
        let s = scan(text, Mode::Tolerant);
        let f = s.found.first().unwrap();
        assert_eq!(f.fact.as_ref(), Some(fact), "{text}");
        assert_eq!(
            (f.noise[0].written.as_str(), f.noise[0].read_as.as_str()),
            (*written, *read_as),
            "{text}"
        );
        assert!(scan(text, Mode::Strict)
            .found
            .iter()
            .all(|f| f.noise.is_empty()));
    }
    // A proper name is not read as a word of the grammar.
    assert!(facts("Pháp luật Việt Nam 2024", Mode::Tolerant).is_empty());
}

/// Words of no phrase are given back; an aside about no time is a remark.
#[test]
fn unread_words_and_asides() {
    let s = scan("20 giờ ngày 16/02/2026 (đêm Giao thừa)", Mode::Tolerant);
    assert!(s.unread.is_empty(), "{s:?}");
    assert_eq!(s.remarks[0].quote, "đêm Giao thừa");
    let s = scan("17 giờ 30 thứ Tư tuần X hằng tháng", Mode::Tolerant);
    assert_eq!(s.unread[0].quote, "tuần X");
    let s = scan("khi có điều kiện", Mode::Tolerant);
    assert_eq!(s.unread[0].quote, "khi có điều kiện");
    assert!(s.remarks.is_empty());
}

/// A time or a length written alone, as the schedule file's fields take
/// them; anything else is not one.
#[test]
fn clocks_and_lengths_alone() {
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0);
    for (text, want) in [
        ("17:45", t(17, 45)),
        ("17h45", t(17, 45)),
        ("17 giờ 45", t(17, 45)),
        ("17 giờ 45 phút", t(17, 45)),
        ("06 giờ", t(6, 0)),
        ("25 giờ", None),
        ("17 giờ thứ Tư", None),
        ("giờ", None),
    ] {
        assert_eq!(super::clock(text), want, "{text}");
    }
    for (text, want) in [
        ("12 phút", Some("PT12M")),
        ("1 giờ 30 phút", Some("PT90M")),
        ("2 giờ", Some("PT120M")),
        ("45 giây", Some("PT45S")),
        ("1 ngày", Some("P1D")),
        ("7 ngày", Some("P7D")),
        ("2 tuần", Some("P2W")),
        ("3 tháng", Some("P3M")),
        ("1 năm", Some("P1Y")),
        ("1 tháng 15 ngày", Some("P1M15D")),
        ("15 ngày 1 tháng", None),
        ("1 tháng 1 tháng", None),
        ("11 năm", None),
        ("0 ngày", None),
        ("12 phút thứ Tư", None),
        ("PT12M", None),
    ] {
        assert_eq!(super::length(text).as_deref(), want, "{text}");
    }
}
