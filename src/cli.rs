//! The command line: one subcommand per job, each run by one function.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{self, Against};
use crate::error::Error;
use crate::expand::{expand, Window};
use crate::export;
use crate::output::write_stdout;
use crate::plan;

/// Exit status of `check` when it finds errors (or warnings, with `--strict`).
pub const EXIT_FINDINGS: u8 = 1;

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
    /// Check the plans before publishing: slot conflicts, holidays, declared counts, budget
    #[command(
        after_help = "Errors: timed occurrences that overlap on one outlet (across all plans \
given), slots that collide with a station's grid (--against), a rerun that does not come after \
its premiere, an occurrence outside the plan's period.\n\
Warnings: occurrences on holidays (on_holiday: warn), `expect` different from what the rule \
yields, activities with no dates, rules that look like misreadings, deadlines on weekends.\n\
Notes: what an on_holiday policy moved or skipped.\n\n\
Exit status: 0 no error; 1 errors (or warnings with --strict); 2 bad input.\n\n\
Examples:\n  \
castcal check\n  \
castcal check schedules/ --against KG=grids/kg-2023.ics --against KG1=grids/kg1-2023.ics\n  \
castcal check --format json --strict > report.json"
    )]
    Check(CheckArgs),
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
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
        Command::Check(args) => run_check(args),
    }
}

fn run_check(args: CheckArgs) -> Result<ExitCode, Error> {
    let plans = plan::load(&args.inputs.paths)?;
    let grids = args
        .against
        .iter()
        .map(|a| check::grid::read(a, &plans))
        .collect::<Result<Vec<_>, _>>()?;
    let occurrences = expand(&plans)?;
    let report = check::check(&plans, &occurrences, &grids)?;
    let text = match args.format {
        CheckFormat::Text => check::report::text(&report),
        CheckFormat::Json => check::report::json(&report)
            .map_err(|e| Error::Usage(format!("cannot render JSON: {e}")))?,
    };
    write_stdout(text.as_bytes())?;
    Ok(if report.fails(args.strict) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
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
