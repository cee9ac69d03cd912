//! A plan's own document (Kế hoạch) read into a schedule file.
//!
//! [`import`] reads the document ([`document`]: text, or a Word file's
//! paragraphs and table rows), finds its number, date, title and year, the
//! rows of its activity table (STT, Nội dung, Sản phẩm, Cơ quan chủ trì,
//! Cơ quan phối hợp, Thời gian thực hiện, Kinh phí thực hiện; a row with
//! no number continues the one before) and the periodic reports of its
//! section III, reads each cell with the phrase grammar of [`phrase`], and
//! writes the schedule file: above every activity a comment quoting its
//! cells, saying what was read and what was assumed. What it cannot read
//! becomes a tentative window of the period and a [`Warning`].
//!
//! ```
//! let plan = "Số: 12/KH-UBND\nAn Giang, ngày 02 tháng 1 năm 2024\n\nKẾ HOẠCH\nTuyên truyền năm 2024\n\n\
//! STT\tNội dung\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tKinh phí thực hiện\n\
//! 1\tChuyên mục: Dân vận\t12 kỳ/năm\tSở Nội vụ\tĐài PT-TH An Giang\t19 giờ 30 phút thứ Năm, tuần 2 - kênh ATV1, thời lượng 15 phút\t60.000.000 đồng\n";
//! let lines = castcal::import::document::parse("plan.txt".as_ref(), plan.as_bytes())?;
//! let imported = castcal::import::import_lines("plan.txt".as_ref(), &lines, &Default::default())?;
//! assert!(imported.warnings.is_empty());
//! assert!(imported.yaml.contains("rrule: \"FREQ=MONTHLY;BYDAY=2TH\""));
//! let plan = castcal::plan::load_one("plan.yaml".as_ref(), imported.yaml)?;
//! assert_eq!(castcal::expand(&[plan])?.len(), 12);
//! # Ok::<(), castcal::Error>(())
//! ```

pub mod document;
pub mod phrase;
mod write;

use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use unicode_normalization::UnicodeNormalization;

use crate::error::Error;
use crate::plan::{ActivityKind, OutletKind};
use crate::words::import as say;
use crate::words::{Common, Lang};
use document::Line;
use phrase::{Every, Fact, Found, Per};

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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timezone: chrono_tz::Asia::Ho_Chi_Minh,
            lang: Lang::Vi,
            holidays: Vec::new(),
            beside: None,
        }
    }
}

/// Something read with a doubt, at a line of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The document's line (a `.docx`'s paragraph or table row).
    pub line: usize,
    /// What was not understood, and what was written instead.
    pub message: String,
}

/// What [`import`] makes of a document.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The schedule file.
    pub yaml: String,
    /// What it could not read, in document order.
    pub warnings: Vec<Warning>,
}

/// Reads the document at `path` (text or `.docx`) into a schedule file.
///
/// # Errors
/// The document cannot be read ([`document::read`]) or holds no plan table
/// (no row with the columns STT, Nội dung and Thời gian thực hiện).
pub fn import(path: &Path, options: &Options) -> Result<Imported, Error> {
    let lines = document::read(path)?;
    import_lines(path, &lines, options)
}

/// [`import`] of a document's lines already read; `path` names it in
/// messages.
///
/// # Errors
/// The lines hold no plan table, or no year.
pub fn import_lines(path: &Path, lines: &[Line], options: &Options) -> Result<Imported, Error> {
    let tables = tables(lines);
    if tables.rows.is_empty() {
        return Err(Error::input(
            path,
            "no plan table: expected a header row with the columns STT, Nội dung and Thời gian \
             thực hiện (cells separated by tabs in a text file, a table in a .docx), and rows under it",
        ));
    }
    let header = header(lines, tables.first_line);
    let Some(year) = header.year else {
        return Err(Error::input(
            path,
            "no year: expected the plan's date (\"ngày 06 tháng 3 năm 2023\") or \"năm 2023\" in its title",
        ));
    };
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(Error::input(
            path,
            format!("the year {year} is out of range"),
        ));
    };
    let mut out = Import {
        lang: options.lang,
        from,
        to,
        outlets: Vec::new(),
        ids: Vec::new(),
        warnings: Vec::new(),
    };
    let mut activities = Vec::new();
    for row in &tables.rows {
        if let Some(a) = out.activity(row) {
            activities.push(a);
        }
    }
    let reports = out.reports(lines, tables.last_line, &activities);
    let (holidays, holidays_note) = holidays(options, year);
    let schedule = write::Schedule {
        lang: options.lang,
        id: plan_id(&header, year),
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
        outlets: out.outlets.clone(),
        activities,
        reports,
    };
    let yaml = write::yaml(&schedule);
    // What is written must load: a fault of the reading is said here, not
    // by the next command. (Holiday files are looked for where the file
    // will be, so they are left out of this check.)
    let check = if schedule.holidays.is_empty() {
        yaml.clone()
    } else {
        write::yaml(&write::Schedule {
            holidays: Vec::new(),
            ..schedule
        })
    };
    if let Err(e) = crate::plan::load_one(&path.with_extension("yaml"), check) {
        return Err(Error::input(
            path,
            format!(
                "the schedule read from it does not load ({}); please report this",
                Error::from(e).message()
            ),
        ));
    }
    let mut warnings = out.warnings;
    warnings.sort_by_key(|w| w.line);
    Ok(Imported { yaml, warnings })
}

/// The holiday files the plan names, and what a comment says of them:
/// those given; else those of the year in the `holidays/` folder beside the
/// schedule file (assumed, so said); else none, and that `check` will then
/// report no day off.
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
    if found.is_empty() {
        (Vec::new(), Some(w.no_holidays.to_string()))
    } else {
        (found, Some(w.holidays_found.to_string()))
    }
}

// ---------------------------------------------------------------- the table

/// The columns of a plan's table, found by their headers.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    number: usize,
    content: Option<usize>,
    product: Option<usize>,
    lead: Option<usize>,
    partners: Option<usize>,
    when: Option<usize>,
    budget: Option<usize>,
}

/// One row of the table, its continuation lines joined.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    line: usize,
    number: String,
    content: String,
    product: String,
    lead: String,
    partners: String,
    when: String,
    budget: String,
}

struct Tables {
    rows: Vec<Row>,
    first_line: usize,
    last_line: usize,
}

/// Lower case, NFC, one space between words.
fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The columns of a header row, if it is one.
fn header_row(cells: &[String]) -> Option<Columns> {
    let lower: Vec<String> = cells
        .iter()
        .map(|c| fold_space(&c.to_lowercase()))
        .collect();
    let find = |word: &str| lower.iter().position(|c| c.contains(word));
    let number = lower.iter().position(|c| c == "stt" || c == "tt")?;
    let columns = Columns {
        number,
        content: find("nội dung"),
        product: find("sản phẩm"),
        lead: find("chủ trì"),
        partners: find("phối hợp"),
        when: find("thời gian"),
        budget: find("kinh phí"),
    };
    (columns.content.is_some() && columns.when.is_some()).then_some(columns)
}

/// Whether a table's first cell numbers an item: `1`, `2.`, `III`.
fn is_item_number(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches('.');
    !c.is_empty()
        && c.chars().count() <= 6
        && (c.chars().all(|x| x.is_ascii_digit() || x == '.')
            || c.chars().all(|x| matches!(x, 'I' | 'V' | 'X')))
}

/// Every row of every plan table in the document.
fn tables(lines: &[Line]) -> Tables {
    let mut rows: Vec<Row> = Vec::new();
    let mut columns: Option<Columns> = None;
    let mut first_line = 0;
    let mut last_line = 0;
    for line in lines {
        let cells: Vec<String> = line.text.split('\t').map(fold_space).collect();
        if cells.len() < 2 {
            // A paragraph ends the table; blank lines (a page break) do not.
            if !line.text.trim().is_empty() {
                columns = None;
            }
            continue;
        }
        if let Some(c) = header_row(&cells) {
            if first_line == 0 {
                first_line = line.number;
            }
            columns = Some(c);
            continue;
        }
        let Some(c) = columns else { continue };
        last_line = line.number;
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).cloned().unwrap_or_default();
        let number = cell(Some(c.number));
        let new = Row {
            line: line.number,
            number: number.clone(),
            content: cell(c.content),
            product: cell(c.product),
            lead: cell(c.lead),
            partners: cell(c.partners),
            when: cell(c.when),
            budget: cell(c.budget),
        };
        match rows.last_mut() {
            // A row without a number goes on with the row before.
            Some(last) if !is_item_number(&number) && last.line < line.number => {
                let join = |a: &mut String, b: &str| {
                    if !b.is_empty() {
                        if !a.is_empty() {
                            a.push(' ');
                        }
                        a.push_str(b);
                    }
                };
                join(&mut last.content, &new.content);
                join(&mut last.product, &new.product);
                join(&mut last.lead, &new.lead);
                join(&mut last.partners, &new.partners);
                join(&mut last.when, &new.when);
                join(&mut last.budget, &new.budget);
            }
            _ => rows.push(new),
        }
    }
    // A heading row (a group's name, no time, product or budget) is no activity.
    rows.retain(|r| !(r.when.is_empty() && r.product.is_empty() && r.budget.is_empty()));
    Tables {
        rows,
        first_line,
        last_line,
    }
}

// ---------------------------------------------------------------- the header

#[derive(Debug, Default)]
struct Header {
    number: Option<String>,
    date: Option<NaiveDate>,
    place: Option<String>,
    title: Option<String>,
    year: Option<i32>,
}

impl Header {
    fn reference(&self) -> Option<String> {
        match (&self.number, self.date) {
            (Some(n), Some(d)) => Some(format!("{n}, {}", d.format("%d/%m/%Y"))),
            (Some(n), None) => Some(n.clone()),
            (None, Some(d)) => Some(d.format("%d/%m/%Y").to_string()),
            (None, None) => None,
        }
    }
}

/// The number, place, date, title and year, from the lines before the table.
fn header(lines: &[Line], table: usize) -> Header {
    let mut h = Header::default();
    let mut title: Vec<String> = Vec::new();
    let mut in_title = false;
    for line in lines.iter().take_while(|l| l.number < table) {
        let text = fold_space(&line.text.replace('\t', " "));
        let lower = text.to_lowercase();
        if in_title {
            if text.is_empty() {
                in_title = false;
            } else {
                title.push(text.clone());
            }
            continue;
        }
        if h.number.is_none() {
            if let Some(rest) = lower.strip_prefix("số") {
                if let Some(n) = rest.trim_start().strip_prefix(':') {
                    let n: String = text
                        .chars()
                        .skip(text.chars().count() - n.chars().count())
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    if !n.is_empty() {
                        h.number = Some(n);
                        continue;
                    }
                }
            }
        }
        if h.date.is_none() {
            let found = phrase::read(&text);
            if let Some(d) = found.iter().find_map(|f| match f.fact {
                Some(Fact::Date(d)) => Some(d),
                _ => None,
            }) {
                h.date = Some(d);
                h.place = text
                    .split_once(',')
                    .map(|(p, _)| p.trim().to_string())
                    .filter(|p| !p.is_empty() && p.chars().count() <= 40);
                continue;
            }
        }
        if h.title.is_none() && title.is_empty() {
            // `KẾ HOẠCH` in capitals, alone or before the title.
            if let Some(rest) = text.strip_prefix("KẾ HOẠCH") {
                in_title = true;
                let rest = rest.trim();
                if !rest.is_empty() {
                    title.push(rest.to_string());
                }
            }
        }
    }
    if !title.is_empty() {
        let joined = title.join(" ");
        let mut chars = joined.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_lowercase().collect())
            .unwrap_or_default();
        h.title = Some(format!("Kế hoạch {first}{}", chars.as_str()));
    }
    h.year = h
        .title
        .as_deref()
        .and_then(|t| {
            phrase::read(t).iter().find_map(|f| match f.fact {
                Some(Fact::Year(y)) => Some(y),
                _ => None,
            })
        })
        .or(h.date.map(|d| d.year()));
    h
}

/// `kg-61-2023`: the place's initials, the plan's number, the year.
fn plan_id(h: &Header, year: i32) -> String {
    let place = h
        .place
        .as_deref()
        .map(initials)
        .unwrap_or_default()
        .to_lowercase();
    let number: String = h
        .number
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let parts: Vec<String> = [place, number, year.to_string()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    let id = parts.join("-");
    if parts.len() == 1 {
        format!("ke-hoach-{id}")
    } else {
        id
    }
}

// ---------------------------------------------------------------- words

/// The text with its first letter a capital.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Letters without their marks, `đ` as `d`: `Kiên Giang` → `Kien Giang`.
pub(crate) fn ascii(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .filter(char::is_ascii)
        .collect()
}

/// The capitals of a name's words: `Báo Kiên Giang` → `BKG`.
fn initials(name: &str) -> String {
    ascii(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "cua" | "va"))
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A slug of at most `words` words: `Tọa đàm: …` → `toa-dam`.
fn slug(text: &str, words: usize) -> String {
    let head = match text.split_once(':') {
        Some((h, _)) if h.split_whitespace().count() <= 5 => h,
        _ => text,
    };
    let folded = ascii(head).to_ascii_lowercase();
    let parts: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(words)
        .collect();
    parts.join("-").chars().take(48).collect()
}

// ---------------------------------------------------------------- activities

/// An outlet of the written plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outlet {
    pub id: String,
    pub name: String,
    pub kind: OutletKind,
}

/// When an activity happens, as written in the schedule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Start {
    Day(NaiveDate),
    At(NaiveDate, NaiveTime),
}

/// A rerun of the written plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rerun {
    pub days_after: u32,
    pub at: Option<NaiveTime>,
    pub outlet: Option<String>,
}

/// One activity of the written plan, with what its comment says.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    pub item: String,
    /// The cells quoted: (label, text).
    pub cells: Vec<(&'static str, String)>,
    /// (the words, what they were read as).
    pub read: Vec<(String, String)>,
    pub assumed: Vec<String>,
    pub not_understood: Vec<String>,
    pub id: String,
    pub title: String,
    pub kind: ActivityKind,
    pub lead: Option<String>,
    pub partners: Vec<String>,
    pub product: Option<String>,
    pub budget: Option<u64>,
    pub expect: Option<u32>,
    pub outlet: Option<String>,
    pub start: Start,
    pub rrule: Option<String>,
    pub duration: String,
    pub tentative: bool,
    pub reruns: Vec<Rerun>,
}

/// What the reading of a document collects as it goes.
struct Import {
    lang: Lang,
    from: NaiveDate,
    to: NaiveDate,
    outlets: Vec<Outlet>,
    ids: Vec<String>,
    warnings: Vec<Warning>,
}

/// The facts of the premiere's part of a time cell (and of the product).
#[derive(Debug, Default)]
struct When {
    at: Option<NaiveTime>,
    end: Option<NaiveTime>,
    days: Vec<Weekday>,
    nth: Vec<i8>,
    every: Option<Every>,
    months: Vec<u32>,
    quarters: Vec<u32>,
    halves: Vec<u8>,
    year: Option<i32>,
    ongoing: bool,
    minutes: Option<u32>,
}

/// The shape of a rule, which gives both its RRULE and its first date.
#[derive(Debug, Clone)]
enum Shape {
    /// The n-th weekdays of the months (MONTHLY;BYDAY=3WE).
    Nth(Vec<(i8, Weekday)>),
    /// Every such weekday (WEEKLY;BYDAY=WE, or DAILY with months).
    Days(Vec<Weekday>),
    /// Every day.
    Daily,
    /// Days of the month (MONTHLY;BYMONTHDAY=1,-7).
    MonthDays(Vec<i32>),
}

fn byday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn join<T: ToString>(items: &[T], sep: &str) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(sep)
}

impl Shape {
    fn rrule(&self, months: &[u32]) -> String {
        let by_month = if months.is_empty() {
            String::new()
        } else {
            format!(";BYMONTH={}", join(months, ","))
        };
        match self {
            Shape::Nth(list) => {
                let days: Vec<String> = list
                    .iter()
                    .map(|(n, d)| format!("{n}{}", byday(*d)))
                    .collect();
                format!("FREQ=MONTHLY{by_month};BYDAY={}", days.join(","))
            }
            Shape::Days(days) => {
                let days: Vec<&str> = days.iter().map(|d| byday(*d)).collect();
                if months.is_empty() {
                    format!("FREQ=WEEKLY;BYDAY={}", days.join(","))
                } else {
                    format!("FREQ=DAILY{by_month};BYDAY={}", days.join(","))
                }
            }
            Shape::Daily => format!("FREQ=DAILY{by_month}"),
            Shape::MonthDays(days) => {
                format!("FREQ=MONTHLY{by_month};BYMONTHDAY={}", join(days, ","))
            }
        }
    }

    fn gives(&self, date: NaiveDate, months: &[u32]) -> bool {
        if !months.is_empty() && !months.contains(&date.month()) {
            return false;
        }
        let last = last_day(date);
        let day = i32::try_from(date.day()).unwrap_or(0);
        match self {
            Shape::Nth(list) => list.iter().any(|(n, d)| {
                date.weekday() == *d
                    && if *n > 0 {
                        (day - 1) / 7 + 1 == i32::from(*n)
                    } else {
                        (last - day) / 7 + 1 == -i32::from(*n)
                    }
            }),
            Shape::Days(days) => days.contains(&date.weekday()),
            Shape::Daily => true,
            Shape::MonthDays(days) => days.iter().any(|d| {
                if *d > 0 {
                    *d == day
                } else {
                    last + 1 + d == day
                }
            }),
        }
    }
}

/// The last day of `date`'s month.
fn last_day(date: NaiveDate) -> i32 {
    let first = date.with_day(1).unwrap_or(date);
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    let last = next.pred_opt().unwrap_or(date);
    i32::try_from(last.day()).unwrap_or(31)
}

/// The first day of a month of `year`.
fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

impl Import {
    fn warn(&mut self, line: usize, item: &str, what: String) {
        self.warnings.push(Warning {
            line,
            message: say::in_item(self.lang, item, &what),
        });
    }

    fn unique_id(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "hoat-dong" } else { base };
        let mut id = base.to_string();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.push(id.clone());
        id
    }

    /// The outlet a phrase names, added to the plan's outlets once.
    fn outlet(
        &mut self,
        kind: OutletKind,
        code: Option<&str>,
        name: Option<&str>,
        quote: &str,
        station: Option<&str>,
    ) -> Outlet {
        let (id, name) = match (kind, code) {
            (OutletKind::Tv | OutletKind::Radio, Some(code)) => {
                let name = match station {
                    Some(s) => format!("{s} – kênh {code}"),
                    None => format!("Kênh {code}"),
                };
                (code.to_string(), name)
            }
            _ => {
                // The words as written, without `của`: `Bản tin Bộ Nội vụ`.
                let words: Vec<&str> = quote.split_whitespace().filter(|w| *w != "của").collect();
                let full = capitalised(&words.join(" "));
                let id = if kind == OutletKind::Outdoor {
                    // What it is, without what it says: `PANO`.
                    let head = name.and_then(|n| quote.strip_suffix(n)).unwrap_or(quote);
                    ascii(head).to_ascii_uppercase()
                } else {
                    initials(&full)
                };
                (id, full)
            }
        };
        let mut id: String = id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(32)
            .collect();
        if let Some(o) = self.outlets.iter().find(|o| o.id == id && o.kind == kind) {
            return o.clone();
        }
        if id.is_empty() || crate::plan::is_reserved_outlet_id(&id) {
            id.push_str("OUT");
        }
        let base = id.clone();
        let mut n = 2;
        while self.outlets.iter().any(|o| o.id.eq_ignore_ascii_case(&id)) {
            id = format!("{base}{n}");
            n += 1;
        }
        let outlet = Outlet { id, name, kind };
        self.outlets.push(outlet.clone());
        outlet
    }

    /// Reads one row of the table into an activity.
    fn activity(&mut self, row: &Row) -> Option<Activity> {
        let lang = self.lang;
        let w = say::Words::of(lang);
        let item = if row.number.is_empty() {
            "?".to_string()
        } else {
            row.number.clone()
        };
        let mut read: Vec<(String, String)> = Vec::new();
        let mut assumed: Vec<String> = Vec::new();
        let mut not_understood: Vec<String> = Vec::new();
        let partners = partners(&row.partners);
        let station = partners
            .iter()
            .find(|p| p.starts_with("Đài"))
            .map(String::as_str);

        // The time cell: the premiere's part, then each `phát lại` part.
        let when_found = phrase::read(&row.when);
        let product_found = phrase::read(&row.product);
        let content_found = phrase::read(&row.content);
        let mut when = When::default();
        let mut outlet: Option<Outlet> = None;
        let mut others: Vec<String> = Vec::new();
        let mut reruns: Vec<(Rerun, bool)> = Vec::new(); // (rerun, day given)
        let mut part_days: Option<u32> = None;
        let mut part_start = 0;
        let mut in_reruns = false;
        let mut pending_outlet: Option<String> = None;
        let mut rerun_days: Vec<(String, Option<Weekday>)> = Vec::new();
        let mut frequency: Option<String> = None;
        let mut understood_when = false;
        let mut invalid: Vec<String> = Vec::new();

        let close_part = |reruns: &mut Vec<(Rerun, bool)>, from: usize, days: Option<u32>| {
            if let Some(d) = days {
                for (r, given) in reruns.iter_mut().skip(from) {
                    if !*given {
                        r.days_after = d;
                        *given = true;
                    }
                }
            }
        };

        for f in &when_found {
            let Some(fact) = &f.fact else {
                invalid.push(f.quote.clone());
                continue;
            };
            understood_when = true;
            if in_reruns {
                match fact {
                    Fact::Rerun => {
                        close_part(&mut reruns, part_start, part_days.take());
                        part_start = reruns.len();
                        read.push((f.quote.clone(), w.rerun_marker.to_string()));
                    }
                    Fact::At(t) => {
                        reruns.push((
                            Rerun {
                                days_after: 0,
                                at: Some(*t),
                                outlet: pending_outlet.take(),
                            },
                            false,
                        ));
                        read.push((
                            f.quote.clone(),
                            say::at(lang, &t.format("%H:%M").to_string()),
                        ));
                    }
                    Fact::Outlet { kind, code, name } => {
                        let o =
                            self.outlet(*kind, code.as_deref(), name.as_deref(), &f.quote, station);
                        read.push((f.quote.clone(), say::outlet(lang, &o.id, &o.name)));
                        let in_part = reruns.len() > part_start;
                        match reruns.last_mut() {
                            Some((r, _)) if r.outlet.is_none() && in_part => r.outlet = Some(o.id),
                            _ => pending_outlet = Some(o.id),
                        }
                    }
                    Fact::DaysAfter(d) => {
                        // Said of its own rerun when it follows one.
                        part_days = Some(*d);
                        read.push((f.quote.clone(), say::days_after(lang, *d)));
                    }
                    Fact::Day(d) => rerun_days.push((f.quote.clone(), Some(*d))),
                    Fact::Nth(_) | Fact::Months(_) => rerun_days.push((f.quote.clone(), None)),
                    Fact::Minutes(m) => {
                        when.minutes = Some(*m);
                        read.push((f.quote.clone(), say::minutes(lang, *m)));
                    }
                    Fact::Frequency(mhz) => {
                        frequency = Some(mhz.clone());
                        read.push((f.quote.clone(), say::frequency(lang, mhz)));
                    }
                    _ => {}
                }
                continue;
            }
            self.premiere_fact(
                f,
                fact,
                &mut when,
                &mut read,
                station,
                &mut outlet,
                &mut others,
                &mut frequency,
                &mut in_reruns,
            );
            if in_reruns {
                part_start = reruns.len();
            }
        }
        close_part(&mut reruns, part_start, part_days.take());

        // The product may say when (`vào tuần đầu và tuần cuối của tháng`);
        // the content, or else the product, where (`trên Báo Kiên Giang`).
        for f in &product_found {
            if let Some(
                fact @ (Fact::Day(_)
                | Fact::Nth(_)
                | Fact::Months(_)
                | Fact::Quarters(_)
                | Fact::Half(_)
                | Fact::Every(_)),
            ) = &f.fact
            {
                let mut ignore = false;
                self.premiere_fact(
                    f,
                    fact,
                    &mut when,
                    &mut read,
                    station,
                    &mut outlet,
                    &mut others,
                    &mut frequency,
                    &mut ignore,
                );
            }
        }
        for f in content_found.iter().chain(product_found.iter()) {
            let Some(Fact::Outlet { kind, code, name }) = &f.fact else {
                continue;
            };
            let o = self.outlet(*kind, code.as_deref(), name.as_deref(), &f.quote, station);
            if outlet.is_none() {
                read.push((f.quote.clone(), say::outlet(lang, &o.id, &o.name)));
                outlet = Some(o);
            } else if outlet.as_ref().is_some_and(|x| x.id != o.id) && !others.contains(&o.name) {
                // Named beside the outlet used: not one of the plan's outlets.
                let used = reruns
                    .iter()
                    .any(|(r, _)| r.outlet.as_deref() == Some(&o.id));
                if !used {
                    self.outlets.retain(|x| x.id != o.id);
                }
                read.push((f.quote.clone(), say::other_outlet(lang, &o.name)));
                others.push(o.name.clone());
            }
        }

        // A frequency belongs in the name of the radio channel.
        if let (Some(mhz), Some(o)) = (&frequency, &mut outlet) {
            if !o.name.contains("MHz") {
                o.name = format!("{} (FM {mhz} MHz)", o.name);
                if let Some(x) = self.outlets.iter_mut().find(|x| x.id == o.id) {
                    x.name = o.name.clone();
                }
            }
        }

        // Days said in a rerun's part describe the rerun's day: they must
        // agree with the days after the premiere.
        let premiere = when.days.first().copied();
        let agrees = rerun_days.iter().filter_map(|(_, d)| *d).all(|day| {
            reruns.iter().any(|(r, _)| {
                premiere.is_some_and(|p| {
                    let mut d = p;
                    for _ in 0..(r.days_after % 7) {
                        d = d.succ();
                    }
                    d == day
                })
            })
        });
        for (quote, _) in &rerun_days {
            read.push((quote.clone(), say::rerun_day(lang, agrees)));
            if !agrees {
                self.warn(
                    row.line,
                    &item,
                    format!("\"{quote}\": {}", say::rerun_day(lang, false)),
                );
            }
        }
        for q in &invalid {
            let message = say::invalid(lang, q);
            not_understood.push(message.clone());
            self.warn(row.line, &item, message);
        }

        // Counts and the budget.
        let mut counts: Vec<(u32, Per, String)> = Vec::new();
        for f in product_found.iter().chain(when_found.iter()) {
            if let Some(Fact::Count { n, per }) = &f.fact {
                counts.push((*n, *per, f.quote.clone()));
                let which = per_index(*per);
                read.push((f.quote.clone(), say::count(lang, *n, say::per(lang, which))));
            }
        }
        let budget_found = phrase::read(&row.budget);
        let mut budget = None;
        let mut no_budget = false;
        for f in &budget_found {
            match &f.fact {
                Some(Fact::Budget(n)) if budget.is_none() && !no_budget => {
                    budget = Some(*n);
                    read.push((f.quote.clone(), say::budget(lang, &grouped(*n))));
                }
                Some(Fact::NoBudget) if budget.is_none() && !no_budget => {
                    no_budget = true;
                    read.push((f.quote.clone(), w.no_budget.to_string()));
                }
                _ => {}
            }
        }
        if budget.is_none() && !no_budget && !row.budget.is_empty() {
            let message = say::budget_not_understood(lang, &row.budget);
            not_understood.push(message.clone());
            self.warn(row.line, &item, message);
        }

        // The kind follows the outlet.
        let kind = match outlet.as_ref().map(|o| o.kind) {
            Some(OutletKind::Tv | OutletKind::Radio) => ActivityKind::Broadcast,
            Some(OutletKind::Newspaper | OutletKind::Bulletin | OutletKind::Web) => {
                ActivityKind::Publication
            }
            Some(OutletKind::Outdoor) => ActivityKind::Campaign,
            None => ActivityKind::Event,
        };

        // The rule.
        let placed = self.place(&when, &counts, &mut assumed);
        let (start, rrule, duration, mut tentative, shape_windows) = match placed {
            Placed::Rule {
                start,
                rrule,
                duration,
                tentative,
            } => (start, rrule, duration, tentative, false),
            Placed::Window {
                start,
                rrule,
                duration,
            } => (Start::Day(start), rrule, duration, true, true),
            Placed::Unread(time) => {
                let message = match time {
                    Some(t) => say::time_without_day(lang, &t.format("%H:%M").to_string()),
                    None => say::when_not_understood(lang, &row.when),
                };
                not_understood.push(message.clone());
                self.warn(row.line, &item, message);
                (Start::Day(self.from), None, self.period_span(), true, true)
            }
        };
        if !understood_when && row.when.is_empty() && !shape_windows {
            tentative = true;
        }

        // Reruns of a timed premiere.
        let mut written_reruns = Vec::new();
        if matches!(start, Start::At(..)) {
            for (r, given) in &reruns {
                if !given {
                    assumed.push(w.rerun_same_day.to_string());
                }
                let o = r
                    .outlet
                    .clone()
                    .or_else(|| outlet.as_ref().map(|o| o.id.clone()));
                let at =
                    r.at.map(|t| t.format("%H:%M").to_string())
                        .unwrap_or_default();
                read.push((
                    String::new(),
                    say::rerun(lang, r.days_after, &at, o.as_deref().unwrap_or("-")),
                ));
                written_reruns.push(r.clone());
            }
        }

        // What the plan declares.
        let expect = self.expect(&counts, &when, kind, shape_windows, &rrule, &mut assumed);

        let id_base = slug(&row.content, 4);
        let id = self.unique_id(&id_base);
        let mut cells = vec![(w.when, row.when.clone())];
        if !row.product.is_empty() {
            cells.push((w.product, row.product.clone()));
        }
        if !row.budget.is_empty() {
            cells.push((w.budget, row.budget.clone()));
        }
        Some(Activity {
            item,
            cells,
            read,
            assumed,
            not_understood,
            id,
            title: if row.content.is_empty() {
                row.when.clone()
            } else {
                row.content.clone()
            },
            kind,
            lead: (!row.lead.is_empty()).then(|| row.lead.clone()),
            partners,
            product: (!row.product.is_empty()).then(|| row.product.clone()),
            budget,
            expect,
            outlet: outlet.map(|o| o.id),
            start,
            rrule,
            duration,
            tentative,
            reruns: written_reruns,
        })
    }

    /// Records a fact of the premiere's part.
    #[allow(clippy::too_many_arguments)]
    fn premiere_fact(
        &mut self,
        f: &Found,
        fact: &Fact,
        when: &mut When,
        read: &mut Vec<(String, String)>,
        station: Option<&str>,
        outlet: &mut Option<Outlet>,
        others: &mut Vec<String>,
        frequency: &mut Option<String>,
        in_reruns: &mut bool,
    ) {
        let lang = self.lang;
        let w = say::Words::of(lang);
        let common = Common::of(lang);
        let said = match fact {
            Fact::At(t) => {
                if when.at.is_none() {
                    when.at = Some(*t);
                } else if when.end.is_none() {
                    when.end = Some(*t);
                }
                say::at(lang, &t.format("%H:%M").to_string())
            }
            Fact::Day(d) => {
                if !when.days.contains(d) {
                    when.days.push(*d);
                }
                say::weekday(lang, common.weekday_long(*d))
            }
            Fact::Nth(n) => {
                if !when.nth.contains(n) {
                    when.nth.push(*n);
                }
                // Said once the weekday is known, by `place`.
                return;
            }
            Fact::Every(e) => {
                when.every = Some(*e);
                say::every(lang, every_index(*e))
            }
            Fact::Months(m) => {
                for x in m {
                    if !when.months.contains(x) {
                        when.months.push(*x);
                    }
                }
                say::months(lang, &join(m, ", "))
            }
            Fact::Quarters(q) => {
                for x in q {
                    if !when.quarters.contains(x) {
                        when.quarters.push(*x);
                    }
                }
                say::quarters(lang, &join(q, ", "))
            }
            Fact::Half(h) => {
                if !when.halves.contains(h) {
                    when.halves.push(*h);
                }
                say::half(lang, *h)
            }
            Fact::Year(y) => {
                when.year = Some(*y);
                say::year(lang, *y)
            }
            Fact::Ongoing => {
                when.ongoing = true;
                w.ongoing.to_string()
            }
            Fact::Outlet { kind, code, name } => {
                let before = self.outlets.len();
                let o = self.outlet(*kind, code.as_deref(), name.as_deref(), &f.quote, station);
                if outlet.is_none() {
                    let said = say::outlet(lang, &o.id, &o.name);
                    *outlet = Some(o);
                    said
                } else if outlet.as_ref().is_some_and(|x| x.id == o.id) {
                    say::outlet(lang, &o.id, &o.name)
                } else {
                    // Named beside the outlet used: not one of the plan's.
                    if self.outlets.len() > before {
                        self.outlets.truncate(before);
                    }
                    others.push(o.name.clone());
                    say::other_outlet(lang, &o.name)
                }
            }
            Fact::Frequency(mhz) => {
                *frequency = Some(mhz.clone());
                say::frequency(lang, mhz)
            }
            Fact::Rerun => {
                *in_reruns = true;
                w.rerun_marker.to_string()
            }
            Fact::Minutes(m) => {
                when.minutes = Some(*m);
                say::minutes(lang, *m)
            }
            // Counts are read with the product; budgets in their own cell.
            _ => return,
        };
        read.push((f.quote.clone(), said));
    }

    /// The whole period as one span: `P1Y` for a calendar year, else its days.
    fn period_span(&self) -> String {
        let calendar_year = self.from.month() == 1
            && self.from.day() == 1
            && self.to.month() == 12
            && self.to.day() == 31
            && self.from.year() == self.to.year();
        if calendar_year {
            "P1Y".to_string()
        } else {
            format!("P{}D", (self.to - self.from).num_days() + 1)
        }
    }

    /// Where the rule puts the premieres: a rule with its first date, a
    /// window, or nothing understood.
    fn place(
        &self,
        when: &When,
        counts: &[(u32, Per, String)],
        assumed: &mut Vec<String>,
    ) -> Placed {
        let lang = self.lang;
        let w = say::Words::of(lang);
        let common = Common::of(lang);
        let year = self.from.year();
        let mut months: Vec<u32> = when.months.clone();
        for q in &when.quarters {
            for m in (q * 3 - 2)..=(q * 3) {
                months.push(m);
            }
        }
        for h in &when.halves {
            let range = if *h == 1 { 1..=6 } else { 7..=12 };
            months.extend(range);
        }
        months.sort_unstable();
        months.dedup();
        months.retain(|m| (1..=12).contains(m));
        if months.len() == 12 {
            months.clear();
        }
        let every = when.every;
        if every == Some(Every::Quarter) && months.is_empty() && !when.days.is_empty() {
            months = vec![1, 4, 7, 10];
        }

        // A weekday: slots on those days.
        if !when.days.is_empty() {
            let mut nth = when.nth.clone();
            let mut tentative = false;
            if nth.is_empty() && matches!(every, Some(Every::Month | Every::Quarter)) {
                nth.push(1);
                let names: Vec<&str> = when.days.iter().map(|d| common.weekday_long(*d)).collect();
                assumed.push(say::first_week_assumed(lang, &names.join(", ")));
                tentative = true;
            }
            let shape = if nth.is_empty() {
                Shape::Days(when.days.clone())
            } else {
                Shape::Nth(
                    nth.iter()
                        .flat_map(|n| when.days.iter().map(move |d| (*n, *d)))
                        .collect(),
                )
            };
            if let Shape::Nth(list) = &shape {
                for (n, d) in list {
                    let rule = format!("{n}{}", byday(*d));
                    assumed_read_nth(assumed, lang, *n, common.weekday_long(*d), &rule);
                }
            }
            let Some(first) = self.first(&shape, &months) else {
                return Placed::Unread(when.at);
            };
            let rrule = Some(shape.rrule(&months));
            return match when.at {
                Some(t) => {
                    let duration = match (when.minutes, when.end) {
                        (Some(m), _) => format!("PT{m}M"),
                        (None, Some(end)) if end > t => {
                            format!("PT{}M", (end - t).num_minutes())
                        }
                        _ => {
                            assumed.push(w.no_length.to_string());
                            tentative = true;
                            "PT30M".to_string()
                        }
                    };
                    Placed::Rule {
                        start: Start::At(first, t),
                        rrule,
                        duration,
                        tentative,
                    }
                }
                None => {
                    assumed.push(w.no_time.to_string());
                    Placed::Rule {
                        start: Start::Day(first),
                        rrule,
                        duration: "P1D".to_string(),
                        tentative,
                    }
                }
            };
        }
        // A time with no weekday: every day, or not placed.
        if let Some(t) = when.at {
            if every == Some(Every::Day) {
                let shape = Shape::Daily;
                let Some(first) = self.first(&shape, &months) else {
                    return Placed::Unread(Some(t));
                };
                let duration = match when.minutes {
                    Some(m) => format!("PT{m}M"),
                    None => {
                        assumed.push(w.no_length.to_string());
                        "PT30M".to_string()
                    }
                };
                return Placed::Rule {
                    start: Start::At(first, t),
                    rrule: Some(shape.rrule(&months)),
                    duration,
                    tentative: when.minutes.is_none(),
                };
            }
            return Placed::Unread(Some(t));
        }
        // Weeks of the month with no weekday: 7-day windows.
        if !when.nth.is_empty() {
            let days: Vec<i32> = when
                .nth
                .iter()
                .map(|n| {
                    if *n < 0 {
                        -7
                    } else {
                        (i32::from(*n) - 1) * 7 + 1
                    }
                })
                .collect();
            for (n, d) in when.nth.iter().zip(&days) {
                assumed.push(say::week_window(lang, *n, *d));
            }
            let shape = Shape::MonthDays(days);
            let Some(first) = self.first(&shape, &months) else {
                return Placed::Unread(None);
            };
            return Placed::Window {
                start: first,
                rrule: Some(shape.rrule(&months)),
                duration: "P7D".to_string(),
            };
        }
        // Windows of months, quarters, halves, or of the year.
        let per_year = counts
            .iter()
            .find(|(_, p, _)| *p == Per::Year)
            .map(|(n, _, _)| *n);
        let has = |per: Per| counts.iter().any(|(_, p, _)| *p == per);
        let window = |start: Option<NaiveDate>,
                      rrule: Option<String>,
                      duration: &str,
                      what: String,
                      assumed: &mut Vec<String>| {
            assumed.push(say::windows(lang, &what, duration));
            match start {
                Some(start) => Placed::Window {
                    start,
                    rrule,
                    duration: duration.to_string(),
                },
                None => Placed::Unread(None),
            }
        };
        if !when.months.is_empty() && when.quarters.is_empty() && when.halves.is_empty() {
            let mut list = when.months.clone();
            list.sort_unstable();
            let start = list.first().and_then(|m| month_start(year, *m));
            let rrule =
                (list.len() > 1).then(|| format!("FREQ=YEARLY;BYMONTH={}", join(&list, ",")));
            return window(
                start,
                rrule,
                "P1M",
                say::months(lang, &join(&list, ", ")),
                assumed,
            );
        }
        if !when.quarters.is_empty() && when.halves.is_empty() {
            let mut list = when.quarters.clone();
            list.sort_unstable();
            let starts: Vec<u32> = list.iter().map(|q| q * 3 - 2).collect();
            let start = starts.first().and_then(|m| month_start(year, *m));
            let rrule =
                (starts.len() > 1).then(|| format!("FREQ=YEARLY;BYMONTH={}", join(&starts, ",")));
            return window(
                start,
                rrule,
                "P3M",
                say::quarters(lang, &join(&list, ", ")),
                assumed,
            );
        }
        if !when.halves.is_empty() {
            let mut list = when.halves.clone();
            list.sort_unstable();
            let start = list
                .first()
                .and_then(|h| month_start(year, if *h == 1 { 1 } else { 7 }));
            let rrule = (list.len() > 1).then(|| "FREQ=MONTHLY;INTERVAL=6".to_string());
            let what = list
                .iter()
                .map(|h| say::half(lang, *h))
                .collect::<Vec<_>>()
                .join(", ");
            return window(start, rrule, "P6M", what, assumed);
        }
        let every = every.or(if has(Per::Week) {
            Some(Every::Week)
        } else if has(Per::Month) || per_year == Some(12) {
            Some(Every::Month)
        } else if has(Per::Quarter) || per_year == Some(4) {
            Some(Every::Quarter)
        } else {
            None
        });
        let from = Some(self.from);
        // A window of each period the cadence names: its rule, its length,
        // and the cadence's words.
        let cadence = match every {
            Some(Every::Day) => Some(("FREQ=DAILY", "P1D", 0)),
            Some(Every::Week) => Some(("FREQ=WEEKLY", "P7D", 1)),
            Some(Every::Month) => Some(("FREQ=MONTHLY", "P1M", 2)),
            Some(Every::Quarter) => Some(("FREQ=MONTHLY;INTERVAL=3", "P3M", 3)),
            None => None,
        };
        if let Some((rule, span, words)) = cadence {
            return window(
                from,
                Some(rule.into()),
                span,
                say::every(lang, words),
                assumed,
            );
        }
        if per_year == Some(2) {
            window(
                from,
                Some("FREQ=MONTHLY;INTERVAL=6".into()),
                "P6M",
                format!("{}, {}", say::half(lang, 1), say::half(lang, 2)),
                assumed,
            )
        } else if when.ongoing || when.year.is_some() || !counts.is_empty() {
            window(from, None, "P1Y", w.ongoing.to_string(), assumed)
        } else {
            Placed::Unread(None)
        }
    }

    /// The first date of the period the shape gives.
    fn first(&self, shape: &Shape, months: &[u32]) -> Option<NaiveDate> {
        self.from
            .iter_days()
            .take_while(|d| *d <= self.to)
            .find(|d| shape.gives(*d, months))
    }

    /// The count the plan declares for the period, and how it was reckoned.
    fn expect(
        &self,
        counts: &[(u32, Per, String)],
        when: &When,
        kind: ActivityKind,
        window: bool,
        rrule: &Option<String>,
        assumed: &mut Vec<String>,
    ) -> Option<u32> {
        let lang = self.lang;
        let w = say::Words::of(lang);
        let find = |per: Per| counts.iter().find(|(_, p, _)| *p == per);
        let month_count = if when.months.is_empty() {
            12
        } else {
            u32::try_from(when.months.len()).unwrap_or(12)
        };
        if let Some((year, _, _)) = find(Per::Year) {
            if let Some((month, _, _)) = find(Per::Month) {
                if month.saturating_mul(month_count) != *year {
                    assumed.push(say::counts_disagree(lang, *month, month_count, *year));
                }
            }
            return Some(*year);
        }
        let halves: Vec<u32> = counts
            .iter()
            .filter(|(_, p, _)| matches!(p, Per::Half(_)))
            .map(|(n, _, _)| *n)
            .collect();
        if !halves.is_empty() {
            let n = halves.iter().fold(0u32, |a, b| a.saturating_add(*b));
            assumed.push(say::expect_from(lang, n, &join(&halves, " + ")));
            return Some(n);
        }
        if let Some((month, _, _)) = find(Per::Month) {
            let n = month.saturating_mul(month_count);
            assumed.push(say::expect_from(
                lang,
                n,
                &format!("{month} × {month_count}"),
            ));
            return Some(n);
        }
        if let Some((week, _, _)) = find(Per::Week) {
            let n = week.saturating_mul(52);
            assumed.push(say::expect_from(lang, n, &format!("{week} × 52")));
            return Some(n);
        }
        if let Some((quarter, _, _)) = find(Per::Quarter) {
            let n = quarter.saturating_mul(4);
            assumed.push(say::expect_from(lang, n, &format!("{quarter} × 4")));
            return Some(n);
        }
        if kind == ActivityKind::Event && window && rrule.is_none() {
            assumed.push(w.event_once.to_string());
            return Some(1);
        }
        None
    }

    /// The periodic reports of section III, one activity per cadence.
    fn reports(&mut self, lines: &[Line], after: usize, activities: &[Activity]) -> Vec<Activity> {
        let lang = self.lang;
        let w = say::Words::of(lang);
        let (mut quarter, mut half, mut year) = (false, false, false);
        let mut read: Vec<(String, String)> = Vec::new();
        let mut quoted: Vec<String> = Vec::new();
        let mut lead: Option<String> = None;
        let mut to: Option<String> = None;
        for line in lines
            .iter()
            .filter(|l| l.number > after && !l.text.contains('\t'))
        {
            let found = phrase::read(&line.text);
            let Some(at) = found
                .iter()
                .position(|f| matches!(f.fact, Some(Fact::Reports { .. })))
            else {
                continue;
            };
            if let Some(Found {
                fact:
                    Some(Fact::Reports {
                        quarter: q,
                        half: h,
                        year: y,
                    }),
                quote,
                ..
            }) = found.get(at)
            {
                quarter |= *q;
                half |= *h;
                year |= *y;
                let kinds = say::report_kinds(lang);
                let which: Vec<&str> = [*q, *h, *y]
                    .iter()
                    .zip(kinds)
                    .filter(|(on, _)| **on)
                    .map(|(_, k)| k)
                    .collect();
                read.push((quote.clone(), say::reports(lang, &which.join(", "))));
                quoted.push(sentence_of(&line.text, quote));
            }
            for f in found.iter().skip(at + 1) {
                match &f.fact {
                    Some(Fact::ReportTo(x)) if to.is_none() => {
                        to = Some(x.clone());
                        read.push((f.quote.clone(), say::report_to(lang, x)));
                    }
                    Some(Fact::Via(x)) if lead.is_none() => {
                        lead = Some(x.clone());
                        read.push((f.quote.clone(), say::via(lang, x)));
                    }
                    _ => {}
                }
            }
        }
        if !(quarter || half || year) {
            return Vec::new();
        }
        // Without `qua …`, the lead of most activities.
        let lead = lead.or_else(|| {
            let mut leads: Vec<&str> = activities
                .iter()
                .filter_map(|a| a.lead.as_deref())
                .collect();
            leads.sort_unstable();
            let most = leads
                .chunk_by(|a, b| a == b)
                .max_by_key(|c| c.len())
                .and_then(|c| c.first().copied());
            most.map(String::from)
        });
        let year_n = self.from.year();
        let end_of = |m: u32| {
            month_start(year_n, m)
                .and_then(|d| d.checked_add_months(Months::new(1)))
                .and_then(|d| d.pred_opt())
        };
        let mut out = Vec::new();
        let titles = w.report_titles;
        let plans: [Cadence; 3] = [
            (
                quarter,
                "bao-cao-quy",
                end_of(3),
                Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1".into()),
                4,
            ),
            (half, "bao-cao-6-thang", end_of(6), None, 1),
            (year, "bao-cao-nam", end_of(12), None, 1),
        ];
        let mut first = true;
        for ((on, id, due, rrule, expect), title) in plans.into_iter().zip(titles) {
            let Some(due) = due.filter(|_| on) else {
                continue;
            };
            let id = self.unique_id(id);
            out.push(Activity {
                item: "III".into(),
                cells: if first {
                    quoted.iter().map(|q| (w.text, q.clone())).collect()
                } else {
                    Vec::new()
                },
                read: if first { read.clone() } else { Vec::new() },
                assumed: if first {
                    vec![w.reports_due.to_string()]
                } else {
                    Vec::new()
                },
                not_understood: Vec::new(),
                id,
                title: title.to_string(),
                kind: ActivityKind::Deadline,
                lead: lead.clone(),
                partners: to.iter().cloned().collect(),
                product: None,
                budget: None,
                expect: Some(expect),
                outlet: None,
                start: Start::Day(due),
                rrule,
                duration: "P1D".into(),
                tentative: true,
                reruns: Vec::new(),
            });
            first = false;
        }
        out
    }
}

/// The reading of `tuần N` with its weekday goes with what was read.
fn assumed_read_nth(assumed: &mut Vec<String>, lang: Lang, n: i8, day: &str, rule: &str) {
    assumed.push(say::nth_weekday(lang, n, day, rule));
}

/// A cadence of reports: read or not, its id, its first due date, its
/// rule, its count.
type Cadence = (bool, &'static str, Option<NaiveDate>, Option<String>, u32);

/// Where the premieres go.
enum Placed {
    Rule {
        start: Start,
        rrule: Option<String>,
        duration: String,
        tentative: bool,
    },
    Window {
        start: NaiveDate,
        rrule: Option<String>,
        duration: String,
    },
    /// Not understood; a time of day when one was read.
    Unread(Option<NaiveTime>),
}

fn every_index(e: Every) -> usize {
    match e {
        Every::Day => 0,
        Every::Week => 1,
        Every::Month => 2,
        Every::Quarter => 3,
    }
}

fn per_index(p: Per) -> usize {
    match p {
        Per::Week => 0,
        Per::Month => 1,
        Per::Quarter => 2,
        Per::Half(1) => 3,
        Per::Half(_) => 4,
        Per::Year => 5,
    }
}

/// `91.596.816`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    let len = digits.chars().count();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The partners of a cell: split at commas, but `các sở, ban, ngành` is one.
fn partners(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in cell
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let lower_start = piece.chars().next().is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(last) if lower_start && last.chars().next().is_some_and(char::is_lowercase) => {
                last.push_str(", ");
                last.push_str(piece);
            }
            _ => out.push(piece.to_string()),
        }
    }
    out
}

/// The sentence of `text` that holds `quote`.
fn sentence_of(text: &str, quote: &str) -> String {
    let text = fold_space(text);
    let mut start = 0;
    for sentence in text.split_inclusive(". ") {
        let end = start + sentence.len();
        if sentence.contains(quote) {
            return sentence.trim().to_string();
        }
        start = end;
    }
    text
}
