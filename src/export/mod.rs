//! Occurrences written for people and programs.

pub mod index;
pub mod table;
