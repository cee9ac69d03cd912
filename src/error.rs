//! The errors castcal's library returns; `main` prints each once, with
//! [`Error::message`].

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::plan::{Diagnostic, LoadError};
use crate::said::Said;

/// Everything that can stop a command. All of them are the input's or the
/// environment's fault; [`Error::exit_status`] gives the exit status.
///
/// An error's `Display` says what failed, in the language messages are
/// shown in ([`crate::said`]); the system's or the parser's
/// error that caused it is its [`source`](std::error::Error::source), never
/// repeated in the text. [`Error::message`] joins the two.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A schedule or holiday file says something wrong, at a known place.
    #[error("{0}")]
    Schedule(Box<Diagnostic>),
    /// A file or folder cannot be read.
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
    /// An evidence file (an as-run log, a file of confirmations) says what
    /// castcal cannot read, at a known place; the message is in the
    /// reader's language.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Evidence {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
        /// What is wrong, and what would do.
        message: String,
    },
    /// An output cannot be written.
    #[error("{}", cannot_write(path))]
    Output {
        /// The file, folder or `<stdout>`.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A report cannot be rendered as JSON.
    #[error("{}", crate::say!("không tạo được JSON", "cannot render JSON"))]
    Json(#[from] serde_json::Error),
    /// The history of publications (an SQLite store) cannot be read or written.
    #[error("{}", history_unusable(path))]
    Store {
        /// The store.
        path: PathBuf,
        /// Why.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The server cannot start or listen.
    #[error("{what}")]
    Server {
        /// What it could not do (`cannot listen on 127.0.0.1:8080`).
        what: String,
        /// Why.
        source: io::Error,
    },
    /// What is asked is impossible (beyond what the command line's parser checks).
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
            LoadError::Read { path, source } => Error::Read { path, source },
            LoadError::Input { path, message } => Error::Input { path, message },
        }
    }
}

/// The exit status of a command stopped by an [`Error`].
pub const EXIT_BAD_INPUT: u8 = 2;

/// The exit status of a command that ran but found what it reports (an
/// error in the plan; a warning too, under `check --strict`).
pub const EXIT_FINDINGS: u8 = 1;

impl Error {
    /// The exit status of a command this error stopped: the one place that
    /// decides it. Every error is the input's or the environment's, so 2.
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::Schedule(_)
            | Error::Read { .. }
            | Error::Input { .. }
            | Error::Evidence { .. }
            | Error::Output { .. }
            | Error::Json(_)
            | Error::Server { .. }
            | Error::Store { .. }
            | Error::Usage(_) => EXIT_BAD_INPUT,
        }
    }

    /// The whole message, once: what failed, then each cause, joined by
    /// `: ` (`cannot write out.ics: Permission denied (os error 13)`).
    ///
    /// ```
    /// use std::io;
    /// let e = castcal::Error::Output {
    ///     path: "out.ics".into(),
    ///     source: io::Error::new(io::ErrorKind::PermissionDenied, "denied"),
    /// };
    /// assert_eq!(e.to_string(), "không ghi được out.ics");
    /// let english = castcal::words::said::show_in(castcal::words::Lang::En, || e.message());
    /// assert_eq!(english, "cannot write out.ics: denied");
    /// ```
    pub fn message(&self) -> String {
        use std::error::Error as _;
        let mut text = self.to_string();
        let mut cause = self.source();
        while let Some(c) = cause {
            text.push_str(": ");
            match c.downcast_ref::<io::Error>().and_then(system_said) {
                Some(said) => text.push_str(&said.to_string()),
                None => text.push_str(&c.to_string()),
            }
            cause = c.source();
        }
        text
    }

    pub(crate) fn input(path: impl Into<PathBuf>, message: impl Into<Said>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn output(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| Error::Output { path, source }
    }

    pub(crate) fn server(what: impl fmt::Display) -> impl FnOnce(io::Error) -> Self {
        let what = what.to_string();
        move |source| Error::Server { what, source }
    }
}

/// The system's reason for a failed read or write, in the reader's
/// language when it is a common one; the system's own words (with its
/// error number, which searches find) stay in the English.
fn system_said(e: &io::Error) -> Option<Said> {
    use io::ErrorKind as K;
    let vi = match e.kind() {
        K::NotFound => "không có tệp hay thư mục này",
        K::PermissionDenied => "không có quyền",
        K::AlreadyExists => "đã có",
        K::IsADirectory => "đây là một thư mục",
        K::NotADirectory => "một phần của đường dẫn không phải thư mục",
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        K::StorageFull => "ổ đĩa đã đầy",
        K::QuotaExceeded => "đã hết hạn mức dung lượng",
        K::DirectoryNotEmpty => "thư mục không trống",
        K::CrossesDevices => "không chuyển được sang ổ đĩa khác",
        _ => return None,
    };
    let en = e.to_string();
    // The error number, as the system's words end with it (a wrapped
    // error, such as a temporary file's, has it only there).
    let number = en
        .rfind(" (os error ")
        .and_then(|i| en.get(i..))
        .unwrap_or("");
    let vi = format!("{vi}{number}");
    Some(Said { vi, en })
}

/// An output that cannot be written (the reason follows).
fn cannot_write(path: &std::path::Path) -> Said {
    let path = path.display();
    crate::say!("không ghi được {path}", "cannot write {path}")
}

/// The history store that cannot be used (the reason follows).
fn history_unusable(path: &std::path::Path) -> Said {
    let path = path.display();
    crate::say!(
        "không dùng được lịch sử công bố {path}",
        "the history of publications {path} cannot be used"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cause is in the chain and in the message, once.
    #[test]
    fn causes_are_kept_typed_and_said_once() {
        use std::error::Error as _;
        let e = Error::from(LoadError::Read {
            path: "plan.yaml".into(),
            source: io::Error::new(io::ErrorKind::NotFound, "No such file or directory"),
        });
        let cause = e.source().and_then(|s| s.downcast_ref::<io::Error>());
        assert_eq!(cause.map(io::Error::kind), Some(io::ErrorKind::NotFound));
        // The system's reason in Vietnamese, its own words in English.
        assert_eq!(e.message(), "plan.yaml: không có tệp hay thư mục này");
        let english = crate::said::show_in(crate::said::Lang::En, || e.message());
        assert_eq!(english, "plan.yaml: No such file or directory");
        assert_eq!(english.matches("No such file").count(), 1);

        let json = serde_json::from_str::<u8>("x").err().map(Error::from);
        let json = json.as_ref().map(Error::message);
        assert_eq!(
            json.as_deref(),
            Some("không tạo được JSON: expected value at line 1 column 1")
        );
    }
}
