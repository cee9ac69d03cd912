//! `castcal serve`: the published folder over HTTP, live from the schedule files.
//!
//! An adapter and nothing more: it loads the plans, asks [`crate::site`] for
//! the files, and answers requests from memory, so no request path ever
//! reaches the file system. It re-reads the schedules when they change; an
//! edit that breaks them keeps the last good calendar online and shows the
//! error on `index.html`.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::plan::{self, Plan};
use crate::site::{self, Options};

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub paths: Vec<PathBuf>,
    pub addr: SocketAddr,
    pub site: Options,
    /// How often the schedule files are looked at.
    pub poll: Duration,
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
    // Taken before loading, so that an edit made while loading is seen.
    let seen = fingerprint(&options.paths, &[]);
    let plans = plan::load(&options.paths)?;
    let site = site::render(&plans, &options.site, None)?;
    let shared: Shared = Arc::new(RwLock::new(Arc::new(publish(&site.files, None))));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(run(options, shared, plans, seen))
}

async fn run(
    options: ServeOptions,
    shared: Shared,
    plans: Vec<Plan>,
    seen: Fingerprint,
) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", options.addr)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", options.addr)))?;
    println!("castcal: serving http://{local}/ (Ctrl-C to stop)");

    tokio::spawn(watch(options.clone(), shared.clone(), plans, seen));
    let app = Router::new().fallback(handle).with_state(shared);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| Error::Usage(format!("server failed: {e}")))?;
    eprintln!("castcal: stopped");
    Ok(())
}

/// The files as served, keeping `Last-Modified` of files whose bytes did not change.
fn publish(files: &BTreeMap<String, Vec<u8>>, previous: Option<&Published>) -> Published {
    let now = SystemTime::now();
    let files = files
        .iter()
        .filter(|(name, _)| !name.starts_with('.'))
        .map(|(name, bytes)| {
            let etag = format!("\"{}\"", hex(&Sha256::digest(bytes)[..16]));
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

/// Polls the schedule files; on a change, reloads, and publishes the new
/// files, or the last good ones with the error on the index page.
async fn watch(
    options: ServeOptions,
    shared: Shared,
    mut last_good: Vec<Plan>,
    mut seen: Fingerprint,
) {
    let mut interval = tokio::time::interval(options.poll);
    loop {
        interval.tick().await;
        let now = fingerprint(&options.paths, &last_good);
        if now == seen {
            continue;
        }
        seen = now;
        let (paths, site_options, good) = (
            options.paths.clone(),
            options.site.clone(),
            last_good.clone(),
        );
        let outcome =
            tokio::task::spawn_blocking(move || reload(&paths, &site_options, &good)).await;
        let Ok((plans, files, problem)) = outcome else {
            continue;
        };
        match &problem {
            Some(p) => eprintln!("castcal: the schedules have an error; still serving the last good calendar\nerror: {p}"),
            None => eprintln!("castcal: schedules changed; calendar reloaded"),
        }
        if let Some(plans) = plans {
            last_good = plans;
        }
        if let Ok(mut current) = shared.write() {
            let next = publish(&files, Some(current.as_ref()));
            *current = Arc::new(next);
        }
    }
}

/// Loads and renders; on failure renders the last good plans with the error.
#[allow(clippy::type_complexity)]
fn reload(
    paths: &[PathBuf],
    options: &Options,
    last_good: &[Plan],
) -> (Option<Vec<Plan>>, BTreeMap<String, Vec<u8>>, Option<String>) {
    let fresh =
        plan::load(paths).and_then(|plans| site::render(&plans, options, None).map(|s| (plans, s)));
    match fresh {
        Ok((plans, site)) => (Some(plans), site.files, None),
        Err(e) => {
            let problem = e.to_string();
            let files = site::render(last_good, options, Some(&problem))
                .map(|s| s.files)
                .unwrap_or_default();
            (None, files, Some(problem))
        }
    }
}

/// Names, sizes and modification times of every file the plans are read from.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn fingerprint(paths: &[PathBuf], plans: &[Plan]) -> Fingerprint {
    let mut files = Vec::new();
    for p in paths {
        walk(p, &mut files);
    }
    for plan in plans {
        files.extend(plan.holiday_files.iter().cloned());
    }
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

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            out.push(path.to_path_buf());
            for e in entries.flatten() {
                walk(&e.path(), out);
            }
        }
        Err(_) => out.push(path.to_path_buf()),
    }
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
        let _ = tokio::signal::ctrl_c().await;
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
