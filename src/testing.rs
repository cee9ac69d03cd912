//! Plans the unit tests share.

use crate::plan::Plan;

/// Thirty activities of a daily 20-minute slot on one outlet `A` named
/// `outlet` (a YAML scalar), all of 2023 in `timezone`: 10,950
/// occurrences, more than two batches of any writer. `title` gives the
/// `i`-th activity's title, as a YAML scalar.
pub(crate) fn daily_plan(timezone: &str, outlet: &str, title: impl Fn(usize) -> String) -> Plan {
    let mut text = format!(
        "plan: {{ id: p, title: P, timezone: {timezone}, period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\n\
         outlets: {{ A: {{ name: {outlet}, kind: tv }} }}\nactivities:\n"
    );
    for i in 0..30 {
        text.push_str(&format!(
            "  - {{ id: a{i}, title: {}, kind: broadcast, outlet: A, start: 2023-01-01T{:02}:30, rrule: FREQ=DAILY, duration: PT20M }}\n",
            title(i),
            i % 24
        ));
    }
    match crate::plan::load_one("p.yaml".as_ref(), text) {
        Ok(plan) => plan,
        Err(e) => panic!("{e}"),
    }
}
