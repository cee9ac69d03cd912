//! `castcal build` and `castcal serve`, through the real binary and real sockets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{root, Test};

/// The real plan (in its Vietnamese form, as the department keeps it) with
/// `from` replaced by `to`: `from` must be there once, so an edit cannot
/// silently do nothing.
fn with_edit(plan: &str, from: &str, to: &str) -> String {
    assert_eq!(plan.matches(from).count(), 1, "{from}");
    plan.replace(from, to)
}

/// A copy of `schedules/` in a fresh folder, to edit freely.
fn schedules_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("schedules");
    copy_dir(&root().join("schedules"), &dir);
    (tmp, dir)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// A running `castcal serve`, stopped (SIGTERM) when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(schedules: &Path) -> Server {
        Server::start_with(schedules, &[], "0.3")
    }

    /// Starts the server with extra environment variables; it publishes
    /// into `served/` beside the schedules, after a quiet time of `quiet` s.
    fn start_with(schedules: &Path, env: &[(&str, &str)], quiet: &str) -> Server {
        let dir = schedules.with_file_name("served");
        // A run the test drives itself: it reads the address while the
        // server runs, and stops it.
        let mut test = Test::new(["serve", schedules.to_str().unwrap()])
            .args(["--addr", "127.0.0.1:0", "--dir", dir.to_str().unwrap()])
            .args(["--quiet", quiet]);
        for (key, value) in env {
            test = test.env(key, value);
        }
        let mut child = test
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let addr = common::served_address(&mut child);
        Server { child, addr }
    }

    fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

/// One HTTP/1.1 request on its own connection; `path` is sent as written.
fn http(addr: &str, method: &str, path: &str, extra: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in extra {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let (head, rest) = raw.split_at(split);
    let head = String::from_utf8(head.to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: rest.get(4..).unwrap_or_default().to_vec(),
    }
}

fn get(addr: &str, path: &str) -> Reply {
    http(addr, "GET", path, &[])
}

/// Waits (up to 10 s) until `check` holds, polling every 100 ms.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The files `castcal build` writes, read back.
fn build(schedules: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    Test::new(["build", schedules.to_str().unwrap(), "-o"])
        .arg(out)
        .stdout_starts_with("castcal: 66 lần diễn ra, ")
        .stdout_contains(format!(" → {}\n", out.display()))
        .run();
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn build_writes_the_same_bytes_twice_and_replaces_the_folder_whole() {
    let (tmp, schedules) = schedules_copy();
    let out = tmp.path().join("public");
    let first = build(&schedules, &out);
    for name in [
        "index.html",
        "occurrences.json",
        "lich-vi.csv",
        "calendar-en.csv",
        "lich-vi.xlsx",
        "calendar-en.xlsx",
        "guide.xml",
        "KG.xml",
        "KG1.xml",
        "year.html",
        "year-en.html",
        "check.json",
        "all.ics",
        "KG.ics",
        "KG1.ics",
        "BKG.ics",
        ".castcal",
    ] {
        assert!(
            first.contains_key(name),
            "{name} missing from {:?}",
            first.keys()
        );
    }
    // The index page, whole (relative links: no --base-url).
    common::assert_golden(
        "tests/golden/index-2023.html",
        std::str::from_utf8(&first["index.html"]).unwrap(),
    );
    // The feeds are exactly what `castcal ics` writes (pinned in its golden files).
    for feed in ["all", "KG", "KG1", "BKG", "BTBNV", "PANO"] {
        let golden = std::fs::read(root().join(format!("tests/golden/ics/{feed}.ics"))).unwrap();
        assert!(
            first[&format!("{feed}.ics")] == golden,
            "{feed}.ics differs from castcal ics"
        );
    }
    // The programme guides are exactly what `castcal xmltv` writes; none
    // for the outlets that are no tv or radio channel.
    assert!(
        first["KG.xml"] == std::fs::read(root().join("tests/golden/xmltv/KG.xml")).unwrap(),
        "KG.xml differs from castcal xmltv --outlet KG"
    );
    for name in ["BKG.xml", "BTBNV.xml", "PANO.xml"] {
        assert!(!first.contains_key(name), "{name}");
    }
    std::fs::write(out.join("left-over.ics"), "stale").unwrap();
    let second = build(&schedules, &out);
    // But the record of how each file was left on disk: the folder was
    // written again (the left-over file removed).
    let published = |files: &BTreeMap<String, Vec<u8>>| {
        let mut files = files.clone();
        files.remove(".castcal-built");
        files
    };
    assert_eq!(
        published(&first),
        published(&second),
        "a rebuild of the same plan changed the files"
    );
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        beside,
        [
            "public",
            "public.history.sqlite",
            "public.history.sqlite.lock",
            "schedules"
        ],
        "staging folders left behind"
    );
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    Test::new(["build", "--lang", "en", "-o", tmp.path().to_str().unwrap()])
        .status(2)
        .stderr(format!(
            "error: {}: refusing to replace this folder: it was not written by castcal build (no .castcal file inside)\n",
            tmp.path().display()
        ))
        .run();
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn serve_answers_every_file_with_caching_headers_and_nothing_else() {
    let (tmp, schedules) = schedules_copy();
    let built = build(&schedules, &tmp.path().join("public"));
    let server = Server::start(&schedules);
    let addr = server.addr.clone();

    for (name, bytes) in built.iter().filter(|(n, _)| !n.starts_with('.')) {
        let r = get(&addr, &format!("/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(&r.body, bytes, "{name}: served bytes differ from build's");
        let expected_type = match name.rsplit('.').next().unwrap() {
            "ics" => "text/calendar; charset=utf-8",
            "csv" => "text/csv; charset=utf-8",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "html" => "text/html; charset=utf-8",
            "xml" if name.ends_with("-changes.xml") => "application/atom+xml; charset=utf-8",
            "xml" => "application/xml; charset=utf-8",
            "json" => "application/json",
            _ => panic!("{name}: a file of an unknown kind"),
        };
        assert_eq!(r.headers["content-type"], expected_type, "{name}");
        assert!(!r.headers.contains_key("content-encoding"), "{name}");
        assert_eq!(r.headers["cache-control"], "no-cache");
        assert!(r.headers.contains_key("last-modified"));
        let etag = &r.headers["etag"];
        assert!(
            etag.starts_with('"') && etag.len() == 34,
            "strong ETag: {etag}"
        );

        let again = http(
            &addr,
            "GET",
            &format!("/{name}"),
            &[("If-None-Match", etag)],
        );
        assert_eq!(again.status, 304, "{name}");
        assert!(again.body.is_empty());
        assert_eq!(&again.headers["etag"], etag);

        let head = http(&addr, "HEAD", &format!("/{name}"), &[]);
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
        assert_eq!(head.headers["content-length"], bytes.len().to_string());
    }
    assert_eq!(get(&addr, "/").body, built["index.html"]);
    assert_eq!(get(&addr, "/healthz").status, 200);

    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/schedules/kien-giang-cchc-2023.yaml",
        "/kien-giang-cchc-2023.yaml",
        "//etc/passwd",
        "/.castcal",
        "/index.html/",
        "/./index.html",
        "/nope.ics",
    ] {
        assert_eq!(get(&addr, path).status, 404, "{path}");
    }
    assert_eq!(http(&addr, "POST", "/index.html", &[]).status, 405);
    assert!(server.stop().success(), "serve exits cleanly on SIGTERM");
}

#[test]
fn serve_picks_up_edits_and_keeps_the_last_good_calendar_when_one_breaks() {
    let (_tmp, schedules) = schedules_copy();
    // An edit that does not move `published:` is stamped with the time of
    // its publication: 2023-11-14T22:13:20Z.
    let server = Server::start_with(&schedules, &[("SOURCE_DATE_EPOCH", "1700000000")], "0.3");
    let addr = server.addr.clone();
    let file = schedules.join("kien-giang-cchc-2023.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let before = get(&addr, "/occurrences.json");
    let etag = before.headers["etag"].clone();

    // A real edit: the segment moves to 18:00.
    std::fs::write(
        &file,
        with_edit(
            &original,
            "bắt đầu: 18/01/2023 17 giờ 45 phút",
            "bắt đầu: 18/01/2023 18 giờ",
        ),
    )
    .unwrap();
    eventually("the edit is served", || {
        get(&addr, "/occurrences.json").headers["etag"] != etag
    });
    let edited = get(&addr, "/occurrences.json");
    let edited_body = String::from_utf8(edited.body).unwrap();
    assert!(edited_body.contains("2023-01-18T18:00:00+07:00"));
    // The reload is a publication: the history says what moved, and the
    // moved events are one version further.
    let history = String::from_utf8(get(&addr, "/changes.json").body).unwrap();
    let history: serde_json::Value = serde_json::from_str(&history).unwrap();
    let publications = history["publications"].as_array().unwrap();
    assert_eq!(publications.len(), 2, "{history}");
    assert_eq!(publications[0]["number"], 2);
    assert_eq!(publications[0]["summary"]["moved"], 12, "{history}");
    let kg = String::from_utf8(get(&addr, "/KG.ics").body).unwrap();
    assert!(kg.contains(
        "UID:kg-cchc-2023.chuyen-muc-cchc.20230118@castcal\r\n\
         DTSTAMP:20231114T221320Z\r\nSEQUENCE:1\r\n"
    ));
    let atom = String::from_utf8(get(&addr, "/KG-changes.xml").body).unwrap();
    assert!(atom.contains("<title>Lần công bố 2 ("), "{atom}");
    assert_eq!(
        http(
            &addr,
            "GET",
            "/occurrences.json",
            &[("If-None-Match", &etag)]
        )
        .status,
        200,
        "an old ETag must not get a 304"
    );

    // A broken edit: the last good calendar stays online, the index says why.
    std::fs::write(
        &file,
        with_edit(
            &original,
            "phương tiện: KG\n    bắt đầu: 18/01",
            "phương tiện: KGX\n    bắt đầu: 18/01",
        ),
    )
    .unwrap();
    eventually("the error shows on the index", || {
        String::from_utf8(get(&addr, "/").body)
            .unwrap()
            .contains("kênh KGX không có trong")
    });
    assert_eq!(
        String::from_utf8(get(&addr, "/occurrences.json").body).unwrap(),
        edited_body
    );

    // Mended: served again, the error gone.
    std::fs::write(&file, &original).unwrap();
    eventually("the mended plan is served", || {
        get(&addr, "/occurrences.json").headers["etag"] == etag
    });
    assert!(!String::from_utf8(get(&addr, "/").body)
        .unwrap()
        .contains("KGX"));
}

#[test]
fn serve_answers_a_bounded_concurrent_load_correctly() {
    let (_tmp, schedules) = schedules_copy();
    let server = Server::start(&schedules);
    let expected = get(&server.addr, "/occurrences.json").body;
    let clients: Vec<_> = (0..32)
        .map(|i| {
            let addr = server.addr.clone();
            let expected = expected.clone();
            std::thread::spawn(move || {
                let mut ok = 0;
                for j in 0..63 {
                    let path = if (i + j) % 3 == 0 {
                        "/index.html"
                    } else {
                        "/occurrences.json"
                    };
                    let r = get(&addr, path);
                    assert_eq!(r.status, 200);
                    if path == "/occurrences.json" {
                        assert_eq!(r.body, expected);
                    }
                    ok += 1;
                }
                ok
            })
        })
        .collect();
    let answered: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    assert_eq!(answered, 32 * 63);
}

/// Opens `n` connections that send the start of a request and never finish it.
fn half_requests(addr: &str, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"GET /index.html HTTP/1.1\r\nHost: castcal\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect()
}

#[test]
fn serve_answers_beside_half_sent_requests_and_closes_them_after_the_header_timeout() {
    let (_tmp, schedules) = schedules_copy();
    let server = Server::start_with(&schedules, &[("CASTCAL_SERVE_HEADER_TIMEOUT", "1")], "0.3");
    let expected = get(&server.addr, "/index.html").body;
    let mut stuck = half_requests(&server.addr, 200);
    // A client that keeps its connection open between requests, idle.
    let mut idle = TcpStream::connect(&server.addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: castcal\r\n\r\n")
        .unwrap();

    // A normal client is answered while they hang (`get` waits 10 s at most).
    let r = get(&server.addr, "/index.html");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, expected);

    // The server closes every one of them: the read ends (no answer, no
    // bytes) instead of waiting out the client's own 20 s.
    for s in stuck.iter_mut().chain(std::iter::once(&mut idle)) {
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    }
    for (i, s) in stuck.iter_mut().enumerate() {
        let mut rest = Vec::new();
        match s.read_to_end(&mut rest) {
            Ok(_) => assert!(rest.is_empty(), "connection {i} got {rest:?}"),
            Err(e) => assert_eq!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset,
                "connection {i} was not closed: {e}"
            ),
        }
    }
    let mut answered = Vec::new();
    idle.read_to_end(&mut answered)
        .expect("the idle keep-alive connection is closed");
    assert!(answered.starts_with(b"HTTP/1.1 200 OK\r\n"));
    assert!(answered.ends_with(b"ok\n"), "one answer, then closed");
    assert!(server.stop().success());
}

#[test]
fn serve_stops_on_sigterm_whatever_the_clients_do() {
    let (_tmp, schedules) = schedules_copy();
    // The default header timeout (10 s): the connections are still open
    // when the signal comes.
    let server = Server::start(&schedules);
    let _stuck = half_requests(&server.addr, 200);
    // A client that asks for the whole feed again and again and reads nothing.
    let mut deaf = TcpStream::connect(&server.addr).unwrap();
    for _ in 0..50 {
        deaf.write_all(b"GET /all.ics HTTP/1.1\r\nHost: castcal\r\n\r\n")
            .unwrap();
    }
    assert_eq!(get(&server.addr, "/healthz").status, 200);
    let started = Instant::now();
    // `stop` fails the test if the process is still running after 10 s.
    let status = server.stop();
    assert!(status.success(), "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped after {:?}",
        started.elapsed()
    );
}

#[test]
fn serve_shows_a_schedule_that_cannot_be_loaded_and_keeps_serving_the_last_good_feeds() {
    let (_tmp, schedules) = schedules_copy();
    let server = Server::start(&schedules);
    let addr = server.addr.clone();
    let feed = get(&addr, "/all.ics").body;
    let file = schedules.join("kien-giang-cchc-2023.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    // Once a panic in the loader; whatever it becomes, it must be an error
    // shown, never a server that stops answering or says nothing.
    let broken = with_edit(
        &original,
        "bắt đầu: 18/01/2023 17 giờ 45 phút",
        "bắt đầu: \"18/01/2023 17 giờ 4éé\"",
    );
    assert_ne!(broken, original);
    std::fs::write(&file, broken).unwrap();
    eventually("the error shows on the index", || {
        String::from_utf8(get(&addr, "/").body)
            .unwrap()
            .contains("<div class=\"problem\">")
    });
    assert_eq!(get(&addr, "/all.ics").body, feed);
    assert_eq!(get(&addr, "/healthz").status, 200);

    std::fs::write(&file, &original).unwrap();
    eventually("the mended plan is served", || {
        !String::from_utf8(get(&addr, "/").body)
            .unwrap()
            .contains("<div class=\"problem\">")
    });
    // A file in the folder that is not a schedule at all.
    std::fs::write(schedules.join("junk.yaml"), [0xff, 0xfe, 0, b'x']).unwrap();
    eventually("the junk file shows on the index", || {
        String::from_utf8(get(&addr, "/").body)
            .unwrap()
            .contains("junk.yaml")
    });
    assert_eq!(get(&addr, "/all.ics").body, feed);
    assert!(server.stop().success());
}

/// `serve` keeps its folder's history in its store: stopped (SIGTERM) and
/// started again, it still serves what it cancelled, each event at the
/// version it had, and goes on from there.
#[test]
fn serve_keeps_the_history_across_a_restart() {
    let (_tmp, schedules) = schedules_copy();
    let file = schedules.join("kien-giang-cchc-2023.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let server = Server::start(&schedules);
    let addr = server.addr.clone();
    let etag = get(&addr, "/KG.ics").headers["etag"].clone();
    // An edit that cancels the August segment and its rerun.
    std::fs::write(
        &file,
        with_edit(
            &original,
            "quy tắc lặp: \"FREQ=MONTHLY;BYDAY=3WE\"\n",
            "quy tắc lặp: \"FREQ=MONTHLY;BYDAY=3WE\"\n    trừ ngày: [16/08/2023 17 giờ 45 phút]\n",
        ),
    )
    .unwrap();
    eventually("the edit is served", || {
        get(&addr, "/KG.ics").headers["etag"] != etag
    });
    let before = String::from_utf8(get(&addr, "/KG.ics").body).unwrap();
    assert_eq!(before.matches("STATUS:CANCELLED").count(), 2, "{before}");
    assert!(server.stop().success());

    let server = Server::start(&schedules);
    let after = String::from_utf8(get(&server.addr, "/KG.ics").body).unwrap();
    assert_eq!(after, before, "a restart changed the feed");
    let history: serde_json::Value =
        serde_json::from_slice(&get(&server.addr, "/changes.json").body).unwrap();
    assert_eq!(
        history["publications"].as_array().unwrap().len(),
        2,
        "{history}"
    );
    drop(server);
}

/// A schedule file rewritten in two parts, the second a moment after the
/// first (an editor saving, a copy under way), is never published half:
/// `serve` waits until the files have stayed unchanged for its quiet time.
#[test]
fn serve_never_publishes_a_file_written_in_two_parts() {
    let (_tmp, schedules) = schedules_copy();
    let file = schedules.join("kien-giang-cchc-2023.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let server = Server::start_with(&schedules, &[], "1");
    let addr = server.addr.clone();
    let edited = with_edit(
        &original,
        "bắt đầu: 18/01/2023 17 giờ 45 phút",
        "bắt đầu: 18/01/2023 18 giờ",
    );
    // Cut before the fourth activity: a file that loads, with activities missing.
    let cut = edited
        .match_indices("\n  - mã: ")
        .nth(3)
        .map(|(at, _)| at + 1)
        .unwrap();
    let (first, rest) = edited.split_at(cut);
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&file).unwrap();
        f.write_all(first.as_bytes()).unwrap();
        f.sync_all().unwrap();
        std::thread::sleep(Duration::from_millis(400));
        f.write_all(rest.as_bytes()).unwrap();
    }
    eventually("the whole edit is served", || {
        String::from_utf8(get(&addr, "/occurrences.json").body)
            .unwrap()
            .contains("2023-01-18T18:00:00+07:00")
    });
    let history: serde_json::Value =
        serde_json::from_slice(&get(&addr, "/changes.json").body).unwrap();
    let publications = history["publications"].as_array().unwrap();
    assert_eq!(publications.len(), 2, "{history}");
    assert_eq!(publications[0]["summary"]["cancelled"], 0, "{history}");
    assert_eq!(publications[0]["summary"]["moved"], 12, "{history}");
}

/// With `--base-url`, the served page's subscribe links use it (and are
/// shown without a script); without, the page holds the notice that
/// links to this computer work only here, for its script to show.
#[test]
fn serve_links_use_the_base_url() {
    let (tmp, schedules) = schedules_copy();
    let mut child = Command::new(env!("CARGO_BIN_EXE_castcal"))
        .args([
            "serve",
            schedules.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .args(["--base-url", "https://lich.example.gov.vn/cchc/", "--dir"])
        .arg(tmp.path().join("served"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let addr = common::served_address(&mut child);
    let server = Server { child, addr };
    let page = get(&server.addr, "/index.html");
    let page = String::from_utf8(page.body).unwrap();
    assert!(
        page.contains(r#"<a class="webcal" href="webcal://lich.example.gov.vn/cchc/KG.ics">"#),
        "{page}"
    );
    assert!(page.contains(r#"value="https://lich.example.gov.vn/cchc/KG.ics""#));
    assert!(!page.contains(r#"<div class="sub" hidden"#));
    assert!(page.contains(
        r#"<p class="note loopback" hidden>Các nút đăng ký trên trang này trỏ tới địa chỉ"#
    ));
    server.stop();
}
