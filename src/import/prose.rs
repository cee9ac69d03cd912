//! Activities and deadlines written as paragraphs: the numbered items of
//! the sections that say what is done, the sentences that say when reports
//! are due, read with the same grammar as the table's cells.

use chrono::{Datelike, Months, NaiveDate};

use super::activity::{Activity, Notes, Start};
use super::describe;
use super::document::{Block, Document, Place};
use super::names::{self, one_line};
use super::row::{Reader, Source};
use super::table::is_page_number;
use crate::phrase::when::{self, Note, WeekendsOnly};
use crate::phrase::{self, Due, Fact, Found, Mode};
use crate::plan::ActivityKind;
use crate::words::import as say;

/// A paragraph, its broken lines joined.
#[derive(Debug, Clone)]
pub(crate) struct Paragraph {
    pub text: String,
    pub place: Place,
    /// The section it is in (`III`) and its heading's words (bare).
    pub section: String,
    pub heading: String,
    /// Its own mark (`1`, `a`), when it starts with one.
    pub mark: Option<String>,
}

/// A section heading: `IV. TỔ CHỨC THỰC HIỆN`.
fn heading(text: &str) -> Option<(String, String)> {
    let (mark, rest) = text.split_once('.')?;
    let roman = !mark.is_empty()
        && mark.chars().count() <= 5
        && mark.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let upper = rest
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(8)
        .all(char::is_uppercase);
    (roman && upper && !rest.trim().is_empty())
        .then(|| (mark.to_string(), phrase::bare(rest.trim())))
}

/// A paragraph's mark: `1.`, `2)`, `a)`.
fn mark(text: &str) -> Option<String> {
    let end = text.find(['.', ')'])?;
    let m = text.get(..end)?;
    let digits = !m.is_empty() && m.chars().count() <= 2 && m.chars().all(|c| c.is_ascii_digit());
    let letter = m.chars().count() == 1 && m.chars().all(|c| c.is_ascii_lowercase());
    (digits || letter).then(|| m.to_string())
}

/// The paragraphs outside the tables (blocks `skip` are the tables').
pub(crate) fn paragraphs(doc: &Document, in_table: &[bool]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let (mut section, mut title) = (String::new(), String::new());
    let mut open = false;
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Text { text, place } = b else {
            open = false;
            continue;
        };
        if in_table.get(i).copied().unwrap_or(false) || is_page_number(text) {
            continue;
        }
        let text = text.trim();
        if text.is_empty() {
            open = false;
            continue;
        }
        let b = phrase::bare(text);
        if b.starts_with("noi nhan") || b == "phu luc" || text.starts_with('(') {
            section.clear();
            title.clear();
            open = false;
            continue;
        }
        if let Some((s, t)) = heading(text) {
            section = s;
            title = t;
            open = false;
            continue;
        }
        let goes_on = text.chars().next().is_some_and(char::is_lowercase);
        if let Some(last) = out.last_mut().filter(|_| open && goes_on) {
            last.text.push(' ');
            last.text.push_str(text);
        } else {
            out.push(Paragraph {
                text: text.to_string(),
                place: *place,
                section: section.clone(),
                heading: title.clone(),
                mark: mark(text),
            });
        }
        open = !text.ends_with(['.', ';', ':', '!', '?']);
    }
    out
}

/// Whether a section says what is done (not the aims, the budget, who
/// receives the plan).
fn doing(p: &Paragraph) -> bool {
    !p.section.is_empty()
        && !["muc dich", "yeu cau", "kinh phi", "can cu"]
            .iter()
            .any(|w| p.heading.contains(w))
}

/// An item's label: the section and the paragraph's mark.
fn label(p: &Paragraph, parent: Option<&str>) -> String {
    match (&p.mark, parent) {
        (Some(m), Some(up)) if m.chars().all(|c| c.is_ascii_lowercase()) => {
            format!("{}.{up}.{m}", p.section)
        }
        (Some(m), _) => format!("{}.{m}", p.section),
        (None, Some(up)) => format!("{}.{up}", p.section),
        (None, None) => p.section.clone(),
    }
}

/// Whether the facts of a paragraph make it an activity.
fn is_activity(facts: &[&Fact]) -> bool {
    let has = |p: fn(&Fact) -> bool| facts.iter().any(|f| p(f));
    let cadence = has(|f| {
        matches!(
            f,
            Fact::Every(_) | Fact::Nth(_) | Fact::Span(..) | Fact::Months(_) | Fact::MonthSpan(..)
        )
    });
    let timed = has(|f| {
        matches!(
            f,
            Fact::At(_) | Fact::Between(..) | Fact::Span(..) | Fact::MonthSpan(..)
        )
    }) || has(|f| matches!(f, Fact::Day(_) | Fact::MonthDays(_))) && cadence;
    let loose = facts.iter().any(|f| {
        matches!(
            f,
            Fact::Ongoing | Fact::Quarters(..) | Fact::Months(_) | Fact::MonthSpan(..)
        )
    });
    let due = facts
        .iter()
        .any(|f| matches!(f, Fact::Due(_) | Fact::Reports { .. }));
    !due && (timed || loose)
}

/// The words before the first phrase of time: the activity's title.
fn title_of(text: &str, found: &[Found]) -> String {
    let start = text
        .find(|c: char| c.is_alphabetic() || c == '“')
        .unwrap_or(0);
    let first = found
        .iter()
        .find(|f| {
            !matches!(
                f.fact,
                Some(Fact::Joiner) | Some(Fact::Outlet { .. }) | Some(Fact::Frequency(_)) | None
            )
        })
        .map_or(usize::MAX, |f| f.column.saturating_sub(1));
    let head: String = text.chars().take(first).collect();
    let head = head
        .get(start..)
        .unwrap_or(&head)
        .trim()
        .trim_end_matches([',', ':', ';', '-'])
        .trim();
    let words: Vec<&str> = head.split_whitespace().take(24).collect();
    names::capitalised(&words.join(" "))
}

impl Reader<'_> {
    /// The activities and deadlines of the paragraphs.
    pub fn prose(&mut self, paragraphs: &[Paragraph]) -> Vec<Activity> {
        let mut out = Vec::new();
        let mut parent: Option<String> = None;
        for p in paragraphs.iter().filter(|p| doing(p)) {
            if p.mark
                .as_deref()
                .is_some_and(|m| m.chars().all(|c| c.is_ascii_digit()))
            {
                parent = p.mark.clone();
            }
            let scan = phrase::scan(&p.text, Mode::Tolerant);
            let facts: Vec<&Fact> = scan.facts().collect();
            let item = label(
                p,
                parent
                    .as_deref()
                    .filter(|_| p.mark.as_deref() != parent.as_deref()),
            );
            if facts.iter().any(|f| matches!(f, Fact::Due(_))) {
                out.extend(self.deadlines(p, &scan.found, &item));
            } else if is_activity(&facts) {
                let source = Source {
                    label: item,
                    place: p.place,
                    title: title_of(&p.text, &scan.found),
                    when: vec![p.text.clone()],
                    content: p.text.clone(),
                    quoted: vec![(say::Words::of(self.lang).text, one_line(&p.text))],
                    prose: true,
                    ..Source::default()
                };
                out.push(self.activity(&source));
            }
        }
        out
    }

    /// One deadline for each `trước ngày …` of a paragraph, titled by the
    /// words before it.
    fn deadlines(&mut self, p: &Paragraph, found: &[Found], item: &str) -> Vec<Activity> {
        let chars: Vec<char> = p.text.chars().collect();
        let mut out = Vec::new();
        let mut from = 0;
        let dues: Vec<&Found> = found
            .iter()
            .filter(|f| matches!(f.fact, Some(Fact::Due(_))))
            .collect();
        let many = dues.len() > 1;
        for (k, f) in dues.iter().enumerate() {
            let Some(Fact::Due(due)) = &f.fact else {
                continue;
            };
            let at = f.column.saturating_sub(1);
            let clause: String = chars
                .iter()
                .skip(from)
                .take(at.saturating_sub(from))
                .collect();
            let clause = clause
                .rsplit([';', '.'])
                .next()
                .unwrap_or(&clause)
                .to_string();
            let clause = clause.trim_start_matches(|c: char| !c.is_alphabetic());
            let clause = clause.strip_prefix("và ").unwrap_or(clause);
            let words: Vec<&str> = clause
                .split_whitespace()
                .rev()
                .take(16)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let title = names::capitalised(&format!(
                "{} {}",
                words.join(" ").trim_end_matches(['(', ',']),
                f.quote
            ));
            from = at + f.quote.chars().count();
            let label = if many {
                format!("{item} ({})", k + 1)
            } else {
                item.to_string()
            };
            out.push(self.deadline(p, due, &f.quote, title, label));
        }
        out
    }

    fn deadline(
        &mut self,
        p: &Paragraph,
        due: &Due,
        quote: &str,
        title: String,
        label: String,
    ) -> Activity {
        let lang = self.lang;
        let mut notes = Notes {
            cells: vec![(say::Words::of(lang).text, one_line(&p.text))],
            ..Notes::default()
        };
        notes.read(quote, describe::due(lang, due));
        let mut placement = when::place_due(due, self.bounds, &WeekendsOnly);
        if matches!(due, Due::WorkingDaysAfter { .. }) {
            placement.notes.insert(0, Note::WeekendsOnly);
        }
        let mut tentative = false;
        for n in &placement.notes {
            let said = describe::note(lang, n);
            if matches!(n, Note::Outside(_)) {
                notes.read("", said);
            } else {
                notes.assume("", said);
                tentative = true;
            }
        }
        let start = match placement.start {
            Some(s) => Start::Day(s.date),
            None => {
                notes.unread(quote, say::Words::of(lang).nothing_placed.into());
                tentative = true;
                Start::Day(self.bounds.from)
            }
        };
        self.warn_notes(p.place, &label, &notes);
        Activity {
            item: label,
            place: p.place,
            id: self.ids.unique(&names::slug(&title, 4)),
            title,
            kind: ActivityKind::Deadline,
            lead: None,
            partners: Vec::new(),
            product: None,
            budget: None,
            expect: None,
            outlet: None,
            start,
            rrule: placement.rrule,
            rdates: placement.rdates.into_iter().map(Start::Day).collect(),
            exdates: Vec::new(),
            duration: "P1D".into(),
            tentative,
            reruns: Vec::new(),
            notes,
        }
    }

    fn warn_notes(&mut self, place: Place, item: &str, notes: &Notes) {
        for n in &notes.not_understood {
            self.warnings.push(super::Warning {
                place,
                item: item.into(),
                message: n.said.clone(),
                assumed: false,
            });
        }
        for n in &notes.assumed {
            self.warnings.push(super::Warning {
                place,
                item: item.into(),
                message: n.said.clone(),
                assumed: true,
            });
        }
    }

    /// Periodic reports said with no date (`Định kỳ hàng quý, 6 tháng, năm
    /// báo cáo về …`): one deadline per cadence, due on the last day of
    /// each period (assumed).
    pub fn reports(&mut self, paragraphs: &[Paragraph], lead: Option<String>) -> Vec<Activity> {
        let lang = self.lang;
        let w = say::Words::of(lang);
        let (mut cadence, mut to, mut via) = ([false; 3], None, None);
        let mut notes = Notes::default();
        let mut place = None;
        for p in paragraphs {
            let scan = phrase::scan(&p.text, Mode::Tolerant);
            if scan.facts().any(|f| matches!(f, Fact::Due(_))) {
                continue;
            }
            let Some(at) = scan
                .found
                .iter()
                .position(|f| matches!(f.fact, Some(Fact::Reports { .. })))
            else {
                continue;
            };
            place = place.or(Some(p.place));
            notes.cells.push((
                w.text,
                sentence_of(&p.text, scan.found.get(at).map_or("", |f| f.quote.as_str())),
            ));
            for f in scan.found.iter().skip(at) {
                match &f.fact {
                    Some(Fact::Reports {
                        quarter,
                        half,
                        year,
                    }) => {
                        cadence = [cadence[0] | quarter, cadence[1] | half, cadence[2] | year];
                        let kinds = say::report_kinds(lang);
                        let which: Vec<&str> = [*quarter, *half, *year]
                            .iter()
                            .zip(kinds)
                            .filter(|(on, _)| **on)
                            .map(|(_, k)| k)
                            .collect();
                        notes.read(&f.quote, say::reports(lang, &which.join(", ")));
                    }
                    Some(Fact::ReportTo(x)) if to.is_none() => {
                        to = Some(x.clone());
                        notes.read(&f.quote, say::report_to(lang, x));
                    }
                    Some(Fact::Via(x)) if via.is_none() => {
                        via = Some(x.clone());
                        notes.read(&f.quote, say::via(lang, x));
                    }
                    _ => {}
                }
            }
        }
        let Some(place) = place else {
            return Vec::new();
        };
        notes.assume("", w.reports_due.into());
        let year = self.bounds.from.year();
        let end_of = |m: u32| {
            NaiveDate::from_ymd_opt(year, m, 1)
                .and_then(|d| d.checked_add_months(Months::new(1)))
                .and_then(|d| d.pred_opt())
        };
        let plans = [
            (
                cadence[0],
                "bao-cao-quy",
                end_of(3),
                Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
                4,
            ),
            (cadence[1], "bao-cao-6-thang", end_of(6), None, 1),
            (cadence[2], "bao-cao-nam", end_of(12), None, 1),
        ];
        let lead = via.or(lead);
        let mut out = Vec::new();
        for ((on, id, due, rrule, expect), title) in plans.into_iter().zip(w.report_titles) {
            let Some(due) = due.filter(|_| on) else {
                continue;
            };
            let first = out.is_empty();
            out.push(Activity {
                item: "III".into(),
                place,
                notes: if first {
                    notes.clone()
                } else {
                    Notes::default()
                },
                id: self.ids.unique(id),
                title: title.to_string(),
                kind: ActivityKind::Deadline,
                lead: lead.clone(),
                partners: to.iter().cloned().collect(),
                product: None,
                budget: None,
                expect: Some(expect),
                outlet: None,
                start: Start::Day(due),
                rrule: rrule.map(String::from),
                rdates: Vec::new(),
                exdates: Vec::new(),
                duration: "P1D".into(),
                tentative: true,
                reruns: Vec::new(),
            });
        }
        if let Some(first) = out.first() {
            let (p, l, n) = (first.place, first.item.clone(), first.notes.clone());
            self.warn_notes(p, &l, &n);
        }
        out
    }
}

/// The sentence of `text` that holds `quote`.
fn sentence_of(text: &str, quote: &str) -> String {
    let text = one_line(text);
    for sentence in text.split_inclusive(". ") {
        if sentence.contains(quote) {
            return sentence.trim().to_string();
        }
    }
    text
}
