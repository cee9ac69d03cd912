//! What changed between two versions of a plan, occurrence by occurrence.
//!
//! Each side becomes a list of [`Entry`]s, the few facts a recipient acts
//! on (when, where, what, how sure), whatever it was read from: schedule
//! files, or the `occurrences.json` of a published folder ([`read`]).
//! [`diff()`] joins the two lists by UID, once, through a hash map, and
//! sorts what differs into four kinds of [`Change`]:
//!
//! - **added**: the UID is only in the new version;
//! - **cancelled**: the UID is only in the old one (its activity removed, an
//!   `exdates` entry, a shorter period, a rule that no longer gives it);
//! - **moved**: the same UID starts at another date or time, or on another
//!   outlet (the UID keeps the date the rule gave, so a slot moved by an
//!   `on_holiday` policy or a new `at:` keeps it);
//! - **changed**: same UID, start and outlet, but another title, status or
//!   end.
//!
//! A moved occurrence whose title, status or length changed too is moved,
//! with those fields listed beside the move. [`report`] writes the changes
//! for people (text) and programs (JSON).
//!
//! ```
//! use castcal::diff::{diff, entries, Kind};
//! let plan = |at: &str| format!(r#"
//! plan: {{ id: kg, title: Plan, timezone: Asia/Ho_Chi_Minh,
//!         period: {{ from: 2023-01-01, to: 2023-01-31 }} }}
//! outlets: {{ KG: {{ name: KG, kind: tv }} }}
//! activities:
//!   - {{ id: news, title: News, kind: broadcast, outlet: KG,
//!       start: 2023-01-18T17:45, duration: PT12M, reruns: [{{ days_after: 1, at: "{at}" }}] }}
//! "#);
//! let old = [castcal::plan::load_one("kg.yaml".as_ref(), plan("06:00"))?];
//! let new = [castcal::plan::load_one("kg.yaml".as_ref(), plan("07:00"))?];
//! let (old, new) = (entries(&castcal::expand(&old)?), entries(&castcal::expand(&new)?));
//! let changes = diff(&old, &new);
//! assert_eq!(changes.summary.moved, 1);
//! assert_eq!(changes.changes[0].kind, Kind::Moved);
//! assert_eq!(&*changes.changes[0].uid(), "kg.news.20230118.r1@castcal");
//! # Ok::<(), castcal::Error>(())
//! ```

pub mod history;
mod read;
pub mod report;
pub mod store;
mod stream;

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::occurrence::{Moment, Occurrence, Role};
use crate::plan::Status;

pub(crate) use read::Shared;
pub use read::{
    entries, open_regular, parse_json, read, read_published, read_regular, MAX_JSON_BYTES,
    OCCURRENCES,
};

/// The hasher of the joins by UID: a fast one with a fixed seed, as nothing
/// here comes from someone who would gain by colliding UIDs on purpose.
type Hasher = foldhash::fast::FixedState;

/// One occurrence as a version of the plan says it: what [`diff()`]
/// compares. Texts that many occurrences share (plan, activity, title,
/// outlet) are shared, not copied, so a year of a national broadcaster's
/// occurrences fits twice in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its UID (`kg.news.20230118.r1@castcal`): what joins the two versions.
    pub uid: Arc<str>,
    /// Its plan's id.
    pub plan: Arc<str>,
    /// Its activity's id.
    pub activity: Arc<str>,
    /// Its activity's title.
    pub title: Arc<str>,
    /// The id of the outlet it occupies, if any.
    pub outlet: Option<Arc<str>>,
    /// When it starts: a time with the plan's offset, or a day.
    pub start: Moment,
    /// When it ends (exclusive).
    pub end: Moment,
    /// Whether it is decided.
    pub status: Status,
    /// A premiere or a rerun.
    pub role: Role,
    /// A day or a window, not a timed slot.
    pub all_day: bool,
}

impl Entry {
    /// The entry of an occurrence, its texts copied (see [`entries`] for a
    /// whole expansion, which shares them).
    pub fn of(o: &Occurrence) -> Entry {
        Entry {
            uid: o.uid().to_string().into(),
            plan: o.plan.id.as_str().into(),
            activity: o.activity.id.as_str().into(),
            title: o.title().into(),
            outlet: o.outlet_id().map(Arc::from),
            start: o.start,
            end: o.end,
            status: o.status(),
            role: o.role(),
            all_day: o.all_day(),
        }
    }
}

/// What happened to an occurrence between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Cancelled,
    /// In both, at another start or on another outlet.
    Moved,
    /// In both, at the same start on the same outlet, with another title,
    /// status or end.
    Changed,
}

impl Kind {
    /// The name programs read: `added`, `cancelled`, `moved`, `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Cancelled => "cancelled",
            Kind::Moved => "moved",
            Kind::Changed => "changed",
        }
    }
}

/// A fact of an occurrence that differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The date or time it starts at (or whether it is a day or a slot).
    Start,
    /// When it ends: of a moved occurrence, its length (an end the move
    /// carries along is not a change of its own).
    End,
    /// The outlet it occupies.
    Outlet,
    /// Its activity's title.
    Title,
    /// Its activity's status.
    Status,
}

impl Field {
    /// The name programs read: `start`, `end`, `outlet`, `title`, `status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Start => "start",
            Field::End => "end",
            Field::Outlet => "outlet",
            Field::Title => "title",
            Field::Status => "status",
        }
    }
}

/// One occurrence that differs between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    /// What happened to it.
    pub kind: Kind,
    /// As the old version has it; `None` when added.
    pub from: Option<&'a Entry>,
    /// As the new version has it; `None` when cancelled.
    pub to: Option<&'a Entry>,
    /// What differs, in [`Field`] order: empty for added and cancelled.
    pub fields: Vec<Field>,
}

impl<'a> Change<'a> {
    /// The entry that says what the occurrence is now: the new one, or the
    /// old one for a cancelled occurrence.
    pub fn entry(&self) -> Option<&'a Entry> {
        self.to.or(self.from)
    }

    /// Its UID.
    pub fn uid(&self) -> Arc<str> {
        self.entry()
            .map_or_else(|| Arc::from(""), |e| e.uid.clone())
    }

    /// The outlet the change is listed under: the new one, or the old one
    /// for a cancelled occurrence.
    pub fn outlet(&self) -> Option<&'a str> {
        self.entry().and_then(|e| e.outlet.as_deref())
    }

    /// The outlets it concerns: its [`outlet`](Change::outlet), then, for
    /// a move between outlets, the one it left.
    pub fn outlets(&self) -> impl Iterator<Item = Option<&'a str>> {
        let old = self.from.map(|e| e.outlet.as_deref());
        let new = self.to.map(|e| e.outlet.as_deref());
        let left = match (old, new) {
            (Some(o), Some(n)) if o != n => Some(o),
            _ => None,
        };
        new.or(old).into_iter().chain(left)
    }

    /// Whether `field` differs.
    pub fn has(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }
}

/// How many changes of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Occurrences only in the new version.
    pub added: usize,
    /// Occurrences only in the old version.
    pub cancelled: usize,
    /// Occurrences at another start or on another outlet.
    pub moved: usize,
    /// Occurrences with another title, status or end, and nothing moved.
    pub changed: usize,
}

impl Summary {
    /// A change of `fields` counted: moved when its start or its outlet is
    /// among them, else changed. Says which.
    pub(crate) fn count_change(&mut self, fields: &[Field]) -> Kind {
        if fields.contains(&Field::Start) || fields.contains(&Field::Outlet) {
            self.moved += 1;
            Kind::Moved
        } else {
            self.changed += 1;
            Kind::Changed
        }
    }

    /// Every change.
    pub fn total(&self) -> usize {
        self.added + self.cancelled + self.moved + self.changed
    }
}

/// What differs between two versions: the counts, and each change, by
/// outlet (in id order, occurrences on no outlet last), then date and time
/// (of the new version; of the old one for a cancellation), then UID.
/// Serialized as the JSON of `castcal diff --format json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes<'a> {
    /// The counts.
    pub summary: Summary,
    /// Each change.
    pub changes: Vec<Change<'a>>,
}

impl Changes<'_> {
    /// Whether the two versions give the same occurrences.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares two versions of a plan, occurrence by occurrence, joined by
/// UID: in time linear in their sizes (plus the sorting of what changed).
/// Each side is expected to give a UID once, as [`read`] makes sure; of a
/// UID the old side repeats, the first entry counts.
///
/// # Example
/// ```
/// use castcal::diff::{diff, Kind};
/// let changes = diff(&[], &[]);
/// assert!(changes.is_empty());
/// ```
pub fn diff<'a>(old: &'a [Entry], new: &'a [Entry]) -> Changes<'a> {
    let mut by_uid: HashMap<&str, usize, Hasher> =
        HashMap::with_capacity_and_hasher(old.len(), Hasher::default());
    for (i, e) in old.iter().enumerate() {
        by_uid.entry(&e.uid).or_insert(i);
    }
    // Which old entries the new version has too.
    let mut kept = vec![false; old.len()];
    let mut changes = Vec::new();
    let mut summary = Summary::default();
    for to in new {
        let found = by_uid.get(&*to.uid).and_then(|&i| Some((i, old.get(i)?)));
        let Some((i, from)) = found else {
            summary.added += 1;
            changes.push(Change {
                kind: Kind::Added,
                from: None,
                to: Some(to),
                fields: Vec::new(),
            });
            continue;
        };
        match kept.get_mut(i) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        let fields = differences(from, to);
        if fields.is_empty() {
            continue;
        }
        let kind = summary.count_change(&fields);
        changes.push(Change {
            kind,
            from: Some(from),
            to: Some(to),
            fields,
        });
    }
    for ((j, e), kept) in old.iter().enumerate().zip(kept) {
        // An entry the new version lacks, unless it repeats an earlier UID.
        if !kept && by_uid.get(&*e.uid) == Some(&j) {
            summary.cancelled += 1;
            changes.push(Change {
                kind: Kind::Cancelled,
                from: Some(e),
                to: None,
                fields: Vec::new(),
            });
        }
    }
    changes.sort_by(listing_order);
    Changes { summary, changes }
}

/// What differs between two entries of one UID, in [`Field`] order.
fn differences(from: &Entry, to: &Entry) -> Vec<Field> {
    let mut fields = Vec::new();
    let moved = !same(from.start, to.start);
    if moved {
        fields.push(Field::Start);
    }
    let end = if moved {
        length(from) != length(to)
    } else {
        !same(from.end, to.end)
    };
    if end {
        fields.push(Field::End);
    }
    if from.outlet != to.outlet {
        fields.push(Field::Outlet);
    }
    if from.title != to.title {
        fields.push(Field::Title);
    }
    if from.status != to.status {
        fields.push(Field::Status);
    }
    fields
}

/// Whether two moments read the same on the wall: the same day, or the same
/// time with the same offset (chrono's `==` compares instants only). A time
/// whose offset has seconds is written in UTC ([`Moment::rfc3339`]), so it
/// is the same as that instant read back in UTC.
fn same(a: Moment, b: Moment) -> bool {
    let written_in_utc = |a: &chrono::DateTime<chrono::FixedOffset>,
                          b: &chrono::DateTime<chrono::FixedOffset>| {
        a.offset().local_minus_utc() % 60 != 0 && b.offset().local_minus_utc() == 0
    };
    match (a, b) {
        (Moment::At(a), Moment::At(b)) => {
            a == b && (a.offset() == b.offset() || written_in_utc(&a, &b) || written_in_utc(&b, &a))
        }
        (Moment::Day(a), Moment::Day(b)) => a == b,
        _ => false,
    }
}

/// How long an entry lasts: seconds of a slot, days of a window.
fn length(e: &Entry) -> Option<(bool, i64)> {
    match (e.start, e.end) {
        (Moment::At(s), Moment::At(t)) => Some((false, (t - s).num_seconds())),
        (Moment::Day(s), Moment::Day(t)) => Some((true, (t - s).num_days())),
        _ => None,
    }
}

/// Where a moment is in a listing: by local date, a day before the times
/// of that day, then by time.
fn when_order(m: Moment) -> (NaiveDate, Option<NaiveTime>) {
    match m {
        Moment::At(t) => (t.date_naive(), Some(t.time())),
        Moment::Day(d) => (d, None),
    }
}

/// The order of [`Changes::changes`]: outlet (none last), then
/// [`date_order`].
fn listing_order(a: &Change, b: &Change) -> Ordering {
    let (x, y) = (a.outlet(), b.outlet());
    (x.is_none(), x)
        .cmp(&(y.is_none(), y))
        .then_with(|| date_order(a, b))
}

/// The order of changes on one outlet: date and time (of the new version;
/// of the old one for a cancellation), a day before the times of that day,
/// then UID.
pub(crate) fn date_order(a: &Change, b: &Change) -> Ordering {
    fn key<'a>(c: &Change<'a>) -> Option<((NaiveDate, Option<NaiveTime>), &'a str)> {
        c.entry().map(|e| (when_order(e.start), &*e.uid))
    }
    key(a).cmp(&key(b))
}

/// An entry as one side of a change in JSON: `{start, end, outlet, title, status}`.
struct Side<'a>(&'a Entry);

impl Serialize for Side<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut o = s.serialize_struct("Side", 5)?;
        o.serialize_field("start", &e.start)?;
        o.serialize_field("end", &e.end)?;
        o.serialize_field("outlet", &e.outlet.as_deref())?;
        o.serialize_field("title", &*e.title)?;
        o.serialize_field("status", &e.status)?;
        o.end()
    }
}

impl Serialize for Change<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.entry();
        let mut o = s.serialize_struct("Change", 10)?;
        o.serialize_field("kind", &self.kind)?;
        o.serialize_field("uid", &e.map(|e| &*e.uid))?;
        o.serialize_field("plan", &e.map(|e| &*e.plan))?;
        o.serialize_field("activity", &e.map(|e| &*e.activity))?;
        o.serialize_field("title", &e.map(|e| &*e.title))?;
        o.serialize_field("role", &e.map(|e| e.role))?;
        o.serialize_field("outlet", &self.outlet())?;
        o.serialize_field("from", &self.from.map(Side))?;
        o.serialize_field("to", &self.to.map(Side))?;
        o.serialize_field("fields", &self.fields)?;
        o.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, FixedOffset, TimeZone};

    fn at(offset_hours: i32, h: u32, m: u32) -> Moment {
        let zone = FixedOffset::east_opt(offset_hours * 3600).unwrap();
        let t: DateTime<FixedOffset> = zone.with_ymd_and_hms(2023, 1, 18, h, m, 0).unwrap();
        Moment::At(t)
    }

    fn entry(uid: &str, outlet: Option<&str>, start: Moment, end: Moment) -> Entry {
        Entry {
            uid: uid.into(),
            plan: "p".into(),
            activity: "a".into(),
            title: "T".into(),
            outlet: outlet.map(Arc::from),
            start,
            end,
            status: Status::Confirmed,
            role: Role::Premiere,
            all_day: false,
        }
    }

    /// A move lists `end` only when the length changed too; an end the
    /// move carries along is not a change of its own.
    #[test]
    fn a_move_lists_the_end_only_when_the_length_changed() {
        let old = [entry("u", Some("KG"), at(7, 17, 45), at(7, 17, 57))];
        let same_length = [entry("u", Some("KG"), at(7, 18, 0), at(7, 18, 12))];
        let longer = [entry("u", Some("KG"), at(7, 18, 0), at(7, 18, 30))];
        let c = diff(&old, &same_length);
        assert_eq!(c.changes[0].kind, Kind::Moved);
        assert_eq!(c.changes[0].fields, [Field::Start]);
        let c = diff(&old, &longer);
        assert_eq!(c.changes[0].fields, [Field::Start, Field::End]);
        let later_end = [entry("u", Some("KG"), at(7, 17, 45), at(7, 18, 0))];
        let c = diff(&old, &later_end);
        assert_eq!(c.changes[0].kind, Kind::Changed);
        assert_eq!(c.changes[0].fields, [Field::End]);
    }

    /// 17:45 at +07:00 and 18:45 at +08:00 are one instant, but not what
    /// the wall clock says: the plan's zone changed, and the slot moved.
    #[test]
    fn another_offset_is_a_move() {
        let old = [entry("u", Some("KG"), at(7, 17, 45), at(7, 17, 57))];
        let new = [entry("u", Some("KG"), at(8, 18, 45), at(8, 18, 57))];
        let c = diff(&old, &new);
        assert_eq!((c.summary.moved, c.changes.len()), (1, 1));
        assert_eq!(c.changes[0].fields, [Field::Start]);
        assert!(diff(&old, &old).is_empty());
    }

    /// By outlet, what is on none last, then by date and UID; a UID the
    /// old side repeats counts once.
    #[test]
    fn changes_are_listed_by_outlet_then_date() {
        let old = [
            entry("x", None, at(7, 6, 0), at(7, 7, 0)),
            entry("x", None, at(7, 6, 0), at(7, 7, 0)),
        ];
        let new = [
            entry("c", Some("KG1"), at(7, 5, 0), at(7, 6, 0)),
            entry("b", Some("KG"), at(7, 9, 0), at(7, 10, 0)),
            entry("a", Some("KG"), at(7, 9, 0), at(7, 10, 0)),
            entry("d", Some("KG"), at(7, 8, 0), at(7, 9, 0)),
        ];
        let c = diff(&old, &new);
        let order: Vec<String> = c.changes.iter().map(|c| c.uid().to_string()).collect();
        assert_eq!(order, ["d", "a", "b", "c", "x"]);
        assert_eq!((c.summary.added, c.summary.cancelled), (4, 1));
    }
}
