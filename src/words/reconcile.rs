//! What `castcal reconcile` says: the statuses, its summary table and
//! lists, the template of confirmations, and why an as-run log or a file of
//! confirmations cannot be read.
//!
//! The sentences take what they name already written (cells, names, dates
//! in the language's form), so that this module holds only words.

use std::fmt::Display;

use super::{words, Lang};

words! {
    /// The words of the reconciliation's text and of the template.
    pub struct Words {
        /// The statuses, in the order of `Status::ALL`: aired, late, moved,
        /// missed, done, unknown, pending.
        statuses: [&'static str; 7] =
            [
                "đúng giờ", "lệch giờ", "dời lịch", "không thực hiện", "đã thực hiện",
                "chưa có thông tin", "chưa đến hạn",
            ],
            ["aired", "late", "moved", "missed", "done", "unknown", "pending"];
        /// What aired that looks like the plan's but is none of its occurrences.
        unplanned: &'static str = "ngoài kế hoạch", "unplanned";
        /// The columns of the summary table, after the activity.
        activity: &'static str = "HOẠT ĐỘNG", "ACTIVITY";
        planned: &'static str = "KẾ HOẠCH", "PLANNED";
        /// Headings of the lists under the table.
        list_missed: &'static str = "Không thực hiện", "Missed";
        list_late: &'static str = "Lệch giờ", "Late";
        list_moved: &'static str = "Dời lịch", "Moved";
        list_unknown: &'static str = "Chưa có thông tin", "Unknown";
        list_unplanned: &'static str = "Ngoài kế hoạch", "Unplanned";
        /// Where the evidence of an occurrence is, before a file and line.
        seen_in: &'static str = "theo", "per";
        /// An occurrence on no outlet.
        no_outlet: &'static str = "không thuộc kênh nào", "no outlet";
        /// The header row of the template of confirmations (and what the
        /// file of confirmations reads back: UID, date done, reference).
        template_columns: [&'static str; 6] =
            ["UID", "Nội dung", "Kênh, nơi đăng", "Ngày kế hoạch", "Ngày thực hiện", "Tham chiếu"],
            ["UID", "Title", "Outlet", "Planned", "Date done", "Reference"];
        /// What a file or folder is, when it is not a regular file.
        a_folder: &'static str = "một thư mục", "a folder";
        a_pipe: &'static str = "một ống có tên (FIFO)", "a named pipe";
        a_device: &'static str = "một thiết bị", "a device";
        a_socket: &'static str = "một socket", "a socket";
        something_else: &'static str = "không phải tệp thông thường", "not a regular file";
        /// The columns an as-run CSV must have, as named in messages.
        column_date: &'static str = "ngày phát", "date";
        column_start: &'static str = "giờ bắt đầu", "start time";
        column_title: &'static str = "tên chương trình", "title";
        column_uid: &'static str = "UID", "UID";
        column_done: &'static str = "ngày thực hiện", "date done";
    }
}

/// `castcal reconcile: đến hết 31/03/2023, lệch cho phép 2 phút`.
pub fn heading(lang: Lang, through: impl Display, tolerance: i64) -> String {
    match lang {
        Lang::Vi => {
            format!("castcal reconcile: tính đến hết ngày {through}, lệch giờ cho phép {tolerance} phút")
        }
        Lang::En => format!(
            "castcal reconcile: through {through}, a tolerance of {tolerance} minute{}",
            if tolerance == 1 { "" } else { "s" }
        ),
    }
}

/// The last line: how many of each status, and the airings outside the plan.
pub fn summary(lang: Lang, counts: &[(&str, usize)], unplanned: usize) -> String {
    let words = Words::of(lang);
    let mut parts: Vec<String> = counts.iter().map(|(w, n)| format!("{n} {w}")).collect();
    parts.push(format!("{unplanned} {}", words.unplanned));
    format!("castcal reconcile: {}", parts.join(", "))
}

/// The file is not a regular file.
pub fn not_regular(lang: Lang, kind: &str) -> String {
    match lang {
        Lang::Vi => format!("đây là {kind}, không phải tệp thông thường"),
        Lang::En => format!("it is {kind}, not a regular file"),
    }
}

/// The file is larger than castcal reads.
pub fn too_large(lang: Lang, mib: u64) -> String {
    match lang {
        Lang::Vi => format!("tệp lớn hơn {mib} MiB; castcal chỉ đọc tệp tối đa {mib} MiB"),
        Lang::En => {
            format!("it is larger than {mib} MiB; castcal reads files of at most {mib} MiB")
        }
    }
}

/// The text is neither UTF-8 nor UTF-16.
pub fn not_text(lang: Lang) -> String {
    match lang {
        Lang::Vi => "không phải văn bản UTF-8 hay UTF-16 (có BOM); hãy xuất hoặc lưu lại tệp dưới dạng UTF-8".to_string(),
        Lang::En => "it is not UTF-8 or UTF-16 text (with a BOM); export or save the file as UTF-8".to_string(),
    }
}

/// The file is neither an XMLTV file nor a CSV file.
pub fn unknown_format(lang: Lang) -> String {
    match lang {
        Lang::Vi => "không nhận ra định dạng: castcal đọc nhật ký phát sóng dạng XMLTV (.xml) hoặc CSV (.csv, .txt)".to_string(),
        Lang::En => "unknown format: castcal reads as-run logs as XMLTV (.xml) or CSV (.csv, .txt)".to_string(),
    }
}

/// The logs hold more airings than castcal reads.
pub fn too_many_airings(lang: Lang, most: usize) -> String {
    match lang {
        Lang::Vi => format!("các nhật ký có hơn {most} chương trình; castcal đọc tối đa {most}"),
        Lang::En => {
            format!("the logs hold more than {most} programmes; castcal reads at most {most}")
        }
    }
}

/// A CSV file without a header row.
pub fn no_header(lang: Lang, example: &str) -> String {
    match lang {
        Lang::Vi => format!("tệp trống: cần một dòng tiêu đề cột, ví dụ {example}"),
        Lang::En => format!("the file is empty: it needs a header row, such as {example}"),
    }
}

/// A column the header row lacks, and the names that would do.
pub fn missing_column(lang: Lang, what: &str, names: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "dòng tiêu đề không có cột {what}; tên cột được chấp nhận (không phân biệt hoa thường, có dấu hay không): {names}"
        ),
        Lang::En => format!(
            "the header row has no {what} column; the names accepted (in any case, with or without accents): {names}"
        ),
    }
}

/// A cell that should be a date.
pub fn bad_date(lang: Lang, cell: &str) -> String {
    match lang {
        Lang::Vi => format!("“{cell}” không phải là ngày; cần dd/mm/yyyy hoặc yyyy-mm-dd"),
        Lang::En => format!("“{cell}” is not a date; expected dd/mm/yyyy or yyyy-mm-dd"),
    }
}

/// A cell that should be a time of day.
pub fn bad_time(lang: Lang, cell: &str) -> String {
    match lang {
        Lang::Vi => {
            format!("“{cell}” không phải là giờ; cần hh:mm, hh:mm:ss hoặc mã thời gian hh:mm:ss:ff")
        }
        Lang::En => format!(
            "“{cell}” is not a time of day; expected hh:mm, hh:mm:ss or a timecode hh:mm:ss:ff"
        ),
    }
}

/// A cell that should be a length of time.
pub fn bad_duration(lang: Lang, cell: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "“{cell}” không phải là thời lượng; cần hh:mm:ss, mm:ss, mã thời gian hh:mm:ss:ff, hoặc số phút khi tên cột ghi “(phút)”"
        ),
        Lang::En => format!(
            "“{cell}” is not a length; expected hh:mm:ss, mm:ss, a timecode hh:mm:ss:ff, or a number when the column's name says “(min)” or “(s)”"
        ),
    }
}

/// A row of a CSV file that cannot be read.
pub fn bad_row(lang: Lang, why: impl Display) -> String {
    match lang {
        Lang::Vi => format!("không đọc được dòng CSV: {why}"),
        Lang::En => format!("cannot read the CSV row: {why}"),
    }
}

/// The XML cannot be read.
pub fn bad_xml(lang: Lang, why: impl Display) -> String {
    match lang {
        Lang::Vi => format!("lỗi cú pháp XML: {why}"),
        Lang::En => format!("XML syntax error: {why}"),
    }
}

/// The XML is not XMLTV.
pub fn not_xmltv(lang: Lang, root: &str) -> String {
    match lang {
        Lang::Vi => format!("không phải tệp XMLTV: phần tử gốc là <{root}>, cần <tv>"),
        Lang::En => format!("not an XMLTV file: its root element is <{root}>, not <tv>"),
    }
}

/// The XML declares an encoding castcal does not read.
pub fn xml_encoding(lang: Lang, encoding: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "tệp khai báo mã hóa “{encoding}”; castcal đọc UTF-8 và UTF-16: hãy xuất lại dưới dạng UTF-8"
        ),
        Lang::En => format!(
            "the file declares the encoding “{encoding}”; castcal reads UTF-8 and UTF-16: export it as UTF-8"
        ),
    }
}

/// A `<programme>` without an attribute it needs.
pub fn missing_attribute(lang: Lang, attribute: &str) -> String {
    match lang {
        Lang::Vi => format!("<programme> thiếu thuộc tính {attribute}"),
        Lang::En => format!("<programme> has no {attribute} attribute"),
    }
}

/// An XMLTV time that cannot be read.
pub fn bad_xmltv_time(lang: Lang, value: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "“{value}” không phải thời điểm XMLTV; cần YYYYMMDDhhmmss kèm độ lệch múi giờ như +0700"
        ),
        Lang::En => format!(
            "“{value}” is not an XMLTV time; expected YYYYMMDDhhmmss with an offset such as +0700"
        ),
    }
}

/// No channel of a log is the outlet's.
pub fn no_channel(lang: Lang, outlet: &str, channels: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "không có kênh nào ứng với {outlet}; các kênh trong tệp: {channels}; \
             hãy dùng tệp chỉ có một kênh, hoặc mã kênh {outlet} (hay {outlet}.castcal)"
        ),
        Lang::En => format!(
            "no channel in it is {outlet}; its channels: {channels}; give a file of one \
             channel, or one whose channel id is {outlet} (or {outlet}.castcal)"
        ),
    }
}

/// Several channels of a log could be the outlet's.
pub fn many_channels(lang: Lang, outlet: &str, channels: &str) -> String {
    match lang {
        Lang::Vi => {
            format!("nhiều kênh có thể ứng với {outlet}: {channels}; hãy dùng tệp chỉ có một kênh")
        }
        Lang::En => {
            format!("several channels could be {outlet}: {channels}; give a file of one channel")
        }
    }
}

/// `--aired` names an outlet that is no channel.
pub fn not_a_channel(lang: Lang, outlet: &str, kind: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "--aired {outlet}: {outlet} là {kind}, không phải kênh truyền hình hay phát thanh; \
             nhật ký phát sóng chỉ dùng cho kênh, việc đăng tải khác xác nhận bằng --done"
        ),
        Lang::En => format!(
            "--aired {outlet}: {outlet} is a {kind} outlet, not a tv or radio channel; as-run \
             logs are for channels, confirm other work with --done"
        ),
    }
}

/// `--aired` names an outlet no plan has.
pub fn unknown_outlet(lang: Lang, outlet: &str, known: &str) -> String {
    match lang {
        Lang::Vi => {
            format!("--aired {outlet}: không kế hoạch nào có kênh “{outlet}”; các kênh là: {known}")
        }
        Lang::En => {
            format!("--aired {outlet}: no plan declares the outlet `{outlet}`; the outlets are: {known}")
        }
    }
}

/// `--aired` names an outlet twice.
pub fn outlet_twice(lang: Lang, outlet: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "--aired {outlet} được cho hai lần; mỗi kênh một nhật ký (gộp các tệp lại trước)"
        ),
        Lang::En => {
            format!("--aired {outlet} is given twice; one log per channel (join the files first)")
        }
    }
}

/// A confirmation names a UID no occurrence has.
pub fn unknown_uid(lang: Lang, uid: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "không có lần phát, đăng nào mang UID “{uid}” trong kế hoạch; lấy UID từ \
             castcal reconcile --template (hoặc cột UID của castcal csv, castcal xlsx)"
        ),
        Lang::En => format!(
            "no occurrence of the plans has the UID “{uid}”; take the UIDs from castcal \
             reconcile --template (or the UID column of castcal csv, castcal xlsx)"
        ),
    }
}

/// A UID confirmed twice with different dates.
pub fn confirmed_twice(lang: Lang, uid: &str, first: impl Display) -> String {
    match lang {
        Lang::Vi => format!(
            "UID “{uid}” đã được xác nhận ở {first} với ngày thực hiện khác; giữ lại một dòng"
        ),
        Lang::En => {
            format!("the UID “{uid}” is confirmed at {first} with another date done; keep one row")
        }
    }
}

/// The template would replace a file.
pub fn exists(lang: Lang, path: impl Display) -> String {
    match lang {
        Lang::Vi => format!(
            "{path} đã có; castcal không ghi đè tệp này (có thể đã được điền): chọn tên khác, hoặc thêm --force để ghi đè"
        ),
        Lang::En => format!(
            "{path} exists; castcal does not replace it (it may have been filled in): choose another name, or add --force to replace it"
        ),
    }
}

/// Under a list cut at its most lines.
pub fn more(lang: Lang, rest: usize) -> String {
    match lang {
        Lang::Vi => format!("… và {rest} mục nữa (--format json liệt kê đủ)"),
        Lang::En => format!("… and {rest} more (--format json lists them all)"),
    }
}

/// `SOURCE_DATE_EPOCH` is not a time.
pub fn bad_epoch(lang: Lang, value: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "SOURCE_DATE_EPOCH=`{value}` không phải là số giây kể từ 01/01/1970; bỏ biến này để dùng đồng hồ của máy"
        ),
        Lang::En => format!(
            "SOURCE_DATE_EPOCH=`{value}` is not a number of seconds since 1970-01-01; unset it to use the clock"
        ),
    }
}

/// `late`: how far from its slot it aired, in minutes, signed.
pub fn off_by(lang: Lang, minutes: i64) -> String {
    let sign = if minutes < 0 { "−" } else { "+" };
    let n = minutes.unsigned_abs();
    match lang {
        Lang::Vi => format!("{sign}{n} phút"),
        Lang::En => format!("{sign}{n} min"),
    }
}
