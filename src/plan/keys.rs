//! Keys in either language: `tiêu đề:` is `title:`.
//!
//! A schedule file may name each key in English or in Vietnamese
//! ([`crate::words::keys`]). While [`super::Source`] walks the file's
//! marked YAML events, [`Keys`] follows which mapping each key belongs to,
//! renames every key to its English name for the index, and notes where
//! each key and enumerated word (`kind: phát sóng`) is written, so that
//! serde can read an English copy of the text while every position still
//! points at the file as written: keys are renamed on their own line, so
//! lines never move, and [`Translation::original`] moves a column on a
//! renamed line back. `castcal fmt` rewrites the same places.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use yaml_rust2::parser::Event;
use yaml_rust2::scanner::Marker;

use super::source::Position;
use crate::said::{Lang, Said};
use crate::words::keys::{self, Key, Table, Word, Words};

/// What is written at a [`Written`]: a key, or an enumerated word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A key of the schedule file.
    Key(&'static Key),
    /// An enumerated word, the value of a key.
    Word(&'static Word),
}

impl Named {
    /// How it is written in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match self {
            Named::Key(k) => k.name(lang),
            Named::Word(w) => w.name(lang),
        }
    }
}

/// A key or an enumerated word as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The bytes of the name, inside its quotes when it is quoted.
    pub bytes: Range<usize>,
    /// Where the name starts (inside its quotes).
    pub position: Position,
    /// How many characters the name is written in.
    pub chars: usize,
    /// What it is.
    pub named: Named,
    /// The name as written (quotes and escapes read).
    pub written: String,
}

/// The keys and words of a file, once walked.
#[derive(Debug, Default)]
pub struct Translation {
    /// Every key and word recognised, in the order written.
    pub spots: Vec<Written>,
    /// The text with every key named in English, when that differs.
    english: Option<String>,
    /// The first key that no table has where a table's keys are expected:
    /// where, and what to say (the nearest key in the language most of
    /// the file's keys are written in).
    pub unknown: Option<Refusal>,
    /// The language most of the file's keys are written in.
    pub lang: Lang,
}

impl Translation {
    /// The text as serde should read it: every key in English.
    pub fn english<'a>(&'a self, text: &'a str) -> &'a str {
        self.english.as_deref().unwrap_or(text)
    }

    /// The position in the file as written of `position` in [`Translation::english`].
    pub fn original(&self, position: Position) -> Position {
        let mut shift: isize = 0;
        for spot in self.renamed().filter(|s| s.position.line == position.line) {
            let english = match spot.named {
                Named::Key(k) => k.en.chars().count(),
                Named::Word(_) => continue,
            };
            let start = spot.position.column.saturating_add_signed(shift);
            if position.column < start {
                break;
            }
            if position.column < start + english {
                return spot.position;
            }
            shift += english as isize - spot.chars as isize;
        }
        Position {
            line: position.line,
            column: position.column.saturating_add_signed(-shift),
        }
    }

    /// `message` with the keys it names (`` `kind` ``) in the names the file
    /// uses: in the Vietnamese text, a file written with Vietnamese keys
    /// reads `` `loại` ``.
    pub fn in_its_words(&self, mut message: Said) -> Said {
        if self.keys_lang() == Lang::Vi {
            for key in keys::KEYS {
                let en = format!("`{}`", key.en);
                if message.vi.contains(&en) {
                    message.vi = message.vi.replace(&en, &format!("`{}`", key.vi));
                }
            }
        }
        message
    }

    /// The language the file names its keys in (English when it has none).
    pub fn keys_lang(&self) -> Lang {
        if self.lang == Lang::Vi && self.spots.iter().any(|s| matches!(s.named, Named::Key(_))) {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    fn renamed(&self) -> impl Iterator<Item = &Written> {
        self.spots
            .iter()
            .filter(|s| matches!(s.named, Named::Key(k) if k.en != s.written))
    }
}

/// What a walk stopped at: where, and why.
pub type Refusal = (Position, Said);

/// What a collection being walked is, for its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A mapping with the keys of a table.
    Keys(Table),
    /// A mapping of ids, each to a mapping of the table (`outlets:`).
    Ids(Table),
    /// A sequence of mappings of the table (`activities:`).
    Items(Table),
    /// Anything else: its keys are the file's own (ids, or not a schedule's).
    Free,
}

/// The shape of the value of `key` in a mapping of `table`.
fn child(table: Table, key: &str) -> Shape {
    match (table, key) {
        (Table::File, "plan") => Shape::Keys(Table::Plan),
        (Table::File, "outlets") => Shape::Ids(Table::Outlet),
        (Table::File, "activities") => Shape::Items(Table::Activity),
        (Table::Plan, "period") => Shape::Keys(Table::Period),
        (Table::Activity, "reruns") => Shape::Items(Table::Rerun),
        (Table::Activity, "accept") => Shape::Items(Table::Accept),
        _ => Shape::Free,
    }
}

/// The enumerated words the value of `key` in a mapping of `table` is one of.
fn words(table: Table, key: &str) -> Option<Words> {
    match (table, key) {
        (Table::Outlet, "kind") => Some(Words::OutletKind),
        (Table::Activity, "kind") => Some(Words::ActivityKind),
        (Table::Activity, "status") => Some(Words::Status),
        (Table::Activity, "on_holiday") => Some(Words::OnHoliday),
        _ => None,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum State {
    /// The next event is a key (or a sequence's item).
    Key,
    /// The next event is the value of the key just read.
    Value,
    /// A key that is a collection is being read.
    ComplexKey,
}

struct Level {
    shape: Shape,
    /// Whether it is a mapping.
    map: bool,
    state: State,
    /// The shape and words of the value of the key just read.
    child: Shape,
    words: Option<Words>,
    /// The keys read, by English name, as written and where.
    seen: Vec<(&'static str, String, Position)>,
}

/// A key no table has, where a table's key was expected.
struct Unknown {
    position: Position,
    name: String,
    table: Table,
}

/// Follows a file's events (see the module's documentation).
pub struct Keys<'t> {
    text: &'t str,
    cursor: Cursor,
    stack: Vec<Level>,
    rooted: bool,
    spots: Vec<Written>,
    unknown: Option<Unknown>,
    /// Keys named in English, in Vietnamese.
    counts: [usize; 2],
}

impl<'t> Keys<'t> {
    /// Ready to follow the events of `text`.
    pub fn new(text: &'t str) -> Self {
        Keys {
            text,
            cursor: Cursor::default(),
            stack: Vec::new(),
            rooted: false,
            spots: Vec::new(),
            unknown: None,
            counts: [0, 0],
        }
    }

    /// Takes the next event: a key comes back named in English.
    ///
    /// # Errors
    /// A key named in both languages in one mapping.
    pub fn on_event(&mut self, event: Event, mark: Marker) -> Result<Event, Refusal> {
        let at = Position {
            line: mark.line(),
            column: mark.col() + 1,
        };
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let in_key = self
                    .stack
                    .last()
                    .is_some_and(|l| l.map && l.state == State::Key);
                if in_key {
                    let text = self.key(text, at)?;
                    return Ok(Event::Scalar(text, style, anchor, tag));
                }
                let set = self
                    .stack
                    .last()
                    .filter(|l| l.map && l.state == State::Value)
                    .and_then(|l| l.words);
                if let Some(word) = set.and_then(|set| keys::word(set, &text)) {
                    self.note(at, &text, Named::Word(word));
                }
                self.value_done();
                Ok(Event::Scalar(text, style, anchor, tag))
            }
            Event::Alias(_) => {
                match self.stack.last_mut() {
                    Some(l) if l.map && l.state == State::Key => l.state = State::Value,
                    _ => self.value_done(),
                }
                Ok(event)
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let map = matches!(event, Event::MappingStart(..));
                let shape = match self.stack.last_mut() {
                    None if self.rooted => Shape::Free,
                    None => {
                        self.rooted = true;
                        if map {
                            Shape::Keys(Table::File)
                        } else {
                            Shape::Items(Table::Holiday)
                        }
                    }
                    Some(l) if l.map && l.state == State::Key => {
                        l.state = State::ComplexKey;
                        Shape::Free
                    }
                    Some(l) if l.map => l.child,
                    Some(l) => match l.shape {
                        Shape::Items(t) => Shape::Keys(t),
                        _ => Shape::Free,
                    },
                };
                let shape = match (shape, map) {
                    (Shape::Keys(_) | Shape::Ids(_), true) | (Shape::Items(_), false) => shape,
                    _ => Shape::Free,
                };
                self.stack.push(Level {
                    shape,
                    map,
                    state: State::Key,
                    child: Shape::Free,
                    words: None,
                    seen: Vec::new(),
                });
                Ok(event)
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                match self.stack.last_mut() {
                    Some(l) if l.state == State::ComplexKey => l.state = State::Value,
                    _ => self.value_done(),
                }
                Ok(event)
            }
            _ => Ok(event),
        }
    }

    fn value_done(&mut self) {
        if let Some(l) = self.stack.last_mut() {
            if l.map {
                l.state = State::Key;
                l.child = Shape::Free;
                l.words = None;
            }
        }
    }

    /// Reads a key of the innermost mapping, and names it in English.
    fn key(&mut self, text: String, at: Position) -> Result<String, Refusal> {
        let Some(level) = self.stack.last_mut() else {
            return Ok(text);
        };
        level.state = State::Value;
        let table = match level.shape {
            Shape::Keys(t) => t,
            Shape::Ids(t) => {
                level.child = Shape::Keys(t);
                return Ok(text);
            }
            _ => return Ok(text),
        };
        let Some(key) = keys::key(table, &text) else {
            if self.unknown.is_none() {
                self.unknown = Some(Unknown {
                    position: at,
                    name: text.clone(),
                    table,
                });
            }
            return Ok(text);
        };
        level.child = child(table, key.en);
        level.words = words(table, key.en);
        if let Some((_, first, place)) = level.seen.iter().find(|(en, _, _)| *en == key.en) {
            if *first != text {
                let (l1, c1, l2, c2) = (place.line, place.column, at.line, at.column);
                return Err((
                    at,
                    crate::say!(
                        "`{first}` (dòng {l1}, cột {c1}) và `{text}` (dòng {l2}, cột {c2}) là cùng một khóa, một tên tiếng Anh, một tên tiếng Việt; chỉ giữ một",
                        "`{first}` (line {l1}, column {c1}) and `{text}` (line {l2}, column {c2}) are the same key, named in English and in Vietnamese; keep one"
                    ),
                ));
            }
        } else {
            level.seen.push((key.en, text.clone(), at));
        }
        if let Some(count) = self.counts.get_mut(usize::from(text != key.en)) {
            *count += 1;
        }
        self.note(at, &text, Named::Key(key));
        Ok(key.en.to_string())
    }

    /// Notes where `text`, read at `at`, is written.
    fn note(&mut self, at: Position, text: &str, named: Named) {
        let Some(start) = self.cursor.seek(self.text, at) else {
            return;
        };
        let Some(bytes) = name_bytes(self.text, start, text) else {
            return;
        };
        let quoted = bytes.start != start;
        let chars = self
            .text
            .get(bytes.clone())
            .map_or(0, |t| t.chars().count());
        self.spots.push(Written {
            bytes,
            position: Position {
                line: at.line,
                column: at.column + usize::from(quoted),
            },
            chars,
            named,
            written: text.to_string(),
        });
    }

    /// The keys and words found, the English text, and the first unknown key.
    pub fn finish(self) -> Translation {
        let lang = if self.counts[0] > self.counts[1] {
            Lang::En
        } else {
            Lang::Vi
        };
        let unknown = self
            .unknown
            .map(|u| (u.position, unknown_key(&u.name, u.table, lang)));
        let mut english = None;
        let mut copy = String::new();
        let mut done = 0;
        for spot in &self.spots {
            let Named::Key(key) = spot.named else {
                continue;
            };
            if key.en == spot.written {
                continue;
            }
            let (Some(before), true) = (
                self.text.get(done..spot.bytes.start),
                done <= spot.bytes.start,
            ) else {
                continue;
            };
            copy.push_str(before);
            copy.push_str(key.en);
            done = spot.bytes.end;
            english = Some(());
        }
        let english = english.map(|()| {
            copy.push_str(self.text.get(done..).unwrap_or(""));
            copy
        });
        Translation {
            spots: self.spots,
            english,
            unknown,
            lang,
        }
    }
}

/// The message for a key `name` that the mapping of `table` does not have.
fn unknown_key(name: &str, table: Table, lang: Lang) -> Said {
    let names: Vec<&str> = keys::keys(table).map(|k| k.name(lang)).collect();
    // Near a name in the file's language, or else near the other name of a
    // key (`duraton` in a Vietnamese file): that key, named in the file's.
    let others: Vec<&str> = keys::keys(table).map(|k| k.name(lang.other())).collect();
    let near = nearest(name, &names).or_else(|| {
        let other = nearest(name, &others)?;
        keys::key(table, other).map(|k| k.name(lang))
    });
    match near {
        Some(near) => crate::say!(
            "không có khóa `{name}` ở đây; có phải là `{near}`?",
            "unknown key `{name}`; did you mean `{near}`?"
        ),
        None => {
            let list = names.join(", ");
            crate::say!(
                "không có khóa `{name}` ở đây; các khóa ở đây là: {list}",
                "unknown key `{name}`; the keys here are: {list}"
            )
        }
    }
}

/// The name of `names` nearest to `name`, compared as written and without
/// diacritics, when it is near enough to be a slip.
fn nearest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    let bare_name = bare(name);
    names
        .iter()
        .map(|n| {
            let d = distance(name, n).min(distance(&bare_name, &bare(n)));
            (d, *n)
        })
        .filter(|(d, n)| *d <= (n.chars().count() / 4).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Letters without their marks, `đ` as `d`, lower case, `_` as a space.
fn bare(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            '_' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut next = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = next.last().copied().unwrap_or(usize::MAX);
            let cost = diagonal + usize::from(ca != *cb);
            next.push(
                cost.min(above.saturating_add(1))
                    .min(left.saturating_add(1)),
            );
            diagonal = above;
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

/// The bytes of a name read as `value` whose token starts at byte `start`:
/// inside the quotes of a quoted one.
fn name_bytes(text: &str, start: usize, value: &str) -> Option<Range<usize>> {
    let rest = text.get(start..)?;
    let mut chars = rest.char_indices();
    match chars.next()? {
        (_, quote @ ('"' | '\'')) => {
            let mut escaped = false;
            while let Some((i, c)) = chars.next() {
                if escaped {
                    escaped = false;
                } else if quote == '"' && c == '\\' {
                    escaped = true;
                } else if c == '\n' {
                    return None;
                } else if c == quote {
                    if quote == '\'' && rest.get(i + 1..).is_some_and(|r| r.starts_with('\'')) {
                        chars.next();
                        continue;
                    }
                    return Some(start + 1..start + i);
                }
            }
            None
        }
        _ => rest.starts_with(value).then(|| start..start + value.len()),
    }
}

/// The byte of a line and column, found walking forward from the last one.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    byte: usize,
    line: usize,
    column: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            byte: 0,
            line: 1,
            column: 1,
        }
    }
}

impl Cursor {
    fn seek(&mut self, text: &str, to: Position) -> Option<usize> {
        if (to.line, to.column) < (self.line, self.column) {
            *self = Cursor::default();
        }
        let rest = text.get(self.byte..)?;
        for c in rest.chars() {
            if (self.line, self.column) >= (to.line, to.column) {
                break;
            }
            self.byte += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        ((self.line, self.column) == (to.line, to.column)).then_some(self.byte)
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::{ActivityKind, OnHoliday, OutletKind, Status};

    fn reads<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(set: Words) {
        for word in keys::WORDS.iter().filter(|w| w.set == set) {
            let en: T = serde_yaml::from_str(word.en).unwrap_or_else(|e| panic!("{e}"));
            for spelling in std::iter::once(&word.vi).chain(word.also) {
                let vi: T = serde_yaml::from_str(spelling).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(en, vi, "{spelling}");
            }
        }
    }

    #[test]
    fn the_loader_reads_every_spelling() {
        reads::<OutletKind>(Words::OutletKind);
        reads::<ActivityKind>(Words::ActivityKind);
        reads::<Status>(Words::Status);
        reads::<OnHoliday>(Words::OnHoliday);
        assert_eq!(
            keys::WORDS
                .iter()
                .filter(|w| w.set == Words::OnHoliday)
                .count(),
            5
        );
        assert_eq!(
            keys::WORDS
                .iter()
                .filter(|w| w.set == Words::OutletKind)
                .count(),
            6
        );
    }

    use super::*;

    #[test]
    fn the_nearest_key_is_a_slip_away() {
        let en: Vec<&str> = keys::keys(Table::Activity).map(|k| k.en).collect();
        let vi: Vec<&str> = keys::keys(Table::Activity).map(|k| k.vi).collect();
        assert_eq!(nearest("duraton", &en), Some("duration"));
        assert_eq!(nearest("thời lượg", &vi), Some("thời lượng"));
        assert_eq!(nearest("thoi luong", &vi), Some("thời lượng"));
        assert_eq!(nearest("don vi chu tri", &vi), Some("đơn vị chủ trì"));
        assert_eq!(nearest("xyz", &en), None);
    }

    #[test]
    fn an_unknown_key_is_said_in_both_languages() {
        let said = unknown_key("duraton", Table::Rerun, Lang::En);
        assert_eq!(said.en, "unknown key `duraton`; did you mean `duration`?");
        assert_eq!(
            said.vi,
            "không có khóa `duraton` ở đây; có phải là `duration`?"
        );
        let said = unknown_key("duraton", Table::Rerun, Lang::Vi);
        assert_eq!(said.en, "unknown key `duraton`; did you mean `thời lượng`?");
        let said = unknown_key("x", Table::Accept, Lang::Vi);
        assert_eq!(said.en, "unknown key `x`; the keys here are: mã, lý do");
    }

    #[test]
    fn a_column_after_a_renamed_key_moves_back() {
        let text = "hoạt động:\n- { tiêu đề: x, loại: y }\n";
        let mut keys = Keys::new(text);
        let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
        while let Ok((event, mark)) = parser.next_token() {
            if event == Event::StreamEnd {
                break;
            }
            assert!(keys.on_event(event, mark).is_ok());
        }
        let t = keys.finish();
        assert_eq!(t.english(text), "activities:\n- { title: x, kind: y }\n");
        let at = |column| t.original(Position { line: 2, column }).column;
        // `-`, `{`, `title` (into its start), `x`, `kind`, `y`, `}`.
        assert_eq!(
            [1, 3, 5, 7, 12, 15, 17, 21, 23].map(at),
            [1, 3, 5, 5, 14, 17, 17, 23, 25]
        );
        assert_eq!(t.original(Position { line: 1, column: 5 }).column, 1);
        assert_eq!(
            t.original(Position {
                line: 1,
                column: 12
            })
            .column,
            11
        );
    }

    #[test]
    fn names_are_found_inside_their_quotes() {
        let text = "a: 1\n\"tiêu đề\": x\n'it''s': y\nplain: z\n";
        let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
        let b = name_bytes(text, at("\"tiêu"), "tiêu đề").unwrap_or_default();
        assert_eq!(text.get(b), Some("tiêu đề"));
        let b = name_bytes(text, at("'it"), "it's").unwrap_or_default();
        assert_eq!(text.get(b), Some("it''s"));
        let b = name_bytes(text, at("plain"), "plain").unwrap_or_default();
        assert_eq!(text.get(b), Some("plain"));
        assert_eq!(name_bytes(text, at("plain"), "other"), None);
    }
}
