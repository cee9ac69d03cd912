//! Occurrences written for people and programs.

pub mod table;
