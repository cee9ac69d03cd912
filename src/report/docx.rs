//! The report as a Word document, laid out as Vietnamese administrative
//! documents are (Nghị định 30/2020/NĐ-CP on their form): A4, Times New
//! Roman 13 pt, margins of 2 cm top and bottom, 3 cm left and 1.5 cm right;
//! the issuer and the national heading side by side, the title in bold
//! capitals, the body justified, the tables with their header in bold.
//!
//! Written by the `docx-rs` crate, which escapes every text it is given;
//! characters XML cannot carry (control characters from a log) are
//! written as spaces.

use std::io;

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell,
    TableRow, VAlignType, WidthType,
};

use super::{percent, Facts};
use crate::format::{money, Dated, Day};
use crate::occurrence::Moment;
use crate::reconcile::Status;
use crate::words::report::{self as said, Words};
use crate::words::{Common, Lang};

const FONT: &str = "Times New Roman";
/// Sizes in half-points.
const BODY: usize = 26;
const TITLE: usize = 28;
const TABLE: usize = 20;
const TABLE_HEAD: usize = 18;
/// A4 in twips, and the width between the margins.
const PAGE: (u32, u32) = (11906, 16838);
const TEXT_WIDTH: usize = 9355;
/// The most occurrences the tables of each activity list: beyond, only those
/// late, moved, missed or unknown (every one is in the annex).
const DETAIL_ROWS: usize = 2000;

/// Text as XML can carry it: other control characters as spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn run(text: &str) -> Run {
    Run::new().add_text(clean(text))
}

fn centered(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text))
        .align(AlignmentType::Center)
}

fn bold_centered(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text).bold())
        .align(AlignmentType::Center)
}

/// A paragraph of the body: justified, its first line indented 1 cm.
fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text).bold())
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .keep_next(true)
}

/// How a column's cells are aligned.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

fn cell(text: &str, bold: bool, align: Align, width: usize) -> TableCell {
    let mut r = run(text).size(TABLE);
    if bold {
        r = r.bold();
    }
    cell_of(r, align, width)
}

fn cell_of(r: Run, align: Align, width: usize) -> TableCell {
    let align = match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    };
    TableCell::new()
        .add_paragraph(Paragraph::new().add_run(r).align(align))
        .vertical_align(VAlignType::Center)
        .width(width, WidthType::Dxa)
}

/// A table: its header row in bold, then its rows (a last row of totals
/// in bold when `total`).
fn table(columns: &[(&str, usize, Align)], rows: &[Vec<String>], total: bool) -> Table {
    let widths: Vec<usize> = columns.iter().map(|c| c.1).collect();
    let head = TableRow::new(
        columns
            .iter()
            .map(|(name, width, _)| {
                cell_of(run(name).bold().size(TABLE_HEAD), Align::Center, *width)
            })
            .collect(),
    )
    .cant_split();
    let mut all = vec![head];
    for (k, row) in rows.iter().enumerate() {
        let bold = total && k + 1 == rows.len();
        all.push(
            TableRow::new(
                row.iter()
                    .zip(columns)
                    .map(|(text, (_, width, align))| cell(text, bold, *align, *width))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(all)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// A moment as the report writes it: `Thứ Tư 18/01/2023 17:45`.
fn when(m: Moment, lang: Lang) -> String {
    match m {
        Moment::At(t) => format!("{} {}", Dated(t.date_naive(), lang), t.format("%H:%M")),
        Moment::Day(d) => Dated(d, lang).to_string(),
    }
}

/// The report as `.docx` bytes.
pub(super) fn render(f: &Facts) -> io::Result<Vec<u8>> {
    let lang = f.options.lang;
    let words = Words::of(lang);
    let period = f.options.period.name(lang);
    let date = f.options.date;
    let stamp = format!("{}T00:00:00Z", date.format("%Y-%m-%d"));
    let mut doc = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(850)
                .header(720)
                .footer(720),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(BODY)
        .created_at(&stamp)
        .updated_at(&stamp);

    // The issuer and the national heading, side by side, without borders.
    let issuer = f.issuer.as_deref().unwrap_or(words.blank);
    let left = TableCell::new()
        .add_paragraph(bold_centered(&issuer.to_uppercase()))
        .add_paragraph(centered(words.number))
        .width(3600, WidthType::Dxa);
    use chrono::Datelike;
    let right = TableCell::new()
        .add_paragraph(bold_centered(words.nation).size(24))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(words.motto).bold().underline("single"))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(
                    run(&said::place_and_date(
                        lang,
                        date.day(),
                        date.month(),
                        date.year(),
                    ))
                    .italic(),
                )
                .align(AlignmentType::Center),
        )
        .width(TEXT_WIDTH - 3600, WidthType::Dxa);
    doc = doc.add_table(
        Table::without_borders(vec![TableRow::new(vec![left, right])])
            .set_grid(vec![3600, TEXT_WIDTH - 3600])
            .width(TEXT_WIDTH, WidthType::Dxa),
    );

    // The title, the subject, the period and how it was counted.
    let titles: Vec<&str> = f.plans.iter().map(|p| p.title.as_str()).collect();
    let subject = said::subject(lang, &titles.join("; "));
    let period_title = capitalised(&period);
    doc = doc
        .add_paragraph(Paragraph::new())
        .add_paragraph(bold_centered(words.report).size(TITLE))
        .add_paragraph(bold_centered(&subject))
        .add_paragraph(bold_centered(&period_title))
        .add_paragraph(
            Paragraph::new()
                .add_run(
                    run(&said::period_rule(
                        lang,
                        Day(f.from, lang),
                        Day(f.to, lang),
                        !f.options.period.calendar,
                    ))
                    .italic(),
                )
                .align(AlignmentType::Center),
        );
    if !f.recipients.is_empty() {
        let to = format!("{}{}.", words.to, f.recipients.join("; "));
        doc = doc.add_paragraph(centered(&to));
    }
    doc = doc.add_paragraph(Paragraph::new());
    let references: Vec<&str> = f
        .plans
        .iter()
        .filter_map(|p| p.reference.as_deref())
        .collect();
    let reference = (!references.is_empty()).then(|| references.join("; "));
    doc = doc.add_paragraph(body(&said::opening(
        lang,
        &titles.join("; "),
        reference.as_deref(),
        issuer,
        &period,
    )));
    if f.through < f.to {
        doc = doc.add_paragraph(body(&said::as_of(lang, Day(f.through, lang))));
    }

    // I. Results: the summary, each activity, what aired outside the plan.
    doc = doc
        .add_paragraph(heading(words.results))
        .add_paragraph(heading(words.summary))
        .add_table(summary(f));
    doc = doc.add_paragraph(heading(words.details));
    // A large plan's every occurrence is the annex's: here, what went wrong.
    let total: usize = f.activities.iter().map(|a| a.occurrences.len()).sum();
    let cut = total > DETAIL_ROWS;
    if cut {
        doc = doc.add_paragraph(body(&said::details_cut(lang, total, DETAIL_ROWS)));
    }
    let mut room = DETAIL_ROWS;
    let mut k = 0;
    for a in &f.activities {
        let Some(activity) = f.activity(a.group) else {
            continue;
        };
        let shown: Vec<(usize, usize)> = a
            .occurrences
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, i)| {
                !cut || matches!(
                    f.r.status(*i),
                    Status::Late | Status::Moved | Status::Missed | Status::Unknown
                )
            })
            .take(room)
            .collect();
        if shown.is_empty() {
            continue;
        }
        room -= shown.len();
        k += 1;
        doc = doc
            .add_paragraph(heading(&format!("2.{k}. {}", activity.title)))
            .add_table(details(f, &shown));
    }
    doc = doc.add_paragraph(heading(words.unplanned));
    let unplanned = f.unplanned();
    if unplanned.is_empty() {
        doc = doc.add_paragraph(body(words.no_unplanned));
    } else {
        let c = words.unplanned_columns;
        let columns = [
            (c[0], 600, Align::Center),
            (c[1], 1200, Align::Center),
            (c[2], 2600, Align::Left),
            (c[3], 2955, Align::Left),
            (c[4], 2000, Align::Left),
        ];
        let rows: Vec<Vec<String>> = unplanned
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let end = match u.end {
                    Some(Moment::At(t)) => format!("–{}", t.format("%H:%M")),
                    _ => String::new(),
                };
                vec![
                    (i + 1).to_string(),
                    u.outlet.to_string(),
                    format!("{}{end}", when(u.start, lang)),
                    u.title.to_string(),
                    u.evidence.clone(),
                ]
            })
            .collect();
        doc = doc.add_table(table(&columns, &rows, false));
    }

    // II. What remains.
    doc = doc.add_paragraph(heading(words.remains));
    let mut any = false;
    for a in &f.activities {
        let Some(activity) = f.activity(a.group) else {
            continue;
        };
        let missed = a.count(Status::Missed);
        if missed == 0 && a.after == 0 {
            continue;
        }
        any = true;
        let last = a.last.map(|d| Day(d, lang));
        doc = doc.add_paragraph(body(&said::remaining(
            lang,
            &activity.title,
            missed,
            a.after,
            last,
        )));
    }
    if !any {
        doc = doc.add_paragraph(body(words.nothing_missed));
    }

    // III. The budget.
    doc = doc
        .add_paragraph(heading(words.budget))
        .add_paragraph(body(words.budget_rule));
    for line in &f.settlement.lines {
        let (Some(budget), Some(activity)) = (line.budget, f.activity(line.group)) else {
            continue;
        };
        if line.issues == 0 {
            continue;
        }
        let sentence = said::division(
            lang,
            &money(u128::from(budget), lang),
            line.issues,
            &money(u128::from(line.each), lang),
            line.remainder,
        );
        doc = doc.add_paragraph(body(&format!("- {}: {sentence}", activity.title)));
    }
    doc = doc.add_table(budget(f));

    // The closing: who gets a copy, who signs.
    let mut copies = TableCell::new()
        .add_paragraph(Paragraph::new().add_run(run(words.copies).bold().italic().size(24)))
        .width(4400, WidthType::Dxa);
    for line in words.copies_lines {
        copies = copies.add_paragraph(Paragraph::new().add_run(run(line).size(22)));
    }
    let signer = TableCell::new()
        .add_paragraph(bold_centered(words.signer))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(words.signature).italic())
                .align(AlignmentType::Center),
        )
        .width(TEXT_WIDTH - 4400, WidthType::Dxa);
    doc = doc.add_paragraph(Paragraph::new()).add_table(
        Table::without_borders(vec![TableRow::new(vec![copies, signer])])
            .set_grid(vec![4400, TEXT_WIDTH - 4400])
            .width(TEXT_WIDTH, WidthType::Dxa),
    );

    let mut out = io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| io::Error::other(e.to_string()))?;
    Ok(out.into_inner())
}

/// `quý I năm 2023` → `Quý I năm 2023`.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The summary table: each activity's counts in the period, and the total.
fn summary(f: &Facts) -> Table {
    let lang = f.options.lang;
    let c = Words::of(lang).summary_columns;
    let columns = [
        (c[0], 600, Align::Center),
        (c[1], 2020, Align::Left),
        (c[2], 1300, Align::Left),
        (c[3], 760, Align::Right),
        (c[4], 760, Align::Right),
        (c[5], 760, Align::Right),
        (c[6], 760, Align::Right),
        (c[7], 760, Align::Right),
        (c[8], 760, Align::Right),
        (c[9], 875, Align::Right),
    ];
    let mut rows = Vec::new();
    let mut totals = [0usize; 7];
    for (k, a) in f.activities.iter().enumerate() {
        let Some(activity) = f.activity(a.group) else {
            continue;
        };
        let planned = a.occurrences.len();
        let open = a.count(Status::Unknown) + a.count(Status::Pending);
        let row = [
            planned,
            a.carried_out(),
            a.count(Status::Late),
            a.count(Status::Moved),
            a.count(Status::Missed),
            open,
        ];
        for (t, n) in totals.iter_mut().zip(row) {
            *t += n;
        }
        let mut cells = vec![(k + 1).to_string(), activity.title.clone(), f.outlets(a)];
        cells.extend(row.iter().map(usize::to_string));
        cells.push(percent(a.carried_out(), planned, lang));
        rows.push(cells);
    }
    let mut last = vec![
        String::new(),
        Words::of(lang).total.to_string(),
        String::new(),
    ];
    last.extend(totals.iter().take(6).map(usize::to_string));
    let (planned, carried) = (totals.first().copied(), totals.get(1).copied());
    last.push(percent(carried.unwrap_or(0), planned.unwrap_or(0), lang));
    rows.push(last);
    table(&columns, &rows, true)
}

/// Occurrences of an activity (their number in it, their index): planned,
/// what happened, the evidence.
fn details(f: &Facts, shown: &[(usize, usize)]) -> Table {
    let lang = f.options.lang;
    let words = Words::of(lang);
    let common = Common::of(lang);
    let c = words.detail_columns;
    let columns = [
        (c[0], 600, Align::Center),
        (c[1], 1800, Align::Left),
        (c[2], 1500, Align::Left),
        (c[3], 900, Align::Center),
        (c[4], 1400, Align::Left),
        (c[5], 1655, Align::Left),
        (c[6], 1500, Align::Left),
    ];
    let occurrences = f.r.occurrences();
    let rows: Vec<Vec<String>> = shown
        .iter()
        .filter_map(|&(k, i)| {
            let o = occurrences.get(i)?;
            let planned = match o.start {
                Moment::At(_) => when(o.start, lang),
                Moment::Day(_) => {
                    let (first, last) = o.dates();
                    if first == last {
                        Day(first, lang).to_string()
                    } else {
                        format!("{} – {}", Day(first, lang), Day(last, lang))
                    }
                }
            };
            let status = f.r.status(i);
            let mut said_status = status.word(lang).to_string();
            if status == Status::Late {
                if let Some(off) = f.r.minutes_off(i) {
                    said_status.push_str(&format!(
                        " ({})",
                        crate::words::reconcile::off_by(lang, off)
                    ));
                }
            }
            let actual = match f.r.aired(i) {
                Some((start, _)) => {
                    let on =
                        f.r.aired_on(i)
                            .filter(|on| Some(*on) != o.outlet_id())
                            .map(|on| format!(" ({on})"))
                            .unwrap_or_default();
                    format!("{}{on}", when(start, lang))
                }
                None => String::new(),
            };
            Some(vec![
                (k + 1).to_string(),
                planned,
                o.outlet
                    .map_or(words.no_outlet, |x| x.name.as_str())
                    .to_string(),
                common.role(o.role()).to_string(),
                said_status,
                actual,
                f.r.evidence_of(i).unwrap_or_default(),
            ])
        })
        .collect();
    table(&columns, &rows, false)
}

/// The budget table: each activity's settlement, and the total.
fn budget(f: &Facts) -> Table {
    let lang = f.options.lang;
    let words = Words::of(lang);
    let c = words.budget_columns;
    let columns = [
        (c[0], 600, Align::Center),
        (c[1], 2055, Align::Left),
        (c[2], 1150, Align::Right),
        (c[3], 500, Align::Right),
        (c[4], 1050, Align::Right),
        (c[5], 600, Align::Right),
        (c[6], 1100, Align::Right),
        (c[7], 1150, Align::Right),
        (c[8], 1150, Align::Right),
    ];
    let amount = |n: u128| crate::format::grouped(n);
    let amount = |n: u128| match lang {
        Lang::Vi => amount(n),
        Lang::En => amount(n).replace('.', ","),
    };
    let s = &f.settlement;
    let mut rows: Vec<Vec<String>> = s
        .lines
        .iter()
        .enumerate()
        .filter_map(|(k, line)| {
            let activity = f.activity(line.group)?;
            Some(match line.budget {
                Some(b) => vec![
                    (k + 1).to_string(),
                    activity.title.clone(),
                    amount(u128::from(b)),
                    line.issues.to_string(),
                    amount(u128::from(line.each)),
                    line.issues_in_period.to_string(),
                    amount(u128::from(line.earned_in_period)),
                    amount(u128::from(line.earned_to_date)),
                    amount(u128::from(line.remaining)),
                ],
                None => vec![
                    (k + 1).to_string(),
                    activity.title.clone(),
                    words.no_budget.to_string(),
                    line.issues.to_string(),
                    String::new(),
                    line.issues_in_period.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            })
        })
        .collect();
    rows.push(vec![
        String::new(),
        words.total.to_string(),
        amount(s.budget),
        String::new(),
        String::new(),
        String::new(),
        amount(s.earned_in_period),
        amount(s.earned_to_date),
        amount(s.remaining),
    ]);
    table(&columns, &rows, true)
}
