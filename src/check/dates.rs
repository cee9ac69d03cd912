//! Findings about dates: holidays, the period, reruns, declared counts, rules.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};

use super::facts::{DayOff, Facts, Field, OutsidePeriod, SuspiciousRule, Weekday, What};
use super::{Finding, Severity};
use crate::expand::{Expansion, Group, MAX_RULE_WALK};
use crate::occurrence::{Occurrence, Role};
use crate::plan::{Activity, ActivityKind, OnHoliday, Place, Plan, Start};
use crate::words::check::{Kept, Outside};
use rrule::{Frequency, NWeekday};

/// Adds every date finding for the plans of `expansion`.
pub(super) fn check(expansion: &Expansion<'_>, findings: &mut Vec<Finding>) {
    // Each premiere's end, for its reruns: by its activity's group, the
    // rule's date and the ordinal, which together are its UID.
    let groups = expansion.groups();
    let with_reruns = |o: &Occurrence| {
        groups
            .get(o.group as usize)
            .is_some_and(|g| !g.activity.reruns.is_empty())
    };
    let premiere_ends: HashMap<(u32, NaiveDate, u32), &Occurrence> = expansion
        .iter()
        .filter(|o| o.rerun.is_none() && with_reruns(o))
        .map(|o| ((o.group, o.rule_date, o.ordinal), o))
        .collect();
    let mut premieres = vec![0usize; groups.len()];
    for o in expansion.iter() {
        if o.rerun.is_none() {
            if let Some(n) = premieres.get_mut(o.group as usize) {
                *n += 1;
            }
        }
        holiday(o.plan, o.activity, o, findings);
        period(o.plan, o, findings);
        if o.rerun.is_some() {
            if let Some(premiere) = premiere_ends.get(&(o.group, o.rule_date, o.ordinal)) {
                rerun_order(o, premiere, findings);
            }
        }
        deadline(o.plan, o.activity, o, findings);
    }
    for (group, premieres) in groups.iter().zip(premieres) {
        let (plan, activity) = (group.plan, group.activity);
        for s in &group.skipped {
            let date = s.start.date();
            let facts = Facts::HolidaySkipped {
                date,
                day_off: day_off(plan, date),
                reruns: !activity.reruns.is_empty(),
            };
            findings.push(Finding::about(s, Severity::Note, facts));
        }
        counts(plan, activity, premieres, group.skipped.len(), findings);
        dropped_dates(group, findings);
        rule_readings(plan, activity, findings);
    }
}

/// What a day off is: a holiday by its name, or for a weekend (which only
/// a deadline's policy moves from) its weekday.
fn day_off(plan: &Plan, date: NaiveDate) -> DayOff {
    match plan.holidays.name(date) {
        Some(name) => DayOff::Named(name.to_string()),
        None if plan.holidays.is_workday(date) => DayOff::Unnamed,
        None => DayOff::Weekend,
    }
}

/// `on-holiday` warnings and `holiday-moved` notes.
fn holiday(plan: &Plan, activity: &Activity, o: &Occurrence, findings: &mut Vec<Finding>) {
    let policy = activity.on_holiday;
    if let Some(from) = o.moved_from {
        let facts = Facts::HolidayMoved {
            from,
            day_off: day_off(plan, from),
            to: o.start.date(),
            policy,
        };
        let mut f = Finding::about(o, Severity::Note, facts);
        if let Some(place) = &activity.places.on_holiday {
            f = f.at(place);
        }
        findings.push(f);
    }
    let Some(name) = o.holiday else { return };
    let kept = match (o.role(), policy) {
        (Role::Premiere, OnHoliday::Keep) => return,
        (Role::Premiere, _) => Kept::Premiere,
        (Role::Rerun, OnHoliday::Warn) => Kept::Rerun,
        (Role::Rerun, OnHoliday::Keep) => Kept::RerunKept,
        (Role::Rerun, p) => Kept::RerunOfPolicy(p),
    };
    let severity = if kept == Kept::RerunKept {
        Severity::Note
    } else {
        Severity::Warning
    };
    let facts = Facts::OnHoliday {
        what: What::of(o),
        name: name.to_string(),
        kept,
    };
    findings.push(Finding::about(o, severity, facts));
}

/// `outside-period` errors and `past-period-end` warnings.
fn period(plan: &Plan, o: &Occurrence, findings: &mut Vec<Finding>) {
    let (first, last) = o.dates();
    let p = plan.period;
    let why = if o.moved_from.is_some() {
        Outside::Moved
    } else if o.role() == Role::Rerun {
        Outside::Rerun
    } else {
        Outside::Dated
    };
    // A deadline of the last period due after it (its own date, or where
    // the holiday policy moved it) is part of the plan.
    let given = o.moved_from.unwrap_or(first);
    let beyond = o.activity.beyond.iter().any(|b| b.date() == given);
    if (first < p.from || first > p.to) && !beyond {
        let facts = Facts::OutsidePeriod(OutsidePeriod::Occurrence {
            what: What::of(o),
            date: first,
            period: p,
            why,
        });
        let mut f = Finding::about(o, Severity::Error, facts);
        // The policy put it there: point at it.
        if let (Outside::Moved, Some(place)) = (why, &o.activity.places.on_holiday) {
            f = f.at(place);
        }
        findings.push(f);
    } else if last > p.to && !beyond {
        let facts = Facts::PastPeriodEnd {
            what: What::of(o),
            until: last,
            end: p.to,
        };
        let mut f = Finding::about(o, Severity::Warning, facts);
        if o.rerun.is_none() {
            f = f.at(&o.activity.places.duration);
        }
        findings.push(f);
    }
}

/// `rerun-before-premiere` errors.
fn rerun_order(o: &Occurrence, premiere: &Occurrence, findings: &mut Vec<Finding>) {
    if o.start_instant() < premiere.end_instant() {
        let facts = Facts::RerunBeforePremiere {
            what: What::of(o),
            start: o.start_instant().fixed_offset(),
            premiere_end: premiere.end_instant().fixed_offset(),
        };
        let mut f = Finding::about(o, Severity::Error, facts);
        f.uids = vec![premiere.uid().to_string(), o.uid().to_string()];
        findings.push(f);
    }
}

/// `deadline-off-day` warnings: a deadline on a weekend that is not a holiday
/// (a holiday already has its own warning), which the plan keeps
/// (`on_holiday: warn`; `keep` means it).
fn deadline(plan: &Plan, activity: &Activity, o: &Occurrence, findings: &mut Vec<Finding>) {
    if activity.kind != ActivityKind::Deadline
        || o.holiday.is_some()
        || activity.on_holiday == OnHoliday::Keep
    {
        return;
    }
    let (first, last) = o.dates();
    if first != last || plan.holidays.is_workday(first) {
        return;
    }
    let facts = Facts::DeadlineOffDay {
        date: first,
        before: plan.holidays.workday_from(first, false),
    };
    findings.push(Finding::about(o, Severity::Warning, facts));
}

/// A warning about a whole activity.
fn about_activity(plan: &Plan, activity: &Activity, facts: Facts, place: &Place) -> Finding {
    let mut f = Finding::bare(Severity::Warning, facts).at(place);
    f.plan = Some(plan.id.clone());
    f.keys = plan.keys;
    f.activity = Some(activity.id.clone());
    f.outlet = activity
        .outlet
        .and_then(|i| plan.outlets.get(i))
        .map(|o| o.id.clone());
    f.title = Some(activity.title.clone());
    f
}

/// Where an activity's dates come from: its `rrule`, or its `start`.
fn dates_place(activity: &Activity) -> &Place {
    activity
        .places
        .rrule
        .as_ref()
        .unwrap_or(&activity.places.start)
}

/// `expect-mismatch` and `no-dates` warnings.
fn counts(
    plan: &Plan,
    activity: &Activity,
    premieres: usize,
    skipped: usize,
    findings: &mut Vec<Finding>,
) {
    let period = plan.period;
    if premieres == 0 {
        let facts = Facts::NoDates { period, skipped };
        findings.push(about_activity(plan, activity, facts, dates_place(activity)));
    }
    if let Some(expect) = activity.expect {
        if usize::try_from(expect).ok() != Some(premieres) {
            let place = activity.places.expect.as_ref().unwrap_or(&activity.origin);
            let facts = Facts::ExpectMismatch {
                expect,
                got: premieres,
                period,
                skipped,
            };
            findings.push(about_activity(plan, activity, facts, place));
        }
    }
}

/// `outside-period` errors for dates the plan writes out but that expansion
/// leaves out because they fall outside the period: a `start` (the first
/// occurrence of an activity, RFC 5545's DTSTART) or an `rdates` entry before
/// or after the period, and the dates a rule's own `COUNT` or `UNTIL` asks
/// for after the period ends. Nothing is shown of these anywhere else, so
/// without this finding they would vanish silently.
fn dropped_dates(group: &Group<'_>, findings: &mut Vec<Finding>) {
    let (plan, activity) = (group.plan, group.activity);
    let p = plan.period;
    let mut removed_slots = HashSet::new();
    let mut removed_days = HashSet::new();
    for x in &activity.exdates {
        match *x {
            Start::At(x) => removed_slots.insert(x),
            Start::Day(d) => removed_days.insert(d),
        };
    }
    let excluded = |d: NaiveDate, t: Option<chrono::NaiveDateTime>| {
        removed_days.contains(&d) || t.is_some_and(|t| removed_slots.contains(&t))
    };
    let error = |date: NaiveDate, facts: OutsidePeriod, place: &Place| {
        let mut f = about_activity(plan, activity, Facts::OutsidePeriod(facts), place);
        f.severity = Severity::Error;
        f.date = Some(date);
        f
    };
    let written = std::iter::once((Field::Start, activity.start, &activity.places.start)).chain(
        activity
            .rdates
            .iter()
            .zip(&activity.places.rdates)
            .map(|(r, place)| (Field::Rdates, *r, place)),
    );
    for (field, when, place) in written {
        let d = when.date();
        let t = match when {
            Start::At(t) => Some(t),
            Start::Day(_) => None,
        };
        let beyond = activity.beyond.iter().any(|b| b.date() == d);
        if !p.contains(d) && !excluded(d, t) && !beyond {
            let facts = OutsidePeriod::Written {
                field,
                date: d,
                period: p,
            };
            findings.push(error(d, facts, place));
        }
    }
    // A rule with COUNT or UNTIL says how far it runs; one without is
    // bounded by the period by design and loses nothing.
    let Some(rule) = &activity.rule else { return };
    if rule.count().is_none() && rule.until.is_none() {
        return;
    }
    // Expansion walked the rule past the period, as far as it goes or
    // [`MAX_RULE_WALK`] dates from `start`.
    let mut after = 0usize;
    let mut first_after = None;
    for t in group.rule_starts.iter().filter(|t| t.date() > p.to) {
        if !excluded(t.date(), Some(*t)) {
            after += 1;
            first_after.get_or_insert(t.date());
        }
    }
    if let Some(first) = first_after {
        let facts = OutsidePeriod::RuleRunsOn {
            rule: rule.text.clone(),
            end: p.to,
            // The walk stopped before the rule did: there are more.
            at_least: group.rule_walk >= MAX_RULE_WALK,
            after,
            first,
        };
        findings.push(error(first, facts, dates_place(activity)));
    }
}

/// The months of the period a MONTHLY rule looks at (all, or its BYMONTH).
fn months_in_period(plan: &Plan, by_month: &[u8]) -> Vec<NaiveDate> {
    let wanted: Option<Vec<u32>> =
        (!by_month.is_empty()).then(|| by_month.iter().map(|m| u32::from(*m)).collect());
    let mut out = Vec::new();
    let Some(mut first) = plan.period.from.with_day(1) else {
        return out;
    };
    // A period longer than a century is not a plan; stop there.
    for _ in 0..1200 {
        if first > plan.period.to {
            break;
        }
        if wanted.as_ref().is_none_or(|w| w.contains(&first.month())) {
            out.push(first);
        }
        match first.checked_add_months(Months::new(1)) {
            Some(next) => first = next,
            None => break,
        }
    }
    out
}

fn days_in_month(first: NaiveDate) -> u32 {
    first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .map_or(31, |d| d.day())
}

/// `suspicious-rule` warnings: a MONTHLY rule with a day of the month that
/// short months lack (BYMONTHDAY=31 skips February, April, …), or a fifth
/// weekday (BYDAY=5WE) that most months lack; a YEARLY rule with
/// BYMONTHDAY and no BYMONTH, which calendar engines read in two ways.
fn rule_readings(plan: &Plan, activity: &Activity, findings: &mut Vec<Finding>) {
    let Some(rule) = &activity.rule else { return };
    let place = dates_place(activity);
    let suspicious =
        |r: SuspiciousRule| about_activity(plan, activity, Facts::SuspiciousRule(r), place);
    if rule.frequency() == Frequency::Yearly
        && rule.by_month().is_empty()
        && !rule.by_month_day().is_empty()
    {
        findings.push(suspicious(SuspiciousRule::YearlyMonthDay {
            days: rule.by_month_day().to_vec(),
            month: activity.start.date().month(),
        }));
    }
    if rule.frequency() != Frequency::Monthly || rule.has_set_pos() {
        return;
    }
    let months = months_in_period(plan, rule.by_month());
    for day in rule.by_month_day().iter().map(|d| i32::from(*d)) {
        let n = day.unsigned_abs();
        if n < 29 {
            continue;
        }
        let missing: Vec<NaiveDate> = months
            .iter()
            .copied()
            .filter(|m| days_in_month(*m) < n)
            .collect();
        if missing.is_empty() {
            continue;
        }
        // -31 counts from the end: the 1st of 31-day months only.
        findings.push(suspicious(SuspiciousRule::MonthDaySkips { day, missing }));
    }
    for by_day in rule.by_weekday() {
        let NWeekday::Nth(n, weekday) = *by_day else {
            continue;
        };
        if n.abs() != 5 {
            continue;
        }
        let missing: Vec<NaiveDate> = months
            .iter()
            .copied()
            .filter(|m| {
                NaiveDate::from_weekday_of_month_opt(m.year(), m.month(), weekday, 5).is_none()
            })
            .collect();
        if !missing.is_empty() {
            findings.push(suspicious(SuspiciousRule::FifthWeekday {
                nth: n,
                weekday: Weekday(weekday),
                missing,
                months: months.len(),
            }));
        }
    }
}
