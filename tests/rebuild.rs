#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

//! `build` over its own folder writes what changed and nothing else: with
//! nothing changed, not a file (the folder is not even swapped); after an
//! edit, the files whose bytes change, the others linked from the old
//! folder into the new one, which is then byte for byte what a build into
//! an empty place writes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::Test;

const PLAN: &str = "kien-giang-cchc-2023.yaml";

/// The talk show's KG1 reruns moved to KG: KG's and KG1's feeds change,
/// the newspaper's does not.
const EDIT: (&str, &str) = (
    "{ sau số ngày: 1, lúc: 07 giờ 30 phút, phương tiện: KG1 }",
    "{ sau số ngày: 1, lúc: 08 giờ, phương tiện: KG }",
);

/// A copy of `schedules/` to edit, and where to build it.
struct Folder {
    tmp: tempfile::TempDir,
    schedules: PathBuf,
    public: PathBuf,
}

impl Folder {
    fn new() -> Folder {
        let tmp = tempfile::tempdir().unwrap();
        let schedules = tmp.path().join("schedules");
        common::english::copy_tree(&common::root().join("schedules"), &schedules);
        let public = tmp.path().join("public");
        Folder {
            tmp,
            schedules,
            public,
        }
    }

    fn edit(&self, (from, to): (&str, &str)) {
        let file = self.schedules.join(PLAN);
        let text = fs::read_to_string(&file).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from}");
        fs::write(file, text.replacen(from, to, 1)).unwrap();
    }

    /// `castcal build` of the schedules into `out` on one date, at one
    /// instant; its standard output.
    fn build_into(&self, out: &Path, history: Option<&Path>) -> String {
        let mut test = Test::new([
            "build",
            "--lang",
            "en",
            self.schedules.to_str().unwrap(),
            "--today",
            "2023-06-01",
            "-o",
        ])
        .arg(out)
        .env("SOURCE_DATE_EPOCH", "1700000000");
        if let Some(history) = history {
            test = test.arg("--history").arg(history);
        }
        test.stdout_any().stderr_any().run().stdout().to_owned()
    }

    fn build(&self) -> String {
        self.build_into(&self.public, None)
    }

    fn store(&self) -> PathBuf {
        self.public.with_file_name("public.history.sqlite")
    }
}

/// Each file of a folder (its hidden ones too): its inode, time of last
/// write and bytes.
fn files(dir: &Path) -> BTreeMap<String, (u64, i64, i64, Vec<u8>)> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = fs::symlink_metadata(e.path()).unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                (
                    m.ino(),
                    m.mtime(),
                    m.mtime_nsec(),
                    fs::read(e.path()).unwrap(),
                ),
            )
        })
        .collect()
}

/// The folder's own inode: a new one once swapped.
fn inode(dir: &Path) -> u64 {
    fs::symlink_metadata(dir).unwrap().ino()
}

/// What names the files of a build: the first line of `build`'s report.
fn first_line(out: &str) -> &str {
    out.lines().next().unwrap()
}

#[test]
fn a_build_of_the_same_over_its_own_folder_writes_nothing() {
    let f = Folder::new();
    let first = f.build();
    assert!(
        first.contains("castcal: publication 1, the first\n"),
        "{first}"
    );
    let (folder, before) = (inode(&f.public), files(&f.public));
    let store = fs::read(f.store()).unwrap();
    let again = f.build();
    assert_eq!(first_line(&again), first_line(&first));
    assert!(
        again.contains("castcal: nothing changed since the last publication\n"),
        "{again}"
    );
    assert_eq!(inode(&f.public), folder, "the folder was swapped");
    assert_eq!(files(&f.public), before, "a file was written");
    assert_eq!(fs::read(f.store()).unwrap(), store);
    let mut beside: Vec<String> = fs::read_dir(f.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("public.history.sqlite"))
        .collect();
    beside.sort();
    assert_eq!(beside, ["public", "schedules"]);
}

/// What is not certain to be the same builds again: another date, a file
/// of the folder changed, removed or added by hand; each time the folder
/// is then what the build writes.
#[test]
fn a_build_of_the_same_over_a_touched_folder_or_on_another_date_writes_again() {
    let f = Folder::new();
    f.build();
    let before = files(&f.public);
    let touches: [(&str, &dyn Fn()); 4] = [
        ("changed by hand", &|| {
            fs::write(f.public.join("changes.json"), "not json").unwrap()
        }),
        ("removed", &|| {
            fs::remove_file(f.public.join("BKG.ics")).unwrap()
        }),
        ("added", &|| {
            fs::write(f.public.join("stale.ics"), "old").unwrap()
        }),
        ("its record removed", &|| {
            fs::remove_file(f.public.join(".castcal-built")).unwrap()
        }),
    ];
    for (case, touch) in touches {
        touch();
        let folder = inode(&f.public);
        f.build();
        assert_ne!(inode(&f.public), folder, "{case}: not built again");
        let after = files(&f.public);
        assert_eq!(
            after.keys().collect::<Vec<_>>(),
            before.keys().collect::<Vec<_>>(),
            "{case}"
        );
        for (name, (.., bytes)) in &before {
            if name != ".castcal-built" {
                assert!(after[name].3 == *bytes, "{case}: {name}");
            }
        }
    }
    let folder = inode(&f.public);
    let out = Test::new([
        "build",
        "--lang",
        "en",
        f.schedules.to_str().unwrap(),
        "--today",
        "2023-06-02",
        "-o",
    ])
    .arg(&f.public)
    .env("SOURCE_DATE_EPOCH", "1700000000")
    .stdout_any()
    .stderr_any()
    .run();
    assert!(out.stdout().contains("nothing changed"), "{}", out.stdout());
    assert_ne!(inode(&f.public), folder, "another date: not built again");
}

#[test]
fn an_edited_build_writes_the_files_that_change_and_links_the_others() {
    let f = Folder::new();
    f.build();
    let before = files(&f.public);
    // A first build of the edit into an empty place, over the same history.
    let fresh = f.tmp.path().join("fresh/public");
    let fresh_store = fresh.with_file_name("public.history.sqlite");
    fs::create_dir_all(fresh.parent().unwrap()).unwrap();
    fs::copy(f.store(), &fresh_store).unwrap();
    f.edit(EDIT);
    let out = f.build();
    assert!(out.contains("castcal: publication 2: "), "{out}");
    f.build_into(&fresh, None);
    let (after, expected) = (files(&f.public), files(&fresh));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    let (mut linked, mut written) = (Vec::new(), Vec::new());
    for (name, (ino, mtime, nsec, bytes)) in &after {
        if name == ".castcal-built" {
            continue;
        }
        assert!(
            *bytes == expected[name].3,
            "{name} is not what a first build writes"
        );
        let old = &before[name];
        if old.3 == *bytes && name != ".castcal" && name != ".castcal-tags" {
            assert_eq!(
                (old.0, old.1, old.2),
                (*ino, *mtime, *nsec),
                "{name}: not linked"
            );
            linked.push(name.as_str());
        } else {
            assert_ne!(old.0, *ino, "{name}: changed, but the same file");
            written.push(name.as_str());
        }
    }
    for name in ["BKG.ics", "PANO.ics", "BTBNV.ics"] {
        assert!(linked.contains(&name), "{name} not linked: {linked:?}");
    }
    for name in ["KG.ics", "KG1.ics", "changes.json", "index.html"] {
        assert!(written.contains(&name), "{name} not written: {written:?}");
    }
}
