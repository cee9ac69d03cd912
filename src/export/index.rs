//! `index.html` of a published folder: the feeds to subscribe to, the year
//! calendar, the spreadsheet and what the check found, in Vietnamese and English.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::files;
use crate::words::changes;
use crate::words::index::Words;
use crate::words::Lang;

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
    /// What the feed holds, e.g. the outlet's name: Vietnamese, English.
    pub label: [String; 2],
    pub events: usize,
    /// The Atom feed of its changes, if it has one (`KG-changes.xml`).
    pub changes: Option<String>,
    /// How it is offered.
    pub offer: Offered,
    /// Its outlet's archives of a year (`KG-2023.ics`), beside a window.
    pub archives: Vec<String>,
}

/// How a feed is offered: whole for subscription, a window of the days to
/// come (too large for a calendar service whole), or whole to download
/// only (not even a week of it fits).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Offered {
    #[default]
    Whole,
    /// The days it holds, as the page writes dates: first, last.
    Window(String, String),
    Download,
}

/// One outlet's printable year, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The outlet, e.g. `Kênh KG (KG)`: Vietnamese, English.
    pub label: [String; 2],
    pub occurrences: usize,
    /// The files, Vietnamese and English.
    pub vi: String,
    pub en: String,
}

/// What the check found, for one language's page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// The first findings, one line each.
    pub findings: Vec<String>,
    /// How many findings there are in all (errors and warnings), of which
    /// `findings` are the first.
    pub found: usize,
}

impl Index {
    fn check(&self, lang: Lang) -> &Checked {
        match lang {
            Lang::Vi => &self.check_vi,
            Lang::En => &self.check_en,
        }
    }
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
    /// Said under the files, when there is something to say of them:
    /// Vietnamese, English.
    pub files_note: Option<[String; 2]>,
    /// The printable year of each outlet, when the plans are too large for
    /// one (none otherwise).
    pub years: Vec<Year>,
    /// What the check found, said in Vietnamese.
    pub check_vi: Checked,
    /// What the check found, said in English.
    pub check_en: Checked,
    /// Absolute URL of the folder (`https://example.org/lich/`); links are
    /// relative and the page works out absolute ones itself when absent.
    pub base_url: Option<String>,
    /// Shown at the top when the last edit of the schedule failed to load.
    pub problem: Option<String>,
    /// The latest publication, when it changed something: what it changed,
    /// in Vietnamese and English.
    pub latest: Option<[String; 2]>,
}

/// What the page says at its top when the latest edit of the schedules
/// could not be published: `problem`, under a line that says so.
fn problem_block(problem: &str, lang: Lang) -> Markup {
    let w = Words::of(lang);
    html! {
        p { strong { (w.problem) } }
        "\n"
        div class="problem" { (problem) }
        "\n"
    }
}

/// `page`, a page in `lang` that [`render`] made without a problem, with
/// `problem` at its top, as [`render`] puts it there: what `serve` answers
/// while the latest edit cannot be published. `None` when `page` is not
/// such a page.
pub fn with_problem(page: &str, lang: Lang, problem: &str) -> Option<String> {
    // After the line of the link to the other language.
    let lang_line = page.find("<p class=\"lang\">")?;
    let end = lang_line + page.get(lang_line..)?.find("</p>\n")? + "</p>\n".len();
    let (head, tail) = (page.get(..end)?, page.get(end..)?);
    Some(format!(
        "{head}{}{tail}",
        problem_block(problem, lang).into_string()
    ))
}

/// The page in `lang` (`index.html` in Vietnamese, `index-en.html` in
/// English), each linking to the other.
///
/// Each feed gets the subscribe-by-URL link of Google Calendar, of Outlook
/// and `webcal://` (Apple Calendar, Thunderbird), and its address to copy.
/// Those need an absolute address: with a base URL they are written here;
/// without, the page's script makes them from where it is served, and a
/// page opened from a disk says why there are none and shows the files.
pub fn render(index: &Index, lang: Lang) -> String {
    let w = Words::of(lang);
    let base = index.base_url.as_deref();
    html! {
        (DOCTYPE) "\n"
        html lang=(w.lang) {
            "\n"
            (super::html::head(&index.title, CSS))
            "\n"
            body {
                "\n"
                p class="lang" { a href=(link(base, lang.other().file(files::INDEX))) hreflang=(other(lang)) { (w.other_page) } }
                "\n"
                @if let Some(problem) = &index.problem {
                    (problem_block(problem, lang))
                }
                h1 { (index.title) }
                "\n"
                p class="note" {
                    @if let Some(r) = &index.reference {
                        (r) " · "
                    }
                    (w.as_of) " " (index.published)
                }
                "\n"
                (feeds(index, lang))
                (files_and_years(index, lang))
                (checked(index, lang))
                script { "\n" (PreEscaped(SCRIPT)) }
                "\n"
            }
            "\n"
        }
        "\n"
    }
    .into_string()
}

/// The feeds to subscribe to, and what the latest publication changed.
fn feeds(index: &Index, lang: Lang) -> Markup {
    let w = Words::of(lang);
    let base = index.base_url.as_deref();
    html! {
        h2 { (w.subscribe) }
        "\n"
        @if base.is_none() {
            p class="note local" { (w.local) }
            "\n"
        }
        p class="note how" hidden[base.is_none()] { (w.how_to_subscribe) }
        "\n"
        p class="note loopback" hidden { (w.loopback) }
        "\n"
        table class="feeds" {
            "\n"
            tr {
                th { (w.calendar) }
                th class="n" { (w.events) }
            }
            "\n"
            @for feed in &index.feeds {
                tr {
                    td {
                        strong { (pick(&feed.label, lang)) }
                        " "
                        code class="file" { (feed.file) }
                        "\n"
                        @match &feed.offer {
                            Offered::Whole => (subscribe(w, base, feed, pick(&feed.label, lang))),
                            Offered::Window(from, to) => {
                                (subscribe(w, base, feed, pick(&feed.label, lang)))
                                div class="window" {
                                    (w.window[0]) (from) (w.window[1]) (to) "."
                                    @if !feed.archives.is_empty() {
                                        " " (w.archives) " "
                                        @for (i, archive) in feed.archives.iter().enumerate() {
                                            @if i > 0 { ", " }
                                            a href=(link(base, archive)) download { (archive) }
                                        }
                                    }
                                }
                            }
                            Offered::Download => {
                                div class="download" {
                                    (w.download_only) " "
                                    a href=(link(base, &feed.file)) download { (feed.file) }
                                }
                            }
                        }
                        @if let Some(atom) = &feed.changes {
                            div class="atom" {
                                a href=(link(base, atom)) type="application/atom+xml" { (changes::Words::of(lang).atom) }
                            }
                        }
                    }
                    td class="n" { (feed.events) }
                }
                "\n"
            }
        }
        "\n"
        p class="note" { (w.refresh) }
        "\n"
        @if index.feeds.iter().any(|f| f.offer != Offered::Whole) {
            p class="note why" { (w.why_window) }
            "\n"
        }
        @if let Some(latest) = &index.latest {
            @let c = changes::Words::of(lang);
            h2 { (c.latest) }
            "\n"
            p { (pick(latest, lang)) " · " a href=(link(base, lang.file(files::CHANGES_PAGE))) { (c.see_all) } }
            "\n"
        }
    }
}

/// The other files, and the outlets' printable years of a large plan.
fn files_and_years(index: &Index, lang: Lang) -> Markup {
    let w = Words::of(lang);
    let base = index.base_url.as_deref();
    html! {
        h2 { (w.other_files) }
        "\n"
        ul {
            "\n"
            @for (file, v, e) in &index.files {
                li {
                    a href=(link(base, file)) { (if lang == Lang::Vi { v } else { e }) }
                    " " code class="file" { (file) }
                }
                "\n"
            }
        }
        "\n"
        @if let Some(note) = &index.files_note {
            p class="note" { (pick(note, lang)) }
            "\n"
        }
        @if !index.years.is_empty() {
            h2 { (w.years) }
            "\n"
            p class="note" { (w.too_large) }
            "\n"
            table {
                "\n"
                tr {
                    th { (w.outlet) }
                    th class="n" { (w.events) }
                    th { (w.to_print) }
                }
                "\n"
                @for year in &index.years {
                    @let (first, second) = match lang {
                        Lang::Vi => ((&year.vi, Words::VI.language), (&year.en, Words::EN.language)),
                        Lang::En => ((&year.en, Words::EN.language), (&year.vi, Words::VI.language)),
                    };
                    tr {
                        td { (pick(&year.label, lang)) }
                        td class="n" { (year.occurrences) }
                        td {
                            a href=(link(base, first.0)) { (first.1) }
                            " · "
                            a href=(link(base, second.0)) { (second.1) }
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
    }
}

/// What the check found.
fn checked(index: &Index, lang: Lang) -> Markup {
    let w = Words::of(lang);
    let base = index.base_url.as_deref();
    let check = index.check(lang);
    html! {
        h2 { (w.check) }
        "\n"
        p {
            (check.errors) (w.counts[0]) (check.warnings) (w.counts[1])
        }
        "\n"
        @if check.findings.len() < check.found {
            p class="note" {
                @let [a, b, c] = w.shown_of;
                (a) (check.findings.len()) (b) (check.found) (c)
                a href=(link(base, files::CHECK)) { (files::CHECK) } "."
            }
            "\n"
        }
        @if !check.findings.is_empty() {
            ul class="findings" {
                "\n"
                @for f in &check.findings {
                    li { (code_spans(f)) }
                    "\n"
                }
            }
            "\n"
        }
    }
}

/// A finding's text with what it quotes between backticks (`` `expect:
/// 12` ``) shown as code, and no backtick shown; a text whose backticks do
/// not pair is shown without them.
fn code_spans(text: &str) -> Markup {
    let parts: Vec<&str> = text.split('`').collect();
    let paired = parts.len() % 2 == 1;
    html! {
        @for (i, part) in parts.iter().enumerate() {
            @if paired && i % 2 == 1 {
                code { (part) }
            } @else {
                (part)
            }
        }
    }
}

/// The Vietnamese or the English of a pair.
fn pick(pair: &[String; 2], lang: Lang) -> &str {
    let [vi, en] = pair;
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// The other language's `hreflang`.
fn other(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "en",
        Lang::En => "vi",
    }
}

/// A feed's subscribe actions: one link per kind of calendar program, and
/// the address to copy. Without `base`, hidden, and completed by the
/// page's script from where it is served (`data-rel`).
fn subscribe(w: &Words, base: Option<&str>, feed: &Feed, name: &str) -> Markup {
    let https = link(base, &feed.file);
    let [google, outlook, webcal] = subscriptions(&https, name);
    let rel = base.is_none().then_some(&feed.file);
    html! {
        div class="sub" hidden[base.is_none()] data-rel=[rel] data-name=(name) {
            a class="google" href=(google) { (w.google) }
            " "
            a class="outlook" href=(outlook) { (w.outlook) }
            " "
            a class="webcal" href=(webcal) { (w.apple) }
            "\n"
            div class="raw" {
                label { span { (w.address) } " " input class="url" type="text" readonly value=(https); }
                " "
                button type="button" data-copy data-done=(w.copied) { (w.copy) }
            }
        }
    }
}

/// The usual subscribe-by-URL links for the feed at `https` named `name`:
/// Google Calendar's (`cid`, the `webcal://` address), Outlook on the
/// web's (`addfromweb`), and the `webcal://` address itself, which Apple
/// Calendar and Thunderbird subscribe to.
fn subscriptions(https: &str, name: &str) -> [String; 3] {
    let webcal = webcal(https);
    [
        format!(
            "https://calendar.google.com/calendar/render?cid={}",
            encode(&webcal)
        ),
        format!(
            "https://outlook.live.com/calendar/0/addfromweb?url={}&name={}",
            encode(https),
            encode(name)
        ),
        webcal,
    ]
}

/// Percent-encodes all but RFC 3986's unreserved characters, as a query
/// value must be.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        let checked = Checked {
            errors: 1,
            warnings: 2,
            findings: vec![nasty("Finding")],
            found: 1,
        };
        let index = Index {
            title: nasty("Plan"),
            reference: Some(nasty("Ref")),
            published: nasty("Day"),
            feeds: vec![Feed {
                file: nasty("Feed"),
                label: [nasty("Outlet"), nasty("Outlet")],
                events: 3,
                changes: Some(nasty("Atom")),
                offer: Offered::Whole,
                archives: Vec::new(),
            }],
            files: vec![(nasty("File"), nasty("Tệp"), nasty("Sheet"))],
            files_note: Some([nasty("Ghi chú"), nasty("Note")]),
            years: vec![Year {
                label: [nasty("Year"), nasty("Year")],
                occurrences: 2,
                vi: nasty("vi"),
                en: nasty("en"),
            }],
            check_vi: checked.clone(),
            check_en: checked,
            base_url: None,
            problem: Some(nasty("Problem")),
            latest: Some([nasty("Lần"), nasty("Publication")]),
        };
        for (lang, label) in [(Lang::Vi, "Tệp"), (Lang::En, "Sheet")] {
            let html = render(&index, lang);
            // The page's own script, and nothing else.
            assert_eq!(html.matches("<script").count(), 1, "{html}");
            assert!(html.contains("<script>\n// Served from a web server"));
            for place in [
                format!("<title>{}</title>", safe("Plan")),
                format!("<h1>{}</h1>", safe("Plan")),
                format!("<p class=\"note\">{} · ", safe("Ref")),
                format!(" {}</p>", safe("Day")),
                format!("<div class=\"problem\">{}</div>", safe("Problem")),
                format!(
                    "<strong>{}</strong> <code class=\"file\">{}</code>",
                    safe("Outlet"),
                    safe("Feed")
                ),
                format!(
                    "data-rel=\"{}\" data-name=\"{}\"",
                    safe("Feed"),
                    safe("Outlet")
                ),
                format!("value=\"{}\"", safe("Feed")),
                format!(
                    "<li><a href=\"{0}\">{1}</a> <code class=\"file\">{0}</code></li>",
                    safe("File"),
                    safe(label)
                ),
                format!("<tr><td>{}</td><td class=\"n\">2</td>", safe("Year")),
                format!("<a href=\"{}\">Tiếng Việt</a>", safe("vi")),
                format!("<li>{}</li>", safe("Finding")),
                format!(
                    "<p class=\"note\">{}</p>",
                    safe(if lang == Lang::Vi { "Ghi chú" } else { "Note" })
                ),
            ] {
                assert!(html.contains(&place), "{place} missing from {html}");
            }
        }
    }

    /// With a base URL every subscribe link is written, absolute and
    /// encoded; without, the page says it needs a web server.
    #[test]
    fn findings_show_their_quotes_as_code_without_backticks() {
        let cases = [
            (
                "khai báo `expect: 14` nhưng quy tắc cho 24 kỳ; đổi `expect: 14` thành `24`",
                "khai báo <code>expect: 14</code> nhưng quy tắc cho 24 kỳ; đổi \
                 <code>expect: 14</code> thành <code>24</code>",
            ),
            ("no quote", "no quote"),
            ("one ` alone <b>", "one  alone &lt;b&gt;"),
            ("`<i>`", "<code>&lt;i&gt;</code>"),
        ];
        for (text, want) in cases {
            assert_eq!(code_spans(text).into_string(), want, "{text}");
        }
    }

    #[test]
    fn subscribe_links_of_each_program() {
        let index = Index {
            title: "P".to_string(),
            feeds: vec![Feed {
                file: "KG.ics".to_string(),
                label: ["Kênh KG & KG1".to_string(), "Kênh KG & KG1".to_string()],
                events: 3,
                changes: None,
                offer: Offered::Whole,
                archives: Vec::new(),
            }],
            base_url: Some("https://lich.example.vn/cchc/".to_string()),
            ..Index::default()
        };
        let html = render(&index, Lang::Vi);
        for want in [
            "href=\"https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Flich.example.vn%2Fcchc%2FKG.ics\"",
            "href=\"https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Flich.example.vn%2Fcchc%2FKG.ics&amp;name=K%C3%AAnh%20KG%20%26%20KG1\"",
            "href=\"webcal://lich.example.vn/cchc/KG.ics\"",
            "value=\"https://lich.example.vn/cchc/KG.ics\"",
        ] {
            assert!(html.contains(want), "{want} missing from {html}");
        }
        assert!(!html.contains("class=\"note local\""));
        assert!(html.contains("<p class=\"note how\">"));
        assert!(html.contains("<div class=\"sub\" data-name="));
        let local = render(
            &Index {
                base_url: None,
                ..index
            },
            Lang::Vi,
        );
        assert!(local.contains("<p class=\"note local\">Trang này đang được mở từ ổ đĩa"));
        assert!(local.contains("<div class=\"sub\" hidden data-rel=\"KG.ics\""));
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

    /// The page `serve` answers while an edit cannot be published is the
    /// page [`render`] makes with the problem, byte for byte, in both
    /// languages, whatever the problem says (markup in it stays text).
    #[test]
    fn a_problem_put_into_a_page_is_the_page_rendered_with_it() {
        let index = Index {
            title: "Kế hoạch <b>2023</b>".to_string(),
            published: "06/03/2023".to_string(),
            ..Index::default()
        };
        for problem in [
            "kg.yaml:3:5: unknown outlet `KGX`",
            "<script>alert(1)</script> & é",
        ] {
            for lang in [Lang::Vi, Lang::En] {
                let page = render(&index, lang);
                let with = Index {
                    problem: Some(problem.to_string()),
                    ..index.clone()
                };
                assert_eq!(
                    with_problem(&page, lang, problem).as_deref(),
                    Some(render(&with, lang).as_str())
                );
            }
        }
        assert_eq!(with_problem("<html></html>", Lang::Vi, "x"), None);
    }
}
