//! Checking a plan before it is published: what is wrong with it, and how bad.
//!
//! A check turns plans and their occurrences into [`Finding`]s, each an
//! error, a warning or a note:
//!
//! - errors: two timed slots on one outlet at the same time (in one plan or
//!   across plans, see [`conflicts`]), a slot on an outlet that collides with
//!   the station's own programme grid ([`grid`]), a rerun that does not come
//!   after its premiere, an occurrence outside the plan's period;
//! - warnings: an occurrence on a holiday the plan did not say it means
//!   (`on_holiday: warn`), a declared `expect` that differs from what the rule
//!   yields, an activity with no dates, a rule that looks like a misreading,
//!   a deadline on a weekend, an occurrence that runs past the period;
//! - notes: what a holiday policy did (moved or skipped a date).
//!
//! A finding is data: its code, its severity, where it points and its
//! [`Facts`], the values it is about. It is worded only when a report is
//! written, in the reader's language, so one check serves every language.
//!
//! [`budget`] adds the money table. Nothing here prints: [`report`] renders a
//! [`Report`] as text or JSON.

pub mod budget;
pub mod conflicts;
mod dates;
pub mod facts;
pub mod grid;
pub mod report;

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

use crate::expand::Expansion;
use crate::occurrence::{Moment, Occurrence};
use crate::plan::{Activity, Place, Plan};
use crate::words::check::{self as words, Said};
use crate::words::Lang;

pub use crate::grid::Grid;
pub use budget::Budget;
pub use facts::Facts;

/// How bad a finding is. Errors make `check` exit 1; warnings do too under
/// `--strict`; notes never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Wrong: `check` and `build` exit with status 1.
    Error,
    /// Probably wrong; fails `check --strict`.
    Warning,
    /// Worth knowing; never fails.
    Note,
}

impl Severity {
    /// The name programs read (`error`, `warning`, `note`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What a finding is about; stable, for scripts (`code` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// Two timed occurrences overlap on one outlet.
    SlotConflict,
    /// One of our timed occurrences overlaps a programme of the station's grid.
    GridConflict,
    /// A rerun starts before its premiere has ended.
    RerunBeforePremiere,
    /// An occurrence starts outside the plan's period.
    OutsidePeriod,
    /// More conflicts than a report can list.
    TooManyConflicts,
    /// An occurrence falls on a holiday and the plan did not say it means it.
    OnHoliday,
    /// `expect` differs from the number of premieres the rule yields.
    ExpectMismatch,
    /// An activity yields no dates in the period.
    NoDates,
    /// A rule that skips months or fires in some months only.
    SuspiciousRule,
    /// A deadline on a Saturday or Sunday.
    DeadlineOffDay,
    /// An occurrence that starts in the period but ends after it.
    PastPeriodEnd,
    /// The holiday policy moved a premiere to another day.
    HolidayMoved,
    /// The holiday policy dropped a premiere (and its reruns).
    HolidaySkipped,
    /// The built-in calendar's days of a year are estimated: its notice is
    /// not known yet.
    HolidaysProvisional,
}

impl Code {
    /// The name programs read (`slot-conflict`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SlotConflict => "slot-conflict",
            Code::GridConflict => "grid-conflict",
            Code::RerunBeforePremiere => "rerun-before-premiere",
            Code::OutsidePeriod => "outside-period",
            Code::TooManyConflicts => "too-many-conflicts",
            Code::OnHoliday => "on-holiday",
            Code::ExpectMismatch => "expect-mismatch",
            Code::NoDates => "no-dates",
            Code::SuspiciousRule => "suspicious-rule",
            Code::DeadlineOffDay => "deadline-off-day",
            Code::PastPeriodEnd => "past-period-end",
            Code::HolidayMoved => "holiday-moved",
            Code::HolidaySkipped => "holiday-skipped",
            Code::HolidaysProvisional => "holidays-provisional",
        }
    }
}

/// One thing a check found: what it is about, as values, and where; worded
/// in a language by [`Finding::message`] and [`Finding::fix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// The values it is about, which also say its code.
    pub facts: Facts,
    /// The plan's id (`null` only for findings about no plan).
    pub plan: Option<String>,
    /// The activity's id (`null` for findings about the whole plan).
    pub activity: Option<String>,
    /// The local date of the occurrence concerned (`null` for a whole activity).
    pub date: Option<NaiveDate>,
    /// When the occurrence starts and ends (exclusive), as in `castcal expand
    /// --format json`: RFC 3339 with the plan's offset, or dates for all-day
    /// items; `null` for whole activities.
    pub start: Option<Moment>,
    /// When the occurrence it is about ends.
    pub end: Option<Moment>,
    /// The outlet it is about.
    pub outlet: Option<String>,
    /// The UIDs of the occurrences concerned (ours first, then any grid event's UID).
    pub uids: Vec<String>,
    /// The schedule file to edit, and the line and column of the value to
    /// change there (`null` for findings about no value, such as too many
    /// conflicts on an outlet).
    pub file: Option<String>,
    /// See `file`; counted from 1.
    pub line: Option<usize>,
    /// See `file`; counted from 1, in characters.
    pub column: Option<usize>,
    /// The other places the finding is about: the other activity of a
    /// conflict, the station grid's event.
    pub related: Vec<Location>,
    /// The activity's title, for people (`activity` is its id).
    pub title: Option<String>,
    /// Whether the plan accepts this finding (`accept:`); it is then a note.
    pub accepted: bool,
    /// Why the plan accepts it, when it says.
    pub reason: Option<String>,
    /// The language the plan's file names its keys in: the Vietnamese
    /// message names the keys and words it quotes as the file does.
    pub keys: Lang,
}

/// A place in a file: what an editor or a terminal opens at
/// `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as the command line named it.
    pub file: String,
    /// Counted from 1.
    pub line: usize,
    /// Counted from 1, in characters.
    pub column: usize,
}

impl Location {
    /// Where `place` is, when it is known.
    pub fn of(place: &Place) -> Option<Location> {
        place.position.map(|p| Location {
            file: place.path.display().to_string(),
            line: p.line,
            column: p.column,
        })
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Finding {
    /// A finding about one occurrence, with its plan, activity, date, time
    /// and outlet, at the value that gave its date ([`origin`]).
    pub(crate) fn about(o: &Occurrence, severity: Severity, facts: Facts) -> Finding {
        Finding {
            severity,
            facts,
            plan: Some(o.plan.id.clone()),
            activity: Some(o.activity.id.clone()),
            date: Some(o.start.date()),
            start: Some(o.start),
            end: Some(o.end),
            outlet: o.outlet_id().map(str::to_string),
            uids: vec![o.uid().to_string()],
            file: None,
            line: None,
            column: None,
            related: Vec::new(),
            title: Some(o.activity.title.clone()),
            accepted: false,
            reason: None,
            keys: o.plan.keys,
        }
        .at(origin(o))
    }

    /// A finding about no occurrence and no activity.
    pub(crate) fn bare(severity: Severity, facts: Facts) -> Finding {
        Finding {
            severity,
            facts,
            plan: None,
            activity: None,
            date: None,
            start: None,
            end: None,
            outlet: None,
            uids: Vec::new(),
            file: None,
            line: None,
            column: None,
            related: Vec::new(),
            title: None,
            accepted: false,
            reason: None,
            keys: Lang::En,
        }
    }

    /// The same finding, pointing at `place`.
    pub(crate) fn at(mut self, place: &Place) -> Finding {
        let at = Location::of(place);
        self.file = Some(place.path.display().to_string());
        self.line = at.as_ref().map(|l| l.line);
        self.column = at.map(|l| l.column);
        self
    }

    /// What kind of finding it is: a stable name for programs.
    pub fn code(&self) -> Code {
        self.facts.code()
    }

    /// What it says in `lang`: what is wrong and what would resolve it; a
    /// finding the plan accepts says so, with the plan's reason, and has
    /// nothing to resolve.
    pub fn said(&self, lang: Lang) -> Said {
        self.said_naming_keys_in(lang, self.keys)
    }

    /// What it says in `lang`, naming the keys it quotes in `keys`.
    fn said_naming_keys_in(&self, lang: Lang, keys: Lang) -> Said {
        let mut said = self.facts.said(lang);
        if lang == Lang::Vi && keys == Lang::Vi {
            said.what = crate::words::keys::in_vietnamese(&said.what);
            said.fix = said.fix.map(|fix| crate::words::keys::in_vietnamese(&fix));
        }
        if self.accepted {
            Said {
                what: words::accepted(lang, &said.what, self.reason.as_deref()),
                fix: None,
            }
        } else {
            said
        }
    }

    /// One line in `lang`, saying what is wrong and, where it helps, what
    /// to do (`what; fix`).
    pub fn message(&self, lang: Lang) -> String {
        self.said(lang).message()
    }

    /// What would resolve it (the end of the message, after `; `), for
    /// whoever edits the plan; none for notes.
    pub fn fix(&self, lang: Lang) -> Option<String> {
        self.said(lang).fix
    }

    /// What is wrong: the message without its fix, for readers who do not
    /// edit the plan (the public index page), naming keys in `lang` whatever
    /// the file's are: a plan publishes the same page in either form.
    pub fn what(&self, lang: Lang) -> String {
        self.said_naming_keys_in(lang, lang).what
    }

    /// Where the finding points, when it points anywhere.
    pub fn location(&self) -> Option<Location> {
        Some(Location {
            file: self.file.clone()?,
            line: self.line?,
            column: self.column?,
        })
    }

    /// The order of a report: severity, then date (whole-activity findings
    /// first), time, outlet, plan, activity, code, UIDs, and the values it
    /// is about; never its words, so every language lists them alike.
    fn order(a: &Finding, b: &Finding) -> Ordering {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.date.cmp(&b.date))
            .then_with(|| a.time_key().cmp(&b.time_key()))
            .then_with(|| a.outlet.cmp(&b.outlet))
            .then_with(|| a.plan.cmp(&b.plan))
            .then_with(|| a.activity.cmp(&b.activity))
            .then_with(|| a.code().cmp(&b.code()))
            .then_with(|| a.uids.cmp(&b.uids))
            .then_with(|| a.facts.cmp(&b.facts))
    }

    /// What [`Finding::time`] shows, as numbers that sort as its text does.
    fn time_key(&self) -> Option<(u32, u32, u32, u32)> {
        use chrono::Timelike;
        match (self.start, self.end) {
            (Some(Moment::At(s)), Some(Moment::At(e))) => {
                Some((s.hour(), s.minute(), e.hour(), e.minute()))
            }
            _ => None,
        }
    }

    /// `17:45–17:57`, local, for a finding about a timed occurrence.
    pub fn time(&self) -> Option<String> {
        crate::format::clock_span(self.start?, self.end?)
    }
}

/// The value of the schedule file that gave `o` its date: its `reruns`
/// entry for a rerun; for a premiere its activity's `start`, the `rdates`
/// entry of its date, or else the `rrule`.
pub(crate) fn origin<'p>(o: &Occurrence<'p>) -> &'p Place {
    let a = o.activity;
    if let Some(r) = o.rerun.and_then(|k| a.reruns.get(k as usize)) {
        return &r.origin;
    }
    if a.start.date() == o.rule_date {
        return &a.places.start;
    }
    let rdate = a
        .rdates
        .iter()
        .zip(&a.places.rdates)
        .find(|(d, _)| d.date() == o.rule_date);
    match (rdate, &a.places.rrule) {
        (Some((_, place)), _) => place,
        (None, Some(rule)) => rule,
        (None, None) => &a.places.start,
    }
}

/// Counts of a report, for scripts and for the exit status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// How many plans were checked.
    pub plans: usize,
    /// How many occurrences they give.
    pub occurrences: usize,
    /// How many findings are errors.
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
    /// How many are notes.
    pub notes: usize,
}

/// How castcal read an activity's `when:` phrase, for whoever edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The plan's id.
    pub plan: String,
    /// The activity's id.
    pub activity: String,
    /// The phrase as written.
    pub phrase: String,
    /// Where it is written.
    pub location: Option<Location>,
    /// The RRULE it reads as; none for days named one by one.
    pub rrule: Option<String>,
    /// Its time of day (`17:45`), when timed.
    pub time: Option<String>,
    /// Its length (ISO 8601).
    pub duration: String,
    /// The first three dates it gives (after holidays).
    pub first: Vec<NaiveDate>,
    /// How many days it adds to the rule, takes from it, and (deadlines)
    /// keeps past the period's end.
    pub added: usize,
    /// See `added`.
    pub removed: usize,
    /// See `added`.
    pub beyond: usize,
}

/// The readings of every `when:` phrase, in plan order.
fn readings(expansion: &Expansion<'_>) -> Vec<Reading> {
    expansion
        .groups()
        .iter()
        .filter_map(|g| {
            let a = g.activity;
            let phrase = a.phrase.clone()?;
            let first = expansion
                .members(g)
                .filter(|o| o.rerun.is_none())
                .map(|o| o.start.date())
                .take(3)
                .collect();
            let time = match a.start {
                crate::plan::Start::At(t) => Some(t.format("%H:%M").to_string()),
                crate::plan::Start::Day(_) => None,
            };
            Some(Reading {
                plan: g.plan.id.clone(),
                activity: a.id.clone(),
                phrase,
                location: Location::of(&a.places.start),
                rrule: a.rule.as_ref().map(|r| r.text.clone()),
                time,
                duration: a.duration.to_string(),
                first,
                added: a.rdates.len(),
                removed: a.exdates.len(),
                beyond: a.beyond.len(),
            })
        })
        .collect()
}

/// Everything a check found, in report order, with the budget; written
/// for people or programs, in a language, by [`report`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every finding, in date order.
    pub findings: Vec<Finding>,
    /// The plans' budget table.
    pub budget: Budget,
    /// The counts.
    pub summary: Summary,
    /// How each `when:` phrase was read.
    pub readings: Vec<Reading>,
}

impl Report {
    /// Whether the report should fail a script: any error, or any warning when `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.summary.errors > 0 || (strict && self.summary.warnings > 0)
    }
}

/// Checks `plans`, whose expansion (from [`crate::expand()`]) is
/// `expansion`, against each grid in `grids`. A finding the plan accepts
/// (`accept:`) becomes a note that says so. [`report`] words what it finds.
///
/// # Example
/// ```
/// let text = r#"
/// plan: { id: kg, title: Plan, timezone: Asia/Ho_Chi_Minh,
///         period: { from: 2023-01-01, to: 2023-12-31 } }
/// outlets: { KG: { name: KG, kind: tv } }
/// activities:
///   - { id: a, title: A, kind: broadcast, outlet: KG, start: 2023-03-01T17:45,
///       duration: PT15M }
///   - { id: b, title: B, kind: broadcast, outlet: KG, start: 2023-03-01T17:50,
///       duration: PT5M, budget_vnd: 1500000 }
/// "#;
/// let plans = [castcal::plan::load_one("kg.yaml".as_ref(), text.to_string())?];
/// let expansion = castcal::expand(&plans)?;
/// let report = castcal::check::check(&plans, &expansion, &[]);
/// let first = &report.findings[0];
/// assert_eq!(first.code().as_str(), "slot-conflict");
/// assert_eq!(
///     first.message(castcal::words::Lang::En),
///     "premiere overlaps the premiere of “A” (17:45–18:00) on KG; \
///      move one of them to another time or day"
/// );
/// assert_eq!(report.summary.errors, 1);
/// assert_eq!(report.budget.total_vnd, 1_500_000);
/// # Ok::<(), castcal::Error>(())
/// ```
pub fn check(plans: &[Plan], expansion: &Expansion<'_>, grids: &[Grid]) -> Report {
    let occurrences = expansion.occurrences();
    let mut findings = Vec::new();
    conflicts::check(occurrences, &mut findings);
    for g in grids {
        grid::check(g, occurrences, &mut findings);
    }
    dates::check(expansion, &mut findings);
    provisional(plans, &mut findings);
    accept(plans, &mut findings);
    findings.sort_by(Finding::order);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let summary = Summary {
        plans: plans.len(),
        occurrences: occurrences.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
    };
    Report {
        findings,
        budget: budget::of(plans),
        summary,
        readings: readings(expansion),
    }
}

/// Turns each finding an activity accepts into a note that says so, with
/// the plan's reason, pointing at the `accept` entry as well.
fn accept(plans: &[Plan], findings: &mut [Finding]) {
    let activities: std::collections::HashMap<(&str, &str), &Activity> = plans
        .iter()
        .flat_map(|p| {
            p.activities
                .iter()
                .map(move |a| ((p.id.as_str(), a.id.as_str()), a))
        })
        .filter(|(_, a)| !a.accept.is_empty())
        .collect();
    if activities.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let (Some(plan), Some(activity)) = (f.plan.as_deref(), f.activity.as_deref()) else {
            continue;
        };
        let Some(a) = activities.get(&(plan, activity)) else {
            continue;
        };
        let Some(accepted) = a.accept.iter().find(|x| x.code == f.code().as_str()) else {
            continue;
        };
        if f.severity != Severity::Warning {
            continue;
        }
        f.severity = Severity::Note;
        f.accepted = true;
        f.reason.clone_from(&accepted.reason);
        f.related.extend(Location::of(&accepted.place));
    }
}

/// `holidays-provisional` notes: once for each plan whose built-in
/// calendar (`holidays: [VN]`) is estimated for a year of its period.
fn provisional(plans: &[Plan], findings: &mut Vec<Finding>) {
    for plan in plans {
        let years = plan.holidays.provisional();
        if !years.is_empty() {
            let facts = Facts::HolidaysProvisional {
                years: years.to_vec(),
            };
            let mut f = Finding::bare(Severity::Note, facts);
            f.plan = Some(plan.id.clone());
            f.keys = plan.keys;
            findings.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan can accept exactly the warnings; errors never; notes need not.
    #[test]
    fn the_codes_a_plan_may_accept_are_the_warnings() {
        use crate::plan::{ACCEPTABLE, UNACCEPTABLE};
        let all = [
            (Code::SlotConflict, Severity::Error),
            (Code::GridConflict, Severity::Error),
            (Code::RerunBeforePremiere, Severity::Error),
            (Code::OutsidePeriod, Severity::Error),
            (Code::TooManyConflicts, Severity::Error),
            (Code::OnHoliday, Severity::Warning),
            (Code::ExpectMismatch, Severity::Warning),
            (Code::NoDates, Severity::Warning),
            (Code::SuspiciousRule, Severity::Warning),
            (Code::DeadlineOffDay, Severity::Warning),
            (Code::PastPeriodEnd, Severity::Warning),
            (Code::HolidayMoved, Severity::Note),
            (Code::HolidaySkipped, Severity::Note),
            (Code::HolidaysProvisional, Severity::Note),
        ];
        let of = |s: Severity| -> Vec<&str> {
            all.iter()
                .filter(|(_, x)| *x == s)
                .map(|(c, _)| c.as_str())
                .collect()
        };
        assert_eq!(ACCEPTABLE, of(Severity::Warning).as_slice());
        assert_eq!(UNACCEPTABLE, of(Severity::Error).as_slice());
    }

    #[test]
    fn too_many_conflicts_in_both_languages() {
        let vi = words::too_many_conflicts(Lang::Vi, 10_000, "KG").message();
        let en = words::too_many_conflicts(Lang::En, 10_000, "KG").message();
        assert_eq!(
            vi,
            "hơn 10000 cặp buổi trùng giờ trên KG; chỉ liệt kê 10000 cặp đầu tiên"
        );
        assert_eq!(
            en,
            "more than 10000 overlapping slots on KG; only the first 10000 are listed"
        );
    }

    /// Findings that agree on everything else are ordered by their values:
    /// `BYMONTHDAY=-31` before `-29` (as numbers, not as text), the same
    /// whichever order they were found in and whatever language they are
    /// worded in.
    #[test]
    fn ties_are_ordered_by_the_facts_not_by_their_words() {
        use facts::{SuspiciousRule, Weekday};
        let warning = |r: SuspiciousRule| {
            let mut f = Finding::bare(Severity::Warning, Facts::SuspiciousRule(r));
            f.plan = Some("p".to_string());
            f.activity = Some("a".to_string());
            f
        };
        let skips = |day| {
            warning(SuspiciousRule::MonthDaySkips {
                day,
                missing: Vec::new(),
            })
        };
        let fifth = warning(SuspiciousRule::FifthWeekday {
            nth: 5,
            weekday: Weekday(chrono::Weekday::Wed),
            missing: Vec::new(),
            months: 12,
        });
        let want = [fifth, skips(-31), skips(-29), skips(30)];
        for turn in 0..want.len() {
            let mut got = want.to_vec();
            got.rotate_left(turn);
            got.reverse();
            got.sort_by(Finding::order);
            assert_eq!(got, want);
        }
        let lines = |lang| want.iter().map(|f| f.message(lang)).collect::<Vec<_>>();
        assert!(lines(Lang::En)[1].starts_with("`BYMONTHDAY=-31` (day 31 counted"));
        assert!(lines(Lang::Vi)[2].starts_with("`BYMONTHDAY=-29` (ngày thứ 29 tính"));
    }

    #[test]
    fn what_is_the_message_without_its_fix() {
        let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
        let facts = Facts::ExpectMismatch {
            expect: 14,
            got: 24,
            period: crate::plan::Period {
                from: day(1, 1),
                to: day(12, 31),
            },
            skipped: 0,
        };
        let mut f = Finding::bare(Severity::Warning, facts);
        // The public page's words name keys in the page's language; the
        // message to whoever edits names them as the file does.
        assert_eq!(
            f.what(Lang::Vi),
            "khai báo `số kỳ: 14` nhưng quy tắc cho 24 kỳ trong thời gian kế hoạch 01/01/2023 – 31/12/2023"
        );
        assert!(f
            .message(Lang::Vi)
            .ends_with("; đổi `expect: 14` thành `24`, hoặc sửa `rrule` để cho 14 kỳ"));
        assert_eq!(
            f.fix(Lang::En).as_deref(),
            Some("change `expect: 14` to `24`, or the `rrule` so that it yields 14")
        );
        f.keys = Lang::Vi;
        assert_eq!(
            f.fix(Lang::Vi).as_deref(),
            Some("đổi `số kỳ: 14` thành `24`, hoặc sửa `quy tắc lặp` để cho 14 kỳ")
        );
        assert_eq!(
            f.what(Lang::En),
            "declares `expect: 14`, but the rule yields 24 in the period 2023-01-01 – 2023-12-31"
        );
    }
}
