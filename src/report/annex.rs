//! The report's annex as an Excel workbook: one row per occurrence planned
//! in the period with what happened and its evidence (`Phụ lục`), the
//! airings outside the plan (`Ngoài kế hoạch`) and the budget settled
//! (`Kinh phí`). Cells carry their types: dates are dates, times are
//! times, amounts are numbers, text is text (never a formula).

use std::io;

use chrono::{NaiveDate, NaiveTime};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::Facts;
use crate::occurrence::Moment;
use crate::words::report::{self as said, Words};
use crate::words::{Common, Lang};

/// The longest text a cell holds (Excel's limit, in characters).
const MAX_CELL_CHARS: usize = 32_767;

fn fit(text: &str) -> String {
    text.chars().take(MAX_CELL_CHARS).collect()
}

/// The formats of the cells.
struct Formats {
    header: Format,
    date: Format,
    time: Format,
    money: Format,
    total_money: Format,
    bold: Format,
}

impl Formats {
    fn of(lang: Lang) -> Formats {
        let date = match lang {
            Lang::Vi => "dd/mm/yyyy",
            Lang::En => "yyyy-mm-dd",
        };
        Formats {
            header: Format::new().set_bold().set_text_wrap(),
            date: Format::new().set_num_format(date),
            time: Format::new().set_num_format("hh:mm"),
            money: Format::new().set_num_format("#,##0"),
            total_money: Format::new().set_bold().set_num_format("#,##0"),
            bold: Format::new().set_bold(),
        }
    }
}

/// The annex as `.xlsx` bytes.
pub(super) fn render(f: &Facts) -> io::Result<Vec<u8>> {
    workbook(f).map_err(io::Error::other)
}

fn workbook(f: &Facts) -> Result<Vec<u8>, XlsxError> {
    let lang = f.options.lang;
    let words = Words::of(lang);
    let formats = Formats::of(lang);
    let mut book = Workbook::new();
    let created = f.options.date.and_time(NaiveTime::MIN);
    book.set_properties(
        &DocProperties::new()
            .set_title(fit(&said::document_title(
                lang,
                &f.options.period.name(lang),
            )))
            .set_creation_datetime(&created),
    );
    // A row at a time through a temporary file: a large plan's quarter
    // needs no more memory than the finished file.
    let title = said::document_title(lang, &f.options.period.name(lang));
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(words.annex)?;
    // Printed as the calendar's workbook is.
    crate::export::xlsx::print_setup(sheet, &title, lang)?;
    occurrences(sheet, f, &formats)?;
    let sheet = book.add_worksheet();
    sheet.set_name(words.unplanned_sheet)?;
    crate::export::xlsx::print_setup(sheet, &title, lang)?;
    unplanned(sheet, f, &formats)?;
    let sheet = book.add_worksheet();
    sheet.set_name(words.budget_sheet)?;
    crate::export::xlsx::print_setup(sheet, &title, lang)?;
    budget(sheet, f, &formats)?;
    book.save_to_buffer()
}

fn header(sheet: &mut Worksheet, columns: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, name) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, col, *name, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn text(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    if !text.is_empty() {
        sheet.write_string(row, col, fit(text))?;
    }
    Ok(())
}

#[allow(clippy::cast_precision_loss)]
fn number(n: u128) -> f64 {
    // Exact below 2^53 đồng.
    n as f64
}

/// A moment's day and time of day (none for a whole day).
fn day_and_time(m: Moment) -> (NaiveDate, Option<NaiveTime>) {
    match m {
        Moment::At(t) => (t.date_naive(), Some(t.time())),
        Moment::Day(d) => (d, None),
    }
}

fn occurrences(sheet: &mut Worksheet, f: &Facts, formats: &Formats) -> Result<(), XlsxError> {
    let lang = f.options.lang;
    let words = Words::of(lang);
    let common = Common::of(lang);
    header(sheet, &words.annex_columns, formats)?;
    let widths = [6, 46, 18, 50, 30, 10, 12, 8, 16, 12, 8, 10, 40, 14, 14];
    for (col, w) in (0u16..).zip(widths) {
        sheet.set_column_width(col, w)?;
    }
    for col in [6, 9] {
        sheet.set_column_format(col, &formats.date)?;
    }
    for col in [7, 10] {
        sheet.set_column_format(col, &formats.time)?;
    }
    for col in [13, 14] {
        sheet.set_column_format(col, &formats.money)?;
    }
    let occurrences = f.r.occurrences();
    let mut row = 0u32;
    let mut listed: Vec<usize> = f
        .activities
        .iter()
        .flat_map(|a| a.occurrences.iter().copied())
        .collect();
    listed.sort_unstable();
    for i in listed {
        let Some(o) = occurrences.get(i) else {
            continue;
        };
        row += 1;
        sheet.write_number(row, 0, f64::from(row))?;
        text(sheet, row, 1, &o.uid().to_string())?;
        text(sheet, row, 2, &o.activity.id)?;
        text(sheet, row, 3, o.title())?;
        text(sheet, row, 4, o.outlet.map_or("", |x| x.name.as_str()))?;
        text(sheet, row, 5, common.role(o.role()))?;
        let (day, time) = day_and_time(o.start);
        sheet.write_datetime(row, 6, day)?;
        if let Some(t) = time {
            sheet.write_datetime(row, 7, t)?;
        }
        let status = f.r.status(i);
        text(sheet, row, 8, status.word(lang))?;
        if let Some((start, _)) = f.r.aired(i) {
            let (day, time) = day_and_time(start);
            sheet.write_datetime(row, 9, day)?;
            if let Some(t) = time {
                sheet.write_datetime(row, 10, t)?;
            }
        }
        text(sheet, row, 11, f.r.aired_on(i).unwrap_or(""))?;
        text(sheet, row, 12, &f.r.evidence_of(i).unwrap_or_default())?;
        if let Some(share) = o.budget_share {
            sheet.write_number(row, 13, number(u128::from(share)))?;
            let earned = status.carried_out()
                && f.r
                    .carried_out_on(i)
                    .is_some_and(|d| f.from <= d && d <= f.to);
            if earned {
                sheet.write_number(row, 14, number(u128::from(share)))?;
            }
        }
    }
    let last_col = u16::try_from(words.annex_columns.len() - 1).unwrap_or(0);
    sheet.autofilter(0, 0, row.max(1), last_col)?;
    Ok(())
}

fn unplanned(sheet: &mut Worksheet, f: &Facts, formats: &Formats) -> Result<(), XlsxError> {
    let words = Words::of(f.options.lang);
    header(sheet, &words.annex_unplanned_columns, formats)?;
    for (col, w) in (0u16..).zip([6, 10, 12, 10, 10, 50]) {
        sheet.set_column_width(col, w)?;
    }
    sheet.set_column_format(2, &formats.date)?;
    sheet.set_column_format(3, &formats.time)?;
    sheet.set_column_format(4, &formats.time)?;
    for (k, u) in f.unplanned().iter().enumerate() {
        let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
        sheet.write_number(row, 0, f64::from(row))?;
        text(sheet, row, 1, u.outlet)?;
        let (day, time) = day_and_time(u.start);
        sheet.write_datetime(row, 2, day)?;
        if let Some(t) = time {
            sheet.write_datetime(row, 3, t)?;
        }
        if let Some((_, Some(t))) = u.end.map(day_and_time) {
            sheet.write_datetime(row, 4, t)?;
        }
        text(sheet, row, 5, u.title)?;
    }
    Ok(())
}

fn budget(sheet: &mut Worksheet, f: &Facts, formats: &Formats) -> Result<(), XlsxError> {
    let words = Words::of(f.options.lang);
    header(sheet, &words.budget_columns, formats)?;
    for (col, w) in (0u16..).zip([6, 50, 16, 8, 14, 12, 16, 16, 16]) {
        sheet.set_column_width(col, w)?;
    }
    for col in [2, 4, 6, 7, 8] {
        sheet.set_column_format(col, &formats.money)?;
    }
    let mut row = 0u32;
    for (k, line) in f.settlement.lines.iter().enumerate() {
        let Some(activity) = f.activity(line.group) else {
            continue;
        };
        row += 1;
        sheet.write_number(row, 0, f64::from(u32::try_from(k + 1).unwrap_or(0)))?;
        text(sheet, row, 1, &activity.title)?;
        sheet.write_number(row, 3, f64::from(u32::try_from(line.issues).unwrap_or(0)))?;
        sheet.write_number(
            row,
            5,
            f64::from(u32::try_from(line.issues_in_period).unwrap_or(0)),
        )?;
        match line.budget {
            Some(b) => {
                sheet.write_number(row, 2, number(u128::from(b)))?;
                sheet.write_number(row, 4, number(u128::from(line.each)))?;
                sheet.write_number(row, 6, number(u128::from(line.earned_in_period)))?;
                sheet.write_number(row, 7, number(u128::from(line.earned_to_date)))?;
                sheet.write_number(row, 8, number(u128::from(line.remaining)))?;
            }
            None => text(sheet, row, 2, words.no_budget)?,
        }
    }
    row += 1;
    let s = &f.settlement;
    sheet.write_string_with_format(row, 1, words.total, &formats.bold)?;
    for (col, n) in [
        (2u16, s.budget),
        (6, s.earned_in_period),
        (7, s.earned_to_date),
        (8, s.remaining),
    ] {
        sheet.write_number_with_format(row, col, number(n), &formats.total_money)?;
    }
    Ok(())
}
