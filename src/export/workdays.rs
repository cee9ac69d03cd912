//! A year of the built-in Vietnamese calendar, as `castcal holidays`
//! writes it: a list for people (each day's source a numbered note) or
//! JSON for programs.
//!
//! ```
//! use castcal::{export::workdays, workdays::year, words::Lang};
//! let text = workdays::text(&year(2024)?, Lang::En);
//! assert!(text.contains("Sat 2024-05-04  Make-up working day for Mon 2024-04-29"));
//! let json: serde_json::Value = serde_json::from_str(&workdays::json(&year(2024)?, Lang::Vi)?)?;
//! assert_eq!(json["working_days"][0]["date"], "2024-05-04");
//! assert_eq!(json["provisional"], false);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;

use crate::format::{Dated, Day as Date};
use crate::words::workdays::Words;
use crate::words::Lang;
use crate::workdays::{Day, Year};

/// One day as JSON: `{"date", "name", "source"}`.
#[derive(Serialize)]
struct Entry {
    date: String,
    name: String,
    source: String,
}

#[derive(Serialize)]
struct Listing {
    year: i32,
    provisional: bool,
    days_off: Vec<Entry>,
    working_days: Vec<Entry>,
}

fn entries(days: &[Day], lang: Lang) -> Vec<Entry> {
    let w = Words::of(lang);
    let dated = |d| Dated(d, lang).to_string();
    let date = |d| Date(d, lang).to_string();
    days.iter()
        .map(|d| Entry {
            date: d.date.to_string(),
            name: w.name(&d.name, dated),
            source: w.source(&d.source, date),
        })
        .collect()
}

/// The year as JSON: `{"year", "provisional", "days_off": [{"date",
/// "name", "source"}], "working_days": […]}`, dates ISO 8601, names and
/// sources in `lang`; pretty-printed, with a final newline.
///
/// # Errors
/// Only if serde_json fails to write a string, which it does not.
pub fn json(year: &Year, lang: Lang) -> Result<String, serde_json::Error> {
    let listing = Listing {
        year: year.year,
        provisional: year.provisional,
        days_off: entries(&year.days_off, lang),
        working_days: entries(&year.working_days, lang),
    };
    let mut s = serde_json::to_string_pretty(&listing)?;
    s.push('\n');
    Ok(s)
}

/// `text` padded with spaces to `width` characters.
fn padded(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// The year for people: its days off, then its make-up working days, one
/// a line (weekday and date, name, the number of its source), then the
/// sources by number.
pub fn text(year: &Year, lang: Lang) -> String {
    let w = Words::of(lang);
    let sections = [
        (w.days_off, &year.days_off, entries(&year.days_off, lang)),
        (
            w.working_days,
            &year.working_days,
            entries(&year.working_days, lang),
        ),
    ];
    let rows = || {
        sections
            .iter()
            .flat_map(|(_, days, entries)| days.iter().zip(entries))
    };
    let date_width = rows()
        .map(|(d, _)| Dated(d.date, lang).to_string().chars().count())
        .max()
        .unwrap_or(0);
    let name_width = rows()
        .map(|(_, e)| e.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut sources: Vec<&str> = Vec::new();
    let mut out = format!("{} {}\n", w.title, year.year);
    if year.provisional {
        out.push_str(w.provisional);
        out.push('\n');
    }
    for (heading, days, entries) in &sections {
        out.push_str(&format!("\n{heading} ({}):\n", days.len()));
        if days.is_empty() {
            out.push_str(&format!("  {}\n", w.none));
        }
        for (d, e) in days.iter().zip(entries) {
            let n = match sources.iter().position(|s| *s == e.source) {
                Some(i) => i + 1,
                None => {
                    sources.push(&e.source);
                    sources.len()
                }
            };
            let dated = Dated(d.date, lang).to_string();
            out.push_str(&format!(
                "  {}  {}  [{n}]\n",
                padded(&dated, date_width),
                padded(&e.name, name_width)
            ));
        }
    }
    out.push_str(&format!("\n{}:\n", w.sources));
    for (i, s) in sources.iter().enumerate() {
        out.push_str(&format!("  [{}] {s}\n", i + 1));
    }
    out
}
