//! An activity's time written as the document said it: a `when:` phrase
//! (`lịch:`) made of the document's words of when, each word as the
//! grammar reads it (`thú Tư` written `thứ Tư`, `O6` written `6`), and
//! written only where the loader, reading it strictly, gives the very
//! occurrences that import placed; elsewhere `start` and `rrule` stay, and
//! the comment says why.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::activity::{Activity, Rerun, Start};
use super::write::{yaml, Detail, Schedule, Written};
use crate::expand::Expansion;
use crate::occurrence::Moment;
use crate::phrase::{self, Due, Fact, Found, Scan};
use crate::plan::{ActivityKind, LoadError, Plan};
use crate::words::import as say;

/// Whether a `when:` phrase may hold the fact: what the loader reads as
/// when; the length aside (the file gives it as `duration`).
fn of_when(f: &Fact) -> bool {
    f.speaks_of_when() && !matches!(f, Fact::Length(_) | Fact::Rerun)
}

/// A found phrase's words, each read as another written as it was read.
fn normalised(f: &Found) -> String {
    let mut text = f.quote.clone();
    let mut from = 0;
    for n in &f.noise {
        let Some(at) = word_at(&text, &n.written, from) else {
            continue;
        };
        let end = at + n.written.len();
        text = format!(
            "{}{}{}",
            text.get(..at).unwrap_or(""),
            n.read_as,
            text.get(end..).unwrap_or("")
        );
        from = at + n.read_as.len();
    }
    text
}

/// Where `word` is written as a whole word in `text` from byte `from`.
fn word_at(text: &str, word: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let mut start = 0;
    while let Some(i) = rest.get(start..).and_then(|r| r.find(word)) {
        let at = start + i;
        let before = rest.get(..at).and_then(|b| b.chars().last());
        let after = rest.get(at + word.len()..).and_then(|a| a.chars().next());
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(from + at);
        }
        start = at + word.len().max(1);
    }
    None
}

/// What stands between two phrases of when: a mark (`, ` or a space) when
/// only marks and phrases that are not of when (an outlet, a count) are
/// there; else the words themselves: a joining word (`và`), or words the
/// strict reading then refuses.
fn between(chars: &[char], from: usize, to: usize, others: &[(usize, usize)]) -> String {
    let gap: String = (from..to)
        .filter(|i| !others.iter().any(|(a, b)| (*a..*b).contains(i)))
        .filter_map(|i| chars.get(i))
        .collect();
    if gap.chars().any(char::is_alphanumeric) {
        let words = gap.split_whitespace().collect::<Vec<&str>>().join(" ");
        // A mark stays against the word before it: `tháng, vào tuần`.
        let space = if words.starts_with(char::is_alphanumeric) {
            " "
        } else {
            ""
        };
        format!("{space}{words} ")
    } else if gap.contains(',') || gap.contains(';') {
        ", ".into()
    } else {
        " ".into()
    }
}

/// The phrase of `found` (phrases of the text `text`, in order): its
/// phrases of when up to a rerun, with what stands between them; `None`
/// when they say nothing of when or a value is out of range.
pub(crate) fn of_found(text: &str, found: &[&Found]) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts: Vec<(usize, usize, String)> = Vec::new();
    let mut others: Vec<(usize, usize)> = Vec::new();
    for f in found {
        let start = f.column.saturating_sub(1);
        let end = start + f.quote.chars().count();
        match &f.fact {
            None => return None,
            Some(Fact::Rerun) => break,
            // Kept where it joins two phrases of when.
            Some(Fact::Joiner) => {}
            Some(fact) if of_when(fact) => parts.push((start, end, normalised(f))),
            Some(_) => others.push((start, end)),
        }
    }
    let mut out = String::new();
    let mut last: Option<usize> = None;
    for (start, end, words) in parts {
        if let Some(prev) = last {
            out.push_str(&between(&chars, prev, start, &others));
        }
        out.push_str(&words);
        last = Some(end);
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}

/// The phrase of an item's time cells (`texts`, read into `scans`), the
/// cells' phrases joined by `, `.
pub(crate) fn of_cells(texts: &[String], scans: &[Scan]) -> Option<String> {
    let mut said = Vec::new();
    for (text, scan) in texts.iter().zip(scans) {
        let found: Vec<&Found> = scan.found.iter().collect();
        if found.iter().any(|f| f.fact.is_none()) {
            return None;
        }
        said.extend(of_found(text, &found));
    }
    (!said.is_empty()).then(|| said.join(", "))
}

/// What an activity's occurrences depend on besides the plan's period,
/// zone, holidays and outlets: every field the file writes for it but its
/// names (`id`, `title`), offices, product and budget. Activities of one
/// timing give the same occurrences, so that each timing's rule is loaded
/// and expanded once, however many activities share it.
#[derive(PartialEq, Eq, Hash)]
struct Timing<'a> {
    kind: ActivityKind,
    expect: Option<u32>,
    outlet: Option<&'a str>,
    start: Start,
    rrule: Option<&'a str>,
    rdates: &'a [Start],
    exdates: &'a [Start],
    duration: &'a str,
    tentative: bool,
    reruns: &'a [Rerun],
}

impl<'a> Timing<'a> {
    fn of(a: &'a Activity) -> Timing<'a> {
        // Every field named: one added to the activity is decided on here.
        let Activity {
            item: _,
            place: _,
            notes: _,
            id: _,
            title: _,
            lead: _,
            partners: _,
            product: _,
            budget: _,
            phrase: _,
            kept_rule: _,
            kind,
            expect,
            outlet,
            start,
            rrule,
            rdates,
            exdates,
            duration,
            tentative,
            reruns,
        } = a;
        Timing {
            kind: *kind,
            expect: *expect,
            outlet: outlet.as_deref(),
            start: *start,
            rrule: rrule.as_deref(),
            rdates,
            exdates,
            duration,
            tentative: *tentative,
            reruns,
        }
    }
}

/// An occurrence as what tells it apart from another of its activity
/// (its activity's id aside): ordered, so that two lists compare whatever
/// order equal starts came in.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Seen<'p> {
    start: (Moment, Option<i32>),
    end: (Moment, Option<i32>),
    rerun: Option<u32>,
    outlet: Option<&'p str>,
    moved_from: Option<NaiveDate>,
    rule_date: NaiveDate,
    ordinal: u32,
    holiday: Option<&'p str>,
}

/// A moment with its offset from UTC (two moments are equal at the same
/// instant, whatever their offsets).
fn with_offset(m: Moment) -> (Moment, Option<i32>) {
    let offset = match m {
        Moment::At(t) => Some(t.offset().local_minus_utc()),
        Moment::Day(_) => None,
    };
    (m, offset)
}

/// The occurrences of each activity of an expansion, by its id, sorted.
fn seen_by_id<'p>(x: &Expansion<'p>) -> HashMap<&'p str, Vec<Seen<'p>>> {
    x.groups()
        .iter()
        .map(|g| {
            let mut list: Vec<Seen<'p>> = x
                .members(g)
                .map(|o| Seen {
                    start: with_offset(o.start),
                    end: with_offset(o.end),
                    rerun: o.rerun,
                    outlet: o.outlet.map(|x| x.id.as_str()),
                    moved_from: o.moved_from,
                    rule_date: o.rule_date,
                    ordinal: o.ordinal,
                    holiday: o.holiday,
                })
                .collect();
            list.sort_unstable();
            (g.activity.id.as_str(), list)
        })
        .collect()
}

/// The loader's message, in the file's language.
fn why(e: &LoadError, lang: crate::words::Lang) -> String {
    match e {
        LoadError::Schedule(d) => d.message.get(lang).to_string(),
        LoadError::Input { message, .. } => message.get(lang).to_string(),
        LoadError::Read { .. } => e.to_string(),
    }
}

/// Keeps `start` and `rrule` for `a`, saying why.
fn keep_rule(a: &mut Activity, why: String) {
    a.phrase = None;
    a.kept_rule = Some(why);
}

/// How the file is written and loaded: `write` gives the file as it will
/// be written (`None` when it is too large to be), `load` loads a text of
/// the file as `check` will.
pub(crate) struct Files<W, L> {
    pub write: W,
    pub load: L,
}

/// Decides for each activity with a phrase whether the file says its time
/// with it: only when the loader reads the phrase strictly and gives the
/// same occurrences as the activity's `start` and `rrule`. `calendar`:
/// whether the plan's holiday files are not at hand here, so that a
/// deadline counted in working days cannot be compared.
///
/// The proof loads the file as it will be written, phrases and all, and
/// expands it once, beside one file of the rules of the phrases' timings
/// ([`Timing`]); a round that drops a phrase loads the file again. The
/// file proved, and what it gives, when the last load was of the file as
/// written; `None` when no phrase is left to prove or the file could not be
/// compared (every phrase then dropped).
pub(crate) fn settle<W, L>(s: &mut Schedule, calendar: bool, files: &Files<W, L>) -> Option<Written>
where
    W: Fn(&Schedule) -> Option<String>,
    L: Fn(&Schedule, &str) -> Result<Plan, LoadError>,
{
    let lang = s.lang;
    for a in s.activities.iter_mut().chain(s.reports.iter_mut()) {
        let Some(text) = a.phrase.clone() else {
            continue;
        };
        match phrase::strict(&text) {
            Err(u) => keep_rule(a, say::phrase_unread(lang, &text, &u.quote)),
            Ok(facts) if calendar && facts.iter().any(working_days) => {
                keep_rule(a, say::phrase_calendar(lang, &text));
            }
            Ok(_) => {}
        }
    }
    if !s
        .activities
        .iter()
        .chain(&s.reports)
        .any(|a| a.phrase.is_some())
    {
        return None;
    }
    let (timing_of, rules) = rules_file(s);
    let Some(rule_plan) = (files.load)(&rules, &yaml(&rules, Detail::Least)).ok() else {
        keep_all(s);
        return None;
    };
    let Ok(rule_expansion) = crate::expand(std::slice::from_ref(&rule_plan)) else {
        keep_all(s);
        return None;
    };
    let mut by_rule = seen_by_id(&rule_expansion);
    // Each timing's occurrences, from its activity in the rules' file.
    let of_timing: Vec<Vec<Seen>> = rules
        .activities
        .iter()
        .map(|a| by_rule.remove(a.id.as_str()).unwrap_or_default())
        .collect();
    // Each round drops at least one phrase, or ends.
    let mut one_by_one = false;
    loop {
        let Some(text) = (files.write)(s) else {
            keep_all(s);
            return None;
        };
        match (files.load)(s, &text) {
            Ok(plan) => {
                let Ok(x) = crate::expand(std::slice::from_ref(&plan)) else {
                    keep_all(s);
                    return None;
                };
                if !drop_differing(s, &timing_of, &of_timing, &x) {
                    return Some(Written::counted(text, &x));
                }
            }
            Err(_) if !one_by_one => {
                refused_one_by_one(s, &files.load);
                one_by_one = true;
            }
            Err(_) => {
                keep_all(s);
                return None;
            }
        }
    }
}

/// The file of the rules of the phrases' timings: of each timing among the
/// activities with a phrase, the first, with `start` and `rrule`; and each
/// activity's timing (its activity's index in that file), in the order of
/// the activities and then the reports.
fn rules_file(s: &Schedule) -> (Vec<Option<usize>>, Schedule) {
    let mut timings: HashMap<Timing, usize> = HashMap::new();
    let mut firsts: Vec<&Activity> = Vec::new();
    let timing_of = s
        .activities
        .iter()
        .chain(&s.reports)
        .map(|a| {
            a.phrase.as_ref()?;
            Some(*timings.entry(Timing::of(a)).or_insert_with(|| {
                firsts.push(a);
                firsts.len() - 1
            }))
        })
        .collect();
    let rules = Schedule {
        lang: s.lang,
        id: s.id.clone(),
        title: s.title.clone(),
        reference: s.reference.clone(),
        timezone: s.timezone.clone(),
        from: s.from,
        to: s.to,
        published: s.published,
        holidays: s.holidays.clone(),
        holidays_note: s.holidays_note.clone(),
        outlets: s.outlets.clone(),
        activities: firsts.into_iter().cloned().collect(),
        reports: Vec::new(),
        phrases: false,
    };
    (timing_of, rules)
}

/// Drops the phrases whose activity's occurrences in `said` (the file's
/// expansion) differ from those of its timing's rule; whether any was
/// dropped.
fn drop_differing(
    s: &mut Schedule,
    timing_of: &[Option<usize>],
    of_timing: &[Vec<Seen>],
    said: &Expansion,
) -> bool {
    let lang = s.lang;
    let mut by_id = seen_by_id(said);
    let mut dropped = false;
    let all = s.activities.iter_mut().chain(s.reports.iter_mut());
    for (a, timing) in all.zip(timing_of) {
        let Some(text) = a.phrase.clone() else {
            continue;
        };
        let said = by_id.remove(a.id.as_str()).unwrap_or_default();
        let rule = timing.and_then(|t| of_timing.get(t));
        if rule.is_none_or(|rule| *rule != said) {
            keep_rule(a, say::phrase_differs(lang, &text));
            dropped = true;
        }
    }
    dropped
}

/// Each phrase loaded in a plan of its activity alone: those the loader
/// refuses dropped, with its reason.
fn refused_one_by_one(
    s: &mut Schedule,
    load: &impl Fn(&Schedule, &str) -> Result<Plan, LoadError>,
) {
    let lang = s.lang;
    let mut alone = Schedule {
        activities: Vec::new(),
        reports: Vec::new(),
        ..s.clone()
    };
    let load = |alone: &Schedule| load(alone, &yaml(alone, Detail::Least));
    for a in s.activities.iter_mut().chain(s.reports.iter_mut()) {
        let Some(text) = a.phrase.clone() else {
            continue;
        };
        alone.activities = vec![a.clone()];
        if let Err(e) = load(&alone) {
            // Refused only for the length the rule gives (a window's, where
            // the phrase says another): the phrase means other dates.
            if let Some(only) = alone.activities.first_mut() {
                only.duration = "P1D".into();
            }
            let why = match load(&alone) {
                Ok(_) => say::phrase_differs(lang, &text),
                Err(_) => say::phrase_refused(lang, &text, &why(&e, lang)),
            };
            keep_rule(a, why);
        }
    }
}

/// Every phrase dropped: the file cannot be compared.
fn keep_all(s: &mut Schedule) {
    let lang = s.lang;
    for a in s.activities.iter_mut().chain(s.reports.iter_mut()) {
        if let Some(text) = a.phrase.clone() {
            keep_rule(a, say::phrase_differs(lang, &text));
        }
    }
}

fn working_days(f: &Fact) -> bool {
    matches!(f, Fact::Due(Due::WorkingDaysAfter { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrase::Mode;

    fn phrase(text: &str) -> Option<String> {
        let scan = phrase::scan(text, Mode::Tolerant);
        of_cells(&[text.to_string()], &[scan])
    }

    #[test]
    fn the_words_of_when_as_the_grammar_reads_them() {
        let cases = [
            (
                "17 giờ 45 phút thứ Tư, tuần 3 hằng tháng",
                Some("17 giờ 45 phút thứ Tư, tuần 3 hằng tháng"),
            ),
            (
                "17 giờ 30 thú Tư tuần Z hằng tháng",
                Some("17 giờ 30 thứ Tư tuần 2 hằng tháng"),
            ),
            (
                "19 giờ 30 phút thứ Năm, tuần 2 hằng tháng - kênh ATV1, thời lượng 15 phút",
                Some("19 giờ 30 phút thứ Năm, tuần 2 hằng tháng"),
            ),
            (
                "20 giờ thứ Sáu hằng tuần - kênh KG, phát lại lúc O6 giờ ngày hôm sau",
                Some("20 giờ thứ Sáu hằng tuần"),
            ),
            ("Quý II và quý IV", Some("Quý II và quý IV")),
            (
                "Hằng tháng, vào tuần đầu và tuần cuối của tháng",
                Some("Hằng tháng, vào tuần đầu và tuần cuối của tháng"),
            ),
            (
                "20 giờ thứ Ba và thứ Sáu hằng tuần - kênh KG và VTV1",
                Some("20 giờ thứ Ba và thứ Sáu hằng tuần"),
            ),
            ("kênh KG", None),
        ];
        for (text, want) in cases {
            assert_eq!(phrase(text).as_deref(), want, "{text}");
        }
    }
}
