//! What `castcal import` writes beside what it read: the comments of the
//! schedule file and the warnings on standard error, Vietnamese then
//! English.
//!
//! The sentences take what they name already written (times `17:45`,
//! rules, quotes), so that this module holds only words.

use super::{words, Lang};

words! {
    /// The fixed words of the written file and the warnings.
    pub struct Words {
        warning: &'static str = "cảnh báo", "warning";
        /// The file's first comment.
        imported: &'static str =
            "Tệp lịch này do castcal import đọc từ văn bản kế hoạch",
            "This schedule was read from the plan's document by castcal import";
        /// How to review it.
        review: [&'static str; 3] =
            [
                "Trên mỗi hoạt động: ô gốc của bảng, những gì đã đọc, những gì là giả định.",
                "Trước khi công bố: đọc các dòng \"Giả định\" và \"Chưa hiểu\", sửa nếu cần,",
                "rồi chạy `castcal check` (nó báo các chỗ kế hoạch tự mâu thuẫn).",
            ],
            [
                "Above each activity: the table's own cells, what was read, what was assumed.",
                "Before publishing: read the \"Assumed\" and \"Not understood\" lines, correct",
                "what needs it, then run `castcal check` (it reports where the plan contradicts itself).",
            ];
        /// Above the holiday files found beside the schedule file.
        holidays_found: &'static str =
            "Giả định: ngày nghỉ lấy từ thư mục holidays/ bên cạnh tệp này, theo năm của kế hoạch; kiểm tra lại",
            "Assumed: the days off are the holidays/ files beside this file for the plan's year; check them";
        /// When no holiday file is named.
        no_holidays: &'static str =
            "Không có tệp ngày nghỉ: castcal check sẽ không báo buổi nào rơi vào ngày lễ; thêm holidays: [\"holidays/vn-NĂM.yaml\"]",
            "No holiday file: castcal check will report no occurrence on a holiday; add holidays: [\"holidays/vn-YEAR.yaml\"]";
        /// The columns quoted above an activity.
        item: &'static str = "Mục", "Item";
        when: &'static str = "Thời gian thực hiện", "When";
        product: &'static str = "Sản phẩm", "Product";
        budget: &'static str = "Kinh phí", "Budget";
        /// A sentence of the document quoted.
        text: &'static str = "Văn bản", "Text";
        /// The three lists under them.
        read: &'static str = "Đã đọc", "Read";
        assumed: &'static str = "Giả định", "Assumed";
        not_understood: &'static str = "Chưa hiểu", "Not understood";
        /// The heading of the reports of section III.
        reports: &'static str =
            "Báo cáo định kỳ (mục III của kế hoạch)",
            "Periodic reports (section III of the plan)";
        /// Titles of the reports.
        report_titles: [&'static str; 3] =
            [
                "Báo cáo quý tình hình thực hiện kế hoạch",
                "Báo cáo 6 tháng tình hình thực hiện kế hoạch",
                "Báo cáo năm tình hình thực hiện kế hoạch",
            ],
            [
                "Quarterly report on the plan's progress",
                "Half-yearly report on the plan's progress",
                "Yearly report on the plan's progress",
            ];
        /// What follows `phát lại`.
        rerun_marker: &'static str =
            "phần sau là các lần phát lại",
            "what follows are the reruns";
        ongoing: &'static str =
            "suốt kỳ kế hoạch, không ấn định ngày",
            "throughout the period, no day fixed";
        no_budget: &'static str =
            "xã hội hóa: kế hoạch không chi kinh phí, không ghi budget_vnd",
            "funded privately (xã hội hóa): no budget_vnd";
        no_length: &'static str =
            "không ghi thời lượng: giả định 30 phút, để trạng thái dự kiến",
            "no length given: 30 minutes assumed, and tentative";
        no_time: &'static str =
            "không ghi giờ: cả ngày",
            "no time of day given: all day";
        rerun_same_day: &'static str =
            "không ghi ngày phát lại: giả định cùng ngày với buổi phát đầu",
            "no day given for the rerun: the premiere's day assumed";
        event_once: &'static str =
            "một sự kiện chưa có ngày: expect 1",
            "one event with no date yet: expect 1";
        reports_due: &'static str =
            "kế hoạch không ấn định ngày nộp: giả định hạn là ngày cuối của kỳ báo cáo, trạng thái dự kiến",
            "the plan fixes no date: assumed due on the last day of the period reported on, tentative";
    }
}

/// `lúc 17:45`.
pub fn at(lang: Lang, time: &str) -> String {
    match lang {
        Lang::Vi => format!("lúc {time}"),
        Lang::En => format!("at {time}"),
    }
}

/// `vào Thứ Tư`.
pub fn weekday(lang: Lang, day: &str) -> String {
    match lang {
        Lang::Vi => format!("vào {day}"),
        Lang::En => format!("on {day}"),
    }
}

/// The reading of `tuần N` with a weekday: the n-th weekday of the month.
pub fn nth_weekday(lang: Lang, n: i8, day: &str, byday: &str) -> String {
    match (lang, n) {
        (Lang::Vi, -1) => format!("{day} cuối cùng của tháng (BYDAY={byday})"),
        (Lang::En, -1) => format!("the last {day} of the month (BYDAY={byday})"),
        (Lang::Vi, n) => format!(
            "{day} thứ {n} của tháng (BYDAY={byday}); không phải {day} của tuần lịch thứ {n}: cách đọc duy nhất giữ mọi buổi trong tháng của nó (README, \"Thứ Tư, tuần 3\")"
        ),
        (Lang::En, n) => format!(
            "the {} {day} of the month (BYDAY={byday}); not the {day} of the month's calendar week {n}: the only reading that keeps every item in its month (README, \"Thứ Tư, tuần 3\")",
            ordinal(n)
        ),
    }
}

fn ordinal(n: i8) -> String {
    match n {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

/// `tuần đầu` or `tuần cuối` with no weekday: a 7-day window.
pub fn week_window(lang: Lang, n: i8, day: i32) -> String {
    match (lang, n) {
        (Lang::Vi, -1) => {
            "tuần cuối của tháng, không nói thứ mấy: 7 ngày cuối tháng (BYMONTHDAY=-7)".into()
        }
        (Lang::En, -1) => {
            "the last week of the month, no weekday: its last 7 days (BYMONTHDAY=-7)".into()
        }
        (Lang::Vi, n) => format!(
            "tuần {n} của tháng, không nói thứ mấy: 7 ngày từ ngày {day} (BYMONTHDAY={day})"
        ),
        (Lang::En, n) => {
            format!("week {n} of the month, no weekday: 7 days from day {day} (BYMONTHDAY={day})")
        }
    }
}

/// `hằng tuần`.
pub fn every(lang: Lang, what: usize) -> String {
    let vi = ["hằng ngày", "hằng tuần", "hằng tháng", "hằng quý"];
    let en = ["every day", "every week", "every month", "every quarter"];
    let list = match lang {
        Lang::Vi => vi,
        Lang::En => en,
    };
    list.get(what).copied().unwrap_or_default().to_string()
}

/// `trong tháng 5, 7`.
pub fn months(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Vi => format!("trong tháng {list}"),
        Lang::En => format!("in month {list}"),
    }
}

/// `quý 3 (tháng 7–9)`.
pub fn quarters(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Vi => format!("trong quý {list}"),
        Lang::En => format!("in quarter {list}"),
    }
}

/// `6 tháng đầu năm`.
pub fn half(lang: Lang, which: u8) -> String {
    match (lang, which) {
        (Lang::Vi, 1) => "6 tháng đầu năm (tháng 1–6)".into(),
        (Lang::Vi, _) => "6 tháng cuối năm (tháng 7–12)".into(),
        (Lang::En, 1) => "the first half of the year (months 1–6)".into(),
        (Lang::En, _) => "the second half of the year (months 7–12)".into(),
    }
}

/// `năm 2023`.
pub fn year(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Vi => format!("trong năm {year}, không ấn định ngày"),
        Lang::En => format!("during {year}, no day fixed"),
    }
}

/// An outlet read.
pub fn outlet(lang: Lang, id: &str, name: &str) -> String {
    match lang {
        Lang::Vi => format!("trên {id} ({name})"),
        Lang::En => format!("on {id} ({name})"),
    }
}

/// An outlet named in the same cell after the one used.
pub fn other_outlet(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "{name}: một hoạt động chỉ chiếm một kênh; dùng kênh được nêu đầu tiên, kênh này để trong phần phối hợp"
        ),
        Lang::En => format!(
            "{name}: an activity occupies one outlet; the first named is used, this one is left to the partners"
        ),
    }
}

/// A frequency.
pub fn frequency(lang: Lang, mhz: &str) -> String {
    match lang {
        Lang::Vi => format!("tần số {mhz} MHz, ghi vào tên kênh"),
        Lang::En => format!("frequency {mhz} MHz, kept in the outlet's name"),
    }
}

/// A rerun read: `phát lại sau 1 ngày lúc 06:00 trên KG`.
pub fn rerun(lang: Lang, days_after: u32, at: &str, outlet: &str) -> String {
    match lang {
        Lang::Vi => format!("phát lại sau {days_after} ngày, {at}, trên {outlet}"),
        Lang::En => format!("rerun {days_after} day(s) after, at {at}, on {outlet}"),
    }
}

/// `ngày hôm sau`.
pub fn days_after(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Vi => format!("{n} ngày sau buổi phát đầu"),
        Lang::En => format!("{n} day(s) after the premiere"),
    }
}

/// A weekday in the rerun's part, which describes the rerun's day.
pub fn rerun_day(lang: Lang, agrees: bool) -> String {
    match (lang, agrees) {
        (Lang::Vi, true) => "ngày của lần phát lại, khớp với số ngày sau buổi phát đầu".into(),
        (Lang::En, true) => "the rerun's day, as the days after the premiere give".into(),
        (Lang::Vi, false) => {
            "ngày của lần phát lại, KHÔNG khớp với số ngày sau buổi phát đầu; lịch theo số ngày".into()
        }
        (Lang::En, false) => {
            "the rerun's day, which does NOT agree with the days after the premiere; the days are used".into()
        }
    }
}

/// A length.
pub fn minutes(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Vi => format!("dài {n} phút"),
        Lang::En => format!("{n} minutes long"),
    }
}

/// A declared count: `12 mỗi năm`.
pub fn count(lang: Lang, n: u32, per: &str) -> String {
    match lang {
        Lang::Vi => format!("kế hoạch khai báo {n} {per}"),
        Lang::En => format!("the plan declares {n} {per}"),
    }
}

/// What a count is per, for [`count`]: week, month, quarter, first half,
/// second half, year.
pub fn per(lang: Lang, which: usize) -> &'static str {
    let vi = [
        "mỗi tuần",
        "mỗi tháng",
        "mỗi quý",
        "trong 6 tháng đầu năm",
        "trong 6 tháng cuối năm",
        "mỗi năm",
    ];
    let en = [
        "a week",
        "a month",
        "a quarter",
        "in the first half",
        "in the second half",
        "a year",
    ];
    match lang {
        Lang::Vi => vi.get(which).copied().unwrap_or_default(),
        Lang::En => en.get(which).copied().unwrap_or_default(),
    }
}

/// A budget.
pub fn budget(lang: Lang, amount: &str) -> String {
    match lang {
        Lang::Vi => format!("kinh phí {amount} đồng"),
        Lang::En => format!("budget {amount} đồng"),
    }
}

/// Reports read.
pub fn reports(lang: Lang, which: &str) -> String {
    match lang {
        Lang::Vi => format!("báo cáo định kỳ: {which}"),
        Lang::En => format!("periodic reports: {which}"),
    }
}

/// `quý`, `6 tháng`, `năm` for [`reports`].
pub fn report_kinds(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Vi => ["hằng quý", "6 tháng", "năm"],
        Lang::En => ["quarterly", "half-yearly", "yearly"],
    }
}

/// Whom reports go to, through whom.
pub fn report_to(lang: Lang, to: &str) -> String {
    match lang {
        Lang::Vi => format!("gửi {to} (phối hợp)"),
        Lang::En => format!("sent to {to} (partner)"),
    }
}

/// Through whom reports go.
pub fn via(lang: Lang, via: &str) -> String {
    match lang {
        Lang::Vi => format!("qua {via} (chủ trì)"),
        Lang::En => format!("through {via} (lead)"),
    }
}

/// A window of each month, quarter, … with no day fixed.
pub fn windows(lang: Lang, what: &str, duration: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến ({what}, {duration})"
        ),
        Lang::En => format!("no day fixed: each one is a tentative window ({what}, {duration})"),
    }
}

/// `hằng tháng` with a weekday and no week: which one.
pub fn first_week_assumed(lang: Lang, day: &str) -> String {
    match lang {
        Lang::Vi => {
            format!("không nói tuần nào của tháng: giả định {day} đầu tiên, trạng thái dự kiến")
        }
        Lang::En => format!("no week of the month given: the first {day} assumed, and tentative"),
    }
}

/// How `expect` was reckoned from the declared counts.
pub fn expect_from(lang: Lang, expect: u32, how: &str) -> String {
    match lang {
        Lang::Vi => format!("expect {expect} ({how})"),
        Lang::En => format!("expect {expect} ({how})"),
    }
}

/// A count per month and a count per year that disagree: both kept.
pub fn counts_disagree(lang: Lang, per_month: u32, months: u32, per_year: u32) -> String {
    let total = per_month.saturating_mul(months);
    match lang {
        Lang::Vi => format!(
            "kế hoạch ghi {per_month} mỗi tháng (= {total} trong {months} tháng) nhưng {per_year} mỗi năm: lịch giữ cách xếp của văn bản, expect giữ con số của năm, `castcal check` sẽ báo chênh lệch"
        ),
        Lang::En => format!(
            "the plan says {per_month} a month (= {total} in {months} months) but {per_year} a year: the calendar keeps the document's pattern, expect its yearly figure, and `castcal check` reports the difference"
        ),
    }
}

/// The cell could not be read as a time: a window of the period instead.
pub fn when_not_understood(lang: Lang, cell: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "không đọc được thời gian \"{cell}\": ghi thành một khoảng dự kiến của cả kỳ kế hoạch; hãy sửa start, rrule và duration"
        ),
        Lang::En => format!(
            "cannot read the time \"{cell}\": written as a tentative window of the whole period; correct start, rrule and duration"
        ),
    }
}

/// A time of day with no day to put it on.
pub fn time_without_day(lang: Lang, time: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "có giờ ({time}) nhưng không có ngày: ghi thành một khoảng dự kiến của cả kỳ; hãy ghi ngày phát"
        ),
        Lang::En => format!(
            "a time ({time}) but no day: written as a tentative window of the whole period; give its day"
        ),
    }
}

/// A phrase whose numbers are out of range.
pub fn invalid(lang: Lang, quote: &str) -> String {
    match lang {
        Lang::Vi => format!("\"{quote}\" không phải giá trị hợp lệ; bỏ qua"),
        Lang::En => format!("\"{quote}\" is not a valid value; left out"),
    }
}

/// A budget cell with no amount.
pub fn budget_not_understood(lang: Lang, cell: &str) -> String {
    match lang {
        Lang::Vi => format!("không đọc được kinh phí \"{cell}\": không ghi budget_vnd"),
        Lang::En => format!("cannot read the budget \"{cell}\": no budget_vnd written"),
    }
}

/// A warning's place in the table: `mục 3`.
pub fn in_item(lang: Lang, item: &str, what: &str) -> String {
    match lang {
        Lang::Vi => format!("mục {item}: {what}"),
        Lang::En => format!("item {item}: {what}"),
    }
}
