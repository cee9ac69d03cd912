//! Wall time and peak memory of the release binary on the synthetic
//! broadcaster plans of `../shared/perf/` (issue 11).
//!
//! `cargo bench --bench scale` (plain main, no harness; cargo builds the
//! release binary first). For each plan (n6, n20, n60: 6, 20 and 60 channels,
//! 40 slots a day, seed 1) it writes the plan with `gen_plan.py` into
//! `target/perf/`, compares its sha256 with the one `../shared/perf/README.md`
//! gives, and runs `check`, `ics`, `ics --mode rrule`, `csv`,
//! `expand --format json`, `xmltv`, `build`, `build` again over its own
//! folder with nothing changed (`rebuild`) and after one activity's title
//! changed (`edited`: 365 occurrences of the first channel), `serve` and
//! `reconcile` (the
//! plan's own guide, written by `xmltv` beforehand and not timed, as the
//! as-run log of every channel: `--aired CH01=guide.xml` … one flag per
//! channel, the file read once) on it, each under GNU time but `serve`
//! (`/usr/bin/time`, for the peak RSS) and a timeout; then the Python
//! pipeline (`baseline.py`) on n6. Prints a Markdown table on stdout, the
//! sizes of the feeds `build` wrote (the largest feed offered for
//! subscription, `all.ics`, the yearly archives) and progress on stderr. `check` and `build` exit 1 on these plans: the
//! generator makes overlapping reruns on purpose.
//!
//! Settings (environment):
//! - `CASTCAL_PERF_DIR`: the folder with gen_plan.py, baseline.py, setup.sh
//!   (default `../shared/perf`, from the crate's folder)
//! - `CASTCAL_PERF_PLANS`: plans to run, `nN` for N channels (default
//!   `n6,n20,n60`), `nNxS` with S slots a day (`n60x88`: 1,996,711
//!   occurrences), and `yY` after either for a plan of Y years from 2023
//!   (`n60y3`: 2,677,731 occurrences; the cap is 5,000,000)
//! - `CASTCAL_PERF_COMMANDS`: a subset of
//!   `check,ics,rrule,csv,json,xmltv,build,rebuild,edited,reconcile,serve`
//!   (`rebuild`, `edited`: each run after a first build of its own, not
//!   timed; `serve`: the time of its first publication and the server's
//!   RSS once every file was fetched from it; not run unless named)
//! - `CASTCAL_PERF_TIMEOUT`: seconds per command (default 120); `120,n60=60`
//!   gives n60 its own
//! - `CASTCAL_PERF_REPEAT`: runs per command, the fastest is shown (default 1)
//! - `CASTCAL_PERF_BASELINE`: plans to run `baseline.py` on (default `n6`;
//!   `none` skips it); its venv is `CASTCAL_PERF_VENV` (default
//!   `target/perf-venv`), made with setup.sh when missing
//! - `CASTCAL_PERF_TIME`: GNU time (default `/usr/bin/time`)
//! - `CASTCAL_BIN`: the castcal binary to measure (default: the one cargo built)
//! - `CASTCAL_PERF_KEEP=1`: keep each command's output in `target/perf/`
//!   (`nN.KEY.out`, `out-nN/`); by default it is removed once measured
//!
//! Speed is not part of the test suite: under `cargo test` (which runs
//! benches without `--bench`) this program only prints how to run it.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use rustix::process::{kill_process_group, Pid, Signal};
use sha2::{Digest, Sha256};

/// Slots a day and seed of the plans whose hashes the perf README gives.
const SLOTS_PER_DAY: &str = "40";
const SEED: &str = "1";

/// `(plan, first and last 8 hex digits of its sha256)`, from `../shared/perf/README.md`.
const KNOWN_HASHES: [(&str, &str, &str); 3] = [
    ("n6", "055d67a1", "0c5e"),
    ("n20", "1ee9e14c", "a4f6"),
    ("n60", "068adb27", "e06e"),
];

/// The date `build` is run on (`--today`): in the plans' year, so that its
/// feeds are what a day of that year publishes (windows of the days to
/// come beside yearly archives), not the empty windows of a later year.
const TODAY: &str = "2023-03-01";

/// `(key for CASTCAL_PERF_COMMANDS, label, arguments before the plan)`.
/// `serve` is measured its own way ([`serve_once`]); `rebuild` and
/// `edited` each after a first build ([`rebuilt`]).
const COMMANDS: [(&str, &str, &[&str]); 11] = [
    ("check", "check", &["check"]),
    ("ics", "ics (instances)", &["ics"]),
    ("rrule", "ics --mode rrule", &["ics", "--mode", "rrule"]),
    ("csv", "csv", &["csv"]),
    (
        "json",
        "expand --format json",
        &["expand", "--format", "json"],
    ),
    ("xmltv", "xmltv", &["xmltv"]),
    ("build", "build -o DIR", &["build", "--today", TODAY]),
    (
        "rebuild",
        "build -o DIR again, nothing changed",
        &["build", "--today", TODAY],
    ),
    (
        "edited",
        "build -o DIR again, one activity's title changed (365 occurrences)",
        &["build", "--today", TODAY],
    ),
    (
        "reconcile",
        "reconcile --aired CHnn=guide.xml (each channel)",
        &["reconcile", "--through", "2024-12-31"],
    ),
    (
        "serve",
        "serve: first publication; server RSS after every file was fetched",
        &["serve"],
    ),
];

struct Plan {
    name: String,
    channels: u32,
    /// Slots a day ([`SLOTS_PER_DAY`] unless the name says `nNxS`).
    slots: u32,
    /// Years of its period, from 2023 (1 unless the name ends `yY`).
    years: u32,
}

struct Config {
    perf_dir: PathBuf,
    work: PathBuf,
    plans: Vec<Plan>,
    commands: Vec<&'static str>,
    timeout: Duration,
    plan_timeouts: Vec<(String, Duration)>,
    repeat: u32,
    baseline: Vec<String>,
    venv: PathBuf,
    time: PathBuf,
    bin: PathBuf,
    keep: bool,
}

impl Config {
    fn timeout_for(&self, plan: &str) -> Duration {
        self.plan_timeouts
            .iter()
            .find(|(p, _)| p == plan)
            .map_or(self.timeout, |(_, t)| *t)
    }
}

enum Outcome {
    Exited(ExitStatus),
    TimedOut,
    /// Not run, and why.
    Skipped(String),
}

struct Measure {
    wall: Duration,
    rss_kib: Option<u64>,
    outcome: Outcome,
    /// The last line the command wrote on stderr, when it failed.
    last_err: Option<String>,
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn seconds(text: &str, var: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!("{var}: `{text}` is not a number of seconds")),
    }
}

fn config() -> Result<Config, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let perf_dir = root.join(env_or("CASTCAL_PERF_DIR", "../shared/perf"));
    if !perf_dir.join("gen_plan.py").is_file() {
        return Err(format!(
            "CASTCAL_PERF_DIR: no gen_plan.py in {} (set CASTCAL_PERF_DIR to the folder \
             with gen_plan.py and baseline.py)",
            perf_dir.display()
        ));
    }

    let mut plans = Vec::new();
    for name in list(&env_or("CASTCAL_PERF_PLANS", "n6,n20,n60")) {
        let number = |n: &str| n.parse::<u32>().ok().filter(|n| *n > 0);
        let (base, years) = match name.split_once('y') {
            Some((base, y)) => (base, number(y)),
            None => (name.as_str(), Some(1)),
        };
        let parsed = base
            .strip_prefix('n')
            .and_then(|rest| match rest.split_once('x') {
                Some((c, s)) => Some((number(c)?, number(s)?)),
                None => Some((number(rest)?, number(SLOTS_PER_DAY)?)),
            });
        let (channels, slots, years) =
            parsed
                .zip(years)
                .map(|((c, s), y)| (c, s, y))
                .ok_or_else(|| {
                    format!(
                        "CASTCAL_PERF_PLANS: `{name}` is not nN (N channels, such as n6) or nNxS \
                 (S slots a day), with yY after it for Y years (n60y3)"
                    )
                })?;
        plans.push(Plan {
            name,
            channels,
            slots,
            years,
        });
    }

    let mut commands = Vec::new();
    for key in list(&env_or(
        "CASTCAL_PERF_COMMANDS",
        "check,ics,rrule,csv,json,xmltv,build,rebuild,edited,reconcile",
    )) {
        let (known, _, _) = COMMANDS.iter().find(|(k, _, _)| *k == key).ok_or_else(|| {
            format!(
                "CASTCAL_PERF_COMMANDS: `{key}` is not one of check, ics, rrule, csv, json, xmltv, build, rebuild, edited, reconcile, serve"
            )
        })?;
        commands.push(*known);
    }

    let mut timeout = Duration::from_secs(120);
    let mut plan_timeouts = Vec::new();
    for part in list(&env_or("CASTCAL_PERF_TIMEOUT", "120")) {
        match part.split_once('=') {
            Some((plan, s)) => {
                plan_timeouts.push((plan.trim().to_string(), seconds(s, "CASTCAL_PERF_TIMEOUT")?))
            }
            None => timeout = seconds(&part, "CASTCAL_PERF_TIMEOUT")?,
        }
    }

    let repeat_text = env_or("CASTCAL_PERF_REPEAT", "1");
    let repeat = repeat_text
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|r| *r > 0)
        .ok_or_else(|| format!("CASTCAL_PERF_REPEAT: `{repeat_text}` is not a count of runs"))?;

    let baseline = list(&env_or("CASTCAL_PERF_BASELINE", "n6"))
        .into_iter()
        .filter(|p| p != "none")
        .collect();

    let bin = match std::env::var_os("CASTCAL_BIN") {
        Some(b) => PathBuf::from(b),
        None => PathBuf::from(env!("CARGO_BIN_EXE_castcal")),
    };
    if !bin.is_file() {
        return Err(format!(
            "no castcal binary at {} (run `cargo bench --bench scale`, which builds it, \
             or set CASTCAL_BIN)",
            bin.display()
        ));
    }

    Ok(Config {
        perf_dir,
        work: root.join("target/perf"),
        plans,
        commands,
        timeout,
        plan_timeouts,
        repeat,
        baseline,
        venv: root.join(env_or("CASTCAL_PERF_VENV", "target/perf-venv")),
        time: PathBuf::from(env_or("CASTCAL_PERF_TIME", "/usr/bin/time")),
        bin,
        keep: std::env::var_os("CASTCAL_PERF_KEEP").is_some_and(|v| v == "1"),
    })
}

/// GNU time writes the peak RSS with `-f %M -o FILE`; check that it does
/// here before measuring anything.
fn check_time(cfg: &Config) -> Result<(), String> {
    let stat = cfg.work.join("time-probe.txt");
    let ran = Command::new(&cfg.time)
        .args(["-f", "%M", "-o"])
        .arg(&stat)
        .arg("true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match (ran, read_rss(&stat)) {
        (Ok(s), Some(_)) if s.success() => Ok(()),
        _ => Err(format!(
            "peak RSS is read with GNU time, and {} does not work as GNU time \
             (`apt-get install time`, or set CASTCAL_PERF_TIME to it)",
            cfg.time.display()
        )),
    }
}

/// The last line GNU time wrote: `%M`, the peak RSS in KiB (earlier lines
/// say how the command ended).
fn read_rss(stat: &Path) -> Option<u64> {
    let text = fs::read_to_string(stat).ok()?;
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim()
        .parse()
        .ok()
}

fn last_line(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.chars().take(200).collect())
}

/// Runs `program args` once under GNU time with its stdout into `stdout`,
/// killing its process group after `timeout`.
fn run_once(
    cfg: &Config,
    program: &Path,
    args: &[OsString],
    stdout: &Path,
    timeout: Duration,
) -> Result<Measure, String> {
    let stat = cfg.work.join("time.txt");
    let err_path = cfg.work.join("stderr.txt");
    let _ = fs::remove_file(&stat);
    let out = File::create(stdout).map_err(|e| format!("{}: {e}", stdout.display()))?;
    let err = File::create(&err_path).map_err(|e| format!("{}: {e}", err_path.display()))?;
    let start = Instant::now();
    let mut child = Command::new(&cfg.time)
        .args(["-f", "%M", "-o"])
        .arg(&stat)
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("{}: {e}", cfg.time.display()))?;
    let outcome = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Outcome::Exited(status),
            Ok(None) if start.elapsed() >= timeout => {
                // GNU time and the command are alone in their group.
                let _ = kill_process_group(Pid::from_child(&child), Signal::KILL);
                let _ = child.wait();
                break Outcome::TimedOut;
            }
            Ok(None) => sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for {}: {e}", program.display())),
        }
    };
    let wall = start.elapsed();
    let failed = match &outcome {
        Outcome::Exited(s) => s.code().is_none_or(|c| c > 1),
        _ => false,
    };
    Ok(Measure {
        wall,
        rss_kib: read_rss(&stat),
        outcome,
        last_err: if failed { last_line(&err_path) } else { None },
    })
}

/// `castcal serve` of `plan` into `dir`: the wall time is its first
/// publication (until it prints its address), the RSS the server's own
/// once every file of the folder has been fetched from it once (its
/// publications run in processes of their own). Its peak is said on
/// standard error.
fn serve_once(cfg: &Config, plan: &Path, dir: &Path, timeout: Duration) -> Result<Measure, String> {
    use std::io::{BufRead, BufReader, Read, Write};
    let start = Instant::now();
    let mut child = Command::new(&cfg.bin)
        .arg("serve")
        .arg(plan)
        .arg("--dir")
        .arg(dir)
        .args(["--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("serve: {e}"))?;
    let pid = Pid::from_child(&child);
    let mut line = String::new();
    let read = child
        .stdout
        .take()
        .map(|out| BufReader::new(out).read_line(&mut line));
    let wall = start.elapsed();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(str::to_string);
    let stop = |child: &mut std::process::Child| {
        let _ = kill_process_group(pid, Signal::TERM);
        let _ = child.wait();
    };
    let (Some(Ok(_)), Some(addr)) = (read, addr) else {
        stop(&mut child);
        return Ok(Measure {
            wall,
            rss_kib: None,
            outcome: Outcome::Skipped("serve did not start".to_string()),
            last_err: None,
        });
    };
    let status_kib = |field: &str| -> Option<u64> {
        let text = fs::read_to_string(format!("/proc/{}/status", pid.as_raw_nonzero())).ok()?;
        text.lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut bytes = 0u64;
    for name in &names {
        if start.elapsed() > timeout {
            break;
        }
        let Ok(mut stream) = std::net::TcpStream::connect(&addr) else {
            continue;
        };
        let _ = write!(
            stream,
            "GET /{name} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        );
        let mut buf = vec![0u8; 1 << 20];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes += n as u64;
        }
    }
    let rss = status_kib("VmRSS:");
    let peak = status_kib("VmHWM:");
    eprintln!(
        "    served {} files, {:.1} GB; server RSS {} KiB, peak {} KiB",
        names.len(),
        bytes as f64 / 1e9,
        rss.unwrap_or(0),
        peak.unwrap_or(0)
    );
    stop(&mut child);
    Ok(Measure {
        wall,
        rss_kib: rss,
        outcome: Outcome::Exited(std::os::unix::process::ExitStatusExt::from_raw(0)),
        last_err: None,
    })
}

/// The fastest of `cfg.repeat` runs, each after `before` (a `build`: its
/// folder removed, or it would find it already written); a timeout ends
/// the series.
fn run(
    cfg: &Config,
    program: &Path,
    args: &[OsString],
    stdout: &Path,
    timeout: Duration,
    before: &dyn Fn(),
) -> Result<Measure, String> {
    let mut best: Option<Measure> = None;
    for _ in 0..cfg.repeat {
        before();
        let m = run_once(cfg, program, args, stdout, timeout)?;
        let timed_out = matches!(m.outcome, Outcome::TimedOut);
        if best.as_ref().is_none_or(|b| m.wall < b.wall) {
            best = Some(m);
        }
        if timed_out {
            break;
        }
    }
    best.ok_or_else(|| "no run".to_string())
}

/// The plan `plan` with the title of its first activity changed: the
/// edit `edited` publishes (`gen_plan.py` gives every channel's first
/// programme a daily slot, so 365 occurrences change).
fn edited_plan(cfg: &Config, plan: &Path) -> Result<PathBuf, String> {
    let text = fs::read_to_string(plan).map_err(|e| format!("{}: {e}", plan.display()))?;
    let Some(at) = text.find("\n    title: \"") else {
        return Err(format!("{}: no activity title to change", plan.display()));
    };
    let line_end = text
        .get(at + 1..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| at + 1 + n);
    let mut edited = String::with_capacity(text.len() + 8);
    edited.push_str(text.get(..line_end.saturating_sub(1)).unwrap_or_default());
    edited.push_str(" (new)\"");
    edited.push_str(text.get(line_end..).unwrap_or_default());
    let path = cfg.work.join(format!(
        "{}.edited.yaml",
        plan.file_stem().unwrap_or_default().to_string_lossy()
    ));
    fs::write(&path, edited).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Removes the folder `dir` and its history beside it.
fn remove_folder(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let mut name = dir.as_os_str().to_owned();
        name.push(format!(".history.sqlite{suffix}"));
        let _ = fs::remove_file(name);
    }
}

/// `build` over its own folder: each run after a first build of `plan`
/// into a new folder (not timed), of `plan` again (`rebuild`) or of its
/// edit (`edited`); the fastest run.
fn rebuilt(
    cfg: &Config,
    key: &str,
    pre: &[&str],
    plan: &Path,
    out_dir: &Path,
    stdout: &Path,
    timeout: Duration,
) -> Result<Measure, String> {
    let second = match key {
        "edited" => edited_plan(cfg, plan)?,
        _ => plan.to_path_buf(),
    };
    let mut best: Option<Measure> = None;
    for _ in 0..cfg.repeat {
        remove_folder(out_dir);
        let first = Command::new(&cfg.bin)
            .args(pre)
            .arg(plan)
            .arg("-o")
            .arg(out_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", cfg.bin.display()))?;
        if first.code().is_none_or(|c| c > 1) {
            return Err(format!(
                "the first build of {} failed ({first})",
                plan.display()
            ));
        }
        let mut args: Vec<OsString> = pre.iter().map(OsString::from).collect();
        args.push(second.clone().into_os_string());
        args.push("-o".into());
        args.push(out_dir.as_os_str().to_owned());
        let m = run_once(cfg, &cfg.bin, &args, stdout, timeout)?;
        let timed_out = matches!(m.outcome, Outcome::TimedOut);
        if best.as_ref().is_none_or(|b| m.wall < b.wall) {
            best = Some(m);
        }
        if timed_out {
            break;
        }
    }
    best.ok_or_else(|| "no run".to_string())
}

/// The sizes of the feeds of the folder `dir`: the largest feed offered
/// for subscription (`<OUTLET>.ics`), `all.ics`, and the yearly archives
/// (`<OUTLET>-YYYY.ics`: the largest, how many, all together).
fn feed_sizes(dir: &Path) -> Option<String> {
    let mut largest: Option<(u64, String)> = None;
    let (mut all, mut archives, mut archive_bytes) = (None, 0u64, 0u64);
    let mut largest_archive: Option<(u64, String)> = None;
    for entry in fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".ics") else {
            continue;
        };
        let len = entry.metadata().ok()?.len();
        let year = stem
            .rsplit_once('-')
            .filter(|(_, y)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
        if stem == "all" {
            all = Some(len);
        } else if year.is_some() {
            archives += 1;
            archive_bytes += len;
            if largest_archive.as_ref().is_none_or(|(l, _)| len > *l) {
                largest_archive = Some((len, name));
            }
        } else if largest.as_ref().is_none_or(|(l, _)| len > *l) {
            largest = Some((len, name));
        }
    }
    let bytes = |n: u64| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let (feed, feed_name) = largest?;
    let mut line = format!(
        "largest subscription feed {} bytes ({feed_name})",
        bytes(feed)
    );
    if let Some(all) = all {
        let _ = write!(line, ", all.ics {} bytes", bytes(all));
    }
    if let Some((size, name)) = largest_archive {
        let _ = write!(
            line,
            ", {archives} yearly archives of {} bytes, the largest {} bytes ({name})",
            bytes(archive_bytes),
            bytes(size)
        );
    }
    Some(line)
}

fn sha256_hex(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        }))
}

/// Writes the plan with gen_plan.py and compares its hash with the README's.
fn generate(cfg: &Config, plan: &Plan) -> Result<PathBuf, String> {
    let path = cfg.work.join(format!("{}.yaml", plan.name));
    let status = Command::new("python3")
        .arg(cfg.perf_dir.join("gen_plan.py"))
        .args(["--channels", &plan.channels.to_string()])
        .args([
            "--slots-per-day",
            &plan.slots.to_string(),
            "--seed",
            SEED,
            "-o",
        ])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .map_err(|e| format!("python3: {e}"))?;
    if !status.success() {
        return Err(format!("gen_plan.py for {} failed ({status})", plan.name));
    }
    if plan.years > 1 {
        // The same channels over more years: the period ends later, the
        // daily and weekly rules run on.
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let last = 2023 + plan.years - 1;
        let text = text.replacen(
            "period: { from: 2023-01-01, to: 2023-12-31 }",
            &format!("period: {{ from: 2023-01-01, to: {last}-12-31 }}"),
            1,
        );
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(path);
    }
    let hash = sha256_hex(&path)?;
    match KNOWN_HASHES.iter().find(|(p, _, _)| *p == plan.name) {
        Some((_, head, tail)) if hash.starts_with(head) && hash.ends_with(tail) => {}
        Some((_, head, tail)) => eprintln!(
            "warning: {} has sha256 {hash}, not {head}…{tail} as in the perf README: \
             the generator changed, so figures are not comparable with the README's",
            plan.name
        ),
        None => eprintln!("note: no reference sha256 for {} ({hash})", plan.name),
    }
    Ok(path)
}

/// The venv's python, made with setup.sh when missing; `Err` says why not.
fn python(cfg: &Config) -> Result<PathBuf, String> {
    let py = cfg.venv.join("bin/python");
    let ready = |py: &Path| {
        Command::new(py)
            .args(["-c", "import yaml, dateutil, icalendar"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if ready(&py) {
        return Ok(py);
    }
    eprintln!(
        "making the Python venv {} with setup.sh …",
        cfg.venv.display()
    );
    let made = Command::new(cfg.perf_dir.join("setup.sh"))
        .env("VENV", &cfg.venv)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status();
    match made {
        Ok(s) if s.success() && ready(&py) => Ok(py),
        Ok(s) => Err(format!("setup.sh failed ({s})")),
        Err(e) => Err(format!("setup.sh: {e}")),
    }
}

fn cell(m: &Measure, timeout: Duration) -> String {
    let rss = m.rss_kib.map_or("? MiB".to_string(), |k| {
        format!("{:.0} MiB", k as f64 / 1024.0)
    });
    match &m.outcome {
        Outcome::Skipped(why) => why.clone(),
        Outcome::TimedOut => format!("> {} s (killed)", timeout.as_secs_f64()),
        Outcome::Exited(s) => {
            let code = s
                .code()
                .map_or_else(|| format!("{s}"), |c| format!("exit {c}"));
            format!("{:.2} s, {rss}, {code}", m.wall.as_secs_f64())
        }
    }
}

fn shell(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_string())
}

fn bench(cfg: &Config) -> Result<(), String> {
    fs::create_dir_all(&cfg.work).map_err(|e| format!("{}: {e}", cfg.work.display()))?;
    check_time(cfg)?;
    let load_before = loadavg();
    let started = chrono::Utc::now();

    // (plan, command label, measure, timeout)
    let mut rows: Vec<(String, &str, Measure, Duration)> = Vec::new();
    // Commands that ran out of time, with that time: a larger plan with no
    // more time would too.
    let mut over: Vec<(&str, String, Duration)> = Vec::new();
    // (plan, the sizes of the feeds its `build` wrote)
    let mut sizes: Vec<(String, String)> = Vec::new();

    for plan in &cfg.plans {
        eprintln!("{}: writing the plan …", plan.name);
        let path = generate(cfg, plan)?;
        let timeout = cfg.timeout_for(&plan.name);
        for key in &cfg.commands {
            let Some((_, label, pre)) = COMMANDS.iter().find(|(k, _, _)| k == key) else {
                continue;
            };
            if let Some((_, at, t)) = over.iter().find(|(k, _, t)| k == key && *t >= timeout) {
                let why = format!("not run (> {} s at {at})", t.as_secs_f64());
                eprintln!("{}: {label}: {why}", plan.name);
                let m = Measure {
                    wall: Duration::ZERO,
                    rss_kib: None,
                    outcome: Outcome::Skipped(why),
                    last_err: None,
                };
                rows.push((plan.name.clone(), label, m, timeout));
                continue;
            }
            let mut args: Vec<OsString> = pre.iter().map(OsString::from).collect();
            args.push(path.clone().into_os_string());
            let out_dir = cfg.work.join(format!("out-{}", plan.name));
            if *key == "build" {
                args.push("-o".into());
                args.push(out_dir.clone().into_os_string());
            }
            let guide = cfg.work.join(format!("{}.guide.xml", plan.name));
            if *key == "reconcile" {
                eprintln!("{}: writing its guide, the log to reconcile …", plan.name);
                let written = Command::new(&cfg.bin)
                    .arg("xmltv")
                    .arg(&path)
                    .arg("-o")
                    .arg(&guide)
                    .status()
                    .map_err(|e| format!("{}: {e}", cfg.bin.display()))?;
                if !written.success() {
                    return Err(format!("castcal xmltv {} failed", path.display()));
                }
                // The channels gen_plan.py names: CH01 … (two digits at least).
                let width = plan.channels.to_string().len().max(2);
                for c in 1..=plan.channels {
                    let mut aired = OsString::from(format!("CH{c:0width$}="));
                    aired.push(&guide);
                    args.push("--aired".into());
                    args.push(aired);
                }
            }
            let stdout = cfg.work.join(format!("{}.{key}.out", plan.name));
            eprintln!("{}: {label} …", plan.name);
            let m = match *key {
                "serve" => serve_once(cfg, &path, &out_dir, timeout)?,
                "rebuild" | "edited" => rebuilt(cfg, key, pre, &path, &out_dir, &stdout, timeout)?,
                _ => run(cfg, &cfg.bin, &args, &stdout, timeout, &|| {
                    remove_folder(&out_dir)
                })?,
            };
            if *key == "build" {
                if let Some(line) = feed_sizes(&out_dir) {
                    sizes.push((plan.name.clone(), line));
                }
            }
            if !cfg.keep {
                // A feed of n60 is hundreds of MiB; the folder's history
                // lies beside it.
                let _ = fs::remove_file(&stdout);
                remove_folder(&out_dir);
                let _ = fs::remove_file(&guide);
            }
            eprintln!("{}: {label}: {}", plan.name, cell(&m, timeout));
            if let Some(e) = &m.last_err {
                eprintln!("    {e}");
            }
            if matches!(m.outcome, Outcome::TimedOut) {
                over.push((key, plan.name.clone(), timeout));
            }
            rows.push((plan.name.clone(), label, m, timeout));
        }
    }

    let mut py_rows: Vec<(String, Measure, Duration)> = Vec::new();
    let mut py_note = None;
    let baseline: Vec<&Plan> = cfg
        .plans
        .iter()
        .filter(|p| cfg.baseline.contains(&p.name))
        .collect();
    if !baseline.is_empty() {
        match python(cfg) {
            Ok(py) => {
                for plan in baseline {
                    let path = cfg.work.join(format!("{}.yaml", plan.name));
                    let out = cfg.work.join(format!("py-{}", plan.name));
                    let args: Vec<OsString> = vec![
                        cfg.perf_dir.join("baseline.py").into_os_string(),
                        path.into_os_string(),
                        "--out".into(),
                        out.into_os_string(),
                    ];
                    let timeout = cfg.timeout_for(&plan.name);
                    eprintln!("{}: baseline.py …", plan.name);
                    let m = run(
                        cfg,
                        &py,
                        &args,
                        &cfg.work.join("py.stdout"),
                        timeout,
                        &|| {},
                    )?;
                    eprintln!("{}: baseline.py: {}", plan.name, cell(&m, timeout));
                    py_rows.push((plan.name.clone(), m, timeout));
                }
            }
            Err(why) => {
                eprintln!("baseline.py not run: {why}");
                py_note = Some(why);
            }
        }
    }

    let commit = shell("git", &["rev-parse", "--short", "HEAD"]);
    let dirty = !shell("git", &["status", "--porcelain", "--untracked-files=no"]).is_empty();
    println!();
    println!(
        "castcal {} ({}{}), run started {} UTC; {} cores, load average {} before, {} after; \
         fastest of {} run(s)",
        cfg.bin.display(),
        if commit.is_empty() { "?" } else { &commit },
        if dirty { ", uncommitted changes" } else { "" },
        started.format("%Y-%m-%d %H:%M"),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_before,
        loadavg(),
        cfg.repeat
    );
    println!();
    let mut head = "| command |".to_string();
    let mut rule = "|---|".to_string();
    for plan in &cfg.plans {
        let _ = write!(head, " {} |", plan.name);
        rule.push_str("---|");
    }
    println!("{head}\n{rule}");
    for key in &cfg.commands {
        let Some((_, label, _)) = COMMANDS.iter().find(|(k, _, _)| k == key) else {
            continue;
        };
        let mut line = format!("| `{label}` |");
        for plan in &cfg.plans {
            let text = rows
                .iter()
                .find(|(p, l, _, _)| *p == plan.name && l == label)
                .map_or(String::new(), |(_, _, m, t)| cell(m, *t));
            let _ = write!(line, " {text} |");
        }
        println!("{line}");
    }
    if !py_rows.is_empty() {
        let mut line =
            "| Python `baseline.py` (load, expand, check, .ics, CSV in one run) |".to_string();
        for plan in &cfg.plans {
            let text = py_rows
                .iter()
                .find(|(p, _, _)| *p == plan.name)
                .map_or("—".to_string(), |(_, m, t)| cell(m, *t));
            let _ = write!(line, " {text} |");
        }
        println!("{line}");
    }
    println!();
    println!(
        "Wall time, peak RSS (GNU time) and exit status. `check` and `build` exit 1 on \
         these plans: their reruns overlap on purpose."
    );
    if let Some(why) = py_note {
        println!("Python pipeline not run: {why}.");
    }
    if !sizes.is_empty() {
        println!();
        println!("Feeds `build` wrote:");
        for (plan, line) in &sizes {
            println!("- {plan}: {line}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` passes --bench; `cargo test --benches` (and --all-targets)
    // runs this with no arguments, and speed is no part of the tests.
    if !std::env::args().any(|a| a == "--bench") {
        println!("scale: a benchmark of minutes; run it with `cargo bench --bench scale`");
        return ExitCode::SUCCESS;
    }
    match config().and_then(|cfg| bench(&cfg)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scale: {e}");
            ExitCode::from(2)
        }
    }
}
