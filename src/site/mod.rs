//! The published folder: every output of the plans, ready for any web server.
//!
//! [`build`] writes each file straight into a staging folder beside the
//! folder asked for (nothing is held whole in memory: a national
//! broadcaster's year is some 2 GB of files), several files at a time on
//! machines with several cores, and swaps it in with one atomic rename, so
//! that a web server pointed at the folder never serves a mix of old and new
//! files. [`render`] makes the same files in memory.
//!
//! Each file is one entry of the table of outputs ([`outputs`]), written
//! from one [`outputs::Context`] worked out once; the folder's history of
//! publications is in a store beside it ([`crate::diff::store`]).
//!
//! Above [`MAX_YEAR_OCCURRENCES`] occurrences, `year.html` and
//! `year-en.html` are a summary per outlet, each outlet getting its own
//! printable year (`year.ID.html`, `year-en.ID.html`), and what is on no
//! outlet one too (`year-none.html`, `year-en-none.html`).

mod carry;
mod disk;
mod folder;
mod history;
pub mod outputs;
mod page;
mod record;
pub mod window;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::diff::{self, store};
use crate::error::Error;
use crate::expand::expand;
use crate::export::index;
use crate::files::MARKER;
use crate::plan::Plan;
use crate::reconcile::Evidence;
use crate::words::Lang;

pub use disk::{tags, write_dir};
pub use history::Published;
pub use outputs::MAX_YEAR_OCCURRENCES;

use disk::{publish, target, Memory, MARKER_TEXT};
use history::{open_store, Marker};

/// The most occurrences `build` writes as spreadsheets. A workbook costs
/// about twelve microseconds a row (its XML and its compression, on one
/// core): a province's plan or a station's channels (a few hundred
/// thousand rows) take seconds, a broadcaster's sixty channels (900,000)
/// would take half a minute for a sheet no one reads whole. Above it,
/// `index.html` says how to make one outlet's (`castcal xlsx --outlet`).
pub const MAX_SHEET_OCCURRENCES: usize = 200_000;

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
    /// publication's (so the new one was stamped with the run's instant,
    /// or a minute after the last when that is not later).
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
    /// The folder of the evidence of what was done (`evidence/` beside the
    /// plans, [`crate::reconcile::evidence_folder`]): when given, the folder
    /// publishes the reconciliation and each report deadline's report.
    pub evidence: Option<PathBuf>,
    /// The run's date: what the reconciliation and the reports count up
    /// to, and where a feed too large for a calendar service starts
    /// ([`window`]).
    pub today: Option<chrono::NaiveDate>,
    /// The run's instant ([`crate::reconcile::run_instant`]): the stamp of
    /// a publication whose plans' `published` time was not moved past the
    /// last publication's. Without, such a publication is stamped a
    /// minute after the last.
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// The most bytes of a feed offered for subscription, less one
    /// ([`window::MAX_FEED_BYTES`] by default).
    pub max_feed_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base_url: None,
            max_sheet_occurrences: MAX_SHEET_OCCURRENCES,
            evidence: None,
            today: None,
            now: None,
            max_feed_bytes: window::MAX_FEED_BYTES,
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
    let evidence = evidence(plans, &expansion, options)?;
    let ctx = outputs::Context::new(plans, &expansion, options.clone(), Some(&published))
        .with_evidence(evidence.as_ref());
    let memory = Memory::default();
    let summary = folder::write(&ctx, &memory)?;
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
        None => store::default_path(dir).ok_or_else(|| {
            let dir = dir.display();
            Error::Usage(
                crate::say!(
                    "{dir} không phải tên một thư mục",
                    "{dir} is not a folder name"
                )
                .to_string(),
            )
        })?,
    };
    target(dir)?;
    let _lock = store::Lock::acquire(&store_path, publishing.wait)?;
    fail_point("locked");
    let mut store = open_store(dir, &store_path, publishing.recover)?;
    let inputs = |store: &store::Store, evidence: Option<&Evidence>| -> Result<_, Error> {
        let latest = store.latest()?;
        let history = record::History {
            id: store.id(),
            path: &store_path,
            latest: latest.as_ref(),
        };
        Ok(record::Inputs::of(plans, options, evidence, &history))
    };
    let built = |summary| {
        // Nothing written, but what killed runs left beside the folder removed.
        disk::remove_leftovers_beside(dir);
        Built {
            summary,
            history: store_path.clone(),
        }
    };
    // Built of the same plans over the same history, and untouched since:
    // nothing to expand (the last build published these occurrences),
    // nothing to write. Evidence is read of an expansion: with it, this is
    // known after.
    if options.evidence.is_none() {
        if let Some(summary) = inputs(&store, None)?.and_then(|i| record::unchanged(dir, i)) {
            return Ok(built(summary));
        }
    }
    let expansion = expand(plans)?;
    let outcome = store.publish(plans, &expansion, options.now)?;
    fail_point("stored");
    let evidence = evidence(plans, &expansion, options)?;
    let inputs = inputs(&store, evidence.as_ref())?;
    if let Some(summary) = inputs
        .filter(|_| !outcome.new && options.evidence.is_some())
        .and_then(|inputs| record::unchanged(dir, inputs))
    {
        return Ok(built(summary));
    }
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
    let ctx = outputs::Context::new(plans, &expansion, options.clone(), Some(&published))
        .with_evidence(evidence.as_ref());
    let mut summary = None;
    publish(dir, marker.as_bytes(), |sink| {
        let written = folder::write(&ctx, sink)?;
        summary = Some(written);
        Ok(inputs.map(|inputs| (inputs, written)))
    })?;
    fail_point("swapped");
    Ok(Built {
        summary: summary.unwrap_or_default(),
        history: store_path,
    })
}

/// The evidence in `options.evidence`, when given.
///
/// # Errors
/// What [`Evidence::read_folder`] refuses of it.
fn evidence(
    plans: &[Plan],
    expansion: &crate::expand::Expansion,
    options: &Options,
) -> Result<Option<Evidence>, Error> {
    options
        .evidence
        .as_deref()
        .map(|folder| Evidence::read_folder(plans, expansion, folder, Lang::Vi))
        .transpose()
}

/// Stops the process at the step `name` of a publication when
/// `CASTCAL_FAIL_AT` names it: how the tests kill a build after each step.
pub(crate) fn fail_point(name: &str) {
    static AT: OnceLock<Option<String>> = OnceLock::new();
    let at = AT.get_or_init(|| std::env::var("CASTCAL_FAIL_AT").ok());
    if at.as_deref() == Some(name) {
        std::process::abort();
    }
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
