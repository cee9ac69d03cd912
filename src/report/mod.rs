//! The implementation report of a period: what the plan's section III asks
//! the lead department to send the provincial People's Committee each
//! quarter, half and year, with the budget settled item by item.
//!
//! [`render`] reconciles the plan with the evidence ([`crate::reconcile`])
//! as of the period's last day (or the report's date, when that is earlier),
//! gathers what the period holds, and writes it:
//!
//! - as a Word document ([`Format::Docx`], written by the `docx-rs` crate),
//!   laid out as a Vietnamese administrative report: the issuer and the
//!   national heading side by side, the number and the place and date, the
//!   title `BÁO CÁO` and its subject, the period and how its dates were
//!   counted ([`Period`]), then I. the results (a summary table of each
//!   activity: planned, carried out, late, moved, missed, the share done;
//!   and a table of each activity's occurrences with what happened and the
//!   evidence), II. what remains, III. the budget ([`settle`]), and the
//!   closing;
//! - as its annex ([`Format::Xlsx`]): one row per occurrence of the period
//!   and its evidence, the airings outside the plan, and the budget.
//!
//! The same plans, evidence and date give the same bytes.

mod annex;
mod docx;
mod period;
mod settle;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::error::Error;
use crate::expand::Expansion;
use crate::plan::{ActivityKind, Plan};
use crate::reconcile::{self, Evidence, Reconciliation, Status};
use crate::words::Lang;

pub use period::{Period, Span};
pub use settle::{settle, Line, Settlement};

/// The file a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The report, a Word document.
    Docx,
    /// Its annex, an Excel workbook.
    Xlsx,
}

impl Format {
    /// The format a file's name asks for: `.docx` or `.xlsx`, in any case.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The period reported on.
    pub period: Period,
    /// The report or its annex.
    pub format: Format,
    /// The language of everything in it.
    pub lang: Lang,
    /// The report's date (the run's): printed on it, and the last day
    /// counted when it is before the period's end.
    pub date: NaiveDate,
    /// How far from its slot an airing may be and still be on time, in minutes.
    pub tolerance_minutes: u32,
}

/// The report of `options.period` for the plans, as bytes: a `.docx` or
/// an `.xlsx` file.
///
/// # Errors
/// [`Error::Usage`] for a period that is not a date; [`Error::Output`]
/// when the document cannot be put together (it is written to memory).
///
/// # Example
/// ```
/// use castcal::report::{render, Format, Options, Period};
/// let plans = castcal::plan::load(&["schedules".into()])?;
/// let expansion = castcal::expand(&plans)?;
/// let evidence = castcal::reconcile::Evidence::default();
/// let options = Options {
///     period: "2023-Q2".parse()?,
///     format: Format::Docx,
///     lang: castcal::words::Lang::Vi,
///     date: chrono::NaiveDate::from_ymd_opt(2023, 6, 20).ok_or("date")?,
///     tolerance_minutes: 2,
/// };
/// let docx = render(&plans, &expansion, &evidence, &options)?;
/// assert!(docx.starts_with(b"PK"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(
    plans: &[Plan],
    expansion: &Expansion,
    evidence: &Evidence,
    options: &Options,
) -> Result<Vec<u8>, Error> {
    // A period parsed from the command line always has its dates.
    let (from, to) = options
        .period
        .dates()
        .ok_or_else(|| Error::Usage(options.period.key()))?;
    let through = to.min(options.date);
    let r = reconcile::reconcile(
        expansion,
        evidence,
        &reconcile::Options {
            through,
            tolerance_minutes: options.tolerance_minutes,
        },
    );
    let facts = Facts::new(plans, &r, options, (from, to), through);
    let bytes = match options.format {
        Format::Docx => docx::render(&facts),
        Format::Xlsx => annex::render(&facts),
    };
    bytes.map_err(|e| Error::Output {
        path: "<report>".into(),
        source: e,
    })
}

/// One activity as the period saw it.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    /// Its group (index among the plans' activities).
    pub group: usize,
    /// Its occurrences planned in the period, in order.
    pub occurrences: Vec<usize>,
    /// How many of them have each status, in [`Status::ALL`]'s order.
    pub counts: [usize; 7],
    /// Its occurrences planned after the period, and the last one's day.
    pub after: usize,
    pub last: Option<NaiveDate>,
}

impl Activity {
    pub(crate) fn count(&self, status: Status) -> usize {
        Status::ALL
            .iter()
            .position(|s| *s == status)
            .and_then(|i| self.counts.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Aired, late, moved or done.
    pub(crate) fn carried_out(&self) -> usize {
        [Status::Aired, Status::Late, Status::Moved, Status::Done]
            .into_iter()
            .map(|s| self.count(s))
            .sum()
    }
}

/// What a report says, gathered once for either format.
pub(crate) struct Facts<'r, 'a, 'p> {
    pub plans: &'p [Plan],
    pub r: &'r Reconciliation<'a, 'p>,
    pub options: Options,
    /// The period's first and last days.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The last day counted.
    pub through: NaiveDate,
    /// Every activity, in the plans' order.
    pub activities: Vec<Activity>,
    pub settlement: Settlement,
    /// Who reports: the lead most of the activities name.
    pub issuer: Option<String>,
    /// Whom the report is for: the partners of the plans' deadlines.
    pub recipients: Vec<String>,
}

impl<'r, 'a, 'p> Facts<'r, 'a, 'p> {
    fn new(
        plans: &'p [Plan],
        r: &'r Reconciliation<'a, 'p>,
        options: &Options,
        (from, to): (NaiveDate, NaiveDate),
        through: NaiveDate,
    ) -> Self {
        let expansion = r.expansion();
        let occurrences = expansion.occurrences();
        let activities = expansion
            .groups()
            .iter()
            .enumerate()
            .map(|(group, g)| {
                let mut a = Activity {
                    group,
                    occurrences: Vec::new(),
                    counts: [0; 7],
                    after: 0,
                    last: None,
                };
                for &i in &g.members {
                    let Some(o) = occurrences.get(i as usize) else {
                        continue;
                    };
                    let day = o.start.date();
                    if from <= day && day <= to {
                        a.occurrences.push(i as usize);
                        let status = r.status(i as usize);
                        if let Some(c) = Status::ALL
                            .iter()
                            .position(|s| *s == status)
                            .and_then(|k| a.counts.get_mut(k))
                        {
                            *c += 1;
                        }
                    } else if day > to {
                        a.after += 1;
                        a.last = a.last.max(Some(day));
                    }
                }
                a
            })
            .collect();
        let mut leads: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let all = plans.iter().flat_map(|p| p.activities.iter());
        for (k, lead) in all.clone().filter_map(|a| a.lead.as_deref()).enumerate() {
            let entry = leads.entry(lead).or_insert((0, k));
            entry.0 += 1;
        }
        let issuer = leads
            .iter()
            .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
            .map(|(lead, _)| (*lead).to_string());
        let mut recipients: Vec<String> = Vec::new();
        for p in all
            .filter(|a| a.kind == ActivityKind::Deadline)
            .flat_map(|a| &a.partners)
        {
            if !recipients.contains(p) {
                recipients.push(p.clone());
            }
        }
        Facts {
            plans,
            r,
            options: *options,
            from,
            to,
            through,
            activities,
            settlement: settle(r, from, to),
            issuer,
            recipients,
        }
    }

    /// The activity of a group.
    pub(crate) fn activity(&self, group: usize) -> Option<&'p crate::plan::Activity> {
        self.r.expansion().groups().get(group).map(|g| g.activity)
    }

    /// The airings outside the plan within the period.
    pub(crate) fn unplanned(&self) -> Vec<reconcile::Unplanned<'a>> {
        self.r
            .unplanned()
            .filter(|u| {
                let day = u.start.date();
                self.from <= day && day <= self.to
            })
            .collect()
    }

    /// The names of the outlets of an activity's occurrences in the period.
    pub(crate) fn outlets(&self, a: &Activity) -> String {
        let occurrences = self.r.occurrences();
        let mut names: Vec<&str> = Vec::new();
        for o in a.occurrences.iter().filter_map(|&i| occurrences.get(i)) {
            if let Some(outlet) = o.outlet {
                if !names.contains(&outlet.name.as_str()) {
                    names.push(&outlet.name);
                }
            }
        }
        names.join("; ")
    }
}

/// `83,3%` in Vietnamese, `83.3%` in English; `—` of nothing.
pub(crate) fn percent(done: usize, of: usize, lang: Lang) -> String {
    if of == 0 {
        return "—".to_string();
    }
    let tenths = (done as u128 * 1000 + of as u128 / 2) / of as u128;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    match lang {
        Lang::Vi => format!("{whole},{tenth}%"),
        Lang::En => format!("{whole}.{tenth}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_tenths() {
        assert_eq!(percent(5, 6, Lang::Vi), "83,3%");
        assert_eq!(percent(2, 3, Lang::En), "66.7%");
        assert_eq!(percent(0, 4, Lang::Vi), "0,0%");
        assert_eq!(percent(4, 4, Lang::Vi), "100,0%");
        assert_eq!(percent(1, 0, Lang::Vi), "—");
    }

    #[test]
    fn formats_are_told_by_the_file_name() {
        assert_eq!(Format::of_path(Path::new("bc-q1.docx")), Some(Format::Docx));
        assert_eq!(Format::of_path(Path::new("PL.XLSX")), Some(Format::Xlsx));
        assert_eq!(Format::of_path(Path::new("bc.doc")), None);
        assert_eq!(Format::of_path(Path::new("bc")), None);
    }
}
