//! The published folder: every output of the plans, ready for any web server.
//!
//! [`render`] makes the files in memory; [`write_dir`] puts them on disk so
//! that a web server pointed at the folder never serves a mix of old and new
//! files (the new folder is built beside the old one and swapped in with one
//! atomic rename). `serve` uses [`render`] directly and never touches disk.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::check::{self, Severity};
use crate::error::Error;
use crate::expand::expand;
use crate::export::index::{self, Index};
use crate::export::{csv, html, ics, Lang};
use crate::output::{self, Staging, MARKER};
use crate::plan::Plan;

/// How many findings `index.html` lists (all are in `check.json`).
const MAX_FINDINGS_SHOWN: usize = 20;

/// The files of a published folder, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    pub summary: Summary,
}

/// What a build produced, for the one-line report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub occurrences: usize,
    pub feeds: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// How the folder will be reached.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Absolute URL the folder is published at (for the subscribe links).
    pub base_url: Option<String>,
}

/// Every output of `plans`, in memory. `problem`, when given, is shown at the
/// top of `index.html` (the server's way of saying the latest edit failed).
///
/// # Errors
/// Whatever expansion or an output refuses.
pub fn render(plans: &[Plan], options: &Options, problem: Option<&str>) -> Result<Site, Error> {
    let occurrences = expand(plans)?;
    let mut files = BTreeMap::new();

    let mut json = serde_json::to_vec_pretty(occurrences.occurrences())
        .map_err(|e| Error::Usage(format!("cannot render JSON: {e}")))?;
    json.push(b'\n');
    files.insert("occurrences.json".to_string(), json);

    files.insert(
        "year.html".to_string(),
        html::render(plans, &occurrences, Lang::Vi).into_bytes(),
    );
    files.insert(
        "year-en.html".to_string(),
        html::render(plans, &occurrences, Lang::En).into_bytes(),
    );
    let mut other_files = vec![
        (
            "year.html".to_string(),
            "Lịch cả năm để in (A4 ngang)".to_string(),
            "The year to print (A4 landscape), Vietnamese".to_string(),
        ),
        (
            "year-en.html".to_string(),
            "Lịch cả năm để in, tiếng Anh".to_string(),
            "The year to print, English".to_string(),
        ),
    ];
    for (lang, name, vi, en) in [
        (
            csv::Lang::Vi,
            "lich-vi.csv",
            "Bảng tính (CSV, tiếng Việt, mở bằng Excel)",
            "Spreadsheet (CSV, Vietnamese, opens in Excel)",
        ),
        (
            csv::Lang::En,
            "calendar-en.csv",
            "Bảng tính (CSV, tiếng Anh)",
            "Spreadsheet (CSV, English, opens in Excel)",
        ),
    ] {
        let options = csv::Options {
            lang,
            delimiter: csv::Delimiter::Comma,
            bom: true,
            outlets: Vec::new(),
        };
        let bytes = csv::render(&occurrences, &options).map_err(|source| Error::Output {
            path: PathBuf::from(name),
            source,
        })?;
        files.insert(name.to_string(), bytes);
        other_files.push((name.to_string(), vi.to_string(), en.to_string()));
    }
    other_files.push((
        "occurrences.json".to_string(),
        "Danh sách sự kiện (JSON)".to_string(),
        "Every occurrence (JSON)".to_string(),
    ));

    let report = check::check(plans, &occurrences, &[]);
    let mut json = check::report::json(&report)
        .map_err(|e| Error::Usage(format!("cannot render JSON: {e}")))?;
    if !json.ends_with('\n') {
        json.push('\n');
    }
    files.insert("check.json".to_string(), json.into_bytes());
    other_files.push((
        "check.json".to_string(),
        "Kết quả kiểm tra kế hoạch (JSON)".to_string(),
        "The plan check (JSON)".to_string(),
    ));
    let findings: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Note)
        .take(MAX_FINDINGS_SHOWN)
        .map(|f| {
            let date = f
                .date
                .map(|d| d.format("%d/%m/%Y ").to_string())
                .unwrap_or_default();
            let activity = f.activity.as_deref().unwrap_or("");
            let severity = match f.severity {
                Severity::Error => "Lỗi / error",
                _ => "Cảnh báo / warning",
            };
            format!("{severity} · {date}{activity}: {}", f.message)
        })
        .collect();

    // all.ics, then one feed per outlet that any plan declares.
    let mut feeds = Vec::new();
    let mut outlets: BTreeMap<&str, &str> = BTreeMap::new();
    for plan in plans {
        for o in plan.outlets.values() {
            outlets.entry(o.id.as_str()).or_insert(o.name.as_str());
        }
    }
    let mut feed_list: Vec<(String, String, Vec<String>)> = vec![(
        "all.ics".to_string(),
        "Tất cả / All outlets".to_string(),
        Vec::new(),
    )];
    for (id, name) in &outlets {
        feed_list.push((
            format!("{id}.ics"),
            format!("{name} ({id})"),
            vec![id.to_string()],
        ));
    }
    for (file, label, only) in feed_list {
        let events = occurrences
            .iter()
            .filter(|o| {
                only.is_empty() || o.outlet_id().is_some_and(|id| only.iter().any(|x| x == id))
            })
            .count();
        let options = ics::Options {
            mode: ics::Mode::Instances,
            outlets: only,
        };
        let bytes = ics::write(Vec::new(), plans, &occurrences, &options).map_err(|source| {
            Error::Output {
                path: PathBuf::from(&file),
                source,
            }
        })?;
        files.insert(file.clone(), bytes);
        feeds.push(index::Feed {
            file,
            label,
            events,
        });
    }
    let summary = Summary {
        occurrences: occurrences.len(),
        feeds: feeds.len(),
        errors: report.summary.errors,
        warnings: report.summary.warnings,
    };
    let page = Index {
        title: plans
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>()
            .join(" · "),
        reference: join(plans.iter().filter_map(|p| p.reference.as_deref())),
        published: plans
            .iter()
            .map(|p| p.published.format("%d/%m/%Y").to_string())
            .max()
            .unwrap_or_default(),
        feeds,
        files: other_files,
        errors: summary.errors,
        warnings: summary.warnings,
        findings,
        base_url: options.base_url.clone(),
        problem: problem.map(str::to_string),
    };
    files.insert("index.html".to_string(), index::render(&page).into_bytes());
    files.insert(MARKER.to_string(), MARKER_TEXT.to_vec());
    Ok(Site { files, summary })
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> Option<String> {
    let v: Vec<&str> = parts.collect();
    (!v.is_empty()).then(|| v.join(" · "))
}

/// The `Content-Type` a file is served with.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("ics") => "text/calendar; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// Writes `site` as the folder `dir`, replacing what was there in one step.
///
/// The new folder is filled in a staging folder beside `dir` (made
/// exclusively, locked while in use: see [`crate::output`]), synced, and
/// swapped in; what killed runs left beside `dir` is removed first.
///
/// # Errors
/// `dir` exists but was not written by castcal (no [`MARKER`] file) and is
/// not empty, or is a symbolic link or not a folder; or any file-system
/// failure (the old folder is then untouched).
pub fn write_dir(site: &Site, dir: &Path) -> Result<(), Error> {
    // Without a trailing `/`, which would make lstat(2) follow a link.
    let dir: &Path = &dir.components().collect::<PathBuf>();
    let fail = |source: io::Error| Error::Output {
        path: dir.to_path_buf(),
        source,
    };
    let existing = match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(Error::input(
                dir,
                "refusing to replace a symbolic link: give the folder it points to",
            ))
        }
        Ok(m) if !m.is_dir() => {
            return Err(Error::input(
                dir,
                "refusing to replace this: it is not a folder",
            ))
        }
        Ok(_) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(fail(e)),
    };
    if existing && !marked(dir) && fs::read_dir(dir).map_err(fail)?.next().is_some() {
        return Err(Error::input(
            dir,
            format!("refusing to replace this folder: it was not written by castcal build (no {MARKER} file inside)"),
        ));
    }
    if let Some(name) = site.files.keys().find(|name| !is_plain_name(name)) {
        return Err(Error::Usage(format!(
            "{name:?} cannot be the name of a file in the published folder"
        )));
    }
    if dir.file_name().is_none() {
        return Err(Error::Usage(format!(
            "{} is not a folder name",
            dir.display()
        )));
    }
    let parent = output::folder_of(dir);
    fs::create_dir_all(&parent).map_err(fail)?;
    output::remove_leftovers(&parent);
    let staging = Staging::create(&parent).map_err(fail)?;
    // The marker first: a run killed from here on leaves a folder the next
    // run knows for castcal's.
    let marker = site.files.get(MARKER).map_or(MARKER_TEXT, Vec::as_slice);
    staging.write(MARKER, marker).map_err(fail)?;
    for (file, bytes) in site.files.iter().filter(|(file, _)| *file != MARKER) {
        staging.write(file, bytes).map_err(fail)?;
    }
    staging.sync().map_err(fail)?;
    if existing {
        exchange(&staging, dir, &parent)
    } else {
        match fs::rename(staging.path(), dir) {
            // Another build made the folder meanwhile: replace it like any
            // folder castcal wrote.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::DirectoryNotEmpty | io::ErrorKind::AlreadyExists
                ) && is_real_dir(dir)
                    && marked(dir) =>
            {
                exchange(&staging, dir, &parent)
            }
            other => other,
        }
    }
    .map_err(fail)?;
    output::sync_dir(&parent).map_err(fail)
    // Dropping `staging` removes what its path now holds: the old folder.
}

/// Whether `dir` holds the [`MARKER`] file (a file, not a link).
fn marked(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Whether `dir` is a folder, not a link to one.
fn is_real_dir(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
}

/// What [`MARKER`] says when the site does not give its text.
const MARKER_TEXT: &[u8] = b"written by castcal build\n";

/// A name that stays inside the folder it is joined to.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\0'])
}

/// Swaps the staging folder and `old` atomically (Linux
/// `renameat2(RENAME_EXCHANGE)`, which follows no symbolic link); where that is
/// not available, two renames with a moment in between. Either way the old
/// folder ends at a staging folder's path, to be removed with it.
fn exchange(new: &Staging, old: &Path, parent: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new.path(), CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    swap_by_renames(new, old, parent)
}

/// The old folder is renamed onto an empty staging folder made for it (a
/// rename onto an empty folder replaces it; onto anything else it fails), the
/// new one into its place; the old one is removed with that staging folder.
fn swap_by_renames(new: &Staging, old: &Path, parent: &Path) -> io::Result<()> {
    let aside = Staging::create(parent)?;
    fs::rename(old, aside.path())?;
    if let Err(e) = fs::rename(new.path(), old) {
        let _ = fs::rename(aside.path(), old);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::names;

    fn site(content: &str) -> Site {
        let mut files = BTreeMap::new();
        files.insert("all.ics".to_string(), content.as_bytes().to_vec());
        files.insert(MARKER.to_string(), Vec::new());
        Site {
            files,
            summary: Summary::default(),
        }
    }

    #[test]
    fn a_rebuild_replaces_the_folder_whole_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write_dir(&site("one"), &dir).unwrap();
        fs::write(dir.join("stale.ics"), "old").unwrap();
        write_dir(&site("two"), &dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("all.ics")).unwrap(), "two");
        assert!(!dir.join("stale.ics").exists());
        let beside: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["public"]);
    }

    #[test]
    fn a_folder_castcal_did_not_write_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("precious.txt"), "keep").unwrap();
        let err = write_dir(&site("x"), tmp.path()).unwrap_err();
        assert!(err.to_string().contains("refusing to replace"), "{err}");
        assert_eq!(
            fs::read_to_string(tmp.path().join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn the_swap_by_two_renames_leaves_the_new_folder_and_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write_dir(&site("one"), &dir).unwrap();
        let staging = Staging::create(tmp.path()).unwrap();
        staging.write("all.ics", b"two").unwrap();
        swap_by_renames(&staging, &dir, tmp.path()).unwrap();
        assert_eq!(fs::read_to_string(dir.join("all.ics")).unwrap(), "two");
        drop(staging);
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn a_symbolic_link_or_a_file_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        write_dir(&site("one"), &real).unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        for link in [link.clone(), link.join("")] {
            let err = write_dir(&site("two"), &link).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
        }
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(real.join("all.ics")).unwrap(), "one");
        let file = tmp.path().join("file");
        fs::write(&file, "keep").unwrap();
        let err = write_dir(&site("two"), &file).unwrap_err();
        assert!(err.to_string().contains("not a folder"), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
        assert_eq!(names(tmp.path()), ["file", "public", "real"]);
    }

    #[test]
    fn a_file_name_that_leaves_the_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        for name in ["../escape.ics", "a/b.ics", "..", ""] {
            let mut s = site("x");
            s.files.insert(name.to_string(), b"x".to_vec());
            let err = write_dir(&s, &tmp.path().join("public")).unwrap_err();
            assert!(err.to_string().contains("cannot be the name"), "{err}");
        }
        assert!(names(tmp.path()).is_empty());
    }

    #[test]
    fn the_folders_above_are_made_when_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/public");
        write_dir(&site("one"), &dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("all.ics")).unwrap(), "one");
        assert_eq!(names(&tmp.path().join("a/b")), ["public"]);
    }

    #[test]
    fn a_staging_folder_a_killed_build_left_is_removed_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let left = tmp.path().join(".castcal-staging-KiLLed0build");
        fs::create_dir(&left).unwrap();
        fs::write(left.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(left.join("all.ics"), "half").unwrap();
        write_dir(&site("one"), &tmp.path().join("public")).unwrap();
        assert_eq!(names(tmp.path()), ["public"]);
    }
}
