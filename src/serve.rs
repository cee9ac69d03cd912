//! `castcal serve`: the published folder over HTTP, live from the schedule files.
//!
//! An adapter and nothing more: it loads the plans, has [`crate::site`]
//! publish them into its folder (as `build` does, with the folder's history
//! of publications in its store, which outlives the process), and answers
//! requests from the files of that folder: a request names a file of the
//! folder or nothing. It re-reads the schedules once they have stayed
//! unchanged for a quiet time (so a file saved in several writes is never
//! published half); an edit that breaks them keeps the last good calendar
//! online and shows the error on `index.html`. Its memory holds no file
//! bigger than [`IN_MEMORY`]: larger ones are streamed from the disk.

use std::collections::HashMap;
use std::fs::File;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::Error;
use crate::plan::{self, Plan};
use crate::site::{self, Options, Publishing};

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub paths: Vec<PathBuf>,
    pub addr: SocketAddr,
    pub site: Options,
    /// The folder it publishes into and answers from.
    pub dir: PathBuf,
    /// Where the folder's history is kept.
    pub publishing: Publishing,
    /// How often the schedule files are looked at.
    pub poll: Duration,
    /// How long they must stay unchanged before an edit is published.
    pub quiet: Duration,
}

/// Files up to this size are read whole to answer a request; larger ones
/// are streamed.
const IN_MEMORY: u64 = 256 << 10;

/// What one client may cost the server, and how long stopping may take.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// A request's header must arrive whole within this time, counted from
    /// when the connection opens or its previous response was sent: this is
    /// also how long an idle keep-alive connection stays open.
    header: Duration,
    /// The same, for a connection accepted while fewer than a quarter of
    /// the connections are free: clients that hold connections open
    /// without sending a request then give their place up sooner.
    crowded_header: Duration,
    /// A response the client does not read for this long is abandoned.
    stalled: Duration,
    /// Connections open at once; more wait to be accepted.
    connections: usize,
    /// On SIGTERM, how long requests in flight may take to finish.
    shutdown: Duration,
    /// A reload still running after this long is reported on `index.html`.
    reload: Duration,
}

/// Seconds a request header may take; tests shorten it.
const HEADER_TIMEOUT_VAR: &str = "CASTCAL_SERVE_HEADER_TIMEOUT";

impl Limits {
    fn new() -> Limits {
        let header = std::env::var(HEADER_TIMEOUT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
            .filter(|d| !d.is_zero())
            .unwrap_or(Duration::from_secs(10));
        Limits {
            header,
            crowded_header: header.min(Duration::from_secs(2)),
            stalled: Duration::from_secs(30),
            connections: connection_cap(),
            shutdown: Duration::from_secs(3),
            reload: Duration::from_secs(30),
        }
    }
}

/// 1,024 connections, or fewer when the process may not open that many
/// files (a few are kept for the schedule files and the log).
fn connection_cap() -> usize {
    const MOST: u64 = 1024;
    const KEPT: u64 = 64;
    #[cfg(unix)]
    let files = rustix::process::getrlimit(rustix::process::Resource::Nofile)
        .current
        .unwrap_or(MOST + KEPT);
    #[cfg(not(unix))]
    let files = MOST + KEPT;
    let cap = files.saturating_sub(KEPT).clamp(16, MOST);
    usize::try_from(cap).unwrap_or(16)
}

/// One file as served from memory: the index pages that show a problem.
#[derive(Debug, Clone)]
struct Entry {
    bytes: Bytes,
    etag: String,
    last_modified: SystemTime,
    content_type: &'static str,
}

/// What the server answers from: the folder, and the pages that stand in
/// for its index while the latest edit has a problem.
#[derive(Debug, Default)]
struct Published {
    dir: PathBuf,
    /// The index pages that show a problem, and the inode of the folder
    /// they stand in for: a publication swapped in since makes them void.
    overrides: HashMap<String, Entry>,
    over: Option<u64>,
    /// The tags of the folder's files, as its last publication gave them,
    /// by the folder's inode (a new publication is a new folder).
    tags: Mutex<Option<(u64, Tags)>>,
}

impl Published {
    fn new(dir: PathBuf, overrides: HashMap<String, Entry>) -> Published {
        use std::os::unix::fs::MetadataExt;
        let over = std::fs::metadata(&dir).ok().map(|m| m.ino());
        Published {
            dir,
            overrides,
            over,
            tags: Mutex::new(None),
        }
    }

    /// The folder as it is now, opened.
    fn folder(&self) -> Option<File> {
        use rustix::fs::{Mode, OFlags};
        rustix::fs::open(
            &self.dir,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()
        .map(File::from)
    }

    /// The tags of the folder `folder` (opened), read once per publication.
    fn tags(&self, folder: &File) -> Tags {
        use std::os::unix::fs::MetadataExt;
        let ino = folder.metadata().map(|m| m.ino()).unwrap_or(0);
        let mut cached = self
            .tags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*cached {
            Some((seen, tags)) if *seen == ino => Arc::clone(tags),
            _ => {
                let tags = Arc::new(site::tags(folder));
                *cached = Some((ino, Arc::clone(&tags)));
                tags
            }
        }
    }
}

type Shared = Arc<RwLock<Arc<Published>>>;

/// The tag of each file of a folder, by name.
type Tags = Arc<HashMap<String, String>>;

/// Runs the server until Ctrl-C or SIGTERM.
///
/// # Errors
/// The schedules cannot be loaded or published at start (there is nothing
/// to serve), or the address cannot be bound.
pub fn serve(options: ServeOptions) -> Result<(), Error> {
    let limits = Limits::new();
    // Taken before loading, so that an edit made while loading is seen.
    let schedules = schedule_stamps(&options.paths);
    let publisher = Publisher::new(&options, publish_in_a_child);
    let plans = publisher
        .load_and_publish(plan::load, 0)
        .map_err(|problem| match problem {
            Problem::Failed(e) => e,
            other => Error::Usage(other.to_string()),
        })?;
    let seen = Fingerprint {
        schedules,
        holidays: holiday_stamps(&plans),
    };
    let shared: Shared = Arc::new(RwLock::new(Arc::new(Published::new(
        publisher.dir.clone(),
        HashMap::new(),
    ))));
    // Every thread says its messages in the language of the one that serves.
    let lang = crate::said::shown();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .on_thread_start(move || crate::said::show_from_now(lang))
        .enable_all()
        .build()
        .map_err(Error::server(crate::say!(
            "không khởi động được máy chủ",
            "cannot start the server"
        )))?;
    let watcher = Watcher::new(
        &options,
        publisher,
        shared.clone(),
        (plans, seen),
        limits,
        plan::load,
    );
    let outcome = runtime.block_on(run(options.addr, shared, watcher, limits));
    // Whatever is still running (a reload, a connection past the deadline)
    // must not keep the process alive.
    runtime.shutdown_timeout(Duration::from_millis(200));
    outcome
}

async fn run(
    addr: SocketAddr,
    shared: Shared,
    watcher: Watcher,
    limits: Limits,
) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(Error::server(cannot_listen(addr)))?;
    let local = listener
        .local_addr()
        .map_err(Error::server(cannot_listen(addr)))?;
    let serving = crate::say!(
        "castcal: đang phục vụ http://{local}/ (Ctrl-C để dừng)",
        "castcal: serving http://{local}/ (Ctrl-C to stop)"
    );
    println!("{serving}");

    // A thread of its own: a reload that hangs must not take a worker.
    let lang = crate::said::shown();
    std::thread::Builder::new()
        .name("castcal-watch".to_string())
        .spawn(move || {
            crate::said::show_from_now(lang);
            watcher.run();
        })
        .map_err(Error::server(crate::say!(
            "không khởi động được máy chủ",
            "cannot start the server"
        )))?;

    let service = TowerToHyperService::new(Router::new().fallback(handle).with_state(shared));
    let http = |header: Duration| {
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(header)
            .keep_alive(true);
        http
    };
    let (roomy, crowded) = (http(limits.header), http(limits.crowded_header));
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.connections));
    let mut stop = std::pin::pin!(shutdown());
    loop {
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = accept(&listener, &slots) => accepted,
        };
        let (stream, slot) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little rather than spin.
                let said = crate::say!(
                    "castcal: không nhận được một kết nối: {e}",
                    "castcal: cannot accept a connection: {e}"
                );
                eprintln!("{said}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let io = Stalling::new(TokioIo::new(stream), limits.stalled);
        let http = if slots.available_permits() < limits.connections / 4 {
            &crowded
        } else {
            &roomy
        };
        let connection = graceful.watch(http.serve_connection(io, service.clone()));
        tokio::spawn(async move {
            // Timeouts and clients that go away end up here; nothing to tell.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown, graceful.shutdown())
        .await
        .is_err()
    {
        let seconds = limits.shutdown.as_secs();
        let said = crate::say!(
            "castcal: vẫn còn kết nối mở sau {seconds} giây; đóng chúng",
            "castcal: connections still open after {seconds} s; closing them"
        );
        eprintln!("{said}");
    }
    eprintln!("{}", crate::say!("castcal: đã dừng", "castcal: stopped"));
    Ok(())
}

/// The next connection, once there is room for it.
async fn accept(
    listener: &tokio::net::TcpListener,
    slots: &Arc<Semaphore>,
) -> io::Result<(tokio::net::TcpStream, OwnedSemaphorePermit)> {
    let slot = Arc::clone(slots)
        .acquire_owned()
        .await
        .map_err(|e| io::Error::other(e.to_string()))?;
    let (stream, _) = listener.accept().await?;
    Ok((stream, slot))
}

/// A connection whose writes fail once they have made no progress for a
/// while, so that a client that stops reading cannot hold its connection
/// (and a slot) forever. Reads are bounded by hyper's header timeout.
struct Stalling<T> {
    io: T,
    limit: Duration,
    since: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<T> Stalling<T> {
    fn new(io: T, limit: Duration) -> Self {
        Stalling {
            io,
            limit,
            since: None,
        }
    }

    fn guard<R>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        if poll.is_ready() {
            self.since = None;
            return poll;
        }
        let limit = self.limit;
        let timer = self
            .since
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        if timer.as_mut().poll(cx).is_ready() {
            self.since = None;
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            )));
        }
        Poll::Pending
    }
}

impl<T: hyper::rt::Read + Unpin> hyper::rt::Read for Stalling<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<T: hyper::rt::Write + Unpin> hyper::rt::Write for Stalling<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write(cx, buf);
        this.guard(cx, poll)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_flush(cx);
        this.guard(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_shutdown(cx);
        this.guard(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.guard(cx, poll)
    }
}

/// How the plans are read: [`plan::load`], or a stand-in in tests.
type Loader = fn(&[PathBuf]) -> Result<Vec<Plan>, plan::LoadError>;

/// What a reload gives: the plans it published, or why not.
type Loaded = Result<Vec<Plan>, Problem>;

/// How the plans are published into the folder: by `castcal build` in a
/// process of its own ([`publish_in_a_child`]), or in this one in tests.
type Publish = fn(&Publisher) -> Result<(), Problem>;

/// Why a reload gave nothing new to serve, as `index.html` shows it.
#[derive(Debug)]
enum Problem {
    /// The schedules are wrong, or a file cannot be read: the error itself.
    Failed(Error),
    /// Loading panicked or took too long: what to say about it.
    Said(String),
    /// A later edit was published first: this one is not published.
    Superseded,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Failed(e) => f.write_str(&e.message()),
            Problem::Said(text) => f.write_str(text),
            Problem::Superseded => f.write_str("a later edit was published first"),
        }
    }
}

/// Publishes the plans into the server's folder, one reload at a time and
/// never an older edit after a newer one.
#[derive(Clone)]
struct Publisher {
    paths: Vec<PathBuf>,
    site: Options,
    dir: PathBuf,
    publishing: Publishing,
    publish: Publish,
    /// The number of the latest reload started.
    latest: Arc<AtomicU64>,
    /// Held while a reload publishes.
    publishing_now: Arc<Mutex<()>>,
}

impl Publisher {
    fn new(options: &ServeOptions, publish: Publish) -> Publisher {
        Publisher {
            paths: options.paths.clone(),
            site: options.site.clone(),
            dir: options.dir.clone(),
            publishing: options.publishing.clone(),
            publish,
            latest: Arc::new(AtomicU64::new(0)),
            publishing_now: Arc::new(Mutex::new(())),
        }
    }

    /// Loads the plans (a file that does not load is reported here, with
    /// the server's own words) and publishes them, unless a later reload
    /// than `number` was started meanwhile. A panic is caught and reported
    /// like any other load error, so that the server lives on.
    fn load_and_publish(&self, load: Loader, number: u64) -> Loaded {
        let fresh = catch_unwind(AssertUnwindSafe(|| {
            let plans = load(&self.paths).map_err(|e| Problem::Failed(e.into()))?;
            let _one_at_a_time = self
                .publishing_now
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if self.latest.load(Ordering::SeqCst) != number {
                return Err(Problem::Superseded);
            }
            (self.publish)(self)?;
            Ok(plans)
        }));
        match fresh {
            Ok(loaded) => loaded,
            Err(panic) => Err(Problem::Said(format!(
                "the schedule could not be loaded: castcal failed while reading it ({}); \
                 this is a bug in castcal",
                panic_message(panic.as_ref())
            ))),
        }
    }
}

/// Publishes as `castcal build` does, in this process.
#[cfg(test)]
fn publish_here(p: &Publisher) -> Result<(), Problem> {
    let plans = plan::load(&p.paths).map_err(|e| Problem::Failed(e.into()))?;
    site::build(&plans, &p.site, &p.dir, &p.publishing)
        .map(drop)
        .map_err(Problem::Failed)
}

/// Publishes by running `castcal build` into the folder, in a process of
/// its own: whatever a publication costs (a national broadcaster's year is
/// hundreds of megabytes while it is made) is given back when it ends, and
/// the server's memory stays that of a server.
fn publish_in_a_child(p: &Publisher) -> Result<(), Problem> {
    let program = std::env::current_exe().map_err(|e| {
        Problem::Said(format!(
            "the schedule could not be published: cannot find castcal itself: {e}"
        ))
    })?;
    let mut command = std::process::Command::new(program);
    command.arg("build").args(&p.paths).arg("-o").arg(&p.dir);
    if let Some(history) = &p.publishing.history {
        command.arg("--history").arg(history);
    }
    command
        .arg("--wait")
        .arg(p.publishing.wait.as_secs_f64().to_string());
    if let Some(url) = &p.site.base_url {
        command.arg("--base-url").arg(url);
    }
    let out = command
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Problem::Said(format!(
                "the schedule could not be published: cannot run castcal build: {e}"
            ))
        })?;
    match out.status.code() {
        // 1: published, with errors the check found (shown on the index).
        Some(0 | 1) => Ok(()),
        Some(2) => {
            let text = String::from_utf8_lossy(&out.stderr);
            let text = text.trim_end();
            Err(Problem::Said(
                text.strip_prefix("error: ").unwrap_or(text).to_string(),
            ))
        }
        _ => Err(Problem::Said(format!(
            "the schedule could not be published: castcal build failed ({}); this is a bug in castcal",
            String::from_utf8_lossy(&out.stderr).trim_end()
        ))),
    }
}

/// What a panic said, cut short: it is shown on a web page.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    const MOST: usize = 200;
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    if text.chars().count() > MOST {
        text.chars().take(MOST).chain("…".chars()).collect()
    } else {
        text
    }
}

/// Reloads still running (the latest, and one left behind at most) before
/// no new one is started.
const RELOADS_AT_ONCE: usize = 2;

/// Polls the schedule files; once a change has stayed as it is for the
/// quiet time, reloads them in a thread of its own and publishes them, or
/// shows the error on the index page. One reload runs at a time: only when
/// one has taken longer than [`Limits::reload`] (and that is shown) may a
/// later edit start another beside it.
struct Watcher {
    publisher: Publisher,
    poll: Duration,
    quiet: Duration,
    limits: Limits,
    shared: Shared,
    load: Loader,
    /// The holiday files of the last good plans are watched too.
    last_good: Vec<Plan>,
    seen: Fingerprint,
    /// A change not yet published: what the files are, and since when.
    settling: Option<(Fingerprint, Instant)>,
    results: mpsc::Receiver<(u64, Loaded)>,
    sender: mpsc::Sender<(u64, Loaded)>,
    /// The number of the latest reload started.
    latest: u64,
    /// When the latest reload started, while it runs, and whether it has
    /// been reported as overdue.
    pending: Option<(Instant, bool)>,
    /// Reload threads that have not answered yet.
    running: usize,
}

impl Watcher {
    /// A watcher of what `publisher` published last: `last_good`, whose
    /// files were `seen` so.
    fn new(
        options: &ServeOptions,
        publisher: Publisher,
        shared: Shared,
        (last_good, seen): (Vec<Plan>, Fingerprint),
        limits: Limits,
        load: Loader,
    ) -> Watcher {
        let (sender, results) = mpsc::channel();
        Watcher {
            publisher,
            poll: options.poll,
            quiet: options.quiet,
            limits,
            shared,
            load,
            last_good,
            seen,
            settling: None,
            results,
            sender,
            latest: 0,
            pending: None,
            running: 0,
        }
    }

    fn run(mut self) {
        loop {
            self.step();
        }
    }

    /// Waits up to one poll interval for a reload to finish, then looks at
    /// the files.
    fn step(&mut self) {
        if let Ok((number, outcome)) = self.results.recv_timeout(self.poll) {
            self.running = self.running.saturating_sub(1);
            if number == self.latest {
                self.pending = None;
                self.finished(outcome);
            }
        }
        if let Some((started, reported)) = &mut self.pending {
            if !*reported && started.elapsed() >= self.limits.reload {
                *reported = true;
                let problem = Problem::Said(format!(
                    "the schedule could not be loaded: loading has not finished after {} s \
                     (castcal will show the result if it ever does)",
                    self.limits.reload.as_secs()
                ));
                self.show(&problem);
            }
        }
        let may_start = match self.pending {
            None => true,
            Some((_, overdue)) => overdue && self.running < RELOADS_AT_ONCE,
        };
        if !may_start {
            return;
        }
        let now = fingerprint(&self.publisher.paths, &self.last_good);
        if now == self.seen {
            self.settling = None;
            return;
        }
        // Published only once the files have stayed as they are for the
        // quiet time: an editor that writes a file in several steps, or a
        // copy under way, is waited for.
        match &self.settling {
            Some((settling, since)) if *settling == now => {
                if since.elapsed() < self.quiet {
                    return;
                }
            }
            _ => {
                if !self.quiet.is_zero() {
                    self.settling = Some((now, Instant::now()));
                    return;
                }
            }
        }
        self.settling = None;
        self.seen = now;
        self.start();
    }

    fn start(&mut self) {
        self.latest += 1;
        self.publisher.latest.store(self.latest, Ordering::SeqCst);
        let (number, load, publisher) = (self.latest, self.load, self.publisher.clone());
        let lang = crate::said::shown();
        let sender = self.sender.clone();
        let started = std::thread::Builder::new()
            .name("castcal-reload".to_string())
            .spawn(move || {
                crate::said::show_from_now(lang);
                let _ = sender.send((number, publisher.load_and_publish(load, number)));
            });
        match started {
            Ok(_) => {
                self.pending = Some((Instant::now(), false));
                self.running += 1;
            }
            Err(e) => self.show(&Problem::Said(format!(
                "the schedule could not be loaded: cannot start reading it: {e}"
            ))),
        }
    }

    fn finished(&mut self, outcome: Loaded) {
        match outcome {
            Ok(plans) => {
                let said = crate::say!(
                    "castcal: kế hoạch đã thay đổi; lịch đã được công bố",
                    "castcal: schedules changed; calendar published"
                );
                eprintln!("{said}");
                self.last_good = plans;
                self.replace(HashMap::new());
            }
            Err(Problem::Superseded) => {}
            Err(problem) => self.show(&problem),
        }
    }

    /// Serves the last good calendar, with `problem` on the index pages.
    fn show(&self, problem: &Problem) {
        let said = crate::say!(
            "castcal: kế hoạch có lỗi; vẫn phục vụ lịch tốt gần nhất\nlỗi: {problem}",
            "castcal: the schedules have an error; still serving the last good calendar\n\
             error: {problem}"
        );
        eprintln!("{said}");
        let now = SystemTime::now();
        let text = problem.to_string();
        let overrides = ["index.html", "index-en.html"]
            .into_iter()
            .filter_map(|name| {
                let page = std::fs::read_to_string(self.publisher.dir.join(name)).ok()?;
                let html = site::with_problem(name, &page, &text)?;
                let etag = format!("\"problem-{:016x}\"", fnv(html.as_bytes()));
                let entry = Entry {
                    bytes: Bytes::from(html),
                    etag,
                    last_modified: now,
                    content_type: site::content_type(name),
                };
                Some((name.to_string(), entry))
            })
            .collect();
        self.replace(overrides);
    }

    fn replace(&self, overrides: HashMap<String, Entry>) {
        if let Ok(mut current) = self.shared.write() {
            *current = Arc::new(Published::new(current.dir.clone(), overrides));
        }
    }
}

/// FNV-1a of `bytes`: the tag of a page made in memory.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Names, sizes and modification times of every file the plans are read
/// from, and of the folders they sit in (so that a file added beside them,
/// such as a holiday file a broken plan asks for, is seen).
#[derive(Debug, PartialEq)]
struct Fingerprint {
    /// The schedule files, or why they cannot be listed.
    schedules: Result<Vec<Stamp>, String>,
    /// The holiday files of the last good plans.
    holidays: Vec<Stamp>,
}

type Stamp = (PathBuf, u64, Option<SystemTime>);

fn fingerprint(paths: &[PathBuf], plans: &[Plan]) -> Fingerprint {
    Fingerprint {
        schedules: schedule_stamps(paths),
        holidays: holiday_stamps(plans),
    }
}

fn schedule_stamps(paths: &[PathBuf]) -> Result<Vec<Stamp>, String> {
    let mut files = plan::schedule_files(paths).map_err(|e| e.to_string())?;
    files.extend(paths.iter().cloned());
    Ok(stamps(files))
}

fn holiday_stamps(plans: &[Plan]) -> Vec<Stamp> {
    stamps(
        plans
            .iter()
            .flat_map(|p| p.holiday_files.iter().cloned())
            .collect(),
    )
}

/// The stamps of `files` and of their folders, sorted.
fn stamps(mut files: Vec<PathBuf>) -> Vec<Stamp> {
    let folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    files.extend(folders);
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|f| {
            let meta = std::fs::metadata(&f).ok();
            let len = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (f, len, modified)
        })
        .collect()
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let response = answer(&shared, &method, uri.path(), &headers);
    eprintln!(
        "{method} {} {} {}",
        uri.path(),
        response.status().as_u16(),
        response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("0")
    );
    response
}

fn answer(shared: &Shared, method: &Method, path: &str, headers: &HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed\n",
            method,
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if path == "/healthz" {
        return plain(StatusCode::OK, "ok\n", method);
    }
    let name = match path.strip_prefix('/') {
        Some("") => "index.html",
        Some(name) => name,
        None => return plain(StatusCode::NOT_FOUND, "not found\n", method),
    };
    // A file of the folder, by its plain name; none of its hidden files.
    if name.starts_with('.') || name.contains(['/', '\\', '\0']) {
        return plain(StatusCode::NOT_FOUND, "not found\n", method);
    }
    let published = match shared.read() {
        Ok(p) => Arc::clone(&p),
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "unavailable\n", method),
    };
    let Some(folder) = published.folder() else {
        return plain(StatusCode::NOT_FOUND, "not found\n", method);
    };
    if let Some(entry) = published.overrides.get(name) {
        use std::os::unix::fs::MetadataExt;
        if folder.metadata().ok().map(|m| m.ino()) == published.over {
            let found = Found {
                etag: entry.etag.clone(),
                last_modified: entry.last_modified,
                content_type: entry.content_type,
                length: entry.bytes.len() as u64,
            };
            return respond(&found, method, headers, || Body::from(entry.bytes.clone()));
        }
    }
    let Some((file, found)) = open_served(&published, &folder, name) else {
        return plain(StatusCode::NOT_FOUND, "not found\n", method);
    };
    respond(&found, method, headers, move || body_of(file, found.length))
}

/// What a response says of the file it sends.
struct Found {
    etag: String,
    last_modified: SystemTime,
    content_type: &'static str,
    length: u64,
}

/// The regular file `name` of the folder, opened (through no link), and
/// what a response says of it: its tag is the one its publication gave it
/// (see [`site::TAGS`]), read from the same folder the file is opened in,
/// so that a publication swapped in meanwhile cannot mix them up.
fn open_served(published: &Published, folder: &File, name: &str) -> Option<(File, Found)> {
    use rustix::fs::{Mode, OFlags};
    use std::os::unix::fs::MetadataExt;
    let fd = rustix::fs::openat(
        folder,
        name,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    let file = File::from(fd);
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let etag = published
        .tags(folder)
        .get(name)
        .cloned()
        .unwrap_or_else(|| {
            // A file the folder gives no tag: one of its inode and time.
            format!(
                "\"{:016x}{:016x}\"",
                fnv(&[meta.dev(), meta.ino()].map(u64::to_le_bytes).concat()),
                fnv(&[meta.len(), meta.mtime() as u64, meta.mtime_nsec() as u64]
                    .map(u64::to_le_bytes)
                    .concat())
            )
        });
    let found = Found {
        etag,
        last_modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        content_type: site::content_type(name),
        length: meta.len(),
    };
    Some((file, found))
}

/// The body of a file: read whole when small, streamed otherwise.
fn body_of(file: File, length: u64) -> Body {
    if length <= IN_MEMORY {
        let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        return match io::Read::read_to_end(&mut io::Read::take(file, IN_MEMORY), &mut bytes) {
            Ok(_) => Body::from(bytes),
            Err(e) => Body::from_stream(futures_util::stream::once(
                async move { Err::<Bytes, _>(e) },
            )),
        };
    }
    let file = tokio::fs::File::from_std(file);
    Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
        tokio::io::AsyncReadExt::take(file, length),
        64 << 10,
    ))
}

/// The response of a found file: `304` when the client has it, the
/// headers alone for `HEAD`, else the body `body` makes.
fn respond(
    found: &Found,
    method: &Method,
    headers: &HeaderMap,
    body: impl FnOnce() -> Body,
) -> Response {
    let not_modified = match headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(tags) => tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == found.etag),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| {
                // HTTP dates have whole seconds.
                let modified = httpdate::fmt_http_date(found.last_modified);
                httpdate::parse_http_date(&modified).is_ok_and(|m| m <= since)
            }),
    };
    let (status, body, length) = if not_modified {
        (StatusCode::NOT_MODIFIED, Body::empty(), None)
    } else if method == Method::HEAD {
        (StatusCode::OK, Body::empty(), Some(found.length))
    } else {
        (StatusCode::OK, body(), Some(found.length))
    };
    let mut builder = Response::builder()
        .status(status)
        .header(header::ETAG, &found.etag)
        .header(
            header::LAST_MODIFIED,
            httpdate::fmt_http_date(found.last_modified),
        )
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if status == StatusCode::OK {
        builder = builder.header(header::CONTENT_TYPE, found.content_type);
    }
    if let Some(len) = length {
        builder = builder.header(header::CONTENT_LENGTH, len);
    }
    builder
        .body(body)
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

fn plain(status: StatusCode, text: &'static str, method: &Method) -> Response {
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(text)
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::CONTENT_LENGTH, text.len())
        .header(header::CACHE_CONTROL, "no-cache")
        .body(body)
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

async fn shutdown() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    eprintln!(
        "{}",
        crate::say!("castcal: đang tắt", "castcal: shutting down")
    );
}

/// The server's message when it cannot listen on `addr`.
fn cannot_listen(addr: std::net::SocketAddr) -> crate::said::Said {
    crate::say!(
        "không lắng nghe được trên {addr}",
        "cannot listen on {addr}"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    fn schedules() -> Vec<PathBuf> {
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schedules")]
    }

    /// A watcher over the real schedules, serving what it published into a
    /// folder of `tmp`, that takes its next look for a change.
    fn watcher(load: Loader, reload: Duration, tmp: &Path) -> Watcher {
        let paths = schedules();
        let options = ServeOptions {
            paths,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site: Options::default(),
            dir: tmp.join("served"),
            publishing: Publishing::default(),
            poll: Duration::from_millis(20),
            quiet: Duration::ZERO,
        };
        let publisher = Publisher::new(&options, publish_here);
        let plans = publisher.load_and_publish(plan::load, 0).unwrap();
        let shared: Shared = Arc::new(RwLock::new(Arc::new(Published::new(
            options.dir.clone(),
            HashMap::new(),
        ))));
        let limits = Limits {
            reload,
            ..Limits::new()
        };
        let changed = Fingerprint {
            schedules: Err("not looked at yet".to_string()),
            holidays: Vec::new(),
        };
        Watcher::new(&options, publisher, shared, (plans, changed), limits, load)
    }

    fn served(w: &Watcher, name: &str) -> Vec<u8> {
        let published = Arc::clone(&w.shared.read().unwrap());
        match published.overrides.get(name) {
            Some(entry) => entry.bytes.to_vec(),
            None => std::fs::read(published.dir.join(name)).unwrap(),
        }
    }

    fn index(w: &Watcher) -> String {
        String::from_utf8(served(w, "index.html")).unwrap()
    }

    /// Steps `w` until `check` holds, 10 s at most.
    fn step_until(w: &mut Watcher, what: &str, check: impl Fn(&Watcher) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !check(w) {
            assert!(Instant::now() < deadline, "timed out waiting for: {what}");
            w.step();
        }
    }

    fn panics(_: &[PathBuf]) -> Result<Vec<Plan>, plan::LoadError> {
        panic!("a bug in the loader")
    }

    #[test]
    fn a_reload_that_panics_is_an_error_on_the_index_and_the_last_good_files_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let mut w = watcher(panics, Duration::from_secs(30), tmp.path());
        let feed = served(&w, "all.ics");
        assert!(!index(&w).contains("class=\"problem\""));
        step_until(&mut w, "the panic shows on the index", |w| {
            index(w).contains("class=\"problem\"")
        });
        assert!(
            index(&w).contains(
                "the schedule could not be loaded: castcal failed while reading it \
                 (a bug in the loader); this is a bug in castcal"
            ),
            "{}",
            index(&w)
        );
        assert_eq!(served(&w, "all.ics"), feed);
        // Nothing changed since: no second attempt, the page stays as it is.
        for _ in 0..5 {
            w.step();
        }
        assert_eq!(w.latest, 1);
        // The watcher lives on: the next change is loaded.
        w.load = plan::load;
        w.seen.schedules = Err("changed".to_string());
        step_until(&mut w, "the error is gone", |w| {
            !index(w).contains("class=\"problem\"")
        });
        assert_eq!(served(&w, "all.ics"), feed);
    }

    static SLOW_CALLS: AtomicUsize = AtomicUsize::new(0);
    static SLOW_RELEASED: AtomicBool = AtomicBool::new(false);

    /// Does not return until released (or 20 s have passed).
    fn slow(paths: &[PathBuf]) -> Result<Vec<Plan>, plan::LoadError> {
        SLOW_CALLS.fetch_add(1, Ordering::SeqCst);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !SLOW_RELEASED.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        plan::load(paths)
    }

    #[test]
    fn a_reload_that_does_not_finish_is_reported_and_not_started_again() {
        let tmp = tempfile::tempdir().unwrap();
        let mut w = watcher(slow, Duration::from_millis(300), tmp.path());
        let feed = served(&w, "all.ics");
        w.step();
        assert_eq!(w.latest, 1, "the change starts a reload");
        // Another change while it runs: no second reload of the same files.
        w.seen.schedules = Err("changed".to_string());
        for _ in 0..3 {
            w.step();
        }
        assert_eq!(w.latest, 1);
        step_until(&mut w, "the slow reload shows on the index", |w| {
            index(w).contains("loading has not finished after")
        });
        assert_eq!(served(&w, "all.ics"), feed);
        // Overdue: one more reload may start for the later change…
        w.step();
        assert_eq!(w.latest, 2);
        // … but once that one is overdue too, no third beside them.
        step_until(&mut w, "the second reload is overdue", |w| {
            w.pending.is_some_and(|(_, overdue)| overdue)
        });
        w.seen.schedules = Err("changed again".to_string());
        for _ in 0..3 {
            w.step();
        }
        assert_eq!(w.latest, 2);
        assert_eq!(SLOW_CALLS.load(Ordering::SeqCst), 2);
        assert_eq!(served(&w, "all.ics"), feed);
        // Released, both finish; the later change is then loaded too.
        SLOW_RELEASED.store(true, Ordering::SeqCst);
        step_until(&mut w, "every reload has finished", |w| {
            w.running == 0 && w.pending.is_none()
        });
        assert_eq!(w.latest, 3);
        assert!(!index(&w).contains("class=\"problem\""), "{}", index(&w));
        assert_eq!(served(&w, "all.ics"), feed);
    }

    #[test]
    fn a_long_panic_message_is_cut_by_characters() {
        let long = "é".repeat(500);
        let message = panic_message(&long);
        assert_eq!(message.chars().count(), 201);
        assert!(message.ends_with('…'));
        assert_eq!(panic_message(&"short"), "short");
        assert_eq!(panic_message(&42), "no message");
    }
}
