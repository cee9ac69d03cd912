//! Whether a title in a station's log names an activity of the plan.
//!
//! Stations do not air the plan's titles as written: they shorten them
//! (`Cải cách hành chính` for `Chuyên mục: Công tác cải cách hành chính trên
//! địa bàn tỉnh Kiên Giang`), abbreviate (`CM CCHC`), prefix and suffix them
//! (`(phát lại)`, `(PL)`, `số 03`). So titles are compared as words: both
//! are folded (accents dropped, `đ` as `d`, lower case) and cut into words;
//! the marks of a rerun (`phát lại`, `PL`, `rerun`…) and small words (`và`,
//! `của`, `số`…) are left out. The log's title names the activity when
//!
//! - at least [`COVERAGE`] of its words are words of the activity's title
//!   (a word may also be the initials of a run of the title's words:
//!   `CCHC`, `CM`), and
//! - what they match weighs at least [`WEIGHT`] words (an initialism
//!   weighs as many as it stands for), or the activity's whole title when
//!   that is shorter.
//!
//! Numbers count only when the activity's title has some (`Thời sự 12` is
//! not `Thời sự 37`); otherwise they are the station's issue numbers.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The share of a log title's words that must be the activity's.
pub const COVERAGE: f64 = 0.6;

/// The words of the activity's title the log's title must match (or all of them).
pub const WEIGHT: usize = 3;

/// The marks of a rerun or of a live show: not part of a title.
const MARKS: [&str; 6] = ["pl", "rerun", "replay", "repeat", "live", "tt"];

/// Two-word marks: `phát lại`, `trực tiếp`.
const MARK_PAIRS: [(&str, &str); 2] = [("phat", "lai"), ("truc", "tiep")];

/// Small words, in both languages, that say nothing of what a title is about.
const SMALL: [&str; 22] = [
    "va", "cua", "tren", "ve", "cac", "nhung", "voi", "cho", "tai", "trong", "la", "so", "ky",
    "tap", "the", "of", "and", "on", "in", "to", "for", "no",
];

/// A title folded into its words, as compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// The words, in order, marks and small words left out.
    pub words: Vec<String>,
    /// Whether some of them are numbers.
    pub numbers: bool,
}

/// `text` without accents, `đ` as `d`, in lower case.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a title (see the module's documentation).
///
/// ```
/// use castcal::reconcile::title::words;
/// assert_eq!(words("Cải cách hành chính (Phát lại)").words, ["cai", "cach", "hanh", "chinh"]);
/// assert_eq!(words("CM CCHC số 03 - PL").words, ["cm", "cchc", "3"]);
/// ```
pub fn words(title: &str) -> Words {
    let folded = fold(title);
    let raw: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(w) = raw.get(i) {
        let next = raw.get(i + 1).copied();
        if MARK_PAIRS.iter().any(|(a, b)| *w == *a && next == Some(*b)) {
            i += 2;
            continue;
        }
        i += 1;
        if MARKS.contains(w) || SMALL.contains(w) {
            continue;
        }
        let word = if w.chars().all(|c| c.is_ascii_digit()) {
            let trimmed = w.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }.to_string()
        } else {
            (*w).to_string()
        };
        out.push(word);
    }
    let numbers = out.iter().any(|w| is_number(w));
    Words {
        words: out,
        numbers,
    }
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

/// How well a log's title names an activity: what of it matched, and how
/// much of the activity's title that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score {
    /// Words of the activity's title matched (initialisms count each letter).
    pub weight: u32,
    /// Words of the log's title that matched, in thousandths.
    pub coverage: u32,
}

/// Whether `logged` names the activity titled `planned`; its score when it does.
///
/// ```
/// use castcal::reconcile::title::{names, words};
/// let plan = words("Chuyên mục: Công tác cải cách hành chính trên địa bàn tỉnh Kiên Giang");
/// assert!(names(&words("Cải cách hành chính (PL)"), &plan).is_some());
/// assert!(names(&words("CM CCHC"), &plan).is_some());
/// assert!(names(&words("Kiên Giang"), &plan).is_none());
/// assert!(names(&words("Thời sự Kiên Giang"), &plan).is_none());
/// ```
pub fn names(logged: &Words, planned: &Words) -> Option<Score> {
    let counted: Vec<&String> = logged
        .words
        .iter()
        .filter(|w| planned.numbers || !is_number(w))
        .collect();
    if counted.is_empty() || planned.words.is_empty() {
        return None;
    }
    let mut matched = 0usize;
    let mut weight = 0usize;
    for w in &counted {
        if planned.words.iter().any(|p| p == *w) {
            matched += 1;
            weight += 1;
        } else if let Some(n) = initialism(w, &planned.words) {
            matched += 1;
            weight += n;
        }
    }
    let coverage = matched as f64 / counted.len() as f64;
    let enough = weight >= WEIGHT.min(planned.words.len());
    // A number in a title that has some must be one of its numbers.
    let numbers_agree = !planned.numbers
        || counted
            .iter()
            .filter(|w| is_number(w))
            .all(|w| planned.words.iter().any(|p| p == *w));
    (coverage >= COVERAGE && enough && numbers_agree).then(|| Score {
        weight: u32::try_from(weight).unwrap_or(u32::MAX),
        coverage: (coverage * 1000.0).round() as u32,
    })
}

/// How many of `title`'s words `word` is the initials of, when it is
/// those of a run of them (`cchc` of `cai cach hanh chinh`).
fn initialism(word: &str, title: &[String]) -> Option<usize> {
    let n = word.chars().count();
    if !(2..=8).contains(&n) || !word.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    title.windows(n).find_map(|run| {
        let initials = run.iter().filter_map(|w| w.chars().next());
        initials.eq(word.chars()).then_some(n)
    })
}

/// The initialisms of `words` that [`names`] would take for a run of
/// them: their initials over every run of 2 to 8 words.
pub(crate) fn initialisms(words: &[String]) -> impl Iterator<Item = String> + '_ {
    (2..=8usize).flat_map(move |n| {
        words.windows(n).map(|run| {
            run.iter()
                .filter_map(|w| w.chars().next())
                .collect::<String>()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How stations write the real plan's titles, and what they air around them.
    #[test]
    fn station_titles_name_their_activity_and_no_other() {
        let segment =
            words("Chuyên mục: Công tác cải cách hành chính trên địa bàn tỉnh Kiên Giang");
        let talk = words(
            "Tọa đàm: Đẩy mạnh thanh toán không dùng tiền mặt; nâng cao nhận thức về ứng dụng CNTT xây dựng chính quyền điện tử, chính quyền số",
        );
        let cases = [
            (
                "Chuyên mục: Công tác cải cách hành chính trên địa bàn tỉnh Kiên Giang",
                true,
                false,
            ),
            ("CHUYÊN MỤC CẢI CÁCH HÀNH CHÍNH", true, false),
            ("Cải cách hành chính (phát lại)", true, false),
            ("CM CCHC (PL)", true, false),
            ("Cải cách hành chính số 03/2023", true, false),
            ("Tọa đàm: Thanh toán không dùng tiền mặt", false, true),
            ("TĐ: thanh toán không dùng tiền mặt (PL)", false, true),
            ("Tọa đàm chính quyền số", false, true),
            ("Thời sự Kiên Giang", false, false),
            ("Kiên Giang ngày mới", false, false),
            ("Phim truyện: Hành trình", false, false),
            ("Chính quyền địa phương", false, false),
            ("Quảng cáo", false, false),
            ("", false, false),
        ];
        for (title, is_segment, is_talk) in cases {
            let w = words(title);
            assert_eq!(
                names(&w, &segment).is_some(),
                is_segment,
                "{title} / segment"
            );
            assert_eq!(names(&w, &talk).is_some(), is_talk, "{title} / talk show");
        }
    }

    #[test]
    fn numbers_tell_series_apart_only_when_the_plan_numbers_them() {
        let twelve = words("Thời sự 12");
        assert!(names(&words("Thời sự 12"), &twelve).is_some());
        assert!(names(&words("THOI SU 12 (PL)"), &twelve).is_some());
        assert!(names(&words("Thời sự 37"), &twelve).is_none());
        let plain = words("Thời sự tối");
        assert!(names(&words("Thời sự tối số 245"), &plain).is_some());
    }

    #[test]
    fn folding_drops_accents_and_keeps_letters() {
        assert_eq!(fold("Đẩy mạnh CẢI CÁCH"), "day manh cai cach");
        assert_eq!(words("Tin, bài (PL) – phát lại").words, ["tin", "bai"]);
    }
}
