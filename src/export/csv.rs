//! Occurrences as CSV, for Excel and LibreOffice Calc.
//!
//! One row per occurrence, in the order of [`crate::expand()`], after a header
//! row. The columns never change order (see [`table::Words`](crate::words::table::Words)); `--lang vi` changes
//! the header and the words in the cells, not the layout:
//!
//! | # | en | vi | cell |
//! |---|---|---|---|
//! | 1 | Date | Ngày | the local start date |
//! | 2 | Weekday | Thứ | `Mon`…`Sun` / `Thứ Hai`…`Chủ nhật` |
//! | 3 | Start | Giờ bắt đầu | `HH:MM`; empty for all-day items |
//! | 4 | End | Giờ kết thúc | `HH:MM`; empty for all-day items |
//! | 5 | End date | Ngày kết thúc | the last day of an all-day window (its exclusive end minus one day); the date a timed slot ends |
//! | 6 | All day | Cả ngày | `yes`/`no` / `có`/`không` |
//! | 7 | Outlet | Mã kênh | the outlet id; empty when the activity occupies none |
//! | 8 | Outlet name | Tên kênh | |
//! | 9 | Activity | Mã hoạt động | the activity id |
//! | 10 | Title | Nội dung | |
//! | 11 | Kind | Loại | `broadcast`… / `phát sóng`… |
//! | 12 | Role | Lượt phát | `premiere`/`rerun` / `lần đầu`/`phát lại` |
//! | 13 | Status | Trạng thái | `confirmed`/`tentative` / `chính thức`/`dự kiến` |
//! | 14 | Holiday | Ngày lễ | the name of the day off it falls on |
//! | 15 | Lead | Chủ trì | |
//! | 16 | Partners | Phối hợp | joined with `; ` |
//! | 17 | Budget (VND) | Kinh phí (đồng) | on premieres only; see [`Occurrence::budget_share`] |
//! | 18 | Plan | Kế hoạch | the plan id (as in the UID) |
//! | 19 | UID | UID | the occurrence's UID, the same as in the feeds |
//!
//! Dates are `YYYY-MM-DD` in English and `dd/mm/yyyy` in Vietnamese, the
//! forms spreadsheets in those locales read as dates.
//!
//! The bytes follow RFC 4180: CRLF after every row, a field quoted when it
//! holds the delimiter, a quote, CR or LF, quotes doubled; UTF-8, with a BOM
//! only when asked ([`Options::bom`], Excel needs it to read UTF-8).
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
//! formula, so every text cell that starts with one of those, a tab or a CR
//! gets a leading `'` ([`neutralise`]). Date, time and number cells are
//! written by castcal itself and never start with one of them, so they are
//! left as they are and stay dates and numbers.

use std::io::{self, Write};

use chrono::Datelike;

use crate::cores;
use crate::format::{push_date, push_time};
use crate::occurrence::{Moment, Occurrence};
use crate::plan::Selection;

use crate::words::{table, Common, Lang};

/// The field separator: `,` as RFC 4180 says, or `;` for the locales
/// (Vietnamese among them) whose spreadsheets use the comma as the decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delimiter {
    /// `,`, as RFC 4180 says.
    #[default]
    Comma,
    /// `;`, for spreadsheets that read the comma as the decimal mark.
    Semicolon,
}

impl Delimiter {
    /// Reads `,` or `;` (or the words `comma`, `semicolon`).
    ///
    /// # Errors
    /// Anything else, with a message that says what is accepted.
    pub fn parse(s: &str) -> Result<Delimiter, String> {
        match s {
            "," | "comma" => Ok(Delimiter::Comma),
            ";" | "semicolon" => Ok(Delimiter::Semicolon),
            _ => Err(crate::say!(
                "castcal không ghi dấu phân cách `{s}`; dùng `,` hoặc `;` (hoặc comma, semicolon)",
                "`{s}` is not a delimiter castcal writes; expected `,` or `;` (or comma, semicolon)"
            )
            .to_string()),
        }
    }

    fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        }
    }
}

/// How to write the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The language of the header row and of the words in the cells.
    pub lang: Lang,
    /// The field separator.
    pub delimiter: Delimiter,
    /// Start with the UTF-8 byte order mark, so that Excel reads the file as UTF-8.
    pub bom: bool,
    /// The outlets whose occurrences are kept.
    pub outlets: Selection,
}

/// The form of a CSV file: its language, separator and byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Form {
    /// The language of the header row and of the words in the cells.
    pub lang: Lang,
    /// The field separator.
    pub delimiter: Delimiter,
    /// Whether it starts with the UTF-8 byte order mark.
    pub bom: bool,
}

impl Form {
    /// The form of a published folder's CSV: commas, and the byte order
    /// mark Excel needs to read UTF-8.
    pub fn published(lang: Lang) -> Form {
        Form {
            lang,
            delimiter: Delimiter::Comma,
            bom: true,
        }
    }

    /// The options of a file of this form, of the outlets `outlets` keeps.
    pub fn options(self, outlets: Selection) -> Options {
        Options {
            lang: self.lang,
            delimiter: self.delimiter,
            bom: self.bom,
            outlets,
        }
    }
}

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the CSV of `occurrences` (all of them, in [`crate::expand()`]
/// order; [`Options::outlets`] picks the rows) to `out`.
///
/// # Errors
/// Any write failure of `out`.
pub fn write<W: Write>(out: W, occurrences: &[Occurrence], options: &Options) -> io::Result<()> {
    let mut out = out;
    if options.bom {
        out.write_all(BOM)?;
    }
    let builder = || {
        let mut b = ::csv::WriterBuilder::new();
        b.delimiter(options.delimiter.byte())
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary);
        b
    };
    let mut writer = builder().from_writer(out);
    let lang = options.lang;
    writer.write_record(table::Words::of(lang).columns)?;
    let shown: Vec<&Occurrence> = occurrences
        .iter()
        .filter(|o| options.outlets.keeps(o.outlet))
        .collect();
    // Rows in batches on every core, each batch its own writer of the same
    // settings: records are independent, so the bytes are those of one.
    let delimiter = options.delimiter.byte();
    let format = |batch: &[&Occurrence]| -> io::Result<Vec<u8>> {
        let mut rows = Vec::with_capacity(batch.len() * 256);
        let mut cells = Cells::default();
        for o in batch {
            cells.of(o, lang);
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    rows.push(delimiter);
                }
                push_field(&mut rows, cell, delimiter);
            }
            rows.extend_from_slice(b"\r\n");
        }
        Ok(rows)
    };
    let mut out = writer.into_inner().map_err(|e| e.into_error())?;
    cores::in_batches(&shown, BATCH, format, |bytes| out.write_all(&bytes?))?;
    out.flush()
}

/// How many rows a core formats at a time.
const BATCH: usize = 4096;

/// The CSV as bytes; see [`write()`].
///
/// # Errors
/// None in practice (it writes to memory); the type is [`write()`]'s.
pub fn render(occurrences: &[Occurrence], options: &Options) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write(&mut bytes, occurrences, options)?;
    Ok(bytes)
}

/// Writes one field as the `csv` crate writes it with
/// `QuoteStyle::Necessary` and CRLF records (which the header is written
/// with): quoted, its quotes doubled, when it holds the delimiter, a quote,
/// a CR or an LF; as it is otherwise. A record of several fields needs
/// nothing else.
fn push_field(out: &mut Vec<u8>, field: &[u8], delimiter: u8) {
    let quote = field
        .iter()
        .any(|&b| b == delimiter || b == b'"' || b == b'\r' || b == b'\n');
    if !quote {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// The cells of one row, written one after the other into one reusable
/// buffer: no cell is a string of its own.
#[derive(Debug, Default)]
struct Cells {
    text: String,
    ends: Vec<usize>,
}

impl Cells {
    /// The cells of `o`, in the order of the header row.
    fn of(&mut self, o: &Occurrence, lang: Lang) {
        use std::fmt::Write as _;
        let words = Common::of(lang);
        self.text.clear();
        self.ends.clear();
        let first = o.start.date();
        let (times, end_date) = match (o.start, o.end) {
            (Moment::At(s), Moment::At(e)) => (Some((s.time(), e.time())), e.date_naive()),
            // A window's end is exclusive: its last day is the day before.
            _ => (None, o.dates().1),
        };
        let activity = o.activity;
        push_date(&mut self.text, first, lang);
        self.end();
        self.text(words.weekday(first.weekday()));
        if let Some((s, e)) = times {
            push_time(&mut self.text, s);
            self.end();
            push_time(&mut self.text, e);
            self.end();
        } else {
            self.end();
            self.end();
        }
        push_date(&mut self.text, end_date, lang);
        self.end();
        self.text(words.yes_no(o.all_day()));
        self.text(o.outlet_id().unwrap_or(""));
        self.text(o.outlet.map_or("", |x| x.name.as_str()));
        self.text(&activity.id);
        self.text(o.title());
        self.text(words.kind(o.kind()));
        self.text(words.role(o.role()));
        self.text(words.status(o.status()));
        self.text(o.holiday.unwrap_or(""));
        self.text(activity.lead.as_deref().unwrap_or(""));
        match activity.partners.as_slice() {
            [] => self.end(),
            [one] => self.text(one),
            all => self.text(&all.join("; ")),
        }
        if let Some(b) = o.budget_share {
            // Writing to a String cannot fail.
            let _ = write!(self.text, "{b}");
        }
        self.end();
        self.text(&o.plan.id);
        // A UID starts with the plan's id, a slug: never a formula.
        let _ = write!(self.text, "{}", o.uid());
        self.end();
    }

    /// Ends a cell of `cell`, made safe to open ([`neutralise`]).
    fn text(&mut self, cell: &str) {
        self.text.push_str(&neutralise(cell));
        self.end();
    }

    /// Ends the cell written so far.
    fn end(&mut self) {
        self.ends.push(self.text.len());
    }

    /// The cells, as bytes.
    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let bytes = self.text.as_bytes();
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(move |(a, b)| bytes.get(a..b).unwrap_or_default())
    }
}

/// Makes a text cell safe to open: one that a spreadsheet would run as a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a CR) gets a leading
/// `'`, which spreadsheets read as "this is text". A tab alone is not
/// enough: Excel strips it and then runs the rest.
///
/// ```
/// use castcal::export::csv::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutralise("Tọa đàm - 2023"), "Tọa đàm - 2023");
/// ```
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan(yaml: &str) -> crate::plan::Plan {
        crate::plan::load_one("t.yaml".as_ref(), yaml.to_string()).unwrap()
    }

    const PLAN: &str = r#"
plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh,
        period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { KG: { name: "KG, kênh 1", kind: tv }, BKG: { name: Báo, kind: newspaper } }
activities:
  - { id: seg, title: Segment, kind: broadcast, outlet: KG, budget_vnd: 100,
      start: 2023-01-02T17:45, rrule: "FREQ=WEEKLY;COUNT=3", duration: PT12M,
      reruns: [{ days_after: 1, at: "06:00" }] }
  - { id: page, title: Page, kind: publication, outlet: BKG, budget_vnd: 7,
      start: 2023-01-01, rrule: "FREQ=MONTHLY;COUNT=2", duration: P7D }
"#;

    fn rows(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn text_cells_that_a_spreadsheet_would_run_get_a_quote() {
        let cases = [
            ("=1+2", "'=1+2"),
            ("+84 297 3862", "'+84 297 3862"),
            ("-2", "'-2"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            (
                "=HYPERLINK(\"http://x\";\"y\")",
                "'=HYPERLINK(\"http://x\";\"y\")",
            ),
            ("Tọa đàm", "Tọa đàm"),
            ("a=1", "a=1"),
            (" =1", " =1"),
            ("'=1", "'=1"),
            ("", ""),
            ("2023-01-18", "2023-01-18"),
        ];
        for (cell, want) in cases {
            assert_eq!(neutralise(cell), want, "cell {cell:?}");
        }
    }

    /// Rows formatted in batches on several cores are the rows written one
    /// by one, in order.
    #[test]
    fn batches_write_what_one_row_at_a_time_writes() {
        let p = crate::testing::daily_plan("Asia/Ho_Chi_Minh", "\"A, kênh\"", |i| {
            format!("\"=Tiêu đề {i}\"")
        });
        let occurrences = crate::expand(std::slice::from_ref(&p)).unwrap();
        assert!(occurrences.len() > 2 * BATCH, "{}", occurrences.len());
        let options = Options::default();
        let whole = render(&occurrences, &options).unwrap();
        let mut one_by_one = render(&[], &options).unwrap();
        for o in occurrences.iter() {
            let alone = render(std::slice::from_ref(o), &options).unwrap();
            let header = alone.iter().position(|b| *b == b'\n').unwrap() + 1;
            one_by_one.extend_from_slice(&alone[header..]);
        }
        assert!(whole == one_by_one, "the batched CSV differs");
    }

    #[test]
    fn dates_times_and_budgets_are_never_prefixed() {
        let mut p = plan(PLAN);
        for a in &mut p.activities {
            a.title = "-dash".into();
        }
        let mut occurrences = crate::expand(std::slice::from_ref(&p))
            .unwrap()
            .into_occurrences();
        for o in &mut occurrences {
            o.holiday = Some("@holiday");
        }
        let bytes = render(&occurrences, &Options::default()).unwrap();
        for row in rows(&bytes, b',').iter().skip(1) {
            assert_eq!(row[9], "'-dash");
            assert_eq!(row[13], "'@holiday");
            for cell in [&row[0], &row[2], &row[3], &row[4], &row[16]] {
                assert!(!cell.starts_with('\''), "{row:?}");
            }
        }
    }

    #[test]
    fn shares_split_the_budget_with_the_remainder_on_the_earliest_premieres() {
        let p = plan(PLAN);
        let occurrences = crate::expand(std::slice::from_ref(&p)).unwrap();
        let bytes = render(&occurrences, &Options::default()).unwrap();
        let got: Vec<(String, String, String)> = rows(&bytes, b',')
            .into_iter()
            .skip(1)
            .map(|r| (r[0].clone(), r[11].clone(), r[16].clone()))
            .collect();
        let want = [
            ("2023-01-01", "premiere", "4"),
            ("2023-01-02", "premiere", "34"),
            ("2023-01-03", "rerun", ""),
            ("2023-01-09", "premiere", "33"),
            ("2023-01-10", "rerun", ""),
            ("2023-01-16", "premiere", "33"),
            ("2023-01-17", "rerun", ""),
            ("2023-02-01", "premiere", "3"),
        ];
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_filtered_file_keeps_the_shares_of_the_whole_plan() {
        let p = plan(PLAN);
        let occurrences = crate::expand(std::slice::from_ref(&p)).unwrap();
        let options = Options {
            outlets: Selection::one(std::slice::from_ref(&p), "BKG").unwrap(),
            ..Options::default()
        };
        let bytes = render(&occurrences, &options).unwrap();
        let budgets: Vec<String> = rows(&bytes, b',')
            .into_iter()
            .skip(1)
            .map(|r| r[16].clone())
            .collect();
        assert_eq!(budgets, ["4", "3"]);
    }

    #[test]
    fn delimiters() {
        assert_eq!(Delimiter::parse(","), Ok(Delimiter::Comma));
        assert_eq!(Delimiter::parse("semicolon"), Ok(Delimiter::Semicolon));
        assert_eq!(
            crate::words::said::show_in(crate::words::Lang::En, || Delimiter::parse("\t")),
            Err(
                "`\t` is not a delimiter castcal writes; expected `,` or `;` (or comma, semicolon)"
                    .into()
            )
        );
    }

    #[test]
    fn a_title_with_comma_quote_and_newline_is_quoted_and_doubled() {
        let mut p = plan(PLAN);
        p.activities[1].title = "Tin, bài \"CCHC\"\nkỳ 1".into();
        let mut occurrences = crate::expand(std::slice::from_ref(&p))
            .unwrap()
            .into_occurrences();
        occurrences.truncate(1);
        let bytes = render(&occurrences, &Options::default()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let (_, row) = text.split_once("\r\n").unwrap();
        assert_eq!(
            row,
            "2023-01-01,Sun,,,2023-01-07,yes,BKG,Báo,page,\"Tin, bài \"\"CCHC\"\"\nkỳ 1\",\
             publication,premiere,confirmed,,,,4,p,p.page.20230101@castcal\r\n"
        );
    }

    #[test]
    fn a_field_is_quoted_for_the_delimiter_in_use() {
        let p = plan(PLAN);
        let occurrences = crate::expand(std::slice::from_ref(&p)).unwrap();
        let mut options = Options::default();
        let comma = String::from_utf8(render(&occurrences, &options).unwrap()).unwrap();
        options.delimiter = Delimiter::Semicolon;
        let semicolon = String::from_utf8(render(&occurrences, &options).unwrap()).unwrap();
        assert!(comma.contains(",\"KG, kênh 1\","));
        assert!(semicolon.contains(";KG, kênh 1;"));
        assert!(semicolon.starts_with("Date;Weekday;Start;"));
    }

    #[test]
    fn a_slot_that_ends_after_midnight_ends_on_the_next_day() {
        let p = plan(
            r#"
plan: { id: n, title: N, timezone: Asia/Ho_Chi_Minh,
        period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { KG: { name: KG, kind: tv } }
activities:
  - { id: late, title: Late, kind: broadcast, outlet: KG, start: 2023-01-02T23:30,
      rdates: [2023-01-03T23:00], duration: PT1H }
"#,
        );
        let occurrences = crate::expand(std::slice::from_ref(&p)).unwrap();
        let options = Options {
            lang: Lang::Vi,
            ..Options::default()
        };
        let text = String::from_utf8(render(&occurrences, &options).unwrap()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").skip(1).collect();
        assert_eq!(
            lines,
            [
                "02/01/2023,Thứ Hai,23:30,00:30,03/01/2023,không,KG,KG,late,Late,\
                 phát sóng,lần đầu,chính thức,,,,,n,n.late.20230102@castcal",
                "03/01/2023,Thứ Ba,23:00,00:00,04/01/2023,không,KG,KG,late,Late,\
                 phát sóng,lần đầu,chính thức,,,,,n,n.late.20230103@castcal",
                "",
            ]
        );
    }

    #[test]
    fn budgets_of_two_plans_with_the_same_activity_id_stay_apart() {
        let a = plan(PLAN);
        let b = plan(
            &PLAN
                .replace("id: p,", "id: q,")
                .replace("budget_vnd: 7", "budget_vnd: 9"),
        );
        let plans = [a, b];
        let occurrences = crate::expand(&plans).unwrap();
        let bytes = render(&occurrences, &Options::default()).unwrap();
        let pages: Vec<(String, String)> = rows(&bytes, b',')
            .into_iter()
            .filter(|r| r[8] == "page")
            .map(|r| (r[17].clone(), r[16].clone()))
            .collect();
        let want = [("p", "4"), ("q", "5"), ("p", "3"), ("q", "4")];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(pages, want);
    }

    proptest! {
        /// A field is written as the `csv` crate writes it, in a record of
        /// two, with either delimiter.
        #[test]
        fn fields_are_written_as_the_csv_crate_writes_them(field in "\\PC*|[a,;\"\r\n ]{0,6}", semicolon: bool) {
            let delimiter = if semicolon { b';' } else { b',' };
            let mut want = ::csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(::csv::Terminator::CRLF)
                .quote_style(::csv::QuoteStyle::Necessary)
                .from_writer(Vec::new());
            want.write_record([field.as_bytes(), b"x"]).unwrap();
            let want = want.into_inner().unwrap();
            let mut got = Vec::new();
            push_field(&mut got, field.as_bytes(), delimiter);
            got.push(delimiter);
            push_field(&mut got, b"x", delimiter);
            got.extend_from_slice(b"\r\n");
            prop_assert_eq!(got, want);
        }

        /// Whatever the title, a CSV reader gets it back (less the `'` of
        /// a neutralised cell), with either delimiter.
        #[test]
        fn titles_survive_a_csv_reader(title in "\\PC*|[=+\\-@\t\r\n\",;' ]{0,8}", semicolon: bool) {
            let mut p = plan(PLAN);
            for a in &mut p.activities {
                a.title.clone_from(&title);
            }
            let mut occurrences = crate::expand(std::slice::from_ref(&p)).unwrap().into_occurrences();
            occurrences.truncate(2);
            let delimiter = if semicolon { Delimiter::Semicolon } else { Delimiter::Comma };
            let options = Options { delimiter, ..Options::default() };
            let bytes = render(&occurrences, &options).unwrap();
            let rows = rows(&bytes, delimiter.byte());
            prop_assert_eq!(rows.len(), 3);
            for row in &rows[1..] {
                prop_assert_eq!(row.len(), table::Words::EN.columns.len());
                prop_assert_eq!(&row[9], &neutralise(&title).into_owned());
            }
        }
    }
}
