//! A reconciliation for people (text), for programs (JSON), and the
//! template of confirmations (CSV).

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::matching::{ActivityCounts, Reconciliation};
use super::Status;
use crate::export::csv::neutralise;
use crate::format::{Day, Dmy};
use crate::occurrence::{Moment, Occurrence};
use crate::words::reconcile::{self as said, Words};
use crate::words::Lang;

/// The most lines of each list the text shows; `--format json` has them all.
pub const MAX_LISTED: usize = 1000;

#[derive(Serialize)]
struct OccurrenceJson<'a> {
    uid: String,
    outlet: Option<&'a str>,
    start: Moment,
    status: &'static str,
    aired_start: Option<Moment>,
    aired_end: Option<Moment>,
    evidence: Option<String>,
}

#[derive(Serialize)]
struct UnplannedJson<'a> {
    outlet: &'a str,
    start: Moment,
    end: Option<Moment>,
    title: &'a str,
}

/// Writes the reconciliation as JSON: `{"occurrences": [{"uid", "outlet",
/// "start", "status", "aired_start", "aired_end", "evidence"}], "unplanned":
/// [{"outlet", "start", "end", "title"}], "activities": [{"activity",
/// "planned", "aired", "late", "moved", "missed", "done", "pending",
/// "unknown"}]}`, one occurrence a line, as it goes.
///
/// # Errors
/// Any write failure of `out`.
pub fn json<W: Write>(out: W, r: &Reconciliation) -> io::Result<()> {
    let mut out = out;
    out.write_all(b"{\n  \"occurrences\": [")?;
    for (i, o) in r.occurrences().iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let (aired_start, aired_end) = r.aired(i).map_or((None, None), |(s, e)| (Some(s), e));
        let entry = OccurrenceJson {
            uid: o.uid().to_string(),
            outlet: o.outlet_id(),
            start: o.start,
            status: r.status(i).as_str(),
            aired_start,
            aired_end,
            evidence: r.evidence_of(i),
        };
        serde_json::to_writer(&mut out, &entry)?;
    }
    out.write_all(b"\n  ],\n  \"unplanned\": [")?;
    for (k, u) in r.unplanned().enumerate() {
        out.write_all(if k == 0 { b"\n    " } else { b",\n    " })?;
        let entry = UnplannedJson {
            outlet: u.outlet,
            start: u.start,
            end: u.end,
            title: u.title,
        };
        serde_json::to_writer(&mut out, &entry)?;
    }
    out.write_all(b"\n  ],\n  \"activities\": [")?;
    for (k, a) in r.activities().iter().enumerate() {
        out.write_all(if k == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut out, a)?;
    }
    out.write_all(b"\n  ]\n}\n")?;
    out.flush()
}

/// `Thứ Tư 18/01/2023 17:45` (the day alone for a window).
fn when(m: Moment, lang: Lang) -> String {
    match m {
        Moment::At(t) => format!(
            "{} {}",
            crate::format::Dated(t.date_naive(), lang),
            t.format("%H:%M")
        ),
        Moment::Day(d) => crate::format::Dated(d, lang).to_string(),
    }
}

/// The reconciliation for people, in `lang`: the heading, a table of each
/// activity's counts, the lists of what was missed, late, moved, unknown
/// and unplanned (at most [`MAX_LISTED`] lines each), and the totals.
pub fn text(r: &Reconciliation, lang: Lang) -> String {
    let words = Words::of(lang);
    let options = r.options();
    let mut out = said::heading(
        lang,
        Day(options.through, lang),
        i64::from(options.tolerance_minutes),
    );
    out.push_str("\n\n");
    table(&mut out, &r.activities(), lang);

    let occurrences = r.occurrences();
    let lists = [
        (Status::Missed, words.list_missed),
        (Status::Late, words.list_late),
        (Status::Moved, words.list_moved),
        (Status::Unknown, words.list_unknown),
    ];
    for (status, heading) in lists {
        let listed: Vec<(usize, &Occurrence)> = occurrences
            .iter()
            .enumerate()
            .filter(|(i, _)| r.status(*i) == status)
            .collect();
        if listed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading} ({}):", listed.len());
        for (i, o) in listed.iter().take(MAX_LISTED) {
            let outlet = o.outlet_id().unwrap_or(words.no_outlet);
            let _ = write!(out, "  {}  {outlet}  {}", o.uid(), when(o.start, lang));
            match (status, r.aired(*i)) {
                (Status::Late, Some((aired, _))) => {
                    let off = r.minutes_off(*i).unwrap_or(0);
                    let clock = match aired {
                        Moment::At(t) => t.format("%H:%M").to_string(),
                        Moment::Day(_) => String::new(),
                    };
                    let _ = write!(out, " → {clock} ({})", said::off_by(lang, off));
                }
                (Status::Moved, Some((aired, _))) => {
                    let on = r.aired_on(*i).unwrap_or(outlet);
                    let _ = write!(out, " → {on} {}", when(aired, lang));
                }
                _ => {
                    let _ = write!(out, "  {}", o.title());
                }
            }
            if let Some(e) = r.evidence_of(*i) {
                let _ = write!(out, "  ({} {e})", words.seen_in);
            }
            out.push('\n');
        }
        more(&mut out, listed.len(), lang);
    }
    let unplanned: Vec<_> = r.unplanned().collect();
    if !unplanned.is_empty() {
        let _ = writeln!(out, "\n{} ({}):", words.list_unplanned, unplanned.len());
        for u in unplanned.iter().take(MAX_LISTED) {
            let _ = writeln!(
                out,
                "  {}  {}  “{}”  ({} {})",
                u.outlet,
                when(u.start, lang),
                u.title,
                words.seen_in,
                u.evidence
            );
        }
        more(&mut out, unplanned.len(), lang);
    }
    let counts = r.counts();
    let named: Vec<(&str, usize)> = Status::ALL
        .iter()
        .zip(counts)
        .map(|(s, n)| (s.word(lang), n))
        .collect();
    out.push('\n');
    out.push_str(&said::summary(lang, &named, r.unplanned_count()));
    out.push('\n');
    out
}

fn more(out: &mut String, listed: usize, lang: Lang) {
    if listed > MAX_LISTED {
        let rest = listed - MAX_LISTED;
        let _ = writeln!(out, "  {}", said::more(lang, rest));
    }
}

/// The table of each activity's counts, columns as wide as their widest cell.
fn table(out: &mut String, activities: &[ActivityCounts], lang: Lang) {
    let words = Words::of(lang);
    let mut head: Vec<String> = vec![words.activity.to_string(), words.planned.to_string()];
    head.extend(Status::ALL.iter().map(|s| s.word(lang).to_uppercase()));
    let rows: Vec<Vec<String>> = activities
        .iter()
        .map(|a| {
            [
                a.activity.clone(),
                a.planned.to_string(),
                a.aired.to_string(),
                a.late.to_string(),
                a.moved.to_string(),
                a.missed.to_string(),
                a.done.to_string(),
                a.unknown.to_string(),
                a.pending.to_string(),
            ]
            .to_vec()
        })
        .collect();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut text = String::new();
        for (k, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            let pad = width.saturating_sub(cell.chars().count());
            if k == 0 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str("  ");
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(out, &head);
    for row in &rows {
        line(out, row);
    }
}

/// The template of confirmations: a CSV (UTF-8 with a byte-order mark,
/// so that Excel shows Vietnamese; CRLF) with one row for every
/// occurrence due by `through` that no log given can confirm (its outlet
/// has none, or it is a window of days), with its UID, title, outlet and
/// planned date, and the date done and reference to fill in (filled in
/// already from the confirmations read).
///
/// # Errors
/// Cannot fail but for a CSV writer's error on memory.
pub fn template(r: &Reconciliation, lang: Lang) -> io::Result<Vec<u8>> {
    let words = Words::of(lang);
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(words.template_columns)?;
        let through = r.options().through;
        for (i, o) in r.occurrences().iter().enumerate() {
            if o.dates().1 > through || r.has_log(i) {
                continue;
            }
            let planned = match o.start {
                Moment::At(t) => format!("{} {}", Day(t.date_naive(), lang), t.format("%H:%M")),
                Moment::Day(_) => {
                    let (first, last) = o.dates();
                    if first == last {
                        Day(first, lang).to_string()
                    } else {
                        format!("{} – {}", Day(first, lang), Day(last, lang))
                    }
                }
            };
            let (done, reference) = r.confirmation(i).unwrap_or((None, None));
            let done = done.map(|d| match lang {
                Lang::Vi => Dmy(d).to_string(),
                Lang::En => d.to_string(),
            });
            w.write_record([
                o.uid().to_string().as_str(),
                &neutralise(o.title()),
                o.outlet_id().unwrap_or(""),
                &planned,
                done.as_deref().unwrap_or(""),
                &neutralise(reference.unwrap_or("")),
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}
