//! The list of occurrences as a table (`csv`, `lich-vi.csv`).

use super::words;

words! {
    /// The words of the CSV table; the cells' words are [`super::Common`]'s.
    pub struct Words {
        /// The header row, in the order the cells are written.
        columns: [&'static str; 19] =
            [
                "Ngày", "Thứ", "Giờ bắt đầu", "Giờ kết thúc", "Ngày kết thúc", "Cả ngày",
                "Mã kênh", "Tên kênh", "Mã hoạt động", "Nội dung", "Loại", "Lượt phát",
                "Trạng thái", "Ngày lễ", "Chủ trì", "Phối hợp", "Kinh phí (đồng)", "Kế hoạch",
                "UID",
            ],
            [
                "Date", "Weekday", "Start", "End", "End date", "All day",
                "Outlet", "Outlet name", "Activity", "Title", "Kind", "Role",
                "Status", "Holiday", "Lead", "Partners", "Budget (VND)", "Plan",
                "UID",
            ];
    }
}
