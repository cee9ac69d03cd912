//! Every output of the plans, one entry each: what it is called in a
//! published folder ([`crate::files`]), what the index says of it, whether
//! it takes an outlet selection, and the one function that writes it from a
//! [`Context`] worked out once.
//!
//! `build` writes every entry of [`Context::entries`] into its folder;
//! `castcal csv -o FILE` (and every other command that writes one output)
//! writes one entry, of the outlets its `--outlet` selects.

use std::io::{self, Write};
use std::sync::OnceLock;

use super::history::Published;
use super::window::{self, Offer, Offers};
use super::Options;
use crate::check::{self, Report};
use crate::expand::Expansion;
use crate::export::html::{self, Counts, OutletYear};
use crate::export::{changes, csv, ics, index, json, xlsx, xmltv};
use crate::files;
use crate::occurrence::Occurrence;
use crate::plan::{ActivityKind, Outlet, Plan, Selection};
use crate::reconcile::{self, Evidence};
use crate::report::{self, Period, Span};
use crate::words::site::Words;
use crate::words::Lang;

/// How far from its slot an airing may be and still be on time, in
/// minutes, in what a folder publishes of what was done.
const TOLERANCE_MINUTES: u32 = 2;

/// The most occurrences the printable year shows whole. Past this a year
/// no longer reads on paper (its list runs to hundreds of sheets and its
/// legend off page 1): a station's channel with ten slots a day (3,650)
/// still prints whole, a broadcaster's sixty channels (900,000) do not.
/// Above it, `build` writes one printable year per outlet, and
/// `year.html` / `year-en.html` sum them up and link to them.
pub const MAX_YEAR_OCCURRENCES: usize = 5_000;

/// One output: what it is, and in which language or form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// An iCalendar feed: `all.ics`, or an outlet's (`KG.ics`).
    Feed(ics::Mode),
    /// The rows as CSV: `lich-vi.csv`, `calendar-en.csv`.
    Csv(csv::Form),
    /// The spreadsheet: `lich-vi.xlsx`, `calendar-en.xlsx`.
    Sheet(Lang),
    /// An outlet's archive of one year, beside a feed too large for a
    /// calendar service: `KG-2023.ics` ([`super::window`]).
    Archive(i32),
    /// The programme guide (XMLTV): `guide.xml`, or a channel's (`KG.xml`).
    Guide,
    /// The printable year: `year.html`, `year-en.html`, or an outlet's
    /// (`year.KG.html`); a summary of the outlets' years for a large plan.
    Year(Lang),
    /// The printable year of what is on no outlet, beside the outlets' years
    /// of a large plan: `year-none.html`.
    NoOutletYear(Lang),
    /// Every occurrence as JSON: `occurrences.json`.
    Occurrences,
    /// What the check found, as JSON: `check.json`.
    Check,
    /// The history of publications: `changes.json`.
    Changes,
    /// The history of publications for people: `changes.html`.
    ChangesPage(Lang),
    /// An outlet's changes as an Atom feed: `KG-changes.xml`.
    ChangesFeed,
    /// What aired and was done against the plan, as JSON: `reconcile.json`.
    Reconciliation,
    /// The same for people: `reconcile.html`, `reconcile-en.html`.
    ReconciliationPage(Lang),
    /// The implementation report of a period: `bao-cao-2023-Q1.docx`.
    Report(Period),
    /// The page to start from: `index.html`, `index-en.html`.
    Index(Lang),
}

/// One file of a published folder: an output, of everything or of one
/// outlet (by its index in [`Context::parts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// What it holds.
    pub output: Output,
    /// The outlet it is of, if it is of one.
    pub part: Option<usize>,
}

/// One outlet of the plans, with its occurrences in the expansion's order.
#[derive(Debug)]
pub struct Part<'e, 'p> {
    /// The outlet, as the first plan that declares it has it.
    pub outlet: &'p Outlet,
    /// Its occurrences.
    pub occurrences: Vec<&'e Occurrence<'p>>,
}

/// Everything the outputs are made of, worked out once: the plans, their
/// expansion split by outlet, what the check found, and the history of the
/// publication when it is one.
pub struct Context<'e, 'p> {
    /// The plans.
    pub plans: &'p [Plan],
    /// Their occurrences.
    pub expansion: &'e Expansion<'p>,
    /// Each outlet of the plans, by [`Outlet::index`].
    pub parts: Vec<Part<'e, 'p>>,
    /// The occurrences on no outlet, in order.
    pub none: Vec<&'e Occurrence<'p>>,
    /// Whether the printable year is a summary, with a year per outlet.
    pub per_outlet: bool,
    /// Whether the spreadsheets are written.
    pub sheets: bool,
    /// How the folder is reached.
    pub options: Options,
    /// The history of the publication, when it is one.
    history: Option<&'e Published>,
    /// The history sorted by outlet, for its pages and feeds.
    listing: Option<changes::Listing<'e>>,
    /// What the check found, in each language (worked out when first needed).
    check: OnceLock<Report>,
    /// What the summary of a large plan says of each part, and of what is
    /// on no outlet (worked out when first needed).
    counts: OnceLock<(Vec<Counts>, Option<Counts>)>,
    /// What the programme guides share (worked out when first needed).
    guide: OnceLock<xmltv::Guide<'e, 'p>>,
    /// The evidence of what was done, when the folder publishes it.
    evidence: Option<&'e Evidence>,
    /// The periods whose report the folder publishes, each with the UIDs of
    /// the deadlines due for it.
    periods: Vec<(Period, Vec<String>)>,
    /// What the deadlines' events link to: their period's report.
    links: std::sync::Arc<ics::Links>,
    /// How each feed is offered (worked out when first needed).
    offers: OnceLock<Offers>,
}

impl<'e, 'p> Context<'e, 'p> {
    /// The context of `expansion`, the occurrences of `plans`: of a
    /// publication whose history is `history`, or of no publication
    /// (a single output of the command line).
    pub fn new(
        plans: &'p [Plan],
        expansion: &'e Expansion<'p>,
        options: Options,
        history: Option<&'e Published>,
    ) -> Context<'e, 'p> {
        let (parts, none) = split(plans, expansion);
        let publishing = history.is_some();
        Context {
            plans,
            expansion,
            parts,
            none,
            per_outlet: publishing && expansion.len() > MAX_YEAR_OCCURRENCES,
            sheets: expansion.len() <= options.max_sheet_occurrences,
            options,
            history,
            listing: history.map(|h| changes::Listing::new(&h.history)),
            check: OnceLock::new(),
            counts: OnceLock::new(),
            guide: OnceLock::new(),
            evidence: None,
            periods: Vec::new(),
            links: std::sync::Arc::default(),
            offers: OnceLock::new(),
        }
    }

    /// The context that also publishes what `evidence` says was done (none:
    /// nothing of it): the reconciliation up to the options' `today`, and
    /// the report of each period a deadline of the plans is due for, which
    /// that deadline's events link to.
    #[must_use]
    pub fn with_evidence(mut self, evidence: Option<&'e Evidence>) -> Self {
        let Some(evidence) = evidence else {
            return self;
        };
        self.evidence = Some(evidence);
        self.periods = reports(self.expansion, self.today());
        let mut links = ics::Links::new();
        for (period, uids) in &self.periods {
            let file = Output::Report(*period).file(None);
            let url = self
                .options
                .base_url
                .as_deref()
                .map(|base| match base.ends_with('/') {
                    true => format!("{base}{file}"),
                    false => format!("{base}/{file}"),
                });
            for uid in uids {
                let link = ics::Link {
                    file: file.clone(),
                    url: url.clone(),
                };
                links.insert(uid.clone(), link);
            }
        }
        self.links = std::sync::Arc::new(links);
        self
    }

    /// What the reconciliation and the reports count up to: the run's date
    /// (the plans' last day when none is given).
    pub(super) fn today(&self) -> chrono::NaiveDate {
        self.options
            .today
            .or_else(|| self.plans.iter().map(|p| p.period.to).max())
            .unwrap_or_default()
    }

    /// How each feed is offered: whole, or a window of the days to come
    /// with its outlet's years in archives, or to download only
    /// ([`super::window`]).
    pub fn offers(&self) -> &Offers {
        self.offers
            .get_or_init(|| window::offers(self, self.options.max_feed_bytes))
    }

    /// What the events link to.
    pub fn links(&self) -> std::sync::Arc<ics::Links> {
        std::sync::Arc::clone(&self.links)
    }

    /// What the check found: checked once, worded where it is shown.
    pub fn report(&self) -> &Report {
        self.check
            .get_or_init(|| check::check(self.plans, self.expansion, &[]))
    }

    /// The history of the publication, when it is one.
    pub fn history(&self) -> Option<&'e Published> {
        self.history
    }

    /// The outlets that get a programme guide: tv and radio outlets with a
    /// programme (the XMLTV validator refuses a channel without one).
    pub fn channels(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts.iter().enumerate().filter_map(|(i, p)| {
            let channel = xmltv::is_channel(p.outlet.kind)
                && p.occurrences.iter().any(|o| xmltv::is_programme(o));
            channel.then_some(i)
        })
    }

    /// How the feed of `selection` is offered: `all.ics`'s, an outlet's,
    /// or (any other selection, which no folder has) whole.
    pub fn offer(&self, selection: &Selection) -> Offer {
        if selection.is_all() {
            return self.offers().of(None);
        }
        match selection.ids() {
            [id] => match self.parts.iter().position(|p| &p.outlet.id == id) {
                Some(i) => self.offers().of(Some(i)),
                None => Offer::Whole,
            },
            _ => Offer::Whole,
        }
    }

    /// The selection of the outlet of part `i`, or of everything.
    pub fn selection(&self, part: Option<usize>) -> Selection {
        part.and_then(|i| self.parts.get(i))
            .and_then(|p| Selection::one(self.plans, &p.outlet.id).ok())
            .unwrap_or_default()
    }

    /// Every file of the folder of this publication, in the order the
    /// index lists them: the feeds, then the other files.
    pub fn entries(&self) -> Vec<Entry> {
        let whole = |output| Entry { output, part: None };
        let of = |output, part| Entry {
            output,
            part: Some(part),
        };
        let feed = Output::Feed(ics::Mode::Instances);
        let mut out = vec![whole(feed)];
        out.extend((0..self.parts.len()).map(|i| of(feed, i)));
        out.extend(
            self.offers()
                .archives()
                .map(|(i, year)| of(Output::Archive(year), i)),
        );
        out.extend([Lang::Vi, Lang::En].map(|l| whole(Output::Year(l))));
        if self.sheets {
            out.extend([Lang::Vi, Lang::En].map(|l| whole(Output::Sheet(l))));
        }
        out.extend([Lang::Vi, Lang::En].map(|l| whole(Output::Csv(csv::Form::published(l)))));
        out.extend([Lang::Vi, Lang::En].map(|l| whole(Output::ChangesPage(l))));
        let channels: Vec<usize> = self.channels().collect();
        if !channels.is_empty() {
            out.push(whole(Output::Guide));
        }
        out.extend(channels.into_iter().map(|i| of(Output::Guide, i)));
        out.extend([Output::Occurrences, Output::Check, Output::Changes].map(whole));
        out.extend((0..self.parts.len()).map(|i| of(Output::ChangesFeed, i)));
        if self.evidence.is_some() {
            out.extend([Lang::Vi, Lang::En].map(|l| whole(Output::ReconciliationPage(l))));
            out.push(whole(Output::Reconciliation));
            out.extend(self.periods.iter().map(|(p, _)| whole(Output::Report(*p))));
        }
        if self.per_outlet {
            for (i, p) in self.parts.iter().enumerate() {
                if !p.occurrences.is_empty() {
                    out.extend([Lang::Vi, Lang::En].map(|l| of(Output::Year(l), i)));
                }
            }
            if !self.none.is_empty() {
                out.extend([Lang::Vi, Lang::En].map(|l| whole(Output::NoOutletYear(l))));
            }
        }
        out.extend([Lang::Vi, Lang::En].map(|l| whole(Output::Index(l))));
        out
    }

    /// What the summary of a large plan says of each part and of what is
    /// on no outlet.
    fn counts(&self) -> &(Vec<Counts>, Option<Counts>) {
        self.counts.get_or_init(|| {
            let counts = self
                .parts
                .iter()
                .map(|p| Counts::of(p.occurrences.iter().copied()))
                .collect();
            let none = Counts::of(self.none.iter().copied());
            (counts, (!self.none.is_empty()).then_some(none))
        })
    }

    fn guide(&self) -> &xmltv::Guide<'e, 'p> {
        self.guide
            .get_or_init(|| xmltv::Guide::new(self.plans, self.expansion.occurrences()))
    }

    /// The plans' titles, joined: the title of the index and of the changes.
    pub fn title(&self) -> String {
        self.plans
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// One part per outlet index, the outlet as the first plan that declares
/// it has it; then each occurrence to its part (or to none), in one pass.
fn split<'e, 'p>(
    plans: &'p [Plan],
    expansion: &'e Expansion<'p>,
) -> (Vec<Part<'e, 'p>>, Vec<&'e Occurrence<'p>>) {
    let mut parts: Vec<Option<Part>> = Vec::new();
    for o in plans.iter().flat_map(|p| p.outlets.iter()) {
        if parts.len() <= o.index {
            parts.resize_with(o.index + 1, || None);
        }
        if let Some(slot @ None) = parts.get_mut(o.index) {
            *slot = Some(Part {
                outlet: o,
                occurrences: Vec::new(),
            });
        }
    }
    let mut parts: Vec<Part> = parts.into_iter().flatten().collect();
    let mut none = Vec::new();
    for o in expansion.iter() {
        match o.outlet.and_then(|x| parts.get_mut(x.index)) {
            Some(part) => part.occurrences.push(o),
            None => none.push(o),
        }
    }
    (parts, none)
}

impl Output {
    /// Its file: of everything, or of the outlet `outlet`.
    pub fn file(self, outlet: Option<&str>) -> String {
        match (self, outlet) {
            (Output::Feed(_), Some(id)) => files::feed(id),
            (Output::Feed(_), None) => files::ALL_FEED.to_string(),
            (Output::Archive(year), id) => files::archive(id.unwrap_or_default(), year),
            (Output::Csv(form), _) => form.lang.file(files::CSV).to_string(),
            (Output::Sheet(lang), _) => lang.file(files::SHEET).to_string(),
            (Output::Guide, Some(id)) => files::guide(id),
            (Output::Guide, None) => files::GUIDE.to_string(),
            (Output::Year(lang), Some(id)) => files::year(id, lang == Lang::En),
            (Output::Year(lang), None) => lang.file(files::YEAR).to_string(),
            (Output::NoOutletYear(lang), _) => lang.file(files::NO_OUTLET_YEAR).to_string(),
            (Output::Occurrences, _) => files::OCCURRENCES.to_string(),
            (Output::Check, _) => files::CHECK.to_string(),
            (Output::Changes, _) => files::CHANGES.to_string(),
            (Output::ChangesPage(lang), _) => lang.file(files::CHANGES_PAGE).to_string(),
            (Output::ChangesFeed, id) => files::changes_feed(id.unwrap_or_default()),
            (Output::Index(lang), _) => lang.file(files::INDEX).to_string(),
            (Output::Reconciliation, _) => files::RECONCILIATION.to_string(),
            (Output::ReconciliationPage(lang), _) => {
                lang.file(files::RECONCILIATION_PAGE).to_string()
            }
            (Output::Report(period), _) => files::report(&period.key()),
        }
    }

    /// Whether it takes an outlet selection (`--outlet`, an outlet's file).
    pub fn takes_outlets(self) -> bool {
        matches!(
            self,
            Output::Feed(_) | Output::Csv(_) | Output::Sheet(_) | Output::Guide | Output::Year(_)
        )
    }

    /// What the index page in `page` calls it, when it lists it among the
    /// folder's files (the feeds and the years of outlets have lines of
    /// their own; the index does not list itself).
    pub fn label(self, page: Lang, per_outlet: bool) -> Option<&'static str> {
        let w = Words::of(page);
        Some(match self {
            Output::Year(Lang::Vi) if per_outlet => w.year_summary,
            Output::Year(Lang::Vi) => w.year,
            Output::Year(Lang::En) => w.year_en,
            Output::Sheet(Lang::Vi) => w.xlsx_vi,
            Output::Sheet(Lang::En) => w.xlsx_en,
            Output::Csv(form) if form.lang == Lang::Vi => w.csv_vi,
            Output::Csv(_) => w.csv_en,
            Output::ChangesPage(Lang::Vi) => w.changes_vi,
            Output::ChangesPage(Lang::En) => w.changes_en,
            Output::Guide => w.guide,
            Output::Occurrences => w.occurrences_json,
            Output::Check => w.check_json,
            Output::Changes => w.changes_json,
            Output::ReconciliationPage(Lang::Vi) => w.reconcile_vi,
            Output::ReconciliationPage(Lang::En) => w.reconcile_en,
            Output::Reconciliation => w.reconcile_json,
            Output::Feed(_)
            | Output::Archive(_)
            | Output::NoOutletYear(_)
            | Output::ChangesFeed
            | Output::Index(_)
            | Output::Report(_) => return None,
        })
    }

    /// Writes it, of what `selection` keeps, to `out`.
    ///
    /// # Errors
    /// Any write failure of `out`.
    pub fn write(
        self,
        ctx: &Context,
        selection: &Selection,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let (plans, expansion) = (ctx.plans, ctx.expansion);
        match self {
            Output::Feed(mode) => match ctx.offer(selection) {
                Offer::Window { from, to } => days(ctx, selection, (from, to), out),
                Offer::Whole | Offer::Download => feed(ctx, mode, selection, out),
            },
            Output::Archive(year) => match window::year_days(year) {
                Some(span) => days(ctx, selection, span, out),
                None => Ok(()),
            },
            Output::Csv(form) => csv::write(out, expansion, &form.options(selection.clone())),
            Output::Sheet(lang) => {
                let options = xlsx::Options {
                    lang,
                    outlets: selection.clone(),
                };
                xlsx::write(out, plans, expansion, &options)
            }
            Output::Guide => ctx.guide().write(out, selection, expansion.occurrences()),
            Output::Year(lang) => out.write_all(year(ctx, lang, selection).as_bytes()),
            Output::NoOutletYear(lang) => {
                out.write_all(html::render_no_outlet(plans, &ctx.none, lang).as_bytes())
            }
            Output::Occurrences => json::write(out, expansion.occurrences()),
            Output::Check => check_json(ctx, out),
            Output::Changes => match ctx.history {
                Some(h) => out.write_all(h.history.json()?.as_bytes()),
                None => Ok(()),
            },
            Output::ChangesPage(lang) => changes_page(ctx, lang, out),
            Output::ChangesFeed => changes_feed(ctx, selection, out),
            Output::Index(lang) => {
                let page = super::page::index(ctx);
                out.write_all(index::render(&page, lang).as_bytes())
            }
            Output::Reconciliation | Output::ReconciliationPage(_) => {
                reconciliation(ctx, self, out)
            }
            Output::Report(period) => report(ctx, period, out),
        }
    }
}

/// A feed, with the versions of the publication's history when it is one
/// (as `build` writes its feeds, all in one pass).
fn feed(
    ctx: &Context,
    mode: ics::Mode,
    selection: &Selection,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (plans, expansion) = (ctx.plans, ctx.expansion);
    let options = ics::Options {
        mode,
        outlets: selection.clone(),
    };
    let Some(h) = ctx.history.filter(|_| mode == ics::Mode::Instances) else {
        return ics::write(out, plans, expansion, &options).map(drop);
    };
    let part_of_cancelled = |e: &crate::diff::Entry| {
        let outlet = e
            .outlet
            .as_deref()
            .and_then(|id| plans.iter().find_map(|p| p.outlet(id)));
        (!selection.is_all() && selection.keeps(outlet)).then_some(0)
    };
    let history = ics::History {
        versions: std::sync::Arc::clone(&h.versions),
        links: ctx.links(),
        part_of_cancelled: &part_of_cancelled,
    };
    if selection.is_all() {
        let none: Vec<(Vec<String>, Vec<u8>)> = Vec::new();
        ics::write_split(
            Some(out),
            plans,
            expansion,
            none,
            &|_, _| None,
            Some(&history),
        )
        .map(drop)
    } else {
        let part_of = |_, o: &Occurrence| selection.keeps(o.outlet).then_some(0);
        let parts = vec![(selection.ids().to_vec(), out)];
        ics::write_split::<Vec<u8>, _>(None, plans, expansion, parts, &part_of, Some(&history))
            .map(drop)
    }
}

/// The feed of the occurrences `selection` keeps that start from the
/// first day of `span` through its last, with those cancelled in it: a
/// window of the days to come, or an archive of a year.
fn days(
    ctx: &Context,
    selection: &Selection,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    out: &mut dyn Write,
) -> io::Result<()> {
    let plans = ctx.plans;
    let within = |day: chrono::NaiveDate| from <= day && day <= to;
    let part_of =
        |_, o: &Occurrence| (selection.keeps(o.outlet) && within(o.start.date())).then_some(0);
    let part_of_cancelled = |e: &crate::diff::Entry| {
        let outlet = e
            .outlet
            .as_deref()
            .and_then(|id| plans.iter().find_map(|p| p.outlet(id)));
        (selection.keeps(outlet) && within(e.start.date())).then_some(0)
    };
    let history = ctx.history.map(|h| ics::History {
        versions: std::sync::Arc::clone(&h.versions),
        links: ctx.links(),
        part_of_cancelled: &part_of_cancelled,
    });
    let parts = vec![(selection.ids().to_vec(), out)];
    ics::write_split::<Vec<u8>, _>(
        None,
        plans,
        ctx.expansion,
        parts,
        &part_of,
        history.as_ref(),
    )
    .map(drop)
}

/// The printable year of what `selection` keeps: the whole year, an
/// outlet's, or for a large plan the summary of the outlets' years.
fn year(ctx: &Context, lang: Lang, selection: &Selection) -> String {
    if !selection.is_all() {
        let kept: Vec<&Part> = ctx
            .parts
            .iter()
            .filter(|p| selection.keeps(Some(p.outlet)))
            .collect();
        let occurrences: Vec<&Occurrence> = match kept.as_slice() {
            [one] => one.occurrences.clone(),
            _ => ctx.expansion.iter().collect(),
        };
        return html::render_outlets(ctx.plans, &occurrences, lang, selection);
    }
    if !ctx.per_outlet {
        return html::render(ctx.plans, ctx.expansion, lang);
    }
    let (counts, none) = ctx.counts();
    let years: Vec<OutletYear> = ctx
        .parts
        .iter()
        .zip(counts)
        .map(|(p, counts)| OutletYear {
            id: &p.outlet.id,
            name: &p.outlet.name,
            counts: *counts,
            file: (!p.occurrences.is_empty()).then(|| Output::Year(lang).file(Some(&p.outlet.id))),
        })
        .collect();
    let none = none.map(|c| (c, lang.file(files::NO_OUTLET_YEAR)));
    html::render_summary(ctx.plans, ctx.expansion.len(), &years, none, lang)
}

/// `check.json`: what the check found, said in Vietnamese, for the public.
fn check_json(ctx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let mut json = check::report::json(ctx.report(), Lang::Vi).map_err(io::Error::other)?;
    if !json.ends_with('\n') {
        json.push('\n');
    }
    out.write_all(json.as_bytes())
}

fn changes_page(ctx: &Context, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let Some(listing) = &ctx.listing else {
        return Ok(());
    };
    let outlets: Vec<changes::Outlet> = ctx.parts.iter().map(changes_outlet).collect();
    out.write_all(changes::html(listing, &ctx.title(), &outlets, lang).as_bytes())
}

fn changes_feed(ctx: &Context, selection: &Selection, out: &mut dyn Write) -> io::Result<()> {
    let (Some(listing), Some(part)) = (
        &ctx.listing,
        ctx.parts.iter().find(|p| selection.keeps(Some(p.outlet))),
    ) else {
        return Ok(());
    };
    let plans = ctx
        .plans
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join("+");
    let title = ctx.title();
    let feed = changes::Feed {
        title: &title,
        plans: &plans,
        base_url: ctx.options.base_url.as_deref(),
        updated: crate::diff::history::stamp(ctx.plans).unwrap_or_default(),
    };
    changes::atom(out, listing, changes_outlet(part), &feed)
}

fn changes_outlet<'a>(p: &'a Part) -> changes::Outlet<'a> {
    changes::Outlet {
        id: &p.outlet.id,
        name: &p.outlet.name,
    }
}

/// The periods whose report a folder publishes: each deadline activity
/// reports on the span its title names ([`Span::of_title`]), or else the
/// one its count of deadlines gives (4: a quarter, 2: a half year, 1: a
/// year, as Nghị định 09/2019/NĐ-CP counts them), each deadline on the
/// period it is due for
/// ([`Period::reported_by`]); a period is published once it has begun by
/// `today`. Each with the UIDs of the deadlines due for it.
fn reports(expansion: &Expansion, today: chrono::NaiveDate) -> Vec<(Period, Vec<String>)> {
    let mut by_key: std::collections::BTreeMap<String, (Period, Vec<String>)> = Default::default();
    for g in expansion.groups() {
        if g.activity.kind != ActivityKind::Deadline {
            continue;
        }
        let premieres: Vec<&Occurrence> = expansion
            .members(g)
            .filter(|o| o.role() == crate::occurrence::Role::Premiere)
            .collect();
        let span = match (Span::of_title(&g.activity.title), premieres.len()) {
            (Some(span), _) => span,
            (None, 4) => Span::Quarter(1),
            (None, 2) => Span::Half(1),
            (None, 1) => Span::Year,
            (None, _) => continue,
        };
        for o in premieres {
            let Some(period) = Period::reported_by(o.start.date(), span, false) else {
                continue;
            };
            if period.dates().is_none_or(|(from, _)| from > today) {
                continue;
            }
            let entry = by_key
                .entry(period.key())
                .or_insert_with(|| (period, Vec::new()));
            entry.1.push(o.uid().to_string());
        }
    }
    by_key.into_values().collect()
}

/// What aired and was done against the plan, up to the run's date: as
/// JSON, or as a page of its text in the page's language.
fn reconciliation(ctx: &Context, output: Output, out: &mut dyn Write) -> io::Result<()> {
    let Some(evidence) = ctx.evidence else {
        return Ok(());
    };
    let options = reconcile::Options {
        through: ctx.today(),
        tolerance_minutes: TOLERANCE_MINUTES,
    };
    let r = reconcile::reconcile(ctx.expansion, evidence, &options);
    match output {
        Output::ReconciliationPage(lang) => {
            let text = reconcile::render::text(&r, lang);
            let page = super::page::text_page(&ctx.title(), &text, lang);
            out.write_all(page.as_bytes())
        }
        _ => reconcile::render::json(out, &r),
    }
}

/// The implementation report of `period`, in Vietnamese, as of the run's date.
fn report(ctx: &Context, period: Period, out: &mut dyn Write) -> io::Result<()> {
    let Some(evidence) = ctx.evidence else {
        return Ok(());
    };
    let options = report::Options {
        period,
        format: report::Format::Docx,
        lang: Lang::Vi,
        date: ctx.today(),
        tolerance_minutes: TOLERANCE_MINUTES,
    };
    let bytes = report::render(ctx.plans, ctx.expansion, evidence, &options)
        .map_err(|e| io::Error::other(e.message()))?;
    out.write_all(&bytes)
}
