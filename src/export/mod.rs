//! Occurrences written for people and programs.

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

pub(crate) use crate::format::push_digits;

pub mod csv;
pub mod html;
pub mod ics;
pub mod index;
pub mod json;
pub mod table;
