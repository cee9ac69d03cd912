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

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A line and column in a file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One schedule or holiday file held in memory, with the places of its values.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// Where each value starts (a mapping: where its first key starts).
    places: HashMap<String, Position>,
    /// Where the key that introduces each value starts.
    keys: HashMap<String, Position>,
}

/// A place in a file, with the text of its line, kept for later messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub position: Option<Position>,
    /// The text of the line the position points at, when there is one.
    pub snippet: Option<String>,
}

impl Place {
    /// A message about this place.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            place: self.clone(),
            message: message.into(),
        }
    }
}

/// A message about a place in a file: `file:line:column: message`, then the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub place: Place,
    pub message: String,
}

impl Source {
    /// Indexes `text`. A text the marked parser cannot read gets an empty index:
    /// serde reports the syntax error itself, with its own position.
    pub fn new(path: &Path, text: String) -> Self {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(&text);
        if parser.load(&mut walker, false).is_err() {
            walker.places.clear();
            walker.keys.clear();
        }
        Source {
            path: path.to_path_buf(),
            text,
            places: walker.places,
            keys: walker.keys,
        }
    }

    /// The place of the value at `path` (`plan.timezone`, `activities[0].reruns[1].at`).
    pub fn position(&self, path: &str) -> Option<Position> {
        self.places.get(path).copied()
    }

    /// A diagnostic at the value at `path`, or at the nearest enclosing value
    /// that has a place (a missing field is reported at its mapping).
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.place(path).error(message)
    }

    /// The place of the value at `path`; for a value that is not there, the
    /// key of the nearest enclosing value that is (where a field is missing).
    pub fn place(&self, path: &str) -> Place {
        let mut probe = path;
        let position = loop {
            let found = if probe == path {
                self.places.get(probe)
            } else {
                self.keys.get(probe).or_else(|| self.places.get(probe))
            };
            if let Some(p) = found {
                break Some(*p);
            }
            match probe.rfind(['.', '[']) {
                Some(cut) => probe = &probe[..cut],
                None => break None,
            }
        };
        self.at(position)
    }

    /// A known position (for example one serde reported) as a place.
    pub fn at(&self, position: Option<Position>) -> Place {
        let snippet = position.and_then(|p| {
            self.text
                .lines()
                .nth(p.line.saturating_sub(1))
                .map(|l| l.trim_end_matches('\r').to_string())
        });
        Place {
            path: self.path.clone(),
            position,
            snippet,
        }
    }
}

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
                .take(p.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{gutter} |\n{number} | {line}\n{gutter} | {pad}^")?;
        }
        Ok(())
    }
}

/// Walks marked YAML events and records the place of every value by path.
#[derive(Default)]
struct Walker {
    places: HashMap<String, Position>,
    keys: HashMap<String, Position>,
    stack: Vec<Frame>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Walker {
    /// The path of the value that the next event starts, or `None` when the
    /// next event is a mapping key.
    fn value_path(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map {
                path,
                key: Some(key),
            }) => Some(child(path, key)),
            Some(Frame::Seq { path, index }) => Some(format!("{path}[{index}]")),
        }
    }

    /// A value is complete: the parent moves on to its next key or item.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    fn record(&mut self, path: &str, mark: Marker) {
        self.places
            .entry(path.to_string())
            .or_insert(position(mark));
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => match self.value_path() {
                None => {
                    if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                        // A mapping is placed where its first key starts.
                        let at = position(mark);
                        self.places.entry(path.clone()).or_insert(at);
                        self.keys.entry(child(path, &text)).or_insert(at);
                        *key = Some(text);
                    }
                }
                Some(path) => {
                    self.record(&path, mark);
                    self.value_done();
                }
            },
            Event::Alias(_) => {
                if let Some(path) = self.value_path() {
                    self.record(&path, mark);
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A complex mapping key is not something a schedule uses; index
                // it under a placeholder so the walk stays in step.
                let path = self.value_path().unwrap_or_else(|| "?".to_string());
                let frame = match event {
                    Event::MappingStart(..) => Frame::Map { path, key: None },
                    _ => {
                        self.record(&path, mark);
                        Frame::Seq { path, index: 0 }
                    }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::new(Path::new("p.yaml"), text.to_string())
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
}
