//! Occurrences as an XMLTV programme guide, for a station's electronic
//! programme guide (EPG), playout and TV tools.
//!
//! XMLTV (the format of the XMLTV project's `xmltv.dtd`) lists channels
//! and programmes: a `<tv>` element, one `<channel>` per tv or radio
//! outlet with a programme, then one `<programme>` per timed occurrence on such an outlet,
//! in the order of [`crate::expand()`]. All-day windows (a newspaper's
//! week, a campaign) and outlets of other kinds are left out: a guide
//! lists what airs at a time on a channel.
//!
//! A programme gives, in the order the DTD fixes:
//!
//! - `start` and `stop`, `YYYYMMDDhhmmss ±hhmm` in the plan's zone, with
//!   the offset of that instant (so `+0100` in a Berlin winter and `+0200`
//!   in its summer), and `channel`, the outlet's [`channel_id`];
//! - `title` (`lang="vi"`), the activity's title;
//! - `desc` (`lang="vi"`): lead, partners, product, budget, the day off it
//!   falls on, whether it is tentative, the plan ([`guide::Words`]);
//! - `category`, the activity's kind, in Vietnamese and in English;
//! - `length` in minutes (in seconds when it is no whole number of them);
//! - `episode-num system="castcal"`: the UID of its premiere, the same on a
//!   premiere and on each of its reruns (they show one issue);
//! - on a rerun `previously-shown` with its premiere's `start` and, when
//!   the premiere aired on a tv or radio outlet, its `channel`; on a
//!   premiere `premiere`.
//!
//! The bytes are decided here: UTF-8, `\n` line ends, two spaces of
//! indentation, text escaped by [`escape`]. The same plans give the same
//! bytes: the guide's `date` is the latest `published` of the plans, never
//! the clock. Programmes are formatted in batches on every core and
//! written as they come, so the memory used does not grow with their
//! number (but for an index of the premieres that have reruns).
//!
//! # Example
//! ```
//! let text = r#"
//! plan: { id: kg, title: Plan, timezone: Asia/Ho_Chi_Minh,
//!         period: { from: 2023-01-01, to: 2023-12-31 } }
//! outlets: { KG: { name: Kênh KG, kind: tv } }
//! activities:
//!   - { id: segment, title: Segment, kind: broadcast, outlet: KG,
//!       start: 2023-01-18T17:45, rrule: "FREQ=MONTHLY;BYDAY=3WE", duration: PT12M,
//!       reruns: [{ days_after: 1, at: "06:00" }] }
//! "#;
//! let plans = [castcal::plan::load_one("kg.yaml".as_ref(), text.to_string())?];
//! let occurrences = castcal::expand(&plans)?;
//! let options = castcal::export::xmltv::Options::default();
//! let bytes = castcal::export::xmltv::render(&plans, &occurrences, &options)?;
//! let text = String::from_utf8(bytes)?;
//! assert!(text.contains(r#"<channel id="KG.castcal">"#));
//! assert!(text.contains(
//!     r#"<programme start="20230119060000 +0700" stop="20230119061200 +0700" channel="KG.castcal">"#
//! ));
//! assert!(text.contains(r#"<previously-shown start="20230118174500 +0700" channel="KG.castcal" />"#));
//! assert_eq!(text.matches("<premiere />").count(), 12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::{Borrow, Cow};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

use crate::cores;
use crate::export::push_digits;
use crate::occurrence::{Moment, Occurrence, Role};
use crate::plan::{Activity, OutletKind, Plan, Selection, Status};
use crate::words::{guide, Common, Lang};

/// What writes the guide: the `generator-info-name` of its `<tv>`.
pub const GENERATOR: &str = concat!("castcal/", env!("CARGO_PKG_VERSION"));

/// What ends every channel id (see [`channel_id`]).
pub const CHANNEL_SUFFIX: &str = ".castcal";

/// How many programmes a core formats at a time.
const BATCH: usize = 4096;

/// The guide's words: Vietnamese, like the plan.
const WORDS: &guide::Words = &guide::Words::VI;

/// How to write the guide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Keep only these outlets (their channels and programmes); every tv
    /// and radio outlet of all.
    pub outlets: Selection,
}

/// Whether an outlet of this kind is a channel of the guide: tv and radio.
pub fn is_channel(kind: OutletKind) -> bool {
    matches!(kind, OutletKind::Tv | OutletKind::Radio)
}

/// Whether `o` is a programme of the guide: a timed slot on a tv or radio outlet.
pub fn is_programme(o: &Occurrence) -> bool {
    !o.all_day() && o.outlet.is_some_and(|x| is_channel(x.kind))
}

/// The XMLTV channel id of the outlet `id`: the id and [`CHANNEL_SUFFIX`],
/// `KG` → `KG.castcal`, the RFC 2838 form (a DNS-like name) XMLTV asks
/// for. It depends on the outlet id alone, so it stays the same whatever
/// plans are read with it. A DNS label has no `_`: an id with some is
/// written with `-` in their place, followed by a label `u` and their
/// places (from 0, joined by `-`), so that no two ids share a channel id:
/// `KG_2` → `KG-2.u2.castcal`, `KG-2` → `KG-2.castcal`.
///
/// ```
/// use castcal::export::xmltv::channel_id;
/// assert_eq!(channel_id("KG1"), "KG1.castcal");
/// assert_eq!(channel_id("vtv_3_hd"), "vtv-3-hd.u3-5.castcal");
/// ```
pub fn channel_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 16);
    push_channel_id(&mut out, id);
    out
}

fn push_channel_id(out: &mut String, id: &str) {
    let mut places = Vec::new();
    for (i, c) in id.char_indices() {
        if c == '_' {
            places.push(i);
            out.push('-');
        } else {
            out.push(c);
        }
    }
    for (k, i) in places.iter().enumerate() {
        out.push_str(if k == 0 { ".u" } else { "-" });
        // Writing to a String cannot fail.
        let _ = write!(out, "{i}");
    }
    out.push_str(CHANNEL_SUFFIX);
}

/// Why the outlet `id` cannot be written as a channel of a guide: the
/// plans declare it, but as no tv or radio outlet. `None` when one of them
/// does, or when none declares it (what [`crate::plan::unknown_outlet`] says).
///
/// ```
/// # let text = "plan: { id: p, title: P, timezone: UTC, period: { from: 2023-01-01, to: 2023-01-31 } }\n\
/// # outlets: { KG: { name: KG, kind: tv }, BKG: { name: Báo, kind: newspaper } }\nactivities: []\n";
/// let plans = [castcal::plan::load_one("p.yaml".as_ref(), text.to_string())?];
/// assert_eq!(castcal::export::xmltv::not_a_channel(&plans, "KG"), None);
/// assert_eq!(
///     castcal::export::xmltv::not_a_channel(&plans, "BKG").as_deref(),
///     Some("kênh `BKG` thuộc loại `newspaper`; lịch phát sóng (XMLTV) chỉ có các kênh truyền hình và phát thanh: KG")
/// );
/// # Ok::<(), castcal::plan::LoadError>(())
/// ```
pub fn not_a_channel(plans: &[Plan], id: &str) -> Option<String> {
    let declared: Vec<OutletKind> = plans
        .iter()
        .filter_map(|p| p.outlet(id))
        .map(|o| o.kind)
        .collect();
    let kind = declared.first()?;
    if declared.iter().any(|k| is_channel(*k)) {
        return None;
    }
    let channels: Vec<&str> = channels(plans, &Selection::all()).into_keys().collect();
    let kind = kind.as_str();
    let said = if channels.is_empty() {
        crate::say!(
            "kênh `{id}` thuộc loại `{kind}`; lịch phát sóng (XMLTV) chỉ có các kênh truyền hình và phát thanh, mà kế hoạch không có kênh nào như vậy",
            "the outlet `{id}` is of kind `{kind}`; a programme guide (XMLTV) holds only tv and radio outlets: the plans declare none"
        )
    } else {
        let channels = channels.join(", ");
        crate::say!(
            "kênh `{id}` thuộc loại `{kind}`; lịch phát sóng (XMLTV) chỉ có các kênh truyền hình và phát thanh: {channels}",
            "the outlet `{id}` is of kind `{kind}`; a programme guide (XMLTV) holds only tv and radio outlets: {channels}"
        )
    };
    Some(said.to_string())
}

/// The channels of a guide of `outlets`: each tv or radio outlet id with
/// the name the first plan declaring it so gives it, in id order.
fn channels<'p>(plans: &'p [Plan], outlets: &Selection) -> BTreeMap<&'p str, &'p str> {
    let mut ids = BTreeMap::new();
    for plan in plans {
        for o in plan.outlets.iter() {
            if is_channel(o.kind) && outlets.keeps(Some(o)) {
                ids.entry(o.id.as_str()).or_insert(o.name.as_str());
            }
        }
    }
    ids
}

/// Writes the guide of `occurrences` (all of them, in [`crate::expand()`]
/// order; [`Options::outlets`] picks the channels) to `out`.
///
/// # Errors
/// Any write failure of `out`.
pub fn write<W: Write>(
    out: W,
    plans: &[Plan],
    occurrences: &[Occurrence],
    options: &Options,
) -> io::Result<()> {
    let guide = Guide::new(plans, occurrences);
    guide.write(out, &options.outlets, occurrences)
}

/// The guide as bytes; see [`write()`].
///
/// # Errors
/// None in practice (it writes to memory); the type is [`write()`]'s.
pub fn render(
    plans: &[Plan],
    occurrences: &[Occurrence],
    options: &Options,
) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write(&mut bytes, plans, occurrences, options)?;
    Ok(bytes)
}

/// Which premiere: its activity's group, the date its rule gave, its ordinal.
type Key = (u32, NaiveDate, u32);

/// What every guide of some occurrences needs, worked out once: what each
/// activity's programmes repeat, and where each premiere with reruns is.
pub(crate) struct Guide<'o, 'p> {
    plans: &'p [Plan],
    occurrences: &'o [Occurrence<'p>],
    /// By group: what the activity's programmes repeat.
    groups: Vec<Joined>,
    /// The index in `occurrences` of every premiere of an activity with reruns.
    premieres: HashMap<Key, u32, foldhash::fast::FixedState>,
    /// The outlets with at least one programme: the only channels listed
    /// (the XMLTV validator refuses a channel without one).
    airing: BTreeSet<&'p str>,
}

/// What every programme of one activity repeats, escaped.
#[derive(Clone)]
struct Joined {
    /// Which activity it is: its address, compared, never read through.
    activity: usize,
    title: String,
    /// The description of a programme on no day off.
    desc: String,
    /// The description's parts before a day off's: lead, partners, product, budget.
    about: String,
    /// Its last part: the plan.
    plan: String,
    tentative: bool,
}

impl<'o, 'p> Guide<'o, 'p> {
    /// Joins `occurrences` (as [`crate::expand()`] gave them from `plans`)
    /// to their activities and their premieres, in one pass.
    pub(crate) fn new(plans: &'p [Plan], occurrences: &'o [Occurrence<'p>]) -> Self {
        let groups = plans
            .iter()
            .flat_map(|plan| plan.activities.iter().map(move |a| join(plan, a)))
            .collect();
        let mut premieres = HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
        let mut airing = BTreeSet::new();
        for (i, o) in occurrences.iter().enumerate() {
            if is_programme(o) {
                airing.extend(o.outlet_id());
            }
            if o.rerun.is_none() && !o.activity.reruns.is_empty() {
                if let Ok(i) = u32::try_from(i) {
                    premieres.insert((o.group, o.rule_date, o.ordinal), i);
                }
            }
        }
        Guide {
            plans,
            occurrences,
            groups,
            premieres,
            airing,
        }
    }

    /// Writes the guide of the channels `outlets` (every tv and radio
    /// outlet when empty) and of the programmes among `occurrences` (some
    /// of those the guide was made of, in order; each one that
    /// [`is_programme`] and is on `outlets` is written).
    pub(crate) fn write<W: Write, O: Borrow<Occurrence<'p>> + Sync>(
        &self,
        out: W,
        outlets: &Selection,
        occurrences: &[O],
    ) -> io::Result<()> {
        let mut out = out;
        let mut head = String::with_capacity(1024);
        self.head(&mut head, outlets);
        out.write_all(head.as_bytes())?;
        let format = |batch: &[O]| {
            let mut text = String::with_capacity(batch.len() * 512);
            for o in batch {
                let o = o.borrow();
                if is_programme(o) && outlets.keeps(o.outlet) {
                    self.programme(&mut text, o);
                }
            }
            text
        };
        if occurrences.len() < 2 * BATCH {
            out.write_all(format(occurrences).as_bytes())?;
        } else {
            cores::in_batches(occurrences, BATCH, format, |text| {
                out.write_all(text.as_bytes())
            })?;
        }
        out.write_all(b"</tv>\n")?;
        out.flush()
    }

    /// The declaration, the doctype, `<tv>` and the channels.
    fn head(&self, out: &mut String, outlets: &Selection) {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<!DOCTYPE tv SYSTEM \"xmltv.dtd\">\n");
        out.push_str("<tv");
        if let Some(date) = self.date() {
            out.push_str(" date=\"");
            out.push_str(&date);
            out.push('"');
        }
        let mut titles = String::new();
        for (i, plan) in self.plans.iter().enumerate() {
            if i > 0 {
                titles.push_str(" + ");
            }
            titles.push_str(&plan.title);
        }
        if !titles.is_empty() {
            out.push_str(" source-info-name=\"");
            escape(out, &titles);
            out.push('"');
        }
        out.push_str(" generator-info-name=\"");
        out.push_str(GENERATOR);
        out.push_str("\">\n");
        // In the order of their ids, as the DTD suggests.
        let mut channels: Vec<(String, &str, &str)> = channels(self.plans, outlets)
            .into_iter()
            .filter(|(id, _)| self.airing.contains(id))
            .map(|(id, name)| (channel_id(id), id, name))
            .collect();
        channels.sort();
        for (channel, id, name) in channels {
            out.push_str("  <channel id=\"");
            out.push_str(&channel);
            out.push_str("\">\n    <display-name lang=\"vi\">");
            escape(out, name);
            out.push_str("</display-name>\n    <display-name>");
            escape(out, id);
            out.push_str("</display-name>\n  </channel>\n");
        }
    }

    /// The latest `published` of the plans, in UTC: when the listings
    /// were produced.
    fn date(&self) -> Option<String> {
        let latest = self
            .plans
            .iter()
            .map(|p| crate::zone::place_in_zone(p.published, p.timezone).fixed_offset())
            .max()?;
        let mut out = String::with_capacity(20);
        push_time(&mut out, latest.to_utc().fixed_offset());
        Some(out)
    }

    /// One `<programme>`; nothing for an occurrence that is not a timed slot on an outlet.
    fn programme(&self, out: &mut String, o: &Occurrence) {
        let (Moment::At(start), Moment::At(stop), Some(outlet)) = (o.start, o.end, o.outlet) else {
            return;
        };
        let common = (Common::of(Lang::Vi), Common::of(Lang::En));
        let joined = self.joined(o);
        out.push_str("  <programme start=\"");
        push_time(out, start);
        out.push_str("\" stop=\"");
        push_time(out, stop);
        out.push_str("\" channel=\"");
        push_channel_id(out, &outlet.id);
        out.push_str("\">\n    <title lang=\"vi\">");
        out.push_str(&joined.title);
        out.push_str("</title>\n    <desc lang=\"vi\">");
        match o.holiday {
            None => out.push_str(&joined.desc),
            Some(day_off) => {
                let mut part = String::from(WORDS.day_off);
                escape(&mut part, day_off);
                desc(out, &joined, Some(&part));
            }
        }
        out.push_str("</desc>\n    <category lang=\"vi\">");
        out.push_str(common.0.kind(o.kind()));
        out.push_str("</category>\n    <category lang=\"en\">");
        out.push_str(common.1.kind(o.kind()));
        out.push_str("</category>\n");
        let seconds = (stop.timestamp() - start.timestamp()).max(0);
        if seconds % 60 == 0 {
            let _ = writeln!(
                out,
                "    <length units=\"minutes\">{}</length>",
                seconds / 60
            );
        } else {
            let _ = writeln!(out, "    <length units=\"seconds\">{seconds}</length>");
        }
        out.push_str("    <episode-num system=\"castcal\">");
        // A UID is a slug's letters, digits, `-`, `_`, `.` and `@`: nothing to escape.
        let _ = write!(out, "{}", o.premiere_uid().unwrap_or_else(|| o.uid()));
        out.push_str("</episode-num>\n");
        match o.role() {
            Role::Premiere => out.push_str("    <premiere />\n"),
            Role::Rerun => {
                out.push_str("    <previously-shown");
                if let Some(premiere) = self.premiere_of(o) {
                    if let Moment::At(t) = premiere.start {
                        out.push_str(" start=\"");
                        push_time(out, t);
                        out.push('"');
                    }
                    if let Some(x) = premiere.outlet.filter(|x| is_channel(x.kind)) {
                        out.push_str(" channel=\"");
                        push_channel_id(out, &x.id);
                        out.push('"');
                    }
                }
                out.push_str(" />\n");
            }
        }
        out.push_str("  </programme>\n");
    }

    /// The premiere a rerun repeats, found through the index.
    fn premiere_of(&self, o: &Occurrence) -> Option<&'o Occurrence<'p>> {
        let i = self.premieres.get(&(o.group, o.rule_date, o.ordinal))?;
        self.occurrences
            .get(*i as usize)
            .filter(|p| std::ptr::eq(p.activity, o.activity))
    }

    /// What `o`'s activity repeats: found by its group when the guide was
    /// made of the plans it was expanded from, made here otherwise.
    fn joined(&self, o: &Occurrence) -> Cow<'_, Joined> {
        match self.groups.get(o.group as usize) {
            Some(j) if j.activity == address(o.activity) => Cow::Borrowed(j),
            _ => Cow::Owned(join(o.plan, o.activity)),
        }
    }
}

/// Where `activity` is in memory: which one it is.
fn address(activity: &Activity) -> usize {
    std::ptr::from_ref(activity) as usize
}

/// Joins what every programme of `activity` (in `plan`) repeats.
fn join(plan: &Plan, activity: &Activity) -> Joined {
    let mut about = String::new();
    let mut part = |label: &str, text: &str| {
        let mut p = String::from(label);
        escape(&mut p, text);
        push_part(&mut about, 0, &p);
    };
    if let Some(lead) = &activity.lead {
        part(WORDS.lead, lead);
    }
    if !activity.partners.is_empty() {
        part(WORDS.partners, &activity.partners.join("; "));
    }
    if let Some(product) = &activity.product {
        part(WORDS.product, product);
    }
    if let Some(budget) = activity.budget_vnd {
        part(WORDS.budget, &crate::format::money(budget.into(), Lang::Vi));
    }
    let mut plan_part = String::from(WORDS.plan);
    escape(&mut plan_part, &plan.title);
    if let Some(reference) = &plan.reference {
        plan_part.push_str(" (");
        escape(&mut plan_part, reference);
        plan_part.push(')');
    }
    let mut joined = Joined {
        activity: address(activity),
        title: String::new(),
        desc: String::new(),
        about,
        plan: plan_part,
        tentative: activity.status == Status::Tentative,
    };
    escape(&mut joined.title, &activity.title);
    let mut text = String::new();
    desc(&mut text, &joined, None);
    joined.desc = text;
    joined
}

/// Writes the description of a programme of `joined`'s activity, with the
/// part that says which day off it falls on, if any.
fn desc(out: &mut String, joined: &Joined, day_off: Option<&str>) {
    let from = out.len();
    out.push_str(&joined.about);
    if let Some(part) = day_off {
        push_part(out, from, part);
    }
    if joined.tentative {
        push_part(out, from, WORDS.tentative);
    }
    push_part(out, from, &joined.plan);
}

/// Adds `part` to the description written in `out` from `from` on, one
/// line: after `. `, or after a space where the text before already ends a
/// sentence.
fn push_part(out: &mut String, from: usize, part: &str) {
    match out.get(from..).unwrap_or("").trim_end().chars().last() {
        None => {}
        Some('.' | '!' | '?' | '…') => out.push(' '),
        Some(_) => out.push_str(". "),
    }
    out.push_str(part);
}

/// `YYYYMMDDhhmmss ±hhmm`: the wall-clock time and its offset. An offset
/// of no whole number of minutes (local mean time, before 1900) has no
/// such form: the time is then written in UTC, `+0000`.
fn push_time(out: &mut String, t: DateTime<FixedOffset>) {
    let offset = t.offset().local_minus_utc();
    let (t, offset) = if offset % 60 == 0 {
        (t, offset)
    } else {
        (t.to_utc().fixed_offset(), 0)
    };
    // Years 1 to 9999 (expansion refuses others): four digits.
    push_digits(out, u32::try_from(t.year()).unwrap_or(0), 4);
    for n in [t.month(), t.day(), t.hour(), t.minute(), t.second()] {
        push_digits(out, n, 2);
    }
    out.push(' ');
    out.push(if offset < 0 { '-' } else { '+' });
    let minutes = offset.unsigned_abs() / 60;
    push_digits(out, minutes / 60, 2);
    push_digits(out, minutes % 60, 2);
}

/// Writes `text` as XML 1.0 character data, fit for an element or a
/// quoted attribute: `&`, `<`, `>` and `"` as their entities; a tab, line
/// feed or carriage return as a space (XMLTV's texts are one line); and
/// the characters XML 1.0 cannot carry at all, even as a reference (the
/// other C0 controls, U+FFFE, U+FFFF), or discourages (DEL and the C1
/// controls, which the XMLTV validator takes for mis-encoded text), as a
/// space too.
pub fn escape(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| special(c)) {
        let (plain, tail) = rest.split_at(i);
        out.push_str(plain);
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push_str(match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => " ",
            });
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// Whether [`escape`] writes `c` as something else.
fn special(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"')
        || c < ' '
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || c == '\u{fffe}'
        || c == '\u{ffff}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape(&mut out, text);
        out
    }

    #[test]
    fn markup_and_what_xml_cannot_carry_are_escaped() {
        let cases = [
            ("Tin & bài", "Tin &amp; bài"),
            ("a<b>c", "a&lt;b&gt;c"),
            ("\"Trích\" 'dẫn'", "&quot;Trích&quot; 'dẫn'"),
            ("]]>", "]]&gt;"),
            ("hai\ndòng\r\tcột", "hai dòng  cột"),
            ("nul\u{0}bell\u{7}esc\u{1b}", "nul bell esc "),
            ("del\u{7f}c1\u{85}\u{9f}", "del c1  "),
            ("\u{fffe}\u{ffff}\u{fffd}", "  \u{fffd}"),
            ("Tiếng Việt 🎬 &amp;", "Tiếng Việt 🎬 &amp;amp;"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(escaped(text), want, "{text:?}");
        }
    }

    /// Every character is kept, escaped or made a space: never dropped,
    /// never a character XML 1.0 refuses.
    #[test]
    fn escaping_keeps_the_text_length_and_only_xml_characters() {
        let all: String = (0u32..0x11000).filter_map(char::from_u32).collect();
        let out = escaped(&all);
        let back = out
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"");
        assert_eq!(back.chars().count(), all.chars().count());
        for c in out.chars() {
            let xml = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
            assert!(xml && !('\u{7f}'..='\u{9f}').contains(&c), "{c:?}");
            assert!(!matches!(c, '<' | '>' | '"' | '\t' | '\n' | '\r'), "{c:?}");
        }
    }

    #[test]
    fn times_carry_their_offset() {
        use chrono::TimeZone;
        let at = |offset: i32, y, mo, d, h, mi, s| {
            FixedOffset::east_opt(offset)
                .unwrap()
                .with_ymd_and_hms(y, mo, d, h, mi, s)
                .unwrap()
        };
        let cases = [
            (at(7 * 3600, 2023, 1, 18, 17, 45, 0), "20230118174500 +0700"),
            (at(3600, 2023, 3, 22, 17, 45, 0), "20230322174500 +0100"),
            (
                at(-(3 * 3600 + 1800), 2023, 11, 5, 1, 2, 3),
                "20231105010203 -0330",
            ),
            (at(0, 1, 1, 1, 0, 0, 0), "00010101000000 +0000"),
            (
                at(5 * 3600 + 45 * 60, 9999, 12, 31, 23, 59, 59),
                "99991231235959 +0545",
            ),
            // Local mean time: in UTC.
            (
                at(6 * 3600 + 40, 1890, 6, 1, 12, 0, 0),
                "18900601055920 +0000",
            ),
        ];
        for (t, want) in cases {
            let mut out = String::new();
            push_time(&mut out, t);
            assert_eq!(out, want);
        }
    }

    /// No two outlet ids share a channel id, and every channel id is what
    /// the XMLTV validator accepts (`tv_validate_file`'s pattern).
    #[test]
    fn channel_ids_are_distinct_and_valid() {
        let alphabet = ['a', 'K', '0', '-', '_'];
        let mut ids = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..5 {
            let mut next = Vec::new();
            for id in &ids {
                for c in alphabet {
                    let id = format!("{id}{c}");
                    // A slug starts with a letter or a digit.
                    if id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                        all.push(id.clone());
                    }
                    next.push(id);
                }
            }
            ids = next;
        }
        let mut seen = std::collections::HashSet::new();
        for id in &all {
            let channel = channel_id(id);
            assert!(seen.insert(channel.clone()), "{id} → {channel}, twice");
            let labels: Vec<&str> = channel.split('.').collect();
            assert!(labels.len() >= 2, "{channel}");
            for label in labels {
                assert!(
                    !label.is_empty()
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                    "{id} → {channel}"
                );
            }
        }
        assert_eq!(channel_id("KG"), "KG.castcal");
        assert_eq!(channel_id("a__b_"), "a--b-.u1-2-4.castcal");
    }

    #[test]
    fn description_parts_end_sentences_once() {
        let mut out = String::from("<desc>");
        for part in ["Chủ trì: Sở", "Sản phẩm: 01 cuộc.", "Kế hoạch: P"] {
            push_part(&mut out, 6, part);
        }
        assert_eq!(out, "<desc>Chủ trì: Sở. Sản phẩm: 01 cuộc. Kế hoạch: P");
        let mut out = String::from("<desc>");
        push_part(&mut out, 6, "Kế hoạch: P");
        assert_eq!(out, "<desc>Kế hoạch: P");
    }

    /// Programmes formatted in batches on several cores are those written
    /// one at a time, in the same order.
    #[test]
    fn batches_write_what_one_programme_at_a_time_writes() {
        let plans = [crate::testing::daily_plan("Europe/Berlin", "A", |i| {
            format!("\"Tiêu đề {i} & <b>\"")
        })];
        let expansion = crate::expand(&plans).unwrap();
        let guide = Guide::new(&plans, &expansion);
        let all: Vec<&Occurrence> = expansion.iter().collect();
        assert!(all.len() > 2 * BATCH, "{}", all.len());
        let mut batched = Vec::new();
        guide.write(&mut batched, &Selection::all(), &all).unwrap();
        let mut direct = Vec::new();
        guide
            .write(&mut direct, &Selection::all(), expansion.occurrences())
            .unwrap();
        assert!(batched == direct);
        let mut one = String::new();
        guide.head(&mut one, &Selection::all());
        for o in &all {
            guide.programme(&mut one, o);
        }
        one.push_str("</tv>\n");
        assert!(batched == one.as_bytes());
        assert_eq!(one.matches("<programme ").count(), all.len());
    }
}
