//! A [`Report`] written for people (text) or programs (JSON).
//!
//! Text: a summary line, then errors, warnings and notes, each finding at
//! the file, line and column of the value to change, then the budget table,
//! in Vietnamese or English. JSON: the [`Report`] with each finding's
//! `message` and `fix` in the chosen language; its schema is in docs/reference/check.md
//! ("Checking a plan") and stays stable.

use std::fmt::Write;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{Budget, Finding, Report, Severity, Summary};
use crate::format::{money, Dated};
use crate::occurrence::Moment;
use crate::words::check::{self as words, Words};
use crate::words::Lang;

/// The report as text in `lang`, each line ending in `\n`; with `colour`,
/// the severities in colour (for a terminal).
///
/// Each finding is a line that starts where an editor or a terminal opens
/// the value to change (`schedules/x.yaml:75:13: cảnh báo[expect-mismatch]:
/// …`, as compilers write), then a line of what it is about (title, date,
/// time, outlet), then the other places it concerns.
pub fn text(report: &Report, lang: Lang, colour: bool) -> String {
    let w = Words::of(lang);
    let s = &report.summary;
    let many_plans = s.plans > 1;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        words::summary(lang, s.plans, s.occurrences, s.errors, s.warnings, s.notes)
    );
    for (severity, heading) in [
        (Severity::Error, w.errors),
        (Severity::Warning, w.warnings),
        (Severity::Note, w.notes),
    ] {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading} ({})", group.len());
        for f in group {
            finding(&mut out, f, lang, colour, many_plans);
        }
    }
    readings(report, lang, many_plans, &mut out);
    budget(report, lang, many_plans, &mut out);
    out
}

/// How each `when:` phrase was read: where, the phrase, the rule in
/// words, the first dates.
fn readings(report: &Report, lang: Lang, many_plans: bool, out: &mut String) {
    if report.readings.is_empty() {
        return;
    }
    let w = crate::words::when::Words::of(lang);
    let _ = writeln!(out, "\n{} ({})", w.heading, report.readings.len());
    for r in &report.readings {
        if let Some(at) = &r.location {
            let _ = write!(out, "{at}: ");
        }
        let id = if many_plans {
            format!("{}/{}", r.plan, r.activity)
        } else {
            r.activity.clone()
        };
        let _ = writeln!(out, "{id}: “{}”", r.phrase);
        let mut said = vec![crate::words::when::rule(
            lang,
            r.rrule.as_deref(),
            r.time.as_deref(),
        )];
        said.push(format!(
            "{} {}",
            w.length,
            crate::words::when::length(lang, &r.duration)
        ));
        let added = if r.rrule.is_some() { r.added } else { 0 };
        said.extend(crate::words::when::extra(lang, added, r.removed, r.beyond));
        let _ = writeln!(out, "    {}", said.join("; "));
        let first: Vec<String> = r
            .first
            .iter()
            .map(|d| Dated(*d, lang).to_string())
            .collect();
        let _ = writeln!(out, "    {}: {}", w.first, first.join(", "));
    }
}

/// One finding: its place and sentence, what it is about, where else to look.
fn finding(out: &mut String, f: &Finding, lang: Lang, colour: bool, many_plans: bool) {
    let w = Words::of(lang);
    let (name, paint) = match f.severity {
        Severity::Error => (w.error, "\x1b[1;31m"),
        Severity::Warning => (w.warning, "\x1b[1;33m"),
        Severity::Note => (w.note, "\x1b[1;36m"),
    };
    if let Some(at) = f.location() {
        let _ = write!(out, "{at}: ");
    }
    if colour {
        let _ = write!(out, "{paint}{name}\x1b[0m");
    } else {
        out.push_str(name);
    }
    let _ = writeln!(out, "[{}]: {}", f.code().as_str(), f.message(lang));
    let mut about: Vec<String> = Vec::new();
    match (&f.title, activity(f, many_plans)) {
        (Some(title), Some(id)) => about.push(format!("“{title}” ({id})")),
        (None, Some(id)) => about.push(id),
        _ => {}
    }
    if let Some(d) = f.date {
        let when = match f.time() {
            Some(t) => format!("{} {t}", Dated(d, lang)),
            None if matches!(f.start, Some(Moment::Day(_))) => {
                format!("{} ({})", Dated(d, lang), w.all_day)
            }
            None => Dated(d, lang).to_string(),
        };
        about.push(when);
    }
    if let Some(outlet) = &f.outlet {
        about.push(outlet.clone());
    }
    if !about.is_empty() {
        let _ = writeln!(out, "    {}", about.join(" · "));
    }
    for place in &f.related {
        let _ = writeln!(out, "    {}: {place}", w.see_also);
    }
}

/// The activity a finding is about: its id, with its plan's when several
/// plans are checked.
fn activity(f: &Finding, many_plans: bool) -> Option<String> {
    match (&f.plan, &f.activity) {
        (Some(p), Some(a)) if many_plans => Some(format!("{p}/{a}")),
        (_, Some(a)) => Some(a.clone()),
        (Some(p), None) => Some(p.clone()),
        (None, None) => None,
    }
}

fn budget(report: &Report, lang: Lang, many_plans: bool, out: &mut String) {
    let w = Words::of(lang);
    let b = &report.budget;
    let _ = writeln!(out, "\n{}", w.budget);
    let rows: Vec<(String, String, &str)> = b
        .lines
        .iter()
        .map(|l| {
            let name = if many_plans {
                format!("{}/{}", l.plan, l.activity)
            } else {
                l.activity.clone()
            };
            let amount = l
                .budget_vnd
                .map_or_else(|| "—".to_string(), |v| money(u128::from(v), lang));
            (name, amount, l.title.as_str())
        })
        .collect();
    let total = money(b.total_vnd, lang);
    let name_width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .max(w.activity.chars().count());
    let amount_width = rows
        .iter()
        .map(|r| r.1.chars().count())
        .chain([total.chars().count()])
        .max()
        .unwrap_or(0)
        .max(w.amount.chars().count());
    // `{:<n$}` counts chars, as the widths above do.
    let _ = writeln!(
        out,
        "  {:<name_width$}  {:>amount_width$}  {}",
        w.activity, w.amount, w.title
    );
    for (name, amount, title) in &rows {
        let _ = writeln!(
            out,
            "  {name:<name_width$}  {amount:>amount_width$}  {title}"
        );
    }
    let _ = writeln!(out, "  {:<name_width$}  {total:>amount_width$}", w.total);
}

/// The report as JSON (pretty, ending in a newline), each finding's
/// `message` and `fix` in `lang`.
///
/// # Errors
/// None in practice; serde's complaint if there were one.
pub fn json(report: &Report, lang: Lang) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(&Json { report, lang })?;
    s.push('\n');
    Ok(s)
}

/// A report as programs read it, worded in `lang`.
struct Json<'a> {
    report: &'a Report,
    lang: Lang,
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let findings: Vec<Worded> = self
            .report
            .findings
            .iter()
            .map(|finding| Worded {
                finding,
                lang: self.lang,
            })
            .collect();
        let mut out = s.serialize_struct("Report", 4)?;
        out.serialize_field("findings", &findings)?;
        out.serialize_field::<Budget>("budget", &self.report.budget)?;
        out.serialize_field::<Summary>("summary", &self.report.summary)?;
        if self.report.readings.is_empty() {
            out.skip_field("readings")?;
        } else {
            let readings: Vec<ReadingJson> = self
                .report
                .readings
                .iter()
                .map(|reading| ReadingJson {
                    reading,
                    lang: self.lang,
                })
                .collect();
            out.serialize_field("readings", &readings)?;
        }
        out.end()
    }
}

/// A phrase's reading as programs read it, with the rule in words in
/// `lang`.
struct ReadingJson<'a> {
    reading: &'a super::Reading,
    lang: Lang,
}

impl Serialize for ReadingJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.reading;
        let mut out = s.serialize_struct("Reading", 10)?;
        out.serialize_field("plan", &r.plan)?;
        out.serialize_field("activity", &r.activity)?;
        out.serialize_field("phrase", &r.phrase)?;
        out.serialize_field("location", &r.location)?;
        out.serialize_field("rrule", &r.rrule)?;
        out.serialize_field("time", &r.time)?;
        out.serialize_field("duration", &r.duration)?;
        let words = crate::words::when::rule(self.lang, r.rrule.as_deref(), r.time.as_deref());
        out.serialize_field("words", &words)?;
        let first: Vec<String> = r.first.iter().map(ToString::to_string).collect();
        out.serialize_field("first", &first)?;
        out.serialize_field("beyond", &r.beyond)?;
        out.end()
    }
}

/// A finding as programs read it: its fields, with its `message` and `fix`
/// in `lang` after its code and severity.
struct Worded<'a> {
    finding: &'a Finding,
    lang: Lang,
}

impl Serialize for Worded<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.finding;
        let said = f.said(self.lang);
        let mut out = s.serialize_struct("Finding", 18)?;
        out.serialize_field("code", &f.code())?;
        out.serialize_field("severity", &f.severity)?;
        out.serialize_field("message", &said.message())?;
        out.serialize_field("fix", &said.fix)?;
        out.serialize_field("plan", &f.plan)?;
        out.serialize_field("activity", &f.activity)?;
        // A date as [`Moment::Day`] writes it, `YYYY-MM-DD`.
        out.serialize_field("date", &f.date.map(Moment::Day))?;
        out.serialize_field("start", &f.start)?;
        out.serialize_field("end", &f.end)?;
        out.serialize_field("outlet", &f.outlet)?;
        out.serialize_field("uids", &f.uids)?;
        out.serialize_field("file", &f.file)?;
        out.serialize_field("line", &f.line)?;
        out.serialize_field("column", &f.column)?;
        out.serialize_field("related", &f.related)?;
        out.serialize_field("title", &f.title)?;
        out.serialize_field("accepted", &f.accepted)?;
        out.serialize_field("reason", &f.reason)?;
        out.end()
    }
}
