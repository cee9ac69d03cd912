//! The names of a schedule file's keys and of its enumerated words, in
//! English and in Vietnamese.
//!
//! A schedule file (and a holiday file) may write every key in either
//! language, one name per key: `title:` or `tiêu đề:`. The loader reads
//! either; `castcal fmt` writes one; `castcal import` writes one. This is
//! the one table they share, so a key cannot be named two ways.
//!
//! ```
//! use castcal::words::keys::{self, Table};
//! use castcal::words::Lang;
//! let key = keys::key(Table::Activity, "thời lượng").unwrap();
//! assert_eq!((key.en, key.name(Lang::Vi)), ("duration", "thời lượng"));
//! assert_eq!(keys::named(Table::Plan, "title", Lang::Vi), "tiêu đề");
//! let word = keys::word(keys::Words::ActivityKind, "đăng tải").unwrap();
//! assert_eq!((word.en, word.vi), ("publication", "đăng báo"));
//! ```

use super::Lang;

/// The mappings a schedule or holiday file is made of, each with its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// The file itself: `plan`, `outlets`, `activities`.
    File,
    /// `plan:`.
    Plan,
    /// `plan: period:`.
    Period,
    /// One outlet of `outlets:`.
    Outlet,
    /// One activity of `activities:`.
    Activity,
    /// One rerun of an activity's `reruns:`.
    Rerun,
    /// One `{ code, reason }` of an activity's `accept:`.
    Accept,
    /// One day off of a holiday file.
    Holiday,
}

/// A key: its table, its English name (what the loader reads) and its
/// Vietnamese name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The mapping it belongs to.
    pub table: Table,
    /// Its English name.
    pub en: &'static str,
    /// Its Vietnamese name.
    pub vi: &'static str,
}

impl Key {
    /// Its name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

const fn k(table: Table, en: &'static str, vi: &'static str) -> Key {
    Key { table, en, vi }
}

/// Every key of a schedule file and of a holiday file.
pub const KEYS: &[Key] = &[
    k(Table::File, "plan", "kế hoạch"),
    k(Table::File, "outlets", "phương tiện"),
    k(Table::File, "activities", "hoạt động"),
    k(Table::Plan, "id", "mã"),
    k(Table::Plan, "title", "tiêu đề"),
    k(Table::Plan, "short_title", "tên ngắn"),
    k(Table::Plan, "reference", "số hiệu"),
    k(Table::Plan, "timezone", "múi giờ"),
    k(Table::Plan, "period", "thời gian thực hiện"),
    k(Table::Plan, "holidays", "ngày nghỉ"),
    k(Table::Plan, "published", "ngày ban hành"),
    k(Table::Plan, "refresh", "làm mới"),
    k(Table::Period, "from", "từ"),
    k(Table::Period, "to", "đến"),
    k(Table::Outlet, "name", "tên"),
    k(Table::Outlet, "kind", "loại"),
    k(Table::Activity, "id", "mã"),
    k(Table::Activity, "title", "tiêu đề"),
    k(Table::Activity, "kind", "loại"),
    k(Table::Activity, "lead", "đơn vị chủ trì"),
    k(Table::Activity, "partners", "đơn vị phối hợp"),
    k(Table::Activity, "product", "sản phẩm"),
    k(Table::Activity, "budget_vnd", "kinh phí"),
    k(Table::Activity, "expect", "số kỳ"),
    k(Table::Activity, "outlet", "phương tiện"),
    k(Table::Activity, "when", "lịch"),
    k(Table::Activity, "start", "bắt đầu"),
    k(Table::Activity, "rrule", "quy tắc lặp"),
    k(Table::Activity, "rdates", "thêm ngày"),
    k(Table::Activity, "exdates", "trừ ngày"),
    k(Table::Activity, "duration", "thời lượng"),
    k(Table::Activity, "status", "trạng thái"),
    k(Table::Activity, "on_holiday", "gặp ngày nghỉ"),
    k(Table::Activity, "reruns", "phát lại"),
    k(Table::Activity, "color", "màu"),
    k(Table::Activity, "accept", "chấp nhận"),
    k(Table::Rerun, "days_after", "sau số ngày"),
    k(Table::Rerun, "at", "lúc"),
    k(Table::Rerun, "outlet", "phương tiện"),
    k(Table::Rerun, "duration", "thời lượng"),
    k(Table::Accept, "code", "mã"),
    k(Table::Accept, "reason", "lý do"),
    k(Table::Holiday, "name", "tên"),
    k(Table::Holiday, "date", "ngày"),
    k(Table::Holiday, "from", "từ"),
    k(Table::Holiday, "to", "đến"),
];

/// The key of `table` named `name` in either language.
pub fn key(table: Table, name: &str) -> Option<&'static Key> {
    KEYS.iter()
        .find(|k| k.table == table && (k.en == name || k.vi == name))
}

/// The keys of `table`, in the order a file usually gives them.
pub fn keys(table: Table) -> impl Iterator<Item = &'static Key> {
    KEYS.iter().filter(move |k| k.table == table)
}

/// The name in `lang` of the key of `table` whose English name is `en`
/// (`en` itself when there is no such key).
pub fn named(table: Table, en: &'static str, lang: Lang) -> &'static str {
    KEYS.iter()
        .find(|k| k.table == table && k.en == en)
        .map_or(en, |k| k.name(lang))
}

/// The sets of enumerated words a schedule file's values are taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Words {
    /// An outlet's `kind`.
    OutletKind,
    /// An activity's `kind`.
    ActivityKind,
    /// An activity's `status`.
    Status,
    /// An activity's `on_holiday`.
    OnHoliday,
}

/// An enumerated word: its English spelling, its one Vietnamese spelling
/// (what `castcal fmt` writes), and the other Vietnamese spellings the
/// loader also reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// The set it belongs to.
    pub set: Words,
    /// In English, as the loader names it (`next_workday`).
    pub en: &'static str,
    /// In Vietnamese, as `castcal fmt` writes it.
    pub vi: &'static str,
    /// Other Vietnamese spellings read as this word.
    pub also: &'static [&'static str],
}

impl Word {
    /// Its spelling in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

const fn w(set: Words, en: &'static str, vi: &'static str, also: &'static [&'static str]) -> Word {
    Word { set, en, vi, also }
}

/// Every enumerated word. The loader's types (`ActivityKind`, `OutletKind`,
/// `Status`, `OnHoliday`) read each spelling here; a test holds them to it.
pub const WORDS: &[Word] = &[
    w(Words::OutletKind, "tv", "truyền hình", &[]),
    w(Words::OutletKind, "radio", "phát thanh", &[]),
    w(Words::OutletKind, "newspaper", "báo", &[]),
    w(Words::OutletKind, "bulletin", "bản tin", &[]),
    w(Words::OutletKind, "web", "trang web", &["cổng thông tin"]),
    w(Words::OutletKind, "outdoor", "ngoài trời", &["pano"]),
    w(Words::ActivityKind, "broadcast", "phát sóng", &[]),
    w(
        Words::ActivityKind,
        "publication",
        "đăng báo",
        &["đăng tải"],
    ),
    w(Words::ActivityKind, "event", "sự kiện", &[]),
    w(Words::ActivityKind, "campaign", "chiến dịch", &[]),
    w(
        Words::ActivityKind,
        "deadline",
        "hạn báo cáo",
        &["thời hạn"],
    ),
    w(Words::Status, "confirmed", "chính thức", &[]),
    w(Words::Status, "tentative", "dự kiến", &[]),
    w(Words::OnHoliday, "warn", "cảnh báo", &[]),
    w(Words::OnHoliday, "keep", "giữ", &[]),
    w(Words::OnHoliday, "skip", "bỏ", &[]),
    w(Words::OnHoliday, "next_workday", "ngày làm việc sau", &[]),
    w(
        Words::OnHoliday,
        "previous_workday",
        "ngày làm việc trước",
        &[],
    ),
];

/// The word of `set` spelt `text` in either language.
pub fn word(set: Words, text: &str) -> Option<&'static Word> {
    WORDS
        .iter()
        .find(|w| w.set == set && (w.en == text || w.vi == text || w.also.contains(&text)))
}

/// The spelling in `lang` of the word of `set` whose English spelling is
/// `en` (`en` itself when there is no such word).
pub fn spelt(set: Words, en: &'static str, lang: Lang) -> &'static str {
    WORDS
        .iter()
        .find(|w| w.set == set && w.en == en)
        .map_or(en, |w| w.name(lang))
}

/// `text` (a message about a file) with the keys and enumerated words it
/// quotes in backticks in their Vietnamese names, for a file written with
/// Vietnamese keys: `` `on_holiday: keep` `` becomes `` `gặp ngày nghỉ: giữ` ``,
/// `` `rrule` `` becomes `` `quy tắc lặp` ``; anything else quoted (a value,
/// an id, a code) stays as it is.
pub fn in_vietnamese(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let mut quoted = true;
    for part in parts {
        out.push('`');
        if quoted {
            out.push_str(&quoted_in_vietnamese(part));
        } else {
            out.push_str(part);
        }
        quoted = !quoted;
    }
    out
}

/// One quoted name, `key`, `word` or `key: value`, in Vietnamese.
fn quoted_in_vietnamese(text: &str) -> String {
    let key = |name: &str| KEYS.iter().find(|k| k.en == name).map(|k| k.vi);
    let word = |name: &str| WORDS.iter().find(|w| w.en == name).map(|w| w.vi);
    if let Some(vi) = key(text).or_else(|| word(text)) {
        return vi.to_string();
    }
    match text.split_once(": ") {
        Some((name, value)) => match key(name) {
            Some(vi) => format!("{vi}: {}", word(value).unwrap_or(value)),
            None => text.to_string(),
        },
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn quoted_keys_and_words_in_vietnamese() {
        for (en, vi) in [
            (
                "nếu cố ý, ghi `on_holiday: keep`; để dời, ghi `on_holiday: next_workday` hoặc `previous_workday`",
                "nếu cố ý, ghi `gặp ngày nghỉ: giữ`; để dời, ghi `gặp ngày nghỉ: ngày làm việc sau` hoặc `ngày làm việc trước`",
            ),
            (
                "đổi `expect: 14` thành `24`, hoặc sửa `rrule`",
                "đổi `số kỳ: 14` thành `24`, hoặc sửa `quy tắc lặp`",
            ),
            (
                "chấp nhận bằng `accept: [on-holiday]` (`toa-dam`)",
                "chấp nhận bằng `chấp nhận: [on-holiday]` (`toa-dam`)",
            ),
            ("a lone ` stays", "a lone ` stays"),
        ] {
            assert_eq!(in_vietnamese(en), vi);
        }
    }

    #[test]
    fn each_name_names_one_key_of_its_table() {
        let mut seen = HashSet::new();
        for k in KEYS {
            assert!(seen.insert((k.table, k.en)), "{k:?}");
            assert!(seen.insert((k.table, k.vi)), "{k:?}");
            assert_eq!(k.vi, k.vi.to_lowercase(), "{k:?}");
        }
    }
}
