//! Names the commit castcal is built from, for `castcal --version`: the
//! package's version, and `git rev-parse`'s commit when the sources are a
//! git checkout with git installed (a crate downloaded from crates.io is
//! not, and says its version alone).

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    // Only castcal's own checkout: not a repository the sources were
    // unpacked into.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let own = match (manifest, top) {
        (Some(m), Some(t)) => m.canonicalize().ok() == t.canonicalize().ok(),
        _ => false,
    };
    let commit = own
        .then(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .flatten();
    let text = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=CASTCAL_VERSION={text}");
    // Built again when HEAD moves (a commit, a checkout), not on every edit.
    println!("cargo:rerun-if-changed=build.rs");
    if let Some(dir) = own
        .then(|| git(&["rev-parse", "--git-dir"]))
        .flatten()
        .map(PathBuf::from)
    {
        println!("cargo:rerun-if-changed={}", dir.join("HEAD").display());
        if let Some(head) = git(&["symbolic-ref", "-q", "HEAD"]) {
            let common = git(&["rev-parse", "--git-common-dir"]).map_or(dir.clone(), PathBuf::from);
            println!("cargo:rerun-if-changed={}", common.join(&head).display());
            println!(
                "cargo:rerun-if-changed={}",
                common.join("packed-refs").display()
            );
        }
    }
}

/// What `git args` prints, trimmed, when it runs and succeeds.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
