//! `index.html` of a published folder: the feeds to subscribe to, the year
//! calendar, the spreadsheet and what the check found, in Vietnamese and English.

use maud::{html, PreEscaped, DOCTYPE};

use crate::words::index::Words;

/// The page's style sheet.
const CSS: &str = include_str!("index.css");

/// The page's script: relative links become absolute on the page itself, so
/// that the `webcal://` links work wherever the folder is hosted; copy
/// buttons copy them.
const SCRIPT: &str = include_str!("index.js");

/// One feed on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// File name, e.g. `KG.ics`.
    pub file: String,
    /// What the feed holds, e.g. the outlet's name.
    pub label: String,
    pub events: usize,
}

/// One outlet's printable year, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The outlet, e.g. `Kênh KG (KG)`.
    pub label: String,
    pub occurrences: usize,
    /// The files, Vietnamese and English.
    pub vi: String,
    pub en: String,
}

/// What the page shows.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub title: String,
    pub reference: Option<String>,
    /// The plan's publication date, shown as the date of the files.
    pub published: String,
    pub feeds: Vec<Feed>,
    /// Other files: (file name, Vietnamese label, English label).
    pub files: Vec<(String, String, String)>,
    /// The printable year of each outlet, when the plans are too large for
    /// one (none otherwise).
    pub years: Vec<Year>,
    pub errors: usize,
    pub warnings: usize,
    /// The first findings, one line each.
    pub findings: Vec<String>,
    /// How many findings there are in all (errors and warnings), of which
    /// `findings` are the first.
    pub found: usize,
    /// Absolute URL of the folder (`https://example.org/lich/`); links are
    /// relative and the page works out absolute ones itself when absent.
    pub base_url: Option<String>,
    /// Shown at the top when the last edit of the schedule failed to load.
    pub problem: Option<String>,
}

/// The page, as HTML: every text in Vietnamese, the English beside it.
pub fn render(index: &Index) -> String {
    let (vi, en) = (&Words::VI, &Words::EN);
    // Both languages' words, the English in its own span.
    let both = |v: &str, e: &str| html! { (v) " " span class="en" { (e) } };
    let base = index.base_url.as_deref();
    let copy = html! {
        button type="button" data-copy { (both(vi.copy, en.copy)) }
    };
    let how_to = |w: &Words| {
        let [a, b, c] = w.how_to_subscribe;
        html! { (a) code { "webcal://" } (b) code { "https://" } (c) }
    };
    html! {
        (DOCTYPE) "\n"
        html lang="vi" {
            "\n"
            (super::html::head(&index.title, CSS))
            "\n"
            body {
                "\n"
                @if let Some(problem) = &index.problem {
                    p { strong { (both(vi.problem, en.problem)) } }
                    "\n"
                    div class="problem" { (problem) }
                    "\n"
                }
                h1 { (index.title) }
                "\n"
                p class="note" {
                    @if let Some(r) = &index.reference {
                        (r) " · "
                    }
                    (both(vi.as_of, en.as_of)) " " (index.published)
                }
                "\n"
                h2 { (both(vi.subscribe, en.subscribe)) }
                "\n"
                p class="note" { (how_to(vi)) " " span class="en" { (how_to(en)) } }
                "\n"
                table {
                    "\n"
                    tr {
                        th { (both(vi.calendar, en.calendar)) }
                        th { (both(vi.events, en.events)) }
                        th { (both(vi.links, en.links)) }
                    }
                    "\n"
                    @for feed in &index.feeds {
                        @let https = link(base, &feed.file);
                        @let webcal = webcal(&https);
                        // Without a base URL the links are relative; the
                        // page's script makes them absolute (a webcal:// link
                        // must be) from where it is served.
                        @let rel = base.is_none().then_some(&feed.file);
                        tr {
                            td { (feed.label) }
                            td { (feed.events) }
                            td {
                                a class="https" data-rel=[rel] href=(https) { (https) }
                                " " (copy)
                                br;
                                a class="webcal" data-rel=[rel] href=(webcal) { (webcal) }
                                " " (copy)
                            }
                        }
                        "\n"
                    }
                }
                "\n"
                p class="note" { (both(vi.refresh, en.refresh)) }
                "\n"
                h2 { (both(vi.other_files, en.other_files)) }
                "\n"
                ul {
                    "\n"
                    @for (file, v, e) in &index.files {
                        li { a href=(link(base, file)) { (v) } " " span class="en" { (e) } }
                        "\n"
                    }
                }
                "\n"
                @if !index.years.is_empty() {
                    h2 { (both(vi.years, en.years)) }
                    "\n"
                    p class="note" { (both(vi.too_large, en.too_large)) }
                    "\n"
                    table {
                        "\n"
                        tr {
                            th { (both(vi.outlet, en.outlet)) }
                            th { (both(vi.events, en.events)) }
                            th { (both(vi.to_print, en.to_print)) }
                        }
                        "\n"
                        @for year in &index.years {
                            tr {
                                td { (year.label) }
                                td { (year.occurrences) }
                                td {
                                    a href=(link(base, &year.vi)) { (vi.language) }
                                    " · "
                                    a href=(link(base, &year.en)) { (en.language) }
                                }
                            }
                            "\n"
                        }
                    }
                    "\n"
                }
                h2 { (both(vi.check, en.check)) }
                "\n"
                p {
                    (index.errors) " " (both(vi.errors, en.errors)) ", "
                    (index.warnings) " " (both(vi.warnings, en.warnings)) "."
                }
                "\n"
                @if index.findings.len() < index.found {
                    p class="note" {
                        @let [a, b, c] = vi.shown_of;
                        (a) (index.findings.len()) (b) (index.found) (c)
                        a href=(link(base, "check.json")) { "check.json" } "."
                        " "
                        span class="en" {
                            @let [a, b, c] = en.shown_of;
                            (a) (index.findings.len()) (b) (index.found) (c) "check.json."
                        }
                    }
                    "\n"
                }
                @if !index.findings.is_empty() {
                    ul {
                        "\n"
                        @for f in &index.findings {
                            li { (f) }
                            "\n"
                        }
                    }
                    "\n"
                }
                script { "\n" (PreEscaped(SCRIPT)) }
                "\n"
            }
            "\n"
        }
        "\n"
    }
    .into_string()
}

/// The link to `file`: absolute under `base`, else relative.
fn link(base: Option<&str>, file: &str) -> String {
    match base {
        Some(b) if b.ends_with('/') => format!("{b}{file}"),
        Some(b) => format!("{b}/{file}"),
        None => file.to_string(),
    }
}

/// The `webcal://` form of an absolute `http(s)://` link; a relative link
/// stays as it is (the page's script completes it).
fn webcal(https: &str) -> String {
    match https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => https.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped() {
        let nasty = |what: &str| format!("{what} <script>&\"'");
        let safe = |what: &str| format!("{what} &lt;script&gt;&amp;&quot;'");
        let index = Index {
            title: nasty("Plan"),
            reference: Some(nasty("Ref")),
            published: nasty("Day"),
            feeds: vec![Feed {
                file: nasty("Feed"),
                label: nasty("Outlet"),
                events: 3,
            }],
            files: vec![(nasty("File"), nasty("Tệp"), nasty("Sheet"))],
            years: vec![Year {
                label: nasty("Year"),
                occurrences: 2,
                vi: nasty("vi"),
                en: nasty("en"),
            }],
            errors: 1,
            warnings: 2,
            findings: vec![nasty("Finding")],
            found: 1,
            base_url: None,
            problem: Some(nasty("Problem")),
        };
        let html = render(&index);
        // The page's own script, and nothing else.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains("<script>\nfor (const a of"));
        for place in [
            format!("<title>{}</title>", safe("Plan")),
            format!("<h1>{}</h1>", safe("Plan")),
            format!("<p class=\"note\">{} · ", safe("Ref")),
            format!("as of the plan dated</span> {}</p>", safe("Day")),
            format!("<div class=\"problem\">{}</div>", safe("Problem")),
            format!("<tr><td>{}</td><td>3</td>", safe("Outlet")),
            format!(
                "<a class=\"https\" data-rel=\"{0}\" href=\"{0}\">{0}</a>",
                safe("Feed")
            ),
            format!(
                "<li><a href=\"{}\">{}</a> <span class=\"en\">{}</span></li>",
                safe("File"),
                safe("Tệp"),
                safe("Sheet")
            ),
            format!("<tr><td>{}</td><td>2</td>", safe("Year")),
            format!("<a href=\"{}\">Tiếng Việt</a>", safe("vi")),
            format!("<li>{}</li>", safe("Finding")),
        ] {
            assert!(html.contains(&place), "{place} missing from {html}");
        }
    }

    #[test]
    fn links_are_absolute_under_a_base_url() {
        assert_eq!(
            link(Some("https://lich.example.vn/cchc"), "KG.ics"),
            "https://lich.example.vn/cchc/KG.ics"
        );
        assert_eq!(
            webcal("https://lich.example.vn/cchc/KG.ics"),
            "webcal://lich.example.vn/cchc/KG.ics"
        );
        assert_eq!(link(None, "KG.ics"), "KG.ics");
    }
}
