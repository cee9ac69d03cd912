//! A Word file (`.docx`): the paragraphs and table rows of its body, read
//! as a stream from `word/document.xml` within the document's limits.
//!
//! A body paragraph is a block, a row of a table of the body is a block
//! (a table inside a cell is text of that cell); a block's line is its
//! place in the body (the first paragraph or row is 1). A cell spanning
//! columns (`gridSpan`) is followed by empty cells, a cell that goes on from
//! the one above (`vMerge`) is marked so. The XML is never expanded: a
//! document type declaration (which could declare entities) is refused,
//! only the five predefined entities and character references are read.

use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::{
    clean, Block, Cell, Document, Place, ReadNote, MAX_BLOCKS, MAX_CELLS, MAX_CELL_CHARS,
    MAX_XML_BYTES,
};
use crate::error::Error;
use crate::words::import as say;
use crate::words::Lang;

/// Reads a Word file.
pub(super) fn read(path: &Path, bytes: &[u8], lang: Lang) -> Result<Document, Error> {
    let bad = |what: String| Error::input(path, what);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(say::not_zip(lang, &e.to_string())))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| bad(say::Words::of(lang).no_document_xml.into()))?;
    let counted = Counted {
        inner: entry.take(MAX_XML_BYTES + 1),
        read: 0,
    };
    let mut body = Body::default();
    let result = body.read(BufReader::with_capacity(1 << 16, counted), lang);
    if body.bytes > MAX_XML_BYTES {
        return Err(bad(say::xml_too_large(lang, MAX_XML_BYTES)));
    }
    result.map_err(|e| bad(format!("word/document.xml: {e}")))?;
    Ok(body.doc)
}

/// A reader that counts what it gives.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// What is being collected while the XML is read.
#[derive(Default)]
struct Body {
    doc: Document,
    /// The paragraph being read outside any table.
    paragraph: String,
    /// How deep in tables (a table in a cell counts twice).
    tables: usize,
    /// The table (of the body) being read.
    table: usize,
    row: Vec<Cell>,
    cell: String,
    /// Characters given to the cell or paragraph, kept or not.
    given: usize,
    cell_paragraphs: usize,
    span: usize,
    merged: bool,
    in_text: bool,
    number: usize,
    bytes: u64,
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| String::from_utf8(a.value.to_vec()).ok())
}

impl Body {
    fn push_text(&mut self, text: &str) {
        self.given += text.chars().count();
        let target = if self.tables > 0 {
            &mut self.cell
        } else {
            &mut self.paragraph
        };
        // Keep a little over the limit, so that `clean` can say it was cut.
        if target.len() < MAX_CELL_CHARS * 4 + 8 {
            target.push_str(text);
        }
    }

    fn place(&self) -> Place {
        Place {
            page: None,
            line: self.number + 1,
        }
    }

    fn kept(&mut self, raw: &str) -> String {
        let place = self.place();
        let text = clean(raw, place, &mut self.doc.notes);
        if self.given > MAX_CELL_CHARS
            && !self
                .doc
                .notes
                .iter()
                .any(|n| matches!(n, ReadNote::Cut(p, _) if *p == place))
        {
            self.doc.notes.push(ReadNote::Cut(place, self.given));
        }
        text
    }

    fn block(&mut self, block: Block) {
        self.number += 1;
        self.given = 0;
        if self.doc.blocks.len() < MAX_BLOCKS {
            self.doc.blocks.push(block);
        } else if !matches!(self.doc.notes.last(), Some(ReadNote::Truncated(_))) {
            self.doc.notes.push(ReadNote::Truncated(self.place()));
        }
    }

    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            b"tbl" => self.tables += 1,
            b"tc" if self.tables == 1 => {
                self.cell.clear();
                self.cell_paragraphs = 0;
                self.span = 1;
                self.merged = false;
            }
            b"p" if self.tables > 0 => {
                if self.cell_paragraphs > 0 && !self.cell.is_empty() {
                    self.cell.push('\n');
                }
                self.cell_paragraphs += 1;
            }
            b"t" => self.in_text = true,
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            b"tab" if self.tables == 0 => self.paragraph.push('\t'),
            b"tab" | b"br" | b"cr" => self.push_text(" "),
            b"gridSpan" if self.tables == 1 => {
                let span = attr(e, b"val").and_then(|v| v.parse::<usize>().ok());
                self.span = span.unwrap_or(1).clamp(1, MAX_CELLS);
            }
            b"vMerge" if self.tables == 1 => {
                self.merged = attr(e, b"val").is_none_or(|v| v != "restart");
            }
            b"p" if self.tables == 0 => self.block(Block::Text {
                text: String::new(),
                place: self.place(),
            }),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"tbl" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.table += 1;
                }
            }
            b"tc" if self.tables == 1 => {
                let raw = std::mem::take(&mut self.cell);
                let text = self.kept(raw.trim());
                if self.row.len() < MAX_CELLS {
                    self.row.push(Cell {
                        text,
                        merged: self.merged,
                        span: self.span,
                    });
                    for _ in 1..self.span {
                        self.row.push(Cell::default());
                    }
                }
            }
            b"tr" if self.tables == 1 => {
                let cells = std::mem::take(&mut self.row);
                let block = Block::Row {
                    cells,
                    place: self.place(),
                    table: self.table,
                    whole: true,
                };
                self.block(block);
            }
            b"p" if self.tables == 0 => {
                let raw = std::mem::take(&mut self.paragraph);
                let text = self.kept(raw.trim());
                let place = self.place();
                self.block(Block::Text { text, place });
            }
            _ => {}
        }
    }

    /// Reads the XML.
    fn read<R: std::io::BufRead>(&mut self, xml: R, lang: Lang) -> Result<(), String> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let broken = |e: &dyn std::fmt::Display, at: &quick_xml::Reader<R>| {
            say::xml_unreadable(lang, &e.to_string(), at.buffer_position())
        };
        let mut buf = Vec::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| broken(&e, &reader))?;
            self.bytes = reader.buffer_position();
            match event {
                Event::Eof => break,
                Event::DocType(_) => return Err(say::Words::of(lang).doctype.into()),
                Event::Start(e) => self.start(&e),
                Event::Empty(e) => self.empty(&e),
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Text(t) if self.in_text => {
                    let text = t.decode().map_err(|e| broken(&e, &reader))?;
                    self.push_text(&text);
                }
                Event::GeneralRef(r) if self.in_text => {
                    let name = r.decode().map_err(|e| broken(&e, &reader))?;
                    if let Some(c) = r.resolve_char_ref().map_err(|e| broken(&e, &reader))? {
                        self.push_text(&c.to_string());
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        self.push_text(s);
                    }
                }
                _ => {}
            }
            buf.clear();
            if self.bytes > MAX_XML_BYTES {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn docx_of(body: &str) -> Vec<u8> {
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

    fn show(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Text { text, place } => format!("{}:{text}", place.line),
                Block::Row { cells, place, .. } => {
                    let c: Vec<String> = cells
                        .iter()
                        .map(|c| format!("{}{}", if c.merged { "^" } else { "" }, c.text))
                        .collect();
                    format!("{}:[{}]", place.line, c.join("|"))
                }
            })
            .collect()
    }

    #[test]
    fn rows_cells_spans_and_merges() {
        let xml = r#"<w:p><w:r><w:t>Số: 61 /KH-UBND</w:t></w:r></w:p><w:p/>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t xml:space="preserve">Tọa đàm: </w:t></w:r><w:r><w:t>A &amp; B</w:t></w:r></w:p><w:p><w:r><w:t>dòng 2</w:t></w:r></w:p></w:tc>
<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>cuối</w:t><w:tab/><w:t>&#272;</w:t></w:r></w:p>"#;
        let doc = read(Path::new("p.docx"), &docx_of(xml), Lang::Vi).unwrap();
        assert_eq!(
            show(&doc),
            [
                "1:Số: 61 /KH-UBND",
                "2:",
                "3:[1|Tọa đàm: A & B\ndòng 2|x|]",
                "4:[2|^||]",
                "5:cuối\tĐ",
            ]
        );
    }

    #[test]
    fn a_document_type_is_refused() {
        let xml = r#"<!DOCTYPE w [<!ENTITY a "aaaa">]><w:p><w:r><w:t>&a;</w:t></w:r></w:p>"#;
        let bytes = {
            use std::io::Write;
            let mut out = std::io::Cursor::new(Vec::new());
            let mut zip = zip::ZipWriter::new(&mut out);
            zip.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
            zip.finish().unwrap();
            out.into_inner()
        };
        let err = read(Path::new("p.docx"), &bytes, Lang::En).unwrap_err();
        assert!(
            err.to_string().contains("document type declaration"),
            "{err}"
        );
    }

    /// Broken XML is named in the reader's language, at its byte, with
    /// what to do.
    #[test]
    fn broken_xml_is_said_in_both_languages() {
        for (body, byte) in [
            ("<w:p><w:r><w:t>a</w:r></w:p>", 151),
            ("<w:p><w:r><w:t>&#xFFFFFFFF;</w:t></w:r></w:p>", 156),
        ] {
            let bytes = docx_of(body);
            for (lang, said) in [
                (
                    Lang::Vi,
                    format!("p.docx: word/document.xml: XML hỏng ở byte {byte} ("),
                ),
                (
                    Lang::En,
                    format!("p.docx: word/document.xml: broken XML at byte {byte} ("),
                ),
            ] {
                let err = read(Path::new("p.docx"), &bytes, lang).unwrap_err();
                let err = err.to_string();
                assert!(err.starts_with(&said), "{err}");
                let what = [
                    "lưu lại dạng .docx rồi thử lại",
                    "save it again as .docx and try again",
                ];
                assert!(what.iter().any(|w| err.ends_with(w)), "{err}");
            }
        }
    }

    #[test]
    fn a_zip_that_is_not_a_word_file() {
        let err = read(Path::new("p.docx"), b"PK\x03\x04garbage", Lang::En).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.docx: not a readable zip file"),
            "{err}"
        );
    }
}
