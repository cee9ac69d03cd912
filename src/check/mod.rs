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
//! [`budget`] adds the money table. Nothing here prints: [`report`] renders a
//! [`Report`] as text or JSON.

pub mod budget;
pub mod conflicts;
mod dates;
pub mod grid;
pub mod report;

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::expand::Expansion;
use crate::occurrence::{Moment, Occurrence};
use crate::plan::{ActivityKind, Plan};

pub use crate::grid::Grid;
pub use budget::Budget;

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
        }
    }
}

/// One thing a check found: a sentence for people and fields for scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of finding it is: a stable name for programs.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// One line, saying what is wrong and, where it helps, what to do.
    pub message: String,
    /// The plan's id (`null` only for findings about no plan).
    pub plan: Option<String>,
    /// The activity's id (`null` for findings about the whole plan).
    pub activity: Option<String>,
    /// The local date of the occurrence concerned (`null` for a whole activity).
    #[serde(serialize_with = "serialize_opt_date")]
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
}

impl Finding {
    /// A finding about one occurrence, with its plan, activity, date, time and outlet.
    pub(crate) fn about(
        o: &Occurrence,
        code: Code,
        severity: Severity,
        message: String,
    ) -> Finding {
        Finding {
            code,
            severity,
            message,
            plan: Some(o.plan.id.clone()),
            activity: Some(o.activity.id.clone()),
            date: Some(o.start.date()),
            start: Some(o.start),
            end: Some(o.end),
            outlet: o.outlet_id().map(str::to_string),
            uids: vec![o.uid().to_string()],
        }
    }

    /// The order of a report: severity, then date (whole-activity findings
    /// first), time, outlet, plan, activity, code, UIDs.
    fn order(a: &Finding, b: &Finding) -> Ordering {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.date.cmp(&b.date))
            .then_with(|| a.time_key().cmp(&b.time_key()))
            .then_with(|| a.outlet.cmp(&b.outlet))
            .then_with(|| a.plan.cmp(&b.plan))
            .then_with(|| a.activity.cmp(&b.activity))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.uids.cmp(&b.uids))
            .then_with(|| a.message.cmp(&b.message))
    }
}

impl Finding {
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

/// What an occurrence is, in a finding's words: `premiere` or `rerun 2` for
/// a broadcast, otherwise the activity's kind (`deadline`, `publication` …),
/// which reads better than "premiere" for a report due or a newspaper page.
pub(crate) fn what(o: &Occurrence) -> String {
    match (o.rerun, o.kind()) {
        (Some(k), _) => format!("rerun {}", u64::from(k) + 1),
        (None, ActivityKind::Broadcast) => o.role().as_str().to_string(),
        (None, kind) => kind.as_str().to_string(),
    }
}

/// `17:45–17:57` for a timed occurrence, in its own zone.
pub(crate) fn time_of(o: &Occurrence) -> Option<String> {
    crate::format::clock_span(o.start, o.end)
}

/// A date as [`Moment::Day`] writes it, `YYYY-MM-DD`.
fn serialize_opt_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    d.map(Moment::Day).serialize(s)
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

/// Everything a check found, in report order, with the budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every finding, in date order.
    pub findings: Vec<Finding>,
    /// The plans' budget table.
    pub budget: Budget,
    /// The counts.
    pub summary: Summary,
}

impl Report {
    /// Whether the report should fail a script: any error, or any warning when `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.summary.errors > 0 || (strict && self.summary.warnings > 0)
    }
}

/// Checks `plans`, whose expansion (from [`crate::expand()`]) is
/// `expansion`, against each grid in `grids`.
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
/// assert_eq!(report.findings[0].code.as_str(), "slot-conflict");
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
    }
}
