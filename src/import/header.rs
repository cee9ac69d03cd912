//! The document's own header: its number, place and date, title, and the
//! year the plan is for (its title's, not the year it is dated).

use chrono::{Datelike, NaiveDate};

use super::document::{Block, Document};
use super::names;
use crate::phrase::{self, Fact, Mode};

/// What the header says.
#[derive(Debug, Default, Clone)]
pub(crate) struct Header {
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub place: Option<String>,
    pub title: Option<String>,
    pub year: Option<i32>,
}

impl Header {
    pub fn reference(&self) -> Option<String> {
        match (&self.number, self.date) {
            (Some(n), Some(d)) => Some(format!("{n}, {}", d.format("%d/%m/%Y"))),
            (Some(n), None) => Some(n.clone()),
            (None, Some(d)) => Some(d.format("%d/%m/%Y").to_string()),
            (None, None) => None,
        }
    }

    /// `kg-61-2023`: the place's initials, the plan's number, the year.
    pub fn plan_id(&self, year: i32) -> String {
        let place = self
            .place
            .as_deref()
            .map(names::initials)
            .unwrap_or_default()
            .to_lowercase();
        let number: String = self
            .number
            .as_deref()
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let parts: Vec<String> = [place, number, year.to_string()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let id = parts.join("-");
        if parts.len() == 1 {
            format!("ke-hoach-{id}")
        } else {
            id
        }
    }
}

/// The pieces of text of the blocks before `until`: a paragraph's parts
/// between tabs, a cell's paragraphs.
fn pieces(doc: &Document, until: usize) -> Vec<String> {
    let mut out = Vec::new();
    for b in doc.blocks.iter().take(until) {
        match b {
            Block::Text { text, .. } => {
                out.extend(text.split(['\t', '\n']).map(|p| p.trim().to_string()))
            }
            Block::Row { cells, .. } => {
                for c in cells {
                    out.extend(c.text.split('\n').map(|p| p.trim().to_string()));
                }
            }
        }
    }
    out
}

/// `Số: 1035/KH-UBND`, `Số 85-KH/BTGTU`, `Số: 87 /KH-UBND`.
fn number(piece: &str) -> Option<String> {
    let rest = piece
        .strip_prefix("Số")
        .or_else(|| piece.strip_prefix("SỐ"))?;
    let rest = rest.trim_start().trim_start_matches(':').trim();
    let n: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let ok = n.chars().next().is_some_and(|c| c.is_ascii_digit())
        && (n.contains('/') || n.contains('-'));
    (ok && n.chars().count() <= 40).then_some(n)
}

/// `Đồng Nai, ngày 22 tháng 01 năm 2024`.
fn place_and_date(piece: &str) -> Option<(Option<String>, NaiveDate)> {
    let (place, rest) = piece.split_once(',')?;
    let scan = phrase::scan(rest, Mode::Tolerant);
    let date = scan.facts().find_map(|f| match f {
        Fact::Dates(d) => d.first().copied(),
        _ => None,
    })?;
    let date = NaiveDate::from_ymd_opt(date.year?, date.month, date.day)?;
    let place = place.trim();
    let place = (!place.is_empty() && place.chars().count() <= 40).then(|| place.to_string());
    Some((place, date))
}

fn is_title_mark(piece: &str) -> bool {
    phrase::bare(piece) == "ke hoach"
}

/// Reads the header from the blocks before `until`.
pub(crate) fn read(doc: &Document, until: usize) -> Header {
    let mut h = Header::default();
    let pieces = pieces(doc, until);
    let mut title: Vec<String> = Vec::new();
    let mut in_title = false;
    for piece in &pieces {
        if in_title {
            let stop = piece.is_empty()
                || piece.ends_with(':')
                || piece.chars().count() > 200
                || piece.starts_with("---")
                || phrase::bare(piece).starts_with("can cu")
                || title.len() >= 3;
            if stop && !title.is_empty() {
                in_title = false;
            } else if !piece.is_empty() && !stop {
                title.push(piece.clone());
            }
            continue;
        }
        if h.number.is_none() {
            if let Some(n) = number(piece) {
                h.number = Some(n);
                continue;
            }
        }
        if h.date.is_none() {
            if let Some((place, date)) = place_and_date(piece) {
                h.place = place;
                h.date = Some(date);
                continue;
            }
        }
        if h.title.is_none() && title.is_empty() {
            if let Some(rest) = piece.strip_prefix("KẾ HOẠCH") {
                in_title = true;
                let rest = rest.trim();
                if !rest.is_empty() && !is_title_mark(rest) {
                    title.push(rest.to_string());
                }
            }
        }
    }
    if !title.is_empty() {
        let joined = title.join(" ");
        let mut chars = joined.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_lowercase().collect())
            .unwrap_or_default();
        h.title = Some(format!("Kế hoạch {first}{}", chars.as_str()));
    }
    let title_year = h.title.as_deref().and_then(|t| {
        phrase::scan(t, Mode::Tolerant)
            .facts()
            .filter_map(|f| match f {
                Fact::Year(y) => Some(*y),
                _ => None,
            })
            .last()
    });
    h.year = title_year.or(h.date.map(|d| d.year()));
    h
}
