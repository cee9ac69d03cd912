//! The command line: one subcommand per job, each run by one function.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check;
use crate::diff;
use crate::error::{Error, EXIT_FINDINGS};
use crate::expand::{expand, Window};
use crate::export::csv::Delimiter;
use crate::export::{self, ics, Lang};
use crate::import;
use crate::output::{self, write_stdout};
use crate::plan::{self, Selection};
use crate::progress::Progress;
use crate::report;
use crate::site::outputs::{Context, Output};
use crate::words::cli::Words;
use crate::words::site as words;
use crate::{serve, site};

mod speak;

/// How a command that ran to its end came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, and nothing to report.
    Clean,
    /// Done, and the check found errors (or warnings, under `check --strict`),
    /// or `diff` found changes.
    Findings,
}

/// The exit status of a command: the one place that decides it. 0 done,
/// 1 done with findings, 2 stopped by bad input or the environment.
pub fn exit_status(result: &Result<Outcome, Error>) -> u8 {
    match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::Findings) => EXIT_FINDINGS,
        Err(e) => e.exit_status(),
    }
}

/// The version `--version` prints: the package's, and the commit it was
/// built from when it was built from a git checkout (`0.1.0 (c599088e1f2a)`).
const VERSION: &str = env!("CASTCAL_VERSION");

#[derive(Debug, Parser)]
#[command(
    name = "castcal",
    version = VERSION,
    about = "Turn a communication plan into a broadcast and publication calendar",
    long_about = "Turn a communication plan (TV segments with reruns, newspaper pages, talk shows, \
bulletins, campaigns, report deadlines) into a concrete calendar.\n\n\
Every command reads schedule files or folders (default: schedules/).\n\n\
Language: --lang vi|en on every command, else the environment variable CASTCAL_LANG=vi|en, \
else Vietnamese.",
    after_help = "Examples:\n  \
castcal expand                      list the plan in schedules/\n  \
castcal expand --format json plans/ every plan in plans/, as JSON\n\n\
Exit status:\n  \
0  done\n  \
1  done, and the check found errors (check, build), or warnings too (check --strict);\n     \
diff: something changed\n  \
2  bad input or command line: nothing was written\n\n\
Colour: `check` colours errors, warnings and notes when its output is a terminal, \
never when it is piped or NO_COLOR is set."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every occurrence of the plans, premieres and reruns, in order
    #[command(after_help = "Examples:\n  \
castcal expand\n  \
castcal expand schedules/kien-giang-cchc-2023.yaml --from 2023-05-01 --to 2023-05-31\n  \
castcal expand --format json > occurrences.json")]
    Expand(ExpandArgs),
    /// Write every output into a folder ready for any web server
    #[command(
        after_help = "Writes all.ics, one <OUTLET>.ics per outlet, the spreadsheets (.xlsx) and the CSV, the programme \
guides (XMLTV: guide.xml, and <OUTLET>.xml per tv or radio outlet), year.html, check.json, \
occurrences.json and index.html (with https:// and webcal:// subscribe links). Above 5,000 \
occurrences, each outlet gets its own year to print (year.<OUTLET>.html) and year.html sums them up. \
The folder is replaced in one step, so a web server never serves a mix of old and new files.\n\n\
The folder replaced is the last publication: what changed since is added to its history \
(changes.json, changes.html, an Atom feed per outlet, <OUTLET>-changes.xml), and the feeds' events \
carry SEQUENCE and LAST-MODIFIED from it; a cancelled occurrence stays as STATUS:CANCELLED.\n\n\
Examples:\n  \
castcal build\n  \
castcal build schedules/ -o /var/www/lich --base-url https://lich.example.gov.vn/\n\n\
Exit status: 0 written, 1 written but the check found errors, 2 bad input."
    )]
    Build(BuildArgs),
    /// Serve the published folder over HTTP, reloading when the schedules change
    #[command(
        after_help = "Serves what `castcal build` writes, from memory, and re-reads the schedule \
files when they change (within a second or two). An edit that breaks a file keeps the last good \
calendar online and shows the error on the index page. For the office and for previews; to publish \
widely, host the folder `castcal build` writes on any static web server.\n\n\
Examples:\n  \
castcal serve\n  \
castcal serve schedules/ --addr 0.0.0.0:8080 --base-url http://lich.so-noi-vu.local:8080/"
    )]
    Serve(ServeArgs),
    /// Write every occurrence as CSV for Excel or LibreOffice Calc, one row each
    #[command(
        long_about = "Write every occurrence as CSV (RFC 4180: CRLF, UTF-8) for Excel or \
LibreOffice Calc: one row per occurrence, premieres and reruns, after a header row. \
The columns are always in the same order (see docs/reference/spreadsheets.md). \
Budgets are on premiere rows only, each premiere carrying its share of its activity's \
budget, so the column adds up to the plan's budget. Text cells that a spreadsheet \
would run as a formula get a leading ' so that they show as text.",
        after_help = "Examples:\n  \
castcal csv -o lich-2023.csv\n  \
castcal csv --excel --lang vi --delimiter ';' -o lich-2023.csv   # Excel with Vietnamese settings\n  \
castcal csv --outlet KG --outlet KG1 > truyen-hinh.csv"
    )]
    Csv(CsvArgs),
    /// Write every occurrence as an Excel workbook (.xlsx), dates as dates, one row each
    #[command(
        long_about = "Write every occurrence as an Excel workbook (.xlsx) for Excel, LibreOffice \
Calc and other spreadsheets: the CSV's columns in the CSV's order, one row per occurrence, \
premieres and reruns, with typed cells: dates are dates (shown dd/mm/yyyy in Vietnamese, \
yyyy-mm-dd in English, whatever the reader's locale), times are times, budgets are numbers, \
text is text (never a formula). The header row is frozen with an autofilter; a last row sums \
the budget. A second sheet holds the plan's budget by activity and its total. The same plan \
gives the same bytes.",
        after_help = "Examples:\n  \
castcal xlsx -o lich-2023.xlsx\n  \
castcal xlsx --lang en -o calendar-2023.xlsx\n  \
castcal xlsx --outlet KG --outlet KG1 -o truyen-hinh.xlsx"
    )]
    Xlsx(XlsxArgs),
    /// Write the programme guide (XMLTV) of the tv and radio outlets, for EPG and playout tools
    #[command(
        long_about = "Write the programme guide of the tv and radio outlets as XMLTV (the format of \
the XMLTV project's xmltv.dtd), which electronic programme guides, playout and TV tools read: \
one <channel> per tv or radio outlet (id <OUTLET>.castcal), one <programme> per timed \
occurrence on one, with its start and stop in the plan's zone and offset, title, description, \
category and length; premieres are marked <premiere />, reruns carry <previously-shown> with \
their premiere's start and channel. All-day windows and outlets of other kinds (newspapers, \
bulletins, web, billboards) are left out. The same plan gives the same bytes.",
        after_help = "Examples:\n  \
castcal xmltv -o guide.xml\n  \
castcal xmltv --outlet KG -o KG.xml\n  \
castcal xmltv -o guide.xml && XMLTV_SUPPLEMENT=/usr/share/xmltv tv_validate_file guide.xml\n  \
    (the XMLTV project's validator, Debian's xmltv-util, with the DTD installed beside it)\n\n\
Exit status: 0 written; 2 bad input, or an --outlet that is no tv or radio outlet."
    )]
    Xmltv(XmltvArgs),
    /// Write the printable year calendar: one self-contained HTML file
    #[command(
        long_about = "Write the printable year calendar: one self-contained HTML file (inline CSS, \
no script, nothing fetched from the network) for A4 landscape.\n\n\
Page 1 shows the whole period at a glance: twelve small months (weeks start on Monday), \
the lunar date under each day, holidays shaded, and a lettered chip in each activity's \
colour on the days it happens, with a legend. The following pages list every occurrence \
month by month. Open it in a browser and print it (A4, landscape), or print it headless:\n  \
chromium --headless --no-pdf-header-footer --print-to-pdf=year.pdf year.html",
        after_help = "Examples:\n  \
castcal print -o year.html\n  \
castcal print schedules/kien-giang-cchc-2023.yaml --lang en -o year-en.html\n  \
castcal print > year.html\n  \
castcal print --outlet KG --lang en -o kg-year.html   # one outlet of a large plan"
    )]
    Print(PrintArgs),
    /// Check the plans before publishing: slot conflicts, holidays, declared counts, budget
    #[command(
        after_help = "Errors: timed occurrences that overlap on one outlet (across all plans \
given), slots that collide with a station's grid (--against), a rerun that does not come after \
its premiere, an occurrence outside the plan's period.\n\
Warnings: occurrences on holidays (on_holiday: warn), `expect` different from what the rule \
yields, activities with no dates, rules that look like misreadings, deadlines on weekends.\n\
Notes: what an on_holiday policy moved or skipped, and the findings the plan accepts \
(`accept: [expect-mismatch]` on an activity).\n\n\
Each finding starts with the file, line and column of the value to change \
(schedules/x.yaml:75:13:), then says what would resolve it.\n\n\
Exit status: 0 no error; 1 errors (or warnings with --strict); 2 bad input.\n\n\
Examples:\n  \
castcal check\n  \
castcal check schedules/ --against KG=grids/kg-2023.ics --against KG1=grids/kg1-2023.ics\n  \
castcal check --format json --strict > report.json"
    )]
    Check(CheckArgs),
    /// What changed between two versions of the plans: occurrences added, cancelled, moved, changed
    #[command(
        long_about = "What changed between two versions of the plans, per outlet and in date \
order: the occurrences added (only in NEW), cancelled (only in OLD), moved (same UID, another \
date, time or outlet: from → to) and changed (same UID, start and outlet; another title, status \
or end). A moved occurrence whose title, status or length changed too is listed as moved, with \
those changes under it.\n\n\
OLD and NEW are each a schedule file or a folder of them, a folder written by `castcal build` \
(its occurrences.json is read), or an occurrences.json file itself.",
        after_help = "Exit status: 0 nothing changed; 1 changed; 2 bad input.\n\n\
Examples:\n  \
castcal diff public/ schedules/                  what the next build will change\n  \
castcal diff old/kg-2023.yaml schedules/kg-2023.yaml --lang en\n  \
castcal diff public/occurrences.json schedules/ --format json > changes.json"
    )]
    Diff(DiffArgs),
    /// Write an iCalendar (.ics) feed of the plans, for calendar clients to subscribe to
    #[command(after_help = "Examples:\n  \
castcal ics > all.ics\n  \
castcal ics -o kg.ics --outlet KG\n  \
castcal ics schedules/kien-giang-cchc-2023.yaml --outlet KG --outlet KG1 -o tv.ics\n  \
castcal ics --mode rrule -o all-rules.ics\n\n\
The feed is the same bytes for the same plan (DTSTAMP is the plan's `published` time). \
With --outlet, only occurrences on those outlets are written, and the calendar's name \
gets the outlets' names.")]
    Ics(IcsArgs),
    /// Read a plan's own document (text or .docx) into a schedule file, every assumption commented
    #[command(
        long_about = "Read a plan's own document (Kế hoạch), as UTF-8 text (a table's cells separated \
by tabs) or as a Word file (.docx), into a schedule file: its number, place and date, title and the year \
it is for; its activity tables, found by what their headers say (item, content, product or form, time, \
lead, partners, budget and its unit, in any order), rows continued across lines and pages, merged cells \
giving every row their value; the activities and deadlines written as paragraphs. Each cell and \
sentence is read with the phrase grammar (times, weekdays, \"tuần 3\", the last weekday, every other \
week, days of the month, months, quarters, exceptions, channels and frequencies, reruns, lengths, \
declared counts, budgets; see docs/reference/importing.md), tolerant of OCR and typing slips.\n\n\
Above each activity the file quotes its cells and says what was read, what was assumed and what was \
not understood; an activity with anything assumed or not understood is tentative, and each such thing \
is said on standard error at the document's line (in a .docx, its paragraph or table row). At the end, \
one line sums up: activities, occurrences, timed slots, tentative, to review, the budget total. -o \
never replaces an existing file without --force, nor a read-only one, nor the document; the file is \
written whole or not at all. Review the comments and run `castcal check` on the file before \
publishing it.",
        after_help = "Exit status: 0 written, everything understood; 1 written, something to review (the \
summary gives the count); 2 no plan in the document, a document that cannot be read or is refused \
(over the limits, not a regular file), or FILE exists (without --force): nothing written.\n\n\
Examples:\n  \
castcal import ke-hoach-61.docx -o schedules/kg-cchc-2023.yaml\n  \
castcal import ke-hoach-61.txt --lang en > draft.yaml\n  \
castcal import ke-hoach.docx --holidays holidays/vn-2024.yaml -o schedules/plan-2024.yaml"
    )]
    Import(ImportArgs),
    /// List a year's days off and make-up working days in Vietnam (the built-in calendar)
    #[command(
        long_about = "List a year's days off and make-up working days in Vietnam, from the built-in \
calendar: the holidays of the Labour Code 2019 (art. 112) with Tết and the Hùng Kings' day \
computed from the lunar calendar, the days off in lieu of a holiday on a weekend, and the days \
the government's notices swapped for a Saturday worked, each with its source. Years without a \
notice yet are estimated as the recent notices placed the days, and said to be provisional. \
See docs/reference/holidays.md.",
        after_help = "Exit status: 0 listed; 2 a year outside the calendar (2023–2100).\n\n\
Examples:\n  \
castcal holidays 2024\n  \
castcal holidays 2027 --lang en\n  \
castcal holidays 2026 --format json > vn-2026.json"
    )]
    Holidays(HolidaysArgs),
    /// Write next year's schedule file from this year's: the same rules, the dates moved
    #[command(
        long_about = "Write next year's schedule file from this year's: the same rules and \
comments, the period and every date moved to --to, a rule's start moved to the first date the \
rule gives in the new year, UNTIL moved, the plan's id and title given the new year, `published` \
removed, a holiday file of the old year replaced by the built-in calendar (VN). Every date \
written as a fixed day (a one-off start, rdates, exdates) and every value that changed in a way \
a person should see gets a comment \"xem lại\" (\"look again\") above it. The new file must load, \
or nothing is written; -o never replaces a file unless --force. See docs/reference/roll.md.",
        after_help = "Exit status: 0 written; 2 the file does not load, --to is its own year, or \
-o names a file that exists (without --force).\n\n\
Examples:\n  \
castcal roll schedules/kien-giang-cchc-2023.yaml --to 2024 -o schedules/kien-giang-cchc-2024.yaml\n  \
castcal roll ke-hoach-2025.yaml --to 2026 --lang en > draft-2026.yaml"
    )]
    Roll(RollArgs),
    /// Rewrite schedule files with their keys and words in Vietnamese (or English), in place
    #[command(
        long_about = "Rewrite each schedule file in one language's form, in place: every key \
(`tiêu đề:` / `title:`) and every enumerated word (kinds, outlet kinds, statuses, holiday \
policies) in Vietnamese (--lang vi, the default) or in English (--lang en). Every other value \
stays exactly as written, and every comment, blank line, quote and the order are kept. A file \
already in that form is not written; a file that does not load is refused with the loader's \
message and left untouched. See docs/reference/fmt.md.",
        after_help = "Exit status: 0 every file is in the form asked for; 2 a file does not load \
or cannot be written (the files before it are rewritten, it and those after it are not).\n\n\
Examples:\n  \
castcal fmt schedules/kien-giang-cchc-2023.yaml\n  \
castcal fmt --lang en ke-hoach.yaml"
    )]
    Fmt(FmtArgs),
    /// Compare the plan with what aired and what was done: aired, late, moved, missed, done
    #[command(
        long_about = "Compare the plan's occurrences with what aired (a station's as-run log per \
channel, --aired) and what the department confirms was done (--done), and give each occurrence \
up to --through one status: aired (in its slot, within --tolerance), late (the same day, later or \
earlier), moved (on another day within 7 days, or on another channel whose log is given), missed, \
done (confirmed), unknown (no evidence given for its outlet); later ones are pending. What aired \
that looks like the plan's but matches no occurrence is listed as unplanned; everything else a \
channel aired is ignored.\n\n\
As-run logs are XMLTV (as EPG and playout tools export it; `castcal xmltv` writes one) or CSV as \
playout systems export it, its columns found by their header (date, start time, end time or \
duration, title; Vietnamese or English names; `,` or `;`; UTF-8 or UTF-16). A file of \
confirmations is a CSV of UIDs, each with the date done and an optional reference: \
`castcal reconcile --template` writes one to fill in. See docs/reference/reconcile.md.",
        after_help = "Exit status: 0 nothing due was missed (late and moved are reported); \
1 something due was missed; 2 bad input.\n\n\
Examples:\n  \
castcal reconcile --aired KG=asrun/kg-2023.xml --aired KG1=asrun/kg1-2023.csv\n  \
castcal reconcile --aired KG=kg.csv --done xac-nhan.csv --through 2023-06-14 --lang en\n  \
castcal reconcile --aired KG=kg.csv --template -o xac-nhan.csv   # what to confirm by hand\n  \
castcal reconcile --aired KG=kg.xml --format json > reconcile.json"
    )]
    Reconcile(ReconcileArgs),
    /// Write the implementation report of a period (.docx) or its annex (.xlsx), budget settled
    #[command(
        long_about = "Write the implementation report of a quarter, a half or a year that the plan \
asks for: as a Word document (.docx) laid out as an administrative report (the issuer and the \
national heading, the title, the period; the results of each activity: planned, carried out, \
late, moved, missed, the share done, each occurrence with its evidence; what remains; the budget \
settled item by item), or as its annex (.xlsx): one row per occurrence of the period with its \
evidence, the airings outside the plan, and the budget.\n\n\
Periods are counted as Article 12 of Nghị định 09/2019/NĐ-CP cuts the data of periodic reports \
off: a quarter from the 15th of the month before it to the 14th of its last month, the first half \
from 15 December to 14 June, the second from 15 June to 14 December, a year from 15 December to \
14 December; --calendar counts calendar periods instead. The report says which. What aired and \
was done is read as by `castcal reconcile` (--aired, --done), as of the period's last day, or of \
today when that is earlier. See docs/reference/report.md.",
        after_help = "Exit status: 0 written; 2 bad input, or FILE exists (without --force).\n\n\
Examples:\n  \
castcal report --quarter 2023-Q1 --aired KG=asrun/kg.xml --done xac-nhan.csv -o bao-cao-quy-1.docx\n  \
castcal report --quarter 2023-Q1 --aired KG=asrun/kg.xml --done xac-nhan.csv -o phu-luc-quy-1.xlsx\n  \
castcal report --year 2023 --calendar --lang en -o report-2023.docx"
    )]
    Report(ReportArgs),
    /// Write the completion script of a shell, for castcal's commands and options
    #[command(
        long_about = "Write the completion script of a shell to standard output: with it, the shell \
completes castcal's commands, options and their values (--lang vi|en, --format …) on Tab.",
        after_help = "Examples:\n  \
castcal completions bash > ~/.local/share/bash-completion/completions/castcal\n  \
castcal completions zsh > ~/.zfunc/_castcal        # with fpath+=~/.zfunc in ~/.zshrc\n  \
castcal completions fish > ~/.config/fish/completions/castcal.fish\n  \
castcal completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Write castcal's manual page (roff), or one command's
    #[command(
        long_about = "Write castcal's manual page, castcal(1), as roff to standard output; with a \
COMMAND, that command's page, castcal-COMMAND(1).",
        after_help = "Examples:\n  \
castcal man > ~/.local/share/man/man1/castcal.1 && man castcal\n  \
castcal man build > ~/.local/share/man/man1/castcal-build.1\n  \
castcal man | man -l -"
    )]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
    /// The language of the messages: vi (Vietnamese) or en (English); by default
    /// CASTCAL_LANG, else Vietnamese
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to write (castcal-COMMAND(1)); castcal(1) by default
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// The language of the messages: vi (Vietnamese) or en (English); by default
    /// CASTCAL_LANG, else Vietnamese
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct HolidaysArgs {
    /// The year (2023–2100)
    #[arg(value_name = "YEAR")]
    pub year: i32,
    /// `text` for people, `json` (`year`, `provisional`, `days_off`, `working_days`) for programs
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// The language of the names, the sources and the messages
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The schedule files to rewrite
    #[arg(value_name = "FILE", required = true)]
    pub paths: Vec<PathBuf>,
    /// The form to write: keys and words in Vietnamese (`vi`) or in English (`en`)
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct RollArgs {
    /// This year's schedule file
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// The year of the new plan
    #[arg(long, value_name = "YEAR")]
    pub to: i32,
    /// Write the new schedule file here instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file -o names when it exists
    #[arg(long)]
    pub force: bool,
    /// The language of the comments written and of the messages
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// The schedule files or folders every command reads.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Schedule files or folders (every *.yaml / *.yml in them, not in holidays/)
    #[arg(value_name = "PATH", default_value = "schedules")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExpandArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// List only occurrences that touch this date or later (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// List only occurrences that touch this date or earlier (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// `table` for people, `json` (an array of occurrence objects) for programs
    #[arg(long, value_enum, default_value_t = ExpandFormat::Table)]
    pub format: ExpandFormat,
    /// The language of the messages: vi (Vietnamese) or en (English); by default
    /// CASTCAL_LANG, else Vietnamese
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The folder to write (replaced whole)
    #[arg(short, long, value_name = "DIR", default_value = "public")]
    pub output: PathBuf,
    /// The absolute URL the folder will be published at, for subscribe links
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// The build's date (YYYY-MM-DD): where a feed too large for a calendar
    /// service starts, what the reports count up to. Default: today (the day
    /// of SOURCE_DATE_EPOCH when it is set)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    #[command(flatten)]
    pub history: HistoryArgs,
    /// The language of the messages: vi (Vietnamese) or en (English); by default
    /// CASTCAL_LANG, else Vietnamese
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// Where a published folder's history of publications is kept.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The store of the folder's history of publications (keep it, back it
    /// up); default: beside the folder, DIR.history.sqlite
    #[arg(long, value_name = "PATH")]
    pub history: Option<PathBuf>,
    /// How long to wait for another publication of the same folder to finish
    #[arg(long, value_name = "SECONDS", default_value = "120", value_parser = parse_seconds)]
    pub wait: std::time::Duration,
    /// When the folder's history store is lost: take it over from the
    /// folder's changes.json and occurrences.json
    #[arg(long)]
    pub recover: bool,
}

impl HistoryArgs {
    fn publishing(&self) -> site::Publishing {
        site::Publishing {
            history: self.history.clone(),
            wait: self.wait,
            recover: self.recover,
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Address and port to listen on (port 0 picks a free one)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// The absolute URL subscribers reach the server at, for subscribe links
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// The folder the server publishes into and answers from (as build
    /// writes it)
    #[arg(long, value_name = "DIR", default_value = "served")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub history: HistoryArgs,
    /// How long the schedule files must stay unchanged before an edit is
    /// published (a file saved in several writes is never published half)
    #[arg(long, value_name = "SECONDS", default_value = "3", value_parser = parse_seconds)]
    pub quiet: std::time::Duration,
    /// The language of the messages: vi (Vietnamese) or en (English); by default
    /// CASTCAL_LANG, else Vietnamese
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// A number of seconds, whole or not (`120`, `0.5`).
fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    s.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0 && *n <= 86_400.0)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| crate::words::cli::not_seconds(s).to_string())
}

fn parse_base_url(s: &str) -> Result<String, String> {
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && !s.contains(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(s.to_string())
    } else {
        Err(crate::words::cli::not_a_url(s).to_string())
    }
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start with the UTF-8 byte order mark, so that Excel shows Vietnamese correctly
    #[arg(long)]
    pub excel: bool,
    /// Headers and words in Vietnamese with dd/mm/yyyy dates, or in English with YYYY-MM-DD
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Only occurrences on this outlet (repeat for several); all by default.
    /// Budget shares stay those of the whole plan
    #[arg(long, value_name = "ID")]
    pub outlet: Vec<String>,
    /// Field separator: `,` (RFC 4180) or `;` (for spreadsheets that use the decimal comma)
    #[arg(long, value_name = "CHAR", default_value = ",", value_parser = Delimiter::parse)]
    pub delimiter: Delimiter,
}

#[derive(Debug, Args)]
pub struct XlsxArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the headers and words, and of the date format: `vi` (dd/mm/yyyy) or `en` (yyyy-mm-dd)
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Only occurrences on this outlet (repeat for several); all by default.
    /// Budget shares stay those of the whole plan
    #[arg(long, value_name = "ID")]
    pub outlet: Vec<String>,
}

#[derive(Debug, Args)]
pub struct XmltvArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only this tv or radio outlet, its channel and programmes (repeat for several); all by default
    #[arg(long, value_name = "ID")]
    pub outlet: Vec<String>,
    /// The language of the messages: vi (Vietnamese) or en (English); by default
    /// CASTCAL_LANG, else Vietnamese
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Write to FILE (atomically: a reader sees the old file or the new one) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the calendar's words: `vi` (Vietnamese) or `en` (English)
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Only occurrences on this outlet (repeat for several); the legend then
    /// holds only the activities shown
    #[arg(long, value_name = "ID")]
    pub outlet: Vec<String>,
}

#[derive(Debug, Args)]
pub struct IcsArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Write to FILE (atomically: the old file stays until the new one is complete) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep only occurrences on this outlet (an id from the plan's `outlets`); repeatable
    #[arg(long = "outlet", value_name = "ID")]
    pub outlets: Vec<String>,
    /// `instances`: one event per occurrence (every client agrees); `rrule`: one event per
    /// activity and rerun series, with RRULE/RDATE/EXDATE
    #[arg(long, value_enum, default_value_t = IcsMode::Instances)]
    pub mode: IcsMode,
    /// The language of the messages: vi (Vietnamese) or en (English); by default
    /// CASTCAL_LANG, else Vietnamese
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IcsMode {
    Instances,
    Rrule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExpandFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Also check the slots on OUTLET against the station's programme grid in FILE.ics
    /// (repeatable)
    #[arg(long, value_name = "OUTLET=FILE.ics")]
    pub against: Vec<Against>,
    /// `text` for people, `json` (findings, budget, summary) for programs
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Exit with status 1 on warnings too, not only on errors
    #[arg(long)]
    pub strict: bool,
    /// The language of the report (the codes stay English)
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: a schedule file or a folder of them, a folder `castcal build` wrote, or
    /// an occurrences.json
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version, read as OLD is
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// `text` for people, `json` (summary and changes) for programs
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// The language of the text (JSON's names stay English)
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The plan's document: UTF-8 text or a Word file (.docx)
    #[arg(value_name = "DOCUMENT")]
    pub document: PathBuf,
    /// Write the schedule file here (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The plan's time zone (an IANA name); the plan's country's by default
    #[arg(long, value_name = "TZ", default_value = "Asia/Ho_Chi_Minh", value_parser = parse_timezone)]
    pub timezone: chrono_tz::Tz,
    /// The language of the comments and warnings
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// A holiday file to name in the plan, relative to where FILE will be (repeatable);
    /// by default, those for the plan's year in the holidays/ folder beside FILE
    #[arg(long, value_name = "FILE")]
    pub holidays: Vec<String>,
    /// Replace FILE when it exists (never the document itself)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The as-run log of a tv or radio channel: XMLTV or CSV (repeat for each channel)
    #[arg(long, value_name = "OUTLET=FILE")]
    pub aired: Vec<crate::reconcile::Log>,
    /// A CSV of confirmations: UID, date done, reference (repeatable)
    #[arg(long, value_name = "FILE")]
    pub done: Vec<PathBuf>,
    /// The last day counted (YYYY-MM-DD); later occurrences are pending. Default: today
    /// (the day of SOURCE_DATE_EPOCH when it is set)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub through: Option<NaiveDate>,
    /// How many minutes from its slot an airing may be and still be `aired`
    #[arg(long, value_name = "MINUTES", default_value_t = 2)]
    pub tolerance: u32,
    /// `text` for people, `json` (occurrences, unplanned, activities) for programs
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// The language of the text and of the template (JSON's names stay English)
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Write the template of confirmations instead: every due occurrence no log given
    /// can confirm, one row each, to fill in and give back with --done
    #[arg(long)]
    pub template: bool,
    /// Write the template to FILE (atomically; never replacing a file without --force)
    #[arg(short, long, value_name = "FILE", requires = "template")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("period").required(true).args(["quarter", "half", "year"])))]
pub struct ReportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// A quarter: YYYY-Q1 to YYYY-Q4
    #[arg(long, value_name = "YYYY-Qn", value_parser = report::Period::quarter)]
    pub quarter: Option<report::Period>,
    /// A half year: YYYY-H1 or YYYY-H2
    #[arg(long, value_name = "YYYY-Hn", value_parser = report::Period::half)]
    pub half: Option<report::Period>,
    /// A year: YYYY
    #[arg(long, value_name = "YYYY", value_parser = report::Period::year)]
    pub year: Option<report::Period>,
    /// Count calendar periods (a quarter from its first day to its last) instead of the
    /// cut-off of Nghị định 09/2019/NĐ-CP (from the 15th of the month before)
    #[arg(long)]
    pub calendar: bool,
    /// The as-run log of a tv or radio channel: XMLTV or CSV (repeat for each channel)
    #[arg(long, value_name = "OUTLET=FILE")]
    pub aired: Vec<crate::reconcile::Log>,
    /// A CSV of confirmations: UID, date done, reference (repeatable)
    #[arg(long, value_name = "FILE")]
    pub done: Vec<PathBuf>,
    /// How many minutes from its slot an airing may be and still be on time
    #[arg(long, value_name = "MINUTES", default_value_t = 2)]
    pub tolerance: u32,
    /// The file to write: FILE.docx (the report) or FILE.xlsx (its annex), atomically;
    /// never over a file that exists without --force
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
    /// The language of the report
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

fn parse_timezone(s: &str) -> Result<chrono_tz::Tz, String> {
    s.parse::<chrono_tz::Tz>()
        .map_err(|_| crate::words::cli::not_a_zone(s).to_string())
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::plan::written_date(s).ok_or_else(|| crate::words::cli::not_a_date(s).to_string())
}

/// Parses the command line, runs the command, prints any error once, and
/// returns the exit status: 0 success, 2 bad input or command line.
///
/// The language of every message (and the default of every `--lang`) is
/// the command line's `--lang`, else `CASTCAL_LANG`, else Vietnamese.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let env = std::env::var_os("CASTCAL_LANG");
    let lang = match speak::chosen(&args, env.as_deref()) {
        Ok(lang) => lang,
        Err(message) => {
            eprintln!("{}: {message}", Words::of(Lang::Vi).error);
            return ExitCode::from(crate::error::EXIT_BAD_INPUT);
        }
    };
    crate::words::said::show_from_now(lang);
    let (cli, lang) = match speak::parse(&args, lang) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    crate::words::said::show_from_now(lang);
    let hint = hint_for(&cli, lang);
    let result = run(cli);
    if let Err(e) = &result {
        eprintln!("{}: {}", Words::of(lang).error, e.message());
        if let Some(hint) = hint.and_then(|h| h.of(e)) {
            eprintln!("{hint}");
        }
    }
    ExitCode::from(exit_status(&result))
}

/// An `--against OUTLET=FILE.ics` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Against {
    pub outlet: String,
    pub path: PathBuf,
}

impl FromStr for Against {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('=') {
            Some((outlet, path)) if !outlet.trim().is_empty() && !path.trim().is_empty() => {
                Ok(Against {
                    outlet: outlet.trim().to_string(),
                    path: PathBuf::from(path),
                })
            }
            _ => Err(crate::words::cli::not_against(s).to_string()),
        }
    }
}

/// `--lang`: the words of [`Lang`], for the command line (the outputs know
/// nothing of flags).
impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &[Lang::En, Lang::Vi]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self {
            Lang::En => clap::builder::PossibleValue::new("en").help(self.name()),
            Lang::Vi => clap::builder::PossibleValue::new("vi").help(self.name()),
        })
    }
}

/// The name of a language, in the language messages are shown in.
trait Named {
    fn name(&self) -> &'static str;
}

impl Named for Lang {
    fn name(&self) -> &'static str {
        let usage = crate::words::cli::Usage::of(crate::words::said::shown());
        match self {
            Lang::En => usage.english,
            Lang::Vi => usage.vietnamese,
        }
    }
}

/// Whether to colour what goes to standard output: on a terminal, unless
/// `NO_COLOR` is set to something (<https://no-color.org>).
fn colour() -> bool {
    use std::io::IsTerminal;
    colour_for(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

/// [`colour`]'s rule: a terminal, and no `NO_COLOR` other than empty.
fn colour_for(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// What [`Progress`] shows at each stage of a command.
const SAY: &words::Progress = &words::Progress::VI;

/// Runs one parsed command.
///
/// # Errors
/// Whatever stops the command: see [`Error`].
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    match cli.command {
        Command::Expand(args) => run_expand(args),
        Command::Build(args) => run_build(args),
        Command::Serve(args) => run_serve(args),
        Command::Csv(args) => run_csv(args),
        Command::Xlsx(args) => run_xlsx(args),
        Command::Xmltv(args) => run_xmltv(args),
        Command::Print(args) => run_print(args),
        Command::Check(args) => run_check(args),
        Command::Diff(args) => run_diff(args),
        Command::Ics(args) => run_ics(args),
        Command::Import(args) => run_import(args),
        Command::Holidays(args) => run_holidays(args),
        Command::Roll(args) => run_roll(args),
        Command::Fmt(args) => run_fmt(args),
        Command::Reconcile(args) => run_reconcile(args),
        Command::Report(args) => run_report(args),
        Command::Completions(args) => run_completions(args),
        Command::Man(args) => run_man(args),
    }
}

/// What to add to an error of a command run with no path, where there is
/// no `schedules/`: how to start.
struct Hint {
    lang: Lang,
}

impl Hint {
    /// The hint for `e`, when `e` is the default folder's absence.
    fn of(&self, e: &Error) -> Option<&'static str> {
        match e {
            Error::Read { path, source }
                if source.kind() == std::io::ErrorKind::NotFound
                    && path.as_os_str() == DEFAULT_SCHEDULES =>
            {
                Some(crate::words::cli::Words::of(self.lang).no_schedules)
            }
            _ => None,
        }
    }
}

/// The folder every command reads when given no path.
const DEFAULT_SCHEDULES: &str = "schedules";

/// The hint for `cli` when it reads the default folder, in `lang`.
fn hint_for(cli: &Cli, lang: Lang) -> Option<Hint> {
    let inputs = match &cli.command {
        Command::Expand(a) => &a.inputs,
        Command::Build(a) => &a.inputs,
        Command::Serve(a) => &a.inputs,
        Command::Csv(a) => &a.inputs,
        Command::Xlsx(a) => &a.inputs,
        Command::Xmltv(a) => &a.inputs,
        Command::Print(a) => &a.inputs,
        Command::Check(a) => &a.inputs,
        Command::Ics(a) => &a.inputs,
        Command::Reconcile(a) => &a.inputs,
        Command::Report(a) => &a.inputs,
        Command::Diff(_)
        | Command::Import(_)
        | Command::Holidays(_)
        | Command::Roll(_)
        | Command::Fmt(_)
        | Command::Completions(_)
        | Command::Man(_) => return None,
    };
    let default = matches!(inputs.paths.as_slice(), [p] if p.as_os_str() == DEFAULT_SCHEDULES);
    default.then_some(Hint { lang })
}

fn run_completions(args: CompletionsArgs) -> Result<Outcome, Error> {
    let mut bytes = Vec::new();
    // The descriptions (zsh, fish, PowerShell) in the language asked for.
    crate::words::said::show_in(args.lang, || {
        clap_complete::generate(
            args.shell,
            &mut speak::command(args.lang),
            "castcal",
            &mut bytes,
        );
    });
    write_stdout(&bytes)?;
    Ok(Outcome::Clean)
}

fn run_man(args: ManArgs) -> Result<Outcome, Error> {
    let castcal = speak::command(args.lang);
    let page = match &args.command {
        None => castcal,
        Some(name) => {
            let Some(command) = castcal.find_subcommand(name) else {
                let names: Vec<&str> = castcal.get_subcommands().map(|c| c.get_name()).collect();
                let names = names.join(", ");
                return Err(Error::Usage(
                    crate::say!(
                        "castcal không có lệnh `{name}`; các lệnh là: {names}",
                        "castcal has no command `{name}`; the commands are: {names}"
                    )
                    .to_string(),
                ));
            };
            command
                .clone()
                .name(format!("castcal-{name}"))
                .version(VERSION)
        }
    };
    let mut bytes = Vec::new();
    crate::words::said::show_in(args.lang, || clap_mangen::Man::new(page).render(&mut bytes))
        .map_err(Error::output("<stdout>"))?;
    let page = speak::man_page(&String::from_utf8_lossy(&bytes), args.lang);
    write_stdout(page.as_bytes())?;
    Ok(Outcome::Clean)
}

fn run_holidays(args: HolidaysArgs) -> Result<Outcome, Error> {
    let year = crate::workdays::year(args.year)
        .map_err(|e| Error::Usage(crate::words::workdays::out_of_range(args.lang, e.year)))?;
    let text = match args.format {
        CheckFormat::Text => export::workdays::text(&year, args.lang),
        CheckFormat::Json => export::workdays::json(&year, args.lang)?,
    };
    write_stdout(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn run_roll(args: RollArgs) -> Result<Outcome, Error> {
    let w = crate::words::roll::Words::of(args.lang);
    let text = crate::plan::read_schedule_text(&args.path)?;
    let rolled = crate::roll::roll(&args.path, &text, args.to, args.lang)?;
    let path = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    match path {
        Some(p) if p == args.path => {
            return Err(Error::input(
                p,
                crate::words::roll::not_the_input(args.lang),
            ));
        }
        Some(p) if !args.force => output::write_new(p, rolled.text.as_bytes()).map_err(|e| {
            if output::already_exists(&e) {
                Error::input(p, crate::words::roll::exists(args.lang))
            } else {
                e
            }
        })?,
        _ => output::write_to(path, |out| out.write_all(rolled.text.as_bytes()))?,
    }
    eprintln!(
        "{}",
        w.summary
            .replace("{to}", &args.to.to_string())
            .replace("{from}", &rolled.from.to_string())
            .replace("{n}", &rolled.notes.to_string())
    );
    Ok(Outcome::Clean)
}

fn run_fmt(args: FmtArgs) -> Result<Outcome, Error> {
    let w = crate::words::fmt::Words::of(args.lang);
    let mut changed = 0;
    for path in &args.paths {
        if crate::fmt::format_file(path, args.lang)? {
            changed += 1;
        }
    }
    eprintln!(
        "{}",
        w.summary
            .replace("{changed}", &changed.to_string())
            .replace("{kept}", &(args.paths.len() - changed).to_string())
            .replace("{lang}", w.form(args.lang))
    );
    Ok(Outcome::Clean)
}

fn run_report(args: ReportArgs) -> Result<Outcome, Error> {
    use crate::words::report as said;
    let path = &args.output;
    let format = report::Format::of_path(path)
        .ok_or_else(|| Error::Usage(said::unknown_extension(args.lang, path.display())))?;
    if !args.force && path.exists() {
        return Err(Error::Usage(said::exists(args.lang, path.display())));
    }
    // clap requires one of the three.
    let Some(period) = args.quarter.or(args.half).or(args.year) else {
        return Err(Error::Usage("--quarter | --half | --year".to_string()));
    };
    let period = if args.calendar {
        period.calendar()
    } else {
        period
    };
    let progress = Progress::start(SAY.reading);
    let plans = plan::load(&args.inputs.paths)?;
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let date = crate::reconcile::run_date(&plans, epoch.as_deref(), args.lang)?;
    progress.stage(SAY.expanding);
    let expansion = expand(&plans)?;
    let evidence =
        crate::reconcile::Evidence::read(&plans, &expansion, &args.aired, &args.done, args.lang)?;
    progress.stage(SAY.writing);
    let options = report::Options {
        period,
        format,
        lang: args.lang,
        date,
        tolerance_minutes: args.tolerance,
    };
    let bytes = report::render(&plans, &expansion, &evidence, &options)?;
    drop(progress);
    if args.force {
        output::write_to(Some(path), |out| out.write_all(&bytes))?;
    } else {
        output::write_new(path, &bytes).map_err(|e| match output::already_exists(&e) {
            true => Error::Usage(said::exists(args.lang, path.display())),
            false => e,
        })?;
    }
    Ok(Outcome::Clean)
}

fn run_reconcile(args: ReconcileArgs) -> Result<Outcome, Error> {
    use crate::reconcile::{self, Evidence};
    if let Some(path) = args.output.as_deref().filter(|p| !args.force && p.exists()) {
        let said = crate::words::reconcile::exists(args.lang, path.display());
        return Err(Error::Usage(said));
    }
    let progress = Progress::start(SAY.reading);
    let plans = plan::load(&args.inputs.paths)?;
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let through = match args.through {
        Some(day) => day,
        None => reconcile::run_date(&plans, epoch.as_deref(), args.lang)?,
    };
    progress.stage(SAY.expanding);
    let expansion = expand(&plans)?;
    let evidence = Evidence::read(&plans, &expansion, &args.aired, &args.done, args.lang)?;
    let options = reconcile::Options {
        through,
        tolerance_minutes: args.tolerance,
    };
    let result = reconcile::reconcile(&expansion, &evidence, &options);
    drop(progress);
    if args.template {
        let bytes = reconcile::template(&result, args.lang).map_err(Error::output(
            args.output.clone().unwrap_or("<stdout>".into()),
        ))?;
        match &args.output {
            Some(path) if !args.force => {
                output::write_new(path, &bytes).map_err(|e| match output::already_exists(&e) {
                    true => {
                        Error::Usage(crate::words::reconcile::exists(args.lang, path.display()))
                    }
                    false => e,
                })?
            }
            other => output::write_to(other.as_deref(), |out| out.write_all(&bytes))?,
        }
        return Ok(Outcome::Clean);
    }
    match args.format {
        CheckFormat::Text => write_stdout(reconcile::text(&result, args.lang).as_bytes())?,
        CheckFormat::Json => output::stream_stdout(|out| reconcile::json(out, &result))?,
    }
    Ok(if result.missed() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn run_import(args: ImportArgs) -> Result<Outcome, Error> {
    let say = crate::words::import::Words::of(args.lang);
    if let Some(out) = &args.output {
        check_import_output(&args.document, out, args.force, args.lang)?;
    }
    let options = import::Options {
        timezone: args.timezone,
        lang: args.lang,
        holidays: args.holidays,
        beside: args.output.as_deref().map(output::folder_of),
        phrases: true,
    };
    let imported = import::import(&args.document, &options)?;
    for w in &imported.warnings {
        let what = if w.assumed {
            say.assumption
        } else {
            say.warning
        };
        let place = match w.place.page {
            Some(p) => format!("{}:{}:{}", args.document.display(), p, w.place.line),
            None => format!("{}:{}", args.document.display(), w.place.line),
        };
        let item = if w.item.is_empty() {
            String::new()
        } else {
            crate::words::import::in_item(args.lang, &w.item, "")
        };
        eprintln!("{place}: {what}: {item}{}", w.message);
    }
    write_import(
        args.output.as_deref(),
        args.force,
        imported.yaml.as_bytes(),
        args.lang,
    )?;
    let s = &imported.summary;
    let to_review = imported.warnings.len();
    let labels = say.summary;
    eprintln!(
        "{}: {} {}, {} {} ({} {}), {} {}, {} {}, {} {} đồng",
        args.document.display(),
        s.activities,
        labels[0],
        s.occurrences,
        labels[1],
        s.slots,
        labels[2],
        s.tentative,
        labels[3],
        to_review,
        labels[4],
        labels[5],
        crate::format::grouped(u128::from(s.budget)),
    );
    Ok(if to_review > 0 || s.tentative > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// `-o FILE` for import: never the document, never a file that exists
/// unless `--force`, never a read-only one.
fn check_import_output(
    document: &std::path::Path,
    out: &std::path::Path,
    force: bool,
    lang: Lang,
) -> Result<(), Error> {
    use std::os::unix::fs::MetadataExt;
    let same = match (std::fs::metadata(document), std::fs::metadata(out)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if same {
        return Err(Error::Usage(crate::words::import::output_is_input(
            lang,
            &out.display().to_string(),
        )));
    }
    if let Some(meta) = existing_file(out) {
        let path = out.display().to_string();
        if !force {
            return Err(Error::Usage(crate::words::import::output_exists(
                lang, &path,
            )));
        }
        if meta.permissions().readonly() {
            return Err(Error::Usage(crate::words::import::output_read_only(
                lang, &path,
            )));
        }
    }
    Ok(())
}

/// What is at `out` when it is a file a schedule may have been written to
/// (or a link that leads nowhere); `None` when nothing is there, or a
/// stream (`-`, a FIFO, a device), or a folder, which [`output::write_to`]
/// handles.
fn existing_file(out: &std::path::Path) -> Option<std::fs::Metadata> {
    if out.as_os_str() == "-" {
        return None;
    }
    match std::fs::metadata(out) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(_) => None,
        Err(_) => std::fs::symlink_metadata(out).ok(),
    }
}

/// Writes the imported schedule: to standard output, into a stream, or to
/// a file atomically, never over one that exists unless `force` (a file
/// made meanwhile is not replaced either).
fn write_import(
    out: Option<&std::path::Path>,
    force: bool,
    bytes: &[u8],
    lang: Lang,
) -> Result<(), Error> {
    match out {
        Some(path) if !force && is_new(path) => {
            output::write_new(path, bytes).map_err(|e| match output::already_exists(&e) {
                true => Error::Usage(crate::words::import::output_exists(
                    lang,
                    &path.display().to_string(),
                )),
                false => e,
            })
        }
        other => output::write_to(other, |w| w.write_all(bytes)),
    }
}

/// Whether nothing is at `path` yet (and it is not standard output).
fn is_new(path: &std::path::Path) -> bool {
    path.as_os_str() != "-" && std::fs::symlink_metadata(path).is_err()
}

fn run_print(args: PrintArgs) -> Result<Outcome, Error> {
    let one = One {
        inputs: &args.inputs,
        outlets: &args.outlet,
        to: args.output.as_deref(),
    };
    one.write(Output::Year(args.lang))
}

fn run_ics(args: IcsArgs) -> Result<Outcome, Error> {
    let mode = match args.mode {
        IcsMode::Instances => ics::Mode::Instances,
        IcsMode::Rrule => ics::Mode::Rrule,
    };
    let one = One {
        inputs: &args.inputs,
        outlets: &args.outlets,
        to: args.output.as_deref(),
    };
    one.write(Output::Feed(mode))
}

fn run_check(args: CheckArgs) -> Result<Outcome, Error> {
    let progress = Progress::start(SAY.reading);
    let plans = plan::load(&args.inputs.paths)?;
    let grids = args
        .against
        .iter()
        .map(|a| {
            // A usage error is about the flag: say which.
            crate::grid::read(&a.outlet, &a.path, &plans).map_err(|e| match e {
                Error::Usage(m) => {
                    Error::Usage(format!("--against {}={}: {m}", a.outlet, a.path.display()))
                }
                e => e,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    progress.stage(SAY.expanding);
    let occurrences = expand(&plans)?;
    progress.stage(SAY.checking);
    let report = check::check(&plans, &occurrences, &grids);
    let text = match args.format {
        CheckFormat::Text => check::report::text(&report, args.lang, colour()),
        CheckFormat::Json => check::report::json(&report, args.lang)?,
    };
    drop(progress);
    write_stdout(text.as_bytes())?;
    Ok(if report.fails(args.strict) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn run_diff(args: DiffArgs) -> Result<Outcome, Error> {
    let progress = Progress::start(SAY.reading);
    let old = diff::read(&args.old)?;
    let new = diff::read(&args.new)?;
    let changes = diff::diff(&old, &new);
    let text = match args.format {
        CheckFormat::Text => diff::report::text(&changes, args.lang),
        CheckFormat::Json => diff::report::json(&changes)?,
    };
    drop(progress);
    write_stdout(text.as_bytes())?;
    Ok(if changes.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn run_expand(args: ExpandArgs) -> Result<Outcome, Error> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if to < from {
            return Err(Error::Usage(
                crate::say!(
                    "--to {to} sớm hơn --from {from}",
                    "--to {to} is before --from {from}"
                )
                .to_string(),
            ));
        }
    }
    let progress = Progress::start(SAY.reading);
    let plans = plan::load(&args.inputs.paths)?;
    let window = Window {
        from: args.from,
        to: args.to,
    };
    progress.stage(SAY.expanding);
    let mut occurrences = expand(&plans)?.into_occurrences();
    occurrences.retain(|o| window.overlaps(o));
    progress.stage(SAY.writing);
    match args.format {
        ExpandFormat::Table => {
            write_stdout(export::table::render(&occurrences, args.lang).as_bytes())?
        }
        ExpandFormat::Json => {
            output::stream_stdout(|out| export::json::write(out, &occurrences))?;
        }
    }
    Ok(Outcome::Clean)
}

fn run_build(args: BuildArgs) -> Result<Outcome, Error> {
    let progress = Progress::start(SAY.reading);
    let plans = plan::load(&args.inputs.paths)?;
    // "Now", read once: the build's time, or SOURCE_DATE_EPOCH.
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let now = crate::reconcile::run_instant(epoch.as_deref(), Lang::Vi)?;
    let zone = plans.first().map_or(chrono_tz::UTC, |p| p.timezone);
    let options = site::Options {
        base_url: args.base_url,
        evidence: crate::reconcile::evidence_folder(&args.inputs.paths),
        today: Some(
            args.today
                .unwrap_or_else(|| now.with_timezone(&zone).date_naive()),
        ),
        now: Some(now),
        ..site::Options::default()
    };
    progress.stage(SAY.building);
    let built = site::build(&plans, &options, &args.output, &args.history.publishing())?;
    drop(progress);
    let s = built.summary;
    let say = Words::of(args.lang);
    let dir = args.output.display().to_string();
    let summary = crate::words::cli::built(s.occurrences, s.feeds, s.errors, s.warnings, &dir);
    println!("{}", summary.get(args.lang));
    match s.publication {
        Some((1, _)) => println!("{}", say.first_publication),
        Some((n, c)) => {
            let counts =
                crate::words::changes::counts(args.lang, c.added, c.cancelled, c.moved, c.changed);
            let page = args.output.join("changes.html").display().to_string();
            let line = crate::words::cli::publication(n, &counts, &page);
            println!("{}", line.get(args.lang));
        }
        None => println!("{}", say.nothing_changed),
    }
    if s.stamp_reused {
        eprintln!("castcal: {}: {}", say.warning, say.stamp_reused);
    }
    Ok(if s.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn run_serve(args: ServeArgs) -> Result<Outcome, Error> {
    serve::serve(serve::ServeOptions {
        paths: args.inputs.paths,
        addr: args.addr,
        site: site::Options {
            base_url: args.base_url,
            ..site::Options::default()
        },
        dir: args.dir,
        publishing: args.history.publishing(),
        poll: std::time::Duration::from_millis(200),
        quiet: args.quiet,
    })?;
    Ok(Outcome::Clean)
}

fn run_csv(args: CsvArgs) -> Result<Outcome, Error> {
    let form = export::csv::Form {
        lang: args.lang,
        delimiter: args.delimiter,
        bom: args.excel,
    };
    let one = One {
        inputs: &args.inputs,
        outlets: &args.outlet,
        to: args.output.as_deref(),
    };
    one.write(Output::Csv(form))
}

fn run_xlsx(args: XlsxArgs) -> Result<Outcome, Error> {
    use std::io::IsTerminal;
    // A workbook is a zip file: it would only garble a terminal.
    let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    if to_stdout && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            crate::say!(
                "castcal xlsx ghi một tệp nhị phân: hãy cho -o TỆP.xlsx, hoặc chuyển kết quả vào tệp (> TỆP.xlsx)",
                "castcal xlsx writes a binary file: give -o FILE.xlsx, or redirect the output (> FILE.xlsx)"
            )
            .to_string(),
        ));
    }
    let one = One {
        inputs: &args.inputs,
        outlets: &args.outlet,
        to: args.output.as_deref(),
    };
    one.write(Output::Sheet(args.lang))
}

fn run_xmltv(args: XmltvArgs) -> Result<Outcome, Error> {
    let one = One {
        inputs: &args.inputs,
        outlets: &args.outlet,
        to: args.output.as_deref(),
    };
    one.write(Output::Guide)
}

/// What a command that writes one output shares with the others: the
/// schedules, the outlets named with `--outlet`, where to write.
struct One<'a> {
    inputs: &'a Inputs,
    outlets: &'a [String],
    to: Option<&'a Path>,
}

impl One<'_> {
    /// Loads the plans, turns `--outlet` into a selection (an outlet no plan
    /// declares, or one the output cannot hold, is refused here, once),
    /// expands them and writes `output` where `-o` says.
    fn write(&self, output: Output) -> Result<Outcome, Error> {
        let progress = Progress::start(SAY.reading);
        let plans = plan::load(&self.inputs.paths)?;
        let selection = selection(&plans, self.outlets, output)?;
        progress.stage(SAY.expanding);
        let expansion = expand(&plans)?;
        progress.stage(SAY.writing);
        let ctx = Context::new(&plans, &expansion, site::Options::default(), None);
        output::write_to(self.to, |out| output.write(&ctx, &selection, out))?;
        Ok(Outcome::Clean)
    }
}

/// `--outlet`, checked against the plans once: an outlet no plan declares
/// is refused, and so is one that is no channel for the programme guide.
///
/// # Errors
/// [`Error::Usage`] naming the outlet and why.
fn selection(plans: &[plan::Plan], outlets: &[String], output: Output) -> Result<Selection, Error> {
    let refused = |id: &String, why: String| Error::Usage(format!("--outlet {id}: {why}"));
    if output == Output::Guide {
        if let Some((id, why)) = outlets
            .iter()
            .find_map(|id| Some((id, export::xmltv::not_a_channel(plans, id)?)))
        {
            return Err(refused(id, why));
        }
    }
    for id in outlets {
        Selection::one(plans, id).map_err(|why| refused(id, why))?;
    }
    Selection::of(plans, outlets).map_err(Error::Usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh,
        period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { KG: { name: KG, kind: tv }, BKG: { name: Báo, kind: newspaper } }
activities: []
"#;

    #[test]
    fn unknown_outlets_are_named_with_the_known_ones() {
        let p = plan::load_one("p.yaml".as_ref(), PLAN.to_string()).unwrap();
        let err = crate::words::said::show_in(Lang::En, || {
            selection(
                &[p],
                &["KG".into(), "VTV1".into()],
                Output::Csv(Default::default()),
            )
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "--outlet VTV1: no plan declares the outlet `VTV1`; the outlets are: BKG, KG"
        );
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        use std::ffi::OsStr;
        let cases = [
            (true, None, true),
            (true, Some(""), true),
            (true, Some("1"), false),
            (false, None, false),
            (false, Some("1"), false),
        ];
        for (terminal, no_color, want) in cases {
            assert_eq!(
                colour_for(terminal, no_color.map(OsStr::new)),
                want,
                "{terminal} {no_color:?}"
            );
        }
        let plan = plan::load_one(
            "p.yaml".as_ref(),
            PLAN.replace(
                "activities: []",
                "activities: [{ id: r, title: R, kind: deadline, start: 2023-01-07 }]",
            ),
        )
        .unwrap();
        let plans = [plan];
        let report = check::check(&plans, &crate::expand(&plans).unwrap(), &[]);
        let painted = check::report::text(&report, Lang::Vi, true);
        assert!(
            painted.contains("\x1b[1;33mcảnh báo\x1b[0m[deadline-off-day]"),
            "{painted}"
        );
        assert!(!check::report::text(&report, Lang::Vi, false).contains('\x1b'));
    }

    #[test]
    fn against_arguments() {
        assert_eq!(
            "KG=grid.ics".parse::<Against>(),
            Ok(Against {
                outlet: "KG".into(),
                path: PathBuf::from("grid.ics")
            })
        );
        for bad in ["KG", "=grid.ics", "KG=", ""] {
            assert!(bad.parse::<Against>().is_err(), "{bad}");
        }
    }
}
