//! What `build` names on `index.html` (the page's own sentences are
//! [`super::index`]'s), and what the command line shows while it works.

use super::words;

words! {
    /// The names `build` gives its files and findings on `index.html`.
    pub struct Words {
        all_outlets: &'static str = "Tất cả", "All outlets";
        year_summary: &'static str =
            "Lịch cả năm để in: tóm tắt theo kênh, lịch từng kênh",
            "The year to print: a summary, and a year per outlet";
        year: &'static str = "Lịch cả năm để in (A4 ngang)", "The year to print (A4 landscape), Vietnamese";
        year_en: &'static str = "Lịch cả năm để in, tiếng Anh", "The year to print, English";
        xlsx_vi: &'static str =
            "Bảng tính Excel (tiếng Việt) — mở bằng Excel, LibreOffice",
            "Spreadsheet (Excel, Vietnamese) — opens in Excel, LibreOffice";
        xlsx_en: &'static str =
            "Bảng tính Excel (tiếng Anh) — mở bằng Excel, LibreOffice",
            "Spreadsheet (Excel, English) — opens in Excel, LibreOffice";
        /// Instead of the spreadsheets, for a plan above
        /// `site::MAX_SHEET_OCCURRENCES`.
        no_sheets: &'static str =
            "Kế hoạch quá lớn cho một bảng tính: tạo bảng tính của từng kênh bằng \
             castcal xlsx --outlet, hoặc dùng tệp CSV.",
            "The plan is too large for one spreadsheet: make each outlet's with \
             castcal xlsx --outlet, or use the CSV files.";
        csv_vi: &'static str =
            "Dữ liệu CSV (tiếng Việt), cho phần mềm khác",
            "Data as CSV (Vietnamese), for other programs";
        csv_en: &'static str =
            "Dữ liệu CSV (tiếng Anh), cho phần mềm khác",
            "Data as CSV (English), for other programs";
        guide: &'static str =
            "Lịch phát sóng XMLTV, mọi kênh — cho hệ thống EPG, phát sóng",
            "Programme guide (XMLTV), every channel — for EPG and playout systems";
        /// Before an outlet's name and id, for its programme guide.
        guide_of: &'static str = "Lịch phát sóng XMLTV: ", "Programme guide (XMLTV): ";
        occurrences_json: &'static str = "Danh sách sự kiện (JSON)", "Every occurrence (JSON)";
        check_json: &'static str = "Kết quả kiểm tra kế hoạch (JSON)", "The plan check (JSON)";
        changes_vi: &'static str =
            "Thay đổi lịch qua các lần công bố",
            "What changed, publication by publication, in Vietnamese";
        changes_en: &'static str =
            "Thay đổi lịch qua các lần công bố, tiếng Anh",
            "What changed, publication by publication";
        changes_json: &'static str =
            "Lịch sử các lần công bố (JSON)",
            "The history of publications (JSON)";
        reconcile_vi: &'static str =
            "Tình hình thực hiện: đã phát, đã đăng so với kế hoạch",
            "What was done: what aired and was published against the plan, in Vietnamese";
        reconcile_en: &'static str =
            "Tình hình thực hiện, tiếng Anh",
            "What was done: what aired and was published against the plan";
        reconcile_json: &'static str =
            "Tình hình thực hiện (JSON)",
            "What was done (JSON)";
        /// Before a period's name, for its implementation report.
        report_of: &'static str = "Báo cáo tình hình thực hiện ", "The implementation report of ";
        error: &'static str = "Lỗi", "Error";
        warning: &'static str = "Cảnh báo", "Warning";
    }
}

words! {
    /// What a command shows while it works (after a second, on a terminal).
    pub struct Progress {
        reading: &'static str = "Đang đọc kế hoạch…", "Reading the plan…";
        expanding: &'static str =
            "Đang tính các buổi phát sóng, đăng tải…",
            "Working out every broadcast and publication…";
        checking: &'static str = "Đang kiểm tra kế hoạch…", "Checking the plan…";
        writing: &'static str = "Đang ghi…", "Writing…";
        building: &'static str =
            "Đang tính lịch, kiểm tra và ghi thư mục…",
            "Working out the calendar, checking it and writing the folder…";
    }
}
