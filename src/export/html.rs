//! The printable year calendar: one self-contained HTML file (inline CSS, no
//! script, nothing fetched) for the wall and for meetings.
//!
//! Page 1 holds the whole period at a glance on one A4 landscape sheet: the
//! months in a grid (weeks start on Monday), each day with its lunar date in
//! small type, holidays shaded (named on hover and in the legend), and a
//! chip per activity on the days it happens, in the activity's colour and
//! with its letter code (A, B, C…), so that the calendar still reads when
//! printed in black and white. A window (an all-day item longer than a day)
//! gets its chip on its first day; the following days of a window up to
//! [`MAX_STRIPED_WINDOW`] days long get a thin stripe in its colour, and a
//! longer window (a quarter, a year) shows only its start, its span being in
//! the legend and in the list: painting every day of a year-long campaign
//! would drown the page.
//!
//! The following pages list every occurrence month by month, each quarter
//! from a new page, with the plan's title, reference and date (from the
//! plan, never the clock).
//!
//! The pages are `maud` templates, which escape every text they are given
//! (titles, names, days off), so that nothing from a plan reaches a page as
//! markup; only what castcal itself made (a chip, the style sheet
//! `year.css`) goes in as it is.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Months, NaiveDate, Timelike, Weekday};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::lunar::{self, LunarDate};
use crate::occurrence::{Moment, Occurrence, Role};
use crate::palette::{self, Color};
use crate::plan::{Activity, Plan, Selection, Status};

/// A legend of up to this many activities is a table; a longer one flows
/// in two columns, which is what keeps it on page 1.
pub const LEGEND_TABLE_ROWS: usize = 10;

/// A month of the list with at most this many occurrences fits on one
/// sheet (rows of two lines) and is not split across pages.
pub const KEEP_MONTH_ROWS: usize = 18;

/// Windows at most this many days long are striped on every day they cover;
/// longer ones show only their first day on page 1.
pub const MAX_STRIPED_WINDOW: i64 = 31;

use crate::format::{ClockSpan, Dmy};
pub use crate::words::Lang;
use crate::words::{page, Common};

/// An activity as page 1 shows it: its code and colour.
struct Entry<'a> {
    plan: &'a Plan,
    activity: &'a Activity,
    color: Color,
    /// Its chip, and its chip that names it on hover, made once.
    chip: Markup,
    chip_titled: Markup,
}

/// What a day cell shows for one activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    /// Something starts (or happens) that day: the chip with the letter.
    Chip,
    /// A later day of a short window: a stripe.
    Stripe,
}

/// The printable year of `plans`, whose occurrences are `occurrences` (as
/// [`crate::expand()`] gives them), as a complete HTML document.
///
/// # Example
/// ```
/// use castcal::export::html::{render, Lang};
/// let text = r#"
/// plan: { id: kg, title: "Plan <2023>", timezone: Asia/Ho_Chi_Minh,
///         period: { from: 2023-01-01, to: 2023-12-31 } }
/// outlets: { KG: { name: KG, kind: tv } }
/// activities:
///   - { id: segment, title: Segment, kind: broadcast, outlet: KG,
///       start: 2023-01-18T17:45, rrule: "FREQ=MONTHLY;BYDAY=3WE", duration: PT12M }
/// "#;
/// let plans = [castcal::plan::load_one("kg.yaml".as_ref(), text.to_string())?];
/// let occurrences = castcal::expand(&plans)?;
/// let html = render(&plans, &occurrences, Lang::Vi);
/// assert!(html.contains("Tháng 12") && html.contains("Plan &lt;2023&gt;"));
/// # Ok::<(), castcal::Error>(())
/// ```
pub fn render(plans: &[Plan], occurrences: &[Occurrence], lang: Lang) -> String {
    let all: Vec<&Occurrence> = occurrences.iter().collect();
    render_view(plans, &all, lang, View::All)
}

/// What a printable year shows.
#[derive(Clone, Copy)]
enum View<'a> {
    /// The whole plan, every activity in the legend.
    All,
    /// The occurrences on these outlets.
    Outlets(&'a [String]),
    /// The occurrences on no outlet.
    NoOutlet,
}

/// The printable year of the occurrences on `outlets` (ids of the plans'
/// outlets) only: `occurrences` are those the caller selected, in
/// [`crate::expand()`] order (any on other outlets are left out). The
/// legend holds only the activities shown, lettered A, B, C… among
/// themselves in plan order (each keeps its colour); the outlets' names
/// follow the plans' titles. What a station with many channels prints: a
/// year per channel.
pub fn render_outlets(
    plans: &[Plan],
    occurrences: &[&Occurrence],
    lang: Lang,
    outlets: &Selection,
) -> String {
    let shown: Vec<&Occurrence> = occurrences
        .iter()
        .copied()
        .filter(|o| outlets.keeps(o.outlet))
        .collect();
    render_view(plans, &shown, lang, View::Outlets(outlets.ids()))
}

/// The printable year of the occurrences on no outlet (campaigns,
/// deadlines…) only, as [`render_outlets`] prints those of some outlets:
/// what goes with the outlets' years of a large plan.
pub fn render_no_outlet(plans: &[Plan], occurrences: &[&Occurrence], lang: Lang) -> String {
    let shown: Vec<&Occurrence> = occurrences
        .iter()
        .copied()
        .filter(|o| o.outlet.is_none())
        .collect();
    render_view(plans, &shown, lang, View::NoOutlet)
}

/// The year of `occurrences`, as `view` says.
fn render_view(plans: &[Plan], occurrences: &[&Occurrence], lang: Lang, view: View) -> String {
    let words = Words::of(lang);
    // Which activities the page shows (all of them for the whole plan), by
    // [`Occurrence::group`]: the plans' activities in order.
    let count: usize = plans.iter().map(|p| p.activities.len()).sum();
    let mut shown = vec![matches!(view, View::All); count];
    for o in occurrences {
        if let Some(s) = shown.get_mut(o.group as usize) {
            *s = true;
        }
    }
    let entries = entries(plans, &shown);
    let mut index = vec![None; count];
    let mut next = 0;
    for (slot, on) in index.iter_mut().zip(&shown) {
        if *on {
            *slot = Some(next);
            next += 1;
        }
    }
    let entry_of = |o: &Occurrence| index.get(o.group as usize).copied().flatten();

    let mut marks: BTreeMap<NaiveDate, BTreeMap<usize, Mark>> = BTreeMap::new();
    for o in occurrences {
        let Some(e) = entry_of(o) else { continue };
        let (first, last) = o.dates();
        let mut put = |day: NaiveDate, mark: Mark| {
            let m = marks.entry(day).or_default().entry(e).or_insert(mark);
            *m = (*m).min(mark);
        };
        put(first, Mark::Chip);
        if o.all_day() && (last - first).num_days() < MAX_STRIPED_WINDOW {
            for day in first.iter_days().skip(1).take_while(|d| *d <= last) {
                put(day, Mark::Stripe);
            }
        }
    }

    let from = plans.iter().map(|p| p.period.from).min();
    let to = plans.iter().map(|p| p.period.to).max();
    // Page 1 shows whole months: the days off of those months, and no others
    // (a holiday file usually covers the whole year, the plan maybe not).
    let shown = |day: NaiveDate| match (from, to) {
        (Some(f), Some(t)) => {
            let key = |d: NaiveDate| (d.year(), d.month());
            key(f) <= key(day) && key(day) <= key(t)
        }
        _ => false,
    };
    let mut holidays: BTreeMap<NaiveDate, String> = BTreeMap::new();
    for plan in plans {
        for h in plan.holidays.iter().filter(|h| shown(h.date)) {
            holidays
                .entry(h.date)
                .and_modify(|n| {
                    if !n.split(" / ").any(|x| x == h.name) {
                        n.push_str(" / ");
                        n.push_str(&h.name);
                    }
                })
                .or_insert(h.name);
        }
    }

    let one_year = matches!((from, to), (Some(f), Some(t)) if f.year() == t.year());
    let mut names: Vec<(&str, &str)> = Vec::new();
    let outlets = match view {
        View::Outlets(ids) => ids,
        View::All | View::NoOutlet => &[],
    };
    for id in outlets {
        if let Some(o) = plans.iter().find_map(|p| p.outlet(id)) {
            if !names.iter().any(|(i, _)| *i == o.id) {
                names.push((&o.id, &o.name));
            }
        }
    }
    let page = Page {
        words,
        plans,
        outlets: names,
        no_outlet: matches!(view, View::NoOutlet),
        entries: &entries,
        marks,
        holidays,
        one_year,
    };

    page.year(from, to, occurrences, &entry_of)
}

/// One outlet's line on the summary of a large plan ([`render_summary`]).
pub struct OutletYear<'a> {
    /// The outlet's id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// What it holds.
    pub counts: Counts,
    /// The file of its printable year, linked from its line.
    pub file: Option<String>,
}

/// What the summary of a large plan says of some occurrences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// How many activities they are of.
    pub activities: usize,
    /// How many are premieres.
    pub premieres: usize,
    /// How many are reruns.
    pub reruns: usize,
    /// The first day they touch.
    pub first: Option<NaiveDate>,
    /// The last day they touch.
    pub last: Option<NaiveDate>,
}

impl Counts {
    /// The counts of `occurrences`, in one pass.
    pub fn of<'a, 'p: 'a>(occurrences: impl Iterator<Item = &'a Occurrence<'p>>) -> Counts {
        let mut groups = Vec::new();
        let mut c = Counts::default();
        for o in occurrences {
            groups.push(o.group);
            match o.role() {
                Role::Premiere => c.premieres += 1,
                Role::Rerun => c.reruns += 1,
            }
            let (f, l) = o.dates();
            c.first = Some(c.first.map_or(f, |x| x.min(f)));
            c.last = Some(c.last.map_or(l, |x| x.max(l)));
        }
        groups.sort_unstable();
        groups.dedup();
        c.activities = groups.len();
        c
    }
}

/// The summary that stands for the printable year of plans too large for
/// one (`total` occurrences): per outlet, how many activities, premieres and
/// reruns, from when to when, and a link to its own printable year; then
/// what is on no outlet (`none`, when there is any: its counts and the file
/// of its printable year).
pub fn render_summary(
    plans: &[Plan],
    total: usize,
    outlets: &[OutletYear],
    none: Option<(Counts, &str)>,
    lang: Lang,
) -> String {
    let page::Words {
        summary_intro: intro,
        summary_heads: heads,
        ..
    } = page::Words::of(lang);
    let from = plans.iter().map(|p| p.period.from).min();
    let to = plans.iter().map(|p| p.period.to).max();
    let page = Page {
        words: Words::of(lang),
        plans,
        outlets: Vec::new(),
        no_outlet: false,
        entries: &[],
        marks: BTreeMap::new(),
        holidays: BTreeMap::new(),
        one_year: false,
    };
    let line = |label: Markup, c: &Counts, file: Option<&str>| {
        let day = |d: Option<NaiveDate>| d.map(Dmy);
        html! {
            tr {
                td { (label) }
                td { (c.activities) }
                td { (c.premieres) }
                td { (c.reruns) }
                td class="d" { @if let Some(d) = day(c.first) { (d) } }
                td class="d" { @if let Some(d) = day(c.last) { (d) } }
                td { @if let Some(f) = file { a href=(f) { (f) } } }
            }
            "\n"
        }
    };
    page.document(html! {
        section class="summary" {
            "\n"
            (page.header(from, to))
            p { (total) " " (intro) }
            "\n"
            div class="list" {
                "\n"
                table {
                    "\n"
                    thead { tr { @for h in heads { th { (h) } } } }
                    "\n"
                    tbody {
                        "\n"
                        @for o in outlets {
                            (line(html! { (o.name) " (" (o.id) ")" }, &o.counts, o.file.as_deref()))
                        }
                        @if let Some((c, file)) = none {
                            (line(html! { (page.words.no_outlet) }, &c, Some(file)))
                        }
                    }
                    "\n"
                }
                "\n"
            }
            "\n"
        }
        "\n"
    })
}

/// Codes A…Z, then AA, AB…, for the activities of every plan that are
/// `shown` (by their index among all the plans' activities), in plan order.
fn entries<'a>(plans: &'a [Plan], shown: &[bool]) -> Vec<Entry<'a>> {
    plans
        .iter()
        .flat_map(|plan| plan.activities.iter().map(move |a| (plan, a)))
        .zip(shown)
        .filter(|(_, on)| **on)
        .map(|(entry, _)| entry)
        .enumerate()
        .map(|(i, (plan, activity))| {
            let code = letter_code(i);
            let color = palette::color_of(activity);
            let ink = ink_on(color.hex);
            let style = html! { "background:" (color.hex) ";color:" (ink) };
            Entry {
                plan,
                activity,
                chip: html! { span class="c" style=(style) { (code) } },
                chip_titled: html! {
                    span class="c" style=(style) title=(activity.title) { (code) }
                },
                color,
            }
        })
        .collect()
}

/// `A`…`Z`, `AA`…`AZ`, `BA`… (bijective base 26).
fn letter_code(mut i: usize) -> String {
    let mut code = Vec::new();
    loop {
        code.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    code.reverse();
    String::from_utf8(code).unwrap_or_default()
}

/// The most lunar dates [`lunar_date`] remembers on one thread (some
/// 270 years of days).
const MAX_LUNAR_REMEMBERED: usize = 100_000;

thread_local! {
    /// The lunar dates worked out on this thread: every outlet's year of a
    /// large plan shows the same days, each a few microseconds to compute.
    static LUNAR: RefCell<HashMap<NaiveDate, Option<LunarDate>>> = RefCell::new(HashMap::new());
}

/// [`lunar::to_lunar`], remembered.
fn lunar_date(day: NaiveDate) -> Option<LunarDate> {
    LUNAR.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(l) = cache.get(&day) {
            return *l;
        }
        if cache.len() >= MAX_LUNAR_REMEMBERED {
            cache.clear();
        }
        let l = lunar::to_lunar(day);
        cache.insert(day, l);
        l
    })
}

/// Black or white, whichever reads better on `hex` (also once printed in grey).
fn ink_on(hex: &str) -> &'static str {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| {
                let c = f64::from(v) / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            })
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Where black and white give the same contrast ratio (WCAG 2).
    if luminance > 0.179 {
        "#000"
    } else {
        "#fff"
    }
}

/// The words of one language: the page's own and the shared ones.
struct Words {
    page: &'static page::Words,
    common: &'static Common,
}

impl std::ops::Deref for Words {
    type Target = page::Words;

    fn deref(&self) -> &page::Words {
        self.page
    }
}

impl Words {
    fn of(lang: Lang) -> Words {
        Words {
            page: page::Words::of(lang),
            common: Common::of(lang),
        }
    }

    fn month(&self, month: u32) -> &'static str {
        self.common.month(month)
    }

    fn weekday(&self, day: NaiveDate) -> &'static str {
        self.common.weekday(day.weekday())
    }
}

/// The `head` of every page castcal writes: UTF-8, the width of the
/// screen, `title`, and the page's style sheet.
pub(crate) fn head(title: &str, css: &str) -> Markup {
    html! {
        head {
            "\n"
            meta charset="utf-8";
            "\n"
            meta name="viewport" content="width=device-width, initial-scale=1";
            "\n"
            title { (title) }
            "\n"
            style { "\n" (PreEscaped(css)) }
            "\n"
        }
    }
}

/// `dd/mm/yyyy`.
fn dmy(d: NaiveDate) -> String {
    Dmy(d).to_string()
}

struct Page<'a> {
    words: Words,
    plans: &'a [Plan],
    /// The outlets the page is narrowed to, (id, name); none for the whole plan.
    outlets: Vec<(&'a str, &'a str)>,
    /// Whether the page holds only what is on no outlet.
    no_outlet: bool,
    entries: &'a [Entry<'a>],
    marks: BTreeMap<NaiveDate, BTreeMap<usize, Mark>>,
    holidays: BTreeMap<NaiveDate, String>,
    /// Whether every plan lies in one calendar year (dates on page 1 drop the year).
    one_year: bool,
}

/// The page's style sheet.
const CSS: &str = include_str!("year.css");

impl Page<'_> {
    fn short(&self, d: NaiveDate) -> String {
        if self.one_year {
            format!("{:02}/{:02}", d.day(), d.month())
        } else {
            dmy(d)
        }
    }

    fn chip(&self, entry: usize) -> Option<&Markup> {
        self.entries.get(entry).map(|e| &e.chip)
    }

    /// The plans' titles, then the names of the outlets the page is narrowed to.
    fn titles(&self) -> String {
        let titles: Vec<&str> = self.plans.iter().map(|p| p.title.as_str()).collect();
        let mut text = titles.join(" · ");
        if !self.outlets.is_empty() {
            let names: Vec<&str> = self.outlets.iter().map(|(_, name)| *name).collect();
            text.push_str(" — ");
            text.push_str(&names.join(", "));
        } else if self.no_outlet {
            text.push_str(" — ");
            text.push_str(self.words.no_outlet);
        }
        text
    }

    /// The page's title and style.
    fn head(&self) -> Markup {
        head(&self.titles(), CSS)
    }

    /// The whole document around `body`.
    fn document(&self, body: Markup) -> String {
        html! {
            (DOCTYPE) "\n"
            html lang=(self.words.lang) {
                "\n"
                (self.head())
                "\n"
                body { "\n" (body) }
                "\n"
            }
            "\n"
        }
        .into_string()
    }

    /// The plans' titles, references and publication dates.
    fn header(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Markup {
        let w = &self.words;
        let span = match (from, to) {
            (Some(f), Some(t))
                if f.year() == t.year() && f.ordinal() == 1 && t.month() == 12 && t.day() == 31 =>
            {
                format!("{} {}", w.calendar, f.year())
            }
            (Some(f), Some(t)) => format!("{} {} – {}", w.calendar, dmy(f), dmy(t)),
            _ => w.calendar.to_string(),
        };
        html! {
            h1 { (span) " — " (self.titles()) }
            "\n"
            (self.plan_lines())
        }
    }

    fn plan_lines(&self) -> Markup {
        let w = &self.words;
        html! {
            @for plan in self.plans {
                p class="sub" {
                    @if self.plans.len() > 1 {
                        (plan.title) ": "
                    }
                    @if let Some(r) = &plan.reference {
                        (w.reference) " " (r) " · "
                    }
                    (w.published) ": " (Dmy(plan.published.date()))
                }
                "\n"
            }
        }
    }

    /// Every month from `from`'s to `to`'s, as small tables of weeks.
    fn months(&self, from: NaiveDate, to: NaiveDate) -> Markup {
        let mut firsts = Vec::new();
        let mut first = from.with_day(1).unwrap_or(from);
        while first <= to {
            firsts.push(first);
            match first.checked_add_months(Months::new(1)) {
                Some(next) => first = next,
                None => break,
            }
        }
        html! {
            div class="months" {
                "\n"
                @for first in firsts {
                    (self.month(first))
                }
            }
            "\n"
        }
    }

    fn month(&self, first: NaiveDate) -> Markup {
        let w = &self.words;
        // Always six weeks, so that every month has the same height.
        let lead = first.weekday().num_days_from_monday() as usize;
        let mut days = first.iter_days().take_while(|d| d.month() == first.month());
        let mut slots = [None; 42];
        for slot in slots.iter_mut().skip(lead) {
            *slot = days.next();
        }
        html! {
            table class="month" {
                caption { (w.month(first.month())) " " span { (first.year()) } }
                "\n"
                thead {
                    tr {
                        @for (i, d) in w.common.weekdays_short.iter().enumerate() {
                            @if i == 6 {
                                th class="sun" { (d) }
                            } @else {
                                th { (d) }
                            }
                        }
                    }
                }
                "\n"
                tbody {
                    "\n"
                    @for week in slots.chunks(7) {
                        tr {
                            @for day in week {
                                @match day {
                                    Some(day) => (self.day(*day)),
                                    None => td class="pad" {},
                                }
                            }
                        }
                        "\n"
                    }
                }
            }
            "\n"
        }
    }

    fn day(&self, day: NaiveDate) -> Markup {
        let holiday = self.holidays.get(&day);
        let class = match (
            day.weekday() == Weekday::Sun,
            holiday.is_some(),
            !self.plans.iter().any(|p| p.period.contains(day)),
        ) {
            (false, false, false) => None,
            (true, false, false) => Some("sun"),
            (false, true, false) => Some("hol"),
            (true, true, false) => Some("sun hol"),
            (false, false, true) => Some("off"),
            (true, false, true) => Some("sun off"),
            (false, true, true) => Some("hol off"),
            (true, true, true) => Some("sun hol off"),
        };
        let marks = self.marks.get(&day);
        let chips = marks
            .into_iter()
            .flatten()
            .filter(|(_, m)| **m == Mark::Chip);
        let stripes = marks
            .into_iter()
            .flatten()
            .filter(|(_, m)| **m == Mark::Stripe);
        html! {
            td class=[class] title=[holiday] {
                b { (day.day()) }
                @if let Some(l) = lunar_date(day) {
                    @let leap = if l.leap { self.words.leap } else { "" };
                    @if l.day == 1 {
                        i class="new" { (l.day) "/" (l.month) (leap) }
                    } @else if day.day() == 1 {
                        i { (l.day) "/" (l.month) (leap) }
                    } @else {
                        i { (l.day) }
                    }
                }
                @if chips.clone().next().is_some() {
                    span class="chips" {
                        @for (e, _) in chips {
                            @if let Some(entry) = self.entries.get(*e) {
                                (entry.chip_titled)
                            }
                        }
                    }
                }
                @for (e, _) in stripes {
                    @if let Some(entry) = self.entries.get(*e) {
                        span class="s" style={ "background:" (entry.color.hex) } {}
                    }
                }
            }
        }
    }

    /// The activities (code, title, outlet, when) and the days off.
    fn legend(
        &self,
        occurrences: &[&Occurrence],
        entry_of: &dyn Fn(&Occurrence) -> Option<usize>,
    ) -> Markup {
        let w = &self.words;
        // A short legend is a table; a long one flows in two columns, one
        // paragraph per activity, so that it still fits under the months.
        let many = self.entries.len() > LEGEND_TABLE_ROWS;
        // Each entry's occurrences, gathered in one pass.
        let mut by_entry: Vec<Vec<&Occurrence>> = vec![Vec::new(); self.entries.len()];
        for o in occurrences {
            if let Some(list) = entry_of(o).and_then(|i| by_entry.get_mut(i)) {
                list.push(o);
            }
        }
        let lines: Vec<(usize, &str, &str, String)> = self
            .entries
            .iter()
            .enumerate()
            .zip(by_entry)
            .map(|((i, e), mine)| {
                let outlet = e
                    .activity
                    .outlet
                    .and_then(|i| e.plan.outlets.get(i))
                    .map_or("—", |o| o.name.as_str());
                (i, e.activity.title.as_str(), outlet, self.when(&mine))
            })
            .collect();
        html! {
            div class="legend" {
                "\n"
                div {
                    "\n"
                    h2 { (w.legend) }
                    "\n"
                    @if many {
                        div class="many" {
                            "\n"
                            @for (i, title, outlet, when) in &lines {
                                p { @if let Some(c) = self.chip(*i) { (c) } " " (title) " · " (outlet) " · " (when) }
                                "\n"
                            }
                        }
                        "\n"
                    } @else {
                        table {
                            "\n"
                            thead {
                                tr {
                                    th { (w.code) }
                                    th { (w.activity) }
                                    th { (w.outlet) }
                                    th { (w.time) }
                                }
                            }
                            "\n"
                            tbody {
                                "\n"
                                @for (i, title, outlet, when) in &lines {
                                    tr {
                                        td { @if let Some(c) = self.chip(*i) { (c) } }
                                        td { (title) }
                                        td { (outlet) }
                                        td { (when) }
                                    }
                                    "\n"
                                }
                            }
                            "\n"
                        }
                        "\n"
                    }
                    p class="note" { (w.marks_note) }
                    "\n"
                }
                "\n"
                div {
                    "\n"
                    h2 { (w.holidays) }
                    "\n"
                    table {
                        "\n"
                        tbody {
                            "\n"
                            @if self.holidays.is_empty() {
                                tr { td { (w.no_holidays) } }
                                "\n"
                            }
                            @for (first, last, name) in self.holiday_runs() {
                                tr {
                                    td {
                                        (self.short(first))
                                        @if first != last {
                                            "–" (self.short(last))
                                        }
                                    }
                                    td { (name) }
                                }
                                "\n"
                            }
                        }
                        "\n"
                    }
                    "\n"
                    p class="note" { (w.lunar_note) }
                    "\n"
                }
                "\n"
            }
            "\n"
        }
    }

    /// Consecutive days off with the same name, as (first, last, name).
    fn holiday_runs(&self) -> Vec<(NaiveDate, NaiveDate, &str)> {
        let mut runs: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
        for (day, name) in &self.holidays {
            match runs.last_mut() {
                Some((_, last, n)) if *n == name.as_str() && last.succ_opt() == Some(*day) => {
                    *last = *day;
                }
                _ => runs.push((*day, *day, name.as_str())),
            }
        }
        runs
    }

    /// When an activity happens, in a few words: its times and outlets for
    /// slots, its spans or its count and length for windows.
    fn when(&self, mine: &[&Occurrence]) -> String {
        let w = &self.words;
        let timed: Vec<&&Occurrence> = mine.iter().filter(|o| !o.all_day()).collect();
        let mut parts = Vec::new();
        if !timed.is_empty() {
            for role in [Role::Premiere, Role::Rerun] {
                // Each distinct slot (times and outlet) once, in order of
                // first appearance; formatted only then.
                let mut seen: Vec<(Option<[u32; 4]>, Option<&str>)> = Vec::new();
                let mut slots: Vec<String> = Vec::new();
                for o in timed.iter().filter(|o| o.role() == role) {
                    let times = match (o.start, o.end) {
                        (Moment::At(s), Moment::At(e)) => {
                            Some([s.hour(), s.minute(), e.hour(), e.minute()])
                        }
                        _ => None,
                    };
                    let key = (times, o.outlet_id());
                    if seen.contains(&key) {
                        continue;
                    }
                    seen.push(key);
                    let slot = format!("{} {}", time_span(o), o.outlet_id().unwrap_or(""));
                    slots.push(slot.trim_end().to_string());
                }
                if slots.is_empty() {
                    continue;
                }
                let joined = slots.join(", ");
                parts.push(match role {
                    Role::Premiere => joined,
                    Role::Rerun => format!("{} {joined}", w.rerun_at),
                });
            }
        }
        let windows: Vec<&&Occurrence> = mine.iter().filter(|o| o.all_day()).collect();
        if !windows.is_empty() {
            let lengths: Vec<i64> = windows
                .iter()
                .map(|o| {
                    let (f, l) = o.dates();
                    (l - f).num_days() + 1
                })
                .collect();
            if lengths.iter().all(|n| *n == 1) {
                if windows.len() <= 4 {
                    let days: Vec<String> =
                        windows.iter().map(|o| self.short(o.start.date())).collect();
                    parts.push(format!("{}: {}", w.all_day, days.join(", ")));
                } else {
                    parts.push(format!("{} ({})", w.all_day, windows.len()));
                }
            } else if windows.len() <= 4 {
                let spans: Vec<String> = windows
                    .iter()
                    .map(|o| {
                        let (f, l) = o.dates();
                        format!("{}–{}", self.short(f), self.short(l))
                    })
                    .collect();
                parts.push(spans.join(", "));
            } else {
                // Many windows: how many, how long, and from when to when.
                let shortest = lengths.iter().min().copied().unwrap_or(0);
                let longest = lengths.iter().max().copied().unwrap_or(0);
                let length = if shortest == longest {
                    shortest.to_string()
                } else {
                    format!("{shortest}–{longest}")
                };
                let first = windows.iter().map(|o| o.dates().0).min();
                let last = windows.iter().map(|o| o.dates().1).max();
                let span = match (first, last) {
                    (Some(f), Some(l)) => format!(", {}–{}", self.short(f), self.short(l)),
                    _ => String::new(),
                };
                parts.push(format!(
                    "{} {} {length} {}{span}",
                    windows.len(),
                    w.windows_of,
                    w.days
                ));
            }
        }
        parts.join("; ")
    }

    /// The whole printable year: page 1 (the months at a glance and the
    /// legend), then every occurrence, month by month.
    fn year(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        occurrences: &[&Occurrence],
        entry_of: &dyn Fn(&Occurrence) -> Option<usize>,
    ) -> String {
        let w = &self.words;
        let mut outlets: BTreeMap<&str, &str> = BTreeMap::new();
        if self.outlets.is_empty() && !self.no_outlet {
            for plan in self.plans {
                for o in plan.outlets.iter() {
                    outlets.entry(&o.id).or_insert(&o.name);
                }
            }
        } else {
            outlets.extend(self.outlets.iter().copied());
        }
        let mut by_month: BTreeMap<(i32, u32), Vec<&Occurrence>> = BTreeMap::new();
        for o in occurrences {
            let d = o.start.date();
            by_month.entry((d.year(), d.month())).or_default().push(o);
        }
        let mut quarter = None;
        // One template for the whole page: each month's list is written
        // into it once (a year of a large plan lists many thousands).
        html! {
            (DOCTYPE) "\n"
            html lang=(self.words.lang) {
                "\n"
                (self.head())
                "\n"
                body {
                    "\n"
                    section class="year" {
                        "\n"
                        (self.header(from, to))
                        @if let (Some(from), Some(to)) = (from, to) {
                            (self.months(from, to))
                        }
                        (self.legend(occurrences, entry_of))
                    }
                    "\n"
                    section class="list" {
                        "\n"
                        h2 { (w.list) " — " (self.titles()) }
                        "\n"
                        (self.plan_lines())
                        @if !outlets.is_empty() {
                            p class="sub" {
                                (w.outlets) ": "
                                @for (i, (id, name)) in outlets.iter().enumerate() {
                                    @if i > 0 { "; " }
                                    (id) " = " (name)
                                }
                            }
                            "\n"
                        }
                        @if occurrences.is_empty() {
                            p { (w.nothing) }
                            "\n"
                        }
                        @for ((year, month), items) in by_month {
                            // Each quarter starts a page, so that a quarter reads on
                            // one sheet (also when its first month has nothing).
                            @let this = (year, (month - 1) / 3);
                            @let new_quarter = quarter.is_some_and(|q| q != this);
                            @let _ = quarter.insert(this);
                            // A month that fits on a sheet is kept whole; a longer
                            // one would be pushed past a nearly empty page, so it
                            // starts where it is and runs on (rows whole, the header
                            // repeated).
                            @let class = match (new_quarter, items.len() <= KEEP_MONTH_ROWS) {
                                (false, false) => "month-list",
                                (false, true) => "month-list keep",
                                (true, false) => "month-list quarter",
                                (true, true) => "month-list quarter keep",
                            };
                            (self.month_list(class, year, month, &items, entry_of))
                        }
                        footer { (self.plan_lines()) }
                        "\n"
                    }
                    "\n"
                }
                "\n"
            }
            "\n"
        }
        .into_string()
    }

    /// One month of the list.
    fn month_list(
        &self,
        class: &str,
        year: i32,
        month: u32,
        items: &[&Occurrence],
        entry_of: &dyn Fn(&Occurrence) -> Option<usize>,
    ) -> Markup {
        let w = &self.words;
        html! {
            div class=(class) {
                "\n"
                // `Tháng 5 năm 2023`, `May 2023`.
                h3 { (w.month(month)) (w.year_of) (year) }
                "\n"
                table {
                    "\n"
                    thead {
                        tr {
                            th { (w.date) }
                            th { (w.day) }
                            th { (w.time) }
                            th { (w.outlet) }
                            th { (w.activity) }
                            th { (w.role) }
                            th { (w.status) }
                            th { (w.notes) }
                        }
                    }
                    "\n"
                    tbody {
                        "\n"
                        // Written in place, row after row: a year
                        // of a large plan lists many thousands.
                        @for o in items {
                            @let (first, last) = o.dates();
                            tr {
                                td class="d" {
                                    (Dmy(first))
                                    @if o.all_day() && first != last {
                                        " – " (Dmy(last))
                                    }
                                }
                                td class="d" { (w.weekday(first)) }
                                td class="d" {
                                    @if !o.all_day() {
                                        @if let Some(span) = ClockSpan::of(o.start, o.end) { (span) }
                                    } @else if first == last {
                                        (w.all_day)
                                    } @else {
                                        ((last - first).num_days() + 1) " " (w.days)
                                    }
                                }
                                td { (o.outlet_id().unwrap_or("—")) }
                                td {
                                    @match entry_of(o).and_then(|e| self.entries.get(e)) {
                                        Some(e) => { (e.chip) (e.activity.title) }
                                        None => (o.title()),
                                    }
                                }
                                td class="d" {
                                    @match o.role() {
                                        Role::Premiere => (w.premiere),
                                        Role::Rerun => (w.rerun),
                                    }
                                }
                                @match o.status() {
                                    Status::Confirmed => td class="d" { (w.confirmed) },
                                    Status::Tentative => td class="d tent" { (w.tentative) },
                                }
                                td {
                                    @if let Some(h) = o.holiday {
                                        (w.holiday) ": " (h)
                                    }
                                    @if let Some(from) = o.moved_from {
                                        @if o.holiday.is_some() { "; " }
                                        (w.moved_from) " " (Dmy(from))
                                    }
                                }
                            }
                            "\n"
                        }
                    }
                    "\n"
                }
                "\n"
            }
            "\n"
        }
    }
}

/// `17:45–17:57` for a timed slot.
fn time_span(o: &Occurrence) -> String {
    ClockSpan::of(o.start, o.end)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_codes_run_a_to_z_then_two_letters() {
        let codes: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(letter_code)
            .collect();
        assert_eq!(codes, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn chips_use_the_ink_that_reads_on_their_colour() {
        let inks: Vec<(&str, &str)> = palette::PALETTE
            .iter()
            .map(|c| (c.name, ink_on(c.hex)))
            .collect();
        assert_eq!(
            inks,
            [
                ("royalblue", "#fff"),
                ("crimson", "#fff"),
                ("forestgreen", "#000"),
                ("darkorange", "#000"),
                ("purple", "#fff"),
                ("teal", "#fff"),
                ("saddlebrown", "#fff"),
                ("deeppink", "#000"),
                ("olive", "#000"),
                ("slategray", "#000"),
                ("goldenrod", "#000"),
                ("navy", "#fff"),
            ]
        );
    }

    /// What a plan may hold that HTML would read as markup.
    const NASTY: &str = "<script>&\"'";
    /// How it must come out.
    const SAFE: &str = "&lt;script&gt;&amp;&quot;'";

    /// A plan whose title, outlet, activity and day off all hold [`NASTY`].
    fn nasty_plans() -> Vec<Plan> {
        let dir = tempfile::tempdir().unwrap();
        let quoted = NASTY.replace('"', "\\\"");
        std::fs::write(
            dir.path().join("h.yaml"),
            format!("- {{ date: 2024-02-10, name: \"Day {quoted}\" }}\n"),
        )
        .unwrap();
        let plan = dir.path().join("p.yaml");
        std::fs::write(
            &plan,
            format!(
                "plan: {{ id: p, title: \"Plan {quoted}\", timezone: Asia/Ho_Chi_Minh, holidays: [h.yaml],\n\
                 \x20       period: {{ from: 2024-01-01, to: 2024-12-31 }} }}\n\
                 outlets: {{ KG: {{ name: \"Outlet {quoted}\", kind: tv }} }}\n\
                 activities:\n\
                 \x20 - {{ id: a, title: \"Act {quoted}\", kind: broadcast, outlet: KG,\n\
                 \x20     start: 2024-02-10T17:45, rrule: \"FREQ=DAILY;COUNT=2\", duration: PT10M }}\n"
            ),
        )
        .unwrap();
        crate::plan::load(&[plan]).unwrap()
    }

    #[test]
    fn the_printed_year_escapes_every_text_of_the_plan() {
        let plans = nasty_plans();
        let occurrences = crate::expand(&plans).unwrap();
        let all: Vec<&Occurrence> = occurrences.iter().collect();
        let outlets = Selection::one(&plans, "KG").unwrap();
        for lang in [Lang::Vi, Lang::En] {
            for html in [
                render(&plans, &occurrences, lang),
                render_outlets(&plans, &all, lang, &outlets),
            ] {
                assert!(!html.contains(NASTY) && !html.contains("<script"), "{html}");
                for place in [
                    format!("<title>Plan {SAFE}"),
                    format!(" — Plan {SAFE}"),
                    // The day off: on its day, in the legend, on the list.
                    format!("<td class=\"hol\" title=\"Day {SAFE}\"><b>10</b>"),
                    format!("<td>10/02</td><td>Day {SAFE}</td>"),
                    format!(": Day {SAFE}</td></tr>"),
                    // The activity: its chip, the legend, the list.
                    format!("title=\"Act {SAFE}\">A</span>"),
                    format!("<td>Act {SAFE}</td><td>Outlet {SAFE}</td>"),
                    format!(">A</span>Act {SAFE}</td>"),
                    // The outlet, in the list's key.
                    format!("KG = Outlet {SAFE}</p>"),
                ] {
                    assert!(html.contains(&place), "{place} missing from {html}");
                }
            }
        }
        let one = render_outlets(&plans, &all, Lang::En, &outlets);
        assert!(one.contains(&format!(
            "<h1>Calendar 2024 — Plan {SAFE} — Outlet {SAFE}</h1>"
        )));
    }

    #[test]
    fn the_summary_escapes_every_text_of_the_plan() {
        let plans = nasty_plans();
        let counts = Counts::default();
        let outlets = [OutletYear {
            id: "K<G>",
            name: &format!("Outlet {NASTY}"),
            counts,
            file: Some(format!("year.{NASTY}.html")),
        }];
        let none = Some((counts, "year-\"none\".html"));
        for lang in [Lang::Vi, Lang::En] {
            let html = render_summary(&plans, 7, &outlets, none, lang);
            assert!(!html.contains(NASTY) && !html.contains("<script"), "{html}");
            for place in [
                format!("<title>Plan {SAFE}</title>"),
                format!(" — Plan {SAFE}</h1>"),
                format!("<tr><td>Outlet {SAFE} (K&lt;G&gt;)</td>"),
                format!("<a href=\"year.{SAFE}.html\">year.{SAFE}.html</a>"),
                "<a href=\"year-&quot;none&quot;.html\">".to_string(),
            ] {
                assert!(html.contains(&place), "{place} missing from {html}");
            }
        }
    }

    fn render_text(text: &str) -> String {
        let plans = [crate::plan::load_one("p.yaml".as_ref(), text.to_string()).unwrap()];
        let occurrences = crate::expand(&plans).unwrap();
        render(&plans, &occurrences, Lang::En)
    }

    #[test]
    fn short_windows_are_striped_and_long_ones_marked_at_their_start() {
        let html = render_text(
            "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2024-01-01, to: 2024-12-31 } }\n\
             activities:\n\
             \x20 - { id: short, title: S, kind: campaign, start: 2024-03-04, duration: P3D, color: royalblue }\n\
             \x20 - { id: long, title: L, kind: campaign, start: 2024-05-06, duration: P40D, color: crimson }\n",
        );
        let chip = |code: &str, color: &str| {
            format!("<span class=\"c\" style=\"background:{color};color:#fff\">{code}</span>")
        };
        let stripe = "<span class=\"s\" style=\"background:#4169e1\"></span>";
        // Day 1 has the chip, days 2 and 3 the stripe, day 4 nothing.
        assert!(html.contains(
            "<td><b>4</b><i>24</i><span class=\"chips\"><span class=\"c\" \
             style=\"background:#4169e1;color:#fff\" title=\"S\">A</span></span></td>"
        ));
        assert!(html.contains(&format!("<td><b>5</b><i>25</i>{stripe}</td>")));
        assert!(html.contains(&format!("<td><b>6</b><i>26</i>{stripe}</td>")));
        assert!(html.contains("<td><b>7</b><i>27</i></td>"));
        assert_eq!(html.matches(stripe).count(), 2);
        // The 40-day window: its chip on 6 May only, and its span in the legend.
        assert_eq!(html.matches(&chip("B", "#dc143c")).count(), 2);
        assert_eq!(
            html.matches("#dc143c;color:#fff\" title=\"L\">B<").count(),
            1
        );
        assert!(html.contains("<td>06/05–14/06</td>"));
        assert!(!html.contains("background:#dc143c\"></span>"));
    }

    /// Regression: more than four windows of different lengths (a monthly
    /// campaign) were summed up in the legend as a bare number ("12").
    #[test]
    fn many_windows_of_different_lengths_say_how_many_how_long_and_when() {
        let html = render_text(
            "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
             activities:\n\
             \x20 - { id: m, title: M, kind: campaign, start: 2023-01-01, rrule: FREQ=MONTHLY, duration: P1M }\n\
             \x20 - { id: w, title: W, kind: campaign, start: 2023-01-02, rrule: \"FREQ=WEEKLY;COUNT=6\", duration: P3D }\n",
        );
        assert!(html.contains("<td>M</td><td>—</td><td>12 windows of 28–31 days, 01/01–31/12</td>"));
        assert!(html.contains("<td>W</td><td>—</td><td>6 windows of 3 days, 02/01–08/02</td>"));
    }

    /// Days outside the period are grey, Sundays too (they stayed red).
    #[test]
    fn days_outside_the_period_are_greyed_sundays_included() {
        let html = render_text(
            "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2024-03-10, to: 2024-05-20 } }\n\
             activities: []\n",
        );
        // 3 March 2024 is a Sunday before the period, 10 March the first day.
        assert!(html.contains("<td class=\"sun off\"><b>3</b>"));
        assert!(html.contains("<td class=\"sun\"><b>10</b>"));
        assert!(html.contains("table.month td.off.sun b { color: #e3a0a0; }"));
        assert_eq!(html.matches("<table class=\"month\">").count(), 3);
    }

    #[test]
    fn a_plan_without_days_off_says_so_in_the_legend() {
        let html = render_text(
            "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2024-01-01, to: 2024-12-31 } }\n\
             activities: []\n",
        );
        assert!(html.contains(
            "<h2>Days off (grey)</h2>\n<table>\n<tbody>\n<tr><td>No days off in these months.</td></tr>\n</tbody>"
        ));
    }

    /// Up to ten activities the legend is a table; more flow in two
    /// columns (a table of twenty long titles pushed half of the legend
    /// onto page 2).
    #[test]
    fn a_long_legend_flows_in_two_columns() {
        let plan = |n: usize| {
            let mut text = String::from(
                "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
                 outlets: { KG: { name: \"Kênh KG\", kind: tv } }\nactivities:\n",
            );
            for i in 0..n {
                text.push_str(&format!(
                    "  - {{ id: a{i}, title: \"Act {i}\", kind: broadcast, outlet: KG, start: 2023-01-{:02}T17:45, duration: PT10M }}\n",
                    i + 1
                ));
            }
            render_text(&text)
        };
        let ten = plan(LEGEND_TABLE_ROWS);
        assert!(
            ten.contains("</span></td><td>Act 9</td><td>Kênh KG</td><td>17:45–17:55 KG</td></tr>")
        );
        assert!(!ten.contains("<div class=\"many\">"));
        let eleven = plan(LEGEND_TABLE_ROWS + 1);
        assert!(eleven.contains("<h2>Legend</h2>\n<div class=\"many\">\n<p><span class=\"c\""));
        assert!(eleven.contains(
            ">K</span> Act 10 · Kênh KG · 17:45–17:55 KG</p>\n</div>\n<p class=\"note\">"
        ));
        assert_eq!(eleven.matches(" · Kênh KG · ").count(), 11);
    }

    /// Regression: a month too long for one sheet was pushed whole to the
    /// next page, leaving the first page of the list all but empty.
    #[test]
    fn only_months_that_fit_on_a_sheet_are_kept_whole() {
        let html = render_text(
            "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
             outlets: { KG: { name: KG, kind: tv } }\n\
             activities:\n\
             \x20 - { id: d, title: D, kind: broadcast, outlet: KG, start: 2023-01-01T06:00, rrule: \"FREQ=DAILY;UNTIL=20230218\", duration: PT5M }\n\
             \x20 - { id: m, title: M, kind: broadcast, outlet: KG, start: 2023-04-01T06:00, rrule: \"FREQ=DAILY;COUNT=19\", duration: PT5M }\n",
        );
        // January: 31 rows; February: up to the 17th or 18th; April, a new
        // quarter: 19.
        assert!(html.contains("<div class=\"month-list\">\n<h3>January 2023</h3>"));
        assert!(html.contains("<div class=\"month-list keep\">\n<h3>February 2023</h3>"));
        assert!(html.contains("<div class=\"month-list quarter\">\n<h3>April 2023</h3>"));
        assert!(html.contains(".month-list.keep { break-inside: avoid;"));
    }

    /// Regression: a quarter whose first month had nothing ran on from the
    /// page of the quarter before.
    #[test]
    fn each_quarter_starts_a_page_even_when_its_first_month_is_empty() {
        let html = render_text(
            "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
             activities:\n\
             \x20 - { id: d, title: D, kind: deadline, start: 2023-02-10, rdates: [2023-03-10, 2023-05-10, 2023-06-10, 2023-08-10] }\n",
        );
        let classes: Vec<&str> = html
            .match_indices("<div class=\"month-list")
            .filter_map(|(i, _)| html.get(i + 12..).and_then(|t| t.split('"').next()))
            .collect();
        assert_eq!(
            classes,
            [
                "month-list keep",
                "month-list keep",
                "month-list quarter keep",
                "month-list keep",
                "month-list quarter keep"
            ]
        );
    }

    proptest::proptest! {
        /// Any period, even far outside the lunar algorithm's years, renders
        /// without a panic, with every cell closed and every month there.
        #[test]
        fn any_period_renders(start in 0i64..160_000, len in 0u64..800, daily in proptest::bool::ANY) {
            let from = NaiveDate::from_ymd_opt(1750, 1, 1).unwrap() + chrono::Days::new(start as u64);
            let to = from + chrono::Days::new(len);
            let rule = if daily { "rrule: FREQ=WEEKLY, " } else { "" };
            let text = format!(
                "plan: {{ id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: {{ from: {from}, to: {to} }} }}\n\
                 outlets: {{ KG: {{ name: KG, kind: tv }} }}\n\
                 activities:\n  - {{ id: a, title: A, kind: campaign, outlet: KG, start: {from}, {rule}duration: P40D }}\n"
            );
            let plans = [crate::plan::load_one("p.yaml".as_ref(), text).unwrap()];
            let occurrences = crate::expand(&plans).unwrap();
            let html = render(&plans, &occurrences, Lang::En);
            proptest::prop_assert_eq!(html.matches("<td").count(), html.matches("</td>").count());
            let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
            proptest::prop_assert_eq!(html.matches("<table class=\"month\">").count(), months as usize);
            proptest::prop_assert!(html.ends_with("</html>\n"));
        }
    }
}
