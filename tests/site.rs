#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Large plans on paper: `build` above [`MAX_YEAR_OCCURRENCES`] writes a
//! printable year per outlet and a summary instead of one year, and
//! `print --outlet` prints the year of some outlets only.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use castcal::site::MAX_YEAR_OCCURRENCES;
use common::Test;

/// A plan of `on_kg + on_kg1` slots (ten a day on KG, four on KG1, no two
/// at the same time) and one campaign on no outlet.
fn plan(dir: &Path, on_kg: usize, on_kg1: usize) -> String {
    let path = dir.join(format!("big-{on_kg}-{on_kg1}.yaml"));
    let text = format!(
        "plan: {{ id: big, title: Big, timezone: Asia/Ho_Chi_Minh, period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\n\
         outlets:\n  KG: {{ name: Kênh KG, kind: tv }}\n  KG1: {{ name: Kênh KG1, kind: tv }}\n\
         activities:\n\
         \x20 - {{ id: news, title: News on KG, kind: broadcast, outlet: KG, start: 2023-01-01T00:15,\n\
         \x20     rrule: \"FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9;COUNT={on_kg}\", duration: PT10M }}\n\
         \x20 - {{ id: music, title: Music on KG1, kind: broadcast, outlet: KG1, start: 2023-01-01T12:00,\n\
         \x20     rrule: \"FREQ=DAILY;BYHOUR=12,13,14,15;COUNT={on_kg1}\", duration: PT30M }}\n\
         \x20 - {{ id: drive, title: Drive, kind: campaign, start: 2023-03-01, duration: P10D }}\n"
    );
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn build(plan: &str, out: &Path) -> BTreeSet<String> {
    Test::new(["build", "--lang", "en", plan, "-o"])
        .arg(out)
        .stdout_contains(format!(
            " → {}\ncastcal: publication 1, the first\n",
            out.display()
        ))
        .run();
    fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

const PER_OUTLET: [&str; 6] = [
    "year.KG.html",
    "year-en.KG.html",
    "year.KG1.html",
    "year-en.KG1.html",
    "year-none.html",
    "year-en-none.html",
];

#[test]
fn up_to_the_threshold_the_year_is_printed_whole() {
    let tmp = tempfile::tempdir().unwrap();
    // Exactly the threshold, with the campaign.
    let plan = plan(tmp.path(), 3600, MAX_YEAR_OCCURRENCES - 3601);
    let out = tmp.path().join("public");
    let files = build(&plan, &out);
    for name in PER_OUTLET {
        assert!(!files.contains(name), "{name} in {files:?}");
    }
    let year = read(&out, "year-en.html");
    assert!(year.contains("<section class=\"list\">"));
    assert_eq!(
        year.matches("<td>KG</td>").count() + year.matches("<td>KG1</td>").count(),
        MAX_YEAR_OCCURRENCES - 1
    );
    assert!(!read(&out, "index.html").contains("year.KG.html"));
}

#[test]
fn above_the_threshold_each_outlet_has_its_year_linked_from_the_index_and_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = plan(tmp.path(), 3600, MAX_YEAR_OCCURRENCES - 3600);
    let out = tmp.path().join("public");
    let files = build(&plan, &out);
    for name in PER_OUTLET {
        assert!(files.contains(name), "{name} missing from {files:?}");
    }
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".html")).count(),
        PER_OUTLET.len() + 6,
        "{files:?}"
    );

    // year.html and year-en.html: a summary, no occurrence listed.
    let summary = read(&out, "year-en.html");
    assert!(!summary.contains("<section class=\"list\">"));
    assert!(!summary.contains("<table class=\"month\">"));
    assert!(summary.contains(&format!(
        "<p>{} occurrences: too many to print as one calendar.",
        MAX_YEAR_OCCURRENCES + 1
    )));
    assert!(summary.contains(
        "<tr><td>Kênh KG (KG)</td><td>1</td><td>3600</td><td>0</td><td class=\"d\">01/01/2023</td><td class=\"d\">26/12/2023</td><td><a href=\"year-en.KG.html\">year-en.KG.html</a></td></tr>"
    ));
    assert!(summary.contains(
        "<tr><td>On no outlet</td><td>1</td><td>1</td><td>0</td><td class=\"d\">01/03/2023</td><td class=\"d\">10/03/2023</td><td><a href=\"year-en-none.html\">year-en-none.html</a></td></tr>"
    ));
    assert!(read(&out, "year.html").contains("<a href=\"year.KG1.html\">year.KG1.html</a>"));

    // The index links to every outlet's year, in both languages.
    let index = read(&out, "index.html");
    assert!(index.contains(
        "<tr><td>Kênh KG (KG)</td><td class=\"n\">3600</td><td><a href=\"year.KG.html\">Tiếng Việt</a> · <a href=\"year-en.KG.html\">English</a></td></tr>"
    ));
    assert!(index.contains(&format!(
        "<tr><td>Kênh KG1 (KG1)</td><td class=\"n\">{}</td><td><a href=\"year.KG1.html\">Tiếng Việt</a> · <a href=\"year-en.KG1.html\">English</a></td></tr>",
        MAX_YEAR_OCCURRENCES - 3600
    )));

    assert!(index.contains(
        "<tr><td>Không thuộc kênh nào</td><td class=\"n\">1</td><td><a href=\"year-none.html\">Tiếng Việt</a> · <a href=\"year-en-none.html\">English</a></td></tr>"
    ));
    // The English page: English first.
    assert!(read(&out, "index-en.html").contains(
        "<tr><td>On no outlet</td><td class=\"n\">1</td><td><a href=\"year-en-none.html\">English</a> · <a href=\"year-none.html\">Tiếng Việt</a></td></tr>"
    ));

    // What is on no outlet has its year too, with nothing else.
    let none = read(&out, "year-en-none.html");
    assert!(none.contains("<h1>Calendar 2023 — Big — On no outlet</h1>"));
    assert!(none.contains("title=\"Drive\">A</span>"));
    assert!(!none.contains("News on KG") && !none.contains("Music on KG1"));
    assert!(!none.contains("<p class=\"sub\">Outlets:"));
    assert!(read(&out, "year-none.html").contains(" — Big — Không thuộc kênh nào</h1>"));

    // Each outlet's year holds its occurrences and only its activities.
    let kg = read(&out, "year-en.KG.html");
    assert_eq!(kg.matches("<td>KG</td>").count(), 3600);
    assert_eq!(kg.matches("<td>KG1</td>").count(), 0);
    assert!(kg.contains("<h1>Calendar 2023 — Big — Kênh KG</h1>"));
    assert!(kg.contains("title=\"News on KG\">A</span>"));
    assert!(!kg.contains("Music on KG1") && !kg.contains("Drive"));
    let kg1 = read(&out, "year.KG1.html");
    assert_eq!(
        kg1.matches("<td>KG1</td>").count(),
        MAX_YEAR_OCCURRENCES - 3600
    );
    // Lettered among the activities shown: the only one is A.
    assert!(kg1.contains("title=\"Music on KG1\">A</span>"));
    assert!(!kg1.contains("News on KG"));
}

/// The files `build` writes are those `render` makes in memory, and the
/// folder's `.castcal-tags` gives each its hash (what `serve` sends as its
/// `ETag`).
#[test]
fn the_folder_on_disk_and_the_files_in_memory_are_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let big = plan(tmp.path(), 3600, MAX_YEAR_OCCURRENCES - 3600);
    for (paths, name) in [
        (vec![common::root().join("schedules")], "small"),
        (vec![big.into()], "big"),
    ] {
        let out = tmp.path().join(name);
        // On the same date: the big plan's feeds are windows from it.
        Test::new(["build", "--lang", "en", paths[0].to_str().unwrap(), "-o"])
            .arg(&out)
            .args(["--today", "2023-06-01"])
            .stdout_any()
            .stderr_any()
            .run();
        let plans = castcal::plan::load(&paths).unwrap();
        let options = castcal::site::Options {
            today: chrono::NaiveDate::from_ymd_opt(2023, 6, 1),
            ..castcal::site::Options::default()
        };
        let site = castcal::site::render(&plans, &options).unwrap();
        let on_disk: BTreeSet<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".castcal-tags" && n != ".castcal-built")
            .collect();
        assert_eq!(on_disk, site.files.keys().cloned().collect::<BTreeSet<_>>());
        for (file, bytes) in site.files.iter().filter(|(f, _)| *f != ".castcal") {
            assert!(
                fs::read(out.join(file)).unwrap() == *bytes,
                "{name}: {file}"
            );
        }
        let tags = fs::read_to_string(out.join(".castcal-tags")).unwrap();
        let tagged: Vec<&str> = tags
            .lines()
            .filter_map(|l| Some(l.split_once(" ")?.1))
            .collect();
        let mut served: Vec<&str> = site
            .files
            .keys()
            .map(String::as_str)
            .filter(|f| *f != ".castcal")
            .collect();
        served.sort();
        assert_eq!(tagged, served, "{name}: every file tagged, in order");
        for line in tags.lines() {
            let (tag, file) = line.split_once(' ').unwrap();
            let hash = xxhash_rust::xxh3::xxh3_128(&fs::read(out.join(file)).unwrap());
            assert_eq!(tag, format!("{hash:032x}"), "{name}: {file}");
        }
    }
}

/// What `castcal ARGS…` writes on standard output, succeeding with
/// nothing on standard error.
fn written(args: &[&str]) -> String {
    Test::new(args).stdout_any().run().stdout().to_owned()
}

#[test]
fn print_outlet_shows_only_that_outlet_and_the_activities_on_it() {
    let html = written(&["print", "--outlet", "KG1", "--lang", "en"]);
    assert!(html.contains("<title>Kế hoạch thông tin, tuyên truyền về cải cách hành chính năm 2023 – tỉnh Kiên Giang — Đài PT-TH Kiên Giang – kênh KG1</title>"));
    // The talk show's reruns on KG1, and nothing else.
    let rows = html.matches("<tr><td class=\"d\">").count();
    assert!(rows > 0);
    assert_eq!(html.matches("<td>KG1</td>").count(), rows);
    assert!(html.contains("Tọa đàm"));
    assert!(!html.contains("Chuyên mục") && !html.contains("Báo cáo quý"));
    assert!(html.contains("<p class=\"sub\">Outlets: KG1 = "));
    // Two outlets, one given twice.
    let both = written(&[
        "print", "--outlet", "KG", "--outlet", "KG1", "--outlet", "KG",
    ]);
    assert!(both.contains("Chuyên mục") && both.contains("Tọa đàm"));
    assert_eq!(
        both.matches("<td>KG</td>").count() + both.matches("<td>KG1</td>").count(),
        both.matches("<tr><td class=\"d\">").count()
    );
}

#[test]
fn print_outlet_unknown_is_refused_as_csv_refuses_it() {
    for command in ["print", "csv"] {
        Test::new([command, "--outlet", "VTV1", "--lang", "en"])
            .status(2)
            .stderr("error: --outlet VTV1: no plan declares the outlet `VTV1`; the outlets are: BKG, BTBNV, KG, KG1, PANO\n")
            .run();
    }
}

/// Each feed of a folder is what `castcal ics` writes for it, also when
/// plans in different zones share an outlet (WEB here): `build` writes them
/// all in one pass. But for the stamps: an event of a folder's first
/// publication is last modified when that publication was (the later of
/// the plans' `published` times), where `castcal ics` stamps each plan's
/// events with its own.
#[test]
fn every_feed_of_the_folder_is_what_ics_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::root();
    let plans = [
        root.join("tests/cases/dst/berlin.yaml"),
        root.join("tests/cases/new-york/new-york.yaml"),
    ];
    let plans: Vec<&str> = plans.iter().map(|p| p.to_str().unwrap()).collect();
    let out = tmp.path().join("public");
    let mut args = vec!["build", "--lang", "en"];
    args.extend(&plans);
    args.extend(["-o", out.to_str().unwrap()]);
    // The two plans share outlets at the same hours: the check finds errors.
    Test::new(args)
        .status(1)
        .stdout_contains(" errors, ")
        .stdout_contains("\ncastcal: publication 1, the first\n")
        .run();
    let feeds: BTreeSet<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".ics"))
        .collect();
    assert_eq!(
        feeds.iter().map(String::as_str).collect::<Vec<_>>(),
        ["CH.ics", "TV.ics", "WEB.ics", "all.ics"]
    );
    let history: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("changes.json")).unwrap()).unwrap();
    let published = history["publications"][0]["published"].as_str().unwrap();
    let first = chrono::DateTime::parse_from_rfc3339(published)
        .unwrap()
        .naive_utc()
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut restamped_feeds = 0;
    for feed in &feeds {
        let mut args = vec!["ics"];
        args.extend(&plans);
        let id = feed.trim_end_matches(".ics");
        if id != "all" {
            args.extend(["--outlet", id]);
        }
        let expected = written(&args);
        let restamped: String = expected
            .split_inclusive("\r\n")
            .map(|line| {
                for name in ["DTSTAMP:", "LAST-MODIFIED:"] {
                    if line.starts_with(name) {
                        return format!("{name}{first}\r\n");
                    }
                }
                line.to_string()
            })
            .collect();
        restamped_feeds += usize::from(restamped != expected);
        assert!(
            fs::read_to_string(out.join(feed)).unwrap() == restamped,
            "{feed}"
        );
    }
    // The plans are published at two times: the Berlin plan's events are
    // stamped with the later one.
    assert!(restamped_feeds > 0);
}

/// More outlets than one pass writes at once: every feed is still what
/// `castcal ics --outlet` writes, and all.ics too.
#[test]
fn a_plan_of_many_outlets_gets_every_feed_right() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "plan: { id: many, title: Many, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\noutlets:\n",
    );
    let n = 150;
    for i in 0..n {
        text.push_str(&format!("  O{i:03}: {{ name: Outlet {i}, kind: tv }}\n"));
    }
    text.push_str("activities:\n");
    for i in 0..n {
        // Every third outlet has nothing on it.
        if i % 3 != 2 {
            text.push_str(&format!(
                "  - {{ id: a{i}, title: A {i}, kind: broadcast, outlet: O{i:03}, start: 2023-02-{:02}T18:00, rrule: \"FREQ=WEEKLY;COUNT=3\", duration: PT15M }}\n",
                i % 28 + 1
            ));
        }
    }
    let path = tmp.path().join("many.yaml");
    fs::write(&path, &text).unwrap();
    let out = tmp.path().join("public");
    let files = build(path.to_str().unwrap(), &out);
    assert_eq!(files.iter().filter(|f| f.ends_with(".ics")).count(), n + 1);

    let plans = [castcal::plan::load_one(&path, text).unwrap()];
    let expansion = castcal::expand(&plans).unwrap();
    let mut ids: Vec<String> = vec![String::new()];
    ids.extend((0..n).map(|i| format!("O{i:03}")));
    for id in ids {
        let options = castcal::export::ics::Options {
            outlets: if id.is_empty() {
                castcal::plan::Selection::all()
            } else {
                castcal::plan::Selection::one(&plans, &id).unwrap()
            },
            ..Default::default()
        };
        let expected =
            castcal::export::ics::write(Vec::new(), &plans, &expansion, &options).unwrap();
        let name = if id.is_empty() { "all".to_string() } else { id };
        assert!(
            fs::read(out.join(format!("{name}.ics"))).unwrap() == expected,
            "{name}.ics"
        );
    }
}

/// index.html shows the first findings in Vietnamese, by title not id,
/// without the advice meant for whoever edits the plan, and says when it
/// cuts the list and where the rest is.
#[test]
fn the_index_shows_the_first_findings_for_the_public() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports.yaml");
    fs::write(
        &path,
        "plan: { id: r, title: R, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
         activities:\n\
         \x20 - { id: weekly-report, title: Báo cáo tuần, kind: deadline, start: 2023-01-07, rrule: \"FREQ=WEEKLY;COUNT=25\" }\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    Test::new([
        "build",
        "--lang",
        "en",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .stdout_contains("castcal: publication 1, the first\n")
    .run();
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains(
            "Hiển thị 20/25 mục đầu; xem tất cả trong <a href=\"check.json\">check.json</a>."
        ),
        "{index}"
    );
    // English on a page of its own, one language a page.
    let english = fs::read_to_string(out.join("index-en.html")).unwrap();
    assert!(english.contains(
        "The first 20 of 25 are shown; all of them are in <a href=\"check.json\">check.json</a>."
    ));
    assert!(english.contains(
        "<li>Warning · 2023-01-07 · “Báo cáo tuần”: deadline falls on a Saturday, not a workday</li>"
    ));
    assert!(!index.contains("The first"));
    assert!(!english.contains("Hiển thị"));
    let items: Vec<&str> = index
        .lines()
        .filter(|l| l.starts_with("<li>Cảnh báo"))
        .collect();
    assert_eq!(items.len(), 20);
    assert_eq!(
        items[0],
        "<li>Cảnh báo · 07/01/2023 · “Báo cáo tuần”: thời hạn rơi vào Thứ Bảy, không phải ngày làm việc</li>"
    );
    assert!(!index.contains("weekly-report"));
    assert!(!index.contains("on_holiday"));
    let json = fs::read_to_string(out.join("check.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 25);
}
