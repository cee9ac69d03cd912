//! Occurrences as an Excel workbook (`.xlsx`), for people: Excel,
//! LibreOffice Calc, Google Sheets, Numbers.
//!
//! The first sheet (`Lịch` / `Calendar`) has the CSV's columns in the CSV's
//! order ([`table::Words`]), one row per occurrence in the order of
//! [`crate::expand()`], but its cells carry their types, so no reader's
//! locale can turn a date into text or swap its day and month:
//!
//! - the date and end date are dates, shown `dd/mm/yyyy` in Vietnamese and
//!   `yyyy-mm-dd` in English;
//! - the start and end are times of day, shown `hh:mm` (empty for all-day items);
//! - the budget is a number of đồng, shown with its thousands grouped
//!   (`#,##0`: the reader's own separator);
//! - everything else is text, written as text: a title `=HYPERLINK(…)` stays
//!   those characters, never a formula.
//!
//! The header row is frozen and carries an autofilter; each column is as
//! wide as its widest cell (at most [`MAX_WIDTH`] pixels). Below the last
//! occurrence, a row `Tổng cộng` / `Total` sums the budget column with a
//! `SUM` formula whose value is stored with it, so readers that do not
//! calculate (programs, previews) see the total too. Past
//! [`SHEET_ROWS`] occurrences, they go on in a sheet `Lịch 2` (`Calendar 2`)
//! and so on, and the total, on the last, sums every sheet.
//!
//! The second sheet (`Kinh phí` / `Budget`) is the plan's own budget, one
//! line per activity, in plan and activity order (the lines of `check`'s
//! budget), and its total.
//!
//! The same plans give the same bytes: the document's date is the latest
//! `published` of the plans (in UTC), never the clock. The occurrences'
//! sheet is written in the library's constant-memory mode (a row at a time
//! through a temporary file), so a plan of a million rows needs no more
//! memory than the finished file.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rust_xlsxwriter::utility::{cell_autofit_width, cell_range, quote_sheet_name};
use rust_xlsxwriter::{DocProperties, Format, Formula, Workbook, Worksheet, XlsxError};

use crate::format::grouped;
use crate::occurrence::{Moment, Occurrence};
use crate::plan::{Plan, Selection};
use crate::words::{sheet, table, Common, Lang};

/// How to write the workbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The language of the headers, the words in the cells and the date format.
    pub lang: Lang,
    /// The outlets whose occurrences are kept.
    pub outlets: Selection,
}

/// The most occurrences one sheet holds: Excel's 1,048,576 rows, less the
/// header and the total. More go on to a sheet `Lịch 2` (`Calendar 2`), and so on.
pub const SHEET_ROWS: usize = 1_048_576 - 2;

/// The widest a column is made, in pixels (some 60 characters).
pub const MAX_WIDTH: u32 = 420;

/// How hard the zip container is compressed (1 to 9; the library's default is 6).
const ZIP_LEVEL: u8 = 3;

/// The budget column of the occurrences' sheet (`Kinh phí (đồng)`), from 0.
const BUDGET: u16 = 16;

/// The longest text a cell holds (Excel's limit, in characters).
const MAX_CELL_CHARS: usize = 32_767;

/// Writes the workbook of `occurrences` (all of them, in
/// [`crate::expand()`] order; [`Options::outlets`] picks the rows) and of
/// the budget of `plans` to `out`.
///
/// # Errors
/// Any write failure of `out`; a temporary folder that cannot be written.
pub fn write<W: Write>(
    out: W,
    plans: &[Plan],
    occurrences: &[Occurrence],
    options: &Options,
) -> io::Result<()> {
    let mut out = out;
    let bytes = render(plans, occurrences, options)?;
    out.write_all(&bytes)?;
    out.flush()
}

/// The workbook as bytes; see [`write()`].
///
/// # Errors
/// As [`write()`], but for writing.
pub fn render(
    plans: &[Plan],
    occurrences: &[Occurrence],
    options: &Options,
) -> io::Result<Vec<u8>> {
    let shown: Vec<&Occurrence> = occurrences
        .iter()
        .filter(|o| options.outlets.keeps(o.outlet))
        .collect();
    workbook(plans, &shown, options.lang, SHEET_ROWS).map_err(io::Error::other)
}

/// The formats of the cells.
struct Formats {
    header: Format,
    date: Format,
    time: Format,
    money: Format,
    total: Format,
    total_money: Format,
}

impl Formats {
    fn of(lang: Lang) -> Formats {
        let date = match lang {
            Lang::Vi => "dd/mm/yyyy",
            Lang::En => "yyyy-mm-dd",
        };
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format(date),
            time: Format::new().set_num_format("hh:mm"),
            money: Format::new().set_num_format("#,##0"),
            total: Format::new().set_bold(),
            total_money: Format::new().set_bold().set_num_format("#,##0"),
        }
    }
}

/// The workbook, `per_sheet` occurrences at most to a sheet.
fn workbook(
    plans: &[Plan],
    shown: &[&Occurrence],
    lang: Lang,
    per_sheet: usize,
) -> Result<Vec<u8>, XlsxError> {
    let words = sheet::Words::of(lang);
    let formats = Formats::of(lang);
    let mut book = Workbook::new();
    book.set_properties(&properties(plans));
    // Deflate at 3, not the default 6: a third less time for the big sheet
    // (n20: 5.2 s instead of 7.7 s), for a file a sixth larger.
    book.set_zip_compression_level(ZIP_LEVEL);

    let parts: Vec<&[&Occurrence]> = if shown.is_empty() {
        vec![shown]
    } else {
        shown.chunks(per_sheet.max(1)).collect()
    };
    // The budget cells of the sheets so far, and what they add up to.
    let mut sum = Sum::default();
    for (k, part) in parts.iter().enumerate() {
        let calendar = book.add_worksheet_with_constant_memory()?;
        let name = match k {
            0 => words.calendar.to_string(),
            _ => format!("{} {}", words.calendar, k + 1),
        };
        calendar.set_name(&name)?;
        let last = k + 1 == parts.len();
        occurrences_sheet(calendar, &name, part, lang, &formats, &mut sum, last)?;
    }

    let budget = book.add_worksheet();
    budget.set_name(words.budget)?;
    budget_sheet(budget, plans, lang, &formats)?;

    book.save_to_buffer()
}

/// The document's title (the plans') and date (their latest `published`).
fn properties(plans: &[Plan]) -> DocProperties {
    let title = plans
        .iter()
        .map(|p| p.title.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    let created = plans
        .iter()
        .map(|p| {
            // Plan time to UTC; a time the clocks skip stays as written.
            p.timezone
                .from_local_datetime(&p.published)
                .earliest()
                .map_or(p.published, |t| t.naive_utc())
        })
        .max()
        .unwrap_or(NaiveDateTime::MIN);
    DocProperties::new()
        .set_title(fit(&title))
        .set_creation_datetime(&created)
}

/// The first date written as a date value (see [`Cells::date`]).
const FIRST_DATE_VALUE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 3, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A sheet being written, and the width its columns need so far.
struct Cells<'s> {
    sheet: &'s mut Worksheet,
    widths: Vec<u32>,
}

impl Cells<'_> {
    fn new(sheet: &mut Worksheet, columns: usize) -> Cells<'_> {
        Cells {
            sheet,
            widths: vec![0; columns],
        }
    }

    fn widen(&mut self, col: u16, width: u32) {
        if let Some(w) = self.widths.get_mut(usize::from(col)) {
            *w = (*w).max(width);
        }
    }

    /// A text cell (none when `text` is empty), never a formula.
    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        let text = fit(text);
        self.widen(col, cell_autofit_width(&text));
        self.sheet.write_string(row, col, text)?;
        Ok(())
    }

    fn header(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
        // Bold is wider: an eighth more.
        let width = cell_autofit_width(text);
        self.widen(col, width + width / 8);
        self.sheet
            .write_string_with_format(row, col, text, format)?;
        Ok(())
    }

    /// Gives the cells of `col` that are written without one `format`
    /// (the library then looks no format up for each cell).
    fn column(&mut self, col: u16, format: &Format) -> Result<(), XlsxError> {
        self.sheet.set_column_format(col, format)?;
        Ok(())
    }

    /// A date, in its column's format ([`Cells::column`]). Spreadsheets
    /// count dates from 1900 (an earlier one would be a negative number,
    /// shown as `####`), and Excel and LibreOffice read January and
    /// February 1900 a day apart (Excel's 29 February 1900): such a date is
    /// text, as `lang` writes dates, with a note that says why.
    fn date(&mut self, row: u32, col: u16, date: NaiveDate, lang: Lang) -> Result<(), XlsxError> {
        self.widen(col, cell_autofit_width("00/00/0000"));
        if date < FIRST_DATE_VALUE {
            let text = match lang {
                Lang::Vi => crate::format::Dmy(date).to_string(),
                Lang::En => date.format("%Y-%m-%d").to_string(),
            };
            self.sheet.write_string(row, col, text)?;
            let note = rust_xlsxwriter::Note::new(sheet::Words::of(lang).before_1900)
                .set_author("castcal")
                .add_author_prefix(false);
            self.sheet.insert_note(row, col, &note)?;
            return Ok(());
        }
        self.sheet.write_datetime(row, col, date)?;
        Ok(())
    }

    /// A time of day, in its column's format.
    fn time(&mut self, row: u32, col: u16, time: NaiveTime) -> Result<(), XlsxError> {
        self.widen(col, cell_autofit_width("00:00"));
        self.sheet.write_datetime(row, col, time)?;
        Ok(())
    }

    /// An amount of đồng, in its column's format, or in `format`.
    fn money(
        &mut self,
        row: u32,
        col: u16,
        amount: u128,
        format: Option<&Format>,
    ) -> Result<(), XlsxError> {
        self.widen(col, cell_autofit_width(&grouped(amount)));
        // Exact below 2^53 đồng (some 9 million billion).
        #[allow(clippy::cast_precision_loss)]
        let amount = amount as f64;
        match format {
            Some(f) => self.sheet.write_number_with_format(row, col, amount, f)?,
            None => self.sheet.write_number(row, col, amount)?,
        };
        Ok(())
    }

    /// `=SUM(…)` of `sum`'s cells, with its value.
    fn sum(&mut self, row: u32, col: u16, sum: &Sum, f: &Format) -> Result<(), XlsxError> {
        if sum.ranges.is_empty() {
            return self.money(row, col, 0, Some(f));
        }
        let total = sum.total;
        self.widen(col, cell_autofit_width(&grouped(total)) + 4);
        let formula =
            Formula::new(format!("=SUM({})", sum.ranges.join(","))).set_result(total.to_string());
        self.sheet.write_formula_with_format(row, col, formula, f)?;
        Ok(())
    }

    /// Sets the widths found (once the rows are written: the library keeps
    /// the widths apart from the rows, even in constant-memory mode).
    fn set_widths(&mut self) -> Result<(), XlsxError> {
        for (col, width) in (0u16..).zip(self.widths.clone()) {
            self.sheet
                .set_column_width_pixels(col, width.clamp(24, MAX_WIDTH))?;
        }
        Ok(())
    }
}

/// Cells to add up, and their sum.
#[derive(Debug, Default)]
struct Sum {
    /// `Q2:Q67`, `'Lịch'!Q2:Q1048575`.
    ranges: Vec<String>,
    total: u128,
}

impl Sum {
    /// Adds the cells of `col` from `first` to `last` (none when `last`
    /// is above `first`), of the sheet `sheet` when given.
    fn add(&mut self, sheet: Option<&str>, first: u32, last: u32, col: u16) {
        if last < first {
            return;
        }
        let range = cell_range(first, col, last, col);
        self.ranges.push(match sheet {
            Some(name) => format!("{}!{range}", quote_sheet_name(name)),
            None => range,
        });
    }
}

/// `text`, cut to what a cell holds.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    // No more bytes than the limit: no more characters either.
    if text.len() > MAX_CELL_CHARS && text.chars().nth(MAX_CELL_CHARS).is_some() {
        std::borrow::Cow::Owned(text.chars().take(MAX_CELL_CHARS).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn row_of(i: usize) -> Result<u32, XlsxError> {
    u32::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

/// One sheet of occurrences, `shown`, named `name`; the total row (of
/// `sum`, with this sheet's cells) if it is the `last`.
fn occurrences_sheet(
    sheet: &mut Worksheet,
    name: &str,
    shown: &[&Occurrence],
    lang: Lang,
    formats: &Formats,
    sum: &mut Sum,
    last_sheet: bool,
) -> Result<(), XlsxError> {
    let columns = table::Words::of(lang).columns;
    let words = Common::of(lang);
    let mut cells = Cells::new(sheet, columns.len());
    for (col, name) in (0u16..).zip(columns) {
        cells.header(0, col, name, &formats.header)?;
    }
    for (col, format) in [
        (0, &formats.date),
        (2, &formats.time),
        (3, &formats.time),
        (4, &formats.date),
        (BUDGET, &formats.money),
    ] {
        cells.column(col, format)?;
    }
    let mut partners = String::new();
    for (i, o) in shown.iter().enumerate() {
        let row = row_of(i + 1)?;
        let first = o.start.date();
        let (times, end_date) = match (o.start, o.end) {
            (Moment::At(s), Moment::At(e)) => (Some((s.time(), e.time())), e.date_naive()),
            // A window's end is exclusive: its last day is the day before.
            _ => (None, o.dates().1),
        };
        let activity = o.activity;
        cells.date(row, 0, first, lang)?;
        cells.text(row, 1, words.weekday(first.weekday()))?;
        if let Some((s, e)) = times {
            cells.time(row, 2, s)?;
            cells.time(row, 3, e)?;
        }
        cells.date(row, 4, end_date, lang)?;
        cells.text(row, 5, words.yes_no(o.all_day()))?;
        cells.text(row, 6, o.outlet_id().unwrap_or(""))?;
        cells.text(row, 7, o.outlet.map_or("", |x| x.name.as_str()))?;
        cells.text(row, 8, &activity.id)?;
        cells.text(row, 9, o.title())?;
        cells.text(row, 10, words.kind(o.kind()))?;
        cells.text(row, 11, words.role(o.role()))?;
        cells.text(row, 12, words.status(o.status()))?;
        cells.text(row, 13, o.holiday.unwrap_or(""))?;
        cells.text(row, 14, activity.lead.as_deref().unwrap_or(""))?;
        partners.clear();
        for (k, p) in activity.partners.iter().enumerate() {
            if k > 0 {
                partners.push_str("; ");
            }
            partners.push_str(p);
        }
        cells.text(row, 15, &partners)?;
        if let Some(b) = o.budget_share {
            sum.total += u128::from(b);
            cells.money(row, BUDGET, u128::from(b), None)?;
        }
        cells.text(row, 17, &o.plan.id)?;
        cells.text(row, 18, &o.uid().to_string())?;
    }
    let last = row_of(shown.len())?;
    if last_sheet {
        // A sheet's own cells need no sheet name (and the file stays as it
        // was when there is one sheet).
        sum.add(None, 1, last, BUDGET);
        let total_word = sheet::Words::of(lang).total;
        cells.header(last + 1, 0, total_word, &formats.total)?;
        cells.sum(last + 1, BUDGET, sum, &formats.total_money)?;
    } else {
        sum.add(Some(name), 1, last, BUDGET);
    }
    cells.set_widths()?;
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    cells.sheet.set_freeze_panes(1, 0)?;
    cells.sheet.autofilter(0, 0, last, last_col)?;
    Ok(())
}

fn budget_sheet(
    sheet: &mut Worksheet,
    plans: &[Plan],
    lang: Lang,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let words = sheet::Words::of(lang);
    let mut cells = Cells::new(sheet, words.budget_columns.len());
    for (col, name) in (0u16..).zip(words.budget_columns) {
        cells.header(0, col, name, &formats.header)?;
    }
    cells.column(3, &formats.money)?;
    // The lines `check` shows (its `budget`): one per activity, in plan
    // and activity order.
    let lines = plans
        .iter()
        .flat_map(|p| p.activities.iter().map(move |a| (p, a)));
    let mut sum = Sum::default();
    let mut count = 0;
    for (i, (plan, activity)) in lines.enumerate() {
        let row = row_of(i + 1)?;
        cells.text(row, 0, &plan.id)?;
        cells.text(row, 1, &activity.id)?;
        cells.text(row, 2, &activity.title)?;
        if let Some(amount) = activity.budget_vnd {
            sum.total += u128::from(amount);
            cells.money(row, 3, u128::from(amount), None)?;
        }
        count = i + 1;
    }
    let last = row_of(count)?;
    cells.header(last + 1, 0, words.total, &formats.total)?;
    sum.add(None, 1, last, 3);
    cells.sum(last + 1, 3, &sum, &formats.total_money)?;
    cells.set_widths()?;
    cells.sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_column_is_the_csvs() {
        for lang in [Lang::Vi, Lang::En] {
            let columns = table::Words::of(lang).columns;
            assert_eq!(
                columns.get(usize::from(BUDGET)).copied(),
                sheet::Words::of(lang).budget_columns.get(3).copied()
            );
        }
    }

    /// Past a sheet's rows, the occurrences go on in `Lịch 2`, `Lịch 3`;
    /// the total, on the last, sums them all.
    #[test]
    fn more_rows_than_a_sheet_go_on_to_the_next() {
        use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
        let plan = crate::testing::daily_plan("Asia/Ho_Chi_Minh", "A", |i| format!("t{i}"));
        let plans = [plan];
        let occurrences = crate::expand(&plans).unwrap();
        let shown: Vec<&Occurrence> = occurrences.iter().collect();
        assert_eq!(shown.len(), 10_950);
        let bytes = workbook(&plans, &shown, Lang::Vi, 4000).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Lịch", "Lịch 2", "Lịch 3", "Kinh phí"]);
        let mut uids = Vec::new();
        for (name, rows) in [("Lịch", 4001), ("Lịch 2", 4001), ("Lịch 3", 2952)] {
            let range = book.worksheet_range(name).unwrap();
            assert_eq!(range.height(), rows, "{name}");
            let mut it = range.rows();
            assert_eq!(it.next().unwrap()[0], Data::String("Ngày".into()));
            uids.extend(it.filter_map(|r| match &r[18] {
                Data::String(uid) => Some(uid.clone()),
                _ => None,
            }));
        }
        let want: Vec<String> = shown.iter().map(|o| o.uid().to_string()).collect();
        assert_eq!(uids, want);
        let formulas = book.worksheet_formula("Lịch 3").unwrap();
        let total = formulas.get_value((2951, 16)).unwrap();
        assert_eq!(total, "SUM(Lịch!Q2:Q4001,'Lịch 2'!Q2:Q4001,Q2:Q2951)");
    }

    #[test]
    fn long_text_is_cut_to_a_cell() {
        let long = "ấ".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(fit(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(fit("=A1"), "=A1");
    }
}
