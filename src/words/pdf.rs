//! What `castcal import` says of a PDF: why it cannot be read, what to
//! install to read a scan, what OCR was unsure of. Vietnamese then English.

use super::{words, Lang};

words! {
    /// The fixed words of reading a PDF.
    pub struct Words {
        encrypted: &'static str =
            "là PDF được mã hóa (có mật khẩu): hãy mở bằng mật khẩu rồi in hoặc lưu ra một PDF không mã hóa, hoặc xuất ra .docx",
            "is an encrypted PDF (it has a password): open it with its password and print or save it to a PDF without one, or save it as .docx";
        external: &'static str =
            "có luồng dữ liệu nằm ở tệp khác (/F): castcal không đọc tệp nào ngoài tệp PDF này; hãy in ra một PDF trọn vẹn",
            "holds a stream kept in another file (/F): castcal reads no file but this PDF; print it to a self-contained PDF";
        /// A page read by OCR, said once at the page.
        ocr_page: &'static str =
            "trang không có lớp chữ (ảnh quét): đọc bằng OCR (Tesseract, tiếng Việt); mọi điều đọc được cần đối chiếu với bản gốc",
            "a page with no text layer (a scan): read by OCR (Tesseract, Vietnamese); check everything read against the original";
        no_pdftoppm: &'static str =
            "có trang là ảnh quét, cần pdftoppm để chuyển thành ảnh: hãy cài gói Debian poppler-utils (apt-get install poppler-utils)",
            "has a scanned page, which needs pdftoppm to rasterise it: install the Debian package poppler-utils (apt-get install poppler-utils)";
        no_tesseract: &'static str =
            "có trang là ảnh quét, cần Tesseract để đọc: hãy cài các gói Debian tesseract-ocr và tesseract-ocr-vie (apt-get install tesseract-ocr tesseract-ocr-vie)",
            "has a scanned page, which needs Tesseract to read it: install the Debian packages tesseract-ocr and tesseract-ocr-vie (apt-get install tesseract-ocr tesseract-ocr-vie)";
        no_vie: &'static str =
            "có trang là ảnh quét, Tesseract cần dữ liệu tiếng Việt: hãy cài gói Debian tesseract-ocr-vie (apt-get install tesseract-ocr-vie)",
            "has a scanned page, and Tesseract needs its Vietnamese data: install the Debian package tesseract-ocr-vie (apt-get install tesseract-ocr-vie)";
    }
}

/// The PDF cannot be parsed.
pub fn unreadable(lang: Lang, why: &str) -> String {
    let why = if why.is_empty() { "?" } else { why };
    match lang {
        Lang::Vi => format!("không đọc được tệp PDF ({why}): hãy in lại ra PDF hoặc xuất ra .docx"),
        Lang::En => {
            format!("not a readable PDF ({why}): print it again to a PDF, or save it as .docx")
        }
    }
}

/// A page whose content cannot be read.
pub fn unreadable_page(lang: Lang, page: u32, why: &str) -> String {
    let why = if why.is_empty() { "?" } else { why };
    match lang {
        Lang::Vi => format!("trang {page}: không đọc được nội dung ({why}): hãy in lại ra PDF hoặc xuất ra .docx"),
        Lang::En => format!("page {page}: its content cannot be read ({why}): print it again to a PDF, or save it as .docx"),
    }
}

/// More pages than read.
pub fn too_many_pages(lang: Lang, pages: usize, max: usize) -> String {
    match lang {
        Lang::Vi => format!("có {pages} trang, quá {max} trang đọc được; văn bản kế hoạch ngắn hơn nhiều: hãy tách phần kế hoạch ra"),
        Lang::En => format!("has {pages} pages, more than the {max} read; a plan's document is much shorter: take the plan's pages out"),
    }
}

/// More scanned pages than OCR reads.
pub fn too_many_scans(lang: Lang, pages: usize, max: usize) -> String {
    match lang {
        Lang::Vi => format!("có {pages} trang quét, quá {max} trang đọc bằng OCR: hãy tách riêng các trang của kế hoạch"),
        Lang::En => format!("has {pages} scanned pages, more than the {max} read by OCR: take the plan's pages out"),
    }
}

/// More glyphs than read.
pub fn too_many_glyphs(lang: Lang, max: usize) -> String {
    match lang {
        Lang::Vi => format!("có hơn {max} ký tự: quá dài cho một văn bản kế hoạch"),
        Lang::En => format!("holds more than {max} characters: too long for a plan's document"),
    }
}

/// Forms nested too deep, or in themselves.
pub fn nested(lang: Lang, page: u32, max: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "trang {page}: các đối tượng lồng nhau quá {max} tầng hoặc lồng vào chính nó: từ chối"
        ),
        Lang::En => {
            format!("page {page}: objects nested more than {max} deep, or in themselves: refused")
        }
    }
}

/// A stream that inflates beyond the limit.
pub fn inflates(lang: Lang, max: u64) -> String {
    let mib = max / 1024 / 1024;
    match lang {
        Lang::Vi => format!("có dữ liệu nén giải ra hơn {mib} MiB: từ chối (một văn bản kế hoạch nhỏ hơn nhiều)"),
        Lang::En => format!("holds compressed data that inflates beyond {mib} MiB: refused (a plan's document is much smaller)"),
    }
}

/// An image larger than read.
pub fn enormous_image(lang: Lang, width: u64, height: u64, max: u64) -> String {
    let mpx = max / 1024 / 1024;
    match lang {
        Lang::Vi => format!("có ảnh {width}×{height} điểm ảnh, quá {mpx} triệu điểm: từ chối; hãy quét lại ở 300 dpi"),
        Lang::En => format!("holds an image of {width}×{height} pixels, more than {mpx} million: refused; scan it again at 300 dpi"),
    }
}

/// Text in a legacy Vietnamese font.
pub fn legacy_font(lang: Lang, kind: &str, font: &str) -> String {
    match lang {
        Lang::Vi => format!("chữ dùng phông {kind} cũ ({font}), không phải Unicode: đọc ra sai chữ; hãy chuyển văn bản gốc sang Unicode (Unikey: Công cụ chuyển mã, {kind} → Unicode) rồi xuất lại PDF hoặc .docx"),
        Lang::En => format!("its text is in a legacy {kind} font ({font}), not Unicode: it would read as the wrong letters; convert the source document to Unicode (Unikey's converter, {kind} → Unicode) and export the PDF or .docx again"),
    }
}

/// Text that decodes to letters of a legacy encoding.
pub fn legacy_text(lang: Lang, page: u32, sample: &str) -> String {
    match lang {
        Lang::Vi => format!("trang {page}: chữ đọc ra không phải tiếng Việt Unicode (\"{sample}\"), có lẽ phông VNI hoặc TCVN3 cũ: hãy chuyển văn bản gốc sang Unicode (Unikey: Công cụ chuyển mã) rồi xuất lại PDF hoặc .docx"),
        Lang::En => format!("page {page}: its text reads as no Unicode Vietnamese (\"{sample}\"), likely a legacy VNI or TCVN3 font: convert the source document to Unicode (Unikey's converter) and export the PDF or .docx again"),
    }
}

/// A word OCR was unsure of.
pub fn unsure(lang: Lang, word: &str, confidence: u32) -> String {
    match lang {
        Lang::Vi => format!("OCR đọc \"{word}\" với độ tin cậy thấp ({confidence}%)"),
        Lang::En => format!("OCR read \"{word}\" with low confidence ({confidence}%)"),
    }
}

/// A tool stopped after running `seconds` on a scanned page.
pub fn tool_timeout(lang: Lang, tool: &str, seconds: u64) -> String {
    match lang {
        Lang::Vi => format!("{tool} chạy quá {seconds} giây trên một trang quét nên đã bị dừng; hãy quét lại trang đó rõ hơn (300 dpi) hoặc tách PDF thành tệp ít trang hơn"),
        Lang::En => format!("{tool} ran longer than {seconds} s on a scanned page and was stopped; scan that page again more cleanly (300 dpi) or split the PDF into files of fewer pages"),
    }
}

/// `pdftoppm` ran but gave no image of the page.
pub fn no_page_image(lang: Lang) -> String {
    match lang {
        Lang::Vi => "pdftoppm không cho ra ảnh của trang quét; hãy kiểm tra tệp PDF mở được bằng trình xem PDF, rồi thử lại hoặc gửi tệp .docx".into(),
        Lang::En => "pdftoppm gave no image of the scanned page; check that the PDF opens in a PDF viewer, then try again or give the .docx".into(),
    }
}

/// A tool that failed.
pub fn tool_failed(lang: Lang, tool: &str, why: &str) -> String {
    match lang {
        Lang::Vi => format!("{tool} không chạy được trên trang quét ({why})"),
        Lang::En => format!("{tool} failed on a scanned page ({why})"),
    }
}
