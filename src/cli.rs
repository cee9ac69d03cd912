//! The command line: one subcommand per job, each run by one function.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::expand::{expand, Window};
use crate::export;
use crate::output::{write_atomic, write_stdout};
use crate::plan;

/// Exit status for bad input or a bad command line.
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "castcal",
    version,
    about = "Turn a communication plan into a broadcast and publication calendar",
    long_about = "Turn a communication plan (TV segments with reruns, newspaper pages, talk shows, \
bulletins, campaigns, report deadlines) into a concrete calendar.\n\n\
Every command reads schedule files or folders (default: schedules/)."
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
castcal print > year.html"
    )]
    Print(PrintArgs),
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
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Write to FILE (atomically: a reader sees the old file or the new one) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the calendar's words: `vi` (Vietnamese) or `en` (English)
    #[arg(long, value_enum, default_value_t = export::html::Lang::Vi)]
    pub lang: export::html::Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExpandFormat {
    Table,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; expected YYYY-MM-DD"))
}

/// Parses the command line, runs the command, prints any error once, and
/// returns the exit status: 0 success, 2 bad input or command line.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Runs one parsed command.
///
/// # Errors
/// Whatever stops the command: see [`Error`].
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Expand(args) => run_expand(args),
        Command::Print(args) => run_print(args),
    }
}

fn run_print(args: PrintArgs) -> Result<ExitCode, Error> {
    let plans = plan::load(&args.inputs.paths)?;
    let occurrences = expand(&plans)?;
    let html = export::html::render(&plans, &occurrences, args.lang);
    match &args.output {
        Some(path) => write_atomic(path, html.as_bytes())?,
        None => write_stdout(html.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn run_expand(args: ExpandArgs) -> Result<ExitCode, Error> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if to < from {
            return Err(Error::Usage(format!("--to {to} is before --from {from}")));
        }
    }
    let plans = plan::load(&args.inputs.paths)?;
    let window = Window {
        from: args.from,
        to: args.to,
    };
    let mut occurrences = expand(&plans)?;
    occurrences.retain(|o| window.overlaps(o));
    let text = match args.format {
        ExpandFormat::Table => export::table::render(&occurrences),
        ExpandFormat::Json => {
            let mut json = serde_json::to_string_pretty(&occurrences)
                .map_err(|e| Error::Usage(format!("cannot render JSON: {e}")))?;
            json.push('\n');
            json
        }
    };
    write_stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
