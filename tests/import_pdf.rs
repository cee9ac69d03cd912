#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! PDFs that castcal import refuses, each with its name and what to do:
//! encrypted, a legacy Vietnamese font, too many pages, a stream that
//! inflates without end, a form drawn in itself, an enormous image, a
//! stream kept in another file; and a scan read without OCR's tools, the
//! message naming the Debian package to install. Every PDF here is written
//! by hand, object by object.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::root;

/// A PDF of the given objects (numbered from 1; the first is the catalog),
/// with its cross-reference table and `extra` in its trailer.
fn pdf(objects: &[Vec<u8>], extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend(data);
    o.extend(b"\nendstream");
    o
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// A one-page PDF: catalog, pages, the page (with `resources`), its content.
fn one_page(resources: &str, content: &[u8], more: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 4 0 R >>"
        )
        .into_bytes(),
        stream("", content),
    ];
    objects.extend(more.iter().cloned());
    pdf(&objects, "")
}

/// Runs `castcal import FILE --lang en` on `bytes` with `path` as PATH.
fn import(bytes: &[u8], path: Option<&Path>) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.pdf");
    std::fs::write(&file, bytes).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_castcal"));
    cmd.args(["import", file.to_str().unwrap(), "--lang", "en"])
        .current_dir(root());
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The error a refused PDF gives: exit 2, nothing written, the message.
fn refused(bytes: &[u8]) -> String {
    let (code, stdout, stderr) = import(bytes, None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let message = stderr.trim().to_string();
    let (_, message) = message.split_once("plan.pdf: ").unwrap();
    message.to_string()
}

#[test]
fn an_encrypted_pdf_is_named_with_what_to_do() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        format!(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <{}> /U <{}> >>",
            "11".repeat(32),
            "22".repeat(32)
        )
        .into_bytes(),
    ];
    let bytes = pdf(
        &objects,
        "/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
    );
    assert_eq!(
        refused(&bytes),
        "is an encrypted PDF (it has a password): open it with its password and print or save it to a PDF without one, or save it as .docx"
    );
}

#[test]
fn a_legacy_vietnamese_font_is_named() {
    let font = b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+VNI-Times /Encoding /WinAnsiEncoding >>".to_vec();
    let bytes = one_page(
        "<< /Font << /F1 5 0 R >> >>",
        b"BT /F1 12 Tf 72 700 Td (Ke\xe1 hoa\xefch) Tj ET",
        &[font],
    );
    assert_eq!(
        refused(&bytes),
        "its text is in a legacy VNI font (ABCDEF+VNI-Times), not Unicode: it would read as the wrong letters; convert the source document to Unicode (Unikey's converter, VNI → Unicode) and export the PDF or .docx again"
    );
    let tcvn =
        b"<< /Type /Font /Subtype /TrueType /BaseFont /.VnTime /Encoding /WinAnsiEncoding >>"
            .to_vec();
    let bytes = one_page(
        "<< /Font << /F1 5 0 R >> >>",
        b"BT /F1 12 Tf 72 700 Td (abc) Tj ET",
        &[tcvn],
    );
    assert!(refused(&bytes).contains("legacy TCVN3 font (.VnTime)"));
}

#[test]
fn text_decoded_to_a_legacy_encoding_is_named() {
    // A Unicode-named font whose text is TCVN3 bytes: "Kế hoạch" as
    // TCVN3 reads "KÕ ho¹ch" through WinAnsi.
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        .to_vec();
    let mut content = b"BT /F1 12 Tf 72 700 Td ".to_vec();
    for _ in 0..30 {
        content.extend(b"(K\xd5 ho\xb9ch t\xd5 \xb8) Tj 0 -14 Td ");
    }
    content.extend(b"ET");
    let bytes = one_page("<< /Font << /F1 5 0 R >> >>", &content, &[font]);
    let message = refused(&bytes);
    assert!(
        message.starts_with("page 1: its text reads as no Unicode Vietnamese"),
        "{message}"
    );
}

#[test]
fn too_many_pages_are_refused() {
    let pages = 301;
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages)
                .map(|i| format!("{} 0 R", i + 3))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
    ];
    for _ in 0..pages {
        objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec());
    }
    assert_eq!(
        refused(&pdf(&objects, "")),
        "has 301 pages, more than the 300 read; a plan's document is much shorter: take the plan's pages out"
    );
}

#[test]
fn a_stream_that_inflates_without_end_is_refused() {
    let bomb = deflate(&vec![b' '; 40 * 1024 * 1024]);
    assert!(bomb.len() < 100 * 1024);
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
    ];
    objects.push(stream("/Filter /FlateDecode", &bomb));
    assert_eq!(
        refused(&pdf(&objects, "")),
        "holds compressed data that inflates beyond 32 MiB: refused (a plan's document is much smaller)"
    );
}

#[test]
fn a_form_drawn_in_itself_is_refused() {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
        b"/X Do",
    );
    let bytes = one_page("<< /XObject << /X 5 0 R >> >>", b"/X Do", &[form]);
    assert_eq!(
        refused(&bytes),
        "page 1: objects nested more than 12 deep, or in themselves: refused"
    );
}

#[test]
fn an_enormous_image_is_refused() {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"",
    );
    let bytes = one_page(
        "<< /XObject << /I 5 0 R >> >>",
        b"q 595 0 0 842 0 0 cm /I Do Q",
        &[image],
    );
    assert_eq!(
        refused(&bytes),
        "holds an image of 100000×100000 pixels, more than 64 million: refused; scan it again at 300 dpi"
    );
}

#[test]
fn a_stream_in_another_file_is_never_read() {
    let external = stream("/F (/etc/passwd)", b"");
    let bytes = one_page("<< >>", b"", &[external]);
    assert_eq!(
        refused(&bytes),
        "holds a stream kept in another file (/F): castcal reads no file but this PDF; print it to a self-contained PDF"
    );
}

#[test]
fn a_pdf_that_is_not_one() {
    let message = refused(b"%PDF-1.4\nnothing else");
    assert!(message.starts_with("not a readable PDF ("), "{message}");
}

/// A folder holding links to the tools named, as PATH.
fn tools(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        let found = ["/usr/bin", "/usr/local/bin", "/bin"]
            .iter()
            .map(|d| Path::new(d).join(name))
            .find(|p| p.exists());
        if let Some(target) = found {
            std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
        }
    }
    dir
}

#[test]
fn a_scan_without_the_tools_names_the_package_to_install() {
    let scan =
        std::fs::read(root().join("tests/corpus/import/hai-phong-15-2023.scan.pdf")).unwrap();
    let none = tools(&[]);
    let (code, _, stderr) = import(&scan, Some(none.path()));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("has a scanned page, which needs pdftoppm to rasterise it: install the Debian package poppler-utils (apt-get install poppler-utils)"),
        "{stderr}"
    );
    let only_poppler = tools(&["pdftoppm"]);
    if only_poppler.path().join("pdftoppm").exists() {
        let (code, _, stderr) = import(&scan, Some(only_poppler.path()));
        assert_eq!(code, 2);
        assert!(
            stderr.contains("install the Debian packages tesseract-ocr and tesseract-ocr-vie (apt-get install tesseract-ocr tesseract-ocr-vie)"),
            "{stderr}"
        );
    } else {
        println!("skipped the second half: no pdftoppm here");
    }
}

#[test]
fn a_text_layer_pdf_says_where_at_its_page_and_line() {
    // The corpus's Lào Cai plan: its typist's slips named at their page
    // and line of the PDF.
    let bytes = std::fs::read(root().join("tests/corpus/import/lao-cai-35-2025.pdf")).unwrap();
    let (code, stdout, stderr) = import(&bytes, None);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("budget_vnd: 75000000"), "{stdout}");
    assert!(
        stderr.contains("plan.pdf:1:20: assumed: item 1: \"thứ Năn\": \"Năn\" read as \"năm\""),
        "{stderr}"
    );
    assert!(
        stdout.contains("# Mục 1 (trang 1, dòng 20)") || stdout.contains("(page 1, line 20)"),
        "{stdout}"
    );
}

#[test]
fn a_page_the_reader_chokes_on_is_named_without_a_panic() {
    // Text shown before any font is chosen: pdf-extract unwraps there.
    let bytes = one_page("<< >>", b"BT (abc) Tj ET", &[]);
    let (code, stdout, stderr) = import(&bytes, None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("plan.pdf: page 1: its content cannot be read (?): print it again to a PDF, or save it as .docx"),
        "{stderr}"
    );
}

#[test]
fn deep_nesting_is_refused_without_a_crash() {
    let deep = format!("<< /A {}1{} >>", "[".repeat(200_000), "]".repeat(200_000));
    let bytes = one_page("<< >>", b"", &[deep.into_bytes()]);
    let (code, _, stderr) = import(&bytes, None);
    assert!(code == 2 || code == 1, "{code} {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Corpus PDFs with bytes changed (a fixed sequence): every run ends with
/// 0, 1 or 2, says no panic, and within a bound.
#[test]
fn mutated_pdfs_never_panic() {
    let original = std::fs::read(root().join("tests/corpus/import/hue-512-2027.pdf")).unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for case in 0..40 {
        let mut bytes = original.clone();
        for _ in 0..(1 + case % 8) {
            let at = (next() as usize) % bytes.len();
            bytes[at] = (next() % 256) as u8;
        }
        let start = std::time::Instant::now();
        let (code, _, stderr) = import(&bytes, None);
        assert!((0..=2).contains(&code), "case {case}: {code} {stderr}");
        assert!(!stderr.contains("panicked"), "case {case}: {stderr}");
        assert!(start.elapsed().as_secs() < 20, "case {case}");
    }
}

#[test]
fn more_scanned_pages_than_ocr_reads_are_refused_before_any_is_read() {
    let pages = 41;
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages)
                .map(|i| format!("{} 0 R", i + 5))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
        stream(
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
            b"\x80",
        ),
        stream("", b"q 595 0 0 842 0 0 cm /I Do Q"),
    ];
    for _ in 0..pages {
        objects.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /I 3 0 R >> >> /Contents 4 0 R >>"
                .to_vec(),
        );
    }
    let start = std::time::Instant::now();
    assert_eq!(
        refused(&pdf(&objects, "")),
        "has 41 scanned pages, more than the 40 read by OCR: take the plan's pages out"
    );
    assert!(start.elapsed().as_secs() < 10);
}

#[test]
fn an_object_stream_that_inflates_without_end_is_refused_before_it_is_loaded() {
    // lopdf inflates object streams as it loads: 300 MiB of spaces.
    let bomb = deflate(&vec![b' '; 300 * 1024 * 1024]);
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &bomb),
    ];
    let start = std::time::Instant::now();
    assert_eq!(
        refused(&pdf(&objects, "")),
        "holds compressed data that inflates beyond 128 MiB: refused (a plan's document is much smaller)"
    );
    assert!(start.elapsed().as_secs() < 30);
}
