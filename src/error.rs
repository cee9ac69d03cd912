//! The errors castcal's library returns; `main` renders each once.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::plan::{Diagnostic, LoadError};

/// Everything that can stop a command. All of them are the input's or the
/// environment's fault, and `main` exits with status 2 for each.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A schedule or holiday file says something wrong, at a known place.
    #[error("{0}")]
    Schedule(Box<Diagnostic>),
    /// A file or folder cannot be read, or holds nothing to read.
    #[error("{}: {message}", path.display())]
    Input { path: PathBuf, message: String },
    /// An output cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Output { path: PathBuf, source: io::Error },
    /// The command line asks for something impossible (beyond what clap checks).
    #[error("{0}")]
    Usage(String),
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Schedule(Box::new(d))
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Schedule(d) => Error::Schedule(d),
            LoadError::Input { path, message } => Error::Input { path, message },
        }
    }
}

/// The exit status of a command stopped by an [`Error`].
pub const EXIT_BAD_INPUT: u8 = 2;

impl Error {
    /// The exit status of a command this error stopped: the one place that
    /// decides it. Every error is the input's or the environment's, so 2.
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::Schedule(_) | Error::Input { .. } | Error::Output { .. } | Error::Usage(_) => {
                EXIT_BAD_INPUT
            }
        }
    }

    pub(crate) fn input(path: impl Into<PathBuf>, message: impl fmt::Display) -> Self {
        Error::Input {
            path: path.into(),
            message: message.to_string(),
        }
    }
}
