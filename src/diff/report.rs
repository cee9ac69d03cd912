//! [`Changes`] written for people (text) or programs (JSON).
//!
//! Text: a summary line, then per outlet (in id order, what is on no outlet
//! last) one line per change in date order: its kind, when (from → to for a
//! move), the title, and under it what else differs. A move between two
//! outlets is listed under both, so that each learns of it. JSON: the
//! [`Changes`] themselves; the schema is in docs/reference/diff.md ("What changed:
//! castcal diff") and stays stable.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::Days;

use super::{Change, Changes, Entry, Field, Kind};
use crate::format::{ClockSpan, Dated};
use crate::occurrence::{Moment, Role};
use crate::words::diff::{self as words, Words};
use crate::words::{Common, Lang};

/// The changes as text in `lang`, each line ending in `\n`.
pub fn text(changes: &Changes, lang: Lang) -> String {
    let w = Words::of(lang);
    let s = &changes.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        words::summary(lang, s.added, s.cancelled, s.moved, s.changed)
    );
    // Each outlet's changes: a move between outlets under both.
    let mut outlets: BTreeMap<(bool, Option<&str>), Vec<&Change>> = BTreeMap::new();
    for c in &changes.changes {
        for o in c.outlets() {
            outlets.entry((o.is_none(), o)).or_default().push(c);
        }
    }
    let width = w.kinds.iter().map(|k| k.chars().count()).max().unwrap_or(0);
    for ((_, outlet), mut here) in outlets {
        out.push('\n');
        match outlet {
            Some(id) => {
                let _ = writeln!(out, "{} {id}", w.outlet);
            }
            None => {
                let _ = writeln!(out, "{}", w.no_outlet);
            }
        }
        // A move that arrives from another outlet takes its place by date.
        here.sort_by(|a, b| super::date_order(a, b));
        for c in here {
            line(&mut out, c, lang, width);
        }
    }
    out
}

/// One change: `  dời lịch  Thứ Tư 15/03/2023 17:45–17:57 → … “Title”`,
/// then a line for each other fact that differs.
fn line(out: &mut String, c: &Change, lang: Lang, width: usize) {
    let Some(d) = describe(c, lang) else { return };
    let pad = width.saturating_sub(d.kind.chars().count());
    let rerun = match d.rerun {
        Some(r) => format!(" ({r})"),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "  {}{:pad$}  {}  “{}”{rerun}",
        d.kind, "", d.at, d.title
    );
    let indent = " ".repeat(width + 4);
    for detail in &d.details {
        let _ = writeln!(out, "{indent}{detail}");
    }
}

/// A change in words: what [`text`] writes of it, in parts, for other
/// pages to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described<'a> {
    /// Its kind: `dời lịch`.
    pub kind: &'static str,
    /// When: `Thứ Tư 18/01/2023 17:45–17:57`, or `from → to` for a move.
    pub at: String,
    /// The title, as the new version has it (the old one's if cancelled).
    pub title: &'a str,
    /// `phát lại` for a rerun.
    pub rerun: Option<&'static str>,
    /// Each other fact that differs: `kênh: KG → KG1`.
    pub details: Vec<String>,
}

/// The words of one change in `lang`.
pub fn describe<'a>(c: &Change<'a>, lang: Lang) -> Option<Described<'a>> {
    let w = Words::of(lang);
    let e = c.entry()?;
    let at = match (c.from, c.to) {
        (Some(from), Some(to)) if c.has(Field::Start) => {
            format!("{} → {}", when(from, lang), when(to, lang))
        }
        _ => when(e, lang),
    };
    let common = Common::of(lang);
    let rerun = match e.role {
        Role::Rerun => Some(common.rerun),
        Role::Premiere => None,
    };
    let mut details = Vec::new();
    if let (Some(from), Some(to)) = (c.from, c.to) {
        for field in &c.fields {
            let (label, was, is) = match field {
                Field::Start => continue,
                // A moved occurrence shows its new length in its `from → to`.
                Field::End if c.has(Field::Start) => continue,
                Field::End => (w.time, when(from, lang), when(to, lang)),
                Field::Outlet => (
                    w.outlet_field,
                    from.outlet.as_deref().unwrap_or(w.none).to_string(),
                    to.outlet.as_deref().unwrap_or(w.none).to_string(),
                ),
                Field::Title => (
                    w.title,
                    format!("“{}”", from.title),
                    format!("“{}”", to.title),
                ),
                Field::Status => (
                    w.status,
                    common.status(from.status).to_string(),
                    common.status(to.status).to_string(),
                ),
            };
            details.push(format!("{label}: {was} → {is}"));
        }
    }
    Some(Described {
        kind: kind(w, c.kind),
        at,
        title: &e.title,
        rerun,
        details,
    })
}

/// A kind of change in `w`'s words.
fn kind(w: &Words, kind: Kind) -> &'static str {
    let i = match kind {
        Kind::Added => 0,
        Kind::Cancelled => 1,
        Kind::Moved => 2,
        Kind::Changed => 3,
    };
    w.kinds.get(i).copied().unwrap_or("")
}

/// When an entry is: `Thứ Tư 18/01/2023 17:45–17:57` for a slot, the day
/// for a day, `first – last` for a window of days.
fn when(e: &Entry, lang: Lang) -> String {
    match (e.start, e.end) {
        (Moment::At(s), Moment::At(t)) => {
            let span = ClockSpan::new(s, t);
            format!("{} {span}", Dated(s.date_naive(), lang))
        }
        (Moment::Day(s), Moment::Day(t)) => {
            let last = t.checked_sub_days(Days::new(1)).unwrap_or(t);
            if last > s {
                format!("{} – {}", Dated(s, lang), Dated(last, lang))
            } else {
                Dated(s, lang).to_string()
            }
        }
        (s, t) => format!("{s} – {t}"),
    }
}

/// The changes as the JSON object of `castcal diff --format json`,
/// pretty-printed, with a final newline.
///
/// # Errors
/// None in practice: serde_json refuses only maps with keys that are not
/// text, which [`Changes`] has none of.
pub fn json(changes: &Changes) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(changes)?;
    s.push('\n');
    Ok(s)
}
