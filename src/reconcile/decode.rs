//! Opening an evidence file: a regular file only (a named pipe is refused
//! before anything waits on it), at most so many bytes, in the encodings
//! stations export: UTF-8 with or without a byte-order mark, UTF-16 little-
//! or big-endian (with a byte-order mark, or told by its NUL bytes).
//!
//! What comes out is UTF-8, read as it goes: a log of a year of sixty
//! channels (some 400 MB of XMLTV) is never held whole in memory.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::error::Error;
use crate::words::reconcile::{self as said, Words};
use crate::words::Lang;

/// How a file's text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// The bytes of a buffer read ahead, to tell the encoding (and to sniff XML).
const SNIFF: usize = 512;

/// Opens the regular file at `path` for reading, at most `cap` bytes, as
/// UTF-8 text (a byte-order mark dropped, UTF-16 turned into UTF-8 as it is
/// read), line ends left as they are.
///
/// # Errors
/// [`Error::Read`] when the file cannot be opened; [`Error::Input`] when it
/// is no regular file or is larger than `cap`.
pub(crate) fn open(path: &Path, cap: u64, lang: Lang) -> Result<Box<dyn BufRead>, Error> {
    let read = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    // Checked through symbolic links before opening (a pipe or a device is
    // never opened), and what was opened checked again.
    let (file, _) = open_regular(path, cap, lang)?;
    let mut reader = BufReader::with_capacity(1 << 16, file.take(cap));
    let head = reader.fill_buf().map_err(read)?;
    let (encoding, bom) = encoding_of(head);
    reader.consume(bom);
    Ok(match encoding {
        Encoding::Utf8 => Box::new(reader),
        wide => Box::new(BufReader::with_capacity(1 << 16, Utf16::new(reader, wide))),
    })
}

/// A regular file's size and its text's encoding and byte-order mark, to
/// read it in parts.
///
/// # Errors
/// As [`open`].
pub(crate) fn sniff(path: &Path, cap: u64, lang: Lang) -> Result<(u64, Encoding, usize), Error> {
    let read = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let (file, len) = open_regular(path, cap, lang)?;
    let mut head = Vec::with_capacity(SNIFF);
    file.take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(read)?;
    let (encoding, bom) = encoding_of(&head);
    Ok((len, encoding, bom))
}

/// The bytes `from..to` of the regular file at `path`, as they are
/// (for UTF-8 text read in parts, its parts cut at line starts).
///
/// # Errors
/// As [`open`].
pub(crate) fn open_range(
    path: &Path,
    cap: u64,
    from: u64,
    to: u64,
    lang: Lang,
) -> Result<impl BufRead, Error> {
    use std::io::{Seek, SeekFrom};
    let (mut file, _) = open_regular(path, cap, lang)?;
    file.seek(SeekFrom::Start(from))
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(BufReader::with_capacity(
        1 << 16,
        file.take(to.saturating_sub(from)),
    ))
}

/// Opens the regular file at `path`, at most `cap` bytes long, never
/// waiting on a pipe; its length.
fn open_regular(path: &Path, cap: u64, lang: Lang) -> Result<(File, u64), Error> {
    let read = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(read)?;
    check_regular(path, &meta, lang)?;
    if meta.len() > cap {
        return Err(too_large(path, cap, lang));
    }
    let file = open_nonblocking(path).map_err(read)?;
    let meta = file.metadata().map_err(read)?;
    check_regular(path, &meta, lang)?;
    Ok((file, meta.len()))
}

/// Reads the whole text of `path` (see [`open`]) into a string.
///
/// # Errors
/// As [`open`]; [`Error::Evidence`] at the line and column of the first
/// byte that is not UTF-8.
pub(crate) fn read_to_string(path: &Path, cap: u64, lang: Lang) -> Result<String, Error> {
    let mut reader = open(path, cap, lang)?;
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| match e.kind() {
        io::ErrorKind::InvalidData => Error::input(path, said::not_text(lang)),
        _ => Error::Read {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let before = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::Evidence {
            path: path.to_path_buf(),
            line,
            column,
            message: said::not_text(lang),
        }
    })
}

/// The encoding of a text that starts with `head`, and the length of its
/// byte-order mark.
pub(crate) fn encoding_of(head: &[u8]) -> (Encoding, usize) {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => return (Encoding::Utf8, 3),
        [0xFF, 0xFE, ..] => return (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => return (Encoding::Utf16Be, 2),
        _ => {}
    }
    // Without a mark: UTF-16 of mostly ASCII text has a NUL in every other byte.
    let head = head.get(..SNIFF).unwrap_or(head);
    let zeros = |offset: usize| {
        head.iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    if pairs >= 2 && zeros(1) * 2 >= pairs && zeros(0) == 0 {
        (Encoding::Utf16Le, 0)
    } else if pairs >= 2 && zeros(0) * 2 >= pairs && zeros(1) == 0 {
        (Encoding::Utf16Be, 0)
    } else {
        (Encoding::Utf8, 0)
    }
}

fn check_regular(path: &Path, meta: &fs::Metadata, lang: Lang) -> Result<(), Error> {
    if meta.is_file() {
        return Ok(());
    }
    let words = Words::of(lang);
    let kind = meta.file_type();
    let what = if kind.is_dir() {
        words.a_folder
    } else {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            words.a_pipe
        } else if kind.is_char_device() || kind.is_block_device() {
            words.a_device
        } else if kind.is_socket() {
            words.a_socket
        } else {
            words.something_else
        }
    };
    Err(Error::input(path, said::not_regular(lang, what)))
}

fn too_large(path: &Path, cap: u64, lang: Lang) -> Error {
    Error::input(path, said::too_large(lang, cap / (1024 * 1024)))
}

/// Opens `path` for reading without waiting on a named pipe.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(File::from(fd))
}

/// UTF-16 read as UTF-8, as it goes. A lone surrogate is an
/// [`io::ErrorKind::InvalidData`] error.
struct Utf16<R> {
    inner: R,
    big_endian: bool,
    /// A byte of a code unit whose other byte is not read yet.
    odd: Option<u8>,
    /// A high surrogate waiting for its low one.
    high: Option<u16>,
    /// UTF-8 bytes decoded and not yet given out.
    out: Vec<u8>,
    given: usize,
}

impl<R: Read> Utf16<R> {
    fn new(inner: R, encoding: Encoding) -> Self {
        Utf16 {
            inner,
            big_endian: encoding == Encoding::Utf16Be,
            odd: None,
            high: None,
            out: Vec::new(),
            given: 0,
        }
    }

    fn unit(&self, a: u8, b: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([a, b])
        } else {
            u16::from_le_bytes([a, b])
        }
    }

    fn push(&mut self, unit: u16) -> io::Result<()> {
        let invalid = || io::Error::new(io::ErrorKind::InvalidData, "a lone UTF-16 surrogate");
        let c = match (self.high.take(), unit) {
            (None, 0xD800..=0xDBFF) => {
                self.high = Some(unit);
                return Ok(());
            }
            (None, 0xDC00..=0xDFFF) => return Err(invalid()),
            (None, u) => char::from_u32(u32::from(u)).ok_or_else(invalid)?,
            (Some(h), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                char::from_u32(c).ok_or_else(invalid)?
            }
            (Some(_), _) => return Err(invalid()),
        };
        let mut buf = [0; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    /// Decodes the next chunk; false at the end of the input.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.given = 0;
        let mut raw = [0u8; 1 << 14];
        loop {
            let n = self.inner.read(&mut raw)?;
            if n == 0 {
                if self.odd.is_some() || self.high.is_some() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "UTF-16 text cut in the middle of a character",
                    ));
                }
                return Ok(false);
            }
            let mut bytes = raw.get(..n).unwrap_or_default().iter().copied();
            if let Some(a) = self.odd.take() {
                if let Some(b) = bytes.next() {
                    let unit = self.unit(a, b);
                    self.push(unit)?;
                }
            }
            loop {
                match (bytes.next(), bytes.next()) {
                    (Some(a), Some(b)) => {
                        let unit = self.unit(a, b);
                        self.push(unit)?;
                    }
                    (Some(a), None) => {
                        self.odd = Some(a);
                        break;
                    }
                    _ => break,
                }
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.given >= self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let rest = self.out.get(self.given..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.given += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> io::Result<String> {
        let (encoding, bom) = encoding_of(bytes);
        let rest = bytes.get(bom..).unwrap_or_default();
        let mut out = String::new();
        match encoding {
            Encoding::Utf8 => out.push_str(&String::from_utf8_lossy(rest)),
            wide => {
                Utf16::new(rest, wide).read_to_string(&mut out)?;
            }
        }
        Ok(out)
    }

    fn utf16(text: &str, big: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
        }
        for unit in text.encode_utf16() {
            out.extend(if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    /// Every encoding a station's export uses gives the same text.
    #[test]
    fn stations_encodings_are_read_alike() {
        let text = "Ngày;Giờ;Tên chương trình\r\n18/01/2023;17:45;Cải cách hành chính 🎬\r\n";
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(text.as_bytes());
        let cases = [
            text.as_bytes().to_vec(),
            bom8,
            utf16(text, false, true),
            utf16(text, true, true),
            utf16(text, false, false),
            utf16(text, true, false),
        ];
        for bytes in cases {
            assert_eq!(decoded(&bytes).ok().as_deref(), Some(text), "{bytes:?}");
        }
    }

    /// Chunks that end inside a code unit or a surrogate pair are joined.
    #[test]
    fn utf16_split_anywhere_is_read_whole() {
        let text = "a🎬b".repeat(5000);
        let bytes = utf16(&text, false, false);
        let mut out = String::new();
        let chunked = bytes.chunks(3).flatten().copied().collect::<Vec<u8>>();
        Utf16::new(io::Cursor::new(chunked), Encoding::Utf16Le)
            .read_to_string(&mut out)
            .ok();
        assert_eq!(out, text);
        let lone = [0x00, 0xD8, 0x41, 0x00];
        let mut sink = String::new();
        let e = Utf16::new(&lone[..], Encoding::Utf16Le).read_to_string(&mut sink);
        assert_eq!(e.map_err(|e| e.kind()), Err(io::ErrorKind::InvalidData));
    }

    #[test]
    fn pipes_and_folders_are_refused_without_waiting() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        let fifo = dir.path().join("asrun.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        let message = |p: &Path| open(p, 1 << 20, Lang::En).err().map(|e| e.message());
        assert_eq!(
            message(&fifo).as_deref(),
            Some(format!("{}: it is a named pipe, not a regular file", fifo.display()).as_str())
        );
        assert_eq!(
            message(dir.path()),
            Some(format!(
                "{}: it is a folder, not a regular file",
                dir.path().display()
            ))
        );
        let big = dir.path().join("big.csv");
        assert!(fs::write(&big, vec![b'a'; 2 << 20]).is_ok());
        assert_eq!(
            message(&big),
            Some(format!(
                "{}: it is larger than 1 MiB; castcal reads files of at most 1 MiB",
                big.display()
            ))
        );
    }
}
