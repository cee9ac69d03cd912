//! Occurrences → iCalendar (RFC 5545, RFC 7986) feeds.
//!
//! A feed is written as it goes: the calendar's properties and one
//! `VTIMEZONE` per zone used, then each `VEVENT` straight to the output, so
//! the memory used does not grow with the number of events. Every byte is
//! decided here ([`mod@line`]): CRLF, folding at 75 octets on UTF-8 character
//! boundaries, escaped TEXT. Nothing depends on the clock: `DTSTAMP` is the
//! plan's `published` time, UIDs come from the occurrences.
//!
//! Two modes: [`Mode::Instances`] (the default) writes one `VEVENT` per
//! occurrence, which every client shows the same way; [`Mode::Rrule`] writes
//! one `VEVENT` per activity and one per rerun series, with `RRULE`,
//! `RDATE` and `EXDATE` chosen so that an RFC 5545 expander yields exactly
//! the same occurrences (see [`recur`]).
//!
//! # Example
//! ```
//! let text = r#"
//! plan: { id: kg, title: Plan, timezone: Asia/Ho_Chi_Minh,
//!         period: { from: 2023-01-01, to: 2023-12-31 } }
//! outlets: { KG: { name: KG, kind: tv } }
//! activities:
//!   - { id: segment, title: Segment, kind: broadcast, outlet: KG,
//!       start: 2023-01-18T17:45, rrule: "FREQ=MONTHLY;BYDAY=3WE", duration: PT12M }
//! "#;
//! let plans = [castcal::plan::load_one("kg.yaml".as_ref(), text.to_string())?];
//! let occurrences = castcal::expand(&plans)?;
//! let options = castcal::export::ics::Options::default();
//! let bytes = castcal::export::ics::write(Vec::new(), &plans, &occurrences, &options)?;
//! let text = String::from_utf8(bytes)?;
//! assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
//! assert!(text.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20230118T174500\r\n"));
//! assert_eq!(text.matches("BEGIN:VEVENT").count(), 12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod line;
mod portability;
pub(crate) mod recur;
pub(crate) mod tz;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, LocalResult, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::cores;
use crate::diff::history::{Version, Versions};
use crate::diff::Entry;
use crate::expand::Expansion;
use crate::export::push_digits;
use crate::occurrence::{Moment, Occurrence, Role};
use crate::palette;
use crate::plan::{Activity, Plan, Selection, Status};
use crate::words::{feed, Lang};
use line::LineWriter;

/// How many events [`Feed::events`] gives one core at a time.
const BATCH: usize = 4096;

/// castcal's `PRODID`: who wrote the feed, without a date.
pub const PRODID: &str = concat!("-//castcal//castcal ", env!("CARGO_PKG_VERSION"), "//EN");

/// What marks a rerun's `SUMMARY`, before the title (so it survives the
/// truncation of long titles in month views).
pub const RERUN_PREFIX: &str = feed::Words::VI.rerun_prefix;

/// How occurrences become events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// One `VEVENT` per occurrence.
    #[default]
    Instances,
    /// One `VEVENT` per activity and per rerun series, with recurrence rules.
    Rrule,
}

/// What to write.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// One event per occurrence, or one series per activity.
    pub mode: Mode,
    /// The outlets whose occurrences are kept.
    pub outlets: Selection,
}

/// The calendar's name, short enough for a client's sidebar: the ids of
/// the outlets it is filtered to first (`KG – Kế hoạch CCHC 2023`), then
/// the plans' short titles ([`short_title`]) joined by ` + `.
pub fn calendar_name(plans: &[Plan], outlets: &[String]) -> String {
    let titles = plans
        .iter()
        .map(short_title)
        .collect::<Vec<_>>()
        .join(" + ");
    if outlets.is_empty() {
        titles
    } else {
        format!("{} – {titles}", outlets.join(", "))
    }
}

/// The most characters of a plan's title a calendar's name holds whole.
const SHORT_TITLE: usize = 40;

/// What a calendar's name calls `plan`: its `short_title`; else its title
/// when that is short; else `Kế hoạch` and the number of its reference
/// (`Kế hoạch 61/KH-UBND`); else its title's first words, cut with `…`.
pub fn short_title(plan: &Plan) -> Cow<'_, str> {
    if let Some(short) = &plan.short_title {
        return Cow::Borrowed(short.trim());
    }
    let title = plan.title.trim();
    if title.chars().count() <= SHORT_TITLE {
        return Cow::Borrowed(title);
    }
    let number = plan
        .reference
        .as_deref()
        .and_then(|r| r.split(',').next())
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= SHORT_TITLE);
    if let Some(number) = number {
        return Cow::Owned(format!("{}{number}", WORDS.plan_numbered));
    }
    let mut cut = String::new();
    for word in title.split_whitespace() {
        if cut.chars().count() + 1 + word.chars().count() > SHORT_TITLE - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = title.chars().take(SHORT_TITLE - 1).collect();
    }
    cut.push('…');
    Cow::Owned(cut)
}

/// Writes the feed of `occurrences` (sorted, as [`crate::expand()`] gives
/// them) to `out`, keeping those on `options.outlets`.
///
/// # Errors
/// Any write failure of `out`.
pub fn write<W: Write>(
    out: W,
    plans: &[Plan],
    expansion: &Expansion<'_>,
    options: &Options,
) -> io::Result<W> {
    let keep = |o: &&Occurrence| options.outlets.keeps(o.outlet);
    let mut zones = Zones::of(plans);
    for o in expansion.iter().filter(keep) {
        zones.add(o);
    }
    let header = Header::of(plans, options.outlets.ids(), zones);
    let mut feed =
        Feed::begin(out, plans, &header)?.with_premieres(Arc::new(Premieres::of(expansion)));
    match options.mode {
        Mode::Instances => {
            let kept: Vec<&Occurrence> = expansion.iter().filter(keep).collect();
            feed.events(&kept)?;
        }
        Mode::Rrule => {
            let kept: Vec<&Occurrence> = expansion.iter().filter(keep).collect();
            recur::write_series(&mut feed, expansion.groups(), &kept)?;
        }
    }
    feed.finish()
}

/// Writes, in one pass over `expansion`, the feed of every occurrence to
/// `all` (when given) and the feeds of `parts` (each: the outlets it keeps,
/// and where it goes), formatting each event once: the event of the
/// occurrence at index `i` is written to `all` and to the part
/// `part_of(i, occurrence)` gives, if any; without `all`, only the
/// occurrences of a part are formatted. Each output gets the same bytes as
/// [`write()`] with [`Mode::Instances`] and that part's outlets, provided
/// `part_of` gives a part exactly the occurrences on its outlets (one part
/// each at most). What `build` writes its feeds with.
///
/// # Errors
/// Any write failure of an output.
pub fn write_split<W: Write, V: Write>(
    all: Option<W>,
    plans: &[Plan],
    expansion: &Expansion<'_>,
    parts: Vec<(Vec<String>, V)>,
    part_of: &dyn Fn(usize, &Occurrence) -> Option<usize>,
    history: Option<&History<'_>>,
) -> io::Result<(Option<W>, Vec<V>)> {
    let everything = all.is_some();
    // The zones of each output, as `write` finds them: `all`'s, then the parts'.
    let mut zones = vec![Zones::of(plans); parts.len() + 1];
    for (i, o) in expansion.iter().enumerate().filter(|(_, o)| !o.all_day()) {
        let part = part_of(i, o);
        if !everything && part.is_none() {
            continue;
        }
        for k in std::iter::once(0).chain(part.map(|k| k + 1)) {
            if let Some(z) = zones.get_mut(k) {
                z.add(o);
            }
        }
    }
    let mut zones = zones.into_iter();
    let all_header = Header::of(plans, &[], zones.next().unwrap_or_else(|| Zones::of(plans)));
    // Each part's calendar before its first event and after its last: a
    // feed without events, cut at its last line (begun without the plans,
    // which only its events would read).
    const END: &[u8] = b"END:VCALENDAR\r\n";
    let mut outs = Vec::with_capacity(parts.len());
    for ((outlets, mut out), zones) in parts.into_iter().zip(zones) {
        let empty = Feed::begin(Vec::new(), &[], &Header::of(plans, &outlets, zones))?.finish()?;
        let head = empty
            .strip_suffix(END)
            .ok_or_else(|| io::Error::other("a calendar that does not end with END:VCALENDAR"))?;
        out.write_all(head)?;
        outs.push(out);
    }
    let to = Rc::new(std::cell::Cell::new(None));
    let tee = Tee {
        all,
        parts: outs,
        to: Rc::clone(&to),
    };
    let mut feed =
        Feed::begin(tee, plans, &all_header)?.with_premieres(Arc::new(Premieres::of(expansion)));
    if let Some(h) = history {
        feed = feed
            .versioned(Arc::clone(&h.versions))
            .linked(Arc::clone(&h.links));
    }
    for (i, o) in expansion.iter().enumerate() {
        let part = part_of(i, o);
        if everything || part.is_some() {
            to.set(part);
            feed.event(o)?;
        }
    }
    if let Some(h) = history {
        // What was cancelled, while its plan is still published.
        let live: BTreeSet<&str> = plans.iter().map(|p| p.id.as_str()).collect();
        for (e, version) in h.versions.cancelled() {
            if !live.contains(&*e.plan) {
                continue;
            }
            let part = (h.part_of_cancelled)(e);
            if everything || part.is_some() {
                to.set(part);
                feed.cancelled(e, version)?;
            }
        }
    }
    to.set(None);
    let Tee { all, mut parts, .. } = feed.finish()?;
    for out in &mut parts {
        out.write_all(END)?;
        out.flush()?;
    }
    Ok((all, parts))
}

/// How many bytes a feed of `plans` narrowed to `outlets` (all of them
/// when empty) has around its events, its events being `occurrences`: its
/// calendar's properties, its `VTIMEZONE`s and its last line. A feed of
/// some of those occurrences has no more.
///
/// # Errors
/// None in practice: nothing is written anywhere.
pub fn frame_len<'a, 'p: 'a>(
    plans: &[Plan],
    outlets: &[String],
    occurrences: impl IntoIterator<Item = &'a Occurrence<'p>>,
) -> io::Result<u64> {
    let mut zones = Zones::of(plans);
    for o in occurrences {
        zones.add(o);
    }
    let mut count = Counted::default();
    Feed::begin(&mut count, &[], &Header::of(plans, outlets, zones))?.finish()?;
    Ok(count.0)
}

/// How many bytes each occurrence of `expansion`, and each cancelled
/// occurrence of `cancelled`, takes in a feed that `versions` versions
/// and `links` links, as [`write_split`] writes them (a rerun's
/// description naming its premiere): for the feeds a calendar service
/// accepts, which must be sized before they are written. On every core.
///
/// # Errors
/// None in practice: nothing is written anywhere.
pub fn event_lens(
    plans: &[Plan],
    expansion: &Expansion<'_>,
    cancelled: &[(Entry, Version)],
    versions: &Arc<Versions>,
    links: &Arc<Links>,
) -> io::Result<(Vec<u32>, Vec<u64>)> {
    let occurrences = expansion.occurrences();
    let premieres = Arc::new(Premieres::of(expansion));
    let mut events = Vec::with_capacity(occurrences.len());
    let sized = |batch: &[Occurrence]| -> io::Result<Vec<u32>> {
        let mut count = Counted::default();
        let mut feed =
            counting(&mut count, plans, versions, links)?.with_premieres(Arc::clone(&premieres));
        let mut lens = Vec::with_capacity(batch.len());
        let mut before = feed.lines.get_ref().0;
        for o in batch {
            feed.event(o)?;
            let now = feed.lines.get_ref().0;
            // An event of 4 GB would not be written either.
            lens.push(u32::try_from(now - before).unwrap_or(u32::MAX));
            before = now;
        }
        Ok(lens)
    };
    cores::in_batches(occurrences, BATCH, sized, |lens| {
        events.extend(lens?);
        Ok::<(), io::Error>(())
    })?;
    let mut count = Counted::default();
    let mut feed = counting(&mut count, plans, versions, links)?;
    let mut lens = Vec::with_capacity(cancelled.len());
    let mut before = feed.lines.get_ref().0;
    for (e, version) in cancelled {
        feed.cancelled(e, version)?;
        let now = feed.lines.get_ref().0;
        lens.push(now - before);
        before = now;
    }
    Ok((events, lens))
}

/// A feed into `count`, versioned and linked, without a calendar's
/// properties: for [`event_lens`].
fn counting<'c>(
    count: &'c mut Counted,
    plans: &[Plan],
    versions: &Arc<Versions>,
    links: &Arc<Links>,
) -> io::Result<Feed<&'c mut Counted>> {
    let empty = Header {
        name: String::new(),
        refresh: String::new(),
        zones: Vec::new(),
    };
    Ok(Feed::begin(count, plans, &empty)?
        .versioned(Arc::clone(versions))
        .linked(Arc::clone(links)))
}

/// A writer that only counts what it is given.
#[derive(Debug, Default)]
struct Counted(u64);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a folder's history adds to its feeds ([`write_split`]): each
/// event's version, and the occurrences it cancelled, as events
/// `STATUS:CANCELLED` while their plan is published.
pub struct History<'a> {
    /// The versions of the folder's history.
    pub versions: Arc<Versions>,
    /// What the folder's events link to (see [`Feed::linked`]).
    pub links: Arc<Links>,
    /// The part (of `write_split`'s) a cancelled occurrence goes to, if any.
    pub part_of_cancelled: &'a dyn Fn(&Entry) -> Option<usize>,
}

/// What [`write_split`] writes through: everything to `all`, and what is
/// written while `to` names a part to that part too.
struct Tee<W, V> {
    all: Option<W>,
    parts: Vec<V>,
    to: Rc<std::cell::Cell<Option<usize>>>,
}

impl<W: Write, V: Write> Write for Tee<W, V> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(all) = &mut self.all {
            all.write_all(buf)?;
        }
        if let Some(part) = self.to.get().and_then(|k| self.parts.get_mut(k)) {
            part.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.all {
            Some(all) => all.flush(),
            None => Ok(()),
        }
    }
}

fn widen(
    zones: &mut BTreeMap<&'static str, (Tz, NaiveDate, NaiveDate)>,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) {
    let entry = zones.entry(tz.name()).or_insert((tz, from, to));
    entry.1 = entry.1.min(from);
    entry.2 = entry.2.max(to);
}

/// The `VTIMEZONE`s of a feed, gathered: each zone a timed event of the
/// feed is written in, over the plans' periods and the event's dates.
#[derive(Debug, Clone)]
struct Zones {
    spans: BTreeMap<&'static str, (Tz, NaiveDate, NaiveDate)>,
    used: BTreeSet<&'static str>,
}

impl Zones {
    /// The plans' zones over their periods, none used yet.
    fn of(plans: &[Plan]) -> Zones {
        let mut spans = BTreeMap::new();
        for plan in plans {
            widen(&mut spans, plan.timezone, plan.period.from, plan.period.to);
        }
        Zones {
            spans,
            used: BTreeSet::new(),
        }
    }

    /// Counts `o` in; an all-day occurrence has no zone to define.
    fn add(&mut self, o: &Occurrence) {
        if !o.all_day() {
            let (first, last) = o.dates();
            widen(&mut self.spans, o.timezone(), first, last);
            self.used.insert(o.timezone().name());
        }
    }

    /// Only zones some timed event is written in get a `VTIMEZONE`.
    fn into_vec(mut self) -> Vec<(Tz, NaiveDate, NaiveDate)> {
        self.spans.retain(|name, _| self.used.contains(name));
        self.spans.into_values().collect()
    }
}

/// The shortest refresh interval the plans ask for (`P1D` by default).
fn refresh(plans: &[Plan]) -> String {
    plans
        .iter()
        .map(|p| p.refresh)
        .min_by_key(|s| {
            (u64::from(s.weeks) * 7 + u64::from(s.days)) * 86_400
                + s.exact().num_seconds().unsigned_abs()
        })
        .map_or_else(|| "P1D".to_string(), duration)
}

/// A span (no months or years: the plan refuses those for `refresh`) as an
/// RFC 5545 `dur-value`, where weeks cannot be mixed with other units.
fn duration(s: crate::plan::Span) -> String {
    if s.weeks != 0 && s.days == 0 && !s.has_time() {
        return format!("P{}W", s.weeks);
    }
    let days = u64::from(s.weeks) * 7 + u64::from(s.days);
    let mut out = String::from("P");
    if days != 0 {
        out.push_str(&format!("{days}D"));
    }
    if s.has_time() {
        out.push('T');
        for (v, unit) in [(s.hours, 'H'), (s.minutes, 'M'), (s.seconds, 'S')] {
            if v != 0 {
                out.push_str(&format!("{v}{unit}"));
            }
        }
    }
    if out == "P" {
        out.push_str("T0S");
    }
    out
}

/// The calendar's own properties.
#[derive(Debug, Clone)]
pub struct Header {
    /// `NAME` and `X-WR-CALNAME`.
    pub name: String,
    /// `REFRESH-INTERVAL` and `X-PUBLISHED-TTL`, an ISO 8601 duration.
    pub refresh: String,
    /// One `VTIMEZONE` each: the zone and the local dates it must cover.
    pub zones: Vec<(Tz, NaiveDate, NaiveDate)>,
}

impl Header {
    /// The calendar of `plans` narrowed to `outlets` (all of them when
    /// empty), with the zones its events are written in.
    fn of(plans: &[Plan], outlets: &[String], zones: Zones) -> Header {
        Header {
            name: calendar_name(plans, outlets),
            refresh: refresh(plans),
            zones: zones.into_vec(),
        }
    }
}

/// A feed being written: begun with the calendar's properties, then events
/// one at a time, then [`Feed::finish`].
pub struct Feed<W: Write> {
    lines: LineWriter<W>,
    /// What every event of an activity repeats, by [`Occurrence::group`]:
    /// joined once, so no event searches the plans.
    groups: Arc<Vec<Joined>>,
    /// Each event's `SEQUENCE` and `LAST-MODIFIED`, from the folder's
    /// history; without one, every event is version 0 of the plan.
    versions: Arc<Versions>,
    /// What events link to, by UID: the reports of the deadlines' periods.
    links: Arc<Links>,
    /// What a rerun's description says of its premiere, by premiere.
    premieres: Arc<Premieres>,
    /// The UID of the event being written.
    uid: String,
}

/// Which premiere: its activity's group, the date its rule gave, its
/// ordinal (what a rerun shares with its premiere).
type PremiereKey = (u32, NaiveDate, u32);

/// The first line of each rerun's `DESCRIPTION`, by its premiere: when and
/// where the premiere was (`Phát lại buổi phát lần đầu lúc 17:45, Thứ Tư
/// 18/01/2023, trên Đài PT-TH Kiên Giang – kênh KG`).
#[derive(Debug, Default)]
pub struct Premieres(std::collections::HashMap<PremiereKey, String, foldhash::fast::FixedState>);

impl Premieres {
    /// The premieres of `expansion` that have reruns.
    pub fn of(expansion: &Expansion<'_>) -> Premieres {
        let mut lines =
            std::collections::HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
        for group in expansion.groups() {
            if group.activity.reruns.is_empty() {
                continue;
            }
            for o in expansion.members(group) {
                if o.role() == Role::Premiere {
                    lines.insert((o.group, o.rule_date, o.ordinal), premiere_line(o));
                }
            }
        }
        Premieres(lines)
    }

    /// The line of `rerun`'s premiere, when known.
    pub(super) fn line(&self, rerun: &Occurrence) -> Option<&str> {
        self.0
            .get(&(rerun.group, rerun.rule_date, rerun.ordinal))
            .map(String::as_str)
    }
}

/// What a rerun says of its premiere `o`: its time, day and outlet.
fn premiere_line(o: &Occurrence) -> String {
    let common = crate::words::Common::of(Lang::Vi);
    let mut line = String::new();
    let day = |d: NaiveDate| {
        use chrono::Datelike;
        format!(
            "{} {}",
            common.weekday_long(d.weekday()),
            d.format("%d/%m/%Y")
        )
    };
    match o.start {
        Moment::At(t) => {
            let _ = write!(
                line,
                "{}{}, {}",
                WORDS.rerun_of_at,
                t.format("%H:%M"),
                day(t.date_naive())
            );
        }
        Moment::Day(d) => {
            line.push_str(WORDS.rerun_of_day);
            line.push_str(&day(d));
        }
    }
    if let Some(outlet) = o.outlet {
        line.push_str(WORDS.on_outlet);
        line.push_str(&outlet.name);
    }
    line
}

/// A file an event links to (a deadline's report): its name in the
/// folder, and its address when the folder's is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The file, `bao-cao-2023-Q1.docx`: said in the `DESCRIPTION`.
    pub file: String,
    /// Its absolute address, the event's `URL`.
    pub url: Option<String>,
}

/// The links of events, by UID.
pub type Links = std::collections::HashMap<String, Link>;

/// An activity with its plan, the colour its events carry, its plan's
/// `DTSTAMP` and the lines of its description around the holiday's.
#[derive(Clone)]
struct Joined {
    /// Which activity it is: its address, compared, never read through.
    activity: usize,
    color: &'static str,
    stamp: Arc<str>,
    /// Its lines before a holiday's (lead, partners, product, budget).
    about: Vec<String>,
    /// The plan's line, after a holiday's.
    plan_line: String,
    /// The description of an event on no holiday, escaped as TEXT.
    description: String,
}

impl<W: Write> Feed<W> {
    /// Writes everything before the first event. `plans` are those the
    /// occurrences were expanded from, in the same order.
    ///
    /// # Errors
    /// Any write failure of `out`.
    pub fn begin(out: W, plans: &[Plan], header: &Header) -> io::Result<Feed<W>> {
        let mut lines = LineWriter::new(out);
        lines.raw("BEGIN", &[], "VCALENDAR")?;
        lines.raw("VERSION", &[], "2.0")?;
        lines.text("PRODID", &[], PRODID)?;
        lines.raw("CALSCALE", &[], "GREGORIAN")?;
        // No METHOD: a feed is a snapshot of the plan, not an iTIP message
        // (RFC 5545 §3.7.2). METHOD:PUBLISH would require an ORGANIZER in
        // every event (RFC 5546 §3.2.1; libical refuses the feed without
        // one), and an ORGANIZER makes a slot a meeting someone invited the
        // subscriber to. Outlook reads a calendar without METHOD as PUBLISH.
        lines.text("NAME", &[], &header.name)?;
        lines.text("X-WR-CALNAME", &[], &header.name)?;
        // No X-WR-TIMEZONE: every time is in UTC or has its TZID, so it
        // changes no time for a client that reads it as the zone of floating
        // times, and recurring-ical-events, which moves UTC times into it,
        // loses the repeated hour's second instance (docs/reference/feed-time-zones.md).
        lines.raw(
            "REFRESH-INTERVAL",
            &[("VALUE", "DURATION")],
            &header.refresh,
        )?;
        lines.raw("X-PUBLISHED-TTL", &[], &header.refresh)?;
        for (tz, from, to) in &header.zones {
            tz::write_vtimezone(&mut lines, *tz, *from, *to)?;
        }
        let mut groups = Vec::new();
        for plan in plans {
            let stamp: Arc<str> = utc_stamp(plan.timezone, plan.published).into();
            for activity in &plan.activities {
                groups.push(join(plan, activity, stamp.clone()));
            }
        }
        Ok(Feed {
            lines,
            groups: Arc::new(groups),
            versions: Arc::default(),
            links: Arc::default(),
            premieres: Arc::default(),
            uid: String::new(),
        })
    }

    /// The feed with each rerun's description naming its premiere, one of
    /// `premieres` (without, a rerun says it is one).
    #[must_use]
    pub fn with_premieres(mut self, premieres: Arc<Premieres>) -> Feed<W> {
        self.premieres = premieres;
        self
    }

    /// The feed with each event of `links` linking to its file.
    #[must_use]
    pub fn linked(mut self, links: Arc<Links>) -> Feed<W> {
        self.links = links;
        self
    }

    /// The feed with each event's `SEQUENCE` and `LAST-MODIFIED` (and
    /// `DTSTAMP`) taken from `versions`, a folder's history.
    #[must_use]
    pub fn versioned(mut self, versions: Arc<Versions>) -> Feed<W> {
        self.versions = versions;
        self
    }

    /// Writes one occurrence as one `VEVENT`. A timed occurrence's zone
    /// must be among the header's `zones`, so its `TZID` has a `VTIMEZONE`.
    ///
    /// # Errors
    /// Any write failure.
    pub fn event(&mut self, o: &Occurrence) -> io::Result<()> {
        self.lines.raw("BEGIN", &[], "VEVENT")?;
        self.uid.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.uid, "{}", o.uid());
        self.lines.text("UID", &[], &self.uid)?;
        self.stamp(o)?;
        self.span(o.start, o.end, o.timezone())?;
        let related = o.premiere_uid();
        let related = related.as_ref().map(|r| r as &dyn std::fmt::Display);
        let links = Arc::clone(&self.links);
        let premieres = Arc::clone(&self.premieres);
        let rerun_of = match o.role() {
            Role::Premiere => None,
            Role::Rerun => Some(premieres.line(o).unwrap_or(WORDS.rerun_series)),
        };
        self.describe(o, o.holiday, related, links.get(&self.uid), rerun_of)?;
        self.lines.raw("END", &[], "VEVENT")
    }

    /// Writes each of `occurrences` as [`Feed::event`] does, formatting
    /// batches of them on every core and writing them in order.
    ///
    /// # Errors
    /// Any write failure.
    pub fn events(&mut self, occurrences: &[&Occurrence]) -> io::Result<()> {
        if occurrences.len() < 2 * BATCH {
            for o in occurrences {
                self.event(o)?;
            }
            return Ok(());
        }
        let groups = Arc::clone(&self.groups);
        let versions = Arc::clone(&self.versions);
        let links = Arc::clone(&self.links);
        let premieres = Arc::clone(&self.premieres);
        let format = |batch: &[&Occurrence]| {
            let mut feed = Feed {
                lines: LineWriter::new(Vec::with_capacity(batch.len() * 512)),
                groups: Arc::clone(&groups),
                versions: Arc::clone(&versions),
                links: Arc::clone(&links),
                premieres: Arc::clone(&premieres),
                uid: String::new(),
            };
            for o in batch {
                feed.event(o)?;
            }
            feed.lines.into_inner()
        };
        cores::in_batches(occurrences, BATCH, format, |bytes| {
            self.lines.write_formatted(&bytes?)
        })
    }

    /// Writes the end of the calendar and returns the output, flushed.
    ///
    /// # Errors
    /// Any write failure.
    pub fn finish(mut self) -> io::Result<W> {
        self.lines.raw("END", &[], "VCALENDAR")?;
        self.lines.into_inner()
    }

    /// The capacity of the line buffer (constant, whatever the event count).
    pub fn buffer_capacity(&self) -> usize {
        self.lines.buffer_capacity()
    }

    /// `DTSTAMP`, `SEQUENCE` and `LAST-MODIFIED` of the event of `o`
    /// (whose UID is [`Feed::uid`]): from its version when the folder's
    /// history knows it, else version 0 of its plan's `published` time.
    fn stamp(&mut self, o: &Occurrence) -> io::Result<()> {
        let version = self.versions.of(&self.uid);
        let modified = version.and_then(|v| v.modified).map(utc);
        let stamp = match modified {
            Some(m) => Cow::Owned(m),
            None => match joined(&self.groups, o) {
                Cow::Borrowed(j) => Cow::Borrowed(&*j.stamp),
                Cow::Owned(j) => Cow::Owned(j.stamp.to_string()),
            },
        };
        let sequence = version.map_or(0, |v| v.sequence);
        versioned_stamp(&mut self.lines, &stamp, sequence)
    }

    /// Writes an occurrence a publication cancelled, as it was: the same
    /// UID, `STATUS:CANCELLED` with its `SEQUENCE` raised, `[ĐÃ HỦY]`
    /// before its title (Outlook shows the status nowhere), free time
    /// (`TRANSP:TRANSPARENT`), its times in UTC (its plan's zone may be
    /// gone from the feed). Nothing is written when the history does not
    /// say when it was cancelled.
    ///
    /// # Errors
    /// Any write failure.
    pub fn cancelled(&mut self, e: &Entry, version: &Version) -> io::Result<()> {
        let Some(modified) = version.modified else {
            return Ok(());
        };
        self.lines.raw("BEGIN", &[], "VEVENT")?;
        self.lines.text("UID", &[], &e.uid)?;
        versioned_stamp(&mut self.lines, &utc(modified), version.sequence)?;
        for (name, m) in [("DTSTART", e.start), ("DTEND", e.end)] {
            match m {
                Moment::Day(d) => self.lines.raw(name, &[("VALUE", "DATE")], &basic_date(d))?,
                Moment::At(t) => self.lines.raw(name, &[], &utc(t))?,
            }
        }
        let rerun = match e.role {
            Role::Rerun => RERUN_PREFIX,
            Role::Premiere => "",
        };
        self.lines
            .text_parts("SUMMARY", &[], &[WORDS.cancelled_prefix, rerun, &e.title])?;
        self.lines.text("DESCRIPTION", &[], WORDS.cancelled)?;
        self.lines.raw("STATUS", &[], "CANCELLED")?;
        self.lines.raw("TRANSP", &[], "TRANSPARENT")?;
        if let Some(outlet) = &e.outlet {
            self.lines.text("X-CASTCAL-OUTLET", &[], outlet)?;
        }
        self.lines.raw("X-CASTCAL-ROLE", &[], e.role.as_str())?;
        self.lines.raw("END", &[], "VEVENT")
    }

    /// `DTSTART` and `DTEND` of an event that does not recur, as
    /// [`Feed::moment`] writes them; but when the end is in UTC (it falls in
    /// the repeated hour) the start is too. Python's recurring-ical-events
    /// ends an event at its start plus its exact length added in wall-clock
    /// time, an hour late for a local start before the change and an end in
    /// UTC after it; a start in UTC is added to in UTC.
    fn span(&mut self, start: Moment, end: Moment, tz: Tz) -> io::Result<()> {
        match (value_of(start, tz), value_of(end, tz)) {
            (Value::Local(_), Value::Utc(e)) => {
                if let Moment::At(t) = start {
                    self.lines.raw("DTSTART", &[], &utc(t))?;
                }
                self.lines.raw("DTEND", &[], &e)
            }
            _ => {
                self.moment("DTSTART", start, tz)?;
                self.moment("DTEND", end, tz)
            }
        }
    }

    /// `NAME;TZID=…:local` for a time (UTC `…Z` when the local time would
    /// be ambiguous), `NAME;VALUE=DATE:…` for a date.
    fn moment(&mut self, name: &str, m: Moment, tz: Tz) -> io::Result<()> {
        match value_of(m, tz) {
            Value::Date(d) => self.lines.raw(name, &[("VALUE", "DATE")], &d),
            Value::Local(t) => self.lines.raw(name, &[("TZID", tz.name())], &t),
            Value::Utc(t) => self.lines.raw(name, &[], &t),
        }
    }

    /// Everything but the dates and UID: what it is, where, for whom. A
    /// rerun's description says `rerun_of` (its premiere) instead of what
    /// its premiere's says (lead, partners, product, budget).
    fn describe(
        &mut self,
        o: &Occurrence,
        holiday: Option<&str>,
        related: Option<&dyn std::fmt::Display>,
        link: Option<&Link>,
        rerun_of: Option<&str>,
    ) -> io::Result<()> {
        match o.role() {
            Role::Premiere => self.lines.text("SUMMARY", &[], o.title())?,
            Role::Rerun => self
                .lines
                .text_parts("SUMMARY", &[], &[RERUN_PREFIX, o.title()])?,
        }
        if let Some(outlet) = o.outlet {
            self.lines.text("LOCATION", &[], &outlet.name)?;
        }
        let joined = joined(&self.groups, o);
        if let Some(premiere) = rerun_of {
            let d = description(&[premiere.to_string()], holiday, &joined.plan_line);
            self.lines.text("DESCRIPTION", &[], &d)?;
        } else {
            premiere_description(&mut self.lines, &joined, holiday, link)?;
        }
        let kind = crate::words::Common::of(Lang::Vi).kind(o.kind());
        self.lines.texts("CATEGORIES", &[kind])?;
        let status = match o.status() {
            Status::Confirmed => "CONFIRMED",
            Status::Tentative => "TENTATIVE",
        };
        self.lines.raw("STATUS", &[], status)?;
        let transp = if o.all_day() { "TRANSPARENT" } else { "OPAQUE" };
        self.lines.raw("TRANSP", &[], transp)?;
        if let Some(uid) = related {
            self.lines
                .text_display("RELATED-TO", &[("RELTYPE", "PARENT")], uid)?;
        }
        self.lines.raw("COLOR", &[], joined.color)?;
        if let Some(url) = link.and_then(|l| l.url.as_deref()) {
            self.lines.text("URL", &[("VALUE", "URI")], url)?;
        }
        if let Some(outlet) = o.outlet {
            self.lines.text("X-CASTCAL-OUTLET", &[], &outlet.id)?;
        }
        self.lines.raw("X-CASTCAL-ROLE", &[], o.role().as_str())
    }
}

/// A premiere's `DESCRIPTION`: its activity's lines, the holiday, the
/// report it links to, the plan.
fn premiere_description<W: Write>(
    lines: &mut LineWriter<W>,
    joined: &Joined,
    holiday: Option<&str>,
    link: Option<&Link>,
) -> io::Result<()> {
    match (holiday, link) {
        (_, Some(link)) => {
            let mut d = description(&joined.about, holiday, &joined.plan_line);
            if !d.is_empty() {
                d.push('\n');
            }
            d.push_str(WORDS.report);
            d.push_str(&link.file);
            lines.text("DESCRIPTION", &[], &d)?;
        }
        (None, None) if joined.description.is_empty() => {}
        (None, None) => lines.text_escaped("DESCRIPTION", &[], &joined.description)?,
        (Some(h), None) => {
            let d = description(&joined.about, Some(h), &joined.plan_line);
            lines.text("DESCRIPTION", &[], &d)?;
        }
    }
    Ok(())
}

/// `DTSTAMP`, `SEQUENCE` and `LAST-MODIFIED`: a feed has no `METHOD`, so
/// `DTSTAMP` is when the event was last revised (RFC 5545 §3.8.7.2), as
/// `LAST-MODIFIED` says.
fn versioned_stamp<W: Write>(
    lines: &mut LineWriter<W>,
    stamp: &str,
    sequence: u32,
) -> io::Result<()> {
    lines.raw("DTSTAMP", &[], stamp)?;
    lines.raw("SEQUENCE", &[], &sequence.to_string())?;
    lines.raw("LAST-MODIFIED", &[], stamp)
}

/// What is joined to `o`'s activity: found by its group when the feed was
/// begun with the plans it was expanded from, made here otherwise.
fn joined<'a>(groups: &'a [Joined], o: &Occurrence) -> Cow<'a, Joined> {
    match groups.get(o.group as usize) {
        Some(j) if j.activity == address(o.activity) => Cow::Borrowed(j),
        _ => {
            let stamp = utc_stamp(o.plan.timezone, o.plan.published).into();
            Cow::Owned(join(o.plan, o.activity, stamp))
        }
    }
}

/// Where `activity` is in memory: which one it is.
fn address(activity: &Activity) -> usize {
    std::ptr::from_ref(activity) as usize
}

/// Joins what every event of `activity` (in `plan`) repeats.
fn join(plan: &Plan, activity: &Activity, stamp: Arc<str>) -> Joined {
    let about = about(activity);
    let plan_line = match &plan.reference {
        Some(r) => format!("{}{} ({r})", WORDS.plan, plan.title),
        None => format!("{}{}", WORDS.plan, plan.title),
    };
    Joined {
        activity: address(activity),
        color: palette::color_of(activity).name,
        stamp,
        description: line::escape_text(&description(&about, None, &plan_line)),
        about,
        plan_line,
    }
}

/// A date or date-time as RFC 5545 writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Date(String),
    Local(String),
    Utc(String),
}

fn value_of(m: Moment, tz: Tz) -> Value {
    match m {
        Moment::Day(d) => Value::Date(basic_date(d)),
        Moment::At(t) => {
            let local = t.naive_local();
            // In the hour repeated when clocks go back, a local time means
            // its first instance (RFC 5545 §3.3.5), but ical.js (Thunderbird)
            // reads the second: both instances are written in UTC.
            match tz.from_local_datetime(&local) {
                LocalResult::Single(_) => Value::Local(basic(local, "")),
                _ => Value::Utc(utc(t)),
            }
        }
    }
}

fn utc<Z: TimeZone>(t: DateTime<Z>) -> String {
    basic(t.naive_utc(), "Z")
}

/// `YYYYMMDD`, RFC 5545's DATE (years 1 to 9999: expansion refuses others).
fn basic_date(d: NaiveDate) -> String {
    let mut out = String::with_capacity(8);
    push_date(&mut out, d);
    out
}

/// `YYYYMMDDTHHMMSS` and `suffix`, RFC 5545's DATE-TIME, written by hand:
/// chrono's `format` parses its pattern again for every value.
fn basic(t: chrono::NaiveDateTime, suffix: &str) -> String {
    use chrono::Timelike;
    let mut out = String::with_capacity(16);
    push_date(&mut out, t.date());
    out.push('T');
    for n in [t.hour(), t.minute(), t.second()] {
        push_digits(&mut out, n, 2);
    }
    out.push_str(suffix);
    out
}

fn push_date(out: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    push_digits(out, u32::try_from(d.year()).unwrap_or(0), 4);
    push_digits(out, d.month(), 2);
    push_digits(out, d.day(), 2);
}

/// The plan's `published` time (plan time) as a UTC `DTSTAMP`.
fn utc_stamp(tz: Tz, published: chrono::NaiveDateTime) -> String {
    utc(crate::zone::place_in_zone(published, tz))
}

/// The feeds' words: Vietnamese, like the plan.
const WORDS: &feed::Words = &feed::Words::VI;

/// An activity's lines of `DESCRIPTION` before any holiday's: lead,
/// partners, product, budget, labelled in Vietnamese like the plan itself.
fn about(a: &Activity) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(lead) = &a.lead {
        lines.push(format!("{}{lead}", WORDS.lead));
    }
    if !a.partners.is_empty() {
        lines.push(format!("{}{}", WORDS.partners, a.partners.join("; ")));
    }
    if let Some(product) = &a.product {
        lines.push(format!("{}{product}", WORDS.product));
    }
    if let Some(budget) = a.budget_vnd {
        let amount = crate::format::money(budget.into(), Lang::Vi);
        lines.push(format!("{}{amount}", WORDS.budget));
    }
    lines
}

/// The event's `DESCRIPTION`: the activity's lines, the holiday and the
/// plan, one per line.
fn description(about: &[String], holiday: Option<&str>, plan_line: &str) -> String {
    let mut out = about.join("\n");
    if let Some(h) = holiday {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(WORDS.day_off);
        out.push_str(h);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(plan_line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// Events formatted in batches on several cores are the events written
    /// one at a time, in the same order.
    #[test]
    fn batches_write_what_one_event_at_a_time_writes() {
        let plans = [crate::testing::daily_plan("Europe/Berlin", "A", |i| {
            format!("\"Tiêu đề {i}, dài\"")
        })];
        let expansion = crate::expand(&plans).unwrap();
        let all: Vec<&Occurrence> = expansion.iter().collect();
        assert!(all.len() > 2 * BATCH, "{}", all.len());
        let header = Header {
            name: "P".into(),
            refresh: "P1D".into(),
            zones: Vec::new(),
        };
        let mut one = Feed::begin(Vec::new(), &plans, &header).unwrap();
        for o in &all {
            one.event(o).unwrap();
        }
        let mut batched = Feed::begin(Vec::new(), &plans, &header).unwrap();
        batched.events(&all).unwrap();
        let (one, batched) = (one.finish().unwrap(), batched.finish().unwrap());
        assert_eq!(
            String::from_utf8(batched).unwrap(),
            String::from_utf8(one).unwrap()
        );
    }

    #[test]
    fn refresh_intervals_are_rfc_5545_durations() {
        let cases = [
            ("P1D", "P1D"),
            ("P2W", "P2W"),
            ("P1W2D", "P9D"),
            ("P1WT12H", "P7DT12H"),
            ("PT6H", "PT6H"),
            ("PT1H30M", "PT1H30M"),
            ("P1DT1S", "P1DT1S"),
        ];
        for (text, want) in cases {
            let span = crate::plan::Span::parse(text).unwrap();
            assert_eq!(duration(span), want, "{text}");
        }
    }

    /// A calendar's name calls a plan by its short title, else by a
    /// short title, its number, or its first words.
    #[test]
    fn short_titles() {
        let plan = |title: &str, extra: &str| {
            let text = format!(
                "plan: {{ id: p, title: \"{title}\", timezone: UTC, {extra}\n  \
                 period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\nactivities: []\n"
            );
            crate::plan::load_one("p.yaml".as_ref(), text).unwrap()
        };
        let long = "Kế hoạch thông tin, tuyên truyền về cải cách hành chính năm 2023";
        let cases = [
            (long, "short_title: \"CCHC 2023\",", "CCHC 2023"),
            (long, "short_title: \" \",", "Kế hoạch 61/KH-UBND"),
            (
                long,
                "reference: \"61/KH-UBND, 06/03/2023\",",
                "Kế hoạch 61/KH-UBND",
            ),
            (long, "", "Kế hoạch thông tin, tuyên truyền về cải…"),
            (
                "Lịch phát sóng 2023",
                "reference: \"1/KH\",",
                "Lịch phát sóng 2023",
            ),
            (&"X".repeat(60), "", &format!("{}…", "X".repeat(39))),
        ];
        for (title, extra, want) in cases {
            let extra = match extra {
                "short_title: \" \"," => {
                    "short_title: \" \", reference: \"61/KH-UBND, 06/03/2023\","
                }
                e => e,
            };
            let p = plan(title, extra);
            assert_eq!(short_title(&p), want, "{title} {extra}");
            assert!(short_title(&p).chars().count() <= SHORT_TITLE);
        }
        let p = [plan(long, "short_title: \"CCHC 2023\",")];
        assert_eq!(calendar_name(&p, &[]), "CCHC 2023");
        assert_eq!(
            calendar_name(&p, &["KG".to_string(), "KG1".to_string()]),
            "KG, KG1 – CCHC 2023"
        );
    }

    #[test]
    fn budgets_are_grouped_by_thousands() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1.000"),
            (91_596_816, "91.596.816"),
            (235_000_000, "235.000.000"),
        ];
        for (n, want) in cases {
            assert_eq!(crate::format::grouped(n), want);
        }
    }

    #[test]
    fn both_instances_of_a_repeated_hour_are_written_in_utc() {
        let tz = chrono_tz::Europe::Berlin;
        let first = Utc
            .with_ymd_and_hms(2023, 10, 29, 0, 30, 0)
            .unwrap()
            .with_timezone(&tz);
        let second = Utc
            .with_ymd_and_hms(2023, 10, 29, 1, 30, 0)
            .unwrap()
            .with_timezone(&tz);
        assert_eq!(
            value_of(Moment::in_zone(first), tz),
            Value::Utc("20231029T003000Z".into())
        );
        let before = Utc
            .with_ymd_and_hms(2023, 10, 28, 23, 59, 0)
            .unwrap()
            .with_timezone(&tz);
        let after = Utc
            .with_ymd_and_hms(2023, 10, 29, 2, 0, 0)
            .unwrap()
            .with_timezone(&tz);
        assert_eq!(
            value_of(Moment::in_zone(before), tz),
            Value::Local("20231029T015900".into())
        );
        assert_eq!(
            value_of(Moment::in_zone(after), tz),
            Value::Local("20231029T030000".into())
        );
        assert_eq!(
            value_of(Moment::in_zone(second), tz),
            Value::Utc("20231029T013000Z".into())
        );
    }
}
