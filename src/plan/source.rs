//! Where things are in a schedule file.
//!
//! serde gives us typed values but forgets where they came from; a scheduler
//! who mistyped an outlet needs the line. [`SourceMap`] walks the same text with
//! a marked YAML event parser and remembers, for every value, its path
//! (`activities[2].outlet`) and its line and column. Validation asks it for the
//! place of whatever it rejects, and [`Diagnostic`] renders the message with the
//! offending line underneath.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use yaml_rust2::parser::{Event, Parser};

use super::keys::{Keys, Translation, Written};
use crate::said::Said;
use yaml_rust2::scanner::Marker;

/// The deepest a schedule file may nest mappings and sequences; a schedule
/// needs five levels (`activities[0].reruns[0].at`).
pub const MAX_DEPTH: usize = 32;
/// The most characters one value (or key) may hold: a title is a line, not a book.
pub const MAX_VALUE_CHARS: usize = 2_000;
/// The most bytes of text a file may hold with every alias expanded.
pub const MAX_EXPANDED_BYTES: u64 = 32 * 1024 * 1024;
/// The most values (keys included) a file may hold with every alias expanded.
pub const MAX_VALUES: u64 = 1_000_000;
/// The longest a quoted line is shown in a message, in characters.
const MAX_SNIPPET_CHARS: usize = 160;

/// A line and column in a file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

/// One schedule or holiday file held in memory, with the places of its values.
#[derive(Debug)]
pub struct Source {
    /// The file.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    index: Index,
    /// Where each line starts, in bytes.
    lines: Vec<usize>,
    /// What the marked parser could not read, when it could not: serde is
    /// asked first (its message is the one users know), this is the fallback.
    syntax: Option<(Position, String)>,
    /// Its keys and enumerated words, and its text with every key in English.
    keys: Translation,
}

/// A place in a file, with the text of its line, kept for later messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub path: PathBuf,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// The text of the line the position points at (around the column, when
    /// the line is long), when there is one.
    pub snippet: Option<String>,
    /// The column of the position within `snippet`, counted from 1.
    pub mark: usize,
}

impl Place {
    /// A message about this place.
    pub fn error(&self, message: impl Into<Said>) -> Diagnostic {
        Diagnostic {
            place: self.clone(),
            message: message.into(),
        }
    }

    /// A place in `text` (the file at `path`), with its line quoted.
    pub fn in_text(path: &Path, text: &str, position: Option<Position>) -> Place {
        let lines = line_starts(text);
        place_in(path, text, &lines, position)
    }
}

/// A message about a place in a file: `file:line:column: message`, then the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub place: Place,
    /// What is wrong, in one sentence, in both languages.
    pub message: Said,
}

impl Source {
    /// Indexes `text`, refusing what no schedule file needs and what would
    /// cost unbounded time or memory to read: nesting deeper than
    /// [`MAX_DEPTH`], a value longer than [`MAX_VALUE_CHARS`], more than
    /// [`MAX_EXPANDED_BYTES`] or [`MAX_VALUES`] once aliases are expanded, and
    /// a key given twice in one mapping. A text the marked parser cannot read
    /// gets an empty index: serde reports the syntax error itself.
    ///
    /// # Errors
    /// The first of those, at its place.
    pub fn new(path: &Path, text: String) -> Result<Self, Diagnostic> {
        let lines = line_starts(&text);
        let mut walker = Walker::new();
        let mut syntax = None;
        let keys = {
            let mut keys = Keys::new(&text);
            let mut parser = Parser::new_from_str(&text);
            loop {
                match parser.next_token() {
                    Ok((Event::StreamEnd, _)) => break,
                    Ok((event, mark)) => {
                        let event = keys.on_event(event, mark).map_err(|(at, message)| {
                            place_in(path, &text, &lines, Some(at)).error(message)
                        })?;
                        if let Err((position, message)) = walker.on_event(event, mark) {
                            let place = place_in(path, &text, &lines, Some(position));
                            return Err(place.error(message));
                        }
                    }
                    Err(e) if e.info() == "recursion limit exceeded" => {
                        // The scanner's own limit on `[` and `{` (255).
                        let place = place_in(path, &text, &lines, Some(position(*e.marker())));
                        return Err(place.error(too_deep()));
                    }
                    Err(e) => {
                        syntax = Some((position(*e.marker()), e.info().to_string()));
                        walker.index = Index::default();
                        break;
                    }
                }
            }
            match syntax {
                Some(_) => Translation::default(),
                None => keys.finish(),
            }
        };
        Ok(Source {
            path: path.to_path_buf(),
            text,
            index: walker.index,
            lines,
            syntax,
            keys,
        })
    }

    /// The text as serde reads it: every key named in English.
    pub fn english(&self) -> &str {
        self.keys.english(&self.text)
    }

    /// Where `position`, in [`Source::english`], is in the file as written.
    pub fn original(&self, position: Option<Position>) -> Option<Position> {
        position.map(|p| self.keys.original(p))
    }

    /// The first key no schedule file has, where a schedule's keys are
    /// expected (`duraton:`), with the nearest key named.
    pub fn unknown_key(&self) -> Option<Diagnostic> {
        let (at, message) = self.keys.unknown.as_ref()?;
        Some(self.at(Some(*at)).error(message.clone()))
    }

    /// The language the file names its keys in: Vietnamese when most of
    /// them are Vietnamese.
    pub fn keys_lang(&self) -> crate::said::Lang {
        self.keys.keys_lang()
    }

    /// Every key and enumerated word the file writes, in order.
    pub fn spots(&self) -> &[Written] {
        &self.keys.spots
    }

    /// Where the marked parser stopped, when it could not read the text.
    pub fn syntax_error(&self) -> Option<(Position, &str)> {
        self.syntax.as_ref().map(|(p, m)| (*p, m.as_str()))
    }

    /// The place of the value at `path` (`plan.timezone`, `activities[0].reruns[1].at`).
    pub fn position(&self, path: &str) -> Option<Position> {
        self.index.find(path).and_then(Node::at)
    }

    /// A diagnostic at the value at `path`, or at the nearest enclosing value
    /// that has a place (a missing field is reported at its mapping).
    pub fn error_at(&self, path: &str, message: impl Into<Said>) -> Diagnostic {
        self.place(path).error(self.in_its_words(message))
    }

    /// `message` naming keys as the file names them (`` `loại` `` in the
    /// Vietnamese text of a file written with Vietnamese keys).
    pub fn in_its_words(&self, message: impl Into<Said>) -> Said {
        self.keys.in_its_words(message.into())
    }

    /// A diagnostic at the key that introduces the value at `path` (an
    /// outlet's id), or where [`Source::error_at`] would put it.
    pub fn key_error_at(&self, path: &str, message: impl Into<Said>) -> Diagnostic {
        let key = self.index.find(path).and_then(Node::key_at);
        match key {
            Some(p) => self.at(Some(p)).error(self.in_its_words(message)),
            None => self.error_at(path, message),
        }
    }

    /// The place of the value at `path`; for a value that is not there, the
    /// key of the nearest enclosing value that is (where a field is missing).
    pub fn place(&self, path: &str) -> Place {
        let position = match self.index.find(path).and_then(Node::at) {
            Some(p) => Some(p),
            None => {
                let (mut chain, whole) = self.index.chain(path);
                if whole {
                    chain.pop();
                }
                chain
                    .iter()
                    .rev()
                    .filter_map(|n| self.index.nodes.get(*n))
                    .find_map(|n| n.key_at().or(n.at()))
            }
        };
        self.at(position)
    }

    /// A known position (for example one serde reported) as a place.
    pub fn at(&self, position: Option<Position>) -> Place {
        place_in(&self.path, &self.text, &self.lines, position)
    }
}

/// Where each line of `text` starts, in bytes.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn place_in(path: &Path, text: &str, lines: &[usize], position: Option<Position>) -> Place {
    let mut mark = position.map_or(1, |p| p.column);
    let snippet = position.and_then(|p| {
        let start = *lines.get(p.line.checked_sub(1)?)?;
        if start >= text.len() {
            // After the last line break: no line there (as `str::lines` says).
            return None;
        }
        let end = lines
            .get(p.line)
            .map_or(text.len(), |e| e.saturating_sub(1));
        let line = text.get(start..end)?.trim_end_matches('\r');
        let (shown, at) = window(line, p.column);
        mark = at;
        Some(shown)
    });
    Place {
        path: path.to_path_buf(),
        position,
        snippet,
        mark,
    }
}

/// At most [`MAX_SNIPPET_CHARS`] of `line` around `column`, and where the
/// column falls in what is shown.
fn window(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= MAX_SNIPPET_CHARS {
        return (line.to_string(), column);
    }
    let half = MAX_SNIPPET_CHARS / 2;
    let first = column
        .saturating_sub(1)
        .saturating_sub(half)
        .min(count - MAX_SNIPPET_CHARS);
    let mut shown = String::new();
    let mut at = column.saturating_sub(first);
    if first > 0 {
        shown.push('…');
        at += 1;
    }
    shown.extend(line.chars().skip(first).take(MAX_SNIPPET_CHARS));
    if first + MAX_SNIPPET_CHARS < count {
        shown.push('…');
    }
    (shown, at)
}

impl std::error::Error for Diagnostic {}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = &self.place;
        let path = place.path.display();
        match place.position {
            Some(p) => write!(f, "{path}:{}:{}: {}", p.line, p.column, self.message)?,
            None => write!(f, "{path}: {}", self.message)?,
        }
        if let (Some(p), Some(line)) = (place.position, &place.snippet) {
            let number = p.line.to_string();
            let gutter = " ".repeat(number.len());
            let pad: String = line
                .chars()
                .take(place.mark.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{gutter} |\n{number} | {line}\n{gutter} | {pad}^")?;
        }
        Ok(())
    }
}

/// One step of a path: a mapping's key or a sequence's item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Item(usize),
}

/// The places of a file's values, as a tree: node 0 is the document. Kept
/// small (a file may hold a million values): 32-bit numbers, items and
/// keys in maps of their own.
#[derive(Debug)]
struct Index {
    nodes: Vec<Node>,
    /// (parent, item number) to node.
    items: HashMap<(u32, u32), u32>,
    /// (parent, key) to node.
    keys: HashMap<(u32, Box<str>), u32>,
}

/// A position in 8 bytes (a file is at most 8 MiB); line 0 is none.
#[derive(Debug, Default, Clone, Copy)]
struct Spot {
    line: u32,
    column: u32,
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Spot {
    fn of(p: Position) -> Spot {
        Spot {
            line: small(p.line),
            column: small(p.column),
        }
    }

    fn get(self) -> Option<Position> {
        (self.line != 0).then_some(Position {
            line: self.line as usize,
            column: self.column as usize,
        })
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Node {
    /// Where the value starts (a mapping: where its first key starts).
    at: Spot,
    /// Where the key that introduces the value starts.
    key_at: Spot,
}

impl Node {
    fn at(&self) -> Option<Position> {
        self.at.get()
    }

    fn key_at(&self) -> Option<Position> {
        self.key_at.get()
    }
}

impl Default for Index {
    fn default() -> Self {
        Index {
            nodes: vec![Node::default()],
            items: HashMap::new(),
            keys: HashMap::new(),
        }
    }
}

impl Index {
    fn child(&self, parent: usize, step: &Step) -> Option<usize> {
        let parent = small(parent);
        let found = match step {
            Step::Item(i) => self.items.get(&(parent, small(*i))),
            Step::Key(k) => self.keys.get(&(parent, Box::from(k.as_str()))),
        };
        found.map(|n| *n as usize)
    }

    fn insert(&mut self, parent: usize, step: Step, node: usize) {
        let (parent, node) = (small(parent), small(node));
        match step {
            Step::Item(i) => self.items.insert((parent, small(i)), node),
            Step::Key(k) => self.keys.insert((parent, k.into_boxed_str()), node),
        };
    }

    /// The node at `path`, when the whole path is there.
    fn find(&self, path: &str) -> Option<&Node> {
        match self.chain(path) {
            (chain, true) => chain.last().and_then(|n| self.nodes.get(*n)),
            _ => None,
        }
    }

    /// The nodes along `path` from the document down, as far as they exist.
    /// A key may itself hold `.` or `[`: the longest key that exists wins.
    /// Also says whether the whole path was found.
    fn chain(&self, path: &str) -> (Vec<usize>, bool) {
        let mut chain = vec![0];
        let mut node = 0;
        let mut rest = path;
        while !rest.is_empty() {
            let found = if let Some(after) = rest.strip_prefix('[') {
                after.split_once(']').and_then(|(number, tail)| {
                    let i = number.parse::<usize>().ok()?;
                    Some((self.child(node, &Step::Item(i))?, tail))
                })
            } else {
                let key = rest.strip_prefix('.').unwrap_or(rest);
                let mut cuts: Vec<usize> = key
                    .char_indices()
                    .filter(|(_, c)| *c == '.' || *c == '[')
                    .map(|(i, _)| i)
                    .collect();
                cuts.push(key.len());
                cuts.iter().rev().find_map(|cut| {
                    let (name, tail) = (key.get(..*cut)?, key.get(*cut..)?);
                    let n = self.child(node, &Step::Key(name.to_string()))?;
                    Some((n, tail))
                })
            };
            let Some((n, tail)) = found else {
                return (chain, false);
            };
            node = n;
            chain.push(node);
            rest = tail;
        }
        (chain, true)
    }
}

/// Walks marked YAML events, records the place of every value, and counts
/// what aliases would expand to.
struct Walker {
    index: Index,
    stack: Vec<Frame>,
    /// Bytes of text and number of values so far, aliases expanded.
    bytes: u64,
    values: u64,
    /// What each finished anchor expands to: (bytes, values).
    anchors: HashMap<usize, (u64, u64)>,
    /// The root value of the first document has been seen.
    rooted: bool,
}

struct Frame {
    /// The node this collection is (`None`: not indexed, under a complex key).
    node: Option<usize>,
    kind: FrameKind,
    /// The anchor of this collection and the counts when it started.
    anchor: Option<(usize, u64, u64)>,
}

enum FrameKind {
    Map(KeyState),
    Seq(usize),
}

enum KeyState {
    /// The next event is a key.
    Expect,
    /// The next event is the value of this key.
    Key(String, Position),
    /// A key that is not text (a mapping, a sequence) is being read.
    ComplexKey,
    /// The next event is the value of a key that is not text.
    Complex,
}

/// Where a walk stopped: a position and a sentence.
type Stop = (Position, Said);

fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

fn too_deep() -> Said {
    crate::say!(
        "các giá trị ở đây lồng nhau sâu hơn {MAX_DEPTH} cấp; tệp kế hoạch cần năm cấp, castcal đọc nhiều nhất {MAX_DEPTH}",
        "values are nested more than {MAX_DEPTH} levels deep here; a schedule file needs five, castcal reads at most {MAX_DEPTH}"
    )
}

fn megabytes(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

impl Walker {
    fn new() -> Self {
        Walker {
            index: Index::default(),
            stack: Vec::new(),
            bytes: 0,
            values: 0,
            anchors: HashMap::new(),
            rooted: false,
        }
    }

    fn count(&mut self, bytes: u64, values: u64, at: Position) -> Result<(), Stop> {
        self.bytes = self.bytes.saturating_add(bytes);
        self.values = self.values.saturating_add(values);
        if self.bytes > MAX_EXPANDED_BYTES {
            let mib = megabytes(MAX_EXPANDED_BYTES);
            return Err((
                at,
                crate::say!(
                    "khi mở rộng các bí danh (alias), tệp này có hơn {mib} MiB chữ; castcal đọc nhiều nhất {mib} MiB",
                    "with its aliases expanded, this file holds more than {mib} MiB of text; castcal reads at most {mib} MiB"
                ),
            ));
        }
        if self.values > MAX_VALUES {
            return Err((
                at,
                crate::say!(
                    "tệp này có hơn {MAX_VALUES} giá trị (kể cả khóa, mỗi bí danh tính bằng những gì nó lặp lại); castcal đọc nhiều nhất {MAX_VALUES}",
                    "this file holds more than {MAX_VALUES} values (keys included, each alias counted as what it repeats); castcal reads at most {MAX_VALUES}"
                ),
            ));
        }
        Ok(())
    }

    /// The node for a value that starts here, when it is indexed; a key
    /// given twice in one mapping is refused.
    fn value_node(&mut self, at: Position) -> Result<Option<usize>, Stop> {
        let (parent, step, key_at) = match self.stack.last() {
            None if self.rooted => return Ok(None),
            None => {
                self.rooted = true;
                if let Some(root) = self.index.nodes.get_mut(0) {
                    root.at = Spot::of(at);
                }
                return Ok(Some(0));
            }
            Some(Frame { node: None, .. }) => return Ok(None),
            Some(Frame {
                node: Some(parent),
                kind,
                ..
            }) => match kind {
                FrameKind::Seq(i) => (*parent, Step::Item(*i), None),
                FrameKind::Map(KeyState::Key(key, key_at)) => {
                    (*parent, Step::Key(key.clone()), Some(*key_at))
                }
                FrameKind::Map(_) => return Ok(None),
            },
        };
        if let (Some(k), Some(first)) = (key_at, self.index.child(parent, &step)) {
            let first = self.index.nodes.get(first).and_then(Node::key_at);
            let name = match &step {
                Step::Key(key) => key.as_str(),
                Step::Item(_) => "",
            };
            return Err((
                k,
                match first {
                    Some(p) => {
                        let (line, column) = (p.line, p.column);
                        crate::say!(
                            "khóa `{name}` đã dùng ở dòng {line} (cột {column}) trong cùng nhóm; mỗi khóa chỉ viết một lần: xóa một chỗ hoặc đổi tên",
                            "this key is given twice in the same mapping (first at line {line}, column {column}); remove one"
                        )
                    }
                    None => crate::say!(
                        "khóa `{name}` được viết hai lần trong cùng nhóm; xóa một chỗ hoặc đổi tên",
                        "this key is given twice in the same mapping; remove one"
                    ),
                },
            ));
        }
        let id = self.index.nodes.len();
        self.index.nodes.push(Node {
            at: Spot::of(at),
            key_at: key_at.map(Spot::of).unwrap_or_default(),
        });
        self.index.insert(parent, step, id);
        Ok(Some(id))
    }

    /// A value is complete: the parent moves on to its next key or item.
    fn value_done(&mut self) {
        match self.stack.last_mut().map(|f| &mut f.kind) {
            Some(FrameKind::Map(key)) => *key = KeyState::Expect,
            Some(FrameKind::Seq(index)) => *index += 1,
            None => {}
        }
    }

    /// Whether the next event is a key of the innermost mapping.
    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map(KeyState::Expect),
                ..
            })
        )
    }

    fn on_event(&mut self, event: Event, mark: Marker) -> Result<(), Stop> {
        let at = position(mark);
        match event {
            Event::Scalar(text, _, anchor, _) => {
                let chars = text.chars().count();
                if chars > MAX_VALUE_CHARS {
                    return Err((
                        at,
                        crate::say!(
                            "giá trị này dài {chars} ký tự; castcal nhận nhiều nhất {MAX_VALUE_CHARS} ký tự một giá trị",
                            "this value is {chars} characters long; castcal takes at most {MAX_VALUE_CHARS} in one value"
                        ),
                    ));
                }
                let bytes = text.len() as u64;
                self.count(bytes, 1, at)?;
                if anchor != 0 {
                    self.anchors.insert(anchor, (bytes, 1));
                }
                if self.expecting_key() {
                    if let Some(frame) = self.stack.last_mut() {
                        if let Some(node) = frame.node.and_then(|n| self.index.nodes.get_mut(n)) {
                            // A mapping is placed where its first key starts.
                            if node.at().is_none() {
                                node.at = Spot::of(at);
                            }
                        }
                        frame.kind = FrameKind::Map(KeyState::Key(text, at));
                    }
                } else {
                    self.value_node(at)?;
                    self.value_done();
                }
            }
            Event::Alias(anchor) => {
                let Some((bytes, values)) = self.anchors.get(&anchor).copied() else {
                    return Err((
                        at,
                        crate::say!(
                            "bí danh (alias) này trỏ tới một giá trị chứa chính nó; castcal không đọc YAML đệ quy",
                            "this alias refers to a value that contains it; castcal does not read recursive YAML"
                        ),
                    ));
                };
                self.count(bytes, values, at)?;
                if self.expecting_key() {
                    if let Some(frame) = self.stack.last_mut() {
                        frame.kind = FrameKind::Map(KeyState::Complex);
                    }
                } else {
                    self.value_node(at)?;
                    self.value_done();
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err((at, too_deep()));
                }
                self.count(0, 1, at)?;
                let node = if self.expecting_key() {
                    // A complex mapping key is not something a schedule
                    // uses; walk it without indexing so the walk stays in step.
                    if let Some(frame) = self.stack.last_mut() {
                        frame.kind = FrameKind::Map(KeyState::ComplexKey);
                    }
                    None
                } else {
                    self.value_node(at)?
                };
                let kind = match event {
                    Event::MappingStart(..) => {
                        // A mapping is placed where its first key starts.
                        if let Some(n) = node.and_then(|n| self.index.nodes.get_mut(n)) {
                            n.at = Spot::default();
                        }
                        FrameKind::Map(KeyState::Expect)
                    }
                    _ => FrameKind::Seq(0),
                };
                let anchor = (anchor != 0).then_some((anchor, self.bytes, self.values));
                self.stack.push(Frame { node, kind, anchor });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(frame) = self.stack.pop() {
                    if let Some((anchor, bytes, values)) = frame.anchor {
                        self.anchors.insert(
                            anchor,
                            (
                                self.bytes.saturating_sub(bytes),
                                self.values.saturating_sub(values),
                            ),
                        );
                    }
                }
                match self.stack.last_mut() {
                    Some(Frame {
                        kind: FrameKind::Map(key @ KeyState::ComplexKey),
                        ..
                    }) => *key = KeyState::Complex,
                    _ => self.value_done(),
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        match Source::new(Path::new("p.yaml"), text.to_string()) {
            Ok(s) => s,
            Err(d) => panic!("{d}"),
        }
    }

    fn refused(text: &str) -> String {
        match Source::new(Path::new("p.yaml"), text.to_string()) {
            Ok(_) => panic!("accepted: {text:.80}"),
            // The English text: these tests pin it.
            Err(d) => crate::said::show_in(crate::said::Lang::En, || d.to_string()),
        }
    }

    #[test]
    fn values_are_found_by_path() {
        let s = source("plan:\n  id: x\nactivities:\n  - id: a\n    reruns:\n      - { at: \"06:00\" }\n  - id: b\n");
        let at = |p: &str| s.position(p).map(|p| (p.line, p.column));
        assert_eq!(at("plan.id"), Some((2, 7)));
        assert_eq!(at("activities[0].id"), Some((4, 9)));
        assert_eq!(at("activities[0].reruns[0].at"), Some((6, 15)));
        assert_eq!(at("activities[1].id"), Some((7, 9)));
        assert_eq!(at("activities[2].id"), None);
    }

    #[test]
    fn a_missing_value_is_reported_at_its_parent() {
        let s = source("plan:\n  id: x\n");
        let d = s.error_at("plan.timezone", "missing");
        assert_eq!(d.place.position, Some(Position { line: 1, column: 1 }));
        assert_eq!(d.to_string(), "p.yaml:1:1: missing\n  |\n1 | plan:\n  | ^");
    }

    #[test]
    fn a_key_given_twice_is_refused_at_the_second() {
        let d = refused("outlets:\n  KG: { name: a, kind: tv }\n  KG: { name: b, kind: tv }\n");
        assert!(
            d.starts_with("p.yaml:3:3: this key is given twice in the same mapping (first at line 2, column 3)"),
            "{d}"
        );
        let d = refused("a: { title: x, title: y }\n");
        assert!(d.starts_with("p.yaml:1:16: this key is given twice"), "{d}");
        // The same key in two mappings is fine.
        source("- { title: x }\n- { title: y }\n");
    }

    #[test]
    fn deep_nesting_is_refused_at_once() {
        let started = std::time::Instant::now();
        for text in [
            "[".repeat(100_000),
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            "{a: ".repeat(100_000),
        ] {
            let d = refused(&text);
            assert!(d.starts_with("p.yaml:1:"), "{d}");
            assert!(
                d.contains(&format!("nested more than {MAX_DEPTH} levels deep")),
                "{d}"
            );
        }
        // Indented, the way schedule files nest.
        let mut text = String::new();
        for depth in 0..=MAX_DEPTH {
            text.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
        }
        let d = refused(&text);
        assert!(d.starts_with(&format!("p.yaml:{}:", MAX_DEPTH + 1)), "{d}");
        assert!(
            d.contains(&format!("nested more than {MAX_DEPTH} levels deep")),
            "{d}"
        );
        assert!(started.elapsed().as_secs() < 5);
        source(&format!(
            "{}{}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        ));
    }

    #[test]
    fn aliases_are_counted_as_what_they_expand_to() {
        // 1 KB, doubled 20 times: a GB once expanded, from a file of a few hundred bytes.
        let mut text = format!("a0: &a0 \"{}\"\n", "x".repeat(1000));
        for i in 1..=20 {
            text.push_str(&format!("a{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1));
        }
        let d = refused(&text);
        assert!(
            d.contains("with its aliases expanded, this file holds more than 32 MiB of text"),
            "{d}"
        );
        // Values count too: a million empty strings.
        let mut text = "a0: &a0 [\"\", \"\", \"\", \"\"]\n".to_string();
        for i in 1..=12 {
            text.push_str(&format!(
                "a{i}: &a{i} [*a{}, *a{}, *a{}, *a{}]\n",
                i - 1,
                i - 1,
                i - 1,
                i - 1
            ));
        }
        let d = refused(&text);
        assert!(d.contains(&format!("more than {MAX_VALUES} values")), "{d}");
        // An alias used a few times is what aliases are for.
        source("base: &b { name: x, kind: tv }\nA: *b\nB: *b\n");
    }

    #[test]
    fn a_value_longer_than_the_limit_is_refused() {
        let d = refused(&format!("title: {}\n", "é".repeat(MAX_VALUE_CHARS + 1)));
        assert!(d.starts_with(&format!("p.yaml:1:8: this value is {} characters long; castcal takes at most {MAX_VALUE_CHARS}", MAX_VALUE_CHARS + 1)), "{d}");
        source(&format!("title: {}\n", "é".repeat(MAX_VALUE_CHARS)));
    }

    #[test]
    fn a_long_line_is_quoted_around_the_column() {
        let mut text = String::from("a: [");
        for i in 0..1000 {
            text.push_str(&format!("{i}, "));
        }
        text.push_str("x]\n");
        let s = source(&text);
        let place = s.place("a[999]");
        let column = place.position.map(|p| p.column);
        assert_eq!(
            column,
            Some(
                4 + (0..999)
                    .map(|i: i32| i.to_string().len() + 2)
                    .sum::<usize>()
                    + 1
            )
        );
        let shown = place.snippet.clone().unwrap_or_default();
        assert!(shown.chars().count() <= MAX_SNIPPET_CHARS + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.contains("999"), "{shown}");
        let rendered = place.error("m").to_string();
        let lines: Vec<&str> = rendered.lines().collect();
        let column_of = |line: Option<&&str>, what: &str| {
            line.and_then(|l| l.find(what))
                .and_then(|i| lines.get(2).and(line)?.get(..i))
                .map(|before| before.chars().count())
        };
        let caret = column_of(lines.get(3), "^");
        let value = column_of(lines.get(2), "999");
        assert_eq!(caret, value, "{rendered}");
    }

    #[test]
    fn a_key_may_hold_a_dot() {
        let s = source("outlets:\n  a.b: { name: x }\n");
        assert_eq!(s.position("outlets.a.b.name").map(|p| p.line), Some(2));
        let d = s.key_error_at("outlets.a.b", "bad");
        assert!(d.to_string().starts_with("p.yaml:2:3: bad"), "{d}");
    }
}
