#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

//! `build` over a folder it published before: the history of publications
//! (`changes.json`, `changes.html`, the Atom feeds) and the versions of the
//! events (`SEQUENCE`, `LAST-MODIFIED`, cancelled occurrences), over
//! successive builds of edited plans.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_golden, Test};

const PLAN: &str = "kien-giang-cchc-2023.yaml";

/// A copy of `schedules/` to edit, and where to build it.
struct Folder {
    _tmp: tempfile::TempDir,
    schedules: PathBuf,
    public: PathBuf,
}

impl Folder {
    fn new() -> Folder {
        let tmp = tempfile::tempdir().unwrap();
        let schedules = tmp.path().join("schedules");
        fs::create_dir_all(schedules.join("holidays")).unwrap();
        let root = common::root().join("schedules");
        fs::copy(root.join(PLAN), schedules.join(PLAN)).unwrap();
        for e in fs::read_dir(root.join("holidays")).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), schedules.join("holidays").join(e.file_name())).unwrap();
        }
        let public = tmp.path().join("public");
        Folder {
            _tmp: tmp,
            schedules,
            public,
        }
    }

    /// Rewrites the plan with each `(from, to)` replaced, once each.
    fn edit(&self, edits: &[(&str, &str)]) {
        let file = self.schedules.join(PLAN);
        let mut text = fs::read_to_string(&file).unwrap();
        for (from, to) in edits {
            assert_eq!(text.matches(from).count(), 1, "{from}");
            text = text.replacen(from, to, 1);
        }
        fs::write(file, text).unwrap();
    }

    /// `castcal build` into the folder after an edit that leaves the plan's
    /// `published` time as it was: it succeeds, warning that the new
    /// publication is stamped after the last one; its standard output.
    fn build_stamped(&self) -> String {
        self.build_into(&self.public)
            .stdout_any()
            .stderr(STAMPED)
            .run()
            .stdout()
            .to_owned()
    }

    /// `castcal build` of the schedules into `out`, to run (by default: it
    /// succeeds and says nothing).
    fn build_into(&self, out: &Path) -> Test {
        Test::new([
            "build",
            "--lang",
            "en",
            self.schedules.to_str().unwrap(),
            "-o",
        ])
        .arg(out)
    }

    /// `castcal build` into the folder, expected to succeed with nothing on
    /// standard error; its standard output.
    fn build(&self) -> String {
        self.build_into(&self.public)
            .stdout_any()
            .run()
            .stdout()
            .to_owned()
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.public.join(name)).unwrap()
    }

    fn history(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("changes.json")).unwrap()
    }

    /// The store of the folder's history, beside it.
    fn store(&self) -> PathBuf {
        self.public.with_file_name("public.history.sqlite")
    }

    /// Makes the folder one published before castcal kept a store: no
    /// store beside it, and the marker such a folder has.
    fn before_the_store(&self) {
        fs::remove_file(self.store()).unwrap();
        fs::write(self.public.join(".castcal"), "written by castcal build\n").unwrap();
    }
}

/// The event of `uid` in the feed `text`, from BEGIN to END.
fn event<'a>(text: &'a str, uid: &str) -> Option<&'a str> {
    let at = text.find(&format!("BEGIN:VEVENT\r\nUID:{uid}\r\n"))?;
    let rest = text.get(at..)?;
    let end = rest.find("END:VEVENT\r\n")? + "END:VEVENT\r\n".len();
    rest.get(..end)
}

/// The value of the property `name` of an event.
fn property<'a>(event: &'a str, name: &str) -> &'a str {
    event
        .split("\r\n")
        .find_map(|l| l.strip_prefix(name).and_then(|l| l.strip_prefix(':')))
        .unwrap_or_else(|| panic!("no {name} in {event}"))
}

const SEGMENT_AUG: &str = "kg-cchc-2023.chuyen-muc-cchc.20230816@castcal";
const SEGMENT_AUG_RERUN: &str = "kg-cchc-2023.chuyen-muc-cchc.20230816.r1@castcal";
const TALK_MAY_KG1: &str = "kg-cchc-2023.toa-dam.20230501.r2@castcal";
const SEGMENT_JAN: &str = "kg-cchc-2023.chuyen-muc-cchc.20230118@castcal";
const WORKSHOP: &str = "kg-cchc-2023.hoi-thao-cchc.20230101@castcal";

/// The second publication of the real plan: published later, the talk
/// show's KG1 reruns moved to KG at 08:00, the August segment and its rerun
/// cancelled, one more segment in December, the workshop confirmed.
const SECOND: &[(&str, &str)] = &[
    ("ngày ban hành: 06/03/2023 ", "ngày ban hành: 10/04/2023 09 giờ 30 "),
    (
        "{ sau số ngày: 1, lúc: 07 giờ 30 phút, phương tiện: KG1 }",
        "{ sau số ngày: 1, lúc: 08 giờ, phương tiện: KG }",
    ),
    (
        "quy tắc lặp: \"FREQ=MONTHLY;BYDAY=3WE\"\n",
        "quy tắc lặp: \"FREQ=MONTHLY;BYDAY=3WE\"\n    trừ ngày: [16/08/2023 17 giờ 45 phút]\n    thêm ngày: [27/12/2023 17 giờ 45 phút]\n",
    ),
    (
        "    sản phẩm: \"Hội thảo\"\n    kinh phí: 235.000.000 đồng\n    số kỳ: 1\n    bắt đầu: 01/01/2023\n    thời lượng: P1Y\n    trạng thái: dự kiến",
        "    sản phẩm: \"Hội thảo\"\n    kinh phí: 235.000.000 đồng\n    số kỳ: 1\n    bắt đầu: 01/01/2023\n    thời lượng: P1Y\n    trạng thái: chính thức",
    ),
];

/// What `build` says of a publication whose plans' `published` time is not
/// after the last publication's.
const STAMPED: &str = "castcal: warning: the plans' `published` time is not after the last \
publication's, so this one is stamped with the time of this build (SOURCE_DATE_EPOCH when set); \
set `published:` in the plan to when this version is published\n";

#[test]
fn two_builds_with_an_edit_between_record_a_publication() {
    let f = Folder::new();
    let out = f.build();
    assert!(out.contains("castcal: publication 1, the first\n"), "{out}");
    let first_kg = f.read("KG.ics");
    assert!(!first_kg.contains("SEQUENCE:1"));
    assert!(!first_kg.contains("STATUS:CANCELLED"));

    f.edit(SECOND);
    let out = f.build();
    assert!(
        out.contains("castcal: publication 2: 2 added, 2 cancelled, 2 moved, 1 changed → "),
        "{out}"
    );
    assert_golden("tests/golden/history/changes.json", &f.read("changes.json"));
    assert_golden(
        "tests/golden/history/KG-changes.xml",
        &f.read("KG-changes.xml"),
    );
    assert_golden("tests/golden/history/changes.html", &f.read("changes.html"));
    assert_golden(
        "tests/golden/history/changes-en.html",
        &f.read("changes-en.html"),
    );

    let kg = f.read("KG.ics");
    // Moved here from KG1: one version further, modified by publication 2.
    let moved = event(&kg, TALK_MAY_KG1).unwrap();
    assert_eq!(property(moved, "SEQUENCE"), "1");
    assert_eq!(property(moved, "LAST-MODIFIED"), "20230410T023000Z");
    assert_eq!(property(moved, "DTSTAMP"), "20230410T023000Z");
    assert!(event(&f.read("KG1.ics"), TALK_MAY_KG1).is_none());
    // Cancelled: still there, as cancelled, with its title marked.
    for uid in [SEGMENT_AUG, SEGMENT_AUG_RERUN] {
        let cancelled = event(&kg, uid).unwrap();
        assert_eq!(property(cancelled, "STATUS"), "CANCELLED");
        assert_eq!(property(cancelled, "SEQUENCE"), "1");
        assert_eq!(property(cancelled, "TRANSP"), "TRANSPARENT");
        assert!(property(cancelled, "SUMMARY").starts_with("[ĐÃ HỦY] "));
        assert!(event(&f.read("all.ics"), uid).is_some());
    }
    assert_eq!(
        property(event(&kg, SEGMENT_AUG).unwrap(), "DTSTART"),
        "20230816T104500Z"
    );
    // Added: version 0, of publication 2.
    let added = event(&kg, "kg-cchc-2023.chuyen-muc-cchc.20231227@castcal").unwrap();
    assert_eq!(property(added, "SEQUENCE"), "0");
    assert_eq!(property(added, "LAST-MODIFIED"), "20230410T023000Z");
    // Untouched: as first published.
    let untouched = event(&kg, SEGMENT_JAN).unwrap();
    assert_eq!(property(untouched, "SEQUENCE"), "0");
    assert_eq!(property(untouched, "LAST-MODIFIED"), "20230305T170000Z");
    assert_eq!(
        untouched,
        event(&first_kg, SEGMENT_JAN).unwrap(),
        "an event no publication changed is written as before"
    );
    // The workshop is on no outlet: in all.ics, changed.
    let all = f.read("all.ics");
    let workshop = event(&all, WORKSHOP).unwrap();
    assert_eq!(property(workshop, "SEQUENCE"), "1");
    assert_eq!(property(workshop, "STATUS"), "CONFIRMED");

    let index = f.read("index.html");
    assert!(
        index.contains("Lần công bố 2 (10/04/2023): 2 buổi thêm mới, 2 buổi bị hủy, 2 buổi dời lịch, 1 buổi thay đổi"),
        "{index}"
    );
    assert!(f
        .read("index-en.html")
        .contains("Publication 2 (2023-04-10): 2 added, 2 cancelled, 2 moved, 1 changed"));
}

#[test]
fn the_same_old_folder_and_plan_give_the_same_bytes_and_no_publication() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    let saved = f.public.with_extension("saved");
    copy_dir(&f.public, &saved);
    let out = f.build();
    assert!(
        out.contains("castcal: nothing changed since the last publication\n"),
        "{out}"
    );
    assert_eq!(files(&f.public), files(&saved));

    // The same edit over the same old folder and history, twice: the same bytes.
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = (tmp.path().join("a/public"), tmp.path().join("b/public"));
    f.edit(&[(
        "trừ ngày: [16/08/2023 17 giờ 45 phút]",
        "trừ ngày: [20/09/2023 17 giờ 45 phút]",
    )]);
    for out in [&first, &second] {
        copy_dir(&saved, out);
        fs::copy(f.store(), out.with_file_name("public.history.sqlite")).unwrap();
        // One build time for both: the stamp of an unmoved `published`.
        f.build_into(out)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout_contains("castcal: publication 3: ")
            .stderr(STAMPED)
            .run();
    }
    assert_eq!(files(&first), files(&second));
}

#[test]
fn an_occurrence_brought_back_is_one_version_further_and_no_longer_cancelled() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    f.edit(&[
        (
            "ngày ban hành: 10/04/2023 09 giờ 30 ",
            "ngày ban hành: 02/05/2023 08 giờ ",
        ),
        ("    trừ ngày: [16/08/2023 17 giờ 45 phút]\n", ""),
    ]);
    let out = f.build();
    assert!(out.contains("castcal: publication 3: 2 added → "), "{out}");
    let kg = f.read("KG.ics");
    for uid in [SEGMENT_AUG, SEGMENT_AUG_RERUN] {
        let back = event(&kg, uid).unwrap();
        assert_eq!(property(back, "SEQUENCE"), "2");
        assert_eq!(property(back, "STATUS"), "CONFIRMED");
        assert_eq!(property(back, "LAST-MODIFIED"), "20230502T010000Z");
        assert_eq!(kg.matches(&format!("UID:{uid}\r\n")).count(), 1);
    }
    let history = f.history();
    let numbers: Vec<u64> = history["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
}

/// `castcal build` of `f` with `SOURCE_DATE_EPOCH` set to `epoch` (or
/// left out): its exit status, standard output and error.
fn build_at(f: &Folder, epoch: Option<&str>) -> (i32, String, String) {
    // A run the test drives itself: the environment is what it tests.
    let mut command = f.build_into(&f.public).command();
    command.env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// An edit made without moving `published:` is stamped with the time of
/// the build: `SOURCE_DATE_EPOCH` when set (the reproducible-builds
/// convention), so the same plans, history and stamp give the same bytes,
/// and a build with nothing changed changes nothing.
#[test]
fn an_edit_without_a_later_published_time_is_stamped_with_the_build_time() {
    let f = Folder::new();
    f.build();
    f.edit(&[(
        "bắt đầu: 18/01/2023 17 giờ 45 phút",
        "bắt đầu: 18/01/2023 18 giờ",
    )]);
    // 2023-11-14T22:13:20Z, 05:13:20 the next morning in Kiên Giang.
    let (code, out, err) = build_at(&f, Some("1700000000"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("castcal: publication 2: 12 moved → "), "{out}");
    assert!(
        err.contains(
            "stamped with the time of this build (SOURCE_DATE_EPOCH when set); \
                      set `published:` in the plan to when this version is published"
        ),
        "{err}"
    );
    let history = f.history();
    assert_eq!(
        history["publications"][0]["published"],
        "2023-11-15T05:13:20+07:00"
    );
    let kg = f.read("KG.ics");
    let moved = event(&kg, SEGMENT_JAN).unwrap();
    assert_eq!(property(moved, "LAST-MODIFIED"), "20231114T221320Z");
    assert_eq!(property(moved, "SEQUENCE"), "1");
    assert!(f.read("index.html").contains("Lần công bố 2 (15/11/2023"));
    // Nothing changed: nothing published, whatever the time.
    let before = files(&f.public);
    for epoch in [Some("1700000000"), Some("1800000000"), None] {
        let (code, out, _) = build_at(&f, epoch);
        assert_eq!(code, 0);
        assert!(
            out.contains("nothing changed since the last publication"),
            "{out}"
        );
        assert_eq!(files(&f.public), before, "{epoch:?}");
    }
    // Without SOURCE_DATE_EPOCH, the clock's time.
    f.edit(&[(
        "bắt đầu: 18/01/2023 18 giờ",
        "bắt đầu: 18/01/2023 18 giờ 15 phút",
    )]);
    let (code, _, err) = build_at(&f, None);
    assert_eq!(code, 0, "{err}");
    let stamp = f.history()["publications"][0]["published"]
        .as_str()
        .unwrap()
        .to_string();
    let stamp = chrono::DateTime::parse_from_rfc3339(&stamp).unwrap();
    let age = chrono::Utc::now().signed_duration_since(stamp);
    assert!(
        age >= chrono::TimeDelta::zero() && age < chrono::TimeDelta::minutes(5),
        "{stamp}"
    );
}

/// A build whose time is not after the last publication's (a clock set
/// back) stamps the new one a minute after the last.
#[test]
fn an_edit_built_before_the_last_publication_is_stamped_a_minute_after_it() {
    let f = Folder::new();
    f.build();
    f.edit(&[(
        "bắt đầu: 18/01/2023 17 giờ 45 phút",
        "bắt đầu: 18/01/2023 18 giờ",
    )]);
    // 2020-09-13: before the plan's published time.
    let (code, _, err) = build_at(&f, Some("1600000000"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        f.history()["publications"][0]["published"],
        "2023-03-06T00:01:00+07:00"
    );
    let moved = event(&f.read("KG.ics"), SEGMENT_JAN).unwrap().to_string();
    assert_eq!(property(&moved, "LAST-MODIFIED"), "20230305T170100Z");
}

#[test]
fn a_folder_written_before_the_history_is_its_first_publication_of_unknown_time() {
    let f = Folder::new();
    f.build();
    f.before_the_store();
    fs::remove_file(f.public.join("changes.json")).unwrap();
    f.edit(SECOND);
    let out = f.build();
    assert!(out.contains("castcal: publication 2: "), "{out}");
    let history = f.history();
    let first = &history["publications"][1];
    assert_eq!(first["number"], 1);
    assert_eq!(first["published"], serde_json::Value::Null);
    assert_eq!(first["occurrences"], 66);
    assert!(f.read("changes.html").contains("không rõ ngày"));
    // Untouched events keep their plan's stamp, as before the history.
    let untouched = event(&f.read("KG.ics"), SEGMENT_JAN).unwrap().to_string();
    assert_eq!(property(&untouched, "LAST-MODIFIED"), "20230410T023000Z");
    assert_eq!(property(&untouched, "SEQUENCE"), "0");
    assert!(f.store().is_file());
}

/// A folder published before castcal kept a store is taken over from its
/// `changes.json` once: the history goes on as it was (the cancelled
/// events stay, each SEQUENCE as it was), and the store then holds it.
#[test]
fn a_folder_from_before_the_store_is_taken_over_from_its_exports_once() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    let before = f.read("KG.ics");
    f.before_the_store();
    let out = f.build();
    assert!(
        out.contains("castcal: nothing changed since the last publication\n"),
        "{out}"
    );
    assert_eq!(f.read("KG.ics"), before);
    assert!(f.read(".castcal").contains("history: "));
    // From now on the exports are not read.
    fs::write(f.public.join("changes.json"), "not read").unwrap();
    f.edit(&[("    trừ ngày: [16/08/2023 17 giờ 45 phút]\n", "")]);
    let out = f.build_stamped();
    assert!(out.contains("castcal: publication 3: 2 added → "), "{out}");
    let back = event(&f.read("KG.ics"), SEGMENT_AUG).unwrap().to_string();
    assert_eq!(property(&back, "SEQUENCE"), "2");
}

/// A `changes.json` that is not castcal's, in a folder being taken over:
/// build stops (exit 2) at its line and column, the folder is left as it
/// was and no store is made.
#[test]
fn a_broken_history_is_refused_at_its_line_and_column() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    f.before_the_store();
    let broken = f
        .read("changes.json")
        .replacen("\"kind\": \"moved\"", "\"kind\": \"shifted\"", 1);
    fs::write(f.public.join("changes.json"), &broken).unwrap();
    let line = broken
        .lines()
        .position(|l| l.contains("\"shifted\""))
        .unwrap()
        + 1;
    let saved = files(&f.public);
    f.build_into(&f.public)
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains(format!("changes.json:{line}:"))
        .stderr_contains("unknown variant `shifted`")
        .run();
    assert_eq!(files(&f.public), saved);
    assert!(!f.store().exists());
}

/// Publications out of their order would count every event's version
/// wrong, and so would a change listed twice: refused where it breaks.
#[test]
fn publications_out_of_order_or_changes_listed_twice_are_refused() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    f.before_the_store();
    let good = f.read("changes.json");
    let value: serde_json::Value = serde_json::from_str(&good).unwrap();
    let mut twice = value.clone();
    let changes = twice["publications"][0]["changes"].as_array_mut().unwrap();
    let repeated = changes[0].clone();
    changes.insert(1, repeated);
    let twice = serde_json::to_string_pretty(&twice).unwrap();
    for (broken, says) in [
        (
            good.replacen("\"number\": 2,", "\"number\": 3,", 1),
            "publication 1 is out of place".to_string(),
        ),
        (
            good.replacen("\"number\": 1,", "\"number\": 5,", 1),
            "publication 5 is out of place".to_string(),
        ),
        (
            twice,
            format!(
                "the change of `{}` is listed twice in this publication",
                value["publications"][0]["changes"][0]["uid"]
                    .as_str()
                    .unwrap()
            ),
        ),
    ] {
        fs::write(f.public.join("changes.json"), &broken).unwrap();
        f.build_into(&f.public)
            .status(2)
            .stderr_starts_with("error: ")
            .stderr_contains("changes.json:")
            .stderr_contains(says)
            .run();
        assert!(!f.store().exists());
    }
}

/// Occurrences added to (or removed from) `occurrences.json` by hand are
/// not what the folder published: a take-over refuses them.
#[test]
fn occurrences_that_disagree_with_the_digest_are_refused() {
    let f = Folder::new();
    f.build();
    f.before_the_store();
    let good = f.read("occurrences.json");
    let mut list: Vec<serde_json::Value> = serde_json::from_str(&good).unwrap();
    let mut extra = list[0].clone();
    extra["uid"] = "kg-cchc-2023.chuyen-muc-cchc.20231231@castcal".into();
    list.push(extra);
    fs::write(
        f.public.join("occurrences.json"),
        serde_json::to_string_pretty(&list).unwrap(),
    )
    .unwrap();
    f.build_into(&f.public)
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains("occurrences.json: these occurrences are not the ones publication 1")
        .run();
    assert!(!f.store().exists());
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Every file of a folder, by name, with its bytes; but its record of
/// how its files were left on disk, which no two folders share.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != ".castcal-built")
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The history lives in the store: deleting or damaging the folder's
/// exports changes nothing but their next writing. A deleted
/// `occurrences.json` or `changes.json` (or one made a link to /dev/null)
/// is written again; the cancelled events stay, each SEQUENCE goes on.
#[test]
fn deleted_or_damaged_exports_lose_nothing() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    let kg = f.read("KG.ics");
    let history = f.read("changes.json");
    let damage: [&dyn Fn(); 4] = [
        &|| fs::remove_file(f.public.join("occurrences.json")).unwrap(),
        &|| fs::remove_file(f.public.join("changes.json")).unwrap(),
        &|| {
            fs::remove_file(f.public.join("occurrences.json")).unwrap();
            std::os::unix::fs::symlink("/dev/null", f.public.join("occurrences.json")).unwrap();
        },
        &|| fs::write(f.public.join("changes.json"), "not json").unwrap(),
    ];
    for (case, damage) in damage.iter().enumerate() {
        damage();
        let out = f.build();
        assert!(
            out.contains("castcal: nothing changed since the last publication\n"),
            "case {case}: {out}"
        );
        assert_eq!(f.read("KG.ics"), kg, "case {case}");
        assert_eq!(f.read("changes.json"), history, "case {case}");
    }
    // And an edit after damage builds on the history, not on the exports.
    fs::remove_file(f.public.join("occurrences.json")).unwrap();
    fs::remove_file(f.public.join("changes.json")).unwrap();
    f.edit(&[
        (
            "ngày ban hành: 10/04/2023 09 giờ 30 ",
            "ngày ban hành: 02/05/2023 08 giờ ",
        ),
        ("    trừ ngày: [16/08/2023 17 giờ 45 phút]\n", ""),
    ]);
    let out = f.build();
    assert!(out.contains("castcal: publication 3: 2 added → "), "{out}");
    let back = event(&f.read("KG.ics"), SEGMENT_AUG).unwrap().to_string();
    assert_eq!(property(&back, "SEQUENCE"), "2");
}

/// A folder whose marker names a store that is gone is never silently
/// "publication 1": the build stops and says what to do; `--recover`
/// takes the history over from the folder's exports.
#[test]
fn a_missing_store_is_an_error_that_says_so() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    let kg = f.read("KG.ics");
    fs::remove_file(f.store()).unwrap();
    let saved = files(&f.public);
    f.build_into(&f.public)
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains("is missing. Subscribers' calendars hold what it published")
        .stderr_contains("--recover")
        .run();
    assert_eq!(files(&f.public), saved);
    assert!(!f.store().exists());
    f.build_into(&f.public)
        .arg("--recover")
        .stdout_contains("castcal: nothing changed since the last publication")
        .run();
    assert_eq!(f.read("KG.ics"), kg);
    // Another folder's store is not this one's.
    let other = Folder::new();
    other.build();
    fs::copy(other.store(), f.store()).unwrap();
    f.build_into(&f.public)
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains("this is the history of another publication")
        .run();
}

/// Mutated histories (bytes flipped, lines deleted, repeated or swapped,
/// fixed seed) in a folder being taken over: `build` either reads them or
/// stops with exit 2 naming the file and line; never a panic, and the
/// folder is then left as it was.
#[test]
fn a_mutated_history_is_read_or_refused_never_a_panic() {
    let f = Folder::new();
    f.build();
    f.edit(SECOND);
    f.build();
    let good = f.read("changes.json");
    let marker = f.read(".castcal");
    let store = fs::read(f.store()).unwrap();
    let lines: Vec<&str> = good.lines().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % n.max(1)
    };
    for case in 0..40 {
        let mut mutated: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        match case % 4 {
            0 => {
                let i = next(mutated.len());
                mutated.remove(i);
            }
            1 => {
                let i = next(mutated.len());
                let line = mutated[i].clone();
                mutated.insert(i, line);
            }
            2 => {
                let (i, j) = (next(mutated.len()), next(mutated.len()));
                mutated.swap(i, j);
            }
            _ => {
                let i = next(mutated.len());
                let flips = [
                    "\"",
                    "{",
                    "]",
                    "-1",
                    "null",
                    "99999999999999999999",
                    "\u{0}",
                    "é",
                ];
                let at = next(mutated[i].chars().count() + 1);
                let mut line: String = mutated[i].chars().take(at).collect();
                line.push_str(flips[next(flips.len())]);
                line.extend(mutated[i].chars().skip(at + 1));
                mutated[i] = line;
            }
        }
        // As a folder from before the store, taken over from the mutant.
        f.before_the_store();
        fs::write(f.public.join("changes.json"), mutated.join("\n")).unwrap();
        let saved = files(&f.public);
        // Read (0) or refused (2); the streams are checked by which.
        let r = f
            .build_into(&f.public)
            .status_one_of(&[0, 2])
            .stdout_any()
            .stderr_any()
            .run();
        if r.code == 2 {
            assert!(
                r.bytes.is_empty()
                    && r.stderr.starts_with("error: ")
                    && r.stderr.contains("changes.json:"),
                "case {case}: {}",
                r.stderr
            );
            assert_eq!(files(&f.public), saved, "case {case}");
        } else {
            assert!(
                r.stdout().starts_with("castcal: ") && r.stderr.is_empty(),
                "case {case}: {}",
                r.stderr
            );
        }
        // Back to the good history for the next case.
        fs::write(f.public.join("changes.json"), &good).unwrap();
        fs::write(f.public.join(".castcal"), &marker).unwrap();
        let _ = fs::remove_file(f.store());
        fs::write(f.store(), &store).unwrap();
    }
}

/// Offsets with seconds (Monrovia's −00:44:30 until 1972): the store keeps
/// every instant exactly and `occurrences.json` writes them in UTC, so a
/// title edit is published as changes, not as moves, and `castcal diff`
/// of the folder against the plan agrees.
#[test]
fn offsets_with_seconds_are_kept_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("monrovia.yaml");
    let text = "plan: { id: mon, title: Monrovia, timezone: Africa/Monrovia, published: 1970-01-01T08:00,\n\
                \x20       period: { from: 1970-01-01, to: 1970-12-31 } }\n\
                outlets: { ELB: { name: ELBC, kind: radio } }\n\
                activities:\n\
                \x20 - { id: news, title: News, kind: broadcast, outlet: ELB, start: 1970-01-05T10:00,\n\
                \x20     rrule: \"FREQ=MONTHLY;COUNT=12\", duration: PT30M }\n";
    fs::write(&plan, text).unwrap();
    let public = tmp.path().join("public");
    let build = || {
        Test::new(["build", "--lang", "en", plan.to_str().unwrap(), "-o"])
            .arg(&public)
            .stdout_any()
            .run()
            .stdout()
            .to_owned()
    };
    build();
    let json = fs::read_to_string(public.join("occurrences.json")).unwrap();
    assert!(
        json.contains("\"start\": \"1970-01-05T10:44:30Z\""),
        "{json}"
    );
    fs::write(&plan, text.replace("title: News", "title: Evening news")).unwrap();
    let changes = Test::new(["diff", public.to_str().unwrap(), plan.to_str().unwrap()])
        .args(["--format", "json"])
        .status(1)
        .stdout_any()
        .run()
        .json();
    assert_eq!(changes["summary"]["changed"], 12, "{changes}");
    assert_eq!(changes["summary"]["moved"], 0, "{changes}");
    fs::write(
        &plan,
        text.replace("title: News", "title: Evening news")
            .replace("1970-01-01T08:00", "1970-02-01T08:00"),
    )
    .unwrap();
    let out = build();
    assert!(
        out.contains("castcal: publication 2: 12 changed → "),
        "{out}"
    );
}

/// Stamps stay in the years 1 to 9999: a publication whose stamp would
/// leave them is refused at the plan's `published`, and nothing changes.
#[test]
fn a_stamp_after_the_year_9999_is_refused_at_published() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("late.yaml");
    let text = "plan: { id: late, title: Late, timezone: UTC,\n\
                \x20       published: 9999-12-31T23:59,\n\
                \x20       period: { from: 9999-01-01, to: 9999-12-31 } }\n\
                outlets: { R: { name: R, kind: radio } }\n\
                activities:\n\
                \x20 - { id: a, title: A, kind: broadcast, outlet: R, start: 9999-06-01T10:00, duration: PT30M }\n";
    fs::write(&plan, text).unwrap();
    let public = tmp.path().join("public");
    let build = || Test::new(["build", "--lang", "en", plan.to_str().unwrap(), "-o"]).arg(&public);
    build()
        .stdout_contains("castcal: publication 1, the first\n")
        .run();
    let saved = files(&public);
    let store = fs::read(tmp.path().join("public.history.sqlite")).unwrap();
    fs::write(&plan, text.replace("title: A,", "title: B,")).unwrap();
    build()
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains("late.yaml:2:20: ")
        .stderr_contains("after the year 9999 that calendar files hold")
        .run();
    assert_eq!(files(&public), saved);
    assert!(fs::read(tmp.path().join("public.history.sqlite")).unwrap() == store);
    let changes = fs::read_to_string(public.join("changes.json")).unwrap();
    assert!(!changes.contains("+10000"), "{changes}");
}

/// The exports of a folder being taken over are read only as regular
/// files of a bounded size: a FIFO is refused at once (never waited on),
/// a link to /dev/zero is refused, not read.
#[test]
fn exports_that_are_not_regular_files_are_refused_at_once() {
    let f = Folder::new();
    f.build();
    f.before_the_store();
    let changes = f.public.join("changes.json");
    fs::remove_file(&changes).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &changes,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let started = std::time::Instant::now();
    f.build_into(&f.public)
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains("changes.json: not a regular file")
        .run();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    fs::remove_file(&changes).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &changes).unwrap();
    f.build_into(&f.public)
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains("changes.json: not a regular file")
        .run();
    assert!(!f.store().exists());
}

/// The SEQUENCE of every event in a feed, by UID.
fn sequences(feed: &str) -> std::collections::BTreeMap<String, u64> {
    feed.split("BEGIN:VEVENT\r\n")
        .skip(1)
        .map(|e| {
            (
                property(e, "UID").to_string(),
                property(e, "SEQUENCE").parse().unwrap(),
            )
        })
        .collect()
}

/// Two builds of two versions of the plan (two checkouts) into one folder
/// at once: one waits for the other and builds on what it published, so
/// they never make the same publication, the history holds both, and no
/// event's SEQUENCE ever goes down.
#[test]
fn two_builds_at_once_make_two_publications_one_after_the_other() {
    let (a, b) = (Folder::new(), Folder::new());
    a.build();
    let mut seen = sequences(&fs::read_to_string(a.public.join("all.ics")).unwrap());
    let mut publications = 1;
    for round in 0..4 {
        // Each checkout moves the segment somewhere else this round.
        let at = |minute: u32| format!("bắt đầu: 18/01/2023 17 giờ {minute:02} phút");
        let (ma, mb) = (10 + round * 2, 11 + round * 2);
        for (f, minute) in [(&a, ma), (&b, mb)] {
            let text = fs::read_to_string(f.schedules.join(PLAN)).unwrap();
            let now = text
                .lines()
                .find(|l| l.trim_start().starts_with("bắt đầu: 18/01/2023 17 giờ "))
                .unwrap()
                .trim()
                .to_string();
            fs::write(f.schedules.join(PLAN), text.replace(&now, &at(minute))).unwrap();
        }
        let spawn = |f: &Folder| {
            f.build_into(&a.public)
                .stdout_contains("castcal: publication ")
                .stderr(STAMPED)
                .run()
                .stdout()
                .to_owned()
        };
        let (ra, rb) = std::thread::scope(|s| {
            let ta = s.spawn(|| spawn(&a));
            let tb = s.spawn(|| spawn(&b));
            (ta.join().unwrap(), tb.join().unwrap())
        });
        let said: Vec<String> = [&ra, &rb]
            .iter()
            .map(|out| {
                out.lines()
                    .find_map(|l| l.strip_prefix("castcal: publication "))
                    .map(|l| l.split(':').next().unwrap().to_string())
                    .unwrap_or_else(|| panic!("round {round}: {out}"))
            })
            .collect();
        assert_ne!(
            said[0], said[1],
            "round {round}: the same publication twice"
        );
        publications += 2;
        let history: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(a.public.join("changes.json")).unwrap())
                .unwrap();
        let numbers: Vec<u64> = history["publications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["number"].as_u64().unwrap())
            .collect();
        assert_eq!(
            numbers,
            (1..=publications).rev().collect::<Vec<u64>>(),
            "round {round}"
        );
        let now = sequences(&fs::read_to_string(a.public.join("all.ics")).unwrap());
        for (uid, old) in &seen {
            if let Some(new) = now.get(uid) {
                assert!(new >= old, "round {round}: {uid} went from {old} to {new}");
            }
        }
        seen = now;
    }
}

/// A build waits for another publication of its folder up to `--wait`,
/// then stops and says so, the folder left as it was.
#[test]
fn a_build_waits_for_another_publication_then_gives_up_saying_why() {
    let f = Folder::new();
    f.build();
    let saved = files(&f.public);
    let lock = fs::File::open(f.public.with_file_name("public.history.sqlite.lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();
    f.edit(SECOND);
    let started = std::time::Instant::now();
    f.build_into(&f.public)
        .args(["--wait", "0.5"])
        .status(2)
        .stderr_starts_with("error: ")
        .stderr_contains("another castcal build or serve is publishing this folder")
        .run();
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(500),
        "{waited:?}"
    );
    assert_eq!(files(&f.public), saved);
    drop(lock);
    let out = f.build();
    assert!(out.contains("castcal: publication 2: "), "{out}");
}
