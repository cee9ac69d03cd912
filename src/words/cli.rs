//! What the command line itself says: its help, its usage errors, the
//! summaries of `build` and the hints after an error.

use super::words;
use super::Said;
use crate::say;

words! {
    /// The command line's hints.
    pub struct Words {
        /// After "schedules: No such file or directory", when no path was
        /// given and there is no `schedules/` folder here.
        no_schedules: &'static str =
            "gợi ý: ở đây không có thư mục schedules/. Hãy chỉ đường dẫn tới tệp hoặc thư mục \
             kế hoạch (castcal check ke-hoach.yaml), hoặc bắt đầu từ văn bản kế hoạch: \
             castcal import ke-hoach.docx -o schedules/ke-hoach.yaml",
            "hint: there is no schedules/ folder here. Give the path of a schedule file or \
             folder (castcal check plan.yaml), or start from the plan's document: \
             castcal import plan.docx -o schedules/plan.yaml";
        /// Before the message of what stopped a command.
        error: &'static str = "lỗi", "error";
        /// Before a warning of `build`.
        warning: &'static str = "cảnh báo", "warning";
        /// `build`, when the folder had no publication before.
        first_publication: &'static str =
            "castcal: lần công bố 1, lần đầu tiên", "castcal: publication 1, the first";
        /// `build`, when the plans give what the last publication had.
        nothing_changed: &'static str =
            "castcal: không có gì thay đổi từ lần công bố trước",
            "castcal: nothing changed since the last publication";
        /// `build`, when the plans' `published` is not after the last publication's.
        stamp_reused: &'static str =
            "thời điểm `published` của kế hoạch không sau lần công bố trước, nên lần này \
             mang thời điểm của lần dựng này (SOURCE_DATE_EPOCH khi được đặt); hãy đặt \
             `published:` trong kế hoạch là lúc phiên bản này được công bố",
            "the plans' `published` time is not after the last publication's, so this one \
             is stamped with the time of this build (SOURCE_DATE_EPOCH when set); set \
             `published:` in the plan to when this version is published";
    }
}

/// `build`'s summary: what it wrote, and where.
pub fn built(occurrences: usize, feeds: usize, errors: usize, warnings: usize, dir: &str) -> Said {
    say!(
        "castcal: {occurrences} lần diễn ra, {feeds} nguồn lịch, {errors} lỗi, {warnings} cảnh báo → {dir}",
        "castcal: {occurrences} occurrences, {feeds} feeds, {errors} errors, {warnings} warnings → {dir}"
    )
}

/// `build`'s line on a publication after the first: what changed, and where it is said.
pub fn publication(n: impl std::fmt::Display, changes: &str, page: &str) -> Said {
    say!(
        "castcal: lần công bố {n}: {changes} → {page}",
        "castcal: publication {n}: {changes} → {page}"
    )
}

/// `CASTCAL_LANG` set to what is no language castcal speaks (said in
/// Vietnamese: no language is known yet).
pub fn bad_env_lang(value: &str) -> String {
    format!(
        "CASTCAL_LANG={value:?} không phải ngôn ngữ castcal dùng được: hãy đặt CASTCAL_LANG=vi \
         (tiếng Việt) hoặc CASTCAL_LANG=en (tiếng Anh), hoặc bỏ biến này đi"
    )
}

/// The help of one command: what its `--help` shows.
#[derive(Debug)]
pub struct Help {
    /// The command's name; `castcal` for the program itself.
    pub name: &'static str,
    /// One line, in the list of commands and atop `-h`.
    pub about: &'static str,
    /// Atop `--help`; empty when `about` says it all.
    pub long_about: &'static str,
    /// Below the options: examples, exit status.
    pub after_help: &'static str,
    /// Each argument's help, by the argument's id, unless [`Helps::shared`] has it.
    pub args: &'static [(&'static str, &'static str)],
}

#[cfg(test)]
impl super::Texts for Help {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, &'static str)>) {
        for text in [self.about, self.long_about, self.after_help] {
            if !text.is_empty() {
                out.push((name, text));
            }
        }
        out.extend(self.args.iter().map(|(_, text)| (name, *text)));
    }
}

#[cfg(test)]
impl super::Texts for &'static [(&'static str, &'static str)] {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, &'static str)>) {
        out.extend(self.iter().map(|(_, text)| (name, *text)));
    }
}

words! {
    /// The help of castcal and of each of its commands.
    pub struct Helps {
        castcal: Help =
            Help {
                name: "castcal",
                about: "Biến kế hoạch truyền thông thành lịch phát sóng và đăng tải",
                long_about: "Biến kế hoạch truyền thông (chuyên mục truyền hình và các lần phát \
                    lại, trang báo, tọa đàm, bản tin, chiến dịch, hạn báo cáo) thành \
                    một lịch cụ thể.\n\nMọi lệnh đọc các tệp hoặc thư mục kế hoạch (mặc \
                    định: schedules/).\n\nNgôn ngữ: --lang vi|en ở mọi lệnh, nếu không \
                    có thì biến môi trường CASTCAL_LANG=vi|en, nếu không có nữa thì \
                    tiếng Việt.",
                after_help: "Ví dụ:\n  castcal expand                      liệt kê kế hoạch \
                    trong schedules/\n  castcal expand --format json plans/ mọi kế \
                    hoạch trong plans/, dạng JSON\n\nMã thoát:\n  0  xong\n  1  xong, \
                    và bước kiểm tra thấy lỗi (check, build), hoặc cả cảnh báo (check \
                    --strict);\n     diff: có thay đổi\n  2  dữ liệu vào hoặc dòng lệnh \
                    sai: không ghi gì\n\nMàu: `check` tô màu lỗi, cảnh báo và ghi chú \
                    khi kết quả ra màn hình terminal, không bao giờ khi được chuyển qua \
                    ống (pipe) hoặc khi đặt NO_COLOR.",
                args: &[
                ],
            },
            Help {
                name: "castcal",
                about: "Turn a communication plan into a broadcast and publication \
                    calendar",
                long_about: "Turn a communication plan (TV segments with reruns, newspaper \
                    pages, talk shows, bulletins, campaigns, report deadlines) into a \
                    concrete calendar.\n\nEvery command reads schedule files or folders \
                    (default: schedules/).\n\nLanguage: --lang vi|en on every command, \
                    else the environment variable CASTCAL_LANG=vi|en, else Vietnamese.",
                after_help: "Examples:\n  castcal expand                      list the plan in \
                    schedules/\n  castcal expand --format json plans/ every plan in \
                    plans/, as JSON\n\nExit status:\n  0  done\n  1  done, and the \
                    check found errors (check, build), or warnings too (check \
                    --strict);\n     diff: something changed\n  2  bad input or command \
                    line: nothing was written\n\nColour: `check` colours errors, \
                    warnings and notes when its output is a terminal, never when it is \
                    piped or NO_COLOR is set.",
                args: &[
                ],
            };
        expand: Help =
            Help {
                name: "expand",
                about: "Liệt kê theo thứ tự mọi lần diễn ra của các kế hoạch, lần đầu và \
                    phát lại",
                long_about: "",
                after_help: "Ví dụ:\n  castcal expand\n  castcal expand \
                    schedules/kien-giang-cchc-2023.yaml --from 01/05/2023 --to \
                    31/05/2023\n  castcal expand --format json > occurrences.json",
                args: &[
                    ("from", "Chỉ liệt kê các lần diễn ra chạm tới ngày này hoặc sau đó \
                        (DD/MM/YYYY hoặc YYYY-MM-DD)"),
                    ("to", "Chỉ liệt kê các lần diễn ra chạm tới ngày này hoặc trước đó \
                        (DD/MM/YYYY hoặc YYYY-MM-DD)"),
                    ("format", "`table` cho người đọc, `json` (một mảng các lần diễn ra) cho \
                        chương trình"),
                ],
            },
            Help {
                name: "expand",
                about: "List every occurrence of the plans, premieres and reruns, in order",
                long_about: "",
                after_help: "Examples:\n  castcal expand\n  castcal expand \
                    schedules/kien-giang-cchc-2023.yaml --from 2023-05-01 --to \
                    2023-05-31\n  castcal expand --format json > occurrences.json",
                args: &[
                    ("from", "List only occurrences that touch this date or later \
                        (YYYY-MM-DD)"),
                    ("to", "List only occurrences that touch this date or earlier \
                        (YYYY-MM-DD)"),
                    ("format", "`table` for people, `json` (an array of occurrence objects) \
                        for programs"),
                ],
            };
        build: Help =
            Help {
                name: "build",
                about: "Ghi mọi kết quả vào một thư mục sẵn sàng cho mọi máy chủ web",
                long_about: "",
                after_help: "Ghi all.ics, một tệp <OUTLET>.ics cho mỗi kênh, các bảng tính \
                    (.xlsx) và CSV, lịch chương trình (XMLTV: guide.xml, và \
                    <OUTLET>.xml cho mỗi kênh truyền hình hoặc phát thanh), year.html, \
                    check.json, occurrences.json và index.html (với liên kết đăng ký \
                    https:// và webcal://). Trên 5.000 lần diễn ra, mỗi kênh có lịch \
                    năm riêng để in (year.<OUTLET>.html) và year.html tổng hợp chúng. \
                    Thư mục được thay trong một bước, nên máy chủ web không bao giờ \
                    phục vụ lẫn tệp cũ và mới.\n\nThư mục bị thay là lần công bố trước: \
                    những gì thay đổi từ đó được thêm vào lịch sử của nó (changes.json, \
                    changes.html, một nguồn tin Atom cho mỗi kênh, \
                    <OUTLET>-changes.xml), và các sự kiện của nguồn lịch mang SEQUENCE \
                    và LAST-MODIFIED từ đó; một lần diễn ra bị hủy vẫn còn với \
                    STATUS:CANCELLED.\n\nVí dụ:\n  castcal build\n  castcal build \
                    schedules/ -o /var/www/lich --base-url \
                    https://lich.example.gov.vn/\n\nMã thoát: 0 đã ghi, 1 đã ghi nhưng \
                    bước kiểm tra thấy lỗi, 2 dữ liệu vào sai.",
                args: &[
                    ("output", "Thư mục để ghi (được thay toàn bộ)"),
                    ("base_url", "Địa chỉ URL tuyệt đối nơi thư mục sẽ được công bố, cho các \
                        liên kết đăng ký"),
                    ("today", "Ngày của lần dựng (DD/MM/YYYY hoặc YYYY-MM-DD): nơi bắt đầu \
                        một nguồn lịch quá lớn với dịch vụ lịch, và ngày các báo cáo \
                        đếm tới. Mặc định: hôm nay (ngày của SOURCE_DATE_EPOCH khi biến \
                        này được đặt)"),
                ],
            },
            Help {
                name: "build",
                about: "Write every output into a folder ready for any web server",
                long_about: "",
                after_help: "Writes all.ics, one <OUTLET>.ics per outlet, the spreadsheets \
                    (.xlsx) and the CSV, the programme guides (XMLTV: guide.xml, and \
                    <OUTLET>.xml per tv or radio outlet), year.html, check.json, \
                    occurrences.json and index.html (with https:// and webcal:// \
                    subscribe links). Above 5,000 occurrences, each outlet gets its own \
                    year to print (year.<OUTLET>.html) and year.html sums them up. The \
                    folder is replaced in one step, so a web server never serves a mix \
                    of old and new files.\n\nThe folder replaced is the last \
                    publication: what changed since is added to its history \
                    (changes.json, changes.html, an Atom feed per outlet, \
                    <OUTLET>-changes.xml), and the feeds' events carry SEQUENCE and \
                    LAST-MODIFIED from it; a cancelled occurrence stays as \
                    STATUS:CANCELLED.\n\nExamples:\n  castcal build\n  castcal build \
                    schedules/ -o /var/www/lich --base-url \
                    https://lich.example.gov.vn/\n\nExit status: 0 written, 1 written \
                    but the check found errors, 2 bad input.",
                args: &[
                    ("output", "The folder to write (replaced whole)"),
                    ("base_url", "The absolute URL the folder will be published at, for \
                        subscribe links"),
                    ("today", "The build's date (YYYY-MM-DD): where a feed too large for a \
                        calendar service starts, what the reports count up to. Default: \
                        today (the day of SOURCE_DATE_EPOCH when it is set)"),
                ],
            };
        serve: Help =
            Help {
                name: "serve",
                about: "Phục vụ thư mục đã công bố qua HTTP, tải lại khi các kế hoạch thay \
                    đổi",
                long_about: "",
                after_help: "Phục vụ những gì `castcal build` ghi, từ bộ nhớ, và đọc lại các \
                    tệp kế hoạch khi chúng thay đổi (trong vòng một hai giây). Một \
                    chỉnh sửa làm hỏng tệp giữ nguyên lịch tốt gần nhất trên mạng và \
                    hiện lỗi trên trang chủ. Dành cho cơ quan và để xem trước; để công \
                    bố rộng rãi, hãy đặt thư mục `castcal build` ghi trên một máy chủ \
                    web tĩnh bất kỳ.\n\nVí dụ:\n  castcal serve\n  castcal serve \
                    schedules/ --addr 0.0.0.0:8080 --base-url \
                    http://lich.so-noi-vu.local:8080/",
                args: &[
                    ("addr", "Địa chỉ và cổng để lắng nghe (cổng 0 chọn một cổng trống)"),
                    ("base_url", "Địa chỉ URL tuyệt đối người đăng ký dùng để tới máy chủ, cho \
                        các liên kết đăng ký"),
                    ("dir", "Thư mục máy chủ công bố vào và trả lời từ đó (như build ghi)"),
                    ("quiet", "Các tệp kế hoạch phải giữ nguyên bao lâu trước khi một chỉnh \
                        sửa được công bố (một tệp lưu qua nhiều lần ghi không bao giờ \
                        được công bố dở dang)"),
                ],
            },
            Help {
                name: "serve",
                about: "Serve the published folder over HTTP, reloading when the schedules \
                    change",
                long_about: "",
                after_help: "Serves what `castcal build` writes, from memory, and re-reads the \
                    schedule files when they change (within a second or two). An edit \
                    that breaks a file keeps the last good calendar online and shows \
                    the error on the index page. For the office and for previews; to \
                    publish widely, host the folder `castcal build` writes on any \
                    static web server.\n\nExamples:\n  castcal serve\n  castcal serve \
                    schedules/ --addr 0.0.0.0:8080 --base-url \
                    http://lich.so-noi-vu.local:8080/",
                args: &[
                    ("addr", "Address and port to listen on (port 0 picks a free one)"),
                    ("base_url", "The absolute URL subscribers reach the server at, for \
                        subscribe links"),
                    ("dir", "The folder the server publishes into and answers from (as \
                        build writes it)"),
                    ("quiet", "How long the schedule files must stay unchanged before an edit \
                        is published (a file saved in several writes is never published \
                        half)"),
                ],
            };
        csv: Help =
            Help {
                name: "csv",
                about: "Ghi mọi lần diễn ra dạng CSV cho Excel hoặc LibreOffice Calc, mỗi \
                    lần một dòng",
                long_about: "Ghi mọi lần diễn ra dạng CSV (RFC 4180: CRLF, UTF-8) cho Excel \
                    hoặc LibreOffice Calc: mỗi lần diễn ra một dòng, lần đầu và phát \
                    lại, sau một dòng tiêu đề. Các cột luôn theo cùng một thứ tự (xem \
                    docs/reference/spreadsheets.md). Kinh phí chỉ ở các dòng lần đầu, \
                    mỗi lần đầu mang phần kinh phí của hoạt động của nó, nên tổng cột \
                    bằng kinh phí của kế hoạch. Ô chữ mà bảng tính sẽ chạy như công \
                    thức được thêm dấu ' ở đầu để hiện như chữ.",
                after_help: "Ví dụ:\n  castcal csv -o lich-2023.csv\n  castcal csv --excel \
                    --lang vi --delimiter ';' -o lich-2023.csv   # Excel với thiết lập \
                    tiếng Việt\n  castcal csv --outlet KG --outlet KG1 > \
                    truyen-hinh.csv",
                args: &[
                    ("output", "Ghi vào tệp này (trọn vẹn một lần) thay vì đầu ra chuẩn"),
                    ("excel", "Bắt đầu bằng dấu thứ tự byte UTF-8, để Excel hiện đúng tiếng \
                        Việt"),
                    ("lang", "Tiêu đề và chữ bằng tiếng Việt với ngày dd/mm/yyyy, hoặc bằng \
                        tiếng Anh với YYYY-MM-DD; mặc định CASTCAL_LANG, nếu không thì \
                        tiếng Việt"),
                    ("outlet", "Chỉ các lần diễn ra trên kênh này (lặp lại cho nhiều kênh); \
                        mặc định tất cả. Phần kinh phí vẫn là của toàn kế hoạch"),
                    ("delimiter", "Dấu phân cách trường: `,` (RFC 4180) hoặc `;` (cho bảng tính \
                        dùng dấu phẩy thập phân)"),
                ],
            },
            Help {
                name: "csv",
                about: "Write every occurrence as CSV for Excel or LibreOffice Calc, one \
                    row each",
                long_about: "Write every occurrence as CSV (RFC 4180: CRLF, UTF-8) for Excel or \
                    LibreOffice Calc: one row per occurrence, premieres and reruns, \
                    after a header row. The columns are always in the same order (see \
                    docs/reference/spreadsheets.md). Budgets are on premiere rows only, \
                    each premiere carrying its share of its activity's budget, so the \
                    column adds up to the plan's budget. Text cells that a spreadsheet \
                    would run as a formula get a leading ' so that they show as text.",
                after_help: "Examples:\n  castcal csv -o lich-2023.csv\n  castcal csv --excel \
                    --lang vi --delimiter ';' -o lich-2023.csv   # Excel with \
                    Vietnamese settings\n  castcal csv --outlet KG --outlet KG1 > \
                    truyen-hinh.csv",
                args: &[
                    ("output", "Write to this file (atomically) instead of standard output"),
                    ("excel", "Start with the UTF-8 byte order mark, so that Excel shows \
                        Vietnamese correctly"),
                    ("lang", "Headers and words in Vietnamese with dd/mm/yyyy dates, or in \
                        English with YYYY-MM-DD"),
                    ("outlet", "Only occurrences on this outlet (repeat for several); all by \
                        default. Budget shares stay those of the whole plan"),
                    ("delimiter", "Field separator: `,` (RFC 4180) or `;` (for spreadsheets that \
                        use the decimal comma)"),
                ],
            };
        xlsx: Help =
            Help {
                name: "xlsx",
                about: "Ghi mọi lần diễn ra thành sổ tính Excel (.xlsx), ngày là ngày, mỗi \
                    lần một dòng",
                long_about: "Ghi mọi lần diễn ra thành sổ tính Excel (.xlsx) cho Excel, \
                    LibreOffice Calc và các bảng tính khác: các cột của CSV theo thứ tự \
                    của CSV, mỗi lần diễn ra một dòng, lần đầu và phát lại, với ô có \
                    kiểu: ngày là ngày (hiện dd/mm/yyyy bằng tiếng Việt, yyyy-mm-dd \
                    bằng tiếng Anh, bất kể thiết lập vùng của người đọc), giờ là giờ, \
                    kinh phí là số, chữ là chữ (không bao giờ là công thức). Dòng tiêu \
                    đề được cố định với bộ lọc; dòng cuối cộng kinh phí. Trang tính thứ \
                    hai ghi kinh phí của kế hoạch theo hoạt động và tổng của nó. Cùng \
                    một kế hoạch cho cùng các byte.",
                after_help: "Ví dụ:\n  castcal xlsx -o lich-2023.xlsx\n  castcal xlsx --lang en \
                    -o calendar-2023.xlsx\n  castcal xlsx --outlet KG --outlet KG1 -o \
                    truyen-hinh.xlsx",
                args: &[
                    ("output", "Ghi vào tệp này (trọn vẹn một lần) thay vì đầu ra chuẩn"),
                    ("lang", "Ngôn ngữ của tiêu đề và chữ, và dạng ngày: `vi` (dd/mm/yyyy) \
                        hoặc `en` (yyyy-mm-dd); mặc định CASTCAL_LANG, nếu không thì \
                        tiếng Việt"),
                    ("outlet", "Chỉ các lần diễn ra trên kênh này (lặp lại cho nhiều kênh); \
                        mặc định tất cả. Phần kinh phí vẫn là của toàn kế hoạch"),
                ],
            },
            Help {
                name: "xlsx",
                about: "Write every occurrence as an Excel workbook (.xlsx), dates as \
                    dates, one row each",
                long_about: "Write every occurrence as an Excel workbook (.xlsx) for Excel, \
                    LibreOffice Calc and other spreadsheets: the CSV's columns in the \
                    CSV's order, one row per occurrence, premieres and reruns, with \
                    typed cells: dates are dates (shown dd/mm/yyyy in Vietnamese, \
                    yyyy-mm-dd in English, whatever the reader's locale), times are \
                    times, budgets are numbers, text is text (never a formula). The \
                    header row is frozen with an autofilter; a last row sums the \
                    budget. A second sheet holds the plan's budget by activity and its \
                    total. The same plan gives the same bytes.",
                after_help: "Examples:\n  castcal xlsx -o lich-2023.xlsx\n  castcal xlsx --lang \
                    en -o calendar-2023.xlsx\n  castcal xlsx --outlet KG --outlet KG1 \
                    -o truyen-hinh.xlsx",
                args: &[
                    ("output", "Write to this file (atomically) instead of standard output"),
                    ("lang", "Language of the headers and words, and of the date format: \
                        `vi` (dd/mm/yyyy) or `en` (yyyy-mm-dd)"),
                    ("outlet", "Only occurrences on this outlet (repeat for several); all by \
                        default. Budget shares stay those of the whole plan"),
                ],
            };
        xmltv: Help =
            Help {
                name: "xmltv",
                about: "Ghi lịch chương trình (XMLTV) của các kênh truyền hình và phát \
                    thanh, cho công cụ EPG và phát sóng",
                long_about: "Ghi lịch chương trình của các kênh truyền hình và phát thanh dạng \
                    XMLTV (định dạng xmltv.dtd của dự án XMLTV), mà các hướng dẫn \
                    chương trình điện tử, công cụ phát sóng và truyền hình đọc được: \
                    một <channel> cho mỗi kênh truyền hình hoặc phát thanh (id \
                    <OUTLET>.castcal), một <programme> cho mỗi lần diễn ra có giờ trên \
                    kênh đó, với giờ bắt đầu và kết thúc theo múi giờ và độ lệch của kế \
                    hoạch, tiêu đề, mô tả, thể loại và thời lượng; lần đầu được đánh \
                    dấu <premiere />, lần phát lại mang <previously-shown> với giờ và \
                    kênh của lần đầu. Các khung cả ngày và các kênh loại khác (báo, bản \
                    tin, web, pa-nô) bị bỏ qua. Cùng một kế hoạch cho cùng các byte.",
                after_help: "Ví dụ:\n  castcal xmltv -o guide.xml\n  castcal xmltv --outlet KG \
                    -o KG.xml\n  castcal xmltv -o guide.xml && \
                    XMLTV_SUPPLEMENT=/usr/share/xmltv tv_validate_file \
                    guide.xml\n  (trình kiểm tra của dự án XMLTV, gói xmltv-util của \
                    Debian, với tệp DTD cài cạnh nó)\n\nMã thoát: 0 đã ghi; 2 dữ liệu \
                    vào sai, hoặc một --outlet không phải kênh truyền hình hay phát \
                    thanh.",
                args: &[
                    ("output", "Ghi vào tệp này (trọn vẹn một lần) thay vì đầu ra chuẩn"),
                    ("outlet", "Chỉ kênh truyền hình hoặc phát thanh này, kênh và chương trình \
                        của nó (lặp lại cho nhiều kênh); mặc định tất cả"),
                ],
            },
            Help {
                name: "xmltv",
                about: "Write the programme guide (XMLTV) of the tv and radio outlets, for \
                    EPG and playout tools",
                long_about: "Write the programme guide of the tv and radio outlets as XMLTV \
                    (the format of the XMLTV project's xmltv.dtd), which electronic \
                    programme guides, playout and TV tools read: one <channel> per tv \
                    or radio outlet (id <OUTLET>.castcal), one <programme> per timed \
                    occurrence on one, with its start and stop in the plan's zone and \
                    offset, title, description, category and length; premieres are \
                    marked <premiere />, reruns carry <previously-shown> with their \
                    premiere's start and channel. All-day windows and outlets of other \
                    kinds (newspapers, bulletins, web, billboards) are left out. The \
                    same plan gives the same bytes.",
                after_help: "Examples:\n  castcal xmltv -o guide.xml\n  castcal xmltv --outlet \
                    KG -o KG.xml\n  castcal xmltv -o guide.xml && \
                    XMLTV_SUPPLEMENT=/usr/share/xmltv tv_validate_file \
                    guide.xml\n  (the XMLTV project's validator, Debian's xmltv-util, \
                    with the DTD installed beside it)\n\nExit status: 0 written; 2 bad \
                    input, or an --outlet that is no tv or radio outlet.",
                args: &[
                    ("output", "Write to this file (atomically) instead of standard output"),
                    ("outlet", "Only this tv or radio outlet, its channel and programmes \
                        (repeat for several); all by default"),
                ],
            };
        print: Help =
            Help {
                name: "print",
                about: "Ghi lịch năm để in: một tệp HTML tự chứa",
                long_about: "Ghi lịch năm để in: một tệp HTML tự chứa (CSS nội tuyến, không có \
                    script, không tải gì từ mạng) cho khổ A4 ngang.\n\nTrang 1 cho thấy \
                    toàn bộ thời kỳ trong một cái nhìn: mười hai tháng nhỏ (tuần bắt \
                    đầu từ thứ Hai), ngày âm lịch dưới mỗi ngày, ngày nghỉ lễ được tô \
                    nền, và một nhãn chữ theo màu của mỗi hoạt động vào những ngày nó \
                    diễn ra, kèm chú giải. Các trang sau liệt kê mọi lần diễn ra theo \
                    từng tháng. Mở nó trong trình duyệt và in (A4, ngang), hoặc in \
                    không cần giao diện:\n  chromium --headless --no-pdf-header-footer \
                    --print-to-pdf=year.pdf year.html",
                after_help: "Ví dụ:\n  castcal print -o year.html\n  castcal print \
                    schedules/kien-giang-cchc-2023.yaml --lang en -o \
                    year-en.html\n  castcal print > year.html\n  castcal print --outlet \
                    KG --lang en -o kg-year.html   # một kênh của một kế hoạch lớn",
                args: &[
                    ("output", "Ghi vào FILE (trọn vẹn một lần: người đọc thấy tệp cũ hoặc tệp \
                        mới) thay vì đầu ra chuẩn"),
                    ("lang", "Ngôn ngữ của chữ trên lịch: `vi` (tiếng Việt) hoặc `en` (tiếng \
                        Anh); mặc định CASTCAL_LANG, nếu không thì tiếng Việt"),
                    ("outlet", "Chỉ các lần diễn ra trên kênh này (lặp lại cho nhiều kênh); \
                        khi đó chú giải chỉ gồm các hoạt động được hiện"),
                ],
            },
            Help {
                name: "print",
                about: "Write the printable year calendar: one self-contained HTML file",
                long_about: "Write the printable year calendar: one self-contained HTML file \
                    (inline CSS, no script, nothing fetched from the network) for A4 \
                    landscape.\n\nPage 1 shows the whole period at a glance: twelve \
                    small months (weeks start on Monday), the lunar date under each \
                    day, holidays shaded, and a lettered chip in each activity's colour \
                    on the days it happens, with a legend. The following pages list \
                    every occurrence month by month. Open it in a browser and print it \
                    (A4, landscape), or print it headless:\n  chromium --headless \
                    --no-pdf-header-footer --print-to-pdf=year.pdf year.html",
                after_help: "Examples:\n  castcal print -o year.html\n  castcal print \
                    schedules/kien-giang-cchc-2023.yaml --lang en -o \
                    year-en.html\n  castcal print > year.html\n  castcal print --outlet \
                    KG --lang en -o kg-year.html   # one outlet of a large plan",
                args: &[
                    ("output", "Write to FILE (atomically: a reader sees the old file or the \
                        new one) instead of stdout"),
                    ("lang", "Language of the calendar's words: `vi` (Vietnamese) or `en` \
                        (English)"),
                    ("outlet", "Only occurrences on this outlet (repeat for several); the \
                        legend then holds only the activities shown"),
                ],
            };
        check: Help =
            Help {
                name: "check",
                about: "Kiểm tra các kế hoạch trước khi công bố: trùng khung giờ, ngày \
                    nghỉ lễ, số lần đã nêu, kinh phí",
                long_about: "",
                after_help: "Lỗi: các lần diễn ra có giờ chồng lên nhau trên một kênh (trên mọi \
                    kế hoạch được đưa vào), khung giờ va chạm với lịch chương trình của \
                    đài (--against), một lần phát lại không đến sau lần đầu của nó, một \
                    lần diễn ra ngoài thời kỳ của kế hoạch.\nCảnh báo: các lần diễn ra \
                    vào ngày nghỉ lễ (on_holiday: warn), `expect` khác với số lần quy \
                    tắc cho ra, hoạt động không có ngày nào, quy tắc trông như bị hiểu \
                    sai, hạn chót rơi vào cuối tuần.\nGhi chú: những gì một chính sách \
                    on_holiday đã dời hoặc bỏ qua, và những phát hiện mà kế hoạch chấp \
                    nhận (`accept: [expect-mismatch]` ở một hoạt động).\n\nMỗi phát \
                    hiện bắt đầu bằng tệp, dòng và cột của giá trị cần sửa \
                    (schedules/x.yaml:75:13:), rồi nói điều gì sẽ giải quyết nó.\n\nMã \
                    thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh báo với --strict); 2 dữ \
                    liệu vào sai.\n\nVí dụ:\n  castcal check\n  castcal check \
                    schedules/ --against KG=grids/kg-2023.ics --against \
                    KG1=grids/kg1-2023.ics\n  castcal check --format json --strict > \
                    report.json",
                args: &[
                    ("against", "Kiểm tra thêm các khung giờ trên OUTLET với lịch chương trình \
                        của đài trong FILE.ics (có thể lặp lại)"),
                    ("format", "`text` cho người đọc, `json` (phát hiện, kinh phí, tóm tắt) \
                        cho chương trình"),
                    ("strict", "Thoát với mã 1 cả khi có cảnh báo, không chỉ khi có lỗi"),
                    ("lang", "Ngôn ngữ của báo cáo (các mã vẫn bằng tiếng Anh); mặc định \
                        CASTCAL_LANG, nếu không thì tiếng Việt"),
                ],
            },
            Help {
                name: "check",
                about: "Check the plans before publishing: slot conflicts, holidays, \
                    declared counts, budget",
                long_about: "",
                after_help: "Errors: timed occurrences that overlap on one outlet (across all \
                    plans given), slots that collide with a station's grid (--against), \
                    a rerun that does not come after its premiere, an occurrence \
                    outside the plan's period.\nWarnings: occurrences on holidays \
                    (on_holiday: warn), `expect` different from what the rule yields, \
                    activities with no dates, rules that look like misreadings, \
                    deadlines on weekends.\nNotes: what an on_holiday policy moved or \
                    skipped, and the findings the plan accepts (`accept: \
                    [expect-mismatch]` on an activity).\n\nEach finding starts with the \
                    file, line and column of the value to change \
                    (schedules/x.yaml:75:13:), then says what would resolve it.\n\nExit \
                    status: 0 no error; 1 errors (or warnings with --strict); 2 bad \
                    input.\n\nExamples:\n  castcal check\n  castcal check schedules/ \
                    --against KG=grids/kg-2023.ics --against \
                    KG1=grids/kg1-2023.ics\n  castcal check --format json --strict > \
                    report.json",
                args: &[
                    ("against", "Also check the slots on OUTLET against the station's programme \
                        grid in FILE.ics (repeatable)"),
                    ("format", "`text` for people, `json` (findings, budget, summary) for \
                        programs"),
                    ("strict", "Exit with status 1 on warnings too, not only on errors"),
                    ("lang", "The language of the report (the codes stay English)"),
                ],
            };
        diff: Help =
            Help {
                name: "diff",
                about: "Những gì thay đổi giữa hai phiên bản của kế hoạch: lần diễn ra \
                    thêm, hủy, dời, đổi",
                long_about: "Những gì thay đổi giữa hai phiên bản của kế hoạch, theo từng kênh \
                    và theo thứ tự ngày: các lần diễn ra được thêm (chỉ có trong NEW), \
                    bị hủy (chỉ có trong OLD), bị dời (cùng UID, khác ngày, giờ hoặc \
                    kênh: từ → đến) và bị đổi (cùng UID, giờ bắt đầu và kênh; khác tiêu \
                    đề, trạng thái hoặc giờ kết thúc). Một lần diễn ra bị dời mà tiêu \
                    đề, trạng thái hoặc thời lượng cũng đổi được liệt kê là bị dời, với \
                    các thay đổi đó bên dưới.\n\nOLD và NEW mỗi cái là một tệp kế hoạch \
                    hoặc một thư mục chứa chúng, một thư mục do `castcal build` ghi \
                    (đọc occurrences.json của nó), hoặc chính một tệp occurrences.json.",
                after_help: "Mã thoát: 0 không có gì thay đổi; 1 có thay đổi; 2 dữ liệu vào \
                    sai.\n\nVí dụ:\n  castcal diff public/ \
                    schedules/                  những gì lần dựng sau sẽ thay \
                    đổi\n  castcal diff old/kg-2023.yaml schedules/kg-2023.yaml --lang \
                    en\n  castcal diff public/occurrences.json schedules/ --format json \
                    > changes.json",
                args: &[
                    ("old", "Phiên bản cũ: một tệp kế hoạch hoặc thư mục chứa chúng, một \
                        thư mục `castcal build` đã ghi, hoặc một tệp occurrences.json"),
                    ("new", "Phiên bản mới, đọc như OLD"),
                    ("format", "`text` cho người đọc, `json` (tóm tắt và các thay đổi) cho \
                        chương trình"),
                    ("lang", "Ngôn ngữ của văn bản (tên trường JSON vẫn bằng tiếng Anh); mặc \
                        định CASTCAL_LANG, nếu không thì tiếng Việt"),
                ],
            },
            Help {
                name: "diff",
                about: "What changed between two versions of the plans: occurrences added, \
                    cancelled, moved, changed",
                long_about: "What changed between two versions of the plans, per outlet and in \
                    date order: the occurrences added (only in NEW), cancelled (only in \
                    OLD), moved (same UID, another date, time or outlet: from → to) and \
                    changed (same UID, start and outlet; another title, status or end). \
                    A moved occurrence whose title, status or length changed too is \
                    listed as moved, with those changes under it.\n\nOLD and NEW are \
                    each a schedule file or a folder of them, a folder written by \
                    `castcal build` (its occurrences.json is read), or an \
                    occurrences.json file itself.",
                after_help: "Exit status: 0 nothing changed; 1 changed; 2 bad \
                    input.\n\nExamples:\n  castcal diff public/ \
                    schedules/                  what the next build will \
                    change\n  castcal diff old/kg-2023.yaml schedules/kg-2023.yaml \
                    --lang en\n  castcal diff public/occurrences.json schedules/ \
                    --format json > changes.json",
                args: &[
                    ("old", "The old version: a schedule file or a folder of them, a folder \
                        `castcal build` wrote, or an occurrences.json"),
                    ("new", "The new version, read as OLD is"),
                    ("format", "`text` for people, `json` (summary and changes) for programs"),
                    ("lang", "The language of the text (JSON's names stay English)"),
                ],
            };
        ics: Help =
            Help {
                name: "ics",
                about: "Ghi nguồn lịch iCalendar (.ics) của các kế hoạch, để ứng dụng lịch \
                    đăng ký theo dõi",
                long_about: "",
                after_help: "Ví dụ:\n  castcal ics > all.ics\n  castcal ics -o kg.ics --outlet \
                    KG\n  castcal ics schedules/kien-giang-cchc-2023.yaml --outlet KG \
                    --outlet KG1 -o tv.ics\n  castcal ics --mode rrule -o \
                    all-rules.ics\n\nNguồn lịch là cùng các byte cho cùng một kế hoạch \
                    (DTSTAMP là thời điểm `published` của kế hoạch). Với --outlet, chỉ \
                    các lần diễn ra trên các kênh đó được ghi, và tên lịch mang tên các \
                    kênh đó.",
                args: &[
                    ("output", "Ghi vào FILE (trọn vẹn một lần: tệp cũ còn nguyên cho tới khi \
                        tệp mới đầy đủ) thay vì đầu ra chuẩn"),
                    ("outlets", "Chỉ giữ các lần diễn ra trên kênh này (một id trong `outlets` \
                        của kế hoạch); có thể lặp lại"),
                    ("mode", "`instances`: mỗi lần diễn ra một sự kiện (mọi ứng dụng đều \
                        hiểu giống nhau); `rrule`: mỗi hoạt động và chuỗi phát lại một \
                        sự kiện, với RRULE/RDATE/EXDATE"),
                ],
            },
            Help {
                name: "ics",
                about: "Write an iCalendar (.ics) feed of the plans, for calendar clients \
                    to subscribe to",
                long_about: "",
                after_help: "Examples:\n  castcal ics > all.ics\n  castcal ics -o kg.ics \
                    --outlet KG\n  castcal ics schedules/kien-giang-cchc-2023.yaml \
                    --outlet KG --outlet KG1 -o tv.ics\n  castcal ics --mode rrule -o \
                    all-rules.ics\n\nThe feed is the same bytes for the same plan \
                    (DTSTAMP is the plan's `published` time). With --outlet, only \
                    occurrences on those outlets are written, and the calendar's name \
                    gets the outlets' names.",
                args: &[
                    ("output", "Write to FILE (atomically: the old file stays until the new \
                        one is complete) instead of stdout"),
                    ("outlets", "Keep only occurrences on this outlet (an id from the plan's \
                        `outlets`); repeatable"),
                    ("mode", "`instances`: one event per occurrence (every client agrees); \
                        `rrule`: one event per activity and rerun series, with \
                        RRULE/RDATE/EXDATE"),
                ],
            };
        import: Help =
            Help {
                name: "import",
                about: "Đọc văn bản kế hoạch (văn bản thuần hoặc .docx) thành tệp kế \
                    hoạch, mọi giả định đều được chú thích",
                long_about: "Đọc văn bản kế hoạch (Kế hoạch), dạng văn bản UTF-8 (các ô của \
                    bảng cách nhau bằng tab) hoặc tệp Word (.docx), thành tệp kế hoạch: \
                    số, nơi và ngày ban hành, tiêu đề và năm áp dụng; các bảng hoạt \
                    động, nhận ra qua tiêu đề cột (nội dung, sản phẩm hoặc hình thức, \
                    thời gian, đơn vị chủ trì, đơn vị phối hợp, kinh phí và đơn vị \
                    tính, theo thứ tự bất kỳ), các dòng nối tiếp qua nhiều dòng và \
                    trang, ô gộp cho mỗi dòng giá trị của nó; các hoạt động và hạn chót \
                    viết thành đoạn văn. Mỗi ô và câu được đọc bằng ngữ pháp cụm từ \
                    (giờ, thứ, \"tuần 3\", thứ cuối cùng, cách tuần, ngày trong tháng, \
                    tháng, quý, ngoại lệ, kênh và tần suất, phát lại, thời lượng, số \
                    lần đã nêu, kinh phí; xem docs/reference/importing.md), chịu được \
                    lỗi OCR và lỗi gõ.\n\nPhía trên mỗi hoạt động, tệp trích các ô của \
                    nó và nói những gì đã đọc, đã giả định và chưa hiểu; một hoạt động \
                    có điều gì đã giả định hoặc chưa hiểu là dự kiến, và mỗi điều như \
                    vậy được báo trên đầu ra lỗi chuẩn tại dòng của văn bản (trong \
                    .docx, đoạn văn hoặc dòng bảng của nó). Cuối cùng, một dòng tổng \
                    kết: hoạt động, lần diễn ra, khung giờ, dự kiến, cần xem lại, tổng \
                    kinh phí. -o không bao giờ thay một tệp đã có khi không có --force, \
                    cũng không thay tệp chỉ đọc hay chính văn bản; tệp được ghi trọn \
                    vẹn hoặc không ghi gì. Hãy xem lại các chú thích và chạy `castcal \
                    check` trên tệp trước khi công bố.",
                after_help: "Mã thoát: 0 đã ghi, hiểu hết; 1 đã ghi, có điều cần xem lại (dòng \
                    tổng kết cho biết số lượng); 2 văn bản không có kế hoạch, văn bản \
                    không đọc được hoặc bị từ chối (quá giới hạn, không phải tệp \
                    thường), hoặc FILE đã có (khi không có --force): không ghi \
                    gì.\n\nVí dụ:\n  castcal import ke-hoach-61.docx -o \
                    schedules/kg-cchc-2023.yaml\n  castcal import ke-hoach-61.txt \
                    --lang en > draft.yaml\n  castcal import ke-hoach.docx --holidays \
                    holidays/vn-2024.yaml -o schedules/plan-2024.yaml",
                args: &[
                    ("document", "Văn bản kế hoạch: văn bản UTF-8 hoặc tệp Word (.docx)"),
                    ("output", "Ghi tệp kế hoạch vào đây (trọn vẹn một lần) thay vì đầu ra \
                        chuẩn"),
                    ("timezone", "Múi giờ của kế hoạch (một tên IANA); mặc định là của quốc gia \
                        của kế hoạch"),
                    ("lang", "Ngôn ngữ của chú thích và cảnh báo; mặc định CASTCAL_LANG, nếu \
                        không thì tiếng Việt"),
                    ("holidays", "Một tệp ngày nghỉ lễ để ghi vào kế hoạch, tương đối với nơi \
                        đặt FILE (có thể lặp lại); mặc định, các tệp cho năm của kế \
                        hoạch trong thư mục holidays/ cạnh FILE"),
                    ("force", "Thay FILE khi nó đã có (không bao giờ thay chính văn bản)"),
                ],
            },
            Help {
                name: "import",
                about: "Read a plan's own document (text or .docx) into a schedule file, \
                    every assumption commented",
                long_about: "Read a plan's own document (Kế hoạch), as UTF-8 text (a table's \
                    cells separated by tabs) or as a Word file (.docx), into a schedule \
                    file: its number, place and date, title and the year it is for; its \
                    activity tables, found by what their headers say (item, content, \
                    product or form, time, lead, partners, budget and its unit, in any \
                    order), rows continued across lines and pages, merged cells giving \
                    every row their value; the activities and deadlines written as \
                    paragraphs. Each cell and sentence is read with the phrase grammar \
                    (times, weekdays, \"tuần 3\", the last weekday, every other week, \
                    days of the month, months, quarters, exceptions, channels and \
                    frequencies, reruns, lengths, declared counts, budgets; see \
                    docs/reference/importing.md), tolerant of OCR and typing \
                    slips.\n\nAbove each activity the file quotes its cells and says \
                    what was read, what was assumed and what was not understood; an \
                    activity with anything assumed or not understood is tentative, and \
                    each such thing is said on standard error at the document's line \
                    (in a .docx, its paragraph or table row). At the end, one line sums \
                    up: activities, occurrences, timed slots, tentative, to review, the \
                    budget total. -o never replaces an existing file without --force, \
                    nor a read-only one, nor the document; the file is written whole or \
                    not at all. Review the comments and run `castcal check` on the file \
                    before publishing it.",
                after_help: "Exit status: 0 written, everything understood; 1 written, \
                    something to review (the summary gives the count); 2 no plan in the \
                    document, a document that cannot be read or is refused (over the \
                    limits, not a regular file), or FILE exists (without --force): \
                    nothing written.\n\nExamples:\n  castcal import ke-hoach-61.docx -o \
                    schedules/kg-cchc-2023.yaml\n  castcal import ke-hoach-61.txt \
                    --lang en > draft.yaml\n  castcal import ke-hoach.docx --holidays \
                    holidays/vn-2024.yaml -o schedules/plan-2024.yaml",
                args: &[
                    ("document", "The plan's document: UTF-8 text or a Word file (.docx)"),
                    ("output", "Write the schedule file here (atomically) instead of standard \
                        output"),
                    ("timezone", "The plan's time zone (an IANA name); the plan's country's by \
                        default"),
                    ("lang", "The language of the comments and warnings"),
                    ("holidays", "A holiday file to name in the plan, relative to where FILE \
                        will be (repeatable); by default, those for the plan's year in \
                        the holidays/ folder beside FILE"),
                    ("force", "Replace FILE when it exists (never the document itself)"),
                ],
            };
        holidays: Help =
            Help {
                name: "holidays",
                about: "Liệt kê ngày nghỉ và ngày làm bù trong một năm ở Việt Nam (lịch có \
                    sẵn)",
                long_about: "Liệt kê ngày nghỉ và ngày làm bù trong một năm ở Việt Nam, từ lịch \
                    có sẵn: các ngày lễ của Bộ luật Lao động 2019 (điều 112) với Tết và \
                    ngày Giỗ Tổ Hùng Vương tính theo âm lịch, các ngày nghỉ bù cho ngày \
                    lễ rơi vào cuối tuần, và các ngày mà thông báo của Chính phủ đã \
                    hoán đổi lấy một ngày thứ Bảy đi làm, mỗi ngày kèm nguồn. Các năm \
                    chưa có thông báo được ước tính như các thông báo gần đây đã xếp \
                    ngày, và được ghi là tạm tính. Xem docs/reference/holidays.md.",
                after_help: "Mã thoát: 0 đã liệt kê; 2 một năm ngoài lịch (2023–2100).\n\nVí \
                    dụ:\n  castcal holidays 2024\n  castcal holidays 2027 --lang \
                    en\n  castcal holidays 2026 --format json > vn-2026.json",
                args: &[
                    ("year", "Năm (2023–2100)"),
                    ("format", "`text` cho người đọc, `json` (`year`, `provisional`, \
                        `days_off`, `working_days`) cho chương trình"),
                    ("lang", "Ngôn ngữ của tên ngày, nguồn và thông báo; mặc định \
                        CASTCAL_LANG, nếu không thì tiếng Việt"),
                ],
            },
            Help {
                name: "holidays",
                about: "List a year's days off and make-up working days in Vietnam (the \
                    built-in calendar)",
                long_about: "List a year's days off and make-up working days in Vietnam, from \
                    the built-in calendar: the holidays of the Labour Code 2019 (art. \
                    112) with Tết and the Hùng Kings' day computed from the lunar \
                    calendar, the days off in lieu of a holiday on a weekend, and the \
                    days the government's notices swapped for a Saturday worked, each \
                    with its source. Years without a notice yet are estimated as the \
                    recent notices placed the days, and said to be provisional. See \
                    docs/reference/holidays.md.",
                after_help: "Exit status: 0 listed; 2 a year outside the calendar \
                    (2023–2100).\n\nExamples:\n  castcal holidays 2024\n  castcal \
                    holidays 2027 --lang en\n  castcal holidays 2026 --format json > \
                    vn-2026.json",
                args: &[
                    ("year", "The year (2023–2100)"),
                    ("format", "`text` for people, `json` (`year`, `provisional`, `days_off`, \
                        `working_days`) for programs"),
                    ("lang", "The language of the names, the sources and the messages"),
                ],
            };
        roll: Help =
            Help {
                name: "roll",
                about: "Ghi tệp kế hoạch năm sau từ tệp năm nay: cùng quy tắc, ngày được \
                    dời",
                long_about: "Ghi tệp kế hoạch năm sau từ tệp năm nay: cùng quy tắc và chú \
                    thích, thời kỳ và mọi ngày được dời sang năm --to, ngày bắt đầu của \
                    một quy tắc dời tới ngày đầu tiên quy tắc cho ra trong năm mới, \
                    UNTIL được dời, id và tiêu đề của kế hoạch mang năm mới, \
                    `published` bị bỏ, tệp ngày nghỉ lễ của năm cũ được thay bằng lịch \
                    có sẵn (VN). Mọi ngày viết cố định (ngày bắt đầu của việc một lần, \
                    rdates, exdates) và mọi giá trị thay đổi theo cách người đọc cần \
                    thấy đều có chú thích \"xem lại\" phía trên. Tệp mới phải nạp được, \
                    nếu không thì không ghi gì; -o không bao giờ thay một tệp trừ khi \
                    có --force. Xem docs/reference/roll.md.",
                after_help: "Mã thoát: 0 đã ghi; 2 tệp không nạp được, --to là năm của chính \
                    nó, hoặc -o chỉ một tệp đã có (khi không có --force).\n\nVí \
                    dụ:\n  castcal roll schedules/kien-giang-cchc-2023.yaml --to 2024 \
                    -o schedules/kien-giang-cchc-2024.yaml\n  castcal roll \
                    ke-hoach-2025.yaml --to 2026 --lang en > draft-2026.yaml",
                args: &[
                    ("path", "Tệp kế hoạch của năm nay"),
                    ("to", "Năm của kế hoạch mới"),
                    ("output", "Ghi tệp kế hoạch mới vào đây thay vì đầu ra chuẩn"),
                    ("force", "Thay tệp -o chỉ tới khi nó đã có"),
                    ("lang", "Ngôn ngữ của chú thích được ghi và của thông báo; mặc định \
                        CASTCAL_LANG, nếu không thì tiếng Việt"),
                ],
            },
            Help {
                name: "roll",
                about: "Write next year's schedule file from this year's: the same rules, \
                    the dates moved",
                long_about: "Write next year's schedule file from this year's: the same rules \
                    and comments, the period and every date moved to --to, a rule's \
                    start moved to the first date the rule gives in the new year, UNTIL \
                    moved, the plan's id and title given the new year, `published` \
                    removed, a holiday file of the old year replaced by the built-in \
                    calendar (VN). Every date written as a fixed day (a one-off start, \
                    rdates, exdates) and every value that changed in a way a person \
                    should see gets a comment \"xem lại\" (\"look again\") above it. \
                    The new file must load, or nothing is written; -o never replaces a \
                    file unless --force. See docs/reference/roll.md.",
                after_help: "Exit status: 0 written; 2 the file does not load, --to is its own \
                    year, or -o names a file that exists (without \
                    --force).\n\nExamples:\n  castcal roll \
                    schedules/kien-giang-cchc-2023.yaml --to 2024 -o \
                    schedules/kien-giang-cchc-2024.yaml\n  castcal roll \
                    ke-hoach-2025.yaml --to 2026 --lang en > draft-2026.yaml",
                args: &[
                    ("path", "This year's schedule file"),
                    ("to", "The year of the new plan"),
                    ("output", "Write the new schedule file here instead of standard output"),
                    ("force", "Replace the file -o names when it exists"),
                    ("lang", "The language of the comments written and of the messages"),
                ],
            };
        fmt: Help =
            Help {
                name: "fmt",
                about: "Viết lại tệp kế hoạch với tên mục và từ bằng tiếng Việt (hoặc tiếng \
                    Anh), ngay trong tệp",
                long_about: "Viết lại từng tệp kế hoạch theo một ngôn ngữ, ngay trong tệp: mọi \
                    tên mục (`tiêu đề:` / `title:`) và mọi từ có sẵn (loại hoạt động, \
                    loại kênh, trạng thái, cách xử lý ngày nghỉ) bằng tiếng Việt (--lang \
                    vi, mặc định) hoặc tiếng Anh (--lang en). Mọi giá trị khác giữ \
                    nguyên như đã viết, mọi chú thích, dòng trống, dấu nháy và thứ tự \
                    được giữ. Tệp đã đúng dạng thì không ghi lại; tệp không nạp được bị \
                    từ chối với thông báo của bộ nạp và giữ nguyên. Xem \
                    docs/reference/fmt.md.",
                after_help: "Mã thoát: 0 mọi tệp đã ở dạng được yêu cầu; 2 một tệp không nạp \
                    được hoặc không ghi được (các tệp trước nó đã được viết lại, nó và \
                    các tệp sau thì không).\n\nVí dụ:\n  castcal fmt \
                    schedules/kien-giang-cchc-2023.yaml\n  castcal fmt --lang en \
                    ke-hoach.yaml",
                args: &[
                    ("paths", "Các tệp kế hoạch cần viết lại"),
                    ("lang", "Dạng cần viết: tên mục và từ bằng tiếng Việt (`vi`) hoặc tiếng \
                        Anh (`en`)"),
                ],
            },
            Help {
                name: "fmt",
                about: "Rewrite schedule files with their keys and words in Vietnamese (or \
                    English), in place",
                long_about: "Rewrite each schedule file in one language's form, in place: \
                    every key (`tiêu đề:` / `title:`) and every enumerated word (kinds, \
                    outlet kinds, statuses, holiday policies) in Vietnamese (--lang vi, \
                    the default) or in English (--lang en). Every other value stays \
                    exactly as written, and every comment, blank line, quote and the \
                    order are kept. A file already in that form is not written; a file \
                    that does not load is refused with the loader's message and left \
                    untouched. See docs/reference/fmt.md.",
                after_help: "Exit status: 0 every file is in the form asked for; 2 a file does \
                    not load or cannot be written (the files before it are rewritten, it \
                    and those after it are not).\n\nExamples:\n  castcal fmt \
                    schedules/kien-giang-cchc-2023.yaml\n  castcal fmt --lang en \
                    ke-hoach.yaml",
                args: &[
                    ("paths", "The schedule files to rewrite"),
                    ("lang", "The form to write: keys and words in Vietnamese (`vi`) or in \
                        English (`en`)"),
                ],
            };
        reconcile: Help =
            Help {
                name: "reconcile",
                about: "Đối chiếu kế hoạch với những gì đã phát và đã làm: đã phát, trễ, \
                    dời, bỏ lỡ, đã làm",
                long_about: "Đối chiếu các lần diễn ra của kế hoạch với những gì đã phát (nhật \
                    ký phát sóng thực tế của đài cho mỗi kênh, --aired) và những gì cơ \
                    quan xác nhận đã làm (--done), và cho mỗi lần diễn ra tới --through \
                    một trạng thái: đã phát (đúng khung giờ, trong phạm vi \
                    --tolerance), trễ (cùng ngày, muộn hơn hoặc sớm hơn), dời (vào ngày \
                    khác trong vòng 7 ngày, hoặc trên kênh khác có nhật ký), bỏ lỡ, đã \
                    làm (đã xác nhận), chưa rõ (không có bằng chứng cho kênh của nó); \
                    các lần sau đó là đang chờ. Những gì đã phát trông giống của kế \
                    hoạch nhưng không khớp lần diễn ra nào được liệt kê là ngoài kế \
                    hoạch; mọi thứ khác một kênh đã phát đều bỏ qua.\n\nNhật ký phát \
                    sóng là XMLTV (như công cụ EPG và phát sóng xuất ra; `castcal \
                    xmltv` ghi được một tệp) hoặc CSV như các hệ thống phát sóng xuất \
                    ra, các cột nhận ra qua tiêu đề (ngày, giờ bắt đầu, giờ kết thúc \
                    hoặc thời lượng, tiêu đề; tên tiếng Việt hoặc tiếng Anh; `,` hoặc \
                    `;`; UTF-8 hoặc UTF-16). Tệp xác nhận là một CSV các UID, mỗi UID \
                    với ngày thực hiện và số hiệu văn bản tùy chọn: `castcal reconcile \
                    --template` ghi một tệp mẫu để điền. Xem \
                    docs/reference/reconcile.md.",
                after_help: "Mã thoát: 0 không bỏ lỡ gì đến hạn (trễ và dời vẫn được báo); 1 có \
                    điều đến hạn bị bỏ lỡ; 2 dữ liệu vào sai.\n\nVí dụ:\n  castcal \
                    reconcile --aired KG=asrun/kg-2023.xml --aired \
                    KG1=asrun/kg1-2023.csv\n  castcal reconcile --aired KG=kg.csv \
                    --done xac-nhan.csv --through 14/06/2023 --lang en\n  castcal \
                    reconcile --aired KG=kg.csv --template -o xac-nhan.csv   # những gì \
                    cần xác nhận bằng tay\n  castcal reconcile --aired KG=kg.xml \
                    --format json > reconcile.json",
                args: &[
                    ("through", "Ngày cuối cùng được tính (DD/MM/YYYY hoặc YYYY-MM-DD); các lần \
                        diễn ra sau đó là đang chờ. Mặc định: hôm nay (ngày của \
                        SOURCE_DATE_EPOCH khi biến này được đặt)"),
                    ("tolerance", "Một lần phát được lệch khỏi khung giờ bao nhiêu phút mà vẫn là \
                        `aired` (đã phát)"),
                    ("format", "`text` cho người đọc, `json` (lần diễn ra, ngoài kế hoạch, \
                        hoạt động) cho chương trình"),
                    ("lang", "Ngôn ngữ của văn bản và của tệp mẫu (tên trường JSON vẫn bằng \
                        tiếng Anh); mặc định CASTCAL_LANG, nếu không thì tiếng Việt"),
                    ("template", "Thay vào đó ghi tệp mẫu xác nhận: mọi lần diễn ra đến hạn mà \
                        không nhật ký nào xác nhận được, mỗi lần một dòng, để điền và \
                        đưa lại bằng --done"),
                    ("output", "Ghi tệp mẫu vào FILE (trọn vẹn một lần; không bao giờ thay một \
                        tệp khi không có --force)"),
                    ("force", "Thay FILE nếu nó đã có"),
                ],
            },
            Help {
                name: "reconcile",
                about: "Compare the plan with what aired and what was done: aired, late, \
                    moved, missed, done",
                long_about: "Compare the plan's occurrences with what aired (a station's as-run \
                    log per channel, --aired) and what the department confirms was done \
                    (--done), and give each occurrence up to --through one status: \
                    aired (in its slot, within --tolerance), late (the same day, later \
                    or earlier), moved (on another day within 7 days, or on another \
                    channel whose log is given), missed, done (confirmed), unknown (no \
                    evidence given for its outlet); later ones are pending. What aired \
                    that looks like the plan's but matches no occurrence is listed as \
                    unplanned; everything else a channel aired is ignored.\n\nAs-run \
                    logs are XMLTV (as EPG and playout tools export it; `castcal xmltv` \
                    writes one) or CSV as playout systems export it, its columns found \
                    by their header (date, start time, end time or duration, title; \
                    Vietnamese or English names; `,` or `;`; UTF-8 or UTF-16). A file \
                    of confirmations is a CSV of UIDs, each with the date done and an \
                    optional reference: `castcal reconcile --template` writes one to \
                    fill in. See docs/reference/reconcile.md.",
                after_help: "Exit status: 0 nothing due was missed (late and moved are \
                    reported); 1 something due was missed; 2 bad \
                    input.\n\nExamples:\n  castcal reconcile --aired \
                    KG=asrun/kg-2023.xml --aired KG1=asrun/kg1-2023.csv\n  castcal \
                    reconcile --aired KG=kg.csv --done xac-nhan.csv --through \
                    2023-06-14 --lang en\n  castcal reconcile --aired KG=kg.csv \
                    --template -o xac-nhan.csv   # what to confirm by hand\n  castcal \
                    reconcile --aired KG=kg.xml --format json > reconcile.json",
                args: &[
                    ("through", "The last day counted (YYYY-MM-DD); later occurrences are \
                        pending. Default: today (the day of SOURCE_DATE_EPOCH when it \
                        is set)"),
                    ("tolerance", "How many minutes from its slot an airing may be and still be \
                        `aired`"),
                    ("format", "`text` for people, `json` (occurrences, unplanned, activities) \
                        for programs"),
                    ("lang", "The language of the text and of the template (JSON's names \
                        stay English)"),
                    ("template", "Write the template of confirmations instead: every due \
                        occurrence no log given can confirm, one row each, to fill in \
                        and give back with --done"),
                    ("output", "Write the template to FILE (atomically; never replacing a file \
                        without --force)"),
                    ("force", "Replace FILE if it exists"),
                ],
            };
        report: Help =
            Help {
                name: "report",
                about: "Ghi báo cáo thực hiện của một kỳ (.docx) hoặc phụ lục của nó \
                    (.xlsx), kèm quyết toán kinh phí",
                long_about: "Ghi báo cáo thực hiện của một quý, nửa năm hoặc một năm mà kế \
                    hoạch yêu cầu: dạng văn bản Word (.docx) trình bày như một báo cáo \
                    hành chính (cơ quan ban hành và quốc hiệu, tiêu đề, kỳ báo cáo; kết \
                    quả của mỗi hoạt động: theo kế hoạch, đã thực hiện, trễ, dời, bỏ \
                    lỡ, tỷ lệ hoàn thành, mỗi lần diễn ra với bằng chứng của nó; những \
                    việc còn lại; kinh phí quyết toán từng khoản), hoặc dạng phụ lục \
                    (.xlsx): mỗi lần diễn ra trong kỳ một dòng với bằng chứng của nó, \
                    các lần phát ngoài kế hoạch, và kinh phí.\n\nCác kỳ được tính như \
                    Điều 12 Nghị định 09/2019/NĐ-CP chốt số liệu báo cáo định kỳ: một \
                    quý từ ngày 15 của tháng trước quý tới ngày 14 của tháng cuối quý, \
                    sáu tháng đầu năm từ 15 tháng 12 tới 14 tháng 6, sáu tháng cuối năm \
                    từ 15 tháng 6 tới 14 tháng 12, một năm từ 15 tháng 12 tới 14 tháng \
                    12; --calendar tính theo kỳ dương lịch thay vào đó. Báo cáo ghi rõ \
                    cách tính nào. Những gì đã phát và đã làm được đọc như `castcal \
                    reconcile` (--aired, --done), tính tới ngày cuối của kỳ, hoặc tới \
                    hôm nay khi hôm nay sớm hơn. Xem docs/reference/report.md.",
                after_help: "Mã thoát: 0 đã ghi; 2 dữ liệu vào sai, hoặc FILE đã có (khi không \
                    có --force).\n\nVí dụ:\n  castcal report --quarter 2023-Q1 --aired \
                    KG=asrun/kg.xml --done xac-nhan.csv -o \
                    bao-cao-quy-1.docx\n  castcal report --quarter 2023-Q1 --aired \
                    KG=asrun/kg.xml --done xac-nhan.csv -o \
                    phu-luc-quy-1.xlsx\n  castcal report --year 2023 --calendar --lang \
                    en -o report-2023.docx",
                args: &[
                    ("quarter", "Một quý: YYYY-Q1 tới YYYY-Q4"),
                    ("half", "Nửa năm: YYYY-H1 hoặc YYYY-H2"),
                    ("year", "Một năm: YYYY"),
                    ("calendar", "Tính theo kỳ dương lịch (một quý từ ngày đầu tới ngày cuối của \
                        nó) thay vì mốc chốt số liệu của Nghị định 09/2019/NĐ-CP (từ \
                        ngày 15 của tháng trước)"),
                    ("tolerance", "Một lần phát được lệch khỏi khung giờ bao nhiêu phút mà vẫn là \
                        đúng giờ"),
                    ("output", "Tệp để ghi: FILE.docx (báo cáo) hoặc FILE.xlsx (phụ lục), trọn \
                        vẹn một lần; không bao giờ ghi đè một tệp đã có khi không có \
                        --force"),
                    ("force", "Thay FILE nếu nó đã có"),
                    ("lang", "Ngôn ngữ của báo cáo; mặc định CASTCAL_LANG, nếu không thì \
                        tiếng Việt"),
                ],
            },
            Help {
                name: "report",
                about: "Write the implementation report of a period (.docx) or its annex \
                    (.xlsx), budget settled",
                long_about: "Write the implementation report of a quarter, a half or a year \
                    that the plan asks for: as a Word document (.docx) laid out as an \
                    administrative report (the issuer and the national heading, the \
                    title, the period; the results of each activity: planned, carried \
                    out, late, moved, missed, the share done, each occurrence with its \
                    evidence; what remains; the budget settled item by item), or as its \
                    annex (.xlsx): one row per occurrence of the period with its \
                    evidence, the airings outside the plan, and the budget.\n\nPeriods \
                    are counted as Article 12 of Nghị định 09/2019/NĐ-CP cuts the data \
                    of periodic reports off: a quarter from the 15th of the month \
                    before it to the 14th of its last month, the first half from 15 \
                    December to 14 June, the second from 15 June to 14 December, a year \
                    from 15 December to 14 December; --calendar counts calendar periods \
                    instead. The report says which. What aired and was done is read as \
                    by `castcal reconcile` (--aired, --done), as of the period's last \
                    day, or of today when that is earlier. See \
                    docs/reference/report.md.",
                after_help: "Exit status: 0 written; 2 bad input, or FILE exists (without \
                    --force).\n\nExamples:\n  castcal report --quarter 2023-Q1 --aired \
                    KG=asrun/kg.xml --done xac-nhan.csv -o \
                    bao-cao-quy-1.docx\n  castcal report --quarter 2023-Q1 --aired \
                    KG=asrun/kg.xml --done xac-nhan.csv -o \
                    phu-luc-quy-1.xlsx\n  castcal report --year 2023 --calendar --lang \
                    en -o report-2023.docx",
                args: &[
                    ("quarter", "A quarter: YYYY-Q1 to YYYY-Q4"),
                    ("half", "A half year: YYYY-H1 or YYYY-H2"),
                    ("year", "A year: YYYY"),
                    ("calendar", "Count calendar periods (a quarter from its first day to its \
                        last) instead of the cut-off of Nghị định 09/2019/NĐ-CP (from \
                        the 15th of the month before)"),
                    ("tolerance", "How many minutes from its slot an airing may be and still be \
                        on time"),
                    ("output", "The file to write: FILE.docx (the report) or FILE.xlsx (its \
                        annex), atomically; never over a file that exists without \
                        --force"),
                    ("force", "Replace FILE if it exists"),
                    ("lang", "The language of the report"),
                ],
            };
        completions: Help =
            Help {
                name: "completions",
                about: "Ghi tập lệnh tự hoàn thành của một shell, cho các lệnh và tùy chọn \
                    của castcal",
                long_about: "Ghi tập lệnh tự hoàn thành của một shell ra đầu ra chuẩn: với nó, \
                    shell hoàn thành các lệnh, tùy chọn và giá trị của castcal (--lang \
                    vi|en, --format …) khi nhấn Tab.",
                after_help: "Ví dụ:\n  castcal completions bash > \
                    ~/.local/share/bash-completion/completions/castcal\n  castcal \
                    completions zsh > ~/.zfunc/_castcal        # với fpath+=~/.zfunc \
                    trong ~/.zshrc\n  castcal completions fish > \
                    ~/.config/fish/completions/castcal.fish\n  castcal completions \
                    powershell >> $PROFILE",
                args: &[
                    ("shell", "Shell"),
                ],
            },
            Help {
                name: "completions",
                about: "Write the completion script of a shell, for castcal's commands and \
                    options",
                long_about: "Write the completion script of a shell to standard output: with \
                    it, the shell completes castcal's commands, options and their \
                    values (--lang vi|en, --format …) on Tab.",
                after_help: "Examples:\n  castcal completions bash > \
                    ~/.local/share/bash-completion/completions/castcal\n  castcal \
                    completions zsh > ~/.zfunc/_castcal        # with fpath+=~/.zfunc \
                    in ~/.zshrc\n  castcal completions fish > \
                    ~/.config/fish/completions/castcal.fish\n  castcal completions \
                    powershell >> $PROFILE",
                args: &[
                    ("shell", "The shell"),
                ],
            };
        man: Help =
            Help {
                name: "man",
                about: "Ghi trang hướng dẫn (man, roff) của castcal, hoặc của một lệnh",
                long_about: "Ghi trang hướng dẫn của castcal, castcal(1), dạng roff ra đầu ra \
                    chuẩn; với COMMAND, trang của lệnh đó, castcal-COMMAND(1). Trang \
                    hướng dẫn viết bằng tiếng Anh.",
                after_help: "Ví dụ:\n  castcal man > ~/.local/share/man/man1/castcal.1 && man \
                    castcal\n  castcal man build > \
                    ~/.local/share/man/man1/castcal-build.1\n  castcal man | man -l -",
                args: &[
                    ("command", "Lệnh cần ghi trang hướng dẫn (castcal-COMMAND(1)); mặc định \
                        castcal(1)"),
                ],
            },
            Help {
                name: "man",
                about: "Write castcal's manual page (roff), or one command's",
                long_about: "Write castcal's manual page, castcal(1), as roff to standard \
                    output; with a COMMAND, that command's page, castcal-COMMAND(1).",
                after_help: "Examples:\n  castcal man > ~/.local/share/man/man1/castcal.1 && \
                    man castcal\n  castcal man build > \
                    ~/.local/share/man/man1/castcal-build.1\n  castcal man | man -l -",
                args: &[
                    ("command", "The command whose page to write (castcal-COMMAND(1)); \
                        castcal(1) by default"),
                ],
            };
        /// The arguments several commands share, unless a command's own
        /// table says otherwise.
        shared: &'static [(&'static str, &'static str)] =
            &[
                ("paths", "Các tệp hoặc thư mục kế hoạch (mọi tệp *.yaml / *.yml trong đó, \
                    trừ thư mục holidays/)"),
                ("history", "Kho lịch sử các lần công bố của thư mục (hãy giữ và sao lưu nó); \
                    mặc định: cạnh thư mục, DIR.history.sqlite"),
                ("wait", "Thời gian chờ một lần công bố khác của cùng thư mục kết thúc"),
                ("recover", "Khi kho lịch sử của thư mục bị mất: lập lại nó từ changes.json và \
                    occurrences.json của thư mục"),
                ("aired", "Nhật ký phát sóng thực tế của một kênh truyền hình hoặc phát \
                    thanh: XMLTV hoặc CSV (lặp lại cho mỗi kênh)"),
                ("done", "Tệp CSV xác nhận: UID, ngày thực hiện, số hiệu văn bản (có thể lặp \
                    lại)"),
                ("lang", "Ngôn ngữ của các thông báo: vi (tiếng Việt) hoặc en (tiếng Anh); \
                    mặc định CASTCAL_LANG, nếu không thì tiếng Việt"),
            ],
            &[
                ("paths", "Schedule files or folders (every *.yaml / *.yml in them, not in \
                    holidays/)"),
                ("history", "The store of the folder's history of publications (keep it, back \
                    it up); default: beside the folder, DIR.history.sqlite"),
                ("wait", "How long to wait for another publication of the same folder to \
                    finish"),
                ("recover", "When the folder's history store is lost: take it over from the \
                    folder's changes.json and occurrences.json"),
                ("aired", "The as-run log of a tv or radio channel: XMLTV or CSV (repeat for \
                    each channel)"),
                ("done", "A CSV of confirmations: UID, date done, reference (repeatable)"),
                ("lang", "The language of the messages: vi (Vietnamese) or en (English); by \
                    default CASTCAL_LANG, else Vietnamese"),
            ];
    }
}

impl Helps {
    /// castcal's help, then each command's.
    pub fn all(&self) -> [&Help; 19] {
        [
            &self.castcal,
            &self.expand,
            &self.build,
            &self.serve,
            &self.csv,
            &self.xlsx,
            &self.xmltv,
            &self.print,
            &self.check,
            &self.diff,
            &self.ics,
            &self.import,
            &self.holidays,
            &self.roll,
            &self.fmt,
            &self.reconcile,
            &self.report,
            &self.completions,
            &self.man,
        ]
    }

    /// The help of `command` (`castcal` for the program itself).
    pub fn command(&self, name: &str) -> Option<&Help> {
        self.all().into_iter().find(|h| h.name == name)
    }

    /// The help of the argument `id` of `command`: its own, else the shared one.
    pub fn arg(&self, command: &str, id: &str) -> Option<&'static str> {
        let own = self.command(command).and_then(|h| find(h.args, id));
        own.or_else(|| find(self.shared, id))
    }
}

fn find(args: &'static [(&'static str, &'static str)], id: &str) -> Option<&'static str> {
    args.iter()
        .find(|(key, _)| *key == id)
        .map(|(_, text)| *text)
}

words! {
    /// What the help and the usage errors say around the commands' own texts.
    pub struct Usage {
        /// Before the usage line.
        usage: &'static str = "Cách dùng:", "Usage:";
        /// The heading of the positional arguments.
        arguments: &'static str = "Đối số", "Arguments";
        /// The heading of the options.
        options: &'static str = "Tùy chọn", "Options";
        /// The heading of the commands.
        commands: &'static str = "Lệnh", "Commands";
        /// In a usage line, for the options.
        options_slot: &'static str = "[TÙY CHỌN]", "[OPTIONS]";
        /// In a usage line, for a command.
        command_slot: &'static str = "<LỆNH>", "<COMMAND>";
        /// `-h`'s help in the short help.
        help_short: &'static str =
            "In trợ giúp (xem đầy đủ với '--help')", "Print help (see more with '--help')";
        /// `--help`'s help in the long help.
        help_long: &'static str =
            "In trợ giúp (xem tóm tắt với '-h')", "Print help (see a summary with '-h')";
        /// `-V`'s help.
        version: &'static str = "In phiên bản", "Print version";
        /// The `help` command.
        help_command: &'static str =
            "In trợ giúp này, hoặc trợ giúp của (các) lệnh đã cho",
            "Print this message or the help of the given subcommand(s)";
        /// The `help` command's argument.
        help_command_arg: &'static str =
            "In trợ giúp của (các) lệnh", "Print help for the subcommand(s)";
        /// Before a default value, in brackets.
        default: &'static str = "mặc định", "default";
        /// Before the values an argument takes, in brackets.
        possible: &'static str = "giá trị", "possible values";
        /// Above the values an argument takes, each with its help.
        possible_long: &'static str = "Các giá trị:", "Possible values:";
        /// The languages, in `--lang`'s list.
        english: &'static str = "tiếng Anh", "English";
        vietnamese: &'static str = "tiếng Việt", "Vietnamese";
        /// Before a suggestion.
        tip: &'static str = "gợi ý", "tip";
        /// An error of the command line clap names but castcal does not say otherwise.
        invalid: &'static str = "dòng lệnh không hợp lệ", "invalid command line";
        /// The section headings of a manual page, as clap_mangen writes them in English.
        man_sections: [&'static str; 8] =
            ["TÊN", "CÚ PHÁP", "MÔ TẢ", "TÙY CHỌN", "LỆNH", "THÊM", "PHIÊN BẢN", "TÁC GIẢ"],
            ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS", "EXTRA", "VERSION", "AUTHORS"];
    }
}

/// An argument the command does not take.
pub fn unknown_argument(arg: &str) -> Said {
    say!(
        "không có tùy chọn '{arg}'",
        "unexpected argument '{arg}' found"
    )
}

/// The argument meant, perhaps.
pub fn similar_argument(arg: &str) -> Said {
    say!(
        "có lẽ ý bạn là '{arg}'",
        "a similar argument exists: '{arg}'"
    )
}

/// A command castcal does not have.
pub fn unknown_command(name: &str) -> Said {
    say!(
        "castcal không có lệnh '{name}'",
        "unrecognized subcommand '{name}'"
    )
}

/// The command meant, perhaps.
pub fn similar_command(name: &str) -> Said {
    say!(
        "có lẽ ý bạn là lệnh '{name}'",
        "a similar subcommand exists: '{name}'"
    )
}

/// A value an argument does not take.
pub fn invalid_value(value: &str, arg: &str) -> Said {
    say!(
        "giá trị '{value}' không hợp lệ cho '{arg}'",
        "invalid value '{value}' for '{arg}'"
    )
}

/// An argument given without its value.
pub fn missing_value(arg: &str) -> Said {
    say!(
        "'{arg}' cần một giá trị, nhưng không có giá trị nào",
        "a value is required for '{arg}' but none was supplied"
    )
}

/// Required arguments not given (each on its own line after this).
pub fn missing_required() -> Said {
    say!(
        "thiếu các đối số bắt buộc sau:",
        "the following required arguments were not provided:"
    )
}

/// Two arguments that exclude each other.
pub fn conflict(arg: &str, other: &str) -> Said {
    say!(
        "không dùng được '{arg}' cùng với '{other}'",
        "the argument '{arg}' cannot be used with '{other}'"
    )
}

/// An argument given twice that may be given once.
pub fn given_twice(arg: &str) -> Said {
    say!(
        "'{arg}' chỉ được dùng một lần",
        "the argument '{arg}' cannot be used multiple times"
    )
}

/// Where to read more, after a usage error.
pub fn more(command: &str) -> Said {
    say!(
        "Xem thêm: '{command} --help'.",
        "For more information, try '{command} --help'."
    )
}

/// A value that is not a date.
pub fn not_a_date(value: &str) -> Said {
    say!(
        "`{value}` không phải một ngày; hãy viết DD/MM/YYYY hoặc YYYY-MM-DD",
        "`{value}` is not a date; expected YYYY-MM-DD or DD/MM/YYYY"
    )
}

/// A value that is not a number of seconds.
pub fn not_seconds(value: &str) -> Said {
    say!(
        "`{value}` không phải một số giây từ 0 tới 86400",
        "`{value}` is not a number of seconds from 0 to 86400"
    )
}

/// A value that is not an http(s) URL.
pub fn not_a_url(value: &str) -> Said {
    say!(
        "`{value}` không phải một URL http:// hoặc https://",
        "`{value}` is not an http:// or https:// URL"
    )
}

/// A value that is no time zone.
pub fn not_a_zone(value: &str) -> Said {
    say!(
        "`{value}` không phải một múi giờ IANA; hãy viết một tên như Asia/Ho_Chi_Minh",
        "`{value}` is not an IANA time zone; expected a name such as Asia/Ho_Chi_Minh"
    )
}

/// An `--against` that is not OUTLET=FILE.ics.
pub fn not_against(value: &str) -> Said {
    say!(
        "`{value}` không có dạng OUTLET=FILE.ics; hãy viết chẳng hạn KG=grid-kg.ics",
        "`{value}` is not OUTLET=FILE.ics; expected something like KG=grid-kg.ics"
    )
}
