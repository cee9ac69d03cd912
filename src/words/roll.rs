//! The words of `castcal roll`: the comments it writes into next year's
//! schedule file and its summary.

use super::{words, Lang};

words! {
    /// What `castcal roll` says.
    pub struct Words {
        /// The first comment of the new file; `{from}` and `{to}` are years.
        header: &'static str =
            "Kế hoạch năm {to}, lập bằng `castcal roll` từ kế hoạch năm {from}: cùng các quy tắc, ngày tháng dời sang năm {to}. Các dòng có ghi chú \"xem lại\" là ngày ghi cố định hoặc đã đổi: hãy đối chiếu với kế hoạch mới.",
            "The plan of {to}, written by `castcal roll` from the plan of {from}: the same rules, the dates moved to {to}. Lines with a \"look again\" note are dates written as fixed days or changed: compare them with the new plan.";
        /// Before a note on a line.
        look: &'static str = "xem lại", "look again";
        /// A date written as a fixed day; `{from}` the old date, `{to}` the new.
        fixed: &'static str =
            "ngày ghi cố định {from}, dời sang {to}; kiểm tra kế hoạch năm mới có giữ ngày này không",
            "a fixed day, {from}, moved to {to}; check that the new plan keeps it";
        /// A `lịch:` phrase that names days; `{dates}` as written.
        phrase_days: &'static str =
            "lịch ghi ngày cố định ({dates}); năm đã ghi được dời sang năm mới, kiểm tra kế hoạch năm mới có giữ những ngày này không",
            "the phrase names fixed days ({dates}); years written were moved to the new year: check that the new plan keeps these days";
        /// 29 February moved to a year without one.
        leap: &'static str =
            "{from} là ngày 29/02, năm mới không có: dùng {to}",
            "{from} is 29 February, which the new year lacks: {to} is used";
        /// A weekly rule whose weekday comes from its start.
        weekday: &'static str =
            "quy tắc hằng tuần lấy thứ từ ngày bắt đầu: {from} là {old}, {to} là {new}",
            "a weekly rule takes its weekday from its start: {from} is a {old}, {to} a {new}";
        /// The start of a rule, placed on the rule's first date in the new year.
        first: &'static str =
            "ngày đầu tiên quy tắc cho trong năm mới (trước đây {from})",
            "the first date the rule gives in the new year (it was {from})";
        /// `reference:`, the old plan's number.
        reference: &'static str =
            "số và ngày của kế hoạch năm {from}: thay bằng số và ngày của kế hoạch mới",
            "the number and date of the plan of {from}: replace them with the new plan's";
        /// A holiday file of the old year replaced by the built-in calendar.
        holidays: &'static str =
            "tệp ngày nghỉ năm {from} ({file}) thay bằng lịch ngày nghỉ có sẵn (VN)",
            "the holiday file of {from} ({file}) replaced by the built-in calendar (VN)";
        /// `published:` removed; `{key}` is its name as the file writes it
        /// (`published` or `ngày ban hành`).
        published: &'static str =
            "đã bỏ `{key}` của kế hoạch năm {from}: ghi lại khi công bố kế hoạch mới",
            "`{key}` of the plan of {from} removed: write it again when the new plan is published";
        /// The summary on standard error; `{n}` notes.
        summary: &'static str =
            "castcal roll: kế hoạch năm {to} từ năm {from}; {n} chỗ cần xem lại (ghi chú \"xem lại\")",
            "castcal roll: the plan of {to} from {from}; {n} places to look at again (\"look again\" notes)";
        /// `--to` equal to the plan's own year.
        same_year: &'static str =
            "kế hoạch đã là của năm {to}: hãy cho một năm khác với --to",
            "the plan is already for {to}: give another year with --to";
        /// The new file does not load (castcal's own fault).
        unloadable: &'static str =
            "castcal roll lập được tệp nhưng tệp không đọc được ({e}); tệp không được ghi. Hãy báo lỗi này kèm tệp kế hoạch",
            "castcal roll wrote a file that does not load ({e}); nothing was written. Please report this with the schedule file";
    }
}

/// `-o` names the file rolled.
pub fn not_the_input(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => {
            "đây là chính tệp kế hoạch đang lập lại: hãy ghi kế hoạch năm mới vào một tệp khác"
        }
        Lang::En => {
            "this is the schedule file being rolled: write the new year's plan to another file"
        }
    }
}

/// `-o` names a file that exists, without `--force`.
pub fn exists(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "tệp này đã có, castcal không ghi đè: hãy chọn tên khác, hoặc thêm --force nếu muốn thay nó",
        Lang::En => "this file exists and castcal does not replace it: give another name, or add --force to replace it",
    }
}
