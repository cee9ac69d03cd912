//! The money: one line per activity and the total, in đồng.

use serde::Serialize;

use crate::plan::Plan;

/// The budget table of one or more plans, in plan and activity order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Budget {
    /// One line per activity, in plan and activity order.
    pub lines: Vec<BudgetLine>,
    /// The sum of every line that has an amount.
    pub total_vnd: u128,
}

/// One activity's line; `budget_vnd` is `None` when the plan gives no amount
/// (for example work funded privately, "xã hội hóa").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    /// The plan's id.
    pub plan: String,
    /// The activity's id.
    pub activity: String,
    /// The activity's title.
    pub title: String,
    /// The amount in đồng; none when the plan gives none.
    pub budget_vnd: Option<u64>,
}

/// The budget table of `plans`.
pub fn of(plans: &[Plan]) -> Budget {
    let lines: Vec<BudgetLine> = plans
        .iter()
        .flat_map(|p| {
            p.activities.iter().map(|a| BudgetLine {
                plan: p.id.clone(),
                activity: a.id.clone(),
                title: a.title.clone(),
                budget_vnd: a.budget_vnd,
            })
        })
        .collect();
    let total_vnd = lines
        .iter()
        .filter_map(|l| l.budget_vnd)
        .map(u128::from)
        .sum();
    Budget { lines, total_vnd }
}

#[cfg(test)]
mod tests {
    use crate::format::money;
    use crate::words::Lang;

    #[test]
    fn thousands_are_grouped_with_dots() {
        let cases = [
            (0, "0 đồng"),
            (999, "999 đồng"),
            (1_000, "1.000 đồng"),
            (30_000_000, "30.000.000 đồng"),
            (428_596_816, "428.596.816 đồng"),
            (u128::from(u64::MAX), "18.446.744.073.709.551.615 đồng"),
        ];
        for (amount, want) in cases {
            assert_eq!(money(amount, Lang::Vi), want);
        }
    }
}
