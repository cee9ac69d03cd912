#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

//! `build` with an `evidence/` folder beside the plans: the folder publishes
//! what was done up to the run's date (`reconcile.json`, `reconcile.html`,
//! `reconcile-en.html`) and the implementation report of each period a
//! deadline of the plan is due for, which the deadline's events link to.

mod common;

use std::fs;
use std::path::Path;

use common::Test;

/// 10 July 2023, 00:00 in Ho Chi Minh City.
const JULY_10: &str = "1688922000";

/// A copy of the real plan with `evidence/` holding KG's as-run log (the
/// plan's own guide of KG: everything aired as planned).
fn schedules(tmp: &Path) -> std::path::PathBuf {
    let dir = tmp.join("schedules");
    fs::create_dir_all(dir.join("holidays")).unwrap();
    let root = common::root().join("schedules");
    fs::copy(
        root.join("kien-giang-cchc-2023.yaml"),
        dir.join("kien-giang-cchc-2023.yaml"),
    )
    .unwrap();
    for e in fs::read_dir(root.join("holidays")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.join("holidays").join(e.file_name())).unwrap();
    }
    fs::create_dir(dir.join("evidence")).unwrap();
    let guide = Test::new(["xmltv", "--outlet", "KG"])
        .stdout_any()
        .run()
        .bytes;
    fs::write(dir.join("evidence/KG.xml"), guide).unwrap();
    dir
}

fn build(schedules: &Path, public: &Path, extra: &[&str]) -> String {
    Test::new(["build"])
        .arg(schedules)
        .arg("-o")
        .arg(public)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", JULY_10)
        .stdout_contains("castcal: lần công bố 1, lần đầu tiên\n")
        .run()
        .stdout()
        .to_owned()
}

#[test]
fn a_folder_with_evidence_publishes_what_was_done_and_the_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let schedules = schedules(tmp.path());
    let public = tmp.path().join("public");
    build(
        &schedules,
        &public,
        &["--base-url", "https://lich.example.vn/cchc/"],
    );

    // What was done, as of 10 July: the segment's and talk show's KG slots
    // up to then aired, the later ones pending, the newspaper unknown.
    let r: serde_json::Value =
        serde_json::from_slice(&fs::read(public.join("reconcile.json")).unwrap()).unwrap();
    let activities = r["activities"].as_array().unwrap();
    let segment = activities
        .iter()
        .find(|a| a["activity"] == "chuyen-muc-cchc")
        .unwrap();
    assert_eq!(
        (segment["planned"].as_u64(), segment["aired"].as_u64()),
        (Some(24), Some(12))
    );
    assert_eq!(segment["pending"].as_u64(), Some(12));
    let page = fs::read_to_string(public.join("reconcile.html")).unwrap();
    assert!(page.contains("tính đến hết ngày 10/07/2023"), "{page}");
    let english = fs::read_to_string(public.join("reconcile-en.html")).unwrap();
    assert!(english.contains("<html lang=\"en\">"), "{english}");

    // A report of each period begun by then that a deadline is due for.
    let reports: Vec<String> = fs::read_dir(&public)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bao-cao-"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        reports,
        [
            "bao-cao-2023-H1.docx",
            "bao-cao-2023-Q1.docx",
            "bao-cao-2023-Q2.docx",
            "bao-cao-2023-Q3.docx",
            "bao-cao-2023.docx"
        ]
    );
    for r in &reports {
        assert!(
            fs::read(public.join(r)).unwrap().starts_with(b"PK\x03\x04"),
            "{r}"
        );
    }
    let index = fs::read_to_string(public.join("index.html")).unwrap();
    for file in reports
        .iter()
        .map(String::as_str)
        .chain(["reconcile.html", "reconcile.json"])
    {
        assert!(
            index.contains(&format!("href=\"https://lich.example.vn/cchc/{file}\"")),
            "{file}"
        );
    }
    assert!(
        index.contains("Báo cáo tình hình thực hiện quý I năm 2023"),
        "{index}"
    );

    // The first quarter's deadline links to its report; the fourth
    // quarter's (not begun by 10 July) to none.
    let feed = fs::read_to_string(public.join("all.ics"))
        .unwrap()
        .replace("\r\n ", "");
    let event = |uid: &str| {
        let (_, rest) = feed.split_once(&format!("UID:{uid}\r\n")).unwrap();
        rest.split("END:VEVENT").next().unwrap().to_string()
    };
    let q1 = event("kg-cchc-2023.bao-cao-quy.20230331@castcal");
    assert!(
        q1.contains("\\nBáo cáo của kỳ: bao-cao-2023-Q1.docx\r\n"),
        "{q1}"
    );
    assert!(
        q1.contains("URL;VALUE=URI:https://lich.example.vn/cchc/bao-cao-2023-Q1.docx\r\n"),
        "{q1}"
    );
    let half = event("kg-cchc-2023.bao-cao-6-thang.20230630@castcal");
    assert!(
        half.contains("Báo cáo của kỳ: bao-cao-2023-H1.docx"),
        "{half}"
    );
    let q4 = event("kg-cchc-2023.bao-cao-quy.20231231@castcal");
    assert!(
        !q4.contains("Báo cáo của kỳ") && !q4.contains("URL"),
        "{q4}"
    );
}

/// Without evidence, none of it: the folder is what it always was.
#[test]
fn a_folder_without_evidence_publishes_none_of_it() {
    let tmp = tempfile::tempdir().unwrap();
    let schedules = schedules(tmp.path());
    fs::remove_dir_all(schedules.join("evidence")).unwrap();
    let public = tmp.path().join("public");
    build(&schedules, &public, &[]);
    for name in fs::read_dir(&public).unwrap() {
        let name = name.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.starts_with("bao-cao-") && !name.starts_with("reconcile"),
            "{name}"
        );
    }
    let feed = fs::read_to_string(public.join("all.ics")).unwrap();
    assert!(
        !feed.contains("bao-cao-2023") && !feed.contains("URL"),
        "a link without evidence"
    );
}
