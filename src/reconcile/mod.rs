//! What aired and what was done, against the plan.
//!
//! A plan is a promise; the station's *as-run log* says what really went
//! out, minute by minute, and the department knows what was printed, posted
//! and held. [`Evidence::read`] reads both: a log per channel (XMLTV as EPG
//! and playout tools export it, or CSV with its columns found by their
//! header, in UTF-8 or UTF-16) and files of confirmations (a CSV of UIDs,
//! each with the date it was done and a reference). [`reconcile()`] gives
//! every occurrence one [`Status`]:
//!
//! - `aired`: in its slot, within the tolerance (2 minutes by default);
//! - `late`: the same day, later or earlier than that;
//! - `moved`: on another day within [`MOVED_DAYS`] days, or on another
//!   channel whose log is given, found by its title;
//! - `missed`: due, its channel's log given, and not in it (or a
//!   confirmation row left without a date);
//! - `done`: confirmed by a file of confirmations;
//! - `unknown`: due, and no evidence given for its outlet;
//! - `pending`: not due yet (its last day is after the `through` date).
//!
//! An airing is matched to an occurrence by its UID (a castcal guide's
//! `episode-num`, or a UID column) when it carries one, otherwise by
//! channel, time and title, titles compared by their words ([`title`]).
//! Each airing is used once, and the nearest plausible occurrence wins: the
//! pairs are taken in order of their distance in time, in rounds (by UID;
//! the same channel and day; the same channel within [`MOVED_DAYS`] days;
//! another channel). What aired and looks like the plan's but matched no
//! occurrence is *unplanned*; everything else the channel aired is ignored.
//!
//! ```
//! use castcal::reconcile::{reconcile, Evidence, Log, Options, Status};
//! let dir = tempfile::tempdir()?;
//! let plan = r#"
//! plan: { id: kg, title: Plan, timezone: Asia/Ho_Chi_Minh,
//!         period: { from: 2023-01-01, to: 2023-12-31 } }
//! outlets: { KG: { name: KG, kind: tv } }
//! activities:
//!   - { id: cchc, title: "Chuyên mục cải cách hành chính", kind: broadcast, outlet: KG,
//!       start: 2023-01-18T17:45, rrule: "FREQ=MONTHLY;COUNT=2;BYDAY=3WE", duration: PT12M }
//! "#;
//! let plans = [castcal::plan::load_one("kg.yaml".as_ref(), plan.to_string())?];
//! let expansion = castcal::expand(&plans)?;
//! let log = dir.path().join("kg.csv");
//! std::fs::write(&log, "Ngày;Giờ;Thời lượng;Chương trình\n\
//!     18/01/2023;17:30;00:15:00;Thời sự\n\
//!     18/01/2023;17:49;00:12:00;Cải cách hành chính\n")?;
//! let logs = [Log { outlet: "KG".into(), path: log }];
//! let evidence = Evidence::read(&plans, &expansion, &logs, &[], Default::default())?;
//! let through = chrono::NaiveDate::from_ymd_opt(2023, 2, 28).ok_or("date")?;
//! let result = reconcile(&expansion, &evidence, &Options { through, tolerance_minutes: 2 });
//! let statuses: Vec<Status> = (0..2).map(|i| result.status(i)).collect();
//! assert_eq!(statuses, [Status::Late, Status::Missed]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod asrun;
mod cells;
mod decode;
mod done;
mod folder;
mod guide;
mod matching;
pub mod render;
pub mod title;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::error::Error;
use crate::expand::Expansion;
use crate::occurrence::Occurrence;
use crate::plan::{OutletKind, Plan};
use crate::words::reconcile::{self as said, Words};
use crate::words::Lang;

pub use folder::{evidence_folder, EVIDENCE_FOLDER};
pub use matching::{reconcile, ActivityCounts, Reconciliation, Unplanned};
pub use render::{json, template, text};

/// The most bytes of an as-run log (read as it goes, never held whole): a
/// year of sixty channels, descriptions and all, is some 420 MB of XMLTV.
pub const MAX_LOG_BYTES: u64 = 1 << 30;

/// The most bytes of a CSV file (a log or confirmations), which is read whole.
pub const MAX_CSV_BYTES: u64 = 256 << 20;

/// The most airings read from all logs together.
pub const MAX_AIRINGS: usize = 20_000_000;

/// How many days from its slot an airing may be and still be that
/// occurrence, `moved`.
pub const MOVED_DAYS: i64 = 7;

/// `--aired OUTLET=FILE`: the as-run log of one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// The outlet (a tv or radio channel of the plans) the log is of.
    pub outlet: String,
    /// The log: XMLTV or CSV.
    pub path: PathBuf,
}

impl std::str::FromStr for Log {
    type Err = String;

    /// `OUTLET=FILE`, as `--aired` takes it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('=') {
            Some((outlet, path)) if !outlet.trim().is_empty() && !path.trim().is_empty() => {
                Ok(Log {
                    outlet: outlet.trim().to_string(),
                    path: PathBuf::from(path),
                })
            }
            _ => Err(crate::say!(
                "`{s}` không có dạng KÊNH=TỆP; viết ví dụ KG=asrun-kg.xml",
                "`{s}` is not OUTLET=FILE; expected something like KG=asrun-kg.xml"
            )
            .to_string()),
        }
    }
}

/// The day a run is made, in the zone of the first plan (UTC without
/// one): the day of [`run_instant`].
///
/// ```
/// use castcal::reconcile::run_date;
/// let plans: [castcal::plan::Plan; 0] = [];
/// let en = castcal::words::Lang::En;
/// let day = run_date(&plans, Some("1678060800"), en).ok().map(|d| d.to_string());
/// assert_eq!(day.as_deref(), Some("2023-03-06"));
/// assert!(run_date(&plans, Some("soon"), en).is_err());
/// ```
///
/// # Errors
/// [`Error::Usage`] when `SOURCE_DATE_EPOCH` is not a number of seconds.
pub fn run_date(
    plans: &[Plan],
    source_date_epoch: Option<&str>,
    lang: Lang,
) -> Result<NaiveDate, Error> {
    let now = run_instant(source_date_epoch, lang)?;
    let zone = plans.first().map_or(chrono_tz::UTC, |p| p.timezone);
    Ok(now.with_timezone(&zone).date_naive())
}

/// The instant a run is made: `SOURCE_DATE_EPOCH` when it is given (its
/// value, in seconds since the epoch, as reproducible builds set it), else
/// the clock, read once, to the second.
///
/// # Errors
/// [`Error::Usage`] when `SOURCE_DATE_EPOCH` is not a number of seconds.
pub fn run_instant(
    source_date_epoch: Option<&str>,
    lang: Lang,
) -> Result<DateTime<chrono::Utc>, Error> {
    match source_date_epoch {
        Some(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| chrono::Utc.timestamp_opt(s, 0).single())
            .ok_or_else(|| Error::Usage(said::bad_epoch(lang, text))),
        None => {
            let now = chrono::Utc::now();
            Ok(chrono::Utc
                .timestamp_opt(now.timestamp(), 0)
                .single()
                .unwrap_or(now))
        }
    }
}

/// What an occurrence came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// In its slot, within the tolerance.
    Aired,
    /// On its day, later or earlier than the tolerance allows.
    Late,
    /// On another day within [`MOVED_DAYS`], or on another channel.
    Moved,
    /// Due, and not found where its evidence is.
    Missed,
    /// Confirmed done.
    Done,
    /// Due, and no evidence given for its outlet.
    Unknown,
    /// Not due yet.
    Pending,
}

impl Status {
    /// Every status, in the order of the summary's columns.
    pub const ALL: [Status; 7] = [
        Status::Aired,
        Status::Late,
        Status::Moved,
        Status::Missed,
        Status::Done,
        Status::Unknown,
        Status::Pending,
    ];

    /// The name programs read: `aired`, `late`, `moved`, `missed`, `done`,
    /// `unknown`, `pending`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Aired => "aired",
            Status::Late => "late",
            Status::Moved => "moved",
            Status::Missed => "missed",
            Status::Done => "done",
            Status::Unknown => "unknown",
            Status::Pending => "pending",
        }
    }

    /// Its name in `lang` (`đúng giờ`, `aired`).
    pub fn word(self, lang: Lang) -> &'static str {
        let words = Words::of(lang);
        let i = Status::ALL.iter().position(|s| *s == self).unwrap_or(0);
        words.statuses.get(i).copied().unwrap_or("")
    }

    /// Whether it was carried out: aired, late, moved or done.
    pub fn carried_out(self) -> bool {
        matches!(
            self,
            Status::Aired | Status::Late | Status::Moved | Status::Done
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to reconcile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The last day counted: occurrences after it are `pending`, evidence
    /// after it is not read.
    pub through: NaiveDate,
    /// How far from its slot an airing may be and still be `aired`, in minutes.
    pub tolerance_minutes: u32,
}

/// One programme of a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Airing {
    /// When it started, in seconds since the epoch.
    pub start: i64,
    /// How long it lasted in seconds; [`NO_LENGTH`] when the log does not say.
    pub length: u32,
    /// The logged outlet it aired on ([`Evidence::outlets`]); while a file
    /// is read, the file's channel.
    pub outlet: u16,
    /// The file it is in ([`Evidence::files`]).
    pub file: u16,
    /// Its title ([`Evidence::titles`]).
    pub title: u32,
    /// The line of the file it is on.
    pub line: u32,
    /// The occurrences its UID names: a range of [`Evidence::by_key`]
    /// (empty when it carries none, or one no occurrence has).
    pub uid_from: u32,
    /// The end of that range.
    pub uid_to: u32,
}

/// An airing's length when the log does not say.
pub(crate) const NO_LENGTH: u32 = u32::MAX;

/// A confirmation: an occurrence done on a date (none: reported not done).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Confirmation {
    /// The occurrence, by its index in the expansion.
    pub occurrence: u32,
    /// Its UID, as the file writes it.
    pub uid: String,
    /// The day it was done; none when the row leaves it empty.
    pub date: Option<NaiveDate>,
    /// The issue number, link or note given.
    pub reference: Option<String>,
    /// The file it is in ([`Evidence::files`]).
    pub file: u16,
    /// Its line.
    pub line: u32,
}

/// An outlet whose as-run log is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Logged {
    /// Its id.
    pub id: String,
    /// The zone of its plan: where the log's dates are days.
    pub zone: Tz,
}

/// Everything read from the evidence files, for one expansion of the plans
/// (it refers to occurrences by their index in it).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub(crate) outlets: Vec<Logged>,
    pub(crate) files: Vec<PathBuf>,
    pub(crate) titles: Vec<String>,
    pub(crate) airings: Vec<Airing>,
    pub(crate) confirmations: Vec<Confirmation>,
    /// The occurrences' indices sorted by their UID's parts ([`Key`]).
    pub(crate) by_key: Vec<u32>,
}

impl Evidence {
    /// Reads the as-run logs `logs` (one per channel; a file named for
    /// several channels is read once) and the files of confirmations
    /// `done`, for the occurrences of `expansion`. Messages are in `lang`.
    ///
    /// # Errors
    /// [`Error::Usage`] for a log of an outlet no plan has, of an outlet that
    /// is no tv or radio channel, or given twice; [`Error::Read`],
    /// [`Error::Input`] for a file that cannot be read; [`Error::Evidence`]
    /// at the line and column of what a file says wrong.
    pub fn read(
        plans: &[Plan],
        expansion: &Expansion,
        logs: &[Log],
        done: &[PathBuf],
        lang: Lang,
    ) -> Result<Evidence, Error> {
        let mut evidence = Evidence::default();
        for log in logs {
            if evidence.outlets.iter().any(|o| o.id == log.outlet) {
                return Err(Error::Usage(said::outlet_twice(lang, &log.outlet)));
            }
            let zone = channel_zone(plans, &log.outlet, lang)?;
            evidence.outlets.push(Logged {
                id: log.outlet.clone(),
                zone,
            });
        }
        let keys = Keys::new(expansion);
        let mut titles = Titles::default();
        // Each file once, for every outlet that names it.
        let mut paths: Vec<&Path> = Vec::new();
        for log in logs {
            if !paths.contains(&log.path.as_path()) {
                paths.push(&log.path);
            }
        }
        for path in paths {
            let wanted: Vec<Wanted> = logs
                .iter()
                .enumerate()
                .filter(|(_, l)| l.path == path)
                .map(|(i, l)| Wanted {
                    outlet: u16::try_from(i).unwrap_or(u16::MAX),
                    id: l.outlet.clone(),
                    name: outlet_name(plans, &l.outlet),
                })
                .collect();
            let file = evidence.add_file(path);
            let zone = wanted
                .first()
                .and_then(|w| evidence.outlets.get(usize::from(w.outlet)))
                .map_or(chrono_tz::UTC, |o| o.zone);
            let mut sink = Sink {
                path,
                file,
                lang,
                zone,
                keys: &keys,
                titles: &mut titles,
                airings: Vec::new(),
                channels: Vec::new(),
                total: evidence.airings.len(),
            };
            if is_xml(path, lang)? {
                guide::read(&mut sink)?;
            } else {
                asrun::read(&mut sink)?;
            }
            let (channels, mut airings) = (sink.channels, sink.airings);
            let route = route(&channels, &wanted, path, lang)?;
            // In place: a log of a year of sixty channels is copied nowhere.
            airings.retain_mut(
                |a| match route.get(usize::from(a.outlet)).copied().flatten() {
                    Some(outlet) => {
                        a.outlet = outlet;
                        true
                    }
                    None => false,
                },
            );
            if evidence.airings.is_empty() {
                evidence.airings = airings;
            } else {
                evidence.airings.append(&mut airings);
            }
        }
        evidence.titles = titles.list;
        for path in done {
            let file = evidence.add_file(path);
            let read = done::read(path, file, &keys, lang)?;
            evidence.confirm(read, lang)?;
        }
        evidence.by_key = keys.by_key;
        Ok(evidence)
    }

    fn add_file(&mut self, path: &Path) -> u16 {
        self.files.push(path.to_path_buf());
        u16::try_from(self.files.len() - 1).unwrap_or(u16::MAX)
    }

    /// Adds confirmations, refusing one that says another date than one
    /// already read for its occurrence.
    fn confirm(&mut self, read: Vec<Confirmation>, lang: Lang) -> Result<(), Error> {
        let mut seen: HashMap<u32, usize> = self
            .confirmations
            .iter()
            .enumerate()
            .map(|(i, c)| (c.occurrence, i))
            .collect();
        for c in read {
            if let Some(first) = seen
                .get(&c.occurrence)
                .and_then(|&i| self.confirmations.get(i))
            {
                if first.date == c.date {
                    continue;
                }
                let at = format!("{}:{}", self.file(first.file).display(), first.line);
                return Err(Error::Evidence {
                    path: self.file(c.file).to_path_buf(),
                    line: c.line as usize,
                    column: 1,
                    message: said::confirmed_twice(lang, &c.uid, at),
                });
            }
            seen.insert(c.occurrence, self.confirmations.len());
            self.confirmations.push(c);
        }
        Ok(())
    }

    /// The file at `index`.
    pub(crate) fn file(&self, index: u16) -> &Path {
        self.files
            .get(usize::from(index))
            .map_or(Path::new(""), PathBuf::as_path)
    }

    /// The id of the logged outlet at `index`.
    pub(crate) fn outlet(&self, index: u16) -> &str {
        self.outlets
            .get(usize::from(index))
            .map_or("", |o| o.id.as_str())
    }

    /// The title at `index`.
    pub(crate) fn title(&self, index: u32) -> &str {
        self.titles.get(index as usize).map_or("", String::as_str)
    }

    /// The outlets whose logs are given, in the order given.
    pub fn logged_outlets(&self) -> impl Iterator<Item = &str> {
        self.outlets.iter().map(|o| o.id.as_str())
    }

    /// How many airings the logs hold (of the channels asked for).
    pub fn airings(&self) -> usize {
        self.airings.len()
    }

    /// How many confirmations were read.
    pub fn confirmations(&self) -> usize {
        self.confirmations.len()
    }

    /// When an airing started and ended, in `zone`.
    pub(crate) fn times(&self, a: &Airing, zone: Tz) -> (DateTime<Tz>, Option<DateTime<Tz>>) {
        let at = |s: i64| {
            zone.timestamp_opt(s, 0)
                .single()
                .unwrap_or_else(|| chrono::Utc.timestamp_nanos(0).with_timezone(&zone))
        };
        let end = (a.length != NO_LENGTH).then(|| at(a.start.saturating_add(i64::from(a.length))));
        (at(a.start), end)
    }
}

/// The zone of the plan that declares `outlet`, when it is a channel.
fn channel_zone(plans: &[Plan], outlet: &str, lang: Lang) -> Result<Tz, Error> {
    let found = plans.iter().find_map(|p| Some((p, p.outlet(outlet)?)));
    match found {
        None => {
            let mut known: Vec<&str> = plans
                .iter()
                .flat_map(|p| p.outlets.iter().map(|o| o.id.as_str()))
                .collect();
            known.sort_unstable();
            known.dedup();
            Err(Error::Usage(said::unknown_outlet(
                lang,
                outlet,
                &known.join(", "),
            )))
        }
        Some((_, o)) if !matches!(o.kind, OutletKind::Tv | OutletKind::Radio) => Err(Error::Usage(
            said::not_a_channel(lang, outlet, o.kind.as_str()),
        )),
        Some((p, _)) => Ok(p.timezone),
    }
}

fn outlet_name(plans: &[Plan], outlet: &str) -> String {
    plans
        .iter()
        .find_map(|p| p.outlet(outlet))
        .map_or_else(String::new, |o| o.name.clone())
}

/// Whether a log is XMLTV (else CSV): by its extension, or by its first
/// character when it has another.
fn is_xml(path: &Path, lang: Lang) -> Result<bool, Error> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("xml" | "xmltv") => Ok(true),
        Some("csv" | "txt" | "tsv") => Ok(false),
        _ => {
            use std::io::BufRead;
            let mut reader = decode::open(path, MAX_LOG_BYTES, lang)?;
            let head = reader.fill_buf().map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
            let first = head.iter().find(|b| !b.is_ascii_whitespace());
            match first {
                Some(b'<') => Ok(true),
                Some(_) => Ok(false),
                None => Err(Error::input(path, said::unknown_format(lang))),
            }
        }
    }
}

/// An occurrence's UID as parts to sort and search by: its activity (the
/// group), the date the rule gave, its ordinal on that date, and 0 for a
/// premiere or the rerun's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key {
    pub group: u32,
    pub date: NaiveDate,
    pub ordinal: u32,
    pub rerun: u32,
}

impl Key {
    pub(crate) fn of(o: &Occurrence) -> Key {
        Key {
            group: o.group,
            date: o.rule_date,
            ordinal: o.ordinal,
            rerun: o.rerun.map_or(0, |k| k.saturating_add(1)),
        }
    }
}

/// Finds occurrences by the text of their UID: each activity's
/// occurrences sorted by the rest of their [`Key`], packed in a number, so
/// that a search stays within one activity's few kilobytes.
pub(crate) struct Keys<'p> {
    /// The rest of each occurrence's key ([`pack`]), sorted within each activity.
    packed: Vec<u64>,
    /// The index of the occurrence of each.
    by_key: Vec<u32>,
    /// Where each activity's run of them starts (and, last, the end).
    starts: Vec<u32>,
    groups: HashMap<(&'p str, &'p str), u32, foldhash::fast::FixedState>,
}

/// A key without its group, as one number in the same order: the date's
/// day, the ordinal, the rerun.
fn pack(key: &Key) -> u64 {
    use chrono::Datelike;
    let day = u64::from(u32::try_from(key.date.num_days_from_ce()).unwrap_or(0));
    day << 32 | u64::from(key.ordinal.min(0xFF_FFFF)) << 8 | u64::from(key.rerun.min(0xFF))
}

impl<'p> Keys<'p> {
    fn new(expansion: &Expansion<'p>) -> Self {
        let occurrences = expansion.occurrences();
        let mut keys = Keys {
            packed: Vec::with_capacity(occurrences.len()),
            by_key: Vec::with_capacity(occurrences.len()),
            starts: Vec::with_capacity(expansion.groups().len() + 1),
            groups: HashMap::default(),
        };
        let mut run: Vec<(u64, u32)> = Vec::new();
        for (g, group) in expansion.groups().iter().enumerate() {
            if let Ok(g) = u32::try_from(g) {
                keys.groups
                    .insert((group.plan.id.as_str(), group.activity.id.as_str()), g);
            }
            keys.starts
                .push(u32::try_from(keys.packed.len()).unwrap_or(u32::MAX));
            run.clear();
            run.extend(
                group
                    .members
                    .iter()
                    .filter_map(|&i| Some((pack(&Key::of(occurrences.get(i as usize)?)), i))),
            );
            run.sort_unstable();
            keys.packed.extend(run.iter().map(|(k, _)| *k));
            keys.by_key.extend(run.iter().map(|(_, i)| *i));
        }
        keys.starts
            .push(u32::try_from(keys.packed.len()).unwrap_or(u32::MAX));
        keys
    }

    /// The range of [`Evidence::by_key`] that `uid` names: the occurrence
    /// itself, or with `reruns` a premiere's UID names its reruns too (a
    /// guide's `episode-num`). Empty when it names none.
    pub(crate) fn find(&self, uid: &str, reruns: bool) -> (u32, u32) {
        let Some(key) = parse_uid(uid, &self.groups) else {
            return (0, 0);
        };
        let group = key.group as usize;
        let (Some(&start), Some(&end)) = (self.starts.get(group), self.starts.get(group + 1))
        else {
            return (0, 0);
        };
        let Some(run) = self.packed.get(start as usize..end as usize) else {
            return (0, 0);
        };
        let first = pack(&key);
        let last = if reruns && key.rerun == 0 {
            first | 0xFF
        } else {
            first
        };
        let from = run.partition_point(|k| *k < first);
        let to = run.partition_point(|k| *k <= last).max(from);
        let at = |n: usize| u32::try_from(n).map_or(u32::MAX, |n| start.saturating_add(n));
        (at(from), at(to))
    }

    /// The occurrence at position `k` of the sorted index.
    pub(crate) fn at(&self, k: u32) -> Option<u32> {
        self.by_key.get(k as usize).copied()
    }
}

/// `plan.activity.YYYYMMDD[.N][.rK]@castcal` as a [`Key`], when its plan
/// and activity are known.
fn parse_uid<S: std::hash::BuildHasher>(
    uid: &str,
    groups: &HashMap<(&str, &str), u32, S>,
) -> Option<Key> {
    let body = uid.trim().strip_suffix("@castcal")?;
    let mut parts = body.split('.');
    let (plan, activity, date) = (parts.next()?, parts.next()?, parts.next()?);
    let group = *groups.get(&(plan, activity))?;
    let date = ymd(date)?;
    let mut ordinal = 1;
    let mut rerun = 0;
    for part in parts {
        if let Some(k) = part.strip_prefix('r') {
            rerun = k.parse::<u32>().ok().filter(|k| *k > 0)?;
        } else if rerun == 0 {
            ordinal = part.parse::<u32>().ok().filter(|n| *n > 1)?;
        } else {
            return None;
        }
    }
    Some(Key {
        group,
        date,
        ordinal,
        rerun,
    })
}

/// `YYYYMMDD` as a date.
pub(crate) fn ymd(digits: &str) -> Option<NaiveDate> {
    if digits.len() != 8 {
        return None;
    }
    let y = number(digits.get(..4)?)?;
    let m = number(digits.get(4..6)?)?;
    let d = number(digits.get(6..8)?)?;
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// ASCII digits (at most nine) as a number.
pub(crate) fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// Titles, each kept once.
#[derive(Debug, Default)]
pub(crate) struct Titles {
    list: Vec<String>,
    index: HashMap<String, u32, foldhash::fast::FixedState>,
}

impl Titles {
    pub(crate) fn intern(&mut self, title: &str) -> u32 {
        if let Some(&i) = self.index.get(title) {
            return i;
        }
        let i = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(title.to_string());
        self.index.insert(title.to_string(), i);
        i
    }
}

/// A channel a log names, and what it calls it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Channel {
    pub id: String,
    pub names: Vec<String>,
}

/// An outlet whose log a file is.
#[derive(Debug, Clone)]
struct Wanted {
    outlet: u16,
    id: String,
    name: String,
}

/// Where a file being read puts what it holds.
pub(crate) struct Sink<'s, 'p> {
    pub path: &'s Path,
    pub file: u16,
    pub lang: Lang,
    /// Where the wall-clock times of a CSV log are.
    pub zone: Tz,
    pub keys: &'s Keys<'p>,
    pub titles: &'s mut Titles,
    /// The airings read, `outlet` holding their channel's index in `channels`.
    pub airings: Vec<Airing>,
    pub channels: Vec<Channel>,
    /// Airings read from the files before.
    pub total: usize,
}

impl Sink<'_, '_> {
    /// The index of the channel `id`, added when new.
    pub(crate) fn channel(&mut self, id: &str) -> u16 {
        if let Some(i) = self.channels.iter().position(|c| c.id == id) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        self.channels.push(Channel {
            id: id.to_string(),
            names: Vec::new(),
        });
        u16::try_from(self.channels.len() - 1).unwrap_or(u16::MAX)
    }

    /// Makes room for the airings a file of `bytes` may hold, at most
    /// one per `per` bytes: room reserved is only touched as it is used,
    /// and a vector that never grows is never copied.
    pub(crate) fn reserve(&mut self, bytes: u64, per: u64) {
        let most = usize::try_from(bytes / per.max(1)).unwrap_or(MAX_AIRINGS);
        self.airings
            .reserve(most.min(MAX_AIRINGS.saturating_sub(self.total)));
    }

    /// Keeps an airing, refusing more than [`MAX_AIRINGS`] in all.
    pub(crate) fn push(&mut self, airing: Airing) -> Result<(), Error> {
        if self.total + self.airings.len() >= MAX_AIRINGS {
            return Err(Error::input(self.path, too_many(self.lang)));
        }
        self.airings.push(airing);
        Ok(())
    }
}

/// The logs hold more airings than castcal reads.
fn too_many(lang: Lang) -> String {
    said::too_many_airings(lang, MAX_AIRINGS)
}

/// Which outlet each channel of a file is (see the reference: by id, the
/// castcal channel id, or a display name; a file of one channel for one
/// outlet is that outlet's).
fn route(
    channels: &[Channel],
    wanted: &[Wanted],
    path: &Path,
    lang: Lang,
) -> Result<Vec<Option<u16>>, Error> {
    use crate::export::xmltv::channel_id;
    use title::fold;
    let mut route = vec![None; channels.len()];
    let list = || {
        if channels.is_empty() {
            "—".to_string()
        } else {
            channels
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    for w in wanted {
        let id = fold(&w.id);
        let name = fold(&w.name);
        let is_it = |c: &Channel| {
            let folded = fold(&c.id);
            c.id == channel_id(&w.id)
                || folded == id
                || folded.split('.').next() == Some(id.as_str())
                || c.names.iter().any(|n| {
                    let n = fold(n);
                    n == id || (!name.is_empty() && n == name)
                })
        };
        let found: Vec<usize> = (0..channels.len())
            .filter(|&i| channels.get(i).is_some_and(is_it))
            .collect();
        let index = match found.as_slice() {
            [one] => *one,
            [] if channels.len() <= 1 && wanted.len() == 1 => {
                if channels.is_empty() {
                    continue;
                }
                0
            }
            [] => return Err(Error::input(path, said::no_channel(lang, &w.id, &list()))),
            _ => {
                let names: Vec<&str> = found
                    .iter()
                    .filter_map(|&i| channels.get(i).map(|c| c.id.as_str()))
                    .collect();
                return Err(Error::input(
                    path,
                    said::many_channels(lang, &w.id, &names.join(", ")),
                ));
            }
        };
        if let Some(slot) = route.get_mut(index) {
            *slot = Some(w.outlet);
        }
    }
    Ok(route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_read_into_their_parts() {
        let groups: HashMap<(&str, &str), u32> = [(("kg", "seg"), 3)].into_iter().collect();
        let d = NaiveDate::from_ymd_opt(2023, 1, 18);
        let key = |ordinal, rerun| {
            d.map(|date| Key {
                group: 3,
                date,
                ordinal,
                rerun,
            })
        };
        assert_eq!(parse_uid("kg.seg.20230118@castcal", &groups), key(1, 0));
        assert_eq!(parse_uid("kg.seg.20230118.r2@castcal", &groups), key(1, 2));
        assert_eq!(
            parse_uid("kg.seg.20230118.3.r1@castcal", &groups),
            key(3, 1)
        );
        for bad in [
            "kg.seg.20230118",
            "kg.other.20230118@castcal",
            "kg.seg.2023011@castcal",
            "kg.seg.20230118.1@castcal",
            "kg.seg.20230118.r0@castcal",
            "kg.seg.20230118.r1.2@castcal",
            "kg.seg.20231318@castcal",
        ] {
            assert_eq!(parse_uid(bad, &groups), None, "{bad}");
        }
    }

    #[test]
    fn channels_are_found_by_id_castcal_id_or_name() {
        let ch = |id: &str, names: &[&str]| Channel {
            id: id.into(),
            names: names.iter().map(|n| n.to_string()).collect(),
        };
        let want = |outlet: u16, id: &str, name: &str| Wanted {
            outlet,
            id: id.into(),
            name: name.into(),
        };
        let path = Path::new("guide.xml");
        let channels = [
            ch("KG.castcal", &[]),
            ch("kg1.thkg.vn", &[]),
            ch("vtv1", &["Đài PT-TH Kiên Giang – kênh KG2"]),
        ];
        let wanted = [
            want(0, "KG", "KG"),
            want(1, "KG1", "KG1"),
            want(2, "KG2", "Đài PT-TH Kiên Giang – kênh KG2"),
        ];
        assert_eq!(
            route(&channels, &wanted, path, Lang::En).map_err(|e| e.message()),
            Ok(vec![Some(0), Some(1), Some(2)])
        );
        // One channel for one outlet: whatever it is called.
        assert_eq!(
            route(&[ch("12", &[])], &[want(0, "KG", "KG")], path, Lang::En)
                .map_err(|e| e.message()),
            Ok(vec![Some(0)])
        );
        let e = route(
            &[ch("a", &[]), ch("b", &[])],
            &[want(0, "KG", "KG")],
            path,
            Lang::En,
        );
        assert_eq!(
            e.map_err(|e| e.message()),
            Err(
                "guide.xml: no channel in it is KG; its channels: a, b; give a file of one \
                 channel, or one whose channel id is KG (or KG.castcal)"
                    .to_string()
            )
        );
    }
}
