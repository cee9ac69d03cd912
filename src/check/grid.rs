//! Our slots that collide with a station's grid ([`crate::grid`]).

use super::conflicts::{seconds, sweep, Interval, Pairs};
use super::{what, Code, Finding, Severity};
use crate::format::{ClockSpan, Dmy};
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
        let day = if s.date_naive() == o.start.date() {
            String::new()
        } else {
            format!("{} ", Dmy(s.date_naive()))
        };
        let mut f = Finding::about(
            o,
            Code::GridConflict,
            Severity::Error,
            format!(
                "{} overlaps “{}” {day}{} on the {} grid ({file})",
                what(o),
                p.summary,
                ClockSpan::new(s, e),
                grid.outlet
            ),
        );
        if let Some(uid) = &p.uid {
            f.uids.push(uid.clone());
        }
        findings.push(f);
    }
    if found.truncated {
        findings.push(Finding {
            code: Code::TooManyConflicts,
            severity: Severity::Error,
            message: format!(
                "more than {} slots collide with the {} grid ({file}); only the first are listed",
                super::conflicts::MAX_PAIRS,
                grid.outlet
            ),
            plan: None,
            activity: None,
            date: None,
            start: None,
            end: None,
            outlet: Some(grid.outlet.clone()),
            uids: Vec::new(),
        });
    }
}
