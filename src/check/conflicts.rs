//! Overlapping slots, found by sorting and sweeping, never by comparing every pair.
//!
//! Slots are half-open intervals `[start, end)` in seconds since the epoch:
//! a slot that ends at 18:00 and one that starts at 18:00 do not overlap.
//! [`sweep`] sorts the slots by start and walks them once, keeping the slots
//! still running in a heap ordered by end; each new slot overlaps exactly the
//! slots still running when it starts. That is O(n log n) plus one step per
//! overlap reported, and the number reported is capped at [`MAX_PAIRS`].

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::facts::{Facts, What};
use super::{origin, Finding, Location, Severity};
use crate::occurrence::Occurrence;

/// The most overlapping pairs one sweep reports; beyond that a plan has a
/// systematic problem that a longer list would not help with.
pub const MAX_PAIRS: usize = 10_000;

/// A time span `[start, end)` in seconds, with the caller's index and side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// Where it begins (any unit, e.g. seconds since the epoch).
    pub start: i64,
    /// Where it ends, exclusive: an interval that ends where another begins does not overlap it.
    pub end: i64,
    /// The caller's index for this interval.
    pub id: usize,
    /// `false` for our slots, `true` for a grid's programmes (see [`Pairs`]).
    pub theirs: bool,
}

/// Which overlapping pairs a sweep reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairs {
    /// Any two intervals (all on one side).
    All,
    /// Only pairs of one of ours and one of theirs; overlaps within a side are
    /// not reported.
    Across,
}

/// What a sweep found: overlapping pairs `(earlier id, later id)` in the
/// order the later one starts, and whether it stopped at [`MAX_PAIRS`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Overlaps {
    /// The overlapping pairs, as indexes into the intervals given, each pair once.
    pub pairs: Vec<(usize, usize)>,
    /// Whether more pairs overlap than were kept.
    pub truncated: bool,
}

/// The overlapping pairs among `intervals`, which it sorts.
///
/// # Example
/// ```
/// use castcal::check::conflicts::{sweep, Interval, Pairs};
/// let at = |start, end, id| Interval { start, end, id, theirs: false };
/// // 17:45–18:00, 18:00–18:15 (touching), 18:14–18:20 (one minute over)
/// let mut slots = vec![at(1065, 1080, 0), at(1080, 1095, 1), at(1094, 1100, 2)];
/// assert_eq!(sweep(&mut slots, Pairs::All).pairs, vec![(1, 2)]);
/// ```
pub fn sweep(intervals: &mut [Interval], pairs: Pairs) -> Overlaps {
    intervals.sort_unstable_by_key(|i| (i.start, i.end, i.theirs, i.id));
    // The intervals still running, per side, smallest end on top.
    let mut running: [BinaryHeap<Reverse<(i64, usize)>>; 2] =
        [BinaryHeap::new(), BinaryHeap::new()];
    let mut out = Overlaps::default();
    for i in intervals.iter() {
        for heap in running.iter_mut() {
            while heap.peek().is_some_and(|Reverse((end, _))| *end <= i.start) {
                heap.pop();
            }
        }
        let [ours, theirs] = &mut running;
        let (own, opposite) = if i.theirs {
            (theirs, ours)
        } else {
            (ours, theirs)
        };
        // A slot of no length overlaps nothing; every slot still running
        // after the pops above ends after this one starts.
        if i.end > i.start {
            let against: &BinaryHeap<_> = match pairs {
                Pairs::All => own,
                Pairs::Across => opposite,
            };
            let mut earlier: Vec<usize> = against.iter().map(|Reverse((_, id))| *id).collect();
            earlier.sort_unstable();
            for e in earlier {
                if out.pairs.len() == MAX_PAIRS {
                    out.truncated = true;
                    return out;
                }
                out.pairs.push((e, i.id));
            }
        }
        own.push(Reverse((i.end, i.id)));
    }
    out
}

/// Seconds since the epoch of an occurrence's start and end.
pub(crate) fn seconds(o: &Occurrence) -> (i64, i64) {
    o.seconds()
}

/// Adds a `slot-conflict` error for every two timed occurrences that overlap
/// on one outlet. All-day windows and occurrences without an outlet take no part.
pub fn check(occurrences: &[Occurrence], findings: &mut Vec<Finding>) {
    let mut by_outlet: BTreeMap<&str, Vec<Interval>> = BTreeMap::new();
    for (id, o) in occurrences.iter().enumerate() {
        if o.all_day() {
            continue;
        }
        if let Some(outlet) = o.outlet_id() {
            let (start, end) = seconds(o);
            by_outlet.entry(outlet).or_default().push(Interval {
                start,
                end,
                id,
                theirs: false,
            });
        }
    }
    for (outlet, mut slots) in by_outlet {
        let found = sweep(&mut slots, Pairs::All);
        for (a, b) in found.pairs {
            let (Some(a), Some(b)) = (occurrences.get(a), occurrences.get(b)) else {
                continue;
            };
            findings.push(conflict(a, b));
        }
        if found.truncated {
            findings.push(too_many(outlet));
        }
    }
}

/// The finding for `b` overlapping `a`, which starts no later: at the
/// value that dates `b`, with the one that dates `a` beside it.
fn conflict(a: &Occurrence, b: &Occurrence) -> Finding {
    let facts = Facts::SlotConflict {
        what: What::of(b),
        other: What::of(a),
        title: a.title().to_string(),
        start: a.start,
        end: a.end,
        same_day: a.start.date() == b.start.date(),
        outlet: b.outlet_id().unwrap_or("-").to_string(),
    };
    let mut f = Finding::about(b, Severity::Error, facts);
    f.uids = vec![a.uid().to_string(), b.uid().to_string()];
    f.related.extend(Location::of(origin(a)));
    f
}

/// The `too-many-conflicts` error of `outlet`, where a sweep stopped at
/// [`MAX_PAIRS`].
pub(super) fn too_many(outlet: &str) -> Finding {
    let facts = Facts::TooManyConflicts {
        most: MAX_PAIRS,
        outlet: outlet.to_string(),
    };
    let mut f = Finding::bare(Severity::Error, facts);
    f.outlet = Some(outlet.to_string());
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(start: i64, end: i64, id: usize) -> Interval {
        Interval {
            start,
            end,
            id,
            theirs: false,
        }
    }

    /// Every overlapping pair, the slow way, for comparison.
    fn naive(intervals: &[Interval]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for a in intervals {
            for b in intervals {
                if a.id < b.id
                    && a.start < b.end
                    && b.start < a.end
                    && a.end > a.start
                    && b.end > b.start
                {
                    out.push((a.id, b.id));
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn normalized(o: Overlaps) -> Vec<(usize, usize)> {
        let mut v: Vec<_> = o
            .pairs
            .into_iter()
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        v.sort_unstable();
        v
    }

    proptest::proptest! {
        #[test]
        fn sweep_finds_exactly_the_pairs_that_overlap(
            raw in proptest::collection::vec((0i64..500, 0i64..60), 0..60)
        ) {
            let intervals: Vec<Interval> = raw
                .iter()
                .enumerate()
                .map(|(id, (s, d))| iv(*s, s + d, id))
                .collect();
            let want = naive(&intervals);
            let mut sorted = intervals.clone();
            proptest::prop_assert_eq!(normalized(sweep(&mut sorted, Pairs::All)), want);
        }
    }

    #[test]
    fn across_reports_only_ours_against_theirs() {
        let mut v = vec![
            iv(0, 10, 0),
            iv(5, 15, 1),
            Interval {
                theirs: true,
                ..iv(8, 20, 2)
            },
            Interval {
                theirs: true,
                ..iv(9, 12, 3)
            },
        ];
        assert_eq!(
            normalized(sweep(&mut v, Pairs::Across)),
            vec![(0, 2), (0, 3), (1, 2), (1, 3)]
        );
    }

    #[test]
    fn stops_at_the_cap() {
        let mut v: Vec<Interval> = (0..200).map(|id| iv(0, 10, id)).collect();
        let found = sweep(&mut v, Pairs::All);
        assert!(found.truncated);
        assert_eq!(found.pairs.len(), MAX_PAIRS);
    }

    /// Run with `cargo test --release -- --ignored million`: a million slots
    /// on one outlet, a few of which overlap. `benches/sweep.rs` times it.
    #[test]
    #[ignore]
    fn a_million_slots() {
        let mut v: Vec<Interval> = (0..1_000_000usize)
            .map(|id| {
                let start = i64::try_from(id).unwrap_or(0) * 600;
                let extra = if id % 1000 == 0 { 300 } else { 0 };
                iv(start, start + 600 + extra, id)
            })
            .rev()
            .collect();
        let found = sweep(&mut v, Pairs::All);
        assert_eq!(found.pairs.len(), 1000);
    }
}
