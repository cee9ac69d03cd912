//! The schedule file `import` writes: YAML in the shape of docs/reference/schedule-file.md's
//! "The schedule file", every text in double quotes, and above each
//! activity the comment that says where it came from.

use std::fmt::Write as _;

use chrono::NaiveDate;

use std::path::Path;

use super::activity::{Activity, Outlet, Start};
use super::Summary;
use crate::error::Error;
use crate::plan::OutletKind;
use crate::words::import as say;
use crate::words::keys::{self, Table, Words};
use crate::words::Lang;

/// The longest text written as a value (the loader takes 2,000 characters).
const MAX_VALUE_CHARS: usize = 1_900;

/// Everything the file holds.
#[derive(Clone)]
pub(crate) struct Schedule {
    pub lang: Lang,
    pub id: String,
    pub title: String,
    pub reference: Option<String>,
    pub timezone: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub published: Option<NaiveDate>,
    pub holidays: Vec<String>,
    /// What a comment above them says of the holiday files.
    pub holidays_note: Option<String>,
    pub outlets: Vec<Outlet>,
    pub activities: Vec<Activity>,
    pub reports: Vec<Activity>,
    /// Whether the activities' phrases are written (as `when:`) where they
    /// have one.
    pub phrases: bool,
}

/// A YAML double-quoted scalar: `\` and `"` escaped, and every control or
/// line-breaking character (which YAML would fold) as `\uXXXX`.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for (i, c) in text.chars().enumerate() {
        if i >= MAX_VALUE_CHARS {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment's text on one line: no control or line-breaking character.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn kind_name(kind: OutletKind, lang: Lang) -> &'static str {
    keys::spelt(Words::OutletKind, kind.as_str(), lang)
}

/// The longest cell quoted in a comment.
const MAX_QUOTE_CHARS: usize = 1_000;

/// How much the comments above the activities say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Detail {
    /// The cells quoted, what was read, assumed and not understood.
    Full,
    /// The cells quoted, what was assumed and not understood.
    Doubts,
    /// What was assumed and not understood, under the item's place.
    Least,
}

/// The file as written, and what it gives.
pub(crate) struct Written {
    /// The file.
    pub yaml: String,
    /// Its occurrences (premieres and reruns).
    pub occurrences: usize,
    /// Of them, at a time of day.
    pub slots: usize,
}

impl Written {
    /// `yaml` and the figures of its expansion `x`.
    pub fn counted(yaml: String, x: &crate::expand::Expansion) -> Written {
        Written {
            yaml,
            occurrences: x.len(),
            slots: x.iter().filter(|o| !o.all_day()).count(),
        }
    }
}

/// The file, checked by loading it as `check` will; when it is too large
/// for the loader, written again with less said above each activity (what
/// was assumed or not understood is always said).
pub(crate) fn checked(path: &Path, s: &mut Schedule) -> Result<Written, Error> {
    let at = path.with_extension("yaml");
    let files = s
        .holidays
        .iter()
        .any(|h| h != crate::plan::BUILT_IN_CALENDAR);
    if !s.phrases {
        for a in s.activities.iter_mut().chain(s.reports.iter_mut()) {
            a.phrase = None;
        }
    }
    let io = super::phrased::Files {
        write: written,
        load: |s: &Schedule, text: &str| crate::plan::load_one(&at, loadable(s, text)),
    };
    if let Some(proved) = super::phrased::settle(s, files, &io) {
        return Ok(proved);
    }
    let s = &*s;
    let Some(yaml) = written(s) else {
        return Err(Error::input(
            path,
            say::too_many(s.lang, s.activities.len()),
        ));
    };
    match (io.load)(s, &yaml) {
        Ok(plan) => Ok(match crate::expand(std::slice::from_ref(&plan)) {
            Ok(x) => Written::counted(yaml, &x),
            Err(_) => Written {
                yaml,
                occurrences: 0,
                slots: 0,
            },
        }),
        Err(e) => Err(Error::input(
            path,
            say::does_not_load(s.lang, &Error::from(e).message()),
        )),
    }
}

/// The file with the most said above each activity that the loader
/// takes; `None` when even the least is too large.
fn written(s: &Schedule) -> Option<String> {
    let limit = crate::plan::MAX_FILE_BYTES;
    for detail in [Detail::Full, Detail::Doubts, Detail::Least] {
        // Only the comments differ between the levels: a level whose
        // comments alone are over the limit is not written out.
        if detail < Detail::Least && comments_size(s, detail) as u64 > limit {
            continue;
        }
        let yaml = self::yaml(s, detail);
        if yaml.len() as u64 <= limit {
            return Some(yaml);
        }
    }
    None
}

/// About how many bytes the comments above the activities take at `detail`
/// (never more than they take).
fn comments_size(s: &Schedule, detail: Detail) -> usize {
    let said = |list: &[super::activity::Said]| -> usize {
        list.iter()
            .map(|n| n.said.len() + n.quote.len().min(MAX_QUOTE_CHARS))
            .sum()
    };
    s.activities
        .iter()
        .chain(&s.reports)
        .map(|a| {
            let cells: usize = a
                .notes
                .cells
                .iter()
                .map(|q| q.text.len().min(MAX_QUOTE_CHARS))
                .sum();
            let read = if detail == Detail::Full {
                said(&a.notes.read)
            } else {
                0
            };
            cells + read + said(&a.notes.assumed) + said(&a.notes.not_understood)
        })
        .sum()
}

fn holidays_line(s: &Schedule) -> String {
    let list: Vec<String> = s.holidays.iter().map(|h| quoted(h)).collect();
    let key = keys::named(Table::Plan, "holidays", s.lang);
    format!("  {key}: [{}]\n", list.join(", "))
}

/// The file as it can be loaded here: holiday files are looked for where
/// the file will be, not here, so they are left out (the built-in calendar
/// stays).
fn loadable(s: &Schedule, yaml: &str) -> String {
    let files = s
        .holidays
        .iter()
        .any(|h| h != crate::plan::BUILT_IN_CALENDAR);
    if files {
        yaml.replace(&holidays_line(s), "")
    } else {
        yaml.to_string()
    }
}

/// The figures of what was written.
pub(crate) fn summary(s: &Schedule, written: &Written) -> Summary {
    let all: Vec<&Activity> = s.activities.iter().chain(&s.reports).collect();
    Summary {
        activities: all.len(),
        tentative: all.iter().filter(|a| a.tentative).count(),
        occurrences: written.occurrences,
        slots: written.slots,
        budget: all.iter().filter_map(|a| a.budget).sum(),
        plan_total: None,
    }
}

fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_QUOTE_CHARS).collect();
    if text.chars().nth(MAX_QUOTE_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn start(d: &Start) -> String {
    match d {
        Start::Day(d) => d.to_string(),
        Start::At(d, t) => format!("{d}T{}", t.format("%H:%M")),
    }
}

/// The whole file, its comments saying as much as `detail`.
pub(crate) fn yaml(s: &Schedule, detail: Detail) -> String {
    let w = say::Words::of(s.lang);
    let mut out = String::new();
    let head = match &s.reference {
        Some(r) => format!("{}: {r}", w.imported),
        None => w.imported.to_string(),
    };
    let _ = writeln!(out, "# {}", comment(&head));
    for line in w.review {
        let _ = writeln!(out, "# {line}");
    }
    let lang = s.lang;
    let file = |en| keys::named(Table::File, en, lang);
    let plan = |en| keys::named(Table::Plan, en, lang);
    let period = |en| keys::named(Table::Period, en, lang);
    let outlet = |en| keys::named(Table::Outlet, en, lang);
    let _ = writeln!(out, "{}:", file("plan"));
    let _ = writeln!(out, "  {}: {}", plan("id"), quoted(&s.id));
    let _ = writeln!(out, "  {}: {}", plan("title"), quoted(&s.title));
    if let Some(r) = &s.reference {
        let _ = writeln!(out, "  {}: {}", plan("reference"), quoted(r));
    }
    let _ = writeln!(out, "  {}: {}", plan("timezone"), quoted(&s.timezone));
    let _ = writeln!(
        out,
        "  {}: {{ {}: {}, {}: {} }}",
        plan("period"),
        period("from"),
        s.from,
        period("to"),
        s.to
    );
    if let Some(note) = &s.holidays_note {
        let _ = writeln!(out, "  # {}", comment(note));
    }
    if !s.holidays.is_empty() {
        out.push_str(&holidays_line(s));
    }
    if let Some(p) = s.published {
        let _ = writeln!(out, "  {}: {p}", plan("published"));
    }
    out.push('\n');
    if s.outlets.is_empty() {
        let _ = writeln!(out, "{}: {{}}", file("outlets"));
    } else {
        let _ = writeln!(out, "{}:", file("outlets"));
        for o in &s.outlets {
            let _ = writeln!(
                out,
                "  {}: {{ {}: {}, {}: {} }}",
                quoted(&o.id),
                outlet("name"),
                quoted(&o.name),
                outlet("kind"),
                kind_name(o.kind, lang)
            );
        }
    }
    let _ = writeln!(out, "\n{}:", file("activities"));
    for (i, a) in s.activities.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        activity(&mut out, a, s, detail);
    }
    for (i, a) in s.reports.iter().enumerate() {
        out.push('\n');
        if i == 0 {
            let _ = writeln!(out, "  # {}", w.reports);
        }
        activity(&mut out, a, s, detail);
    }
    out
}

/// One activity with its comment.
fn activity(out: &mut String, a: &Activity, s: &Schedule, detail: Detail) {
    activity_comment(out, a, s.lang, detail);
    let phrase = a.phrase.as_deref().filter(|_| s.phrases);
    activity_fields(out, a, phrase, s.lang);
}

/// The comment above an activity: its item and place, the cells quoted,
/// what was read, assumed and not understood (as much as `detail` says).
fn activity_comment(out: &mut String, a: &Activity, lang: Lang, detail: Detail) {
    let w = say::Words::of(lang);
    let mut cells = a.notes.cells.iter();
    let place = say::line(lang, a.place.page, a.place.line);
    match cells.next() {
        Some(first) if detail < Detail::Least => {
            let _ = writeln!(
                out,
                "  # {} {} ({place}). {}: \"{}\"",
                w.item,
                comment(&a.item),
                first.label,
                comment(&cut(&first.text))
            );
            for q in cells {
                let _ = writeln!(out, "  #   {}: \"{}\"", q.label, comment(&cut(&q.text)));
            }
        }
        Some(_) => {
            let _ = writeln!(out, "  # {} {} ({place}).", w.item, comment(&a.item));
        }
        // The periodic reports after the first share its comment.
        None => {}
    }
    let read = if detail == Detail::Full {
        a.notes.read.as_slice()
    } else {
        &[]
    };
    let lists = [
        (w.read, read),
        (w.assumed, a.notes.assumed.as_slice()),
        (w.not_understood, a.notes.not_understood.as_slice()),
    ];
    for (label, list) in lists {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  # {label}:");
        for n in list {
            if n.quote.is_empty() {
                let _ = writeln!(out, "  #   - {}", comment(&n.said));
            } else {
                let _ = writeln!(
                    out,
                    "  #   - \"{}\": {}",
                    comment(&cut(&n.quote)),
                    comment(&n.said)
                );
            }
        }
    }
    if let Some(why) = &a.kept_rule {
        let _ = writeln!(out, "  # {}", comment(why));
    }
}

/// An activity's fields, as the schedule file writes them in `lang`'s
/// form; its time as `phrase` when given, else as `start`, `rrule`, ….
fn activity_fields(out: &mut String, a: &Activity, phrase: Option<&str>, lang: Lang) {
    let key = |en| keys::named(Table::Activity, en, lang);
    let _ = writeln!(out, "  - {}: {}", key("id"), quoted(&a.id));
    let _ = writeln!(out, "    {}: {}", key("title"), quoted(&a.title));
    let kind = keys::spelt(Words::ActivityKind, a.kind.as_str(), lang);
    let _ = writeln!(out, "    {}: {kind}", key("kind"));
    if let Some(lead) = &a.lead {
        let _ = writeln!(out, "    {}: {}", key("lead"), quoted(lead));
    }
    if !a.partners.is_empty() {
        let list: Vec<String> = a.partners.iter().map(|p| quoted(p)).collect();
        let _ = writeln!(out, "    {}: [{}]", key("partners"), list.join(", "));
    }
    if let Some(p) = &a.product {
        let _ = writeln!(out, "    {}: {}", key("product"), quoted(p));
    }
    if let Some(b) = a.budget {
        let _ = writeln!(out, "    {}: {b}", key("budget_vnd"));
    }
    if let Some(e) = a.expect {
        let _ = writeln!(out, "    {}: {e}", key("expect"));
    }
    if let Some(o) = &a.outlet {
        let _ = writeln!(out, "    {}: {}", key("outlet"), quoted(o));
    }
    if let Some(p) = phrase {
        let _ = writeln!(out, "    {}: {}", key("when"), quoted(p));
    } else {
        let _ = writeln!(out, "    {}: {}", key("start"), start(&a.start));
        if let Some(r) = &a.rrule {
            let _ = writeln!(out, "    {}: {}", key("rrule"), quoted(r));
        }
        for (name, list) in [("rdates", &a.rdates), ("exdates", &a.exdates)] {
            if !list.is_empty() {
                let days: Vec<String> = list.iter().map(start).collect();
                let _ = writeln!(out, "    {}: [{}]", key(name), days.join(", "));
            }
        }
    }
    if a.duration != "P1D" {
        let _ = writeln!(out, "    {}: {}", key("duration"), a.duration);
    }
    if a.tentative {
        let status = keys::spelt(Words::Status, "tentative", lang);
        let _ = writeln!(out, "    {}: {status}", key("status"));
    }
    if !a.reruns.is_empty() {
        let _ = writeln!(out, "    {}:", key("reruns"));
        let rerun = |en| keys::named(Table::Rerun, en, lang);
        for r in &a.reruns {
            let mut parts = vec![format!("{}: {}", rerun("days_after"), r.days_after)];
            if let Some(at) = r.at {
                parts.push(format!("{}: \"{}\"", rerun("at"), at.format("%H:%M")));
            }
            if let Some(o) = &r.outlet {
                parts.push(format!("{}: {}", rerun("outlet"), quoted(o)));
            }
            let _ = writeln!(out, "      - {{ {} }}", parts.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_quoted_so_yaml_reads_it_back() {
        for text in [
            "Tọa đàm: \"A\" – B",
            "a\\b",
            "- đầu dòng",
            "# không phải chú thích",
            "tab\there",
            "null",
            "dòng\u{2028}mới",
            "",
        ] {
            let yaml = format!("v: {}\n", quoted(text));
            let back: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(back.get("v").map(String::as_str), Some(text), "{yaml}");
        }
    }

    #[test]
    fn long_texts_are_cut_below_the_loaders_limit() {
        let long = "x".repeat(5000);
        assert_eq!(quoted(&long).chars().count(), MAX_VALUE_CHARS + 3);
        assert_eq!(comment("a\nb\r\u{2028}c"), "a b  c");
    }
}
