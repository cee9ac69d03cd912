//! How Vietnamese plans say when, where, how long, how many and how much:
//! a grammar of phrases, each a pattern and the fact it states.
//!
//! A text ("17 giờ 45 phút thứ Tư, tuần 3 – kênh KG và phát lại lúc 06 giờ
//! kênh KG ngày hôm sau, thời lượng 12 phút") is cut into words (compared
//! in lower case, character by character) and read from left to right: at
//! each word every phrase of [`PHRASES`] is tried, the one that covers the
//! most words wins (then the one with fewer words read as others, then the
//! first in the table), and its captures become a [`Fact`].
//!
//! There are two ways to read:
//!
//! - [`Mode::Strict`], for what a person writes in a schedule file: every
//!   word must be read by a phrase or be a mark between them; the first
//!   word that is not is an error at its column ([`strict`]).
//! - [`Mode::Tolerant`], for a plan's document as it comes (typed in a
//!   hurry, copied out of a PDF, read by OCR): a word one letter or one mark
//!   away from a word of the grammar is read as that word (`thú Tư`, `thứ
//!   Năn`, `thág 11`, `dồng`), a number with the letters O, l or Z for
//!   digits as that number (`O6`, `l0`, `tuần Z`), each such reading named in
//!   [`Found::noise`]; words no phrase reads are given back in
//!   [`Scan::unread`], except an aside that says nothing of time (`(đêm Giao
//!   thừa)`, `, đợt cao điểm …,`), given in [`Scan::remarks`].
//!
//! A pattern is words separated by spaces: a literal, with `|` between
//! spellings (`_` joins the words of a spelling of several: `trước|chậm_nhất`),
//! a trailing `?` when it may be missing and `#` when no number may follow
//! it; or a slot:
//!
//! | slot | takes |
//! |---|---|
//! | `{n}` | a whole number (`06`, `17`) |
//! | `{year}` | a year of four digits |
//! | `{clock}` | a time of day: `17 giờ 45 (phút)`, `17h45`, `19g45`, `17:45`, `06 giờ`, `6 giờ sáng`, `8 giờ tối` |
//! | `{date}`, `{dates}` | a day: `09/11/2024`, `10/01`, `06 tháng 3 năm 2023`; several joined by `,` or `và` |
//! | `{days}` | days of the month: `10 và 25` |
//! | `{month}`, `{months}` | months: `5`, `4/2027`, `5, 7`, `3, tháng 7 và tháng 11` |
//! | `{quarters}` | quarters in Roman or Arabic numerals: `II và quý IV`, `I/2026` |
//! | `{ord}` | an ordinal word: `nhất`, `hai`, `ba`, `tư`, `năm` |
//! | `{amount}` | a sum: `91.596.816`, `82,5`, `8.686,5` |
//! | `{freq}` | a frequency (`96,1`) |
//! | `{code}` | a channel's code in capitals (`KG`, `VTV1`, `ĐN1`) |
//! | `{name}` | a proper name: a capitalised word and the words after it, up to a mark or a joining word |
//! | `{words}` | words up to a mark or a joining word, any case |
//! | `{unit}` | what is counted (`kỳ`, `chuyên mục`, `cuộc`) |
//!
//! ```
//! use castcal::phrase::{self, Fact};
//! let facts = phrase::strict("17 giờ 45 phút thứ Tư tuần 3 hằng tháng")?;
//! assert_eq!(facts.len(), 4);
//! let err = phrase::strict("17 giờ 45 thứ Tư tuần ba ngày").unwrap_err();
//! assert_eq!((err.column, err.quote.as_str()), (18, "tuần ba ngày"));
//! let scan = phrase::scan("17 giờ 30 thú Tư tuần Z hằng tháng", phrase::Mode::Tolerant);
//! assert!(scan.unread.is_empty());
//! assert_eq!(scan.found[1].fact, Some(Fact::Day(chrono::Weekday::Wed)));
//! assert_eq!(scan.found[1].noise[0].written, "thú");
//! # Ok::<(), phrase::Unread>(())
//! ```

mod fact;
mod grammar;
mod matcher;
mod token;
pub mod when;

use std::collections::HashMap;
use std::sync::LazyLock;

pub use fact::{DayOf, Due, Every, Fact, Medium, MonthOf, Per, Period, Relation};
pub use grammar::{Phrase, PHRASES};
pub use when::{When, Working};

use grammar::Caps;
use matcher::{Cap, Cursor, Elem, Match};
use token::Token;

/// Letters without their marks, `đ` as `d`, in lower case: `Thứ Đồng` →
/// `thu dong`.
pub fn bare(text: &str) -> String {
    token::bare(text)
}

/// An amount as Vietnamese plans write it, in thousandths: `91.596.816`
/// (dots between thousands), `82,5` and `8.686,5` (a decimal comma).
pub fn amount(word: &str) -> Option<u128> {
    matcher::amount(word.trim())
}

/// A time of day written alone, in any form the grammar reads (`17:45`,
/// `17h45`, `17 giờ 45`, `17 giờ 45 phút`, `06 giờ`), read strictly.
pub fn clock(text: &str) -> Option<chrono::NaiveTime> {
    match strict(text).ok()?.as_slice() {
        [Fact::At(t)] => Some(*t),
        _ => None,
    }
}

/// A length written in words (`12 phút`, `1 giờ 30 phút`, `2 giờ`, `45
/// giây`, `1 ngày`, `2 tuần`, `3 tháng`, `1 năm`, `1 tháng 15 ngày`), read
/// strictly, as ISO 8601 (`PT12M`, `PT90M`, `P1D`, `P2W`, `P3M`, `P1Y`,
/// `P1M15D`).
pub fn length(text: &str) -> Option<String> {
    let tokens = token::tokens(text);
    if let Some(days) = calendar_length(&tokens) {
        return Some(days);
    }
    match strict(&format!("thời lượng {text}")).ok()?.as_slice() {
        [Fact::Length(s)] if s % 60 == 0 => Some(format!("PT{}M", s / 60)),
        [Fact::Length(s)] => Some(format!("PT{s}S")),
        _ => None,
    }
}

/// A length in calendar units, each at most once and the larger first
/// (`1 năm`, `3 tháng`, `2 tuần`, `7 ngày`, `1 tháng 15 ngày`), as ISO 8601;
/// none for anything else.
fn calendar_length(tokens: &[token::Token]) -> Option<String> {
    // Each unit, its ISO 8601 letter, and the most a plan needs of it.
    const UNITS: [(&str, char, u64); 4] = [
        ("năm", 'Y', 10),
        ("tháng", 'M', 120),
        ("tuần", 'W', 520),
        ("ngày", 'D', 3660),
    ];
    if tokens.is_empty() || !tokens.len().is_multiple_of(2) {
        return None;
    }
    let mut iso = String::from("P");
    let mut next = 0;
    for pair in tokens.chunks(2) {
        let [n, unit] = pair else { return None };
        let k = UNITS.iter().position(|(name, ..)| unit.lower == *name)?;
        let (_, letter, most) = UNITS.get(k)?;
        if k < next || !n.is_digits() {
            return None;
        }
        let count = token::number(&n.text).filter(|c| (1..=*most).contains(c))?;
        iso.push_str(&format!("{count}{letter}"));
        next = k + 1;
    }
    Some(iso)
}

/// How to read a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every word read exactly, or an error at the first that is not.
    Strict,
    /// Words near the grammar's read as its words, and said so.
    Tolerant,
}

/// A word read as another word of the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noise {
    /// As written (`thú`, `O6`).
    pub written: String,
    /// As read (`thứ`, `6`).
    pub read_as: String,
}

/// A phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What it states; `None` when a value is out of range (`25 giờ`).
    pub fact: Option<Fact>,
    /// The words, as written.
    pub quote: String,
    /// Its first character's column (from 1).
    pub column: usize,
    /// The words read as others.
    pub noise: Vec<Noise>,
    /// Which entry of [`PHRASES`] it is.
    pub entry: usize,
}

/// Words no phrase reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The words, as written.
    pub quote: String,
    /// The first one's column (from 1).
    pub column: usize,
}

impl std::fmt::Display for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: `{}`", self.column, self.quote)
    }
}

impl std::error::Error for Unread {}

/// What [`scan`] makes of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Every phrase, from left to right.
    pub found: Vec<Found>,
    /// Words no phrase reads, each run of them once.
    pub unread: Vec<Unread>,
    /// Asides that say nothing of time (tolerant mode only).
    pub remarks: Vec<Unread>,
}

impl Scan {
    /// The facts stated, in order.
    pub fn facts(&self) -> impl Iterator<Item = &Fact> {
        self.found.iter().filter_map(|f| f.fact.as_ref())
    }
}

/// The grammar compiled: each pattern, and which to try at a word.
struct Grammar {
    patterns: Vec<Vec<Elem>>,
    by_word: HashMap<String, Vec<usize>>,
    anywhere: Vec<usize>,
    vocabulary: matcher::Vocabulary,
}

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let patterns: Vec<Vec<Elem>> = PHRASES
        .iter()
        .map(|p| matcher::compile(p.pattern))
        .collect();
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
    let mut anywhere = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        match p.first() {
            Some(Elem::Lit {
                spellings,
                optional: false,
                ..
            }) => {
                for s in spellings {
                    if let Some(w) = s.first() {
                        by_word.entry(w.clone()).or_default().push(i);
                    }
                }
            }
            _ => anywhere.push(i),
        }
    }
    let vocabulary = matcher::Vocabulary::of(patterns.iter());
    Grammar {
        patterns,
        by_word,
        anywhere,
        vocabulary,
    }
});

/// Words that say something of time or place: an aside holding one of
/// them is not an aside.
const KEYWORDS: &[&str] = &[
    "giờ", "phút", "thứ", "tuần", "tháng", "quý", "ngày", "trừ", "kênh", "sóng", "hằng", "hàng",
    "mỗi", "cách", "chủ", "phát",
];

/// Reads `text`: every phrase, the words no phrase reads, and (in
/// tolerant mode) the asides.
pub fn scan(text: &str, mode: Mode) -> Scan {
    let tokens = token::tokens(text);
    let g = &*GRAMMAR;
    let cursor = Cursor {
        tokens: &tokens,
        mode,
    };
    let mut out = Scan::default();
    let mut unread: Vec<usize> = Vec::new();
    let mut found_at: Vec<(usize, usize, bool)> = Vec::new();
    let mut pos = 0;
    while let Some(t) = tokens.get(pos) {
        match best(g, &cursor, pos) {
            Some((entry, m)) => {
                let f = found(&tokens, entry, &m, pos);
                found_at.push((pos, m.end, f.fact == Some(Fact::Joiner)));
                out.found.push(f);
                pos = m.end.max(pos + 1);
            }
            None => {
                if !t.is_punct() {
                    unread.push(pos);
                }
                pos += 1;
            }
        }
    }
    let has_fact = out
        .found
        .iter()
        .any(|f| !matches!(f.fact, Some(Fact::Joiner)));
    let (words, asides) = if mode == Mode::Tolerant && has_fact {
        split_asides(&tokens, &unread, &found_at)
    } else {
        (unread, Vec::new())
    };
    out.unread = runs(&tokens, &words);
    out.remarks = runs(&tokens, &asides);
    out
}

/// Reads `text` in [`Mode::Strict`]: its facts, or the first words no
/// phrase reads.
///
/// # Errors
/// A word no phrase reads, at its column.
pub fn strict(text: &str) -> Result<Vec<Fact>, Unread> {
    if text.len() > REMEMBERED_PHRASE_BYTES {
        return read_strictly(text);
    }
    if let Some(read) = STRICT.with(|cell| cell.borrow().get(text).cloned()) {
        return read;
    }
    let read = read_strictly(text);
    STRICT.with(|cell| {
        let mut map = cell.borrow_mut();
        if map.len() >= REMEMBERED_PHRASES {
            map.clear();
        }
        map.insert(text.to_string(), read.clone());
    });
    read
}

/// The most phrases whose strict reading is remembered on a thread, and
/// the longest: a plan's phrases repeat (one slot for many items), and
/// import reads each of them before the loader reads them again.
const REMEMBERED_PHRASES: usize = 10_000;
const REMEMBERED_PHRASE_BYTES: usize = 200;

type StrictReading = Result<Vec<Fact>, Unread>;

thread_local! {
    static STRICT: std::cell::RefCell<HashMap<String, StrictReading>> =
        std::cell::RefCell::new(HashMap::new());
}

fn read_strictly(text: &str) -> Result<Vec<Fact>, Unread> {
    let scan = scan(text, Mode::Strict);
    if let Some(first) = scan.unread.into_iter().next() {
        return Err(first);
    }
    if let Some(f) = scan.found.iter().find(|f| f.fact.is_none()) {
        return Err(Unread {
            quote: f.quote.clone(),
            column: f.column,
        });
    }
    Ok(scan
        .found
        .into_iter()
        .filter_map(|f| f.fact)
        .filter(|f| *f != Fact::Joiner)
        .collect())
}

/// The phrase that wins at `pos`, if any.
fn best(g: &Grammar, cursor: &Cursor, pos: usize) -> Option<(usize, Match)> {
    let t = cursor.tokens.get(pos)?;
    let mut entries: Vec<usize> = g
        .anywhere
        .iter()
        .copied()
        .filter(|e| {
            g.patterns
                .get(*e)
                .and_then(|p| p.first())
                .is_none_or(|first| matcher::may_start(first, t, cursor.mode))
        })
        .collect();
    if let Some(list) = g.by_word.get(&t.lower) {
        entries.extend(list);
    }
    if cursor.mode == Mode::Tolerant && !t.is_punct() && !g.by_word.contains_key(&t.lower) {
        let previous = pos.checked_sub(1).and_then(|p| cursor.tokens.get(p));
        for w in g.vocabulary.near(t, previous) {
            entries.extend(g.by_word.get(&w.text).into_iter().flatten());
        }
    }
    entries.sort_unstable();
    entries.dedup();
    let mut best: Option<(usize, Match)> = None;
    for entry in entries {
        let Some(pattern) = g.patterns.get(entry) else {
            continue;
        };
        let mut all = Vec::new();
        cursor.matches(pattern, pos, Match::default(), &mut all);
        for m in all {
            let grounded = m.fixes.is_empty() || m.exact > 0 || !m.caps.is_empty();
            if m.end <= pos || !grounded {
                continue;
            }
            let better = best.as_ref().is_none_or(|(_, b)| {
                m.end > b.end || m.end == b.end && m.fixes.len() < b.fixes.len()
            });
            if better {
                best = Some((entry, m));
            }
        }
    }
    best
}

fn found(tokens: &[Token], entry: usize, m: &Match, pos: usize) -> Found {
    let first = tokens.get(pos);
    let quote = quote_of(tokens, pos, m.end);
    let invalid = m.caps.contains(&Cap::Invalid);
    let fact = if invalid {
        None
    } else {
        PHRASES.get(entry).and_then(|p| (p.state)(&Caps(&m.caps)))
    };
    let noise = m
        .fixes
        .iter()
        .filter_map(|f| {
            Some(Noise {
                written: tokens.get(f.token)?.text.clone(),
                read_as: f.read_as.clone(),
            })
        })
        .collect();
    Found {
        fact,
        quote,
        column: first.map_or(1, |t| t.from + 1),
        noise,
        entry,
    }
}

/// The words from token `from` to token `to` (exclusive), as written,
/// one space between them except around marks that hug their words.
fn quote_of(tokens: &[Token], from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut last_to: Option<usize> = None;
    for t in tokens.iter().skip(from).take(to.saturating_sub(from)) {
        if let Some(end) = last_to {
            if t.from > end {
                out.push(' ');
            }
        }
        out.push_str(&t.text);
        last_to = Some(t.to);
    }
    out
}

/// Runs of neighbouring tokens, as [`Unread`].
fn runs(tokens: &[Token], indices: &[usize]) -> Vec<Unread> {
    let mut out: Vec<Unread> = Vec::new();
    let mut start: Option<usize> = None;
    let mut previous: Option<usize> = None;
    for &i in indices {
        match (start, previous) {
            (Some(_), Some(p)) if p + 1 == i => {}
            (Some(s), Some(p)) => {
                out.push(run(tokens, s, p));
                start = Some(i);
            }
            _ => start = Some(i),
        }
        previous = Some(i);
    }
    if let (Some(s), Some(p)) = (start, previous) {
        out.push(run(tokens, s, p));
    }
    out
}

fn run(tokens: &[Token], first: usize, last: usize) -> Unread {
    Unread {
        quote: quote_of(tokens, first, last + 1),
        column: tokens.get(first).map_or(1, |t| t.from + 1),
    }
}

/// The unread words that are asides: a clause (between marks) in which no
/// phrase states anything and no word of time is left, either in
/// parentheses or with no digit.
fn split_asides(
    tokens: &[Token],
    unread: &[usize],
    found_at: &[(usize, usize, bool)],
) -> (Vec<usize>, Vec<usize>) {
    let bound = |t: &Token| {
        matches!(
            t.text.as_str(),
            "," | ";" | "(" | ")" | "." | "–" | "-" | ":" | "[" | "]"
        )
    };
    let mut words = Vec::new();
    let mut asides = Vec::new();
    let mut clause_start = 0;
    let mut i = 0;
    while i <= tokens.len() {
        let end_here = tokens.get(i).is_none_or(bound);
        if end_here {
            let in_clause: Vec<usize> = unread
                .iter()
                .copied()
                .filter(|u| (clause_start..i).contains(u))
                .collect();
            let facts_inside = found_at
                .iter()
                .any(|(a, b, joiner)| *a < i && *b > clause_start && !joiner);
            let open = clause_start
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .is_some_and(|t| t.text == "(");
            let keyword = in_clause.iter().any(|u| {
                tokens.get(*u).is_some_and(|t| {
                    KEYWORDS.contains(&t.lower.as_str()) && (!t.is_capital() || *u == clause_start)
                })
            });
            let digits = in_clause.iter().any(|u| {
                tokens
                    .get(*u)
                    .is_some_and(|t| t.text.chars().any(|c| c.is_ascii_digit()))
            });
            let aside = !facts_inside && !keyword && (open || !digits);
            if aside {
                asides.extend(in_clause);
            } else {
                words.extend(in_clause);
            }
            clause_start = i + 1;
        }
        i += 1;
    }
    (words, asides)
}

#[cfg(test)]
mod tests;
