//! `--mode rrule`: one `VEVENT` per series, whose expansion by an RFC 5545
//! reader gives exactly the occurrences of `--mode instances`.
//!
//! A series is an activity's premieres, or one of its reruns across the
//! year. Correctness comes before compactness:
//! - Premieres whose activity has a rule starting on its `start`, in a
//!   shape every engine measured expands alike
//!   ([`portability`](super::portability)), get that rule, bounded by `UNTIL` (the period's end, or the rule's own `UNTIL`,
//!   in UTC for timed events and as a date for all-day ones). The rule is
//!   expanded here the same way and compared with the real occurrences: a
//!   date the rule gives that is not an occurrence (skipped or moved for a
//!   holiday, removed by `exdates`) becomes an `EXDATE`, an occurrence the
//!   rule does not give (moved, or from `rdates`) an `RDATE`. When that takes
//!   more corrections than there are occurrences, the series is listed
//!   instead.
//! - Every other series is listed: `DTSTART` and an `RDATE` for every
//!   occurrence, `DTSTART` included (a reader that drops the `DTSTART`
//!   instance of a rule-less event still shows it; RFC 5545 merges the
//!   duplicate). Reruns are always listed: the day after the third
//!   Wednesday is not always the third Thursday.
//! - An occurrence whose length differs from the series' (a `P3M` window
//!   from April is a day longer than one from January), or whose wall-clock
//!   length differs from its exact length (a slot across a daylight-saving
//!   change, see `reads_alike`), gets a `RECURRENCE-ID` override with its
//!   own `DTSTART` and `DTEND`.
//! - A series whose `EXDATE` or override recurring-ical-events would take
//!   for another of its instances (`mistaken`) is listed without `EXDATE`,
//!   or written as events of their own.

use std::collections::BTreeSet;
use std::io::{self, Write};

use chrono::{LocalResult, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};

use super::portability::portable;
use super::{value_of, Feed, Value};
use crate::expand::{Group, MAX_PER_ACTIVITY, MAX_RULE_WALK};
use crate::occurrence::{Moment, Occurrence};
use crate::plan::{Activity, End, Plan};
use crate::zone::place_in_zone;

/// Writes every series of `occurrences` (sorted), plan by plan, activity by
/// activity, premieres before reruns.
///
/// # Errors
/// Any write failure.
pub fn write_series<W: Write>(
    feed: &mut Feed<W>,
    groups: &[Group<'_>],
    occurrences: &[&Occurrence],
) -> io::Result<()> {
    // Each activity's occurrences, in the order given, gathered in one pass.
    let mut by_group: Vec<Vec<&Occurrence>> = vec![Vec::new(); groups.len()];
    for o in occurrences {
        if let Some(list) = by_group.get_mut(o.group as usize) {
            list.push(o);
        }
    }
    for (group, own) in groups.iter().zip(by_group) {
        if own.is_empty() {
            continue;
        }
        let activity = group.activity;
        // Premieres, then each rerun series.
        let mut series: Vec<Vec<&Occurrence>> = vec![Vec::new(); 1 + activity.reruns.len()];
        for o in own {
            let k = o.rerun.map_or(0, |k| k as usize + 1);
            if let Some(list) = series.get_mut(k) {
                list.push(o);
            }
        }
        for (k, list) in series.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let rerun = k.checked_sub(1);
            write_one(feed, group, rerun, list)?;
        }
    }
    Ok(())
}

/// The UID of a series: the activity's, with `.rN` for its N-th rerun.
pub fn series_uid(plan: &Plan, activity: &Activity, rerun: Option<usize>) -> String {
    match rerun {
        None => format!("{}.{}@castcal", plan.id, activity.id),
        Some(k) => format!("{}.{}.r{}@castcal", plan.id, activity.id, k + 1),
    }
}

/// How a series' dates are written.
struct Recurrence {
    start: Moment,
    rrule: Option<String>,
    rdates: Vec<Moment>,
    exdates: Vec<Moment>,
}

fn write_one<W: Write>(
    feed: &mut Feed<W>,
    group: &Group<'_>,
    rerun: Option<usize>,
    series: &[&Occurrence],
) -> io::Result<()> {
    // A recurrence set holds one instance per start: an occurrence that
    // shares its start with an earlier one of the series (a slot moved for a
    // holiday onto another) is written as an event of its own.
    let mut starts = BTreeSet::new();
    let (series, apart): (Vec<&Occurrence>, Vec<&Occurrence>) = series
        .iter()
        .copied()
        .partition(|o| starts.insert(o.start_instant()));
    for o in apart {
        feed.event(o)?;
    }
    let series = series.as_slice();
    let Some(first) = series.first() else {
        return Ok(());
    };
    let (plan, activity) = (group.plan, group.activity);
    let tz = first.timezone();
    let length = |o: &Occurrence| length(o.start, o.end);
    let base = length(first);
    let mut recurrence = match rerun {
        None => by_rule(group, series).unwrap_or_else(|| listed(series)),
        Some(_) => listed(series),
    };
    if recurrence
        .exdates
        .iter()
        .any(|x| series.iter().any(|o| mistaken(o.start, *x)))
    {
        recurrence = listed(series);
    }
    // Overrides: occurrences the master's length or holiday note does not
    // fit, and those engines would end differently (see `reads_alike`).
    let master_alike = reads_alike(recurrence.start, add(recurrence.start, base, tz), base, tz);
    let overridden: Vec<&Occurrence> = series
        .iter()
        .copied()
        .filter(|o| !(master_alike && reads_alike(o.start, o.end, base, tz) && o.holiday.is_none()))
        .collect();
    if overridden
        .iter()
        .any(|m| series.iter().any(|o| mistaken(o.start, m.start)))
    {
        for o in series {
            feed.event(o)?;
        }
        return Ok(());
    }
    let uid = series_uid(plan, activity, rerun);
    let related = rerun.map(|_| series_uid(plan, activity, None));

    // A series of one occurrence is no recurrence: its event says all about
    // it, as an override of a non-recurring event (same UID, with a
    // RECURRENCE-ID) is read by some clients as a second event.
    let single = recurrence.rrule.is_none() && recurrence.rdates.is_empty();
    feed.lines.raw("BEGIN", &[], "VEVENT")?;
    feed.lines.text("UID", &[], &uid)?;
    feed.uid.clone_from(&uid);
    feed.stamp(first)?;
    let end = add(recurrence.start, base, tz);
    if single {
        feed.span(recurrence.start, end, tz)?;
    } else {
        feed.moment("DTSTART", recurrence.start, tz)?;
        feed.moment("DTEND", end, tz)?;
    }
    if let Some(rule) = &recurrence.rrule {
        feed.lines.raw("RRULE", &[], rule)?;
    }
    write_dates(feed, "RDATE", &recurrence.rdates, tz)?;
    write_dates(feed, "EXDATE", &recurrence.exdates, tz)?;
    let holiday = first.holiday.filter(|_| single);
    let related = related.as_ref().map(|r| r as &dyn std::fmt::Display);
    feed.describe(first, holiday, related, None)?;
    feed.lines.raw("END", &[], "VEVENT")?;
    if single {
        return Ok(());
    }

    for o in overridden {
        feed.lines.raw("BEGIN", &[], "VEVENT")?;
        feed.lines.text("UID", &[], &uid)?;
        feed.uid.clone_from(&uid);
        feed.stamp(first)?;
        feed.moment("RECURRENCE-ID", o.start, tz)?;
        feed.moment("DTSTART", o.start, tz)?;
        feed.moment("DTEND", o.end, tz)?;
        feed.describe(o, o.holiday, related, None)?;
        feed.lines.raw("END", &[], "VEVENT")?;
    }
    Ok(())
}

/// Whether Python's recurring-ical-events takes an instance at `a` for one
/// at `b`: it knows an instance by its time in UTC and by its wall-clock
/// time, both without zone, so two instances an offset apart share a key
/// (in Berlin in winter, 11:00 is 10:00Z, the wall-clock time of the 10:00
/// slot), and an `EXDATE` or an override of the one removes the other.
/// Such a series is listed, or written as events of their own.
fn mistaken(a: Moment, b: Moment) -> bool {
    let keys = |m: Moment| match m {
        Moment::At(t) => [t.naive_utc(), t.naive_local()],
        Moment::Day(d) => [d.and_time(NaiveTime::MIN); 2],
    };
    a != b && keys(a).iter().any(|k| keys(b).contains(k))
}

/// The length of an occurrence: whole days for a window, seconds for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Days(i64),
    Exact(TimeDelta),
}

fn length(start: Moment, end: Moment) -> Length {
    match (start, end) {
        (Moment::Day(s), Moment::Day(e)) => Length::Days((e - s).num_days()),
        (Moment::At(s), Moment::At(e)) => Length::Exact(e - s),
        // Never mixed; any answer keeps the override path honest.
        _ => Length::Days(0),
    }
}

/// Whether every engine ends an instance starting at `start` at `end`
/// when the master's `DTEND` is `base` after its `DTSTART`.
///
/// RFC 5545 (§3.8.5.3) gives every instance the master's exact duration,
/// and libical does so; but ical.js (Thunderbird) and Python's
/// recurring-ical-events add the master's wall-clock length to the
/// instance's wall-clock start. The two agree only when the instance's
/// wall-clock length is its exact length, and its end is a wall-clock time
/// the zone has exactly once: a 30-minute slot at 01:45 on the day
/// Lord Howe Island skips 02:00–02:30 ends at 02:45, and ical.js gives it
/// zero length. An instance written in UTC (a start in a repeated hour) is
/// computed in UTC by every engine.
fn reads_alike(start: Moment, end: Moment, base: Length, tz: chrono_tz::Tz) -> bool {
    if length(start, end) != base {
        return false;
    }
    let (Moment::At(s), Moment::At(e)) = (start, end) else {
        return true;
    };
    match value_of(start, tz) {
        Value::Local(_) => {
            let (wall_start, wall_end) = (s.naive_local(), e.naive_local());
            Length::Exact(wall_end - wall_start) == base
                && matches!(tz.from_local_datetime(&wall_end), LocalResult::Single(_))
        }
        Value::Utc(_) | Value::Date(_) => true,
    }
}

/// `start` plus `length` (the two are always of the same kind).
fn add(start: Moment, length: Length, tz: chrono_tz::Tz) -> Moment {
    match (start, length) {
        (Moment::Day(d), Length::Days(n)) => {
            Moment::Day(d.checked_add_signed(TimeDelta::days(n)).unwrap_or(d))
        }
        // In the zone: the end may have another offset than the start.
        (Moment::At(t), Length::Exact(x)) => {
            let t = t.with_timezone(&tz);
            Moment::in_zone(t.checked_add_signed(x).unwrap_or(t))
        }
        (m, _) => m,
    }
}

/// Every occurrence listed: `DTSTART` the first, `RDATE` all of them
/// (when there are several).
fn listed(series: &[&Occurrence]) -> Recurrence {
    let start = series
        .first()
        .map_or(Moment::Day(chrono::NaiveDate::MIN), |o| o.start);
    let rdates = if series.len() > 1 {
        series.iter().map(|o| o.start).collect()
    } else {
        Vec::new()
    };
    Recurrence {
        start,
        rrule: None,
        rdates,
        exdates: Vec::new(),
    }
}

/// The activity's own rule, corrected by `EXDATE`/`RDATE`, when it can be
/// written so that it yields exactly `series`.
fn by_rule(group: &Group<'_>, series: &[&Occurrence]) -> Option<Recurrence> {
    let (plan, activity) = (group.plan, group.activity);
    let rule = activity.rule.as_ref()?;
    if !safe_rule_text(&rule.without_until)
        || !portable(rule, activity.start.date())
        || !plan.period.contains(activity.start.date())
    {
        return None;
    }
    let all_day = activity.all_day();
    let wall_start = activity.start.wall();
    let tz = plan.timezone;
    // The rule's text is already canonical (upper case, checked by
    // `plan::rule`), and never holds both COUNT and UNTIL.
    let written = if rule.count().is_some() {
        rule.without_until.clone()
    } else {
        let end_of_period = plan.period.to.and_hms_opt(23, 59, 59)?;
        let until = if all_day {
            let last = match rule.end() {
                Some(End::Day(d)) => d.min(plan.period.to),
                _ => plan.period.to,
            };
            last.format("%Y%m%d").to_string()
        } else {
            let end_of_period = place_in_zone(end_of_period, tz).with_timezone(&Utc);
            let last = match rule.end() {
                Some(End::At(u)) => u.min(end_of_period),
                _ => end_of_period,
            };
            last.format("%Y%m%dT%H%M%SZ").to_string()
        };
        format!("{};UNTIL={until}", rule.without_until)
    };

    // What a reader expands the written rule to, in wall-clock time: what
    // expansion found the rule gives, up to the period's end (the UNTIL
    // written), or all of it when it has a COUNT.
    if rule.count().is_some() && group.rule_walk > MAX_RULE_WALK {
        return None;
    }
    let by_rule: BTreeSet<NaiveDateTime> = group
        .rule_starts
        .iter()
        .copied()
        .filter(|t| rule.count().is_some() || t.date() <= plan.period.to)
        .collect();
    if by_rule.len() > MAX_PER_ACTIVITY || by_rule.first() != Some(&wall_start) {
        return None;
    }
    let wall = |m: Moment| match m {
        Moment::At(t) => t.naive_local(),
        Moment::Day(d) => d.and_time(NaiveTime::MIN),
    };
    let actual: BTreeSet<NaiveDateTime> = series.iter().map(|o| wall(o.start)).collect();
    if actual.len() != series.len() {
        return None;
    }
    let moment = |t: NaiveDateTime| {
        if all_day {
            Moment::Day(t.date())
        } else {
            Moment::in_zone(place_in_zone(t, tz))
        }
    };
    // A wall time the zone skips cannot be named the same way twice, and
    // one it repeats is read as its first instance by some readers and its
    // second by others (ical.js): such series are listed, in UTC. So are
    // those whose first date past the written UNTIL is such a time: ical.js
    // places a skipped time an hour early, before UNTIL.
    let ambiguous = |t: &NaiveDateTime| {
        !all_day && !matches!(tz.from_local_datetime(t), LocalResult::Single(_))
    };
    let past_until = match rule.count() {
        Some(_) => None,
        None => group
            .rule_starts
            .iter()
            .find(|t| t.date() > plan.period.to)
            .or(group.rule_next.as_ref()),
    };
    if by_rule
        .iter()
        .chain(actual.iter())
        .chain(past_until)
        .any(|t| wall(moment(*t)) != *t || ambiguous(t))
    {
        return None;
    }
    let exdates: Vec<Moment> = by_rule.difference(&actual).map(|t| moment(*t)).collect();
    let rdates: Vec<Moment> = series
        .iter()
        .filter(|o| !by_rule.contains(&wall(o.start)))
        .map(|o| o.start)
        .collect();
    if exdates.len() + rdates.len() > series.len() {
        return None;
    }
    Some(Recurrence {
        start: moment(wall_start),
        rrule: Some(written),
        rdates,
        exdates,
    })
}

/// Only the characters an RRULE value is made of, so nothing unexpected is
/// ever copied into the feed.
fn safe_rule_text(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '=' | ';' | ',' | '-' | '+'))
}

/// How many dates one `RDATE` or `EXDATE` property lists.
const DATES_PER_LINE: usize = 24;

/// `RDATE`/`EXDATE` properties: dates with `VALUE=DATE`, local times with
/// the `TZID`, any UTC times apart; several properties of a few values
/// each, so no line, and no buffer, grows with the length of a series.
fn write_dates<W: Write>(
    feed: &mut Feed<W>,
    name: &str,
    dates: &[Moment],
    tz: chrono_tz::Tz,
) -> io::Result<()> {
    let tzid = [("TZID", tz.name())];
    let rank = |v: &Value| match v {
        Value::Date(_) => 0,
        Value::Local(_) => 1,
        Value::Utc(_) => 2,
    };
    let params: [&[(&str, &str)]; 3] = [&[("VALUE", "DATE")], &tzid, &[]];
    let mut chunk = String::new();
    for (kind, params) in params.into_iter().enumerate() {
        let mut n = 0;
        for m in dates {
            let value = value_of(*m, tz);
            if rank(&value) != kind {
                continue;
            }
            if n > 0 {
                chunk.push(',');
            }
            chunk.push_str(match &value {
                Value::Date(v) | Value::Local(v) | Value::Utc(v) => v,
            });
            n += 1;
            if n == DATES_PER_LINE {
                feed.lines.raw(name, params, &chunk)?;
                chunk.clear();
                n = 0;
            }
        }
        if n > 0 {
            feed.lines.raw(name, params, &chunk)?;
            chunk.clear();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rule_characters_are_copied() {
        assert!(safe_rule_text("FREQ=MONTHLY;BYDAY=3WE"));
        assert!(safe_rule_text("FREQ=MONTHLY;BYMONTHDAY=1,-7"));
        assert!(!safe_rule_text(""));
        assert!(!safe_rule_text("FREQ=DAILY\r\nBEGIN:VEVENT"));
        assert!(!safe_rule_text("FREQ=DAILY:X"));
    }
}
