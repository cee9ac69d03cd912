//! How Vietnamese plans say when, where, how long, how many and how much:
//! a table of phrases, each a pattern and what it means.
//!
//! A cell of the plan's table ("17 giờ 45 phút thứ Tư, tuần 3 – kênh KG và
//! phát lại lúc 06 giờ kênh KG ngày hôm sau, thời lượng 12 phút") is cut
//! into words (NFC, compared in lower case, char by char) and read from left
//! to right: at each word every pattern of [`PHRASES`] is tried, the one
//! that covers the most words wins (the first in the table on a tie), and
//! its captures become a [`Fact`]. Words no phrase covers are left; the
//! caller decides whether that matters.
//!
//! A pattern is words separated by spaces. A word is a literal, with
//! `|` between spellings and a trailing `?` when it may be missing, or a
//! slot:
//!
//! | slot | takes |
//! |---|---|
//! | `{n}` | a whole number (`06`, `17`) |
//! | `{year}` | a year of four digits |
//! | `{list}` | numbers joined by `,` or `và` (`5, 7`) |
//! | `{q}` | quarters, in Roman or Arabic numerals (`III`, `I và II`) |
//! | `{amount}` | a sum with its thousands grouped by `.` (`91.596.816`) |
//! | `{freq}` | a frequency (`96,1`) |
//! | `{code}` | a channel's code, in capitals (`KG`, `KG1`, `VTV3`) |
//! | `{name}` | a proper name: a capitalised word and the words after it, up to a punctuation mark or a joining word (`Báo Kiên Giang`) |
//! | `{words}` | words up to a punctuation mark or a joining word, any case |
//! | `{unit}` | what is counted (`kỳ`, `chuyên mục`, `cuộc`) |

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::plan::OutletKind;

/// What a phrase means, before its captures fill it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A time of day: hours, then minutes if captured.
    Clock,
    /// A day of the week.
    Day(Weekday),
    /// `thứ {n}`: 2 is Monday … 7 Saturday.
    DayNumber,
    /// `tuần {n}`: the n-th such weekday of the month.
    Nth,
    /// The first (1) or last (-1) week of the month.
    Week(i8),
    /// Every day, week, month or quarter.
    Every(Every),
    /// `tháng {list}`.
    Months,
    /// `quý {q}`.
    Quarters,
    /// `{n} tháng đầu năm` (1) or `cuối năm` (2): a half of the year.
    Half(u8),
    /// A year.
    Year,
    /// All through the period, no day fixed.
    Ongoing,
    /// An outlet: its kind; a code or a name is captured, or none.
    Outlet(OutletKind),
    /// A radio frequency in MHz.
    Frequency,
    /// What follows are reruns.
    Rerun,
    /// A rerun this many days after its premiere.
    DaysAfter(u32),
    /// `sau {n} ngày`.
    DaysAfterN,
    /// A length: minutes, or hours and minutes, captured.
    Minutes,
    /// A length in whole hours.
    Hours,
    /// A declared count per week, month, quarter, half or year.
    Count(Per),
    /// A sum in đồng, times this many.
    Budget(u64),
    /// Funded otherwise: no budget.
    NoBudget,
    /// Periodic reports: quarterly, half-yearly, yearly.
    Reports {
        /// Each quarter.
        quarter: bool,
        /// Each half-year.
        half: bool,
        /// Each year.
        year: bool,
    },
    /// Whom reports go to.
    ReportTo,
    /// Through whom they go.
    Via,
    /// A date: day, month, year captured.
    Date,
}

/// How often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Each day.
    Day,
    /// Each week.
    Week,
    /// Each month.
    Month,
    /// Each quarter.
    Quarter,
}

/// What a declared count is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// A week.
    Week,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// The first (1) or second (2) half of the year.
    Half(u8),
    /// A year.
    Year,
}

/// One entry of the grammar.
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    /// The words (see the module's documentation).
    pub pattern: &'static str,
    /// What they mean.
    pub meaning: Meaning,
}

const fn p(pattern: &'static str, meaning: Meaning) -> Phrase {
    Phrase { pattern, meaning }
}

/// The grammar. Order matters only between patterns that cover as many words.
pub const PHRASES: &[Phrase] = &[
    // Times of day.
    p("{n} giờ|g|h {n} phút", Meaning::Clock),
    p("{n} giờ|g|h {n}", Meaning::Clock),
    p("{n} giờ|g|h", Meaning::Clock),
    p("{n} : {n}", Meaning::Clock),
    // Weekdays.
    p("thứ hai", Meaning::Day(Weekday::Mon)),
    p("thứ ba", Meaning::Day(Weekday::Tue)),
    p("thứ tư", Meaning::Day(Weekday::Wed)),
    p("thứ năm", Meaning::Day(Weekday::Thu)),
    p("thứ sáu", Meaning::Day(Weekday::Fri)),
    p("thứ bảy|bẩy", Meaning::Day(Weekday::Sat)),
    p("chủ nhật", Meaning::Day(Weekday::Sun)),
    p("thứ {n}", Meaning::DayNumber),
    // Weeks of the month.
    p("tuần {n}", Meaning::Nth),
    p("tuần thứ {n}", Meaning::Nth),
    p("tuần đầu", Meaning::Week(1)),
    p("tuần đầu tiên", Meaning::Week(1)),
    p("tuần cuối", Meaning::Week(-1)),
    p("tuần cuối cùng", Meaning::Week(-1)),
    // Repetition.
    p("hằng|hàng|mỗi ngày", Meaning::Every(Every::Day)),
    p("hằng|hàng|mỗi tuần", Meaning::Every(Every::Week)),
    p("hằng|hàng|mỗi tháng", Meaning::Every(Every::Month)),
    p("hằng|hàng|mỗi quý", Meaning::Every(Every::Quarter)),
    // Parts of the year.
    p("tháng {list}", Meaning::Months),
    p("quý {q}", Meaning::Quarters),
    p("{n} tháng đầu năm", Meaning::Half(1)),
    p("{n} tháng cuối năm", Meaning::Half(2)),
    p("năm {year}", Meaning::Year),
    p("trong năm {year}", Meaning::Year),
    p("thường xuyên", Meaning::Ongoing),
    p("trong năm", Meaning::Ongoing),
    p("cả năm", Meaning::Ongoing),
    p("quanh năm", Meaning::Ongoing),
    // Outlets.
    p("kênh {code}", Meaning::Outlet(OutletKind::Tv)),
    p("sóng {code}", Meaning::Outlet(OutletKind::Tv)),
    p("kênh phát thanh {code}", Meaning::Outlet(OutletKind::Radio)),
    p("báo {name}", Meaning::Outlet(OutletKind::Newspaper)),
    p("tạp chí {name}", Meaning::Outlet(OutletKind::Bulletin)),
    p("bản tin của? {name}", Meaning::Outlet(OutletKind::Bulletin)),
    p(
        "cổng thông tin điện tử của? {name}",
        Meaning::Outlet(OutletKind::Web),
    ),
    p(
        "trang thông tin điện tử của? {name}",
        Meaning::Outlet(OutletKind::Web),
    ),
    p("pano {words}", Meaning::Outlet(OutletKind::Outdoor)),
    p("pano", Meaning::Outlet(OutletKind::Outdoor)),
    p("băng rôn|zôn {words}", Meaning::Outlet(OutletKind::Outdoor)),
    p("{freq} mhz", Meaning::Frequency),
    p("tần số {freq} mhz", Meaning::Frequency),
    p("fm {freq} mhz", Meaning::Frequency),
    // Reruns.
    p("phát lại", Meaning::Rerun),
    p("ngày hôm sau", Meaning::DaysAfter(1)),
    p("hôm sau", Meaning::DaysAfter(1)),
    p("ngày tiếp theo", Meaning::DaysAfter(1)),
    p("ngày kế tiếp", Meaning::DaysAfter(1)),
    p("cùng ngày", Meaning::DaysAfter(0)),
    p("trong ngày", Meaning::DaysAfter(0)),
    p("sau {n} ngày", Meaning::DaysAfterN),
    // Lengths.
    p("thời lượng {n} phút", Meaning::Minutes),
    p("thời lượng {n} giờ {n} phút", Meaning::Minutes),
    p("thời lượng {n} giờ", Meaning::Hours),
    p("thời lượng khoảng {n} phút", Meaning::Minutes),
    // Declared counts.
    p("{n} {unit} / tuần", Meaning::Count(Per::Week)),
    p("{n} {unit} / tháng", Meaning::Count(Per::Month)),
    p("{n} {unit} / quý", Meaning::Count(Per::Quarter)),
    p("{n} {unit} / năm", Meaning::Count(Per::Year)),
    p("mỗi|hằng|hàng tuần {n} {unit}", Meaning::Count(Per::Week)),
    p("mỗi|hằng|hàng tháng {n} {unit}", Meaning::Count(Per::Month)),
    p("mỗi|hằng|hàng quý {n} {unit}", Meaning::Count(Per::Quarter)),
    p("mỗi|một|cả năm {n} {unit}", Meaning::Count(Per::Year)),
    p("{n} tháng đầu năm {n} {unit}", Meaning::Count(Per::Half(1))),
    p(
        "{n} tháng cuối năm {n} {unit}",
        Meaning::Count(Per::Half(2)),
    ),
    // Budgets.
    p("{amount} đồng|đ|vnđ", Meaning::Budget(1)),
    p("{amount} triệu đồng|đ", Meaning::Budget(1_000_000)),
    p("xã hội hóa|hoá", Meaning::NoBudget),
    // Reports (section III).
    p(
        "định kỳ hằng|hàng? quý , {n} tháng , hằng|hàng? năm báo cáo",
        Meaning::Reports {
            quarter: true,
            half: true,
            year: true,
        },
    ),
    p(
        "định kỳ hằng|hàng? quý , {n} tháng báo cáo",
        Meaning::Reports {
            quarter: true,
            half: true,
            year: false,
        },
    ),
    p(
        "định kỳ hằng|hàng? quý báo cáo",
        Meaning::Reports {
            quarter: true,
            half: false,
            year: false,
        },
    ),
    p(
        "định kỳ {n} tháng , hằng|hàng? năm báo cáo",
        Meaning::Reports {
            quarter: false,
            half: true,
            year: true,
        },
    ),
    p(
        "định kỳ hằng|hàng? năm báo cáo",
        Meaning::Reports {
            quarter: false,
            half: false,
            year: true,
        },
    ),
    p("về {name}", Meaning::ReportTo),
    p("qua {name}", Meaning::Via),
    // The plan's own date.
    p("ngày {n} tháng {n} năm {year}", Meaning::Date),
    p("ngày {n} / {n} / {year}", Meaning::Date),
];

/// What is counted in a declared count.
const UNITS: &[&str] = &[
    "chuyên mục",
    "chương trình",
    "phóng sự",
    "tin bài",
    "tin",
    "bài",
    "bài viết",
    "kỳ",
    "số",
    "cuộc",
    "buổi",
    "lần",
    "đợt",
    "trang",
    "tọa đàm",
    "toạ đàm",
    "hội thảo",
    "hội nghị",
    "tiểu phẩm",
    "clip",
    "video",
    "ấn phẩm",
    "bản tin",
    "pano",
];

/// Words that end a name: what comes after them is another phrase.
const STOP_WORDS: &[&str] = &[
    "và", "lúc", "vào", "phát", "thời", "ngày", "theo", "trên", "tại", "với", "mỗi", "từ", "đến",
    "để", "trong", "hằng", "hàng", "thứ", "tuần", "tháng", "quý", "của", "các", "về", "qua",
    "kênh", "định",
];

/// A fact a phrase states, typed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// At this time of day.
    At(NaiveTime),
    /// On this weekday.
    Day(Weekday),
    /// The n-th (1 to 5) or last (-1) such weekday, or week, of the month.
    Nth(i8),
    /// Every day, week, month or quarter.
    Every(Every),
    /// In these months (1 to 12).
    Months(Vec<u32>),
    /// In these quarters (1 to 4).
    Quarters(Vec<u32>),
    /// In this half of the year (1 or 2).
    Half(u8),
    /// In this year.
    Year(i32),
    /// All through the period.
    Ongoing,
    /// On this outlet.
    Outlet {
        /// What sort of outlet.
        kind: OutletKind,
        /// Its code, as written (`KG1`), for channels.
        code: Option<String>,
        /// Its name, as written, when the phrase gives one.
        name: Option<String>,
    },
    /// A frequency in MHz, as written (`96,1`).
    Frequency(String),
    /// What follows are reruns.
    Rerun,
    /// So many days after the premiere.
    DaysAfter(u32),
    /// Lasting so many minutes.
    Minutes(u32),
    /// So many, per week, month, quarter, half or year.
    Count {
        /// How many.
        n: u32,
        /// Per what.
        per: Per,
    },
    /// A budget in đồng.
    Budget(u64),
    /// No budget: funded otherwise.
    NoBudget,
    /// Reports are due each quarter, half-year, year.
    Reports {
        /// Quarterly.
        quarter: bool,
        /// Half-yearly.
        half: bool,
        /// Yearly.
        year: bool,
    },
    /// Reports go to this body.
    ReportTo(String),
    /// Reports go through this body.
    Via(String),
    /// A date.
    Date(NaiveDate),
}

/// A phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What it states; `None` when its numbers are out of range (`25 giờ`).
    pub fact: Option<Fact>,
    /// The words, as written.
    pub quote: String,
    /// Which entry of [`PHRASES`] it is.
    pub entry: usize,
}

/// Every phrase of `text`, from left to right.
pub fn read(text: &str) -> Vec<Found> {
    let tokens = tokens(text);
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut pos = 0;
    while pos < tokens.len() {
        let mut best: Option<(usize, usize, Vec<Cap>)> = None;
        for (entry, pattern) in PATTERNS.iter().enumerate() {
            let mut caps = Vec::new();
            if let Some(end) = matches(pattern, &tokens, pos, &mut caps) {
                if best.as_ref().is_none_or(|(_, e, _)| end > *e) {
                    best = Some((entry, end, caps));
                }
            }
        }
        match best {
            Some((entry, end, caps)) => {
                let from = tokens.get(pos).map_or(0, |t| t.from);
                let to = tokens.get(end.saturating_sub(1)).map_or(from, |t| t.to);
                let quote: String = chars
                    .iter()
                    .skip(from)
                    .take(to.saturating_sub(from))
                    .collect();
                let meaning = PHRASES.get(entry).map(|p| p.meaning);
                found.push(Found {
                    fact: meaning.and_then(|m| fact(m, &caps)),
                    quote,
                    entry,
                });
                pos = end.max(pos + 1);
            }
            None => pos += 1,
        }
    }
    found
}

/// A word of a text: its letters as written and in lower case, and where
/// it is (in chars).
#[derive(Debug, Clone)]
struct Token {
    text: String,
    lower: String,
    from: usize,
    to: usize,
}

impl Token {
    fn is_punct(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }
}

/// Cuts a text into words and punctuation marks. Digits keep their `.`
/// and `,` (`91.596.816`, `96,1`); `19h30` and `17g45` are cut into
/// `19 h 30`, so that they read as `19 giờ 30`.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() {
            let from = i;
            while let Some(&d) = chars.get(i) {
                let number_mark = (d == '.' || d == ',')
                    && i > from
                    && chars.get(i - 1).is_some_and(char::is_ascii_digit)
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if d.is_alphanumeric() || number_mark {
                    i += 1;
                } else {
                    break;
                }
            }
            let word: String = chars.iter().skip(from).take(i - from).collect();
            push_word(&mut out, word, from);
        } else {
            out.push(Token {
                text: c.to_string(),
                lower: c.to_lowercase().collect(),
                from: i,
                to: i + 1,
            });
            i += 1;
        }
    }
    out
}

/// Adds a word, cutting a clock written `19h30` into three.
fn push_word(out: &mut Vec<Token>, word: String, from: usize) {
    let lower = word.to_lowercase();
    let hours: String = lower.chars().take_while(char::is_ascii_digit).collect();
    let rest: Vec<char> = lower.chars().skip(hours.chars().count()).collect();
    let clock = (1..=2).contains(&hours.len())
        && matches!(rest.first(), Some('h' | 'g'))
        && rest.iter().skip(1).all(char::is_ascii_digit)
        && rest.len() <= 3;
    if !clock {
        let to = from + word.chars().count();
        out.push(Token {
            text: word,
            lower,
            from,
            to,
        });
        return;
    }
    let h = hours.len();
    let mark: String = rest.iter().take(1).collect();
    let minutes: String = rest.iter().skip(1).collect();
    out.push(Token {
        text: hours.clone(),
        lower: hours,
        from,
        to: from + h,
    });
    out.push(Token {
        text: mark.clone(),
        lower: mark,
        from: from + h,
        to: from + h + 1,
    });
    if !minutes.is_empty() {
        let m = minutes.len();
        out.push(Token {
            text: minutes.clone(),
            lower: minutes,
            from: from + h + 1,
            to: from + h + 1 + m,
        });
    }
}

/// One word of a pattern.
#[derive(Debug, Clone)]
enum Elem {
    /// One of these spellings (lower case); may be missing when optional.
    Lit(Vec<String>, bool),
    Num,
    Year,
    List,
    Quarters,
    Amount,
    Freq,
    Code,
    Name,
    Words,
    Unit,
}

/// A value a slot captured.
#[derive(Debug, Clone)]
enum Cap {
    Num(u64),
    List(Vec<u64>),
    Text(String),
}

static PATTERNS: LazyLock<Vec<Vec<Elem>>> =
    LazyLock::new(|| PHRASES.iter().map(|p| compile(p.pattern)).collect());

fn compile(pattern: &str) -> Vec<Elem> {
    pattern
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "{n}" => Elem::Num,
            "{year}" => Elem::Year,
            "{list}" => Elem::List,
            "{q}" => Elem::Quarters,
            "{amount}" => Elem::Amount,
            "{freq}" => Elem::Freq,
            "{code}" => Elem::Code,
            "{name}" => Elem::Name,
            "{words}" => Elem::Words,
            "{unit}" => Elem::Unit,
            lit => {
                let (lit, optional) = match lit.strip_suffix('?') {
                    Some(l) => (l, true),
                    None => (lit, false),
                };
                let spellings = lit.split('|').map(str::to_lowercase).collect();
                Elem::Lit(spellings, optional)
            }
        })
        .collect()
}

/// Where `pattern` ends when it matches at `pos`, with its captures.
fn matches(pattern: &[Elem], tokens: &[Token], pos: usize, caps: &mut Vec<Cap>) -> Option<usize> {
    let Some((elem, rest)) = pattern.split_first() else {
        return Some(pos);
    };
    let lower = |i: usize| tokens.get(i).map(|t| t.lower.as_str());
    match elem {
        Elem::Lit(spellings, optional) => {
            for spelling in spellings {
                if lower(pos) == Some(spelling.as_str()) {
                    let mut tried = caps.clone();
                    if let Some(end) = matches(rest, tokens, pos + 1, &mut tried) {
                        *caps = tried;
                        return Some(end);
                    }
                }
            }
            if *optional {
                matches(rest, tokens, pos, caps)
            } else {
                None
            }
        }
        Elem::Num => {
            let n = number(lower(pos)?)?;
            caps.push(Cap::Num(n));
            matches(rest, tokens, pos + 1, caps)
        }
        Elem::Year => {
            let w = lower(pos)?;
            if w.len() != 4 {
                return None;
            }
            caps.push(Cap::Num(number(w)?));
            matches(rest, tokens, pos + 1, caps)
        }
        Elem::List | Elem::Quarters => {
            let one = |w: &str| {
                if matches!(elem, Elem::Quarters) {
                    roman(w)
                } else {
                    number(w)
                }
            };
            let mut list = vec![one(lower(pos)?)?];
            let mut end = pos + 1;
            while matches!(lower(end), Some("," | "và")) {
                let Some(next) = lower(end + 1).and_then(one) else {
                    break;
                };
                // `tháng 5, 06 giờ`: the 06 is a time, not a month.
                if matches!(lower(end + 2), Some("giờ" | "h" | "g" | "phút" | ":")) {
                    break;
                }
                list.push(next);
                end += 2;
            }
            caps.push(Cap::List(list));
            matches(rest, tokens, end, caps)
        }
        Elem::Amount => {
            let w = lower(pos)?;
            let groups: Vec<&str> = w.split('.').collect();
            let grouped = groups.len() == 1
                || groups.iter().skip(1).all(|g| g.len() == 3)
                    && groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
            if !grouped || w.len() > 24 {
                return None;
            }
            let digits: String = groups.concat();
            caps.push(Cap::Num(number_any(&digits)?));
            matches(rest, tokens, pos + 1, caps)
        }
        Elem::Freq => {
            let w = lower(pos)?;
            let marks = w.chars().filter(|c| *c == ',' || *c == '.').count();
            let ok = w.len() <= 8
                && marks <= 1
                && w.chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
            if !ok {
                return None;
            }
            caps.push(Cap::Text(tokens.get(pos)?.text.clone()));
            matches(rest, tokens, pos + 1, caps)
        }
        Elem::Code => {
            let t = tokens.get(pos)?;
            let ok = t.text.chars().count() <= 16
                && t.text.chars().any(|c| c.is_ascii_uppercase())
                && t.text
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !ok {
                return None;
            }
            caps.push(Cap::Text(t.text.clone()));
            matches(rest, tokens, pos + 1, caps)
        }
        Elem::Name | Elem::Words => {
            let first = tokens.get(pos)?;
            let capital = first.text.chars().next().is_some_and(char::is_uppercase);
            if first.is_punct()
                || STOP_WORDS.contains(&first.lower.as_str())
                || matches!(elem, Elem::Name) && !capital
            {
                return None;
            }
            let mut end = pos + 1;
            while let Some(t) = tokens.get(end) {
                if t.is_punct() || STOP_WORDS.contains(&t.lower.as_str()) || end - pos >= 12 {
                    break;
                }
                end += 1;
            }
            let words: Vec<&str> = tokens
                .iter()
                .skip(pos)
                .take(end - pos)
                .map(|t| t.text.as_str())
                .collect();
            caps.push(Cap::Text(words.join(" ")));
            matches(rest, tokens, end, caps)
        }
        Elem::Unit => {
            let mut best = None;
            for unit in UNITS {
                let words: Vec<&str> = unit.split(' ').collect();
                let fits = words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| lower(pos + k) == Some(*w));
                if fits && best.is_none_or(|b: usize| words.len() > b) {
                    best = Some(words.len());
                }
            }
            matches(rest, tokens, pos + best?, caps)
        }
    }
}

/// A number of at most nine digits.
fn number(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 9 || !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

/// A number of any length that fits.
fn number_any(word: &str) -> Option<u64> {
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

/// A quarter: `I` to `IV`, or `1` to `4`.
fn roman(word: &str) -> Option<u64> {
    match word {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// The fact a phrase states, when its numbers are in range.
fn fact(meaning: Meaning, caps: &[Cap]) -> Option<Fact> {
    let num = |i: usize| match caps.get(i) {
        Some(Cap::Num(n)) => Some(*n),
        _ => None,
    };
    let small = |i: usize| num(i).and_then(|n| u32::try_from(n).ok());
    let text = |i: usize| match caps.get(i) {
        Some(Cap::Text(t)) => Some(t.clone()),
        _ => None,
    };
    let list = |i: usize| match caps.get(i) {
        Some(Cap::List(l)) => l
            .iter()
            .map(|n| u32::try_from(*n).ok())
            .collect::<Option<Vec<u32>>>(),
        _ => None,
    };
    Some(match meaning {
        Meaning::Clock => {
            let minutes = if caps.len() > 1 { small(1)? } else { 0 };
            Fact::At(NaiveTime::from_hms_opt(small(0)?, minutes, 0)?)
        }
        Meaning::Day(d) => Fact::Day(d),
        Meaning::DayNumber => Fact::Day(match small(0)? {
            2 => Weekday::Mon,
            3 => Weekday::Tue,
            4 => Weekday::Wed,
            5 => Weekday::Thu,
            6 => Weekday::Fri,
            7 => Weekday::Sat,
            _ => return None,
        }),
        Meaning::Nth => {
            let n = small(0)?;
            if !(1..=5).contains(&n) {
                return None;
            }
            Fact::Nth(i8::try_from(n).ok()?)
        }
        Meaning::Week(n) => Fact::Nth(n),
        Meaning::Every(e) => Fact::Every(e),
        Meaning::Months => {
            let months = list(0)?;
            if months.iter().any(|m| !(1..=12).contains(m)) {
                return None;
            }
            Fact::Months(months)
        }
        Meaning::Quarters => Fact::Quarters(list(0)?),
        Meaning::Half(h) => {
            if num(0)? != 6 {
                return None;
            }
            Fact::Half(h)
        }
        Meaning::Year => {
            let y = i32::try_from(num(0)?).ok()?;
            if !(1..=9999).contains(&y) {
                return None;
            }
            Fact::Year(y)
        }
        Meaning::Ongoing => Fact::Ongoing,
        Meaning::Outlet(kind) => {
            let captured = text(0);
            let is_code = matches!(kind, OutletKind::Tv | OutletKind::Radio);
            Fact::Outlet {
                kind,
                code: if is_code { captured.clone() } else { None },
                name: if is_code { None } else { captured },
            }
        }
        Meaning::Frequency => Fact::Frequency(text(0)?),
        Meaning::Rerun => Fact::Rerun,
        Meaning::DaysAfter(n) => Fact::DaysAfter(n),
        Meaning::DaysAfterN => {
            let n = small(0)?;
            if n > 366 {
                return None;
            }
            Fact::DaysAfter(n)
        }
        Meaning::Minutes => {
            let minutes = if caps.len() > 1 {
                small(0)?.checked_mul(60)?.checked_add(small(1)?)?
            } else {
                small(0)?
            };
            if minutes == 0 || minutes > 24 * 60 {
                return None;
            }
            Fact::Minutes(minutes)
        }
        Meaning::Hours => {
            let minutes = small(0)?.checked_mul(60)?;
            if minutes == 0 || minutes > 24 * 60 {
                return None;
            }
            Fact::Minutes(minutes)
        }
        Meaning::Count(per) => {
            // The count is the last number: `06 tháng đầu năm 01 cuộc`.
            let n = small(caps.len().checked_sub(1)?)?;
            if caps.len() > 1 && num(0)? != 6 || n == 0 || n > 100_000 {
                return None;
            }
            Fact::Count { n, per }
        }
        Meaning::Budget(times) => Fact::Budget(num(0)?.checked_mul(times)?),
        Meaning::NoBudget => Fact::NoBudget,
        Meaning::Reports {
            quarter,
            half,
            year,
        } => {
            if num(0).is_some_and(|n| n != 6) {
                return None;
            }
            Fact::Reports {
                quarter,
                half,
                year,
            }
        }
        Meaning::ReportTo => Fact::ReportTo(text(0)?),
        Meaning::Via => Fact::Via(text(0)?),
        Meaning::Date => {
            let year = i32::try_from(num(2)?).ok()?;
            Fact::Date(NaiveDate::from_ymd_opt(year, small(1)?, small(0)?)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> Fact {
        Fact::At(NaiveTime::from_hms_opt(h, m, 0).unwrap())
    }

    fn outlet(kind: OutletKind, code: Option<&str>, name: Option<&str>) -> Fact {
        Fact::Outlet {
            kind,
            code: code.map(String::from),
            name: name.map(String::from),
        }
    }

    fn count(n: u32, per: Per) -> Fact {
        Fact::Count { n, per }
    }

    fn reports(quarter: bool, half: bool, year: bool) -> Fact {
        Fact::Reports {
            quarter,
            half,
            year,
        }
    }

    /// One text for each entry of the table (by its pattern), and the one
    /// fact it must give.
    fn cases() -> Vec<(&'static str, &'static str, Fact)> {
        use OutletKind::*;
        vec![
            ("{n} giờ|g|h {n} phút", "17 giờ 45 phút", at(17, 45)),
            ("{n} giờ|g|h {n}", "19h30", at(19, 30)),
            ("{n} giờ|g|h", "lúc 06 giờ", at(6, 0)),
            ("{n} : {n}", "20:15", at(20, 15)),
            ("thứ hai", "thứ Hai", Fact::Day(Weekday::Mon)),
            ("thứ ba", "Thứ ba", Fact::Day(Weekday::Tue)),
            ("thứ tư", "thứ Tư", Fact::Day(Weekday::Wed)),
            ("thứ năm", "THỨ NĂM", Fact::Day(Weekday::Thu)),
            ("thứ sáu", "thứ Sáu", Fact::Day(Weekday::Fri)),
            ("thứ bảy|bẩy", "thứ Bảy", Fact::Day(Weekday::Sat)),
            ("chủ nhật", "Chủ nhật", Fact::Day(Weekday::Sun)),
            ("thứ {n}", "thứ 6", Fact::Day(Weekday::Fri)),
            ("tuần {n}", "tuần 3", Fact::Nth(3)),
            ("tuần thứ {n}", "tuần thứ 2", Fact::Nth(2)),
            ("tuần đầu", "tuần đầu", Fact::Nth(1)),
            ("tuần đầu tiên", "tuần đầu tiên", Fact::Nth(1)),
            ("tuần cuối", "tuần cuối", Fact::Nth(-1)),
            ("tuần cuối cùng", "tuần cuối cùng", Fact::Nth(-1)),
            ("hằng|hàng|mỗi ngày", "hằng ngày", Fact::Every(Every::Day)),
            ("hằng|hàng|mỗi tuần", "hàng tuần", Fact::Every(Every::Week)),
            (
                "hằng|hàng|mỗi tháng",
                "hằng tháng",
                Fact::Every(Every::Month),
            ),
            ("hằng|hàng|mỗi quý", "mỗi quý", Fact::Every(Every::Quarter)),
            ("tháng {list}", "tháng 5, 7", Fact::Months(vec![5, 7])),
            ("quý {q}", "Quý III", Fact::Quarters(vec![3])),
            ("{n} tháng đầu năm", "6 tháng đầu năm", Fact::Half(1)),
            ("{n} tháng cuối năm", "06 tháng cuối năm", Fact::Half(2)),
            ("năm {year}", "năm 2024", Fact::Year(2024)),
            ("trong năm {year}", "Trong năm 2023", Fact::Year(2023)),
            ("thường xuyên", "Thường xuyên", Fact::Ongoing),
            ("trong năm", "trong năm", Fact::Ongoing),
            ("cả năm", "cả năm", Fact::Ongoing),
            ("quanh năm", "quanh năm", Fact::Ongoing),
            ("kênh {code}", "kênh KG1", outlet(Tv, Some("KG1"), None)),
            ("sóng {code}", "sóng THVL1", outlet(Tv, Some("THVL1"), None)),
            (
                "kênh phát thanh {code}",
                "kênh phát thanh BTR",
                outlet(Radio, Some("BTR"), None),
            ),
            (
                "báo {name}",
                "Báo Kiên Giang",
                outlet(Newspaper, None, Some("Kiên Giang")),
            ),
            (
                "tạp chí {name}",
                "Tạp chí Tổ chức nhà nước",
                outlet(Bulletin, None, Some("Tổ chức nhà nước")),
            ),
            (
                "bản tin của? {name}",
                "Bản tin của Bộ Nội vụ",
                outlet(Bulletin, None, Some("Bộ Nội vụ")),
            ),
            (
                "cổng thông tin điện tử của? {name}",
                "Cổng thông tin điện tử Văn phòng Chính phủ",
                outlet(Web, None, Some("Văn phòng Chính phủ")),
            ),
            (
                "trang thông tin điện tử của? {name}",
                "Trang thông tin điện tử của Sở Nội vụ",
                outlet(Web, None, Some("Sở Nội vụ")),
            ),
            (
                "pano {words}",
                "pano tuyên truyền CCHC theo",
                outlet(Outdoor, None, Some("tuyên truyền CCHC")),
            ),
            ("pano", "pano.", outlet(Outdoor, None, None)),
            (
                "băng rôn|zôn {words}",
                "băng rôn khẩu hiệu",
                outlet(Outdoor, None, Some("khẩu hiệu")),
            ),
            ("{freq} mhz", "96,1 MHz", Fact::Frequency("96,1".into())),
            (
                "tần số {freq} mhz",
                "tần số 102.5 MHz",
                Fact::Frequency("102.5".into()),
            ),
            ("fm {freq} mhz", "FM 90 MHz", Fact::Frequency("90".into())),
            ("phát lại", "Phát lại", Fact::Rerun),
            ("ngày hôm sau", "ngày hôm sau", Fact::DaysAfter(1)),
            ("hôm sau", "hôm sau", Fact::DaysAfter(1)),
            ("ngày tiếp theo", "vào ngày tiếp theo", Fact::DaysAfter(1)),
            ("ngày kế tiếp", "ngày kế tiếp", Fact::DaysAfter(1)),
            ("cùng ngày", "cùng ngày", Fact::DaysAfter(0)),
            ("trong ngày", "trong ngày", Fact::DaysAfter(0)),
            ("sau {n} ngày", "sau 2 ngày", Fact::DaysAfter(2)),
            (
                "thời lượng {n} phút",
                "thời lượng 12 phút",
                Fact::Minutes(12),
            ),
            (
                "thời lượng {n} giờ {n} phút",
                "thời lượng 1 giờ 30 phút",
                Fact::Minutes(90),
            ),
            ("thời lượng {n} giờ", "thời lượng 2 giờ", Fact::Minutes(120)),
            (
                "thời lượng khoảng {n} phút",
                "thời lượng khoảng 20 phút",
                Fact::Minutes(20),
            ),
            ("{n} {unit} / tuần", "02 bài/tuần", count(2, Per::Week)),
            (
                "{n} {unit} / tháng",
                "01 chuyên mục/tháng",
                count(1, Per::Month),
            ),
            ("{n} {unit} / quý", "3 phóng sự/quý", count(3, Per::Quarter)),
            ("{n} {unit} / năm", "14 kỳ/năm", count(14, Per::Year)),
            (
                "mỗi|hằng|hàng tuần {n} {unit}",
                "mỗi tuần 01 bài",
                count(1, Per::Week),
            ),
            (
                "mỗi|hằng|hàng tháng {n} {unit}",
                "Mỗi tháng 02 kỳ",
                count(2, Per::Month),
            ),
            (
                "mỗi|hằng|hàng quý {n} {unit}",
                "hằng quý 01 số",
                count(1, Per::Quarter),
            ),
            (
                "mỗi|một|cả năm {n} {unit}",
                "một năm 12 chuyên mục",
                count(12, Per::Year),
            ),
            (
                "{n} tháng đầu năm {n} {unit}",
                "06 tháng đầu năm 01 cuộc",
                count(1, Per::Half(1)),
            ),
            (
                "{n} tháng cuối năm {n} {unit}",
                "06 tháng cuối năm 01 cuộc",
                count(1, Per::Half(2)),
            ),
            (
                "{amount} đồng|đ|vnđ",
                "91.596.816 đồng",
                Fact::Budget(91_596_816),
            ),
            (
                "{amount} triệu đồng|đ",
                "45 triệu đồng",
                Fact::Budget(45_000_000),
            ),
            (
                "xã hội hóa|hoá",
                "Xã hội hóa lắp đặt pano mới",
                Fact::NoBudget,
            ),
            (
                "định kỳ hằng|hàng? quý , {n} tháng , hằng|hàng? năm báo cáo",
                "Định kỳ hàng quý, 6 tháng, năm báo cáo",
                reports(true, true, true),
            ),
            (
                "định kỳ hằng|hàng? quý , {n} tháng báo cáo",
                "định kỳ quý, 6 tháng báo cáo",
                reports(true, true, false),
            ),
            (
                "định kỳ hằng|hàng? quý báo cáo",
                "định kỳ hằng quý báo cáo",
                reports(true, false, false),
            ),
            (
                "định kỳ {n} tháng , hằng|hàng? năm báo cáo",
                "định kỳ 6 tháng, hằng năm báo cáo",
                reports(false, true, true),
            ),
            (
                "định kỳ hằng|hàng? năm báo cáo",
                "định kỳ hằng năm báo cáo",
                reports(false, false, true),
            ),
            (
                "về {name}",
                "về Ủy ban nhân dân tỉnh (",
                Fact::ReportTo("Ủy ban nhân dân tỉnh".into()),
            ),
            (
                "qua {name}",
                "qua Sở Nội vụ)",
                Fact::Via("Sở Nội vụ".into()),
            ),
            (
                "ngày {n} tháng {n} năm {year}",
                "ngày 06 tháng 3 năm 2023",
                Fact::Date(NaiveDate::from_ymd_opt(2023, 3, 6).unwrap()),
            ),
            (
                "ngày {n} / {n} / {year}",
                "ngày 15/2/2024",
                Fact::Date(NaiveDate::from_ymd_opt(2024, 2, 15).unwrap()),
            ),
        ]
    }

    /// Each entry of the table, on a text of its own: the entry that wins
    /// is that one, and it states the fact.
    #[test]
    fn each_phrase_reads_as_it_means() {
        let cases = cases();
        for (entry, phrase) in PHRASES.iter().enumerate() {
            let case = cases
                .iter()
                .find(|(pattern, _, _)| *pattern == phrase.pattern);
            let Some((_, text, want)) = case else {
                panic!("no test of the phrase `{}`", phrase.pattern);
            };
            let found = read(text);
            let hit = found.iter().find(|f| f.entry == entry);
            assert_eq!(
                hit.and_then(|f| f.fact.clone()).as_ref(),
                Some(want),
                "`{text}` by `{}`: {found:?}",
                phrase.pattern
            );
        }
        assert!(PHRASES.len() >= 40);
    }

    #[test]
    fn a_cell_of_the_seed_plan() {
        let facts: Vec<Fact> = read(
            "17 giờ 45 phút thứ Tư, tuần 3 – kênh KG và phát lại lúc 06 giờ kênh KG ngày hôm sau, thời lượng 12 phút",
        )
        .into_iter()
        .filter_map(|f| f.fact)
        .collect();
        assert_eq!(
            facts,
            vec![
                at(17, 45),
                Fact::Day(Weekday::Wed),
                Fact::Nth(3),
                outlet(OutletKind::Tv, Some("KG"), None),
                Fact::Rerun,
                at(6, 0),
                outlet(OutletKind::Tv, Some("KG"), None),
                Fact::DaysAfter(1),
                Fact::Minutes(12),
            ]
        );
    }

    #[test]
    fn months_stop_before_a_time() {
        let facts: Vec<Fact> = read("(thứ Hai/ tuần 1/ tháng 5, 7) - kênh KG; tháng 5, 06 giờ")
            .into_iter()
            .filter_map(|f| f.fact)
            .collect();
        assert_eq!(
            facts,
            vec![
                Fact::Day(Weekday::Mon),
                Fact::Nth(1),
                Fact::Months(vec![5, 7]),
                outlet(OutletKind::Tv, Some("KG"), None),
                Fact::Months(vec![5]),
                at(6, 0),
            ]
        );
    }

    #[test]
    fn out_of_range_numbers_are_found_but_state_nothing() {
        for text in [
            "25 giờ",
            "tuần 6",
            "tháng 13",
            "thứ 9",
            "ngày 31 tháng 2 năm 2023",
        ] {
            let found = read(text);
            assert!(!found.is_empty(), "{text}");
            assert!(found.iter().all(|f| f.fact.is_none()), "{text}: {found:?}");
        }
    }

    #[test]
    fn quotes_keep_the_words_as_written() {
        let found = read("Phát lại: 06 giờ 30 phút kênh KG1");
        let quotes: Vec<&str> = found.iter().map(|f| f.quote.as_str()).collect();
        assert_eq!(quotes, ["Phát lại", "06 giờ 30 phút", "kênh KG1"]);
        assert!(read("").is_empty());
        assert!(read("Báo cáo").is_empty());
    }
}
