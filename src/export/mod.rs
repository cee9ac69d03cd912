//! Occurrences written for people and programs.

pub mod html;
pub mod table;
