//! What the history of a published folder says: `changes.html`, and each
//! outlet's Atom feed of changes.

use super::{words, Lang};

words! {
    /// The words of the pages of changes.
    pub struct Words {
        /// The `lang` attribute of the page (and `xml:lang` of a feed).
        lang: &'static str = "vi", "en";
        /// The link to the page in the other language.
        other_page: &'static str = "English", "Tiếng Việt";
        back: &'static str = "← Trang chính", "← Main page";
        heading: &'static str = "Thay đổi lịch qua các lần công bố", "What changed, publication by publication";
        intro: &'static str =
            "Mỗi lần dựng lại thư mục từ kế hoạch đã sửa là một lần công bố. \
             Dưới đây là các buổi được thêm, bị hủy, dời lịch hoặc thay đổi, \
             theo từng kênh, lần công bố mới nhất trước.",
            "Each time the folder is built again from an edited plan is a \
             publication. Below are the occurrences added, cancelled, moved or \
             changed, per outlet, newest publication first.";
        publications: &'static str = "Các lần công bố", "Publications";
        /// Column heads of the table of publications.
        number: &'static str = "Lần", "No.";
        date: &'static str = "Ngày", "Date";
        occurrences: &'static str = "Số buổi", "Occurrences";
        /// `Lần công bố 3`.
        publication: &'static str = "Lần công bố", "Publication";
        /// What the first publication says, instead of its changes.
        first: &'static str = "Lần công bố đầu tiên", "First publication";
        /// A publication whose time is not known (a folder written before
        /// castcal kept a history).
        unknown_date: &'static str = "không rõ ngày", "date unknown";
        nothing_yet: &'static str =
            "Chưa có thay đổi nào kể từ lần công bố đầu tiên.",
            "Nothing has changed since the first publication.";
        /// Before an outlet's id, heading its changes.
        outlet: &'static str = "Kênh", "Outlet";
        no_outlet: &'static str = "Không thuộc kênh nào", "On no outlet";
        /// The link to an outlet's Atom feed.
        atom: &'static str = "Theo dõi thay đổi (Atom)", "Follow the changes (Atom)";
        /// Around how many changes are shown of how many, and `changes.json`.
        shown_of: [&'static str; 3] =
            ["Hiển thị ", "/", " thay đổi đầu; xem tất cả trong "],
            ["The first ", " of ", " changes are shown; all of them are in "];
        /// The title of an outlet's Atom feed, before its name.
        feed_title: &'static str = "Thay đổi lịch – ", "Schedule changes – ";
        /// An entry of the first publication in an outlet's feed.
        first_entry: &'static str =
            "Lịch được công bố lần đầu.",
            "The schedule was published for the first time.";
        /// On index.html, above the latest publication.
        latest: &'static str = "Thay đổi gần đây", "Recent changes";
        /// On index.html, the link to this page.
        see_all: &'static str = "Xem mọi thay đổi", "See every change";
    }
}

/// `thêm mới 1, bị hủy 2, dời lịch 6, thay đổi 3` (the kinds that are not 0).
pub fn counts(lang: Lang, added: usize, cancelled: usize, moved: usize, changed: usize) -> String {
    let kinds = super::diff::Words::of(lang).kinds;
    let mut parts = Vec::new();
    for (n, kind) in [added, cancelled, moved, changed].into_iter().zip(kinds) {
        if n > 0 {
            parts.push(match lang {
                Lang::Vi => format!("{kind} {n}"),
                Lang::En => format!("{n} {kind}"),
            });
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_name_the_kinds_that_happened() {
        assert_eq!(counts(Lang::Vi, 1, 0, 2, 0), "thêm mới 1, dời lịch 2");
        assert_eq!(counts(Lang::En, 0, 3, 0, 1), "3 cancelled, 1 changed");
        assert_eq!(counts(Lang::En, 0, 0, 0, 0), "");
    }
}
