//! The history of a published folder, kept in an SQLite database beside it.
//!
//! Subscribers' calendars trust `SEQUENCE`: an update that does not raise
//! it is ignored, and an event that vanishes instead of being cancelled
//! stays in some clients for ever. So what a folder published is kept in a
//! store of its own, not in the files it exports: every publication and its
//! changes, and the last published version of every occurrence ever
//! published (its entry, its `SEQUENCE`, the publication that last changed
//! it, whether that change cancelled it). `changes.json`, `occurrences.json`
//! and the Atom feeds are written from it; deleting or damaging them
//! changes nothing but their next writing.
//!
//! The store lives beside the folder, outside what `build` swaps
//! (`public.history.sqlite` next to `public/` by default), in WAL mode,
//! one transaction per publication. Publications of one folder are made one
//! at a time: [`Lock`] is held from before the store is read until the new
//! folder is in place, and the store is written before the folder is
//! swapped, so a publication killed at any step leaves a store at least as
//! new as the folder, and `SEQUENCE` never goes down.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use super::history::{self, History, Publication, Record, Version, Versions};
use super::{stream, Entry, Field, Kind, Shared, Summary};
use crate::error::Error;
use crate::expand::Expansion;
use crate::occurrence::{Moment, Role};
use crate::plan::{Plan, Status};

/// The version of the store's tables this castcal writes and reads.
const FORMAT: i64 = 1;

/// What the `meta` table says a store is.
const APPLICATION: &str = "castcal history";

/// How long a command waits for another publication of the same folder
/// to finish before it gives up, unless told otherwise.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(120);

/// How often a waiting command tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

/// The store of the folder `dir` when none is named: beside it, its name
/// and `.history.sqlite` (`public` → `public.history.sqlite`).
pub fn default_path(dir: &Path) -> Option<PathBuf> {
    let dir: PathBuf = dir.components().collect();
    let name = dir.file_name()?.to_str()?;
    Some(dir.with_file_name(format!("{name}.history.sqlite")))
}

/// The right to publish a folder, held by one process at a time: an
/// advisory lock (`flock`) on a file beside the store (its name and
/// `.lock`), kept for as long as this value lives.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock of the store at `store`, waiting up to `wait` for
    /// another command that holds it.
    ///
    /// # Errors
    /// The lock file cannot be made or opened, or another publication of
    /// the folder still holds it after `wait`.
    pub fn acquire(store: &Path, wait: Duration) -> Result<Lock, Error> {
        let path = lock_path(store);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(Error::output(parent))?;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(Error::output(&path))?;
        let start = Instant::now();
        loop {
            match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(e) if e == rustix::io::Errno::WOULDBLOCK => {}
                // A file system without flock: nothing to wait for.
                Err(e) if e == rustix::io::Errno::NOSYS || e == rustix::io::Errno::NOTSUP => {
                    return Ok(Lock { _file: file })
                }
                Err(e) => return Err(Error::output(&path)(e.into())),
            }
            if start.elapsed() >= wait {
                let seconds = wait.as_secs();
                return Err(Error::input(
                    &path,
                    crate::say!(
                        "một lệnh castcal build hoặc serve khác đang công bố thư mục này và \
                         chưa xong sau {seconds} giây; hãy đợi nó xong rồi chạy lại (hoặc cho thêm thời gian với --wait)",
                        "another castcal build or serve is publishing this folder and has not \
                         finished after {seconds} s; wait for it and run again (or give more time with --wait)"
                    ),
                ));
            }
            std::thread::sleep(RETRY);
        }
    }
}

/// Removes the store at `path` and the files SQLite keeps beside it, as
/// far as they are there: what a store that could not be filled leaves.
pub fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let _ = fs::remove_file(PathBuf::from(name));
    }
}

/// The lock file of the store at `store`.
fn lock_path(store: &Path) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    store.with_file_name(name)
}

/// The latest publication, as the next one needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    /// Its number.
    pub number: u32,
    /// When it was published (`None` when unknown).
    pub published: Option<DateTime<FixedOffset>>,
    /// The digest of its occurrences.
    pub digest: Option<String>,
}

/// What a publication made of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The publication the folder now shows: the new one, or the latest
    /// when nothing changed.
    pub number: u32,
    /// Whether a publication was added.
    pub new: bool,
    /// What it changed (nothing for the first, which lists no change).
    pub summary: Summary,
    /// Whether the plans' `published` time was not after the last
    /// publication's, so the new one was stamped a minute after it.
    pub stamp_reused: bool,
}

/// An open history store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    id: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store at `path`, if there is one.
    ///
    /// # Errors
    /// Something is at `path` but it is not a regular file, not an SQLite
    /// database, or not a castcal history of a format this castcal reads.
    pub fn open(path: &Path) -> Result<Option<Store>, Error> {
        match fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::Read {
                    path: path.to_path_buf(),
                    source,
                })
            }
            Ok(m) if !m.is_file() => {
                return Err(Error::input(
                    path,
                    crate::say!(
                        "lịch sử công bố phải ở đây, nhưng đây không phải một tệp",
                        "the history of publications should be here, but this is not a file"
                    ),
                ))
            }
            Ok(_) => {}
        }
        if !is_sqlite(path) {
            return Err(Error::input(
                path,
                crate::say!(
                    "đây không phải lịch sử công bố của castcal (không phải cơ sở dữ liệu SQLite)",
                    "this is not a castcal history of publications (not an SQLite database)"
                ),
            ));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(store_error(path))?;
        configure(&conn).map_err(store_error(path))?;
        let meta = |key: &str| -> rusqlite::Result<Option<String>> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()
        };
        let application = meta("application").ok().flatten();
        if application.as_deref() != Some(APPLICATION) {
            return Err(Error::input(
                path,
                crate::say!(
                    "đây không phải lịch sử công bố của castcal (một cơ sở dữ liệu SQLite của việc khác)",
                    "this is not a castcal history of publications (an SQLite database of something else)"
                ),
            ));
        }
        let format = meta("format")
            .map_err(store_error(path))?
            .and_then(|f| f.parse::<i64>().ok());
        if format != Some(FORMAT) {
            return Err(Error::input(path, {
                let format = format.map_or_else(|| "?".to_string(), |f| f.to_string());
                crate::say!(
                        "lịch sử công bố này có định dạng {format}, castcal này không đọc được (nó đọc định dạng {FORMAT}): hãy dùng castcal đã ghi nó",
                        "this history of publications is of format {format}, which this castcal does not read (it reads {FORMAT}): use the castcal that wrote it"
                    )
            }));
        }
        let id = meta("id").map_err(store_error(path))?.unwrap_or_default();
        Ok(Some(Store {
            conn,
            path: path.to_path_buf(),
            id,
        }))
    }

    /// Makes a new, empty store at `path`, which must not exist.
    ///
    /// # Errors
    /// Something is at `path` already, or the database cannot be made.
    pub fn create(path: &Path) -> Result<Store, Error> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(Error::output(parent))?;
        }
        // Made exclusively: never a database through a planted link.
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(Error::output(path))?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(store_error(path))?;
        configure(&conn).map_err(store_error(path))?;
        let id = new_id(path);
        let tx = conn.transaction().map_err(store_error(path))?;
        tx.execute_batch(SCHEMA).map_err(store_error(path))?;
        for (key, value) in [
            ("application", APPLICATION.to_string()),
            ("format", FORMAT.to_string()),
            ("id", id.clone()),
        ] {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map_err(store_error(path))?;
        }
        tx.commit().map_err(store_error(path))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            id,
        })
    }

    /// The store's own name, which the folder's marker repeats.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The latest publication, if any.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn latest(&self) -> Result<Option<Latest>, Error> {
        latest(&self.conn).map_err(store_error(&self.path))
    }

    /// The occurrences the latest publication published, as a diff compares them.
    ///
    /// # Errors
    /// The database cannot be read, or holds what castcal does not write.
    pub fn live(&self) -> Result<Vec<Entry>, Error> {
        read_events(&self.conn, false)
            .map_err(store_error(&self.path))
            .map(|v| v.into_iter().map(|(e, _)| e).collect())
    }

    /// The version of every occurrence, and the cancelled ones.
    ///
    /// # Errors
    /// The database cannot be read, or holds what castcal does not write.
    pub fn versions(&self) -> Result<Versions, Error> {
        versions(&self.conn).map_err(store_error(&self.path))
    }

    /// Every publication, newest first, with its changes: what
    /// `changes.json`, the pages and the Atom feeds of changes export.
    ///
    /// # Errors
    /// The database cannot be read, or holds what castcal does not write.
    pub fn history(&self) -> Result<History, Error> {
        read_history(&self.conn).map_err(store_error(&self.path))
    }

    /// Publishes the occurrences of `expansion` (of `plans`): when their
    /// digest is the latest publication's, nothing; otherwise they are
    /// compared with what the latest published and, when something
    /// changed, a publication is added, in one transaction. The first
    /// publication lists no change.
    ///
    /// # Errors
    /// The database cannot be read or written (nothing is then changed), or
    /// the publication's stamp would fall after the year 9999 (at the
    /// plans' `published`).
    pub fn publish(
        &mut self,
        plans: &[Plan],
        expansion: &Expansion,
        now: Option<DateTime<Utc>>,
    ) -> Result<Outcome, Error> {
        let digest = history::digest_of(expansion);
        let path = self.path.clone();
        let fail = store_error(&path);
        let latest = latest(&self.conn).map_err(&fail)?;
        if let Some(l) = &latest {
            if l.digest.as_deref() == Some(digest.as_str()) {
                return Ok(Outcome {
                    number: l.number,
                    new: false,
                    summary: Summary::default(),
                    stamp_reused: false,
                });
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(&fail)?;
        let outcome = match latest {
            None => {
                let published = history::stamp(plans);
                insert_publication(
                    &tx,
                    &Publication {
                        number: 1,
                        published,
                        occurrences: expansion.len(),
                        first: true,
                        summary: Summary {
                            added: expansion.len(),
                            ..Summary::default()
                        },
                        digest: Some(digest),
                        changes: Vec::new(),
                    },
                )
                .map_err(&fail)?;
                insert_expansion(&tx, expansion).map_err(&fail)?;
                Outcome {
                    number: 1,
                    new: true,
                    summary: Summary::default(),
                    stamp_reused: false,
                }
            }
            Some(l) => {
                // The published occurrences read one at a time: never both
                // versions whole in memory.
                let (summary, records) = stream::changes(expansion, |each| {
                    each_event(&tx, false, &mut |e, _| each(e))
                })
                .map_err(&fail)?;
                if records.is_empty() {
                    // The same occurrences, from a history without the
                    // digest: recorded, so the next build need not compare.
                    tx.execute(
                        "UPDATE publications SET digest = ?1 WHERE number = ?2",
                        params![digest, l.number],
                    )
                    .map_err(&fail)?;
                    tx.commit().map_err(&fail)?;
                    return Ok(Outcome {
                        number: l.number,
                        new: false,
                        summary: Summary::default(),
                        stamp_reused: false,
                    });
                }
                let number = l.number.checked_add(1).ok_or_else(|| {
                    Error::input(
                        &path,
                        crate::say!(
                            "lịch sử này đã có số lần công bố nhiều nhất castcal đếm được",
                            "this history holds the most publications castcal counts"
                        ),
                    )
                })?;
                let last = last_stamp(&tx).map_err(&fail)?;
                let (published, stamp_reused) = next_stamp(plans, last, now)?;
                let publication = Publication {
                    number,
                    published,
                    occurrences: expansion.len(),
                    first: false,
                    summary,
                    digest: Some(digest),
                    changes: records,
                };
                insert_publication(&tx, &publication).map_err(&fail)?;
                apply(&tx, &publication).map_err(&fail)?;
                Outcome {
                    number,
                    new: true,
                    summary,
                    stamp_reused,
                }
            }
        };
        tx.commit().map_err(&fail)?;
        Ok(outcome)
    }

    /// Fills a new, empty store with `history` and the occurrences its
    /// latest publication published (`live`), as a folder from before the
    /// store kept them in its `changes.json` and `occurrences.json`.
    ///
    /// # Errors
    /// The store is not empty, the history names a UID twice in one
    /// publication, or the database cannot be written.
    pub fn take_over(&mut self, history: &History, live: &[Entry]) -> Result<(), Error> {
        let path = self.path.clone();
        let fail = store_error(&path);
        if latest(&self.conn).map_err(&fail)?.is_some() {
            return Err(Error::input(
                &path,
                crate::say!(
                    "lịch sử công bố này không trống",
                    "this history of publications is not empty"
                ),
            ));
        }
        let tx = self.conn.transaction().map_err(&fail)?;
        let mut publications: Vec<&Publication> = history.publications.iter().collect();
        publications.reverse();
        for p in publications {
            insert_publication(&tx, p).map_err(&fail)?;
            apply(&tx, p).map_err(&fail)?;
        }
        // What the folder published: each live occurrence as it is, and
        // what no change named (the first publication's) at version 0.
        let first = history.publications.last().map_or(1, |p| p.number);
        {
            let mut texts = Texts::new(&tx).map_err(&fail)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO events (uid, text, outlet, start, end, status, role, sequence, changed_in, cancelled)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, 0)
                     ON CONFLICT (uid) DO UPDATE SET text = ?2, outlet = ?3, start = ?4, end = ?5,
                       status = ?6, role = ?7, cancelled = 0",
                )
                .map_err(&fail)?;
            for e in live {
                let text = texts.id(&e.plan, &e.activity, &e.title).map_err(&fail)?;
                insert
                    .execute(params![
                        &*e.uid,
                        text,
                        e.outlet.as_deref(),
                        moment_text(e.start),
                        moment_text(e.end),
                        e.status.as_str(),
                        e.role.as_str(),
                        first,
                    ])
                    .map_err(&fail)?;
            }
        }
        tx.commit().map_err(&fail)
    }
}

/// The tables of a store. `texts` holds each (plan, activity, title) once;
/// `events` the last published version of every occurrence ever published.
const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE publications (
  number INTEGER PRIMARY KEY,
  published TEXT,
  occurrences INTEGER NOT NULL,
  first INTEGER NOT NULL,
  added INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  moved INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  digest TEXT
);
CREATE TABLE texts (
  id INTEGER PRIMARY KEY,
  plan TEXT NOT NULL,
  activity TEXT NOT NULL,
  title TEXT NOT NULL,
  UNIQUE (plan, activity, title)
);
CREATE TABLE changes (
  publication INTEGER NOT NULL REFERENCES publications (number),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  uid TEXT NOT NULL,
  role TEXT NOT NULL,
  fields TEXT NOT NULL,
  from_text INTEGER REFERENCES texts (id),
  from_outlet TEXT,
  from_start TEXT,
  from_end TEXT,
  from_status TEXT,
  to_text INTEGER REFERENCES texts (id),
  to_outlet TEXT,
  to_start TEXT,
  to_end TEXT,
  to_status TEXT,
  PRIMARY KEY (publication, position),
  UNIQUE (publication, uid)
);
CREATE TABLE events (
  uid TEXT PRIMARY KEY,
  text INTEGER NOT NULL REFERENCES texts (id),
  outlet TEXT,
  start TEXT NOT NULL,
  end TEXT NOT NULL,
  status TEXT NOT NULL,
  role TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  changed_in INTEGER NOT NULL,
  cancelled INTEGER NOT NULL
) WITHOUT ROWID;
";

/// WAL (readers never wait for a publication), and commits that survive a
/// power cut (`synchronous = FULL`).
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(30))?;
    // 32 MiB of pages: a broadcaster's publication touches many.
    conn.pragma_update(None, "cache_size", -32_768)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")
}

/// Whether the file at `path` starts as an SQLite database does (an empty
/// file too, which SQLite would take for a new one: not ours).
fn is_sqlite(path: &Path) -> bool {
    let mut head = [0u8; 16];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// A name no other store has: random, from the system.
fn new_id(path: &Path) -> String {
    let mut bytes = [0u8; 12];
    let random = File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if random.is_err() {
        use sha2::Digest as _;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let mut h = sha2::Sha256::new();
        h.update(now.as_nanos().to_le_bytes());
        h.update(std::process::id().to_le_bytes());
        h.update(path.as_os_str().as_encoded_bytes());
        for (b, x) in bytes.iter_mut().zip(h.finalize()) {
            *b = x;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn store_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| {
        // A full disk shows as SQLITE_FULL, or as an I/O error when the
        // write-ahead log's index cannot grow: say what it is and what to do.
        let full = matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure)
        );
        let source: Box<dyn std::error::Error + Send + Sync> = if full {
            Box::new(io::Error::other(format!(
                "{e}: the disk it is on is full or failing; free space there and run again \
                 (nothing was published: the folder and its history are as they were)"
            )))
        } else {
            Box::new(e)
        };
        Error::Store {
            path: path.to_path_buf(),
            source,
        }
    }
}

fn latest(conn: &Connection) -> rusqlite::Result<Option<Latest>> {
    conn.query_row(
        "SELECT number, published, digest FROM publications ORDER BY number DESC LIMIT 1",
        [],
        |r| {
            Ok(Latest {
                number: r.get(0)?,
                published: stamp_of(r.get::<_, Option<String>>(1)?, 1)?,
                digest: r.get(2)?,
            })
        },
    )
    .optional()
}

/// The latest known stamp of a publication.
fn last_stamp(conn: &Connection) -> rusqlite::Result<Option<DateTime<FixedOffset>>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT published FROM publications WHERE published IS NOT NULL
             ORDER BY number DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    stamp_of(text, 0)
}

/// The stamp of a new publication of `plans` after one stamped `last`: the
/// plans' `published` time when it is later; else (`stamp_reused`) the
/// run's instant `now` (the build's time, or `SOURCE_DATE_EPOCH`) in the
/// plans' offset when that is later, or a minute after `last`.
///
/// # Errors
/// That minute would fall after the year 9999, which calendar files cannot
/// hold: at the plans' `published`.
pub fn next_stamp(
    plans: &[Plan],
    last: Option<DateTime<FixedOffset>>,
    now: Option<DateTime<Utc>>,
) -> Result<(Option<DateTime<FixedOffset>>, bool), Error> {
    let planned = history::stamp(plans);
    match (planned, last) {
        (Some(t), Some(last)) if t <= last => {
            if let Some(now) = now.map(|n| n.with_timezone(t.offset())) {
                if now > last && now.date_naive() <= MAX_STAMP_DAY {
                    return Ok((Some(now), true));
                }
            }
            let next = last.checked_add_signed(TimeDelta::minutes(1)).filter(|n| {
                n.naive_utc().date() <= MAX_STAMP_DAY && n.date_naive() <= MAX_STAMP_DAY
            });
            match next {
                Some(next) => Ok((Some(next), true)),
                None => {
                    let place = plans
                        .iter()
                        .max_by_key(|p| {
                            crate::zone::place_in_zone(p.published, p.timezone).timestamp()
                        })
                        .map(|p| p.published_place.clone());
                    let last = last.to_rfc3339();
                    let message = crate::say!(
                        "lần công bố trước ghi thời điểm {last}, lần này phải ghi muộn hơn, \
                         sau năm 9999 mà tệp lịch ghi được; lịch sử của thư mục này \
                         không thể tiếp tục: hãy công bố vào một thư mục mới",
                        "the last publication was stamped {last}, and this one must be stamped later, \
                         after the year 9999 that calendar files hold; the history of this folder \
                         cannot go on: publish into a new folder"
                    )
                    .to_string();
                    Err(match place {
                        Some(place) => place.error(message).into(),
                        None => Error::Usage(message),
                    })
                }
            }
        }
        (t, _) => Ok((t, false)),
    }
}

/// The last day a stamp may fall on, in UTC and in its own offset.
const MAX_STAMP_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

fn stamp_of(
    text: Option<String>,
    column: usize,
) -> rusqlite::Result<Option<DateTime<FixedOffset>>> {
    text.map(|t| {
        DateTime::parse_from_rfc3339(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                column,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
    })
    .transpose()
}

/// A moment as the store keeps it, exactly: a wall-clock time and its
/// offset in seconds (`2023-01-18T17:45:00 25200`; an offset such as
/// Monrovia's −00:44:30 in 1970 is kept to the second), or a day.
fn moment_text(m: Moment) -> String {
    match m {
        Moment::At(t) => format!(
            "{} {}",
            t.naive_local().format("%Y-%m-%dT%H:%M:%S"),
            t.offset().local_minus_utc()
        ),
        Moment::Day(d) => d.format("%Y-%m-%d").to_string(),
    }
}

fn moment_of(text: &str, column: usize) -> rusqlite::Result<Moment> {
    let Some((local, offset)) = text.split_once(' ') else {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Moment::Day)
            .map_err(|e| conversion(column, e));
    };
    let local = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| conversion(column, e))?;
    offset
        .parse::<i32>()
        .ok()
        .and_then(FixedOffset::east_opt)
        .and_then(|o| local.and_local_timezone(o).single())
        .map(Moment::At)
        .ok_or_else(|| conversion(column, Unknown(text.to_string())))
}

fn conversion(column: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
}

#[derive(Debug)]
struct Unknown(String);

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a value castcal writes here", self.0)
    }
}

impl std::error::Error for Unknown {}

fn status_of(text: &str, column: usize) -> rusqlite::Result<Status> {
    match text {
        "confirmed" => Ok(Status::Confirmed),
        "tentative" => Ok(Status::Tentative),
        other => Err(conversion(column, Unknown(other.to_string()))),
    }
}

fn role_of(text: &str, column: usize) -> rusqlite::Result<Role> {
    match text {
        "premiere" => Ok(Role::Premiere),
        "rerun" => Ok(Role::Rerun),
        other => Err(conversion(column, Unknown(other.to_string()))),
    }
}

fn kind_of(text: &str, column: usize) -> rusqlite::Result<Kind> {
    match text {
        "added" => Ok(Kind::Added),
        "cancelled" => Ok(Kind::Cancelled),
        "moved" => Ok(Kind::Moved),
        "changed" => Ok(Kind::Changed),
        other => Err(conversion(column, Unknown(other.to_string()))),
    }
}

fn fields_text(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn fields_of(text: &str, column: usize) -> rusqlite::Result<Vec<Field>> {
    text.split(',')
        .filter(|f| !f.is_empty())
        .map(|f| match f {
            "start" => Ok(Field::Start),
            "end" => Ok(Field::End),
            "outlet" => Ok(Field::Outlet),
            "title" => Ok(Field::Title),
            "status" => Ok(Field::Status),
            other => Err(conversion(column, Unknown(other.to_string()))),
        })
        .collect()
}

/// A plan's id, an activity's id and its title: what the `texts` table holds.
type TextKey = (Arc<str>, Arc<str>, Arc<str>);

/// The ids of (plan, activity, title) texts, made as they are first needed.
struct Texts<'t> {
    known: HashMap<TextKey, i64>,
    tx: &'t Transaction<'t>,
}

impl<'t> Texts<'t> {
    fn new(tx: &'t Transaction<'t>) -> rusqlite::Result<Texts<'t>> {
        Ok(Texts {
            known: HashMap::new(),
            tx,
        })
    }

    fn id(
        &mut self,
        plan: &Arc<str>,
        activity: &Arc<str>,
        title: &Arc<str>,
    ) -> rusqlite::Result<i64> {
        let key = (plan.clone(), activity.clone(), title.clone());
        if let Some(id) = self.known.get(&key) {
            return Ok(*id);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO texts (plan, activity, title) VALUES (?1, ?2, ?3)
                 ON CONFLICT (plan, activity, title) DO NOTHING",
            )?
            .execute(params![&**plan, &**activity, &**title])?;
        let id: i64 = self
            .tx
            .prepare_cached(
                "SELECT id FROM texts WHERE plan = ?1 AND activity = ?2 AND title = ?3",
            )?
            .query_row(params![&**plan, &**activity, &**title], |r| r.get(0))?;
        self.known.insert(key, id);
        Ok(id)
    }
}

fn insert_publication(tx: &Transaction, p: &Publication) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO publications (number, published, occurrences, first, added, cancelled, moved, changed, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            p.number,
            p.published.map(|t| t.to_rfc3339()),
            i64::try_from(p.occurrences).unwrap_or(i64::MAX),
            p.first,
            i64::try_from(p.summary.added).unwrap_or(i64::MAX),
            i64::try_from(p.summary.cancelled).unwrap_or(i64::MAX),
            i64::try_from(p.summary.moved).unwrap_or(i64::MAX),
            i64::try_from(p.summary.changed).unwrap_or(i64::MAX),
            p.digest,
        ],
    )?;
    let mut texts = Texts::new(tx)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO changes (publication, position, kind, uid, role, fields,
           from_text, from_outlet, from_start, from_end, from_status,
           to_text, to_outlet, to_start, to_end, to_status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (position, r) in p.changes.iter().enumerate() {
        let Some(e) = r.to.as_ref().or(r.from.as_ref()) else {
            continue;
        };
        let mut side = |s: Option<&Entry>| -> rusqlite::Result<_> {
            Ok(match s {
                Some(s) => (
                    Some(texts.id(&s.plan, &s.activity, &s.title)?),
                    s.outlet.as_deref().map(str::to_string),
                    Some(moment_text(s.start)),
                    Some(moment_text(s.end)),
                    Some(s.status.as_str()),
                ),
                None => (None, None, None, None, None),
            })
        };
        let from = side(r.from.as_ref())?;
        let to = side(r.to.as_ref())?;
        insert.execute(params![
            p.number,
            i64::try_from(position).unwrap_or(i64::MAX),
            r.kind.as_str(),
            &*e.uid,
            e.role.as_str(),
            fields_text(&r.fields),
            from.0,
            from.1,
            from.2,
            from.3,
            from.4,
            to.0,
            to.1,
            to.2,
            to.3,
            to.4,
        ])?;
    }
    Ok(())
}

/// Every occurrence of a first publication, at version 0: activity by
/// activity, each one's in the order of its dates, which is the order of
/// its UIDs, so that the table grows in runs rather than at random places.
fn insert_expansion(tx: &Transaction, expansion: &Expansion) -> rusqlite::Result<()> {
    let mut texts = Texts::new(tx)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (uid, text, outlet, start, end, status, role, sequence, changed_in, cancelled)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 1, 0)",
    )?;
    let mut uid = String::with_capacity(64);
    for g in expansion.groups() {
        let text = texts.id(
            &Arc::from(g.plan.id.as_str()),
            &Arc::from(g.activity.id.as_str()),
            &Arc::from(g.activity.title.as_str()),
        )?;
        for o in expansion.members(g) {
            use std::fmt::Write as _;
            uid.clear();
            let _ = write!(uid, "{}", o.uid());
            insert.execute(params![
                uid,
                text,
                o.outlet_id(),
                moment_text(o.start),
                moment_text(o.end),
                o.status().as_str(),
                o.role().as_str(),
            ])?;
        }
    }
    Ok(())
}

/// What a publication's changes make of the events: each one version
/// further, as it now is (a cancelled one as it was, marked).
fn apply(tx: &Transaction, p: &Publication) -> rusqlite::Result<()> {
    let mut texts = Texts::new(tx)?;
    let mut upsert = tx.prepare_cached(
        "INSERT INTO events (uid, text, outlet, start, end, status, role, sequence, changed_in, cancelled)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (uid) DO UPDATE SET text = ?2, outlet = ?3, start = ?4, end = ?5, status = ?6,
           role = ?7, sequence = events.sequence + 1, changed_in = ?9, cancelled = ?10",
    )?;
    for r in &p.changes {
        let (entry, cancelled) = match (&r.to, &r.from) {
            (Some(to), _) => (to, false),
            (None, Some(from)) => (from, true),
            (None, None) => continue,
        };
        // A UID first seen added is new (0); any other change was to an
        // occurrence published before (1 when its first version was not
        // recorded, as in a folder taken over).
        let first_sequence = i64::from(r.kind != Kind::Added);
        let text = texts.id(&entry.plan, &entry.activity, &entry.title)?;
        upsert.execute(params![
            &*entry.uid,
            text,
            entry.outlet.as_deref(),
            moment_text(entry.start),
            moment_text(entry.end),
            entry.status.as_str(),
            entry.role.as_str(),
            first_sequence,
            p.number,
            cancelled,
        ])?;
    }
    Ok(())
}

/// The events, live or cancelled, with their sequence and the publication
/// that last changed them.
fn read_events(conn: &Connection, cancelled: bool) -> rusqlite::Result<Vec<(Entry, (u32, u32))>> {
    let mut out = Vec::new();
    each_event(conn, cancelled, &mut |e, version| out.push((e, version)))?;
    Ok(out)
}

/// Each event, live or cancelled, with its sequence and the publication
/// that last changed it, given to `each` as it is read.
fn each_event(
    conn: &Connection,
    cancelled: bool,
    each: &mut dyn FnMut(Entry, (u32, u32)),
) -> rusqlite::Result<()> {
    let mut shared = Shared::default();
    let texts = read_texts(conn, &mut shared)?;
    let mut stmt = conn.prepare(
        "SELECT uid, text, outlet, start, end, status, role, sequence, changed_in
         FROM events WHERE cancelled = ?1",
    )?;
    let mut rows = stmt.query([cancelled])?;
    while let Some(r) = rows.next()? {
        let uid: String = r.get(0)?;
        let text: i64 = r.get(1)?;
        let outlet: Option<String> = r.get(2)?;
        let start = moment_of(&r.get::<_, String>(3)?, 3)?;
        let end = moment_of(&r.get::<_, String>(4)?, 4)?;
        let status = status_of(&r.get::<_, String>(5)?, 5)?;
        let role = role_of(&r.get::<_, String>(6)?, 6)?;
        let sequence: u32 = r.get(7)?;
        let changed_in: u32 = r.get(8)?;
        let [plan, activity, title] = texts
            .get(&text)
            .cloned()
            .ok_or_else(|| conversion(1, Unknown(text.to_string())))?;
        each(
            Entry {
                uid: uid.into(),
                plan,
                activity,
                title,
                outlet: outlet.map(|o| shared.share(o)),
                all_day: matches!(start, Moment::Day(_)),
                start,
                end,
                status,
                role,
            },
            (sequence, changed_in),
        );
    }
    Ok(())
}

fn read_texts(
    conn: &Connection,
    shared: &mut Shared,
) -> rusqlite::Result<HashMap<i64, [Arc<str>; 3]>> {
    let mut stmt = conn.prepare("SELECT id, plan, activity, title FROM texts")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert(
            r.get(0)?,
            [
                shared.share(r.get(1)?),
                shared.share(r.get(2)?),
                shared.share(r.get(3)?),
            ],
        );
    }
    Ok(out)
}

/// The stamp of every publication, by number.
fn stamps(conn: &Connection) -> rusqlite::Result<HashMap<u32, Option<DateTime<FixedOffset>>>> {
    let mut stmt = conn.prepare("SELECT number, published FROM publications")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, stamp_of(r.get(1)?, 1)?);
    }
    Ok(out)
}

fn versions(conn: &Connection) -> rusqlite::Result<Versions> {
    let first: Option<u32> =
        conn.query_row("SELECT MIN(number) FROM publications", [], |r| r.get(0))?;
    let Some(first) = first else {
        return Ok(Versions::default());
    };
    let stamps = stamps(conn)?;
    let oldest = stamps.get(&first).copied().flatten();
    let modified = |n: u32| stamps.get(&n).copied().flatten().or(oldest);
    let mut by_uid = HashMap::default();
    let mut stmt = conn.prepare(
        "SELECT uid, sequence, changed_in FROM events
         WHERE cancelled = 0 AND (sequence > 0 OR changed_in <> ?1)",
    )?;
    let mut rows = stmt.query([first])?;
    while let Some(r) = rows.next()? {
        let uid: String = r.get(0)?;
        let (sequence, changed_in): (u32, u32) = (r.get(1)?, r.get(2)?);
        by_uid.insert(
            Arc::from(uid),
            Version {
                sequence,
                modified: modified(changed_in),
            },
        );
    }
    let mut cancelled: Vec<(Entry, Version)> = read_events(conn, true)?
        .into_iter()
        .map(|(e, (sequence, changed_in))| {
            let v = Version {
                sequence,
                modified: modified(changed_in),
            };
            by_uid.insert(e.uid.clone(), v.clone());
            (e, v)
        })
        .collect();
    cancelled.sort_by(|(a, _), (b, _)| {
        (a.start.date(), a.start.rfc3339(), &a.uid).cmp(&(
            b.start.date(),
            b.start.rfc3339(),
            &b.uid,
        ))
    });
    Ok(Versions::new(
        by_uid,
        Some(Version {
            sequence: 0,
            modified: oldest,
        }),
        cancelled,
    ))
}

fn read_history(conn: &Connection) -> rusqlite::Result<History> {
    let mut shared = Shared::default();
    let texts = read_texts(conn, &mut shared)?;
    let mut publications = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT number, published, occurrences, first, added, cancelled, moved, changed, digest
         FROM publications ORDER BY number DESC",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let count = |i: usize| -> rusqlite::Result<usize> {
            Ok(usize::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
        };
        publications.push(Publication {
            number: r.get(0)?,
            published: stamp_of(r.get(1)?, 1)?,
            occurrences: count(2)?,
            first: r.get(3)?,
            summary: Summary {
                added: count(4)?,
                cancelled: count(5)?,
                moved: count(6)?,
                changed: count(7)?,
            },
            digest: r.get(8)?,
            changes: Vec::new(),
        });
    }
    let by_number: HashMap<u32, usize> = publications
        .iter()
        .enumerate()
        .map(|(i, p)| (p.number, i))
        .collect();
    let mut stmt = conn.prepare(
        "SELECT publication, kind, uid, role, fields,
           from_text, from_outlet, from_start, from_end, from_status,
           to_text, to_outlet, to_start, to_end, to_status
         FROM changes ORDER BY publication, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let number: u32 = r.get(0)?;
        let kind = kind_of(&r.get::<_, String>(1)?, 1)?;
        let uid: Arc<str> = Arc::from(r.get::<_, String>(2)?);
        let role = role_of(&r.get::<_, String>(3)?, 3)?;
        let fields = fields_of(&r.get::<_, String>(4)?, 4)?;
        let mut side = |at: usize| -> rusqlite::Result<Option<Entry>> {
            let Some(text) = r.get::<_, Option<i64>>(at)? else {
                return Ok(None);
            };
            let [plan, activity, title] = texts
                .get(&text)
                .cloned()
                .ok_or_else(|| conversion(at, Unknown(text.to_string())))?;
            let outlet: Option<String> = r.get(at + 1)?;
            let start = moment_of(&r.get::<_, String>(at + 2)?, at + 2)?;
            let end = moment_of(&r.get::<_, String>(at + 3)?, at + 3)?;
            let status = status_of(&r.get::<_, String>(at + 4)?, at + 4)?;
            Ok(Some(Entry {
                uid: uid.clone(),
                plan,
                activity,
                title,
                outlet: outlet.map(|o| shared.share(o)),
                all_day: matches!(start, Moment::Day(_)),
                start,
                end,
                status,
                role,
            }))
        };
        let from = side(5)?;
        let to = side(10)?;
        if let Some(p) = by_number
            .get(&number)
            .and_then(|i| publications.get_mut(*i))
        {
            p.changes.push(Record {
                kind,
                from,
                to,
                fields,
            });
        }
    }
    Ok(History { publications })
}
