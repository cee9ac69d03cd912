//! Wall time and peak memory of the release binary importing documents
//! made to be large: a plan of 20,000 rows sharing a title, as text and as
//! Word (their time cells repeat: 420 different slots), the same rows at
//! 20,000 different time cells as text, and a Word file of about 60 KB whose
//! one cell holds 31 million words.
//!
//! `cargo bench --bench import` (plain main, no harness; cargo builds the
//! release binary first). It writes the documents into
//! `target/import-bench/`, runs `castcal import` on each under GNU time
//! (`/usr/bin/time`, for the peak RSS), the faster of `CASTCAL_BENCH_REPEAT`
//! runs (default 3), and prints a Markdown table: wall time, processor time
//! (user and system: what a busy shared machine does not inflate), peak
//! memory. The bounds: the rows under 2 s, the cell under 250 MB (the
//! rows of different time cells are measured beside them, without a
//! bound).
//! `CASTCAL_BIN` names another binary to measure.
//!
//! Speed is not part of the test suite: under `cargo test` this program
//! only prints how to run it (`tests/import_limits.rs` holds the limits and
//! the linear growth).

#[path = "../tests/common/documents.rs"]
mod documents;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// One measured run: seconds of wall and of processor time (user and
/// system), peak RSS in KiB, exit status.
struct Measured {
    seconds: f64,
    cpu: f64,
    kib: u64,
    code: i32,
}

fn measure(bin: &Path, doc: &Path) -> Result<Measured, String> {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("BENCH %e %U %S %M")
        .arg(bin)
        .arg("import")
        .arg(doc)
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("/usr/bin/time: {e} (Debian package `time`)"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("BENCH "))
        .ok_or_else(|| format!("no figures from /usr/bin/time: {stderr}"))?;
    let figures: Vec<f64> = line
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect();
    let [seconds, user, system, kib] = figures[..] else {
        return Err(format!("no figures in `{line}`"));
    };
    Ok(Measured {
        seconds,
        cpu: user + system,
        kib: kib as u64,
        code: out.status.code().unwrap_or(-1),
    })
}

fn bench() -> Result<(), String> {
    let bin = std::env::var_os("CASTCAL_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_castcal")),
        PathBuf::from,
    );
    let repeat: usize = std::env::var("CASTCAL_BENCH_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/import-bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let rows = documents::many_rows(20_000);
    let slots = documents::many_slots(20_000);
    let docs: [(&str, &str, Vec<u8>); 4] = [
        (
            "20,000 rows of one title",
            "rows.txt",
            rows.clone().into_bytes(),
        ),
        (
            "20,000 rows of one title",
            "rows.docx",
            documents::docx_of_text(&rows),
        ),
        (
            "20,000 rows, no two time cells alike",
            "slots.txt",
            slots.into_bytes(),
        ),
        (
            "one cell of 31 million words",
            "cell.docx",
            documents::one_cell_of_words(31),
        ),
    ];
    println!("| document | file | bytes | wall s | processor s | peak MiB | exit |");
    println!("|---|---|---|---|---|---|---|");
    for (what, name, bytes) in docs {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).map_err(|e| e.to_string())?;
        let mut best: Option<Measured> = None;
        for _ in 0..repeat {
            let m = measure(&bin, &path)?;
            if best.as_ref().is_none_or(|b| m.seconds < b.seconds) {
                best = Some(m);
            }
        }
        let Some(m) = best else { continue };
        println!(
            "| {what} | {name} | {} | {:.2} | {:.2} | {:.0} | {} |",
            bytes.len(),
            m.seconds,
            m.cpu,
            m.kib as f64 / 1024.0,
            m.code
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    if !std::env::args().any(|a| a == "--bench") {
        println!("import: a benchmark of seconds; run it with `cargo bench --bench import`");
        return ExitCode::SUCCESS;
    }
    match bench() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("import: {e}");
            ExitCode::from(2)
        }
    }
}
