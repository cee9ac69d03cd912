//! A plain-text listing for a terminal: one line per occurrence.
//!
//! ```text
//! DATE        DAY  TIME         OUTLET  ROLE      TITLE
//! 2023-01-18  Wed  17:45–17:57  KG      premiere  Chuyên mục …
//! 2023-01-01  Sun  → 2023-01-07 BKG     premiere  Tin, bài …  · tentative
//! ```
//! The title comes last so that wide characters never push a column out of line;
//! control characters in names are shown escaped (`\r\n`), never sent to the terminal.

use std::borrow::Cow;
use std::fmt::Write;

use crate::occurrence::{Moment, Occurrence};
use crate::plan::Status;

/// The listing, header included, each line ending in `\n`.
pub fn render(occurrences: &[Occurrence]) -> String {
    let outlet_width = occurrences
        .iter()
        .filter_map(|o| o.outlet_id().map(|id| shown(id).chars().count()))
        .max()
        .unwrap_or(0)
        .max("OUTLET".len());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<10}  {:<3}  {:<12}  {:<outlet_width$}  {:<8}  TITLE",
        "DATE", "DAY", "TIME", "OUTLET", "ROLE"
    );
    for o in occurrences {
        let _ = writeln!(
            out,
            "{}  {}  {:<12}  {:<outlet_width$}  {:<8}  {}{}",
            o.start.date().format("%Y-%m-%d"),
            o.start.date().format("%a"),
            time_column(o),
            shown(o.outlet_id().unwrap_or("-")),
            o.role().as_str(),
            shown(o.title()),
            notes(o)
        );
    }
    out
}

/// `text` with its control characters (line breaks, tabs, escapes) written
/// as Rust escapes, so that each occurrence stays on one line of the
/// terminal and a title cannot move the cursor.
fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn time_column(o: &Occurrence) -> String {
    match (o.start, o.end) {
        (Moment::At(_), Moment::At(_)) => {
            crate::format::clock_span(o.start, o.end).unwrap_or_default()
        }
        _ => {
            let (first, last) = o.dates();
            if first == last {
                "all day".to_string()
            } else {
                format!("→ {}", last.format("%Y-%m-%d"))
            }
        }
    }
}

fn notes(o: &Occurrence) -> String {
    let mut notes = String::new();
    if o.status() == Status::Tentative {
        notes.push_str("  · tentative");
    }
    if let Some(from) = o.moved_from {
        let _ = write!(
            notes,
            "  · moved from {} (holiday)",
            from.format("%Y-%m-%d")
        );
    }
    if let Some(h) = &o.holiday {
        let _ = write!(notes, "  · holiday: {}", shown(h));
    }
    notes
}
