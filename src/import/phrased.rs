//! An activity's time written as the document said it: a `when:` phrase
//! (`lịch:`) made of the document's words of when, each word as the
//! grammar reads it (`thú Tư` written `thứ Tư`, `O6` written `6`), and
//! written only where the loader, reading it strictly, gives the very
//! occurrences that import placed; elsewhere `start` and `rrule` stay, and
//! the comment says why.

use std::collections::BTreeMap;

use super::activity::Activity;
use super::write::Schedule;
use crate::phrase::{self, Due, Fact, Found, Scan};
use crate::plan::{LoadError, Plan};
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

/// The occurrences of each activity, as what tells them apart.
type Occurrences = BTreeMap<String, Vec<String>>;

fn occurrences(plan: &Plan) -> Option<Occurrences> {
    let all = crate::expand(std::slice::from_ref(plan)).ok()?;
    let mut out: Occurrences = BTreeMap::new();
    for o in all.occurrences() {
        out.entry(o.activity.id.clone()).or_default().push(format!(
            "{:?} {:?} {:?} {:?} {:?} {} {} {:?}",
            o.rerun,
            o.outlet.map(|x| &x.id),
            o.start,
            o.end,
            o.moved_from,
            o.rule_date,
            o.ordinal,
            o.holiday
        ));
    }
    Some(out)
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

/// Decides for each activity with a phrase whether the file says its time
/// with it: only when the loader (`load`, which loads the file as `check`
/// will) reads the phrase strictly and gives the same occurrences as the
/// file without phrases. `calendar`: whether the plan's holiday files are
/// not at hand here, so that a deadline counted in working days cannot be
/// compared.
pub(crate) fn settle(
    s: &mut Schedule,
    calendar: bool,
    load: impl Fn(&Schedule) -> Result<Plan, LoadError>,
) {
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
        return;
    }
    s.phrases = false;
    let Some(rules) = load(s).ok().as_ref().and_then(occurrences) else {
        keep_all(s);
        return;
    };
    s.phrases = true;
    // Each round drops at least one phrase, or ends.
    let mut one_by_one = false;
    loop {
        match load(s) {
            Ok(plan) => match occurrences(&plan) {
                Some(said) if drop_differing(s, &rules, &said) => {}
                Some(_) => return,
                None => {
                    keep_all(s);
                    return;
                }
            },
            Err(_) if !one_by_one => {
                refused_one_by_one(s, &load);
                one_by_one = true;
            }
            Err(_) => {
                keep_all(s);
                return;
            }
        }
    }
}

/// Drops the phrases whose activity's occurrences differ from the rule's;
/// whether any was dropped.
fn drop_differing(s: &mut Schedule, rules: &Occurrences, said: &Occurrences) -> bool {
    let lang = s.lang;
    let mut dropped = false;
    for a in s.activities.iter_mut().chain(s.reports.iter_mut()) {
        let Some(text) = a.phrase.clone() else {
            continue;
        };
        if rules.get(&a.id) != said.get(&a.id) {
            keep_rule(a, say::phrase_differs(lang, &text));
            dropped = true;
        }
    }
    dropped
}

/// Each phrase loaded in a plan of its activity alone: those the loader
/// refuses dropped, with its reason.
fn refused_one_by_one(s: &mut Schedule, load: &impl Fn(&Schedule) -> Result<Plan, LoadError>) {
    let lang = s.lang;
    let mut alone = Schedule {
        activities: Vec::new(),
        reports: Vec::new(),
        ..s.clone()
    };
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
