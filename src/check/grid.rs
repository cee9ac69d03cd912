//! Our slots that collide with a station's grid ([`crate::grid`]).

use super::conflicts::{seconds, sweep, too_many, Interval, Pairs};
use super::facts::{Facts, What};
use super::{Finding, Location, Severity};
use crate::grid::Grid;
use crate::occurrence::Occurrence;

/// Adds a `grid-conflict` error for each of our timed occurrences on the
/// grid's outlet that overlaps one of its programmes, naming both.
pub fn check(grid: &Grid, occurrences: &[Occurrence], findings: &mut Vec<Finding>) {
    let n = occurrences.len();
    let mut intervals: Vec<Interval> = occurrences
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.all_day() && o.outlet_id() == Some(grid.outlet.as_str()))
        .map(|(id, o)| {
            let (start, end) = seconds(o);
            Interval {
                start,
                end,
                id,
                theirs: false,
            }
        })
        .collect();
    intervals.extend(grid.programmes.iter().enumerate().map(|(k, p)| Interval {
        start: p.start.timestamp(),
        end: p.end.timestamp(),
        id: n + k,
        theirs: true,
    }));
    let found = sweep(&mut intervals, Pairs::Across);
    let file = grid
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (a, b) in found.pairs {
        let (ours, theirs) = if a < n { (a, b - n) } else { (b, a - n) };
        let (Some(o), Some(p)) = (occurrences.get(ours), grid.programmes.get(theirs)) else {
            continue;
        };
        let tz = o.timezone();
        let (s, e) = (p.start.with_timezone(&tz), p.end.with_timezone(&tz));
        let facts = Facts::GridConflict {
            what: What::of(o),
            programme: p.summary.clone(),
            start: s.fixed_offset(),
            end: e.fixed_offset(),
            same_day: s.date_naive() == o.start.date(),
            outlet: grid.outlet.clone(),
            file: file.clone(),
        };
        let mut f = Finding::about(o, Severity::Error, facts);
        if let Some(line) = p.line {
            f.related.push(Location {
                file: grid.path.display().to_string(),
                line,
                column: 1,
            });
        }
        if let Some(uid) = &p.uid {
            f.uids.push(uid.clone());
        }
        findings.push(f);
    }
    if found.truncated {
        findings.push(too_many(&grid.outlet));
    }
}
