//! `castcal roll`: next year's schedule file from this year's.
//!
//! The file is edited as text, value by value at the places the loader
//! found them, so that every comment, the order and the forms written stay:
//! the period and every date move by whole years; a rule's `start` goes to
//! the first date the rule gives in the new year (the third Wednesday of
//! January 2024 is not 18 January); `UNTIL` moves with the rest; the
//! plan's id, title and short title take the new year; `published` is removed (the new
//! plan is not published yet); a holiday file of the old year gives way to
//! the built-in calendar (`VN`). Every date written as a fixed day, and
//! every value that changed in a way a person should see, gets a comment
//! on the line above it. The result must load, or nothing is written.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::Error;
use crate::plan::{self, Activity, Plan, Position, Rule, Source, Start};
use crate::words::roll::Words;
use crate::words::{Common, Lang};

/// Next year's schedule file.
#[derive(Debug)]
pub struct Rolled {
    /// The file's text.
    pub text: String,
    /// How many notes ask a person to look again.
    pub notes: usize,
    /// The year of the plan rolled.
    pub from: i32,
}

/// One value replaced: on `line` (from 1), the characters `from..to`
/// (columns from 1, `to` excluded) become `text`.
#[derive(Debug)]
struct Edit {
    line: usize,
    from: usize,
    to: usize,
    text: String,
}

/// What changes in the file: values replaced, lines removed, notes above
/// lines.
#[derive(Debug, Default)]
struct Changes {
    edits: Vec<Edit>,
    removed: Vec<usize>,
    notes: BTreeMap<usize, Vec<String>>,
}

impl Changes {
    fn note(&mut self, line: usize, note: String) {
        self.notes.entry(line).or_default().push(note);
    }
}

/// The schedule file `text` (read from `path`) rolled to `year`, with its
/// comments in `lang`.
///
/// # Errors
/// The file does not load (the loader's error, at its place); `year` is the
/// plan's own; or the rolled file would not load (nothing is written).
pub fn roll(path: &Path, text: &str, year: i32, lang: Lang) -> Result<Rolled, Error> {
    let w = Words::of(lang);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let plan = plan::load_one(path, text.to_string())?;
    let source = Source::new(path, text.to_string())?;
    let from = plan.period.from.year();
    let delta = year - from;
    if delta == 0 {
        return Err(Error::Usage(w.same_year.replace("{to}", &year.to_string())));
    }
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let mut roller = Roller {
        w,
        lang,
        source: &source,
        lines: &lines,
        delta,
        from,
        to: year,
        changes: Changes::default(),
    };
    roller.plan(&plan);
    for (i, activity) in plan.activities.iter().enumerate() {
        roller.activity(&plan, i, activity);
    }
    let notes = roller.changes.notes.values().map(Vec::len).sum();
    let header = w
        .header
        .replace("{from}", &from.to_string())
        .replace("{to}", &year.to_string());
    let rolled = apply(text, &lines, roller.changes, &header, w.look);
    if let Err(e) = plan::load_one(path, rolled.clone()) {
        return Err(Error::Usage(w.unloadable.replace("{e}", &e.to_string())));
    }
    Ok(Rolled {
        text: rolled,
        notes,
        from,
    })
}

/// What rolls a plan: the file's lines, the years, and what changes.
struct Roller<'a> {
    w: &'static Words,
    lang: Lang,
    source: &'a Source,
    lines: &'a [Vec<char>],
    delta: i32,
    from: i32,
    to: i32,
    changes: Changes,
}

impl Roller<'_> {
    /// The value at `path`: its line and its columns (from 1, end excluded).
    fn value(&self, path: &str) -> Option<(usize, usize, usize)> {
        let Position { line, column } = self.source.position(path)?;
        let chars = self.lines.get(line.checked_sub(1)?)?;
        let end = value_end(chars, column);
        Some((line, column, end))
    }

    /// The text of the value at `line`, `from..to`.
    fn text(&self, line: usize, from: usize, to: usize) -> String {
        self.lines
            .get(line.saturating_sub(1))
            .map(|l| {
                l.iter()
                    .skip(from.saturating_sub(1))
                    .take(to.saturating_sub(from))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn replace(&mut self, line: usize, from: usize, to: usize, text: String) {
        self.changes.edits.push(Edit {
            line,
            from,
            to,
            text,
        });
    }

    /// The period, the id, the title, the reference, `published` and the
    /// holiday files.
    fn plan(&mut self, plan: &Plan) {
        for end in ["from", "to"] {
            self.date(&format!("plan.period.{end}"), false);
        }
        let (old, new) = (self.from.to_string(), self.to.to_string());
        if let Some((line, a, b)) = self.value("plan.id") {
            let id = self.text(line, a, b);
            let rolled = if id.contains(&old) {
                id.replace(&old, &new)
            } else {
                // A plan's id is part of every UID: next year's must differ.
                match id.strip_suffix('"') {
                    Some(quoted) => format!("{quoted}-{new}\""),
                    None => format!("{id}-{new}"),
                }
            };
            self.replace(line, a, b, rolled);
        }
        for key in ["plan.title", "plan.short_title"] {
            if let Some((line, a, b)) = self.value(key) {
                let title = self.text(line, a, b);
                if title.contains(&old) {
                    self.replace(line, a, b, title.replace(&old, &new));
                }
            }
        }
        if plan.reference.is_some() {
            if let Some((line, _, _)) = self.value("plan.reference") {
                let note = self.w.reference.replace("{from}", &old);
                self.changes.note(line, note);
            }
        }
        self.published();
        for i in 0.. {
            let path = format!("plan.holidays[{i}]");
            let Some((line, a, b)) = self.value(&path) else {
                break;
            };
            let file = self.text(line, a, b);
            if file.contains(&old) {
                self.replace(line, a, b, plan::BUILT_IN_CALENDAR.to_string());
                let note = self
                    .w
                    .holidays
                    .replace("{from}", &old)
                    .replace("{file}", file.trim_matches(['"', '\'']));
                self.changes.note(line, note);
            }
        }
    }

    /// Removes `published:`'s line (the new plan is not published yet).
    fn published(&mut self) {
        let Some((line, _, _)) = self.value("plan.published") else {
            return;
        };
        // The key as the file names it, in either language, first on its line.
        let own_line = self.lines.get(line.wrapping_sub(1)).and_then(|l| {
            let first = l.iter().take_while(|c| c.is_whitespace()).count() + 1;
            self.source
                .spots()
                .iter()
                .find(|s| {
                    s.position.line == line
                        && s.position.column <= first + 1
                        && s.named.name(Lang::En) == "published"
                })
                .map(|s| s.written.clone())
        });
        if let Some(name) = own_line {
            // The note takes the removed line's place.
            self.changes.removed.push(line);
            let note = self
                .w
                .published
                .replace("{from}", &self.from.to_string())
                .replace("{key}", &name);
            self.changes.note(line, note);
        }
    }

    /// An activity's `start`, `rrule`'s `UNTIL`, `rdates` and `exdates`.
    fn activity(&mut self, plan: &Plan, i: usize, activity: &Activity) {
        let at = |field: &str| format!("activities[{i}].{field}");
        if let Some((line, a, b)) = self.value(&at("rrule")) {
            let text = self.text(line, a, b);
            if let Some(rolled) = until_moved(&text, self.delta) {
                self.replace(line, a, b, rolled);
            }
        }
        match &activity.rule {
            None => {
                self.date(&at("start"), true);
            }
            Some(rule) if positional(rule) => self.first_of_rule(plan, &at("start"), activity),
            Some(rule) => {
                if let Some((old, new)) = self.date(&at("start"), false) {
                    let weekly = rule.frequency() == rrule::Frequency::Weekly;
                    if weekly && old.weekday() != new.weekday() {
                        let c = Common::of(self.lang);
                        let note = self
                            .w
                            .weekday
                            .replace("{from}", &show(old))
                            .replace("{to}", &show(new))
                            .replace("{old}", c.weekday_long(old.weekday()))
                            .replace("{new}", c.weekday_long(new.weekday()));
                        self.note_at(&at("start"), note);
                    }
                }
            }
        }
        self.phrase(&at("when"));
        for list in ["rdates", "exdates"] {
            for j in 0.. {
                if self.date(&at(&format!("{list}[{j}]")), true).is_none() {
                    break;
                }
            }
        }
    }

    /// A `when:` phrase: the years it writes (`02/09/2023`, `tháng 4/2023`,
    /// `quý I/2023`) moved, and a note when it names days.
    fn phrase(&mut self, path: &str) {
        let Some((line, a, b)) = self.value(path) else {
            return;
        };
        let text = self.text(line, a, b);
        let (rolled, days) = phrase_moved(&text, self.delta);
        if rolled != text {
            self.replace(line, a, b, rolled);
        }
        if !days.is_empty() {
            let note = self.w.phrase_days.replace("{dates}", &days.join(", "));
            self.changes.note(line, note);
        }
    }

    fn note_at(&mut self, path: &str, note: String) {
        if let Some((line, _, _)) = self.value(path) {
            self.changes.note(line, note);
        }
    }

    /// Moves the date at `path` by the years; notes it when it is `fixed`
    /// (a day a person chose) or was 29 February. The old and new dates.
    fn date(&mut self, path: &str, fixed: bool) -> Option<(NaiveDate, NaiveDate)> {
        let (line, a, b) = self.value(path)?;
        let text = self.text(line, a, b);
        let (old, new, rolled) = date_moved(&text, self.delta)?;
        self.replace(line, a, b, rolled);
        let (from, to) = (show(old), show(new));
        if old.day() != new.day() {
            let note = self.w.leap.replace("{from}", &from).replace("{to}", &to);
            self.changes.note(line, note);
        } else if fixed {
            let note = self.w.fixed.replace("{from}", &from).replace("{to}", &to);
            self.changes.note(line, note);
        }
        Some((old, new))
    }

    /// A rule whose dates come from its parts (`BYDAY=3WE`): `start` goes to
    /// the first date it gives from the first day of the moved start's month.
    fn first_of_rule(&mut self, plan: &Plan, path: &str, activity: &Activity) {
        let Some((line, a, b)) = self.value(path) else {
            return;
        };
        let text = self.text(line, a, b);
        let Some((old, moved, _)) = date_moved(&text, self.delta) else {
            return;
        };
        let time = match activity.start {
            Start::At(t) => t.time(),
            Start::Day(_) => NaiveTime::MIN,
        };
        let month = moved.with_day(1).unwrap_or(moved);
        let first = activity
            .rule
            .as_ref()
            .and_then(|rule| first_instance(rule, month.and_time(time), activity, plan))
            .map_or(moved, |t| t.date());
        let Some(rolled) = with_date(&text, first) else {
            return;
        };
        self.replace(line, a, b, rolled);
        if first != moved {
            let note = self.w.first.replace("{from}", &show(old));
            self.changes.note(line, note);
        }
    }
}

/// Whether a rule's dates come from its parts rather than from its start.
fn positional(rule: &Rule) -> bool {
    !rule.by_weekday().is_empty()
        || !rule.by_month_day().is_empty()
        || rule.has_set_pos()
        || (!rule.by_month().is_empty() && rule.frequency() != rrule::Frequency::Yearly)
}

/// The first instance of `rule` from `start`, the rule read again from it.
fn first_instance(
    rule: &Rule,
    start: NaiveDateTime,
    activity: &Activity,
    plan: &Plan,
) -> Option<NaiveDateTime> {
    let rule = Rule::parse(
        &rule.without_until,
        start,
        activity.all_day(),
        plan.timezone,
    )
    .ok()?;
    let set = rule.set(start).ok()?;
    set.into_iter().next().map(|t| t.naive_utc())
}

/// A phrase with every year written after a `/` (`02/09/2023`, `4/2023`)
/// moved by `delta`, and the days it names (`17/02`, `02/09/2023`), as
/// written. Taken apart by characters: the phrase is Vietnamese.
fn phrase_moved(text: &str, delta: i32) -> (String, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut days = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !c.is_ascii_digit()
            || chars
                .get(i.wrapping_sub(1))
                .is_some_and(char::is_ascii_digit)
        {
            out.push(c);
            i += 1;
            continue;
        }
        // A run of numbers joined by `/`: `17`, `17/02`, `02/09/2023`.
        let mut groups: Vec<String> = vec![String::new()];
        let mut j = i;
        while let Some(&d) = chars.get(j) {
            if d.is_ascii_digit() {
                if let Some(g) = groups.last_mut() {
                    g.push(d);
                }
            } else if d == '/' && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
                groups.push(String::new());
            } else {
                break;
            }
            j += 1;
        }
        let mut written: Vec<String> = groups.clone();
        let after_slash = i > 0 && chars.get(i - 1) == Some(&'/');
        if let Some(year) = groups
            .last()
            .filter(|y| (groups.len() > 1 || after_slash) && y.len() == 4)
        {
            if let Some(moved) = year.parse::<i32>().ok().and_then(|y| y.checked_add(delta)) {
                if let Some(last) = written.last_mut() {
                    *last = moved.to_string();
                }
            }
        }
        let is_day =
            groups.len() == 3 || (groups.len() == 2 && groups.last().is_some_and(|g| g.len() <= 2));
        if is_day {
            days.push(groups.join("/"));
        }
        out.push_str(&written.join("/"));
        i = j;
    }
    (out, days)
}

/// `dd/mm/yyyy`, as a person reads a date in a comment.
fn show(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Where the value that starts at `column` (from 1) ends (excluded): at its
/// closing quote, or before a `,`, `]`, `}` or ` #` of a plain value.
fn value_end(chars: &[char], column: usize) -> usize {
    let start = column.saturating_sub(1);
    match chars.get(start) {
        Some(q @ ('"' | '\'')) => {
            let close = chars
                .iter()
                .enumerate()
                .skip(start + 1)
                .find(|(_, c)| *c == q)
                .map_or(chars.len(), |(i, _)| i + 1);
            close + 1
        }
        _ => {
            let mut end = chars.len();
            for (i, c) in chars.iter().enumerate().skip(start) {
                let comment = *c == '#' && i > 0 && chars.get(i - 1) == Some(&' ');
                if matches!(c, ',' | ']' | '}') || comment {
                    end = i;
                    break;
                }
            }
            while end > start && chars.get(end - 1).is_some_and(|c| c.is_whitespace()) {
                end -= 1;
            }
            end + 1
        }
    }
}

/// The date a value starts with (after an opening quote), moved by `delta`
/// years (29 February to the 28th where the year has none): the old date,
/// the new one, and the value with it.
fn date_moved(text: &str, delta: i32) -> Option<(NaiveDate, NaiveDate, String)> {
    let old = leading_date(text)?;
    let year = old.year().checked_add(delta)?;
    let new = old
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, old.month(), 28))?;
    Some((old, new, with_date(text, new)?))
}

/// The date a value starts with, after an opening quote: `YYYY-MM-DD`,
/// or day first (`18/01/2023`), as the loader reads it; and how many
/// characters it takes.
fn leading(text: &str) -> Option<(NaiveDate, usize, bool)> {
    let body: String = text
        .chars()
        .skip_while(|c| matches!(c, '"' | '\''))
        .collect();
    let token: String = body
        .chars()
        .take_while(|c| !matches!(c, ' ' | 'T' | '"' | '\''))
        .collect();
    let date = plan::written_date(&token)?;
    Some((date, token.chars().count(), token.contains('/')))
}

/// The date a value starts with (see [`leading`]).
fn leading_date(text: &str) -> Option<NaiveDate> {
    leading(text).map(|(d, _, _)| d)
}

/// The value with its leading date replaced by `date`, written in the
/// same form (ISO, or day first).
fn with_date(text: &str, date: NaiveDate) -> Option<String> {
    let (_, len, day_first) = leading(text)?;
    let quotes: String = text
        .chars()
        .take_while(|c| matches!(c, '"' | '\''))
        .collect();
    let rest: String = text.chars().skip(quotes.chars().count() + len).collect();
    let form = if day_first { "%d/%m/%Y" } else { "%Y-%m-%d" };
    Some(format!("{quotes}{}{rest}", date.format(form)))
}

/// A rule's text with the year of its `UNTIL` moved; `None` without one.
fn until_moved(text: &str, delta: i32) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let key: Vec<char> = "UNTIL=".chars().collect();
    let at = chars
        .windows(key.len())
        .position(|w| w.iter().zip(&key).all(|(a, b)| a.eq_ignore_ascii_case(b)))?
        + key.len();
    let year: String = chars.iter().skip(at).take(4).collect();
    let year: i32 = year.parse().ok()?;
    let moved = year.checked_add(delta)?;
    if !(1..=9999).contains(&moved) {
        return None;
    }
    let before: String = chars.iter().take(at).collect();
    let after: String = chars.iter().skip(at + 4).collect();
    Some(format!("{before}{moved:04}{after}"))
}

/// The file with the changes made: values replaced (right to left on each
/// line), lines removed, each note a comment line above its line at its
/// indentation, and `header` above everything.
fn apply(text: &str, lines: &[Vec<char>], changes: Changes, header: &str, look: &str) -> String {
    let mut by_line: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    for e in changes.edits {
        by_line.entry(e.line).or_default().push(e);
    }
    let mut out = String::with_capacity(text.len() + 1024);
    out.push_str(&format!("# {header}\n"));
    for (i, chars) in lines.iter().enumerate() {
        let line = i + 1;
        let mut chars = chars.clone();
        if let Some(notes) = changes.notes.get(&line) {
            let indent: String = chars.iter().take_while(|c| **c == ' ').collect();
            let indent = if chars.iter().all(|c| c.is_whitespace()) {
                String::new()
            } else {
                indent
            };
            for n in notes {
                out.push_str(&format!("{indent}# {look}: {n}\n"));
            }
        }
        if changes.removed.contains(&line) {
            continue;
        }
        if let Some(edits) = by_line.get_mut(&line) {
            edits.sort_by_key(|e| std::cmp::Reverse(e.from));
            for e in edits.iter() {
                let (a, b) = (e.from.saturating_sub(1), e.to.saturating_sub(1));
                if a <= b && b <= chars.len() {
                    chars.splice(a..b, e.text.chars());
                }
            }
        }
        out.extend(chars.iter());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_value_ends_before_a_comma_a_bracket_or_a_comment() {
        let cases = [
            (
                "  period: { from: 2023-01-01, to: 2023-12-31 }",
                19,
                "2023-01-01",
            ),
            (
                "  period: { from: 2023-01-01, to: 2023-12-31 }",
                35,
                "2023-12-31",
            ),
            (
                "    start: 2023-01-18T17:45   # tuần 3",
                12,
                "2023-01-18T17:45",
            ),
            ("    rdates: [2023-05-01]", 14, "2023-05-01"),
            ("  id: \"a, b\" # x", 7, "\"a, b\""),
            ("    start: 2023-01-18", 12, "2023-01-18"),
        ];
        for (line, column, want) in cases {
            let chars: Vec<char> = line.chars().collect();
            let end = value_end(&chars, column);
            let got: String = chars.iter().skip(column - 1).take(end - column).collect();
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn a_phrase_moves_its_years_and_names_its_days() {
        let cases = [
            (
                "17 giờ 45 phút thứ Tư tuần 3 hằng tháng",
                1,
                "17 giờ 45 phút thứ Tư tuần 3 hằng tháng",
                vec![],
            ),
            (
                "20 giờ thứ Sáu hằng tuần, trừ 17/02",
                4,
                "20 giờ thứ Sáu hằng tuần, trừ 17/02",
                vec!["17/02"],
            ),
            (
                "19 giờ 30 ngày 02/09/2023",
                4,
                "19 giờ 30 ngày 02/09/2027",
                vec!["02/09/2023"],
            ),
            (
                "từ tháng 4/2023 đến tháng 6/2023",
                1,
                "từ tháng 4/2024 đến tháng 6/2024",
                vec![],
            ),
            ("quý I/2023", 1, "quý I/2024", vec![]),
            ("ngày 10 hằng tháng", 1, "ngày 10 hằng tháng", vec![]),
        ];
        for (text, delta, want, days) in cases {
            let (got, named) = phrase_moved(text, delta);
            assert_eq!(got, want, "{text}");
            assert_eq!(named, days, "{text}");
        }
    }

    #[test]
    fn dates_and_until_move_by_whole_years() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(
            date_moved("2023-01-18T17:45", 1),
            Some((d(2023, 1, 18), d(2024, 1, 18), "2024-01-18T17:45".into()))
        );
        assert_eq!(
            date_moved("\"2024-02-29\"", 1),
            Some((d(2024, 2, 29), d(2025, 2, 28), "\"2025-02-28\"".into()))
        );
        assert_eq!(
            date_moved("18/01/2023 17:45", 1),
            Some((d(2023, 1, 18), d(2024, 1, 18), "18/01/2024 17:45".into()))
        );
        assert_eq!(date_moved("mai", 1), None);
        assert_eq!(
            until_moved("FREQ=WEEKLY;UNTIL=20230630T000000Z;BYDAY=FR", 4).as_deref(),
            Some("FREQ=WEEKLY;UNTIL=20270630T000000Z;BYDAY=FR")
        );
        assert_eq!(until_moved("FREQ=MONTHLY;BYDAY=3WE", 1), None);
    }
}
