//! Matching a pattern of the grammar at a word of a text.
//!
//! A pattern is words separated by spaces. A word is a literal, with `|`
//! between spellings, a trailing `?` when it may be missing and a trailing
//! `#` when no number (nor `đầu`, `cuối`, `thứ`) may follow it (`tháng#`
//! is "the month", not "month 5" or "the first month"), or a slot (see the module's table in `super`).

use std::collections::HashMap;

use chrono::NaiveTime;

use super::fact::{DayOf, MonthOf};
use super::token::{self, Token, Word};
use super::Mode;

/// One word of a pattern.
#[derive(Debug, Clone)]
pub(crate) enum Elem {
    /// One of these spellings (lower case, each one word or several
    /// joined by `_`); may be missing when optional; `no_number`: not
    /// before a number.
    Lit {
        spellings: Vec<Vec<String>>,
        /// The spellings of one word, for nearest-word matching.
        words: Vec<Word>,
        optional: bool,
        no_number: bool,
    },
    /// A slot, and whether it may be missing.
    Slot(Slot, bool),
}

/// What a slot takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Num,
    Year,
    Clock,
    Date,
    Dates,
    Days,
    Month,
    Months,
    Quarters,
    Ord,
    Amount,
    Freq,
    Code,
    Name,
    Words,
    Unit,
}

/// A value a slot captured.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cap {
    Num(u64),
    Time(NaiveTime),
    Date(DayOf),
    Dates(Vec<DayOf>),
    Days(Vec<u32>),
    Months(Vec<MonthOf>),
    Quarters(Vec<u32>, Option<i32>),
    Amount(u128),
    Text(String),
    /// A value out of range: the phrase is found, and states nothing.
    Invalid,
}

/// A word read as another of the grammar: its token and the word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fix {
    pub token: usize,
    pub read_as: String,
}

/// What a match found: where it ends, its captures, the words it read as
/// others.
#[derive(Debug, Clone, Default)]
pub(crate) struct Match {
    pub end: usize,
    pub caps: Vec<Cap>,
    pub fixes: Vec<Fix>,
    /// Literal words matched exactly.
    pub exact: usize,
}

pub(crate) fn compile(pattern: &str) -> Vec<Elem> {
    pattern
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let optional = w.ends_with('?');
            let w = w.trim_end_matches('?');
            let slot = match w {
                "{n}" => Some(Slot::Num),
                "{year}" => Some(Slot::Year),
                "{clock}" => Some(Slot::Clock),
                "{date}" => Some(Slot::Date),
                "{dates}" => Some(Slot::Dates),
                "{days}" => Some(Slot::Days),
                "{month}" => Some(Slot::Month),
                "{months}" => Some(Slot::Months),
                "{quarters}" => Some(Slot::Quarters),
                "{ord}" => Some(Slot::Ord),
                "{amount}" => Some(Slot::Amount),
                "{freq}" => Some(Slot::Freq),
                "{code}" => Some(Slot::Code),
                "{name}" => Some(Slot::Name),
                "{words}" => Some(Slot::Words),
                "{unit}" => Some(Slot::Unit),
                _ => None,
            };
            match slot {
                Some(s) => Elem::Slot(s, optional),
                None => {
                    let no_number = w.ends_with('#');
                    let w = w.trim_end_matches('#');
                    let spellings: Vec<Vec<String>> = w
                        .split('|')
                        .map(|s| s.split('_').map(str::to_lowercase).collect())
                        .collect();
                    let words = spellings
                        .iter()
                        .filter_map(|s| match s.as_slice() {
                            [one] => Some(Word::new(one)),
                            _ => None,
                        })
                        .collect();
                    Elem::Lit {
                        spellings,
                        words,
                        optional,
                        no_number,
                    }
                }
            }
        })
        .collect()
}

/// The words every pattern's literals use, for nearest-word matching, and
/// an index to find those near a written word without trying them all.
pub(crate) struct Vocabulary {
    pub words: Vec<Word>,
    by_key: HashMap<String, Vec<usize>>,
}

impl Vocabulary {
    pub fn of<'a>(patterns: impl Iterator<Item = &'a Vec<Elem>>) -> Vocabulary {
        let mut list: Vec<String> = Vec::new();
        for p in patterns {
            for e in p {
                if let Elem::Lit { spellings, .. } = e {
                    list.extend(spellings.iter().flatten().cloned());
                }
            }
        }
        list.extend(UNITS.iter().flat_map(|u| u.split(' ')).map(String::from));
        list.sort();
        list.dedup();
        let words: Vec<Word> = list.iter().map(|w| Word::new(w)).collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            let mut keys = token::delete_keys(&w.text);
            keys.push(w.bare.clone());
            keys.sort();
            keys.dedup();
            for k in keys {
                by_key.entry(k).or_default().push(i);
            }
        }
        Vocabulary { words, by_key }
    }

    /// The words of the grammar `t` may be read as ([`near`]).
    pub fn near<'a>(&'a self, t: &Token, previous: Option<&Token>) -> Vec<&'a Word> {
        if t.is_capital() && previous.is_some_and(Token::is_capital) {
            return Vec::new();
        }
        let found = NEAR.with(|cell| {
            if let Some(list) = cell.borrow().get(&t.lower) {
                return list.clone();
            }
            let list = self.candidates(t);
            let mut map = cell.borrow_mut();
            if map.len() >= 50_000 {
                map.clear();
            }
            map.insert(t.lower.clone(), list.clone());
            list
        });
        found
            .into_iter()
            .filter_map(|i| self.words.get(i))
            .collect()
    }

    /// The indices of the words `t` is near, whatever the word before it.
    fn candidates(&self, t: &Token) -> Vec<usize> {
        let mut keys = token::delete_keys(&t.lower);
        keys.push(t.bare.clone());
        let mut found: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.by_key.get(k))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found.retain(|i| self.words.get(*i).is_some_and(|w| near(t, w, None)));
        found
    }
}

/// Whether a written word may be read as the word `lit` of the grammar in
/// tolerant mode: the same letters but for a mark (`thú` for `thứ`, `dồng`
/// for `đồng`), or one letter off in a word of three or more (`năn`,
/// `thág`). Short or capitalised words inside a proper name are never
/// changed.
pub(crate) fn near(t: &Token, lit: &Word, previous: Option<&Token>) -> bool {
    if t.lower == lit.text || t.is_punct() || t.is_digits() {
        return false;
    }
    let in_name = t.is_capital() && previous.is_some_and(Token::is_capital);
    if in_name {
        return false;
    }
    if t.bare == lit.bare && lit.chars >= 2 {
        return true;
    }
    lit.chars >= 3 && t.to - t.from >= 3 && token::within_one(&t.lower, &lit.text)
}

/// Whether a pattern whose first word is `first` may match at `t`: a slot
/// of numbers needs a number (or, tolerant, what OCR makes of one), a
/// channel's code capitals; a quick test before trying it.
pub(crate) fn may_start(first: &Elem, t: &Token, mode: Mode) -> bool {
    match first {
        Elem::Slot(
            Slot::Num
            | Slot::Year
            | Slot::Clock
            | Slot::Date
            | Slot::Dates
            | Slot::Days
            | Slot::Month
            | Slot::Months
            | Slot::Amount
            | Slot::Freq,
            false,
        ) => {
            t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
                || mode == Mode::Tolerant && token::ocr_number(&t.text).is_some()
        }
        Elem::Slot(Slot::Code, false) => t.text.chars().any(char::is_uppercase),
        _ => true,
    }
}

/// `giờ`, the word a clock's hour is read by.
static GIO: std::sync::LazyLock<Word> = std::sync::LazyLock::new(|| Word::new("giờ"));

/// The state of one attempt.
pub(crate) struct Cursor<'a> {
    pub tokens: &'a [Token],
    pub mode: Mode,
}

impl Cursor<'_> {
    fn lower(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).map(|t| t.lower.as_str())
    }

    /// A number at `i`: digits, or in tolerant mode what OCR makes of them.
    fn number(&self, i: usize, fixes: &mut Vec<Fix>) -> Option<u64> {
        let t = self.tokens.get(i)?;
        if let Some(n) = token::number(&t.lower) {
            return Some(n);
        }
        if self.mode == Mode::Tolerant {
            let n = token::ocr_number(&t.text)?;
            fixes.push(Fix {
                token: i,
                read_as: n.to_string(),
            });
            return Some(n);
        }
        None
    }

    fn is_number(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            token::number(&t.lower).is_some()
                || self.mode == Mode::Tolerant && token::ocr_number(&t.text).is_some()
        })
    }

    /// Every way `pattern` matches at `pos`.
    pub fn matches(&self, pattern: &[Elem], pos: usize, so_far: Match, out: &mut Vec<Match>) {
        if out.len() > 32 {
            return;
        }
        let Some((elem, rest)) = pattern.split_first() else {
            out.push(Match { end: pos, ..so_far });
            return;
        };
        match elem {
            Elem::Lit {
                spellings,
                words,
                optional,
                no_number,
            } => {
                let goes_on = matches!(self.lower(pos + 1), Some("đầu" | "cuối" | "thứ"));
                if *no_number && (self.is_number(pos + 1) || goes_on) {
                    if *optional {
                        self.matches(rest, pos, so_far, out);
                    }
                    return;
                }
                for s in spellings {
                    let fits = s
                        .iter()
                        .enumerate()
                        .all(|(k, w)| self.lower(pos + k) == Some(w.as_str()));
                    if fits && !s.is_empty() {
                        let mut m = so_far.clone();
                        m.exact += 1;
                        self.matches(rest, pos + s.len(), m, out);
                    }
                }
                if let Some(t) = self.tokens.get(pos) {
                    let previous = pos.checked_sub(1).and_then(|p| self.tokens.get(p));
                    if self.mode == Mode::Tolerant && so_far.fixes.is_empty() {
                        if let Some(w) = words.iter().find(|w| near(t, w, previous)) {
                            let mut m = so_far.clone();
                            m.fixes.push(Fix {
                                token: pos,
                                read_as: w.text.clone(),
                            });
                            self.matches(rest, pos + 1, m, out);
                        }
                    }
                }
                if *optional {
                    self.matches(rest, pos, so_far, out);
                }
            }
            Elem::Slot(slot, optional) => {
                let mut m = so_far.clone();
                if let Some(end) = self.slot(*slot, pos, &mut m) {
                    self.matches(rest, end, m, out);
                }
                if *optional {
                    self.matches(rest, pos, so_far, out);
                }
            }
        }
    }

    /// Where a slot ends when it takes the words at `pos`.
    fn slot(&self, slot: Slot, pos: usize, m: &mut Match) -> Option<usize> {
        match slot {
            Slot::Num => {
                let n = self.number(pos, &mut m.fixes)?;
                m.caps.push(Cap::Num(n));
                Some(pos + 1)
            }
            Slot::Year => {
                let t = self.tokens.get(pos)?;
                if t.lower.chars().count() != 4 {
                    return None;
                }
                m.caps.push(Cap::Num(token::number(&t.lower)?));
                Some(pos + 1)
            }
            Slot::Clock => {
                let (time, end) = self.clock(pos, &mut m.fixes)?;
                m.caps.push(time.map_or(Cap::Invalid, Cap::Time));
                Some(end)
            }
            Slot::Date => {
                let (date, end) = self.date(pos, &mut m.fixes)?;
                m.caps.push(Cap::Date(date));
                Some(end)
            }
            Slot::Dates => {
                let (dates, end) = self.list(pos, &["ngày"], &mut m.fixes, Self::date)?;
                m.caps.push(Cap::Dates(dates));
                Some(end)
            }
            Slot::Days => {
                let (days, end) = self.list(pos, &["ngày"], &mut m.fixes, Self::day)?;
                m.caps.push(Cap::Days(days));
                Some(end)
            }
            Slot::Month => {
                let (month, end) = self.month(pos, &mut m.fixes)?;
                m.caps.push(Cap::Months(vec![month]));
                Some(end)
            }
            Slot::Months => {
                let (months, end) = self.list(pos, &["tháng"], &mut m.fixes, Self::month)?;
                m.caps.push(Cap::Months(months));
                Some(end)
            }
            Slot::Quarters => self.quarters(pos, m),
            Slot::Ord => {
                m.caps.push(Cap::Num(ordinal(self.lower(pos)?)?));
                Some(pos + 1)
            }
            Slot::Amount => {
                let milli = amount(self.lower(pos)?)?;
                m.caps.push(Cap::Amount(milli));
                Some(pos + 1)
            }
            Slot::Freq => {
                let t = self.tokens.get(pos).filter(|t| is_frequency(&t.lower))?;
                m.caps.push(Cap::Text(t.text.clone()));
                Some(pos + 1)
            }
            Slot::Code => {
                let t = self.tokens.get(pos).filter(|t| is_code(&t.text))?;
                m.caps.push(Cap::Text(t.text.clone()));
                Some(pos + 1)
            }
            Slot::Name | Slot::Words => self.words(slot, pos, m),
            Slot::Unit => Some(pos + self.unit(pos)?),
        }
    }

    /// Quarters (`quý II và quý IV`), and the year after a slash (`quý I/2024`).
    fn quarters(&self, pos: usize, m: &mut Match) -> Option<usize> {
        let (list, mut end) = self.list(pos, &["quý"], &mut m.fixes, Self::quarter)?;
        let mut year = None;
        if self.lower(end) == Some("/") {
            if let Some(y) = self.year_at(end + 1) {
                year = Some(y);
                end += 2;
            }
        }
        m.caps.push(Cap::Quarters(list, year));
        Some(end)
    }

    /// How many words the longest unit at `pos` (`triệu đồng`) takes.
    fn unit(&self, pos: usize) -> Option<usize> {
        UNIT_WORDS
            .iter()
            .filter(|words| {
                words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| self.lower(pos + k) == Some(*w))
            })
            .map(|words| words.len())
            .max()
    }

    fn words(&self, slot: Slot, pos: usize, m: &mut Match) -> Option<usize> {
        let first = self.tokens.get(pos)?;
        if first.is_punct()
            || STOP_WORDS.contains(&first.lower.as_str())
            || slot == Slot::Name && !first.is_capital()
        {
            return None;
        }
        let mut end = pos + 1;
        while let Some(t) = self.tokens.get(end) {
            // `Bình Định`: a stop word with a capital is part of a name.
            let stop = STOP_WORDS.contains(&t.lower.as_str()) && !t.is_capital();
            if t.is_punct() || stop || end - pos >= 12 {
                break;
            }
            end += 1;
        }
        let words: Vec<&str> = self
            .tokens
            .iter()
            .skip(pos)
            .take(end - pos)
            .map(|t| t.text.as_str())
            .collect();
        m.caps.push(Cap::Text(words.join(" ")));
        Some(end)
    }

    fn year_at(&self, i: usize) -> Option<i32> {
        let w = self.lower(i)?;
        if w.chars().count() != 4 {
            return None;
        }
        i32::try_from(token::number(w)?).ok()
    }

    /// `17 giờ 45 phút`, `17h45`, `06 giờ`, `17:45`, `6 giờ sáng`, `8 giờ
    /// tối`; `None` for an hour or minute out of range (`25 giờ`), which
    /// still ends the phrase so that it is named.
    fn clock(&self, pos: usize, fixes: &mut Vec<Fix>) -> Option<(Option<NaiveTime>, usize)> {
        let mut f = fixes.clone();
        let hour = self.number(pos, &mut f)?;
        let mark = self.lower(pos + 1)?;
        let mut end;
        let mut minute = 0;
        if mark == ":" {
            minute = token::number(self.lower(pos + 2)?)?;
            end = pos + 3;
        } else if matches!(mark, "giờ" | "h" | "g") || self.near_hour(pos + 1, &mut f) {
            end = pos + 2;
            let after = self.lower(end + 1);
            if let Some(n) = self.lower(end).and_then(token::number) {
                if !matches!(after, Some("/" | "tháng" | "giờ" | ":" | "h" | "g")) {
                    minute = n;
                    end += 1;
                    if self.lower(end) == Some("phút") {
                        end += 1;
                    }
                }
            }
        } else {
            return None;
        }
        if hour > 99 {
            return None;
        }
        let mut hour = u32::try_from(hour).ok()?;
        match self.lower(end) {
            Some("sáng" | "trưa") => end += 1,
            Some("chiều" | "tối") => {
                if hour < 12 {
                    hour += 12;
                }
                end += 1;
            }
            Some("đêm") => {
                if (6..12).contains(&hour) {
                    hour += 12;
                }
                end += 1;
            }
            _ => {}
        }
        let time = NaiveTime::from_hms_opt(hour, u32::try_from(minute).ok()?, 0);
        *fixes = f;
        Some((time, end))
    }

    /// A slip of `giờ` at `i` (`gìơ`, `gio`), read as it and noted.
    fn near_hour(&self, i: usize, fixes: &mut Vec<Fix>) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        if self.mode == Mode::Tolerant && fixes.is_empty() && near(t, &GIO, None) {
            fixes.push(Fix {
                token: i,
                read_as: GIO.text.clone(),
            });
            return true;
        }
        false
    }

    /// `09/11/2024`, `10/01`, `06 tháng 3 năm 2023`.
    fn date(&self, pos: usize, fixes: &mut Vec<Fix>) -> Option<(DayOf, usize)> {
        let day = u32::try_from(self.number(pos, fixes)?).ok()?;
        let (month, mut end) = match self.lower(pos + 1)? {
            "/" | "-" | "." => (self.lower(pos + 2).and_then(token::number)?, pos + 3),
            "tháng" => (self.lower(pos + 2).and_then(token::number)?, pos + 3),
            _ => return None,
        };
        let month = u32::try_from(month).ok()?;
        let mut year = None;
        let sep = self.lower(end);
        if matches!(sep, Some("/" | "-" | ".")) || sep == Some("năm") {
            if let Some(y) = self.year_at(end + 1) {
                year = Some(y);
                end += 2;
            }
        }
        if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
            return None;
        }
        Some((DayOf { day, month, year }, end))
    }

    /// A day of the month, not the start of a date.
    fn day(&self, pos: usize, fixes: &mut Vec<Fix>) -> Option<(u32, usize)> {
        let n = u32::try_from(self.number(pos, fixes)?).ok()?;
        if matches!(
            self.lower(pos + 1),
            Some("/" | "tháng" | "giờ" | "h" | "g" | ":")
        ) {
            return None;
        }
        (1..=31).contains(&n).then_some((n, pos + 1))
    }

    /// `5`, `4/2027`: a month, perhaps with its year.
    fn month(&self, pos: usize, fixes: &mut Vec<Fix>) -> Option<(MonthOf, usize)> {
        let month = u32::try_from(self.number(pos, fixes)?).ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        // `tháng 5, 06 giờ`: the 06 is a time, not a month.
        if matches!(self.lower(pos + 1), Some("giờ" | "h" | "g" | "phút" | ":")) {
            return None;
        }
        let mut end = pos + 1;
        let mut year = None;
        if self.lower(end) == Some("/") {
            year = Some(self.year_at(end + 1)?);
            end += 2;
        }
        Some((MonthOf { month, year }, end))
    }

    fn quarter(&self, pos: usize, _fixes: &mut Vec<Fix>) -> Option<(u32, usize)> {
        let q = match self.lower(pos)? {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            "iv" | "4" => 4,
            _ => return None,
        };
        Some((q, pos + 1))
    }

    /// Items joined by `,` or `và`, each perhaps after its noun again
    /// (`tháng 5 và tháng 7`, `ngày 10 và 25`).
    fn list<T>(
        &self,
        pos: usize,
        nouns: &[&str],
        fixes: &mut Vec<Fix>,
        one: ItemReader<Self, T>,
    ) -> Option<(Vec<T>, usize)> {
        let (first, mut end) = one(self, pos, fixes)?;
        let mut list = vec![first];
        while list.len() < 40 {
            if !matches!(self.lower(end), Some("," | "và" | ";")) {
                break;
            }
            let mut next = end + 1;
            if self.lower(next).is_some_and(|w| nouns.contains(&w)) {
                next += 1;
            }
            let mut f = fixes.clone();
            let Some((item, after)) = one(self, next, &mut f) else {
                break;
            };
            *fixes = f;
            list.push(item);
            end = after;
        }
        Some((list, end))
    }
}

/// Reads one item of a list at a word: the item and where it ends.
type ItemReader<C, T> = fn(&C, usize, &mut Vec<Fix>) -> Option<(T, usize)>;

/// An amount as Vietnamese plans write it, × 1000: `91.596.816` (dots
/// between thousands), `82,5` and `8.686,5` (a decimal comma).
pub(crate) fn amount(word: &str) -> Option<u128> {
    if word.is_empty() || word.chars().count() > 24 {
        return None;
    }
    let (whole, fraction) = match word.split_once(',') {
        Some((w, f)) => (w, f),
        None => (word, ""),
    };
    if fraction.chars().count() > 3 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let groups: Vec<&str> = whole.split('.').collect();
    let grouped = groups.len() == 1
        || groups.iter().skip(1).all(|g| g.len() == 3)
            && groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    if !grouped {
        return None;
    }
    let digits: String = groups.concat();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u128 = digits.parse().ok()?;
    let mut milli = whole.checked_mul(1000)?;
    let mut scale = 100;
    for c in fraction.chars() {
        milli = milli.checked_add(u128::from(c.to_digit(10)?) * scale)?;
        scale /= 10;
    }
    Some(milli)
}

/// What is counted in a declared count.
pub(crate) const UNITS: &[&str] = &[
    "chuyên mục",
    "chương trình",
    "phóng sự",
    "tin bài",
    "tin",
    "bài",
    "bài viết",
    "kỳ",
    "số",
    "số báo",
    "cuộc",
    "buổi",
    "lần",
    "đợt",
    "tọa đàm",
    "toạ đàm",
    "hội thảo",
    "hội nghị",
    "hội thi",
    "cuộc thi",
    "tiểu phẩm",
    "clip",
    "video",
    "ấn phẩm",
    "bản tin",
    "chuyên đề",
    "chuyên trang",
    "trang chuyên đề",
    "phim",
    "phim tài liệu",
    "lớp",
    "lớp tập huấn",
    "spot",
];

thread_local! {
    /// The words of the grammar each written word is near, remembered (a
    /// plan's words repeat); cleared when it grows past 50,000 words.
    static NEAR: std::cell::RefCell<HashMap<String, Vec<usize>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// [`UNITS`], each cut into its words once.
static UNIT_WORDS: std::sync::LazyLock<Vec<Vec<&'static str>>> =
    std::sync::LazyLock::new(|| UNITS.iter().map(|u| u.split(' ').collect()).collect());

/// Words that end a name: what comes after them is another phrase.
const STOP_WORDS: &[&str] = &[
    "và", "lúc", "vào", "phát", "thời", "ngày", "theo", "trên", "tại", "với", "mỗi", "từ", "đến",
    "để", "trong", "hằng", "hàng", "thứ", "tuần", "tháng", "quý", "của", "các", "về", "qua",
    "kênh", "định", "sóng", "trước", "chậm", "số", "đăng",
];

/// An ordinal word (`thứ nhất`, `tuần thứ ba`) as its number.
fn ordinal(word: &str) -> Option<u64> {
    match word {
        "nhất" | "một" => Some(1),
        "hai" => Some(2),
        "ba" => Some(3),
        "tư" | "bốn" => Some(4),
        "năm" => Some(5),
        _ => None,
    }
}

/// A frequency's number (`97,5`, `104.6`): digits and at most one mark.
fn is_frequency(lower: &str) -> bool {
    let marks = lower.chars().filter(|c| *c == ',' || *c == '.').count();
    lower.chars().count() <= 6
        && marks <= 1
        && lower
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A channel's code (`VTV1`, `ĐN2`): 2 to 10 capitals and digits, a capital among them.
fn is_code(text: &str) -> bool {
    let n = text.chars().count();
    (2..=10).contains(&n)
        && text.chars().any(char::is_uppercase)
        && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(amount("91.596.816"), Some(91_596_816_000));
        assert_eq!(amount("82,5"), Some(82_500));
        assert_eq!(amount("8.686,5"), Some(8_686_500));
        assert_eq!(amount("1.200"), Some(1_200_000));
        assert_eq!(amount("1.20"), None);
        assert_eq!(amount("12,3456"), None);
    }
}
