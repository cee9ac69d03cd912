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

/// Pushes `n` in `width` decimal digits, zero-padded (its last `width`
/// digits): dates and times written by hand, as chrono's `format` parses
/// its pattern again for every value.
pub(crate) fn push_digits(out: &mut String, n: u32, width: u32) {
    for k in (0..width).rev() {
        let digit = (n / 10u32.pow(k)) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

pub mod csv;
pub mod html;
pub mod ics;
pub mod index;
pub mod json;
pub mod table;
