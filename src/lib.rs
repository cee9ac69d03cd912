//! castcal turns a communication plan into a concrete broadcast and
//! publication calendar.
//!
//! Data flows one way: schedule files → [`plan::Plan`] → [`Occurrence`]s →
//! outputs. [`plan::load`] reads and checks the files, [`expand()`] turns every
//! activity's rule into sorted occurrences, and the [`export`] modules write
//! them for people and programs. [`check::check`] finds what is wrong with a
//! plan before it is published: slot conflicts, holidays, declared counts.
//! [`zone`] places a wall-clock time in a zone (RFC 5545 §3.3.5), for all of them.
//!
//! ```
//! let text = r#"
//! plan: { id: kg, title: Plan, timezone: Asia/Ho_Chi_Minh,
//!         period: { from: 2023-01-01, to: 2023-12-31 } }
//! outlets: { KG: { name: KG, kind: tv } }
//! activities:
//!   - { id: segment, title: Segment, kind: broadcast, outlet: KG,
//!       start: 2023-01-18T17:45, rrule: "FREQ=MONTHLY;BYDAY=3WE", duration: PT12M,
//!       reruns: [{ days_after: 1, at: "06:00" }] }
//! "#;
//! let plans = [castcal::plan::load_one("kg.yaml".as_ref(), text.to_string())?];
//! let occurrences = castcal::expand(&plans)?;
//! assert_eq!(occurrences.len(), 24);
//! assert_eq!(occurrences[1].start.to_string(), "2023-01-19T06:00:00+07:00");
//! assert_eq!(occurrences[1].uid().to_string(), "kg.segment.20230118.r1@castcal");
//! # Ok::<(), castcal::Error>(())
//! ```

#![warn(missing_docs)]

pub mod check;
mod cli;
mod cores;
pub mod diff;
pub mod error;
pub mod expand;
pub mod export;
pub mod files;
pub mod fmt;
pub mod format;
pub mod grid;
pub mod import;
pub mod lunar;
pub mod occurrence;
mod output;
pub mod palette;
pub mod phrase;
pub mod plan;
mod progress;
pub mod reconcile;
pub mod report;
pub mod roll;
pub mod said;
mod serve;
pub mod site;
#[cfg(test)]
mod testing;
pub mod words;
pub mod workdays;
pub mod zone;

pub use error::Error;
pub use expand::{expand, Window};
pub use occurrence::{Moment, Occurrence, Role};

/// Runs the `castcal` command line: parses the arguments, runs the
/// command, prints any error once, and gives the exit status (0 done,
/// 1 done with findings, 2 bad input). The whole of the `castcal` binary.
pub fn main() -> std::process::ExitCode {
    cli::main()
}
