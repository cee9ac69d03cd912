//! The command line: one subcommand per job, each run by one function.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::expand::{expand, Window};
use crate::export;
use crate::export::ics;
use crate::output::{write_stdout, AtomicFile};
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
        Command::Ics(args) => run_ics(args),
    }
}

fn run_ics(args: IcsArgs) -> Result<ExitCode, Error> {
    let plans = plan::load(&args.inputs.paths)?;
    for id in &args.outlets {
        if !plans.iter().any(|p| p.outlets.contains_key(id)) {
            let known: std::collections::BTreeSet<&str> = plans
                .iter()
                .flat_map(|p| p.outlets.keys().map(String::as_str))
                .collect();
            let known: Vec<&str> = known.into_iter().collect();
            return Err(Error::Usage(format!(
                "--outlet {id}: no plan has this outlet; expected one of: {}",
                known.join(", ")
            )));
        }
    }
    let mut outlets: Vec<String> = Vec::new();
    for id in args.outlets {
        if !outlets.contains(&id) {
            outlets.push(id);
        }
    }
    let options = ics::Options {
        mode: match args.mode {
            IcsMode::Instances => ics::Mode::Instances,
            IcsMode::Rrule => ics::Mode::Rrule,
        },
        outlets,
    };
    let occurrences = expand(&plans)?;
    match &args.output {
        Some(path) => {
            let file = AtomicFile::create(path)?;
            let file = ics::write(file, &plans, &occurrences, &options).map_err(|source| {
                Error::Output {
                    path: path.clone(),
                    source,
                }
            })?;
            file.commit()?;
        }
        None => {
            let out = io::BufWriter::new(io::stdout().lock());
            match ics::write(out, &plans, &occurrences, &options) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    return Err(Error::Output {
                        path: PathBuf::from("<stdout>"),
                        source: e,
                    })
                }
                _ => {}
            }
        }
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
