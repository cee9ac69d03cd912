//! The published folder: every output of the plans, ready for any web server.
//!
//! [`build`] writes each file straight into a staging folder beside the
//! folder asked for (nothing is held whole in memory: a national
//! broadcaster's year is some 2 GB of files), several files at a time on
//! machines with several cores, and swaps it in with one atomic rename, so
//! that a web server pointed at the folder never serves a mix of old and new
//! files. [`render`] makes the same files in memory, for `serve`.
//!
//! Above [`MAX_YEAR_OCCURRENCES`] occurrences, `year.html` and
//! `year-en.html` are a summary per outlet, each outlet getting its own
//! printable year (`year.ID.html`, `year-en.ID.html`), and what is on no
//! outlet one too (`year-none.html`, `year-en-none.html`).

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crate::check::{self, Severity};
use crate::diff::store::{self, Store};
use crate::diff::{self, history, history::History};
use crate::error::Error;
use crate::expand::{expand, Expansion};
use crate::export::html::{self, Counts, OutletYear};
use crate::export::index::{self, Index};
use crate::export::{changes, csv, ics, xlsx, xmltv, Lang};
use crate::format::{Day, Dmy};
use crate::occurrence::Occurrence;
use crate::output::{self, Staging, MARKER};
use crate::plan::{Outlet, Plan};
use crate::words::site as words;

/// How many findings `index.html` lists (all are in `check.json`).
const MAX_FINDINGS_SHOWN: usize = 20;

/// The most occurrences the printable year shows whole. Past this a year
/// no longer reads on paper (its list runs to hundreds of sheets and its
/// legend off page 1): a station's channel with ten slots a day (3,650)
/// still prints whole, a broadcaster's sixty channels (900,000) do not.
/// Above it, `build` writes one printable year per outlet, and
/// `year.html` / `year-en.html` sum them up and link to them.
pub const MAX_YEAR_OCCURRENCES: usize = 5_000;

/// The most occurrences `build` writes as spreadsheets. A workbook costs
/// about twelve microseconds a row (its XML and its compression, on one
/// core): a province's plan or a station's channels (a few hundred
/// thousand rows) take seconds, a broadcaster's sixty channels (900,000)
/// would take half a minute for a sheet no one reads whole. Above it,
/// `index.html` says how to make one outlet's (`castcal xlsx --outlet`).
pub const MAX_SHEET_OCCURRENCES: usize = 200_000;

/// The most files written at the same time (one thread each).
const MAX_THREADS: usize = 4;

/// The most outlets' feeds one pass over the occurrences writes at once
/// (each an open file and a [`SMALL_BUFFER`]): a plan of hundreds of outlets
/// takes several passes, never hundreds of open files.
const MAX_OPEN_FEEDS: usize = 64;

/// What each file is written through: large enough that writes of a few
/// hundred megabytes take few system calls.
const BUFFER: usize = 1 << 20;

/// What each outlet's feed is written through ([`MAX_OPEN_FEEDS`] are open at once).
const SMALL_BUFFER: usize = 64 << 10;

/// The files of a published folder, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// Every file by its name in the folder.
    pub files: BTreeMap<String, Vec<u8>>,
    /// What the folder holds.
    pub summary: Summary,
}

/// What a build produced, for the one-line report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// The publication's number and what it changed, when it is a new one
    /// (the first lists no change); `None` when nothing changed since the
    /// folder was last published.
    pub publication: Option<(u32, diff::Summary)>,
    /// Whether the plans' `published` time was not after the last
    /// publication's (so the new one was stamped a minute after it).
    pub stamp_reused: bool,
    /// How many occurrences the plans give.
    pub occurrences: usize,
    /// How many feeds were written.
    pub feeds: usize,
    /// How many errors the check found.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
}

/// How the folder will be reached, and how much goes in it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Absolute URL the folder is published at (for the subscribe links).
    pub base_url: Option<String>,
    /// The most occurrences written as spreadsheets
    /// ([`MAX_SHEET_OCCURRENCES`] by default).
    pub max_sheet_occurrences: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base_url: None,
            max_sheet_occurrences: MAX_SHEET_OCCURRENCES,
        }
    }
}

/// Every output of `plans`, in memory, as their first publication (no
/// history): for programs that embed castcal and for tests. `build`
/// publishes a folder with its history.
///
/// # Errors
/// Whatever expansion or an output refuses.
pub fn render(plans: &[Plan], options: &Options) -> Result<Site, Error> {
    let expansion = expand(plans)?;
    let published = Published::first(plans, &expansion);
    let folder = Folder::new(plans, &expansion, options, published)?;
    let memory = Memory::default();
    let summary = folder.write(&memory)?;
    let mut files = memory
        .files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.insert(MARKER.to_string(), MARKER_TEXT.to_vec());
    Ok(Site { files, summary })
}

/// How `build` keeps a folder's history of publications.
#[derive(Debug, Clone)]
pub struct Publishing {
    /// The store of the history; beside the folder when `None`
    /// ([`store::default_path`]).
    pub history: Option<PathBuf>,
    /// How long to wait for another publication of the folder to finish.
    pub wait: Duration,
    /// Whether a folder whose store is missing may be taken over from its
    /// exports (`changes.json`, `occurrences.json`), as a folder from
    /// before the store is.
    pub recover: bool,
}

impl Default for Publishing {
    fn default() -> Self {
        Publishing {
            history: None,
            wait: store::DEFAULT_WAIT,
            recover: false,
        }
    }
}

/// What `build` published.
#[derive(Debug, Clone)]
pub struct Built {
    /// What the folder holds, for the one-line report.
    pub summary: Summary,
    /// The store of its history.
    pub history: PathBuf,
}

/// The index page `name` (`index.html`, `index-en.html`) of a folder,
/// whose text is `page`, with `problem` at its top: what `serve` answers
/// while the latest edit cannot be published. `None` for another file.
pub fn with_problem(name: &str, page: &str, problem: &str) -> Option<String> {
    let lang = match name {
        "index.html" => Lang::Vi,
        "index-en.html" => Lang::En,
        _ => return None,
    };
    index::with_problem(page, lang, problem)
}

/// The history a folder is written with: its publications, the versions
/// of its events, and what this publication made of them.
struct Published {
    history: History,
    versions: Arc<history::Versions>,
    outcome: store::Outcome,
}

impl Published {
    /// A first publication of `expansion`, in memory.
    fn first(plans: &[Plan], expansion: &Expansion) -> Published {
        let stamp = history::stamp(plans);
        Published {
            history: History {
                publications: vec![history::Publication {
                    number: 1,
                    published: stamp,
                    occurrences: expansion.len(),
                    first: true,
                    summary: diff::Summary {
                        added: expansion.len(),
                        ..diff::Summary::default()
                    },
                    digest: Some(history::digest_of(expansion)),
                    changes: Vec::new(),
                }],
            },
            versions: Arc::new(history::Versions::first(stamp)),
            outcome: store::Outcome {
                number: 1,
                new: true,
                summary: diff::Summary::default(),
                stamp_reused: false,
            },
        }
    }
}

/// Writes every output of `plans` as the folder `dir`, replacing what was
/// there in one step (see [`write_dir`]), each file straight to disk, and
/// adds what changed since the folder's last publication to its history
/// (see [`store`]). One publication of a folder at a time: a second waits
/// for the first (up to [`Publishing::wait`]) and builds on what it
/// published.
///
/// # Errors
/// Whatever expansion or an output refuses; a `dir` that is not castcal's
/// (see [`write_dir`]); a history that is missing, another folder's or
/// unreadable; another publication still running after the wait.
pub fn build(
    plans: &[Plan],
    options: &Options,
    dir: &Path,
    publishing: &Publishing,
) -> Result<Built, Error> {
    let dir: &Path = &dir.components().collect::<PathBuf>();
    let store_path = match &publishing.history {
        Some(path) => path.clone(),
        None => store::default_path(dir)
            .ok_or_else(|| Error::Usage(format!("{} is not a folder name", dir.display())))?,
    };
    target(dir)?;
    let expansion = expand(plans)?;
    let _lock = store::Lock::acquire(&store_path, publishing.wait)?;
    fail_point("locked");
    let mut store = open_store(dir, &store_path, publishing.recover)?;
    let outcome = store.publish(plans, &expansion)?;
    fail_point("stored");
    let published = Published {
        history: store.history()?,
        versions: Arc::new(store.versions()?),
        outcome,
    };
    let marker = Marker {
        history: Some(store.id().to_string()),
        publication: Some(published.outcome.number),
    }
    .text(&store_path);
    drop(store);
    let folder = Folder::new(plans, &expansion, options, published)?;
    let mut built = None;
    publish(dir, marker.as_bytes(), |sink| {
        built = Some(folder.write(sink)?);
        Ok(())
    })?;
    fail_point("swapped");
    Ok(Built {
        summary: built.unwrap_or_default(),
        history: store_path,
    })
}

/// Stops the process at the step `name` of a publication when
/// `CASTCAL_FAIL_AT` names it: how the tests kill a build after each step.
fn fail_point(name: &str) {
    static AT: OnceLock<Option<String>> = OnceLock::new();
    let at = AT.get_or_init(|| std::env::var("CASTCAL_FAIL_AT").ok());
    if at.as_deref() == Some(name) {
        std::process::abort();
    }
}

/// What the `.castcal` marker of a folder says: the store of its history
/// and the publication it shows. A folder written before castcal kept a
/// store says neither.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Marker {
    history: Option<String>,
    publication: Option<u32>,
}

impl Marker {
    /// The marker of `dir`, when it has one (a regular file).
    fn read(dir: &Path) -> Option<Marker> {
        let path = dir.join(MARKER);
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let mut text = String::new();
        let read = fs::File::open(&path)
            .and_then(|f| io::Read::read_to_string(&mut io::Read::take(f, 4096), &mut text));
        if read.is_err() {
            return Some(Marker::default());
        }
        let mut marker = Marker::default();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("history: ") {
                marker.history = rest.split_whitespace().next().map(str::to_string);
            } else if let Some(rest) = line.strip_prefix("publication: ") {
                marker.publication = rest.trim().parse().ok();
            }
        }
        Some(marker)
    }

    /// The marker's text; `store` names the store's file for whoever
    /// looks (its folder is not said: the marker may be served).
    fn text(&self, store: &Path) -> String {
        let mut out = String::from("written by castcal build\n");
        if let Some(id) = &self.history {
            let name = store
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push_str(&format!("history: {id} {name}\n"));
        }
        if let Some(n) = self.publication {
            out.push_str(&format!("publication: {n}\n"));
        }
        out
    }
}

/// The store of the folder `dir` at `path`: opened, made, or taken over
/// from the folder's exports, as the folder's marker says.
fn open_store(dir: &Path, path: &Path, recover: bool) -> Result<Store, Error> {
    let marker = Marker::read(dir);
    match (Store::open(path)?, marker) {
        (Some(store), Some(Marker { history: Some(id), .. })) if id != store.id() => {
            Err(Error::input(
                path,
                format!(
                    "this is the history of another publication than {} (whose marker names the history {id}): give that folder's own with --history",
                    dir.display()
                ),
            ))
        }
        (Some(store), Some(Marker { history: None, .. })) if store.latest()?.is_some() => {
            Err(Error::input(
                path,
                format!(
                    "{} was published before castcal kept a history beside it, and this history already belongs to another publication: give another with --history",
                    dir.display()
                ),
            ))
        }
        (Some(store), _) => Ok(store),
        (None, Some(Marker { history: Some(id), .. })) if !recover => Err(Error::input(
            path,
            format!(
                "the history of publications of {} (its marker names the history {id}) is missing. \
                 Subscribers' calendars hold what it published: restore this file from a backup \
                 (or give where it is with --history); if it is lost, run again with --recover \
                 to take it over from the folder's changes.json and occurrences.json",
                dir.display()
            ),
        )),
        (None, Some(_)) => take_over(dir, path),
        (None, None) => Store::create(path),
    }
}

/// A new store at `path` holding the history of the folder `dir` as its
/// exports say it, checked against their digest; nothing is left at
/// `path` when they cannot be taken over.
fn take_over(dir: &Path, path: &Path) -> Result<Store, Error> {
    let changes = dir.join(history::CHANGES);
    let occurrences = dir.join(diff::OCCURRENCES);
    let history = match read_export(&changes)? {
        Some(text) => Some(History::parse(&changes, &text)?),
        None => None,
    };
    if !exists(&occurrences) {
        return Err(Error::input(
            dir,
            format!(
                "this folder was published by castcal, but its history is gone: no history store, \
                 and no {} to take it over from. Subscribers' calendars may hold events that a new \
                 history would never cancel: restore the folder or its history from a backup; to \
                 start a new history knowingly, remove the folder first",
                diff::OCCURRENCES
            ),
        ));
    }
    let live = diff::read_published(&occurrences)?;
    let digest = history::digest(&live);
    let history = match history {
        Some(h) => {
            if let Some(expected) = h.latest().and_then(|p| p.digest.as_deref()) {
                if expected != digest {
                    return Err(Error::input(
                        &occurrences,
                        format!(
                            "these occurrences are not the ones publication {} of {} published (their digest differs): \
                             the folder was changed by hand; restore it from a backup",
                            h.latest().map_or(0, |p| p.number),
                            history::CHANGES
                        ),
                    ));
                }
            }
            h
        }
        // A folder from before the history: its occurrences are
        // publication 1, of unknown time.
        None => History {
            publications: vec![history::Publication {
                number: 1,
                published: None,
                occurrences: live.len(),
                first: true,
                summary: diff::Summary {
                    added: live.len(),
                    ..diff::Summary::default()
                },
                digest: Some(digest),
                changes: Vec::new(),
            }],
        },
    };
    let mut store = Store::create(path)?;
    if let Err(e) = store.take_over(&history, &live) {
        drop(store);
        store::remove(path);
        return Err(e);
    }
    Ok(store)
}

/// The text of an export of a folder, read only from a regular file and
/// up to [`MAX_EXPORT_BYTES`]; `None` when it is not there.
fn read_export(path: &Path) -> Result<Option<String>, Error> {
    match diff::read_regular(path, MAX_EXPORT_BYTES) {
        Ok(text) => Ok(Some(text)),
        Err(Error::Read { source, .. }) if source.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The most an export of a folder taken over may hold.
const MAX_EXPORT_BYTES: u64 = diff::MAX_JSON_BYTES;

/// Whether something is at `path` (a link to nothing included).
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Where the files go, from several threads.
trait Sink: Sync {
    /// Starts the file `name`; it is complete once [`Output::close`]d.
    fn create(&self, name: &str) -> Result<Box<dyn Output + '_>, Error>;

    /// What errors about the file `name` name.
    fn path_of(&self, name: &str) -> PathBuf;
}

/// A file being written.
trait Output: Write {
    /// Flushes the file and puts it in its place.
    fn close(self: Box<Self>) -> io::Result<()>;
}

/// Writes the file `name` of what `fill` writes.
fn put(
    sink: &dyn Sink,
    name: &str,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let out = sink.create(name)?;
    // Buffered here, above the sink: the many small writes of a serializer
    // cost a copy each, not a call through each layer below.
    let mut out = BufWriter::with_capacity(BUFFER, out);
    fill(&mut out)
        .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|out| out.close())
        .map_err(|source| sink.failed(name, source))
}

impl dyn Sink + '_ {
    /// The error of a failed write of `name`.
    fn failed(&self, name: &str, source: io::Error) -> Error {
        Error::Output {
            path: self.path_of(name),
            source,
        }
    }
}

/// Files in memory, for [`render`].
#[derive(Default)]
struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

struct InMemory<'a> {
    sink: &'a Memory,
    name: String,
    bytes: Vec<u8>,
}

impl Write for InMemory<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Output for InMemory<'_> {
    fn close(self: Box<Self>) -> io::Result<()> {
        let InMemory { sink, name, bytes } = *self;
        sink.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name, bytes);
        Ok(())
    }
}

impl Sink for Memory {
    fn create(&self, name: &str) -> Result<Box<dyn Output + '_>, Error> {
        Ok(Box::new(InMemory {
            sink: self,
            name: name.to_string(),
            bytes: Vec::new(),
        }))
    }

    fn path_of(&self, name: &str) -> PathBuf {
        PathBuf::from(name)
    }
}

/// Files in a staging folder, for [`build`] and [`write_dir`].
struct Disk<'a> {
    staging: &'a Staging,
    /// The folder asked for, which errors name.
    dir: &'a Path,
    /// The tag of each file written (see [`TAGS`]).
    tags: Mutex<BTreeMap<String, u128>>,
}

/// The hidden file of a published folder that gives each file's tag: a
/// 128-bit hash (XXH3) of its bytes, which `serve` sends as its `ETag`, so
/// that a file whose bytes did not change keeps its tag through every
/// publication.
pub const TAGS: &str = ".castcal-tags";

impl Disk<'_> {
    /// Writes [`TAGS`] of the files written so far.
    fn write_tags(&self) -> io::Result<()> {
        let tags = self
            .tags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut text = String::new();
        for (name, tag) in tags.iter() {
            text.push_str(&format!("{tag:032x} {name}\n"));
        }
        self.staging.write(TAGS, text.as_bytes())
    }
}

/// The tags of the files of the folder `dir` as its [`TAGS`] gives them:
/// by name. Empty when it has none.
pub fn tags(dir: &std::fs::File) -> HashMap<String, String> {
    let Ok(fd) = rustix::fs::openat(
        dir,
        TAGS,
        rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::CLOEXEC,
        rustix::fs::Mode::empty(),
    ) else {
        return HashMap::new();
    };
    let mut text = String::new();
    if io::Read::read_to_string(&mut io::Read::take(fs::File::from(fd), 1 << 24), &mut text)
        .is_err()
    {
        return HashMap::new();
    }
    text.lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(tag, _)| tag.len() == 32 && tag.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(tag, name)| (name.to_string(), format!("\"{tag}\"")))
        .collect()
}

/// A file of the staging folder; what writes to it is buffered above it,
/// and hashed on its way.
struct OnDisk<'a> {
    file: fs::File,
    hash: xxhash_rust::xxh3::Xxh3Default,
    name: String,
    tags: &'a Mutex<BTreeMap<String, u128>>,
}

impl Write for OnDisk<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)?;
        self.hash.update(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Output for OnDisk<'_> {
    fn close(self: Box<Self>) -> io::Result<()> {
        self.file.sync_all()?;
        self.tags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(self.name, self.hash.digest128());
        Ok(())
    }
}

impl Sink for Disk<'_> {
    fn create(&self, name: &str) -> Result<Box<dyn Output + '_>, Error> {
        if !is_plain_name(name) {
            return Err(bad_name(name));
        }
        // As `Staging::write` makes its files: new, never through a path
        // that exists already.
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o666)
            .open(self.staging.path().join(name))
            .map_err(Error::output(self.path_of(name)))?;
        Ok(Box::new(OnDisk {
            file,
            hash: xxhash_rust::xxh3::Xxh3Default::new(),
            name: name.to_string(),
            tags: &self.tags,
        }))
    }

    fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// An output that says, when a write to it fails, which file it is.
struct Named<'a> {
    out: Box<dyn Output + 'a>,
    name: &'a str,
    failed: &'a Cell<Option<&'a str>>,
}

impl Write for Named<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out
            .write(buf)
            .inspect_err(|_| self.failed.set(Some(self.name)))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out
            .write_all(buf)
            .inspect_err(|_| self.failed.set(Some(self.name)))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out
            .flush()
            .inspect_err(|_| self.failed.set(Some(self.name)))
    }
}

fn bad_name(name: &str) -> Error {
    Error::Usage(format!(
        "{name:?} cannot be the name of a file in the published folder"
    ))
}

/// One outlet's part of the plans: its feed, and above
/// [`MAX_YEAR_OCCURRENCES`] its printable years.
struct Part<'e, 'p> {
    id: &'p str,
    name: &'p str,
    /// Its occurrences, in the expansion's order.
    occurrences: Vec<&'e Occurrence<'p>>,
}

/// One file of the folder.
#[derive(Debug, Clone, Copy)]
enum Job {
    Json,
    /// The feeds of the [`Part`]s of one batch of [`MAX_OPEN_FEEDS`], in
    /// one pass; the first batch's also writes `all.ics`.
    Feeds(usize),
    Csv(Lang),
    Xlsx(Lang),
    Year(Lang),
    /// The printable year of a [`Part`], by index.
    PartYear(usize, Lang),
    /// The printable year of what is on no outlet, with the parts' years.
    NoOutletYear(Lang),
    /// `check.json`, and what `index.html` says of the check.
    Check,
    /// `changes.json`, `changes.html`, `changes-en.html` and each outlet's
    /// Atom feed of changes.
    Changes,
    /// The programme guide (XMLTV) of every channel, `guide.xml`; or of
    /// the [`Part`] of one tv or radio outlet, by index, `ID.xml`.
    Guide(Option<usize>),
}

/// Everything the folder's files are made of, worked out once.
struct Folder<'e, 'p> {
    plans: &'p [Plan],
    expansion: &'e Expansion<'p>,
    /// One per outlet id any plan declares, sorted by id.
    parts: Vec<Part<'e, 'p>>,
    /// The part of each plan's outlet, by the outlet's address.
    part_of: HashMap<usize, usize>,
    /// The occurrences on no outlet, in the expansion's order.
    none: Vec<&'e Occurrence<'p>>,
    /// Whether there are too many occurrences for one printable year.
    per_outlet: bool,
    /// `index.html` but for what the check found.
    page: Index,
    /// What the check found: errors, warnings, the first findings.
    checked: Mutex<Option<(index::Checked, index::Checked)>>,
    /// What the summary of a large plan says of each part, and of what is
    /// on no outlet.
    counts: OnceLock<(Vec<Counts>, Option<Counts>)>,
    /// Whether the spreadsheets are written.
    sheets: bool,
    /// The history with this publication, and the versions of the events.
    published: Published,
    /// The parts of the tv and radio outlets, which get a programme guide.
    channels: Vec<usize>,
    /// What the programme guides share, worked out by the first to need it.
    guide: OnceLock<xmltv::Guide<'e, 'p>>,
}

/// The part of the outlet `o` is on, if any (`part_of`: by the outlet's
/// address, as [`Folder::part_of`]).
fn part_of_outlet(part_of: &HashMap<usize, usize>, o: &Occurrence) -> Option<usize> {
    let outlet = o.outlet?;
    part_of.get(&(outlet as *const Outlet as usize)).copied()
}

/// The names of a part's printable years (an outlet id is a slug: no dot,
/// so these can be no other file's).
fn part_year(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("year.{id}.html"),
        Lang::En => format!("year-en.{id}.html"),
    }
}

/// The names of the printable years of what is on no outlet (no outlet's
/// files end in `-none.html`: theirs are `ID.ics` and `year.ID.html`).
fn no_outlet_year(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "year-none.html",
        Lang::En => "year-en-none.html",
    }
}

impl<'e, 'p> Folder<'e, 'p> {
    fn new(
        plans: &'p [Plan],
        expansion: &'e Expansion<'p>,
        options: &Options,
        published: Published,
    ) -> Result<Self, Error> {
        // One part per outlet id, in id order, the name from the first plan
        // that declares it; then each occurrence to its part, in one pass.
        let mut ids: BTreeMap<&'p str, &'p str> = BTreeMap::new();
        for plan in plans {
            for o in plan.outlets.values() {
                ids.entry(o.id.as_str()).or_insert(o.name.as_str());
            }
        }
        let mut parts: Vec<Part> = ids
            .into_iter()
            .map(|(id, name)| Part {
                id,
                name,
                occurrences: Vec::new(),
            })
            .collect();
        let mut part_of: HashMap<usize, usize> = HashMap::new();
        for plan in plans {
            for o in plan.outlets.values() {
                if let Ok(i) = parts.binary_search_by(|p| p.id.cmp(o.id.as_str())) {
                    part_of.insert(o as *const Outlet as usize, i);
                }
            }
        }
        let mut none = Vec::new();
        for o in expansion.iter() {
            if let Some(part) = part_of_outlet(&part_of, o).and_then(|i| parts.get_mut(i)) {
                part.occurrences.push(o);
            } else if o.outlet.is_none() {
                none.push(o);
            }
        }
        let per_outlet = expansion.len() > MAX_YEAR_OCCURRENCES;

        let mut feeds = vec![index::Feed {
            file: "all.ics".to_string(),
            label: [
                words::Words::VI.all_outlets.to_string(),
                words::Words::EN.all_outlets.to_string(),
            ],
            events: expansion.len(),
            changes: None,
        }];
        for part in &parts {
            feeds.push(index::Feed {
                file: format!("{}.ics", part.id),
                label: [0, 1].map(|_| format!("{} ({})", part.name, part.id)),
                events: part.occurrences.len(),
                changes: Some(changes::atom_file(part.id)),
            });
        }
        let year = |w: &'static words::Words| {
            if per_outlet {
                w.year_summary
            } else {
                w.year
            }
        };
        let file = |name: &str, pick: &dyn Fn(&'static words::Words) -> &'static str| {
            (
                name.to_string(),
                pick(&words::Words::VI).to_string(),
                pick(&words::Words::EN).to_string(),
            )
        };
        let sheets = expansion.len() <= options.max_sheet_occurrences;
        let mut files = vec![
            file("year.html", &year),
            file("year-en.html", &|w| w.year_en),
        ];
        if sheets {
            files.push(file("lich-vi.xlsx", &|w| w.xlsx_vi));
            files.push(file("calendar-en.xlsx", &|w| w.xlsx_en));
        }
        let files_note = (!sheets).then(|| {
            [
                words::Words::VI.no_sheets.to_string(),
                words::Words::EN.no_sheets.to_string(),
            ]
        });
        files.extend([
            file("lich-vi.csv", &|w| w.csv_vi),
            file("calendar-en.csv", &|w| w.csv_en),
            file("changes.html", &|w| w.changes_vi),
            file("changes-en.html", &|w| w.changes_en),
        ]);
        // A guide of each tv or radio outlet with a programme (the XMLTV
        // validator refuses a channel without one), and of them all.
        let channels: Vec<usize> = (0..parts.len())
            .filter(|&i| {
                parts.get(i).is_some_and(|p| {
                    is_channel(plans, p.id) && p.occurrences.iter().any(|o| xmltv::is_programme(o))
                })
            })
            .collect();
        if !channels.is_empty() {
            files.push(file("guide.xml", &|w| w.guide));
        }
        for part in channels.iter().filter_map(|&i| parts.get(i)) {
            files.push((
                format!("{}.xml", part.id),
                format!("{}{} ({})", words::Words::VI.guide_of, part.name, part.id),
                format!("{}{} ({})", words::Words::EN.guide_of, part.name, part.id),
            ));
        }
        files.extend([
            file("occurrences.json", &|w| w.occurrences_json),
            file("check.json", &|w| w.check_json),
            file(history::CHANGES, &|w| w.changes_json),
        ]);
        let mut years = Vec::new();
        if per_outlet {
            years.extend(
                parts
                    .iter()
                    .filter(|p| !p.occurrences.is_empty())
                    .map(|p| index::Year {
                        label: [0, 1].map(|_| format!("{} ({})", p.name, p.id)),
                        occurrences: p.occurrences.len(),
                        vi: part_year(p.id, Lang::Vi),
                        en: part_year(p.id, Lang::En),
                    }),
            );
            if !none.is_empty() {
                years.push(index::Year {
                    label: [
                        crate::words::page::Words::VI.no_outlet.to_string(),
                        crate::words::page::Words::EN.no_outlet.to_string(),
                    ],
                    occurrences: none.len(),
                    vi: no_outlet_year(Lang::Vi).to_string(),
                    en: no_outlet_year(Lang::En).to_string(),
                });
            }
        }
        let page = Index {
            title: plans
                .iter()
                .map(|p| p.title.as_str())
                .collect::<Vec<_>>()
                .join(" · "),
            reference: join(plans.iter().filter_map(|p| p.reference.as_deref())),
            published: plans
                .iter()
                .map(|p| p.published.date())
                .max()
                .map(|d| Dmy(d).to_string())
                .unwrap_or_default(),
            feeds,
            files,
            files_note,
            years,
            base_url: options.base_url.clone(),
            problem: None,
            latest: published
                .history
                .latest()
                .filter(|p| !p.first)
                .map(|p| [Lang::Vi, Lang::En].map(|lang| latest(p, lang))),
            ..Index::default()
        };
        Ok(Folder {
            plans,
            expansion,
            parts,
            part_of,
            none,
            per_outlet,
            page,
            checked: Mutex::new(None),
            sheets,
            counts: OnceLock::new(),
            channels,
            guide: OnceLock::new(),
            published,
        })
    }

    /// Checks the plans and writes `check.json`; what `index.html` says of
    /// the check is kept for it.
    fn check(&self, sink: &dyn Sink) -> Result<(), Error> {
        // One check, worded for the public in Vietnamese (check.json too)
        // and in English for the English page.
        let report = check::check(self.plans, self.expansion, &[]);
        let mut json = check::report::json(&report, Lang::Vi)?;
        if !json.ends_with('\n') {
            json.push('\n');
        }
        let vi = shown(&report, Lang::Vi);
        let en = shown(&report, Lang::En);
        drop(report);
        put(sink, "check.json", &mut |out| {
            out.write_all(json.as_bytes())
        })?;
        *self
            .checked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((vi, en));
        Ok(())
    }

    /// Writes the history: `changes.json`, the pages of changes and each
    /// outlet's Atom feed of them.
    fn changes(&self, sink: &dyn Sink) -> Result<(), Error> {
        let history = &self.published.history;
        let json = history.json()?;
        put(sink, history::CHANGES, &mut |out| {
            out.write_all(json.as_bytes())
        })?;
        let outlets: Vec<changes::Outlet> = self
            .parts
            .iter()
            .map(|p| changes::Outlet {
                id: p.id,
                name: p.name,
            })
            .collect();
        let title = &self.page.title;
        let listing = changes::Listing::new(history);
        for lang in [Lang::Vi, Lang::En] {
            let page = changes::html(&listing, title, &outlets, lang);
            let name = crate::words::changes::Words::of(lang).file;
            put(sink, name, &mut |out| out.write_all(page.as_bytes()))?;
        }
        let plans = self
            .plans
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join("+");
        let feed = changes::Feed {
            title,
            plans: &plans,
            base_url: self.page.base_url.as_deref(),
            updated: history::stamp(self.plans).unwrap_or_default(),
        };
        for outlet in &outlets {
            put(sink, &changes::atom_file(outlet.id), &mut |out| {
                changes::atom(out, &listing, *outlet, &feed)
            })?;
        }
        Ok(())
    }

    /// The files, largest first (so that the threads end together).
    fn jobs(&self) -> Vec<Job> {
        // The spreadsheets take the longest (the library writes each on one core).
        let mut jobs = if self.sheets {
            vec![Job::Xlsx(Lang::Vi), Job::Xlsx(Lang::En)]
        } else {
            Vec::new()
        };
        jobs.extend((0..self.parts.len().div_ceil(MAX_OPEN_FEEDS).max(1)).map(Job::Feeds));
        jobs.extend([
            Job::Changes,
            Job::Json,
            Job::Csv(Lang::Vi),
            Job::Csv(Lang::En),
            Job::Year(Lang::Vi),
            Job::Year(Lang::En),
        ]);
        if !self.channels.is_empty() {
            jobs.push(Job::Guide(None));
        }
        jobs.extend(self.channels.iter().map(|&i| Job::Guide(Some(i))));
        for (i, part) in self.parts.iter().enumerate() {
            if self.per_outlet && !part.occurrences.is_empty() {
                jobs.push(Job::PartYear(i, Lang::Vi));
                jobs.push(Job::PartYear(i, Lang::En));
            }
        }
        if self.per_outlet && !self.none.is_empty() {
            jobs.push(Job::NoOutletYear(Lang::Vi));
            jobs.push(Job::NoOutletYear(Lang::En));
        }
        // The check first: the index waits for it.
        jobs.insert(0, Job::Check);
        jobs
    }

    fn name(&self, job: Job) -> String {
        let id = |i: usize| self.parts.get(i).map_or("", |p| p.id);
        match job {
            Job::Json => "occurrences.json".to_string(),
            Job::Feeds(0) => "all.ics".to_string(),
            Job::Feeds(batch) => format!("{}.ics", id(batch * MAX_OPEN_FEEDS)),
            Job::Csv(Lang::Vi) => "lich-vi.csv".to_string(),
            Job::Csv(Lang::En) => "calendar-en.csv".to_string(),
            Job::Xlsx(Lang::Vi) => "lich-vi.xlsx".to_string(),
            Job::Xlsx(Lang::En) => "calendar-en.xlsx".to_string(),
            Job::Year(Lang::Vi) => "year.html".to_string(),
            Job::Year(Lang::En) => "year-en.html".to_string(),
            Job::PartYear(i, lang) => part_year(id(i), lang),
            Job::NoOutletYear(lang) => no_outlet_year(lang).to_string(),
            Job::Check => "check.json".to_string(),
            Job::Changes => history::CHANGES.to_string(),
            Job::Guide(None) => "guide.xml".to_string(),
            Job::Guide(Some(i)) => format!("{}.xml", id(i)),
        }
    }

    /// Writes one file's bytes to `out`.
    fn fill(&self, job: Job, out: &mut dyn Write) -> io::Result<()> {
        let (plans, expansion) = (self.plans, self.expansion);
        match job {
            Job::Json => crate::export::json::write(out, expansion.occurrences()),
            // Written by `run`.
            Job::Feeds(_) => Ok(()),
            Job::Csv(lang) => {
                let options = csv::Options {
                    lang,
                    delimiter: csv::Delimiter::Comma,
                    bom: true,
                    outlets: Vec::new(),
                };
                csv::write(out, expansion.occurrences(), &options)
            }
            Job::Xlsx(lang) => {
                let options = xlsx::Options {
                    lang,
                    outlets: Vec::new(),
                };
                xlsx::write(out, plans, expansion.occurrences(), &options)
            }
            Job::Year(lang) => {
                let page = if self.per_outlet {
                    // Counted once for both languages.
                    let (counts, none) = self.counts.get_or_init(|| {
                        let counts = self
                            .parts
                            .iter()
                            .map(|p| Counts::of(p.occurrences.iter().copied()))
                            .collect();
                        let none = Counts::of(self.none.iter().copied());
                        (counts, (!self.none.is_empty()).then_some(none))
                    });
                    let years: Vec<OutletYear> = self
                        .parts
                        .iter()
                        .zip(counts)
                        .map(|(p, counts)| OutletYear {
                            id: p.id,
                            name: p.name,
                            counts: *counts,
                            file: (!p.occurrences.is_empty()).then(|| part_year(p.id, lang)),
                        })
                        .collect();
                    let none = none.map(|c| (c, no_outlet_year(lang)));
                    html::render_summary(plans, expansion.len(), &years, none, lang)
                } else {
                    html::render(plans, expansion, lang)
                };
                out.write_all(page.as_bytes())
            }
            Job::NoOutletYear(lang) => {
                let page = html::render_no_outlet(plans, &self.none, lang);
                out.write_all(page.as_bytes())
            }
            Job::PartYear(i, lang) => match self.parts.get(i) {
                Some(part) => {
                    let outlets = [part.id.to_string()];
                    let page = html::render_outlets(plans, &part.occurrences, lang, &outlets);
                    out.write_all(page.as_bytes())
                }
                None => Ok(()),
            },
            // Written by `run`.
            Job::Check | Job::Changes => Ok(()),
            Job::Guide(part) => {
                let guide = self
                    .guide
                    .get_or_init(|| xmltv::Guide::new(plans, expansion.occurrences()));
                match part.map(|i| self.parts.get(i)) {
                    None => guide.write(out, &[], expansion.occurrences()),
                    Some(Some(p)) => guide.write(out, &[p.id.to_string()], &p.occurrences),
                    Some(None) => Ok(()),
                }
            }
        }
    }

    /// Writes the file of `job` (of [`Job::Feeds`]: a batch of feeds) to `sink`.
    fn run(&self, job: Job, sink: &dyn Sink) -> Result<(), Error> {
        let batch = match job {
            Job::Feeds(batch) => batch,
            Job::Check => return self.check(sink),
            Job::Changes => return self.changes(sink),
            _ => return put(sink, &self.name(job), &mut |out| self.fill(job, out)),
        };
        // The batch's feeds (and all.ics) in one pass, each event formatted
        // once: which file failed is told by the writer that saw it fail.
        let first = batch * MAX_OPEN_FEEDS;
        let mine = self.parts.iter().skip(first).take(MAX_OPEN_FEEDS);
        let failed: Cell<Option<&str>> = Cell::new(None);
        let names: Vec<String> = mine.clone().map(|p| format!("{}.ics", p.id)).collect();
        let all = match batch {
            0 => Some(BufWriter::with_capacity(
                BUFFER,
                Named {
                    out: sink.create("all.ics")?,
                    name: "all.ics",
                    failed: &failed,
                },
            )),
            _ => None,
        };
        let mut parts = Vec::with_capacity(names.len());
        for (part, name) in mine.zip(&names) {
            // Written all at once: a smaller buffer each.
            let out = BufWriter::with_capacity(
                SMALL_BUFFER,
                Named {
                    out: sink.create(name)?,
                    name,
                    failed: &failed,
                },
            );
            parts.push((vec![part.id.to_string()], out));
        }
        let part_of = |_, o: &Occurrence| {
            let part = part_of_outlet(&self.part_of, o)?;
            part.checked_sub(first).filter(|k| *k < MAX_OPEN_FEEDS)
        };
        let part_of_outlet = |id: &str| {
            let part = self.parts.binary_search_by(|p| p.id.cmp(id)).ok()?;
            part.checked_sub(first).filter(|k| *k < MAX_OPEN_FEEDS)
        };
        let history = ics::History {
            versions: Arc::clone(&self.published.versions),
            part_of_outlet: &part_of_outlet,
        };
        let written = ics::write_split(
            all,
            self.plans,
            self.expansion,
            parts,
            &part_of,
            Some(&history),
        )
        .and_then(|(all, parts)| {
            for out in all.into_iter().chain(parts) {
                // A failed flush has said which file it was.
                let out = out.into_inner().map_err(io::IntoInnerError::into_error)?;
                let Named { out, name, failed } = out;
                out.close().inspect_err(|_| failed.set(Some(name)))?;
            }
            Ok(())
        });
        written.map_err(|source| sink.failed(failed.get().unwrap_or(&self.name(job)), source))
    }

    /// Writes every file to `sink`, on as many threads as the machine has
    /// cores (up to [`MAX_THREADS`]), each taking the next file to write,
    /// then `index.html`. The first failure, in the order of
    /// [`Folder::jobs`], is returned; the other threads stop after the file
    /// they are writing.
    fn write(&self, sink: &dyn Sink) -> Result<Summary, Error> {
        let jobs = self.jobs();
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .clamp(1, MAX_THREADS);
        let work = || -> Result<(), (usize, Error)> {
            while !failed.load(Ordering::Relaxed) {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&job) = jobs.get(i) else {
                    break;
                };
                if let Err(e) = self.run(job, sink) {
                    failed.store(true, Ordering::Relaxed);
                    return Err((i, e));
                }
            }
            Ok(())
        };
        let results: Vec<Result<(), (usize, Error)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut results = vec![work()];
            for handle in handles {
                match handle.join() {
                    Ok(result) => results.push(result),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            results
        });
        if let Some((_, e)) = results
            .into_iter()
            .filter_map(Result::err)
            .min_by_key(|(i, _)| *i)
        {
            return Err(e);
        }
        let (check_vi, check_en) = self
            .checked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .unwrap_or_default();
        let (errors, warnings) = (check_vi.errors, check_vi.warnings);
        let page = Index {
            check_vi,
            check_en,
            ..self.page.clone()
        };
        for (name, lang) in [("index.html", Lang::Vi), ("index-en.html", Lang::En)] {
            let html = index::render(&page, lang);
            put(sink, name, &mut |out| out.write_all(html.as_bytes()))?;
        }
        let outcome = &self.published.outcome;
        let summary = Summary {
            publication: outcome.new.then_some((outcome.number, outcome.summary)),
            stamp_reused: outcome.stamp_reused,
            occurrences: self.expansion.len(),
            feeds: self.parts.len() + 1,
            errors,
            warnings,
        };
        Ok(summary)
    }
}

/// Whether a plan declares the outlet `id` as a tv or radio outlet, one
/// with a programme guide.
fn is_channel(plans: &[Plan], id: &str) -> bool {
    plans
        .iter()
        .any(|p| p.outlets.get(id).is_some_and(|o| xmltv::is_channel(o.kind)))
}

/// What a page of the index says of `report`: the counts and the first
/// findings, each by the title of what it is about and without the advice
/// meant for whoever edits the plan.
fn shown(report: &check::Report, lang: Lang) -> index::Checked {
    let w = words::Words::of(lang);
    let findings = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Note)
        .take(MAX_FINDINGS_SHOWN)
        .map(|f| {
            let date = f
                .date
                .map(|d| format!("{} · ", Day(d, lang)))
                .unwrap_or_default();
            let about = f.title.as_deref().or(f.activity.as_deref());
            let about = about.map(|a| format!("“{a}”: ")).unwrap_or_default();
            let severity = match f.severity {
                Severity::Error => w.error,
                _ => w.warning,
            };
            format!("{severity} · {date}{about}{}", f.what(lang))
        })
        .collect();
    let (errors, warnings) = (report.summary.errors, report.summary.warnings);
    index::Checked {
        errors,
        warnings,
        findings,
        found: errors + warnings,
    }
}

/// What index.html says of the latest publication: `Lần công bố 2
/// (20/03/2023): dời lịch 1`.
fn latest(p: &history::Publication, lang: Lang) -> String {
    let w = crate::words::changes::Words::of(lang);
    let date = p
        .published
        .map(|t| format!(" ({})", Day(t.date_naive(), lang)))
        .unwrap_or_default();
    let s = &p.summary;
    let counts = crate::words::changes::counts(lang, s.added, s.cancelled, s.moved, s.changed);
    format!("{} {}{date}: {counts}", w.publication, p.number)
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
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") if name.ends_with("-changes.xml") => "application/atom+xml; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
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
    if let Some(name) = site.files.keys().find(|name| !is_plain_name(name)) {
        return Err(bad_name(name));
    }
    let marker = site.files.get(MARKER).map_or(MARKER_TEXT, Vec::as_slice);
    publish(dir, marker, |sink| {
        for (file, bytes) in site.files.iter().filter(|(file, _)| *file != MARKER) {
            put(sink, file, &mut |out| out.write_all(bytes))?;
        }
        Ok(())
    })
}

/// Whether `dir` may be replaced by a folder castcal writes: it is not
/// there, or it is a folder (not a link) that castcal wrote or that is
/// empty. `true` when it exists.
///
/// # Errors
/// It may not be replaced, or cannot be looked at.
fn target(dir: &Path) -> Result<bool, Error> {
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
    if dir.file_name().is_none() {
        return Err(Error::Usage(format!(
            "{} is not a folder name",
            dir.display()
        )));
    }
    Ok(existing)
}

/// Makes the folder `dir` of what `fill` writes, as [`write_dir`] says.
fn publish(
    dir: &Path,
    marker: &[u8],
    fill: impl FnOnce(&Disk) -> Result<(), Error>,
) -> Result<(), Error> {
    // Without a trailing `/`, which would make lstat(2) follow a link.
    let dir: &Path = &dir.components().collect::<PathBuf>();
    let fail = |source: io::Error| Error::Output {
        path: dir.to_path_buf(),
        source,
    };
    let existing = target(dir)?;
    let parent = output::folder_of(dir);
    fs::create_dir_all(&parent).map_err(fail)?;
    output::remove_leftovers(&parent);
    let staging = Staging::create(&parent).map_err(fail)?;
    // The marker first: a run killed from here on leaves a folder the next
    // run knows for castcal's.
    staging.write(MARKER, marker).map_err(fail)?;
    let disk = Disk {
        staging: &staging,
        dir,
        tags: Mutex::new(BTreeMap::new()),
    };
    fill(&disk)?;
    disk.write_tags().map_err(fail)?;
    staging.sync().map_err(fail)?;
    fail_point("staged");
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

#[cfg(test)]
mod index_tests {
    use super::*;

    /// The index gives the latest publication of the plans, compared as
    /// dates (as text, 31/01 would come after 01/06).
    #[test]
    fn the_index_is_dated_by_the_latest_plan() {
        let plan = |id: &str, published: &str| {
            let text = format!(
                "plan: {{ id: {id}, title: {id}, timezone: UTC, published: {published},\n\
                 \x20       period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\nactivities: []\n"
            );
            crate::plan::load_one(format!("{id}.yaml").as_ref(), text)
        };
        let plans = [plan("a", "2023-01-31T08:00"), plan("b", "2023-06-01T08:00")];
        let plans: Vec<Plan> = plans.into_iter().collect::<Result<_, _>>().unwrap();
        let site = render(&plans, &Options::default()).unwrap();
        let index = String::from_utf8_lossy(site.files.get("index.html").unwrap()).into_owned();
        assert!(index.contains("01/06/2023"), "{index}");
        assert!(!index.contains("31/01/2023"), "{index}");
    }

    /// Above the spreadsheets' limit, no workbook, and the index says how
    /// to make one outlet's; at it, both workbooks, linked.
    #[test]
    fn large_plans_get_no_spreadsheet_but_a_word_on_how() {
        let plans = [crate::testing::daily_plan("Asia/Ho_Chi_Minh", "A", |i| {
            format!("S{i}")
        })];
        let n = crate::expand(&plans).unwrap().len();
        for (limit, written) in [(n, true), (n - 1, false)] {
            let options = Options {
                max_sheet_occurrences: limit,
                ..Options::default()
            };
            let site = render(&plans, &options).unwrap();
            for name in ["lich-vi.xlsx", "calendar-en.xlsx"] {
                assert_eq!(site.files.contains_key(name), written, "{name} at {limit}");
            }
            let index = String::from_utf8_lossy(site.files.get("index.html").unwrap()).into_owned();
            assert_eq!(index.contains("href=\"lich-vi.xlsx\""), written);
            assert_eq!(
                index.contains("Kế hoạch quá lớn cho một bảng tính: tạo bảng tính của từng kênh bằng castcal xlsx --outlet"),
                !written
            );
            let english =
                String::from_utf8_lossy(site.files.get("index-en.html").unwrap()).into_owned();
            assert_eq!(
                english.contains("The plan is too large for one spreadsheet"),
                !written
            );
        }
    }
}
