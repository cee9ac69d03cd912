//! `castcal fmt`: a schedule file (or a holiday file) in one language's form.
//!
//! A schedule file may name its keys and enumerated words in English or in
//! Vietnamese ([`crate::words::keys`]). [`format`] writes every one of them
//! in one language and touches nothing else: the text is edited at the
//! places the loader found them ([`plan::Source::spots`]), never written
//! again from what was read, so every other value, comment, blank line,
//! quote and the order stay as they were. Formatting twice changes nothing,
//! and Vietnamese → English → Vietnamese gives back the same bytes.
//!
//! ```
//! use castcal::words::Lang;
//! let text = "plan: { id: p, title: P, timezone: UTC, period: { from: 2023-01-01, to: 2023-01-31 } }\n\
//!             activities:\n  - id: a   # the first\n    title: A\n    kind: event\n    start: 01/01/2023\n";
//! let vi = castcal::fmt::format("p.yaml".as_ref(), text, Lang::Vi)?;
//! assert!(vi.contains("  - mã: a   # the first\n    tiêu đề: A\n    loại: sự kiện\n    bắt đầu: 01/01/2023\n"));
//! assert_eq!(castcal::fmt::format("p.yaml".as_ref(), &vi, Lang::En)?, text);
//! # Ok::<(), castcal::plan::LoadError>(())
//! ```

use std::path::Path;

use crate::error::Error;
use crate::output;
use crate::plan::{self, LoadError, Source};
use crate::words::Lang;

/// The schedule file `text` (read from `path`) with its keys and enumerated
/// words in `lang`'s form. A byte-order mark is kept. A holiday file (a
/// list of days off) is formatted the same way.
///
/// # Errors
/// The file does not load as a plan or as a holiday file (the loader's
/// error, at its place), or the rewritten file would not.
pub fn format(path: &Path, text: &str, lang: Lang) -> Result<String, LoadError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let loads = |text: String| {
        if plan::is_holiday_file(&text) {
            plan::load_holiday_text(path, text)
        } else {
            plan::load_one(path, text).map(|_| ())
        }
    };
    loads(body.to_string())?;
    let source = Source::new(path, body.to_string())?;
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    out.push_str(bom);
    let mut done = 0;
    for spot in source.spots() {
        let name = spot.named.name(lang);
        if spot.written == name || spot.bytes.start < done {
            continue;
        }
        out.push_str(body.get(done..spot.bytes.start).unwrap_or(""));
        out.push_str(name);
        done = spot.bytes.end;
    }
    out.push_str(body.get(done..).unwrap_or(""));
    if let Err(e) = loads(out.clone()) {
        return Err(LoadError::Input {
            path: path.to_path_buf(),
            message: crate::words::fmt::unloadable(&e.to_string()),
        });
    }
    Ok(out)
}

/// Rewrites the schedule file at `path` in `lang`'s form, in place and
/// atomically, keeping its permissions; a file already in that form is
/// not written at all. Says whether it was rewritten.
///
/// # Errors
/// The file cannot be read or does not load (it is left as it was), or
/// cannot be replaced.
pub fn format_file(path: &Path, lang: Lang) -> Result<bool, Error> {
    let text = plan::read_schedule_text(path)?;
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = if bytes.starts_with(b"\xEF\xBB\xBF") {
        format!("\u{feff}{text}")
    } else {
        text
    };
    let formatted = format(path, &text, lang)?;
    if formatted.as_bytes() == bytes.as_slice() {
        return Ok(false);
    }
    output::replace(path, formatted.as_bytes())?;
    Ok(true)
}
