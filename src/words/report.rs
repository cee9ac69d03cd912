//! What `castcal report` writes: the implementation report of a period
//! (a Word document laid out as a Vietnamese administrative report) and
//! its annex (a workbook, one row per occurrence).
//!
//! The sentences take what they name already written (dates and amounts in
//! the language's form), so that this module holds only words.

use std::fmt::Display;

use super::{words, Lang};

words! {
    /// The fixed words of the report and its annex.
    pub struct Words {
        /// The national heading (quốc hiệu) and motto (tiêu ngữ).
        nation: &'static str =
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM";
        motto: &'static str = "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness";
        /// The document's number, left for the issuer to fill in.
        number: &'static str = "Số: ……/BC-……", "No.: ……/BC-……";
        /// What is left to fill in: a place, a name.
        blank: &'static str = "……", "……";
        /// The kind of document.
        report: &'static str = "BÁO CÁO", "REPORT";
        /// Before the recipients.
        to: &'static str = "Kính gửi: ", "To: ";
        /// The parts of the report.
        results: &'static str = "I. KẾT QUẢ THỰC HIỆN", "I. RESULTS";
        summary: &'static str = "1. Tổng hợp theo hoạt động", "1. Summary by activity";
        details: &'static str = "2. Chi tiết từng hoạt động", "2. Each activity in detail";
        unplanned: &'static str = "3. Phát sóng ngoài kế hoạch", "3. Airings outside the plan";
        remains: &'static str = "II. NHIỆM VỤ CÒN LẠI", "II. WHAT REMAINS";
        budget: &'static str = "III. KINH PHÍ", "III. BUDGET";
        /// The columns of the summary table.
        summary_columns: [&'static str; 10] =
            [
                "STT", "Nội dung", "Kênh, nơi đăng", "Kế hoạch trong kỳ", "Đã thực hiện",
                "Trong đó: lệch giờ", "Trong đó: dời lịch", "Không thực hiện",
                "Chưa có thông tin, chưa đến hạn", "Tỷ lệ hoàn thành",
            ],
            [
                "No.", "Activity", "Outlet", "Planned in the period", "Carried out",
                "Of which late", "Of which moved", "Missed", "Unknown or not yet due",
                "Done",
            ];
        /// The columns of an activity's table.
        detail_columns: [&'static str; 7] =
            ["STT", "Kế hoạch", "Kênh, nơi đăng", "Lượt", "Tình trạng", "Thực tế", "Căn cứ"],
            ["No.", "Planned", "Outlet", "Role", "Status", "Actual", "Evidence"];
        /// The columns of the table of airings outside the plan.
        unplanned_columns: [&'static str; 5] =
            ["STT", "Kênh", "Thời gian", "Tên chương trình", "Căn cứ"],
            ["No.", "Outlet", "When", "Title", "Evidence"];
        /// The columns of the budget table.
        budget_columns: [&'static str; 9] =
            [
                "STT", "Nội dung", "Kinh phí kế hoạch (đồng)", "Số kỳ", "Mức mỗi kỳ (đồng)",
                "Số kỳ thực hiện trong kỳ báo cáo", "Giá trị trong kỳ báo cáo (đồng)",
                "Lũy kế đến hết kỳ báo cáo (đồng)", "Còn lại (đồng)",
            ],
            [
                "No.", "Activity", "Budget (VND)", "Issues", "Each issue (VND)",
                "Issues carried out in the period", "Earned in the period (VND)",
                "Earned to the end of the period (VND)", "Remaining (VND)",
            ];
        /// The budget rule, said once above the table.
        budget_rule: &'static str =
            "Kinh phí của mỗi hoạt động được chia đều cho các kỳ theo kế hoạch (mỗi lần \
             phát sóng, đăng tải đầu tiên là một kỳ; lần phát lại không tính riêng), tính \
             tròn đến đồng: phần dư của phép chia được cộng thêm 1 đồng vào mỗi kỳ đầu \
             tiên, nên tổng các phần đúng bằng kinh phí. Phần của một kỳ được ghi nhận \
             khi kỳ đó đã được thực hiện (đúng giờ, lệch giờ, dời lịch hoặc đã xác nhận), \
             vào ngày thực hiện.",
            "Each activity's budget is divided evenly over its planned issues (each first \
             airing or publication is an issue; reruns are not counted apart), in whole \
             đồng: what the division leaves over adds 1 đồng to each of the first issues, \
             so that the shares add up to the budget exactly. An issue's share is earned \
             when it was carried out (aired, late, moved or confirmed done), on the day \
             it was.";
        /// A budget line without an amount.
        no_budget: &'static str = "không có kinh phí", "no budget";
        total: &'static str = "Tổng cộng", "Total";
        /// Nothing remains to be done in the period.
        nothing_missed: &'static str =
            "Không có lần phát sóng, đăng tải nào không thực hiện trong kỳ.",
            "Nothing planned in the period was missed.";
        /// No airing outside the plan.
        no_unplanned: &'static str =
            "Không có phát sóng nào ngoài kế hoạch.", "No airing outside the plan.";
        /// An activity with no occurrence in the period.
        nothing_in_period: &'static str =
            "Không có lần phát sóng, đăng tải nào trong kỳ.", "Nothing planned in the period.";
        /// The closing: recipients and signature.
        copies: &'static str = "Nơi nhận:", "Recipients:";
        copies_lines: [&'static str; 2] = ["- Như trên;", "- Lưu: VT."], ["- As above;", "- Filed."];
        signer: &'static str = "THỦ TRƯỞNG CƠ QUAN", "HEAD OF THE AGENCY";
        signature: &'static str = "(Ký, ghi rõ họ tên, đóng dấu)", "(Signature, full name, seal)";
        /// The annex's sheets.
        annex: &'static str = "Phụ lục", "Annex";
        unplanned_sheet: &'static str = "Ngoài kế hoạch", "Unplanned";
        budget_sheet: &'static str = "Kinh phí", "Budget";
        /// The columns of the annex's sheet of occurrences.
        annex_columns: [&'static str; 15] =
            [
                "STT", "UID", "Mã hoạt động", "Nội dung", "Kênh, nơi đăng", "Lượt",
                "Ngày kế hoạch", "Giờ kế hoạch", "Tình trạng", "Ngày thực hiện",
                "Giờ thực hiện", "Kênh thực hiện", "Căn cứ", "Phần kinh phí (đồng)",
                "Ghi nhận trong kỳ (đồng)",
            ],
            [
                "No.", "UID", "Activity", "Title", "Outlet", "Role", "Planned date",
                "Planned time", "Status", "Date carried out", "Time carried out",
                "Carried out on", "Evidence", "Share of the budget (VND)",
                "Earned in the period (VND)",
            ];
        /// The columns of the annex's sheet of airings outside the plan.
        annex_unplanned_columns: [&'static str; 6] =
            ["STT", "Kênh", "Ngày", "Giờ bắt đầu", "Giờ kết thúc", "Tên chương trình"],
            ["No.", "Outlet", "Date", "Start", "End", "Title"];
        /// An occurrence on no outlet.
        no_outlet: &'static str = "—", "—";
    }
}

/// `Kiên Giang, ngày 14 tháng 6 năm 2023` (the place left blank).
pub fn place_and_date(lang: Lang, day: u32, month: u32, year: i32) -> String {
    match lang {
        Lang::Vi => format!("……, ngày {day} tháng {month} năm {year}"),
        Lang::En => format!("……, {day} {} {year}", super::Common::of(lang).month(month)),
    }
}

/// `Tình hình thực hiện Kế hoạch …`.
pub fn subject(lang: Lang, plan: &str) -> String {
    match lang {
        Lang::Vi => format!("Tình hình thực hiện {plan}"),
        Lang::En => format!("Implementation of {plan}"),
    }
}

/// `Quý I năm 2023`, `6 tháng đầu năm 2023`, `Năm 2023`.
pub fn period_name(lang: Lang, span: PeriodWord, year: i32) -> String {
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    const ORDINAL: [&str; 4] = ["first", "second", "third", "fourth"];
    match (lang, span) {
        (Lang::Vi, PeriodWord::Quarter(q)) => {
            format!(
                "quý {} năm {year}",
                ROMAN.get(usize::from(q).wrapping_sub(1)).unwrap_or(&"?")
            )
        }
        (Lang::Vi, PeriodWord::Half(1)) => format!("6 tháng đầu năm {year}"),
        (Lang::Vi, PeriodWord::Half(_)) => format!("6 tháng cuối năm {year}"),
        (Lang::Vi, PeriodWord::Year) => format!("năm {year}"),
        (Lang::En, PeriodWord::Quarter(q)) => format!(
            "the {} quarter of {year}",
            ORDINAL.get(usize::from(q).wrapping_sub(1)).unwrap_or(&"?")
        ),
        (Lang::En, PeriodWord::Half(1)) => format!("the first half of {year}"),
        (Lang::En, PeriodWord::Half(_)) => format!("the second half of {year}"),
        (Lang::En, PeriodWord::Year) => format!("the year {year}"),
    }
}

/// What a period is, for its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodWord {
    /// A quarter, 1 to 4.
    Quarter(u8),
    /// A half, 1 or 2.
    Half(u8),
    /// A year.
    Year,
}

/// How the period's dates were counted, under its name.
pub fn period_rule(lang: Lang, from: impl Display, to: impl Display, decree: bool) -> String {
    match (lang, decree) {
        (Lang::Vi, true) => format!(
            "(Số liệu từ ngày {from} đến ngày {to}, theo thời gian chốt số liệu báo cáo định kỳ tại Điều 12 Nghị định số 09/2019/NĐ-CP)"
        ),
        (Lang::Vi, false) => format!("(Số liệu theo kỳ dương lịch, từ ngày {from} đến ngày {to})"),
        (Lang::En, true) => format!(
            "(Data from {from} to {to}, the cut-off of periodic reports in Article 12 of Decree 09/2019/ND-CP)"
        ),
        (Lang::En, false) => format!("(Data for the calendar period, from {from} to {to})"),
    }
}

/// When the report is made before its period ends.
pub fn as_of(lang: Lang, day: impl Display) -> String {
    match lang {
        Lang::Vi => format!(
            "Số liệu tính đến hết ngày {day}; các lần phát sóng, đăng tải sau ngày này chưa đến hạn."
        ),
        Lang::En => format!("Data to the end of {day}; what is planned after it is not yet due."),
    }
}

/// The opening sentence.
pub fn opening(
    lang: Lang,
    plan: &str,
    reference: Option<&str>,
    issuer: &str,
    period: &str,
) -> String {
    let reference = reference.map(|r| format!(" ({r})")).unwrap_or_default();
    match lang {
        Lang::Vi => format!(
            "Thực hiện {plan}{reference}, {issuer} báo cáo tình hình thực hiện {period} như sau:"
        ),
        Lang::En => format!(
            "Pursuant to {plan}{reference}, {issuer} reports on its implementation in {period} as follows:"
        ),
    }
}

/// What remains of an activity: missed in the period, planned after it.
pub fn remaining(
    lang: Lang,
    title: &str,
    missed: usize,
    after: usize,
    last: Option<impl Display>,
) -> String {
    let mut parts = Vec::new();
    match lang {
        Lang::Vi => {
            if missed > 0 {
                parts.push(format!(
                    "{missed} lần không thực hiện trong kỳ, cần bố trí thực hiện bù"
                ));
            }
            if let (true, Some(last)) = (after > 0, last) {
                parts.push(format!("còn {after} lần theo kế hoạch, đến ngày {last}"));
            }
        }
        Lang::En => {
            if missed > 0 {
                parts.push(format!("{missed} missed in the period, to be made up"));
            }
            if let (true, Some(last)) = (after > 0, last) {
                parts.push(format!("{after} more planned, the last on {last}"));
            }
        }
    }
    format!("- {title}: {}.", parts.join("; "))
}

/// How an activity's budget divides: `91.596.816 đồng chia 12 kỳ: mỗi kỳ
/// 7.633.068 đồng, dư 0 đồng.`
pub fn division(lang: Lang, budget: &str, issues: usize, each: &str, remainder: u64) -> String {
    match (lang, remainder) {
        (Lang::Vi, 0) => format!("{budget} chia {issues} kỳ: mỗi kỳ {each}, không dư."),
        (Lang::Vi, r) => format!(
            "{budget} chia {issues} kỳ: mỗi kỳ {each}, dư {r} đồng ({r} kỳ đầu mỗi kỳ thêm 1 đồng)."
        ),
        (Lang::En, 0) => format!("{budget} over {issues} issues: {each} each, nothing left over."),
        (Lang::En, r) => format!(
            "{budget} over {issues} issues: {each} each, {r} VND left over (1 VND more on each of the first {r})."
        ),
    }
}

/// Above the tables of a period with too many occurrences to list.
pub fn details_cut(lang: Lang, total: usize, most: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "Kỳ báo cáo có {total} lần phát sóng, đăng tải; các bảng dưới đây chỉ liệt kê những lần lệch giờ, dời lịch, không thực hiện hoặc chưa có thông tin (tối đa {most} lần). Từng lần phát sóng, đăng tải có trong phụ lục (.xlsx)."
        ),
        Lang::En => format!(
            "The period has {total} occurrences; the tables below list only those late, moved, missed or unknown (at most {most}). Every one is in the annex (.xlsx)."
        ),
    }
}

/// The title of the document's properties.
pub fn document_title(lang: Lang, period: &str) -> String {
    match lang {
        Lang::Vi => format!("Báo cáo tình hình thực hiện {period}"),
        Lang::En => format!("Implementation report, {period}"),
    }
}

/// The report's file is not `.docx` or `.xlsx`.
pub fn unknown_extension(lang: Lang, path: impl Display) -> String {
    match lang {
        Lang::Vi => format!(
            "-o {path}: castcal ghi báo cáo dạng Word (.docx) hoặc phụ lục dạng Excel (.xlsx); hãy đặt tên tệp có đuôi .docx hoặc .xlsx"
        ),
        Lang::En => format!(
            "-o {path}: castcal writes the report as Word (.docx) or its annex as Excel (.xlsx); name the file .docx or .xlsx"
        ),
    }
}

/// The report would replace a file.
pub fn exists(lang: Lang, path: impl Display) -> String {
    match lang {
        Lang::Vi => format!(
            "{path} đã có; castcal không ghi đè báo cáo (có thể đã được chỉnh sửa, ký): chọn tên khác, hoặc thêm --force để ghi đè"
        ),
        Lang::En => format!(
            "{path} exists; castcal does not replace a report (it may have been edited or signed): choose another name, or add --force to replace it"
        ),
    }
}
