//! Findings about dates: holidays, the period, reruns, declared counts, rules.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};

use super::{what, Code, Finding, Severity};
use crate::expand::{Expansion, Group, MAX_RULE_WALK};
use crate::format::{Dated, Day};
use crate::occurrence::{Occurrence, Role};
use crate::plan::{Activity, ActivityKind, OnHoliday, Place, Plan, Start};
use crate::words::check::{self as words, Kept, Outside, Said, Words};
use crate::words::{Common, Lang};
use rrule::{Frequency, NWeekday};

/// Adds every date finding for the plans of `expansion`.
pub(super) fn check(expansion: &Expansion<'_>, lang: Lang, findings: &mut Vec<Finding>) {
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
        holiday(o.plan, o.activity, o, lang, findings);
        period(o.plan, o, lang, findings);
        if o.rerun.is_some() {
            if let Some(premiere) = premiere_ends.get(&(o.group, o.rule_date, o.ordinal)) {
                rerun_order(o, premiere, lang, findings);
            }
        }
        deadline(o.plan, o.activity, o, lang, findings);
    }
    for (group, premieres) in groups.iter().zip(premieres) {
        let (plan, activity) = (group.plan, group.activity);
        for s in &group.skipped {
            let date = s.start.date();
            let name = day_off_name(plan, date, lang);
            findings.push(Finding::about(
                s,
                Code::HolidaySkipped,
                Severity::Note,
                words::holiday_skipped(
                    lang,
                    &Day(date, lang).to_string(),
                    &name,
                    !activity.reruns.is_empty(),
                ),
            ));
        }
        counts(
            plan,
            activity,
            premieres,
            group.skipped.len(),
            lang,
            findings,
        );
        dropped_dates(group, lang, findings);
        rule_readings(plan, activity, lang, findings);
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

/// What a day off is called: its holiday's name, or for a weekend (which
/// only a deadline's policy moves from) its weekday.
fn day_off_name(plan: &Plan, date: NaiveDate, lang: Lang) -> String {
    match plan.holidays.name(date) {
        Some(name) => name.to_string(),
        None if plan.holidays.is_workday(date) => Words::of(lang).a_day_off.to_string(),
        None => Common::of(lang).weekday_long(date.weekday()).to_string(),
    }
}

/// `on-holiday` warnings and `holiday-moved` notes.
fn holiday(
    plan: &Plan,
    activity: &Activity,
    o: &Occurrence,
    lang: Lang,
    findings: &mut Vec<Finding>,
) {
    let policy = activity.on_holiday;
    if let Some(from) = o.moved_from {
        let mut f = Finding::about(
            o,
            Code::HolidayMoved,
            Severity::Note,
            words::holiday_moved(
                lang,
                &Day(from, lang).to_string(),
                &day_off_name(plan, from, lang),
                &Dated(o.start.date(), lang).to_string(),
                o.start.date() > from,
                policy_name(policy),
            ),
        );
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
        (Role::Rerun, p) => Kept::RerunOfPolicy(policy_name(p)),
    };
    let severity = if kept == Kept::RerunKept {
        Severity::Note
    } else {
        Severity::Warning
    };
    findings.push(Finding::about(
        o,
        Code::OnHoliday,
        severity,
        words::on_holiday(lang, &what(o, lang), name, kept),
    ));
}

/// `outside-period` errors and `past-period-end` warnings.
fn period(plan: &Plan, o: &Occurrence, lang: Lang, findings: &mut Vec<Finding>) {
    let (first, last) = o.dates();
    let p = plan.period;
    let show = |d: NaiveDate| Day(d, lang).to_string();
    let why = if o.moved_from.is_some() {
        Outside::Moved
    } else if o.role() == Role::Rerun {
        Outside::Rerun
    } else {
        Outside::Dated
    };
    if first < p.from || first > p.to {
        let mut f = Finding::about(
            o,
            Code::OutsidePeriod,
            Severity::Error,
            words::outside_period(
                lang,
                &what(o, lang),
                &show(first),
                &words::period(lang, show(p.from), show(p.to)),
                why,
            ),
        );
        // The policy put it there: point at it.
        if let (Outside::Moved, Some(place)) = (why, &o.activity.places.on_holiday) {
            f = f.at(place);
        }
        findings.push(f);
    } else if last > p.to {
        let mut f = Finding::about(
            o,
            Code::PastPeriodEnd,
            Severity::Warning,
            words::past_period_end(lang, &what(o, lang), &show(last), &show(p.to)),
        );
        if o.rerun.is_none() {
            f = f.at(&o.activity.places.duration);
        }
        findings.push(f);
    }
}

/// `rerun-before-premiere` errors.
fn rerun_order(o: &Occurrence, premiere: &Occurrence, lang: Lang, findings: &mut Vec<Finding>) {
    if o.start_instant() < premiere.end_instant() {
        let at = |t: chrono::DateTime<chrono_tz::Tz>| {
            format!("{} {}", Day(t.date_naive(), lang), t.format("%H:%M"))
        };
        let mut f = Finding::about(
            o,
            Code::RerunBeforePremiere,
            Severity::Error,
            words::rerun_before_premiere(
                lang,
                &what(o, lang),
                &at(o.start_instant()),
                &at(premiere.end_instant()),
            ),
        );
        f.uids = vec![premiere.uid().to_string(), o.uid().to_string()];
        findings.push(f);
    }
}

/// `deadline-off-day` warnings: a deadline on a weekend that is not a holiday
/// (a holiday already has its own warning), which the plan keeps
/// (`on_holiday: warn`; `keep` means it).
fn deadline(
    plan: &Plan,
    activity: &Activity,
    o: &Occurrence,
    lang: Lang,
    findings: &mut Vec<Finding>,
) {
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
    let before = plan
        .holidays
        .workday_from(first, false)
        .map(|d| Dated(d, lang).to_string());
    findings.push(Finding::about(
        o,
        Code::DeadlineOffDay,
        Severity::Warning,
        words::deadline_off_day(
            lang,
            Common::of(lang).weekday_long(first.weekday()),
            before.as_deref(),
        ),
    ));
}

/// A finding about a whole activity.
fn about_activity(
    plan: &Plan,
    activity: &Activity,
    code: Code,
    said: Said,
    place: &Place,
) -> Finding {
    let mut f = Finding::bare(code, Severity::Warning, said).at(place);
    f.plan = Some(plan.id.clone());
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
    lang: Lang,
    findings: &mut Vec<Finding>,
) {
    let p = plan.period;
    let period = words::period(lang, Day(p.from, lang), Day(p.to, lang));
    let skipped = words::skipped(lang, skipped);
    if premieres == 0 {
        findings.push(about_activity(
            plan,
            activity,
            Code::NoDates,
            words::no_dates(lang, &period, &skipped),
            dates_place(activity),
        ));
    }
    if let Some(expect) = activity.expect {
        if usize::try_from(expect).ok() != Some(premieres) {
            let place = activity.places.expect.as_ref().unwrap_or(&activity.origin);
            findings.push(about_activity(
                plan,
                activity,
                Code::ExpectMismatch,
                words::expect_mismatch(lang, expect, premieres, &period, &skipped),
                place,
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
fn dropped_dates(group: &Group<'_>, lang: Lang, findings: &mut Vec<Finding>) {
    let (plan, activity) = (group.plan, group.activity);
    let p = plan.period;
    let period = words::period(lang, Day(p.from, lang), Day(p.to, lang));
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
    let error = |date: NaiveDate, said: Said, place: &Place| {
        let mut f = about_activity(plan, activity, Code::OutsidePeriod, said, place);
        f.severity = Severity::Error;
        f.date = Some(date);
        f
    };
    let written = std::iter::once(("start", activity.start, &activity.places.start)).chain(
        activity
            .rdates
            .iter()
            .zip(&activity.places.rdates)
            .map(|(r, place)| ("rdates", *r, place)),
    );
    for (field, when, place) in written {
        let d = when.date();
        let t = match when {
            Start::At(t) => Some(t),
            Start::Day(_) => None,
        };
        if !p.contains(d) && !excluded(d, t) {
            findings.push(error(
                d,
                words::written_outside(lang, field, &Day(d, lang).to_string(), &period),
                place,
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
            words::rule_past_end(
                lang,
                &rule.text,
                &Day(p.to, lang).to_string(),
                // The walk stopped before the rule did: there are more.
                group.rule_walk >= MAX_RULE_WALK,
                after,
                &Day(first, lang).to_string(),
            ),
            dates_place(activity),
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

fn list(months: &[NaiveDate], lang: Lang) -> String {
    let mut numbers: Vec<u32> = months.iter().map(Datelike::month).collect();
    numbers.dedup();
    words::months(lang, &numbers)
}

/// `suspicious-rule` warnings: a MONTHLY rule with a day of the month that
/// short months lack (BYMONTHDAY=31 skips February, April, …), or a fifth
/// weekday (BYDAY=5WE) that most months lack; a YEARLY rule with
/// BYMONTHDAY and no BYMONTH, which calendar engines read in two ways.
fn rule_readings(plan: &Plan, activity: &Activity, lang: Lang, findings: &mut Vec<Finding>) {
    let Some(rule) = &activity.rule else { return };
    let place = dates_place(activity);
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
            words::yearly_month_day(lang, &days, activity.start.date().month()),
            place,
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
        findings.push(about_activity(
            plan,
            activity,
            Code::SuspiciousRule,
            words::month_day_skips(lang, day, &list(&missing, lang)),
            place,
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
                words::fifth_weekday(
                    lang,
                    &d,
                    Common::of(lang).weekday_long(weekday),
                    missing.len(),
                    months.len(),
                    &list(&missing, lang),
                    n > 0,
                    &format!("{last}{w}"),
                ),
                place,
            ));
        }
    }
}
