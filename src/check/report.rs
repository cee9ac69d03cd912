//! A [`Report`] written for people (text) or programs (JSON).
//!
//! Text: a summary line, then errors, warnings and notes, one finding a line
//! (date, day, time, outlet, activity, code, reason), then the budget table
//! with amounts the Vietnamese way. JSON: the [`Report`] itself; its schema is
//! in the README ("Checking a plan") and stays stable.

use std::fmt::Write;

use super::{Finding, Report, Severity};
use crate::format::money;
use crate::occurrence::Moment;
use crate::words::Lang;

/// The report as text, each line ending in `\n`.
pub fn text(report: &Report) -> String {
    let s = &report.summary;
    let many_plans = s.plans > 1;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "castcal check: {} plan{}, {} occurrence{}: {} error{}, {} warning{}, {} note{}",
        s.plans,
        plural(s.plans),
        s.occurrences,
        plural(s.occurrences),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.notes,
        plural(s.notes)
    );
    let outlet_width = report
        .findings
        .iter()
        .filter_map(|f| f.outlet.as_ref().map(String::len))
        .max()
        .unwrap_or(1)
        .max(1);
    let activity_width = report
        .findings
        .iter()
        .map(|f| activity(f, many_plans).chars().count())
        .max()
        .unwrap_or(1);
    for (severity, heading) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Note, "Notes"),
    ] {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading} ({})", group.len());
        for f in group {
            let (date, day) = match f.date {
                Some(d) => (d.format("%d/%m/%Y").to_string(), d.format("%a").to_string()),
                None => ("-".to_string(), String::new()),
            };
            let _ = writeln!(
                out,
                "  {date:<10} {day:<3}  {:<11}  {:<outlet_width$}  {:<activity_width$}  [{}] {}",
                f.time()
                    .as_deref()
                    .unwrap_or(if matches!(f.start, Some(Moment::Day(_))) {
                        "all day"
                    } else {
                        ""
                    }),
                f.outlet.as_deref().unwrap_or("-"),
                activity(f, many_plans),
                f.code.as_str(),
                f.message
            );
        }
    }
    budget(report, many_plans, &mut out);
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The activity column: its id, with its plan's when several plans are checked.
fn activity(f: &Finding, many_plans: bool) -> String {
    match (&f.plan, &f.activity) {
        (Some(p), Some(a)) if many_plans => format!("{p}/{a}"),
        (_, Some(a)) => a.clone(),
        (Some(p), None) => p.clone(),
        (None, None) => "-".to_string(),
    }
}

fn budget(report: &Report, many_plans: bool, out: &mut String) {
    let b = &report.budget;
    let _ = writeln!(out, "\nBudget");
    let rows: Vec<(String, String, &str)> = b
        .lines
        .iter()
        .map(|l| {
            let name = if many_plans {
                format!("{}/{}", l.plan, l.activity)
            } else {
                l.activity.clone()
            };
            let amount = l
                .budget_vnd
                .map_or_else(|| "—".to_string(), |v| money(u128::from(v), Lang::Vi));
            (name, amount, l.title.as_str())
        })
        .collect();
    let total = money(b.total_vnd, Lang::Vi);
    let name_width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .max("ACTIVITY".len());
    let amount_width = rows
        .iter()
        .map(|r| r.1.chars().count())
        .chain([total.chars().count()])
        .max()
        .unwrap_or(0)
        .max("BUDGET".len());
    let _ = writeln!(
        out,
        "  {:<name_width$}  {:>amount_width$}  TITLE",
        "ACTIVITY", "BUDGET"
    );
    for (name, amount, title) in &rows {
        let _ = writeln!(
            out,
            "  {name:<name_width$}  {amount:>amount_width$}  {title}"
        );
    }
    let _ = writeln!(out, "  {:<name_width$}  {total:>amount_width$}", "TOTAL");
}

/// The report as JSON (pretty, ending in a newline).
///
/// # Errors
/// None in practice; serde's complaint if there were one.
pub fn json(report: &Report) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(report)?;
    s.push('\n');
    Ok(s)
}
