//! A PDF looked over before it is read: loaded by `lopdf` with every panic
//! caught, then refused with its name when it is encrypted, has too many
//! pages, forms nested too deep or in a loop, a stream that inflates beyond
//! the limits, an enormous image, a stream kept in another file, or text
//! in a legacy Vietnamese font. Images are emptied once measured, so that
//! the text reader never decodes them (a scanned page is rasterised by
//! `pdftoppm` instead).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

use super::MAX_PAGES;
use crate::words::pdf as say;
use crate::words::Lang;

/// The most a stream may inflate to.
pub const MAX_STREAM_BYTES: u64 = 32 * 1024 * 1024;
/// The most all streams together may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// The most pixels an image may have.
pub const MAX_IMAGE_PIXELS: u64 = 64 * 1024 * 1024;
/// How deep forms may be nested in forms.
pub const MAX_NESTING: usize = 12;

/// A PDF loaded and looked over.
pub(super) struct Loaded {
    pub doc: Document,
    /// Each page's images: their sizes in pixels.
    pub images: BTreeMap<u32, Vec<(u64, u64)>>,
}

/// Loads and looks over a PDF.
pub(super) fn load(bytes: &[u8], lang: Lang) -> Result<Loaded, String> {
    // `lopdf` inflates object and cross-reference streams as it loads:
    // every compressed stream is measured first, in the raw bytes.
    raw_streams(bytes, lang)?;
    let loaded = std::panic::catch_unwind(|| Document::load_mem(bytes));
    let mut doc = match loaded {
        Ok(Ok(doc)) => doc,
        _ if contains(bytes, b"/Encrypt") => return Err(say::Words::of(lang).encrypted.into()),
        Ok(Err(e)) => return Err(say::unreadable(lang, &e.to_string())),
        Err(_) => return Err(say::unreadable(lang, "")),
    };
    if doc.is_encrypted() {
        return Err(say::Words::of(lang).encrypted.into());
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(say::too_many_pages(lang, pages.len(), MAX_PAGES));
    }
    streams(&mut doc, lang)?;
    let mut images = BTreeMap::new();
    for (number, id) in &pages {
        let mut found = Vec::new();
        if let Ok((own, inherited)) = doc.get_page_resources(*id) {
            let mut dicts: Vec<&Dictionary> = own.into_iter().collect();
            dicts.extend(inherited.iter().filter_map(|r| doc.get_dictionary(*r).ok()));
            for resources in dicts {
                walk(&doc, resources, 0, &mut Vec::new(), &mut found)
                    .map_err(|()| say::nested(lang, *number, MAX_NESTING))?;
            }
        }
        images.insert(*number, found);
        legacy_fonts(&doc, *id, lang)?;
    }
    Ok(Loaded { doc, images })
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Every stream measured: images emptied (their size kept in their
/// dictionary), compressed streams inflated up to the limits, streams
/// kept in other files refused.
fn streams(doc: &mut Document, lang: Lang) -> Result<(), String> {
    let mut total: u64 = 0;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"F") || stream.dict.has(b"FFilter") {
            return Err(say::Words::of(lang).external.into());
        }
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        if is_image {
            let side = |key: &[u8]| {
                stream
                    .dict
                    .get(key)
                    .and_then(Object::as_i64)
                    .ok()
                    .and_then(|v| u64::try_from(v).ok())
                    .unwrap_or(0)
            };
            let pixels = side(b"Width").saturating_mul(side(b"Height"));
            if pixels > MAX_IMAGE_PIXELS {
                return Err(say::enormous_image(
                    lang,
                    side(b"Width"),
                    side(b"Height"),
                    MAX_IMAGE_PIXELS,
                ));
            }
            stream.content.clear();
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            continue;
        }
        let filters: Vec<Vec<u8>> = stream
            .filters()
            .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
            .unwrap_or_default();
        let size = match filters.first().map(Vec::as_slice) {
            None => stream.content.len() as u64,
            Some(b"FlateDecode") | Some(b"Fl") if filters.len() == 1 => {
                inflated(&stream.content, MAX_STREAM_BYTES + 1)
            }
            // Other filters (LZW, run length, several): only when small.
            Some(_) if stream.content.len() <= 64 * 1024 => stream.content.len() as u64 * 64,
            Some(_) => MAX_STREAM_BYTES + 1,
        };
        if size > MAX_STREAM_BYTES {
            return Err(say::inflates(lang, MAX_STREAM_BYTES));
        }
        total = total.saturating_add(size);
        if total > MAX_INFLATED_BYTES {
            return Err(say::inflates(lang, MAX_INFLATED_BYTES));
        }
    }
    Ok(())
}

/// The most one stream of the raw file may inflate to (an image of a
/// scan, uncompressed, may be large; images are never inflated here).
pub const MAX_RAW_STREAM_BYTES: u64 = 128 * 1024 * 1024;

/// Every zlib stream of the raw file (after each `stream` keyword) measured
/// before anything is parsed: none beyond [`MAX_RAW_STREAM_BYTES`], all
/// together within [`MAX_INFLATED_BYTES`].
fn raw_streams(bytes: &[u8], lang: Lang) -> Result<(), String> {
    let mut total: u64 = 0;
    let mut at = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| rest.windows(6).position(|w| w == b"stream"))
    {
        let keyword = at + found;
        at = keyword + 6;
        if keyword >= 3 && bytes.get(keyword - 3..keyword) == Some(b"end") {
            continue;
        }
        let mut start = at;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) != Some(&b'\n') {
            continue;
        }
        let data = bytes.get(start + 1..).unwrap_or_default();
        let size = inflated(data, MAX_RAW_STREAM_BYTES + 1);
        if size > MAX_RAW_STREAM_BYTES {
            return Err(say::inflates(lang, MAX_RAW_STREAM_BYTES));
        }
        total = total.saturating_add(size);
        if total > MAX_INFLATED_BYTES {
            return Err(say::inflates(lang, MAX_INFLATED_BYTES));
        }
    }
    Ok(())
}

/// How many bytes a zlib stream inflates to, counted up to `limit`.
fn inflated(raw: &[u8], limit: u64) -> u64 {
    let mut sink = std::io::sink();
    let mut reader = flate2::read::ZlibDecoder::new(raw).take(limit);
    std::io::copy(&mut reader, &mut sink).unwrap_or(0)
}

/// The forms and images a resource dictionary names, walked: images'
/// sizes collected, forms followed into their own resources. A form in
/// itself, or forms deeper than [`MAX_NESTING`], is an error.
fn walk(
    doc: &Document,
    resources: &Dictionary,
    depth: usize,
    path: &mut Vec<ObjectId>,
    images: &mut Vec<(u64, u64)>,
) -> Result<(), ()> {
    if depth > MAX_NESTING {
        return Err(());
    }
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| resolve(doc, o).as_dict().ok())
    else {
        return Ok(());
    };
    let ids: BTreeSet<ObjectId> = xobjects
        .iter()
        .filter_map(|(_, v)| v.as_reference().ok())
        .collect();
    for id in ids {
        if path.contains(&id) {
            return Err(());
        }
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok();
        match subtype {
            Some(b"Image") => {
                let side = |key: &[u8]| {
                    stream
                        .dict
                        .get(key)
                        .and_then(Object::as_i64)
                        .ok()
                        .and_then(|v| u64::try_from(v).ok())
                        .unwrap_or(0)
                };
                images.push((side(b"Width"), side(b"Height")));
            }
            Some(b"Form") => {
                path.push(id);
                let own = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| resolve(doc, o).as_dict().ok());
                // A form without resources uses its page's: it may name itself.
                walk(doc, own.unwrap_or(resources), depth + 1, path, images)?;
                path.pop();
            }
            _ => {}
        }
    }
    Ok(())
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// Text in a legacy Vietnamese font (VNI, TCVN3/ABC) decodes to the wrong
/// letters: refused, with the font's name and what to do.
fn legacy_fonts(doc: &Document, page: ObjectId, lang: Lang) -> Result<(), String> {
    let Ok(fonts) = doc.get_page_fonts(page) else {
        return Ok(());
    };
    for font in fonts.values() {
        let Ok(name) = font.get(b"BaseFont").and_then(Object::as_name) else {
            continue;
        };
        let name = String::from_utf8_lossy(name);
        if let Some(kind) = legacy_kind(&name) {
            return Err(say::legacy_font(lang, kind, &name));
        }
    }
    Ok(())
}

/// `VNI` for `VNI-Times`, `TCVN3` for `.VnTime`, `VnArialH`.
pub(super) fn legacy_kind(font: &str) -> Option<&'static str> {
    let name = font.split_once('+').map_or(font, |(_, n)| n);
    let name = name.trim_start_matches('.');
    let upper = name.to_uppercase();
    if upper.starts_with("VNI-") || upper.starts_with("VNI_") || upper.starts_with("VNI ") {
        return Some("VNI");
    }
    let mut chars = name.chars();
    let vn = chars.next() == Some('V') && chars.next() == Some('n');
    if vn && chars.next().is_some_and(|c| c.is_ascii_uppercase()) {
        return Some("TCVN3");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_fonts_by_name() {
        assert_eq!(legacy_kind("ABCDEF+VNI-Times"), Some("VNI"));
        assert_eq!(legacy_kind(".VnTime"), Some("TCVN3"));
        assert_eq!(legacy_kind("XYZABC+.VnArialH"), Some("TCVN3"));
        assert_eq!(legacy_kind("TimesNewRomanPSMT"), None);
        assert_eq!(legacy_kind("Vni"), None);
        assert_eq!(legacy_kind("Verdana"), None);
    }

    #[test]
    fn a_compressed_stream_is_measured_without_being_kept() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![0u8; 10 * 1024 * 1024]).unwrap();
        let raw = z.finish().unwrap();
        assert!(raw.len() < 64 * 1024);
        assert_eq!(inflated(&raw, 1024 * 1024 + 1), 1024 * 1024 + 1);
        assert_eq!(inflated(&raw, u64::MAX), 10 * 1024 * 1024);
    }
}
