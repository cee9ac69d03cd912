//! Occurrences written for people and programs.

pub use crate::words::Lang;

pub(crate) use crate::format::push_digits;

pub mod changes;
pub mod csv;
pub mod html;
pub mod ics;
pub(crate) mod index;
pub mod json;
pub mod table;
pub mod workdays;
pub mod xlsx;
pub mod xmltv;
