//! Why schedule files gave no plan.

use std::io;
use std::path::PathBuf;

use super::Diagnostic;
use crate::said::Said;

/// Why [`load`](super::load), [`load_one`](super::load_one) or
/// [`schedule_files`](super::schedule_files) failed. Each is the input's or
/// the environment's fault.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A schedule or holiday file says something wrong, at a known place.
    #[error("{0}")]
    Schedule(Box<Diagnostic>),
    /// A file or folder cannot be read: the system's error is the cause.
    #[error("{}", path.display())]
    Read {
        /// What could not be read.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A file or folder holds nothing castcal can read.
    #[error("{}: {message}", path.display())]
    Input {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong with it.
        message: Said,
    },
}

impl From<Diagnostic> for LoadError {
    fn from(d: Diagnostic) -> Self {
        LoadError::Schedule(Box::new(d))
    }
}

impl LoadError {
    pub(super) fn input(path: impl Into<PathBuf>, message: impl Into<Said>) -> Self {
        LoadError::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(super) fn read(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| LoadError::Read { path, source }
    }
}
