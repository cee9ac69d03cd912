//! A scanned page read by OCR: rasterised at its image's own resolution by
//! `pdftoppm` (poppler-utils), its ruling lines found in the image (after
//! its skew is measured and taken out), its words and their boxes read by
//! `tesseract -l vie` (Tesseract with its Vietnamese data; `vie+eng` would
//! strip the accents) as TSV. The words are given to [`layout`](super::layout)
//! as glyphs, in points and in the page's straightened frame, with their
//! confidence; each word OCR was unsure of is said at its line.
//!
//! The tools run as commands on a copy of the PDF in a private temporary
//! folder, each bounded in time; when one is missing, the error names the
//! Debian package to install.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::super::{Place, ReadNote};
use super::layout::{Glyph, Page, Rule};
use crate::words::pdf as say;
use crate::words::Lang;

/// Below this confidence (0–100), a word OCR read is said.
pub const UNSURE: f64 = 60.0;
/// The most pixels a page is rasterised to.
pub const MAX_RASTER_PIXELS: f64 = 48.0 * 1024.0 * 1024.0;
/// How long one tool may run on one page.
pub const TOOL_SECONDS: u64 = 120;

/// A scanned page read: its words as glyphs and its ruling lines, and what
/// to say of it.
pub(super) struct Scanned {
    pub page: Page,
    pub notes: Vec<ReadNote>,
}

/// The resolution to rasterise a page at: its largest image's own, within
/// 150–600 dpi and [`MAX_RASTER_PIXELS`].
pub(super) fn dpi(page: &Page, images: &[(u64, u64)]) -> f64 {
    let width_in = (page.width / 72.0).max(0.5);
    let height_in = (page.height / 72.0).max(0.5);
    let native = images
        .iter()
        .map(|(w, _)| *w as f64 / width_in)
        .fold(0.0_f64, f64::max);
    let dpi = if native > 0.0 { native } else { 300.0 };
    let cap = (MAX_RASTER_PIXELS / (width_in * height_in)).sqrt();
    dpi.clamp(150.0, 600.0).min(cap).round()
}

/// Reads a scanned page.
pub(super) fn read_page(
    pdf: &[u8],
    page: &Page,
    images: &[(u64, u64)],
    lang: Lang,
) -> Result<Scanned, String> {
    let w = say::Words::of(lang);
    let dir = tempfile::tempdir().map_err(|e| say::tool_failed(lang, "tempdir", &e.to_string()))?;
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).map_err(|e| say::tool_failed(lang, "pdftoppm", &e.to_string()))?;
    let dpi = dpi(page, images);
    let stem = dir.path().join("page");
    let number = page.number.to_string();
    let raster = run(
        Command::new("pdftoppm")
            .args(["-gray", "-singlefile", "-r"])
            .arg(format!("{dpi}"))
            .args(["-f", &number, "-l", &number])
            .arg(&input)
            .arg(&stem),
        w.no_pdftoppm,
        lang,
    )?;
    let _ = raster;
    let image_path = dir.path().join("page.pgm");
    let image = std::fs::read(&image_path)
        .ok()
        .and_then(|b| Gray::parse(&b))
        .ok_or_else(|| say::no_page_image(lang))?;
    let langs = run(
        Command::new("tesseract").arg("--list-langs"),
        w.no_tesseract,
        lang,
    )?;
    if !langs.lines().any(|l| l.trim() == "vie") {
        return Err(w.no_vie.into());
    }
    let skew = image.skew();
    let tsv = run(
        Command::new("tesseract")
            .arg(&image_path)
            .arg("stdout")
            .args(["-l", "vie", "--psm", "3", "--dpi"])
            .arg(format!("{dpi}"))
            .arg("tsv"),
        w.no_tesseract,
        lang,
    )?;
    let scale = 72.0 / dpi;
    let straight = |x: f64, y: f64| {
        // Into the frame where the page's lines are level.
        (x + y * skew, y - x * skew)
    };
    let mut glyphs = Vec::new();
    for word in tsv_words(&tsv, skew) {
        let (x, y) = straight(word.left, word.bottom);
        glyphs.push(Glyph {
            x: x * scale,
            y: y * scale,
            width: word.width * scale,
            size: word.height * scale,
            text: word.text,
            confidence: Some(word.confidence),
        });
    }
    let rules = image
        .rules(skew)
        .into_iter()
        .filter_map(|r| Rule::between((r.x0 * scale, r.y0 * scale), (r.x1 * scale, r.y1 * scale)))
        .collect();
    let read = Page {
        number: page.number,
        width: page.width,
        height: page.height,
        glyphs,
        rules,
    };
    let notes = unsure_notes(&read, lang);
    Ok(Scanned { page: read, notes })
}

/// The page said to be OCR's, and each word read with low confidence, at
/// its line.
fn unsure_notes(page: &Page, lang: Lang) -> Vec<ReadNote> {
    let mut notes = vec![ReadNote::Said {
        place: Place {
            page: Some(page.number),
            line: 1,
        },
        message: say::Words::of(lang).ocr_page.into(),
        assumed: true,
    }];
    let lines = super::layout::line_tops(page);
    for g in &page.glyphs {
        let Some(c) = g.confidence.filter(|c| *c < UNSURE) else {
            continue;
        };
        if !g.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        notes.push(ReadNote::Said {
            place: Place {
                page: Some(page.number),
                line: super::layout::line_at(&lines, g.y - g.size),
            },
            message: say::unsure(lang, &g.text, c.max(0.0) as u32),
            assumed: true,
        });
    }
    notes
}

/// What OCR makes of a table's borders.
const BORDER: &str = "|¦_¬[]{}";

/// A word of Tesseract's TSV.
#[derive(Debug, Clone, PartialEq)]
struct TsvWord {
    left: f64,
    bottom: f64,
    width: f64,
    height: f64,
    confidence: f64,
    text: String,
}

/// The words of Tesseract's TSV (level 5), each on its line's baseline
/// (level 4: the box's bottom, followed along the page's skew, so that the
/// words of a line share it whatever marks hang below them), its line's
/// height as its size.
fn tsv_words(tsv: &str, skew: f64) -> Vec<TsvWord> {
    // The line's left, right and bottom, and its height.
    let mut line: Option<(f64, f64, f64, f64)> = None;
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        let num = |i: usize| f.get(i).and_then(|v| v.trim().parse::<f64>().ok());
        let (Some(level), Some(left), Some(top), Some(width), Some(height)) =
            (num(0), num(6), num(7), num(8), num(9))
        else {
            continue;
        };
        if level == 4.0 {
            line = Some((left, left + width, top + height, height));
        } else if level == 5.0 {
            // Table borders read as letters: `|`, `_`, `¬` alone or
            // stuck to a word's ends.
            let text = f
                .get(11)
                .map_or("", |t| t.trim())
                .trim_matches(|c: char| BORDER.contains(c));
            if text.is_empty() {
                continue;
            }
            let (l, r, bottom, h) = line.unwrap_or((left, left + width, top + height, height));
            // The box's bottom is the line's lowest end.
            let x = left + width / 2.0;
            let baseline = if skew >= 0.0 {
                bottom - (r - x) * skew
            } else {
                bottom + (x - l) * skew
            };
            out.push(TsvWord {
                left,
                bottom: baseline,
                width,
                height: h * 0.8,
                confidence: num(10).unwrap_or(0.0),
                text: text.to_string(),
            });
        }
    }
    out
}

/// Runs a tool, bounded by [`TOOL_SECONDS`]; gives its standard output.
/// A tool that cannot be started gives `missing`.
fn run(cmd: &mut Command, missing: &str, lang: Lang) -> Result<String, String> {
    let name = cmd.get_program().to_string_lossy().to_string();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("OMP_THREAD_LIMIT", "1")
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => missing.to_string(),
            _ => say::tool_failed(lang, &name, &e.to_string()),
        })?;
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.take(64 * 1024 * 1024).read_to_end(&mut out);
        }
        out
    });
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.take(64 * 1024).read_to_end(&mut out);
        }
        out
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > Duration::from_secs(TOOL_SECONDS) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(say::tool_timeout(lang, &name, TOOL_SECONDS));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(say::tool_failed(lang, &name, &e.to_string())),
        }
    };
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    if !status.success() {
        let why = String::from_utf8_lossy(&err);
        let why = why.lines().last().unwrap_or("").trim().to_string();
        return Err(say::tool_failed(lang, &name, &why));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A grey image (PGM, as `pdftoppm -gray` writes it).
struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// Darker than this, a pixel is ink.
const INK: u8 = 128;
/// Darker than this, a pixel may be part of a ruling line (a thin line
/// blurred by a phone's camera is grey, not black).
const LINE_INK: u8 = 200;
/// The least share of a ruling line's length that is inked (a line of
/// text has gaps between its letters).
const LINE_FILL: f64 = 0.85;

impl Gray {
    /// Reads a binary PGM (`P5`, 8 bits).
    fn parse(bytes: &[u8]) -> Option<Gray> {
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 {
            while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            if bytes.get(i) == Some(&b'#') {
                while bytes.get(i).is_some_and(|b| *b != b'\n') {
                    i += 1;
                }
                continue;
            }
            let start = i;
            while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                i += 1;
            }
            fields.push(std::str::from_utf8(bytes.get(start..i)?).ok()?.to_string());
        }
        if fields.first()? != "P5" || fields.get(3)? != "255" {
            return None;
        }
        let width: usize = fields.get(1)?.parse().ok()?;
        let height: usize = fields.get(2)?.parse().ok()?;
        let pixels = bytes
            .get(i + 1..)?
            .get(..width.checked_mul(height)?)?
            .to_vec();
        Some(Gray {
            width,
            height,
            pixels,
        })
    }

    /// The ink's points darker than `ink`, one in `step` each way.
    fn points(&self, step: usize, ink: u8) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        for y in (0..self.height).step_by(step) {
            for x in (0..self.width).step_by(step) {
                if self
                    .pixels
                    .get(y * self.width + x)
                    .is_some_and(|p| *p < ink)
                {
                    out.push((x as f64, y as f64));
                }
            }
        }
        out
    }

    /// The page's skew, as the tangent of its angle (from −3° to 3°): the
    /// one that makes the ink's rows sharpest.
    fn skew(&self) -> f64 {
        let points = self.points(2, INK);
        let mut best = (0.0, f64::MIN);
        for k in -30..=30 {
            let t = (f64::from(k) * 0.1).to_radians().tan();
            let mut rows = vec![0u32; self.height + self.width / 8 + 8];
            for (x, y) in &points {
                let r = (y - x * t) / 2.0 + (self.width as f64 * 0.06);
                if let Some(slot) = rows.get_mut(r.max(0.0) as usize) {
                    *slot += 1;
                }
            }
            let score: f64 = rows.iter().map(|c| f64::from(*c).powi(2)).sum();
            if score > best.1 {
                best = (t, score);
            }
        }
        best.0
    }

    /// The ruling lines of the image, in the straightened frame: rows and
    /// columns of ink longer than a twentieth of the page.
    fn rules(&self, skew: f64) -> Vec<Rule> {
        let straight: Vec<(f64, f64)> = self
            .points(1, LINE_INK)
            .into_iter()
            .map(|(x, y)| (x + y * skew, y - x * skew))
            .collect();
        let mut out = Vec::new();
        let long = self.width.min(self.height) as f64 / 20.0;
        for horizontal in [true, false] {
            // Ink by its row (or column) in the straight frame.
            let mut bands: std::collections::BTreeMap<i64, Vec<f64>> = Default::default();
            for (x, y) in &straight {
                let (band, along) = if horizontal { (*y, *x) } else { (*x, *y) };
                bands.entry(band.round() as i64).or_default().push(along);
            }
            let count = |b: i64| bands.get(&b).map_or(0, Vec::len);
            for (&band, here) in &bands {
                // A line a pixel or two thick, or slightly bent: the band
                // with most ink takes its neighbours'.
                let peak = here.len() >= count(band - 1) && here.len() > count(band + 1);
                if !peak || ((here.len() + count(band - 1) + count(band + 1)) as f64) < long {
                    continue;
                }
                let mut along: Vec<f64> = (band - 1..=band + 1)
                    .filter_map(|b| bands.get(&b))
                    .flatten()
                    .copied()
                    .collect();
                along.sort_by(f64::total_cmp);
                along.dedup_by(|a, b| (*a - *b).abs() < 0.5);
                // Runs of ink: their start, end and how many points.
                let mut runs: Vec<(f64, f64, usize)> = Vec::new();
                for a in along {
                    match runs.last_mut() {
                        Some(run) if a - run.1 <= 4.0 => {
                            run.1 = a;
                            run.2 += 1;
                        }
                        _ => runs.push((a, a, 1)),
                    }
                }
                let solid = |(a, b, n): &(f64, f64, usize)| {
                    b - a >= long && *n as f64 >= (b - a) * LINE_FILL
                };
                for (a, b, _) in runs.into_iter().filter(solid) {
                    let at = band as f64;
                    out.push(if horizontal {
                        Rule {
                            x0: a,
                            y0: at,
                            x1: b,
                            y1: at,
                        }
                    } else {
                        Rule {
                            x0: at,
                            y0: a,
                            x1: at,
                            y1: b,
                        }
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tesseract_tsv_words_share_their_line() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
4\t1\t1\t1\t1\t0\t100\t200\t300\t40\t-1\t\n\
5\t1\t1\t1\t1\t1\t100\t205\t60\t30\t96.5\tthứ\n\
5\t1\t1\t1\t1\t2\t170\t200\t60\t38\t41.0\tSáu\n\
5\t1\t1\t1\t1\t3\t240\t200\t60\t38\t95\t \n\
5\t1\t1\t1\t1\t4\t300\t200\t60\t38\t95\t|\n\
5\t1\t1\t1\t1\t5\t360\t200\t60\t38\t95\t|Đài\n";
        let words = tsv_words(tsv, 0.0);
        assert_eq!(words.len(), 3);
        assert_eq!(words[2].text, "Đài");
        assert_eq!(words[0].bottom, 240.0);
        assert_eq!(words[1].bottom, 240.0);
        // A line going down to the right: its left words are higher.
        let words = tsv_words(tsv, 0.1);
        assert_eq!(words[0].bottom, 240.0 - (400.0 - 130.0) * 0.1);
        assert_eq!(words[1].height, 40.0 * 0.8);
        assert_eq!(words[1].text, "Sáu");
        assert_eq!(words[1].confidence, 41.0);
    }

    #[test]
    fn the_resolution_is_the_images_own_within_bounds() {
        let page = Page {
            width: 595.0,
            height: 842.0,
            ..Page::default()
        };
        assert_eq!(dpi(&page, &[(2480, 3508)]), 300.0);
        assert_eq!(
            dpi(&page, &[(100_000, 100)]),
            600.0_f64
                .min(dpi(&page, &[]))
                .max(dpi(&page, &[(100_000, 100)]))
        );
        assert!(dpi(&page, &[]) <= 600.0);
    }

    #[test]
    fn a_skewed_line_is_found_level() {
        // A 400×300 white image with a line turned 1.5°, and one column.
        let (width, height) = (400usize, 300usize);
        let mut pixels = vec![255u8; width * height];
        let t = 1.5_f64.to_radians().tan();
        for x in 20..380 {
            let y = (100.0 + x as f64 * t).round() as usize;
            for dy in 0..2 {
                pixels[(y + dy) * width + x] = 0;
            }
        }
        for y in 50..250 {
            let x = (200.0 - y as f64 * t).round() as usize;
            pixels[y * width + x] = 0;
        }
        let image = Gray {
            width,
            height,
            pixels,
        };
        let skew = image.skew();
        assert!((skew - t).abs() < 0.003, "{skew}");
        let rules = image.rules(skew);
        assert!(
            rules.iter().any(|r| r.y0 == r.y1 && r.x1 - r.x0 > 300.0),
            "{rules:?}"
        );
        assert!(
            rules.iter().any(|r| r.x0 == r.x1 && r.y1 - r.y0 > 150.0),
            "{rules:?}"
        );
    }
}
