//! The publications of a folder: what each one changed, newest first.
//!
//! `castcal build` replaces a folder it wrote before, the last publication.
//! Its history lives in a store beside it ([`super::store`]): when the plans
//! give other occurrences than the latest publication, a [`Publication`] is
//! added, keeping the earlier ones. Each event's `SEQUENCE` and
//! `LAST-MODIFIED` come from that history ([`Versions`]), never from the
//! clock: an occurrence starts at 0 when first published and goes up by one
//! at each publication that moved, changed, cancelled or brought it back. A
//! publication is stamped with the plans' `published` time ([`stamp`]), so
//! the same history and the same plans give the same bytes. This module
//! holds the values and their JSON, `changes.json`, which the folder
//! exports and which a folder from before the store is taken over from.
//!
//! ```
//! use castcal::diff::store::Store;
//! let plan = |at: &str| format!(r#"
//! plan: {{ id: kg, title: Plan, timezone: Asia/Ho_Chi_Minh, published: "{at}",
//!         period: {{ from: 2023-01-01, to: 2023-01-31 }} }}
//! outlets: {{ KG: {{ name: KG, kind: tv }} }}
//! activities:
//!   - {{ id: news, title: News, kind: broadcast, outlet: KG,
//!       start: "{at}", duration: PT12M }}
//! "#);
//! let first = [castcal::plan::load_one("kg.yaml".as_ref(), plan("2023-01-18T17:45"))?];
//! let second = [castcal::plan::load_one("kg.yaml".as_ref(), plan("2023-01-18T18:00"))?];
//! let dir = tempfile::tempdir()?;
//! let mut store = Store::create(&dir.path().join("public.history.sqlite"))?;
//! store.publish(&first, &castcal::expand(&first)?, None)?;
//! let outcome = store.publish(&second, &castcal::expand(&second)?, None)?;
//! assert_eq!((outcome.number, outcome.summary.moved), (2, 1));
//! let versions = store.versions()?;
//! assert_eq!(versions.of("kg.news.20230118@castcal").map(|v| v.sequence), Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

use super::{Change, Entry, Field, Hasher, Kind, Summary};
use crate::error::Error;
use crate::expand::Expansion;
use crate::occurrence::{Moment, Role};
use crate::plan::{Plan, Status};

/// The file of a published folder that holds its history.
pub use crate::files::CHANGES;

/// Every publication of a folder, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Newest first.
    pub publications: Vec<Publication>,
}

/// One publication: when, how many occurrences, what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// 1 for the first, then one more each time.
    pub number: u32,
    /// When it was published: the plans' `published` time. `None` for a
    /// folder written before castcal kept a history, whose time is unknown.
    pub published: Option<DateTime<FixedOffset>>,
    /// How many occurrences it published.
    pub occurrences: usize,
    /// Whether it is the first: it lists no change (everything was new).
    pub first: bool,
    /// The counts of its changes.
    pub summary: Summary,
    /// A digest of the occurrences it published (`sha256:` and hex, of
    /// what a diff compares): a build whose plans give the same needs not
    /// read the folder's occurrences to know that nothing changed. `None`
    /// for a folder written before castcal kept a history.
    pub digest: Option<String>,
    /// What changed since the publication before, in the order of
    /// [`super::Changes::changes`].
    pub changes: Vec<Record>,
}

/// One change as the history keeps it: the entries it compares, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// What happened.
    pub kind: Kind,
    /// As the publication before had it.
    pub from: Option<Entry>,
    /// As this publication has it.
    pub to: Option<Entry>,
    /// What differs.
    pub fields: Vec<Field>,
}

impl Record {
    /// The change, as [`diff()`] gives it.
    pub fn change(&self) -> Change<'_> {
        Change {
            kind: self.kind,
            from: self.from.as_ref(),
            to: self.to.as_ref(),
            fields: self.fields.clone(),
        }
    }

    pub(super) fn of(c: &Change) -> Record {
        Record {
            kind: c.kind,
            from: c.from.cloned(),
            to: c.to.cloned(),
            fields: c.fields.clone(),
        }
    }
}

/// The version of an event: how many times it was republished, and when last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// `SEQUENCE`: 0 when first published, one more at each publication
    /// that changed it.
    pub sequence: u32,
    /// `LAST-MODIFIED`: the publication that last changed it, or the first
    /// one (`None` when that time is unknown).
    pub modified: Option<DateTime<FixedOffset>>,
}

/// The version of every occurrence a history names, and of the others.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    by_uid: HashMap<Arc<str>, Version, Hasher>,
    /// What an occurrence no publication changed has: sequence 0, and the
    /// first publication's time.
    unchanged: Option<Version>,
    /// The occurrences whose last change was their cancellation, as they
    /// were, by start.
    cancelled: Vec<(Entry, Version)>,
}

impl Versions {
    /// The versions: of each UID in `by_uid`, of the others `unchanged`
    /// (none when no history is known); `cancelled` by start.
    pub(super) fn new(
        by_uid: HashMap<Arc<str>, Version, Hasher>,
        unchanged: Option<Version>,
        cancelled: Vec<(Entry, Version)>,
    ) -> Versions {
        Versions {
            by_uid,
            unchanged,
            cancelled,
        }
    }

    /// The versions of a first publication stamped `published`: every
    /// occurrence at 0.
    pub fn first(published: Option<DateTime<FixedOffset>>) -> Versions {
        Versions {
            unchanged: Some(Version {
                sequence: 0,
                modified: published,
            }),
            ..Versions::default()
        }
    }

    /// The version of the occurrence `uid`, when a history is known.
    pub fn of(&self, uid: &str) -> Option<&Version> {
        self.by_uid.get(uid).or(self.unchanged.as_ref())
    }

    /// The occurrences cancelled and not brought back, each with its
    /// version (its cancellation), in the order of their start.
    pub fn cancelled(&self) -> &[(Entry, Version)] {
        &self.cancelled
    }

    /// Whether no history is known (every event is version 0 of the plan).
    pub fn is_empty(&self) -> bool {
        self.unchanged.is_none() && self.by_uid.is_empty()
    }
}

/// What a diff compares of occurrences, hashed in their order: each
/// occurrence's UID, plan, activity, title, outlet, start, end, status and
/// role, each ended by a zero byte. The same occurrences give the same
/// digest, from an expansion ([`digest_of`]) or from entries ([`digest`]).
struct Digest(sha2::Sha256);

impl Digest {
    fn new() -> Digest {
        use sha2::Digest as _;
        Digest(sha2::Sha256::new())
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        uid: &str,
        plan: &str,
        activity: &str,
        title: &str,
        outlet: Option<&str>,
        when: [Moment; 2],
        status: Status,
        role: Role,
    ) {
        use sha2::Digest as _;
        for text in [uid, plan, activity, title, outlet.unwrap_or("")] {
            self.0.update(text.as_bytes());
            self.0.update([0]);
        }
        for m in when {
            self.0.update(m.rfc3339().as_bytes());
            self.0.update([0]);
        }
        for text in [status.as_str(), role.as_str()] {
            self.0.update(text.as_bytes());
            self.0.update([0]);
        }
    }

    /// `sha256:` and the hex of the hash.
    fn finish(self) -> String {
        use sha2::Digest as _;
        let mut out = String::from("sha256:");
        for b in self.0.finalize() {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

/// The digest of `entries` (see [`Publication::digest`]).
pub fn digest(entries: &[Entry]) -> String {
    let mut d = Digest::new();
    for e in entries {
        d.add(
            &e.uid,
            &e.plan,
            &e.activity,
            &e.title,
            e.outlet.as_deref(),
            [e.start, e.end],
            e.status,
            e.role,
        );
    }
    d.finish()
}

/// The digest of an expansion's occurrences: what [`digest`] gives of their
/// entries, without making them.
pub fn digest_of(expansion: &Expansion) -> String {
    let mut d = Digest::new();
    let mut uid = String::with_capacity(64);
    for o in expansion.iter() {
        uid.clear();
        // Writing to a String cannot fail.
        let _ = write!(uid, "{}", o.uid());
        d.add(
            &uid,
            &o.plan.id,
            &o.activity.id,
            o.title(),
            o.outlet_id(),
            [o.start, o.end],
            o.status(),
            o.role(),
        );
    }
    d.finish()
}

/// The stamp of a publication of `plans`: the latest of their `published`
/// times, with its plan's offset.
pub fn stamp(plans: &[Plan]) -> Option<DateTime<FixedOffset>> {
    plans
        .iter()
        .map(|p| crate::zone::place_in_zone(p.published, p.timezone).fixed_offset())
        .max_by_key(DateTime::<FixedOffset>::timestamp)
}

impl History {
    /// The latest publication, if any.
    pub fn latest(&self) -> Option<&Publication> {
        self.publications.first()
    }

    /// The history as `changes.json`: pretty-printed, with a final newline.
    ///
    /// # Errors
    /// None in practice (see [`super::report::json`]).
    pub fn json(&self) -> Result<String, serde_json::Error> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }

    /// Reads the history in `text`, the `changes.json` at `path`.
    ///
    /// # Errors
    /// What is not a history as [`History::json`] writes it, at its line
    /// and column.
    pub fn parse(path: &Path, text: &str) -> Result<History, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        RawHistory::deserialize(&mut de)
            .and_then(|h| {
                de.end()?;
                Ok(h)
            })
            .map(RawHistory::into_history)
            .map_err(|e| {
                super::read::json_error(path, &e, || {
                    text.lines()
                        .nth(e.line().saturating_sub(1))
                        .map(String::from)
                })
            })
    }
}

impl Serialize for History {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct All<'a>(&'a [Publication]);
        impl Serialize for All<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for p in self.0 {
                    seq.serialize_element(p)?;
                }
                seq.end()
            }
        }
        let mut o = s.serialize_struct("History", 1)?;
        o.serialize_field("publications", &All(&self.publications))?;
        o.end()
    }
}

impl Serialize for Publication {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Changes<'a>(&'a [Record]);
        impl Serialize for Changes<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for r in self.0 {
                    seq.serialize_element(&r.change())?;
                }
                seq.end()
            }
        }
        let mut o = s.serialize_struct("Publication", 7)?;
        o.serialize_field("number", &self.number)?;
        o.serialize_field("published", &self.published.map(|t| t.to_rfc3339()))?;
        o.serialize_field("first", &self.first)?;
        o.serialize_field("occurrences", &self.occurrences)?;
        o.serialize_field("summary", &self.summary)?;
        o.serialize_field("digest", &self.digest)?;
        o.serialize_field("changes", &Changes(&self.changes))?;
        o.end()
    }
}

/// `changes.json` as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    #[serde(deserialize_with = "publications")]
    publications: Vec<RawPublication>,
}

/// The publications, newest first, numbered down by one to 1 (as castcal
/// writes them): anything else is refused at the publication out of place,
/// since the versions of every event are counted from them.
fn publications<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RawPublication>, D::Error> {
    struct Newest;
    impl<'de> Visitor<'de> for Newest {
        type Value = Vec<RawPublication>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of publications, newest first")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out: Vec<RawPublication> = Vec::new();
            while let Some(p) = seq.next_element::<RawPublication>()? {
                let expected = out.last().map(|q| q.number.saturating_sub(1));
                if expected.is_some_and(|n| n != p.number) || p.number == 0 {
                    return Err(de::Error::custom(format!(
                        "publication {} is out of place: the publications go newest first, \
                         numbered down by one to 1",
                        p.number
                    )));
                }
                out.push(p);
            }
            if out.last().is_some_and(|p| p.number != 1) {
                return Err(de::Error::custom(crate::say!(
                    "lần công bố cũ nhất không phải lần số 1: thiếu các lần công bố",
                    "the oldest publication is not number 1: publications are missing"
                )));
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Newest)
}

#[derive(Deserialize)]
struct RawPublication {
    number: u32,
    #[serde(deserialize_with = "stamp_or_null")]
    published: Option<DateTime<FixedOffset>>,
    first: bool,
    occurrences: usize,
    summary: Summary,
    digest: Option<String>,
    changes: Changes,
}

/// A change as `castcal diff --format json` writes it.
#[derive(Deserialize)]
struct RawChange {
    kind: Kind,
    uid: String,
    plan: String,
    activity: String,
    role: Role,
    from: Option<RawSide>,
    to: Option<RawSide>,
    fields: Vec<Field>,
}

#[derive(Deserialize)]
struct RawSide {
    #[serde(deserialize_with = "super::read::moment")]
    start: Moment,
    #[serde(deserialize_with = "super::read::moment")]
    end: Moment,
    outlet: Option<String>,
    title: String,
    status: Status,
}

/// The changes of a publication, their texts shared.
struct Changes(Vec<Record>);

impl<'de> Deserialize<'de> for Changes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Changes, D::Error> {
        d.deserialize_seq(ChangesVisitor)
    }
}

struct ChangesVisitor;

impl<'de> Visitor<'de> for ChangesVisitor {
    type Value = Changes;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of changes, as `castcal diff --format json` lists them")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Changes, A::Error> {
        let mut texts = super::read::Shared::default();
        let mut share = |s: String| texts.share(s);
        let mut out = Vec::new();
        let mut seen: std::collections::HashSet<Arc<str>, Hasher> = Default::default();
        while let Some(raw) = seq.next_element::<RawChange>()? {
            let uid: Arc<str> = raw.uid.into();
            // Each change raises its event's SEQUENCE: one listed twice
            // would raise it twice.
            if !seen.insert(uid.clone()) {
                return Err(de::Error::custom(format!(
                    "the change of `{uid}` is listed twice in this publication"
                )));
            }
            let (plan, activity) = (share(raw.plan), share(raw.activity));
            let mut side = |s: Option<RawSide>| {
                s.map(|s| Entry {
                    uid: uid.clone(),
                    plan: plan.clone(),
                    activity: activity.clone(),
                    title: share(s.title),
                    outlet: s.outlet.map(&mut share),
                    all_day: matches!(s.start, Moment::Day(_)),
                    start: s.start,
                    end: s.end,
                    status: s.status,
                    role: raw.role,
                })
            };
            let (from, to) = (side(raw.from), side(raw.to));
            let sides_fit = match raw.kind {
                Kind::Added => from.is_none() && to.is_some(),
                Kind::Cancelled => from.is_some() && to.is_none(),
                Kind::Moved | Kind::Changed => from.is_some() && to.is_some(),
            };
            if !sides_fit {
                return Err(de::Error::custom(format!(
                    "the change of `{uid}` does not have the `from` and `to` its kind `{}` has",
                    raw.kind.as_str()
                )));
            }
            out.push(Record {
                kind: raw.kind,
                from,
                to,
                fields: raw.fields,
            });
        }
        Ok(Changes(out))
    }
}

/// An RFC 3339 time, or `null`.
fn stamp_or_null<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    text.map(|t| {
        DateTime::parse_from_rfc3339(&t).map_err(|_| {
            de::Error::invalid_value(
                de::Unexpected::Str(&t),
                &"a time with its offset (2023-03-06T00:00:00+07:00)",
            )
        })
    })
    .transpose()
}

impl RawHistory {
    fn into_history(self) -> History {
        History {
            publications: self
                .publications
                .into_iter()
                .map(|p| Publication {
                    number: p.number,
                    published: p.published,
                    occurrences: p.occurrences,
                    first: p.first,
                    summary: p.summary,
                    digest: p.digest,
                    changes: p.changes.0,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digest of an expansion is its entries' digest, so a folder
    /// `build` wrote and the history `serve` keeps agree; it changes with
    /// any compared fact.
    #[test]
    fn an_expansion_and_its_entries_have_one_digest() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schedules/kien-giang-cchc-2023.yaml"
        ))
        .unwrap_or_default();
        let plan = |text: String| {
            let path = std::path::Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/schedules/kien-giang-cchc-2023.yaml"
            ));
            crate::plan::load_one(path, text).map_err(|e| e.to_string())
        };
        let plans = [plan(text.clone()).unwrap_or_else(|e| panic!("{e}"))];
        let expansion = crate::expand(&plans).unwrap_or_else(|e| panic!("{e}"));
        let entries = super::super::entries(&expansion);
        assert_eq!(digest_of(&expansion), digest(&entries));
        assert!(digest(&entries).starts_with("sha256:"));
        let moved = [
            plan(text.replace("lúc: 06 giờ 30 phút", "lúc: 06 giờ 45 phút"))
                .unwrap_or_else(|e| panic!("{e}")),
        ];
        let moved = crate::expand(&moved).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(digest_of(&moved), digest_of(&expansion));
    }
}
