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
        /// A warning that is an assumption.
        assumption: &'static str = "giả định", "assumed";
        not_a_file: &'static str =
            "không phải một tệp thường (thư mục, FIFO hay thiết bị): hãy đưa tệp văn bản kế hoạch",
            "not a regular file (a folder, FIFO or device): give the plan's document";
        no_document_xml: &'static str =
            "tệp zip không có word/document.xml: không phải văn bản Word",
            "a zip file without word/document.xml: not a Word document";
        doctype: &'static str =
            "có khai báo kiểu tài liệu (DOCTYPE), có thể định nghĩa thực thể XML; Word không viết như vậy: từ chối",
            "holds a document type declaration (DOCTYPE), which could declare XML entities; Word never writes one: refused";
        no_year: &'static str =
            "không thấy năm: cần ngày ký (\"ngày 06 tháng 3 năm 2023\") hoặc \"năm 2023\" trong tên kế hoạch",
            "no year: expected the plan's date (\"ngày 06 tháng 3 năm 2023\") or \"năm 2023\" in its title";
        no_plan: &'static str =
            "không thấy kế hoạch: không có bảng hoạt động (hàng tiêu đề có cột nội dung và cột thời gian, ngày hoặc giờ) và không đoạn văn nào nêu thời gian thực hiện",
            "no plan: no table of activities (a header row with a content column and a time, date or hour column) and no paragraph that says when something is done";
        truncated: &'static str =
            "văn bản quá dài: phần sau không được đọc",
            "the document is too long: the rest was not read";
        other_week: &'static str = "cách tuần (INTERVAL=2)", "every other week (INTERVAL=2)";
        live: &'static str = "truyền hình trực tiếp", "carried live";
        not_fixed: &'static str = "kế hoạch ghi là dự kiến", "the plan says it is not yet fixed";
        first_week: &'static str =
            "không nói tuần nào của tháng: giả định tuần đầu",
            "no week of the month given: the first assumed";
        no_day: &'static str =
            "có giờ nhưng không có ngày: ghi thành một khoảng dự kiến của cả kỳ; hãy ghi ngày",
            "a time but no day: written as a tentative window of the whole period; give its day";
        nothing_placed: &'static str =
            "không xếp được ngày nào: ghi thành một khoảng dự kiến của cả kỳ; hãy sửa start, rrule và duration",
            "no day could be placed: written as a tentative window of the whole period; correct start, rrule and duration";
        other_week_dropped: &'static str =
            "cách tuần trong các tháng rời nhau: không viết được thành một quy tắc, ghi là hằng tuần",
            "every other week in months apart: no one rule says it, written as every week";
        weekends_only: &'static str =
            "ngày làm việc tính trừ thứ Bảy, Chủ nhật; chưa trừ ngày lễ",
            "working days counted without Saturdays and Sundays; public holidays not yet taken out";
        rerun_unfit: &'static str =
            "ngày phát lại theo thứ không hợp với mọi ngày phát đầu: không ghi lần phát lại này",
            "the rerun's weekday does not fit every premiere's: this rerun is not written";
        unread_words: &'static str = "không đọc được", "not read";
        /// A weekday or week after `phát lại`.
        rerun_weekday: &'static str = "ngày của lần phát lại", "the rerun's day";
        remark: &'static str = "ghi chú, không ảnh hưởng lịch", "a remark, no bearing on dates";
        realigned: &'static str =
            "số ô của hàng không khớp số cột (mất hoặc thừa dấu tab): các ô được xếp vào cột theo nội dung",
            "the row has more or fewer cells than columns (a tab lost or doubled): its cells were put in the columns they fit";
        inherited_time: &'static str =
            "ô thời gian để trống: giả định là ô gộp với hàng trên (văn bản không ghi ô gộp), lấy thời gian của hàng trên",
            "the time cell is empty: taken as merged with the row above (text does not say), its time used";
        inherited_office: &'static str =
            "ô đơn vị để trống: lấy của hàng trên (ô gộp)",
            "the office cells are empty: those of the row above (merged cells)";
        merged: &'static str =
            "có ô gộp với hàng trên (vMerge): dùng nội dung của ô đó",
            "some cells are merged with the row above (vMerge): their text used";
        ocr: &'static str =
            "đọc từ ảnh quét (OCR): cần đối chiếu với bản gốc",
            "read from a scan (OCR): check it against the original";
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
        /// When the built-in calendar is named.
        holidays_built_in: &'static str =
            "Ngày nghỉ: lịch có sẵn của Việt Nam (VN), gồm ngày nghỉ bù và ngày làm bù theo thông báo của Chính phủ; thêm tệp ngày nghỉ riêng của tỉnh nếu có",
            "Days off: Vietnam's built-in calendar (VN), with the days off in lieu and the make-up working days the government announced; add the province's own holiday file if it has one";
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
        due_last_working: &'static str =
            "hạn ngày làm việc cuối cùng của mỗi tháng", "due on the last working day of each month";
        no_budget: &'static str =
            "xã hội hóa: kế hoạch không chi kinh phí, không ghi budget_vnd",
            "funded privately (xã hội hóa): no budget_vnd";
        no_length: &'static str =
            "không ghi thời lượng: giả định 30 phút",
            "no length given: 30 minutes assumed";
        no_time: &'static str =
            "không ghi giờ: cả ngày",
            "no time of day given: all day";
        rerun_same_day: &'static str =
            "không ghi ngày phát lại: giả định cùng ngày với buổi phát đầu",
            "no day given for the rerun: the premiere's day assumed";
        /// What `import` says when it is done: its labels.
        summary: [&'static str; 6] =
            ["hoạt động", "lần (buổi phát và hạn)", "có giờ", "dự kiến", "cần xem lại", "tổng kinh phí"],
            ["activities", "occurrences", "timed", "tentative", "to review", "budget total"];
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
            "{day} thứ {n} của tháng (BYDAY={byday}); không phải {day} của tuần lịch thứ {n}: cách đọc duy nhất giữ mọi buổi trong tháng của nó (docs/reference/schedule-file.md, \"Thứ Tư, tuần 3\")"
        ),
        (Lang::En, n) => format!(
            "the {} {day} of the month (BYDAY={byday}); not the {day} of the month's calendar week {n}: the only reading that keeps every item in its month (docs/reference/schedule-file.md, \"Thứ Tư, tuần 3\")",
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
pub fn week_window(lang: Lang, n: i8) -> String {
    let day = (i32::from(n) - 1) * 7 + 1;
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
    let vi = [
        "hằng ngày",
        "hằng tuần",
        "hằng tháng",
        "hằng quý",
        "hằng năm",
    ];
    let en = [
        "every day",
        "every week",
        "every month",
        "every quarter",
        "every year",
    ];
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

/// A rerun's time dropped because its premiere has none (the schedule
/// file gives an all-day activity whole-day reruns).
pub fn rerun_all_day(lang: Lang, at: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "buổi phát đầu không có giờ nên lần phát lại lúc {at} được ghi cả ngày; khi sửa giờ của start, thêm lại at: \"{at}\""
        ),
        Lang::En => format!(
            "the premiere has no time, so the rerun at {at} is written as a whole day; once start has its time, put back at: \"{at}\""
        ),
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
        "cả kỳ",
        "mỗi nơi, mỗi đơn vị (tổng số không ghi)",
    ];
    let en = [
        "a week",
        "a month",
        "a quarter",
        "in the first half",
        "in the second half",
        "a year",
        "in all",
        "for each place or body (no total given)",
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

/// What a window of this length is: `mỗi quý, P3M`.
fn window_of(lang: Lang, span: &str) -> String {
    let vi = [
        ("P7D", "một tuần"),
        ("P1M", "một tháng"),
        ("P3M", "một quý"),
        ("P6M", "nửa năm"),
        ("P1Y", "cả năm"),
    ];
    let en = [
        ("P7D", "a week"),
        ("P1M", "a month"),
        ("P3M", "a quarter"),
        ("P6M", "half a year"),
        ("P1Y", "the whole year"),
    ];
    let list = match lang {
        Lang::Vi => vi,
        Lang::En => en,
    };
    match list.iter().find(|(s, _)| *s == span) {
        Some((_, words)) => format!("{words}, {span}"),
        None => span.to_string(),
    }
}

/// A window of each month, quarter, … with no day fixed.
pub fn windows(lang: Lang, span: &str) -> String {
    let what = window_of(lang, span);
    match lang {
        Lang::Vi => format!("không ấn định ngày: mỗi lần là một khoảng thời gian dự kiến ({what})"),
        Lang::En => format!("no day fixed: each one is a tentative window ({what})"),
    }
}

/// A window that is the activity's own time (a span, or months a
/// campaign or many sessions fill).
pub fn window_firm(lang: Lang, span: &str) -> String {
    let span = window_of(lang, span);
    match lang {
        Lang::Vi => {
            format!("không ấn định ngày: hoạt động diễn ra trong cả khoảng thời gian ({span})")
        }
        Lang::En => format!("no day fixed: the activity runs through the window ({span})"),
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

fn two(lang: Lang, vi: String, en: String) -> String {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// A document over the size limit.
pub fn too_large(lang: Lang, bytes: u64) -> String {
    let mib = bytes / 1024 / 1024;
    two(
        lang,
        format!("lớn hơn {mib} MiB; văn bản kế hoạch nhỏ hơn nhiều"),
        format!("larger than {mib} MiB; a plan's document is much smaller"),
    )
}

/// Text that is not UTF-8.
pub fn not_utf8(lang: Lang, byte: usize) -> String {
    two(
        lang,
        format!("không phải UTF-8 tại byte {byte}: hãy đưa kế hoạch dạng văn bản UTF-8, tệp Word (.docx) hoặc PDF"),
        format!("not UTF-8 at byte {byte}: give the plan as UTF-8 text, as a Word file (.docx) or as a PDF"),
    )
}

/// A zip file that cannot be read.
pub fn not_zip(lang: Lang, why: &str) -> String {
    two(
        lang,
        format!("không đọc được tệp zip (.docx): {why}"),
        format!("not a readable zip file (.docx): {why}"),
    )
}

/// Word's XML that cannot be read, at a byte of `word/document.xml`.
pub fn xml_unreadable(lang: Lang, why: &str, byte: u64) -> String {
    two(
        lang,
        format!("XML hỏng ở byte {byte} ({why}); hãy mở tệp bằng Word hoặc LibreOffice, lưu lại dạng .docx rồi thử lại"),
        format!("broken XML at byte {byte} ({why}); open the file in Word or LibreOffice, save it again as .docx and try again"),
    )
}

/// A Word file that unpacks to too much.
pub fn xml_too_large(lang: Lang, bytes: u64) -> String {
    let mib = bytes / 1024 / 1024;
    two(
        lang,
        format!("word/document.xml giải nén ra hơn {mib} MiB: từ chối (tệp nén bất thường)"),
        format!("word/document.xml unpacks to more than {mib} MiB: refused (an abnormal archive)"),
    )
}

/// A year out of range.
pub fn year_out_of_range(lang: Lang, year: i32) -> String {
    two(
        lang,
        format!("năm {year} ngoài khoảng cho phép"),
        format!("the year {year} is out of range"),
    )
}

/// `từ 08:00 đến 09:30`.
pub fn between(lang: Lang, a: &str, b: &str) -> String {
    two(lang, format!("từ {a} đến {b}"), format!("from {a} to {b}"))
}

/// The n-th weekday of the month.
pub fn nth(lang: Lang, n: i8) -> String {
    match (lang, n) {
        (Lang::Vi, -1) => "cuối cùng của tháng".into(),
        (Lang::En, -1) => "the last of the month".into(),
        (Lang::Vi, n) => {
            format!("thứ {n} của tháng (không phải tuần lịch thứ {n}; docs/reference/schedule-file.md, \"Thứ Tư, tuần 3\")")
        }
        (Lang::En, n) => format!(
            "the {} of the month (not calendar week {n}; docs/reference/schedule-file.md, \"Thứ Tư, tuần 3\")",
            ordinal(n)
        ),
    }
}

/// `ngày 10, 25 hằng tháng`.
pub fn month_days(lang: Lang, list: &str) -> String {
    two(
        lang,
        format!("ngày {list} của tháng"),
        format!("day {list} of the month"),
    )
}

/// `ngày 09/11/2024`.
pub fn dates(lang: Lang, list: &str) -> String {
    two(lang, format!("ngày {list}"), format!("on {list}"))
}

/// The first or last month of each quarter.
pub fn quarter_month(lang: Lang, m: u32) -> String {
    two(
        lang,
        format!("tháng thứ {m} của quý"),
        format!("month {m} of the quarter"),
    )
}

/// `từ 01/03 đến 15/03`.
pub fn span(lang: Lang, a: &str, b: &str) -> String {
    two(lang, format!("từ {a} đến {b}"), format!("from {a} to {b}"))
}

/// `bắt đầu từ 05/01/2027`.
pub fn from(lang: Lang, a: &str) -> String {
    two(lang, format!("bắt đầu từ {a}"), format!("starting {a}"))
}

/// `trừ tháng 2`.
pub fn except(lang: Lang, what: &str) -> String {
    two(lang, format!("trừ {what}"), format!("except {what}"))
}

/// A rerun's weekday relative to its premiere's: same week, next week, next.
pub fn relation(lang: Lang, which: usize) -> String {
    let vi = [
        "cùng tuần với buổi phát đầu",
        "tuần sau buổi phát đầu",
        "ngay sau buổi phát đầu",
    ];
    let en = [
        "in the premiere's week",
        "in the week after the premiere's",
        "the first after the premiere",
    ];
    let list = match lang {
        Lang::Vi => vi,
        Lang::En => en,
    };
    list.get(which).copied().unwrap_or_default().to_string()
}

/// A length in seconds.
pub fn length(lang: Lang, seconds: u32) -> String {
    if seconds.is_multiple_of(60) {
        minutes(lang, seconds / 60)
    } else {
        two(
            lang,
            format!("dài {seconds} giây"),
            format!("{seconds} seconds long"),
        )
    }
}

/// Due on a day.
pub fn due_on(lang: Lang, day: &str) -> String {
    two(lang, format!("hạn ngày {day}"), format!("due on {day}"))
}

/// Due on a day of a month of each quarter.
pub fn due_quarter(lang: Lang, day: u32, month: u32) -> String {
    two(
        lang,
        format!("hạn ngày {day} của tháng thứ {month} mỗi quý"),
        format!("due on day {day} of month {month} of each quarter"),
    )
}

/// Due on a day of each month.
pub fn due_month(lang: Lang, day: u32) -> String {
    two(
        lang,
        format!("hạn ngày {day} hằng tháng"),
        format!("due on day {day} of each month"),
    )
}

/// Due so many working days after each period.
pub fn due_working(lang: Lang, days: u32, period: usize) -> String {
    let vi = ["tháng", "quý", "6 tháng", "năm"];
    let en = ["month", "quarter", "half-year", "year"];
    match lang {
        Lang::Vi => format!(
            "hạn {days} ngày làm việc sau khi hết mỗi {}",
            vi.get(period).copied().unwrap_or_default()
        ),
        Lang::En => format!(
            "due {days} working days after each {} ends",
            en.get(period).copied().unwrap_or_default()
        ),
    }
}

/// A day outside the plan's period.
pub fn outside(lang: Lang, day: &str) -> String {
    two(
        lang,
        format!("ngày {day} ngoài kỳ kế hoạch: không ghi"),
        format!("{day} is outside the plan's period: left out"),
    )
}

/// A word read as another.
pub fn noise(lang: Lang, written: &str, read_as: &str) -> String {
    two(
        lang,
        format!("\"{written}\" được đọc là \"{read_as}\" (lỗi gõ hoặc lỗi quét)"),
        format!("\"{written}\" read as \"{read_as}\" (a typing or scanning slip)"),
    )
}

/// A budget cell merged with the one of another item.
pub fn shared_budget(lang: Lang, with: &str) -> String {
    two(
        lang,
        format!("ô kinh phí gộp với mục {with}: kinh phí chung, đã tính một lần ở mục đó"),
        format!("the budget cell is merged with item {with}'s: one budget, counted once there"),
    )
}

/// A bare amount in a column whose header gives the unit.
pub fn budget_in(lang: Lang, amount: &str, header: &str) -> String {
    if header.is_empty() {
        two(
            lang,
            format!("kinh phí {amount} đồng (không ghi đơn vị: giả định là đồng)"),
            format!("budget {amount} đồng (no unit written: đồng assumed)"),
        )
    } else {
        two(
            lang,
            format!("kinh phí {amount} đồng (đơn vị theo tiêu đề cột \"{header}\")"),
            format!("budget {amount} đồng (the unit of the column \"{header}\")"),
        )
    }
}

/// A budget taken from the estimate table.
pub fn from_estimate(lang: Lang, amount: &str, row: &str) -> String {
    two(
        lang,
        format!("kinh phí {amount} đồng, từ bảng dự toán, dòng {row}"),
        format!("budget {amount} đồng, from the estimate table, row {row}"),
    )
}

/// The plan's total and the budgets read disagree.
pub fn total_differs(lang: Lang, plan: &str, read: &str) -> String {
    two(
        lang,
        format!("tổng kinh phí kế hoạch ghi {plan} đồng nhưng cộng các hoạt động được {read} đồng: hãy kiểm tra kinh phí từng mục"),
        format!("the plan's total is {plan} đồng but its activities add up to {read} đồng: check each item's budget"),
    )
}

/// A cell cut.
pub fn cut(lang: Lang, chars: usize) -> String {
    two(
        lang,
        format!("ô hoặc đoạn văn dài {chars} ký tự: chỉ đọc phần đầu"),
        format!("a cell or paragraph of {chars} characters: only its start is read"),
    )
}

/// Characters replaced.
pub fn replaced(lang: Lang, n: usize) -> String {
    two(
        lang,
        format!("{n} ký tự không in được (ký tự điều khiển, U+FFFF…) được thay bằng �"),
        format!("{n} characters no file can hold (controls, U+FFFF…) replaced by �"),
    )
}

/// A plan too large for one schedule file.
pub fn too_many(lang: Lang, n: usize) -> String {
    two(
        lang,
        format!("kế hoạch có {n} hoạt động, quá lớn cho một tệp lịch: hãy tách văn bản thành nhiều phần"),
        format!("the plan has {n} activities, too many for one schedule file: split the document"),
    )
}

/// The written file does not load.
pub fn does_not_load(lang: Lang, why: &str) -> String {
    two(
        lang,
        format!("tệp lịch đọc được từ văn bản không nạp được ({why}); hãy báo lỗi này"),
        format!("the schedule read from it does not load ({why}); please report this"),
    )
}

/// Where an item is: `dòng 12`, `trang 2, dòng 5`.
pub fn line(lang: Lang, page: Option<u32>, line: usize) -> String {
    match (lang, page) {
        (Lang::Vi, Some(p)) => format!("trang {p}, dòng {line}"),
        (Lang::En, Some(p)) => format!("page {p}, line {line}"),
        (Lang::Vi, None) => format!("dòng {line}"),
        (Lang::En, None) => format!("line {line}"),
    }
}

/// `-o` names the document itself.
pub fn output_is_input(lang: Lang, path: &str) -> String {
    two(
        lang,
        format!("{path} là chính văn bản kế hoạch: không ghi đè lên nó; hãy chọn tệp khác"),
        format!("{path} is the document itself: it is never written over; choose another file"),
    )
}

/// `-o` names a file that exists.
pub fn output_exists(lang: Lang, path: &str) -> String {
    two(
        lang,
        format!("{path} đã có: không ghi đè tệp lịch có thể đã được rà soát; thêm --force để thay nó"),
        format!("{path} exists: a schedule file that may have been reviewed is not replaced; add --force to replace it"),
    )
}

/// `-o` names a read-only file, with `--force`.
pub fn output_read_only(lang: Lang, path: &str) -> String {
    two(
        lang,
        format!("{path} chỉ đọc: không thay nó, kể cả với --force; hãy bỏ thuộc tính chỉ đọc hoặc chọn tệp khác"),
        format!("{path} is read-only: it is not replaced, even with --force; make it writable or choose another file"),
    )
}

/// The keys an activity's time is written with instead of a phrase:
/// `bắt đầu`, `quy tắc lặp` (`start`, `rrule`), and the phrase's `lịch`.
fn rule_keys(lang: Lang) -> (&'static str, &'static str, &'static str) {
    use super::keys::{named, Table};
    (
        named(Table::Activity, "start", lang),
        named(Table::Activity, "rrule", lang),
        named(Table::Activity, "when", lang),
    )
}

/// Time written as a rule: the strict reading stops at `quote`.
pub fn phrase_unread(lang: Lang, phrase: &str, quote: &str) -> String {
    let (start, rrule, when) = rule_keys(lang);
    two(
        lang,
        format!("Ghi bằng `{start}` và `{rrule}`, không bằng `{when}: \"{phrase}\"`: castcal check đọc lịch nghiêm ngặt và không đọc \"{quote}\""),
        format!("Written with `{start}` and `{rrule}`, not `{when}: \"{phrase}\"`: castcal check reads a phrase strictly and does not read \"{quote}\""),
    )
}

/// Time written as a rule: the loader refuses the phrase, saying `why`.
pub fn phrase_refused(lang: Lang, phrase: &str, why: &str) -> String {
    let (start, rrule, when) = rule_keys(lang);
    two(
        lang,
        format!("Ghi bằng `{start}` và `{rrule}`, không bằng `{when}: \"{phrase}\"`: castcal check không nhận lịch này ({why})"),
        format!("Written with `{start}` and `{rrule}`, not `{when}: \"{phrase}\"`: castcal check refuses that phrase ({why})"),
    )
}

/// Time written as a rule: read strictly, the phrase gives other dates
/// than those placed (with what was assumed).
pub fn phrase_differs(lang: Lang, phrase: &str) -> String {
    let (start, rrule, when) = rule_keys(lang);
    two(
        lang,
        format!("Ghi bằng `{start}` và `{rrule}`, không bằng `{when}: \"{phrase}\"`: đọc nghiêm ngặt, lịch này cho ngày khác với ngày đã xếp ở đây"),
        format!("Written with `{start}` and `{rrule}`, not `{when}: \"{phrase}\"`: read strictly, that phrase gives other dates than those placed here"),
    )
}

/// Time written as a rule: working days count the holiday files, which
/// are read only where the file is.
pub fn phrase_calendar(lang: Lang, phrase: &str) -> String {
    let (start, rrule, when) = rule_keys(lang);
    two(
        lang,
        format!("Ghi bằng `{start}` và `{rrule}`, không bằng `{when}: \"{phrase}\"`: ngày làm việc tính theo tệp ngày nghỉ, chưa đối chiếu được ở đây"),
        format!("Written with `{start}` and `{rrule}`, not `{when}: \"{phrase}\"`: working days count the holiday files, which could not be compared here"),
    )
}
