//! Ids, slugs and outlet names made from the document's words.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::activity::Outlet;
use crate::phrase::{Fact, Medium};
use crate::plan::OutletKind;

/// Letters without their marks, `đ` as `d`: `Kiên Giang` → `Kien Giang`.
pub(crate) fn ascii(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .filter(char::is_ascii)
        .collect()
}

/// The capitals of a name's words: `Báo Kiên Giang` → `BKG`.
pub(crate) fn initials(name: &str) -> String {
    ascii(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "cua" | "va"))
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A slug of at most `words` words: `Tọa đàm: …` → `toa-dam`.
pub(crate) fn slug(text: &str, words: usize) -> String {
    let head = match text.split_once(':') {
        Some((h, _)) if h.split_whitespace().count() <= 5 => h,
        _ => text,
    };
    let folded = ascii(head).to_ascii_lowercase();
    let parts: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(words)
        .collect();
    parts.join("-").chars().take(48).collect()
}

/// The text with its first letter a capital.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One line: line breaks and runs of spaces as one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The partners of a cell: split at commas and semicolons; a piece in
/// lower case goes on from the one before (`Trạm Y tế xã, phường`), but
/// one that starts a group (`các sở, ban, ngành`) is a partner of its own.
pub(crate) fn partners(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in one_line(cell)
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let lower_start = piece.chars().next().is_some_and(char::is_lowercase);
        let group = ["các ", "những ", "mọi "]
            .iter()
            .any(|w| piece.starts_with(w));
        match out.last_mut() {
            Some(last) if lower_start && !group => {
                last.push_str(", ");
                last.push_str(piece);
            }
            _ => out.push(piece.to_string()),
        }
    }
    out
}

/// A lead and partners written in one cell: `Chủ trì: A` `Phối hợp: B, C`.
pub(crate) fn office(cell: &str) -> (Option<String>, Vec<String>) {
    let text = one_line(cell);
    let bare = crate::phrase::bare(&text);
    let lead_at = bare.find("chu tri:");
    let partners_at = bare.find("phoi hop:");
    let after = |i: usize, word: &str| {
        let chars: usize = bare.get(..i).map_or(0, |b| b.chars().count()) + word.chars().count();
        text.chars().skip(chars).collect::<String>()
    };
    match (lead_at, partners_at) {
        (Some(l), Some(p)) if l < p => {
            let lead = after(l, "chu tri:");
            let cut = lead
                .chars()
                .count()
                .saturating_sub(after(p, "").chars().count());
            let lead: String = lead.chars().take(cut).collect();
            let lead = lead
                .trim()
                .trim_end_matches([';', ',', '.'])
                .trim()
                .to_string();
            (Some(lead), partners(&after(p, "phoi hop:")))
        }
        (Some(l), None) => (Some(after(l, "chu tri:").trim().to_string()), Vec::new()),
        _ => {
            let mut list = partners(&text);
            let lead = (!list.is_empty()).then(|| list.remove(0));
            (lead, list)
        }
    }
}

/// The plan's outlets, each once.
#[derive(Debug, Default)]
pub(crate) struct Outlets {
    pub list: Vec<Outlet>,
}

fn kind_of(m: Medium) -> OutletKind {
    match m {
        Medium::Tv => OutletKind::Tv,
        Medium::Radio => OutletKind::Radio,
        Medium::Newspaper => OutletKind::Newspaper,
        Medium::Bulletin => OutletKind::Bulletin,
        Medium::Web => OutletKind::Web,
        Medium::Outdoor => OutletKind::Outdoor,
    }
}

/// The outlet an outlet or frequency fact names (`quote` as written), not
/// yet added: a station's name (`Đài …`) names its channels.
pub(crate) fn outlet_of(fact: &Fact, quote: &str, station: Option<&str>) -> Option<Outlet> {
    let (kind, id, name) = match fact {
        Fact::Frequency(mhz) => {
            let name = format!("FM {mhz} MHz");
            (OutletKind::Radio, format!("FM{}", ascii(mhz)), name)
        }
        Fact::Outlet {
            medium,
            code: Some(code),
            name,
        } => {
            let kind = kind_of(*medium);
            let full = match (name, station) {
                (Some(freq), _) => format!("{code} ({freq})"),
                (None, Some(s)) => format!("{s} – kênh {code}"),
                (None, None) => format!("Kênh {code}"),
            };
            (kind, ascii(code).to_ascii_uppercase(), full)
        }
        Fact::Outlet {
            medium,
            code: None,
            name,
        } => {
            let kind = kind_of(*medium);
            let words: Vec<&str> = quote.split_whitespace().filter(|w| *w != "của").collect();
            let full = capitalised(&words.join(" "));
            let id = if kind == OutletKind::Outdoor {
                let head = name
                    .as_deref()
                    .and_then(|n| quote.strip_suffix(n))
                    .unwrap_or(quote);
                ascii(head).to_ascii_uppercase()
            } else {
                initials(&full)
            };
            (kind, id, full)
        }
        _ => return None,
    };
    let id: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    Some(Outlet { id, name, kind })
}

impl Outlets {
    /// The outlet an outlet or frequency fact names (`quote` as written),
    /// added once.
    pub fn of(&mut self, fact: &Fact, quote: &str, station: Option<&str>) -> Option<Outlet> {
        let o = outlet_of(fact, quote, station)?;
        Some(self.add(o.kind, &o.id, o.name))
    }

    /// Names outlet `id` by what `fact` says of it, when that names the
    /// same outlet more fully (`Pano tuyên truyền CCHC` for `Pano`).
    pub fn prefer_name(&mut self, id: &str, fact: &Fact, quote: &str) {
        let Some(named) = outlet_of(fact, quote, None) else {
            return;
        };
        if let Some(o) = self
            .list
            .iter_mut()
            .find(|o| o.id == id && o.kind == named.kind)
        {
            let same = named.id == o.id || named.id.starts_with(&o.id);
            if same && named.name.chars().count() > o.name.chars().count() {
                o.name = named.name;
            }
        }
    }

    fn add(&mut self, kind: OutletKind, id: &str, name: String) -> Outlet {
        let mut id: String = id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(32)
            .collect();
        if let Some(o) = self.list.iter().find(|o| o.id == id && o.kind == kind) {
            return o.clone();
        }
        if id.is_empty() || crate::plan::is_reserved_outlet_id(&id) {
            id.push_str("OUT");
        }
        let base = id.clone();
        let mut n = 2;
        while self.list.iter().any(|o| o.id.eq_ignore_ascii_case(&id)) {
            id = format!("{base}{n}");
            n += 1;
        }
        let outlet = Outlet { id, name, kind };
        self.list.push(outlet.clone());
        outlet
    }

    /// Gives a radio outlet its frequency in its name.
    pub fn with_frequency(&mut self, id: &str, mhz: &str) {
        if let Some(o) = self.list.iter_mut().find(|o| o.id == id) {
            if !o.name.contains("MHz") {
                o.name = format!("{} (FM {mhz} MHz)", o.name);
            }
        }
    }
}

/// Ids given, each once.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    taken: HashSet<String>,
    /// The next number to try after each base, so that many items of one
    /// title take linear time.
    next: HashMap<String, usize>,
}

impl Ids {
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "hoat-dong" } else { base };
        let mut id = base.to_string();
        let n = self.next.entry(base.to_string()).or_insert(2);
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partners_split_at_groups() {
        assert_eq!(
            partners("Đài Phát thanh và Truyền hình Kiên Giang, các sở, ban, ngành có liên quan"),
            [
                "Đài Phát thanh và Truyền hình Kiên Giang",
                "các sở, ban, ngành có liên quan"
            ]
        );
        assert_eq!(
            partners("UBND các huyện, thị xã, thành phố; Tỉnh đoàn"),
            ["UBND các huyện, thị xã, thành phố", "Tỉnh đoàn"]
        );
    }

    #[test]
    fn ids_of_one_title_are_numbered_in_order() {
        let mut ids = Ids::default();
        let got: Vec<String> = (0..4).map(|_| ids.unique("chuyen-muc")).collect();
        assert_eq!(
            got,
            ["chuyen-muc", "chuyen-muc-2", "chuyen-muc-3", "chuyen-muc-4"]
        );
        assert_eq!(ids.unique("chuyen-muc-2"), "chuyen-muc-2-2");
        assert_eq!(ids.unique(""), "hoat-dong");
    }

    /// Numbering did try every number from 2 for each new item of a title:
    /// 20,000 items took 200 million tries.
    #[test]
    fn many_ids_of_one_title_in_linear_time() {
        let mut ids = Ids::default();
        let started = std::time::Instant::now();
        for _ in 0..10_000 {
            ids.unique("chuyen-muc");
        }
        assert_eq!(ids.unique("chuyen-muc"), "chuyen-muc-10001");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn lead_and_partners_in_one_cell() {
        assert_eq!(
            office(
                "Chủ trì: Sở Thông tin và Truyền thông\nPhối hợp: Đài Phát thanh, Báo Hải Phòng"
            ),
            (
                Some("Sở Thông tin và Truyền thông".to_string()),
                vec!["Đài Phát thanh".to_string(), "Báo Hải Phòng".to_string()]
            )
        );
        assert_eq!(
            office("Trạm Y tế xã, phường").0.as_deref(),
            Some("Trạm Y tế xã, phường")
        );
        assert_eq!(slug("Tọa đàm: A", 4), "toa-dam");
    }
}
