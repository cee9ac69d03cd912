//! Plans to occurrences: the one place where rules become dates.
//!
//! For each activity: the rule's instances from DTSTART (RRULE, then RDATE,
//! minus EXDATE), kept where their date lies in the plan's period; each gets
//! its UID from the date the rule produced; the holiday policy may then skip
//! or move it; its reruns follow it. Rules run in wall-clock time (see
//! [`crate::plan::Rule`]) and each wall-clock result is placed in the plan's
//! zone by [`place_in_zone`]. Everything here is pure: no clock, no host zone,
//! no file.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::Error;
use crate::occurrence::{Moment, Occurrence, Role};
use crate::plan::{Activity, OnHoliday, Place, Plan, Span, Start};
use crate::zone::place_in_zone;

/// The most premieres one activity may produce. A rule that would produce
/// more (say, every minute for a year) is refused with an error naming the
/// activity, instead of exhausting memory.
pub const MAX_PER_ACTIVITY: usize = 100_000;

/// The most occurrences (premieres and reruns) all plans together may give.
pub const MAX_OCCURRENCES: usize = 2_000_000;

/// The most memory all occurrences together may take, as estimated from
/// what each carries: its own copy of its title, ids and holiday name, and
/// a fixed overhead per occurrence. A 2,000-character title on every slot of a
/// busy year would otherwise take gigabytes; a national broadcaster's year
/// (60 channels, 900,000 occurrences) takes about 400 MiB.
pub const MAX_OCCURRENCE_BYTES: usize = 1024 * 1024 * 1024;

/// What an occurrence takes beside its text (its fields, its UIDs).
const OCCURRENCE_OVERHEAD: usize = 320;

/// What the occurrences expanded so far take, against the limits above.
#[derive(Debug, Default)]
struct Budget {
    occurrences: usize,
    text: usize,
}

const ONE_DAY: Span = Span {
    years: 0,
    months: 0,
    weeks: 0,
    days: 1,
    hours: 0,
    minutes: 0,
    seconds: 0,
};

/// How far the holiday policy may look for a workday before giving up.
const MAX_WORKDAY_SEARCH: u64 = 366;

/// An inclusive range of local dates to narrow a listing to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Window {
    /// Whether the occurrence touches the window (a window campaign that began
    /// before `from` but is still running is in it).
    pub fn overlaps(&self, o: &Occurrence) -> bool {
        let (first, last) = o.dates();
        self.from.is_none_or(|f| last >= f) && self.to.is_none_or(|t| first <= t)
    }
}

/// Every occurrence of every plan, sorted by start, then UID.
///
/// # Errors
/// An activity that would produce more than [`MAX_PER_ACTIVITY`] premieres,
/// or dates beyond what the calendar can represent; the message names the
/// activity's place in its file.
///
/// # Example
/// ```
/// let text = r#"
/// plan: { id: demo, title: Demo, timezone: Europe/Berlin,
///         period: { from: 2023-03-01, to: 2023-03-31 } }
/// outlets: { TV: { name: Channel, kind: tv } }
/// activities:
///   - { id: news, title: News, kind: broadcast, outlet: TV,
///       start: 2023-03-22T17:45, rrule: FREQ=WEEKLY, duration: PT12M }
/// "#;
/// let plan = castcal::plan::load_one("demo.yaml".as_ref(), text.to_string()).unwrap();
/// let all = castcal::expand(&[plan]).unwrap();
/// let starts: Vec<String> = all.iter().map(|o| o.start.to_string()).collect();
/// // Summer time begins on 26 March; the slot stays at 17:45 on the wall.
/// assert_eq!(starts, ["2023-03-22T17:45:00+01:00", "2023-03-29T17:45:00+02:00"]);
/// ```
pub fn expand(plans: &[Plan]) -> Result<Vec<Occurrence>, Error> {
    let mut all = Vec::new();
    let mut budget = Budget::default();
    for plan in plans {
        let longest = plan.holidays.longest_name();
        for activity in &plan.activities {
            all.extend(expand_within(plan, activity, &mut budget, longest)?);
        }
    }
    Ok(sorted(all))
}

/// `all` in [`Occurrence::chronological`] order. The instants are computed
/// once and the sort moves small keys, not occurrences; ties keep their
/// order, as a stable sort of the occurrences would.
fn sorted(all: Vec<Occurrence>) -> Vec<Occurrence> {
    let mut keys: Vec<(i64, u32, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let at = o.start_instant();
            (at.timestamp(), at.timestamp_subsec_nanos(), i)
        })
        .collect();
    keys.sort_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            let uid = |k: &(i64, u32, usize)| all.get(k.2).map(|o| o.uid.as_str());
            uid(a).cmp(&uid(b))
        })
    });
    // Position k takes the occurrence at order[k]: followed cycle by cycle,
    // in place, so the occurrences are never held twice.
    let mut order: Vec<usize> = keys.iter().map(|k| k.2).collect();
    drop(keys);
    let mut all = all;
    for start in 0..order.len() {
        let mut at = start;
        while let Some(from) = order.get_mut(at).map(|f| std::mem::replace(f, usize::MAX)) {
            if from == usize::MAX || from == start {
                break;
            }
            all.swap(at, from);
            at = from;
        }
    }
    all
}

/// The occurrences of one activity (premieres and reruns), in no set order.
///
/// # Errors
/// As [`expand`].
pub fn expand_activity(plan: &Plan, activity: &Activity) -> Result<Vec<Occurrence>, Error> {
    let longest = plan.holidays.longest_name();
    expand_within(plan, activity, &mut Budget::default(), longest)
}

fn expand_within(
    plan: &Plan,
    activity: &Activity,
    budget: &mut Budget,
    longest_holiday: usize,
) -> Result<Vec<Occurrence>, Error> {
    let wall_start = match activity.start {
        Start::At(t) => t,
        Start::Day(d) => d.and_time(NaiveTime::MIN),
    };
    let instances = instances(plan, activity, wall_start)?;

    // Counted before any is built.
    let count = instances.len().saturating_mul(1 + activity.reruns.len());
    let each = activity.title.len()
        + 2 * (plan.id.len() + activity.id.len())
        + longest_holiday
        + OCCURRENCE_OVERHEAD;
    budget.occurrences = budget.occurrences.saturating_add(count);
    budget.text = budget.text.saturating_add(count.saturating_mul(each));
    if budget.occurrences > MAX_OCCURRENCES {
        return Err(activity
            .origin
            .error(format!(
                "with activity `{}`, the plans give more than {MAX_OCCURRENCES} occurrences; castcal refuses plans that large",
                activity.id
            ))
            .into());
    }
    if budget.text > MAX_OCCURRENCE_BYTES {
        return Err(activity
            .origin
            .error(format!(
                "with activity `{}`, the occurrences would take more than {} MiB (each carries its own copy of its title); castcal refuses plans that large: shorten the title or split the plan",
                activity.id,
                MAX_OCCURRENCE_BYTES / (1024 * 1024)
            ))
            .into());
    }

    // Several instances on one date: the first keeps the plain UID, the
    // others get an ordinal, so adding a second slot never renames the first.
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(instances.len() * (1 + activity.reruns.len()));
    for wall in instances {
        let rule_date = wall.date();
        let n = per_day.entry(rule_date).or_insert(0);
        *n += 1;
        let ordinal = if *n > 1 {
            format!(".{n}")
        } else {
            String::new()
        };
        let base = format!(
            "{}.{}.{}{ordinal}",
            plan.id,
            activity.id,
            rule_date.format("%Y%m%d")
        );

        // A window of several days is not tied to one day: holidays concern
        // slots and one-day items only.
        let one_day = !activity.all_day() || activity.duration == ONE_DAY;
        let holiday = plan.holidays.name(rule_date).filter(|_| one_day);
        let (date, moved_from) = match (holiday, activity.on_holiday) {
            (None, _) | (Some(_), OnHoliday::Warn | OnHoliday::Keep) => (rule_date, None),
            (Some(_), OnHoliday::Skip) => continue,
            (Some(_), OnHoliday::NextWorkday) => {
                (workday(plan, activity, rule_date, true)?, Some(rule_date))
            }
            (Some(_), OnHoliday::PreviousWorkday) => {
                (workday(plan, activity, rule_date, false)?, Some(rule_date))
            }
        };

        let premiere_uid = format!("{base}@castcal");
        let (start, end) = span_at(
            plan,
            activity,
            &activity.origin,
            date,
            wall.time(),
            &activity.duration,
        )?;
        let premiere = Occurrence {
            uid: premiere_uid.clone(),
            plan: plan.id.clone(),
            activity: activity.id.clone(),
            title: activity.title.clone(),
            kind: activity.kind,
            role: Role::Premiere,
            outlet: activity.outlet.clone(),
            start,
            end,
            all_day: activity.all_day(),
            status: activity.status,
            holiday: plan
                .holidays
                .name(date)
                .filter(|_| one_day)
                .map(str::to_string),
            premiere_uid: None,
            moved_from,
            timezone: plan.timezone,
            rerun: None,
        };

        for (k, rerun) in activity.reruns.iter().enumerate() {
            let rerun_date = date
                .checked_add_days(Days::new(rerun.days_after.into()))
                .ok_or_else(|| {
                    rerun
                        .origin
                        .error("a rerun falls beyond the last date castcal can represent")
                })?;
            let time = rerun.at.unwrap_or(wall.time());
            let duration = rerun.duration.as_ref().unwrap_or(&activity.duration);
            let (start, end) = span_at(plan, activity, &rerun.origin, rerun_date, time, duration)?;
            out.push(Occurrence {
                uid: format!("{base}.r{}@castcal", k + 1),
                role: Role::Rerun,
                outlet: rerun.outlet.clone().or_else(|| activity.outlet.clone()),
                start,
                end,
                holiday: plan
                    .holidays
                    .name(rerun_date)
                    .filter(|_| one_day)
                    .map(str::to_string),
                premiere_uid: Some(premiere_uid.clone()),
                moved_from: None,
                rerun: Some(k),
                ..premiere.clone()
            });
        }
        out.push(premiere);
    }
    Ok(out)
}

/// The wall-clock starts the rule gives inside the period, sorted, without
/// duplicates: RRULE (or DTSTART alone), plus RDATE, minus EXDATE.
fn instances(
    plan: &Plan,
    activity: &Activity,
    wall_start: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, Error> {
    let period = plan.period;
    let too_many = || {
        activity.origin.error(format!(
            "activity `{}` produces more than {MAX_PER_ACTIVITY} occurrences in the period; castcal refuses rules that large",
            activity.id
        ))
    };
    let mut starts = Vec::new();
    match &activity.rule {
        None => {
            if period.contains(wall_start.date()) {
                starts.push(wall_start);
            }
        }
        Some(rule) => {
            let set = rule
                .set(wall_start)
                .map_err(|e| {
                    activity
                        .origin
                        .error(format!("invalid RRULE `{}`: {e}", rule.text))
                })?
                .limit();
            let mut any = false;
            for (i, t) in set.into_iter().enumerate() {
                any = true;
                let t = t.naive_utc();
                if i == 0 && t != wall_start {
                    return Err(activity
                        .origin
                        .error(format!(
                            "`start` ({}) is not a date its RRULE `{}` produces (the first is {}); calendar programs disagree on such rules, so start on the first date the rule gives",
                            show(activity.start),
                            rule.text,
                            show_like(activity.start, t)
                        ))
                        .into());
                }
                if t.date() > period.to {
                    break;
                }
                if t.date() < period.from {
                    continue;
                }
                if starts.len() == MAX_PER_ACTIVITY {
                    return Err(too_many().into());
                }
                starts.push(t);
            }
            if !any {
                return Err(activity
                    .origin
                    .error(format!(
                        "RRULE `{}` gives no date at all from `start` ({}): its parts together select nothing; give a rule that has dates, or leave out `rrule`",
                        rule.text,
                        show(activity.start)
                    ))
                    .into());
            }
        }
    }
    for r in &activity.rdates {
        let t = match *r {
            Start::At(t) => t,
            Start::Day(d) => d.and_time(wall_start.time()),
        };
        if period.contains(t.date()) {
            starts.push(t);
        }
    }
    if starts.len() > MAX_PER_ACTIVITY {
        return Err(too_many().into());
    }
    // Sets, not a scan per start: a rule of 100,000 and as many EXDATEs.
    let mut removed_slots = std::collections::HashSet::new();
    let mut removed_days = std::collections::HashSet::new();
    for x in &activity.exdates {
        match *x {
            Start::At(x) => removed_slots.insert(x),
            Start::Day(d) => removed_days.insert(d),
        };
    }
    starts.retain(|t| !removed_slots.contains(t) && !removed_days.contains(&t.date()));
    starts.sort();
    starts.dedup();
    Ok(starts)
}

/// The next (or previous) workday after `date`.
fn workday(
    plan: &Plan,
    activity: &Activity,
    date: NaiveDate,
    forward: bool,
) -> Result<NaiveDate, Error> {
    let step = |d: NaiveDate| {
        if forward {
            d.checked_add_days(Days::new(1))
        } else {
            d.checked_sub_days(Days::new(1))
        }
    };
    let mut d = date;
    for _ in 0..MAX_WORKDAY_SEARCH {
        d = match step(d) {
            Some(d) => d,
            None => break,
        };
        if plan.holidays.is_workday(d) {
            return Ok(d);
        }
    }
    Err(activity
        .origin
        .error(format!(
            "no workday within a year of {date} to move activity `{}` to",
            activity.id
        ))
        .into())
}

/// The years a calendar file can hold: four digits.
const WRITABLE_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Start and end of an occurrence on `date`: a timed slot at `time` lasting
/// `duration`, or an all-day window `duration` long. `origin` is where the
/// premiere or rerun is written, for a message.
///
/// # Errors
/// A start or end outside the years 0001 to 9999, in plan time or in UTC:
/// no output can write it.
fn span_at(
    plan: &Plan,
    activity: &Activity,
    origin: &Place,
    date: NaiveDate,
    time: NaiveTime,
    duration: &Span,
) -> Result<(Moment, Moment), Error> {
    let out_of_range =
        || origin.error("an occurrence ends beyond the last date castcal can represent");
    let (start, end) = moments(plan, activity, date, time, duration).ok_or_else(out_of_range)?;
    for (what, m) in [("starts", &start), ("ends", &end)] {
        let years = match m {
            Moment::Day(d) => [d.year(); 2],
            Moment::At(t) => [t.year(), t.naive_utc().year()],
        };
        if let Some(year) = years.into_iter().find(|y| !WRITABLE_YEARS.contains(y)) {
            return Err(origin
                .error(format!(
                    "an occurrence of activity `{}` {what} in the year {year}; calendar files hold the years 0001 to 9999 only",
                    activity.id
                ))
                .into());
        }
    }
    Ok((start, end))
}

fn moments(
    plan: &Plan,
    activity: &Activity,
    date: NaiveDate,
    time: NaiveTime,
    duration: &Span,
) -> Option<(Moment, Moment)> {
    if activity.all_day() {
        let end = duration.end_date(date)?;
        return Some((Moment::Day(date), Moment::Day(end)));
    }
    let wall = date.and_time(time);
    let start = place_in_zone(wall, plan.timezone);
    let nominal_end = duration.end_date(date)?.and_time(time);
    let end_base = if nominal_end == wall {
        start
    } else {
        place_in_zone(nominal_end, plan.timezone)
    };
    let end = end_base.checked_add_signed(duration.exact())?;
    Some((Moment::At(start), Moment::At(end)))
}

fn show(s: Start) -> String {
    match s {
        Start::At(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
        Start::Day(d) => d.format("%Y-%m-%d").to_string(),
    }
}

fn show_like(s: Start, t: NaiveDateTime) -> String {
    match s {
        Start::At(_) => t.format("%Y-%m-%dT%H:%M").to_string(),
        Start::Day(_) => t.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keyed sort and its in-place permutation give what a stable sort
    /// of the occurrences gives, on a plan whose slots share starts.
    #[test]
    fn sorted_is_the_chronological_order() {
        let mut text = String::from(
            "plan: { id: p, title: P, timezone: Europe/Berlin, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
             outlets: { A: { name: A, kind: tv } }\nactivities:\n",
        );
        let rules = [
            "FREQ=DAILY",
            "FREQ=WEEKLY;BYDAY=MO,WE",
            "FREQ=MONTHLY;BYDAY=1MO,-1FR",
        ];
        for i in 0..12 {
            let rule = rules.get(i % rules.len()).copied().unwrap_or("FREQ=DAILY");
            text.push_str(&format!(
                "  - {{ id: a{i}, title: A{i}, kind: broadcast, start: 2023-01-02T{:02}:00, rrule: \"{rule}\", duration: PT30M, reruns: [{{ days_after: 1, at: \"06:00\" }}] }}\n",
                10 + i % 3
            ));
        }
        let plan = crate::plan::load_one("p.yaml".as_ref(), text).unwrap();
        let mut unsorted = Vec::new();
        let mut budget = Budget::default();
        for activity in plan.activities.iter().rev() {
            unsorted.extend(expand_within(&plan, activity, &mut budget, 0).unwrap());
        }
        let mut expected = unsorted.clone();
        expected.sort_by(Occurrence::chronological);
        assert!(expected.len() > 2_000, "{}", expected.len());
        assert!(unsorted != expected, "the input must need sorting");
        assert_eq!(sorted(unsorted), expected);
    }
}
