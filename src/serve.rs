//! `castcal serve`: the published folder over HTTP, live from the schedule files.
//!
//! An adapter and nothing more: it loads the plans, asks [`crate::site`] for
//! the files, and answers requests from memory, so no request path ever
//! reaches the file system. It re-reads the schedules when they change; an
//! edit that breaks them keeps the last good calendar online and shows the
//! error on `index.html`.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
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
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::Error;
use crate::plan::{self, Plan};
use crate::site::{self, Options, Previous};

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub paths: Vec<PathBuf>,
    pub addr: SocketAddr,
    pub site: Options,
    /// How often the schedule files are looked at.
    pub poll: Duration,
}

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

/// One file as served.
#[derive(Debug, Clone)]
struct Entry {
    bytes: Bytes,
    etag: String,
    last_modified: SystemTime,
    content_type: &'static str,
}

/// What the server answers from: the last good files.
#[derive(Debug, Default)]
struct Published {
    files: HashMap<String, Entry>,
}

type Shared = Arc<RwLock<Arc<Published>>>;

/// Runs the server until Ctrl-C or SIGTERM.
///
/// # Errors
/// The schedules cannot be loaded at start (there is nothing to serve), or
/// the address cannot be bound.
pub fn serve(options: ServeOptions) -> Result<(), Error> {
    let limits = Limits::new();
    // Taken before loading, so that an edit made while loading is seen.
    let schedules = schedule_stamps(&options.paths);
    let (plans, files, previous) = load_and_render(
        plan::load,
        &options.paths,
        &options.site,
        &Previous::default(),
    )
    .map_err(|problem| match problem {
        Problem::Failed(e) => e,
        Problem::Said(text) => Error::Usage(text),
    })?;
    let seen = Fingerprint {
        schedules,
        holidays: holiday_stamps(&plans),
    };
    let shared: Shared = Arc::new(RwLock::new(Arc::new(publish(&files, None))));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::server("cannot start the server"))?;
    let mut watcher = Watcher::new(&options, shared.clone(), plans, seen, limits, plan::load);
    watcher.previous = previous;
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
        .map_err(Error::server(format!("cannot listen on {addr}")))?;
    let local = listener
        .local_addr()
        .map_err(Error::server(format!("cannot listen on {addr}")))?;
    println!("castcal: serving http://{local}/ (Ctrl-C to stop)");

    // A thread of its own: a reload that hangs must not take a worker.
    std::thread::Builder::new()
        .name("castcal-watch".to_string())
        .spawn(move || watcher.run())
        .map_err(Error::server("cannot start the server"))?;

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
                eprintln!("castcal: cannot accept a connection: {e}");
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
        eprintln!(
            "castcal: connections still open after {} s; closing them",
            limits.shutdown.as_secs()
        );
    }
    eprintln!("castcal: stopped");
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

/// The files as served, keeping `Last-Modified` of files whose bytes did not change.
fn publish(files: &BTreeMap<String, Vec<u8>>, previous: Option<&Published>) -> Published {
    let now = SystemTime::now();
    let files = files
        .iter()
        .filter(|(name, _)| !name.starts_with('.'))
        .map(|(name, bytes)| {
            let digest = Sha256::digest(bytes);
            let etag = format!("\"{}\"", hex(digest.get(..16).unwrap_or_default()));
            let last_modified = previous
                .and_then(|p| p.files.get(name))
                .filter(|e| e.etag == etag)
                .map_or(now, |e| e.last_modified);
            let entry = Entry {
                bytes: Bytes::from(bytes.clone()),
                etag,
                last_modified,
                content_type: site::content_type(name),
            };
            (name.clone(), entry)
        })
        .collect();
    Published { files }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How the plans are read: [`plan::load`], or a stand-in in tests.
type Loader = fn(&[PathBuf]) -> Result<Vec<Plan>, plan::LoadError>;

/// The files of the published folder, by name.
type Files = BTreeMap<String, Vec<u8>>;

/// What a reload gives: the plans and their files, or why not.
type Loaded = Result<(Vec<Plan>, Files, Arc<Previous>), Problem>;

/// Why a reload gave nothing new to serve, as `index.html` shows it.
#[derive(Debug)]
enum Problem {
    /// The schedules are wrong, or a file cannot be read: the error itself.
    Failed(Error),
    /// Loading panicked or took too long: what to say about it.
    Said(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Failed(e) => f.write_str(&e.message()),
            Problem::Said(text) => f.write_str(text),
        }
    }
}

/// Loads and renders the plans. A panic in either is caught and reported
/// like any other load error, so that the server lives on.
fn load_and_render(
    load: Loader,
    paths: &[PathBuf],
    options: &Options,
    previous: &Previous,
) -> Loaded {
    let fresh = catch_unwind(AssertUnwindSafe(|| {
        let plans = load(paths)?;
        let (site, next) = site::render(&plans, options, None, previous)?;
        Ok::<_, Error>((plans, site.files, Arc::new(next)))
    }));
    match fresh {
        Ok(Ok(loaded)) => Ok(loaded),
        Ok(Err(e)) => Err(Problem::Failed(e)),
        Err(panic) => Err(Problem::Said(format!(
            "the schedule could not be loaded: castcal failed while reading it ({}); \
             this is a bug in castcal",
            panic_message(panic.as_ref())
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

/// Polls the schedule files; on a change, reloads them in a thread of its
/// own, and publishes the new files, or the last good ones with the error
/// on the index page. One reload runs at a time: only when one has taken
/// longer than [`Limits::reload`] (and that is shown) may a later edit start
/// another beside it.
struct Watcher {
    paths: Vec<PathBuf>,
    site: Options,
    poll: Duration,
    limits: Limits,
    shared: Shared,
    load: Loader,
    last_good: Vec<Plan>,
    /// What the last good calendar published, and the publications before.
    previous: Arc<Previous>,
    seen: Fingerprint,
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
    fn new(
        options: &ServeOptions,
        shared: Shared,
        last_good: Vec<Plan>,
        seen: Fingerprint,
        limits: Limits,
        load: Loader,
    ) -> Watcher {
        let (sender, results) = mpsc::channel();
        Watcher {
            paths: options.paths.clone(),
            site: options.site.clone(),
            poll: options.poll,
            limits,
            shared,
            load,
            last_good,
            previous: Arc::default(),
            seen,
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
        let now = fingerprint(&self.paths, &self.last_good);
        if now == self.seen {
            return;
        }
        self.seen = now;
        self.start();
    }

    fn start(&mut self) {
        self.latest += 1;
        let (number, load, paths, site, previous) = (
            self.latest,
            self.load,
            self.paths.clone(),
            self.site.clone(),
            Arc::clone(&self.previous),
        );
        let sender = self.sender.clone();
        let started = std::thread::Builder::new()
            .name("castcal-reload".to_string())
            .spawn(move || {
                let _ = sender.send((number, load_and_render(load, &paths, &site, &previous)));
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
            Ok((plans, files, previous)) => {
                eprintln!("castcal: schedules changed; calendar reloaded");
                self.last_good = plans;
                self.previous = previous;
                self.replace(&files);
            }
            Err(problem) => self.show(&problem),
        }
    }

    /// Serves the last good calendar, with `problem` on the index page.
    fn show(&self, problem: &Problem) {
        eprintln!(
            "castcal: the schedules have an error; still serving the last good calendar\n\
             error: {problem}"
        );
        let text = problem.to_string();
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            site::render(&self.last_good, &self.site, Some(&text), &self.previous)
        }));
        match rendered {
            Ok(Ok((site, _))) => self.replace(&site.files),
            // The files served stay as they are.
            Ok(Err(e)) => eprintln!("castcal: cannot show the error on index.html: {e}"),
            Err(_) => eprintln!("castcal: cannot show the error on index.html"),
        }
    }

    fn replace(&self, files: &BTreeMap<String, Vec<u8>>) {
        if let Ok(mut current) = self.shared.write() {
            let next = publish(files, Some(current.as_ref()));
            *current = Arc::new(next);
        }
    }
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
    let published = match shared.read() {
        Ok(p) => Arc::clone(&p),
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "unavailable\n", method),
    };
    let Some(entry) = published.files.get(name) else {
        return plain(StatusCode::NOT_FOUND, "not found\n", method);
    };
    let not_modified = match headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(tags) => tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == entry.etag),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| {
                // HTTP dates have whole seconds.
                let modified = httpdate::fmt_http_date(entry.last_modified);
                httpdate::parse_http_date(&modified).is_ok_and(|m| m <= since)
            }),
    };
    let (status, body, length) = if not_modified {
        (StatusCode::NOT_MODIFIED, Body::empty(), None)
    } else if method == Method::HEAD {
        (StatusCode::OK, Body::empty(), Some(entry.bytes.len()))
    } else {
        (
            StatusCode::OK,
            Body::from(entry.bytes.clone()),
            Some(entry.bytes.len()),
        )
    };
    let mut builder = Response::builder()
        .status(status)
        .header(header::ETAG, &entry.etag)
        .header(
            header::LAST_MODIFIED,
            httpdate::fmt_http_date(entry.last_modified),
        )
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if status == StatusCode::OK {
        builder = builder.header(header::CONTENT_TYPE, entry.content_type);
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
    eprintln!("castcal: shutting down");
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    fn schedules() -> Vec<PathBuf> {
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schedules")]
    }

    /// A watcher over the real schedules, serving their files, that takes
    /// its next look for a change.
    fn watcher(load: Loader, reload: Duration) -> Watcher {
        let paths = schedules();
        let plans = plan::load(&paths).unwrap();
        let site = Options::default();
        let files = site::render(&plans, &site, None, &Previous::default())
            .unwrap()
            .0
            .files;
        let shared: Shared = Arc::new(RwLock::new(Arc::new(publish(&files, None))));
        let options = ServeOptions {
            paths,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site,
            poll: Duration::from_millis(20),
        };
        let limits = Limits {
            reload,
            ..Limits::new()
        };
        let changed = Fingerprint {
            schedules: Err("not looked at yet".to_string()),
            holidays: Vec::new(),
        };
        Watcher::new(&options, shared, plans, changed, limits, load)
    }

    fn served(w: &Watcher, name: &str) -> Vec<u8> {
        let published = Arc::clone(&w.shared.read().unwrap());
        published.files.get(name).unwrap().bytes.to_vec()
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
        let mut w = watcher(panics, Duration::from_secs(30));
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
        let mut w = watcher(slow, Duration::from_millis(300));
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
