//! Matching airings to occurrences, and each occurrence's status.
//!
//! Airings are matched in rounds, each taking its pairs of an occurrence
//! not yet matched and an airing not yet used in order of their distance in
//! time (the nearest plausible occurrence wins; ties by occurrence, then
//! airing, so the result never depends on the order of the logs):
//!
//! 1. an airing that carries a UID, with the occurrences it names (a
//!    guide's `episode-num` names a premiere and its reruns), on its own
//!    channel first;
//! 2. an occurrence on a channel whose log is given, with the airings of
//!    that channel on its day whose title names its activity;
//! 3. the same, within [`MOVED_DAYS`] days;
//! 4. the same, on the other channels whose logs are given.
//!
//! No pair is further apart than [`MOVED_DAYS`] days.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::title::{self, Score, Words};
use super::{Airing, Evidence, Options, Status, MOVED_DAYS};
use crate::expand::Expansion;
use crate::occurrence::{Moment, Occurrence};

/// What an occurrence came to, and what says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub status: Status,
    pub found: Found,
}

/// The evidence of an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    Nothing,
    /// The airing at this index of [`Evidence::airings`].
    Airing(u32),
    /// The confirmation at this index of [`Evidence::confirmations`].
    Confirmation(u32),
}

/// Every occurrence's status against the evidence, and what aired that the
/// plan did not have.
#[derive(Debug, Clone)]
pub struct Reconciliation<'a, 'p> {
    pub(crate) expansion: &'a Expansion<'p>,
    pub(crate) evidence: &'a Evidence,
    pub(crate) options: Options,
    pub(crate) outcomes: Vec<Outcome>,
    /// Airings that look like the plan's and matched nothing, by outlet and start.
    pub(crate) unplanned: Vec<u32>,
    /// Whether each occurrence is timed on an outlet whose log is given.
    pub(crate) logged: Vec<bool>,
    /// Each confirmed occurrence's confirmation (whatever its date).
    pub(crate) confirmed: HashMap<u32, u32>,
}

/// One activity's counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActivityCounts {
    /// The activity's id.
    pub activity: String,
    /// How many occurrences it has.
    pub planned: usize,
    /// How many are `aired`.
    pub aired: usize,
    /// `late`.
    pub late: usize,
    /// `moved`.
    pub moved: usize,
    /// `missed`.
    pub missed: usize,
    /// `done`.
    pub done: usize,
    /// `pending`.
    pub pending: usize,
    /// `unknown` (no evidence given for its outlet).
    pub unknown: usize,
}

/// An airing that looks like one of the plan's and is none of its occurrences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplanned<'a> {
    /// The outlet whose log it is in.
    pub outlet: &'a str,
    /// When it started, with its plan's offset.
    pub start: Moment,
    /// When it ended, when the log says.
    pub end: Option<Moment>,
    /// Its title, as logged.
    pub title: &'a str,
    /// `file:line`.
    pub evidence: String,
}

/// Each occurrence of `expansion` against `evidence` (read for it), as of
/// `options.through`. See the [module's documentation](super).
pub fn reconcile<'a, 'p>(
    expansion: &'a Expansion<'p>,
    evidence: &'a Evidence,
    options: &Options,
) -> Reconciliation<'a, 'p> {
    let occurrences = expansion.occurrences();
    let mut m = Matcher::new(expansion, evidence, options);
    m.by_uid();
    m.same_channel(false);
    m.same_channel(true);
    m.other_channels();

    let confirmed: HashMap<u32, u32> = evidence
        .confirmations
        .iter()
        .enumerate()
        .filter(|(_, c)| c.date.is_none_or(|d| d <= options.through))
        .filter_map(|(k, c)| Some((c.occurrence, u32::try_from(k).ok()?)))
        .collect();
    let tolerance = i64::from(options.tolerance_minutes) * 60;
    let outcomes = occurrences
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let confirmation = u32::try_from(i)
                .ok()
                .and_then(|i| confirmed.get(&i).copied());
            let done = confirmation
                .and_then(|k| evidence.confirmations.get(k as usize))
                .map(|c| c.date.is_some());
            if let Some(a) = m.matched.get(i).copied().flatten() {
                let status = match evidence.airings.get(a as usize) {
                    Some(airing) if m.same_slot_day(o, airing) => {
                        let (start, _) = o.seconds();
                        if (airing.start - start).abs() <= tolerance {
                            Status::Aired
                        } else {
                            Status::Late
                        }
                    }
                    _ => Status::Moved,
                };
                return Outcome {
                    status,
                    found: Found::Airing(a),
                };
            }
            let found = confirmation.map_or(Found::Nothing, Found::Confirmation);
            let due = o.dates().1 <= options.through;
            let status = match (done, due) {
                (Some(true), _) => Status::Done,
                (_, false) => Status::Pending,
                (Some(false), true) => Status::Missed,
                (None, true) if m.logged.get(i).copied().flatten().is_some() => Status::Missed,
                (None, true) => Status::Unknown,
            };
            Outcome { status, found }
        })
        .collect();

    let mut unplanned: Vec<u32> = (0..evidence.airings.len())
        .filter(|&k| m.eligible.get(k).copied().unwrap_or(false))
        .filter(|&k| !m.used.get(k).copied().unwrap_or(true))
        .filter_map(|k| u32::try_from(k).ok())
        .filter(|&k| {
            evidence.airings.get(k as usize).is_some_and(|a| {
                a.uid_to > a.uid_from || !m.plausible.groups(a.title, evidence).is_empty()
            })
        })
        .collect();
    unplanned.sort_by_key(|&k| {
        evidence
            .airings
            .get(k as usize)
            .map(|a| (a.outlet, a.start, k))
    });
    let logged = m.logged.iter().map(Option::is_some).collect();
    let confirmed = evidence
        .confirmations
        .iter()
        .enumerate()
        .filter_map(|(k, c)| Some((c.occurrence, u32::try_from(k).ok()?)))
        .collect();
    Reconciliation {
        expansion,
        evidence,
        options: *options,
        outcomes,
        unplanned,
        logged,
        confirmed,
    }
}

/// A candidate pair: how far apart (seconds, after a rank), the
/// occurrence, the airing.
type Pair = (u64, u32, u32);

struct Matcher<'a, 'p> {
    occurrences: &'a [Occurrence<'p>],
    evidence: &'a Evidence,
    /// The logged outlet of each timed occurrence on one.
    logged: Vec<Option<u16>>,
    /// Whether each airing is on or before `through`.
    eligible: Vec<bool>,
    used: Vec<bool>,
    matched: Vec<Option<u32>>,
    /// Each logged outlet's airings, by start.
    by_outlet: Vec<Vec<u32>>,
    plausible: Plausible,
}

impl<'a, 'p> Matcher<'a, 'p> {
    fn new(expansion: &'a Expansion<'p>, evidence: &'a Evidence, options: &Options) -> Self {
        let occurrences = expansion.occurrences();
        let index: HashMap<&str, u16> = evidence
            .outlets
            .iter()
            .enumerate()
            .filter_map(|(i, o)| Some((o.id.as_str(), u16::try_from(i).ok()?)))
            .collect();
        let logged = occurrences
            .iter()
            .map(|o| {
                if o.all_day() {
                    return None;
                }
                o.outlet_id().and_then(|id| index.get(id).copied())
            })
            .collect();
        let eligible = evidence
            .airings
            .iter()
            .map(|a| {
                let zone = evidence
                    .outlets
                    .get(usize::from(a.outlet))
                    .map_or(chrono_tz::UTC, |o| o.zone);
                local_date(a.start, zone).is_some_and(|d| d <= options.through)
            })
            .collect();
        let mut by_outlet = vec![Vec::new(); evidence.outlets.len()];
        for (k, a) in evidence.airings.iter().enumerate() {
            if let (Some(list), Ok(k)) =
                (by_outlet.get_mut(usize::from(a.outlet)), u32::try_from(k))
            {
                list.push(k);
            }
        }
        for list in &mut by_outlet {
            list.sort_by_key(|&k| (evidence.airings.get(k as usize).map(|a| a.start), k));
        }
        Matcher {
            occurrences,
            evidence,
            logged,
            eligible,
            used: vec![false; evidence.airings.len()],
            matched: vec![None; occurrences.len()],
            by_outlet,
            plausible: Plausible::new(expansion),
        }
    }

    fn airing(&self, k: u32) -> Option<&'a Airing> {
        self.evidence.airings.get(k as usize)
    }

    fn free(&self, k: u32) -> bool {
        self.eligible.get(k as usize).copied().unwrap_or(false)
            && !self.used.get(k as usize).copied().unwrap_or(true)
    }

    /// Whether `a` aired on `o`'s outlet and on its day.
    fn same_slot_day(&self, o: &Occurrence, a: &Airing) -> bool {
        o.outlet_id() == Some(self.evidence.outlet(a.outlet))
            && local_date(a.start, o.timezone()) == Some(o.start.date())
    }

    /// Takes the pairs nearest first, each occurrence and airing once.
    fn take(&mut self, mut pairs: Vec<Pair>) {
        pairs.sort_unstable();
        for (_, i, k) in pairs {
            let free_occurrence = self.matched.get(i as usize).is_some_and(Option::is_none);
            if free_occurrence && self.free(k) {
                if let Some(slot) = self.matched.get_mut(i as usize) {
                    *slot = Some(k);
                }
                if let Some(slot) = self.used.get_mut(k as usize) {
                    *slot = true;
                }
            }
        }
    }

    /// Round 1: airings that carry a UID.
    fn by_uid(&mut self) {
        let mut pairs = Vec::new();
        for (k, a) in self.evidence.airings.iter().enumerate() {
            let Ok(k) = u32::try_from(k) else { break };
            if a.uid_to <= a.uid_from || !self.free(k) {
                continue;
            }
            for position in a.uid_from..a.uid_to {
                let Some(i) = self.evidence.by_key.get(position as usize).copied() else {
                    continue;
                };
                let Some(o) = self.occurrences.get(i as usize) else {
                    continue;
                };
                if o.all_day() || !within_days(o, a.start) {
                    continue;
                }
                let other = o.outlet_id() != Some(self.evidence.outlet(a.outlet));
                pairs.push((rank(other, distance(o, a.start)), i, k));
            }
        }
        self.take(pairs);
    }

    /// Rounds 2 and 3: each logged occurrence with its channel's airings
    /// that name its activity, on its day (or within [`MOVED_DAYS`]).
    fn same_channel(&mut self, days_around: bool) {
        let mut pairs = Vec::new();
        for (i, o) in self.occurrences.iter().enumerate() {
            let (Some(Some(outlet)), Ok(i)) = (self.logged.get(i).copied(), u32::try_from(i))
            else {
                continue;
            };
            if self.matched.get(i as usize).is_some_and(Option::is_some) {
                continue;
            }
            let span = if days_around { MOVED_DAYS } else { 0 };
            self.candidates(o, i, outlet, span, false, &mut pairs);
        }
        self.take(pairs);
    }

    /// Round 4: the other logged channels, within [`MOVED_DAYS`].
    fn other_channels(&mut self) {
        let mut pairs = Vec::new();
        for (i, o) in self.occurrences.iter().enumerate() {
            let (Some(Some(own)), Ok(i)) = (self.logged.get(i).copied(), u32::try_from(i)) else {
                continue;
            };
            if self.matched.get(i as usize).is_some_and(Option::is_some) {
                continue;
            }
            for outlet in 0..self.by_outlet.len() {
                let Ok(outlet) = u16::try_from(outlet) else {
                    break;
                };
                if outlet != own {
                    self.candidates(o, i, outlet, MOVED_DAYS, true, &mut pairs);
                }
            }
        }
        self.take(pairs);
    }

    /// The free airings of `outlet` from `span` days before `o`'s day to
    /// `span` days after whose title names `o`'s activity, as pairs.
    fn candidates(
        &mut self,
        o: &Occurrence,
        i: u32,
        outlet: u16,
        span: i64,
        other: bool,
        pairs: &mut Vec<Pair>,
    ) {
        let zone = o.timezone();
        let day = o.start.date();
        let span = Days::new(span.unsigned_abs());
        let (Some(first), Some(last)) = (day.checked_sub_days(span), day.checked_add_days(span))
        else {
            return;
        };
        let (from, to) = (
            midnight(first, zone),
            midnight(last.succ_opt().unwrap_or(last), zone),
        );
        let evidence = self.evidence;
        let Some(list) = self.by_outlet.get(usize::from(outlet)) else {
            return;
        };
        let start_of = |k: &u32| {
            evidence
                .airings
                .get(*k as usize)
                .map_or(i64::MIN, |a| a.start)
        };
        let lo = list.partition_point(|k| start_of(k) < from);
        let hi = list.partition_point(|k| start_of(k) < to);
        let found: Vec<u32> = list.get(lo..hi).unwrap_or_default().to_vec();
        for k in found {
            if !self.free(k) {
                continue;
            }
            let Some(a) = self.airing(k) else { continue };
            let names = self
                .plausible
                .groups(a.title, evidence)
                .binary_search_by_key(&o.group, |(g, _)| *g)
                .is_ok();
            if names {
                pairs.push((rank(other, distance(o, a.start)), i, k));
            }
        }
    }
}

/// A pair's order: its distance in seconds, after the pairs of the
/// occurrence's own channel when `other`.
fn rank(other: bool, distance: u64) -> u64 {
    u64::from(other) << 62 | distance.min((1 << 62) - 1)
}

/// How far an airing's start is from an occurrence's, in seconds.
fn distance(o: &Occurrence, start: i64) -> u64 {
    (start - o.seconds().0).unsigned_abs()
}

/// Whether an airing's day is within [`MOVED_DAYS`] of the occurrence's.
fn within_days(o: &Occurrence, start: i64) -> bool {
    local_date(start, o.timezone())
        .is_some_and(|d| (d - o.start.date()).num_days().abs() <= MOVED_DAYS)
}

/// The day of an instant in a zone.
pub(crate) fn local_date(seconds: i64, zone: Tz) -> Option<NaiveDate> {
    zone.timestamp_opt(seconds, 0)
        .single()
        .map(|t| t.date_naive())
}

/// The instant a day starts in a zone, in seconds since the epoch.
fn midnight(day: NaiveDate, zone: Tz) -> i64 {
    crate::zone::place_in_zone(day.and_time(chrono::NaiveTime::MIN), zone).timestamp()
}

/// Which activities a logged title names, worked out once per title.
struct Plausible {
    /// Each activity's title as words, for timed activities (empty for others).
    groups: Vec<Words>,
    /// Which activities have a word (or an initialism of theirs).
    index: HashMap<String, Vec<u32>>,
    /// For each title seen, the activities it names, by group.
    cache: HashMap<u32, Vec<(u32, Score)>>,
}

impl Plausible {
    fn new(expansion: &Expansion) -> Self {
        let groups: Vec<Words> = expansion
            .groups()
            .iter()
            .map(|g| {
                if g.activity.all_day() {
                    Words::default()
                } else {
                    title::words(&g.activity.title)
                }
            })
            .collect();
        let mut index: HashMap<String, Vec<u32>> = HashMap::new();
        for (g, words) in groups.iter().enumerate() {
            let Ok(g) = u32::try_from(g) else { break };
            let all = words
                .words
                .iter()
                .cloned()
                .chain(title::initialisms(&words.words));
            for w in all {
                let list = index.entry(w).or_default();
                if list.last() != Some(&g) {
                    list.push(g);
                }
            }
        }
        Plausible {
            groups,
            index,
            cache: HashMap::new(),
        }
    }

    /// The activities (groups, sorted) the title at `title` names.
    fn groups(&mut self, title: u32, evidence: &Evidence) -> &[(u32, Score)] {
        let (groups, index) = (&self.groups, &self.index);
        self.cache.entry(title).or_insert_with(|| {
            let words = title::words(evidence.title(title));
            let mut candidates: HashSet<u32> = HashSet::new();
            for w in &words.words {
                if let Some(list) = index.get(w) {
                    candidates.extend(list.iter().copied());
                }
            }
            let mut named: Vec<(u32, Score)> = candidates
                .into_iter()
                .filter_map(|g| {
                    let planned = groups.get(g as usize)?;
                    Some((g, title::names(&words, planned)?))
                })
                .collect();
            named.sort_unstable();
            named
        })
    }
}

impl<'a, 'p> Reconciliation<'a, 'p> {
    /// The occurrences, in the expansion's order.
    pub fn occurrences(&self) -> &'a [Occurrence<'p>] {
        self.expansion.occurrences()
    }

    /// The expansion reconciled.
    pub fn expansion(&self) -> &'a Expansion<'p> {
        self.expansion
    }

    /// The options it was made with.
    pub fn options(&self) -> Options {
        self.options
    }

    /// The status of the occurrence at index `i` (`pending` beyond the last).
    pub fn status(&self, i: usize) -> Status {
        self.outcomes.get(i).map_or(Status::Pending, |o| o.status)
    }

    /// Whether a due occurrence was missed.
    pub fn missed(&self) -> bool {
        self.outcomes.iter().any(|o| o.status == Status::Missed)
    }

    /// How many occurrences have each status, in [`Status::ALL`]'s order.
    pub fn counts(&self) -> [usize; 7] {
        let mut counts = [0; 7];
        for o in &self.outcomes {
            if let Some(c) = Status::ALL
                .iter()
                .position(|s| *s == o.status)
                .and_then(|i| counts.get_mut(i))
            {
                *c += 1;
            }
        }
        counts
    }

    /// Each activity's counts, in the order the plans give them.
    pub fn activities(&self) -> Vec<ActivityCounts> {
        self.expansion
            .groups()
            .iter()
            .map(|g| {
                let mut c = ActivityCounts {
                    activity: g.activity.id.clone(),
                    planned: g.members.len(),
                    aired: 0,
                    late: 0,
                    moved: 0,
                    missed: 0,
                    done: 0,
                    pending: 0,
                    unknown: 0,
                };
                for &i in &g.members {
                    let slot = match self.status(i as usize) {
                        Status::Aired => &mut c.aired,
                        Status::Late => &mut c.late,
                        Status::Moved => &mut c.moved,
                        Status::Missed => &mut c.missed,
                        Status::Done => &mut c.done,
                        Status::Unknown => &mut c.unknown,
                        Status::Pending => &mut c.pending,
                    };
                    *slot += 1;
                }
                c
            })
            .collect()
    }

    fn airing_of(&self, i: usize) -> Option<&'a Airing> {
        match self.outcomes.get(i)?.found {
            Found::Airing(k) => self.evidence.airings.get(k as usize),
            _ => None,
        }
    }

    /// When the occurrence at `i` aired (start and end, with its plan's
    /// offset), or the day it was done.
    pub fn aired(&self, i: usize) -> Option<(Moment, Option<Moment>)> {
        let o = self.occurrences().get(i)?;
        match self.outcomes.get(i)?.found {
            Found::Airing(k) => {
                let a = self.evidence.airings.get(k as usize)?;
                let (start, end) = self.evidence.times(a, o.timezone());
                Some((Moment::in_zone(start), end.map(Moment::in_zone)))
            }
            Found::Confirmation(k) => {
                let c = self.evidence.confirmations.get(k as usize)?;
                Some((Moment::Day(c.date?), None))
            }
            Found::Nothing => None,
        }
    }

    /// The day the occurrence at `i` was carried out, in its plan's zone.
    pub fn carried_out_on(&self, i: usize) -> Option<NaiveDate> {
        if !self.status(i).carried_out() {
            return None;
        }
        self.aired(i).map(|(start, _)| start.date())
    }

    /// The outlet the occurrence at `i` aired on, when that is known.
    pub fn aired_on(&self, i: usize) -> Option<&'a str> {
        let a = self.airing_of(i)?;
        Some(self.evidence.outlet(a.outlet))
    }

    /// What says what the occurrence at `i` came to: `file:line`, and the
    /// reference a confirmation gives.
    pub fn evidence_of(&self, i: usize) -> Option<String> {
        match self.outcomes.get(i)?.found {
            Found::Airing(k) => {
                let a = self.evidence.airings.get(k as usize)?;
                Some(format!(
                    "{}:{}",
                    self.evidence.file(a.file).display(),
                    a.line
                ))
            }
            Found::Confirmation(k) => {
                let c = self.evidence.confirmations.get(k as usize)?;
                let at = format!("{}:{}", self.evidence.file(c.file).display(), c.line);
                Some(match &c.reference {
                    Some(r) => format!("{at}: {r}"),
                    None => at,
                })
            }
            Found::Nothing => None,
        }
    }

    /// The airing's title for the occurrence at `i`, as logged.
    pub fn aired_title(&self, i: usize) -> Option<&'a str> {
        let a = self.airing_of(i)?;
        Some(self.evidence.title(a.title))
    }

    /// What aired that looks like the plan's and is none of its occurrences,
    /// by outlet and start.
    pub fn unplanned(&self) -> impl Iterator<Item = Unplanned<'a>> + '_ {
        self.unplanned.iter().filter_map(|&k| {
            let a = self.evidence.airings.get(k as usize)?;
            let logged = self.evidence.outlets.get(usize::from(a.outlet))?;
            let (start, end) = self.evidence.times(a, logged.zone);
            Some(Unplanned {
                outlet: &logged.id,
                start: Moment::in_zone(start),
                end: end.map(Moment::in_zone),
                title: self.evidence.title(a.title),
                evidence: format!("{}:{}", self.evidence.file(a.file).display(), a.line),
            })
        })
    }

    /// How many airings are unplanned.
    pub fn unplanned_count(&self) -> usize {
        self.unplanned.len()
    }

    /// How far from its slot the occurrence at `i` aired, in minutes.
    pub fn minutes_off(&self, i: usize) -> Option<i64> {
        let a = self.airing_of(i)?;
        let o = self.occurrences().get(i)?;
        Some((a.start - o.seconds().0) / 60)
    }

    /// Whether the occurrence at `i` is timed on an outlet whose log is given.
    pub(crate) fn has_log(&self, i: usize) -> bool {
        self.logged.get(i).copied().unwrap_or(false)
    }

    /// What the confirmations say of the occurrence at `i`, whatever the
    /// date: the day done and the reference.
    pub(crate) fn confirmation(&self, i: usize) -> Option<(Option<NaiveDate>, Option<&'a str>)> {
        let k = *self.confirmed.get(&u32::try_from(i).ok()?)?;
        let c = self.evidence.confirmations.get(k as usize)?;
        Some((c.date, c.reference.as_deref()))
    }
}
