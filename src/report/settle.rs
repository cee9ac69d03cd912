//! The budget settled item by item, as the Department of Finance settles it.
//!
//! Each activity's budget is divided over its planned issues — its
//! premieres: a rerun repeats an issue and costs nothing apart — in whole
//! đồng, by [`crate::expand()`] ([`Occurrence::budget_share`]): every issue
//! gets the budget divided by their number, and what the division leaves
//! over goes one đồng each to the earliest, so the shares add up to the
//! budget exactly. An issue's share is *earned* when the issue was carried
//! out (aired, late, moved or confirmed done), on the day it was: the
//! shares earned within a period are that period's, and what is not earned
//! by its end remains.

use chrono::NaiveDate;

use crate::occurrence::Occurrence;
use crate::reconcile::Reconciliation;

/// One activity's settlement for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The activity's index among the plans' activities (its group).
    pub group: usize,
    /// Its budget in đồng; none for work funded otherwise.
    pub budget: Option<u64>,
    /// How many issues (premieres) it has.
    pub issues: usize,
    /// Each issue's share before the remainder (`budget / issues`).
    pub each: u64,
    /// What the division leaves over (`budget % issues`): one đồng more on
    /// that many of the first issues.
    pub remainder: u64,
    /// Issues carried out within the period.
    pub issues_in_period: usize,
    /// Their shares.
    pub earned_in_period: u64,
    /// The shares of the issues carried out by the end of the period.
    pub earned_to_date: u64,
    /// The budget less what was earned by the end of the period.
    pub remaining: u64,
}

/// Every activity's settlement, in the order the plans give them, and the totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// One line per activity.
    pub lines: Vec<Line>,
    /// The sum of the budgets.
    pub budget: u128,
    /// Earned in the period, in all.
    pub earned_in_period: u128,
    /// Earned by the end of the period, in all.
    pub earned_to_date: u128,
    /// Remaining, in all.
    pub remaining: u128,
}

/// The settlement of the period `from`–`to` (both counted) by what `r`
/// says was carried out, and when.
pub fn settle(r: &Reconciliation, from: NaiveDate, to: NaiveDate) -> Settlement {
    let expansion = r.expansion();
    let occurrences = expansion.occurrences();
    let lines: Vec<Line> = expansion
        .groups()
        .iter()
        .enumerate()
        .map(|(group, g)| {
            let budget = g.activity.budget_vnd;
            let premieres: Vec<(usize, &Occurrence)> = g
                .members
                .iter()
                .filter_map(|&i| Some((i as usize, occurrences.get(i as usize)?)))
                .filter(|(_, o)| o.rerun.is_none())
                .collect();
            let issues = premieres.len();
            let n = u64::try_from(issues.max(1)).unwrap_or(u64::MAX);
            let (each, remainder) = budget.map_or((0, 0), |b| (b / n, b % n));
            let mut line = Line {
                group,
                budget,
                issues,
                each,
                remainder,
                issues_in_period: 0,
                earned_in_period: 0,
                earned_to_date: 0,
                remaining: 0,
            };
            for (i, o) in premieres {
                let share = o.budget_share.unwrap_or(0);
                let Some(day) = r.carried_out_on(i) else {
                    continue;
                };
                if day <= to {
                    line.earned_to_date += share;
                    if day >= from {
                        line.issues_in_period += 1;
                        line.earned_in_period += share;
                    }
                }
            }
            line.remaining = budget.unwrap_or(0).saturating_sub(line.earned_to_date);
            line
        })
        .collect();
    let sum = |f: fn(&Line) -> u64| lines.iter().map(|l| u128::from(f(l))).sum::<u128>();
    Settlement {
        budget: sum(|l| l.budget.unwrap_or(0)),
        earned_in_period: sum(|l| l.earned_in_period),
        earned_to_date: sum(|l| l.earned_to_date),
        remaining: sum(|l| l.remaining),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::{reconcile, Confirmation, Evidence, Options};
    use proptest::prelude::*;

    fn plan(budget: u64, issues: u32, reruns: u32) -> crate::plan::Plan {
        let reruns: Vec<String> = (1..=reruns)
            .map(|k| format!("{{ days_after: {k}, at: \"06:00\" }}"))
            .collect();
        let text = format!(
            "plan: {{ id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\n\
outlets: {{ KG: {{ name: KG, kind: tv }} }}\n\
activities:\n  - {{ id: a, title: A, kind: broadcast, outlet: KG, budget_vnd: {budget}, start: 2023-01-01T17:45,\n      \
rrule: \"FREQ=DAILY;COUNT={issues}\", duration: PT10M, reruns: [{}] }}\n",
            reruns.join(", ")
        );
        match crate::plan::load_one("p.yaml".as_ref(), text) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The shares add up to the budget, differ by one đồng at most (the
        /// larger first), and what is earned and what remains add up to it
        /// too, period by period.
        #[test]
        fn shares_always_add_up_to_the_budget(
            budget in prop_oneof![0u64..1000, 0u64..10_000_000_000_000],
            issues in 1u32..300,
            reruns in 0u32..3,
            done in proptest::collection::vec(any::<bool>(), 300),
        ) {
            let plans = [plan(budget, issues, reruns)];
            let expansion = match crate::expand(&plans) {
                Ok(e) => e,
                Err(e) => panic!("{e}"),
            };
            let occurrences = expansion.occurrences();
            let shares: Vec<u64> = occurrences
                .iter()
                .filter(|o| o.rerun.is_none())
                .filter_map(|o| o.budget_share)
                .collect();
            prop_assert_eq!(shares.len(), issues as usize);
            prop_assert_eq!(shares.iter().sum::<u64>(), budget);
            prop_assert!(shares.windows(2).all(|w| matches!(w, [a, b] if *a == *b || *a == *b + 1)));

            // Some premieres confirmed done, on their day.
            let mut evidence = Evidence::default();
            let mut k = 0;
            for (i, o) in occurrences.iter().enumerate() {
                if o.rerun.is_some() {
                    continue;
                }
                if done.get(k).copied().unwrap_or(false) {
                    evidence.confirmations.push(Confirmation {
                        occurrence: u32::try_from(i).unwrap_or(0),
                        uid: o.uid().to_string(),
                        date: Some(o.start.date()),
                        reference: None,
                        file: 0,
                        line: 1,
                    });
                }
                k += 1;
            }
            let through = chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap_or_default();
            let r = reconcile(&expansion, &evidence, &Options { through, tolerance_minutes: 2 });
            let day = |m, d| chrono::NaiveDate::from_ymd_opt(2023, m, d).unwrap_or_default();
            let year = settle(&r, day(1, 1), day(12, 31));
            let Some(line) = year.lines.first() else { panic!("no line") };
            prop_assert_eq!(line.each * u64::from(issues) + line.remainder, budget);
            prop_assert_eq!(line.earned_to_date + line.remaining, budget);
            prop_assert_eq!(year.earned_to_date + year.remaining, u128::from(budget));
            let confirmed: u64 = occurrences
                .iter()
                .enumerate()
                .filter(|(i, o)| o.rerun.is_none() && r.status(*i) == crate::reconcile::Status::Done)
                .filter_map(|(_, o)| o.budget_share)
                .sum();
            prop_assert_eq!(line.earned_to_date, confirmed);
            let quarters = [
                (day(1, 1), day(3, 31)),
                (day(4, 1), day(6, 30)),
                (day(7, 1), day(9, 30)),
                (day(10, 1), day(12, 31)),
            ];
            let by_quarter: u64 = quarters
                .iter()
                .map(|&(from, to)| settle(&r, from, to).lines.first().map_or(0, |l| l.earned_in_period))
                .sum();
            prop_assert_eq!(by_quarter, line.earned_in_period);
        }
    }
}
