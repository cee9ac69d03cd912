//! The index of a published folder (`index.html`), which says everything
//! in Vietnamese with the English beside it: the page shows both tables.

use super::words;

words! {
    /// The words of the index.
    pub struct Words {
        /// The language's name in itself, on the link to its printable year.
        language: &'static str = "Tiếng Việt", "English";
        problem: &'static str =
            "Lịch dưới đây là bản hợp lệ gần nhất; bản sửa mới có lỗi.",
            "The calendar below is the last good version; the latest edit has an error:";
        /// Before the plan's publication date.
        as_of: &'static str = "Cập nhật theo kế hoạch ngày", "as of the plan dated";
        subscribe: &'static str = "Đăng ký theo dõi lịch", "Subscribe to a calendar";
        /// How to subscribe, around a `webcal://` link and an `https://` one.
        how_to_subscribe: [&'static str; 3] =
            [
                "Mở liên kết ",
                " để ứng dụng lịch (Outlook, Apple Calendar, Thunderbird) tự đăng ký; \
                 với Google Calendar hoặc Outlook mới, dán liên kết ",
                " vào mục “Thêm lịch từ URL”.",
            ],
            [
                "Open a ",
                " link to subscribe in your calendar program; in Google Calendar or \
                 the new Outlook, paste the ",
                " link under “Add calendar from URL”.",
            ];
        calendar: &'static str = "Lịch", "Calendar";
        events: &'static str = "Sự kiện", "Events";
        links: &'static str = "Liên kết", "Links";
        copy: &'static str = "Sao chép", "Copy";
        refresh: &'static str =
            "Google Calendar đọc lại lịch đăng ký khoảng 12–24 giờ một lần và không có \
             nút cập nhật; Outlook và Apple Calendar theo chu kỳ riêng. Thay đổi kế hoạch \
             có thể mất đến một ngày mới hiện ra.",
            "Google Calendar re-reads a subscription every 12–24 hours and cannot be told \
             to refresh; Outlook and Apple Calendar follow their own schedule. A change \
             to the plan may take up to a day to show.";
        other_files: &'static str = "Tệp khác", "Other files";
        years: &'static str = "Lịch cả năm để in, từng kênh", "The year to print, per outlet";
        too_large: &'static str =
            "Kế hoạch quá lớn để in trên một lịch: mỗi kênh có lịch cả năm riêng.",
            "The plan is too large to print as one calendar: each outlet has a year of its own.";
        outlet: &'static str = "Kênh", "Outlet";
        to_print: &'static str = "Lịch để in", "To print";
        check: &'static str = "Kiểm tra kế hoạch", "Plan check";
        errors: &'static str = "lỗi", "errors";
        warnings: &'static str = "cảnh báo", "warnings";
        /// Around how many findings are shown, of how many, and `check.json`.
        shown_of: [&'static str; 3] =
            ["Hiển thị ", "/", " mục đầu; xem tất cả trong "],
            ["The first ", " of ", " are shown; all of them are in "];
    }
}
