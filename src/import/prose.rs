//! Activities and deadlines written as paragraphs: the numbered items of
//! the sections that say what is done, the sentences that say when reports
//! are due, read with the same grammar as the table's cells.

use chrono::{Datelike, Months, NaiveDate};

use super::activity::{Activity, Notes, Quote, Start};
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
    /// Its text without its mark (`a)`, `2.`).
    pub body: String,
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
        // A line in lower case goes on from the one before, unless it
        // starts an item of its own (`a)`, `- …`).
        let goes_on = text.chars().next().is_some_and(char::is_lowercase) && mark(text).is_none();
        if let Some(last) = out.last_mut().filter(|_| open && goes_on) {
            last.text.push(' ');
            last.text.push_str(text);
        } else {
            out.push(Paragraph {
                text: text.to_string(),
                body: String::new(),
                place: *place,
                section: section.clone(),
                heading: title.clone(),
                mark: mark(text),
            });
        }
        open = !text.ends_with(['.', ';', ':', '!', '?']);
    }
    for p in &mut out {
        p.body = without_mark(&p.text).to_string();
    }
    out
}

/// A paragraph's text after its mark: `a) Mở …` → `Mở …`.
fn without_mark(text: &str) -> &str {
    match (mark(text), text.find(['.', ')'])) {
        (Some(_), Some(end)) => text.get(end + 1..).unwrap_or(text).trim_start(),
        _ => text,
    }
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

/// Whether a phrase found says when (not a joining word, an outlet or an
/// unread value).
fn says_when(f: &Found) -> bool {
    !matches!(
        f.fact,
        Some(Fact::Joiner) | Some(Fact::Outlet { .. }) | Some(Fact::Frequency(_)) | None
    )
}

/// The activity's title: the words before the first phrase of time (and
/// the joining words just before it: `phát sóng lúc`), or, when the
/// paragraph starts with one (`Thường xuyên đăng tải …`), those after it
/// up to the next.
fn title_of(text: &str, found: &[Found]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let first = found.iter().position(says_when);
    let mut end = first
        .and_then(|i| found.get(i))
        .map_or(chars.len(), |f| f.column.saturating_sub(1));
    if let Some(i) = first {
        for f in found.iter().take(i).rev() {
            let adjacent = f.column.saturating_sub(1) + f.quote.chars().count() + 1 >= end;
            if f.fact != Some(Fact::Joiner) || !adjacent {
                break;
            }
            end = f.column.saturating_sub(1);
        }
    }
    let mut head: String = chars.iter().take(end).collect();
    if !head.chars().any(char::is_alphabetic) {
        let mut when = found.iter().filter(|f| says_when(f));
        if let Some(f) = when.next() {
            let from = f.column.saturating_sub(1) + f.quote.chars().count();
            let to = when
                .next()
                .map_or(chars.len(), |g| g.column.saturating_sub(1));
            head = chars
                .iter()
                .skip(from)
                .take(to.saturating_sub(from))
                .collect();
        }
    }
    let start = head
        .find(|c: char| c.is_alphabetic() || c == '“')
        .unwrap_or(0);
    let head = head
        .get(start..)
        .unwrap_or(&head)
        .trim()
        .trim_end_matches([',', ':', ';', '-', '.'])
        .trim();
    let words: Vec<&str> = head.split_whitespace().take(24).collect();
    names::capitalised(&words.join(" "))
}

/// Whether any paragraph of a section that says what is done gives an
/// activity or a deadline: the document holds a plan even without a table.
pub(crate) fn holds_plan(paragraphs: &[Paragraph]) -> bool {
    paragraphs.iter().filter(|p| doing(p)).any(|p| {
        let scan = phrase::scan(&p.body, Mode::Tolerant);
        let facts: Vec<&Fact> = scan.facts().collect();
        facts.iter().any(|f| matches!(f, Fact::Due(_))) || is_activity(&facts)
    })
}

impl Reader<'_> {
    /// The activities and deadlines of the paragraphs.
    pub fn prose(&mut self, paragraphs: &[Paragraph]) -> Vec<Activity> {
        let mut out = Vec::new();
        let mut parent: Option<String> = None;
        // A numbered heading that says no time (`2. Báo Quảng Trị`): the
        // outlet of the paragraphs under it.
        let mut heading = String::new();
        for p in paragraphs.iter().filter(|p| doing(p)) {
            let numbered = p
                .mark
                .as_deref()
                .is_some_and(|m| m.chars().all(|c| c.is_ascii_digit()));
            if numbered {
                parent = p.mark.clone();
                heading.clear();
            }
            let scan = phrase::scan(&p.body, Mode::Tolerant);
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
                    title: title_of(&p.body, &scan.found),
                    when: vec![p.body.clone()],
                    content: p.body.clone(),
                    context: heading.clone(),
                    quoted: vec![Quote::new(
                        say::Words::of(self.lang).text,
                        one_line(&p.text),
                    )],
                    prose: true,
                    ..Source::default()
                };
                out.push(self.activity(&source));
            } else if numbered && p.body.chars().count() <= 120 {
                heading = p.body.clone();
            }
        }
        out
    }

    /// One deadline for each `trước ngày …` of a paragraph, titled by the
    /// words before it.
    fn deadlines(&mut self, p: &Paragraph, found: &[Found], item: &str) -> Vec<Activity> {
        let chars: Vec<char> = p.body.chars().collect();
        let mut out = Vec::new();
        let mut from = 0;
        let dues: Vec<&Found> = found
            .iter()
            .filter(|f| matches!(f.fact, Some(Fact::Due(_))))
            .collect();
        let many = dues.len() > 1;
        let mut action = String::new();
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
            let title = due_title(&clause, &f.quote, &mut action);
            from = at + f.quote.chars().count();
            let label = if many {
                format!("{item} ({})", k + 1)
            } else {
                item.to_string()
            };
            let phrase = super::phrased::of_found(&p.body, &[f]);
            out.push(self.deadline(p, due, &f.quote, (title, label), phrase));
        }
        out
    }

    fn deadline(
        &mut self,
        p: &Paragraph,
        due: &Due,
        quote: &str,
        (title, label): (String, String),
        phrase: Option<String>,
    ) -> Activity {
        let lang = self.lang;
        let mut notes = Notes {
            cells: vec![Quote::new(say::Words::of(lang).text, one_line(&p.text))],
            ..Notes::default()
        };
        notes.read(quote, describe::due(lang, due));
        let mut placement = when::place_due(due, self.bounds, &WeekendsOnly);
        if matches!(due, Due::WorkingDaysAfter { .. }) {
            placement.notes.insert(0, Note::WeekendsOnly);
        }
        for n in &placement.notes {
            let said = describe::note(lang, n);
            if matches!(n, Note::Outside(_)) {
                notes.read("", said);
            } else {
                notes.assume("", said);
            }
        }
        let start = match placement.start {
            Some(s) => Start::Day(s.date),
            None => {
                notes.unread(quote, say::Words::of(lang).nothing_placed.into());
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
            tentative: notes.tentative,
            reruns: Vec::new(),
            phrase,
            kept_rule: None,
            notes,
        }
    }

    /// Periodic reports said with no date (`Định kỳ hàng quý, 6 tháng, năm
    /// báo cáo về …`): one deadline per cadence, due on the last day of
    /// each period (assumed).
    pub fn reports(&mut self, paragraphs: &[Paragraph], lead: Option<String>) -> Vec<Activity> {
        let w = say::Words::of(self.lang);
        let Some(mut said) = self.reports_said(paragraphs) else {
            return Vec::new();
        };
        said.notes.assume("", w.reports_due.into());
        let year = self.bounds.from.year();
        let end_of = |m: u32| {
            NaiveDate::from_ymd_opt(year, m, 1)
                .and_then(|d| d.checked_add_months(Months::new(1)))
                .and_then(|d| d.pred_opt())
        };
        let cadences = [
            Cadence {
                id: "bao-cao-quy",
                due: end_of(3),
                rrule: Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
                expect: 4,
            },
            Cadence {
                id: "bao-cao-6-thang",
                due: end_of(6),
                rrule: None,
                expect: 1,
            },
            Cadence {
                id: "bao-cao-nam",
                due: end_of(12),
                rrule: None,
                expect: 1,
            },
        ];
        let lead = said.via.clone().or(lead);
        let mut out = Vec::new();
        // Titles are the plan's values, in the document's language whatever
        // the comments' (the two forms of the file say the same plan).
        let titles = say::Words::of(crate::words::Lang::Vi).report_titles;
        for ((cadence, on), title) in cadences.into_iter().zip(said.cadence).zip(titles) {
            let Some(due) = cadence.due.filter(|_| on) else {
                continue;
            };
            let notes = match out.is_empty() {
                true => said.notes.clone(),
                false => Notes::default(),
            };
            out.push(Activity {
                item: "III".into(),
                place: said.place,
                notes,
                id: self.ids.unique(cadence.id),
                title: title.to_string(),
                kind: ActivityKind::Deadline,
                lead: lead.clone(),
                partners: said.to.iter().cloned().collect(),
                product: None,
                budget: None,
                expect: Some(cadence.expect),
                outlet: None,
                start: Start::Day(due),
                rrule: cadence.rrule.map(String::from),
                rdates: Vec::new(),
                exdates: Vec::new(),
                duration: "P1D".into(),
                tentative: true,
                reruns: Vec::new(),
                phrase: None,
                kept_rule: None,
            });
        }
        if let Some(first) = out.first() {
            let (p, l, n) = (first.place, first.item.clone(), first.notes.clone());
            self.warn_notes(p, &l, &n);
        }
        out
    }

    /// What the paragraphs say of periodic reports: which cadences, to
    /// whom, through whom, at the first such paragraph; `None` when none
    /// says any.
    fn reports_said(&self, paragraphs: &[Paragraph]) -> Option<ReportsSaid> {
        let lang = self.lang;
        let w = say::Words::of(lang);
        let mut said: Option<ReportsSaid> = None;
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
            let s = said.get_or_insert_with(|| ReportsSaid::at(p.place));
            s.notes.cells.push(Quote::new(
                w.text,
                sentence_of(&p.text, scan.found.get(at).map_or("", |f| f.quote.as_str())),
            ));
            for f in scan.found.iter().skip(at) {
                s.take(f, lang);
            }
        }
        said
    }
}

/// A cadence of periodic reports: the deadline it gives.
struct Cadence {
    id: &'static str,
    /// The first due day.
    due: Option<NaiveDate>,
    rrule: Option<&'static str>,
    expect: u32,
}

/// What paragraphs say of periodic reports.
struct ReportsSaid {
    /// Each quarter, each half, each year.
    cadence: [bool; 3],
    to: Option<String>,
    via: Option<String>,
    notes: Notes,
    place: Place,
}

impl ReportsSaid {
    fn at(place: Place) -> ReportsSaid {
        ReportsSaid {
            cadence: [false; 3],
            to: None,
            via: None,
            notes: Notes::default(),
            place,
        }
    }

    /// One phrase of a report's sentence: its cadences, the body reported
    /// to, the one it goes through (the first of each).
    fn take(&mut self, f: &Found, lang: crate::words::Lang) {
        match &f.fact {
            Some(Fact::Reports {
                quarter,
                half,
                year,
            }) => {
                let [q, h, y] = self.cadence;
                self.cadence = [q | quarter, h | half, y | year];
                let which: Vec<&str> = [*quarter, *half, *year]
                    .iter()
                    .zip(say::report_kinds(lang))
                    .filter(|(on, _)| **on)
                    .map(|(_, k)| k)
                    .collect();
                self.notes
                    .read(&f.quote, say::reports(lang, &which.join(", ")));
            }
            Some(Fact::ReportTo(x)) if self.to.is_none() => {
                self.to = Some(x.clone());
                self.notes.read(&f.quote, say::report_to(lang, x));
            }
            Some(Fact::Via(x)) if self.via.is_none() => {
                self.via = Some(x.clone());
                self.notes.read(&f.quote, say::via(lang, x));
            }
            _ => {}
        }
    }
}

/// A deadline's title: what its clause says is due, from its verb (`gửi`,
/// `báo cáo`), else the clause's last words; a clause of a word or two
/// (`và năm trước ngày …`) takes the verb of the one before. `action`
/// keeps the verb between clauses.
fn due_title(clause: &str, due: &str, action: &mut String) -> String {
    let clause = clause.rsplit([';', '.']).next().unwrap_or(clause);
    let clause = clause.trim_start_matches(|c: char| !c.is_alphabetic());
    let clause = clause.strip_prefix("và ").unwrap_or(clause);
    let words: Vec<&str> = clause.split_whitespace().collect();
    let verb = words.iter().position(|w| {
        matches!(
            phrase::bare(w).as_str(),
            "gui" | "bao" | "nop" | "hoan" | "tong" | "trinh"
        )
    });
    let mut said: Vec<&str> = match verb {
        Some(i) => words.iter().skip(i).take(24).copied().collect(),
        None => words
            .iter()
            .skip(words.len().saturating_sub(16))
            .copied()
            .collect(),
    };
    while said.last().is_some_and(|w| matches!(*w, "và" | "," | "(")) {
        said.pop();
    }
    let mut text = said.join(" ");
    if let Some(i) = verb {
        let upto: Vec<&str> = words
            .iter()
            .skip(i)
            .take_while(|w| phrase::bare(w) != "cao")
            .copied()
            .collect();
        let cao = words
            .get(i + upto.len())
            .filter(|w| phrase::bare(w) == "cao");
        *action = upto
            .into_iter()
            .chain(cao.copied())
            .collect::<Vec<_>>()
            .join(" ");
        if action.split_whitespace().count() > 3 {
            action.clear();
        }
    } else if said.len() <= 2 && !action.is_empty() {
        text = format!("{action} {text}");
    }
    names::capitalised(format!("{} {due}", text.trim_end_matches(['(', ','])).trim())
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
