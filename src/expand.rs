//! Plans to occurrences: the one place where rules become dates.
//!
//! For each activity: the rule's instances from DTSTART (RRULE, then RDATE,
//! minus EXDATE), kept where their date lies in the plan's period; each gets
//! its UID from the date the rule produced; the holiday policy may then skip
//! or move it; its reruns follow it. Rules run in wall-clock time (see
//! [`crate::plan::Rule`]) and each wall-clock result is placed in the plan's
//! zone by [`place_in_zone`]. Everything here is pure: no clock, no host zone,
//! no file.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::cores;
use crate::error::Error;
use crate::occurrence::{Moment, Occurrence, UidOrder};
use crate::plan::{Activity, ActivityKind, OnHoliday, Place, Plan, Span, Start};
use crate::zone::place_in_zone;

/// The most premieres one activity may produce. A rule that would produce
/// more (say, every minute for a year) is refused with an error naming the
/// activity, instead of exhausting memory.
pub const MAX_PER_ACTIVITY: usize = 100_000;

/// How many dates from `start` expansion follows a rule with `COUNT` or
/// `UNTIL` past the period, to tell what the period leaves out of it.
pub const MAX_RULE_WALK: usize = 100_000;

/// The most occurrences (premieres and reruns) all plans together may give:
/// three years of a national broadcaster's sixty channels (2.7 million)
/// fit. Each costs about 250 bytes of memory while a command runs (the
/// benchmark measures it), so the cap holds a run near 1.3 GB.
pub const MAX_OCCURRENCES: usize = 5_000_000;

const ONE_DAY: Span = Span {
    years: 0,
    months: 0,
    weeks: 0,
    days: 1,
    hours: 0,
    minutes: 0,
    seconds: 0,
};

/// An inclusive range of local dates to narrow a listing to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The first day kept; from the beginning when absent.
    pub from: Option<NaiveDate>,
    /// The last day kept; to the end when absent.
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

/// Every occurrence of every plan, sorted by start, then UID, with what
/// expansion learnt about each activity on the way: which occurrences are
/// its own, what its holiday policy skipped, what its rule gave. It derefs
/// to the occurrences.
#[derive(Debug, Clone, Default)]
pub struct Expansion<'p> {
    occurrences: Vec<Occurrence<'p>>,
    groups: Vec<Group<'p>>,
}

/// One activity's part of an [`Expansion`]; its index in
/// [`Expansion::groups`] is its occurrences' [`Occurrence::group`].
#[derive(Debug, Clone)]
pub struct Group<'p> {
    /// The plan the activity belongs to.
    pub plan: &'p Plan,
    /// The activity.
    pub activity: &'p Activity,
    /// The indices of its occurrences (premieres and reruns) in the
    /// expansion, in the expansion's order.
    pub members: Vec<u32>,
    /// What the premieres `on_holiday: skip` left out would have been,
    /// in order.
    pub skipped: Vec<Occurrence<'p>>,
    /// The wall-clock starts its RRULE alone gives from `start` (before
    /// RDATE, EXDATE and holidays), in order: those in the period, and for
    /// a rule with `COUNT` or `UNTIL` the later ones too, among the first
    /// [`MAX_RULE_WALK`] it gives. Empty for an activity without a rule.
    pub rule_starts: Vec<NaiveDateTime>,
    /// How many dates of the rule expansion went through: more than
    /// [`MAX_RULE_WALK`] when a rule with `COUNT` or `UNTIL` gives more
    /// than that (its later dates are then not in `rule_starts`).
    pub rule_walk: usize,
    /// The wall-clock start the rule would give after `rule_starts`, when
    /// expansion met it: the first its `UNTIL` leaves out, or for a rule
    /// without `COUNT` or `UNTIL` the first after the period.
    pub rule_next: Option<NaiveDateTime>,
}

impl<'p> Expansion<'p> {
    /// The occurrences, sorted by start, then UID.
    pub fn occurrences(&self) -> &[Occurrence<'p>] {
        &self.occurrences
    }

    /// The occurrences alone.
    pub fn into_occurrences(self) -> Vec<Occurrence<'p>> {
        self.occurrences
    }

    /// Every activity of every plan, in the order they were read.
    pub fn groups(&self) -> &[Group<'p>] {
        &self.groups
    }

    /// The occurrences of `group`, in order.
    pub fn members<'e>(&'e self, group: &'e Group<'p>) -> impl Iterator<Item = &'e Occurrence<'p>> {
        group
            .members
            .iter()
            .filter_map(|&i| self.occurrences.get(i as usize))
    }
}

impl<'p> std::ops::Deref for Expansion<'p> {
    type Target = [Occurrence<'p>];

    fn deref(&self) -> &[Occurrence<'p>] {
        &self.occurrences
    }
}

impl<'e, 'p> IntoIterator for &'e Expansion<'p> {
    type Item = &'e Occurrence<'p>;
    type IntoIter = std::slice::Iter<'e, Occurrence<'p>>;

    fn into_iter(self) -> Self::IntoIter {
        self.occurrences.iter()
    }
}

impl<'p> IntoIterator for Expansion<'p> {
    type Item = Occurrence<'p>;
    type IntoIter = std::vec::IntoIter<Occurrence<'p>>;

    fn into_iter(self) -> Self::IntoIter {
        self.occurrences.into_iter()
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
/// let plans = [castcal::plan::load_one("demo.yaml".as_ref(), text.to_string())?];
/// let all = castcal::expand(&plans)?;
/// let starts: Vec<String> = all.iter().map(|o| o.start.to_string()).collect();
/// // Summer time begins on 26 March; the slot stays at 17:45 on the wall.
/// assert_eq!(starts, ["2023-03-22T17:45:00+01:00", "2023-03-29T17:45:00+02:00"]);
/// # Ok::<(), castcal::Error>(())
/// ```
pub fn expand(plans: &[Plan]) -> Result<Expansion<'_>, Error> {
    let pairs: Vec<(&Plan, &Activity)> = plans
        .iter()
        .flat_map(|p| p.activities.iter().map(move |a| (p, a)))
        .collect();
    if let Some((_, activity)) = pairs.get(u32::MAX as usize) {
        return Err(activity
            .origin
            .error(crate::say!(
                "castcal không nhận kế hoạch có nhiều hoạt động như vậy",
                "castcal refuses plans with that many activities"
            ))
            .into());
    }
    // The rules' dates, on every core; then, in the plans' order, the
    // first error and the occurrences' count, before any is built.
    let walks = cores::map(&pairs, |&(plan, activity)| {
        instances(plan, activity, activity.start.wall())
    });
    let mut total = 0usize;
    let mut dated = Vec::with_capacity(pairs.len());
    let mut refused = None;
    for (&(_, activity), walk) in pairs.iter().zip(walks) {
        let walk = match walk {
            Ok(walk) => walk,
            Err(e) => {
                refused = Some(e);
                break;
            }
        };
        total = total.saturating_add(walk.0.len().saturating_mul(1 + activity.reruns.len()));
        if total > MAX_OCCURRENCES {
            refused = Some(activity
                .origin
                .error({
                    let id = &activity.id;
                    crate::say!(
                        "đến hoạt động `{id}`, các kế hoạch đã cho hơn {MAX_OCCURRENCES} lần phát/đăng; castcal không nhận kế hoạch lớn như vậy",
                        "with activity `{id}`, the plans give more than {MAX_OCCURRENCES} occurrences; castcal refuses plans that large"
                    )
                })
                .into());
            break;
        }
        dated.push(walk);
    }
    // The occurrences, on every core. An activity's error before the
    // refused one comes first, as it would one activity after another.
    let jobs: Vec<Job> = pairs
        .iter()
        .copied()
        .zip(dated)
        .enumerate()
        .map(|(g, (pair, walk))| (u32::try_from(g).unwrap_or(u32::MAX), pair, walk))
        .collect();
    let ranks = prefix_ranks(&pairs);
    let (occurrences, owns) = on_every_core_into(
        jobs,
        total,
        |(group, (plan, activity), (starts, rule)), out| {
            build(plan, activity, group, starts, rule, out)
        },
        |run| sort_run(run, ranks.as_deref()),
    );
    let mut groups = Vec::with_capacity(pairs.len());
    for ((plan, activity), own) in pairs.iter().copied().zip(owns) {
        let own = own?;
        groups.push(Group {
            plan,
            activity,
            members: Vec::new(),
            skipped: own.skipped,
            rule_starts: own.rule.starts,
            rule_walk: own.rule.walk,
            rule_next: own.rule.next,
        });
    }
    if let Some(e) = refused {
        return Err(e);
    }
    // Each activity's members, in order, in one pass; then each premiere's
    // share of its activity's budget.
    for (i, o) in occurrences.iter().enumerate() {
        if let (Some(g), Ok(i)) = (groups.get_mut(o.group as usize), u32::try_from(i)) {
            g.members.push(i);
        }
    }
    let mut occurrences = occurrences;
    for g in &groups {
        let Some(budget) = g.activity.budget_vnd else {
            continue;
        };
        let premieres = || {
            g.members.iter().copied().filter(|&i| {
                occurrences
                    .get(i as usize)
                    .is_some_and(|o| o.rerun.is_none())
            })
        };
        let shares = split(budget, premieres().count());
        let indices: Vec<u32> = premieres().collect();
        for (i, share) in indices.into_iter().zip(shares) {
            if let Some(o) = occurrences.get_mut(i as usize) {
                o.budget_share = Some(share);
            }
        }
    }
    Ok(Expansion {
        occurrences,
        groups,
    })
}

/// `total` in `parts` whole shares that differ by at most one, larger first.
fn split(total: u64, parts: usize) -> impl Iterator<Item = u64> {
    let n = u64::try_from(parts).unwrap_or(u64::MAX).max(1);
    let (base, extra) = (total / n, total % n);
    (0..n).take(parts).map(move |i| base + u64::from(i < extra))
}

/// `all` in [`Occurrence::chronological`] order; see [`sort_run`].
#[cfg(test)]
fn sorted<'p>(all: Vec<Occurrence<'p>>, pairs: &[(&'p Plan, &'p Activity)]) -> Vec<Occurrence<'p>> {
    let mut all = all;
    sort_run(&mut all, prefix_ranks(pairs).as_deref());
    all
}

/// What orders an occurrence, in one number: start (seconds from about
/// year 1: 40 bits, nanoseconds: 30), the rank of its UID's
/// `plan.activity.` text (32), rule date (days from year 1: 22). Two
/// occurrences with equal numbers are of one activity, rule date and start
/// (or, without ranks, start at once): their UIDs as text decide.
fn order_key(o: &Occurrence, ranks: Option<&[u32]>) -> u128 {
    let at = match o.start {
        Moment::At(t) => t.to_utc(),
        Moment::Day(_) => o.start_instant().to_utc(),
    };
    let seconds = u128::try_from(at.timestamp().saturating_add(1 << 39)).unwrap_or(0);
    let (rank, date) = match ranks {
        Some(r) => (
            u128::from(r.get(o.group as usize).copied().unwrap_or(u32::MAX)),
            u128::try_from(o.rule_date.num_days_from_ce()).unwrap_or(0),
        ),
        None => (0, 0),
    };
    (seconds & ((1 << 40) - 1)) << 84
        | u128::from(at.timestamp_subsec_nanos() & ((1 << 30) - 1)) << 54
        | rank << 22
        | (date & ((1 << 22) - 1))
}

/// Sorts `run` in [`Occurrence::chronological`] order, ties in the order
/// given, and returns each position's [`order_key`]. The keys are sorted,
/// not the occurrences, which then move in place cycle by cycle, so they
/// are never held twice.
fn sort_run(run: &mut [Occurrence<'_>], ranks: Option<&[u32]>) -> Vec<u128> {
    let mut keys: Vec<(u128, u32)> = run
        .iter()
        .zip(0u32..)
        .map(|(o, i)| (order_key(o, ranks), i))
        .collect();
    keys.sort_unstable();
    let mut uids = UidOrder::default();
    for ties in keys.chunk_by_mut(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        ties.sort_by(
            |a, b| match (run.get(a.1 as usize), run.get(b.1 as usize)) {
                (Some(x), Some(y)) => uids.cmp(x, y).then(a.1.cmp(&b.1)),
                _ => a.1.cmp(&b.1),
            },
        );
    }
    // Position k takes the occurrence at order[k].
    let mut order: Vec<usize> = keys.iter().map(|k| k.1 as usize).collect();
    let keys: Vec<u128> = keys.into_iter().map(|k| k.0).collect();
    for start in 0..order.len() {
        let mut at = start;
        while let Some(from) = order.get_mut(at).map(|f| std::mem::replace(f, usize::MAX)) {
            if from == usize::MAX || from == start {
                break;
            }
            run.swap(at, from);
            at = from;
        }
    }
    keys
}

/// Merges `run`, sorted, with its `keys`, into `all`, sorted, whose
/// first `all_keys.len()` are the occurrences before it: from the back, so
/// that `all` needs no room but the run's. Equal keys compare UIDs; an
/// occurrence of `all` goes before one of `run` they do not order.
fn merge_run<'p>(
    all: &mut Vec<Occurrence<'p>>,
    all_keys: &mut Vec<u128>,
    run: Vec<Occurrence<'p>>,
    keys: Vec<u128>,
) {
    let (mut i, mut j) = (all.len(), run.len());
    all.extend_from_slice(&run);
    all_keys.extend_from_slice(&keys);
    let mut uids = UidOrder::default();
    let mut k = all.len();
    while j > 0 {
        k -= 1;
        // Whether the last of `all`'s own goes after the last of the run's.
        let take_all = i > 0 && {
            let (a, b) = (all_keys.get(i - 1), keys.get(j - 1));
            match a.cmp(&b) {
                std::cmp::Ordering::Equal => match (all.get(i - 1), run.get(j - 1)) {
                    (Some(x), Some(y)) => uids.cmp(x, y).is_gt(),
                    _ => false,
                },
                other => other.is_gt(),
            }
        };
        let (o, key) = if take_all {
            i -= 1;
            (all.get(i).copied(), all_keys.get(i).copied())
        } else {
            j -= 1;
            (run.get(j).copied(), keys.get(j).copied())
        };
        if let (Some(o), Some(key), Some(slot), Some(slot_key)) = (
            o,
            key,
            all.get_mut(k).map(|s| s as *mut _),
            all_keys.get_mut(k),
        ) {
            *slot_key = key;
            // `k` >= `i`: never a place still to be read.
            if let Some(slot) = all.get_mut(k) {
                *slot = o;
            }
            let _ = slot;
        }
    }
}

/// Each group's rank by its UIDs' `plan.activity.` text, when comparing
/// those texts orders UIDs of different groups as comparing the UIDs
/// would: when no text begins another (ids are slugs, without dots, so
/// this holds for any loaded plan). `None` otherwise: then UIDs are compared.
fn prefix_ranks(pairs: &[(&Plan, &Activity)]) -> Option<Vec<u32>> {
    let prefixes: Vec<String> = pairs
        .iter()
        .map(|(plan, activity)| format!("{}.{}.", plan.id, activity.id))
        .collect();
    let mut order: Vec<usize> = (0..prefixes.len()).collect();
    order.sort_by(|&a, &b| prefixes.get(a).cmp(&prefixes.get(b)));
    let mut ranks = vec![0u32; prefixes.len()];
    let mut rank = 0u32;
    let mut previous: Option<&String> = None;
    for &i in &order {
        let this = prefixes.get(i)?;
        if let Some(p) = previous {
            // A text that begins the next one (itself included) would make
            // the rank differ from the UIDs' order.
            if this.starts_with(p.as_str()) {
                return None;
            }
            rank += 1;
        }
        *ranks.get_mut(i)? = rank;
        previous = Some(this);
    }
    Some(ranks)
}

/// What one activity gives.
struct Own<'p> {
    skipped: Vec<Occurrence<'p>>,
    rule: RuleWalk,
}

/// What a rule gave, alone; see [`Group::rule_starts`].
#[derive(Debug, Default)]
struct RuleWalk {
    starts: Vec<NaiveDateTime>,
    walk: usize,
    next: Option<NaiveDateTime>,
}

/// A job of building one activity's occurrences: its group, its plan and
/// itself, and the dates its rule gave.
type Job<'p> = (
    u32,
    (&'p Plan, &'p Activity),
    (Vec<NaiveDateTime>, RuleWalk),
);

/// Builds every job's occurrences on every core, each core a run of jobs,
/// with what each job returned, in the jobs' order. Each core sorts its run
/// with `sort` (which gives the sort keys of its positions); the runs are
/// then merged into one vector of `total` capacity. A run of jobs stops at
/// its first error: what follows it is never looked at, nor sorted.
fn on_every_core_into<'p>(
    jobs: Vec<Job<'p>>,
    total: usize,
    f: impl Fn(Job<'p>, &mut Vec<Occurrence<'p>>) -> Result<Own<'p>, Error> + Sync,
    sort: impl Fn(&mut [Occurrence<'p>]) -> Vec<u128> + Sync,
) -> (Vec<Occurrence<'p>>, Vec<Result<Own<'p>, Error>>) {
    // Runs of about equal numbers of occurrences.
    let weight = |j: &Job| j.2 .0.len().saturating_mul(1 + (j.1).1.reruns.len()).max(1);
    let share = jobs
        .iter()
        .map(weight)
        .sum::<usize>()
        .div_ceil(cores::count())
        .max(1);
    let mut runs: Vec<Vec<Job>> = vec![Vec::new()];
    let mut filled = 0usize;
    for job in jobs {
        filled += weight(&job);
        if let Some(run) = runs.last_mut() {
            run.push(job);
        }
        if filled >= share {
            runs.push(Vec::new());
            filled = 0;
        }
    }
    let (f, sort) = (&f, &sort);
    let run = move |jobs: Vec<Job<'p>>, out: &mut Vec<Occurrence<'p>>| {
        let mut results = Vec::with_capacity(jobs.len());
        for job in jobs {
            let result = f(job, out);
            let failed = result.is_err();
            results.push(result);
            if failed {
                return (results, Vec::new());
            }
        }
        let keys = sort(out);
        (results, keys)
    };
    let mut runs = runs.into_iter();
    let first = runs.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let workers: Vec<_> = runs
            .map(|jobs| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    let (results, keys) = run(jobs, &mut out);
                    (out, results, keys)
                })
            })
            .collect();
        // The first run here, into the vector that takes them all.
        let mut all = Vec::with_capacity(total);
        let (mut results, mut keys) = run(first, &mut all);
        for w in workers {
            match w.join() {
                Ok((out, more, more_keys)) => {
                    let failed = results.last().is_some_and(Result::is_err)
                        || more.last().is_some_and(Result::is_err);
                    if !failed {
                        merge_run(&mut all, &mut keys, out, more_keys);
                    }
                    results.extend(more);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (all, results)
    })
}

/// Builds the occurrences of `activity` from the wall-clock starts its
/// rule gave (`instances`), into `out`.
fn build<'p>(
    plan: &'p Plan,
    activity: &'p Activity,
    group: u32,
    instances: Vec<NaiveDateTime>,
    rule: RuleWalk,
    out: &mut Vec<Occurrence<'p>>,
) -> Result<Own<'p>, Error> {
    // Outlets are joined once per activity, not per occurrence; the loader
    // gave each its place in the plan's outlets.
    let outlet_of = |i: Option<usize>| i.and_then(|i| plan.outlets.get(i));
    let outlet = outlet_of(activity.outlet);
    let rerun_outlets: Vec<Option<&crate::plan::Outlet>> = activity
        .reruns
        .iter()
        .map(|r| match r.outlet {
            None => outlet,
            Some(_) => outlet_of(r.outlet),
        })
        .collect();

    // A window of several days is not tied to one day: holidays concern
    // slots and one-day items only.
    let one_day = !activity.all_day() || activity.duration == ONE_DAY;
    let holiday_on = |d: NaiveDate| plan.holidays.name(d).filter(|_| one_day);
    // A deadline is due on a workday: for it, a Saturday or Sunday is a day
    // off as a holiday is, and the holiday policy moves or skips it too.
    let deadline = activity.kind == ActivityKind::Deadline && one_day;
    let day_off =
        |d: NaiveDate| holiday_on(d).is_some() || (deadline && !plan.holidays.is_workday(d));

    // Several instances on one date: the first keeps the plain UID, the
    // others get an ordinal, so adding a second slot never renames the first.
    let mut per_day: HashMap<NaiveDate, u32> = HashMap::new();
    let mut skipped = Vec::new();
    for wall in instances {
        let rule_date = wall.date();
        let n = per_day.entry(rule_date).or_insert(0);
        *n += 1;
        let ordinal = *n;

        let off = day_off(rule_date);
        let (date, moved_from) = match (off, activity.on_holiday) {
            (false, _) | (true, OnHoliday::Warn | OnHoliday::Keep | OnHoliday::Skip) => {
                (rule_date, None)
            }
            (true, OnHoliday::NextWorkday) => {
                (workday(plan, activity, rule_date, true)?, Some(rule_date))
            }
            (true, OnHoliday::PreviousWorkday) => {
                (workday(plan, activity, rule_date, false)?, Some(rule_date))
            }
        };
        let (start, end) = span_at(
            plan,
            activity,
            &activity.origin,
            date,
            wall.time(),
            &activity.duration,
        )?;
        let premiere = Occurrence {
            plan,
            activity,
            group,
            rerun: None,
            outlet,
            start,
            end,
            holiday: holiday_on(date),
            moved_from,
            rule_date,
            ordinal,
            budget_share: None,
        };
        if off && activity.on_holiday == OnHoliday::Skip {
            skipped.push(premiere);
            continue;
        }

        for ((k, rerun), rerun_outlet) in activity.reruns.iter().enumerate().zip(&rerun_outlets) {
            let rerun_date = date
                .checked_add_days(Days::new(rerun.days_after.into()))
                .ok_or_else(|| {
                    rerun.origin.error(crate::say!(
                        "một lần phát lại rơi sau ngày cuối cùng castcal biểu diễn được",
                        "a rerun falls beyond the last date castcal can represent"
                    ))
                })?;
            let time = rerun.at.unwrap_or(wall.time());
            let duration = rerun.duration.as_ref().unwrap_or(&activity.duration);
            let (start, end) = span_at(plan, activity, &rerun.origin, rerun_date, time, duration)?;
            out.push(Occurrence {
                rerun: u32::try_from(k).ok(),
                outlet: *rerun_outlet,
                start,
                end,
                holiday: holiday_on(rerun_date),
                moved_from: None,
                ..premiere
            });
        }
        out.push(premiere);
    }
    skipped.sort_by(Occurrence::chronological);
    Ok(Own { skipped, rule })
}

/// The wall-clock starts the rule gives inside the period, sorted, without
/// duplicates: RRULE (or DTSTART alone), plus RDATE, minus EXDATE; and the
/// rule's own starts (see [`Group::rule_starts`]).
fn instances(
    plan: &Plan,
    activity: &Activity,
    wall_start: NaiveDateTime,
) -> Result<(Vec<NaiveDateTime>, RuleWalk), Error> {
    let period = plan.period;
    let too_many = || {
        activity.origin.error(format!(
            "activity `{}` produces more than {MAX_PER_ACTIVITY} occurrences in the period; castcal refuses rules that large",
            activity.id
        ))
    };
    let mut starts = Vec::new();
    let mut walk = RuleWalk::default();
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
            let bounded = rule.count().is_some() || rule.until.is_some();
            let mut any = false;
            for (i, t) in set.into_iter().enumerate() {
                let t = t.naive_utc();
                // The first instance past UNTIL ends the rule.
                if !rule.admits(t) {
                    walk.next = Some(t);
                    break;
                }
                any = true;
                walk.walk = i + 1;
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
                    if !bounded {
                        walk.next = Some(t);
                        break;
                    }
                    if i >= MAX_RULE_WALK {
                        break;
                    }
                    walk.starts.push(t);
                    continue;
                }
                if t.date() < period.from {
                    continue;
                }
                walk.starts.push(t);
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
    // Deadlines of the last period due after it ends: part of the plan.
    starts.extend(activity.beyond.iter().map(|b| b.wall()));
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
    Ok((starts, walk))
}

/// The next (or previous) workday after `date`.
fn workday(
    plan: &Plan,
    activity: &Activity,
    date: NaiveDate,
    forward: bool,
) -> Result<NaiveDate, Error> {
    if let Some(d) = plan.holidays.workday_from(date, forward) {
        return Ok(d);
    }
    Err(activity
        .origin
        .error({
            let id = &activity.id;
            let day = date.format("%d/%m/%Y");
            crate::say!(
                "không có ngày làm việc nào trong vòng một năm quanh {day} để dời hoạt động `{id}` sang",
                "no workday within a year of {date} to move activity `{id}` to"
            )
        })
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
    let out_of_range = || {
        origin.error(crate::say!(
            "một lần phát/đăng kết thúc sau ngày cuối cùng castcal biểu diễn được",
            "an occurrence ends beyond the last date castcal can represent"
        ))
    };
    let (start, end) = moments(plan, activity, date, time, duration).ok_or_else(out_of_range)?;
    for (starts, m) in [(true, &start), (false, &end)] {
        let years = match m {
            Moment::Day(d) => [d.year(); 2],
            Moment::At(t) => [t.year(), t.naive_utc().year()],
        };
        if let Some(year) = years.into_iter().find(|y| !WRITABLE_YEARS.contains(y)) {
            return Err(origin
                .error({
                    let id = &activity.id;
                    let (vi, en) = if starts {
                        ("bắt đầu", "starts")
                    } else {
                        ("kết thúc", "ends")
                    };
                    crate::say!(
                        "một lần phát/đăng của hoạt động `{id}` {vi} vào năm {year}; tệp lịch chỉ ghi được các năm 0001 đến 9999",
                        "an occurrence of activity `{id}` {en} in the year {year}; calendar files hold the years 0001 to 9999 only"
                    )
                })
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
    Some((Moment::in_zone(start), Moment::in_zone(end)))
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
    use proptest::prelude::*;

    /// Expansion sorts each core's run and merges the runs: what it gives is
    /// the chronological order of the same occurrences, ties included.
    #[test]
    fn runs_merge_into_the_chronological_order() {
        let mut text = String::from(
            "plan: { id: p, title: P, timezone: Europe/Berlin, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
             outlets: { A: { name: A, kind: tv } }\nactivities:\n",
        );
        for i in 0..24 {
            text.push_str(&format!(
                "  - {{ id: a{i}, title: A{i}, kind: broadcast, start: 2023-01-02T{:02}:00, rrule: \"FREQ=WEEKLY;BYDAY=MO,TU\", duration: PT30M, reruns: [{{ days_after: 1, at: \"06:00\" }}] }}\n",
                10 + i % 2
            ));
        }
        let plans = [crate::plan::load_one("p.yaml".as_ref(), text).unwrap()];
        let got = expand(&plans).unwrap().into_occurrences();
        let mut want = got.clone();
        want.reverse();
        want.sort_by(Occurrence::chronological);
        assert!(got.len() > 4_000, "{}", got.len());
        assert_eq!(got, want);
    }

    proptest! {
        /// Shares differ by at most one, never grow, and add up to the budget.
        #[test]
        fn split_adds_up(total in 0u64..=u64::MAX, parts in 1usize..500) {
            let shares: Vec<u64> = split(total, parts).collect();
            prop_assert_eq!(shares.len(), parts);
            prop_assert_eq!(shares.iter().map(|&s| u128::from(s)).sum::<u128>(), u128::from(total));
            prop_assert!(shares.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= 1));
        }
    }

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
        for (g, activity) in plan.activities.iter().enumerate().rev() {
            let g = u32::try_from(g).unwrap();
            let (starts, rule) = instances(&plan, activity, activity.start.wall()).unwrap();
            build(&plan, activity, g, starts, rule, &mut unsorted).unwrap();
        }
        // `a10` sorts before `a2` as text: ranks must follow the text.
        let pairs: Vec<(&Plan, &Activity)> = plan.activities.iter().map(|a| (&plan, a)).collect();
        assert!(prefix_ranks(&pairs).unwrap()[10] < prefix_ranks(&pairs).unwrap()[2]);
        let mut expected = unsorted.clone();
        expected.sort_by(Occurrence::chronological);
        assert!(expected.len() > 2_000, "{}", expected.len());
        assert!(unsorted != expected, "the input must need sorting");
        let pairs: Vec<(&Plan, &Activity)> = plan.activities.iter().map(|a| (&plan, a)).collect();
        assert_eq!(sorted(unsorted, &pairs), expected);
    }
}
