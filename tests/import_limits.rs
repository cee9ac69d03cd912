#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `castcal import` within its limits, on documents made to break it: a
//! plan of 20,000 rows sharing a title, a Word file of 60 KB that unpacks
//! to one cell of 31 million words, a zip bomb, XML entity tricks, a FIFO
//! and a device given as the document, characters no file can hold and a
//! cell of 9 MB. Each gives a loadable file or a clear refusal (exit 2)
//! naming what is wrong, never a hang, never "please report this".
//!
//! The times and the memory are bounded generously here (a debug build on
//! a shared machine); `cargo bench --bench import` measures the release
//! binary.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::documents::{docx_of_text, docx_with, one_cell_of_words, short_rows, HEAD, TAIL};
use common::{run, Run};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// Neither the words of a crash nor those of "please report this".
fn no_crash(r: &Run) {
    for bad in ["panicked", "please report", "hãy báo lỗi", "RUST_BACKTRACE"] {
        assert!(!r.stderr.contains(bad), "{}", r.stderr);
    }
}

/// The processor time (user and system) of one import, the less of two
/// runs: what a machine busy with other work inflates far less than the
/// wall time. GNU time measures it; without it, the wall time.
fn import_time(doc: &str) -> Duration {
    (0..2)
        .map(|_| {
            let started = Instant::now();
            let timed = peak_kib_and_cpu(&["import", doc, "--lang", "en"]);
            let wall = started.elapsed();
            match timed {
                Some((r, _, cpu)) => {
                    no_crash(&r);
                    assert_eq!(r.code, 0, "{}", r.stderr);
                    cpu
                }
                None => {
                    let r = run(&["import", doc, "--lang", "en"]);
                    no_crash(&r);
                    assert_eq!(r.code, 0, "{}", r.stderr);
                    wall
                }
            }
        })
        .min()
        .unwrap()
}

/// Rows sharing a title prefix (once quadratic: 3,000 rows took 7.4 s)
/// import in linear time, as text and as Word: eight times the rows take
/// about eight times the processor time (less than sixteen), far from
/// sixty-four; every row is an activity
/// with an id of its own. The time of 20,000 rows in a release build is
/// the benchmark's (`cargo bench --bench import`).
#[test]
fn rows_of_one_title_import_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, make) in [
        (
            "txt",
            (|t: &str| t.as_bytes().to_vec()) as fn(&str) -> Vec<u8>,
        ),
        ("docx", |t: &str| docx_of_text(t)),
    ] {
        let mut times = Vec::new();
        for rows in [500, 4_000] {
            let doc = write(
                dir.path(),
                &format!("plan-{rows}.{ext}"),
                &make(&short_rows(rows)),
            );
            let r = run(&["import", &doc, "--lang", "en"]);
            assert!(
                r.stderr
                    .contains(&format!(": {rows} activities, {rows} occurrences")),
                "{}",
                r.stderr
            );
            assert!(r.stdout.contains(&format!("- id: \"chuyen-muc-{rows}\"\n")));
            times.push(import_time(&doc));
        }
        let ratio = times[1].as_secs_f64() / times[0].as_secs_f64();
        println!(
            "{ext}: 500 rows {:?}, 4,000 rows {:?} of processor time: {ratio:.1} times",
            times[0], times[1]
        );
        assert!(ratio < 16.0, "{ext}: {times:?}, ratio {ratio:.1}");
    }
}

/// The peak memory of a run, in KiB, from GNU time; `None` without it.
fn peak_kib(args: &[&str]) -> Option<(Run, u64)> {
    peak_kib_and_cpu(args).map(|(r, kib, _)| (r, kib))
}

/// A run under GNU time: what it did, its peak memory in KiB and its
/// processor time (user and system); `None` without GNU time.
fn peak_kib_and_cpu(args: &[&str]) -> Option<(Run, u64, Duration)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let out = Command::new(time)
        .arg("-f")
        .arg("PEAK %M %U %S")
        .arg(env!("CARGO_BIN_EXE_castcal"))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let (before, figures) = stderr.rsplit_once("PEAK ").unwrap();
    let figures: Vec<&str> = figures.split_whitespace().collect();
    let seconds = |s: &str| s.parse::<f64>().unwrap();
    let cpu = Duration::from_secs_f64(seconds(figures[1]) + seconds(figures[2]));
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: before.to_string(),
    };
    Some((r, figures[0].parse().unwrap(), cpu))
}

/// A Word file of some 60 KB whose one cell holds 31 million words is read
/// as a stream: the cell is cut, said so at its row, and the peak memory
/// stays far under 250 MB.
#[test]
fn a_cell_of_31_million_words_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = one_cell_of_words(31);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let doc = write(dir.path(), "bomb.docx", &bytes);
    let Some((r, kib)) = peak_kib(&["import", &doc, "--lang", "en"]) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no /usr/bin/time in CI: .ci/run installs the Debian package `time`"
        );
        eprintln!("skipped: no /usr/bin/time (Debian package `time`)");
        return;
    };
    no_crash(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            ":4: warning: a cell or paragraph of 61999999 characters: only its start is read"
        ),
        "{}",
        r.stderr
    );
    println!("31 million words in one cell: peak {kib} KiB");
    assert!(kib < 250 * 1024, "peak {kib} KiB");
}

/// A Word file that unpacks to more than the limit is refused with the
/// limit named; so is one of ten thousand entries (the zip's own limits).
#[test]
fn zip_bombs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = docx_with(&mut |w| {
        w.write_all(HEAD.as_bytes()).unwrap();
        w.write_all(b"<w:p><w:r><w:t>").unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            w.write_all(&chunk).unwrap();
        }
        w.write_all(b"</w:t></w:r></w:p>").unwrap();
        w.write_all(TAIL.as_bytes()).unwrap();
    });
    let doc = write(dir.path(), "bomb.docx", &bytes);
    let started = Instant::now();
    let r = run(&["import", &doc, "--lang", "en"]);
    no_crash(&r);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!("error: {doc}: word/document.xml unpacks to more than 64 MiB: refused (an abnormal archive)\n")
    );
    assert!(started.elapsed() < Duration::from_secs(120));
    // A zip of a zip: the inner archive is not opened.
    let inner = docx_of_text("STT\tNội dung\tThời gian\n1\tA\t20 giờ thứ Hai hằng tuần\n");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file("inner.docx", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&inner).unwrap();
    zip.finish().unwrap();
    let doc = write(dir.path(), "nested.docx", &out.into_inner());
    let r = run(&["import", &doc, "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!("error: {doc}: a zip file without word/document.xml: not a Word document\n")
    );
}

/// No entity is ever expanded nor a file read: a document type (entity
/// declarations, billion laughs, an external entity) is refused; a
/// reference to an undeclared entity is left out.
#[test]
fn xml_entity_tricks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"#;
    let external = r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#;
    for (name, xml) in [("laughs", laughs), ("external", external)] {
        let doc = write(
            dir.path(),
            &format!("{name}.docx"),
            &docx_with(&mut |w| w.write_all(xml.as_bytes()).unwrap()),
        );
        let r = run(&["import", &doc, "--lang", "en"]);
        no_crash(&r);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("error: {doc}: word/document.xml: holds a document type declaration (DOCTYPE), which could declare XML entities; Word never writes one: refused\n"),
            "{name}"
        );
        assert!(!r.stdout.contains("root:"), "{name}");
    }
    let undeclared = format!(
        "{HEAD}<w:p><w:r><w:t>Số: 1/KH-UBND</w:t></w:r></w:p><w:p><w:r><w:t>Huế, ngày 2 tháng 1 năm 2026</w:t></w:r></w:p>\
         <w:tbl><w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Thời gian</w:t></w:r></w:p></w:tc></w:tr>\
         <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Tọa đàm &x; &amp; B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>20 giờ thứ Hai hằng tuần</w:t></w:r></w:p></w:tc></w:tr></w:tbl>{TAIL}"
    );
    let doc = write(
        dir.path(),
        "undeclared.docx",
        &docx_with(&mut |w| w.write_all(undeclared.as_bytes()).unwrap()),
    );
    let r = run(&["import", &doc, "--lang", "en"]);
    no_crash(&r);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(r.stdout.contains("title: \"Tọa đàm & B\""), "{}", r.stdout);
}

/// Runs castcal on `doc` and waits at most `limit` for it.
fn run_within(doc: &str, limit: Duration) -> Option<Run> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_castcal"))
        .args(["import", doc, "--lang", "en"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            return Some(Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8(out.stdout).unwrap(),
                stderr: String::from_utf8(out.stderr).unwrap(),
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// A FIFO (which would block on open or read), a device and a folder are
/// refused at once, before anything is read from them.
#[test]
fn a_fifo_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.txt");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap().to_string();
    for doc in [fifo.to_str().unwrap(), "/dev/zero", "/dev/null", &folder] {
        let r = run_within(doc, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("{doc}: still running after 10 s"));
        assert_eq!(r.code, 2, "{doc}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("error: {doc}: not a regular file (a folder, FIFO or device): give the plan's document\n")
        );
    }
}

/// A cell with U+FFFF and other characters no schedule file can hold, and
/// a cell of 9 MB, as text and as Word: a file `check` loads, with what was
/// replaced or cut said at its line.
#[test]
fn unholdable_characters_and_a_cell_of_nine_megabytes() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "Tọa đàm ".repeat(9 * 1024 * 1024 / 8);
    let text = format!(
        "Số: 1/KH-UBND\nHuế, ngày 2 tháng 1 năm 2026\n\nSTT\tNội dung\tThời gian\n\
         1\tBản tin \u{ffff}\u{1b}[31m đỏ\u{7}\t20 giờ thứ Hai hằng tuần\n\
         2\t{huge}\t19 giờ thứ Ba hằng tuần\n"
    );
    let txt = write(dir.path(), "plan.txt", text.as_bytes());
    let docx = write(dir.path(), "plan.docx", &docx_of_text(&text));
    for doc in [txt, docx] {
        let lines = ["5", "6"];
        let r = run(&["import", &doc, "--lang", "en"]);
        no_crash(&r);
        assert_eq!(r.code, 1, "{doc}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "{doc}:{}: warning: 3 characters no file can hold (controls, U+FFFF…) replaced by �",
                lines[0]
            )),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!(
                "{doc}:{}: warning: a cell or paragraph of",
                lines[1]
            )),
            "{}",
            r.stderr
        );
        let out = dir.path().join("plan.yaml");
        let _ = std::fs::remove_file(&out);
        std::fs::write(&out, &r.stdout).unwrap();
        let check = run(&["check", out.to_str().unwrap()]);
        assert_eq!(check.code, 0, "{doc}: {}", check.stdout);
    }
}
