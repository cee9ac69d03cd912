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
        /// The header row of the budget sheet.
        budget_columns: [&'static str; 4] =
            ["Kế hoạch", "Mã hoạt động", "Nội dung", "Kinh phí (đồng)"],
            ["Plan", "Activity", "Title", "Budget (VND)"];
    }
}
