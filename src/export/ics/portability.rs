//! Which rules `--mode rrule` may write as `RRULE`: those in a shape that
//! ical.js (Thunderbird), libical (Evolution), recurring-ical-events and
//! python-dateutil were measured to expand exactly as castcal does.
//!
//! The measurement is data: `rrule-grid.tsv`, one row per series of a
//! generated grid (every `FREQ` × `INTERVAL` × `BYMONTH` × `BYMONTHDAY` ×
//! `BYDAY` × `BYSETPOS` × end RFC 5545 allows, in two zones), written by the
//! interop suite (`tests/interop/test_rrule_grid.py`), which also writes
//! the shapes it found portable to `rrule-portable.tsv` and generates
//! `docs/reference/rrule-portability.md` from the same rows. castcal carries
//! the short list; the tests here prove it is the grid's verdict, shape by
//! shape, and that each measured rule is classed as its row says. A rule is
//! portable when its [`Shape`] was measured and every series of that shape
//! read alike in all four; nothing measured, nothing written.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

use crate::plan::Rule;

/// The portable shapes, one a line as the grid's first eight columns.
const PORTABLE: &str = include_str!("rrule-portable.tsv");

/// The largest `INTERVAL` and ordinal the grid measured.
const MAX_INTERVAL: u32 = 3;
const MAX_ORDINAL: i32 = 5;

/// Whether `--mode rrule` may write `rule`, for a series starting on
/// `start`, as `RRULE`: its shape was measured, and read alike everywhere.
pub(super) fn portable(rule: &Rule, start: NaiveDate) -> bool {
    let end = if rule.count().is_some() {
        End::Count
    } else if rule.until.is_some() {
        End::Until
    } else {
        End::Period
    };
    Shape::of(&rule.without_until, end, start)
        .is_some_and(|shape| PORTABLE_SHAPES.contains(shape.columns().as_str()))
}

static PORTABLE_SHAPES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    PORTABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// How a rule ends, as the feed writes it: `UNTIL` the period's end (the
/// rule has neither), its `COUNT`, or its own `UNTIL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Period,
    Count,
    Until,
}

/// A rule's class in the grid: what each part is (`-` absent, `one`,
/// `several`, `plain`, `ordinal`, `ordinals`, a value), and, for a rule that
/// takes its day of the month from its start, that start (`early`: up to the
/// 28th, `late`: the 29th to 31st, `feb29`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    freq: &'static str,
    interval: u32,
    by_month: &'static str,
    by_month_day: &'static str,
    by_day: &'static str,
    by_set_pos: &'static str,
    end: End,
    start: &'static str,
}

impl Shape {
    /// The shape of a rule in castcal's canonical form (its parts but
    /// `UNTIL`), or none when a part is outside the grid: another `FREQ`,
    /// an `INTERVAL` above 3, an ordinal above ±5, plain and ordinal
    /// weekdays mixed, `BYSETPOS` other than 1 or -1, `BYYEARDAY`,
    /// `BYWEEKNO`, `BYHOUR`, `BYMINUTE`, `BYSECOND`, a `WKST` other than
    /// RFC 5545's default `MO`.
    fn of(rule: &str, end: End, start: NaiveDate) -> Option<Shape> {
        let mut shape = Shape {
            freq: "",
            interval: 1,
            by_month: "-",
            by_month_day: "-",
            by_day: "-",
            by_set_pos: "-",
            end,
            start: "-",
        };
        let many = |value: &str| {
            if value.contains(',') {
                "several"
            } else {
                "one"
            }
        };
        for part in rule.split(';') {
            let (name, value) = part.split_once('=')?;
            match name {
                "FREQ" => {
                    shape.freq = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
                        .into_iter()
                        .find(|f| *f == value)?;
                }
                "INTERVAL" => {
                    shape.interval = value.parse().ok().filter(|n| *n <= MAX_INTERVAL)?;
                }
                "BYMONTH" => shape.by_month = many(value),
                "BYMONTHDAY" => shape.by_month_day = many(value),
                "BYDAY" => shape.by_day = by_day(value)?,
                "BYSETPOS" => {
                    shape.by_set_pos = ["1", "-1"].into_iter().find(|p| *p == value)?;
                }
                "COUNT" => {}
                "WKST" if value == "MO" => {}
                _ => return None,
            }
        }
        if shape.freq.is_empty() {
            return None;
        }
        let day_from_start = matches!(shape.freq, "MONTHLY" | "YEARLY")
            && shape.by_month_day == "-"
            && shape.by_day == "-";
        if day_from_start {
            shape.start = match (start.month(), start.day()) {
                (2, 29) => "feb29",
                (_, d) if d > 28 => "late",
                _ => "early",
            };
        }
        Some(shape)
    }

    /// The shape as the grid's first eight columns, tab-separated.
    fn columns(&self) -> String {
        let end = match self.end {
            End::Period => "-",
            End::Count => "COUNT",
            End::Until => "UNTIL",
        };
        [
            self.freq,
            &self.interval.to_string(),
            self.by_month,
            self.by_month_day,
            self.by_day,
            self.by_set_pos,
            end,
            self.start,
        ]
        .join("\t")
    }
}

/// `BYDAY`'s class: `plain` weekdays, one weekday with an `ordinal`, or
/// several all with `ordinals` (±1 to ±5); none when plain and ordinal
/// weekdays are mixed or an ordinal is larger.
fn by_day(value: &str) -> Option<&'static str> {
    let mut plain = 0usize;
    let mut ordinals = 0usize;
    for day in value.split(',') {
        let prefix = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            .iter()
            .find_map(|w| day.strip_suffix(w))?;
        if prefix.is_empty() {
            plain += 1;
        } else {
            let n: i32 = prefix.parse().ok()?;
            if n == 0 || n.abs() > MAX_ORDINAL {
                return None;
            }
            ordinals += 1;
        }
    }
    match (plain, ordinals) {
        (p, 0) if p > 0 => Some("plain"),
        (0, 1) => Some("ordinal"),
        (0, o) if o > 1 => Some("ordinals"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The grid's measurement, row by row.
    const GRID: &str = include_str!("rrule-grid.tsv");

    /// One row of the grid: a measured series.
    struct Row {
        /// The first eight columns, tab-separated.
        shape: String,
        zone: &'static str,
        rule: &'static str,
        first: &'static str,
        /// How many instances castcal gives in the period.
        count: &'static str,
        /// Per engine: `=` when it gives castcal's instances.
        engines: Vec<&'static str>,
    }

    /// The data rows of the grid (16 columns: the shape's eight, the zone,
    /// the rule, its first date, castcal's count, one per engine).
    fn rows() -> Vec<Row> {
        let lines = GRID.lines().filter(|l| !l.starts_with('#'));
        let mut out = Vec::new();
        for (i, line) in lines.enumerate() {
            let columns: Vec<&'static str> = line.split('\t').collect();
            assert_eq!(columns.len(), 16, "{line}");
            if i == 0 {
                assert_eq!(columns[0], "freq");
                continue;
            }
            out.push(Row {
                shape: columns[..8].join("\t"),
                zone: columns[8],
                rule: columns[9],
                first: columns[10],
                count: columns[11],
                engines: columns[12..].to_vec(),
            });
        }
        out
    }

    fn rule(text: &str, start: NaiveDate, zone: &str) -> Rule {
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let wall = start.and_hms_opt(10, 0, 0).unwrap();
        Rule::parse(text, wall, false, tz).unwrap()
    }

    /// Every measured series: the rule, classed here, has the shape its
    /// row names, and `portable` says what the grid's rows of that shape
    /// say together (every series alike in all four engines).
    #[test]
    fn portable_follows_the_grid_row_by_row() {
        let rows: Vec<Row> = rows().into_iter().filter(|r| r.count != "0").collect();
        assert!(rows.len() > 5000, "{}", rows.len());
        let mut alike_by_shape: HashMap<&str, bool> = HashMap::new();
        for r in &rows {
            let alike = r.engines.iter().all(|e| *e == "=");
            let entry = alike_by_shape.entry(&r.shape).or_insert(true);
            *entry = *entry && alike;
        }
        let (mut written, mut listed) = (0, 0);
        for r in &rows {
            let start = NaiveDate::parse_from_str(r.first, "%Y-%m-%d").unwrap();
            let rule = rule(r.rule, start, r.zone);
            let end = if rule.count().is_some() {
                End::Count
            } else if rule.until.is_some() {
                End::Until
            } else {
                End::Period
            };
            let shape = Shape::of(&rule.without_until, end, start).unwrap();
            assert_eq!(shape.columns(), r.shape, "{}", r.rule);
            let want = alike_by_shape[r.shape.as_str()];
            assert_eq!(portable(&rule, start), want, "{} from {}", r.rule, r.first);
            if want {
                written += 1;
            } else {
                listed += 1;
            }
        }
        // The grid has both kinds, or this test shows nothing.
        assert!(written > 1000 && listed > 1000, "{written} {listed}");
        // The list castcal carries is the grid's verdict, shape by shape.
        let derived: HashSet<&str> = alike_by_shape
            .iter()
            .filter(|(_, alike)| **alike)
            .map(|(shape, _)| *shape)
            .collect();
        assert_eq!(*PORTABLE_SHAPES, derived);
        // Every shape of the grid is measured.
        let shapes: HashSet<&str> = alike_by_shape
            .keys()
            .map(|k| k.rsplit_once('\t').map_or("", |(s, _)| s))
            .collect();
        assert_eq!(shapes.len(), 2520);
    }

    /// What lies outside the grid is never written; a shape the grid
    /// measured is classed whatever its values.
    #[test]
    fn rules_outside_the_grid_are_not_portable() {
        let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
        let outside = [
            ("FREQ=HOURLY", day(1, 18)),
            ("FREQ=DAILY;BYHOUR=10,14", day(1, 18)),
            ("FREQ=DAILY;INTERVAL=4", day(1, 18)),
            ("FREQ=MONTHLY;BYDAY=MO,-1FR", day(1, 2)),
            ("FREQ=YEARLY;BYDAY=20MO", day(5, 15)),
            ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2", day(1, 9)),
            ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", day(1, 2)),
            ("FREQ=YEARLY;BYYEARDAY=1,100", day(1, 1)),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=SU", day(1, 18)),
        ];
        for (text, start) in outside {
            let r = rule(text, start, "Asia/Ho_Chi_Minh");
            assert!(!portable(&r, start), "{text}");
        }
        // WKST=MO is RFC 5545's default: the shape is the one without it.
        let with = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=MO", day(1, 18), "UTC");
        let without = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", day(1, 18), "UTC");
        assert_eq!(
            Shape::of(&with.without_until, End::Period, day(1, 18)),
            Shape::of(&without.without_until, End::Period, day(1, 18))
        );
        // The start's day matters only where the rule takes its day from it.
        let monthly = |text: &str, start| {
            Shape::of(text, End::Period, start)
                .map(|s| s.start)
                .unwrap_or("none")
        };
        assert_eq!(monthly("FREQ=MONTHLY", day(1, 31)), "late");
        assert_eq!(monthly("FREQ=MONTHLY", day(1, 28)), "early");
        assert_eq!(
            monthly("FREQ=YEARLY", NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
            "feb29"
        );
        assert_eq!(monthly("FREQ=MONTHLY;BYMONTHDAY=31", day(1, 31)), "-");
    }
}
