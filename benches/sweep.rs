//! How long `check` takes on a million timed occurrences.
//!
//! `cargo bench --bench sweep` (plain main, no harness). Four outlets, slots
//! of ten minutes back to back all year round, one in a thousand running
//! five minutes over into the next; prints the time taken and the number of
//! conflicts found, which must be one per thousand.

use std::hint::black_box;
use std::time::Instant;

use castcal::check::conflicts::{sweep, Interval, Pairs};
use castcal::occurrence::{Moment, Occurrence};
use castcal::plan::Plan;
use chrono::{TimeDelta, TimeZone};

const N: usize = 1_000_000;
const OUTLETS: [&str; 4] = ["KG", "KG1", "BKG", "RADIO"];

/// A plan with the outlets and one activity the occurrences refer to.
fn plan() -> Plan {
    let text = r#"
plan: { id: bench, title: Bench, timezone: Asia/Ho_Chi_Minh,
        period: { from: 2023-01-01, to: 2042-12-31 } }
outlets:
  KG: { name: KG, kind: tv }
  KG1: { name: KG1, kind: tv }
  BKG: { name: BKG, kind: newspaper }
  RADIO: { name: Radio, kind: radio }
activities:
  - { id: a, title: A, kind: broadcast, outlet: KG, start: 2023-01-01T00:00, duration: PT10M }
"#;
    match castcal::plan::load_one("bench.yaml".as_ref(), text.to_string()) {
        Ok(plan) => plan,
        Err(e) => panic!("{e}"),
    }
}

fn occurrences(plan: &Plan) -> Vec<Occurrence<'_>> {
    let tz = chrono_tz::Asia::Ho_Chi_Minh;
    let (Some(t0), Some(activity)) = (
        tz.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).single(),
        plan.activities.first(),
    ) else {
        return Vec::new();
    };
    let outlets: Vec<_> = OUTLETS.iter().filter_map(|id| plan.outlet(id)).collect();
    (0..N)
        .map(|i| {
            let slot = i64::try_from(i / OUTLETS.len()).unwrap_or(0);
            let start = t0 + TimeDelta::minutes(10 * slot);
            let over = if i % 1000 == 0 { 15 } else { 10 };
            let end = start + TimeDelta::minutes(over);
            Occurrence {
                plan,
                activity,
                group: 0,
                rerun: None,
                outlet: outlets.get(i % outlets.len()).copied(),
                start: Moment::in_zone(start),
                end: Moment::in_zone(end),
                holiday: None,
                moved_from: None,
                rule_date: start.date_naive(),
                ordinal: u32::try_from(i).unwrap_or(0) + 1,
                budget_share: None,
            }
        })
        .collect()
}

fn main() {
    let plan = plan();
    let all = occurrences(&plan);

    let t = Instant::now();
    let mut findings = Vec::new();
    castcal::check::conflicts::check(black_box(&all), &mut findings);
    let elapsed = t.elapsed();
    let errors = findings.len();
    println!(
        "check: {} occurrences on {} outlets in {:.3} s, {errors} conflicts",
        all.len(),
        OUTLETS.len(),
        elapsed.as_secs_f64()
    );

    let mut intervals: Vec<Interval> = (0..N)
        .rev()
        .map(|id| {
            let start = i64::try_from(id).unwrap_or(0) * 600;
            let extra = if id % 1000 == 0 { 300 } else { 0 };
            Interval {
                start,
                end: start + 600 + extra,
                id,
                theirs: false,
            }
        })
        .collect();
    let t = Instant::now();
    let found = sweep(black_box(&mut intervals), Pairs::All);
    println!(
        "sweep: {N} intervals on one outlet in {:.3} s, {} overlaps",
        t.elapsed().as_secs_f64(),
        found.pairs.len()
    );
}
