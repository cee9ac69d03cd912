//! Findings about dates: holidays, the period, reruns, declared counts, rules.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::{what, Code, Finding, Severity};
use crate::expand::{Expansion, Group, MAX_RULE_WALK};
use crate::occurrence::{Occurrence, Role};
use crate::plan::{Activity, ActivityKind, OnHoliday, Plan, Start};
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
            let name = s.holiday.unwrap_or("a holiday");
            findings.push(Finding::about(
                s,
                Code::HolidaySkipped,
                Severity::Note,
                format!(
                    "skipped: {} is {name} (on_holiday: skip){}",
                    s.start.date().format("%d/%m/%Y"),
                    if activity.reruns.is_empty() {
                        ""
                    } else {
                        ", and its reruns with it"
                    }
                ),
            ));
        }
        counts(plan, activity, premieres, group.skipped.len(), findings);
        dropped_dates(group, findings);
        rule_readings(plan, activity, findings);
    }
}

fn policy_name(p: OnHoliday) -> &'static str {
    match p {
        OnHoliday::Warn => "warn",
        OnHoliday::Keep => "keep",
        OnHoliday::Skip => "skip",
        OnHoliday::NextWorkday => "next_workday",
        OnHoliday::PreviousWorkday => "previous_workday",
    }
}

/// `on-holiday` warnings and `holiday-moved` notes.
fn holiday(plan: &Plan, activity: &Activity, o: &Occurrence, findings: &mut Vec<Finding>) {
    let policy = activity.on_holiday;
    if let Some(from) = o.moved_from {
        let name = plan.holidays.name(from).unwrap_or("a holiday");
        findings.push(Finding::about(
            o,
            Code::HolidayMoved,
            Severity::Note,
            format!(
                "moved from {} ({name}) to {}, the {} workday (on_holiday: {})",
                from.format("%d/%m/%Y"),
                o.start.date().format("%d/%m/%Y"),
                if o.start.date() > from {
                    "next"
                } else {
                    "previous"
                },
                policy_name(policy)
            ),
        ));
    }
    let Some(name) = o.holiday else { return };
    if policy == OnHoliday::Keep {
        return;
    }
    let message = match (o.role(), policy) {
        (Role::Premiere, _) => format!(
            "{} on a holiday: {name}; kept as planned (on_holiday: warn); say `on_holiday: keep` if it is meant",
            what(o)
        ),
        (Role::Rerun, OnHoliday::Warn) => format!(
            "{} on a holiday: {name}; kept as planned (on_holiday: warn)",
            what(o)
        ),
        (Role::Rerun, p) => format!(
            "{} on a holiday: {name}; kept, as on_holiday: {} moves or skips premieres only",
            what(o),
            policy_name(p)
        ),
    };
    findings.push(Finding::about(
        o,
        Code::OnHoliday,
        Severity::Warning,
        message,
    ));
}

/// `outside-period` errors and `past-period-end` warnings.
fn period(plan: &Plan, o: &Occurrence, findings: &mut Vec<Finding>) {
    let (first, last) = o.dates();
    let p = plan.period;
    let show = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let cause = if o.moved_from.is_some() {
        " after a holiday move"
    } else if o.role() == Role::Rerun {
        " (a rerun follows its premiere)"
    } else {
        ""
    };
    if first < p.from || first > p.to {
        findings.push(Finding::about(
            o,
            Code::OutsidePeriod,
            Severity::Error,
            format!(
                "{} on {} is outside the plan's period {} – {}{cause}",
                what(o),
                show(first),
                show(p.from),
                show(p.to)
            ),
        ));
    } else if last > p.to {
        findings.push(Finding::about(
            o,
            Code::PastPeriodEnd,
            Severity::Warning,
            format!(
                "{} runs until {}, past the period's end {}",
                what(o),
                show(last),
                show(p.to)
            ),
        ));
    }
}

/// `rerun-before-premiere` errors.
fn rerun_order(o: &Occurrence, premiere: &Occurrence, findings: &mut Vec<Finding>) {
    if o.start_instant() < premiere.end_instant() {
        let mut f = Finding::about(
            o,
            Code::RerunBeforePremiere,
            Severity::Error,
            format!(
                "{} starts {}, before its premiere ends ({}); give it a later `at` or more `days_after`",
                what(o),
                o.start_instant().format("%d/%m/%Y %H:%M"),
                premiere.end_instant().format("%d/%m/%Y %H:%M")
            ),
        );
        f.uids = vec![premiere.uid().to_string(), o.uid().to_string()];
        findings.push(f);
    }
}

/// `deadline-off-day` warnings: a deadline on a weekend that is not a holiday
/// (a holiday already has its own warning).
fn deadline(plan: &Plan, activity: &Activity, o: &Occurrence, findings: &mut Vec<Finding>) {
    if activity.kind != ActivityKind::Deadline || o.holiday.is_some() {
        return;
    }
    let (first, last) = o.dates();
    if first != last || plan.holidays.is_workday(first) {
        return;
    }
    let hint = plan
        .holidays
        .workday_from(first, false)
        .map(|d| {
            format!(
                "; the workday before is {} {}",
                day_name(d.weekday()),
                d.format("%d/%m/%Y")
            )
        })
        .unwrap_or_default();
    findings.push(Finding::about(
        o,
        Code::DeadlineOffDay,
        Severity::Warning,
        format!(
            "deadline falls on a {}, not a workday{hint}",
            day_name(first.weekday())
        ),
    ));
}

fn day_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A finding about a whole activity.
fn about_activity(plan: &Plan, activity: &Activity, code: Code, message: String) -> Finding {
    Finding {
        code,
        severity: Severity::Warning,
        message,
        plan: Some(plan.id.clone()),
        activity: Some(activity.id.clone()),
        date: None,
        start: None,
        end: None,
        outlet: activity.outlet.clone(),
        uids: Vec::new(),
    }
}

/// `expect-mismatch` and `no-dates` warnings.
fn counts(
    plan: &Plan,
    activity: &Activity,
    premieres: usize,
    skipped: usize,
    findings: &mut Vec<Finding>,
) {
    let p = plan.period;
    let period = format!(
        "{} – {}",
        p.from.format("%d/%m/%Y"),
        p.to.format("%d/%m/%Y")
    );
    let skipped_note = if skipped > 0 {
        format!(" ({skipped} skipped for holidays)")
    } else {
        String::new()
    };
    if premieres == 0 {
        findings.push(about_activity(
            plan,
            activity,
            Code::NoDates,
            format!("yields no dates in the period {period}{skipped_note}"),
        ));
    }
    if let Some(expect) = activity.expect {
        if usize::try_from(expect).ok() != Some(premieres) {
            findings.push(about_activity(
                plan,
                activity,
                Code::ExpectMismatch,
                format!(
                    "declares expect: {expect}, but the rule yields {premieres} in the period {period}{skipped_note}"
                ),
            ));
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
    let period = format!(
        "{} – {}",
        p.from.format("%d/%m/%Y"),
        p.to.format("%d/%m/%Y")
    );
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
    let error = |date: NaiveDate, message: String| {
        let mut f = about_activity(plan, activity, Code::OutsidePeriod, message);
        f.severity = Severity::Error;
        f.date = Some(date);
        f
    };
    let written = std::iter::once(("start", activity.start))
        .chain(activity.rdates.iter().map(|r| ("rdates", *r)));
    for (field, when) in written {
        let d = when.date();
        let t = match when {
            Start::At(t) => Some(t),
            Start::Day(_) => None,
        };
        if !p.contains(d) && !excluded(d, t) {
            findings.push(error(
                d,
                format!(
                    "`{field}` {} is outside the plan's period {period}, so it is left out of every output",
                    d.format("%d/%m/%Y")
                ),
            ));
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
        findings.push(error(
            first,
            format!(
                "the rule `{}` runs past the period's end {}: {}{after} date{} from {} on {} left out",
                rule.text,
                p.to.format("%d/%m/%Y"),
                // The walk stopped before the rule did: there are more.
                if group.rule_walk >= MAX_RULE_WALK { "at least " } else { "" },
                if after == 1 { "" } else { "s" },
                first.format("%d/%m/%Y"),
                if after == 1 { "is" } else { "are" }
            ),
        ));
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

fn list(months: &[NaiveDate]) -> String {
    let mut names: Vec<&str> = months
        .iter()
        .filter_map(|m| u8::try_from(m.month()).ok())
        .filter_map(|m| chrono::Month::try_from(m).ok())
        .map(|m| m.name())
        .collect();
    names.dedup();
    names.join(", ")
}

/// `suspicious-rule` warnings: a MONTHLY rule with a day of the month that
/// short months lack (BYMONTHDAY=31 skips February, April, …), or a fifth
/// weekday (BYDAY=5WE) that most months lack; a YEARLY rule with
/// BYMONTHDAY and no BYMONTH, which calendar engines read in two ways.
fn rule_readings(plan: &Plan, activity: &Activity, findings: &mut Vec<Finding>) {
    let Some(rule) = &activity.rule else { return };
    if rule.frequency() == Frequency::Yearly
        && rule.by_month().is_empty()
        && !rule.by_month_day().is_empty()
    {
        let days = rule
            .by_month_day()
            .iter()
            .map(i8::to_string)
            .collect::<Vec<_>>()
            .join(",");
        findings.push(about_activity(
            plan,
            activity,
            Code::SuspiciousRule,
            format!(
                "FREQ=YEARLY;BYMONTHDAY={days} without BYMONTH means day {days} of every month (RFC 5545, and castcal's calendar), but Thunderbird and libical show it in one month a year; for every month write FREQ=MONTHLY;BYMONTHDAY={days}, for once a year add BYMONTH={}",
                activity.start.date().month()
            ),
        ));
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
        let message = if day > 0 {
            format!(
                "BYMONTHDAY={day} skips months that have no day {day} ({}); for the last day of every month write BYMONTHDAY=-1",
                list(&missing)
            )
        } else {
            format!(
                "BYMONTHDAY={day} (day {n} counted from the month's end) skips months shorter than {n} days ({}); for the first day of every month write BYMONTHDAY=1",
                list(&missing)
            )
        };
        findings.push(about_activity(
            plan,
            activity,
            Code::SuspiciousRule,
            message,
        ));
    }
    for by_day in rule.by_weekday() {
        let NWeekday::Nth(n, weekday) = *by_day else {
            continue;
        };
        if n.abs() != 5 {
            continue;
        }
        let w = &weekday
            .to_string()
            .chars()
            .take(2)
            .collect::<String>()
            .to_ascii_uppercase();
        let d = format!("{n}{w}");
        let missing: Vec<NaiveDate> = months
            .iter()
            .copied()
            .filter(|m| {
                NaiveDate::from_weekday_of_month_opt(m.year(), m.month(), weekday, 5).is_none()
            })
            .collect();
        if !missing.is_empty() {
            let last = if n > 0 { "-1" } else { "1" };
            findings.push(about_activity(
                plan,
                activity,
                Code::SuspiciousRule,
                format!(
                    "BYDAY={d} fires only in months with five {}s, so it skips {} of {} months ({}); for the {} one write BYDAY={last}{w}",
                    day_name(weekday),
                    missing.len(),
                    months.len(),
                    list(&missing),
                    if n > 0 { "last" } else { "first" }
                ),
            ));
        }
    }
}
