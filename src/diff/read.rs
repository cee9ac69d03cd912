//! One side of a diff, from wherever it is: schedule files, a folder
//! `castcal build` wrote, or an `occurrences.json` on its own.
//!
//! A published folder is read through its `occurrences.json` (the array
//! `castcal expand --format json` prints), streamed: the entries are kept,
//! not the file. Whatever is wrong in it is said at its line and column.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Entry;
use crate::error::Error;
use crate::expand::{expand, Expansion, MAX_OCCURRENCES};
use crate::occurrence::{Moment, Role};
use crate::output::MARKER;
use crate::plan::{self, Place, Position, Status};

/// The file of a published folder that lists its occurrences.
pub use crate::files::OCCURRENCES;

/// Reads one side of a diff from `path`: the `occurrences.json` of a
/// folder `castcal build` wrote (it holds that file and the `.castcal`
/// marker), a `.json` file of occurrences, or else a schedule file or a
/// folder of them (as every command reads them), expanded.
///
/// # Errors
/// What stops [`plan::load`] or [`expand`] on schedules; for JSON, a file
/// that cannot be read ([`Error::Read`]) or that is not an array of
/// occurrences, at its line and column ([`Error::Schedule`]): not JSON, a
/// missing field, a date that is not one, an end before its start, a UID
/// given twice, more than [`MAX_OCCURRENCES`].
pub fn read(path: &Path) -> Result<Vec<Entry>, Error> {
    let published = path.join(OCCURRENCES);
    if path.is_dir() && published.is_file() && path.join(MARKER).is_file() {
        return read_json(&published);
    }
    if !path.is_dir()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return read_json(path);
    }
    let plans = plan::load(&[path.to_path_buf()])?;
    let expansion = expand(&plans)?;
    Ok(entries(&expansion))
}

/// The entries of an expansion's occurrences, in its order; the texts of each activity and outlet are shared by its entries.
pub fn entries(expansion: &Expansion) -> Vec<Entry> {
    let activities: Vec<[Arc<str>; 3]> = expansion
        .groups()
        .iter()
        .map(|g| {
            [
                g.plan.id.as_str().into(),
                g.activity.id.as_str().into(),
                g.activity.title.as_str().into(),
            ]
        })
        .collect();
    let mut outlets: HashMap<&str, Arc<str>> = HashMap::new();
    for g in expansion.groups() {
        for id in g.plan.outlets.iter().map(|o| &o.id) {
            outlets
                .entry(id.as_str())
                .or_insert_with(|| Arc::from(id.as_str()));
        }
    }
    expansion
        .occurrences()
        .iter()
        .map(|o| {
            let Some([plan, activity, title]) = activities.get(o.group as usize) else {
                return Entry::of(o);
            };
            let mut uid = String::with_capacity(64);
            // Writing to a String cannot fail.
            let _ = write!(uid, "{}", o.uid());
            Entry {
                uid: uid.into(),
                plan: plan.clone(),
                activity: activity.clone(),
                title: title.clone(),
                outlet: o
                    .outlet_id()
                    .map(|id| outlets.get(id).cloned().unwrap_or_else(|| Arc::from(id))),
                start: o.start,
                end: o.end,
                status: o.status(),
                role: o.role(),
                all_day: o.all_day(),
            }
        })
        .collect()
}

/// Reads the occurrences of the JSON file at `path`, streamed.
fn read_json(path: &Path) -> Result<Vec<Entry>, Error> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = open_regular(path, MAX_JSON_BYTES)?;
    let reader = BufReader::with_capacity(1 << 16, io::Read::take(file, MAX_JSON_BYTES));
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = Occurrences.deserialize(&mut de).and_then(|e| {
        de.end()?;
        Ok(e)
    });
    parsed.map_err(|e| match e.classify() {
        serde_json::error::Category::Io => read_error(io::Error::from(e)),
        _ => json_error(path, &e, || line_of_file(path, e.line())),
    })
}

/// The occurrences a published folder lists in its `occurrences.json` at
/// `path`, as [`read`] reads them.
///
/// # Errors
/// As [`read`] says of JSON.
pub fn read_published(path: &Path) -> Result<Vec<Entry>, Error> {
    read_json(path)
}

/// The most a JSON file of occurrences or of changes may hold: some 1,000
/// bytes for each of the most occurrences castcal expands (castcal writes
/// about 400).
pub const MAX_JSON_BYTES: u64 = 2 << 30;

/// Opens `path` for reading only when it is a regular file (a link to one
/// included) of at most `cap` bytes: never a FIFO that would block, a
/// device that never ends, or a folder.
///
/// # Errors
/// It cannot be opened ([`Error::Read`], `NotFound` when it is not
/// there), it is not a regular file, or it is larger than `cap`.
pub fn open_regular(path: &Path, cap: u64) -> Result<File, Error> {
    use rustix::fs::{Mode, OFlags};
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    // Without blocking: opening a FIFO waits for a writer otherwise.
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| read_error(e.into()))?;
    let file = File::from(fd);
    let meta = file.metadata().map_err(read_error)?;
    if !meta.is_file() {
        return Err(Error::input(
            path,
            crate::say!(
                "không phải một tệp thường: ở đây castcal chỉ đọc tệp thường",
                "not a regular file: castcal reads only regular files here"
            ),
        ));
    }
    if meta.len() > cap {
        return Err(Error::input(path, {
            let len = meta.len();
            crate::say!(
                "{len} byte, nhiều hơn {cap} byte castcal đọc của một tệp như vậy",
                "{len} bytes, more than the {cap} castcal reads of such a file"
            )
        }));
    }
    Ok(file)
}

/// The text of the regular file `path`, up to `cap` bytes (see [`open_regular`]).
///
/// # Errors
/// As [`open_regular`]; a file that is not UTF-8 text.
pub fn read_regular(path: &Path, cap: u64) -> Result<String, Error> {
    let file = open_regular(path, cap)?;
    let mut text = String::new();
    io::Read::read_to_string(&mut io::Read::take(file, cap), &mut text).map_err(|source| {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(text)
}

/// Reads the occurrences of `text`, the JSON that `castcal expand --format
/// json` prints (the file at `path`).
///
/// # Errors
/// What is not an array of occurrences, at its line and column, as
/// [`read`] says.
///
/// # Example
/// ```
/// let text = "[\n  {\"uid\": 1}\n]";
/// let Err(err) = castcal::diff::parse_json("o.json".as_ref(), text) else {
///     panic!("not an occurrence")
/// };
/// let message = err.to_string();
/// assert!(message.starts_with("o.json:2:"), "{message}");
/// assert!(message.contains("invalid type: integer `1`, expected a string"), "{message}");
/// ```
pub fn parse_json(path: &Path, text: &str) -> Result<Vec<Entry>, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    Occurrences
        .deserialize(&mut de)
        .and_then(|e| {
            de.end()?;
            Ok(e)
        })
        .map_err(|e| {
            json_error(path, &e, || {
                text.lines()
                    .nth(e.line().saturating_sub(1))
                    .map(String::from)
            })
        })
}

/// serde_json's error as a diagnostic at its line and column, with the
/// line quoted (`line` gives its text).
pub(super) fn json_error(
    path: &Path,
    e: &serde_json::Error,
    line: impl FnOnce() -> Option<String>,
) -> Error {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    if e.line() == 0 {
        return Error::input(path, message);
    }
    let text = line().unwrap_or_default();
    // serde_json counts bytes; a place counts characters.
    let column = text
        .char_indices()
        .take_while(|(i, _)| *i < e.column())
        .count()
        .max(1);
    let mut place = Place::in_text(path, &text, Some(Position { line: 1, column }));
    place.position = Some(Position {
        line: e.line(),
        column,
    });
    Error::from(place.error(message))
}

/// The text of line `n` (from 1) of the file at `path`, for a message.
pub(super) fn line_of_file(path: &Path, n: usize) -> Option<String> {
    let file = File::open(path).ok()?;
    let bytes = BufReader::new(file)
        .split(b'\n')
        .nth(n.checked_sub(1)?)?
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// An occurrence object as `castcal expand --format json` writes it; the
/// fields a diff does not compare (and any new ones) are skipped.
#[derive(Deserialize)]
struct Raw {
    uid: String,
    plan: String,
    activity: String,
    title: String,
    role: RawRole,
    outlet: Option<String>,
    #[serde(deserialize_with = "moment")]
    start: Moment,
    #[serde(deserialize_with = "moment")]
    end: Moment,
    all_day: bool,
    status: Status,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawRole {
    Premiere,
    Rerun,
}

/// A `start` or `end`: RFC 3339 with an offset, or a date.
pub(super) fn moment<'de, D: Deserializer<'de>>(d: D) -> Result<Moment, D::Error> {
    struct Text;
    impl Visitor<'_> for Text {
        type Value = Moment;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date (2023-01-18) or a time with its offset (2023-01-18T17:45:00+07:00)")
        }

        fn visit_str<E: de::Error>(self, s: &str) -> Result<Moment, E> {
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return Ok(Moment::Day(d));
            }
            DateTime::parse_from_rfc3339(s)
                .map(Moment::At)
                .map_err(|_| E::invalid_value(de::Unexpected::Str(s), &self))
        }
    }
    d.deserialize_str(Text)
}

/// Texts read many times over (plans, activities, titles, outlets), each
/// kept once and shared by every entry that gives it.
#[derive(Default)]
pub(crate) struct Shared(HashSet<Arc<str>>);

impl Shared {
    /// `s`, shared with the entries read before that gave it.
    pub(crate) fn share(&mut self, s: String) -> Arc<str> {
        match self.0.get(s.as_str()) {
            Some(t) => t.clone(),
            None => {
                let t: Arc<str> = s.into();
                self.0.insert(t.clone());
                t
            }
        }
    }
}

/// The whole array, each object made an [`Entry`] as it is read, its texts
/// shared with the entries before it.
struct Occurrences;

impl<'de> DeserializeSeed<'de> for Occurrences {
    type Value = Vec<Entry>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Entry>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Occurrences {
    type Value = Vec<Entry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of occurrences, as `castcal expand --format json` prints it")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Entry>, A::Error> {
        let mut texts = Shared::default();
        let mut share = |s: String| texts.share(s);
        let mut uids: HashSet<Arc<str>> = HashSet::new();
        let mut out = Vec::new();
        while let Some((raw, uid)) = seq.next_element_seed(Checked { uids: &mut uids })? {
            if out.len() >= MAX_OCCURRENCES {
                return Err(de::Error::custom(format!(
                    "more than {MAX_OCCURRENCES} occurrences, the most castcal expands"
                )));
            }
            out.push(Entry {
                uid,
                plan: share(raw.plan),
                activity: share(raw.activity),
                title: share(raw.title),
                outlet: raw.outlet.map(&mut share),
                start: raw.start,
                end: raw.end,
                status: raw.status,
                role: match raw.role {
                    RawRole::Premiere => Role::Premiere,
                    RawRole::Rerun => Role::Rerun,
                },
                all_day: raw.all_day,
            });
        }
        Ok(out)
    }
}

/// One occurrence object, checked as a whole while it is read (so that
/// what is wrong with it is said at its closing brace): its start and end
/// agree with each other and with `all_day`, and its UID is new.
struct Checked<'s> {
    /// The UIDs of the objects before it.
    uids: &'s mut HashSet<Arc<str>>,
}

impl<'de> DeserializeSeed<'de> for Checked<'_> {
    type Value = (Raw, Arc<str>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Checked<'_> {
    type Value = (Raw, Arc<str>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an occurrence object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let raw = Raw::deserialize(de::value::MapAccessDeserializer::new(map))?;
        let uid: Arc<str> = raw.uid.as_str().into();
        let all_day = match (raw.start, raw.end) {
            (Moment::Day(s), Moment::Day(e)) if e > s => true,
            (Moment::At(s), Moment::At(e)) if e > s => false,
            (Moment::Day(_), Moment::Day(_)) | (Moment::At(_), Moment::At(_)) => {
                return Err(de::Error::custom(format!(
                    "the occurrence `{uid}` ends when it starts or before"
                )))
            }
            _ => {
                return Err(de::Error::custom(format!(
                    "the occurrence `{uid}` has a date and a time for `start` and `end`; \
                     both are dates (all day) or both times"
                )))
            }
        };
        if all_day != raw.all_day {
            return Err(de::Error::custom(format!(
                "the occurrence `{uid}` says `all_day: {}` but its `start` is a {}",
                raw.all_day,
                if all_day { "date" } else { "time" }
            )));
        }
        if !self.uids.insert(uid.clone()) {
            return Err(de::Error::custom(format!(
                "the uid `{uid}` is given twice; each occurrence has its own"
            )));
        }
        Ok((raw, uid))
    }
}
