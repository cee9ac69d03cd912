//! A PDF: its pages' words at their positions and its ruling lines, put
//! back into paragraphs and table rows ([`layout`]); a page with no text
//! layer (a scan) rasterised and read by Tesseract ([`ocr`]).
//!
//! The text layer is read through `pdf-extract`'s positioned output (each
//! glyph with its text rendering matrix, each stroked or filled path), not
//! its plain text, which splits Vietnamese words. The PDF is first looked
//! over ([`guard`]) so that what `pdf-extract` and `lopdf` would choke on
//! (too many pages, nested forms, streams that inflate without end,
//! enormous images, encryption) is refused with its name; the reading
//! itself runs in a thread of its own with every panic caught. Nothing in a
//! PDF is fetched: it has no way to name a file or the network here
//! (external streams, links and embedded files are never followed).

mod guard;
pub(crate) mod layout;
mod ocr;

use std::path::Path;

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, PathOp, Transform};

use self::layout::{Glyph, Page, Rule};
use super::{Document, ReadNote};
use crate::error::Error;
use crate::words::pdf as say;
use crate::words::Lang;

/// The most pages read.
pub const MAX_PAGES: usize = 300;
/// The most scanned pages read by OCR (a few seconds each).
pub const MAX_SCANNED_PAGES: usize = 40;
/// The most glyphs read in a document.
pub const MAX_GLYPHS: usize = 2_000_000;
/// The most path segments (ruling lines) kept on a page.
pub const MAX_SEGMENTS: usize = 50_000;

/// Reads a PDF.
pub(super) fn read(path: &Path, bytes: &[u8], lang: Lang) -> Result<Document, Error> {
    let bad = |what: String| Error::input(path, what);
    let (pages, images) = in_worker(bytes.to_vec(), lang).map_err(bad)?;
    let mut read = Vec::with_capacity(pages.len());
    let mut scanned = Vec::new();
    let mut notes: Vec<ReadNote> = Vec::new();
    let scans = pages
        .iter()
        .filter(|p| p.glyphs.is_empty() && images.get(&p.number).is_some_and(|i| !i.is_empty()))
        .count();
    if scans > MAX_SCANNED_PAGES {
        return Err(bad(say::too_many_scans(lang, scans, MAX_SCANNED_PAGES)));
    }
    for page in pages {
        let on_page = images.get(&page.number).map_or(&[][..], Vec::as_slice);
        if page.glyphs.is_empty() && !on_page.is_empty() {
            let page_read = ocr::read_page(bytes, &page, on_page, lang).map_err(bad)?;
            notes.extend(page_read.notes);
            scanned.push(page.number);
            read.push(page_read.page);
        } else {
            legacy_text(&page, lang).map_err(bad)?;
            read.push(page);
        }
    }
    let mut doc = layout::document(&read);
    notes.append(&mut doc.notes);
    doc.notes = notes;
    doc.scanned = scanned;
    Ok(doc)
}

/// Letters of the Latin-1 range that Vietnamese never writes: text in a
/// VNI or TCVN3 font decoded as if it were Unicode is full of them.
fn legacy_letter(c: char) -> bool {
    matches!(u32::from(c), 0xA1..=0xFF) && !"àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ×÷°±²³¼½¾".contains(c)
}

/// A page whose text reads as a legacy Vietnamese encoding.
fn legacy_text(page: &Page, lang: Lang) -> Result<(), String> {
    let letters: Vec<&str> = page
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .filter(|t| !t.trim().is_empty())
        .collect();
    let odd = letters
        .iter()
        .filter(|t| t.chars().any(legacy_letter))
        .count();
    if odd >= 20 && odd * 100 >= letters.len() * 3 {
        let sample: String = page
            .glyphs
            .iter()
            .skip_while(|g| !g.text.chars().any(legacy_letter))
            .take(24)
            .map(|g| g.text.as_str())
            .collect();
        return Err(say::legacy_text(lang, page.number, sample.trim()));
    }
    Ok(())
}

/// The name of the thread that reads PDFs: its panics are caught, so the
/// panic hook says nothing of them.
const WORKER: &str = "castcal-pdf";

/// Each page's images, by page number.
type Images = std::collections::BTreeMap<u32, Vec<(u64, u64)>>;

/// The PDF loaded, looked over and read, page by page, in a thread of its
/// own: a large stack (for what nests), every panic caught and silent.
fn in_worker(bytes: Vec<u8>, lang: Lang) -> Result<(Vec<Page>, Images), String> {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(WORKER) {
                before(info);
            }
        }));
    });
    let worker = std::thread::Builder::new()
        .name(WORKER.into())
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let loaded = guard::load(&bytes, lang)?;
            let pages = extract(&loaded.doc, lang)?;
            Ok((pages, loaded.images))
        })
        .map_err(|e| say::unreadable(lang, &e.to_string()))?;
    match worker.join() {
        Ok(result) => result,
        Err(_) => Err(say::unreadable(lang, "")),
    }
}

/// Every page's glyphs and ruling lines, each page's panic caught.
fn extract(doc: &pdf_extract::Document, lang: Lang) -> Result<Vec<Page>, String> {
    let mut out = Collector::default();
    let pages = doc.get_pages();
    for number in pages.keys() {
        let before = out.pages.len();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(doc, &mut out, *number)
        }));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(_)) if out.over => return Err(say::too_many_glyphs(lang, MAX_GLYPHS)),
            Ok(Err(e)) => return Err(say::unreadable_page(lang, *number, &e.to_string())),
            Err(_) => return Err(say::unreadable_page(lang, *number, "")),
        }
        if out.pages.len() == before {
            out.pages.push(out.current.take().unwrap_or_default());
        }
    }
    Ok(out.pages)
}

/// What `pdf-extract` gives, collected page by page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    current: Option<Page>,
    /// The glyphs of every page so far.
    glyphs: usize,
    /// More than [`MAX_GLYPHS`]: the reading was stopped.
    over: bool,
}

impl Collector {
    fn page(&mut self) -> Option<&mut Page> {
        self.current.as_mut()
    }

    /// The segments of a path, as ruling lines in top-down page space.
    fn rules(&mut self, ctm: &Transform, path: &pdf_extract::Path, filled: bool) {
        let Some(page) = self.current.as_mut() else {
            return;
        };
        let height = page.height;
        let at = |x: f64, y: f64| {
            let (px, py) = point(ctm, x, y);
            (px, height - py)
        };
        let mut from: Option<(f64, f64)> = None;
        let mut start: Option<(f64, f64)> = None;
        for op in &path.ops {
            if page.rules.len() >= MAX_SEGMENTS {
                return;
            }
            match *op {
                PathOp::MoveTo(x, y) => {
                    from = Some(at(x, y));
                    start = from;
                }
                PathOp::LineTo(x, y) => {
                    let to = at(x, y);
                    if let Some(f) = from {
                        page.rules.extend(Rule::between(f, to));
                    }
                    from = Some(to);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => from = Some(at(x, y)),
                PathOp::Rect(x, y, w, h) => {
                    let a = at(x, y);
                    let b = at(x + w, y + h);
                    page.rules.extend(Rule::of_rect(a, b, filled));
                }
                PathOp::Close => {
                    if let (Some(f), Some(s)) = (from, start) {
                        page.rules.extend(Rule::between(f, s));
                    }
                    from = start;
                }
            }
        }
    }
}

/// A point through a matrix.
fn point(m: &Transform, x: f64, y: f64) -> (f64, f64) {
    (x * m.m11 + y * m.m21 + m.m31, x * m.m12 + y * m.m22 + m.m32)
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.current = Some(Page {
            number: page_num,
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        if let Some(page) = self.current.take() {
            self.pages.push(page);
        }
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            self.over = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let Some(page) = self.page() else {
            return Ok(());
        };
        // The font size through the matrix (its scale, without moving).
        let (vx, vy) = (
            font_size * trm.m11 + font_size * trm.m21,
            font_size * trm.m12 + font_size * trm.m22,
        );
        let size = (vx * vy).abs().sqrt();
        let glyph = Glyph {
            x: trm.m31,
            y: page.height - trm.m32,
            width: width * size,
            size,
            text: char.to_string(),
            confidence: None,
        };
        if glyph.is_finite() {
            page.glyphs.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path, false);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path, true);
        Ok(())
    }
}
