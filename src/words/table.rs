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

words! {
    /// The words of `castcal expand`'s listing for a terminal.
    pub struct Listing {
        /// The header: date, day, time, outlet, role, title.
        columns: [&'static str; 6] =
            ["NGÀY", "THỨ", "GIỜ", "KÊNH", "LƯỢT", "NỘI DUNG"],
            ["DATE", "DAY", "TIME", "OUTLET", "ROLE", "TITLE"];
        /// How a date is written (chrono's format).
        date: &'static str = "%d/%m/%Y", "%Y-%m-%d";
        /// The time of an occurrence that lasts the whole of its day.
        all_day: &'static str = "cả ngày", "all day";
        /// After the title of a tentative activity's occurrence.
        tentative: &'static str = "  · dự kiến", "  · tentative";
        /// After the title of an occurrence moved off a holiday (`{from}`: its date).
        moved: &'static str = "  · dời từ {from} (ngày lễ)", "  · moved from {from} (holiday)";
        /// After the title of an occurrence on a holiday (`{name}`: the holiday's).
        holiday: &'static str = "  · ngày lễ: {name}", "  · holiday: {name}";
    }
}
