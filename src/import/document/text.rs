//! A text file: each line a paragraph, or a row of cells when it holds tabs
//! (what copying a table out of Word, a PDF or OCR gives).

use std::path::Path;

use super::{clean, Block, Cell, Document, Place, ReadNote, MAX_BLOCKS, MAX_CELLS};
use crate::error::Error;
use crate::words::import as say;
use crate::words::Lang;

/// Reads UTF-8 text (a byte-order mark allowed).
pub(super) fn read(path: &Path, bytes: &[u8], lang: Lang) -> Result<Document, Error> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err(Error::input(path, say::not_utf8(lang, e.valid_up_to()))),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut doc = Document::default();
    let mut table = 0;
    let mut in_table = false;
    for (i, raw) in text.split('\n').enumerate() {
        let place = Place {
            page: None,
            line: i + 1,
        };
        if doc.blocks.len() >= MAX_BLOCKS {
            doc.notes.push(ReadNote::Truncated(place));
            break;
        }
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.contains('\t') {
            if !in_table && !doc.blocks.is_empty() {
                table += 1;
            }
            in_table = true;
            let cells = line
                .split('\t')
                .take(MAX_CELLS)
                .map(|c| Cell {
                    text: clean(c.trim(), place, &mut doc.notes),
                    merged: false,
                    span: 1,
                })
                .collect();
            doc.blocks.push(Block::Row {
                cells,
                place,
                table,
                whole: false,
            });
        } else {
            if !line.trim().is_empty() && !in_table_continuation(line) {
                in_table = false;
            }
            let text = clean(line.trim(), place, &mut doc.notes);
            doc.blocks.push(Block::Text { text, place });
        }
    }
    // A text ending in a line break has no line after it.
    if matches!(doc.blocks.last(), Some(Block::Text { text, .. }) if text.is_empty())
        && text.ends_with('\n')
    {
        doc.blocks.pop();
    }
    Ok(doc)
}

/// A line that does not end a run of rows: a page number.
fn in_table_continuation(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().count() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_rows() {
        let doc = read(
            Path::new("p.txt"),
            "\u{feff}a\r\nthu\u{31b}\u{301}\n\nb\tc\n".as_bytes(),
            Lang::Vi,
        )
        .unwrap();
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Text { text, place } => format!("{}:{text}", place.line),
                Block::Row { cells, place, .. } => {
                    let c: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
                    format!("{}:[{}]", place.line, c.join("|"))
                }
            })
            .collect();
        assert_eq!(texts, ["1:a", "2:thứ", "3:", "4:[b|c]"]);
    }

    #[test]
    fn other_encodings_are_refused_at_their_byte() {
        let err = read(Path::new("p.txt"), b"ab\xff", Lang::En).unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.txt: not UTF-8 at byte 2: give the plan as UTF-8 text, as a Word file (.docx) or as a PDF"
        );
    }
}
