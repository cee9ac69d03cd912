//! The index of a published folder: `index.html` in Vietnamese,
//! `index-en.html` in English, one language a page.

use super::words;

words! {
    /// The words of the index.
    pub struct Words {
        /// The `lang` attribute of the page.
        lang: &'static str = "vi", "en";
        /// The language's name in itself, on the link to its printable year.
        language: &'static str = "Tiếng Việt", "English";
        /// The link to the page in the other language.
        other_page: &'static str = "English", "Tiếng Việt";
        problem: &'static str =
            "Lịch dưới đây là bản hợp lệ gần nhất; bản sửa mới có lỗi:",
            "The calendar below is the last good version; the latest edit has an error:";
        /// Before the plan's publication date.
        as_of: &'static str = "Cập nhật theo kế hoạch ngày", "As of the plan dated";
        subscribe: &'static str = "Đăng ký theo dõi lịch", "Subscribe to a calendar";
        how_to_subscribe: &'static str =
            "Chọn ứng dụng lịch của bạn: lịch sẽ tự cập nhật khi kế hoạch thay đổi. \
             Với ứng dụng khác, sao chép địa chỉ và dán vào mục thêm lịch từ URL.",
            "Choose your calendar program: the calendar then updates itself when the plan \
             changes. For any other program, copy the address and paste it where it adds \
             a calendar from a URL.";
        /// Shown where the page is opened from a disk, not from a web server.
        local: &'static str =
            "Trang này đang được mở từ ổ đĩa, nên các liên kết đăng ký chưa dùng được. \
             Chúng hoạt động khi thư mục được đặt trên một máy chủ web, hoặc khi dựng \
             bằng castcal build --base-url. Tệp lịch của từng kênh:",
            "This page is opened from a disk, so the subscribe links do not work yet. They \
             work once the folder is on a web server, or when it is built with castcal build \
             --base-url. The calendar file of each outlet:";
        /// Shown where the subscribe links name this computer (127.0.0.1,
        /// localhost): no calendar service can reach it.
        loopback: &'static str =
            "Các nút đăng ký trên trang này trỏ tới địa chỉ của chính máy này, nên chỉ dùng \
             được trên máy này: Google Calendar, Outlook và máy khác không tới được. Để người \
             khác đăng ký, chạy castcal serve --addr 0.0.0.0:8080 --base-url \
             http://TÊN-MÁY:8080/ (tên hoặc địa chỉ mà họ tới được máy này), hoặc đặt thư mục \
             castcal build ghi lên một máy chủ web.",
            "The subscribe buttons on this page point at this computer's own address, so they \
             only work on this computer: Google Calendar, Outlook and other computers cannot \
             reach it. For others to subscribe, run castcal serve --addr 0.0.0.0:8080 --base-url \
             http://HOST-NAME:8080/ (the name or address they reach this computer at), or put \
             the folder castcal build writes on a web server.";
        calendar: &'static str = "Lịch", "Calendar";
        events: &'static str = "Sự kiện", "Events";
        google: &'static str = "Google Calendar", "Google Calendar";
        outlook: &'static str = "Outlook", "Outlook";
        apple: &'static str = "Apple Calendar, Thunderbird", "Apple Calendar, Thunderbird";
        /// Before the address to copy.
        address: &'static str = "Địa chỉ:", "Address:";
        copy: &'static str = "Sao chép", "Copy";
        copied: &'static str = "Đã sao chép", "Copied";
        refresh: &'static str =
            "Google Calendar đọc lại lịch đăng ký khoảng 12–24 giờ một lần và không có \
             nút cập nhật; Outlook và Apple Calendar theo chu kỳ riêng. Thay đổi kế hoạch \
             có thể mất đến một ngày mới hiện ra.",
            "Google Calendar re-reads a subscription every 12–24 hours and cannot be told \
             to refresh; Outlook and Apple Calendar follow their own schedule. A change \
             to the plan may take up to a day to show.";
        /// Under a feed that holds the days to come: around its first and
        /// last day.
        window: [&'static str; 2] =
            ["Lịch đăng ký gồm các ngày từ ", " đến "],
            ["The subscription holds the days from ", " to "];
        /// Before its outlet's archives of a year.
        archives: &'static str =
            "Cả năm, để tải về (không để đăng ký):",
            "The whole year, to download (not to subscribe to):";
        /// Instead of the subscribe links of a feed too large even for a week.
        download_only: &'static str =
            "Quá lớn để đăng ký, kể cả một tuần; chỉ để tải về:",
            "Too large to subscribe to, even a week of it; to download only:";
        /// Why, under the feeds, when one of them is a window or a download.
        why_window: &'static str =
            "Google Calendar ngừng đọc lịch đăng ký lớn hơn khoảng 1 MB và hiện nó trống, \
             không báo gì. Vì vậy lịch đăng ký nào lớn hơn chỉ gồm các ngày sắp tới, bắt đầu \
             từ ngày dựng trang và dịch dần mỗi lần dựng lại, nhiều ngày trọn vẹn nhất vừa \
             dưới 1 MB; cả năm của từng kênh nằm trong tệp lưu trữ theo năm, để tải về và mở \
             một lần, không để đăng ký. Lịch không chứa nổi một tuần thì chỉ để tải về.",
            "Google Calendar stops reading a subscribed calendar larger than about 1 MB and \
             shows it empty, saying nothing. So a larger feed holds only the days to come, \
             from the day the folder was built, moving on with each build: as many whole \
             days as fit under 1 MB; each outlet's whole year is in an archive per year, to \
             download and open once, not to subscribe to. A feed that cannot hold a week is \
             to download only.";
        other_files: &'static str = "Tệp khác", "Other files";
        years: &'static str = "Lịch cả năm để in, từng kênh", "The year to print, per outlet";
        too_large: &'static str =
            "Kế hoạch quá lớn để in trên một lịch: mỗi kênh có lịch cả năm riêng.",
            "The plan is too large to print as one calendar: each outlet has a year of its own.";
        outlet: &'static str = "Kênh", "Outlet";
        to_print: &'static str = "Lịch để in", "To print";
        check: &'static str = "Kiểm tra kế hoạch", "Plan check";
        /// `0 lỗi, 7 cảnh báo.`, after each of the two numbers.
        counts: [&'static str; 2] = [" lỗi, ", " cảnh báo."], [" errors, ", " warnings."];
        /// Around how many findings are shown, of how many, and `check.json`.
        shown_of: [&'static str; 3] =
            ["Hiển thị ", "/", " mục đầu; xem tất cả trong "],
            ["The first ", " of ", " are shown; all of them are in "];
    }
}
