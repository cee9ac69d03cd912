//! What `index.html` says of a publication: its feeds, its files, its
//! outlets' years, what the check found and what the latest publication
//! changed, all from the [`Context`] and its entries.

use super::outputs::{Context, Entry, Output};
use super::window::Offer;
use crate::check::{Report, Severity};
use crate::diff::history::Publication;
use crate::export::index::{Checked, Feed, Index, Offered, Year};
use crate::files;
use crate::format::{Day, Dmy};
use crate::words::site::Words;
use crate::words::Lang;

/// How many findings `index.html` lists (all are in `check.json`).
const MAX_FINDINGS_SHOWN: usize = 20;

/// The index page of `ctx`'s publication, in both languages
/// ([`crate::export::index::render`] writes either).
pub(super) fn index(ctx: &Context) -> Index {
    let entries = ctx.entries();
    let [vi, en] = [Lang::Vi, Lang::En].map(|l| checked(ctx.report(), l));
    Index {
        title: ctx.title(),
        reference: join(ctx.plans.iter().filter_map(|p| p.reference.as_deref())),
        published: ctx
            .plans
            .iter()
            .map(|p| p.published.date())
            .max()
            .map(|d| Dmy(d).to_string())
            .unwrap_or_default(),
        feeds: feeds(ctx),
        files: listed(ctx, &entries),
        files_note: (!ctx.sheets)
            .then(|| [Lang::Vi, Lang::En].map(|l| Words::of(l).no_sheets.to_string())),
        years: years(ctx, &entries),
        base_url: ctx.options.base_url.clone(),
        problem: None,
        latest: ctx
            .history()
            .and_then(|h| h.history.latest())
            .filter(|p| !p.first)
            .map(|p| [Lang::Vi, Lang::En].map(|lang| latest(p, lang))),
        check_vi: vi,
        check_en: en,
    }
}

/// `all.ics`, then each outlet's feed with its feed of changes, each as
/// it is offered.
fn feeds(ctx: &Context) -> Vec<Feed> {
    let offers = ctx.offers();
    let offered = |part: Option<usize>| match offers.of(part) {
        Offer::Whole => Offered::Whole,
        Offer::Window { from, to } => Offered::Window(Dmy(from).to_string(), Dmy(to).to_string()),
        Offer::Download => Offered::Download,
    };
    let mut feeds = vec![Feed {
        file: files::ALL_FEED.to_string(),
        label: [
            Words::VI.all_outlets.to_string(),
            Words::EN.all_outlets.to_string(),
        ],
        events: ctx.expansion.len(),
        changes: None,
        offer: offered(None),
        archives: Vec::new(),
    }];
    for (i, p) in ctx.parts.iter().enumerate() {
        let id = &p.outlet.id;
        feeds.push(Feed {
            file: files::feed(id),
            label: [0, 1].map(|_| format!("{} ({id})", p.outlet.name)),
            events: p.occurrences.len(),
            changes: Some(files::changes_feed(id)),
            offer: offered(Some(i)),
            archives: offers
                .years
                .get(i)
                .into_iter()
                .flatten()
                .map(|y| files::archive(id, *y))
                .collect(),
        });
    }
    feeds
}

/// The other files, in the order of the entries: (file, Vietnamese label,
/// English label).
fn listed(ctx: &Context, entries: &[Entry]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for e in entries {
        let part = e.part.and_then(|i| ctx.parts.get(i));
        let file = e.output.file(part.map(|p| p.outlet.id.as_str()));
        match (e.output, part) {
            (Output::Guide, Some(p)) => {
                let label =
                    |w: &Words| format!("{}{} ({})", w.guide_of, p.outlet.name, p.outlet.id);
                out.push((file, label(&Words::VI), label(&Words::EN)));
            }
            (Output::Report(period), None) => {
                let label = |lang| format!("{}{}", Words::of(lang).report_of, period.name(lang));
                out.push((file, label(Lang::Vi), label(Lang::En)));
            }
            (_, Some(_)) => {}
            (output, None) => {
                let label = |lang| output.label(lang, ctx.per_outlet);
                if let (Some(vi), Some(en)) = (label(Lang::Vi), label(Lang::En)) {
                    out.push((file, vi.to_string(), en.to_string()));
                }
            }
        }
    }
    out
}

/// The outlets' printable years of a large plan (and what is on no outlet's).
fn years(ctx: &Context, entries: &[Entry]) -> Vec<Year> {
    let mut years = Vec::new();
    for e in entries
        .iter()
        .filter(|e| e.output == Output::Year(Lang::Vi))
    {
        let Some(p) = e.part.and_then(|i| ctx.parts.get(i)) else {
            continue;
        };
        years.push(Year {
            label: [0, 1].map(|_| format!("{} ({})", p.outlet.name, p.outlet.id)),
            occurrences: p.occurrences.len(),
            vi: Output::Year(Lang::Vi).file(Some(&p.outlet.id)),
            en: Output::Year(Lang::En).file(Some(&p.outlet.id)),
        });
    }
    if entries
        .iter()
        .any(|e| matches!(e.output, Output::NoOutletYear(_)))
    {
        years.push(Year {
            label: [
                crate::words::page::Words::VI.no_outlet.to_string(),
                crate::words::page::Words::EN.no_outlet.to_string(),
            ],
            occurrences: ctx.none.len(),
            vi: files::NO_OUTLET_YEAR.vi.to_string(),
            en: files::NO_OUTLET_YEAR.en.to_string(),
        });
    }
    years
}

/// What a page of the index says of `report`: the counts and the first
/// findings, each by the title of what it is about and without the advice
/// meant for whoever edits the plan.
fn checked(report: &Report, lang: Lang) -> Checked {
    let w = Words::of(lang);
    let findings = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Note)
        .take(MAX_FINDINGS_SHOWN)
        .map(|f| {
            let date = f
                .date
                .map(|d| format!("{} · ", Day(d, lang)))
                .unwrap_or_default();
            let about = f.title.as_deref().or(f.activity.as_deref());
            let about = about.map(|a| format!("“{a}”: ")).unwrap_or_default();
            let severity = match f.severity {
                Severity::Error => w.error,
                _ => w.warning,
            };
            format!("{severity} · {date}{about}{}", f.what(lang))
        })
        .collect();
    let (errors, warnings) = (report.summary.errors, report.summary.warnings);
    Checked {
        errors,
        warnings,
        findings,
        found: errors + warnings,
    }
}

/// What index.html says of the latest publication: `Lần công bố 2
/// (20/03/2023): 1 buổi dời lịch`.
fn latest(p: &Publication, lang: Lang) -> String {
    let w = crate::words::changes::Words::of(lang);
    let date = p
        .published
        .map(|t| format!(" ({})", Day(t.date_naive(), lang)))
        .unwrap_or_default();
    let s = &p.summary;
    let counts = crate::words::changes::counts(lang, s.added, s.cancelled, s.moved, s.changed);
    format!("{} {}{date}: {counts}", w.publication, p.number)
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> Option<String> {
    let v: Vec<&str> = parts.collect();
    (!v.is_empty()).then(|| v.join(" · "))
}

/// A page of `text` (preformatted, as a terminal shows it), under `title`,
/// in `lang`: what the folder says of what was done.
pub(super) fn text_page(title: &str, text: &str, lang: Lang) -> String {
    let w = crate::words::index::Words::of(lang);
    maud::html! {
        (maud::DOCTYPE) "\n"
        html lang=(w.lang) {
            "\n"
            (crate::export::html::head(title, ""))
            "\n"
            body {
                "\n"
                p class="lang" { a href=(lang.other().file(files::RECONCILIATION_PAGE)) { (w.other_page) } }
                "\n"
                h1 { (title) }
                "\n"
                pre { (text) }
                "\n"
                p { a href=(lang.file(files::INDEX)) { (crate::words::changes::Words::of(lang).back) } }
                "\n"
            }
            "\n"
        }
        "\n"
    }
    .into_string()
}
