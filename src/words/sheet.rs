//! The spreadsheet (`xlsx`, `lich-vi.xlsx`): the names of its sheets and
//! rows; its columns are the CSV's ([`super::table`]).

use super::words;

words! {
    /// The words of the spreadsheet that the CSV does not have.
    pub struct Words {
        /// The sheet of occurrences, one row each.
        calendar: &'static str = "Lịch", "Calendar";
        /// The sheet of the budget by activity.
        budget: &'static str = "Kinh phí", "Budget";
        /// The first cell of the row that sums the budget.
        total: &'static str = "Tổng cộng", "Total";
        /// The note on a date before March 1900, written as text: Excel
        /// and LibreOffice count dates from 1900, and not alike before March.
        before_1900: &'static str =
            "Ngày trước tháng 3 năm 1900: Excel và LibreOffice không ghi ngày này như nhau, nên ngày được ghi dạng văn bản.",
            "A date before March 1900: Excel and LibreOffice do not hold it alike, so it is written as text.";
        /// The header row of the budget sheet.
        budget_columns: [&'static str; 4] =
            ["Kế hoạch", "Mã hoạt động", "Nội dung", "Kinh phí (đồng)"],
            ["Plan", "Activity", "Title", "Budget (VND)"];
    }
}
