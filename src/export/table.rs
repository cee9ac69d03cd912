//! A plain-text listing for a terminal: one line per occurrence.
//!
//! ```text
//! NGÀY        THỨ  GIỜ           KÊNH   LƯỢT      NỘI DUNG
//! 18/01/2023  T4   17:45–17:57   KG     lần đầu   Chuyên mục …
//! 01/01/2023  CN   → 07/01/2023  BKG    lần đầu   Tin, bài …  · dự kiến
//! ```
//! (`--lang en`: `DATE DAY TIME OUTLET ROLE TITLE`, `2023-01-18  We …`.)
//! The title comes last so that wide characters never push a column out of line;
//! control characters in names are shown escaped (`\r\n`), never sent to the terminal.

use std::borrow::Cow;
use std::fmt::Write;

use chrono::Datelike;

use crate::occurrence::{Moment, Occurrence};
use crate::plan::Status;
use crate::words::table::Listing;
use crate::words::{Common, Lang};

/// The listing in `lang`, header included, each line ending in `\n`:
/// dates day first and Vietnamese words in Vietnamese.
pub fn render(occurrences: &[Occurrence], lang: Lang) -> String {
    let w = Listing::of(lang);
    let common = Common::of(lang);
    let [date, day, time, outlet, role, title] = w.columns;
    let width = |min: &str, cells: &mut dyn Iterator<Item = usize>| {
        cells.max().unwrap_or(0).max(min.chars().count())
    };
    let outlet_width = width(
        outlet,
        &mut occurrences
            .iter()
            .filter_map(|o| o.outlet_id().map(|id| shown(id).chars().count())),
    );
    // `T4` in Vietnamese (`Thứ Tư` is too wide for a column), `Wed` in English.
    let days = match lang {
        Lang::Vi => common.weekdays_short,
        Lang::En => common.weekdays,
    };
    let day_name = |d: chrono::Weekday| {
        days.get(d.num_days_from_monday() as usize)
            .copied()
            .unwrap_or("")
    };
    let day_width = width(day, &mut days.iter().map(|d| d.chars().count()));
    let role_width = width(
        role,
        &mut [common.premiere, common.rerun]
            .iter()
            .map(|r| r.chars().count()),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{date:<10}  {day:<day_width$}  {time:<12}  {outlet:<outlet_width$}  {role:<role_width$}  {title}",
    );
    for o in occurrences {
        let _ = writeln!(
            out,
            "{}  {:<day_width$}  {:<12}  {:<outlet_width$}  {:<role_width$}  {}{}",
            o.start.date().format(w.date),
            day_name(o.start.date().weekday()),
            time_column(o, w),
            shown(o.outlet_id().unwrap_or("-")),
            common.role(o.role()),
            shown(o.title()),
            notes(o, w)
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

fn time_column(o: &Occurrence, w: &Listing) -> String {
    match (o.start, o.end) {
        (Moment::At(_), Moment::At(_)) => {
            crate::format::clock_span(o.start, o.end).unwrap_or_default()
        }
        _ => {
            let (first, last) = o.dates();
            if first == last {
                w.all_day.to_string()
            } else {
                format!("→ {}", last.format(w.date))
            }
        }
    }
}

fn notes(o: &Occurrence, w: &Listing) -> String {
    let mut notes = String::new();
    if o.status() == Status::Tentative {
        notes.push_str(w.tentative);
    }
    if let Some(from) = o.moved_from {
        let from = from.format(w.date).to_string();
        notes.push_str(&w.moved.replace("{from}", &from));
    }
    if let Some(h) = &o.holiday {
        notes.push_str(&w.holiday.replace("{name}", &shown(h)));
    }
    notes
}
