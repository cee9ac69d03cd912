//! The printed year (`print`, `year.html`).

use super::words;

words! {
    /// The words of the printed year; days and months are [`super::Common`]'s.
    pub struct Words {
        /// The `lang` attribute of the page.
        lang: &'static str = "vi", "en";
        /// Between a month and its year: `Tháng 5 năm 2023`, `May 2023`.
        year_of: &'static str = " năm ", " ";
        calendar: &'static str = "Lịch", "Calendar";
        reference: &'static str = "Số", "Ref.";
        published: &'static str = "Ngày lập", "Published";
        legend: &'static str = "Chú thích", "Legend";
        holidays: &'static str = "Ngày nghỉ lễ (ô nền xám)", "Days off (grey)";
        code: &'static str = "Mã", "Code";
        activity: &'static str = "Hoạt động", "Activity";
        outlet: &'static str = "Kênh / ấn phẩm", "Outlet";
        time: &'static str = "Thời gian", "Time";
        list: &'static str = "Danh sách chi tiết", "Every occurrence";
        date: &'static str = "Ngày", "Date";
        day: &'static str = "Thứ", "Day";
        role: &'static str = "Lượt", "Airing";
        status: &'static str = "Trạng thái", "Status";
        notes: &'static str = "Ghi chú", "Notes";
        premiere: &'static str = "Lần đầu", "premiere";
        rerun: &'static str = "Phát lại", "rerun";
        confirmed: &'static str = "Chính thức", "confirmed";
        tentative: &'static str = "Dự kiến", "tentative";
        all_day: &'static str = "Cả ngày", "All day";
        days: &'static str = "ngày", "days";
        rerun_at: &'static str = "phát lại", "rerun";
        windows_of: &'static str = "kỳ, mỗi kỳ", "windows of";
        holiday: &'static str = "Ngày lễ", "Day off";
        moved_from: &'static str = "dời từ", "moved from";
        /// Marks a leap lunar month.
        leap: &'static str = "N", "L";
        lunar_note: &'static str =
            "Số nhỏ dưới mỗi ngày: ngày âm lịch (giờ Việt Nam, UTC+7); \
             ngày mùng 1 và ngày đầu tháng dương lịch kèm tháng âm; N: tháng nhuận.",
            "Small figures under each day: the Vietnamese lunar date (UTC+7); \
             with its month on the first day of a lunar month and of each month; \
             L: leap month.";
        marks_note: &'static str =
            "Ô màu có chữ: hoạt động bắt đầu hoặc diễn ra trong ngày; \
             vạch màu: các ngày tiếp theo của một kỳ ngắn (tối đa 31 ngày); \
             kỳ dài hơn chỉ đánh dấu ngày bắt đầu.",
            "Lettered chip: the activity starts or happens that day; \
             stripe: the following days of a short window (up to 31 days); \
             longer windows are marked on their first day only.";
        outlets: &'static str = "Kênh / ấn phẩm", "Outlets";
        nothing: &'static str = "Không có hoạt động nào.", "Nothing is planned.";
        no_holidays: &'static str =
            "Không có ngày nghỉ lễ trong các tháng này.",
            "No days off in these months.";
        no_outlet: &'static str = "Không thuộc kênh nào", "On no outlet";
        /// After the number of occurrences, on the summary of a plan too
        /// large to print as one calendar.
        summary_intro: &'static str =
            "sự kiện: quá nhiều để in trên một lịch. Mỗi kênh có lịch cả năm riêng để in \
             (A4 ngang); danh sách đầy đủ ở các tệp CSV.",
            "occurrences: too many to print as one calendar. Each outlet has a printable \
             year of its own (A4 landscape); the spreadsheets list them all.";
        /// The summary's column heads.
        summary_heads: [&'static str; 7] =
            ["Kênh / ấn phẩm", "Hoạt động", "Lần đầu", "Phát lại", "Từ", "Đến", "Lịch để in"],
            ["Outlet", "Activities", "Premieres", "Reruns", "From", "To", "To print"];
    }
}
