//! A plan's own document (Kế hoạch) read into a schedule file.
//!
//! [`import`] reads the document ([`document`]: text, a Word file or a PDF) into
//! paragraphs and table rows, finds its tables by what their headers say
//! (`table`, `columns`), reads each item's cells (`row`) and the
//! activities and deadlines written as paragraphs (`prose`) with the
//! grammar of [`crate::phrase`], places their dates in the plan's year, and
//! writes the schedule file (`write`): above every activity a comment
//! quoting its cells, saying what was read, what was assumed and what was
//! not understood. An activity with anything assumed or not understood is
//! tentative, and each such thing is a [`Warning`] at its place. The file
//! is in Vietnamese (its keys, words and comments) or in English
//! ([`Options::lang`]); an activity's time is the document's own phrase
//! (`lịch:`, `when:`) where the loader reads that phrase to the very
//! occurrences placed, else `start` and `rrule`, the comment saying why.
//!
//! ```
//! let plan = "Số: 12/KH-UBND\nAn Giang, ngày 02 tháng 1 năm 2024\n\nKẾ HOẠCH\nTuyên truyền năm 2024\n\n\
//! STT\tNội dung\tSản phẩm\tThời gian thực hiện\tKinh phí (đồng)\n\
//! 1\tChuyên mục: Dân vận\t12 kỳ/năm\t19 giờ 30 phút thứ Năm, tuần 2 hằng tháng - kênh ATV1, thời lượng 15 phút\t60.000.000\n";
//! let lang = castcal::words::Lang::Vi;
//! let doc = castcal::import::document::parse("plan.txt".as_ref(), plan.as_bytes(), lang)?;
//! let imported = castcal::import::import_document("plan.txt".as_ref(), &doc, &Default::default())?;
//! assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
//! assert!(imported.yaml.contains("    lịch: \"19 giờ 30 phút thứ Năm, tuần 2 hằng tháng\"\n"));
//! assert_eq!(imported.summary.slots, 12);
//! # Ok::<(), castcal::Error>(())
//! ```

mod activity;
mod columns;
mod describe;
pub mod document;
mod header;
mod names;
mod phrased;
mod prose;
mod row;
mod table;
mod write;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::error::Error;
use crate::phrase::when::Bounds;
use crate::words::import as say;
use crate::words::Lang;
use activity::Activity;
use columns::Kind;
use document::{Block, Document, Place, ReadNote};

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The plan's time zone; the country's (Asia/Ho_Chi_Minh) by default.
    pub timezone: Tz,
    /// The language of the comments and warnings.
    pub lang: Lang,
    /// Holiday files to name in the plan (as written, relative to where
    /// the schedule file will be).
    pub holidays: Vec<String>,
    /// The folder the schedule file will be written to: when `holidays` is
    /// empty, the files of its `holidays/` folder for the plan's year
    /// (`holidays/vn-2023.yaml`) are named, and a comment says so.
    pub beside: Option<PathBuf>,
    /// Whether an activity's time is written as the document's phrase
    /// (`lịch:`) where the loader reads it to the same occurrences; when
    /// `false`, always as `start` and `rrule`.
    pub phrases: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timezone: chrono_tz::Asia::Ho_Chi_Minh,
            lang: Lang::Vi,
            holidays: Vec::new(),
            beside: None,
            phrases: true,
        }
    }
}

/// Something to review, at its place in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub place: Place,
    /// The item it concerns (`3`, `A.5`, `IV.2`), or empty.
    pub item: String,
    /// What was assumed or not understood.
    pub message: String,
    /// An assumption (`true`) or something not understood.
    pub assumed: bool,
}

/// What an import gives, in figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Activities written.
    pub activities: usize,
    /// Of them, tentative.
    pub tentative: usize,
    /// Occurrences (premieres and reruns) they give.
    pub occurrences: usize,
    /// Of them, at a time of day.
    pub slots: usize,
    /// The budgets added up, in đồng.
    pub budget: u64,
    /// The plan's own total, when it gives one, and whether it agrees.
    pub plan_total: Option<u64>,
}

/// What [`import`] makes of a document.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The schedule file.
    pub yaml: String,
    /// What to review, in document order.
    pub warnings: Vec<Warning>,
    /// The figures.
    pub summary: Summary,
}

/// Reads the document at `path` (text, `.docx` or PDF) into a schedule file.
///
/// # Errors
/// The document cannot be read ([`document::read`]), holds no plan (no
/// table of activities and no activity in its paragraphs), or no year.
pub fn import(path: &Path, options: &Options) -> Result<Imported, Error> {
    let doc = document::read(path, options.lang)?;
    import_document(path, &doc, options)
}

/// [`import`] of a document already read; `path` names it in messages.
///
/// # Errors
/// As [`import`].
pub fn import_document(path: &Path, doc: &Document, options: &Options) -> Result<Imported, Error> {
    let lang = options.lang;
    let tables = table::tables(doc);
    let mut in_table = vec![false; doc.blocks.len()];
    for t in &tables {
        for x in in_table.iter_mut().take(t.last + 1).skip(t.first) {
            *x = true;
        }
    }
    let paragraphs = prose::paragraphs(doc, &in_table);
    let has_table = tables.iter().any(|t| t.kind() == Kind::Activities);
    if !has_table && !prose::holds_plan(&paragraphs) {
        return Err(Error::input(path, say::Words::of(lang).no_plan));
    }
    let first_table = tables
        .iter()
        .map(|t| t.first)
        .min()
        .unwrap_or(doc.blocks.len());
    let first_section = doc.blocks.iter().position(|b| matches!(b, Block::Text { text, .. } if text.starts_with("I.") || text.starts_with("I ")));
    let header = header::read(doc, first_table.min(first_section.unwrap_or(usize::MAX)));
    let Some(year) = header.year else {
        return Err(Error::input(path, say::Words::of(lang).no_year));
    };
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(Error::input(path, say::year_out_of_range(lang, year)));
    };
    let mut outlets = names::Outlets::default();
    let mut ids = names::Ids::default();
    let mut warnings = read_notes(doc, lang);
    let mut reader = row::Reader {
        lang,
        bounds: Bounds { from, to },
        outlets: &mut outlets,
        ids: &mut ids,
        warnings: &mut warnings,
        scanned: doc.scanned.clone(),
    };
    let read = read_activities(&mut reader, &tables, &paragraphs);
    if read.activities.is_empty() {
        return Err(Error::input(path, say::Words::of(lang).no_plan));
    }
    let (holidays, holidays_note) = holidays(options, year);
    let mut schedule = write::Schedule {
        lang,
        id: header.plan_id(year),
        title: header
            .title
            .clone()
            .unwrap_or_else(|| format!("Kế hoạch năm {year}")),
        reference: header.reference(),
        timezone: options.timezone.name().to_string(),
        from,
        to,
        published: header.date,
        holidays,
        holidays_note,
        outlets: outlets.list.clone(),
        activities: read.activities,
        reports: read.reports,
        phrases: options.phrases,
    };
    let written = write::checked(path, &mut schedule)?;
    let mut summary = write::summary(&schedule, &written);
    summary.plan_total = read.plan_total;
    if let Some(t) = read.plan_total.filter(|t| *t != summary.budget) {
        warnings.push(Warning {
            place: Place::default(),
            item: String::new(),
            message: say::total_differs(lang, &row::grouped(t), &row::grouped(summary.budget)),
            assumed: false,
        });
    }
    warnings.sort_by_key(|w| w.place);
    Ok(Imported {
        yaml: written.yaml,
        warnings,
        summary,
    })
}

/// What the tables and paragraphs of a plan hold.
struct Read {
    activities: Vec<Activity>,
    reports: Vec<Activity>,
    /// The plan's own grand total, when a table gives one.
    plan_total: Option<u64>,
}

/// The activities of the tables and of the paragraphs, in document order,
/// the budgets of an estimate table given to them, and the periodic
/// reports.
fn read_activities(
    reader: &mut row::Reader,
    tables: &[table::Table],
    paragraphs: &[prose::Paragraph],
) -> Read {
    let lang = reader.lang;
    let mut activities: Vec<Activity> = Vec::new();
    let mut plan_total = None;
    for t in tables.iter().filter(|t| t.kind() == Kind::Activities) {
        let unit = t.columns.unit.clone();
        let sources: Vec<row::Source> = t
            .items
            .iter()
            .map(|item| row::source(item, unit.clone(), lang))
            .collect();
        let scanned = row::Scanned::all(&sources);
        for (s, scanned) in sources.iter().zip(scanned) {
            activities.push(reader.activity_scanned(s, scanned));
        }
        plan_total = plan_total.or_else(|| total(t));
    }
    activities.extend(reader.prose(paragraphs));
    for t in tables.iter().filter(|t| t.kind() == Kind::Estimate) {
        estimate(t, &mut activities, lang);
        plan_total = plan_total.or_else(|| total(t));
    }
    let lead = most_common_lead(&activities);
    let reports = reader.reports(paragraphs, lead);
    activities.sort_by_key(|a| a.place);
    Read {
        activities,
        reports,
        plan_total,
    }
}

/// What the reading of the document changed, as warnings.
fn read_notes(doc: &Document, lang: Lang) -> Vec<Warning> {
    doc.notes
        .iter()
        .map(|n| {
            let (place, message, assumed) = match n {
                ReadNote::Cut(p, chars) => (*p, say::cut(lang, *chars), false),
                ReadNote::Replaced(p, n) => (*p, say::replaced(lang, *n), false),
                ReadNote::Truncated(p) => (*p, say::Words::of(lang).truncated.into(), false),
                ReadNote::Said {
                    place,
                    message,
                    assumed,
                } => (*place, message.clone(), *assumed),
            };
            Warning {
                place,
                item: String::new(),
                message,
                assumed,
            }
        })
        .collect()
}

/// The grand total a table gives, in đồng.
fn total(t: &table::Table) -> Option<u64> {
    let total = t.total.as_ref()?;
    let unit = t.columns.unit.as_ref().map_or(1, |u| u.vnd);
    let last = total.text.split('\t').rev().find_map(|c| {
        let c = c.trim();
        let scan = crate::phrase::scan(c, crate::phrase::Mode::Tolerant);
        let said = scan.facts().find_map(|f| match f {
            crate::phrase::Fact::Amount { milli, unit: u } => Some((*milli, *u)),
            _ => None,
        });
        said.or_else(|| crate::phrase::amount(c).map(|m| (m, None)))
    })?;
    u64::try_from(last.0.saturating_mul(u128::from(last.1.unwrap_or(unit))) / 1000).ok()
}

/// Budgets of a separate estimate table, each given to the activity whose
/// title shares most of its words.
fn estimate(t: &table::Table, activities: &mut [Activity], lang: Lang) {
    let unit = t.columns.unit.as_ref().map_or(1, |u| u.vnd);
    for item in &t.items {
        let text = item.cell(columns::Role::Budget).trim();
        let Some(milli) = crate::phrase::amount(text) else {
            continue;
        };
        let Ok(vnd) = u64::try_from(milli.saturating_mul(u128::from(unit)) / 1000) else {
            continue;
        };
        let words = |s: &str| -> std::collections::HashSet<String> {
            crate::phrase::bare(s)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() > 1)
                .map(String::from)
                .collect()
        };
        let wanted = words(item.cell(columns::Role::Content));
        let best = activities
            .iter_mut()
            .filter(|a| a.budget.is_none() && a.kind != crate::plan::ActivityKind::Deadline)
            .map(|a| {
                let have = words(
                    &a.notes
                        .cells
                        .first()
                        .map(|c| c.text.clone())
                        .unwrap_or_default(),
                );
                let shared = wanted.intersection(&have).count();
                (shared, a)
            })
            .max_by_key(|(n, _)| *n);
        if let Some((shared, a)) = best.filter(|(n, _)| *n * 2 >= wanted.len().max(1)) {
            let _ = shared;
            a.budget = Some(vnd);
            a.notes.read(
                text,
                say::from_estimate(lang, &row::grouped(vnd), &item.label),
            );
        }
    }
}

fn most_common_lead(activities: &[Activity]) -> Option<String> {
    let mut leads: Vec<&str> = activities
        .iter()
        .filter_map(|a| a.lead.as_deref())
        .collect();
    leads.sort_unstable();
    leads
        .chunk_by(|a, b| a == b)
        .max_by_key(|c| c.len())
        .and_then(|c| c.first())
        .map(|s| s.to_string())
}

/// The holiday files the plan names, and what a comment says of them:
/// those given; else those of the year in the `holidays/` folder beside
/// the schedule file (assumed, so said); else Vietnam's built-in calendar
/// (`VN`) for a year it holds; else none, and that `check` will then report
/// no day off.
fn holidays(options: &Options, year: i32) -> (Vec<String>, Option<String>) {
    let w = say::Words::of(options.lang);
    if !options.holidays.is_empty() {
        return (options.holidays.clone(), None);
    }
    let mut found: Vec<String> = options
        .beside
        .as_ref()
        .and_then(|dir| std::fs::read_dir(dir.join("holidays")).ok())
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| {
            let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
            yaml && name.contains(&year.to_string())
        })
        .map(|name| format!("holidays/{name}"))
        .collect();
    found.sort();
    if !found.is_empty() {
        (found, Some(w.holidays_found.to_string()))
    } else if crate::workdays::year(year).is_ok() {
        let vn = crate::plan::BUILT_IN_CALENDAR.to_string();
        (vec![vn], Some(w.holidays_built_in.to_string()))
    } else {
        (Vec::new(), Some(w.no_holidays.to_string()))
    }
}
