//! How long `check` takes on a million timed occurrences.
//!
//! `cargo bench --bench sweep` (plain main, no harness). Four outlets, slots
//! of ten minutes back to back all year round, one in a thousand running
//! five minutes over into the next; prints the time taken and the number of
//! conflicts found, which must be one per thousand.

use std::hint::black_box;
use std::time::Instant;

use castcal::check::conflicts::{sweep, Interval, Pairs};
use castcal::occurrence::{Moment, Occurrence, Role};
use castcal::plan::{ActivityKind, Status};
use chrono::{TimeDelta, TimeZone};

const N: usize = 1_000_000;
const OUTLETS: [&str; 4] = ["KG", "KG1", "BKG", "RADIO"];

fn occurrences() -> Vec<Occurrence> {
    let tz = chrono_tz::Asia::Ho_Chi_Minh;
    let Some(t0) = tz.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).single() else {
        return Vec::new();
    };
    (0..N)
        .map(|i| {
            let slot = i64::try_from(i / OUTLETS.len()).unwrap_or(0);
            let start = t0 + TimeDelta::minutes(10 * slot);
            let over = if i % 1000 == 0 { 15 } else { 10 };
            let end = start + TimeDelta::minutes(over);
            Occurrence {
                uid: format!("bench.a.{i}@castcal"),
                plan: "bench".to_string(),
                activity: "a".to_string(),
                title: "A".to_string(),
                kind: ActivityKind::Broadcast,
                role: Role::Premiere,
                outlet: OUTLETS.get(i % OUTLETS.len()).map(|o| o.to_string()),
                start: Moment::At(start),
                end: Moment::At(end),
                all_day: false,
                status: Status::Confirmed,
                holiday: None,
                premiere_uid: None,
                moved_from: None,
                timezone: tz,
                rerun: None,
            }
        })
        .collect()
}

fn main() {
    let all = occurrences();

    let t = Instant::now();
    let report = castcal::check::check(&[], black_box(&all), &[]);
    let elapsed = t.elapsed();
    let errors = report.map(|r| r.summary.errors).unwrap_or(usize::MAX);
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
