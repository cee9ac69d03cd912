//! The real plan in its English form, for the tests whose golden files
//! hold places in the file.
//!
//! The department keeps `schedules/kien-giang-cchc-2023.yaml` in the
//! Vietnamese form. Its findings point at the file as written: the same
//! lines in either form, but a key's name moves the columns of the value
//! after it (`expect: 14` at column 13, `số kỳ: 14` at column 12). The
//! goldens that hold those places are the English form's, which
//! `castcal fmt --lang en` writes from the Vietnamese one, each value where
//! it was when the plan was kept in English; `tests/fmt.rs` checks that the
//! two forms publish the same files.

use std::fs;
use std::path::Path;

use super::{root, Test};

/// The plan's path, relative to the folder [`english_plan`] makes.
pub const PLAN: &str = "schedules/kien-giang-cchc-2023.yaml";

/// A fresh folder holding a copy of `schedules/` with the real plan
/// rewritten in its English form; run a command in it with
/// `.current_dir(folder.path())` and the plan's path is [`PLAN`], as in the
/// goldens.
pub fn english_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("schedules"), &dir.path().join("schedules"));
    Test::new(["fmt", "--lang", "en", PLAN])
        .current_dir(dir.path())
        .stderr("castcal fmt: files rewritten in the English form: 1; already in it: 0\n")
        .run();
    dir
}

/// The real plan's English form as text.
pub fn english_text() -> String {
    fs::read_to_string(english_plan().path().join(PLAN)).unwrap()
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}
