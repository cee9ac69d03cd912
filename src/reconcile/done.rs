//! The department's confirmations of what has no as-run log (newspaper
//! pages, bulletins, billboards, the workshop, reports): a CSV of UIDs,
//! each with the date it was done and an optional reference (an issue
//! number, a link). A row whose date is left empty says it was not done.
//!
//! `castcal reconcile --template` writes such a file to fill in; its other
//! columns (title, outlet, planned date) are there for the reader and are
//! not read back.

use std::path::Path;

use super::asrun::{delimiter_of, HEADER_ROWS};
use super::cells::{self, Header};
use super::{decode, Confirmation, Keys, MAX_CSV_BYTES};
use crate::error::Error;
use crate::words::reconcile::{self as said, Words};
use crate::words::Lang;

/// The names of the UID column.
pub(crate) const UID: &[&str] = &["UID", "Mã UID"];
/// The names of the column of the date done.
pub(crate) const DONE: &[&str] = &[
    "Ngày thực hiện",
    "Ngày hoàn thành",
    "Ngày đăng",
    "Ngày phát",
    "Ngày",
    "Date done",
    "Done on",
    "Done",
    "Date",
];
/// The names of the column of the reference.
pub(crate) const REFERENCE: &[&str] = &[
    "Tham chiếu",
    "Số báo",
    "Số",
    "Đường dẫn",
    "Liên kết",
    "Ghi chú",
    "Reference",
    "Ref",
    "Link",
    "Note",
];

fn find(headers: &[Header], names: &[&str]) -> Option<usize> {
    let names: Vec<String> = names.iter().map(|n| Header::of(n).name).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    cells::find(headers, &names)
}

/// Reads the confirmations in `path`, the file numbered `file`.
///
/// # Errors
/// The file cannot be read; it has no header row with a UID and a date
/// column; a UID no occurrence has, or a date that is none, at its line and
/// column.
pub(crate) fn read(
    path: &Path,
    file: u16,
    keys: &Keys<'_>,
    lang: Lang,
) -> Result<Vec<Confirmation>, Error> {
    let text = decode::read_to_string(path, MAX_CSV_BYTES, lang)?;
    let delimiter = delimiter_of(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter as u8)
        .from_reader(text.as_bytes());
    let words = Words::of(lang);
    let at = |line: u64, column: usize, message: String| Error::Evidence {
        path: path.to_path_buf(),
        line: usize::try_from(line).unwrap_or(usize::MAX),
        column,
        message,
    };
    let mut lines = cells::Lines::new(&text);
    let mut record = csv::StringRecord::new();
    let mut columns: Option<(usize, usize, Option<usize>)> = None;
    let mut first_line: Option<u64> = None;
    let mut rows = 0usize;
    let mut out = Vec::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(1, |p| lines.of(p.byte()).0 as u64);
            at(line, 1, said::bad_row(lang, e))
        })?;
        if !more {
            break;
        }
        let byte = record.position().map_or(0, csv::Position::byte);
        let (line, raw) = lines.of(byte);
        let line = line as u64;
        let Some((uid, done, reference)) = columns else {
            rows += 1;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let headers: Vec<Header> = record.iter().map(Header::of).collect();
            first_line.get_or_insert(line);
            match (find(&headers, UID), find(&headers, DONE)) {
                (Some(uid), Some(done)) => {
                    columns = Some((uid, done, find(&headers, REFERENCE)));
                }
                (Some(_), None) => {
                    let names = DONE.join(", ");
                    return Err(at(
                        line,
                        1,
                        said::missing_column(lang, words.column_done, &names),
                    ));
                }
                _ if rows >= HEADER_ROWS => break,
                _ => {}
            }
            continue;
        };
        let cell = |i: usize| record.get(i).map_or("", str::trim);
        let column = |i: usize| cells::column_of(raw, delimiter, i);
        let text_uid = cell(uid);
        if text_uid.is_empty() {
            continue;
        }
        let (from, to) = keys.find(text_uid, false);
        let occurrence = keys
            .at(from)
            .filter(|_| to > from)
            .ok_or_else(|| at(line, column(uid), said::unknown_uid(lang, text_uid)))?;
        let date = match cell(done) {
            "" => None,
            d => Some(
                cells::date(d).ok_or_else(|| at(line, column(done), said::bad_date(lang, d)))?,
            ),
        };
        let reference = reference.map(cell).filter(|r| !r.is_empty());
        out.push(Confirmation {
            occurrence,
            uid: text_uid.to_string(),
            date,
            reference: reference.map(str::to_string),
            file,
            line: u32::try_from(line).unwrap_or(u32::MAX),
        });
    }
    if columns.is_none() {
        return match first_line {
            None => Err(Error::input(
                path,
                said::no_header(lang, "UID;Ngày thực hiện;Tham chiếu"),
            )),
            Some(line) => Err(at(
                line,
                1,
                said::missing_column(lang, words.column_uid, &UID.join(", ")),
            )),
        };
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's own header is read back: its UID, date done and reference.
    #[test]
    fn the_template_header_is_read_back() {
        for lang in [Lang::Vi, Lang::En] {
            let columns = Words::of(lang).template_columns;
            let headers: Vec<Header> = columns.iter().map(|c| Header::of(c)).collect();
            assert_eq!(find(&headers, UID), Some(0), "{lang:?}");
            assert_eq!(find(&headers, DONE), Some(4), "{lang:?}");
            assert_eq!(find(&headers, REFERENCE), Some(5), "{lang:?}");
        }
    }
}
