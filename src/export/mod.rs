//! Occurrences written for people and programs.

pub mod csv;
pub mod html;
pub mod index;
pub mod table;
