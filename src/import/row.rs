//! Reading an item (a table row, or a paragraph of prose) into an
//! activity: its time cells by the grammar, its outlet, reruns, length,
//! declared count and budget, and what was assumed or not read.

use std::collections::HashMap;

use chrono::Datelike;

use super::activity::{Activity, Notes, Outlet, Quote, Rerun, Said, Start};
use super::columns::{Role, Unit};
use super::describe;
use super::document::Place;
use super::names::{self, Ids, Outlets};
use super::table::Item;
use super::Warning;
use crate::phrase::when::{self, Bounds, Note, Placement, When, WindowOf};
use crate::phrase::{self, Fact, Found, Medium, Mode, Per, Scan};
use crate::plan::{ActivityKind, OutletKind};
use crate::words::import as say;
use crate::words::Lang;

/// What is read of an item, whatever it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Source {
    pub label: String,
    pub place: Place,
    pub title: String,
    /// The texts that say when (time, date, hour, channel, length cells;
    /// or the paragraph).
    pub when: Vec<String>,
    pub product: String,
    pub content: String,
    /// Words around the item that may name its outlet (the heading of
    /// the paragraphs it is under).
    pub context: String,
    pub lead: Option<String>,
    pub partners: Vec<String>,
    pub budget: String,
    /// The budget column's unit and header.
    pub unit: Option<Unit>,
    /// Cells quoted above the activity.
    pub quoted: Vec<Quote>,
    /// Prose: words around the time phrases are the title's.
    pub prose: bool,
    pub inherited: Vec<Role>,
    pub merged: Vec<Role>,
    pub shared_budget: Option<String>,
    pub realigned: bool,
    /// Every reading is OCR's (a scanned page).
    pub ocr: bool,
}

/// What the reading of a document shares across its items.
pub(crate) struct Reader<'a> {
    pub lang: Lang,
    pub bounds: Bounds,
    pub outlets: &'a mut Outlets,
    pub ids: &'a mut Ids,
    pub warnings: &'a mut Vec<Warning>,
    /// The pages read by OCR.
    pub scanned: Vec<u32>,
}

/// The source of a table item.
pub(crate) fn source(item: &Item, unit: Option<Unit>, lang: Lang) -> Source {
    let w = say::Words::of(lang);
    let cell = |r: Role| names::one_line(item.cell(r));
    let mut when = vec![cell(Role::Time), cell(Role::Date), cell(Role::Clock)];
    let channel = cell(Role::Channel);
    if !channel.is_empty() {
        let b = phrase::bare(&channel);
        let named = b.contains("kenh") || b.contains("mhz") || b.contains("song");
        when.push(if named {
            channel
        } else {
            format!("kênh {channel}")
        });
    }
    let length = cell(Role::Length);
    if !length.is_empty() {
        let named = phrase::bare(&length).contains("thoi luong");
        when.push(if named {
            length
        } else {
            format!("thời lượng {length}")
        });
    }
    when.retain(|t| !t.is_empty());
    let (lead, partners) = if item.cell(Role::Office).is_empty() {
        let lead = cell(Role::Lead);
        (
            (!lead.is_empty()).then_some(lead),
            names::partners(item.cell(Role::Partners)),
        )
    } else {
        names::office(item.cell(Role::Office))
    };
    let mut quoted = vec![Quote::new(w.when, when.join(" | "))];
    for (label, role) in [(w.product, Role::Product), (w.budget, Role::Budget)] {
        if !cell(role).is_empty() {
            quoted.push(Quote::new(label, cell(role)));
        }
    }
    let content = cell(Role::Content);
    Source {
        label: item.label.clone(),
        place: item.place,
        title: if content.is_empty() {
            when.join(" ")
        } else {
            content.clone()
        },
        when,
        product: cell(Role::Product),
        content,
        context: String::new(),
        lead,
        partners,
        budget: cell(Role::Budget),
        unit,
        quoted,
        prose: false,
        inherited: item.inherited.clone(),
        merged: item.merged.clone(),
        shared_budget: item.shared_budget.clone(),
        realigned: item.realigned,
        ocr: false,
    }
}

/// An item's time cells and product cell read by the grammar: the costly
/// part of reading it, done for many items at once over the cores.
pub(crate) struct Scanned {
    scans: Vec<Scan>,
    product: Scan,
}

impl Scanned {
    pub fn of(s: &Source) -> Scanned {
        Scanned {
            scans: s
                .when
                .iter()
                .map(|t| phrase::scan(t, Mode::Tolerant))
                .collect(),
            product: phrase::scan(&s.product, Mode::Tolerant),
        }
    }

    /// The scans of many items, over the cores, each different text read
    /// once: a plan's cells repeat (one product for many items, a slot
    /// many items share), and a text reads the same wherever it is.
    pub fn all(sources: &[Source]) -> Vec<Scanned> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut texts: Vec<&str> = Vec::new();
        for s in sources {
            for t in s.when.iter().chain([&s.product]) {
                index.entry(t.as_str()).or_insert_with(|| {
                    texts.push(t);
                    texts.len() - 1
                });
            }
        }
        let scans = crate::cores::map(&texts, |t| phrase::scan(t, Mode::Tolerant));
        let scan = |t: &str| {
            index
                .get(t)
                .and_then(|i| scans.get(*i))
                .cloned()
                .unwrap_or_else(|| phrase::scan(t, Mode::Tolerant))
        };
        sources
            .iter()
            .map(|s| Scanned {
                scans: s.when.iter().map(|t| scan(t)).collect(),
                product: scan(&s.product),
            })
            .collect()
    }
}

/// What the reading of an item found, before it is an activity.
struct Parts {
    notes: Notes,
    placement: Placement,
    kind: ActivityKind,
    outlet: Option<String>,
    reruns: Vec<Rerun>,
    budget: Option<u64>,
    expect: Option<u32>,
    phrase: Option<String>,
}

/// Whether nothing in the scans states anything (every word unread, or
/// only joining words): the cell as a whole is not understood.
fn nothing_read(scans: &[Scan]) -> bool {
    scans
        .iter()
        .flat_map(|s| s.found.iter())
        .all(|f| matches!(f.fact, None | Some(Fact::Joiner)))
}

impl Reader<'_> {
    fn warn(&mut self, place: Place, item: &str, message: &str, assumed: bool) {
        self.warnings.push(Warning {
            place,
            item: item.to_string(),
            message: message.to_string(),
            assumed,
        });
    }

    /// Notes what a scan read, assumed and could not read; `whole`: the
    /// cells say nothing at all (named once, when nothing is placed).
    fn note_scan(&mut self, s: &Source, scan: &Scan, notes: &mut Notes, whole: bool) {
        let lang = self.lang;
        let mut rerun = false;
        for f in &scan.found {
            match &f.fact {
                None => notes.unread("", say::invalid(lang, &f.quote)),
                // A weekday or week after `phát lại` says the rerun's day;
                // whether it agrees with the days after is placing's note.
                Some(Fact::Day(_) | Fact::Nth(_)) if rerun => {
                    notes.read(&f.quote, say::Words::of(lang).rerun_weekday.into());
                }
                Some(fact) => {
                    rerun |= *fact == Fact::Rerun;
                    let said = describe::fact(lang, fact);
                    if !said.is_empty() {
                        notes.read(&f.quote, said);
                    }
                }
            }
            for n in &f.noise {
                notes.assume(&f.quote, say::noise(lang, &n.written, &n.read_as));
            }
        }
        if !whole {
            let (first, last) = time_region(&scan.found);
            for u in &scan.unread {
                let inside = !s.prose || (u.column > first && u.column < last && timing(&u.quote));
                if inside {
                    notes.unread(&u.quote, say::Words::of(lang).unread_words.into());
                }
            }
        }
        for r in &scan.remarks {
            notes.read(&r.quote, say::Words::of(lang).remark.into());
        }
    }

    /// Reads an item into an activity.
    pub fn activity(&mut self, s: &Source) -> Activity {
        self.activity_scanned(s, Scanned::of(s))
    }

    /// [`Reader::activity`] of an item whose cells are already scanned.
    pub fn activity_scanned(&mut self, s: &Source, scanned: Scanned) -> Activity {
        let lang = self.lang;
        let mut notes = Notes {
            cells: s.quoted.clone(),
            ..Notes::default()
        };
        let Scanned { scans, product } = scanned;
        let whole = nothing_read(&scans);
        for scan in &scans {
            self.note_scan(s, scan, &mut notes, whole);
        }
        let time_found: Vec<&Found> = scans.iter().flat_map(|x| x.found.iter()).collect();
        let phrase = super::phrased::of_cells(&s.when, &scans);
        let station = s
            .lead
            .iter()
            .chain(s.partners.iter())
            .find(|p| p.starts_with("Đài"))
            .map(String::as_str);
        let outlet = self.premiere_outlet(
            &time_found,
            &product,
            [&s.content, &s.context],
            station,
            &mut notes,
        );
        let mut when = When::read(time_found.iter().filter_map(|f| f.fact.as_ref()));
        add_product(&mut when, &product, &mut notes, lang);
        let kind = kind(&s.content, outlet.as_ref().map(|o| o.1), when.live);
        let placement = when::place(&when, self.bounds);
        self.placement_notes(s, &when, &placement, kind, &mut notes);
        if when.tentative {
            notes.tentative = true;
        }
        self.layout_notes(s, &mut notes);
        let budget = self.budget(s, &mut notes);
        let expect = self.expect(&when, &placement, kind, &mut notes);
        let reruns = self.reruns(
            &placement,
            outlet.as_ref().map(|o| o.0.as_str()),
            station,
            &product,
            &mut notes,
        );
        let outlet = outlet.filter(|o| {
            kind != ActivityKind::Event || matches!(o.1, OutletKind::Tv | OutletKind::Radio)
        });
        self.finish(
            s,
            Parts {
                notes,
                placement,
                kind,
                outlet: outlet.map(|o| o.0),
                reruns,
                budget,
                expect,
                phrase,
            },
        )
    }

    /// What placing the dates had to assume, or could not do.
    fn placement_notes(
        &self,
        s: &Source,
        when: &When,
        placement: &Placement,
        kind: ActivityKind,
        notes: &mut Notes,
    ) {
        let lang = self.lang;
        let cell = s.quoted.first().map(|q| q.text.clone()).unwrap_or_default();
        for n in &placement.notes {
            match n {
                Note::NoDay => {
                    let at = when.at.map(|t| t.format("%H:%M").to_string());
                    notes.unread("", say::time_without_day(lang, &at.unwrap_or_default()));
                }
                Note::Nothing => notes.unread("", say::when_not_understood(lang, &cell)),
                Note::Window(span) if firm(placement, kind, &when.counts) => {
                    notes.read("", say::window_firm(lang, span));
                }
                n => notes.assume("", describe::note(lang, n)),
            }
        }
        let all_day = matches!(placement.start, Some(st) if st.time.is_none());
        if all_day && placement.window.is_none() && kind == ActivityKind::Broadcast {
            notes.assume("", say::Words::of(lang).no_time.into());
        }
    }
}

/// Whether a window is the activity's own time, not a day to be fixed
/// inside it: the plan's span of days or months; or months it names that
/// a campaign, or many sessions (five or more a window, or so many for
/// each place), fill.
fn firm(placement: &Placement, kind: ActivityKind, counts: &[(u32, Per)]) -> bool {
    match placement.window {
        Some(WindowOf::Span) => true,
        Some(WindowOf::Months) => {
            let windows = u32::try_from(placement.rdates.len() + 1).unwrap_or(u32::MAX);
            let many = counts.iter().any(|(n, per)| match per {
                Per::Each => true,
                Per::Week => *n >= 2,
                Per::Month => *n >= 5,
                Per::Quarter | Per::Half(_) | Per::Year | Per::Plan => *n >= windows * 5,
            });
            kind == ActivityKind::Campaign || many
        }
        Some(WindowOf::Period) | None => false,
    }
}

/// Whether unread words of prose between its phrases of time may concern
/// time: a number, or a word of time that is not a noun of another sense
/// (`ngày lễ`).
fn timing(quote: &str) -> bool {
    let lower = quote.to_lowercase();
    quote.chars().any(|c| c.is_ascii_digit())
        || lower
            .split_whitespace()
            .any(|w| matches!(w, "thứ" | "thú" | "tuần" | "giờ" | "phút" | "quý"))
}

/// Where in a scan the phrases of time are, in columns: words of prose
/// outside them are the title's.
fn time_region(found: &[Found]) -> (usize, usize) {
    let timed: Vec<&Found> = found
        .iter()
        .filter(|f| {
            !matches!(
                f.fact,
                Some(Fact::Joiner) | Some(Fact::Outlet { .. }) | Some(Fact::Count { .. })
            )
        })
        .collect();
    let first = timed.first().map_or(usize::MAX, |f| f.column);
    let last = timed
        .last()
        .map_or(0, |f| f.column + f.quote.chars().count());
    (first, last)
}

/// What the product cell adds to when: a length, a cadence or days when the
/// time cell has none (`vào tuần đầu và tuần cuối của tháng`).
fn add_product(when: &mut When, product: &Scan, notes: &mut Notes, lang: Lang) {
    for f in &product.found {
        let Some(fact) = &f.fact else { continue };
        let said = describe::fact(lang, fact);
        match fact {
            Fact::Length(s) if when.length.is_none() => when.length = Some(*s),
            Fact::Nth(n) if when.days.is_empty() && !when.nth.contains(n) => when.nth.push(*n),
            Fact::Day(d) if when.dates.is_empty() && !when.days.contains(d) => when.days.push(*d),
            Fact::Every(e) if when.every.is_none() => when.every = Some(*e),
            Fact::Count { n, per } => when.counts.push((*n, *per)),
            _ => continue,
        }
        if !said.is_empty() {
            notes.read(&f.quote, said);
        }
    }
}

/// The kind an activity is, by what its content names and its outlet.
fn kind(content: &str, outlet: Option<OutletKind>, live: bool) -> ActivityKind {
    let bare = phrase::bare(content);
    let organised = bare.starts_with("to chuc");
    let starts = |words: &[&str]| {
        words
            .iter()
            .any(|w| bare.starts_with(w) || organised && bare.contains(&format!(" {w} ")))
    };
    let event = [
        "hoi nghi",
        "hoi thao",
        "hoi thi",
        "cuoc thi",
        "tap huan",
        "le ",
        "gap mat",
        "trien lam",
        "lien hoan",
        "hoi dien",
        "giai chay",
        "chieu phim",
        "noi chuyen",
        "to chuc",
        "ban phao hoa",
        "hoi bao",
        "don cac doan",
    ];
    let campaign = [
        "treo",
        "trang tri",
        "co dong",
        "in ",
        "in,",
        "cap phat",
        "san xuat, cap phat",
        "bien soan",
        "pano",
    ];
    if starts(&event) && !(live && outlet.is_none()) {
        return ActivityKind::Event;
    }
    match outlet {
        Some(OutletKind::Tv | OutletKind::Radio) => ActivityKind::Broadcast,
        Some(OutletKind::Newspaper | OutletKind::Bulletin | OutletKind::Web) => {
            ActivityKind::Publication
        }
        Some(OutletKind::Outdoor) => ActivityKind::Campaign,
        None if starts(&campaign) => ActivityKind::Campaign,
        None => ActivityKind::Event,
    }
}

impl Reader<'_> {
    /// The outlet of the premiere: named in the time cells before `phát
    /// lại`, else in the product, the content or the context (read only
    /// when needed); with its frequency. Billboards take the fullest name
    /// the row gives them.
    fn premiere_outlet(
        &mut self,
        time: &[&Found],
        product: &Scan,
        [content, context]: [&str; 2],
        station: Option<&str>,
        notes: &mut Notes,
    ) -> Option<(String, OutletKind)> {
        let before_rerun = |found: &[Found]| -> Vec<Found> {
            found
                .iter()
                .take_while(|f| f.fact != Some(Fact::Rerun))
                .cloned()
                .collect()
        };
        let mut lists: Vec<Vec<Found>> = vec![
            time.iter()
                .take_while(|f| f.fact != Some(Fact::Rerun))
                .map(|f| (*f).clone())
                .collect(),
            before_rerun(&product.found),
        ];
        let mut texts = [content, context].into_iter();
        let mut tried = 0;
        let (o, said) = 'found: loop {
            while let Some(list) = lists.get(tried) {
                let refs: Vec<&Found> = list.iter().collect();
                if let Some(found) = self.outlet_in(&refs, station) {
                    break 'found found;
                }
                tried += 1;
            }
            let text = texts.next()?;
            lists.push(before_rerun(&phrase::scan(text, Mode::Tolerant).found));
        };
        if o.kind == OutletKind::Outdoor {
            for text in texts {
                lists.push(before_rerun(&phrase::scan(text, Mode::Tolerant).found));
            }
            for f in lists.iter().flatten() {
                if let Some(fact) = &f.fact {
                    self.outlets.prefer_name(&o.id, fact, &f.quote);
                }
            }
        }
        let name = self
            .outlets
            .list
            .iter()
            .find(|x| x.id == o.id)
            .map_or(o.name.clone(), |x| x.name.clone());
        if let Some((quote, rest)) = said.split_first() {
            notes.read(&quote.quote, say::outlet(self.lang, &o.id, &name));
            for s in rest {
                notes.read(&s.quote, s.said.clone());
            }
        }
        Some((o.id, o.kind))
    }

    /// The first outlet of a list, added; what is said of it: its own
    /// quote first (worded by the caller), then its frequency, then the
    /// other outlets named beside it (an activity occupies one).
    fn outlet_in(
        &mut self,
        found: &[&Found],
        station: Option<&str>,
    ) -> Option<(Outlet, Vec<Said>)> {
        let lang = self.lang;
        let mut it = found
            .iter()
            .filter(|f| matches!(f.fact, Some(Fact::Outlet { .. } | Fact::Frequency(_))));
        let first = it.next()?;
        let fact = first.fact.as_ref()?;
        let o = self.outlets.of(fact, &first.quote, station)?;
        let mut said = vec![Said {
            quote: first.quote.clone(),
            said: String::new(),
        }];
        let mut rest = it.peekable();
        // A radio named, then its frequency: one outlet.
        if let (
            Some(Fact::Outlet {
                medium: Medium::Radio,
                ..
            }),
            Some(next),
        ) = (&first.fact, rest.peek())
        {
            if let Some(Fact::Frequency(mhz)) = &next.fact {
                self.outlets.with_frequency(&o.id, mhz);
                said.push(Said {
                    quote: next.quote.clone(),
                    said: say::frequency(lang, mhz),
                });
                rest.next();
            }
        }
        for f in rest {
            let other = f
                .fact
                .as_ref()
                .and_then(|x| names::outlet_of(x, &f.quote, station));
            if let Some(other) = other.filter(|x| x.id != o.id) {
                said.push(Said {
                    quote: f.quote.clone(),
                    said: say::other_outlet(lang, &other.name),
                });
            }
        }
        Some((o, said))
    }

    /// The reruns placed, their outlets named in the time cells, else in
    /// the product's rerun part, else the premiere's.
    fn reruns(
        &mut self,
        placement: &Placement,
        premiere: Option<&str>,
        station: Option<&str>,
        product: &Scan,
        notes: &mut Notes,
    ) -> Vec<Rerun> {
        let lang = self.lang;
        let product_rerun: Option<&Found> = product
            .found
            .iter()
            .skip_while(|f| f.fact != Some(Fact::Rerun))
            .find(|f| matches!(f.fact, Some(Fact::Outlet { .. } | Fact::Frequency(_))));
        let mut out = Vec::new();
        for r in &placement.reruns {
            let named = r
                .outlet
                .as_ref()
                .and_then(|f| self.outlets.of(f, "", station))
                .or_else(|| {
                    let f = product_rerun?;
                    self.outlets.of(f.fact.as_ref()?, &f.quote, station)
                })
                .map(|o| o.id);
            let outlet = named.or(premiere.map(String::from));
            let at =
                r.at.map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default();
            notes.read(
                "",
                say::rerun(lang, r.days_after, &at, outlet.as_deref().unwrap_or("-")),
            );
            out.push(Rerun {
                days_after: r.days_after,
                at: r.at,
                outlet,
            });
        }
        out
    }

    /// What the layout made the reading assume or read.
    fn layout_notes(&mut self, s: &Source, notes: &mut Notes) {
        let w = say::Words::of(self.lang);
        if s.realigned {
            notes.assume("", w.realigned.into());
        }
        if s.inherited.contains(&Role::Time) {
            notes.assume("", w.inherited_time.into());
        }
        if s.inherited.iter().any(|r| *r != Role::Time) {
            notes.read("", w.inherited_office.into());
        }
        if !s.merged.is_empty() {
            notes.read("", w.merged.into());
        }
        if s.ocr || s.place.page.is_some_and(|p| self.scanned.contains(&p)) {
            notes.assume("", w.ocr.into());
        }
    }

    /// The budget cell: an amount with its unit (the cell's, else the
    /// column's), none, or not read.
    fn budget(&mut self, s: &Source, notes: &mut Notes) -> Option<u64> {
        let lang = self.lang;
        if let Some(with) = &s.shared_budget {
            notes.read("", say::shared_budget(lang, with));
            return None;
        }
        let text = s.budget.trim();
        if text.is_empty() {
            return None;
        }
        // A bare amount (`1.000.000`, `82,5`) needs no grammar.
        let bare_amount = phrase::amount(text).filter(|_| !text.contains(char::is_alphabetic));
        let scan = match bare_amount {
            Some(_) => Scan::default(),
            None => phrase::scan(text, Mode::Tolerant),
        };
        for f in &scan.found {
            match &f.fact {
                Some(Fact::Amount { milli, unit }) => {
                    let unit = unit.or(s.unit.as_ref().map(|u| u.vnd)).unwrap_or(1);
                    let vnd = u64::try_from(milli.saturating_mul(u128::from(unit)) / 1000).ok()?;
                    notes.read(&f.quote, say::budget(lang, &grouped(vnd)));
                    for n in &f.noise {
                        notes.read(&f.quote, say::noise(lang, &n.written, &n.read_as));
                    }
                    return Some(vnd);
                }
                Some(Fact::NoBudget) => {
                    notes.read(&f.quote, say::Words::of(lang).no_budget.into());
                    return None;
                }
                _ => {}
            }
        }
        if let Some(milli) = phrase::amount(text) {
            let (unit, header) = s
                .unit
                .as_ref()
                .map_or((1, ""), |u| (u.vnd, u.header.as_str()));
            let vnd = u64::try_from(milli.saturating_mul(u128::from(unit)) / 1000).ok()?;
            let said = say::budget_in(lang, &grouped(vnd), header);
            if s.unit.is_none() && vnd < 1_000 {
                notes.assume_money(text, said);
            } else {
                notes.read(text, said);
            }
            return Some(vnd);
        }
        notes.unread_money("", say::budget_not_understood(lang, text));
        None
    }

    /// The activity of what was read.
    fn finish(&mut self, s: &Source, parts: Parts) -> Activity {
        let Parts {
            mut notes,
            placement,
            kind,
            outlet,
            reruns,
            budget,
            expect,
            phrase,
        } = parts;
        let (start, duration, rrule) = match placement.start {
            Some(st) => (
                match st.time {
                    Some(t) => Start::At(st.date, t),
                    None => Start::Day(st.date),
                },
                placement.duration.clone(),
                placement.rrule.clone(),
            ),
            None => {
                if notes.not_understood.is_empty() {
                    let cell = s.quoted.first().map(|q| q.text.clone()).unwrap_or_default();
                    notes.unread("", say::when_not_understood(self.lang, &cell));
                }
                notes.tentative = true;
                (Start::Day(self.bounds.from), when::whole(self.bounds), None)
            }
        };
        let time = match start {
            Start::At(_, t) => Some(t),
            Start::Day(_) => None,
        };
        let reruns = match time {
            Some(_) => reruns,
            None => self.whole_day_reruns(reruns, &mut notes),
        };
        let at = |d: chrono::NaiveDate| match time {
            Some(t) => Start::At(d, t),
            None => Start::Day(d),
        };
        self.warn_notes(s.place, &s.label, &notes);
        Activity {
            item: s.label.clone(),
            place: s.place,
            id: self.ids.unique(&names::slug(&s.title, 4)),
            title: names::one_line(&s.title),
            kind,
            lead: s.lead.clone(),
            partners: s.partners.clone(),
            product: (!s.product.is_empty()).then(|| s.product.clone()),
            budget,
            expect,
            outlet,
            start,
            rrule,
            rdates: placement.rdates.iter().map(|d| at(*d)).collect(),
            exdates: placement.exdates.iter().map(|d| at(*d)).collect(),
            duration,
            tentative: notes.tentative,
            reruns,
            // A phrase says when only of what is placed.
            phrase: phrase.filter(|_| placement.start.is_some()),
            kept_rule: None,
            notes,
        }
    }

    /// The reruns of an activity with no time (a time not read, or none
    /// given): whole days, as the schedule file has them, each time dropped
    /// said as assumed.
    fn whole_day_reruns(&self, reruns: Vec<Rerun>, notes: &mut Notes) -> Vec<Rerun> {
        reruns
            .into_iter()
            .map(|r| {
                if let Some(at) = r.at {
                    let at = at.format("%H:%M").to_string();
                    notes.assume("", say::rerun_all_day(self.lang, &at));
                }
                Rerun { at: None, ..r }
            })
            .collect()
    }

    /// The warnings of an activity's notes: what was not understood, then
    /// what was assumed, each at the item's place.
    pub fn warn_notes(&mut self, place: Place, item: &str, notes: &Notes) {
        let lists = [(&notes.not_understood, false), (&notes.assumed, true)];
        for (list, assumed) in lists {
            for n in list {
                let message = if n.quote.is_empty() {
                    n.said.clone()
                } else {
                    format!("\"{}\": {}", n.quote, n.said)
                };
                self.warn(place, item, &message, assumed);
            }
        }
    }

    /// The count the plan declares for the period: the yearly or whole
    /// figure when given, else per month × the months the rule runs in, per
    /// week × 52, per quarter × 4, the halves added; an event in a window
    /// of its own, one. How it was reckoned is said; a count per month and
    /// one per year that disagree are both kept for `check` to report.
    fn expect(
        &self,
        when: &When,
        placement: &Placement,
        kind: ActivityKind,
        notes: &mut Notes,
    ) -> Option<u32> {
        let lang = self.lang;
        let counts = &when.counts;
        let find = |per: Per| counts.iter().find(|(_, p)| *p == per).map(|(n, _)| *n);
        let months = months_run(when, self.bounds);
        if let Some(year) = find(Per::Year).or(find(Per::Plan)) {
            if let Some(month) = find(Per::Month) {
                if month.saturating_mul(months) != year {
                    notes.assume("", say::counts_disagree(lang, month, months, year));
                }
            }
            return Some(year);
        }
        let halves: Vec<u32> = counts
            .iter()
            .filter(|(_, p)| matches!(p, Per::Half(_)))
            .map(|(n, _)| *n)
            .collect();
        let reckoned = if !halves.is_empty() {
            let list: Vec<String> = halves.iter().map(u32::to_string).collect();
            Some((
                halves.iter().fold(0u32, |a, b| a.saturating_add(*b)),
                list.join(" + "),
            ))
        } else if let Some(n) = find(Per::Month) {
            Some((n.saturating_mul(months), format!("{n} × {months}")))
        } else if let Some(n) = find(Per::Week) {
            Some((n.saturating_mul(52), format!("{n} × 52")))
        } else {
            find(Per::Quarter).map(|n| (n.saturating_mul(4), format!("{n} × 4")))
        };
        if let Some((n, how)) = reckoned {
            notes.read("", say::expect_from(lang, n, &how));
            return Some(n);
        }
        let one_window =
            placement.window.is_some() && placement.rrule.is_none() && placement.rdates.is_empty();
        if kind == ActivityKind::Event && one_window && counts.is_empty() {
            notes.read("", say::Words::of(lang).event_once.into());
            return Some(1);
        }
        None
    }
}

/// How many months of the period a rule runs in: those it names (but
/// those left out), else the twelve.
fn months_run(when: &When, bounds: Bounds) -> u32 {
    let named = when.months_kept(bounds.from.year());
    let list: Vec<u32> = if named.is_empty() {
        (1..=12).collect()
    } else {
        named
    };
    let kept = list
        .iter()
        .filter(|m| !when.except_months.contains(m))
        .count();
    u32::try_from(kept).unwrap_or(12)
}

/// `91.596.816`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let len = digits.chars().count();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}
