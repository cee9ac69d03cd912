//! What a folder was built of, kept in it ([`files::BUILT`]): a digest of
//! everything its bytes depend on, what the build reported, and how each
//! of its files was left on disk (inode, length, time of last write). A
//! build of the same inputs over a folder nobody touched since then writes
//! nothing at all: not a file, not the history.
//!
//! The digest covers the program (the executable's file, so that another
//! castcal renders again), the plans as loaded (holidays included), the
//! options but the run's instant (which only stamps a new publication),
//! the evidence read, and the state of the history store (its id, its
//! latest publication and that one's digest). Whatever is not certain to
//! be the same renders again, and then writes only the files that differ
//! ([`super::carry`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use rustix::fs::{Mode, OFlags, CWD};
use xxhash_rust::xxh3::Xxh3Default;

use super::carry::Stamp;
use super::{Options, Summary};
use crate::diff::store::Latest;
use crate::files::{self, MARKER};
use crate::plan::Plan;
use crate::reconcile::Evidence;

/// The first line of a record: what it is, and the version of its form.
const HEAD: &str = "castcal build record 1";

/// The most a record may hold.
const MAX_RECORD_BYTES: u64 = 1 << 24;

/// The digest of what a folder's bytes depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Inputs(u128);

/// The history store as the folder shows it.
pub(super) struct History<'a> {
    /// The store's own name.
    pub(super) id: &'a str,
    /// Where it is (its file's name is in the folder's marker).
    pub(super) path: &'a Path,
    /// Its latest publication.
    pub(super) latest: Option<&'a Latest>,
}

impl Inputs {
    /// The digest of a build of `plans` with `options` and `evidence` over
    /// the history `history`; `None` when the program's own file cannot be
    /// known (then every build renders).
    pub(super) fn of(
        plans: &[Plan],
        options: &Options,
        evidence: Option<&Evidence>,
        history: &History,
    ) -> Option<Inputs> {
        let mut hash = Hashing(Xxh3Default::new());
        program(&mut hash)?;
        // The run's instant stamps a new publication only, which the
        // store's state says; left out, a build of an unchanged plan at
        // another time is the same.
        let options = Options {
            now: None,
            ..options.clone()
        };
        let latest = history
            .latest
            .map(|l| (l.number, l.published, l.digest.as_deref()));
        write!(
            hash,
            "{plans:?}\n{options:?}\n{evidence:?}\n{}\n{:?}\n{latest:?}\n",
            history.id, history.path
        )
        .ok()?;
        Some(Inputs(hash.0.digest128()))
    }
}

/// Formatting into the hash, as it is made: nothing held.
struct Hashing(Xxh3Default);

impl std::fmt::Write for Hashing {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// Adds the running program's file to `hash`: its version, and the
/// identity of the executable (device, inode, length, time of last write),
/// which a new build of castcal changes.
fn program(hash: &mut Hashing) -> Option<()> {
    use std::os::unix::fs::MetadataExt;
    // The file running, even when a newer one was put at its path since.
    let exe = fs::metadata("/proc/self/exe")
        .or_else(|_| fs::metadata(std::env::current_exe()?))
        .ok()?;
    writeln!(
        hash,
        "{} {} {} {} {} {}",
        env!("CARGO_PKG_VERSION"),
        exe.dev(),
        exe.ino(),
        exe.len(),
        exe.mtime(),
        exe.mtime_nsec()
    )
    .ok()
}

/// The text of the record of a folder built of `inputs`, reported as
/// `summary`, whose files were left as `stamps` say.
pub(super) fn text(inputs: Inputs, summary: &Summary, stamps: &BTreeMap<String, Stamp>) -> String {
    let mut out = format!(
        "{HEAD}\ninputs {:032x}\nsummary {} {} {} {}\n",
        inputs.0, summary.occurrences, summary.feeds, summary.errors, summary.warnings
    );
    for (name, s) in stamps {
        let _ = writeln!(out, "file {} {} {} {name}", s.ino, s.len, s.modified);
    }
    out
}

/// What the folder `dir` reported when it was built, if it was built of
/// `inputs` and nothing in it changed since: every file its record names
/// is there as it was left, and nothing else is. `None` otherwise.
pub(super) fn unchanged(dir: &Path, inputs: Inputs) -> Option<Summary> {
    let text = read(dir)?;
    let mut lines = text.lines();
    if lines.next()? != HEAD {
        return None;
    }
    let digest = lines.next()?.strip_prefix("inputs ")?;
    if digest != format!("{:032x}", inputs.0) {
        return None;
    }
    let counts: Vec<usize> = lines
        .next()?
        .strip_prefix("summary ")?
        .split(' ')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    let [occurrences, feeds, errors, warnings] = counts.as_slice() else {
        return None;
    };
    let mut named = BTreeSet::new();
    for line in lines {
        let mut parts = line.strip_prefix("file ")?.splitn(4, ' ');
        let recorded = Stamp {
            ino: parts.next()?.parse().ok()?,
            len: parts.next()?.parse().ok()?,
            modified: parts.next()?.parse().ok()?,
        };
        let name = parts.next()?;
        if !super::disk::is_plain_name(name) {
            return None;
        }
        let meta = fs::symlink_metadata(dir.join(name)).ok()?;
        if !meta.is_file() || Stamp::of(&meta) != recorded {
            return None;
        }
        named.insert(name.to_string());
    }
    if !named.contains(MARKER) || !named.contains(files::TAGS) {
        return None;
    }
    named.insert(files::BUILT.to_string());
    // Nothing more: a file put there by hand is removed by the next build.
    let mut count = 0;
    for entry in fs::read_dir(dir).ok()? {
        let name = entry.ok()?.file_name();
        if !named.contains(name.to_str()?) {
            return None;
        }
        count += 1;
    }
    (count == named.len()).then_some(Summary {
        publication: None,
        stamp_reused: false,
        occurrences: *occurrences,
        feeds: *feeds,
        errors: *errors,
        warnings: *warnings,
    })
}

/// The record of `dir`, read only from a regular file.
fn read(dir: &Path) -> Option<String> {
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = rustix::fs::openat(CWD, dir.join(files::BUILT), flags, Mode::empty()).ok()?;
    let file = fs::File::from(fd);
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    io::Read::take(file, MAX_RECORD_BYTES)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}
