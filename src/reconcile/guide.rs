//! An as-run log as XMLTV (the XMLTV project's `xmltv.dtd`), as EPG and
//! playout tools export what aired: `<channel>`s, then one `<programme>`
//! per item with its `start`, `stop` and `channel`, a `<title>` and, from
//! castcal's own guide, `<episode-num system="castcal">` (the premiere's
//! UID).
//!
//! Read as it goes, one event at a time: a year of sixty channels is not
//! held in memory, only each programme's start, length, title (each title
//! once) and line.

use std::io::{self, BufRead, Read};

use chrono::{FixedOffset, NaiveDateTime, TimeZone};
use quick_xml::events::{BytesStart, Event};

use super::{decode, Airing, Sink, MAX_LOG_BYTES, NO_LENGTH};
use crate::error::Error;
use crate::words::reconcile as said;
use crate::words::Lang;

/// Where the text being read goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Nothing,
    ChannelName,
    Title,
    Episode,
}

/// The programme being read.
#[derive(Debug, Default)]
struct Programme {
    line: usize,
    column: usize,
    start: Option<String>,
    stop: Option<String>,
    channel: Option<String>,
    title: Option<String>,
    /// Whether the `episode-num` being read is castcal's.
    castcal_episode: bool,
    episode: String,
    uid: Option<String>,
}

/// Reads the XMLTV log at `sink.path` into `sink`.
///
/// # Errors
/// The file cannot be read; it is not XML, or not XMLTV; a programme
/// without `start` or `channel`, or with a time that is not XMLTV's, at its
/// line and column.
pub(crate) fn read(sink: &mut Sink) -> Result<(), Error> {
    let lang = sink.lang;
    let path = sink.path;
    let input = decode::open(path, MAX_LOG_BYTES, lang)?;
    let mut reader = quick_xml::Reader::from_reader(Lines::new(input));
    reader.config_mut().trim_text(false);
    let at = |line: usize, column: usize, message: String| Error::Evidence {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let mut buf = Vec::with_capacity(1 << 12);
    let mut rooted = false;
    let mut capture = Capture::Nothing;
    let mut text = String::new();
    let mut programme: Option<Programme> = None;
    let mut channel: Option<usize> = None;
    // The channel of the programme before, and its index: programmes of a
    // channel usually follow each other.
    let mut last: Option<(String, u16)> = None;
    loop {
        let (line, column) = reader.get_ref().position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                if let quick_xml::Error::Io(io) = &e {
                    if io.kind() == io::ErrorKind::InvalidData {
                        return Err(at(line, column, said::not_text(lang)));
                    }
                }
                return Err(at(line, column, said::bad_xml(lang, e)));
            }
        };
        let bad_xml = |e: &dyn std::fmt::Display| at(line, column, said::bad_xml(lang, e));
        let decoder = reader.decoder();
        match event {
            Event::Eof => break,
            Event::Decl(d) => {
                if let Some(Ok(encoding)) = d.encoding() {
                    let name = String::from_utf8_lossy(&encoding).to_ascii_lowercase();
                    if !matches!(name.as_str(), "utf-8" | "utf8" | "utf-16" | "utf16") {
                        return Err(at(line, column, said::xml_encoding(lang, &name)));
                    }
                }
            }
            Event::Start(e) | Event::Empty(e) if !rooted => {
                let name = e.local_name();
                if name.as_ref() != b"tv" {
                    let root = String::from_utf8_lossy(name.as_ref()).into_owned();
                    return Err(at(line, column, said::not_xmltv(lang, &root)));
                }
                rooted = true;
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"channel" => {
                    let id = attribute(&e, b"id", decoder).map_err(|e| bad_xml(&e))?;
                    channel = Some(usize::from(sink.channel(id.as_deref().unwrap_or(""))));
                }
                b"display-name" if channel.is_some() => {
                    capture = Capture::ChannelName;
                    text.clear();
                }
                b"programme" => {
                    programme = Some(Programme {
                        line,
                        column,
                        start: attribute(&e, b"start", decoder).map_err(|e| bad_xml(&e))?,
                        stop: attribute(&e, b"stop", decoder).map_err(|e| bad_xml(&e))?,
                        channel: attribute(&e, b"channel", decoder).map_err(|e| bad_xml(&e))?,
                        ..Programme::default()
                    });
                }
                b"title" if programme.as_ref().is_some_and(|p| p.title.is_none()) => {
                    capture = Capture::Title;
                    text.clear();
                }
                b"episode-num" if programme.is_some() => {
                    let system = attribute(&e, b"system", decoder).map_err(|e| bad_xml(&e))?;
                    if let Some(p) = programme.as_mut() {
                        p.castcal_episode = system.as_deref() == Some("castcal");
                        p.episode.clear();
                    }
                    capture = Capture::Episode;
                    text.clear();
                }
                _ => {}
            },
            Event::Text(t) if capture != Capture::Nothing => {
                text.push_str(&t.decode().map_err(|e| bad_xml(&e))?);
            }
            Event::CData(t) if capture != Capture::Nothing => {
                text.push_str(&t.decode().map_err(|e| bad_xml(&e))?);
            }
            Event::GeneralRef(r) if capture != Capture::Nothing => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| bad_xml(&e))? {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| bad_xml(&e))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => return Err(bad_xml(&format!("unknown entity &{name};"))),
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"channel" => channel = None,
                b"display-name" if capture == Capture::ChannelName => {
                    capture = Capture::Nothing;
                    if let Some(c) = channel.and_then(|i| sink.channels.get_mut(i)) {
                        c.names.push(text.trim().to_string());
                    }
                }
                b"title" if capture == Capture::Title => {
                    capture = Capture::Nothing;
                    if let Some(p) = programme.as_mut() {
                        p.title = Some(one_line(&text));
                    }
                }
                b"episode-num" if capture == Capture::Episode => {
                    capture = Capture::Nothing;
                    if let Some(p) = programme.as_mut() {
                        let episode = text.trim();
                        if p.uid.is_none() && (p.castcal_episode || episode.ends_with("@castcal")) {
                            p.uid = Some(episode.to_string());
                        }
                    }
                }
                b"programme" => {
                    if let Some(p) = programme.take() {
                        let airing = airing(sink, &mut last, p, lang)?;
                        sink.push(airing)?;
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    if !rooted {
        return Err(at(1, 1, said::not_xmltv(lang, "")));
    }
    Ok(())
}

/// The programme as an airing.
fn airing(
    sink: &mut Sink,
    last: &mut Option<(String, u16)>,
    p: Programme,
    lang: Lang,
) -> Result<Airing, Error> {
    let at = |message: String| Error::Evidence {
        path: sink.path.to_path_buf(),
        line: p.line,
        column: p.column,
        message,
    };
    let start = p
        .start
        .as_deref()
        .ok_or_else(|| at(said::missing_attribute(lang, "start")))?;
    let start = time(start).ok_or_else(|| at(said::bad_xmltv_time(lang, start)))?;
    let channel = p
        .channel
        .as_deref()
        .ok_or_else(|| at(said::missing_attribute(lang, "channel")))?;
    let length = match p.stop.as_deref() {
        Some(stop) => {
            let stop = time(stop).ok_or_else(|| at(said::bad_xmltv_time(lang, stop)))?;
            u32::try_from((stop - start).max(0)).unwrap_or(NO_LENGTH - 1)
        }
        None => NO_LENGTH,
    };
    let outlet = match last {
        Some((id, i)) if id == channel => *i,
        _ => {
            let i = sink.channel(channel);
            *last = Some((channel.to_string(), i));
            i
        }
    };
    let (uid_from, uid_to) = p.uid.as_deref().map_or((0, 0), |u| sink.keys.find(u, true));
    Ok(Airing {
        start,
        length,
        outlet,
        file: sink.file,
        title: sink.titles.intern(p.title.as_deref().unwrap_or("")),
        line: u32::try_from(p.line).unwrap_or(u32::MAX),
        uid_from,
        uid_to,
    })
}

/// An attribute's value, unescaped.
fn attribute(
    e: &BytesStart,
    name: &[u8],
    decoder: quick_xml::encoding::Decoder,
) -> Result<Option<String>, quick_xml::Error> {
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        if a.key.local_name().as_ref() == name {
            return Ok(Some(a.decode_and_unescape_value(decoder)?.into_owned()));
        }
    }
    Ok(None)
}

/// XMLTV's texts are one line: runs of white space as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An XMLTV time, in seconds since the epoch: `YYYYMMDDhhmm[ss]`, then an
/// offset (`+0700`, `-0500`, `+07:00`, `Z`, `UTC`, `GMT`) or none, which
/// the DTD says is UTC.
///
/// ```text
/// 20230118174500 +0700   2023-01-18T10:45:00Z
/// ```
pub(crate) fn time(value: &str) -> Option<i64> {
    let value = value.trim();
    let digits_end = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let (digits, zone) = (value.get(..digits_end)?, value.get(digits_end..)?.trim());
    let wall = match digits.len() {
        12 => NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M").ok()?,
        14 => NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M%S").ok()?,
        _ => return None,
    };
    let offset = match zone {
        "" | "Z" | "UTC" | "GMT" | "+0000" | "-0000" => 0,
        _ => {
            let sign = match zone.chars().next()? {
                '+' => 1,
                '-' => -1,
                _ => return None,
            };
            let hhmm: String = zone.chars().skip(1).filter(|c| *c != ':').collect();
            if hhmm.len() != 4 || !hhmm.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let h: i32 = hhmm.get(..2)?.parse().ok()?;
            let m: i32 = hhmm.get(2..)?.parse().ok()?;
            if h > 14 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let offset = FixedOffset::east_opt(offset)?;
    Some(offset.from_local_datetime(&wall).single()?.timestamp())
}

/// A reader that counts the lines of what is consumed, so that an element
/// can be found by its line and column (counted in bytes).
struct Lines<R> {
    inner: R,
    /// The line being read, from 1.
    line: usize,
    /// The offset of its first byte.
    line_start: u64,
    /// The offset of the next byte.
    offset: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            line: 1,
            line_start: 0,
            offset: 0,
        }
    }

    /// The line and column of the next byte.
    fn position(&self) -> (usize, usize) {
        let column = self.offset.saturating_sub(self.line_start) + 1;
        (self.line, usize::try_from(column).unwrap_or(usize::MAX))
    }

    /// Moves past `n` bytes of which `newlines` are line ends, the last at `last`.
    fn advance(&mut self, n: usize, newlines: usize, last: Option<usize>) {
        if let Some(last) = last {
            self.line += newlines;
            self.line_start = self.offset + last as u64 + 1;
        }
        self.offset += n as u64;
    }
}

/// How many line ends `bytes` holds, and where the last one is.
fn line_ends(bytes: &[u8]) -> (usize, Option<usize>) {
    let newlines = bytes.iter().filter(|b| **b == b'\n').count();
    let last = if newlines > 0 {
        bytes.iter().rposition(|b| *b == b'\n')
    } else {
        None
    };
    (newlines, last)
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let (newlines, last) = line_ends(buf.get(..n).unwrap_or_default());
        self.advance(n, newlines, last);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        let (n, newlines, last) = match self.inner.fill_buf() {
            Ok(buf) => {
                let part = buf.get(..amount).unwrap_or(buf);
                let (newlines, last) = line_ends(part);
                (part.len(), newlines, last)
            }
            Err(_) => (0, 0, None),
        };
        self.advance(n, newlines, last);
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmltv_times_with_and_without_offsets() {
        let utc = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| t.timestamp())
        };
        let cases = [
            ("20230118174500 +0700", "2023-01-18T10:45:00Z"),
            ("202301181745 +0700", "2023-01-18T10:45:00Z"),
            ("20230118174500 +07:00", "2023-01-18T10:45:00Z"),
            ("20230118104500", "2023-01-18T10:45:00Z"),
            ("20230118104500 UTC", "2023-01-18T10:45:00Z"),
            ("20230118054500 -0500", "2023-01-18T10:45:00Z"),
        ];
        for (value, want) in cases {
            assert_eq!(time(value), utc(want), "{value}");
        }
        for bad in [
            "2023-01-18",
            "20230118",
            "20230118174500 BST",
            "20231318174500",
            "20230118174500 +2500",
        ] {
            assert_eq!(time(bad), None, "{bad}");
        }
    }

    #[test]
    fn lines_are_counted_as_consumed() {
        let text = "a\nbc\n\ndef";
        let mut lines = Lines::new(io::BufReader::with_capacity(3, text.as_bytes()));
        let mut seen = Vec::new();
        loop {
            seen.push(lines.position());
            let n = lines.fill_buf().map(|b| b.len().min(2)).unwrap_or(0);
            if n == 0 {
                break;
            }
            lines.consume(n);
        }
        assert_eq!(seen.last(), Some(&(4, 4)));
        assert!(seen.contains(&(2, 2)), "{seen:?}");
    }
}
