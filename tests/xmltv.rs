#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `castcal xmltv`, run as a user runs it: the real plan's guide against
//! its golden file, read back by an independent parser (quick-xml) and
//! compared with `castcal expand`; a plan in Europe/Berlin whose offsets
//! change in March and October; escaping; `--outlet`; what is refused.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::DateTime;
use common::Test;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

const BERLIN: &str = "tests/cases/xmltv/berlin.yaml";

/// An element read back: its name, attributes, text and children.
#[derive(Debug, Clone, Default)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    fn one(&self, name: &str) -> &Node {
        let all = self.all(name);
        assert_eq!(all.len(), 1, "{name} in {self:?}");
        all[0]
    }

    fn names(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.name.as_str()).collect()
    }
}

/// Parses a whole guide with quick-xml: a well-formed document with one
/// root, `<tv>`, after the declaration and the doctype.
fn parse(xml: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut decl = false;
    let mut doctype = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Decl(d) => {
                assert_eq!(&*d.version().unwrap(), b"1.0");
                assert_eq!(&*d.encoding().unwrap().unwrap(), b"UTF-8");
                decl = true;
            }
            Event::DocType(d) => {
                assert_eq!(d.decode().unwrap().trim(), "tv SYSTEM \"xmltv.dtd\"");
                doctype = true;
            }
            Event::Start(e) => stack.push(element(&e, reader.decoder())),
            Event::Empty(e) => {
                let node = element(&e, reader.decoder());
                stack.last_mut().unwrap().children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
            }
            Event::Text(t) => {
                let text = t.decode().unwrap();
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let c = match &*name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("entity &{other};"),
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(decl && doctype);
    assert_eq!(stack.len(), 1);
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1);
    let tv = document.children.pop().unwrap();
    assert_eq!(tv.name, "tv");
    tv
}

fn element(e: &quick_xml::events::BytesStart, decoder: quick_xml::encoding::Decoder) -> Node {
    let mut attrs = BTreeMap::new();
    for a in e.attributes() {
        let a = a.unwrap();
        let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
        let value = a.decode_and_unescape_value(decoder).unwrap().into_owned();
        assert!(attrs.insert(key, value).is_none());
    }
    Node {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attrs,
        ..Node::default()
    }
}

/// The occurrences of `castcal expand --format json` of `paths`.
fn expand(paths: &[&str]) -> Vec<Value> {
    Test::new(["expand", "--format", "json"])
        .args(paths)
        .stdout_any()
        .run()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

/// The guide `castcal ARGS…` writes, succeeding with nothing on standard
/// error.
fn guide(args: &[&str]) -> String {
    Test::new(args).stdout_any().run().stdout().to_owned()
}

/// `castcal build PLAN -o OUT`, the first publication there.
fn build_first(plan: &str, out: &std::path::Path) {
    Test::new(["build", "--lang", "en", plan, "-o"])
        .arg(out)
        .stdout_contains(format!(
            " → {}\ncastcal: publication 1, the first\n",
            out.display()
        ))
        .run();
}

/// The XMLTV form of an RFC 3339 time: `YYYYMMDDhhmmss ±hhmm`.
fn xmltv_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .format("%Y%m%d%H%M%S %z")
        .to_string()
}

/// The outlets of a plan and their kinds in English, read from the
/// schedule file itself (YAML, without castcal), in either form: the real
/// plan names them `phương tiện:`, each with its `loại:`.
fn kinds(path: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let either = |v: &serde_yaml::Value, en: &str, vi: &str| {
        v.get(en).or_else(|| v.get(vi)).unwrap().clone()
    };
    either(&yaml, "outlets", "phương tiện")
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(id, o)| {
            let id = id.as_str().unwrap().to_string();
            let kind = match either(o, "kind", "loại").as_str().unwrap() {
                "truyền hình" => "tv",
                "phát thanh" => "radio",
                other => other,
            }
            .to_string();
            (id, kind)
        })
        .collect()
}

/// What the guide of `paths` must hold, from `castcal expand`: every timed
/// occurrence on a tv or radio outlet, in order.
fn programmes_expected(
    occurrences: &[Value],
    kinds: &BTreeMap<String, String>,
    outlets: &[&str],
) -> Vec<Value> {
    occurrences
        .iter()
        .filter(|o| !o["all_day"].as_bool().unwrap())
        .filter(|o| {
            o["outlet"].as_str().is_some_and(|id| {
                matches!(kinds[id].as_str(), "tv" | "radio")
                    && (outlets.is_empty() || outlets.contains(&id))
            })
        })
        .cloned()
        .collect()
}

/// The channel id of an outlet, as docs/reference/xmltv.md documents it.
fn channel(id: &str) -> String {
    if !id.contains('_') {
        return format!("{id}.castcal");
    }
    let places: Vec<String> = id
        .char_indices()
        .filter(|(_, c)| *c == '_')
        .map(|(i, _)| i.to_string())
        .collect();
    format!("{}.u{}.castcal", id.replace('_', "-"), places.join("-"))
}

/// The children of a programme, in xmltv.dtd's order.
const DTD_ORDER: &[&str] = &[
    "title",
    "sub-title",
    "desc",
    "credits",
    "date",
    "category",
    "keyword",
    "language",
    "orig-language",
    "length",
    "icon",
    "url",
    "country",
    "episode-num",
    "video",
    "audio",
    "previously-shown",
    "premiere",
    "last-chance",
    "new",
    "subtitles",
    "rating",
    "star-rating",
    "review",
    "image",
];

/// Reads the guide of `plan` (written with `args`) back and checks each
/// programme against the occurrence it is made of.
fn check_guide(plan: &str, xml: &str, outlets: &[&str]) -> Node {
    let tv = parse(xml);
    assert_eq!(
        tv.attr("generator-info-name"),
        Some(concat!("castcal/", env!("CARGO_PKG_VERSION")))
    );
    let occurrences = expand(&[plan]);
    let kinds = kinds(plan);
    let expected = programmes_expected(&occurrences, &kinds, outlets);
    let by_uid: BTreeMap<&str, &Value> = occurrences
        .iter()
        .map(|o| (o["uid"].as_str().unwrap(), o))
        .collect();

    // Channels first, then programmes.
    let names = tv.names();
    let first_programme = names
        .iter()
        .position(|n| *n == "programme")
        .unwrap_or(names.len());
    assert!(names[..first_programme].iter().all(|n| *n == "channel"));
    assert!(names[first_programme..].iter().all(|n| *n == "programme"));

    // One channel per tv or radio outlet (of --outlet), sorted by id.
    let channels: Vec<String> = tv
        .all("channel")
        .iter()
        .map(|c| c.attr("id").unwrap().to_string())
        .collect();
    let mut want: Vec<String> = kinds
        .iter()
        .filter(|(id, k)| {
            matches!(k.as_str(), "tv" | "radio")
                && (outlets.is_empty() || outlets.contains(&id.as_str()))
        })
        .map(|(id, _)| channel(id))
        .collect();
    want.sort();
    assert_eq!(channels, want);
    for c in tv.all("channel") {
        let names = c.all("display-name");
        assert_eq!(names[0].attr("lang"), Some("vi"));
        assert!(!names[0].text.is_empty());
        assert_eq!(channel(&names[1].text), c.attr("id").unwrap());
    }

    let programmes = tv.all("programme");
    assert_eq!(programmes.len(), expected.len());
    for (p, o) in programmes.iter().zip(&expected) {
        let uid = o["uid"].as_str().unwrap();
        let order: Vec<usize> = p
            .names()
            .iter()
            .map(|n| DTD_ORDER.iter().position(|d| d == n).unwrap())
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "{uid}: {:?}",
            p.names()
        );
        assert_eq!(
            p.attr("start").unwrap(),
            xmltv_time(o["start"].as_str().unwrap()),
            "{uid}"
        );
        assert_eq!(
            p.attr("stop").unwrap(),
            xmltv_time(o["end"].as_str().unwrap()),
            "{uid}"
        );
        assert_eq!(
            p.attr("channel").unwrap(),
            channel(o["outlet"].as_str().unwrap())
        );
        let title = p.one("title");
        assert_eq!(title.attr("lang"), Some("vi"));
        assert_eq!(title.text, o["title"].as_str().unwrap());
        let desc = p.one("desc");
        assert_eq!(desc.attr("lang"), Some("vi"));
        assert!(desc.text.contains("Kế hoạch: "), "{uid}: {}", desc.text);
        if let Some(h) = o["holiday"].as_str() {
            assert!(desc.text.contains(&format!("Ngày nghỉ: {h}")), "{uid}");
        }
        assert_eq!(
            desc.text.contains("Dự kiến, chưa chính thức"),
            o["status"] == "tentative",
            "{uid}"
        );
        let categories: Vec<(Option<&str>, &str)> = p
            .all("category")
            .iter()
            .map(|c| (c.attr("lang"), c.text.as_str()))
            .collect();
        assert_eq!(categories[1], (Some("en"), o["kind"].as_str().unwrap()));
        assert_eq!(categories[0].0, Some("vi"));
        let length = p.one("length");
        let seconds = DateTime::parse_from_rfc3339(o["end"].as_str().unwrap()).unwrap()
            - DateTime::parse_from_rfc3339(o["start"].as_str().unwrap()).unwrap();
        assert_eq!(length.attr("units"), Some("minutes"));
        assert_eq!(length.text, seconds.num_minutes().to_string(), "{uid}");
        let episode = p.one("episode-num");
        assert_eq!(episode.attr("system"), Some("castcal"));
        let premiere_uid = o["premiere_uid"].as_str().unwrap_or(uid);
        assert_eq!(episode.text, premiere_uid);
        match o["role"].as_str().unwrap() {
            "premiere" => {
                assert!(p.one("premiere").text.is_empty());
                assert!(p.all("previously-shown").is_empty());
            }
            "rerun" => {
                assert!(p.all("premiere").is_empty(), "{uid}");
                let shown = p.one("previously-shown");
                let premiere = by_uid[premiere_uid];
                assert_eq!(
                    shown.attr("start").unwrap(),
                    xmltv_time(premiere["start"].as_str().unwrap())
                );
                let premiere_outlet = premiere["outlet"].as_str().unwrap();
                let on_channel = matches!(kinds[premiere_outlet].as_str(), "tv" | "radio");
                assert_eq!(
                    shown.attr("channel").map(str::to_string),
                    on_channel.then(|| channel(premiere_outlet)),
                    "{uid}"
                );
            }
            other => panic!("{other}"),
        }
    }
    tv
}

#[test]
fn the_real_plans_kg_guide_is_its_golden_file() {
    let xml = Test::new(["xmltv", "--outlet", "KG"])
        .stdout_golden("tests/golden/xmltv/KG.xml")
        .run()
        .stdout()
        .to_owned();
    check_guide("schedules/kien-giang-cchc-2023.yaml", &xml, &["KG"]);
}

#[test]
fn the_real_plans_guide_holds_every_timed_slot_of_its_channels() {
    let xml = guide(&["xmltv"]);
    let tv = check_guide("schedules/kien-giang-cchc-2023.yaml", &xml, &[]);
    let names: Vec<&str> = tv
        .all("channel")
        .iter()
        .map(|c| c.all("display-name")[0].text.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Đài PT-TH Kiên Giang – kênh KG",
            "Đài PT-TH Kiên Giang – kênh KG1"
        ]
    );
    // Two reruns of the talk show air on KG1; their premieres on KG.
    let on_kg1 = tv
        .all("programme")
        .into_iter()
        .filter(|p| p.attr("channel") == Some("KG1.castcal"))
        .collect::<Vec<_>>();
    assert_eq!(on_kg1.len(), 2);
    for p in on_kg1 {
        assert_eq!(
            p.one("previously-shown").attr("channel"),
            Some("KG.castcal")
        );
    }
    assert_eq!(
        tv.attr("source-info-name"),
        Some("Kế hoạch thông tin, tuyên truyền về cải cách hành chính năm 2023 – tỉnh Kiên Giang")
    );
    // The plan's published date (06/03/2023, plan time), in UTC.
    assert_eq!(tv.attr("date"), Some("20230305170000 +0000"));
    // Both outlets' guides together are the whole guide.
    assert_eq!(guide(&["xmltv", "--outlet", "KG", "--outlet", "KG1"]), xml);
    // The same bytes every time.
    assert_eq!(guide(&["xmltv"]), xml);
}

#[test]
fn offsets_follow_daylight_saving_in_berlin() {
    let xml = Test::new(["xmltv", BERLIN])
        .stdout_golden("tests/golden/xmltv/berlin.xml")
        .run()
        .stdout()
        .to_owned();
    let tv = check_guide(BERLIN, &xml, &[]);
    let programmes = tv.all("programme");
    let find = |start: &str| {
        programmes
            .iter()
            .find(|p| p.attr("start") == Some(start))
            .unwrap_or_else(|| panic!("no programme at {start}"))
    };
    // The magazine at 17:45 every other Wednesday: +0100 until March,
    // +0200 from April to October, +0100 again from November.
    let magazine: Vec<&str> = programmes
        .iter()
        .filter(|p| p.one("title").text.starts_with("Magazin") && p.all("premiere").len() == 1)
        .map(|p| p.attr("start").unwrap())
        .collect();
    assert_eq!(magazine.first(), Some(&"20230322174500 +0100"));
    assert_eq!(magazine.last(), Some(&"20231115174500 +0100"));
    for start in &magazine {
        let month: u32 = start.get(4..6).unwrap().parse().unwrap();
        let day: u32 = start.get(6..8).unwrap().parse().unwrap();
        let summer = (4..=10).contains(&month) && !(month == 10 && day > 29);
        let offset = if summer { "+0200" } else { "+0100" };
        assert!(start.ends_with(&format!("174500 {offset}")), "{start}");
    }
    assert!(magazine.contains(&"20231018174500 +0200"));
    assert!(magazine.contains(&"20231101174500 +0100"));
    // 02:30 on 26 March does not exist: the slot airs at 03:30 summer time.
    assert_eq!(
        find("20230326033000 +0200").attr("stop"),
        Some("20230326041500 +0200")
    );
    // 02:30 on 29 October happens twice: the first, summer time.
    assert_eq!(
        find("20231029023000 +0200").attr("stop"),
        Some("20231029024500 +0200")
    );
    // Two hours by the clock from 01:30 across the change are three.
    let long = find("20231029013000 +0200");
    assert_eq!(long.attr("stop"), Some("20231029033000 +0100"));
    assert_eq!(long.one("length").text, "180");
    // A rerun in summer of a premiere in winter names its start in winter.
    let rerun = find("20230331230000 +0200");
    let shown = rerun.one("previously-shown");
    assert_eq!(shown.attr("start"), Some("20230324023000 +0100"));
    assert_eq!(shown.attr("channel"), Some("RADIO-1.u5.castcal"));
    // A rerun on TV of a premiere on the web: when, but on no channel.
    let from_web = find("20230602220000 +0200").one("previously-shown");
    assert_eq!(from_web.attr("start"), Some("20230601100000 +0200"));
    assert_eq!(from_web.attr("channel"), None);
    // Left out: the week on TV, the newspaper's item, the reruns on the web.
    for left_out in ["Themenwoche", "Beilage"] {
        assert!(!xml.contains(left_out), "{left_out}");
    }
    assert!(!xml.contains("NETZ") && !xml.contains("ZEITUNG"));
    assert!(
        !xml.contains("20230324120000"),
        "the magazine's rerun on the web"
    );
}

#[test]
fn markup_in_titles_and_names_is_escaped() {
    let xml = guide(&["xmltv", BERLIN]);
    assert!(xml.contains(
        "<title lang=\"vi\">Magazin: Ärger &amp; &lt;Ölpreis&gt; &quot;Zitat&quot; 'eins' 🎬</title>"
    ));
    assert!(xml.contains("<display-name lang=\"vi\">Radio &lt;Eins&gt;</display-name>"));
    assert!(xml.contains("source-info-name=\"Sendeplan Berlin &amp; Umland &lt;Test&gt;\""));
    assert!(xml.contains("Ngày nghỉ: Testfeiertag &amp; &lt;Brücke&gt;. "));
    // Read back, every text is the plan's own.
    let tv = parse(&xml);
    let titles: BTreeSet<&str> = tv
        .all("programme")
        .iter()
        .map(|p| p.one("title").text.as_str())
        .collect();
    assert!(titles.contains("Magazin: Ärger & <Ölpreis> \"Zitat\" 'eins' 🎬"));
    let desc = &tv.all("programme")[0].one("desc").text;
    assert_eq!(
        desc,
        "Chủ trì: Redaktion <Politik> & Wirtschaft. Phối hợp: Sender \"A\"; Verlag B. \
         Sản phẩm: Sendung alle zwei Wochen. Kinh phí: 1.200.000 đồng. \
         Kế hoạch: Sendeplan Berlin & Umland <Test> (XMLTV \"1\"/2023)"
    );
}

#[test]
fn control_characters_and_line_breaks_become_spaces() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("control.yaml");
    std::fs::write(
        &path,
        "plan: { id: p, title: \"Plan\\nzwei\", timezone: UTC, period: { from: 2023-01-01, to: 2023-01-31 } }\n\
         outlets: { TV: { name: \"A\\tB\", kind: tv } }\n\
         activities:\n\
         \x20 - { id: a, title: \"Bell\\a, esc\\e, del\\x7f, nel\\N: <&>\", kind: broadcast, outlet: TV,\n\
         \x20     start: 2023-01-02T10:00, duration: PT5M }\n",
    )
    .unwrap();
    let xml = guide(&["xmltv", path.to_str().unwrap()]);
    let tv = parse(&xml);
    let p = tv.one("programme");
    assert_eq!(p.one("title").text, "Bell , esc , del , nel : <&>");
    assert_eq!(tv.one("channel").all("display-name")[0].text, "A B");
    assert!(p.one("desc").text.ends_with("Kế hoạch: Plan zwei"));
    assert!(!xml.chars().any(|c| c.is_control() && c != '\n'), "{xml:?}");
}

#[test]
fn one_outlet_and_an_output_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("KG1.xml");
    Test::new(["xmltv", "--outlet", "KG1", "-o", file.to_str().unwrap()]).run();
    let xml = std::fs::read_to_string(&file).unwrap();
    assert_eq!(xml, guide(&["xmltv", "--outlet", "KG1"]));
    let tv = check_guide("schedules/kien-giang-cchc-2023.yaml", &xml, &["KG1"]);
    assert_eq!(tv.all("channel").len(), 1);
    assert_eq!(tv.all("programme").len(), 2);
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["KG1.xml"]);
}

#[test]
fn an_outlet_that_is_unknown_or_no_channel_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("guide.xml");
    let cases = [
        (
            "VTV9",
            "error: --outlet VTV9: no plan declares the outlet `VTV9`; the outlets are: BKG, BTBNV, KG, KG1, PANO\n",
        ),
        (
            "BKG",
            "error: --outlet BKG: the outlet `BKG` is of kind `newspaper`; a programme guide (XMLTV) holds only tv and radio outlets: KG, KG1\n",
        ),
        (
            "PANO",
            "error: --outlet PANO: the outlet `PANO` is of kind `outdoor`; a programme guide (XMLTV) holds only tv and radio outlets: KG, KG1\n",
        ),
    ];
    for (outlet, message) in cases {
        Test::new([
            "xmltv", "--lang", "en", "--outlet", "KG", "--outlet", outlet, "-o",
        ])
        .arg(&file)
        .status(2)
        .stderr(message)
        .run();
        assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
    }
}

#[test]
fn a_broken_plan_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("guide.xml");
    Test::new([
        "xmltv",
        "tests/cases/bad/bad-kind.yaml",
        "--lang",
        "en",
        "-o",
    ])
    .arg(&file)
    .status(2)
    .stderr_golden("tests/cases/bad/bad-kind.err")
    .run();
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

/// `build` writes `guide.xml` and one `ID.xml` per tv or radio outlet,
/// each what `castcal xmltv` writes, and lists them on both index pages.
#[test]
fn build_writes_a_guide_per_channel_and_one_for_all() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_first(BERLIN, &out);
    let xml: BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml") && !n.ends_with("-changes.xml"))
        .collect();
    assert_eq!(
        xml.iter().map(String::as_str).collect::<Vec<_>>(),
        ["RADIO_1.xml", "TV.xml", "guide.xml"]
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    assert_eq!(read("guide.xml"), guide(&["xmltv", BERLIN]));
    for id in ["TV", "RADIO_1"] {
        assert_eq!(
            read(&format!("{id}.xml")),
            guide(&["xmltv", BERLIN, "--outlet", id]),
            "{id}"
        );
    }
    let index = read("index.html");
    assert!(index.contains(
        "<li><a href=\"guide.xml\">Lịch phát sóng XMLTV, mọi kênh — cho hệ thống EPG, phát sóng</a> <code class=\"file\">guide.xml</code></li>"
    ));
    assert!(index.contains(
        "<li><a href=\"TV.xml\">Lịch phát sóng XMLTV: Kanal Eins &amp; Zwei (TV)</a> <code class=\"file\">TV.xml</code></li>"
    ));
    let english = read("index-en.html");
    assert!(english.contains(
        "<li><a href=\"RADIO_1.xml\">Programme guide (XMLTV): Radio &lt;Eins&gt; (RADIO_1)</a> <code class=\"file\">RADIO_1.xml</code></li>"
    ));
    assert!(english.contains(
        "<a href=\"guide.xml\">Programme guide (XMLTV), every channel — for EPG and playout systems</a>"
    ));
}

/// A tv or radio outlet with no timed slot has no programme to list: it is
/// no channel of any guide (the XMLTV validator refuses a channel without a
/// programme), and `build` writes no guide of it, nor `guide.xml` when no
/// outlet has a programme.
#[test]
fn an_outlet_without_a_programme_gets_no_guide() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("windows.yaml");
    std::fs::write(
        &plan,
        "plan: { id: w, title: W, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
         outlets: { TV: { name: TV, kind: tv }, FM: { name: FM, kind: radio } }\n\
         activities:\n  - { id: spot, title: Spot, kind: campaign, outlet: TV, start: 2023-03-01, duration: P7D }\n",
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    let xml = guide(&["xmltv", plan]);
    assert!(!xml.contains("<channel"), "{xml}");
    assert!(!xml.contains("<programme"), "{xml}");
    let out = tmp.path().join("public");
    build_first(plan, &out);
    for name in ["TV.xml", "FM.xml", "guide.xml"] {
        assert!(!out.join(name).exists(), "{name}");
    }
    assert!(!std::fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("guide.xml"));
    // With one slot on FM: FM's guide, and guide.xml with FM alone.
    let with_slot = std::fs::read_to_string(plan).unwrap()
        + "  - { id: talk, title: Talk, kind: broadcast, outlet: FM, start: 2023-03-01T07:00, duration: PT30M }\n";
    std::fs::write(plan, with_slot).unwrap();
    Test::new(["build", "--lang", "en", plan, "-o"])
        .arg(&out)
        .stdout_contains("castcal: publication 2: 1 added → ")
        // The plan says no `published` time: both runs are stamped with it.
        .stderr(
            "castcal: warning: the plans' `published` time is not after the last publication's, \
             so this one is stamped with the time of this build (SOURCE_DATE_EPOCH when set); \
             set `published:` in the plan to when this version is published\n",
        )
        .run();
    assert!(out.join("FM.xml").exists() && out.join("guide.xml").exists());
    assert!(!out.join("TV.xml").exists());
    let guide = std::fs::read_to_string(out.join("guide.xml")).unwrap();
    assert_eq!(guide.matches("<channel ").count(), 1, "{guide}");
    assert!(guide.contains("<channel id=\"FM.castcal\">"), "{guide}");
}
