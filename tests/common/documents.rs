//! Plan documents made to be large or hostile, for the limits tests and
//! the import benchmark: many rows of one title, Word files written as a
//! stream.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;

/// A plan's document of `rows` rows of one title, as text: every row a
/// segment of the same programme on another day and channel.
pub fn many_rows(rows: usize) -> String {
    let mut out = String::from(
        "Số: 9/KH-UBND\nHà Nội, ngày 02 tháng 01 năm 2026\n\nKẾ HOẠCH\nTuyên truyền năm 2026\n\n\
         STT\tNội dung\tSản phẩm\tThời gian thực hiện\tKinh phí (đồng)\n",
    );
    let days = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu"];
    for i in 1..=rows {
        let day = days[i % days.len()];
        let week = i % 4 + 1;
        let _ = writeln!(
            out,
            "{i}\tChuyên mục: Cải cách hành chính, kỳ {i}\t01 chuyên mục/tháng\t\
             {h} giờ {m:02} {day} tuần {week} hằng tháng - kênh K{c}, thời lượng 15 phút\t1.000.000",
            h = 6 + i % 15,
            m = i % 60,
            c = i % 7
        );
    }
    out
}

/// [`many_rows`] with no two time cells alike (another minute, weekday,
/// week of the month or channel on every row), so that nothing read or
/// proved for one row serves another.
pub fn many_slots(rows: usize) -> String {
    let mut out = String::from(
        "Số: 9/KH-UBND\nHà Nội, ngày 02 tháng 01 năm 2026\n\nKẾ HOẠCH\nTuyên truyền năm 2026\n\n\
         STT\tNội dung\tSản phẩm\tThời gian thực hiện\tKinh phí (đồng)\n",
    );
    let days = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu"];
    for i in 1..=rows {
        let day = days[i / 900 % days.len()];
        let week = i / 4_500 % 4 + 1;
        let _ = writeln!(
            out,
            "{i}\tChuyên mục: Cải cách hành chính, kỳ {i}\t01 chuyên mục/tháng\t\
             {h} giờ {m:02} {day} tuần {week} hằng tháng - kênh K{c}, thời lượng 15 phút\t1.000.000",
            h = 6 + i % 15,
            m = i / 15 % 60,
            c = i % 7
        );
    }
    out
}

/// A plan's document of `rows` short rows of one title, each a single
/// dated slot: little work a row, so that a cost growing with the square
/// of the rows shows.
pub fn short_rows(rows: usize) -> String {
    let mut out = String::from(
        "Số: 9/KH-UBND\nHà Nội, ngày 02 tháng 01 năm 2026\n\nSTT\tNội dung\tThời gian\n",
    );
    for i in 1..=rows {
        let _ = writeln!(
            out,
            "{i}\tChuyên mục: Cải cách hành chính, kỳ {i}\t20 giờ ngày {:02}/{:02}/2026, thời lượng 15 phút",
            i % 28 + 1,
            i % 12 + 1
        );
    }
    out
}

/// A Word file whose `word/document.xml` is `body` (streamed, compressed).
pub fn docx_with(body: &mut dyn FnMut(&mut dyn std::io::Write)) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    body(&mut zip);
    zip.finish().unwrap();
    out.into_inner()
}

pub const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;
pub const TAIL: &str = "</w:body></w:document>";

/// A Word table of the rows of a text document (tab-separated lines).
pub fn docx_of_text(text: &str) -> Vec<u8> {
    docx_with(&mut |w| {
        w.write_all(HEAD.as_bytes()).unwrap();
        let mut in_table = false;
        for line in text.lines() {
            if line.contains('\t') {
                if !in_table {
                    w.write_all(b"<w:tbl>").unwrap();
                    in_table = true;
                }
                w.write_all(b"<w:tr>").unwrap();
                for cell in line.split('\t') {
                    let cell = escape(cell);
                    write!(w, "<w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>").unwrap();
                }
                w.write_all(b"</w:tr>").unwrap();
            } else {
                if in_table {
                    w.write_all(b"</w:tbl>").unwrap();
                    in_table = false;
                }
                let line = escape(line);
                write!(w, "<w:p><w:r><w:t>{line}</w:t></w:r></w:p>").unwrap();
            }
        }
        if in_table {
            w.write_all(b"</w:tbl>").unwrap();
        }
        w.write_all(TAIL.as_bytes()).unwrap();
    })
}

/// A Word file of about 60 KB whose second row's content cell holds
/// `millions` million words (`a a a …`): it unpacks to twice as many
/// megabytes.
pub fn one_cell_of_words(millions: usize) -> Vec<u8> {
    docx_with(&mut |w| {
        w.write_all(HEAD.as_bytes()).unwrap();
        w.write_all(
            "<w:p><w:r><w:t>Số: 1/KH-UBND</w:t></w:r></w:p><w:p><w:r><w:t>Huế, ngày 2 tháng 1 năm 2026</w:t></w:r></w:p><w:tbl><w:tr>"
                .as_bytes(),
        )
        .unwrap();
        for h in ["STT", "Nội dung", "Thời gian"] {
            write!(w, "<w:tc><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:tc>").unwrap();
        }
        w.write_all(
            b"</w:tr><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>",
        )
        .unwrap();
        let chunk = "a ".repeat(1_000_000);
        for _ in 0..millions {
            w.write_all(chunk.as_bytes()).unwrap();
        }
        w.write_all("</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>20 giờ thứ Hai hằng tuần</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".as_bytes())
            .unwrap();
        w.write_all(TAIL.as_bytes()).unwrap();
    })
}

/// Text for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
