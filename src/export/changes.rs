//! A folder's history for people: `changes.html` (Vietnamese) and
//! `changes-en.html`, each outlet's changes newest publication first, and
//! an Atom feed per outlet (`KG-changes.xml`) for those who follow news
//! rather than calendars.
//!
//! Both list each change as `castcal diff` words it
//! ([`crate::diff::report::describe`]). A publication's part of an outlet
//! shows at most [`MAX_SHOWN`] changes; all are in `changes.json`.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset, SecondsFormat};
use maud::{html, Markup, DOCTYPE};

use crate::diff::history::{History, Publication, Record};
use crate::diff::report::describe;
use crate::files;
use crate::format::Day;
use crate::words::changes::{counts, Words};
use crate::words::Lang;

/// The most changes of one publication shown for one outlet.
pub const MAX_SHOWN: usize = 200;

/// The most publications an outlet's Atom feed lists (the newest).
pub const MAX_ENTRIES: usize = 50;

/// The page's style: the index's, and the table of changes.
const CSS: &str = concat!(
    include_str!("index.css"),
    "td.kind{white-space:nowrap;font-weight:bold}\n",
    "td.at{min-width:12em}\n",
    "ul.details{margin:0;padding-left:1.2em;color:#444}\n",
    "h3{margin-bottom:.3em}\n"
);

/// An outlet of the plans: its id and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outlet<'a> {
    /// Its id, `KG`.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
}

/// The anchor of an outlet's part of the page (`none` for what is on no
/// outlet: an outlet id is a slug, never that… nor anything with a `-`
/// and a number after it, which the publications' anchors add).
fn anchor(outlet: Option<&str>) -> &str {
    outlet.unwrap_or("none")
}

/// When a publication was published: `20/03/2023 09:30`, or that it is not known.
fn when(p: &Publication, lang: Lang) -> String {
    match p.published {
        Some(t) => {
            use chrono::Timelike;
            format!(
                "{} {:02}:{:02}",
                Day(t.date_naive(), lang),
                t.hour(),
                t.minute()
            )
        }
        None => Words::of(lang).unknown_date.to_string(),
    }
}

/// A history with each publication's changes sorted by outlet, once, for
/// every page and feed made of it.
#[derive(Debug)]
pub struct Listing<'h> {
    history: &'h History,
    /// Per publication (in the history's order), each outlet's changes (a
    /// move between outlets under both; `None` for what is on no outlet).
    by_outlet: Vec<HashMap<Option<&'h str>, Vec<&'h Record>>>,
}

impl<'h> Listing<'h> {
    /// Sorts each publication's changes of `history` by outlet.
    pub fn new(history: &'h History) -> Listing<'h> {
        let by_outlet = history
            .publications
            .iter()
            .map(|p| {
                let mut here: HashMap<Option<&str>, Vec<&Record>> = HashMap::new();
                for r in &p.changes {
                    for outlet in r.change().outlets() {
                        here.entry(outlet).or_default().push(r);
                    }
                }
                here
            })
            .collect();
        Listing { history, by_outlet }
    }

    /// Each publication, newest first, with its changes on `outlet`.
    fn on<'s>(
        &'s self,
        outlet: Option<&'s str>,
    ) -> impl Iterator<Item = (&'h Publication, &'s [&'h Record])> + 's {
        self.history
            .publications
            .iter()
            .zip(&self.by_outlet)
            .map(move |(p, here)| (p, here.get(&outlet).map_or(&[][..], Vec::as_slice)))
    }
}

/// `changes.html` (Vietnamese) or `changes-en.html`: the publications,
/// then each outlet's changes (and what is on no outlet's), newest
/// publication first.
pub fn html(listing: &Listing, title: &str, outlets: &[Outlet], lang: Lang) -> String {
    let history = listing.history;
    let w = Words::of(lang);
    let mut parts: Vec<(Option<&str>, String)> = outlets
        .iter()
        .map(|o| (Some(o.id), format!("{} {} – {}", w.outlet, o.id, o.name)))
        .collect();
    parts.push((None, w.no_outlet.to_string()));
    let changed = history.publications.iter().any(|p| !p.changes.is_empty());
    let page = html! {
        (DOCTYPE) "\n"
        html lang=(w.lang) {
            "\n"
            (super::html::head(&format!("{} – {title}", w.heading), CSS))
            "\n"
            body {
                "\n"
                p class="lang" {
                    a href=(lang.file(files::INDEX)) { (w.back) }
                    " · "
                    a href=(lang.other().file(files::CHANGES_PAGE)) hreflang=(Words::of(lang.other()).lang) { (w.other_page) }
                }
                "\n"
                h1 { (w.heading) }
                "\n"
                p class="note" { (title) }
                "\n"
                p { (w.intro) }
                "\n"
                h2 { (w.publications) }
                "\n"
                table {
                    "\n"
                    tr {
                        th class="n" { (w.number) }
                        th { (w.date) }
                        th class="n" { (w.occurrences) }
                        th { }
                    }
                    "\n"
                    @for p in &history.publications {
                        tr {
                            td class="n" { (p.number) }
                            td { (when(p, lang)) }
                            td class="n" { (p.occurrences) }
                            td { (summary(p, lang)) }
                        }
                        "\n"
                    }
                }
                "\n"
                @if !changed {
                    p class="note" { (w.nothing_yet) }
                    "\n"
                }
                @for (outlet, heading) in &parts {
                    @let shown: Vec<(&Publication, &[&Record])> = listing
                        .on(*outlet)
                        .filter(|(_, here)| !here.is_empty())
                        .collect();
                    @if !shown.is_empty() {
                        h2 id=(anchor(*outlet)) { (heading) }
                        "\n"
                        @if let Some(id) = outlet {
                            p class="note" { a href=(files::changes_feed(id)) type="application/atom+xml" { (w.atom) } }
                            "\n"
                        }
                        @for (p, here) in &shown {
                            h3 id=(format!("{}-{}", anchor(*outlet), p.number)) {
                                (w.publication) " " (p.number) " · " (when(p, lang))
                            }
                            "\n"
                            (table_of(here, lang))
                        }
                    }
                }
            }
            "\n"
        }
        "\n"
    };
    page.into_string()
}

/// The other language.
/// `thêm mới 1, dời lịch 2`, or that it is the first publication.
fn summary(p: &Publication, lang: Lang) -> String {
    if p.first {
        return Words::of(lang).first.to_string();
    }
    let s = &p.summary;
    counts(lang, s.added, s.cancelled, s.moved, s.changed)
}

/// A table of changes, one row each: kind, when, title, what else differs;
/// at most [`MAX_SHOWN`], then where the rest are.
fn table_of(here: &[&Record], lang: Lang) -> Markup {
    let w = Words::of(lang);
    let [before, of, after] = w.shown_of;
    html! {
        table class="changes" {
            "\n"
            @for r in here.iter().take(MAX_SHOWN) {
                @let change = r.change();
                @if let Some(d) = describe(&change, lang) {
                    tr {
                        td class="kind" { (d.kind) }
                        td class="at" { (d.at) }
                        td {
                            "“" (d.title) "”"
                            @if let Some(rerun) = d.rerun { " (" (rerun) ")" }
                            @if !d.details.is_empty() {
                                ul class="details" {
                                    @for detail in &d.details { li { (detail) } }
                                }
                            }
                        }
                    }
                    "\n"
                }
            }
        }
        "\n"
        @if here.len() > MAX_SHOWN {
            p class="note" { (before) (MAX_SHOWN) (of) (here.len()) (after) code { "changes.json" } }
            "\n"
        }
    }
}

/// What the feed's links and ids are made of.
#[derive(Debug, Clone, Copy)]
pub struct Feed<'a> {
    /// The plans' titles, the feed's subtitle and author.
    pub title: &'a str,
    /// The plans' ids joined by `+`: with the outlet id, the feed's `id`.
    pub plans: &'a str,
    /// Absolute URL of the folder, for the links; relative links without it.
    pub base_url: Option<&'a str>,
    /// The feed's `updated` when no publication gives one (the plans'
    /// `published` time).
    pub updated: DateTime<FixedOffset>,
}

/// Writes the Atom 1.0 feed (RFC 4287) of the changes on `outlet`, in
/// Vietnamese: one entry per publication that changed something on it (and
/// the first publication), newest first, at most [`MAX_ENTRIES`]; each
/// entry's content is the list of its changes (HTML), its `id` stable
/// (`urn:castcal:changes:PLANS:OUTLET:NUMBER`), its `updated` the
/// publication's time. Publications whose time is unknown are left out.
///
/// # Errors
/// Any write failure of `out`.
pub fn atom(out: &mut dyn Write, listing: &Listing, outlet: Outlet, feed: &Feed) -> io::Result<()> {
    let lang = Lang::Vi;
    let w = Words::of(lang);
    let entries: Vec<(&Publication, &[&Record])> = listing
        .on(Some(outlet.id))
        .filter(|(p, here)| p.published.is_some() && (p.first || !here.is_empty()))
        .take(MAX_ENTRIES)
        .collect();
    let updated = entries
        .first()
        .and_then(|(p, _)| p.published)
        .unwrap_or(feed.updated);
    let link = |file: &str| match feed.base_url {
        Some(base) if base.ends_with('/') => format!("{base}{file}"),
        Some(base) => format!("{base}/{file}"),
        None => file.to_string(),
    };
    let id = format!("urn:castcal:changes:{}:{}", feed.plans, outlet.id);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    element(&mut x, 1, "id", &id);
    element(
        &mut x,
        1,
        "title",
        &format!("{}{}", w.feed_title, outlet.name),
    );
    element(&mut x, 1, "subtitle", feed.title);
    element(&mut x, 1, "updated", &rfc3339(updated));
    x.push_str("  <author>\n");
    element(&mut x, 2, "name", feed.title);
    x.push_str("  </author>\n");
    x.push_str(&format!(
        "  <generator version=\"{}\">castcal</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    let page = link(&format!(
        "{}#{}",
        lang.file(files::CHANGES_PAGE),
        anchor(Some(outlet.id))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&page)
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&link(&files::changes_feed(outlet.id)))
    ));
    out.write_all(x.as_bytes())?;
    for (p, here) in &entries {
        if let Some(entry) = entry(p, here, &id, outlet, &link) {
            out.write_all(entry.as_bytes())?;
        }
    }
    out.write_all(b"</feed>\n")
}

/// The Atom entry of the publication `p`, whose changes on `outlet` are
/// `here`, in the feed `id`; `link` makes a file's link absolute when the
/// folder's address is known. None for a publication of unknown time.
fn entry(
    p: &Publication,
    here: &[&Record],
    id: &str,
    outlet: Outlet,
    link: &dyn Fn(&str) -> String,
) -> Option<String> {
    let lang = Lang::Vi;
    let w = Words::of(lang);
    let published = p.published?;
    let mut x = String::from("  <entry>\n");
    element(&mut x, 2, "id", &format!("{id}:{}", p.number));
    let heading = if p.first {
        format!(
            "{} {} ({}): {}",
            w.publication,
            p.number,
            when(p, lang),
            w.first
        )
    } else {
        let mut s = crate::diff::Summary::default();
        for r in here {
            match r.kind {
                crate::diff::Kind::Added => s.added += 1,
                crate::diff::Kind::Cancelled => s.cancelled += 1,
                crate::diff::Kind::Moved => s.moved += 1,
                crate::diff::Kind::Changed => s.changed += 1,
            }
        }
        format!(
            "{} {} ({}): {}",
            w.publication,
            p.number,
            when(p, lang),
            counts(lang, s.added, s.cancelled, s.moved, s.changed)
        )
    };
    element(&mut x, 2, "title", &heading);
    element(&mut x, 2, "updated", &rfc3339(published));
    let page = lang.file(files::CHANGES_PAGE);
    let anchor = if p.first {
        page.to_string()
    } else {
        format!("{page}#{}-{}", anchor(Some(outlet.id)), p.number)
    };
    x.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&link(&anchor))
    ));
    let content = if p.first {
        html! { p { (w.first_entry) } }
    } else {
        table_of(here, lang)
    };
    x.push_str("    <content type=\"html\">");
    x.push_str(&escape(&content.into_string()));
    x.push_str("</content>\n  </entry>\n");
    Some(x)
}

/// An RFC 3339 time, as Atom's dates are.
fn rfc3339(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `<name>text</name>`, indented by `depth` steps, on a line.
fn element(x: &mut String, depth: usize, name: &str, text: &str) {
    for _ in 0..depth {
        x.push_str("  ");
    }
    x.push('<');
    x.push_str(name);
    x.push('>');
    x.push_str(&escape(text));
    x.push_str("</");
    x.push_str(name);
    x.push_str(">\n");
}

/// `text` as XML character data or an attribute value, as the programme
/// guides escape theirs ([`super::xmltv::escape`]).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    super::xmltv::escape(&mut out, text);
    out
}
