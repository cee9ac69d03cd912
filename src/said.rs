//! The two languages castcal speaks, and a message to a person kept in
//! both until it is shown.
//!
//! An error is made deep in the library, long before anyone knows who will
//! read it; `main` knows (`--lang`, `CASTCAL_LANG`). So a message is made
//! in both languages ([`say!`](crate::say)) and carried as data
//! ([`Said`]); it is shown in the language of the thread that shows it,
//! Vietnamese unless [`show_in`] says otherwise.
//!
//! ```
//! use castcal::said::{self, Lang};
//! let line = 8;
//! let s = castcal::say!("dòng {line}: thiếu dấu nháy", "line {line}: a quote is missing");
//! assert_eq!(s.to_string(), "dòng 8: thiếu dấu nháy");
//! assert_eq!(said::show_in(Lang::En, || s.to_string()), "line 8: a quote is missing");
//! assert_eq!(s.get(Lang::En), "line 8: a quote is missing");
//! ```

use std::cell::Cell;
use std::fmt;

/// The language of a human-readable output: its headers, words and date
/// format (CSV: `2023-01-18` in English, `18/01/2023` in Vietnamese).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// The file of `pair` written in this language (`index.html`, `index-en.html`).
    pub fn file(self, pair: crate::files::Pair) -> &'static str {
        match self {
            Lang::Vi => pair.vi,
            Lang::En => pair.en,
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// A sentence in Vietnamese and in English.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Said {
    /// In Vietnamese.
    pub vi: String,
    /// In English.
    pub en: String,
}

impl Said {
    /// A message from its two texts.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Said {
        Said {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text of `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Both texts with `f` applied to each, told which language it has.
    #[must_use]
    pub fn map(self, f: impl Fn(Lang, String) -> String) -> Said {
        Said {
            vi: f(Lang::Vi, self.vi),
            en: f(Lang::En, self.en),
        }
    }
}

/// A text that reads the same in both languages (a name, a path, a
/// system's own message).
impl From<String> for Said {
    fn from(text: String) -> Said {
        Said {
            vi: text.clone(),
            en: text,
        }
    }
}

impl From<&str> for Said {
    fn from(text: &str) -> Said {
        Said::from(text.to_string())
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get(shown()))
    }
}

thread_local! {
    static SHOWN: Cell<Lang> = const { Cell::new(Lang::Vi) };
}

/// The language messages are shown in on this thread: Vietnamese unless
/// inside [`show_in`].
pub fn shown() -> Lang {
    SHOWN.with(Cell::get)
}

/// Runs `f` with messages shown in `lang` on this thread.
pub fn show_in<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = SHOWN.with(|s| s.replace(lang));
    let out = f();
    SHOWN.with(|s| s.set(before));
    out
}

/// Sets the language messages are shown in on this thread from now on
/// (`main`, once it has read `--lang`).
pub fn show_from_now(lang: Lang) {
    SHOWN.with(|s| s.set(lang));
}

/// A [`Said`] from a Vietnamese and an English format string, each with
/// its own arguments captured by name: `say!("dòng {n}", "line {n}")`.
#[macro_export]
macro_rules! say {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::said::Said {
            vi: format!($vi),
            en: format!($en),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_in_the_thread_language_and_restored() {
        let n = 3;
        let s = say!("{n} ngày", "{n} days");
        assert_eq!(s.to_string(), "3 ngày");
        assert_eq!(show_in(Lang::En, || s.to_string()), "3 days");
        assert_eq!(s.to_string(), "3 ngày");
        assert_eq!(Said::from("KG").to_string(), "KG");
    }
}
