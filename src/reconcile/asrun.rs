//! An as-run log as CSV, as playout systems export it: one row per item
//! aired, its columns found by their header.
//!
//! The header row is the first of the file's first [`HEADER_ROWS`] rows
//! that names a start time and a title (lines before it, such as a title
//! of the export, are skipped). Cells are separated by `,`, `;` or a tab,
//! whichever the first lines use most. Times are wall-clock times in the
//! plan's zone. A row whose date and start are both empty (a separator, a
//! total) is skipped.

use chrono::{Days, NaiveDateTime};

use super::cells::{self, Header};
use super::decode;
use super::{Airing, Sink, MAX_CSV_BYTES, NO_LENGTH};
use crate::error::Error;
use crate::words::reconcile::{self as said, Words};

/// How many rows from the top the header row may be.
pub(crate) const HEADER_ROWS: usize = 30;

/// The names of each column a log may have, as the reference lists them
/// (compared folded: in any case, with or without accents).
pub(crate) const DATE: &[&str] = &[
    "Ngày",
    "Ngày phát",
    "Ngày phát sóng",
    "Date",
    "Air date",
    "Broadcast date",
    "TX date",
];
/// The start time (or date and time) of the item.
pub(crate) const START: &[&str] = &[
    "Giờ bắt đầu",
    "Bắt đầu",
    "Thời gian bắt đầu",
    "Giờ phát",
    "Giờ phát sóng",
    "Giờ",
    "Thời điểm",
    "Start",
    "Start time",
    "Actual start",
    "Time",
    "Air time",
    "On air",
    "TX time",
];
/// The end time.
pub(crate) const END: &[&str] = &[
    "Giờ kết thúc",
    "Kết thúc",
    "Thời gian kết thúc",
    "End",
    "End time",
    "Actual end",
    "Stop",
    "Stop time",
    "Off air",
];
/// The length.
pub(crate) const DURATION: &[&str] = &[
    "Thời lượng",
    "Độ dài",
    "Duration",
    "Actual duration",
    "Length",
    "Dur",
];
/// The title.
pub(crate) const TITLE: &[&str] = &[
    "Tên chương trình",
    "Chương trình",
    "Tiêu đề",
    "Nội dung",
    "Tên",
    "Title",
    "Programme",
    "Program",
    "Programme title",
    "Program title",
    "Programme name",
    "Program name",
    "Event",
    "Item",
];
/// A castcal UID, when the station's system keeps it.
pub(crate) const UID: &[&str] = &["UID", "Episode-num", "Episode", "Episode ID"];
/// The channel, when a file holds several.
pub(crate) const CHANNEL: &[&str] = &["Kênh", "Mã kênh", "Channel", "Channel ID", "Service"];

/// What the header row is an example of, in messages.
const EXAMPLE: &str = "Ngày;Giờ bắt đầu;Thời lượng;Tên chương trình";

/// The column of each thing a row says.
#[derive(Debug, Clone, Copy)]
struct Columns {
    date: Option<usize>,
    start: usize,
    end: Option<usize>,
    duration: Option<usize>,
    title: usize,
    uid: Option<usize>,
    channel: Option<usize>,
}

/// The folded forms of a list of names.
fn folded(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| Header::of(n).name).collect()
}

fn find(headers: &[Header], names: &[&str]) -> Option<usize> {
    let names = folded(names);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    cells::find(headers, &names)
}

/// Reads the log at `sink.path` into `sink`.
///
/// # Errors
/// The file cannot be read; it has no header row naming a start and a
/// title; a cell that is no date, time or length, at its line and column.
pub(crate) fn read(sink: &mut Sink) -> Result<(), Error> {
    let lang = sink.lang;
    let path = sink.path;
    let text = decode::read_to_string(path, MAX_CSV_BYTES, lang)?;
    let delimiter = delimiter_of(&text);
    // A row takes some 24 bytes at the least.
    sink.reserve(text.len() as u64, 24);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter as u8)
        .from_reader(text.as_bytes());
    let words = Words::of(lang);
    let evidence = |line: u64, column: usize, message: String| Error::Evidence {
        path: path.to_path_buf(),
        line: usize::try_from(line).unwrap_or(usize::MAX),
        column,
        message,
    };
    let mut lines = cells::Lines::new(&text);
    let mut record = csv::StringRecord::new();
    // The columns, the header row's cells and its line, once found.
    let mut columns: Option<(Columns, Vec<Header>, u64)> = None;
    let mut first: Option<(u64, Vec<Header>)> = None;
    let mut rows = 0usize;
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(1, |p| lines.of(p.byte()).0 as u64);
            evidence(line, 1, said::bad_row(lang, e))
        })?;
        if !more {
            break;
        }
        let byte = record.position().map_or(0, csv::Position::byte);
        let (line, raw) = lines.of(byte);
        let line = line as u64;
        let Some((cols, headers, header_line)) = &columns else {
            rows += 1;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let headers: Vec<Header> = record.iter().map(Header::of).collect();
            match (find(&headers, START), find(&headers, TITLE)) {
                (Some(start), Some(title)) => {
                    columns = Some((
                        Columns {
                            date: find(&headers, DATE),
                            start,
                            end: find(&headers, END),
                            duration: find(&headers, DURATION),
                            title,
                            uid: find(&headers, UID),
                            channel: find(&headers, CHANNEL),
                        },
                        headers,
                        line,
                    ));
                }
                _ if rows >= HEADER_ROWS => break,
                _ => {
                    first.get_or_insert((line, headers));
                }
            }
            continue;
        };
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).map_or("", str::trim);
        let column = |i: usize| cells::column_of(raw, delimiter, i);
        let (date_cell, start_cell) = (cell(cols.date), cell(Some(cols.start)));
        if date_cell.is_empty() && start_cell.is_empty() {
            continue;
        }
        // The start: a date and a time, in one cell or two.
        let start: NaiveDateTime = match (cells::date_time(start_cell), cols.date) {
            (Some(t), _) => t,
            (None, Some(d)) => {
                let day = cells::date(date_cell)
                    .ok_or_else(|| evidence(line, column(d), said::bad_date(lang, date_cell)))?;
                let time = cells::time(start_cell).ok_or_else(|| {
                    evidence(line, column(cols.start), said::bad_time(lang, start_cell))
                })?;
                day.and_time(time)
            }
            (None, None) if cells::time(start_cell).is_some() => {
                let names = DATE.join(", ");
                return Err(evidence(
                    *header_line,
                    1,
                    said::missing_column(lang, words.column_date, &names),
                ));
            }
            (None, None) => {
                return Err(evidence(
                    line,
                    column(cols.start),
                    said::bad_time(lang, start_cell),
                ))
            }
        };
        let length = length(&record, cols, headers, start, |i, cell, duration| {
            let message = if duration {
                said::bad_duration(lang, cell)
            } else {
                said::bad_time(lang, cell)
            };
            evidence(line, column(i), message)
        })?;
        let (uid_from, uid_to) = match cell(cols.uid) {
            uid if uid.ends_with("@castcal") => sink.keys.find(uid, true),
            _ => (0, 0),
        };
        let channel = sink.channel(cell(cols.channel));
        let title = sink.titles.intern(cell(Some(cols.title)));
        let start = crate::zone::place_in_zone(start, sink.zone).timestamp();
        sink.push(Airing {
            start,
            length,
            outlet: channel,
            file: sink.file,
            title,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            uid_from,
            uid_to,
        })?;
    }
    if columns.is_none() {
        let Some((line, headers)) = first else {
            return Err(Error::input(path, said::no_header(lang, EXAMPLE)));
        };
        let (what, names) = if find(&headers, START).is_none() {
            (words.column_start, START.join(", "))
        } else {
            (words.column_title, TITLE.join(", "))
        };
        return Err(evidence(line, 1, said::missing_column(lang, what, &names)));
    }
    Ok(())
}

/// The length of the item of a row, in seconds: from its end time, else
/// its length, else unknown. `bad` makes the error of a cell (its column,
/// its text, whether a length was expected).
fn length(
    record: &csv::StringRecord,
    cols: &Columns,
    headers: &[Header],
    start: NaiveDateTime,
    bad: impl Fn(usize, &str, bool) -> Error,
) -> Result<u32, Error> {
    let cell = |i: usize| record.get(i).map_or("", str::trim);
    if let Some(i) = cols.end.filter(|&i| !cell(i).is_empty()) {
        let text = cell(i);
        let end = match cells::date_time(text) {
            Some(t) => t,
            None => {
                let time = cells::time(text).ok_or_else(|| bad(i, text, false))?;
                let end = start.date().and_time(time);
                // Past midnight: the next day.
                if end < start {
                    end.checked_add_days(Days::new(1)).unwrap_or(end)
                } else {
                    end
                }
            }
        };
        let seconds = (end - start).num_seconds();
        return Ok(u32::try_from(seconds.max(0)).unwrap_or(NO_LENGTH - 1));
    }
    if let Some(i) = cols.duration.filter(|&i| !cell(i).is_empty()) {
        let unit = headers.get(i).map_or("", |h| h.unit.as_str());
        return cells::length(cell(i), unit)
            .map(|s| s.min(NO_LENGTH - 1))
            .ok_or_else(|| bad(i, cell(i), true));
    }
    Ok(NO_LENGTH)
}

/// `,`, `;` or a tab: the one the first lines use most outside quotes.
pub(crate) fn delimiter_of(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    for line in text.lines().take(HEADER_ROWS) {
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                c if !quoted => {
                    if let Some(slot) = counts.iter_mut().find(|(d, _)| *d == c) {
                        slot.1 += 1;
                    }
                }
                _ => {}
            }
        }
    }
    counts
        .iter()
        .copied()
        .max_by_key(|(d, n)| (*n, *d == ','))
        .map_or(',', |(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_belongs_to_two_columns() {
        let lists = [DATE, START, END, DURATION, TITLE, UID, CHANNEL];
        let mut seen = std::collections::BTreeMap::new();
        for (k, list) in lists.iter().enumerate() {
            for name in *list {
                if let Some(other) = seen.insert(Header::of(name).name, k) {
                    panic!("{name} is in lists {other} and {k}");
                }
            }
        }
    }

    #[test]
    fn the_delimiter_is_the_one_the_lines_use() {
        assert_eq!(
            delimiter_of("Ngày;Giờ;Tên\n18/01/2023;17:45;\"A, B\"\n"),
            ';'
        );
        assert_eq!(delimiter_of("date,time,title\n"), ',');
        assert_eq!(delimiter_of("date\ttime\ttitle\n"), '\t');
        assert_eq!(delimiter_of("title\n"), ',');
    }
}
