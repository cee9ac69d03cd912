//! A plan's document as numbered lines: a text file's lines, or a Word
//! file's paragraphs and table rows.
//!
//! A row of a Word table becomes one line with its cells joined by tabs,
//! the form a plan's table takes when it is copied as text, so that both
//! are read the same way after this. A line's number is its line in a text
//! file, and in a `.docx` the place of its paragraph or table row in the
//! body (the first paragraph or row is 1). Every line is in NFC.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use unicode_normalization::UnicodeNormalization;

use crate::error::Error;

/// The largest document read (a plan is some tens of kilobytes; a Word
/// file with pictures a few megabytes).
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;
/// The most text a `.docx` may unpack to.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// The most lines read.
pub const MAX_LINES: usize = 200_000;

/// One line of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Its number: a line of a text file, a paragraph or table row of a `.docx`.
    pub number: usize,
    /// Its text, in NFC; a table row's cells are joined by tabs.
    pub text: String,
}

/// Reads a document: a Word file (`.docx`, told by its zip signature) or
/// UTF-8 text.
///
/// # Errors
/// The file cannot be read, is too large, is neither UTF-8 text nor a Word
/// file with a `word/document.xml`, or that XML is broken.
pub fn read(path: &Path) -> Result<Vec<Line>, Error> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let meta = file.metadata().map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::input(path, "not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::input(
            path,
            format!(
                "larger than {} MiB; a plan's document is much smaller",
                MAX_DOCUMENT_BYTES / 1024 / 1024
            ),
        ));
    }
    parse(path, &bytes)
}

/// [`read`] of bytes already in memory; `path` names them in messages.
///
/// # Errors
/// As [`read`].
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Line>, Error> {
    if bytes.starts_with(b"PK\x03\x04") {
        return docx(path, bytes);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Error::input(
                path,
                format!(
                    "not UTF-8 at byte {}: give the plan as UTF-8 text or as a Word file (.docx)",
                    e.valid_up_to()
                ),
            ))
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .lines()
        .take(MAX_LINES)
        .enumerate()
        .map(|(i, l)| Line {
            number: i + 1,
            text: l.trim_end_matches('\r').nfc().collect(),
        })
        .collect();
    Ok(lines)
}

/// The paragraphs and table rows of a Word file's body.
fn docx(path: &Path, bytes: &[u8]) -> Result<Vec<Line>, Error> {
    let bad = |what: String| Error::input(path, what);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("not a readable zip file (.docx): {e}")))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| bad("a zip file without word/document.xml: not a Word document".into()))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(format!("cannot unpack word/document.xml: {e}")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(bad(format!(
            "word/document.xml unpacks to more than {} MiB",
            MAX_XML_BYTES / 1024 / 1024
        )));
    }
    body(&xml).map_err(|e| bad(format!("word/document.xml: {e}")))
}

/// What is being collected while the XML is read.
#[derive(Default)]
struct Body {
    lines: Vec<Line>,
    /// The text of the paragraph being read outside any table.
    paragraph: String,
    /// How deep in tables (a table in a cell counts twice).
    tables: usize,
    /// The row of the outermost table being read: its cells.
    row: Vec<String>,
    /// The cell being read, and whether it has a paragraph yet.
    cell: String,
    cell_paragraphs: usize,
    /// How many columns the cell spans.
    span: usize,
    /// Inside `w:t`.
    in_text: bool,
    /// The number of the last line.
    number: usize,
}

impl Body {
    fn push_text(&mut self, text: &str) {
        if self.tables > 0 {
            self.cell.push_str(text);
        } else {
            self.paragraph.push_str(text);
        }
    }

    fn line(&mut self, text: String) {
        self.number += 1;
        if self.lines.len() < MAX_LINES {
            self.lines.push(Line {
                number: self.number,
                text: text.nfc().collect(),
            });
        }
    }
}

/// Reads `word/document.xml`: each body paragraph a line, each row of a
/// table a line of cells joined by tabs (a cell's paragraphs joined by a
/// space, a cell spanning columns followed by empty ones).
fn body(xml: &[u8]) -> Result<Vec<Line>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut b = Body::default();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("broken XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                b"tbl" => b.tables += 1,
                b"tc" if b.tables == 1 => {
                    b.cell.clear();
                    b.cell_paragraphs = 0;
                    b.span = 1;
                }
                b"p" if b.tables > 0 => {
                    if b.cell_paragraphs > 0 && !b.cell.ends_with(' ') && !b.cell.is_empty() {
                        b.cell.push(' ');
                    }
                    b.cell_paragraphs += 1;
                }
                b"t" => b.in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" if b.tables == 0 => b.paragraph.push('\t'),
                b"tab" | b"br" | b"cr" => b.push_text(" "),
                b"gridSpan" if b.tables == 1 => {
                    let span = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse::<usize>().ok())
                        .unwrap_or(1);
                    b.span = span.clamp(1, 64);
                }
                b"p" if b.tables == 0 => b.line(String::new()),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => b.in_text = false,
                b"tbl" => b.tables = b.tables.saturating_sub(1),
                b"tc" if b.tables == 1 => {
                    let cell = b.cell.replace('\t', " ").trim().to_string();
                    b.row.push(cell);
                    // A cell spanning columns: the columns after it are empty.
                    for _ in 1..b.span {
                        b.row.push(String::new());
                    }
                    b.span = 1;
                }
                b"tr" if b.tables == 1 => {
                    let row = std::mem::take(&mut b.row);
                    b.line(row.join("\t"));
                }
                b"p" if b.tables == 0 => {
                    let text = std::mem::take(&mut b.paragraph);
                    b.line(text);
                }
                _ => {}
            },
            Event::Text(t) if b.in_text => {
                let text = t.decode().map_err(|e| e.to_string())?;
                b.push_text(&text);
            }
            Event::GeneralRef(r) if b.in_text => {
                let name = r.decode().map_err(|e| e.to_string())?;
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    b.push_text(&c.to_string());
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    b.push_text(s);
                }
            }
            _ => {}
        }
        buf.clear();
        if b.number > MAX_LINES {
            break;
        }
    }
    Ok(b.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx_of(body: &str) -> Vec<u8> {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", options).unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
        .unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn text_lines_are_numbered_and_normalised() {
        // "ư" as u + horn + "̛" (NFD) becomes the one char of NFC.
        let lines = parse(
            Path::new("p.txt"),
            "\u{feff}a\r\nthu\u{31b}\u{301}\n\nb\tc".as_bytes(),
        )
        .unwrap();
        let texts: Vec<(usize, &str)> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(texts, [(1, "a"), (2, "thứ"), (3, ""), (4, "b\tc")]);
    }

    #[test]
    fn other_encodings_are_refused_at_their_byte() {
        let err = parse(Path::new("p.txt"), b"ab\xff").unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.txt: not UTF-8 at byte 2: give the plan as UTF-8 text or as a Word file (.docx)"
        );
    }

    #[test]
    fn a_word_table_row_is_a_line_of_cells() {
        let xml = r#"<w:p><w:r><w:t>Số: 61 /KH-UBND</w:t></w:r></w:p><w:p/>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t xml:space="preserve">Tọa đàm: </w:t></w:r><w:r><w:t>A &amp; B</w:t></w:r></w:p><w:p><w:r><w:t>dòng 2</w:t></w:r></w:p></w:tc>
<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>
<w:tc><w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>cuối</w:t><w:tab/><w:t>&#272;</w:t></w:r></w:p>"#;
        let lines = parse(Path::new("p.docx"), &docx_of(xml)).unwrap();
        let texts: Vec<(usize, &str)> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (1, "Số: 61 /KH-UBND"),
                (2, ""),
                (3, "1\tTọa đàm: A & B dòng 2\tx\t\t"),
                (4, "cuối\tĐ"),
            ]
        );
    }

    #[test]
    fn a_zip_that_is_not_a_word_file() {
        let err = parse(Path::new("p.docx"), b"PK\x03\x04garbage").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.docx: not a readable zip file"),
            "{err}"
        );
    }
}
