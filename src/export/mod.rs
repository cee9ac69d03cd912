//! Occurrences written for people and programs.

pub mod ics;
pub mod table;
