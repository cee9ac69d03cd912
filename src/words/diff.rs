//! What `castcal diff` says: the kinds of change and the facts that differ.

use super::{words, Lang};

words! {
    /// The words of the list of changes; the statuses and roles are
    /// [`super::Common`]'s.
    pub struct Words {
        /// Added, cancelled, moved, changed.
        kinds: [&'static str; 4] =
            ["thêm mới", "bị hủy", "dời lịch", "thay đổi"],
            ["added", "cancelled", "moved", "changed"];
        /// Before an outlet's id, heading its changes.
        outlet: &'static str = "Kênh", "Outlet";
        /// The heading of the changes on no outlet.
        no_outlet: &'static str = "Không thuộc kênh nào", "On no outlet";
        /// The facts that differ, under a change.
        title: &'static str = "tiêu đề", "title";
        status: &'static str = "trạng thái", "status";
        outlet_field: &'static str = "kênh", "outlet";
        time: &'static str = "thời gian", "time";
        /// An outlet that is not there.
        none: &'static str = "không có", "none";
    }
}

/// `12 buổi dời lịch`, `12 moved`: a count of occurrences of a kind of
/// change, the count first.
pub fn count(lang: Lang, n: usize, kind: &str) -> String {
    match lang {
        Lang::Vi => format!("{n} buổi {kind}"),
        Lang::En => format!("{n} {kind}"),
    }
}

/// `castcal diff: 1 buổi thêm mới, 1 buổi bị hủy, 2 buổi dời lịch, 1 buổi
/// thay đổi`, or that nothing changed.
pub fn summary(lang: Lang, added: usize, cancelled: usize, moved: usize, changed: usize) -> String {
    if added + cancelled + moved + changed == 0 {
        return match lang {
            Lang::Vi => "castcal diff: không có thay đổi nào".to_string(),
            Lang::En => "castcal diff: no change".to_string(),
        };
    }
    let kinds = Words::of(lang).kinds;
    let counts: Vec<String> = [added, cancelled, moved, changed]
        .into_iter()
        .zip(kinds)
        .map(|(n, kind)| count(lang, n, kind))
        .collect();
    format!("castcal diff: {}", counts.join(", "))
}
