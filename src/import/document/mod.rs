//! A plan's document as blocks: its paragraphs, and its table rows with
//! their cells, each at its place (a line of a text file, a paragraph or
//! table row of a Word file, a line of a PDF's page).
//!
//! Every reader gives the same model, so that what is read after it is
//! read the same way from text, Word or PDF: a text file's line with tabs
//! is a row whose bounds are not known (a cell's paragraphs may be on lines
//! of their own, a row may be split by a page break), a Word table's row
//! is a whole row with its merged cells (`gridSpan`, `vMerge`) said so.
//! Text is in NFC; characters no schedule file can hold (controls but the
//! tab, non-characters such as U+FFFF) are replaced by U+FFFD, and a cell
//! or paragraph longer than [`MAX_CELL_CHARS`] is cut, each said in
//! [`Document::notes`] at its place.

mod docx;
mod pdf;
mod text;

use std::io::Read;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::error::Error;
use crate::words::import as say;
use crate::words::Lang;

/// The largest document read.
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;
/// The most text a `.docx` may unpack to (its `word/document.xml`).
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// The most blocks (paragraphs and rows) read.
pub const MAX_BLOCKS: usize = 200_000;
/// The longest cell or paragraph kept, in characters; the rest is cut.
pub const MAX_CELL_CHARS: usize = 20_000;
/// The most cells a row may have.
pub const MAX_CELLS: usize = 64;

/// Where a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Place {
    /// Its page, when the format has pages (PDF).
    pub page: Option<u32>,
    /// A text file's line; a Word file's paragraph or table row (from 1);
    /// a PDF's line on its page.
    pub line: usize,
}

/// A cell of a table row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Its text; its paragraphs joined by `\n`.
    pub text: String,
    /// It goes on from the cell above (Word's `vMerge`): its text is that
    /// cell's.
    pub merged: bool,
    /// How many columns it spans (Word's `gridSpan`); the columns after it
    /// are given as empty cells.
    pub span: usize,
}

/// A paragraph or a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (a line of a text file).
    Text {
        /// Its text.
        text: String,
        /// Where.
        place: Place,
    },
    /// A table row.
    Row {
        /// Its cells, one per column of the table's grid.
        cells: Vec<Cell>,
        /// Where.
        place: Place,
        /// Which table (counted from 0 in the document).
        table: usize,
        /// Whether the format knows the row's bounds (Word, PDF); in a text
        /// file a line of cells may be part of a row.
        whole: bool,
    },
}

impl Block {
    /// Where the block is.
    pub fn place(&self) -> Place {
        match self {
            Block::Text { place, .. } | Block::Row { place, .. } => *place,
        }
    }
}

/// Something the reading changed, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadNote {
    /// A cell or paragraph cut at [`MAX_CELL_CHARS`]; how long it was.
    Cut(Place, usize),
    /// Characters no schedule file can hold, replaced; how many.
    Replaced(Place, usize),
    /// More blocks than [`MAX_BLOCKS`]: the rest was not read.
    Truncated(Place),
    /// Something the reader says in words of its own (a page read by OCR,
    /// a word OCR was unsure of); an assumption or not.
    Said {
        /// Where.
        place: Place,
        /// What, worded.
        message: String,
        /// An assumption.
        assumed: bool,
    },
}

/// A document read.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Its paragraphs and rows, in order.
    pub blocks: Vec<Block>,
    /// What the reading changed.
    pub notes: Vec<ReadNote>,
    /// Whether its places have pages (PDF).
    pub paged: bool,
    /// The pages read by OCR (scans): everything read there is assumed.
    pub scanned: Vec<u32>,
}

/// Reads a document: a Word file (`.docx`, told by its zip signature), a
/// PDF (told by `%PDF-`; scanned pages read by OCR) or UTF-8 text. A FIFO, a device or a folder is refused before anything is
/// read from it.
///
/// # Errors
/// The file cannot be read, is not a regular file, is too large, or is
/// neither UTF-8 text nor a readable Word file.
pub fn read(path: &Path, lang: Lang) -> Result<Document, Error> {
    let w = say::Words::of(lang);
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::input(path, w.not_a_file));
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::input(path, say::too_large(lang, MAX_DOCUMENT_BYTES)));
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::input(path, say::too_large(lang, MAX_DOCUMENT_BYTES)));
    }
    parse(path, &bytes, lang)
}

/// [`read`] of bytes already in memory; `path` names them in messages.
///
/// # Errors
/// As [`read`].
pub fn parse(path: &Path, bytes: &[u8], lang: Lang) -> Result<Document, Error> {
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::read(path, bytes, lang);
    }
    if bytes.starts_with(b"%PDF-") {
        return pdf::read(path, bytes, lang);
    }
    text::read(path, bytes, lang)
}

/// A cell's or paragraph's text made safe: NFC, controls (but tab and
/// line feed) and non-characters replaced, cut at [`MAX_CELL_CHARS`].
pub(crate) fn clean(raw: &str, place: Place, notes: &mut Vec<ReadNote>) -> String {
    let mut out = String::with_capacity(raw.len().min(MAX_CELL_CHARS * 4));
    let mut replaced = 0;
    let mut count = 0;
    let mut total = 0;
    for c in raw.nfc() {
        total += 1;
        if count >= MAX_CELL_CHARS {
            continue;
        }
        let bad = (c.is_control() && c != '\t' && c != '\n')
            || matches!(u32::from(c), 0xFDD0..=0xFDEF)
            || (u32::from(c) & 0xFFFE) == 0xFFFE
            || c == '\u{feff}';
        if bad {
            replaced += 1;
            out.push('\u{fffd}');
        } else {
            out.push(c);
        }
        count += 1;
    }
    if replaced > 0 {
        notes.push(ReadNote::Replaced(place, replaced));
    }
    if total > MAX_CELL_CHARS {
        notes.push(ReadNote::Cut(place, total));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unholdable_characters_are_replaced_and_long_cells_cut() {
        let mut notes = Vec::new();
        let place = Place {
            page: None,
            line: 3,
        };
        assert_eq!(
            clean("a\u{ffff}b\u{1}", place, &mut notes),
            "a\u{fffd}b\u{fffd}"
        );
        assert_eq!(notes, [ReadNote::Replaced(place, 2)]);
        let long = "x".repeat(MAX_CELL_CHARS + 5);
        notes.clear();
        assert_eq!(
            clean(&long, place, &mut notes).chars().count(),
            MAX_CELL_CHARS
        );
        assert_eq!(notes, [ReadNote::Cut(place, MAX_CELL_CHARS + 5)]);
    }
}
